"""The link-in-bio page (`/links/`), which Instagram and TikTok captions point to: posts there
carry no clickable link, so the bio links here, and here every journey with posts out or
coming links to its page, tagged for Instagram (`tracked_url`, the one UTM builder).

A journey is listed when its page is on the website and it has a post on a platform without
links; newest first, by its latest post that is out or else its first one coming. The page
lists journeys only (title and summary), never a story: nothing on it needs consent beyond
what the journey's own page shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..core.output import LINK_IN_BIO_URI, Output, journey_uri, page_path, tracked_url
from .platforms import load_platforms
from .quotecard import card_colors
from .templating import render_page

if TYPE_CHECKING:
    from ..consent.project import Project
    from ..content.model import Journey
    from .snippet import Snippet

SOURCE = "instagram"
"""The bio the page is made for: its links are counted as visits from Instagram."""


def build_links_page(project: Project, snippets: list[Snippet]) -> Output:
    settings = project.settings
    items = [_item(project, journey, moment) for journey, moment in _listed(project, snippets)]
    background, text = card_colors(settings.brand_color)
    content, raw_html = render_page(
        settings.templates_dir,
        "pages/links.md.j2",
        settings=settings,
        items=items,
        colors={"background": _hex(background), "text": _hex(text)},
    )
    return Output(uri=LINK_IN_BIO_URI, content=content, raw_html=raw_html)


def _listed(project: Project, snippets: list[Snippet]) -> list[tuple[Journey, datetime | None]]:
    """The journeys with a post on a platform without links, newest first: by the latest
    post that is out, or else the first coming; journeys whose posts have no time last."""
    platforms = load_platforms()
    bio = {key for key, platform in platforms.items() if platform.links == "none"}
    today = project.settings.today
    listed = []
    for journey in project.content.journeys:
        if "website" not in project.channels_of(journey):
            continue
        posts = [s for s in snippets if s.journey == journey.slug and s.platform in bio]
        if not posts:
            continue
        times = [s.publish_at for s in posts if s.publish_at is not None]
        out = [moment for moment in times if moment.date() <= today]
        moment = max(out) if out else min(times, default=None)
        listed.append((journey, moment))
    listed.sort(key=lambda item: (item[1] is None, -(item[1].timestamp() if item[1] else 0)))
    return listed


def _item(project: Project, journey: Journey, moment: datetime | None) -> dict:
    settings = project.settings
    page = page_path(journey_uri(settings.urls, journey), settings.directory_urls)
    url = f"{settings.site_url.rstrip('/')}/{page}"
    return {
        "title": journey.meta.title,
        "summary": journey.meta.summary,
        "url": tracked_url(url, SOURCE, "social", journey.slug),
        "moment": moment,
    }


def _hex(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)
