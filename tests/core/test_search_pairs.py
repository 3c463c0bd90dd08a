"""Character pairs as integer keys (search/pairs.py) are gram_positions' pairs, in order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gongbao.core.search.analysis import gram_positions
from gongbao.core.search.pairs import pair_keys, pair_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def _as_positions(text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for position, key in enumerate(pair_keys(text).tolist()):
        out.setdefault(pair_text(key), []).append(position)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "",
        "信",
        "信息公开",
        "个人信息，不得公开。",
        "Hello, World 2024！ＡＢＣ１２３",
        "İstanbul ǅemal ß",  # lower() changes lengths
        "𠀀𠀁 汉字扩展𪚥",  # beyond the BMP
        "a_b__c\n\n第一条\u3000（一）",
        "平政办发〔2023〕51号",
    ],
)
def test_pairs_of_texts(text: str) -> None:
    assert _as_positions(text) == gram_positions(text)


def test_pairs_of_the_real_corpus_and_random_text() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    assert len(texts) > 10
    rng = random.Random(3)
    alphabet = "海关行政复议，。 、\n_-Aa1〔〕《》𠀀ǅİ"
    texts += ["".join(rng.choice(alphabet) for _ in range(200)) for _ in range(200)]
    for text in texts:
        assert _as_positions(text) == gram_positions(text)


def test_keys_order_like_the_pairs_bytes() -> None:
    text = "信息，公开 a b ab Ab 𠀀信 信𠀀 z9"
    keys = sorted(set(pair_keys(text).tolist()))
    assert [pair_text(k).encode() for k in keys] == sorted(pair_text(k).encode() for k in keys)
