"""The built website in headless Chromium: accessible (axe-core) and usable at 375 px wide."""

from __future__ import annotations

import pytest

from browser import (
    DESKTOP,
    MOBILE,
    axe_violations,
    broken_images,
    chromium,
    has_horizontal_scroll,
    open_page,
    serve,
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
