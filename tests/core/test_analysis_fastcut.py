"""The fused jieba pass in :mod:`gongbao.core.search.analysis` must cut exactly like jieba.

jieba (pinned) is the oracle: the same words, in the same order, for real documents and for
random text that mixes Han characters, ASCII, digits, punctuation and whitespace. The whoosh
field that indexes from :func:`index_positions` must write the very postings plain ``TEXT``
writes.
"""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index
from whoosh.fields import TEXT

from gongbao.core.search import segmenter
from gongbao.core.search.analysis import (
    _segmenter,
    dictionary_terms,
    index_positions,
    jieba_cutter,
    segment,
)
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.segmenter import Segmenter
from gongbao.core.search.whoosh import build as whoosh_backend

ROOT = Path(__file__).resolve().parents[2]
REAL_TEXTS = sorted(
    p
    for folder in ("content", "interpretations", "tests/data/search")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".md", ".txt")
)
TERMS = dictionary_terms(["三同步", "一网通办"])


def _oracle() -> jieba.Tokenizer:
    seg = jieba.Tokenizer()
    seg.initialize()
    for word in TERMS:
        seg.add_word(word)
    return seg


ORACLE = _oracle()


def test_real_texts_are_present() -> None:
    assert len(REAL_TEXTS) >= 20


@pytest.mark.parametrize("path", REAL_TEXTS, ids=lambda p: p.name)
def test_cut_equals_jieba_on_real_documents(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert list(_segmenter(TERMS).cut(text)) == list(ORACLE.cut(text, HMM=True))
    assert list(_segmenter(TERMS).cut_without_hmm(text)) == list(ORACLE.cut(text, HMM=False))


_ALPHABET = st.sampled_from(
    list("政务公开工作的通知平凉市人民政府办公室关于印发海关进口货物检疫三同步一网通办")
    + list("abcXYZ0123456789 .-_%#&+\n\t，。！“”〔〕《》")
    + ["𠀀", "㐀", "ｱ", "Ａ", "１"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_cut_equals_jieba_on_random_text(text: str) -> None:
    assert list(_segmenter(TERMS).cut(text)) == list(ORACLE.cut(text, HMM=True))
    assert list(_segmenter(TERMS).cut_without_hmm(text)) == list(ORACLE.cut(text, HMM=False))


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_index_positions_are_segment_without_stop_words(text: str) -> None:
    expected: dict[str, list[int]] = {}
    for token in segment(text, TERMS, index=True):
        if not token.stopped:
            expected.setdefault(token.text, []).append(token.pos)
    assert index_positions(text, TERMS) == expected


def test_subwords_share_the_position_and_keep_their_offsets() -> None:
    tokens = segment("关于中华人民共和国海关", TERMS, index=True)
    assert [(t.text, t.pos, t.start, t.end) for t in tokens] == [
        ("关于", 0, 0, 2),
        ("中华", 1, 2, 4),
        ("华人", 1, 3, 5),
        ("人民", 1, 4, 6),
        ("共和", 1, 6, 8),
        ("海关", 1, 9, 11),
        ("共和国", 1, 6, 9),
        ("中华人民", 1, 2, 6),
        ("中华人民共和国海关", 1, 2, 11),
    ]


def _postings(ix_dir: Path) -> dict[tuple[str, bytes], list[tuple[int, float, bytes]]]:
    out = {}
    with index.open_dir(str(ix_dir)).reader() as reader:
        for fieldname, term in reader.all_terms():
            if fieldname not in ("title", "body"):
                continue
            matcher = reader.postings(fieldname, term)
            rows = []
            while matcher.is_active():
                rows.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out[(fieldname, term)] = rows
        lengths = [
            (reader.doc_field_length(n, "title"), reader.doc_field_length(n, "body"))
            for n in range(reader.doc_count())
        ]
    out[("lengths", b"")] = [(i, 0.0, repr(x).encode()) for i, x in enumerate(lengths)]
    return out


def test_jieba_text_field_writes_the_postings_of_plain_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        SearchRecord(
            id=f"policy:{p.stem}",
            kind="policy",
            title=p.stem,
            url=f"{p.stem}.html",
            body=p.read_text(encoding="utf-8"),
            published=None,
        )
        for p in REAL_TEXTS[:12]
    ]
    whoosh_backend.build_index(records, tmp_path / "fast")
    make_schema = whoosh_backend.make_schema

    def plain_schema(terms: tuple[str, ...]) -> object:
        schema = make_schema(terms)
        analyzer = schema["body"].analyzer
        schema.remove("title")
        schema.remove("body")
        # Plain TEXT fields (whoosh's analyzer path), storing positions the same way.
        title = TEXT(analyzer=analyzer, stored=True, field_boost=2.0)
        title.format = whoosh_backend.ArrayPositions(field_boost=2.0)
        body = TEXT(analyzer=analyzer, stored=True)
        body.format = whoosh_backend.ArrayPositions()
        schema.add("title", title)
        schema.add("body", body)
        return schema

    monkeypatch.setattr(whoosh_backend, "make_schema", plain_schema)
    whoosh_backend.build_index(records, tmp_path / "plain")
    fast, plain = _postings(tmp_path / "fast"), _postings(tmp_path / "plain")
    assert len(fast) > 1000
    assert fast == plain


def test_jieba_cutter_cuts_like_the_tokenizer_it_was_made_from() -> None:
    # Material's search plugin cuts with jieba's global tokenizer, whose dictionary its
    # jieba_dict_user option can extend: the fused cutter follows that very dictionary.
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.add_word("三同步")
    cut = jieba_cutter(tokenizer)
    for path in REAL_TEXTS:
        text = path.read_text(encoding="utf-8")
        assert list(cut(text)) == list(tokenizer.cut(text, HMM=True))
    sentence = "政策文件与解读材料三同步发布"
    assert "三同步" in list(cut(sentence))
    plain = jieba.Tokenizer()
    assert "三同步" not in list(plain.cut(sentence))
    assert list(jieba_cutter(plain)(sentence)) == list(plain.cut(sentence))


def test_the_dictionary_table_holds_one_float_per_frequency() -> None:
    # Index writers are forked after the table is built. A lookup writes the reference count
    # of the float it returns: with one float object per distinct frequency those writes stay
    # on a few pages, and the writers keep sharing the rest of the table.
    values = [v for v in _segmenter(TERMS)._prefixes.values() if v is not None]
    assert len(values) > 300_000
    assert len({id(v) for v in values}) == len(set(values)) < len(values) // 10


def test_a_repeated_block_is_cut_from_the_cache_exactly_as_jieba_cuts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Archives repeat clauses (a gazette PDF reprints its documents): the second time a Han
    # block is met its words come from the block cache, and must be jieba's words still.
    seg = Segmenter(TERMS)
    monkeypatch.setattr(segmenter, "_BLOCK_CACHE_SIZE", 50)
    long_block = "政务公开" * 70  # 280 characters: longer than a byte offset reaches
    for path in REAL_TEXTS[:8]:
        text = path.read_text(encoding="utf-8") + "\n" + long_block
        expected = list(ORACLE.cut(text, HMM=True))
        assert list(seg.cut(text)) == expected  # first pass: cut and remembered
        assert list(seg.cut(text)) == expected  # the blocks of the end of the text: cached
        assert 0 < len(seg._blocks) <= 50
        assert long_block not in seg._blocks
    sentence = "各区县人民政府，市政府各部门"
    seg._blocks.clear()
    assert list(seg.cut(sentence)) == list(ORACLE.cut(sentence, HMM=True))
    assert seg._blocks == {"各区县人民政府": bytes([1, 3, 7]), "市政府各部门": bytes([3, 4, 6])}
    assert list(seg.cut(sentence)) == list(ORACLE.cut(sentence, HMM=True))


_UNKNOWN = "龘靐齉爩鱻麤灪鸾鹂鹄鹊鹏鹤鹦鹭鹰麋麒麟黛黜黝黠黯鼎鼐鼓鼠鼬鼹齐齑齿龀龃龄"
_COMMON = (
    "的了在是有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机"
    "当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_UNKNOWN + _COMMON + "ab12.5%+# ，。\n"), max_size=60))
def test_the_hmm_cuts_unknown_runs_as_jieba_does(text: str) -> None:
    from jieba import finalseg

    from gongbao.core.search.hmm import hmm_cut

    assert list(hmm_cut(text)) == list(finalseg.cut(text))


def test_the_hmm_cuts_real_documents_as_jieba_does() -> None:
    from jieba import finalseg

    from gongbao.core.search.hmm import hmm_cut

    for path in REAL_TEXTS:
        text = path.read_text(encoding="utf-8")
        assert list(hmm_cut(text)) == list(finalseg.cut(text)), path.name
