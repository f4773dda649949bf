"""The content calendar: what goes out when, for calendars, scheduling tools and people.

From the snippet records (with `publish_at` filled by `schedule.publish_time`) this makes
`deelkit/calendar.ics` (`ics`), the bulk-upload CSVs (`scheduler_csv`), the takedown list
(`takedown_file`) and the calendar page (`calendar_page`). Snippet texts have already passed
the consent gate; the takedown list is what `consent.takedown` selects.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..core.output import Output
from .calendar_page import calendar_page
from .calendar_posts import ICS_URI, TAKEDOWN_URI, Post, describe, end_of_day, post_key
from .calendar_posts import PAGE_URI as PAGE_URI  # the page's path, for the navigation
from .ics import calendar_ics
from .schedule import zone
from .scheduler_csv import scheduling_exports
from .snippet import Snippet
from .takedown_file import takedown

if TYPE_CHECKING:
    from ..consent.project import Project


@dataclass
class CalendarFiles:
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    takedown: list[dict] = field(default_factory=list)


def build_calendar(
    project: Project,
    snippets: list[Snippet],
    now: datetime | None = None,
    events: Callable[[Post], bytes] | None = None,
) -> CalendarFiles:
    """Every calendar file; `now` decides what is future or due.

    By default `now` is the end of the build's "today" (SPEC §3.4): a post later today counts
    as due (the takedown list would rather list one too many) and is no longer exported as
    future, and two builds on the same day are byte-identical. `events`: each post's event
    as `ics_event` writes it, when the caller has it already (a build keeps them per journey).
    """
    settings = project.settings
    tz = zone(settings.timezone)
    now = (now or end_of_day(settings.today, tz)).astimezone(tz)
    public = settings.share_kit_public
    posts = sorted(
        (describe(project, snippet) for snippet in snippets if snippet.publish_at),
        key=lambda post: post_key(post.snippet),
    )
    files = CalendarFiles()
    files.outputs.append(Output(ICS_URI, calendar_ics(project, posts, events), public=public))
    exports = scheduling_exports(project, posts, now)
    files.outputs.extend(Output(uri, text, public=public) for uri, text in exports)
    files.takedown, files.findings = takedown(project, snippets, now)
    text = json.dumps(files.takedown, ensure_ascii=False, indent=2) + "\n"
    files.outputs.append(Output(TAKEDOWN_URI, text.encode("utf-8"), public=public))
    files.outputs.append(calendar_page(project, posts, snippets, now, [u for u, _ in exports]))
    return files
