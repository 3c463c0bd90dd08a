"""Drive Debian's headless Chromium over the DevTools protocol, with nothing but the stdlib.

Chromium started with ``--remote-debugging-pipe`` reads protocol messages on file descriptor 3
and writes its answers on 4, each a JSON object ending in a NUL byte. That is all a test needs
to open a page at a given viewport, run scripts in it before the page's own (a
``PerformanceObserver`` for layout shifts), click, reload, and record every request the page
and its frames and workers make, without a driver binary or a browser download.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIMEOUT = 60.0


def _high(fd: int) -> int:
    """``fd`` moved above 9, so that putting another on 3 or 4 never closes it."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class ProtocolError(AssertionError):
    """Chromium answered a command with an error."""


class Browser:
    """One headless Chromium process and its protocol connection."""

    def __init__(self) -> None:
        assert CHROMIUM, "headless Chromium is needed: apt-get install chromium"
        self.profile = tempfile.mkdtemp(prefix="gongbao-chromium-")
        to_child_r, self._to_child = (_high(fd) for fd in os.pipe())
        self._from_child, from_child_w = (_high(fd) for fd in os.pipe())
        # bash (dash takes no fd above 9) puts the pipe ends on fds 3 and 4, where Chromium expects them.
        self.process = subprocess.Popen(
            [
                "bash",
                "-c",
                f'exec "$0" "$@" 3<&{to_child_r} 4>&{from_child_w} {to_child_r}<&- {from_child_w}>&-',
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--allow-file-access-from-files",
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._lock = threading.Lock()
        self._answers: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._listeners: list[Callable[[dict[str, Any]], None]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._answers[-1] = {}
                    self._cond.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                for listener in list(self._listeners):
                    listener(message)
                with self._cond:
                    if "id" in message:
                        self._answers[message["id"]] = message
                    else:
                        self._events.append(message)
                    self._cond.notify_all()

    def post(self, method: str, session: str | None = None, **params: Any) -> int:
        """Send a command without waiting for its answer; its id."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            message: dict[str, Any] = {"id": ident, "method": method, "params": params}
            if session:
                message["sessionId"] = session
            os.write(self._to_child, json.dumps(message).encode() + b"\0")
        return ident

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and return its result."""
        ident = self.post(method, session, **params)
        deadline = time.monotonic() + TIMEOUT
        with self._cond:
            while ident not in self._answers:
                if -1 in self._answers:
                    raise ProtocolError(f"Chromium exited during {method}")
                if not self._cond.wait(timeout=deadline - time.monotonic()):
                    raise ProtocolError(f"no answer to {method} in {TIMEOUT} s")
            answer = self._answers.pop(ident)
        if "error" in answer:
            raise ProtocolError(f"{method}: {answer['error']}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def wait_event(
        self, method: str, session: str, since: int, timeout: float = TIMEOUT
    ) -> dict[str, Any]:
        """The first event ``method`` of ``session`` received after event number ``since``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self._events[since:]:
                    if event["method"] == method and event.get("sessionId") == session:
                        return event
                if not self._cond.wait(timeout=max(0.0, deadline - time.monotonic())):
                    raise ProtocolError(f"no {method} in {timeout} s")

    def event_count(self) -> int:
        """How many events have arrived (a mark for :meth:`wait_event`)."""
        with self._cond:
            return len(self._events)

    def events(self, method: str) -> list[dict[str, Any]]:
        """Every event ``method`` received so far, of every session."""
        with self._cond:
            return [e for e in self._events if e["method"] == method]

    def new_page(self, width: int = 1280, height: int = 900, mobile: bool = False) -> Page:
        """A new tab at the given viewport, with its requests recorded."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        return Page(self, session, width, height, mobile)

    def close(self) -> None:
        """Stop Chromium and remove its profile."""
        try:
            self.post("Browser.close")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)
        os.close(self._to_child)
        self._reader.join(timeout=5)
        os.close(self._from_child)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab."""

    def __init__(self, browser: Browser, session: str, width: int, height: int, mobile: bool):
        self.browser = browser
        self.session = session
        self.requests: list[str] = []
        self._children: set[str] = set()
        browser._listeners.append(self._record)
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        # Frames and workers get their own sessions: record their requests too.
        self.send(
            "Target.setAutoAttach", autoAttach=True, waitForDebuggerOnStart=True, flatten=True
        )

    def _record(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        session = message.get("sessionId")
        if method == "Network.requestWillBeSent" and (
            session == self.session or session in self._children
        ):
            self.requests.append(message["params"]["request"]["url"])
        elif method == "Target.attachedToTarget" and session == self.session:
            child = message["params"]["sessionId"]
            self._children.add(child)
            self.browser.post("Network.enable", child)
            self.browser.post(
                "Target.setAutoAttach",
                child,
                autoAttach=True,
                waitForDebuggerOnStart=True,
                flatten=True,
            )
            self.browser.post("Runtime.runIfWaitingForDebugger", child)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to this tab."""
        return self.browser.send(method, self.session, **params)

    def init_script(self, source: str) -> None:
        """Run ``source`` in every document of this tab before the document's own scripts."""
        self.send("Page.addScriptToEvaluateOnNewDocument", source=source)

    def goto(self, url: str, settle: float = 0.5) -> None:
        """Open ``url`` and wait for its load event, then ``settle`` seconds more."""
        mark = self.browser.event_count()
        answer = self.send("Page.navigate", url=url)
        if answer.get("errorText"):
            raise ProtocolError(f"{url}: {answer['errorText']}")
        self.browser.wait_event("Page.loadEventFired", self.session, mark)
        time.sleep(settle)

    def reload(self, settle: float = 0.5) -> None:
        """Reload and wait for the load event."""
        mark = self.browser.event_count()
        self.send("Page.reload")
        self.browser.wait_event("Page.loadEventFired", self.session, mark)
        time.sleep(settle)

    def eval(self, expression: str) -> Any:
        """The value of ``expression`` (promises awaited), as JSON."""
        answer = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in answer:
            raise ProtocolError(f"{expression[:80]}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element ``selector`` (of its first line, for a
        link that wraps: the middle of its whole box can fall between its lines)."""
        box = self.eval(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)})"
            "; const r = e.getClientRects()[0] || e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                type=kind,
                x=box[0],
                y=box[1],
                button="left",
                clickCount=1,
            )

    def follow(self, selector: str, settle: float = 0.3) -> str:
        """Click the link ``selector`` as a reader does and wait for the page it opens; its URL."""
        self.eval(
            f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'center', behavior: 'instant'}})"
        )
        mark = self.browser.event_count()
        self.click(selector)
        self.browser.wait_event("Page.loadEventFired", self.session, mark)
        time.sleep(settle)
        return str(self.eval("location.href"))


@contextmanager
def chromium() -> Iterator[Browser]:
    """A browser for the duration of the block."""
    browser = Browser()
    try:
        yield browser
    finally:
        browser.close()
