"""jieba's HMM for runs of unknown characters, exactly as ``jieba.finalseg.cut`` gives it.

jieba cuts a run of characters that no dictionary word covers (new names, rare words, text
with typing errors) with a four-state hidden Markov model (B, M, E, S: a word's begin, middle,
end, or a single-character word) and Viterbi decoding. Its ``viterbi`` copies every state's
whole path at every character and builds eight tuples to compare two numbers for each state;
on an archive whose clauses rarely repeat that was a fifth of segmenting. :func:`hmm_cut`
does the same arithmetic in the same order (so the same floats, the same ties: where two
predecessors score alike the one ``max`` would take over ``(score, state)`` tuples wins) and
keeps one back-pointer per state per character. ``tests/core/test_analysis_fastcut.py``
compares it with jieba on real and random text.
"""

from __future__ import annotations

from collections.abc import Iterator

from jieba import finalseg

__all__ = ["hmm_cut"]

_B, _M, _E, _S = 0, 1, 2, 3
_MIN = finalseg.MIN_FLOAT


def hmm_cut(text: str) -> Iterator[str]:
    """``jieba.finalseg.cut(text)``: Han runs by the HMM, other runs split as jieba splits
    them (letters and numbers kept whole, everything else as it is)."""
    force_split = finalseg.Force_Split_Words
    for blk in finalseg.re_han.split(text):
        if not blk:
            continue
        if finalseg.re_han.match(blk):
            for word in _words(blk, _tags(blk)):
                if word in force_split:
                    yield from word
                else:
                    yield word
        else:
            for x in finalseg.re_skip.split(blk):
                if x:
                    yield x


def _tags(run: str) -> list[int]:
    """The most probable state of each character of a Han run (jieba's ``viterbi``)."""
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    e_b, e_m, e_e, e_s = emit["B"], emit["M"], emit["E"], emit["S"]
    eb, bm, be = trans["E"]["B"], trans["B"]["M"], trans["B"]["E"]
    sb, mm, me = trans["S"]["B"], trans["M"]["M"], trans["M"]["E"]
    ss, es = trans["S"]["S"], trans["E"]["S"]
    first = run[0]
    v_b = start["B"] + e_b.get(first, _MIN)
    v_m = start["M"] + e_m.get(first, _MIN)
    v_e = start["E"] + e_e.get(first, _MIN)
    v_s = start["S"] + e_s.get(first, _MIN)
    back: list[tuple[int, int, int, int]] = []
    for char in run[1:]:
        # Each state's two predecessors (jieba's PrevStatus), summed as jieba sums them:
        # (previous score + transition) + emission. On a tie the later state letter wins,
        # as in max() over (score, state) tuples.
        em = e_b.get(char, _MIN)
        x, y = v_e + eb + em, v_s + sb + em
        n_b, p_b = (y, _S) if y >= x else (x, _E)
        em = e_m.get(char, _MIN)
        x, y = v_m + mm + em, v_b + bm + em
        n_m, p_m = (x, _M) if x >= y else (y, _B)
        em = e_e.get(char, _MIN)
        x, y = v_b + be + em, v_m + me + em
        n_e, p_e = (y, _M) if y >= x else (x, _B)
        em = e_s.get(char, _MIN)
        x, y = v_s + ss + em, v_e + es + em
        n_s, p_s = (x, _S) if x >= y else (y, _E)
        back.append((p_b, p_m, p_e, p_s))
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
    state = _S if v_s >= v_e else _E  # the run ends a word
    tags = [state]
    for pointers in reversed(back):
        state = pointers[state]
        tags.append(state)
    tags.reverse()
    return tags


def _words(run: str, tags: list[int]) -> Iterator[str]:
    """The words the states mark (jieba's ``__cut``): B…E a word, S a character alone, an
    unfinished word at the end kept whole."""
    begin = nexti = 0
    for i, tag in enumerate(tags):
        if tag == _B:
            begin = i
        elif tag == _E:
            yield run[begin : i + 1]
            nexti = i + 1
        elif tag == _S:
            yield run[i]
            nexti = i + 1
    if nexti < len(run):
        yield run[nexti:]
