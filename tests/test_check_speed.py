"""``gongbao check`` is fast without changing what it reports.

The per-file cache (warm runs), the parallel parse of a fresh clone (cold runs), the shortcuts
of the leak scan and the lazy imports must give exactly the findings, messages, order and exit
code of a plain run, and a damaged or foreign cache must only cost time.
"""

from __future__ import annotations

import gc
import os
import pickle
import random
import re
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.config.settings import Settings
from gongbao.core.rules import scan_record
from gongbao.core.scan import characters, prefilter, sensitive
from gongbao.core.sources import filecache, parallel, parse
from gongbao.core.sources import load as loader
from gongbao.core.sources.filecache import FileCache, code_fingerprint
from tests.pdfmaker import make_pdf
from tests.sites import interpretation, policy, write_site

CACHE = ".gongbao-cache/sources.pickle"

ISSUE = """---
year: 2023
number: 1
published: '2023-06-15'
pdf: 2023-06.pdf
sections:
- heading: 市政府办公室文件
  items:
  - ref: 平政办发〔2023〕51号
    pages: 1-1
---

本期说明。
"""


def _site(root: Path) -> Path:
    """A small site with errors, warnings, leaks, an ordinary page and an issue PDF."""
    site = write_site(
        root,
        {
            "content/2023/a.md": policy(normative=True),
            "interpretations/2023/a.md": interpretation(),
            # 三同步 missing, a 文号 not in GB/T 9704 form (warning) and a mobile number.
            "content/2023/b.md": policy(
                title="关于开展安全检查的通知",
                doc_number="平政办发[23]第05号",
                published="2023-07-01",
                body="联系人：张三，电话 138-0013-8000。",
            ),
            "content/2023/c.md": "---\ntitle: [未闭合\n---\n正文\n",
            "content/pages/guide.md": "# 指南\n\n内部资料，注意保密。\n",
            "interpretations/2023/orphan.md": interpretation(interprets="平政发〔2099〕1号"),
            "gazette/2023/06.md": ISSUE,
        },
        {"gazette_title": "平凉市人民政府公报"},
    )
    make_pdf(site / "gazette/2023/2023-06.pdf", ["平凉市人民政府办公室关于印发工作要点的通知"])
    return site


def _check(site: Path) -> tuple[int, str]:
    """Exit code and output of ``gongbao check``, without the elapsed time."""
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    return result.exit_code, re.sub(r"（[0-9.]+ 秒）", "", result.output)


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any parse fail the test: everything must come from the cache."""

    def refuse(*args: object) -> None:
        raise AssertionError(f"parsed although cached: {args[2]}")

    monkeypatch.setattr(parse, "load_file", refuse)


def test_warm_output_is_the_cold_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path)
    cold = _check(site)
    assert cold[0] == 1
    for expected in (
        "content/2023/b.md:2: 三同步：平政办发[23]第05号《关于开展安全检查的通知》",
        "content/2023/b.md:4: 文号 平政办发[23]第05号 不符合 GB/T 9704-2012 7.2.5",
        "content/2023/b.md:8: 第 11 列疑似手机号码：138****8000。",
        "content/2023/c.md:2: 头信息不是合法的 YAML",
        "content/pages/guide.md:3: 第 1 列出现密级标志“内部资料”。",
        "interpretations/2023/orphan.md:5: 解读对象 '平政发〔2099〕1号' 找不到",
        "检查了 2 份政策文件、2 份解读、1 期公报：6 个错误，1 个警告。",
    ):
        assert expected in cold[1]
    assert (site / CACHE).is_file()
    with monkeypatch.context() as patched:
        _no_parsing(patched)
        assert _check(site) == cold
    (site / CACHE).unlink()
    assert _check(site) == cold


def test_an_edit_is_seen_even_with_the_same_size_and_mtime(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert "interpretations/2023/a.md" not in _check(site)[1]
    target = site / "interpretations/2023/a.md"
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    edited = text.replace("2023-05-22", "2023-05-29")
    assert edited != text and len(edited.encode()) == len(text.encode())
    target.write_text(edited, encoding="utf-8")
    # An editor (or rsync -a, or an unpacked archive) restoring the old modification time:
    # size and mtime alone would serve the old record. The change time still differs.
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    code, output = _check(site)
    assert code == 1
    assert "其解读未在同日发布：interpretations/2023/a.md（2023-05-29）" in output


def test_a_removed_file_is_forgotten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path)
    _check(site)
    (site / "interpretations/2023/orphan.md").unlink()
    code, output = _check(site)
    assert "orphan" not in output
    with monkeypatch.context() as patched:
        _no_parsing(patched)
        assert _check(site) == (code, output)


def test_small_changes_go_to_the_side_file(tmp_path: Path) -> None:
    path = tmp_path / "cache/sources.pickle"
    cache = FileCache(path)
    for n in range(1000):
        cache.put(("k", n), f"v{n}")
    cache.save()
    main_bytes = path.read_bytes()
    delta = path.with_suffix(".delta.pickle")
    assert not delta.exists()

    # An edit: one entry replaced by a new one. The main file is not rewritten.
    cache = FileCache(path)
    assert all(cache.get(("k", n)) == f"v{n}" for n in range(1, 1000))
    cache.put(("k", "edited"), "new")
    cache.save()
    assert path.read_bytes() == main_bytes and delta.is_file()
    cache = FileCache(path)
    assert cache.get(("k", "edited")) == "new" and cache.get(("k", 0)) == "v0"

    # Nothing changed: nothing written.
    stamp = delta.stat().st_mtime_ns
    cache = FileCache(path)
    for n in range(1, 1000):
        cache.get(("k", n))
    cache.get(("k", "edited"))
    cache.save()
    assert delta.stat().st_mtime_ns == stamp and path.read_bytes() == main_bytes

    # Many stale entries: the main file is rewritten with the live ones only.
    cache = FileCache(path)
    for n in range(500):
        cache.get(("k", n))
    cache.get(("k", "edited"))
    cache.save()
    assert not delta.exists()
    with path.open("rb") as fh:
        assert len(_load(fh.read())["entries"]) == 501
    cache = FileCache(path)
    assert cache.get(("k", 999)) is None and cache.get(("k", 499)) == "v499"

    # A side file written for another main file is ignored.
    other = tmp_path / "other/sources.pickle"
    first = FileCache(other)
    first.put("a", "1")
    first.save()
    second = FileCache(other)
    second.get("a")
    second.put("b", "2")
    second.save()
    path.with_suffix(".delta.pickle").write_bytes(other.with_suffix(".delta.pickle").read_bytes())
    assert FileCache(path).get("b") is None


class _Evil:
    """Unpickling this would create ``marker``: a foreign cache must never get that far."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def _load(blob: bytes) -> Any:
    """A cache file's payload (tests only: the cache itself never uses plain pickle)."""
    data = filecache.unseal(blob)
    assert data is not None, "not signed with this machine's key"
    return pickle.loads(data)


def _sealed(payload: object) -> bytes:
    sealed = filecache.seal(pickle.dumps(payload))
    assert sealed is not None
    return sealed


def _bad_caches(marker: Path) -> dict[str, bytes]:
    good = {"version": filecache._VERSION, "code": code_fingerprint(), "token": "t"}
    # Signed, so that the checks behind the signature are what is tested; and unsigned or
    # signed elsewhere, which is never even unpickled.
    sealed = {name: filecache.seal(data) or b"" for name, data in _unsealed(good, marker).items()}
    forged = b"gongbao-sources-sig:hmac-sha256:" + b"0" * 64 + b"\n"
    return {
        **sealed,
        "unsigned": pickle.dumps({**good, "entries": {}}),
        "another machine's signature": forged + pickle.dumps({**good, "entries": {}}),
        "unsigned code execution": pickle.dumps({**good, "entries": {"k": _Evil(marker)}}),
    }


def _unsealed(good: dict[str, str], marker: Path) -> dict[str, bytes]:
    return {
        "garbage": b"\x00\xffnot a pickle at all",
        "empty": b"",
        "truncated": pickle.dumps({**good, "entries": {("x",): 1}})[:20],
        "a list": pickle.dumps([1, 2, 3]),
        "an old version": pickle.dumps({"version": "gongbao-sources/1", "entries": {}}),
        "other code": pickle.dumps({**good, "code": "0" * 32, "entries": {}}),
        "entries not a dict": pickle.dumps({**good, "entries": [1, 2]}),
        "code execution": pickle.dumps({**good, "entries": {"k": _Evil(marker)}}),
        "chunks not a list": pickle.dumps({**good, "entries": {}, "chunks": b"x"}),
        "a chunk not a map": pickle.dumps({**good, "entries": {}, "chunks": [pickle.dumps([1])]}),
        "code execution in a chunk": pickle.dumps(
            {**good, "entries": {}, "chunks": [pickle.dumps({"k": _Evil(marker)})]}
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "garbage",
        "empty",
        "truncated",
        "a list",
        "an old version",
        "other code",
        "entries not a dict",
        "code execution",
        "chunks not a list",
        "a chunk not a map",
        "code execution in a chunk",
        "unsigned",
        "another machine's signature",
        "unsigned code execution",
    ],
)
def test_a_bad_cache_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    site = _site(tmp_path / "site")
    cold = _check(site)
    marker = tmp_path / "pwned"
    (site / CACHE).write_bytes(_bad_caches(marker)[name])
    assert _check(site) == cold
    assert not marker.exists()
    with monkeypatch.context() as patched:
        _no_parsing(patched)
        assert _check(site) == cold  # the rebuilt cache is complete


def test_foreign_values_under_valid_keys_are_reparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    cold = _check(site)
    # Same keys, values that are not what the loader stores (a cache from some other tool).
    with (site / CACHE).open("rb") as fh:
        payload = _load(fh.read())
    entries = payload["entries"]
    payload["entries"] = dict.fromkeys(entries, "not a record")
    (site / CACHE).write_bytes(_sealed(payload))
    assert _check(site) == cold
    with monkeypatch.context() as patched:
        _no_parsing(patched)
        assert _check(site) == cold
    # Real records, each under another file's key (a cache shuffled by some tool).
    keys = list(entries)
    payload["entries"] = dict(zip(keys, [entries[k] for k in keys[1:] + keys[:1]], strict=True))
    (site / CACHE).write_bytes(_sealed(payload))
    (site / CACHE).with_suffix(".delta.pickle").unlink()  # the re-parsed entries of the last run
    assert _check(site) == cold


def _many(root: Path, count: int) -> Path:
    files: dict[str, str] = {}
    for n in range(1, count + 1):
        number = f"平政办发〔2023〕{n}号"
        files[f"content/2023/d{n:03d}.md"] = policy(
            title=f"关于第{n}项工作的通知",
            doc_number=number,
            body=f"第{n}项工作。" + ("联系电话 13800138000。" if n % 7 == 0 else ""),
        )
        if n % 5:
            files[f"interpretations/2023/d{n:03d}.md"] = interpretation(interprets=number)
    files["content/2023/broken.md"] = "---\ntitle: 坏\nissuer: [\n---\n"
    files["content/2023/dup.md"] = policy(doc_number="平政办发〔2023〕3号")
    return write_site(root, files)


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork"
)
@pytest.mark.parametrize("bodies", [True, False])
def test_parallel_load_matches_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bodies: bool
) -> None:
    # The loader never forks a process with threads: a thread left running by an earlier test
    # would silently turn this into a serial-vs-serial comparison.
    assert threading.active_count() == 1, "a thread is running; the parallel path cannot run"
    settings = Settings(root=_many(tmp_path, 60))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 10**9)
    serial_corpus, serial_findings = loader.load_corpus(
        settings, None, scan=scan_record, bodies=bodies
    )

    used: list[bool] = []
    real = parallel._load_parallel

    def spy(*args: object) -> object:
        result = real(*args)  # type: ignore[arg-type]
        used.append(result is not None)
        return result

    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parallel, "_worker_count", lambda: 2)
    monkeypatch.setattr(parallel, "_load_parallel", spy)
    cache_path = tmp_path / "c.pickle"
    corpus, findings = loader.load_corpus(
        settings, FileCache(cache_path), scan=scan_record, bodies=bodies
    )
    assert used == [True]
    # Without bodies the workers' own pickles are the cache: no entry is pickled twice.
    with cache_path.open("rb") as fh:
        payload = _load(fh.read())
    assert (len(payload["chunks"]), len(payload["entries"])) == (
        (0, 110) if bodies else (len(parallel.spans(110, 2)), 0)
    )
    with monkeypatch.context() as patched:
        _no_parsing(patched)
        warm, warm_findings = loader.load_corpus(
            settings, FileCache(cache_path), scan=scan_record, bodies=bodies
        )
    assert warm_findings == findings
    assert warm.scans == corpus.scans
    assert [r.path for r in warm.policies] == [r.path for r in corpus.policies]
    assert findings == serial_findings
    assert [f.code for f in findings] == ["frontmatter.yaml"]
    assert corpus.scans == serial_corpus.scans
    assert sum(len(found) for found in corpus.scans.values()) == 8  # the mobile numbers
    for got, want in (
        (corpus.policies, serial_corpus.policies),
        (corpus.interpretations, serial_corpus.interpretations),
        (corpus.issues, serial_corpus.issues),
    ):
        assert [r.path for r in got] == [r.path for r in want]
        if bodies:
            assert got == want
            assert [r.body for r in got] == [r.body for r in want]
    assert corpus.broken_refs == serial_corpus.broken_refs


def test_cache_hits_give_back_bodies(tmp_path: Path) -> None:
    settings = Settings(root=_site(tmp_path))
    path = tmp_path / CACHE
    cold, cold_findings = loader.load_corpus(settings, FileCache(path), scan=scan_record)
    warm, warm_findings = loader.load_corpus(settings, FileCache(path), scan=scan_record)
    assert warm_findings == cold_findings
    assert warm.policies == cold.policies
    assert warm.interpretations == cold.interpretations
    assert warm.issues == cold.issues
    for got, want in zip(warm.policies, cold.policies, strict=True):
        assert (got.body, got.body_line) == (want.body, want.body_line)
        assert got.body


def test_a_warm_check_imports_no_engine(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _check(site)  # fills the source cache and the PDF text cache
    probe = (
        "import sys\n"
        "from gongbao.cli import main\n"
        "try:\n"
        "    main(['check'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pypdf', 'whoosh', 'jieba', 'markdown', 'mkdocs', 'multiprocessing',\n"
        "         'gongbao.core.model.fields', 'gongbao.cli.search', 'gongbao.core.search')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=site, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "[]", proc.stderr
    assert "检查了 2 份政策文件" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_processes_forked_during_a_check_collect_garbage(tmp_path: Path) -> None:
    # The check runs without the cyclic collector; a PDF reader it forks must not. What the
    # child inherits is frozen: its collections never walk the check's records.
    _check(_site(tmp_path))
    inherited = [[n] for n in range(1000)]  # tracked containers, as the check's records are
    gc.disable()
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            frozen = gc.get_freeze_count() >= len(inherited)
            os._exit(0 if gc.isenabled() and frozen else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        gc.enable()
    assert os.waitstatus_to_exitcode(status) == 0


def test_search_commands_load_on_demand() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "search" in result.output and "serve" in result.output
    assert CliRunner().invoke(main, ["search", "--help"]).exit_code == 0


# --- The leak scan's shortcuts ------------------------------------------------------------


def _folds() -> dict[str, str]:
    """Every character the scan folds, with what it becomes (as ``_FoldTable`` computes it)."""
    out = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.decomposition(char).startswith(characters.FOLD_TAGS):
            folded = unicodedata.normalize("NFKC", char)
            if len(folded) == 1:
                out[char] = folded
    return out


def _run_units(char: str) -> bytes:
    """How the pre-filter's first look sees ``char``: "qq" if it can be part of a number."""
    return char.encode("utf-16-le", "surrogatepass").translate(prefilter.RUN_BYTES)


def test_shortcut_assumptions_hold_for_every_code_point() -> None:
    folds = _folds()
    assert folds["１"] == "1" and folds["\u3000"] == " " and folds["－"] == "-"
    digit = re.compile(f"[{characters.DIGIT_CLASS}]")
    families = [characters.SPACES, characters.DASHES, characters.DOTS, characters.INVISIBLES]
    mark_chars = set("绝机秘工作密内部资料文件注意保") | set(characters.STARS)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = folds.get(char, char)
        # The detectors read text unfolded: their classes must hold every form.
        is_digit = folded.isascii() and folded.isdigit()
        assert bool(digit.fullmatch(char)) == is_digit, f"U+{code:04X}"
        for family in families:
            assert (folded in family) <= (char in family), f"U+{code:04X} folds into a family"
        if char != folded:
            assert folded not in "密内部", f"U+{code:04X} folds into a security mark"
            assert (folded in mark_chars) <= (char in characters.STARS), f"U+{code:04X}"
        # The UTF-16 look sees every digit and joiner, or leaves text with it to the regex.
        if is_digit or char in prefilter.JOINERS:
            assert len(_run_units(char)) == 4 or _run_units(char) == b"qq", f"U+{code:04X}"


_TOKENS = [
    "13800138000",
    "１３８００１３８０００",
    "138 0013 8000",
    "138-0013-8000",
    "1380 0138 000",
    "138.0013.8000",
    "+86 139\u30000000\u30000000",
    "86-13912345678",
    "1\u200b3\u200b8\u200b0\u200b0\u200b1\u200b3\u200b8\u200b0\u200b0\u200b0",
    "11010519491231002X",
    "１１０１０５１９４９１２３１００２Ｘ",
    "110101 1990 0307 1233",
    "110101-19900307-1233",
    "110101900307123",
    "&#49;&#49;&#48;&#49;&#48;&#49;&#49;&#57;&#57;&#48;&#48;&#51;&#48;&#55;&#49;&#50;&#51;&#51;",
    "4111111111111111",
    "4111 1111 1111 1111",
    "6222-0202-0011-2233-445",
    "622202 1234567890128",
    "𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎",
    "2023",
    "0933-8213456",
    "受理编号：",
    "秘密★1年",
    "机密 ★ 长期",
    "秘　密★1年",
    "★机密",
    "绝密☆",
    "内部资料",
    "内 部 文 件",
    "注意保密",
    "工作秘密",
    "“",
    "”",
    "秘",
    "密",
    "★",
    "政务公开",
    "&nbsp;",
    "&#x31;",
    "，",
    "。",
    "\n",
    " ",
    "-",
    "\u00ad",
    "X",
    "a",
    "1",
    "１",
    "\u3000",
]


def _full_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sensitive, "may_hold_number", lambda text: True)
    monkeypatch.setattr(sensitive, "may_hold_marks", lambda text: True)


def test_shortcuts_find_exactly_what_the_full_scan_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(20231)
    texts = ["", "政务公开", *_TOKENS]
    texts += ["".join(rng.choices(_TOKENS, k=rng.randint(1, 12))) for _ in range(3000)]
    fast = [sensitive.scan_text(t, allowed=("13800138000",)) for t in texts]
    may = [sensitive.may_hold_hits(t) for t in texts]
    _full_scan(monkeypatch)
    full = [sensitive.scan_text(t, allowed=("13800138000",)) for t in texts]
    assert fast == full
    # may_hold_hits is False only where the full scan finds nothing.
    assert all(hold or not hits for hold, hits in zip(may, full, strict=True))
    kinds = {hit.kind for hits in full for hit in hits}
    assert kinds == {
        sensitive.KIND_ID_CARD,
        sensitive.KIND_MOBILE,
        sensitive.KIND_BANK_CARD,
        sensitive.KIND_CLASSIFICATION,
    }
    assert sum(1 for hits in full if not hits) > 100
    assert sum(1 for hold in may if not hold) > 100


def test_a_bare_mobile_number_between_words_passes_the_first_look() -> None:
    # The shortest number (11 digits) with nothing that the first look could take for a digit
    # or a joiner around it: its run is exactly 11 code units.
    assert _run_units("政") != b"qq" and _run_units("务") != b"qq"
    assert sensitive.may_hold_hits("政务13800138000政务")
    assert not sensitive.may_hold_hits("政务1380013800政务")


def test_the_utf16_shortcut_passes_whatever_the_number_regex_passes() -> None:
    rng = random.Random(9704)
    pieces = [*_TOKENS, "１２", "３４５", "Ｐ", "\x15", "－", "\u3000", "年", "a1", "1a", "\u2060"]
    texts = ["".join(rng.choices(pieces, k=rng.randint(1, 10))) for _ in range(20_000)]
    passed = 0
    for text in texts:
        if prefilter._NUMBER_RE.search(text):
            passed += 1
            assert prefilter.may_hold_number(text), text
    assert passed > 5000


# --- 文号 normalisation's fast path ---------------------------------------------------------


def test_gb_form_fast_path_gives_the_normalised_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongbao.core.model import docnumber

    # The fast path assumes no CJK ideograph is a digit that normalisation would rewrite.
    assert not [c for c in map(chr, range(0x3400, 0xA000)) if c.isdigit()]
    values = [
        "平财发〔2015〕1号",
        "平政办发〔2023〕51号",
        "ABC〔2020〕3号",
        "Abc发〔2020〕30号",
        "平政办发〔2023〕051号",
        "平政办发〔23〕5号",
        "平政办发[2023]51号",
        "平政办发（2023）０51号",
        "平政办发 〔2023〕 51号",
        "平政办发〔2023〕第5号",
        "国务院令第711号",
        "海关总署公告2024年第10号",
        "平政发〔２０２３〕9号",
        " 平政发〔2023〕9号 ",
        "",
    ]
    fast = [
        (
            docnumber.canonical_doc_number(v),
            docnumber.doc_number_key(v),
            docnumber.lint_doc_number(v),
        )
        for v in values
    ]
    monkeypatch.setattr(docnumber, "_CANONICAL_RE", re.compile(r"(?!)"))
    docnumber.canonical_doc_number.cache_clear()
    docnumber.doc_number_key.cache_clear()
    try:
        slow = [
            (
                docnumber.canonical_doc_number(v),
                docnumber.doc_number_key(v),
                docnumber.lint_doc_number(v),
            )
            for v in values
        ]
    finally:
        docnumber.canonical_doc_number.cache_clear()
        docnumber.doc_number_key.cache_clear()
    assert fast == slow
    assert fast[0] == ("平财发〔2015〕1号", "平财发2015-1号", None)


class _ByName:
    """Pickles as ``getattr(owner, name)``: the form Python 3.11.0–3.11.4 give enum members."""

    def __init__(self, owner: object, name: str) -> None:
        self.owner, self.name = owner, name

    def __reduce__(self) -> tuple[Any, ...]:
        return getattr, (self.owner, self.name)


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_an_enum_member_pickled_by_name_is_read_and_nothing_else_by_getattr(
    protocol: int,
) -> None:
    import io

    from gongbao.core.model.records import PolicyDocument, Validity
    from gongbao.core.sources.filecache import _SafeUnpickler

    def load(value: object) -> object:
        return _SafeUnpickler(io.BytesIO(pickle.dumps(value, protocol))).load()

    assert load({"v": _ByName(Validity, "VALID")}) == {"v": Validity.VALID}
    # getattr reaches members only: no other attribute of a trusted class, no other class.
    for refused in (
        _ByName(Validity, "__class__"),
        _ByName(Validity, "NOT_A_MEMBER"),
        _ByName(PolicyDocument, "__init__"),
    ):
        with pytest.raises(pickle.UnpicklingError, match="not allowed in a gongbao cache"):
            load(refused)
