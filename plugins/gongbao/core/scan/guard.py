"""The Markdown guard: a Python-Markdown extension the build adds to every page's conversion.

Two duties the source scanners cannot fully take on, because they depend on what the
renderer really does:

* **Attributes.** It notes every element's attributes just before attr_list runs and checks,
  just after, every attribute attr_list set or changed (:func:`attr_list_problem`), and the
  link targets of every ``<a>`` and ``<img>`` (:func:`url_problem`). Attributes that other
  extensions generate (tables' alignment, tabbed sets' inputs) are not the editor's and are
  left alone; raw HTML is in the source as written and is judged there
  (:mod:`gongbao.core.scan.html`).
* **Time.** Python-Markdown has quadratic paths (a body of nested ``[`` takes minutes); the
  guard arms a timer when conversion starts and disarms it when it ends. Past the limit the
  ``on_timeout`` callback raises. The timer is ``SIGALRM``: it exists on POSIX and only in
  the main thread; elsewhere (Windows, ``mkdocs serve`` rebuilding in a thread) conversion
  runs unbounded.

The guard is shared by every page of a build: the adapter reads :meth:`MarkupGuard.take`
after each page and turns what it returns into findings for that page.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from gongbao.core.errors import GongbaoError
from gongbao.core.scan.allowlist import attr_list_problem, url_problem

__all__ = ["MarkupGuard", "MarkupTimeoutError"]

# attr_list's tree processor runs at priority 8: note attributes just before, check just after.
_BEFORE_ATTR_LIST = 8.5
_AFTER_ATTR_LIST = 7.9
_LINKS = {"a": "href", "img": "src"}


class MarkupTimeoutError(GongbaoError):
    """Converting one page took longer than the configured limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"Markdown 转换超过 {seconds:g} 秒")
        self.seconds = seconds


def _raise_timeout(seconds: float) -> None:
    raise MarkupTimeoutError(seconds)


class _Note(Treeprocessor):
    def __init__(self, md: Markdown, guard: MarkupGuard) -> None:
        super().__init__(md)
        self.guard = guard

    def run(self, root: Element) -> None:
        self.guard.before = {id(element): dict(element.attrib) for element in root.iter()}


class _Check(Treeprocessor):
    def __init__(self, md: Markdown, guard: MarkupGuard) -> None:
        super().__init__(md)
        self.guard = guard

    def run(self, root: Element) -> None:
        before = self.guard.before
        for element in root.iter():
            old = before.get(id(element), {})
            for name, value in element.attrib.items():
                if name not in old or old[name] != value:  # bare words hold None
                    self.guard.report(element.tag, attr_list_problem(name.lower(), value))
            link = _LINKS.get(str(element.tag))
            if link and element.get(link) is not None:
                self.guard.report(element.tag, url_problem(element.get(link, ""), tag="img"))
        self.guard.before = {}


class _Arm(Preprocessor):
    def __init__(self, md: Markdown, guard: MarkupGuard) -> None:
        super().__init__(md)
        self.guard = guard

    def run(self, lines: list[str]) -> list[str]:
        self.guard.arm()
        return lines


class _Disarm(Postprocessor):
    def __init__(self, md: Markdown, guard: MarkupGuard) -> None:
        super().__init__(md)
        self.guard = guard

    def run(self, text: str) -> str:
        self.guard.disarm()
        return text


class MarkupGuard(Extension):
    """Check attribute lists and links as rendered, and bound the time of one conversion."""

    def __init__(
        self,
        *,
        time_limit: float = 0,
        on_timeout: Callable[[float], None] = _raise_timeout,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.time_limit = time_limit
        self.on_timeout = on_timeout
        self.before: dict[int, dict[str, str]] = {}
        self.problems: list[tuple[str, str]] = []
        self._armed_at: float | None = None
        self._previous: Any = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register the processors (Python-Markdown calls this once per converter)."""
        md.preprocessors.register(_Arm(md, self), "gongbao_arm", 1000)
        md.treeprocessors.register(_Note(md, self), "gongbao_note", _BEFORE_ATTR_LIST)
        md.treeprocessors.register(_Check(md, self), "gongbao_check", _AFTER_ATTR_LIST)
        md.postprocessors.register(_Disarm(md, self), "gongbao_disarm", -1000)

    def report(self, tag: object, problem: str | None) -> None:
        """Note one refused attribute of an element ``tag`` (None: nothing to note)."""
        if problem:
            self.problems.append((str(tag), problem))

    def take(self) -> list[tuple[str, str]]:
        """(tag, reason) of every refusal since the last call, in document order."""
        problems, self.problems = self.problems, []
        return problems

    # --- Time -------------------------------------------------------------------------------

    def _can_time(self) -> bool:
        return (
            self.time_limit > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def arm(self) -> None:
        """Start the clock of one conversion (a no-op where no timer can run)."""
        if not self._can_time():
            return
        self.disarm()
        self._armed_at = time.monotonic()
        self._previous = signal.signal(signal.SIGALRM, self._expired)
        signal.setitimer(signal.ITIMER_REAL, self.time_limit)

    def disarm(self) -> None:
        """Stop the clock; safe to call when it is not running (after a failed conversion)."""
        if self._armed_at is None:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous or signal.SIG_DFL)
        self._armed_at = None
        self._previous = None

    def _expired(self, signum: int, frame: Any) -> None:
        self.disarm()
        self.on_timeout(self.time_limit)
