"""One 检查指标 item as the audit decides it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

__all__ = ["AuditItem", "Kind", "Result"]


class Kind(enum.Enum):
    """How the indicators weigh an item."""

    VETO = "单项否决"
    """Failing it alone makes the site 不合格."""
    DEDUCT = "扣分"
    """Failing it costs points."""


class Result(enum.Enum):
    """What the audit found."""

    PASS = "通过"
    FAIL = "不通过"
    UNDECIDED = "未检查"
    """The audit could not decide it (e.g. no built site to scan)."""


@dataclass(frozen=True)
class AuditItem:
    """One item: its name, weight, result, a one-line evidence and the details behind it."""

    name: str
    kind: Kind
    result: Result
    evidence: str
    details: tuple[str, ...] = ()
    """Each problem found (file and line, page, value), for the editor to fix."""

    @property
    def vetoes(self) -> bool:
        """Whether this item alone fails the site."""
        return self.kind is Kind.VETO and self.result is Result.FAIL

    def as_json(self) -> dict[str, Any]:
        """The item for ``--json``."""
        return {
            "item": self.name,
            "kind": self.kind.value,
            "result": self.result.value,
            "evidence": self.evidence,
            "details": list(self.details),
        }
