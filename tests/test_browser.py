"""The built website in headless Chromium: accessible (axe-core) and usable at 375 px wide;
the example site read by older readers (type sizes, line length, Dutch only), with
screenshots of its pages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from browser import (
    DESKTOP,
    MOBILE,
    axe_violations,
    broken_images,
    chromium,
    english_words,
    font_sizes,
    has_horizontal_scroll,
    load_images,
    longest_line,
    open_page,
    serve,
    text_smaller_than,
    wider_than_viewport,
)
from conftest import SiteProject, build

PAGES = {
    "home": "",
    "journey": "trajecten/knie/",
    "step": "trajecten/knie/eerste-gesprek/",
    "story": "verhalen/wilma-fietst/",
    "not found": "404.html",
}
PHOTOS = {"home": 0, "journey": 1, "step": 1, "story": 1, "not found": 0}
TABLE = "| Wie | Wat |\n|---|---|\n| Arts | Uitleg |\n"
LONG_LINK = "https://zorg.example.nl/een-heel-lange-link-die-niet-past-op-een-smal-scherm"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser") / "project"
    project = SiteProject.small(root).illustrate()
    project.step(
        "knie",
        "01-eerste-gesprek.md",
        body=f"Lees vooraf de folder op {LONG_LINK}.\n\n" + TABLE,
        title="Het eerste gesprek met de orthopedisch chirurg over je nieuwe knie",
        summary=f"In het eerste gesprek hoor je wat er gaat gebeuren: {LONG_LINK}",
        expect="Je praat met de arts en de verpleegkundige.",
        prepare="Schrijf je vragen op.",
        story="wilma-fietst",
        image="media/gesprek.jpg",
        image_alt="Een arts praat met een vrouw.",
    )
    built = build(root)
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("name", PAGES)
def test_mobile_page_is_accessible_and_does_not_scroll_sideways(browser, base_url, name):
    page = open_page(browser, base_url + PAGES[name], MOBILE)
    assert broken_images(page) == []
    assert page.locator("article img").count() == PHOTOS[name]
    assert not has_horizontal_scroll(page), wider_than_viewport(page)
    assert axe_violations(page) == []
    page.close()


@pytest.mark.parametrize("name", ["home", "journey"])
def test_desktop_page_is_accessible(browser, base_url, name):
    page = open_page(browser, base_url + PAGES[name], DESKTOP)
    assert axe_violations(page) == []
    page.close()


def test_the_checks_themselves_can_fail(browser):
    page = browser.new_page(viewport=MOBILE)
    page.set_content(
        '<html lang="nl"><body><div style="width: 600px">breed</div>'
        '<img src="x.png"><p style="color: #eee">licht</p></body></html>'
    )
    assert has_horizontal_scroll(page)
    assert broken_images(page) == ["x.png"]
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "color-contrast"} <= found
    page.close()


def test_the_home_page_made_for_a_site_without_one_is_accessible(browser, tmp_path):
    project = SiteProject.small(tmp_path / "project").illustrate()
    (project.root / "docs" / "index.md").unlink()
    built = build(project.root)
    with serve(built.site) as url:
        page = open_page(browser, url, MOBILE)
        assert page.locator("article h1").inner_text() == "Welkom bij Zorggroep Test"
        assert not has_horizontal_scroll(page), wider_than_viewport(page)
        assert axe_violations(page) == []
        page.close()


# The example site, as the people it is for read it ---------------------------------------

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = ("journeys", "stories", "docs", "templates", "mkdocs.yml")
EXAMPLE_PAGES = {
    "home": "",
    "journeys": "trajecten/",
    "journey": "trajecten/nieuwe-knie/",
    "step": "trajecten/nieuwe-knie/de-operatie/",
    "stories": "verhalen/",
    "story": "verhalen/wilma-knuffels/",
    "not-found": "404.html",
}
VIEWPORTS = {"375": MOBILE, "1280": DESKTOP}
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")
SCREENSHOTS = os.environ.get("REISVERHAAL_SCREENSHOTS")
"""A folder for the screenshots (`tools/screenshots.sh`); without it, the test's own."""


@pytest.fixture(scope="module")
def example_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("example") / "project"
    root.mkdir()
    for name in EXAMPLE:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    built = build(root)  # on the tests' today, 15 January 2027
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", EXAMPLE_PAGES)
def test_the_example_site_reads_well_for_older_readers(
    browser, example_url, screenshots, name, width
):
    page = open_page(browser, example_url + EXAMPLE_PAGES[name], VIEWPORTS[width])
    page.wait_for_load_state("networkidle")  # Material's scripts done (search index too)
    assert axe_violations(page, EVERY_IMPACT) == []
    assert text_smaller_than(page, 16) == []
    body = font_sizes(page, "article p")
    assert body and min(body) >= 18
    line = longest_line(page)
    assert line["characters"] < 75, line
    assert english_words(page) == set()
    if width == "375":
        assert not has_horizontal_scroll(page), wider_than_viewport(page)
    load_images(page)
    shot = screenshots / f"{name}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    with Image.open(shot) as image:
        assert image.width == VIEWPORTS[width]["width"]
    page.close()


def test_a_yearly_journey_shows_its_next_date_in_the_browser(browser, example_url):
    """The flu shot was first on 14 October 2026; on the tests' today (15 January 2027) the
    page, the overview and the home page show 14 October 2027."""
    for uri in ("trajecten/griepprik/", "trajecten/", ""):
        page = open_page(browser, example_url + uri, MOBILE)
        text = page.evaluate("() => document.querySelector('article').innerText")
        assert "14 oktober 2027" in text, uri
        assert "2026" not in text, uri
        page.close()


def test_the_type_checks_can_fail(browser):
    page = browser.new_page(viewport=DESKTOP)
    page.set_content(
        '<html lang="nl"><body><article><p style="font-size: 14px">'
        + "woord " * 40
        + '</p><p>Skip to content</p><nav aria-label="Footer"></nav></article></body></html>'
    )
    small = text_smaller_than(page, 16)
    assert small and small[0]["size"] == 14
    assert min(font_sizes(page, "article p")) == 14
    assert longest_line(page)["characters"] > 75
    assert english_words(page) == {"skip", "footer"}
    page.close()
