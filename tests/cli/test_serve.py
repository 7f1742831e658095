"""`interview-coach serve`: the chat in a browser. The server as a user starts it (a process on
a free port), the page it sends, its guards and its errors, and the chat driven in a real
headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from interview_coach.cli import main
from tests.support import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
VERDICTS = ("Strong Hire", "Lean Hire", "No Hire")


@contextmanager
def served(tmp_path: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`interview-coach serve --port 0` with a temporary database (the data, config and cache
    dirs are the test's own, from conftest); yields (its address, the process)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "interview_coach", "serve", "--port", "0",
         "--db", str(tmp_path / "t.sqlite"), *options],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed once it listens
        found = re.search(r"http://\S+/", line)
        assert found, (line, proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        yield found.group(0), proc
    finally:
        proc.terminate()
        proc.wait(20)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


class References(HTMLParser):
    """Every address an HTML page gives in an attribute (href, src, data-*-url...)."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in ("href", "src") or name.endswith("url")):
                self.addresses.append(value)


URL = re.compile(r"\b(?:https?|wss?):(//[^\s\"'<>)]+)|url\(\s*[\"']?(//[^\s\"')]+)", re.I)


def hosts_named(text: str) -> set[str]:
    """The hosts of the absolute and scheme-relative addresses in `text`."""
    return {urlsplit(a or b).netloc for a, b in URL.findall(text)}


def test_the_page_and_all_it_loads_name_no_outside_host(tmp_path):
    with served(tmp_path) as (url, _):
        status, page = get(url)
        assert status == 200 and "Interview Coach" in page
        refs = References()
        refs.feed(page)
        server = urlsplit(url).netloc
        assert f"ws://{server}/ws" in refs.addresses
        # What the browser fetches (a data: address is inline, the websocket is checked above).
        loaded = [a for a in refs.addresses if urlsplit(a).scheme not in ("ws", "data")]
        assert {"/static/xterm.css", "/static/app.css", "/vendor/textual.js"} <= set(loaded)
        texts = {url: page}
        for address in loaded:
            status, texts[address] = get(urljoin(url, address))
            assert status == 200, address
        for css in [a for a in loaded if a.endswith(".css")]:  # what the style sheets load
            for ref in re.findall(r"url\(\s*[\"']?([^\"')]+)", texts[css]):
                assert get(urljoin(url, ref))[0] == 200, ref
                loaded.append(ref)
        assert "/vendor/RobotoMono.ttf" in loaded  # the font is ours, not a web font service
        for where, text in texts.items():
            assert hosts_named(text) <= {server}, where


def test_only_local_names_and_its_own_page_reach_the_app(tmp_path):
    """No login, so: bound to this computer it answers only to local names (a site that
    rebinds its name to 127.0.0.1 is refused), and the websocket refuses other sites' pages."""
    with served(tmp_path) as (url, _):
        port = urlsplit(url).port
        assert get(url, {"Host": f"localhost:{port}"})[0] == 200
        assert get(url, {"Host": f"evil.example:{port}"})[0] == 421
        assert websocket_status(url, "https://evil.example") == 403
        assert websocket_status(url, f"http://127.0.0.1:{port}") == 101


def websocket_status(url: str, origin: str) -> int:
    """The status of a websocket handshake to the app from a page at `origin`."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        conn.sendall(
            f"GET /ws HTTP/1.1\r\nHost: {parts.netloc}\r\nOrigin: {origin}\r\n"
            "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n".encode()
        )
        return int(conn.recv(64).split()[1])


def test_serving_beyond_this_computer_warns_there_is_no_login(tmp_path):
    with served(tmp_path, "--host", "0.0.0.0") as (_, proc):
        time.sleep(0.5)
    assert proc.stderr is not None
    err = proc.stderr.read()
    assert "warning: serving on 0.0.0.0, not only on this computer" in err
    assert "no login" in err and "read your transcripts" in err


def test_on_this_computer_there_is_no_warning(tmp_path):
    with served(tmp_path) as (_, proc):
        time.sleep(0.5)
    assert proc.stderr is not None and "warning" not in proc.stderr.read()


def test_each_tab_runs_practice_with_the_options_given(tmp_path, monkeypatch):
    from interview_coach.cli.app import parser
    from interview_coach.cli.serve import app_command

    monkeypatch.chdir(tmp_path)
    args = parser().parse_args(
        ["--db", "t.sqlite", "serve", "--content", "mine", "--category", "mentoring",
         "--level", "L5", "--search", "mentor", "--count", "2", "--shuffle", "--no-cache",
         "--model", "/models/m"]
    )  # fmt: skip
    assert app_command(args) == [
        sys.executable, "-m", "interview_coach", "practice",
        "--db", str(tmp_path / "t.sqlite"), "--content", str(tmp_path / "mine"),
        "--category", "mentoring", "--level", "L5", "--search", "mentor", "--count", "2",
        "--model", "/models/m", "--shuffle", "--no-cache",
    ]  # fmt: skip


def serve_error(capsys, *args: str) -> str:
    assert main(["serve", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert len(captured.err.splitlines()) == 1, captured.err
    return captured.err


def test_a_port_in_use_is_one_line_and_exit_2(capsys):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        err = serve_error(capsys, "--port", str(port))
    assert err.startswith(f"interview-coach: error: 127.0.0.1 port {port} is already in use;")
    assert "--port" in err


@pytest.mark.parametrize(
    ("host", "says"),
    [
        ("no-such-host.invalid", "no such address"),
        ("192.0.2.1", "not an address of this computer"),  # TEST-NET-1: never local
    ],
)
def test_a_bad_host_is_one_line_and_exit_2(capsys, host, says):
    err = serve_error(capsys, "--host", host, "--port", "0")
    assert err.startswith("interview-coach: error: cannot serve on") and says in err


def test_a_selection_with_no_questions_is_refused_before_serving(capsys):
    err = serve_error(capsys, "--search", "zzqx-nothing-matches", "--port", "0")
    assert "no questions match" in err


# -- in a real browser -------------------------------------------------------------------------
# textual.js keeps its xterm.js Terminal to itself: catch it as it is built (only xterm's public
# Terminal sets _addonManager), so the test can read the screen from the terminal's buffer.
CATCH_TERMINAL = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "_addonManager", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_addonManager", {value, writable: true, configurable: true});
    window.__terminals.push(this);
  },
});
"""
SCREEN_TEXT = """
const t = window.__terminals[0];
if (!t) return "";
const b = t.buffer.active, rows = [];
for (let y = 0; y < b.length; y++) rows.push(b.getLine(y).translateToString(true));
return rows.join("\\n");
"""
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,900",
]  # fmt: skip


def browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path, deb in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"{path} is missing (apt-get install {deb}; scripts/bootstrap.sh test does it)"
    return None


@pytest.fixture
def browser(tmp_path):
    if (why := browser_missing()) is not None:
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        yield driver
    finally:
        driver.quit()


def wait_for_screen(driver, found, timeout: float) -> str:
    """The terminal's text once `found(text)` is true; fails with the screen after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        text = driver.execute_script(SCREEN_TEXT)
        if found(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"not on the screen after {timeout} s:\n{text}")
        time.sleep(0.2)


@pytest.mark.integration
@pytest.mark.model
def test_in_a_browser_the_first_question_appears_and_an_answer_gets_a_verdict(tmp_path, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from interview_coach.bank.catalog import Catalog
    from interview_coach.coaching.session import Selection, select_questions

    (question,) = select_questions(Catalog.load(), Selection(search="mentoring", count=1))
    with served(tmp_path, "--search", "mentoring", "--count", "1") as (url, _):
        browser.get(url)
        opening = " ".join(question.text.split()[:5])  # the first words, before any wrap
        screen = wait_for_screen(browser, lambda text: opening in text, 15)
        assert not any(verdict in screen for verdict in VERDICTS)
        answer = (
            "I mentored a new engineer on my team for three months. We met every week, I"
            " paired with her on code reviews and gave her ownership of the evaluation"
            " pipeline. By the end she ran her own launch review and was promoted."
        )
        browser.find_element("css selector", ".xterm-helper-textarea").send_keys(answer)
        wait_for_screen(browser, lambda text: "was promoted" in text, 10)
        ActionChains(browser).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
        # The served app loads the model cold (its own cache): with the rest of the suite
        # on both cores that took over 30 s once in CI.
        screen = wait_for_screen(browser, lambda t: any(v in t for v in VERDICTS), 90)
    assert "Traceback" not in screen
    # Everything the page asked for was there (nothing blocked, nothing missing).
    assert [e for e in browser.get_log("browser") if e["source"] == "network"] == []
