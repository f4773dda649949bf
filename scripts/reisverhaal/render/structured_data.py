"""Structured data (JSON-LD, schema.org) where it helps people find things: an `Event` for a
meeting or training with a date, the `Organization` on the home page, a `BreadcrumbList` on
steps. Values are the editors' text as it is; `script_json` makes it safe inside `<script>`.
The schedule is imported where an event needs it: pages' heads use this module in a build
that loads no content models (`page_head`).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.model import Journey
    from ..core.settings import Settings

CONTEXT = "https://schema.org"
EVENT_KINDS = ("meeting", "training")
"""Journeys that people attend; a treatment or policy change is no event to look up."""
SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
"""Escaped inside JSON strings, so that no text (`</script>`, `<!--`) can end the script
element early; JSON readers turn them back into the same characters."""


def script_json(data: dict) -> str:
    """`data` as JSON for a `<script type="application/ld+json">` element. ASCII only, so
    that the line separators JavaScript once refused are escaped too."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for character, escaped in SCRIPT_UNSAFE.items():
        text = text.replace(character, escaped)
    return text


def organization(settings: Settings, logo_url: str | None = None) -> dict:
    data = {
        "@context": CONTEXT,
        "@type": "Organization",
        "name": settings.organisation,
        "url": settings.site_url,
    }
    if logo_url:
        data["logo"] = logo_url
    return data


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """A `BreadcrumbList` of (name, absolute URL) pairs, from the top down."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(trail, start=1)
        ],
    }


def event(
    journey: Journey, settings: Settings, url: str, image_url: str | None = None
) -> dict | None:
    """The journey as an `Event`: a meeting or training with a date. A yearly one on its next
    date, never a past one (`schedule.occurrence`); a one-off date that has passed is no
    event to find any more."""
    from .schedule import day_of, occurrence

    if journey.meta.kind not in EVENT_KINDS:
        return None
    when = occurrence(journey, settings.today)
    if when is None or day_of(when) < settings.today:
        return None
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": journey.meta.title,
        "description": journey.meta.summary,
        "startDate": start_date(when, settings.timezone),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {
            "@type": "Organization",
            "name": settings.organisation,
            "url": settings.site_url,
        },
        "url": url,
    }
    if journey.meta.location:
        data["location"] = {
            "@type": "Place",
            "name": journey.meta.location,
            "address": journey.meta.location,
        }
    if image_url:
        data["image"] = [image_url]
    return data


def start_date(when: date | datetime, timezone: str) -> str:
    """ISO 8601 with the UTC offset of that day in the site's time zone (`+01:00` in winter,
    `+02:00` in summer); a date without a time stays a date, which has no offset."""
    from .schedule import local, zone

    if isinstance(when, datetime):
        return local(when, zone(timezone)).isoformat()
    if isinstance(when, date):
        return when.isoformat()
    raise TypeError(when)
