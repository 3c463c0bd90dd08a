"""Property tests of the leak detector: valid numbers and marks, spelled in every way the
character families allow, inside random Chinese text, are found with the right kind, mask
and position, and the pre-filter lets every one of them through; numbers labelled as serial
numbers are never reported as cards.

The numbers are built by their own rules (``tests/core/leaks.py``); the spellings draw on the
detector's own families (``gongbao.core.scan.characters``) so that a character added there
is tested here. ``derandomize=True`` and no example database: every run draws the same
examples, so a failure reproduces with the same command.
"""

from __future__ import annotations

import html
import html.entities
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongbao.core.scan.characters import DASHES, DOTS, INVISIBLES, SPACES, STARS
from gongbao.core.scan.sensitive import (
    KIND_BANK_CARD,
    KIND_CLASSIFICATION,
    KIND_ID_CARD,
    KIND_MOBILE,
    may_hold_hits,
    scan_text,
)
from tests.core.leaks import PROVINCES, make_card, make_id, make_old_id

_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Surrounding text: Chinese words and punctuation that hold no digit, letter, separator,
# label or mark character, so that the number stands alone.
_PROSE = st.text(
    st.sampled_from(
        list("关于印发政务公开工作要点的通知市政府办公室各县区请认真贯彻执行，。；：（）！、\n")
    )
)

_NAMED = {
    value: name
    for name, value in sorted(html.entities.html5.items(), reverse=True)
    if name.endswith(";") and len(value) == 1
}
_VISIBLE = SPACES + DASHES + DOTS


# --- Numbers ---------------------------------------------------------------------------------

_AREAS = st.builds(
    "{:02d}{:02d}{:02d}".format,
    st.sampled_from(PROVINCES),
    st.integers(1, 99),
    st.integers(0, 99),
)
_SEQ = st.integers(0, 999).map("{:03d}".format)
_ID18 = st.builds(
    lambda area, born, seq: make_id(area, born.strftime("%Y%m%d"), seq),
    _AREAS,
    st.dates(date(1900, 1, 1), date.today()),
    _SEQ,
)
_ID15 = st.builds(
    lambda area, born, seq: make_old_id(area, born.strftime("%y%m%d"), seq),
    _AREAS,
    st.dates(date(1900, 1, 1), date(1999, 12, 31)),
    _SEQ,
)
_MOBILE = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)
# Issuer numbers of the cards in use in China: UnionPay, Visa, Mastercard (both ranges),
# JCB, American Express, Discover, and the banks' own 955xx ranges.
_IINS = ("62", "60", "4", "51", "55", "2221", "2720", "35", "37", "6011", "65", "9558", "9559")


@st.composite
def _cards(draw: st.DrawFn, iins: tuple[str, ...] = _IINS) -> str:
    length = draw(st.integers(16, 19))
    iin = draw(st.sampled_from(iins))
    body = draw(
        st.text("0123456789", min_size=length - 1 - len(iin), max_size=length - 1 - len(iin))
    )
    return make_card(iin + body)


def _card_sizes(length: int) -> list[tuple[int, ...]]:
    # As printed on the card (16 and 19 digits), and with the issuer number apart
    # (622202 1234567890128, 18 and 19 digits).
    groupings: dict[int, list[tuple[int, ...]]] = {16: [(4, 4, 4, 4)], 19: [(4, 4, 4, 4, 3)]}
    printed = groupings.get(length, [])
    return [(length,), *printed] + ([(6, length - 6)] if length >= 18 else [])


@st.composite
def _id18_sizes(draw: st.DrawFn) -> tuple[int, ...]:
    """Any grouping at all: the check character keeps an 18-character ID number precise."""
    cuts = sorted(draw(st.sets(st.integers(1, 17), max_size=6)))
    return tuple(b - a for a, b in zip([0, *cuts], [*cuts, 18], strict=True))


def _sizes(kind: str, number: str) -> st.SearchStrategy[tuple[int, ...]]:
    if kind == "id18":
        return _id18_sizes()
    if kind == "id15":
        return st.sampled_from([(15,), (6, 9), (12, 3), (6, 6, 3)])
    if kind == "mobile":
        return st.sampled_from([(11,), (3, 8), (3, 4, 4), (4, 4, 3)])
    return st.sampled_from(_card_sizes(len(number)))


@st.composite
def _char(draw: st.DrawFn, char: str) -> str:
    """One character as written: itself, full-width or mathematical if a digit, or a reference."""
    if char.isdigit():
        char = draw(st.sampled_from([char, chr(0xFF10 + int(char)), chr(0x1D7CE + int(char))]))
    form = draw(st.sampled_from(["plain"] * 6 + ["decimal", "hex", "named"]))
    if form == "decimal":
        written = f"&#{ord(char)};"
    elif form == "hex":
        written = f"&#x{ord(char):X};"
    else:
        written = f"&{_NAMED[char]}" if form == "named" and char in _NAMED else char
    # A browser shows &#133; as "…" (references to C1 controls are read as Windows-1252).
    return written if html.unescape(written) == char else char


@st.composite
def _gap(draw: st.DrawFn) -> str:
    """Between two groups: one to three separators of any family, invisible ones around."""
    visible = draw(st.text(st.sampled_from(_VISIBLE), min_size=1, max_size=3))
    invisible = draw(st.text(st.sampled_from(INVISIBLES), max_size=2))
    return invisible + "".join([draw(_char(c)) for c in visible])


@st.composite
def spelled(draw: st.DrawFn, number: str, sizes: tuple[int, ...]) -> str:
    """``number`` in groups of ``sizes`` with random separators, invisible characters between
    digits, random digit forms and references, and at most one line break."""
    groups, at = [], 0
    for size in sizes:
        groups.append(number[at : at + size])
        at += size
    gaps = [draw(_gap()) for _ in groups[1:]]
    pieces: list[str] = []
    for index, group in enumerate(groups):
        for position, char in enumerate(group):
            if position and draw(st.integers(0, 9)) == 0:
                pieces.append(draw(st.sampled_from(INVISIBLES)))
            pieces.append(draw(_char(char)))
        if index < len(gaps):
            pieces.append(gaps[index])
    written = "".join(pieces)
    line_break = draw(st.sampled_from(["none", "none", "gap", "wrap"]))
    if line_break == "gap" and gaps:
        written = written.replace(gaps[0], draw(st.sampled_from(["\n", " \n", "\n  "])), 1)
    elif line_break == "wrap":
        # A wrapped line: a line break between two digits of a group.
        index = draw(st.integers(1, len(groups[0]) - 1)) if len(groups[0]) > 1 else 0
        if index:
            head = "".join(pieces[: _piece_of(pieces, index)])
            written = head + "\n" + written[len(head) :]
    return written


def _piece_of(pieces: list[str], digit: int) -> int:
    """The index in ``pieces`` of the ``digit``-th digit piece (invisible pieces skipped)."""
    seen = 0
    for index, piece in enumerate(pieces):
        if piece not in INVISIBLES:
            if seen == digit:
                return index
            seen += 1
    return len(pieces)


def _masked(kind: str, number: str) -> str:
    if kind == "mobile":
        return f"{number[:3]}****{number[-4:]}"
    if kind == "card":
        return number[:4] + "*" * (len(number) - 8) + number[-4:]
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


_KINDS = {"id18": KIND_ID_CARD, "id15": KIND_ID_CARD, "mobile": KIND_MOBILE, "card": KIND_BANK_CARD}


@st.composite
def leaks(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """(kind, number, written, masked) for a valid number of any kind, spelled at random."""
    kind = draw(st.sampled_from(sorted(_KINDS)))
    number = draw({"id18": _ID18, "id15": _ID15, "mobile": _MOBILE, "card": _cards()}[kind])
    written = draw(spelled(number, draw(_sizes(kind, number))))
    if kind == "mobile":
        written = draw(st.sampled_from(["", "", "+86", "+86 ", "86-", "0086 ", "+86-"])) + written
    return kind, number, written, _masked(kind, number)


@_SETTINGS
@given(leaks(), _PROSE, _PROSE)
def test_every_spelling_of_a_valid_number_is_found(
    leak: tuple[str, str, str, str], before: str, after: str
) -> None:
    kind, _number, written, masked = leak
    text = f"{before}{written}{after}"
    assert may_hold_hits(written)
    assert may_hold_hits(text)
    line = before.count("\n") + 1
    column = len(before.rsplit("\n", 1)[-1]) + 1
    hits = [(h.kind, h.value, h.masked, h.line, h.column) for h in scan_text(text)]
    assert hits == [(_KINDS[kind], written, masked, line, column)]


_LABELS = (
    "编号",
    "受理编号",
    "序列号",
    "流水号",
    "订单号",
    "文号",
    "登记号",
    "证书编号",
    "统一社会信用代码",
)


@st.composite
def _spelled_cards(draw: st.DrawFn) -> str:
    number = draw(_cards())
    return draw(spelled(number, draw(st.sampled_from(_card_sizes(len(number))))))


@_SETTINGS
@given(
    st.sampled_from(_LABELS),
    st.sampled_from(["", "：", ":", " ", "： ", "\u3000"]),
    _spelled_cards(),
    _PROSE,
)
def test_a_labelled_number_is_no_card(label: str, colon: str, written: str, before: str) -> None:
    assert [h.kind for h in scan_text(f"{before}{written}")] == [KIND_BANK_CARD]
    text = f"{before}{label}{colon}{written}"
    assert [h for h in scan_text(text) if h.kind == KIND_BANK_CARD] == []


# --- Marks -----------------------------------------------------------------------------------

_LEVELS = ("绝密", "机密", "秘密", "工作秘密")
_PERIODS = ("", "1年", "10年", "6个月", "长期", "５年", "三年")
_STAR_GLYPHS = STARS.replace("*", "").replace("＊", "")


@st.composite
def marks(draw: st.DrawFn) -> str:
    """A marking in any of its forms, with spaces or invisible characters inside."""
    inside = st.text(st.sampled_from(SPACES.replace("\t", "") + INVISIBLES), max_size=2)
    word = draw(st.sampled_from(_LEVELS))
    level = word[0] + "".join(draw(inside) + char for char in word[1:])
    star = draw(st.sampled_from(_STAR_GLYPHS))
    if draw(st.booleans()):
        period = draw(st.sampled_from(_PERIODS))
        return f"{level}{draw(inside)}{star}" + (f"{draw(inside)}{period}" if period else "")
    return f"{star}{draw(inside)}{level}"


@_SETTINGS
@given(marks(), _PROSE.map(lambda s: s + "\n"), _PROSE)
def test_every_spelling_of_a_mark_is_found_unless_quoted(
    mark: str, before: str, after: str
) -> None:
    text = f"{before}{mark}\n{after}"
    assert may_hold_hits(text)
    hits = [(h.kind, h.value, h.line, h.column) for h in scan_text(text)]
    assert hits == [(KIND_CLASSIFICATION, mark, before.count("\n") + 1, 1)]
    assert scan_text(f"{before}如“{mark}”。{after}") == []
