"""The dashboard in Debian's Chromium: map, slider, timeline, cross-check -> reader, hostile text.

Drives the served page and the report file with Playwright on /usr/bin/chromium (never a
downloaded browser). Screenshots go to tests/artifacts/ (git-ignored) for a human to look at.
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_serve_support import dash_db, hostile_id  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                                 "(apt-get install chromium chromium-driver)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving(db: str, token: str | None = None):
    """The dashboard served by uvicorn on a free loopback port, in a thread; yields its URL."""
    import uvicorn

    from frontwatch.serve.app import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, token=token), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def server(dash_db):
    yield from serving(dash_db)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 950})
    pg = ctx.new_page()
    pg.errors = []
    pg.dialogs = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=30000)
    assert page.get_attribute("body", "data-error") is None


def control_markers(page) -> int:
    return page.locator("#map path.leaflet-interactive").count()


def move_slider(page, index: int) -> str:
    page.eval_on_selector("#slider", "(s, i) => { s.value = i; s.dispatchEvent(new Event('input')); }", index)
    page.wait_for_timeout(600)
    return page.text_content("#slider-date")


def click_position_lands_on_sentence(page, nth: int = 0) -> None:
    """Click a position of the cross-check: the reader shows its article with its span in focus."""
    page.click(".tabs button[data-tab=crosscheck]")
    row = page.locator("#disputes tr.pos[data-start]").nth(nth)
    start, end = int(row.get_attribute("data-start")), int(row.get_attribute("data-end"))
    row.click()
    page.wait_for_selector("#tab-reader.active #reader-text .focus")
    focus = "".join(page.locator("#reader-text .focus").all_text_contents())
    expected = page.evaluate("([s, e]) => { const a = window.frontwatch.state.article;"
                             " return a.text.slice(s - (a.offset || 0), e - (a.offset || 0)); }", [start, end])
    assert focus == expected and focus.strip()
    assert page.locator("#reader-text .focus").first.is_visible()
    assert focus in "".join(page.locator("#reader-text .focus-sentence").all_text_contents()) or \
        page.locator("#reader-text .focus-sentence").count() == 0


def test_page_shows_map_timeline_crosscheck(server, page):
    ready(page, server + "/")
    assert control_markers(page) > 0
    assert page.locator("#timeline .vis-item").count() > 0
    assert page.locator("#timeline .vis-timeline").is_visible()        # drawn, not still hidden by vis
    assert page.locator("#disputes tr.pos").count() > 0
    assert page.locator("#map .seat-label").count() >= 10          # governorate seats, offline
    assert page.locator("#map path").count() > control_markers(page)   # country outlines drawn
    shot(page, "serve-overview")
    assert page.errors == []


def test_slider_moves_the_map(server, page):
    ready(page, server + "/")
    last = page.text_content("#slider-date")
    at_end = control_markers(page)
    first = move_slider(page, 0)
    assert first < last and control_markers(page) <= at_end
    shot(page, "serve-slider-start")
    assert move_slider(page, int(page.get_attribute("#slider", "max"))) == last
    assert control_markers(page) == at_end


def test_crosscheck_row_opens_the_sentence_in_the_reader(server, page):
    ready(page, server + "/")
    click_position_lands_on_sentence(page)
    assert page.locator("#reader-side li").count() > 0                  # the extraction list ...
    mark = page.locator("#reader-text .hl-places").first
    mark.click()                                                         # ... linked both ways
    assert page.locator("#reader-side li.sel").count() == 1
    page.locator("#reader-side li").first.click()
    assert page.locator("#reader-text .hl.sel").count() >= 1
    shot(page, "serve-reader")


def test_search_lists_articles(server, page):
    ready(page, server + "/")
    page.fill("#search input", "Aleppo")
    page.press("#search input", "Enter")
    page.wait_for_selector("#tab-articles.active #articles li mark")
    page.locator("#articles li").first.click()
    page.wait_for_selector("#tab-reader.active #reader-text")
    assert page.text_content("#reader-text").strip()


def test_hostile_article_shows_as_text(server, page, dash_db):
    ready(page, server + "/")
    page.evaluate("id => window.frontwatch.openReader(id, {})", hostile_id(dash_db))
    page.wait_for_selector("#tab-reader.active #reader-text")
    text = page.text_content("#reader-text")
    assert "<script>" in text and "javascript:" in text and "onmouseover=" in text
    assert page.locator("#reader-text script, #reader-text img, #reader-text a, #reader-text b").count() == 0
    page.hover("#reader-text")
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    shot(page, "serve-hostile")


def test_report_file_works_offline(dash_db, page, tmp_path):
    from frontwatch.cli import main

    out = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", "--db", dash_db, "-o", str(out)]).exit_code == 0
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    ready(page, out.as_uri())
    assert control_markers(page) > 0 and page.locator("#timeline .vis-timeline").is_visible()
    shot(page, "report-overview")
    click_position_lands_on_sentence(page)
    shot(page, "report-reader")
    assert all(u.startswith(("file:", "data:")) for u in requests), requests   # nothing fetched from the net
    hostile = hostile_id(dash_db)
    keys = page.evaluate("id => Object.keys(JSON.parse(document.getElementById('fw-data').textContent)"
                         ".evidence).filter(k => k.startsWith(id + ':'))", hostile)
    assert keys                          # the hostile article's sentences are in the report ...
    for key in keys:                     # ... and each shows as text
        page.evaluate("([id, n]) => window.frontwatch.openReader(id, {span: {doc: id, sentence: +n, start: 0, end: 0}})",
                      key.split(":"))
        page.wait_for_timeout(200)
        assert any(m in page.text_content("#reader-text") for m in ("<img", "<script>", "javascript:", "onmouseover"))
        assert page.locator("#reader-text script, #reader-text img, #reader-text a, #reader-text b").count() == 0
    shot(page, "report-hostile")
    assert page.evaluate("window.__pwned") is None and page.dialogs == [] and page.errors == []


def test_token_page_works_after_one_visit_with_the_token(dash_db, page):
    for url in serving(dash_db, token="tok-123"):
        assert page.goto(url + "/").status == 401
        ready(page, url + "/?token=tok-123")       # the cookie then carries the token to the API
        assert control_markers(page) > 0 and page.errors == []
