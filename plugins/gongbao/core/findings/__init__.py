"""Findings: what rules and loaders report, in one message shape."""

from gongbao.core.findings.finding import (
    Finding,
    FindingsError,
    Severity,
    errors,
    format_findings,
)

__all__ = ["Finding", "FindingsError", "Severity", "errors", "format_findings"]
