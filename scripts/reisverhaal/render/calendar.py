"""The content calendar: what goes out when, for calendars, scheduling tools and people.

From the snippet records (with `publish_at` filled by `schedule.publish_time`) this makes
`deelkit/calendar.ics`, the bulk-upload CSVs of the scheduling tools, the takedown list and
the calendar page `deelkit/kalender/`. Snippet texts have already passed the consent gate;
the takedown list is what `consent.takedown` selects.
"""

from __future__ import annotations

import calendar as monthdays
import csv
import io
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import material
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from ..consent.takedown import takedown_posts
from ..core.findings import Finding, shown, warning
from ..core.output import Output
from .platforms import load_platforms
from .schedule import earlier_publish_times, zone
from .snippet import Snippet
from .templating import labels, render_page

if TYPE_CHECKING:
    from ..consent.project import Project

KIT = "deelkit"
ICS_URI = f"{KIT}/calendar.ics"
TAKEDOWN_URI = f"{KIT}/takedown.json"
PAGE_URI = f"{KIT}/kalender/index.md"
EVENT_LENGTH = timedelta(minutes=15)
COMING = timedelta(weeks=4)
ICONS = Path(material.__file__).parent / "templates" / ".icons" / "fontawesome" / "brands"


@dataclass
class CalendarFiles:
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    takedown: list[dict] = field(default_factory=list)


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
    page, raw_html = calendar_page(project, posts, snippets, now, [uri for uri, _ in exports])
    files.outputs.append(Output(PAGE_URI, page, public=public, raw_html=raw_html))
    return files


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


def event_uid(snippet: Snippet, site_url: str) -> str:
    """Stable across builds: the same post keeps its UID when its time or text changes, so a
    subscribed calendar updates the event instead of adding a second one."""
    host = urlsplit(site_url).hostname or "reisverhaal"
    parts = [snippet.journey, snippet.step, snippet.platform]
    if snippet.variant:
        parts.append(snippet.variant)
    return f"{'/'.join(parts)}@{host}"


# calendar.ics ---------------------------------------------------------------------------


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


# Scheduling tools -----------------------------------------------------------------------


def scheduling_exports(
    project: Project, posts: list[Post], now: datetime
) -> list[tuple[str, bytes]]:
    """`(uri, csv bytes)` per tool and platform, for posts still in the future."""
    from ..content.datafiles import shipped

    files = []
    for tool, rules in shipped("calendar").tools.items():
        earliest = now + timedelta(minutes=rules.lead_minutes)
        for platform in rules.platforms:
            rows = [
                tool_row(rules, project, post)
                for post in posts
                if post.snippet.platform == platform and post.at > earliest
            ]
            for number, start in enumerate(range(0, len(rows), rules.max_rows), start=1):
                suffix = f"-{number}" if number > 1 else ""
                chunk = rows[start : start + rules.max_rows]
                uri = f"{KIT}/{tool}-{platform}{suffix}.csv"
                files.append((uri, csv_bytes(rules.header, chunk)))
    return files


def tool_row(rules, project: Project, post: Post) -> list[str]:
    """A post's row in a tool's file: the cells `data/calendar.yml` names for the tool."""
    snippet = post.snippet
    cells = {
        "text": snippet.text,
        "image": project.url(snippet.image) if snippet.image else "",
        "tags": "",
        "time": round_up(post.at, rules.minute_step).strftime(rules.time_format),
        "link": separate_link(snippet),
    }
    return [cells[column] for column in rules.columns]


def separate_link(snippet: Snippet) -> str:
    """The link for a tool's link column: only where the platform wants it outside the text.

    A tool appends that link to the message, so a link already in the text stays out, and
    platforms without links (Instagram's "link in bio") never get one.
    """
    known = load_platforms().get(snippet.platform)
    if not snippet.link or (known and known.links == "none") or snippet.link in snippet.text:
        return ""
    return snippet.link


def round_up(moment: datetime, minutes: int) -> datetime:
    moment = moment.replace(second=0, microsecond=0) + (
        timedelta(minutes=1) if moment.second or moment.microsecond else timedelta()
    )
    return moment + timedelta(minutes=-moment.minute % minutes)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def spreadsheet_safe(cell: str) -> str:
    """A cell no spreadsheet runs: one that starts like a formula gets a ' in front (OWASP's
    advice). Comms staff open these files in Excel to look them over before an upload, and a
    post text such as `=HYPERLINK(...)` would then run."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def csv_bytes(header: list[str] | None, rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


# Takedown list --------------------------------------------------------------------------


def takedown(
    project: Project, snippets: list[Snippet], now: datetime
) -> tuple[list[dict], list[Finding]]:
    """Posts already out that quoted or showed a story whose consent has ended (selected by
    `consent.takedown`), and per such story a warning naming where the list is."""
    records: list[dict] = []
    findings: list[Finding] = []
    for ended in takedown_posts(project, snippets, now, earlier_publish_times):
        found = ended.posts
        records.extend(found)
        platforms = ", ".join(sorted({platform_name(item["platform"]) for item in found}))
        count = len(found)
        findings.append(
            warning(
                shown(ended.story.source, project.settings.root),
                "consent.takedown",
                f"de toestemming voor verhaal '{ended.story.slug}' is beëindigd op "
                f"{ended.status.ended.isoformat()}: haal {count} "
                f"{'bericht' if count == 1 else 'berichten'} weg die al geplaatst "
                f"{'is' if count == 1 else 'zijn'} ({platforms}); welke staat in "
                f"{TAKEDOWN_URI}",
            )
        )
    records.sort(key=takedown_key)
    return records, findings


def takedown_key(record: dict) -> tuple:
    moment = datetime.fromisoformat(record["time"]).astimezone(UTC)
    return (
        moment,
        record["journey"],
        record["step"],
        record["platform"],
        record["variant"] or "",
        record["story"],
    )


# Calendar page --------------------------------------------------------------------------


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
