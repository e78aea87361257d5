"""The review page in a real browser: Debian's headless Chromium, driven over the DevTools protocol on a
pipe (`--remote-debugging-pipe`, fds 3 and 4) with the standard library only — no driver, nothing
downloaded. Where Chromium is not installed these tests skip and say why; test_view.py still checks the
pages' structure without a browser.

Checked here: every item's highlight exists, starts at the item's code-point offset and holds exactly the
item's span text (characters outside the BMP included); hovering and focusing show the fields; a click on a
target row scrolls to its evidence and flashes it; a 1,000-document page opens quickly and renders one
document; and no request leaves the page. Screenshots go to test-artifacts/ (docs/view-screenshot.png is a
copy of view-seed-like.png)."""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from policy_extract.view import Entry, build_page
from test_view import MOJIBAKE, expected_spans, fixture_entry, handmade_entry, many_entries

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
         "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-extensions",
         "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe"]
VIEWPORT = {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False}
# Before any page script: record every Content-Security-Policy violation, i.e. every load the page tried.
RECORD_VIOLATIONS = ("window.__violations = [];"
                     "document.addEventListener('securitypolicyviolation',"
                     " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")


class Chromium:
    """A headless Chromium and one tab, spoken to in DevTools protocol messages (JSON, NUL-terminated)."""

    def __init__(self, executable: str, profile: Path):
        to_chrome, self._send_fd = os.pipe()
        self._recv_fd, from_chrome = os.pipe()
        # Copies at fd >= 10, so that placing them on 3 and 4 in the child can never overwrite each other.
        high_in = fcntl.fcntl(to_chrome, fcntl.F_DUPFD_CLOEXEC, 10)
        high_out = fcntl.fcntl(from_chrome, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_chrome)
        os.close(from_chrome)

        def onto_3_and_4():  # in the child before exec; dup2 leaves the copies inheritable, the rest close on exec
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.log = profile / "chromium.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=False,
                                         preexec_fn=onto_3_and_4)
        os.close(high_in)
        os.close(high_out)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
        self.call("Emulation.setDeviceMetricsOverride", VIEWPORT)

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._recv_fd], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._recv_fd, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the DevTools pipe; see {self.log}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 20) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._send_fd, data):]
        deadline = time.monotonic() + timeout
        while True:
            reply = self._message(deadline)
            if reply.get("id") != self._next_id:
                self.events.append(reply)
            elif "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            else:
                return reply["result"]

    def call(self, method: str, params: dict | None = None, timeout: float = 20) -> dict:
        """A command for the tab."""
        return self.send(method, params, self.session, timeout)

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, path: Path) -> str:
        """Load a file and wait until it is complete; the events seen so far are dropped."""
        self.events.clear()
        url = path.resolve().as_uri()
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + 20
        while self.js("document.readyState") != "complete" or self.js("location.href") != url:
            assert time.monotonic() < deadline, f"{url} did not finish loading"
            time.sleep(0.02)
        return url

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def blocked(self) -> dict[str, str]:
        """URL -> why the browser stopped the request before it reached the network."""
        urls = {e["params"]["requestId"]: e["params"]["request"]["url"]
                for e in self.events if e.get("method") == "Network.requestWillBeSent"}
        return {urls.get(e["params"]["requestId"], "?"): e["params"]["blockedReason"]
                for e in self.events if e.get("method") == "Network.loadingFailed" and "blockedReason" in e["params"]}

    def problems(self) -> list[str]:
        """Script errors, console errors and security messages logged by the page."""
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(json.dumps(params["exceptionDetails"], ensure_ascii=False))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                out.append(json.dumps(params.get("args"), ensure_ascii=False))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(params["entry"].get("text", ""))
        return out

    def mouse(self, kind: str, x: float, y: float) -> None:
        params = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
        if kind == "mouseMoved":
            params.update(button="none", clickCount=0)
        self.call("Input.dispatchMouseEvent", params)

    def click(self, x: float, y: float) -> None:
        self.mouse("mousePressed", x, y)
        self.mouse("mouseReleased", x, y)

    def key(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code})

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"]))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._send_fd)
        os.close(self._recv_fd)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if executable is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium): browser tests skipped; "
                    "the page structure is still checked by test_view.py")
    profile = tmp_path_factory.mktemp("chromium-profile")
    try:
        chromium = Chromium(executable, profile)
    except (OSError, RuntimeError, TimeoutError) as exc:
        log = (profile / "chromium.log").read_text(errors="replace")[-2000:] if (profile / "chromium.log").exists() else ""
        pytest.skip(f"Chromium ({executable}) could not be started, browser tests skipped: {exc}\n{log}")
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """One page per fixture document, written to disk as the command would write it."""
    folder = tmp_path_factory.mktemp("pages")
    entries = {"seed-like": fixture_entry("seed-like"), "non-bmp": fixture_entry("non-bmp"),
               "goal-list": fixture_entry("goal-list"), "handmade": handmade_entry()}
    out = {}
    for name, entry in entries.items():
        path = folder / f"{name}.html"
        path.write_text(build_page([entry]).html, encoding="utf-8")
        out[name] = (path, entry)
    return out


# What the page shows: per highlight key, the code-point offset of its first piece in the text and the
# text of all its pieces; Array.from counts code points where JavaScript strings count UTF-16 units.
READ_HIGHLIGHTS = """(() => {
  const root = document.querySelector('.pe-text');
  const items = {};
  for (const mark of root.querySelectorAll('mark[data-k]')) {
    const key = mark.dataset.k;
    if (!items[key]) {
      const before = document.createRange();
      before.setStart(root, 0);
      before.setEndBefore(mark);
      items[key] = [Array.from(before.toString()).length, ''];
    }
    items[key][1] += mark.textContent;
  }
  return {text: root.textContent, items, documents: document.querySelectorAll('.pe-doc').length};
})()"""


def assert_highlights_match(browser: Chromium, entry: Entry) -> None:
    shown = browser.js(READ_HIGHLIGHTS)
    assert shown["documents"] == 1
    assert shown["text"] == entry.text
    expected = {key: [span["start"], span["text"]] for key, span in expected_spans(entry.doc).items()}
    assert expected, "a fixture without items tests nothing"
    assert shown["items"] == expected


def assert_nothing_left_the_page(browser: Chromium, url: str) -> None:
    assert set(browser.requests()) <= {url}, browser.requests()
    assert browser.js("window.__violations") == []
    assert browser.problems() == []


@pytest.mark.parametrize("name", ["seed-like", "non-bmp", "goal-list", "handmade"])
def test_every_highlight_holds_its_items_span(browser, pages, name):
    path, entry = pages[name]
    url = browser.open(path)
    assert_highlights_match(browser, entry)
    assert_nothing_left_the_page(browser, url)


def test_network_watch_sees_a_request_and_the_page_policy_blocks_one(browser, pages, tmp_path):
    """The checks above can fail: a page that loads an image is seen, and an image slipped into one of our
    pages is seen too, blocked by the page's Content-Security-Policy and recorded as a violation."""
    probe = "http://127.0.0.1:9/probe.png"  # loopback, discard port: nothing leaves this machine
    plain = tmp_path / "plain.html"
    plain.write_text(f'<!DOCTYPE html><img src="{probe}">', encoding="utf-8")
    browser.open(plain)
    assert probe in browser.requests()
    ours = tmp_path / "ours.html"
    ours.write_text(pages["goal-list"][0].read_text(encoding="utf-8").replace("<body>", f'<body><img src="{probe}">'),
                    encoding="utf-8")
    browser.open(ours)
    assert probe in browser.requests()  # the attempt is seen even though it is stopped before the network
    assert browser.blocked() == {probe: "csp"}
    assert any(probe in v for v in browser.js("window.__violations"))


def _box(browser: Chromium, selector: str) -> dict:
    return browser.js(f"""(() => {{
      const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();
      return {{x: r.x + r.width / 2, y: r.y + r.height / 2, top: r.top, bottom: r.bottom}};
    }})()""")


def _visible(box: dict) -> bool:
    return box["bottom"] > 0 and box["top"] < VIEWPORT["height"]


def test_clicking_a_target_row_scrolls_to_its_evidence_and_flashes_it(browser, pages):
    path, entry = pages["seed-like"]
    url = browser.open(path)
    scrolled = 0
    for i in range(len(entry.doc["targets"])):
        evidence = f'.pe-text mark[data-k="target-{i}"]'
        # start where the evidence is out of sight: the top of the page, or else the bottom
        browser.js("window.scrollTo(0, 0)")
        if _visible(_box(browser, evidence)):
            browser.js("window.scrollTo(0, document.body.scrollHeight)")
        hidden_before = not _visible(_box(browser, evidence))
        before = browser.js("window.scrollY")
        row = _box(browser, f'tr[data-go="target-{i}"]')
        assert _visible(row), f"row {i} is out of sight"
        browser.click(row["x"], row["y"])
        assert _visible(_box(browser, evidence)), f"evidence of target-{i} not scrolled into view"
        assert browser.js(f"Array.from(document.querySelectorAll('{evidence}'))"
                          ".every((m) => m.classList.contains('pe-flash'))")
        assert browser.js("document.activeElement.dataset.k") == f"target-{i}"
        scrolled += hidden_before and browser.js("window.scrollY") != before
    assert scrolled, "no target was out of sight before its row was clicked: the fixture is too short"
    assert_nothing_left_the_page(browser, url)


def test_keyboard_chart_dots_and_legend(browser, pages):
    path, entry = pages["seed-like"]
    url = browser.open(path)
    last = len(entry.doc["targets"]) - 1
    browser.js(f"document.querySelector('tr[data-go=\"target-{last}\"]').focus()")
    browser.key("Enter", 13)
    assert browser.js("document.activeElement.dataset.k") == f"target-{last}"
    assert _visible(_box(browser, f'.pe-text mark[data-k="target-{last}"]'))

    browser.js("window.scrollTo(0, document.body.scrollHeight)")
    dot = _box(browser, '.pe-chart [data-go="target-0"]')
    if not _visible(dot):
        browser.js("window.scrollTo(0, 0)")
        dot = _box(browser, '.pe-chart [data-go="target-0"]')
    browser.click(dot["x"], dot["y"])
    assert browser.js("document.activeElement.dataset.k") == "target-0"

    border = "getComputedStyle(document.querySelector('.pe-text mark.pe-quantity')).borderTopColor"
    assert browser.js(border) == "rgb(213, 94, 0)"  # Okabe-Ito vermillion
    browser.js("window.scrollTo(0, 0)")
    box = _box(browser, '.pe-legend input[data-kind="quantity"]')
    browser.click(box["x"], box["y"])
    assert browser.js(border) == "rgba(0, 0, 0, 0)"
    assert len(set(browser.js("Array.from(document.querySelectorAll('.pe-legend mark'), "
                              "(m) => getComputedStyle(m).borderBottomStyle + getComputedStyle(m).borderBottomColor)"))) == 5
    assert_nothing_left_the_page(browser, url)


def _tip(browser: Chromium) -> dict:
    return browser.js("""(() => {
      const tip = document.getElementById('pe-tip');
      return {hidden: tip.hidden, headings: Array.from(tip.querySelectorAll('h3'), (h) => h.textContent),
              fields: Array.from(tip.querySelectorAll('section'), (s) => Object.fromEntries(
                Array.from(s.querySelectorAll('dt'), (dt) => [dt.textContent, dt.nextElementSibling.textContent])))};
    })()""")


def test_hover_and_focus_show_the_fields_of_nested_items(browser, pages):
    path, entry = pages["seed-like"]
    browser.open(path)
    quantity = next(i for i, q in enumerate(entry.doc["quantities"]) if q["span"]["text"] == "1200億元")
    target = next(i for i, t in enumerate(entry.doc["targets"]) if "1200億元" in t["evidence"]["text"])
    selector = f'.pe-text mark[data-k="quantity-{quantity}"]'
    browser.js(f"document.querySelector('{selector}').scrollIntoView({{block: 'center'}})")
    box = _box(browser, selector)
    browser.mouse("mouseMoved", box["x"], box["y"])
    tip = _tip(browser)
    assert not tip["hidden"]
    assert tip["headings"] == ["Quantity: 1200億元", f"Target: {entry.doc['targets'][target]['metric']}"]
    assert tip["fields"][0] == {"value": "120,000,000,000 (1200亿)", "unit": "CNY", "comparator": "> (gt)",
                                "kind": "money", "rule": entry.doc["quantities"][quantity]["rule"]}
    assert tip["fields"][1]["deadline"] == "2026 (到2026年)" and tip["fields"][1]["commitment"] == "力争"
    # the screenshot for the README: the top of the page, a little taller, the pop-up open below the item
    browser.call("Emulation.setDeviceMetricsOverride", {**VIEWPORT, "height": 860})
    browser.js("window.scrollTo(0, 0)")
    browser.mouse("mouseMoved", 2, 2)
    assert _tip(browser)["hidden"]
    box = _box(browser, selector)
    browser.mouse("mouseMoved", box["x"], box["y"])
    assert not _tip(browser)["hidden"]
    browser.screenshot(ARTIFACTS / "view-seed-like.png")
    browser.call("Emulation.setDeviceMetricsOverride", VIEWPORT)

    warning = next(i for i, w in enumerate(entry.doc["warnings"]) if w["span"]["text"] in MOJIBAKE)
    browser.js(f"document.querySelector('.pe-text mark[data-k=\"warning-{warning}\"]').focus()")
    tip = _tip(browser)
    assert not tip["hidden"] and tip["headings"] == ["Warning: garbled_span"]


def test_a_thousand_documents_open_quickly_and_only_the_chosen_one_is_rendered(browser, tmp_path):
    entries = many_entries(1000)
    path = tmp_path / "batch.html"
    path.write_text(build_page(entries).html, encoding="utf-8")
    url = browser.open(path)
    load_ms = browser.js("performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert load_ms < 5000, f"1,000-document page took {load_ms:.0f} ms to load"
    assert browser.js("document.querySelectorAll('.pe-nav li').length") == 1000
    assert_highlights_match(browser, entries[0])

    search = _box(browser, "#pe-search")
    browser.click(search["x"], search["y"])
    browser.call("Input.insertText", {"text": "doc-0778"})
    assert browser.js("Array.from(document.querySelectorAll('.pe-nav li:not([hidden]) a'), (a) => a.dataset.id)") \
        == ["doc-0778"]
    browser.key("Enter", 13)
    deadline = time.monotonic() + 5
    while browser.js("document.querySelector('.pe-doc h2').textContent") != "doc-0778":
        assert time.monotonic() < deadline, "the searched document was not shown"
        time.sleep(0.02)
    assert_highlights_match(browser, entries[778])
    assert browser.js("decodeURIComponent(location.hash)") == "#doc=doc-0778"
    browser.screenshot(ARTIFACTS / "view-batch.png")
    assert_nothing_left_the_page(browser, url)
