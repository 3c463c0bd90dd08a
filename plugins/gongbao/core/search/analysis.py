"""Chinese word segmentation for search: jieba with positions per word and a versioned dictionary.

This module owns everything about *words* and nothing about the index engine: the whoosh
backend wraps :func:`segment` in a whoosh tokenizer, the tantivy backend feeds the very same
tokens to tantivy as pre-tokenized text, so both engines index exactly the same words.

Why not ``jieba.analyse.ChineseAnalyzer``: it stores character offsets as token positions, so a
phrase query can never match (see shared/reference/search-pdf.md §2). Here:

* positions count *words* (precise-mode jieba), so ``"政务公开 工作"`` phrases line up;
* at index time the 2- and 3-character dictionary sub-words of a longer word are emitted at the
  *same position* as the word (search-mode recall without breaking phrases);
* at query time only the precise tokens are produced (no AND of eleven sub-words);
* stop words are flagged, never renumbered, so positions stay aligned;
* a private ``jieba.Tokenizer`` holds our user dictionary, so MkDocs-Material's own jieba use
  (which mutates the global ``jieba.dt``) cannot change how our index is segmented.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import jieba

from gongbao.core.search.dictionary_table import main_dictionary_digest
from gongbao.core.search.segmenter import Segmenter

__all__ = [
    "ANALYZER_VERSION",
    "GRAM_BRIDGE",
    "GRAM_SUFFIX",
    "STOP_WORDS",
    "Token",
    "default_terms",
    "dictionary_fingerprint",
    "dictionary_terms",
    "gram_positions",
    "gram_runs",
    "index_positions",
    "jieba_cutter",
    "phrase_grams",
    "prepare_segmenter",
    "segment",
]

#: Bump when the tokenisation rules below change: it is part of the fingerprint.
ANALYZER_VERSION = "1"

#: Function words that carry no meaning for retrieval. Kept tiny on purpose: every word here
#: becomes unsearchable on its own.
STOP_WORDS: frozenset[str] = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "对",
        "为",
        "是",
        "将",
        "把",
        "被",
        "并",
        "其",
        "之",
        "于",
        "以",
        "由",
        "从",
    ]
)

DEFAULT_TERMS_FILE = Path(__file__).with_name("terms.txt")

# A token is kept if it has a Han character or a word character; punctuation and spaces are
# dropped *without* consuming a position, so "平政办发〔2023〕51号" is five consecutive words.
_KEEP = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]|\w")

# jieba logs "Building prefix dict…" at DEBUG to stderr on first use: noise in CLI output.
jieba.setLogLevel(logging.WARNING)


class Token(NamedTuple):
    """One token: text (lower-cased), word position, character span in the input, stop flag."""

    text: str
    pos: int
    start: int
    end: int
    stopped: bool


def _read_terms(path: Path) -> list[str]:
    terms: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            # "word [freq] [tag]" like jieba's own user dictionaries: only the word is used.
            terms.append(word.split()[0])
    return terms


@functools.cache
def default_terms() -> tuple[str, ...]:
    """The domain terms shipped in ``terms.txt`` (三同步, 政务公开, 一网通办, …)."""
    return tuple(_read_terms(DEFAULT_TERMS_FILE))


def dictionary_terms(extra_terms: Iterable[str] = ()) -> tuple[str, ...]:
    """The full, sorted user dictionary: shipped terms plus the site's ``extra_terms``.

    Terms containing whitespace are rejected because jieba splits on whitespace before it
    consults the dictionary, so such a term could never be produced.
    """
    words = set(default_terms())
    for raw in extra_terms:
        word = raw.strip()
        if not word:
            continue
        if re.search(r"\s", word):
            raise ValueError(f"词典词条不能包含空白字符: {raw!r}")
        words.add(word)
    return tuple(sorted(words))


def dictionary_fingerprint(extra_terms: Iterable[str] = ()) -> str:
    """A hash of everything that decides how text becomes tokens.

    Stored next to the index: when it differs from the current one, the index must be rebuilt
    (otherwise a query segmented with the new dictionary silently finds nothing).
    """
    return _fingerprint(dictionary_terms(extra_terms))


@functools.cache
def _fingerprint(terms: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for part in (
        ANALYZER_VERSION,
        getattr(jieba, "__version__", "?"),
        main_dictionary_digest(),  # a jieba upgrade that changes it forces a rebuild
        "\x1f".join(sorted(STOP_WORDS)),
        "\x1f".join(terms),
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:32]


_SEGMENTERS: dict[tuple[str, ...], Segmenter] = {}
_SEGMENTERS_LOCK = threading.Lock()


def jieba_cutter(tokenizer: jieba.Tokenizer) -> Callable[[str], Iterable[str]]:
    """``tokenizer.cut`` (HMM on) as the fused pass does it: the same words from the same
    dictionary (whatever words were added to ``tokenizer``), in about half the time.

    For text that must be cut exactly as another jieba user cuts it (Material's search plugin
    uses ``jieba.dt``). Builds a table of the dictionary (≈ 70 MiB): make one per job.
    """
    return Segmenter((), tokenizer).cut


def prepare_segmenter(terms: tuple[str, ...]) -> None:
    """Build the segmenter for ``terms`` now, before forking processes that segment.

    Its dictionary table (≈ 70 MiB) is then inherited by the forked index writers and shared
    with them, instead of built again in each.
    """
    _segmenter(terms)


def _segmenter(terms: tuple[str, ...]) -> Segmenter:
    """The segmenter for ``terms``, built once per process and dictionary."""
    with _SEGMENTERS_LOCK:
        seg = _SEGMENTERS.get(terms)
        if seg is None:
            seg = _SEGMENTERS[terms] = Segmenter(terms)
        return seg


def _words(seg: Segmenter, text: str, hmm: bool) -> Iterator[tuple[str, int]]:
    """(word, start offset) in order; words without a Han or word character are skipped."""
    start = 0
    words = seg.cut(text) if hmm else seg.cut_without_hmm(text)
    keep = _KEEP.search
    for word in words:
        if keep(word):
            yield word, start
        start += len(word)


def _segment_uncached(text: str, terms: tuple[str, ...], expand: bool, hmm: bool) -> list[Token]:
    seg = _segmenter(terms)
    out: list[Token] = []
    for pos, (word, start) in enumerate(_words(seg, text, hmm)):
        if expand and len(word) > 2:
            # Sub-words share the parent word's position (search-mode recall, phrases intact).
            for i, sub in seg.subwords(word):
                low = sub.lower()
                out.append(Token(low, pos, start + i, start + i + len(sub), low in STOP_WORDS))
        low = word.lower()
        out.append(Token(low, pos, start, start + len(word), low in STOP_WORDS))
    return out


def segment(text: str, terms: tuple[str, ...], *, index: bool, hmm: bool = True) -> list[Token]:
    """Segment ``text`` with the user dictionary ``terms`` (see :func:`dictionary_terms`).

    ``index=True``: precise words plus their dictionary sub-words at the same position (use for
    documents and highlighting). ``index=False``: precise words only (use for queries).
    Stop words are returned with ``stopped=True``; callers decide whether to drop them.
    """
    return _segment_uncached(text, terms, index, hmm)


def index_positions(text: str, terms: tuple[str, ...]) -> dict[str, list[int]]:
    """What an index stores for ``text``: each indexed word and its word positions.

    The same words and positions as ``segment(text, terms, index=True)`` without stop words,
    built without a :class:`Token` per word (this runs for every word of every document).
    """
    seg = _segmenter(terms)
    out: defaultdict[str, list[int]] = defaultdict(list)
    stop = STOP_WORDS
    keep = _KEEP.search
    subwords = seg.subwords
    pos = 0
    # _words() inlined: this loop runs for every word of every document.
    for word in seg.cut(text):
        if not keep(word):
            continue
        if len(word) > 2:
            for _i, sub in subwords(word):
                low = sub.lower()
                if low not in stop:
                    out[low].append(pos)
        low = word.lower()
        if low not in stop:
            out[low].append(pos)
        pos += 1
    return dict(out)


# --------------------------------------------------------------------------- exact phrases

#: The field of a text field's character pairs: ``body`` → ``body_grams``.
GRAM_SUFFIX = "_grams"

# A run of letters, digits and Han characters: what a phrase is made of. Everything else
# (punctuation, spaces, paragraph breaks) separates runs.
_RUN = re.compile(r"[^\W_]+")
#: Between the last character of one run and the first of the next, in a bridging pair.
GRAM_BRIDGE = " "


def gram_positions(text: str) -> dict[str, list[int]]:
    """The character pairs of ``text`` with their positions, for exact phrase search.

    Letters, digits and Han characters are numbered in order (everything else skipped); the
    pair at position ``i`` is character ``i`` and ``i + 1``: ``"信息公开"`` is 信息 息公 公开 at
    0, 1, 2. Where punctuation or a break separates the two characters, the pair is written
    with a space (``"信息，公开"``: 信息 ``息 公`` 公开), so a phrase typed without the
    punctuation never matches across it, and one typed with any punctuation there does. A
    phrase is then a run of pairs at consecutive positions: an exact substring of the text,
    whatever the word segmenter made of it. Lower-cased, like the words.
    """
    out: dict[str, list[int]] = {}
    pos = 0
    last = ""
    for match in _RUN.finditer(text.lower()):
        run = match[0]
        if last:
            out.setdefault(last + GRAM_BRIDGE + run[0], []).append(pos - 1)
        for i in range(len(run) - 1):
            out.setdefault(run[i : i + 2], []).append(pos + i)
        pos += len(run)
        last = run[-1]
    return out


def phrase_grams(text: str) -> tuple[str, ...]:
    """The pairs of a typed phrase, in order (see :func:`gram_positions`); empty when it has
    fewer than two letters, digits or Han characters."""
    by_position = sorted((p, g) for g, ps in gram_positions(text).items() for p in ps)
    return tuple(g for _p, g in by_position)


def gram_runs(grams: Iterable[str]) -> list[str]:
    """The text of a phrase's pairs again, one string per run between punctuation (what an
    excerpt marks): ``信息 息公 公开`` → ``["信息公开"]``."""
    runs: list[str] = []
    current = ""
    for gram in grams:
        if GRAM_BRIDGE in gram:
            runs.append(current or gram[0])
            current = gram[-1]
        elif not current:
            current = gram
        else:
            current += gram[-1]
    if current:
        runs.append(current)
    return runs
