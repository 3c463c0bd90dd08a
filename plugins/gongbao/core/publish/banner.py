"""The banner a local preview (``mkdocs serve``) shows on every page while sources have errors.

A preview that serves nothing while one file is wrong leaves an editor with a blank browser
and a console they may not read; the preview renders what it can instead, and every page
says what a real build would refuse (``templates/gongbao/build_errors.html``, overridable).
"""

from __future__ import annotations

from collections.abc import Iterable

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.publish.templating import Templates

__all__ = ["error_banner"]


def error_banner(findings: Iterable[Finding], settings: Settings) -> str:
    """The banner's HTML for ``findings`` (escaped by the template)."""
    ordered = sorted(findings, key=lambda f: (f.path, f.line or 0, f.code, f.message))
    rows = [
        {
            "where": f"{f.path}:{f.line}" if f.line else f.path,
            "message": f.message,
            "fix": f.fix,
        }
        for f in ordered
    ]
    return Templates(settings.template_dirs).render("build_errors.html", findings=rows)
