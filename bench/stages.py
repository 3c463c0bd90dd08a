"""Time gongbao's own build stages in one process, without a profiler's overhead.

    python3 bench/stages.py bench/out/sites/n1000-s1

Runs the core the way the MkDocs plugin does (``plan_site`` → ``search_records`` →
``build_index``) on a generated archive and prints seconds per stage, plus two what-ifs that
size the fixes suggested in docs/performance.md:

* front matter parsed with libyaml (``yaml.CSafeLoader``, once) instead of the pure-Python
  ``SafeLoader`` (twice: ``load`` and ``compose``);
* the whoosh index built a second time with nothing changed (with a token cache: whoosh's own
  cost without jieba; with in-place updates: the cost of finding that nothing changed).

The index is built in a temporary folder; nothing in the site is changed.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from gongbao.core.config.siteconfig import load_settings
from gongbao.core.publish.pipeline import check_site, plan_site
from gongbao.core.rules import run_rules
from gongbao.core.search.analysis import dictionary_terms, segment
from gongbao.core.search.site_records import search_records
from gongbao.core.search.whoosh.build import build_index
from gongbao.core.sources.frontmatter import parse_source
from gongbao.core.sources.load import load_corpus

T = TypeVar("T")


def timed(label: str, results: dict[str, float], fn: Callable[[], T]) -> T:
    """Run ``fn``, store its wall time under ``label``, print it, return its value."""
    started = time.perf_counter()
    value = fn()
    results[label] = round(time.perf_counter() - started, 3)
    print(f"{results[label]:9.2f} s  {label}", file=sys.stderr)
    return value


def front_matters(site: Path) -> list[str]:
    """The YAML text of every source's front matter."""
    texts = []
    for folder in ("content", "interpretations", "gazette"):
        for path in sorted((site / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                texts.append(text[4:].split("\n---\n", 1)[0])
    return texts


def main() -> None:
    """Command line: ``stages.py SITE [--json OUT]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", type=Path, help="also write the timings here")
    args = parser.parse_args()
    site: Path = args.site.resolve()
    settings = load_settings(site / "mkdocs.yml")
    r: dict[str, float] = {}

    sources = [
        (p, p.read_text(encoding="utf-8"))
        for folder in ("content", "interpretations", "gazette")
        for p in sorted((site / folder).rglob("*.md"))
    ]
    timed(
        "frontmatter.parse_source, all sources",
        r,
        lambda: [parse_source(t, str(p)) for p, t in sources],
    )
    metas = front_matters(site)
    timed(
        "what-if: yaml.load(CSafeLoader), all front matters",
        r,
        lambda: [yaml.load(m, Loader=yaml.CSafeLoader) for m in metas],
    )
    corpus, _ = timed("load_corpus", r, lambda: load_corpus(settings))
    timed("run_rules", r, lambda: run_rules(corpus, settings))
    timed("check_site (= gongbao check, in process)", r, lambda: check_site(settings))
    plan = timed("plan_site (plugin on_pre_build)", r, lambda: plan_site(settings))
    records = timed(
        "search_records (markdown_to_text + normalize_text)",
        r,
        lambda: list(search_records(plan, settings)),
    )
    terms = dictionary_terms(())
    timed(
        "segment all records (jieba, index mode, no cache)",
        r,
        lambda: [segment(x.body, terms, index=True) for x in records],
    )
    # Older gongbao kept a token cache (``cache_dir``); newer updates the index in place.
    takes_cache = "cache_dir" in inspect.signature(build_index).parameters
    with tempfile.TemporaryDirectory() as tmp:
        extra: dict[str, Any] = {"cache_dir": Path(tmp) / "cache"} if takes_cache else {}
        cold = timed(
            "build_index, cold", r, lambda: build_index(records, Path(tmp) / "ix", **extra)
        )
        warm = timed(
            "build_index again, nothing changed (token cache or in-place update)",
            r,
            lambda: build_index(records, Path(tmp) / "ix", **extra),
        )
    info: dict[str, Any] = {
        "site": str(site),
        "records": len(records),
        "body_chars": sum(len(x.body) for x in records),
        "cold": {"resegmented": cold.resegmented, "size_bytes": cold.size_bytes},
        "warm": {"resegmented": warm.resegmented, "reused": warm.reused},
        "seconds": r,
    }
    print(json.dumps(info, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
