"""`deelkit/calendar.ics`: one event per scheduled post, with stable UIDs (icalendar)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .calendar_posts import ICS_URI, Post, start_of_day
from .schedule import zone
from .snippet import Snippet

if TYPE_CHECKING:
    from ..consent.project import Project

EVENT_LENGTH = timedelta(minutes=15)


def event_uid(snippet: Snippet, site_url: str) -> str:
    """Stable across builds: the same post keeps its UID when its time or text changes, so a
    subscribed calendar updates the event instead of adding a second one."""
    host = urlsplit(site_url).hostname or "reisverhaal"
    parts = [snippet.journey, snippet.step, snippet.platform]
    if snippet.variant:
        parts.append(snippet.variant)
    return f"{'/'.join(parts)}@{host}"


def calendar_ics(
    project: Project, posts: list[Post], events: Callable[[Post], bytes] | None = None
) -> bytes:
    """The calendar with an event per post. A calendar's text is its own lines, then each of
    its parts' in turn: so the events, written one by one (`ics_event`), follow the time zone
    as they would have had they been added to the calendar."""
    settings = project.settings
    cal = Calendar.new(
        prodid="-//reisverhaal//Contentkalender//NL",
        name=f"Contentkalender {settings.organisation}",
        uid=uuid.uuid5(uuid.NAMESPACE_URL, project.url(ICS_URI)),
        refresh_interval=timedelta(days=1),
    )
    cal.add("x-wr-timezone", settings.timezone)
    years = [settings.today.year, *(post.at.year for post in posts)]
    cal.add_component(vtimezone(settings.timezone, min(years), max(years)))
    event = events or (lambda post: ics_event(project, post))
    return cal.to_ical().removesuffix(ICS_END) + b"".join(map(event, posts)) + ICS_END


ICS_END = b"END:VCALENDAR\r\n"


def ics_event(project: Project, post: Post) -> bytes:
    """The post's event in `calendar.ics`."""
    settings = project.settings
    tz = zone(settings.timezone)
    # DTSTAMP: the start of the build's "today", so a rebuild on the same day is identical.
    stamp = start_of_day(settings.today, tz).astimezone(UTC)
    snippet = post.snippet
    event = Event.new(
        uid=event_uid(snippet, settings.site_url),
        stamp=stamp,
        start=post.at,
        end=post.at + EVENT_LENGTH,
        summary=post.summary,
        description=snippet.text,
        categories=[post.platform_name],
        url=snippet.link,
        transparency="TRANSPARENT",
    )
    if snippet.image:
        event.add("attach", project.url(snippet.image), parameters={"FMTTYPE": "image/jpeg"})
    return event.to_ical()


@cache
def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """The zone's rules for the years the calendar covers (not 1970–2038: small and stable).

    Built from zoneinfo's transitions rather than `Timezone.from_tzinfo`, which writes the
    spring change an hour late (03:00 instead of 02:00). RFC 5545: each DTSTART is the local
    time of the change in the offset that held before it (TZOFFSETFROM).
    """
    tz = zone(name)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    result = Timezone()
    result.add("tzid", name)
    result.add_component(_observance(start, tz, start.astimezone(tz).utcoffset()))
    for moment, before in utc_transitions(tz, start, datetime(last_year + 1, 1, 1, tzinfo=UTC)):
        result.add_component(_observance(moment, tz, before))
    return result


def utc_transitions(tz, start: datetime, end: datetime) -> list[tuple[datetime, timedelta]]:
    """Every moment in [start, end) at which the UTC offset of `tz` changes, to the minute,
    with the offset before it."""
    found = []
    day = timedelta(days=1)
    moment = start
    while moment < end:
        before = moment.astimezone(tz).utcoffset()
        after = (moment + day).astimezone(tz).utcoffset()
        if before != after:
            low, high = 0, 24 * 60
            while high - low > 1:
                middle = (low + high) // 2
                if (moment + timedelta(minutes=middle)).astimezone(tz).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            found.append((moment + timedelta(minutes=high), before))
        moment += day
    return found


def _observance(moment: datetime, tz, before: timedelta) -> TimezoneStandard | TimezoneDaylight:
    local = moment.astimezone(tz)
    part = TimezoneDaylight() if local.dst() else TimezoneStandard()
    part.add("dtstart", (moment + before).replace(tzinfo=None))
    part.add("tzname", local.tzname())
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", local.utcoffset())
    return part
