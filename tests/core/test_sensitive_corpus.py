"""Zero false positives on real policy text: the copies of State Council documents in
tests/data/corpus and every page of the repository's own content (policies, interpretations,
gazette issues). These hold dates, 文号, 索引号, amounts, URLs and the law's prose about
国家秘密、商业秘密、工作秘密 — everything the detector must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao.core.scan.sensitive import may_hold_hits, scan_text

_ROOT = Path(__file__).resolve().parents[2]
_FILES = sorted(
    [
        *(_ROOT / "tests" / "data" / "corpus").glob("*.txt"),
        *(_ROOT / "content").rglob("*.md"),
        *(_ROOT / "interpretations").rglob("*.md"),
        *(_ROOT / "gazette").rglob("*.md"),
    ]
)
_FULL_WIDTH = str.maketrans("0123456789 -.", "０１２３４５６７８９\u3000－．")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_corpus_is_there() -> None:
    names = {path.relative_to(_ROOT).parts[0] for path in _FILES}
    assert names == {"tests", "content", "interpretations", "gazette"}
    assert len(_FILES) >= 30
    assert sum(len(_text(path)) for path in _FILES) > 80_000


@pytest.mark.parametrize("path", _FILES, ids=lambda path: str(path.relative_to(_ROOT)))
def test_real_text_has_no_hits(path: Path) -> None:
    text = _text(path)
    assert scan_text(text) == []
    # The same text with full-width digits, ideographic spaces and full-width hyphens and
    # stops, as pasted 公文 text has them: the detector reads them alike.
    assert scan_text(text.translate(_FULL_WIDTH)) == []


def test_all_of_it_in_one_text_has_no_hits() -> None:
    text = "\n".join(_text(path) for path in _FILES)
    assert may_hold_hits(text)  # it has dates and the word 保密: the scan does run
    assert scan_text(text) == []
