"""The fused jieba pass: precise-mode words exactly as ``jieba.Tokenizer.cut`` gives them.

:mod:`gongbao.core.search.analysis` decides what a word is for the index (positions, sub-words,
stop words); this module only cuts text into jieba's words, faster than jieba does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from itertools import accumulate, pairwise

import jieba

from gongbao.core.search.dictionary_table import dictionary_table, table_of
from gongbao.core.search.hmm import hmm_cut

__all__ = ["Segmenter"]


class Segmenter:
    """A private jieba tokenizer plus what makes segmenting a large archive cheaper.

    ``cut`` gives exactly what ``jieba.Tokenizer.cut(text, HMM=True)`` gives (jieba 0.42.1 is
    pinned and ``tests/core/test_analysis_fastcut.py`` compares the two on real texts), with
    jieba's ``get_DAG`` and ``calc`` fused into one right-to-left pass over precomputed
    log-probabilities: segmenting is about half the cost of a cold index, and this pass does
    the same arithmetic with far fewer Python operations (≈ 40 % less time on the sample).
    """

    def __init__(self, terms: tuple[str, ...], seg: jieba.Tokenizer | None = None) -> None:
        self.terms = terms
        # Every dictionary entry (words and their prefixes, which jieba stores with frequency
        # 0) mapped to log(freq) - logtotal, or None for a prefix: one lookup per step of
        # _route() instead of jieba's two. jieba's own FREQ table is not kept (it would double
        # the dictionary's memory in every indexing process).
        if seg is None:
            self._unknown, self._prefixes = dictionary_table(terms, lambda: self._jieba(terms))
        else:
            self._unknown, self._prefixes = table_of(seg)
        # Sub-words of a word depend only on the word: remember them (Zipf: few words, many
        # occurrences).
        self._subwords: dict[str, tuple[tuple[int, str], ...]] = {}
        # The words of a Han block (a clause between punctuation) depend only on the block, and
        # archives repeat clauses: a gazette PDF reprints its documents, an interpretation
        # quotes its document, every notice has its 各区县人民政府… (34 % of the sample site's
        # Han characters are in a block seen before). Kept as the words' end offsets in bytes:
        # about 200 bytes a block, against about 1 KB as a tuple of words.
        self._blocks: dict[str, bytes] = {}
        self._plain: jieba.Tokenizer | None = None

    @staticmethod
    def _jieba(terms: tuple[str, ...]) -> jieba.Tokenizer:
        seg = jieba.Tokenizer()
        # Without initialize() FREQ is empty until the first cut (a real bug: the first
        # document's sub-words would not be expanded).
        seg.initialize()
        for word in terms:
            seg.add_word(word)
        return seg

    def is_word(self, text: str) -> bool:
        """True if ``text`` is a dictionary word (frequency above 0), as jieba's FREQ says."""
        return self._prefixes.get(text) is not None

    def cut_without_hmm(self, text: str) -> Iterator[str]:
        """``jieba.Tokenizer.cut(text, HMM=False)`` (a jieba tokenizer made on first use)."""
        if self._plain is None:
            self._plain = self._jieba(self.terms)
        words: Iterator[str] = self._plain.cut(text, HMM=False)
        return words

    def _route(self, sentence: str) -> list[int]:
        """For each start index, the end index (exclusive) of jieba's best word there."""
        n = len(sentence)
        lookup = self._prefixes.get
        unknown = self._unknown
        absent = _ABSENT
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best = -math.inf
            best_i = -1
            i = k
            frag = sentence[k]
            while True:
                lp = lookup(frag, absent)
                if lp is not None:
                    if lp == absent:
                        break  # not even a prefix of a dictionary word
                    cand = lp + score[i + 1]
                    # = jieba's max() over (score, end) tuples: i only grows here, so ">="
                    # lets the longer word win a tie, as the tuple comparison does.
                    if cand >= best:
                        best, best_i = cand, i
                i += 1
                if i >= n:
                    break
                frag = sentence[k : i + 1]
            if best_i < 0:  # no dictionary word starts here: the character alone
                best, best_i = unknown + score[k + 1], k
            score[k] = best
            end[k] = best_i + 1
        return end

    def _cut_block(self, sentence: str) -> list[str]:
        # jieba.Tokenizer.__cut_DAG, line for line, on top of _route(); a list, not a
        # generator (one level of resuming less for each of an archive's words).
        end = self._route(sentence)
        words: list[str] = []
        x = 0
        buf = ""
        n = len(sentence)
        while x < n:
            y = end[x]
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    self._flush(buf, words)
                    buf = ""
                words.append(sentence[x:y])
            x = y
        if buf:
            self._flush(buf, words)
        return words

    def _cut_block_cached(self, sentence: str) -> list[str]:
        ends = self._blocks.get(sentence)
        if ends is None:
            words = self._cut_block(sentence)
            if len(sentence) <= _BLOCK_MAX_CHARS:
                if len(self._blocks) >= _BLOCK_CACHE_SIZE:
                    self._blocks.clear()  # bounded: under 30 MB in each segmenting process
                self._blocks[sentence] = bytes(accumulate(map(len, words)))
            return words
        return [sentence[a:b] for a, b in pairwise((0, *ends))]

    def _flush(self, buf: str, words: list[str]) -> None:
        if len(buf) == 1:
            words.append(buf)
        elif not self.is_word(buf):
            words.extend(hmm_cut(buf))  # HMM for runs of unknown single characters
        else:
            words.extend(buf)

    def cut(self, text: str) -> list[str]:
        """``jieba.Tokenizer.cut(text, HMM=True)``: precise-mode words, in order."""
        words: list[str] = []
        extend, append = words.extend, words.append
        han, skip = _RE_HAN.match, _RE_SKIP.match
        for blk in _RE_HAN.split(text):
            if not blk:
                continue
            if han(blk):
                extend(self._cut_block_cached(blk))
            else:
                for x in _RE_SKIP.split(blk):
                    if skip(x):
                        append(x)
                    else:
                        extend(x)
        return words

    def subwords(self, word: str) -> tuple[tuple[int, str], ...]:
        """(offset, sub-word) for the dictionary words of 2–4 characters inside ``word``.

        = jieba's ``cut_for_search`` sub-words plus 4-character ones (so 信息公开 is still
        found inside the user term 政府信息公开), in its order.
        """
        found = self._subwords.get(word)
        if found is None:
            is_word = self.is_word
            found = tuple(
                (i, word[i : i + n])
                for n in (2, 3, 4)
                if len(word) > n
                for i in range(len(word) - n + 1)
                if is_word(word[i : i + n])
            )
            if len(self._subwords) >= _SUBWORD_CACHE_SIZE:
                self._subwords.clear()  # a long-lived process (mkdocs serve) stays bounded
            self._subwords[word] = found
        return found


#: Distinct words whose sub-words are remembered (an archive uses a few tens of thousands).
_SUBWORD_CACHE_SIZE = 200_000

#: Han blocks whose words are remembered, and the longest block remembered (its word ends
#: must fit in a byte; longer blocks are rare, and cutting them costs far more than the call).
_BLOCK_CACHE_SIZE = 131_072
_BLOCK_MAX_CHARS = 255

#: Returned for text that is not in the dictionary: log-probabilities are always negative.
_ABSENT = 1.0

# jieba's own block patterns: text outside _RE_HAN runs is split on whitespace.
_RE_HAN: re.Pattern[str] = jieba.re_han_default
_RE_SKIP: re.Pattern[str] = jieba.re_skip_default
