"""Headless Chromium, a local web server and axe-core, for browser tests of built sites.

Use in a test module:

    from browser import axe_violations, chromium, has_horizontal_scroll, serve

    @pytest.fixture(scope="module")
    def browser():
        with chromium() as browser:
            yield browser

    with serve(site_dir) as base_url:
        page = open_page(browser, base_url + "trajecten/knie/", MOBILE)
        assert axe_violations(page) == []
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SERIOUS = ("serious", "critical")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 at a free port; yields the base URL (ending in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, without network chatter of its own."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, url: str, viewport: dict = MOBILE) -> Page:
    """A new page at `url`, with every request that leaves 127.0.0.1 refused, so the
    test shows the site as it works without third parties (and never waits for them)."""
    page = browser.new_page(viewport=viewport)
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:"))
            else route.abort()
        ),
    )
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return page


def axe_violations(page: Page, impacts: tuple[str, ...] = SERIOUS) -> list[dict]:
    """axe-core's violations on the loaded page with one of `impacts`, summarised."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run()")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def broken_images(page: Page) -> list[str]:
    """The `src` of every image on the page that does not load (lazy images included)."""
    return page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach(img => { img.loading = 'eager'; });
            const failed = await Promise.all(images.map(img =>
                img.decode().then(() => null, () => img.getAttribute('src'))));
            return failed.filter(src => src !== null);
        }"""
    )


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def wider_than_viewport(page: Page) -> list[str]:
    """Elements sticking out to the right of the viewport: what to fix when the page scrolls."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .slice(0, 10)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
        }"""
    )


def text_smaller_than(page: Page, limit: float) -> list[dict]:
    """Every piece of text a visitor can see (not hidden, not see-through, not a pixel in
    size) whose computed font size is under `limit` px."""
    return page.evaluate(
        """(limit) => {
            const found = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const element = node.parentElement;
                if (!node.textContent.trim() || !element) continue;
                if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true}))
                    continue;
                const box = element.getBoundingClientRect();
                if (box.width < 2 || box.height < 2) continue;
                const size = parseFloat(getComputedStyle(element).fontSize);
                if (size < limit) found.push({
                    size, element: element.tagName.toLowerCase() + '.' + element.className,
                    text: node.textContent.trim().slice(0, 40)});
            }
            return found;
        }""",
        limit,
    )


def font_sizes(page: Page, selector: str) -> list[float]:
    """The computed font size in px of every visible element matching `selector`."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(element => element.checkVisibility() && element.textContent.trim())
            .map(element => parseFloat(getComputedStyle(element).fontSize))""",
        selector,
    )


def longest_line(page: Page, selector: str = "article p, article li") -> dict:
    """The longest rendered line, in characters, of the elements matching `selector`: the
    characters are grouped into lines by where the browser put them."""
    return page.evaluate(
        """(selector) => {
            let longest = {characters: 0, text: ''};
            const range = document.createRange();
            for (const element of document.querySelectorAll(selector)) {
                if (!element.checkVisibility()) continue;
                const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
                let middle = null, count = 0, line = '';
                const close = () => {
                    if (count > longest.characters) longest = {characters: count, text: line};
                };
                while (walker.nextNode()) {
                    const node = walker.currentNode;
                    for (let i = 0; i < node.length; i++) {
                        range.setStart(node, i);
                        range.setEnd(node, i + 1);
                        const box = range.getClientRects()[0];
                        if (!box || box.width === 0) continue;
                        const here = (box.top + box.bottom) / 2;
                        if (middle === null || Math.abs(here - middle) > box.height / 2) {
                            close();
                            middle = here; count = 0; line = '';
                        }
                        count += 1;
                        line += node.textContent[i];
                    }
                }
                close();
            }
            return longest;
        }""",
        selector,
    )


ENGLISH = frozenset(
    [
        "the",
        "and",
        "skip",
        "search",
        "previous",
        "next",
        "not",
        "found",
        "table",
        "contents",
        "back",
        "made",
        "with",
        "copyright",
        "footer",
        "navigation",
        "share",
        "page",
        "read",
        "more",
        "home",
        "menu",
        "close",
        "clear",
        "results",
        "matching",
        "documents",
        "initializing",
        "loading",
        "",
    ]
)
"""English words Material or a template could show; none of them is also a Dutch word."""


def english_words(page: Page) -> set[str]:
    """English words in the text a visitor sees on the page, and in the names a screen
    reader says (`aria-label`, `alt`, `title`)."""
    text = page.evaluate(
        """() => [document.body.innerText, ...[...document.querySelectorAll(
            '[aria-label], img[alt], [title]')].flatMap(element => [
            element.getAttribute('aria-label'), element.getAttribute('alt'),
            element.getAttribute('title')])].filter(Boolean).join(' ')"""
    )
    return {word for word in re.findall(r"[a-zà-ÿ]+", text.lower()) if word in ENGLISH}


def load_images(page: Page) -> None:
    """Load every image now, lazy ones too (before a screenshot of the whole page)."""
    assert broken_images(page) == []
