"""Video pages in Debian's Chromium: nothing from a third party before the visitor clicks,
the captions track loaded as Dutch captions, and the page accessible (issue 21)."""

from __future__ import annotations

import pytest

from browser import MOBILE, axe_violations, chromium, has_horizontal_scroll, serve
from conftest import build
from reisverhaal.core.output import page_path, step_uri
from reisverhaal.core.settings import Urls
from test_video_site import _journey, _Step, video_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("video-browser") / "project"
    project = video_site(root)
    # Material's own web font comes from Google: off, so that any request that leaves the
    # site is the video's.
    project.write_config(theme={"name": "material", "language": "nl", "font": False})
    with serve(build(root).site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _open(browser, url: str):
    """The page at `url` with every request it makes noted; requests that leave 127.0.0.1
    are noted and refused (the test has no network, and must not wait for one)."""
    page = browser.new_page(viewport=MOBILE)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:"))
            else route.abort()
        ),
    )
    response = page.goto(url)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    return page, requests


def _third_party(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("http://127.0.0.1", "data:"))]


def test_a_youtube_video_loads_nothing_from_youtube_until_the_click(browser, site):
    url = site + page_path(step_uri(Urls(), _journey(), _Step("operatie")))
    page, requests = _open(browser, url)
    assert _third_party(requests) == []
    assert page.locator("iframe").count() == 0
    page.get_by_role(
        "button", name="Video afspelen: Een rondleiding door de operatiekamer."
    ).click()
    frame = page.locator("figure.rv-video--external iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    page.wait_for_timeout(300)
    assert _third_party(requests), "the click loads the privacy-enhanced player"
    assert all("youtube-nocookie.com" in url for url in _third_party(requests))
    assert not has_horizontal_scroll(page)
    assert axe_violations(page) == []


def test_the_own_video_has_dutch_captions_and_loads_nothing_before_play(browser, site):
    url = site + page_path(step_uri(Urls(), _journey(), _Step("eerste-gesprek")))
    page, requests = _open(browser, url)
    assert _third_party(requests) == []
    assert not [r for r in requests if r.endswith(".mp4")], "preload=none: no video before play"
    tracks = page.evaluate(
        """() => [...document.querySelector('figure.rv-video video').textTracks]
            .map(t => [t.kind, t.language, t.mode])"""
    )
    assert tracks == [["captions", "nl", "showing"]]
    assert not has_horizontal_scroll(page)
    assert axe_violations(page) == []
