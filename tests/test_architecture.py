"""The domain core never imports MkDocs; engines sit behind one module each."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "plugins" / "gongbao"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def _top(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_core_never_imports_mkdocs() -> None:
    core = sorted((PACKAGE / "core").rglob("*.py"))
    assert len(core) > 10
    offenders = {p.relative_to(PACKAGE).as_posix() for p in core if "mkdocs" in _top(_imports(p))}
    assert offenders == set()


def test_core_never_imports_the_adapter() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        assert not any(n.startswith("gongbao.mkdocs_plugin") for n in _imports(path)), path


def test_engines_are_isolated() -> None:
    users: dict[str, set[str]] = {"pypdf": set(), "whoosh": set()}
    for path in PACKAGE.rglob("*.py"):
        for engine in users:
            if engine in _top(_imports(path)):
                users[engine].add(path.relative_to(PACKAGE).as_posix())
    assert users["pypdf"] == {"core/pdf/ops.py"}  # the operations run in the sandboxed child
    # The whoosh engine's package only: schema, build, query, the codec (the block layout),
    # postings, matches and bulk (whoosh's queries evaluated over those blocks), facets, backend.
    assert users["whoosh"] and all(p.startswith("core/search/whoosh/") for p in users["whoosh"])


def test_the_query_language_and_tantivy_never_import_whoosh() -> None:
    # One query tree, two translations: the parser and the tree belong to no engine, and the
    # tantivy engine runs without whoosh installed.
    search = PACKAGE / "core" / "search"
    neutral = [p for p in search.rglob("*.py") if not p.is_relative_to(search / "whoosh")]
    assert len(neutral) > 15
    for path in neutral:
        assert "whoosh" not in _top(_imports(path)), path
        if path.name != "engines.py":  # which loads the engine an index names
            names = _imports(path)
            assert not any(n.startswith("gongbao.core.search.whoosh") for n in names), path
    for path in (search / "query").rglob("*.py"):
        assert not _top(_imports(path)) & {"whoosh", "tantivy"}, path
