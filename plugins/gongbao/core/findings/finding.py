"""Findings: what rules and loaders report, and the one message shape they share.

Every finding names the file (site-relative), the line where known, what was expected and what
was received, and how to fix it. The core never decides whether a finding stops the build: the
MkDocs adapter and the CLI do (errors fail, warnings are logged so ``--strict`` counts them).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from gongbao.core.errors import GongbaoError

__all__ = ["Finding", "FindingsError", "Severity", "errors", "format_findings"]


class Severity(enum.Enum):
    """How bad a finding is."""

    ERROR = "error"
    """Stops the build and makes ``gongbao check`` exit 1."""
    WARNING = "warning"
    """Logged; fails ``mkdocs build --strict``."""
    NOTICE = "notice"
    """Logged as information; never fails a build, not even ``--strict``."""


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in the sources."""

    path: str
    """Site-relative path of the file, e.g. ``content/policies/2023/a.md`` (or ``mkdocs.yml``)."""
    line: int | None
    """1-based line number in that file, when known."""
    code: str
    """Stable rule identifier, e.g. ``sync.missing`` or ``field.type``."""
    message: str
    """What is wrong: expected vs received, in the editors' language."""
    fix: str = ""
    """How to fix it; empty when the message already says."""
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        """``path:line`` or ``path``."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def format(self) -> str:
        """The one-paragraph message shown to editors."""
        text = f"{self.location}: {self.message}"
        if self.fix:
            text += f" 修改建议：{self.fix}"
        return text

    @property
    def is_error(self) -> bool:
        """True for findings that stop the build."""
        return self.severity is Severity.ERROR


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that stop the build, in a stable order."""
    return sorted(f for f in findings if f.is_error)


def format_findings(findings: Iterable[Finding]) -> str:
    """Join findings into one message, one paragraph each, sorted by file and line."""
    items = sorted(findings, key=lambda f: (f.path, f.line or 0, f.code, f.message))
    return "\n".join(f.format() for f in items)


class FindingsError(GongbaoError):
    """Raised when the sources have errors; carries every finding, not just the first."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = sorted(findings, key=lambda f: (f.path, f.line or 0, f.code, f.message))
        count = sum(1 for f in self.findings if f.is_error)
        super().__init__(f"发现 {count} 个错误，未生成网站：\n" + format_findings(self.findings))
