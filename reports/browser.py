"""Open a rendered report in headless Chromium, offline, and say what a reader would see.

Used by the tests (every chart renders as an SVG with a size, no console error, no network
request) and to take the screenshots of a report's first page for the README. It speaks the
DevTools protocol over a pipe (`--remote-debugging-pipe`: fd 3 in, fd 4 out, NUL-separated JSON),
so it needs nothing beyond the standard library and Debian's `chromium`. The network is switched
off twice: a proxy that does not exist, and a resolver that resolves nothing.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
)
_SVG_SIZES = ("JSON.stringify(Array.from(document.querySelectorAll('svg')).map(function (s) {"
              "var r = s.getBoundingClientRect(); return [r.width, r.height]; }))")
_CANVAS_SIZES = _SVG_SIZES.replace("'svg'", "'canvas'")


def available() -> bool:
    return shutil.which(CHROMIUM) is not None


@dataclass
class PageCheck:
    """What Chromium saw: the size of every <svg> and <canvas>, console errors, requests that left the disk."""

    title: str = ""
    svg_sizes: list[tuple[float, float]] = field(default_factory=list)
    canvas_sizes: list[tuple[float, float]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    page_height: float = 0.0

    @property
    def charts_rendered(self) -> bool:
        sizes = self.svg_sizes + self.canvas_sizes
        return bool(sizes) and all(w > 0 and h > 0 for w, h in sizes)


class _Pipe:
    def __init__(self, proc: subprocess.Popen, write_fd: int, read_fd: int) -> None:
        self.proc, self.write_fd, self.read_fd = proc, write_fd, read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read(timeout)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            event = self._read(max(deadline - time.monotonic(), 0.01))
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.read_fd], [], [], left)
            if ready:
                chunk = os.read(self.read_fd, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)


def inspect_page(html: Path, screenshot: Path | None = None, *, width: int = 1000, height: int = 1414,
                 full_page: bool = False, timeout: float = 60) -> PageCheck:
    """Load `html` from file:// with the network off; optionally save a PNG (the first screen, or the whole page)."""
    url = Path(html).resolve().as_uri()
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()

    def child_fds() -> None:
        """Chromium reads commands on fd 3 and writes replies on fd 4. Move the pipe ends out of the way
        first (one of them may already be fd 3 or 4); dup2 leaves the copies inheritable across exec."""
        high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.dup2(high_r, 3)
        os.dup2(high_w, 4)

    profile = tempfile.mkdtemp(prefix="samen-chromium-")
    proc = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", f"--window-size={width},{height}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=child_fds, close_fds=False,
    )
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    pipe = _Pipe(proc, to_chrome_w, from_chrome_r)
    check = PageCheck()
    try:
        target = pipe.send("Target.createTarget", {"url": "about:blank"}, timeout=timeout)["targetId"]
        session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            pipe.send(f"{domain}.enable", session=session)
        pipe.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
        pipe.send("Page.navigate", {"url": url}, session=session)
        pipe.wait_for("Page.loadEventFired", timeout)
        evaluate = lambda expr: pipe.send("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                                          session=session)["result"]["value"]
        check.title = evaluate("document.title")
        check.svg_sizes = [tuple(s) for s in json.loads(evaluate(_SVG_SIZES))]
        check.canvas_sizes = [tuple(s) for s in json.loads(evaluate(_CANVAS_SIZES))]
        check.page_height = float(evaluate("document.documentElement.scrollHeight"))
        if screenshot is not None:
            params: dict = {"format": "png"}
            if full_page:
                params |= {"captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": width, "height": check.page_height, "scale": 1}}
            data = pipe.send("Page.captureScreenshot", params, session=session, timeout=timeout)["data"]
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            Path(screenshot).write_bytes(base64.b64decode(data))
        for event in pipe.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                check.console_errors.append(" ".join(str(a.get("value", a.get("description", "")))
                                                     for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                check.console_errors.append(details.get("exception", {}).get("description") or details.get("text", ""))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                check.console_errors.append(params["entry"].get("text", ""))
            elif method == "Network.requestWillBeSent":
                request_url = params.get("request", {}).get("url", "")
                if not request_url.startswith(("file:", "data:", "about:")):
                    check.requests.append(request_url)
        try:
            pipe.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError):
            pass
    finally:
        os.close(to_chrome_w)
        os.close(from_chrome_r)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return check
