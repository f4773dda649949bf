"""The link-in-bio page `/links/` (issue 18): the journeys with posts on Instagram or TikTok,
newest first, each with its tracked link for Instagram; in the brand colour, for a phone:
Debian's Chromium at 375 px with axe, no sideways scroll, tap targets of at least 44 px."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import MOBILE, axe_violations, chromium, has_horizontal_scroll, open_page, serve
from conftest import SITE_URL, SiteProject, build
from leaks import plant_story
from reisverhaal.core.output import LINK_IN_BIO_URI, journey_uri, page_path
from reisverhaal.core.settings import Urls
from reisverhaal.render.quotecard import contrast_ratio

URLS = Urls()
LINKS = page_path(LINK_IN_BIO_URI)
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
CHANNELS = ["website", "instagram", "facebook"]


class Slug:
    def __init__(self, slug: str):
        self.slug = slug


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Journeys with posts out (knie, long ago; griep, last week), coming (valdag) and one
    that is not on Instagram; a story planted in a step, whose text must not show here."""
    project = SiteProject.small(tmp_path_factory.mktemp("links") / "project", channels=CHANNELS)
    project.journey("knie", date=datetime(2026, 6, 1, 9, 0))
    project.journey(
        "griep",
        title="De griepprik",
        summary="Elk najaar een prik tegen de griep.",
        date=datetime(2027, 1, 20, 9, 0),
    )
    project.step("griep", "01-uitnodiging.md", title="De uitnodiging", when="-14d")
    project.journey(
        "valdag",
        kind="meeting",
        title="Valdag in de wijk",
        summary="Een dag over vallen en opstaan.",
        date=datetime(2027, 4, 1, 10, 0),
    )
    project.step("valdag", "01-aanmelden.md", title="Aanmelden")
    project.journey("alleen-facebook", title="Alleen op Facebook", channels=["website", "facebook"])
    project.step("alleen-facebook", "01-stap.md")
    plant_story(project, "geheim", "Geheimwoord", channels=["website", "instagram"])
    project.step("valdag", "02-verhaal.md", title="Een verhaal", story="geheim")
    return build(project.root)


def items(result) -> list:
    soup = BeautifulSoup(result.page(LINKS), "html5lib")
    return soup.select("a.rv-links__item")


def test_the_journeys_with_instagram_posts_newest_first_with_tracked_links(built):
    found = items(built)
    titles = [a.select_one(".rv-links__title").get_text() for a in found]
    assert titles == ["Valdag in de wijk", "De griepprik", "Je nieuwe knie"]
    for link, slug in zip(found, ["valdag", "griep", "knie"], strict=True):
        url = urlsplit(link["href"])
        page = page_path(journey_uri(URLS, Slug(slug)))
        assert f"{url.scheme}://{url.netloc}{url.path}" == SITE_URL + page
        assert (built.site / page / "index.html").is_file()  # the link works
        query = parse_qs(url.query)
        assert query == {
            "utm_source": ["instagram"],
            "utm_medium": ["social"],
            "utm_campaign": [slug],
        }


def test_the_page_lists_journeys_only(built):
    """The story (allowed on the website, so in the site's navigation) is not in the list."""
    article = BeautifulSoup(built.page(LINKS), "html5lib").select_one("article")
    assert "geheimwoord" not in article.get_text().lower()
    assert "geheimwoord" in built.page(LINKS).lower()  # the navigation does list it


def test_the_brand_colour_reads_well(built):
    html = built.page(LINKS)
    style = BeautifulSoup(html, "html5lib").select_one("article style").string
    rule = next(line for line in style.splitlines() if "a.rv-links__item {" in line)
    assert "text-decoration: none" in rule
    colours = dict(
        part.strip().split(": ")
        for part in rule.split("{")[1].split("}")[0].split(";")
        if ": " in part
    )
    assert contrast_ratio(colours["color"], colours["background"]) >= 4.5


def test_a_site_without_posts_says_so(tmp_path):
    project = SiteProject.small(tmp_path / "project", channels=["website", "facebook"])
    page = build(project.root).page(LINKS)
    assert "Er staan nu geen berichten klaar" in page
    assert "rv-links__item" not in page


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def test_on_a_phone_with_axe(built, browser):
    with serve(built.site) as base_url:
        page = open_page(browser, base_url + LINKS, MOBILE)
        assert axe_violations(page, ALL_IMPACTS) == []
        assert not has_horizontal_scroll(page)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('a.rv-links__item')].map(a => {
                const box = a.getBoundingClientRect();
                return [box.width, box.height];
            })"""
        )
        assert len(sizes) == 3
        assert all(width >= 44 and height >= 44 for width, height in sizes)
        assert all(width >= MOBILE["width"] * 0.8 for width, _ in sizes)
        lefts = page.evaluate(
            """() => [...document.querySelectorAll('a.rv-links__item')].map(a => [
                a.getBoundingClientRect().left,
                a.closest('article').querySelector('h1').getBoundingClientRect().left,
                getComputedStyle(a).textDecorationLine,
            ])"""
        )
        # Full width, in line with the heading: no list indent; not underlined until touched.
        assert all(abs(left - heading) < 1 and line == "none" for left, heading, line in lefts)
