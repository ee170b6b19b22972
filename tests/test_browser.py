"""The demo blog in a real browser: what a reader sees and clicks.

The demo (``docs/demo``) is built once, served on localhost by ``http.server`` in a
thread and opened in headless Chromium through Playwright, with Debian's
``/usr/bin/chromium`` (``.ci/run`` installs it; Playwright's own browser downloads
are never used). Requests that leave localhost (MathJax's CDN) are aborted, so the
test needs no network and takes a few seconds.
"""

from __future__ import annotations

import contextlib
from functools import partial
import http.server
import os
from pathlib import Path
import shutil
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = os.environ.get("JEKYLLPOSTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DEMO = Path(__file__).parent.parent / "docs" / "demo"
CALLOUTS = "_posts/2025-09-14-planning-a-bike-tour.html"
CODE = "_posts/2025-10-19-three-ways-to-show-code.html"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the browser test needs playwright (.[browser])"
)
if not Path(CHROMIUM).is_file():
    pytest.skip(
        f"the browser test needs Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def built_and_served(src: Path, out: Path) -> Iterator[str]:
    """``src`` built with ``-W`` into ``out`` and served on localhost; its base URL."""
    build = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-W",
        "-b",
        "html",
        str(src),
        str(out),
    ]
    subprocess.run(build, check=True, capture_output=True, text=True)
    handler = partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo built with ``-W`` and served on localhost; yields its base URL."""
    out = tmp_path_factory.mktemp("demo") / "html"
    with built_and_served(DEMO, out) as url:
        yield url
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every test of the module."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield chromium
        chromium.close()


class Reader:
    """A page that records what went wrong while it was read."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.js_errors: list[str] = []
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        page.on("pageerror", lambda error: self.js_errors.append(str(error)))
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        url = str(message.location.get("url") or "")
        if message.type == "error" and url.startswith(self.base):
            self.console_errors.append(f"{url}: {message.text}")

    def _request_failed(self, request: Any) -> None:
        if request.url.startswith(self.base):
            self.failed.append(request.url)

    def _response(self, response: Any) -> None:
        if response.url.startswith(self.base) and response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page


@pytest.fixture
def reader(browser: Browser, site: str) -> Iterator[Reader]:
    """A fresh page; after the test, no JS error, console error or failed load."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # The sandbox has no network: what is not ours (MathJax's CDN) is refused fast.
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site) else route.abort()
        ),
    )
    reader = Reader(context.new_page(), site)
    yield reader
    context.close()
    assert reader.js_errors == []
    assert reader.console_errors == []
    assert reader.failed == []


def test_callouts_are_visible_in_their_colours(reader: Reader) -> None:
    page = reader.open(CALLOUTS)
    colours = {}
    for kind in ("tip", "note", "warning", "error"):
        box = page.locator(f"article .admonition.{kind}")
        assert box.count() == 1
        assert box.is_visible()
        title = box.locator(".admonition-title")
        assert title.is_visible()
        colours[kind] = box.evaluate(
            "e => [getComputedStyle(e).borderLeftColor,"
            " getComputedStyle(e.querySelector('.admonition-title')).backgroundColor]"
        )
    border = {c[0] for c in colours.values()}
    background = {c[1] for c in colours.values()}
    assert len(border) == 4, colours  # each type has its own colour
    assert len(background) == 4, colours
    tip = page.locator("article .admonition.tip")
    assert tip.locator(".admonition-title").inner_text() == "Done"  # the post's label
    assert "both days ridden" in tip.inner_text()


def test_dropdown_opens_on_click(reader: Reader) -> None:
    page = reader.open(CODE)
    dropdown = page.locator("article details.sd-dropdown")
    answer = dropdown.get_by_text("it has a visible")
    assert dropdown.get_attribute("open") is None
    assert not answer.is_visible()
    dropdown.locator("summary").click()
    answer.wait_for(state="visible")
    assert dropdown.evaluate("e => e.open") is True


def test_numbered_code_shows_line_numbers(reader: Reader) -> None:
    """Rouge's gutter: the numbers beside the code, left out of a selection."""
    page = reader.open(CODE)
    block = page.locator("article .highlight-javascript").filter(
        has=page.locator("table")
    )
    gutter = block.locator("td.rouge-gutter pre.lineno")
    assert gutter.inner_text().split() == ["1", "2", "3", "4"]
    assert gutter.is_visible()
    assert (
        gutter.evaluate("e => getComputedStyle(e.parentElement).userSelect") == "none"
    )
    code = block.locator("td.rouge-code")
    gutter_box, code_box = gutter.bounding_box(), code.bounding_box()
    assert gutter_box is not None and code_box is not None
    assert gutter_box["x"] + gutter_box["width"] <= code_box["x"]  # side by side
    assert abs(gutter_box["y"] - code_box["y"]) < 2
    plain = page.locator("article .highlight-text").first
    assert plain.locator("td.rouge-gutter, span.linenos").count() == 0


def test_tag_link_leads_to_the_tagged_posts(reader: Reader) -> None:
    page = reader.open(CALLOUTS)
    page.locator("a[href$='blog/tag/cycling.html']").first.click()
    page.wait_for_url("**/blog/tag/cycling.html")
    assert "cycling" in page.title().lower()
    post = page.locator("main a", has_text="Planning a two-day bike tour").first
    post.click()
    page.wait_for_url("**/" + CALLOUTS)
    assert page.locator("article h1").first.inner_text().startswith("Planning")


def test_archive_lists_every_post(reader: Reader) -> None:
    page = reader.open(CALLOUTS)
    page.locator("a[href$='blog/2025.html']").first.click()
    page.wait_for_url("**/blog/2025.html")
    main = page.locator("main").inner_text()
    for title in (
        "Planning a two-day bike tour", "Three ways to show code",
        "Liquid on this blog", "가을 텃밭 정리", "근의 공식을 손으로",
    ):  # fmt: skip
        assert title in main
    page.locator("main a", has_text="Three ways to show code").first.click()
    page.wait_for_url("**/" + CODE)


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Jekyll site set up by ``jekyllposts init``, built with ``-W`` and served."""
    from sphinx_jekyllposts.cli import main

    root = tmp_path_factory.mktemp("init") / "site"
    shutil.copytree(Path(__file__).parent / "roots" / "test-cli", root)
    assert main(["init", str(root)]) == 0
    with built_and_served(root, root / "_build" / "html") as url:
        yield url


def test_an_initialised_blog_answers_its_old_urls(
    browser: Browser, initialised: str
) -> None:
    """``jekyllposts init``: the front page lists the posts; an old Jekyll URL lands
    on the post, which shows its title, subtitle-free header and no errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(initialised)
            else route.abort()
        ),
    )
    reader = Reader(context.new_page(), initialised)
    front = reader.open("index.html")
    assert front.get_by_role("link", name="First light").first.is_visible()
    old_url = "nights/2024/01/02/first-light/"  # where Jekyll served it
    post = reader.open(old_url)
    post.wait_for_url("**/_posts/2024-01-02-first-light.html")
    assert post.locator("h1").first.inner_text().startswith("First light")
    anchored = reader.open(old_url + "#details-below")  # a link to a section of it
    anchored.wait_for_url("**/_posts/2024-01-02-first-light.html#details-below")
    context.close()
    assert reader.js_errors == []
    assert reader.console_errors == []
    # the redirect page itself may be reported "aborted": it navigates away at once
    assert [url for url in reader.failed if old_url not in url] == []


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Minimal Mistakes blog with tags, built with ``-W`` and served."""
    from conftest import write_site

    root = write_site(
        tmp_path_factory.mktemp("tagged") / "site",
        {
            "2024-01-01-a.md": "---\ntitle: A\ntags: [Python Tips, 파이썬]\n---\n\nA.\n",
            "2024-01-02-b.md": "---\ntitle: B\ntags: [파이썬]\n---\n\nB.\n",
        },
    )
    (root / "_config.yml").write_text("theme: minimal-mistakes-jekyll\n")
    with built_and_served(root, root / "_build" / "html") as url:
        yield url


@pytest.mark.parametrize(
    ("fragment", "lands_on"),
    [
        ("#python-tips", "blog/tag/python-tips.html"),  # {{ tag | slugify }}
        ("#%ED%8C%8C%EC%9D%B4%EC%8D%AC", "blog/tag/파이썬.html"),
        ("#nothing-such", "blog/tag.html"),
        ("", "blog/tag.html"),
    ],
)
def test_an_old_tag_anchor_lands_on_the_tags_page(
    browser: Browser, tagged: str, fragment: str, lands_on: str
) -> None:
    """``/tags/#name``, the theme's link to one tag, leads to that tag's page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(tagged + "tags/" + fragment)
    page.wait_for_url(lambda url: "blog/tag" in url)
    page.wait_for_load_state("load")
    assert unquote(page.url).split("#")[0] == tagged + lands_on
    context.close()
