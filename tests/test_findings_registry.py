"""Every finding comes from a registered code, and every code is emitted, tested and documented."""

from __future__ import annotations

import ast
from pathlib import Path

from gongbao.core.findings.catalogue import FAMILY_HEADINGS
from gongbao.core.findings.codes import REGISTRY, Code, declare
from gongbao.core.findings.finding import Severity
from gongbao.core.findings.reference import reference_markdown

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "plugins" / "gongbao"
CATALOGUE = PACKAGE / "core" / "findings" / "catalogue"


def _names_used(path: Path) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(path.read_text("utf-8"))) if isinstance(n, ast.Name)}


def _constants() -> dict[str, Code]:
    """Catalogue constant name → its code."""
    found: dict[str, Code] = {}
    for path in CATALOGUE.glob("*.py"):
        module = "gongbao.core.findings.catalogue." + path.stem
        namespace = __import__(module, fromlist=["_"])
        found.update((k, v) for k, v in vars(namespace).items() if isinstance(v, Code))
    return found


def test_findings_are_made_only_through_registered_codes() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.is_relative_to(PACKAGE / "core" / "findings"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Finding":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_every_code_is_declared_once_with_its_texts() -> None:
    constants = _constants()
    assert sorted(c.id for c in constants.values()) == sorted(REGISTRY)
    for code in REGISTRY.values():
        assert code.family in FAMILY_HEADINGS, code.id
        assert code.title and code.explanation and code.fix, code.id
    try:
        declare("sync.missing", Severity.ERROR, "x", "x", "x")
    except AssertionError as exc:
        assert "declared twice" in str(exc)
    else:  # pragma: no cover - the registry must refuse
        raise AssertionError("a second declaration was accepted")


def test_every_code_is_emitted_somewhere() -> None:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if not path.is_relative_to(CATALOGUE):
            used |= _names_used(path)
    dead = sorted(name for name in _constants() if name not in used)
    assert dead == []


def test_every_code_is_tested() -> None:
    tests = "\n".join(
        p.read_text("utf-8")
        for p in (ROOT / "tests").rglob("*.py")
        if p.name != Path(__file__).name
    )
    untested = sorted(code for code in REGISTRY if f'"{code}"' not in tests)
    assert untested == []


def test_the_error_reference_lists_every_code() -> None:
    page = reference_markdown()
    for code in REGISTRY.values():
        assert f"### `{code.id}` {code.title}" in page
    assert (ROOT / "docs" / "errors.md").read_text("utf-8") == page
