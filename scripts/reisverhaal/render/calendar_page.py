"""The calendar page `deelkit/kalender/`: coming posts, month grids and unscheduled posts.

A theme template, `theme/reisverhaal/calendar.html`, renders it from the data made here
(`tool_page`); each post links to its place in its journey's share kit.
"""

from __future__ import annotations

import calendar as monthdays
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import material

from ..core.output import Output
from .calendar_posts import ICS_URI, PAGE_URI, Post, platform_name, start_of_day
from .platforms import load_platforms
from .sharekit import post_place
from .snippet import Snippet
from .templating import dutch_date, labels
from .tool_page import toc, tool_page

if TYPE_CHECKING:
    from ..consent.project import Project

COMING = timedelta(weeks=4)
TEMPLATE = "reisverhaal/calendar.html"
ICONS = Path(material.__file__).parent / "templates" / ".icons"
BRANDS = "fontawesome/brands"


def calendar_page(
    project: Project,
    posts: list[Post],
    snippets: list[Snippet],
    now: datetime,
    exports: list[str],
) -> Output:
    """The page, rendered by its theme template from `calendar_data`."""
    data = calendar_data(project, posts, snippets, now, exports)
    return tool_page(PAGE_URI, TEMPLATE, data, project.settings.share_kit_public)


def calendar_data(
    project: Project,
    posts: list[Post],
    snippets: list[Snippet],
    now: datetime,
    exports: list[str],
) -> dict:
    settings = project.settings
    every = labels(settings.templates_dir)
    words = every["calendar"]
    used = sorted({post.snippet.platform for post in posts})
    today = start_of_day(now.date(), now.tzinfo)
    look = {platform: platform_look(platform) for platform in used}

    def moment_data(moment: Moment) -> dict:
        return _moment(project, moment, look, every)

    grids = month_grids(posts, now.date(), every)
    for grid in grids:
        for week in grid["weeks"]:
            for day in week:
                day["moments"] = [moment_data(m) for m in day["moments"]]
    return {
        "hidden": not settings.share_kit_public,
        "title": words["title"],
        "description": words["description"],
        "labels": words,
        "weekdays": every["weekdays"],
        "lead": words["lead"]
        .replace("{timezone}", settings.timezone)
        .replace("{date}", dutch_date(now, every, False)),
        "timezone": settings.timezone,
        "icons": [
            {"id": item["icon"], "path": f"{BRANDS}/{item['file']}"}
            for item in look.values()
            if item["icon"]
        ],
        "ics": ICS_URI,
        "ics_url": project.url(ICS_URI),
        "buffer": _exports(exports, "buffer-"),
        "hootsuite": _exports(exports, "hootsuite-"),
        "coming": [
            moment_data(m) for m in moments([p for p in posts if today <= p.at < today + COMING])
        ],
        "legend": list(look.values()),
        "past": [grid for grid in grids if grid["past"]],
        "upcoming": [grid for grid in grids if not grid["past"]],
        "unscheduled": unscheduled(project, snippets, words),
        "toc": _toc(words),
    }


def _toc(words: dict) -> list[dict]:
    sections = [
        ("in-je-agenda", "subscribe_title"),
        ("de-komende-vier-weken", "coming_title"),
        ("per-maand", "months_title"),
        ("nog-niet-ingepland", "unscheduled_title"),
    ]
    return toc([(anchor, words[key]) for anchor, key in sections])


def _exports(exports: list[str], prefix: str) -> list[dict]:
    names = [(uri, uri.rsplit("/", 1)[-1]) for uri in exports]
    return [{"name": name, "link": uri} for uri, name in names if name.startswith(prefix)]


def _moment(project: Project, moment: Moment, look: dict, every: dict) -> dict:
    directory_urls = project.settings.directory_urls
    return {
        "when": dutch_date(moment.at, every),
        "time": moment.time,
        "journey": moment.journey,
        "step": moment.step,
        "audience": moment.audience,
        "posts": [
            {
                **look[post.snippet.platform],
                **post_place(post.snippet, directory_urls),
            }
            for post in moment.posts
        ],
    }


@dataclass
class Moment:
    """Posts of one step and audience at one moment: one line, with every platform's icon."""

    at: datetime
    journey: str
    step: str
    audience: str | None
    posts: list[Post] = field(default_factory=list)

    @property
    def time(self) -> str:
        return self.at.strftime("%H:%M")


def moments(posts: list[Post]) -> list[Moment]:
    grouped: dict[tuple, Moment] = {}
    for post in posts:
        key = (post.at, post.journey_title, post.step_title, post.audience)
        grouped.setdefault(key, Moment(*key)).posts.append(post)
    return list(grouped.values())


def month_grids(posts: list[Post], today: date, every: dict) -> list[dict]:
    """One grid per month with posts: weeks of seven days, Monday first."""
    by_day: dict[date, list[Moment]] = defaultdict(list)
    for moment in moments(posts):
        by_day[moment.at.date()].append(moment)
    months = sorted({(day.year, day.month) for day in by_day})
    weeks_of = monthdays.Calendar(firstweekday=0).monthdatescalendar
    grids = []
    for year, month in months:
        weeks = [
            [
                {
                    "full": dutch_date(day, every, False),
                    "day": day.day,
                    "inside": day.month == month,
                    "today": day == today,
                    "moments": by_day.get(day, []) if day.month == month else [],
                }
                for day in week
            ]
            for week in weeks_of(year, month)
        ]
        grids.append(
            {
                "title": f"{every['months'][month - 1]} {year}",
                "past": (year, month) < (today.year, today.month),
                "weeks": weeks,
            }
        )
    return grids


def unscheduled(project: Project, snippets: list[Snippet], words: dict) -> list[dict]:
    """Journeys and steps with snippets but no publish time, with the reason."""
    seen: dict[tuple[str, str | None], dict] = {}
    for snippet in snippets:
        if snippet.publish_at is not None:
            continue
        journey = project.content.journey(snippet.journey)
        if journey is None:
            continue
        if journey.meta.date is None:
            key = (journey.slug, None)
            reason = words["no_date"]
            step_title = None
        else:
            key = (journey.slug, snippet.step)
            step = journey.step(snippet.step)
            step_title = step.meta.title if step else snippet.step
            reason = words["no_when"]
        item = seen.setdefault(
            key,
            {
                "journey": journey.meta.title,
                "step": step_title,
                "reason": reason,
                "platforms": set(),
            },
        )
        item["platforms"].add(platform_name(snippet.platform))
    return [
        {**item, "platforms": sorted(item["platforms"])}
        for _, item in sorted(seen.items(), key=lambda pair: (pair[0][0], pair[0][1] or ""))
    ]


def platform_look(platform: str) -> dict:
    """How the page shows a platform: its name, its colour and the id of its icon in the
    page's sprite (None: the name instead), with the icon's file in Material's icons."""
    known = load_platforms().get(platform)
    icon = known.icon if known and has_icon(known.icon) else None
    return {
        "platform": platform,
        "name": platform_name(platform),
        "color": known.color if known else "currentColor",
        "icon": f"rv-icon-{platform}" if icon else None,
        "file": icon,
    }


@cache
def has_icon(name: str | None) -> bool:
    """Whether Material ships the Font Awesome brands icon `name`."""
    return bool(name) and (ICONS / BRANDS / f"{name}.svg").is_file()
