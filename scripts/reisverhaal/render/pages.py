"""Website pages as Markdown for MkDocs to render: journeys, steps, stories and overviews.

Pages are rendered from Jinja2 templates in `templates/pages/`. Only stories that the
consent gate allows on the website are in reach here, so nothing else can leak into a page.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from html import escape
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..content.model import Journey, Story
from ..core.output import (
    ImageRequest,
    Output,
    journey_uri,
    journeys_index_uri,
    page_link,
    source_link,
    step_uri,
    stories_index_uri,
    story_uri,
)
from .brand import brand_files
from .templating import labels, render_page

if TYPE_CHECKING:
    from ..consent.project import Project

WEB_IMAGE = (1600, 1600)
CARD_IMAGE = (720, 480)
"""A card's photo: 3:2 as the cards show it (`reisverhaal.css`), twice the width a card has
at most, for sharp screens. An overview of thirty cards then weighs a fraction of thirty
website photos, which matters to readers on a phone's data plan."""


def web_image(folder_uri: str, owner, focus=None) -> ImageRequest | None:
    """The website version of an image: fitted, upright, without metadata."""
    if owner.image is None:
        return None
    uri = f"{folder_uri}/media/{PurePosixPath(owner.image.name).stem}.jpg"
    return ImageRequest(
        uri=uri, source=owner.image, size=WEB_IMAGE, focus=focus or (0.5, 0.5), fit=True
    )


def card_image(request: ImageRequest | None) -> ImageRequest | None:
    """The card version of a website image (`web_image`, `story_photo`): the same photo cut
    to the shape of `CARD_IMAGE` around its focus point, never enlarged, in a `kaart/`
    folder beside it."""
    if request is None:
        return None
    folder, name = posixpath.split(request.uri)
    card = f"{folder}/kaart/{name}"
    return replace(request, uri=card, size=CARD_IMAGE, fit=False, enlarge=False)


class PageSet:
    """Collects the pages and the images they refer to."""

    def __init__(self, project: Project):
        self.project = project
        self.outputs: list[Output] = []
        self.images: list[ImageRequest] = []
        self.videos: list = []
        """`render.video_site.VideoRequest`s of the pages' players."""
        self.nav: list = []

    def image(self, request: ImageRequest | None, page_uri: str) -> str | None:
        if request is None:
            return None
        if request not in self.images:
            self.images.append(request)
        return source_link(page_uri, request.uri)

    def video(self, video, folder_uri: str, slug: str, page_uri: str) -> dict | None:
        """The player of `video` (None: no video) for the page at `page_uri`; its files are
        published with the part (`render.video_site.publish`)."""
        from . import video_site

        request = video_site.page_request(video, folder_uri, slug, self.project.settings)
        if request is not None and request not in self.videos:
            self.videos.append(request)
        return video_site.player(request, page_uri, self.project.settings)

    def with_links(self, links, owner, uri: str):
        """`owner` with the links and images in its body made to work from the page at `uri`
        (`checks.links`: editors link to source files); the images are published."""
        owner, body = links.with_body(owner, uri)
        for request in body.images:
            self.image(request, uri)
        return owner

    def page(self, uri: str, template: str, fallback: bool = False, **context) -> None:
        """A page from its template. Besides `link` (a Markdown link to another page's source
        path), templates get `href`: such a link to another page turned into the link of the
        built page, for HTML blocks set aside with `{% call html() %}`."""
        directory_urls = self.project.settings.directory_urls

        def href(markdown_link: str) -> str:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), markdown_link))
            return page_link(uri, target, directory_urls)

        text, raw_html = render_page(
            self.project.settings.templates_dir,
            f"pages/{template}",
            settings=self.project.settings,
            link=lambda target: source_link(uri, target),
            href=href,
            **context,
        )
        self.outputs.append(Output(uri=uri, content=text, fallback=fallback, raw_html=raw_html))


def build_pages(
    project: Project,
    journeys: Collection[str] | None = None,
    stories: Collection[str] | None = None,
    overviews: bool = True,
) -> PageSet:
    """The site's pages. `journeys` and `stories`: the slugs whose own pages are made (None:
    all); `overviews`: the home page, the overviews and the navigation, which list them all.
    A build makes each journey's and story's pages apart (`pipeline.parts`)."""
    from ..checks.links import BodyLinks

    pages = PageSet(project)
    links = BodyLinks(project)
    gate = project.gate
    website_stories = gate.stories_for("website")
    journeys_listed = [j for j in project.content.journeys if "website" in project.channels_of(j)]
    urls = project.settings.urls

    for journey in _chosen(journeys_listed, journeys):
        uri = journey_uri(urls, journey)
        folder = posixpath.dirname(uri)
        cards = []
        for step in journey.steps:
            cards.append(
                {
                    "step": step,
                    "link": source_link(uri, step_uri(urls, journey, step)),
                    "image": pages.image(web_image(folder, step, step.meta.focus), uri),
                }
            )
        related = [s for s in website_stories if journey.slug in s.meta.journeys]
        photo = web_image(folder, journey, journey.meta.focus)
        pages.page(
            uri,
            "journey.md.j2",
            journey=pages.with_links(links, journey, uri),
            cards=cards,
            image=pages.image(photo, uri),
            stories=[{"story": s, "link": source_link(uri, story_uri(urls, s))} for s in related],
        )
        pages.image(card_image(photo), uri)  # for the overviews' cards
        for index, step in enumerate(journey.steps):
            here = step_uri(urls, journey, step)
            story = gate.story_for(step.meta.story, "website")
            pages.page(
                here,
                "step.md.j2",
                journey=journey,
                step=pages.with_links(links, step, here),
                journey_link=source_link(here, uri),
                image=pages.image(web_image(folder, step, step.meta.focus), here),
                video=pages.video(step.video, folder, step.slug, here),
                story=story,
                story_link=source_link(here, story_uri(urls, story)) if story else None,
                previous=_neighbour(urls, journey, index - 1, here),
                next=_neighbour(urls, journey, index + 1, here),
            )

    for story in _chosen(website_stories, stories):
        uri = story_uri(urls, story)
        request = story_photo(project, story)
        linked = [j for j in journeys_listed if j.slug in story.meta.journeys]
        pages.page(
            uri,
            "story.md.j2",
            story=pages.with_links(links, story, uri),
            image=pages.image(request, uri),
            video=pages.video(
                gate.video_for(story, "website"), posixpath.dirname(uri), story.slug, uri
            ),
            journeys=[
                {"journey": j, "link": source_link(uri, journey_uri(urls, j))} for j in linked
            ],
        )
        pages.image(card_image(request), uri)  # for the overviews' cards

    if overviews:
        _overviews(pages, journeys_listed, website_stories)
        pages.outputs += brand_files(project.settings)  # the site's colour, logo, favicon
        pages.nav = _navigation(pages, journeys_listed, website_stories)
    return pages


def story_photo(project: Project, story: Story) -> ImageRequest | None:
    """The website version of a story's photo, next to its page; None without portrait
    consent for the website (the consent gate's `photo_for`)."""
    photo = project.gate.photo_for(story, "website")
    if photo is None:
        return None
    return ImageRequest(
        uri=f"{posixpath.dirname(story_uri(project.settings.urls, story))}/{photo.stem}.jpg",
        source=photo,
        size=WEB_IMAGE,
        focus=story.meta.focus or (0.5, 0.5),
        fit=True,
    )


def _chosen(owners: list, slugs: Collection[str] | None) -> list:
    return owners if slugs is None else [owner for owner in owners if owner.slug in slugs]


def _navigation(pages: PageSet, journeys: list[Journey], stories: list[Story]) -> list:
    """The site navigation in `mkdocs.yml` form: steps in their order, Dutch titles.
    Themes print a section's title as HTML, as they do a page's title (`title` in the page
    templates' front matter is escaped for the same reason)."""
    made = {output.uri for output in pages.outputs}
    urls = pages.project.settings.urls
    nav_labels = labels(pages.project.settings.templates_dir)["nav"]
    words = {key: escape(word) for key, word in nav_labels.items()}
    nav: list = [
        {
            words["journeys"]: [
                journeys_index_uri(urls),
                *(
                    {
                        escape(j.meta.title): [
                            journey_uri(urls, j),
                            *(step_uri(urls, j, s) for s in j.steps),
                        ]
                    }
                    for j in journeys
                ),
            ]
        },
        {
            words["stories"]: [
                stories_index_uri(urls),
                *(story_uri(urls, s) for s in stories),
            ]
        },
    ]
    for title, folder in ((words["themes"], "themas"), (words["audiences"], "doelgroepen")):
        children = sorted(uri for uri in made if uri.startswith(f"{folder}/"))
        if children:
            children.remove(f"{folder}/index.md")
            nav.append({title: [f"{folder}/index.md", *children]})
    return nav


def _neighbour(urls, journey: Journey, index: int, here: str) -> dict | None:
    if 0 <= index < len(journey.steps):
        step = journey.steps[index]
        return {"step": step, "link": source_link(here, step_uri(urls, journey, step))}
    return None


COMING_KINDS = ("meeting", "training")
"""Journeys a reader can come to: with a date they are "coming up" on the home page (and
every journey that comes back each year, such as the flu shot)."""


def _journey_card(project: Project, journey: Journey) -> dict:
    """What a journey's card shows besides its title and summary: its photo (the site path of
    the card version its part publishes) and its next date."""
    folder = posixpath.dirname(journey_uri(project.settings.urls, journey))
    request = card_image(web_image(folder, journey, journey.meta.focus))
    return {"image": request.uri if request else None, "date": _next_date(journey, project)}


def _story_card(project: Project, story: Story) -> dict:
    """A story's card: its photo only with portrait consent (the story's part publishes the
    card version beside its page's)."""
    request = card_image(story_photo(project, story))
    return {"image": request.uri if request else None}


def _next_date(journey: Journey, project: Project):
    from .templating import next_date

    return next_date(journey, project.settings.today)


def _coming(journeys: list[Journey], project: Project) -> list[Journey]:
    """Meetings and trainings still to come, and yearly journeys, soonest first."""
    today = project.settings.today

    def day(journey: Journey):
        when = _next_date(journey, project)
        return when.date() if isinstance(when, datetime) else when

    chosen = [
        j
        for j in journeys
        if (j.meta.kind in COMING_KINDS or j.meta.repeat == "yearly")
        and day(j) is not None
        and day(j) >= today
    ]
    return sorted(chosen, key=lambda j: (day(j), j.meta.title))


def _recent(stories: list[Story], cards: dict[str, dict], count: int = 3) -> list[Story]:
    """The home page's stories: those with a photo first, the most recently told first."""

    def order(story: Story):
        return (cards[story.slug]["image"] is None, -story.consent.given.toordinal(), story.slug)

    return sorted(stories, key=order)[:count]


def _overviews(pages: PageSet, journeys: list[Journey], stories: list[Story]) -> None:
    settings = pages.project.settings
    urls = settings.urls
    journeys_index, stories_index = journeys_index_uri(urls), stories_index_uri(urls)
    journey_cards = {j.slug: _journey_card(pages.project, j) for j in journeys}
    story_cards = {s.slug: _story_card(pages.project, s) for s in stories}

    def journey_card(journey: Journey) -> dict:
        return journey_cards[journey.slug]

    def story_card(story: Story) -> dict:
        return story_cards[story.slug]

    def journey_items(uri: str, selection: list[Journey]) -> list[dict]:
        return [
            {"journey": j, "link": source_link(uri, journey_uri(urls, j)), **journey_card(j)}
            for j in selection
        ]

    def story_items(uri: str, selection: list[Story]) -> list[dict]:
        return [
            {"story": s, "link": source_link(uri, story_uri(urls, s)), **story_card(s)}
            for s in selection
        ]

    pages.page(journeys_index, "journeys.md.j2", journeys=journey_items(journeys_index, journeys))
    pages.page(stories_index, "stories.md.j2", stories=story_items(stories_index, stories))

    by_theme: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for journey in journeys:
        for theme in journey.meta.themes:
            by_theme[theme][0].append(journey)
    for story in stories:
        for theme in story.meta.themes:
            by_theme[theme][1].append(story)
    themes = []
    for theme in sorted(by_theme):
        uri = f"themas/{theme}.md"
        themed_journeys, themed_stories = by_theme[theme]
        pages.page(
            uri,
            "theme.md.j2",
            theme=theme,
            label=theme.replace("-", " ").capitalize(),
            journeys=journey_items(uri, themed_journeys),
            stories=story_items(uri, themed_stories),
        )
        themes.append(
            {
                "label": theme.replace("-", " ").capitalize(),
                "link": f"{theme}.md",
                "count": len(themed_journeys) + len(themed_stories),
            }
        )
    if themes:
        pages.page("themas/index.md", "themes.md.j2", themes=themes)

    audiences = []
    for key, audience in settings.audiences.items():
        selected = [j for j in journeys if key in j.meta.audiences]
        if not selected:
            continue
        uri = f"doelgroepen/{key}.md"
        pages.page(uri, "audience.md.j2", audience=audience, journeys=journey_items(uri, selected))
        audiences.append({"label": audience.label, "link": f"{key}.md", "count": len(selected)})
    if audiences:
        pages.page("doelgroepen/index.md", "audiences.md.j2", audiences=audiences)

    pages.page(
        "index.md",
        "home.md.j2",
        fallback=True,
        journeys=journey_items("index.md", journeys),
        stories=story_items("index.md", _recent(stories, story_cards)),
        coming=journey_items("index.md", _coming(journeys, pages.project)),
        journeys_link=journeys_index,
        stories_link=stories_index,
        # The journeys by theme and by audience (links from the home page's folder).
        themes=[{**theme, "link": f"themas/{theme['link']}"} for theme in themes],
        audiences=[{**each, "link": f"doelgroepen/{each['link']}"} for each in audiences],
    )
