"""The review pages in a real browser: headless Chromium (Debian's `chromium`
package) opens the pages from disk, counts the highlighted figures against the
dataset's rows for the article, checks that a mismatch stands out, and keeps a
screenshot (tests/artifacts/; docs/review-screenshot.png in the README is one
of them, copied by hand).

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
JSON messages ended by NUL on file descriptors 3 and 4), so no driver is needed.
"""
import base64
import json
import os
import select
import shutil
import subprocess

import pytest
from conftest import ROOT

from pipeline import Article, extract_article
from pipeline.cli import main
from pipeline.io.write import figures_table
from pipeline.text.normalise import normalise_text

ARTIFACTS = ROOT / "tests" / "artifacts"
SEEDS_WITH_MISMATCHES = ["000_c7b70d6d55853988.txt", "002_14133727df29d6d0.txt"]
WINDOW = (1400, 1000)
WAIT = 60  # seconds a silent browser is given before the test gives up on it

# What the page shows, read in the browser: the marks, whether they are laid
# out, and how a mismatch is drawn compared with the other figures.
MEASURE = """(() => {
  const marks = [...document.querySelectorAll('mark.fig')];
  const look = m => { const s = getComputedStyle(m); return {outline: s.outlineStyle, background: s.backgroundColor}; };
  const wrong = marks.filter(m => m.classList.contains('mismatch'));
  return {
    figures: marks.length,
    laidOut: marks.filter(m => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length,
    mismatches: wrong.map(m => Object.assign({fig: Number(m.dataset.fig)}, look(m))),
    otherBackgrounds: [...new Set(marks.filter(m => !wrong.includes(m)).map(m => look(m).background))],
  };
})()"""


MISSING = (
    "headless Chromium is needed for this test and is not installed: "
    "run `apt-get update && apt-get install -y chromium` (Debian; .ci/run does this)"
)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _ready(browser: "Browser | None") -> "Browser":
    """The browser, or a failure (not a skip) telling how to install it."""
    if browser is None:
        pytest.fail(MISSING)
    return browser


class Browser:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, profile: str):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def on_fds_3_and_4():  # where --remote-debugging-pipe expects the pipe
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", f"--window-size={WINDOW[0]},{WINDOW[1]}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(3, 4), preexec_fn=on_fds_3_and_4,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False}, session=True)

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], WAIT)
            chunk = os.read(self._from_browser, 1 << 20) if ready else b""
            if not chunk:
                raise RuntimeError("Chromium stopped answering on the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

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
        self.send("Page.navigate", {"url": url}, session=True)
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            self._events.append(self._message())

    def evaluate(self, expression: str):
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)["result"]["value"]

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"}, session=True)["data"])

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except RuntimeError:
            pass  # the pipe closes as the browser goes
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            self.process.wait(WAIT)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = _chromium()
    if binary is None:
        yield None
        return
    b = Browser(binary, str(tmp_path_factory.mktemp("chromium-profile")))
    yield b
    b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["review", *(str(ROOT / "corpus" / name) for name in SEEDS_WITH_MISMATCHES), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", SEEDS_WITH_MISMATCHES, ids=lambda n: n[:3])
def test_figures_highlighted_in_chromium(browser, pages, name):
    browser = _ready(browser)
    text = normalise_text((ROOT / "corpus" / name).read_text(encoding="utf-8"))
    rows = figures_table(extract_article(Article(name, text))).to_pylist()
    browser.open((pages / f"{name}.html").as_uri())
    seen = browser.evaluate(MEASURE)
    assert seen["figures"] == len(rows)
    assert seen["laidOut"] == len(rows)
    assert [m["fig"] for m in seen["mismatches"]] == [i for i, r in enumerate(rows) if r["check_status"] == "mismatch"]
    assert seen["mismatches"], "each of these articles has a mismatch"
    for m in seen["mismatches"]:
        assert m["outline"] != "none"
        assert m["background"] not in seen["otherBackgrounds"]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"review-{name[:3]}.png"
    shot.write_bytes(browser.screenshot())
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_index_in_chromium(browser, pages):
    browser = _ready(browser)
    browser.open((pages / "index.html").as_uri())
    links = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert links == [f"{name}.html" for name in SEEDS_WITH_MISMATCHES]
    (ARTIFACTS / "review-index.png").write_bytes(browser.screenshot())
