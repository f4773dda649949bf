"""When a snippet goes out: the journey `date`, plus the step's `when`, at the audience's time.

Rules (SPEC §3):

* A whole-day offset (`-14d`, `-2w`, `0d`) moves the *date*; the post goes out on that day at
  the audience's `post_time`, as wall-clock time in the site's time zone. So a 10:00 post is at
  10:00 in winter and in summer; the UTC offset follows the daylight-saving rules.
* An offset with hours (`+2h`, `-26h`) counts elapsed time from the journey's own time (its
  `date` with a time of day; a date without a time starts at the audience's `post_time`).
  That is for posts during a meeting: `+2h` after a 19:30 evening is 21:30.
* A step without `when` is not scheduled (`publish_at` is None) and is listed as unscheduled.
  It is not put on the journey date: several steps without an offset would then all go out at
  the same moment. Write `when: 0d` for "on the day itself".
* A journey without `date` is not scheduled.
* `repeat: yearly` uses the next occurrence of the date on or after today (never before the
  first `date`); 29 February becomes 28 February in other years.
* A wall time that does not exist (in the hour skipped in March) moves forward by the gap;
  a wall time that exists twice (in October) is the first one.
* A moment outside the days the build computes with (`today.FIRST_DAY` to `today.LAST_DAY`,
  such as `date: 9999-12-30` with `when: +2w`) is not scheduled: `OutsideCalendar` says why.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..content.model import Journey, Step
from ..core.today import FIRST_DAY, LAST_DAY

if TYPE_CHECKING:
    from ..core.settings import Settings

Anchor = date | datetime
"""A journey date as written: a `date`, or a naive `datetime` (wall time in the site's zone)."""

DAY = timedelta(days=1)


class OutsideCalendar(ValueError):
    """A publish moment before `FIRST_DAY` or after `LAST_DAY`, in Dutch for the editor."""


@cache
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"onbekende tijdzone '{name}' bij de optie timezone in mkdocs.yml; gebruik een "
            "naam uit de IANA-lijst, zoals Europe/Amsterdam"
        ) from None


def day_of(anchor: Anchor) -> date:
    return anchor.date() if isinstance(anchor, datetime) else anchor


def in_year(anchor: Anchor, year: int) -> Anchor:
    """The same month and day (and time) in `year`; 29 February becomes 28 February."""
    if not date.min.year <= year <= date.max.year:
        raise OutsideCalendar(
            f"de datum {day_of(anchor).isoformat()} van het traject komt terug in het jaar "
            f"{year}, na {LAST_DAY.isoformat()}, de laatste dag waarmee de build rekent"
        )
    if anchor.month == 2 and anchor.day == 29:
        try:
            return anchor.replace(year=year)
        except ValueError:
            return anchor.replace(year=year, day=28)
    return anchor.replace(year=year)


def occurrence(journey: Journey, today: date) -> Anchor | None:
    """The journey date the calendar uses: its `date`, or for `repeat: yearly` the next one
    on or after `today` (a `date` or naive `datetime`, like the front matter)."""
    first = journey.meta.date
    if first is None:
        return None
    if journey.meta.repeat != "yearly" or day_of(first) >= today:
        return first
    moved = in_year(first, today.year)
    if day_of(moved) < today:
        moved = in_year(first, today.year + 1)
    return moved


def earlier_occurrences(journey: Journey, today: date) -> list[Anchor]:
    """For `repeat: yearly`: every occurrence before the current one, from the first `date`.

    The takedown list needs them: last year's posts quoted a story too.
    """
    first = journey.meta.date
    current = occurrence(journey, today)
    if journey.meta.repeat != "yearly" or first is None or current is None:
        return []
    return [in_year(first, year) for year in range(first.year, current.year)]


def post_time(journey: Journey, audience: str | None, settings: Settings) -> time:
    """The audience's `post_time`; for the default text (None) the journey's first audience,
    or else the plugin's `post_time`."""
    key = audience if audience is not None else next(iter(journey.meta.audiences), None)
    chosen = settings.audiences.get(key) if key is not None else None
    return time.fromisoformat(chosen.post_time if chosen else settings.post_time)


def local(wall: datetime, tz: ZoneInfo) -> datetime:
    """Wall time in `tz` as a real moment: a time in the spring-forward gap moves forward."""
    return wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def schedule_at(anchor: Anchor, when: timedelta, at: time, tz: ZoneInfo) -> datetime:
    """The publish moment for one occurrence of a journey (see the module rules)."""
    try:
        moment = _moment(anchor, when, at, tz)
    except (OverflowError, ValueError):
        moment = None
    if moment is None or not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise OutsideCalendar(
            f"de datum {day_of(anchor).isoformat()} van het traject met when "
            f"{_offset(when)} valt buiten de dagen waarmee de build rekent "
            f"({FIRST_DAY.isoformat()} tot en met {LAST_DAY.isoformat()}); kies een andere "
            "date bij het traject of een ander when bij de stap"
        )
    return moment


def _moment(anchor: Anchor, when: timedelta, at: time, tz: ZoneInfo) -> datetime:
    if when % DAY:
        start = anchor if isinstance(anchor, datetime) else datetime.combine(anchor, at)
        return (local(start, tz).astimezone(UTC) + when).astimezone(tz)
    return local(datetime.combine(day_of(anchor) + when, at), tz)


def _offset(when: timedelta) -> str:
    """`when` as an editor writes it: +14d, -3h."""
    hours = int(when.total_seconds() // 3600)
    if hours % 24:
        return f"{hours:+d}h"
    return f"{hours // 24:+d}d"


def publish_time(
    journey: Journey, step: Step, audience: str | None, settings: Settings
) -> datetime | None:
    """When the snippet of `step` for `audience` (None: the default text) goes out, as a
    time-zone-aware datetime in the site's zone; None when it is not scheduled."""
    anchor = occurrence(journey, settings.today)
    if anchor is None or step.meta.when is None:
        return None
    at = post_time(journey, audience, settings)
    return schedule_at(anchor, step.meta.when, at, zone(settings.timezone))


def earlier_publish_times(
    journey: Journey, step: Step, audience: str | None, settings: Settings
) -> list[datetime]:
    """The publish times of the same snippet in earlier years of a yearly journey."""
    if step.meta.when is None:
        return []
    at = post_time(journey, audience, settings)
    tz = zone(settings.timezone)
    times = []
    try:
        anchors = earlier_occurrences(journey, settings.today)
    except OutsideCalendar:
        return []  # this year's post is not scheduled either, and says why
    for anchor in anchors:
        try:
            times.append(schedule_at(anchor, step.meta.when, at, tz))
        except OutsideCalendar:
            continue  # a year the build does not compute with: nothing went out then
    return times
