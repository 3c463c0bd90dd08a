"""The registry of finding codes: one declaration per code, used by every module that reports.

A code is a stable identifier (``sync.missing``) with its usual severity, a one-line Chinese
title, an explanation of why it matters and the usual fix. Reporting modules create findings
only through a :class:`Code` (``SYNC_MISSING(path, line, message, fix)``), never with
``Finding(...)`` directly (``tests/test_findings_registry.py`` checks it), so every finding a
build can emit is registered here and documented in the generated error reference
(:mod:`gongbao.core.findings.reference`, ``docs/errors.md``).

The declarations themselves live in :mod:`gongbao.core.findings.catalogue`, by family (the
prefix before the dot), each family with its Chinese heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongbao.core.findings.finding import Finding, Severity

__all__ = ["REGISTRY", "Code", "declare"]


@dataclass(frozen=True)
class Code:
    """One finding code and what the error reference says about it."""

    id: str
    """Stable identifier, ``family.name``; shown in ``--json`` output and the reference."""
    severity: Severity
    """The usual severity. A few codes follow a plugin option (``pdf_errors``,
    ``normative_in_gazette``); the explanation says which."""
    title: str
    """One line, Chinese: what is wrong."""
    explanation: str
    """Why it matters, for the error reference."""
    fix: str
    """The usual fix, for the error reference (each finding carries its own, concrete fix)."""

    @property
    def is_error(self) -> bool:
        """Whether findings of this code usually stop the build."""
        return self.severity is Severity.ERROR

    @property
    def family(self) -> str:
        """The prefix before the first dot: ``sync`` for ``sync.missing``."""
        return self.id.partition(".")[0]

    def __call__(
        self,
        path: str,
        line: int | None,
        message: str,
        fix: str = "",
        *,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this code at ``path:line``."""
        return Finding(path, line, self.id, message, fix, severity or self.severity)


REGISTRY: dict[str, Code] = {}
"""Every code, by id, in declaration order."""


def declare(code_id: str, severity: Severity, title: str, explanation: str, fix: str) -> Code:
    """Register a code once; a second declaration of the same id is a programming error."""
    if code_id in REGISTRY:
        raise AssertionError(f"finding code {code_id!r} is declared twice")
    code = Code(code_id, severity, title, explanation, fix)
    REGISTRY[code_id] = code
    return code
