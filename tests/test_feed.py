"""The Atom feed (issue 18): journeys and stories allowed on the website, read with
feedparser as feed readers and newsletter tools read it, and linked from every page."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import EPOCH, OMIT, SITE_URL, SiteProject, build, consent_meta
from leaks import plant_story
from reisverhaal.core.output import journey_uri, page_path, story_uri
from reisverhaal.core.settings import Urls
from reisverhaal.render.page_head import FEED_URI

URLS = Urls()
ODD_TITLE = 'Knie & heup <b>samen</b> ]]> "zo"'


class Slug:
    def __init__(self, slug: str):
        self.slug = slug


def url_of(uri: str) -> str:
    return SITE_URL + page_path(uri)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = SiteProject.small(tmp_path_factory.mktemp("feed") / "project")
    project.journey("knie", date=datetime(2027, 1, 10, 9, 0))  # first post 2026-12-27
    project.journey(
        "heup",
        title=ODD_TITLE,
        summary="Alles over je nieuwe heup.",
        date=datetime(2026, 12, 1, 9, 0),
    )
    project.step("heup", "01-gesprek.md")
    project.journey("later", title="Komt nog", date=datetime(2027, 3, 1, 9, 0))
    project.step("later", "01-stap.md")  # its first post is on 2027-02-15
    project.journey("ongepland", title="Zonder planning", date=datetime(2026, 11, 3, 14, 0))
    project.step("ongepland", "01-stap.md", when=OMIT)
    project.journey("intern", title="Alleen voor de nieuwsbrief", channels=["newsletter"])
    project.step("intern", "01-stap.md")
    plant_story(project, "ingetrokken", "Intrekwoord", withdrawn=date(2026, 12, 1))
    plant_story(project, "verlopen", "Verloopwoord", expires=date(2027, 1, 1))
    plant_story(project, "zonder-website", "Nergenswoord", channels=["newsletter"])
    project.story(
        "toekomst",
        title="Nog niet",
        consent=consent_meta(given=date(2027, 6, 1)),
    )
    result = build(project.root)
    return result, feedparser.parse((result.site / FEED_URI).read_bytes())


def test_the_feed_is_valid_atom_with_the_website_journeys_and_stories(built):
    _, feed = built
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Zorggroep Test: trajecten en verhalen"
    links = {entry.link: entry for entry in feed.entries}
    assert set(links) == {
        url_of(journey_uri(URLS, Slug("knie"))),
        url_of(journey_uri(URLS, Slug("heup"))),
        url_of(journey_uri(URLS, Slug("ongepland"))),
        url_of(story_uri(URLS, Slug("wilma-fietst"))),
    }
    heup = links[url_of(journey_uri(URLS, Slug("heup")))]
    assert heup.title == ODD_TITLE  # text, exactly as written
    assert heup.summary == "Alles over je nieuwe heup."
    assert all(entry.id == entry.link and entry.updated_parsed for entry in feed.entries)


def test_a_journey_is_dated_by_its_first_post_out_and_enters_the_feed_then(built):
    _, feed = built
    dates = {entry.link: entry.updated for entry in feed.entries}
    assert dates[url_of(journey_uri(URLS, Slug("knie")))].startswith("2026-12-27T10:00:00+01:00")
    assert dates[url_of(journey_uri(URLS, Slug("ongepland")))] == "2026-11-03T14:00:00+01:00"
    assert url_of(journey_uri(URLS, Slug("later"))) not in dates


def test_the_feed_is_the_same_on_another_day(built, tmp_path):
    result, _ = built
    root = result.site.parent
    again = build(root, site_dir=tmp_path / "site", epoch=EPOCH + 86400)
    assert (again.site / FEED_URI).read_bytes() == (result.site / FEED_URI).read_bytes()


def test_withdrawn_expired_and_unconsented_stories_are_never_in_it(built):
    result, _ = built
    text = (result.site / FEED_URI).read_text(encoding="utf-8").lower()
    for word in ("intrekwoord", "verloopwoord", "nergenswoord", "nog niet", "nieuwsbrief"):
        assert word not in text


def test_a_story_is_dated_by_its_consent_not_by_the_build(built):
    _, feed = built
    (story,) = [e for e in feed.entries if "wilma" in e.link]
    assert story.updated.startswith("2026-06-01T00:00:00")


def test_every_page_links_to_the_feed(built):
    result, _ = built
    for page in ("", page_path(journey_uri(URLS, Slug("knie")))):
        soup = BeautifulSoup(result.page(page), "html5lib")
        (link,) = soup.find_all("link", rel="alternate", type="application/atom+xml")
        assert urljoin(SITE_URL + page, link["href"]) == SITE_URL + FEED_URI
        assert link["title"] == "Zorggroep Test"
