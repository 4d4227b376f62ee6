"""Headless Chromium (Debian's `chromium` package) for the tests of the
pages, driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
JSON messages ended by NUL on file descriptors 3 and 4), so no driver is
needed. A test that needs it fails, and says how to install it, when it is
missing (`browser` fixture, `ready`)."""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time

import pytest

WAIT = 60  # seconds a silent browser is given before the test gives up on it
MISSING = (
    "headless Chromium is needed for this test and is not installed: "
    "run `apt-get update && apt-get install -y chromium` (Debian; `make test` does this)"
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def ready(browser: "Browser | None") -> "Browser":
    """The browser, or a failure (not a skip) telling how to install it."""
    if browser is None:
        pytest.fail(MISSING)
    return browser


class Browser:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, profile: str, width: int = 1400, height: int = 1000):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def on_fds_3_and_4():  # where --remote-debugging-pipe expects the pipe
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", f"--window-size={width},{height}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(3, 4), preexec_fn=on_fds_3_and_4,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict] = []
        self.requests: list[str] = []  # every URL the page asked for
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Network.enable", session=True)
        self.viewport(width, height)

    def viewport(self, width: int, height: int = 1000, mobile: bool = False) -> None:
        """The page's width and height in CSS pixels; `mobile` also takes
        touch events, as a phone does."""
        self.width = width
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session=True)
        self.send("Emulation.setTouchEmulationEnabled", {"enabled": mobile, "maxTouchPoints": 5 if mobile else 1},
                  session=True)

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            ready_, _, _ = select.select([self._from_browser], [], [], WAIT)
            chunk = os.read(self._from_browser, 1 << 20) if ready_ else b""
            if not chunk:
                raise RuntimeError("Chromium stopped answering on the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        if message.get("method") == "Network.requestWillBeSent":
            self.requests.append(message["params"]["request"]["url"])
        return message

    def send(self, method: str, params: dict | None = None, session: bool = False) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._events.append(reply)

    def open(self, url: str) -> None:
        self._events.clear()
        self.requests.clear()
        self.send("Page.navigate", {"url": url}, session=True)
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            self._events.append(self._message())

    def evaluate(self, expression: str):
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"page script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 5.0):
        """The value of `expression` once it is true (a tap's click comes a
        moment after the touch), or its last value after `seconds`."""
        deadline = time.monotonic() + seconds
        while not (value := self.evaluate(expression)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return value

    def key(self, key: str, code: str | None = None, key_code: int = 0, shift: bool = False) -> None:
        """Press and release a key, as the keyboard does (Tab, Enter, Escape)."""
        base = {"key": key, "code": code or key, "windowsVirtualKeyCode": key_code, "modifiers": 8 if shift else 0}
        self.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **base}, session=True)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **base}, session=True)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
                      session=True)

    def tap(self, x: float, y: float) -> None:
        """A finger's tap (the viewport must be `mobile`)."""
        self.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}, session=True)
        self.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []}, session=True)

    def screenshot(self, full_page: bool = False) -> bytes:
        params = {"format": "png"}
        if full_page:
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size[0], "height": min(size[1], 6000), "scale": 1})
        return base64.b64decode(self.send("Page.captureScreenshot", params, session=True)["data"])

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except RuntimeError:
            pass  # the pipe closes as the browser goes
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            self.process.wait(WAIT)

