"""Publish times: journey date + step offset at the audience's post time, in the site's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import AUDIENCES, OMIT, SITE_URL, TODAY, SiteProject
from reisverhaal.content.model import Journey, JourneyMeta, Step, StepMeta
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.core.today import FIRST_DAY, LAST_DAY
from reisverhaal.pipeline.build import prepare
from reisverhaal.render.schedule import (
    OutsideCalendar,
    earlier_occurrences,
    earlier_publish_times,
    occurrence,
    publish_time,
    schedule_at,
    zone,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def settings(today: date = TODAY, root: Path = Path("/nonexistent"), **extra) -> Settings:
    audiences = {
        key: Audience(key=key, label=value["label"], post_time=value["post_time"])
        for key, value in AUDIENCES.items()
    }
    return Settings(
        root=root,
        site_url=SITE_URL,
        organisation="Zorggroep Test",
        today=today,
        audiences=audiences,
        **extra,
    )


def journey(**meta) -> Journey:
    """A journey as the model documents it: `date` a `date`, or a naive `datetime`."""
    fields = {"title": "Je nieuwe knie", "kind": "treatment", "summary": "Zo gaat het."}
    fields.update(meta)
    model = JourneyMeta.model_validate(fields)
    text = fields.get("date")
    if isinstance(text, str) and len(text) == 10:
        model = model.model_copy(update={"date": date.fromisoformat(text)})
    return Journey(
        slug="knie", source=Path("journeys/knie/index.md"), meta=model, body="", body_line=1
    )


def step(when: str | None = "-14d") -> Step:
    fields = {"title": "Het eerste gesprek", "phase": "before", "summary": "Je praat."}
    if when is not None:
        fields["when"] = when
    return Step(
        slug="intake",
        number=1,
        source=Path("journeys/knie/01-intake.md"),
        meta=StepMeta.model_validate(fields),
        body="",
        body_line=1,
    )


def test_day_offset_moves_the_date_and_uses_the_first_audience_post_time():
    trip = journey(date="2027-03-12T09:00", audiences=["mantelzorgers", "ouderen"])
    moment = publish_time(trip, step("-14d"), None, settings())
    assert moment == datetime(2027, 2, 26, 19, 30, tzinfo=AMSTERDAM)
    assert moment.isoformat() == "2027-02-26T19:30:00+01:00"


def test_variant_goes_out_at_its_own_audience_time():
    trip = journey(date="2027-03-12T09:00", audiences=["mantelzorgers"])
    moment = publish_time(trip, step("-2w"), "ouderen", settings())
    assert moment.isoformat() == "2027-02-26T10:00:00+01:00"


def test_default_text_without_audiences_uses_the_plugin_post_time():
    trip = journey(date="2027-03-12")
    moment = publish_time(trip, step("0d"), None, settings(post_time="08:15"))
    assert moment.isoformat() == "2027-03-12T08:15:00+01:00"


def test_post_time_across_the_march_change():
    trip = journey(date="2027-04-02")  # last Sunday of March 2027 is the 28th
    before = publish_time(trip, step("-6d"), "ouderen", settings())
    on_the_day = publish_time(trip, step("-5d"), "ouderen", settings())
    assert before.isoformat() == "2027-03-27T10:00:00+01:00"
    assert on_the_day.isoformat() == "2027-03-28T10:00:00+02:00"
    assert on_the_day.astimezone(UTC).hour == 8
    assert on_the_day.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=23)


def test_post_time_across_the_october_change():
    trip = journey(date="2027-11-01")  # last Sunday of October 2027 is the 31st
    before = publish_time(trip, step("-2d"), "mantelzorgers", settings())
    on_the_day = publish_time(trip, step("-1d"), "mantelzorgers", settings())
    assert before.isoformat() == "2027-10-30T19:30:00+02:00"
    assert on_the_day.isoformat() == "2027-10-31T19:30:00+01:00"
    assert on_the_day.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=25)


def test_time_in_the_skipped_hour_moves_forward():
    trip = journey(date="2027-03-28")
    moment = publish_time(trip, step("0d"), None, settings(post_time="02:30"))
    assert moment.isoformat() == "2027-03-28T03:30:00+02:00"


def test_hour_offset_counts_elapsed_time_from_the_journey_time():
    evening = journey(date="2027-02-04T19:30", audiences=["ouderen"])
    assert publish_time(evening, step("+2h"), None, settings()).isoformat() == (
        "2027-02-04T21:30:00+01:00"
    )
    night = journey(date="2027-03-27T23:00")
    moment = publish_time(night, step("+4h"), None, settings())
    assert moment.isoformat() == "2027-03-28T04:00:00+02:00"
    start = datetime(2027, 3, 27, 23, 0, tzinfo=AMSTERDAM)
    assert moment.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=4)


def test_hour_offset_on_a_date_without_time_starts_at_the_post_time():
    trip = journey(date="2027-02-04", audiences=["ouderen"])
    assert publish_time(trip, step("-3h"), None, settings()).isoformat() == (
        "2027-02-04T07:00:00+01:00"
    )


def test_without_date_or_when_nothing_is_scheduled():
    assert publish_time(journey(), step("-14d"), None, settings()) is None
    assert publish_time(journey(date="2027-03-12"), step(None), None, settings()) is None


def test_other_time_zone():
    trip = journey(date="2027-03-14")  # US change: second Sunday of March
    moment = publish_time(trip, step("0d"), None, settings(timezone="America/New_York"))
    assert moment.isoformat() == "2027-03-14T10:00:00-04:00"


def test_unknown_time_zone_names_the_option():
    with pytest.raises(ValueError, match="timezone in mkdocs.yml"):
        zone("Europe/Atlantis")


@pytest.mark.parametrize(
    ("first", "today", "expected"),
    [
        ("2025-10-15", date(2027, 1, 15), date(2027, 10, 15)),
        ("2025-10-15", date(2027, 10, 15), date(2027, 10, 15)),
        ("2025-10-15", date(2027, 10, 16), date(2028, 10, 15)),
        ("2028-10-15", date(2027, 1, 15), date(2028, 10, 15)),
        ("2028-02-29", date(2029, 1, 1), date(2029, 2, 28)),
        ("2024-02-29", date(2027, 3, 1), date(2028, 2, 29)),
    ],
)
def test_yearly_repeat_takes_the_next_occurrence_on_or_after_today(first, today, expected):
    assert occurrence(journey(date=first, repeat="yearly"), today) == expected


def test_yearly_repeat_keeps_the_time_of_day():
    trip = journey(date="2025-10-15T09:00", repeat="yearly")
    assert occurrence(trip, date(2027, 1, 15)) == datetime(2027, 10, 15, 9, 0)
    moment = publish_time(trip, step("-7d"), None, settings())
    assert moment.isoformat() == "2027-10-08T10:00:00+02:00"


def test_without_repeat_a_past_date_stays():
    trip = journey(date="2025-10-15")
    assert occurrence(trip, date(2027, 1, 15)) == date(2025, 10, 15)
    assert earlier_occurrences(trip, date(2027, 1, 15)) == []


def test_earlier_occurrences_of_a_yearly_journey():
    trip = journey(date="2025-10-15", repeat="yearly")
    assert earlier_occurrences(trip, date(2027, 1, 15)) == [date(2025, 10, 15), date(2026, 10, 15)]
    times = earlier_publish_times(trip, step("-7d"), "ouderen", settings())
    assert [t.isoformat() for t in times] == [
        "2025-10-08T10:00:00+02:00",
        "2026-10-08T10:00:00+02:00",
    ]


def test_loaded_content_is_scheduled(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.journey("zonder", date=OMIT)
    site.step("zonder", "01-stap.md")
    project = prepare(settings(root=site.root))
    knie = project.content.journey("knie")
    moments = [publish_time(knie, s, None, project.settings) for s in knie.steps]
    assert [m.isoformat() for m in moments] == [
        "2027-02-26T10:00:00+01:00",
        "2027-03-12T10:00:00+01:00",
        "2027-03-15T10:00:00+01:00",
    ]
    zonder = project.content.journey("zonder")
    assert publish_time(zonder, zonder.steps[0], None, project.settings) is None


@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    offset=st.integers(min_value=-90, max_value=90),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    timezone=st.sampled_from(["Europe/Amsterdam", "Europe/London", "America/New_York"]),
)
def test_day_offsets_keep_the_wall_clock_post_time(day, offset, at, timezone):
    tz = ZoneInfo(timezone)
    rules = settings(post_time=at.strftime("%H:%M"), timezone=timezone)
    moment = publish_time(journey(date=day.isoformat()), step(f"{offset:+d}d"), None, rules)
    wall = datetime.combine(day + timedelta(days=offset), at)
    assert moment.tzinfo is tz
    assert moment.utcoffset() == moment.astimezone(UTC).astimezone(tz).utcoffset()
    exists = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall
    if exists:
        assert moment.replace(tzinfo=None) == wall
    else:  # in the skipped hour: moved forward by the gap, never backward
        assert moment.replace(tzinfo=None) > wall
        assert moment.replace(tzinfo=None) - wall <= timedelta(hours=1)


@given(
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
)
def test_yearly_occurrence_is_on_or_after_today_and_the_first_date(first, today):
    found = occurrence(journey(date=first.isoformat(), repeat="yearly"), today)
    assert found >= today and found >= first
    assert found.month == first.month
    assert found.day == first.day or (first.month, first.day, found.day) == (2, 29, 28)
    assert found.year == max(first.year, today.year) or found.year == today.year + 1
    earlier = earlier_occurrences(journey(date=first.isoformat(), repeat="yearly"), today)
    assert all(item < today for item in earlier)
    assert len(earlier) == found.year - first.year


# The end of the calendar


@pytest.mark.parametrize(
    ("anchor", "when"),
    [
        (date(9999, 12, 30), "+2w"),
        (datetime(9999, 12, 31, 23, 0), "+2h"),
        (date(1, 1, 2), "-3d"),
        (date(9999, 3, 1), "0d"),
        (date(1899, 12, 31), "0d"),
    ],
)
def test_a_moment_outside_the_calendar_is_a_dutch_error_not_an_overflow(anchor, when):
    offset = step(when).meta.when
    with pytest.raises(OutsideCalendar) as raised:
        schedule_at(anchor, offset, datetime.min.time(), AMSTERDAM)
    assert "buiten de dagen waarmee de build rekent" in str(raised.value)
    assert LAST_DAY.isoformat() in str(raised.value) and "when" in str(raised.value)


@given(day=st.dates(FIRST_DAY, LAST_DAY), days=st.integers(-400, 400))
def test_every_moment_is_scheduled_or_outside_the_calendar(day, days):
    try:
        moment = schedule_at(day, timedelta(days=days), datetime.min.time(), AMSTERDAM)
    except OutsideCalendar:
        assert not FIRST_DAY <= day + timedelta(days=days) <= LAST_DAY
    else:
        assert FIRST_DAY <= moment.date() <= LAST_DAY


def test_a_yearly_journey_near_the_end_of_the_calendar_is_not_scheduled_nor_a_traceback():
    trip = journey(date="2027-03-12", repeat="yearly")
    with pytest.raises(OutsideCalendar):
        publish_time(trip, step("-14d"), None, settings(today=date(9998, 12, 31)))
    assert earlier_publish_times(trip, step("-14d"), None, settings(today=date(9999, 12, 31))) == []
