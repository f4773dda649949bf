"""The consent register for the privacy officer: one row per story, with what was consented
to, until when, its status today and which posts are already out per channel.

The AVG's accountability principle (art. 5(2)) asks an organisation to show which consents it
holds and how it honours them. The rows come from the same gate as the site, so the register
says exactly what the build does; `render.register_file` writes them as CSV and JSON, never
into the published site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..content.datafiles import project_labels
from ..core.findings import shown
from .takedown import posts_out, removed

if TYPE_CHECKING:
    from ..content.model import Story
    from .project import Project
    from .takedown import EarlierTimes, Post

COLUMNS = (
    "reference",
    "story",
    "person",
    "pseudonym",
    "role",
    "channels",
    "photo",
    "minor",
    "guardian",
    "given",
    "expires",
    "withdrawn",
    "status",
    "days_left",
    "posts_out",
    "still_to_take_down",
    "file",
)
"""The register's columns, in order (the CSV's header and the JSON's keys)."""


def register_rows(
    project: Project, posts: Iterable[Post], now: datetime, earlier: EarlierTimes
) -> list[dict]:
    """A row per story, loaded or withheld for errors, by reference then slug."""
    posts = list(posts)
    gate, content = project.gate, project.content
    names = project_labels(project.settings.templates_dir)[0]["register_status"]
    rows = []
    for story in [*content.stories, *content.withheld_stories]:
        out = posts_out(project, story, posts, now, earlier)
        ended = gate.status(story).ended is not None
        to_take_down = [r for r in out if ended and not removed(story, r)]
        rows.append(_row(project, story, out, to_take_down, names))
    return sorted(rows, key=lambda row: (row["reference"], row["story"]))


def _row(
    project: Project, story: Story, out: list[dict], open_posts: list[dict], names: dict
) -> dict:
    gate, today = project.gate, project.settings.today
    consent = story.consent
    status = gate.status(story)
    unreadable = story.consent_unreadable
    withheld = story in project.content.withheld_stories
    expires = None if unreadable else gate.expires(story)
    return {
        "reference": consent.reference,
        "story": story.slug,
        "person": "" if withheld else story.display_name,
        "pseudonym": bool(getattr(story.meta, "pseudonym", False)),
        "role": "" if withheld else story.meta.role,
        "channels": [] if unreadable else list(consent.channels),
        "photo": consent.photo,
        "minor": None if unreadable else consent.is_minor,
        "guardian": consent.guardian,
        "given": None if unreadable else consent.given.isoformat(),
        "expires": _day(expires),
        "withdrawn": _day(consent.withdrawn),
        "status": _status(status, withheld, story.consent_problem, names),
        "days_left": (expires - today).days if status.valid and expires else None,
        "posts_out": dict(sorted(Counter(record["platform"] for record in out).items())),
        "still_to_take_down": sorted({record["post"] for record in open_posts}),
        "file": shown(story.source, project.settings.root),
    }


def _day(day: date | None) -> str | None:
    return None if day is None or day in (date.max, date.min) else day.isoformat()


def _status(status, withheld: bool, problem: str | None, names: dict) -> str:
    """The status in the register's words (`register_status` in the labels)."""
    if problem:
        return names[problem]
    if status.valid:
        return names["withheld" if withheld else "valid"]
    if status.ended is None:
        return names["not_yet"]
    return names["withdrawn" if "ingetrokken" in status.reason else "expired"]
