"""The README and the error reference are generated from the tables they document."""

from __future__ import annotations

import re
from pathlib import Path

from gongbao.cli import COMMANDS
from gongbao.core.config.options import OPTIONS
from gongbao.core.model.fields import GAZETTE_FIELDS, INTERPRETATION_FIELDS, POLICY_FIELDS
from gongbao.core.scan.markup_reference import markup_markdown
from gongbao.reference import SECTIONS, update_readme

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_generated_sections_are_current() -> None:
    # Regenerate with: python3 -m gongbao.reference
    assert update_readme(README) == README
    assert set(re.findall(r"<!-- generated:([a-z-]+) -->", README)) == set(SECTIONS)


def test_readme_lists_every_option_field_and_command() -> None:
    for option in OPTIONS:
        assert f"| `{option.name}` |" in README, option.name
    for spec in (*POLICY_FIELDS, *INTERPRETATION_FIELDS, *GAZETTE_FIELDS):
        assert f"| `{spec.name}`" in README, spec.name
    for name in COMMANDS:
        assert f"| `gongbao {name}` |" in README, name


def test_readme_opens_with_the_two_setup_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    first = (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && mkdocs build --strict"
    )
    assert block == f"{first}\nscripts/test\n"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first in ci
    assert "scripts/test" in ci


def test_the_pre_commit_hook_is_the_check() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "gongbao-check",
        "gongbao check",
        "python",
    )
    assert hook["pass_filenames"] is False
    assert "id: gongbao-check" in README


def test_the_markup_reference_is_the_allow_list() -> None:
    # Regenerate with: python3 -m gongbao.reference
    assert (ROOT / "docs" / "markup.md").read_text(encoding="utf-8") == markup_markdown()
