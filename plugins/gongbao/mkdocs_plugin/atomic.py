"""Atomic site output: build into a sibling folder, then swap it in.

MkDocs writes pages straight into ``site_dir`` and empties it first, so a build that fails
half-way (or is killed) would leave a half-written site. The plugin points MkDocs at a staging
folder next to ``site_dir`` and renames it into place only after the whole build succeeded.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.utils import CountHandler

__all__ = ["AtomicSite", "strict_warnings"]

_STAGING = ".gongbao-staging-"
_OLD = ".gongbao-old-"


def strict_warnings() -> int:
    """Warnings MkDocs has counted so far for ``--strict`` (it aborts after ``on_post_build``)."""
    return sum(
        count
        for handler in logging.getLogger("mkdocs").handlers
        if isinstance(handler, CountHandler)
        for _, count in handler.get_counts()
    )


class AtomicSite:
    """A staging folder for ``target`` that replaces it only on :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        self.staging = self.target.with_name(f"{_STAGING}{self.target.name}-{os.getpid()}")
        self.old = self.target.with_name(f"{_OLD}{self.target.name}-{os.getpid()}")

    def prepare(self) -> Path:
        """Clear leftovers of killed builds and return an empty staging folder."""
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        for prefix in (_STAGING, _OLD):
            for leftover in parent.glob(f"{prefix}{self.target.name}-*"):
                # A build killed between the two renames of commit() left the site here.
                if prefix == _OLD and not self.target.exists():
                    leftover.rename(self.target)
                else:
                    shutil.rmtree(leftover, ignore_errors=True)
        self.staging.mkdir()
        return self.staging

    def commit(self) -> None:
        """Swap the staging folder in; the window without ``target`` is two renames long."""
        if not self.staging.exists():
            return
        if self.target.exists():
            self.target.rename(self.old)
        self.staging.rename(self.target)
        shutil.rmtree(self.old, ignore_errors=True)

    def discard(self) -> None:
        """Forget the staging folder (after a failure, or after commit)."""
        shutil.rmtree(self.staging, ignore_errors=True)
