"""Summarise a cProfile of ``mkdocs build`` by area (gongbao core, Markdown, templates, search…).

    cd bench/out/sites/n1000-s1 && rm -rf site search-index .gongbao-cache
    python3 -m cProfile -o ../../build-n1000.prof -m mkdocs build --strict
    python3 bench/profile_summary.py bench/out/build-n1000.prof

Each area is the cumulative time of the named function(s); areas are nested (indented) where
one contains the other, so the top-level rows add up to roughly the whole build. cProfile
inflates pure-Python code (jieba, whoosh, YAML) more than C-backed code; read the shares as
an upper bound for those.
"""

from __future__ import annotations

import argparse
import pstats
from pathlib import Path

#: (depth, label, [(path suffix, function name), …]); times of the functions are summed.
AREAS: list[tuple[int, str, list[tuple[str, str]]]] = [
    (
        0,
        "gongbao on_pre_build: plan_site (load, rules, PDFs, safety, render)",
        [("core/site.py", "plan_site")],
    ),
    (1, "load_corpus (front matter YAML, schema)", [("core/loader.py", "load_corpus")]),
    (
        2,
        "yaml parsing (pure-Python SafeLoader)",
        [("yaml/__init__.py", "load"), ("yaml/__init__.py", "compose")],
    ),
    (1, "run_rules (三同步, 文号, gazette…)", [("core/rules.py", "run_rules")]),
    (1, "prepare_files (issue PDFs: read, outline, split)", [("core/assets.py", "prepare_files")]),
    (1, "safety_findings (leak scan, unsafe HTML)", [("core/safety.py", "safety_findings")]),
    (
        1,
        "render pages + archives + gazette",
        [
            ("core/render.py", "render_policy"),
            ("core/render.py", "render_interpretation"),
            ("core/render.py", "render_archives"),
            ("core/render_gazette.py", "render_gazette"),
            ("core/links.py", "build_link_graph"),
        ],
    ),
    (
        0,
        "MkDocs: Markdown → HTML (_populate_page)",
        [("mkdocs/commands/build.py", "_populate_page")],
    ),
    (
        0,
        "MkDocs: _build_page (templates + page-context plugins)",
        [("mkdocs/commands/build.py", "_build_page")],
    ),
    (1, "Jinja2 Material templates (nav, header, footer)", [("jinja2/environment.py", "render")]),
    (
        1,
        "Material search plugin: per-page entries (jieba)",
        [("material/plugins/search/plugin.py", "on_page_context")],
    ),
    (0, "gongbao on_post_build", [("mkdocs_plugin/plugin.py", "on_post_build")]),
    (1, "trim_client_index", [("mkdocs_plugin/search.py", "trim_client_index")]),
    (1, "whoosh build_index", [("search/whoosh/build.py", "build_index")]),
    (
        2,
        "search_records (markdown_to_text, normalize_text)",
        [("core/search_records.py", "search_records")],
    ),
    (3, "normalize_text (per-character _map_char)", [("core/textnorm.py", "normalize_text")]),
    (2, "writer.add_document (incl. segmentation)", [("whoosh/writing.py", "add_document")]),
    (3, "gongbao segment (jieba, sub-word expansion)", [("search/analysis.py", "segment")]),
    (2, "writer.commit (postings to disk)", [("whoosh/writing.py", "commit")]),
    (
        0,
        "Material search plugin: on_post_build (write index)",
        [("material/plugins/search/plugin.py", "on_post_build")],
    ),
]


def summarise(path: Path) -> list[tuple[int, str, float, float]]:
    """(depth, label, seconds, share of the whole build) per area."""
    stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    total = max(v[3] for v in stats.values())
    for (file, _, name), value in stats.items():
        if file.endswith("mkdocs/commands/build.py") and name == "build":
            total = value[3]
    rows = []
    for depth, label, functions in AREAS:
        seconds = sum(
            value[3]
            for (file, _, name), value in stats.items()
            if any(file.endswith(suffix) and name == fn for suffix, fn in functions)
        )
        rows.append((depth, label, seconds, seconds / total))
    rows.insert(0, (0, "whole build (mkdocs.commands.build.build)", total, 1.0))
    return rows


def main() -> None:
    """Print the summary as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    args = parser.parse_args()
    print("| area | seconds (profiled) | share |")
    print("| --- | ---: | ---: |")
    for depth, label, seconds, share in summarise(args.profile):
        indent = "&nbsp;&nbsp;" * 2 * depth + ("↳ " if depth else "")
        print(f"| {indent}{label} | {seconds:.1f} | {share:.0%} |")


if __name__ == "__main__":
    main()
