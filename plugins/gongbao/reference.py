"""Reference documentation generated from the tables it documents.

The README's content-model, plugin-option and command tables, ``docs/errors.md`` (the
Chinese error reference) and ``docs/markup.md`` (the markup allow-list) are made here from the
field tables, the option table, the command group, the finding-code registry and the
allow-list, so the documentation cannot drift from the code:
``tests/test_docs.py`` fails when the committed text differs from what this module makes.

    python3 -m gongbao.reference          # rewrite README.md's tables, docs/errors.md, docs/markup.md
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from gongbao.cli import COMMANDS, main
from gongbao.core.config.options import OPTIONS, Option
from gongbao.core.findings.reference import reference_markdown
from gongbao.core.model.fields import (
    CONSULTATION_FIELDS,
    GAZETTE_FIELDS,
    INTERPRETATION_FIELDS,
    POLICY_FIELDS,
    FieldSpec,
)
from gongbao.core.scan.markup_reference import markup_markdown

__all__ = ["SECTIONS", "commands_table", "fields_table", "options_table", "update"]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def fields_table(fields: Iterable[FieldSpec]) -> str:
    """The content-model table of one kind of source."""
    rows = [_row(("key (alias)", "required", "value")), _row(("---", "---", "---"))]
    for spec in fields:
        aliases = f" ({', '.join(spec.aliases)})" if spec.aliases else ""
        rows.append(_row((f"`{spec.name}`{aliases}", "yes" if spec.required else "no", spec.doc)))
    return "\n".join(rows)


def _default(option: Option) -> str:
    if option.readme_default:
        return option.readme_default
    value = option.default
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return f"`[{', '.join(value)}]`"
    return f"`{value}`"


def options_table() -> str:
    """The plugin options table."""
    rows = [_row(("option", "default", "meaning")), _row(("---", "---", "---"))]
    rows += [_row((f"`{o.name}`", _default(o), o.doc)) for o in OPTIONS]
    return "\n".join(rows)


def commands_table() -> str:
    """Every ``gongbao`` command with the first line of its help."""
    ctx = click.Context(main)
    rows = [_row(("command", "what it does")), _row(("---", "---"))]
    for name in sorted(COMMANDS):
        command = main.get_command(ctx, name)
        assert command is not None
        rows.append(_row((f"`gongbao {name}`", command.get_short_help_str(limit=200))))
    return "\n".join(rows)


SECTIONS = {
    "policy-fields": lambda: fields_table(POLICY_FIELDS),
    "interpretation-fields": lambda: fields_table(INTERPRETATION_FIELDS),
    "gazette-fields": lambda: fields_table(GAZETTE_FIELDS),
    "consultation-fields": lambda: fields_table(CONSULTATION_FIELDS),
    "options": options_table,
    "commands": commands_table,
}
"""README sections, each between ``<!-- generated:NAME -->`` and ``<!-- /generated -->``."""

_SECTION_RE = re.compile(r"(<!-- generated:([a-z-]+) -->\n)(.*?)(\n<!-- /generated -->)", re.S)


def update_readme(text: str) -> str:
    """``text`` (a README) with every generated section made anew."""

    def fill(match: re.Match[str]) -> str:
        return match[1] + SECTIONS[match[2]]() + match[4]

    return _SECTION_RE.sub(fill, text)


def update(root: Path) -> list[Path]:
    """Rewrite the generated parts of ``root``'s README.md and docs/errors.md; the files
    that changed."""
    changed = []
    readme = root / "README.md"
    for path, text in (
        (readme, update_readme(readme.read_text("utf-8"))),
        (root / "docs" / "errors.md", reference_markdown()),
        (root / "docs" / "markup.md", markup_markdown()),
    ):
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for changed_path in update(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"updated {changed_path}")
