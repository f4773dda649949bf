"""The content calendar: ICS, scheduling CSVs, takedown list and the calendar page."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import (
    AUDIENCES,
    EPOCH,
    OMIT,
    SITE_URL,
    TODAY,
    SiteProject,
    consent_meta,
)
from reisverhaal.consent.project import Project
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline.build import prepare
from reisverhaal.render.calendar import build_calendar
from reisverhaal.render.ics import event_uid, vtimezone
from reisverhaal.render.schedule import publish_time
from reisverhaal.render.scheduler_csv import FORMULA_START, csv_bytes
from reisverhaal.render.snippet import Snippet
from theme_pages import front_matter, tool_soup

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime.fromtimestamp(EPOCH, AMSTERDAM)  # 2027-01-15 13:00 in Amsterdam
PLATFORMS = ("facebook", "instagram", "x")
BUFFER_HEADER = ["Text", "Image URL", "Tags", "Posting Time"]


def make_project(root: Path, **extra) -> Project:
    audiences = {
        key: Audience(key=key, label=value["label"], post_time=value["post_time"])
        for key, value in AUDIENCES.items()
    }
    return prepare(
        Settings(
            root=root,
            site_url=SITE_URL,
            organisation="Zorggroep Test",
            today=TODAY,
            audiences=audiences,
            **extra,
        )
    )


def compose(project: Project, platforms=PLATFORMS) -> list[Snippet]:
    """Snippet records like the composer makes them: stories only through the gate."""
    snippets = []
    for journey in project.content.journeys:
        for step in journey.steps:
            for platform in platforms:
                for variant in [None, *step.meta.variants]:
                    link = (
                        f"{SITE_URL}trajecten/{journey.slug}/{step.slug}/?utm_source={platform}"
                        "&utm_medium=social"
                    )
                    story = project.gate.story_for(step.meta.story, platform)
                    text = step.meta.summary
                    if story and story.meta.quote:
                        text += f' "{story.meta.quote}"'
                    text += " Link in bio." if platform == "instagram" else f" Lees meer: {link}"
                    snippets.append(
                        Snippet(
                            journey=journey.slug,
                            step=step.slug,
                            platform=platform,
                            variant=variant,
                            text=text,
                            length=len(text),
                            limit=2200,
                            link=link,
                            image=f"deelkit/{journey.slug}/img/{step.slug}-{platform}.jpg",
                            image_alt="Een verpleegkundige helpt een man.",
                            publish_at=publish_time(journey, step, variant, project.settings),
                            stories=(story.slug,) if story else (),
                        )
                    )
    return snippets


@pytest.fixture
def site(tmp_path) -> SiteProject:
    site = SiteProject(tmp_path / "project")
    site.journey("knie", date=datetime(2027, 3, 12, 9, 0), audiences=["ouderen"])
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        variants={"mantelzorgers": {"summary": "Ga mee naar het eerste gesprek, met vragen."}},
    )
    site.step("knie", "02-operatie.md", title="De operatie", phase="during", when="0d")
    site.step("knie", "03-nazorg.md", title="Nazorg", phase="after", when=OMIT)
    site.journey("lente", title="Voorjaar", date=date(2027, 4, 2), audiences=[])
    site.step("lente", "01-klok.md", title="Klok vooruit", when="-5d")
    site.journey("herfst", title="Najaar", date=date(2027, 11, 1), audiences=["mantelzorgers"])
    site.step("herfst", "01-zaterdag.md", title="Zaterdag", when="-2d")
    site.step("herfst", "02-zondag.md", title="Zondag", when="-1d")
    site.journey("griep", title="De griepprik", date=date(2025, 10, 15), repeat="yearly")
    site.step("griep", "01-uitnodiging.md", title="De uitnodiging", when="-7d")
    site.journey("zonder", title="Zonder datum", date=OMIT)
    site.step("zonder", "01-stap.md", title="Een stap")
    site.story("wilma-fietst")
    return site


@pytest.fixture
def project(site) -> Project:
    made = make_project(site.root)
    assert not [f for f in made.findings if f.level == "error"], made.findings
    return made


def outputs(files) -> dict[str, str | bytes]:
    return {output.uri: output.content for output in files.outputs}


def parse_ics(files) -> Calendar:
    return Calendar.from_ical(outputs(files)["deelkit/calendar.ics"])


def rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


# calendar.ics ---------------------------------------------------------------------------


def test_one_event_per_scheduled_snippet_with_stable_uids(project):
    snippets = compose(project)
    cal = parse_ics(build_calendar(project, snippets, now=NOW))
    scheduled = [s for s in snippets if s.publish_at]
    assert len(cal.events) == len(scheduled) > 0
    uids = [str(event.uid) for event in cal.events]
    assert len(set(uids)) == len(uids)
    assert set(uids) == {event_uid(s, SITE_URL) for s in scheduled}
    assert "knie/eerste-gesprek/facebook@zorg.example.nl" in uids
    assert "knie/eerste-gesprek/facebook/mantelzorgers@zorg.example.nl" in uids
    assert not any(uid.startswith(("zonder/", "knie/nazorg/")) for uid in uids)


def test_event_fields(project):
    snippets = compose(project)
    cal = parse_ics(build_calendar(project, snippets, now=NOW))
    event = next(e for e in cal.events if e.uid == "knie/eerste-gesprek/facebook@zorg.example.nl")
    snippet = next(
        s
        for s in snippets
        if (s.journey, s.step, s.platform, s.variant)
        == ("knie", "eerste-gesprek", "facebook", None)
    )
    assert event.summary == "[Facebook] Je nieuwe knie — Het eerste gesprek"
    assert event.description == snippet.text
    assert str(event["URL"]) == snippet.link
    assert [str(c) for c in event.categories] == ["Facebook"]
    assert event.start == snippet.publish_at == datetime(2027, 2, 26, 10, 0, tzinfo=AMSTERDAM)
    assert event.end - event.start == timedelta(minutes=15)
    assert str(event["ATTACH"]) == f"{SITE_URL}deelkit/knie/img/eerste-gesprek-facebook.jpg"
    variant = next(
        e
        for e in cal.events
        if e.uid == "knie/eerste-gesprek/facebook/mantelzorgers@zorg.example.nl"
    )
    assert variant.summary == "[Facebook] Je nieuwe knie — Het eerste gesprek (Mantelzorgers)"
    assert variant.start == datetime(2027, 2, 26, 19, 30, tzinfo=AMSTERDAM)


def test_times_and_time_zone_across_daylight_saving_changes(project):
    cal = parse_ics(build_calendar(project, compose(project), now=NOW))
    starts = {str(e.uid): e.start for e in cal.events}
    march = starts["lente/klok/facebook@zorg.example.nl"]
    october_before = starts["herfst/zaterdag/facebook@zorg.example.nl"]
    october_after = starts["herfst/zondag/facebook@zorg.example.nl"]
    for start in (march, october_before, october_after):
        assert start.tzinfo.key == "Europe/Amsterdam"
    assert march.replace(tzinfo=None) == datetime(2027, 3, 28, 10, 0)
    assert march.utcoffset() == timedelta(hours=2)
    assert october_before.replace(tzinfo=None) == datetime(2027, 10, 30, 19, 30)
    assert october_before.utcoffset() == timedelta(hours=2)
    assert october_after.replace(tzinfo=None) == datetime(2027, 10, 31, 19, 30)
    assert october_after.utcoffset() == timedelta(hours=1)

    # The VTIMEZONE itself carries the rules, for clients without a time zone database.
    [vtimezone] = cal.timezones
    assert vtimezone.tz_name == "Europe/Amsterdam"
    embedded = vtimezone.to_tz()
    assert datetime(2027, 3, 27, 10, 0, tzinfo=embedded).utcoffset() == timedelta(hours=1)
    assert datetime(2027, 3, 28, 10, 0, tzinfo=embedded).utcoffset() == timedelta(hours=2)
    assert datetime(2027, 10, 31, 19, 30, tzinfo=embedded).utcoffset() == timedelta(hours=1)
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Amsterdam"


@pytest.mark.parametrize("name", ["Europe/Amsterdam", "America/New_York", "Australia/Sydney"])
def test_vtimezone_changes_at_the_real_moments(name):
    """RFC 5545: DTSTART is the wall time of the change in the offset before it."""
    tz = ZoneInfo(name)
    parts = vtimezone(name, 2027, 2028).subcomponents
    changes = []
    for part in parts[1:]:
        before = part["TZOFFSETFROM"].td
        moment = (part.DTSTART - before).replace(tzinfo=UTC)
        assert (moment - timedelta(minutes=1)).astimezone(tz).utcoffset() == before
        assert moment.astimezone(tz).utcoffset() == part["TZOFFSETTO"].td
        changes.append(moment)
    assert len(changes) == 4
    if name == "Europe/Amsterdam":
        assert [p.DTSTART for p in parts[1:3]] == [
            datetime(2027, 3, 28, 2, 0),
            datetime(2027, 10, 31, 3, 0),
        ]


def test_yearly_journey_is_in_the_calendar_at_its_next_occurrence(project):
    cal = parse_ics(build_calendar(project, compose(project), now=NOW))
    start = next(e.start for e in cal.events if e.uid == "griep/uitnodiging/x@zorg.example.nl")
    assert start == datetime(2027, 10, 8, 10, 0, tzinfo=AMSTERDAM)


def test_two_builds_are_byte_identical_and_uids_survive_a_date_change(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = build_calendar(make_project(site.root), compose(make_project(site.root)))
    second = build_calendar(make_project(site.root), compose(make_project(site.root)))
    assert outputs(first) == outputs(second)
    assert b"DTSTAMP:20270114T230000Z" in outputs(first)["deelkit/calendar.ics"]

    site.journey("knie", date=datetime(2027, 3, 19, 9, 0), audiences=["ouderen"])
    moved = make_project(site.root)
    third = parse_ics(build_calendar(moved, compose(moved)))
    before = {str(e.uid): e.start for e in parse_ics(first).events}
    after = {str(e.uid): e.start for e in third.events}
    assert before.keys() == after.keys()
    uid = "knie/operatie/x@zorg.example.nl"
    assert after[uid] - before[uid] == timedelta(days=7)


# Scheduling CSVs ------------------------------------------------------------------------


def test_buffer_csv_per_channel_future_posts_only(project):
    snippets = compose(project)
    files = outputs(build_calendar(project, snippets, now=NOW))
    buffers = sorted(uri for uri in files if uri.startswith("deelkit/buffer-"))
    assert buffers == [f"deelkit/buffer-{p}.csv" for p in sorted(PLATFORMS)]
    for platform in PLATFORMS:
        table = rows(files[f"deelkit/buffer-{platform}.csv"])
        assert table[0] == BUFFER_HEADER
        assert files[f"deelkit/buffer-{platform}.csv"].startswith(
            b"Text,Image URL,Tags,Posting Time\r\n"
        )
        body = table[1:]
        expected = sorted(
            (s for s in snippets if s.platform == platform and s.publish_at and s.publish_at > NOW),
            key=lambda s: (s.publish_at, s.journey, s.step, s.variant or ""),
        )
        assert [row[0] for row in body] == [s.text for s in expected]
        for row, snippet in zip(body, expected, strict=True):
            text, image, tags, when = row
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", when)
            assert when == snippet.publish_at.strftime("%Y-%m-%d %H:%M")
            assert image == f"{SITE_URL}{snippet.image}"
            assert tags == ""
        times = [
            datetime.strptime(row[3], "%Y-%m-%d %H:%M").replace(tzinfo=AMSTERDAM) for row in body
        ]
        assert all(t > NOW for t in times)
        assert times == sorted(times)


def test_past_posts_are_not_exported(project):
    now = datetime(2027, 3, 1, 12, 0, tzinfo=AMSTERDAM)
    files = outputs(build_calendar(project, compose(project), now=now))
    times = [row[3] for row in rows(files["deelkit/buffer-x.csv"])[1:]]
    assert "2027-03-12 10:00" in times  # the operation is still to come
    assert not [t for t in times if t < "2027-03-01 12:00"]  # the first conversation is out
    later = outputs(
        build_calendar(project, compose(project), now=datetime(2027, 12, 1, tzinfo=UTC))
    )
    assert not [uri for uri in later if uri.endswith(".csv")]
    assert len(Calendar.from_ical(later["deelkit/calendar.ics"]).events) > 0


def test_hootsuite_csv(project):
    snippets = compose(project)
    files = outputs(build_calendar(project, snippets, now=NOW))
    hootsuite = sorted(uri for uri in files if uri.startswith("deelkit/hootsuite-"))
    assert hootsuite == [f"deelkit/hootsuite-{p}.csv" for p in sorted(PLATFORMS)]
    for platform in PLATFORMS:
        table = rows(files[f"deelkit/hootsuite-{platform}.csv"])
        assert table, "no header row: Hootsuite reads every row as a post"
        for when, message, link in table:
            moment = datetime.strptime(when, "%d/%m/%Y %H:%M").replace(tzinfo=AMSTERDAM)
            assert moment.minute % 5 == 0
            assert moment > NOW + timedelta(minutes=10)
            assert message in {s.text for s in snippets}
            assert link == ""  # the link is in the text already, or (Instagram) not allowed


def test_hootsuite_rounds_up_to_five_minutes_and_keeps_a_separate_link(project):
    moment = datetime(2027, 2, 1, 10, 2, tzinfo=AMSTERDAM)
    pinterest = Snippet(
        "knie",
        "operatie",
        "pinterest",
        None,
        "Een pin.",
        8,
        500,
        f"{SITE_URL}trajecten/knie/operatie/",
        None,
        None,
        moment,
    )
    files = outputs(build_calendar(project, [pinterest], now=NOW))
    assert rows(files["deelkit/hootsuite-pinterest.csv"]) == [
        ["01/02/2027 10:05", "Een pin.", f"{SITE_URL}trajecten/knie/operatie/"]
    ]
    assert rows(files["deelkit/buffer-pinterest.csv"])[1] == [
        "Een pin.",
        "",
        "",
        "2027-02-01 10:02",
    ]


def test_platforms_a_tool_cannot_post_to_get_no_file(project):
    files = outputs(build_calendar(project, compose(project, platforms=("whatsapp",)), now=NOW))
    assert not [uri for uri in files if uri.endswith(".csv")]
    assert "WhatsApp" in files["deelkit/calendar.ics"].decode()


def test_row_limits_split_files(project):
    start = datetime(2027, 2, 1, 9, 0, tzinfo=AMSTERDAM)
    many = [
        Snippet(
            "knie",
            f"stap-{n:03d}",
            "facebook",
            None,
            f'Bericht {n}, met "quotes"\nen een regel.',
            10,
            63206,
            None,
            None,
            None,
            start + timedelta(minutes=5 * n),
        )
        for n in range(720)
    ]
    files = outputs(build_calendar(project, many, now=NOW))
    buffer = [f"deelkit/buffer-facebook{s}.csv" for s in ("", *(f"-{n}" for n in range(2, 9)))]
    assert {u for u in files if u.startswith("deelkit/buffer-")} == set(buffer)
    bodies = [rows(files[uri]) for uri in buffer]
    assert all(body[0] == BUFFER_HEADER for body in bodies)
    assert [len(body) - 1 for body in bodies] == [100] * 7 + [20]
    assert [row[0] for body in bodies for row in body[1:]] == [s.text for s in many]
    hootsuite = [
        "deelkit/hootsuite-facebook.csv",
        "deelkit/hootsuite-facebook-2.csv",
        "deelkit/hootsuite-facebook-3.csv",
    ]
    assert {u for u in files if u.startswith("deelkit/hootsuite-")} == set(hootsuite)
    assert [len(rows(files[uri])) for uri in hootsuite] == [350, 350, 20]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(st.characters(exclude_categories=["Cs"])), max_size=30))
def test_csv_round_trips_any_text(texts):
    data = [[text, "", "", "2027-02-01 10:00"] for text in texts]
    content = csv_bytes(BUFFER_HEADER, data)
    table = rows(content)
    assert table[0] == BUFFER_HEADER and [row[1:] for row in table[1:]] == [r[1:] for r in data]
    written = [row[0] for row in table[1:]]
    assert written == [f"'{t}" if t[:1] in ("=", "+", "-", "@", "\t", "\r") else t for t in texts]
    assert not [cell for cell in written if cell.startswith(FORMULA_START)]


# Takedown list --------------------------------------------------------------------------


@pytest.fixture
def withdrawn(tmp_path) -> Project:
    site = SiteProject(tmp_path / "withdrawn")
    site.journey("knie", date=datetime(2026, 12, 20, 9, 0), audiences=["ouderen"])
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        variants={"mantelzorgers": {"summary": "Ga mee naar het eerste gesprek."}},
    )
    site.step("knie", "02-later.md", title="Later", when="+60d", story="wilma-fietst")
    site.step("knie", "03-zonder-verhaal.md", title="Zonder verhaal", when="-1d")
    site.journey("griep", title="De griepprik", date=date(2025, 10, 15), repeat="yearly")
    site.step(
        "griep", "01-uitnodiging.md", title="De uitnodiging", when="-7d", story="wilma-fietst"
    )
    site.story(
        "wilma-fietst",
        consent=consent_meta(
            given=date(2025, 6, 1), withdrawn=date(2027, 1, 10), channels=["website", "facebook"]
        ),
    )
    site.story("henk", title="Henk", person="Henk", quote="Ik liep weer.", consent=consent_meta())
    return make_project(site.root)


def test_takedown_lists_due_posts_of_a_withdrawn_story(withdrawn):
    snippets = compose(withdrawn)
    assert not any(s.stories for s in snippets), "the gate already keeps the story out"
    files = build_calendar(withdrawn, snippets, now=NOW)
    records = json.loads(outputs(files)["deelkit/takedown.json"])
    assert records == files.takedown
    assert [(r["journey"], r["step"], r["platform"], r["variant"], r["time"]) for r in records] == [
        ("griep", "uitnodiging", "facebook", None, "2025-10-08T10:00:00+02:00"),
        ("griep", "uitnodiging", "facebook", None, "2026-10-08T10:00:00+02:00"),
        ("knie", "eerste-gesprek", "facebook", None, "2026-12-06T10:00:00+01:00"),
        ("knie", "eerste-gesprek", "facebook", "mantelzorgers", "2026-12-06T19:30:00+01:00"),
    ]
    assert all(
        set(r)
        == {"platform", "time", "journey", "step", "variant", "story", "post", "overdue_since"}
        for r in records
    )
    assert {r["story"] for r in records} == {"wilma-fietst"}


def test_takedown_never_carries_the_story_text(withdrawn):
    files = build_calendar(withdrawn, compose(withdrawn), now=NOW)
    text = outputs(files)["deelkit/takedown.json"].decode()
    story = next(s for s in withdrawn.content.stories if s.slug == "wilma-fietst")
    for private in (story.meta.quote, story.meta.summary, story.meta.person, story.body.strip()):
        assert private not in text


def test_takedown_warning_names_the_story_file(withdrawn):
    files = build_calendar(withdrawn, compose(withdrawn), now=NOW)
    [finding] = files.findings
    assert finding.level == "warning"
    assert finding.rule == "consent.takedown"
    assert finding.path == "stories/wilma-fietst/index.md"
    assert "wilma-fietst" in finding.message
    assert "2027-01-10" in finding.message
    assert "4 berichten" in finding.message
    assert "Facebook" in finding.message and "deelkit/takedown.json" in finding.message


def test_no_takedown_while_consent_holds(project):
    files = build_calendar(project, compose(project), now=NOW)
    assert files.takedown == [] and files.findings == []
    assert outputs(files)["deelkit/takedown.json"] == b"[]\n"


# Calendar page --------------------------------------------------------------------------


def section(soup: BeautifulSoup, title: str):
    """The h2 that starts with `title` (headings end in a permalink)."""
    return next(h for h in soup.find_all("h2") if h.get_text().startswith(title))


def page_html(files) -> tuple[dict, BeautifulSoup]:
    """The page's front matter, and the page as its theme template renders it."""
    page = next(o for o in files.outputs if o.uri == "deelkit/kalender/index.md")
    return front_matter(page), tool_soup(page)


def test_calendar_page_month_grid(project):
    front, soup = page_html(build_calendar(project, compose(project), now=NOW))
    assert front["title"] == "Kalender" and front["template"] == "reisverhaal/calendar.html"
    captions = [t.caption.get_text() for t in soup.select("table.rv-cal")]
    assert captions == ["februari 2027", "maart 2027", "oktober 2027"]
    march = soup.select("table.rv-cal")[1]
    assert [th.get_text() for th in march.thead.find_all("th")] == [
        "ma",
        "di",
        "wo",
        "do",
        "vr",
        "za",
        "zo",
    ]
    day = next(td for td in march.select("td") if "zondag 28 maart 2027" in td.get_text())
    assert "10:00" in day.get_text() and "Voorjaar — Klok vooruit" in day.get_text()
    labels = [svg["aria-label"] for svg in day.select("svg[role=img]")]
    assert labels == ["Facebook", "Instagram", "X"]
    symbols = {symbol["id"] for symbol in soup.select(".rv-cal-sprite symbol")}
    used = {use["href"].lstrip("#") for use in soup.select("use")}
    assert used == symbols == {"rv-icon-facebook", "rv-icon-instagram", "rv-icon-x"}
    colours = {chip["style"] for chip in day.select(".rv-cal-chip")}
    assert len(colours) == 3


def test_calendar_page_coming_four_weeks_and_unscheduled(project):
    now = datetime(2027, 2, 20, 12, 0, tzinfo=AMSTERDAM)
    front, soup = page_html(build_calendar(project, compose(project), now=now))
    coming = soup.select("ul.rv-cal-coming > li")
    lines = [item.get_text(" ", strip=True) for item in coming]
    whens = [item.select_one(".rv-cal-when").get_text() for item in coming]
    assert whens == [
        "vrijdag 26 februari 2027, 10:00",  # the first conversation
        "vrijdag 26 februari 2027, 19:30",  # ... for family carers
        "vrijdag 12 maart 2027, 10:00",  # the operation; 28 March is more than four weeks away
    ]
    assert lines[1].endswith("Je nieuwe knie — Het eerste gesprek (Mantelzorgers)")
    assert [svg["aria-label"] for svg in coming[0].select("svg")] == ["Facebook", "Instagram", "X"]
    unscheduled = section(soup, "Nog niet ingepland").find_next("ul").get_text(" ")
    assert "Zonder datum" in unscheduled and "geen datum" in unscheduled
    assert "Je nieuwe knie — Nazorg" in unscheduled and "geen moment" in unscheduled
    downloads = [a["href"] for a in section(soup, "In je agenda").find_next("ul").find_all("a")]
    assert "../calendar.ics" in downloads and "../buffer-facebook.csv" in downloads
    assert "../hootsuite-instagram.csv" in downloads
    past = soup.select_one("details.rv-cal-past")
    assert past is None  # February is this month: not yet "earlier"


def test_earlier_months_fold_away(project):
    now = datetime(2027, 4, 10, 12, 0, tzinfo=AMSTERDAM)
    _, soup = page_html(build_calendar(project, compose(project), now=now))
    past = soup.select_one("details.rv-cal-past")
    assert [t.caption.get_text() for t in past.select("table.rv-cal")] == [
        "februari 2027",
        "maart 2027",
    ]


def test_outputs_follow_share_kit_visibility(site):
    hidden = make_project(site.root)
    files = build_calendar(hidden, compose(hidden), now=NOW)
    assert files.outputs and not any(output.public for output in files.outputs)
    shown = replace(hidden, settings=replace(hidden.settings, share_kit_public=True))
    assert all(output.public for output in build_calendar(shown, compose(shown), now=NOW).outputs)


def test_by_default_the_whole_build_day_counts_as_due(project):
    """Without `now`, a post later on the build's "today" is due: not exported as future."""
    on_the_day = replace(project, settings=replace(project.settings, today=date(2027, 3, 12)))
    files = outputs(build_calendar(on_the_day, compose(on_the_day)))
    times = [row[3] for row in rows(files["deelkit/buffer-x.csv"])[1:]]
    assert times and min(times) >= "2027-03-13"
    day_before = replace(project, settings=replace(project.settings, today=date(2027, 3, 11)))
    files = outputs(build_calendar(day_before, compose(day_before)))
    assert "2027-03-12 10:00" in [row[3] for row in rows(files["deelkit/buffer-x.csv"])[1:]]


def test_the_coming_weeks_start_at_the_beginning_of_the_build_day(project):
    """A build in the evening of the operation day still lists that morning's posts."""
    on_the_day = replace(project, settings=replace(project.settings, today=date(2027, 3, 12)))
    _, soup = page_html(build_calendar(on_the_day, compose(on_the_day)))
    whens = [
        item.select_one(".rv-cal-when").get_text() for item in soup.select("ul.rv-cal-coming > li")
    ]
    assert whens and whens[0].startswith("vrijdag 12 maart 2027")
    assert "Bijgewerkt op vrijdag 12 maart 2027." in str(soup)


def test_reisverhaal_check_reports_the_takedown_like_the_build(withdrawn):
    """`reisverhaal check --strict` must fail where `mkdocs build --strict` does."""
    from reisverhaal.pipeline.build import check_project

    built = build_calendar(withdrawn, compose(withdrawn)).findings
    assert built and {f.rule for f in built} == {"consent.takedown"}
    checked = check_project(withdrawn)
    assert all(finding in checked for finding in built)
