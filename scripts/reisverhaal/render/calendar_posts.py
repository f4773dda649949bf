"""Scheduled posts as people read them: the calendar's shared vocabulary and file names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .platforms import load_platforms
from .snippet import Snippet

if TYPE_CHECKING:
    from ..consent.project import Project


KIT = "deelkit"


ICS_URI = f"{KIT}/calendar.ics"


TAKEDOWN_URI = f"{KIT}/takedown.json"


PAGE_URI = f"{KIT}/kalender/index.md"


@dataclass(frozen=True)
class Post:
    """A scheduled snippet with the names people read."""

    snippet: Snippet
    journey_title: str
    step_title: str
    platform_name: str
    audience: str | None

    @property
    def at(self) -> datetime:
        return self.snippet.publish_at

    @property
    def summary(self) -> str:
        text = f"[{self.platform_name}] {self.journey_title} — {self.step_title}"
        return f"{text} ({self.audience})" if self.audience else text


def start_of_day(day: date, tz) -> datetime:
    return datetime.combine(day, time(), tz)


def end_of_day(day: date, tz) -> datetime:
    return start_of_day(day + timedelta(days=1), tz) - timedelta(microseconds=1)


def post_key(snippet: Snippet) -> tuple:
    moment = snippet.publish_at.astimezone(UTC) if snippet.publish_at else datetime.max
    return (
        moment.replace(tzinfo=None),
        snippet.journey,
        snippet.step,
        snippet.platform,
        snippet.variant or "",
    )


def describe(project: Project, snippet: Snippet) -> Post:
    journey = project.content.journey(snippet.journey)
    step = journey.step(snippet.step) if journey else None
    audience = project.settings.audiences.get(snippet.variant) if snippet.variant else None
    return Post(
        snippet=snippet,
        journey_title=journey.meta.title if journey else snippet.journey,
        step_title=step.meta.title if step else snippet.step,
        platform_name=platform_name(snippet.platform),
        audience=(audience.label if audience else snippet.variant),
    )


def platform_name(platform: str) -> str:
    known = load_platforms().get(platform)
    return known.name if known else platform
