"""The calendar page `deelkit/kalender/`: coming posts, month grids and unscheduled posts."""

from __future__ import annotations

import calendar as monthdays
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import material

from .calendar_posts import ICS_URI, KIT, Post, platform_name, start_of_day
from .platforms import load_platforms
from .snippet import Snippet
from .templating import labels, render_page

if TYPE_CHECKING:
    from ..consent.project import Project

COMING = timedelta(weeks=4)


ICONS = Path(material.__file__).parent / "templates" / ".icons" / "fontawesome" / "brands"


def calendar_page(
    project: Project,
    posts: list[Post],
    snippets: list[Snippet],
    now: datetime,
    exports: list[str],
) -> tuple[str, tuple[str, ...]]:
    """The page's Markdown and its raw HTML blocks (`templating.render_page`)."""
    settings = project.settings
    used = sorted({post.snippet.platform for post in posts})
    today = start_of_day(now.date(), now.tzinfo)
    return render_page(
        settings.templates_dir,
        "pages/calendar.md.j2",
        settings=settings,
        now=now,
        months=month_grids(posts, now.date(), labels(settings.templates_dir)["months"]),
        coming=moments([post for post in posts if today <= post.at < today + COMING]),
        unscheduled=unscheduled(project, snippets),
        legend=[platform_look(platform) for platform in used],
        sprite=icon_sprite(used),
        ics_link=f"../{ICS_URI.removeprefix(KIT + '/')}",
        ics_url=project.url(ICS_URI),
        downloads=[
            {"name": uri.removeprefix(KIT + "/"), "link": f"../{uri.removeprefix(KIT + '/')}"}
            for uri in exports
        ],
        look=platform_look,
    )


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


def month_grids(posts: list[Post], today: date, month_names: list[str]) -> list[dict]:
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
                    "date": day,
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
                "title": f"{month_names[month - 1]} {year}",
                "past": (year, month) < (today.year, today.month),
                "weeks": weeks,
            }
        )
    return grids


def unscheduled(project: Project, snippets: list[Snippet]) -> list[dict]:
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
            reason = "het traject heeft geen datum (date)"
            step_title = None
        else:
            key = (journey.slug, snippet.step)
            step = journey.step(snippet.step)
            step_title = step.meta.title if step else snippet.step
            reason = "de stap heeft geen moment (when)"
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
    known = load_platforms().get(platform)
    return {
        "id": platform,
        "name": platform_name(platform),
        "color": known.color if known else "currentColor",
        "icon": f"rv-icon-{platform}" if known and icon_svg(known.icon) else None,
    }


@cache
def icon_svg(name: str | None) -> tuple[str, str] | None:
    """(viewBox, inner SVG) of a Font Awesome brands icon shipped with Material."""
    if not name:
        return None
    path = ICONS / f"{name}.svg"
    if not path.is_file():
        return None
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
    match = re.search(r'<svg[^>]*viewBox="([^"]+)"[^>]*>(.*)</svg>', text, flags=re.S)
    return (match.group(1), match.group(2).strip()) if match else None


def icon_sprite(platforms: list[str]) -> str:
    symbols = []
    for platform in platforms:
        known = load_platforms().get(platform)
        icon = icon_svg(known.icon) if known else None
        if icon:
            symbols.append(
                f'<symbol id="rv-icon-{platform}" viewBox="{icon[0]}">{icon[1]}</symbol>'
            )
    if not symbols:
        return ""
    return f'<svg xmlns="http://www.w3.org/2000/svg" focusable="false">{"".join(symbols)}</svg>'
