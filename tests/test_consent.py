"""The consent gate: which story may appear on which channel, on the build's "today"."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import consent_meta, environment, story_meta
from reisverhaal.consent.gate import ConsentGate, add_months
from reisverhaal.content.model import CHANNELS, Story, StoryMeta
from reisverhaal.core.today import build_today

TODAY = date(2027, 1, 15)
ROOT = Path("/project")


def story(slug: str = "wilma", image: Path | None = None, **consent) -> Story:
    meta = StoryMeta.model_validate(story_meta(consent=consent_meta(**consent)))
    return Story(
        slug=slug,
        source=ROOT / "stories" / slug / "index.md",
        meta=meta,
        body="Ik was eerst bang.",
        body_line=12,
        image=image,
    )


def gate(*stories: Story, today: date = TODAY, max_months: int = 24) -> ConsentGate:
    return ConsentGate(list(stories), today, max_months)


# The rules


def test_valid_consent_allows_exactly_its_channels():
    wilma = story(channels=["website", "facebook"])
    check = gate(wilma)
    assert check.status(wilma).valid
    assert check.allows(wilma, "website")
    assert check.allows("wilma", "facebook")
    assert not check.allows(wilma, "newsletter")
    assert not check.allows(wilma, "instagram")


@pytest.mark.parametrize(
    "withdrawn, valid",
    [(date(2026, 9, 1), False), (TODAY, False), (TODAY + timedelta(days=1), True)],
    ids=["before-today", "today", "tomorrow"],
)
def test_withdrawn_consent_ends_on_the_day_of_withdrawal(withdrawn, valid):
    wilma = story(withdrawn=withdrawn)
    status = gate(wilma).status(wilma)
    assert status.valid is valid
    assert gate(wilma).allows(wilma, "website") is valid
    if not valid:
        assert status.ended == withdrawn
        assert withdrawn.isoformat() in status.reason
        assert "ingetrokken" in status.reason


@pytest.mark.parametrize(
    "expires, valid",
    [(TODAY - timedelta(days=1), False), (TODAY, False), (TODAY + timedelta(days=1), True)],
    ids=["yesterday", "today", "tomorrow"],
)
def test_explicit_expiry(expires, valid):
    wilma = story(expires=expires)
    status = gate(wilma).status(wilma)
    assert status.valid is valid
    assert status.expires == expires
    if not valid:
        assert status.ended == expires
        assert "verlopen" in status.reason


@pytest.mark.parametrize(
    "given_on, months, expires",
    [
        (date(2025, 1, 15), 24, date(2027, 1, 15)),
        (date(2025, 1, 16), 24, date(2027, 1, 16)),
        (date(2026, 8, 31), 5, date(2027, 1, 31)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
    ],
)
def test_default_expiry_is_given_plus_max_months(given_on, months, expires):
    wilma = story(given=given_on)
    check = gate(wilma, max_months=months)
    assert check.expires(wilma) == expires
    assert check.status(wilma).valid is (expires > TODAY)


def test_explicit_expiry_wins_over_the_default():
    wilma = story(given=date(2020, 1, 1), expires=date(2030, 1, 1))
    assert gate(wilma).status(wilma).valid


def test_consent_given_in_the_future_is_not_yet_valid_and_has_not_ended():
    wilma = story(given=TODAY + timedelta(days=1))
    status = gate(wilma).status(wilma)
    assert not status.valid
    assert status.ended is None
    assert "pas vanaf" in status.reason
    assert gate(wilma).ended() == []


def test_consent_given_today_is_valid():
    wilma = story(given=TODAY)
    assert gate(wilma).allows(wilma, "website")


def test_consent_given_far_in_the_future_does_not_overflow_the_calendar():
    wilma = story(given=date(9999, 6, 1))
    check = gate(wilma)
    assert check.expires(wilma) == date.max
    assert not check.status(wilma).valid


# What renderers get through the gate


def test_story_for_only_returns_allowed_stories():
    wilma = story("wilma", channels=["website"])
    henk = story("henk", withdrawn=date(2026, 12, 1))
    check = gate(wilma, henk)
    assert check.story_for("wilma", "website") is wilma
    assert check.story_for("wilma", "facebook") is None
    assert check.story_for("henk", "website") is None
    assert check.story_for("onbekend", "website") is None
    assert check.story_for(None, "website") is None
    assert check.story_for("", "website") is None


def test_stories_for_a_channel():
    wilma = story("wilma", channels=["website", "newsletter"])
    joke = story("joke", channels=["newsletter"])
    henk = story("henk", expires=date(2026, 1, 1))
    check = gate(wilma, joke, henk)
    assert check.stories_for("website") == [wilma]
    assert check.stories_for("newsletter") == [wilma, joke]
    assert check.stories_for("instagram") == []


def test_a_story_the_gate_does_not_know_is_never_allowed():
    stranger = story("vreemd")
    assert not gate(story("wilma")).allows(stranger, "website")


@pytest.mark.parametrize(
    "photo, channels, withdrawn, allowed",
    [
        (True, ["website"], None, True),
        (False, ["website"], None, False),
        (True, ["newsletter"], None, False),
        (True, ["website"], date(2026, 12, 1), False),
    ],
    ids=["photo-consent", "no-photo-consent", "other-channel", "withdrawn"],
)
def test_photo_only_with_portrait_consent_and_channel_consent(photo, channels, withdrawn, allowed):
    image = ROOT / "stories/wilma/wilma.jpg"
    wilma = story(image=image, photo=photo, channels=channels, withdrawn=withdrawn)
    assert gate(wilma).photo_for(wilma, "website") == (image if allowed else None)


def test_photo_for_a_story_without_image():
    wilma = story(photo=True)
    assert gate(wilma).photo_for(wilma, "website") is None


def test_ended_lists_withdrawn_and_expired_stories_with_their_end_date():
    wilma = story("wilma")
    henk = story("henk", withdrawn=date(2026, 12, 1))
    joke = story("joke", given=date(2024, 1, 10))
    future = story("later", given=date(2027, 6, 1))
    ended = {s.slug: status.ended for s, status in gate(wilma, henk, joke, future).ended()}
    assert ended == {"henk": date(2026, 12, 1), "joke": date(2026, 1, 10)}


def test_findings_are_information_naming_the_story_file_and_reason():
    wilma = story("wilma", channels=["website"], image=ROOT / "stories/wilma/w.jpg")
    henk = story("henk", withdrawn=date(2026, 12, 1))
    findings = gate(wilma, henk).findings(ROOT, ("website", "facebook"))
    assert all(f.level == "info" for f in findings)
    by_rule = {f.rule: f for f in findings}
    assert by_rule["consent.invalid"].path == "stories/henk/index.md"
    assert "2026-12-01" in by_rule["consent.invalid"].message
    assert by_rule["consent.channels"].path == "stories/wilma/index.md"
    assert "facebook" in by_rule["consent.channels"].message
    assert by_rule["consent.photo"].path == "stories/wilma/index.md"


# "Today" is the build's date, or SOURCE_DATE_EPOCH


def test_today_honours_source_date_epoch_in_the_site_time_zone():
    late_evening_utc = int(datetime(2027, 3, 1, 23, 30, tzinfo=UTC).timestamp())
    with environment(SOURCE_DATE_EPOCH=str(late_evening_utc)):
        assert build_today("Europe/Amsterdam") == date(2027, 3, 2)
        assert build_today("UTC") == date(2027, 3, 1)


def test_today_without_source_date_epoch_is_the_current_date():
    with environment(SOURCE_DATE_EPOCH=None):
        assert abs(build_today("UTC") - datetime.now(UTC).date()) <= timedelta(days=1)


def test_the_gate_follows_source_date_epoch():
    wilma = story(withdrawn=date(2027, 2, 1))
    for day, valid in ((date(2027, 1, 31), True), (date(2027, 2, 1), False)):
        epoch = int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp())
        with environment(SOURCE_DATE_EPOCH=str(epoch)):
            assert gate(wilma, today=build_today("Europe/Amsterdam")).allows(wilma, "website") is (
                valid
            )


# Properties

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=150, deadline=None)
@given(day=st.dates(), months=st.integers(min_value=-1200, max_value=1200))
def test_add_months_moves_whole_months_and_keeps_the_day_where_it_can(day, months):
    result = add_months(day, months)
    target = day.year * 12 + day.month - 1 + months
    if not 1 <= target // 12 <= 9999:
        assert result in (date.max, date.min)
        return
    assert result.year * 12 + result.month - 1 == target
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@settings(max_examples=150, deadline=None)
@given(
    given_on=dates,
    expires=st.none() | dates,
    withdrawn=st.none() | dates,
    channels=st.lists(st.sampled_from(CHANNELS), min_size=1, unique=True),
    photo=st.booleans(),
    today=dates,
    max_months=st.integers(min_value=1, max_value=120),
    channel=st.sampled_from(CHANNELS),
)
def test_gate_rules(given_on, expires, withdrawn, channels, photo, today, max_months, channel):
    image = ROOT / "stories/wilma/wilma.jpg"
    wilma = story(
        given=given_on, expires=expires, withdrawn=withdrawn, channels=channels, photo=photo
    )
    wilma.image = image
    check = gate(wilma, today=today, max_months=max_months)
    end = expires or add_months(given_on, max_months)
    in_force = given_on <= today < end and not (withdrawn and withdrawn <= today)
    assert check.status(wilma).valid is in_force
    assert check.allows(wilma, channel) is (in_force and channel in channels)
    assert (check.story_for("wilma", channel) is wilma) is check.allows(wilma, channel)
    assert (wilma in check.stories_for(channel)) is check.allows(wilma, channel)
    expected_photo = image if photo and check.allows(wilma, channel) else None
    assert check.photo_for(wilma, channel) == expected_photo
    has_ended = bool(withdrawn and withdrawn <= today) or end <= today
    assert (check.status(wilma).ended is not None) is has_ended
    assert [s for s, _ in check.ended()] == ([wilma] if has_ended else [])
