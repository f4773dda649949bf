"""The site's Atom feed (`feed.xml`): the journeys and stories on the website, for feed readers
and for newsletter tools that turn a feed into a mailing.

Only what the website shows: a journey on the website channel, a story whose consent holds
for the website today (`ConsentGate.stories_for`), so a withdrawn or expired story is never in
it. The XML is written by ElementTree, which escapes every text.

Dates come from the content, never from the build, so that a tool does not take an entry for
new each day and mail it again: a story is dated by the day its consent was given; a journey
by its first post that has gone out, and it enters the feed then (a journey without scheduled
posts on its `date`, once that has come; one with neither is on the website only).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from ..core.output import Output, journey_uri, page_path, story_uri
from ..core.today import FIRST_DAY
from .page_head import FEED_URI
from .schedule import day_of, local, zone
from .templating import labels

if TYPE_CHECKING:
    from ..consent.project import Project
    from ..content.model import Journey
    from .snippet import Snippet

ATOM = "http://www.w3.org/2005/Atom"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 has no place for, not even escaped; ElementTree would write them."""


def build_feed(project: Project, snippets: list[Snippet]) -> Output:
    settings = project.settings
    tz = zone(settings.timezone)
    entries = []
    for journey in project.content.journeys:
        if "website" not in project.channels_of(journey):
            continue
        when = _first_out(journey, snippets, settings.today, tz)
        if when is None:
            continue
        uri = journey_uri(settings.urls, journey)
        entries.append((when, _text(journey.meta.title), _text(journey.meta.summary), uri))
    for story in project.gate.stories_for("website"):
        when = _midnight(story.consent.given, tz)
        texts = _text(story.meta.title), _text(story.meta.summary)
        entries.append((when, *texts, story_uri(settings.urls, story)))
    entries.sort(key=lambda entry: (-entry[0].timestamp(), entry[3]))
    return Output(uri=FEED_URI, content=_atom(project, entries, tz))


def _first_out(journey: Journey, snippets: list[Snippet], today: date, tz) -> datetime | None:
    """When the journey went public: its first post out (a post due today counts, as on the
    takedown list), or without scheduled posts its date; None while neither has come."""
    times = [s.publish_at for s in snippets if s.journey == journey.slug and s.publish_at]
    if times:
        out = [moment for moment in times if moment.date() <= today]
        return min(out) if out else None
    day = journey.meta.date
    if day is None or day_of(day) > today:
        return None
    return local(day, tz) if isinstance(day, datetime) else _midnight(day, tz)


def _text(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def _midnight(day: date, tz) -> datetime:
    return local(datetime.combine(day, time()), tz)


def _atom(project: Project, entries: list, tz) -> str:
    settings = project.settings
    site = settings.site_url.rstrip("/") + "/"
    title = _text(f"{settings.organisation}: {labels(settings.templates_dir)['feed']['title']}")
    feed = ElementTree.Element("feed", xmlns=ATOM)
    ElementTree.SubElement(feed, "title").text = title
    ElementTree.SubElement(feed, "id").text = site
    ElementTree.SubElement(feed, "link", rel="alternate", type="text/html", href=site)
    ElementTree.SubElement(feed, "link", rel="self", href=site + FEED_URI)
    updated = max((entry[0] for entry in entries), default=_midnight(FIRST_DAY, tz))
    ElementTree.SubElement(feed, "updated").text = updated.isoformat()
    author = ElementTree.SubElement(feed, "author")
    ElementTree.SubElement(author, "name").text = _text(settings.organisation)
    for when, name, summary, uri in entries:
        url = site + page_path(uri, settings.directory_urls)
        entry = ElementTree.SubElement(feed, "entry")
        ElementTree.SubElement(entry, "title", type="text").text = name
        ElementTree.SubElement(entry, "id").text = url
        ElementTree.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
        ElementTree.SubElement(entry, "updated").text = when.isoformat()
        ElementTree.SubElement(entry, "summary", type="text").text = summary
    ElementTree.indent(feed)
    body = ElementTree.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
