"""The plain front matter reader against PyYAML: whatever it accepts, it reads as PyYAML does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongbao.core.sources.frontmatter import _PLAIN, _load_yaml, _split

ROOT = Path(__file__).resolve().parents[2]


def _yaml(text: str) -> str:
    """What PyYAML makes of ``text``, as a repr that tells 1 from True and dates from text."""
    try:
        return repr(_load_yaml(text))
    except Exception as exc:  # any error: the plain reader must have declined
        return f"error {type(exc).__name__}"


def _plain(text: str) -> str | None:
    loaded = _PLAIN.load(text)
    return None if loaded is None else repr(loaded)


def _front_matters() -> list[tuple[str, str]]:
    found = []
    for folder in (
        "content",
        "interpretations",
        "gazette",
        "tests/data",
        "plugins/gongbao/scaffold",
    ):
        for file in sorted((ROOT / folder).rglob("*.md")):
            parts = _split(file.read_text(encoding="utf-8"))
            if parts is not None and parts[0] is not None:
                found.append((file.relative_to(ROOT).as_posix(), parts[0]))
    return found


def test_the_sample_sources_read_alike() -> None:
    sources = _front_matters()
    plain = {path: _plain(text) for path, text in sources}
    for path, text in sources:
        if plain[path] is not None:
            assert plain[path] == _yaml(text), path
    # Documents and interpretations are plain; gazette issues (nested contents) and
    # consultations (the nested feedback) go to PyYAML.
    declined = sorted(path for path, value in plain.items() if value is None)
    nested = (
        "gazette/",
        "plugins/gongbao/scaffold/gazette/",
        "plugins/gongbao/scaffold/consultations/",
    )
    assert declined and all(path.startswith(nested) for path in declined)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: 关于印发《方案》的通知\ndoc_number: 平政办发〔2023〕51号\npublished: 2023-05-22\n"
            "normative: false\nindex_number: 0123\nwritten: 2023-02-30",
            "({'title': '关于印发《方案》的通知', 'doc_number': '平政办发〔2023〕51号', "
            "'published': datetime.date(2023, 5, 22), 'normative': False, 'index_number': 83, "
            "'written': '2023-02-30'}, {'title': 2, 'doc_number': 3, 'published': 4, "
            "'normative': 5, 'index_number': 6, 'written': 7}, {'published': '2023-05-22', "
            "'normative': 'false', 'index_number': '0123'})",
        ),
        (
            "# 解读\ninterprets:\n  - 平政办发〔2023〕51号\n  - 'it''s'\n  -\nkeywords: [政务公开, 2024]\n"
            'title: "标题: 带冒号"\nempty:\n\n标题:   \u3000全角空格开头 ',
            "({'interprets': ['平政办发〔2023〕51号', \"it's\", None], "
            "'keywords': ['政务公开', 2024], 'title': '标题: 带冒号', 'empty': None, "
            "'标题': '\\u3000全角空格开头'}, {'interprets': 3, 'keywords': 7, 'title': 8, "
            "'empty': 9, '标题': 11}, {'keywords': ['政务公开', '2024']})",
        ),
        ("", "(None, {}, {})"),
        ("# only a comment\n", "(None, {}, {})"),
    ],
)
def test_plain_front_matter(text: str, expected: str) -> None:
    assert _plain(text) == expected == _yaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "title: a: b",  # a mapping where none may start
        "title: a # comment",
        "title: 标题:",
        "title: x\ntitle: y",  # PyYAML reports the duplicate
        "yes: 1",  # a key typed as a boolean
        "title: &a x\nother: *a",
        "title: |\n  text",
        "title: 关于\n  续行",
        "toc:\n  - title: a\n    page: 1",
        "list:\n  - a\n - b",
        "title:\tx",
        "title: x\u2028y",
        "- a\n- b",
        "title: [a, [b]]",
        "title: [a,, b]",
        "title: 'unclosed",
        'title: "esc\\n"',
        "= : x",
        "v: =",
        "%YAML 1.1",
    ],
)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert _plain(text) is None


_KEYS = st.sampled_from(
    [
        "title",
        "标题",
        "发文机关",
        "doc_number",
        "a-b",
        "_x",
        "yes",
        "No",
        "null",
        "on",
        "t1",
        "tilde",
    ]
)
# Ordinary text half of the time, so that most examples stay plain; the rest is every
# character and word that changes how YAML reads a line.
_PIECES = st.one_of(
    st.sampled_from(["a", "关于", "《办法》", "〔2023〕", "号", "x y", "0", "2023-05-22"]),
    st.sampled_from(
        [
            "：",
            ":",
            ": ",
            "#",
            " #",
            " ",
            "  ",
            "'",
            "''",
            '"',
            "\\",
            "[",
            "]",
            ",",
            "{",
            "}",
            "-",
            "- ",
            "?",
            "!",
            "&",
            "*",
            "|",
            ">",
            "%",
            "@",
            "`",
            "~",
            "=",
            "<<",
            ".",
            "\u3000",
            "\xa0",
            "\x85",
            "\u2028",
            "\ufeff",
            "\x7f",
            "\t",
            "😀",
            "1",
            "12:30",
            "0x1F",
            "1_000",
            "1e3",
            ".5",
            ".nan",
            "-.inf",
            "+1",
            "010",
            "2023-02-30",
            "2023-05-22 10:00:00",
            "true",
            "False",
            "NULL",
            "yes",
            "off",
            "y",
        ]
    ),
)
_SCALARS = st.lists(_PIECES, max_size=5).map("".join)


@st.composite
def _lines(draw: st.DrawFn) -> str:
    # Mostly the shapes plain front matter has; now and then one it never has.
    shape = draw(st.sampled_from([0, 0, 0, 0, 1, 1, 3, 4, 5, 6, 7, 8, 2, 9]))
    key, value = draw(_KEYS), draw(_SCALARS)
    return [
        f"{key}: {value}",
        f"{key}:",
        f"{key}:{value}",
        f"- {value}",
        f"  - {value}",
        f"{key}: [{value}, {draw(_SCALARS)}]",
        f"{key}: '{value}'",
        f'{key}: "{value}"',
        f"# {value}",
        f"{value}",
    ][shape]


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_lines(), max_size=6).map("\n".join))
def test_whatever_it_reads_pyyaml_reads_alike(text: str) -> None:
    plain = _plain(text)
    if plain is not None:
        assert plain == _yaml(text)
