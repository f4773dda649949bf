"""The words the site shows for phases, kinds, roles, months and weekdays: shipped in
`data/labels.yml`, changed by an organisation in `templates/labels.yml`, checked with Dutch
messages that name the file and the line."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SiteProject, build
from reisverhaal.content.datafiles import project_labels, shipped
from reisverhaal.core.findings import LEFT_OUT, Finding
from reisverhaal.pipeline.summary import end_summary
from reisverhaal.render.templating import dutch_date, dutch_offset, environment

SHIPPED = shipped("labels").model_dump()


def own_labels(tmp_path: Path, text: str | bytes) -> tuple[dict, list]:
    folder = tmp_path / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "labels.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return project_labels(folder)


def test_without_a_file_of_its_own_the_site_shows_the_shipped_labels(tmp_path):
    assert project_labels(tmp_path / "templates") == (SHIPPED, [])
    assert SHIPPED["phases"] == {"before": "Voor", "during": "Tijdens", "after": "Na"}
    assert SHIPPED["months"][2] == "maart" and SHIPPED["weekdays"][4] == "vrijdag"


def test_the_organisation_s_labels_are_laid_over_the_shipped_ones(tmp_path):
    labels, findings = own_labels(tmp_path, "roles:\n  client: Bewoner\nphases: {before: Vooraf}\n")
    assert findings == []
    assert labels["roles"] == {**SHIPPED["roles"], "client": "Bewoner"}
    assert labels["phases"] == {**SHIPPED["phases"], "before": "Vooraf"}
    assert labels["kinds"] == SHIPPED["kinds"]


def test_templates_get_the_labels_and_dates_use_their_month_names(tmp_path):
    own_labels(tmp_path, "months: [jan, feb, mrt, apr, mei, jun, jul, aug, sep, okt, nov, dec]\n")
    env = environment(tmp_path / "templates")
    page = env.from_string("{{ labels.roles.client }} · {{ moment | dutch_date }}")
    assert page.render(moment=datetime(2027, 3, 12, 9, 5)) == "Cliënt · vrijdag 12 mrt 2027, 09:05"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("roles:\n  client: Bewoner\n  bewoner: Bewoner\n", 3, ["sleutel 'roles.bewoner'"]),
        ("rollen:\n  client: Bewoner\n", 1, ["onbekende sleutel 'rollen'", "Bedoelde je 'roles'?"]),
        ("months: [jan, feb]\n", 1, ["twaalf maanden"]),
        ("kinds:\n  meeting: [Bijeenkomst]\n", 2, ["'kinds.meeting'", "verwacht tekst"]),
        ("roles:\n\tclient: Bewoner\n", 2, ["tab"]),
    ],
)
def test_a_mistake_is_a_dutch_error_at_its_line_and_the_shipped_labels_stay(
    tmp_path, text, line, words
):
    labels, (finding,) = own_labels(tmp_path, text)
    assert labels == SHIPPED
    assert (finding.path, finding.line, finding.level) == ("templates/labels.yml", line, "error")
    assert finding.rule.startswith("labels.")
    for word in words:
        assert word in finding.message


def test_a_file_that_is_no_text_or_no_groups_is_said(tmp_path):
    assert "UTF-8" in own_labels(tmp_path / "a", b"roles: \xff\n")[1][0].message
    assert "groepen van labels" in own_labels(tmp_path / "b", "- Bewoner\n")[1][0].message


def test_an_edit_to_the_file_is_seen_without_a_restart(tmp_path):
    own_labels(tmp_path, "roles: {client: Bewoner}\n")
    assert environment(tmp_path / "templates").globals["labels"]["roles"]["client"] == "Bewoner"
    own_labels(tmp_path, "roles: {client: Deelnemer}\n")
    assert environment(tmp_path / "templates").globals["labels"]["roles"]["client"] == "Deelnemer"


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31)))
def test_a_date_names_its_own_weekday_and_month(moment):
    text = dutch_date(moment, SHIPPED, with_time=False)
    weekday, day, month, year = text.split(" ")
    assert SHIPPED["weekdays"].index(weekday) == moment.weekday()
    assert SHIPPED["months"].index(month) + 1 == moment.month
    assert (int(day), int(year)) == (moment.day, moment.year)


def test_a_build_shows_the_organisation_s_labels_and_reports_a_bad_file(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.write("templates/labels.yml", "phases:\n  during: Op de dag zelf\n")
    page = build(site.root).page("trajecten/knie/")
    assert "Op de dag zelf" in page and ">Tijdens<" not in page
    site.write("templates/labels.yml", "phases:\n  tijdens: Op de dag zelf\n")
    built = build(site.root)
    assert any(
        "templates/labels.yml:2" in warning and "onbekende sleutel 'phases.tijdens'" in warning
        for warning in built.warnings()
    )
    assert "Tijdens" in built.page("trajecten/knie/")


@pytest.mark.parametrize(
    ("days", "hours", "said"),
    [
        (0, 0, "op de dag zelf"),
        (-14, 0, "2 weken vooraf"),
        (7, 0, "1 week erna"),
        (-1, 0, "1 dag vooraf"),
        (3, 0, "3 dagen erna"),
        (0, -2, "2 uur vooraf"),
    ],
)
def test_a_step_s_when_is_said_in_the_labels_words(days, hours, said):
    assert dutch_offset(timedelta(days=days, hours=hours), SHIPPED["when"]) == said


def test_the_organisation_s_words_reach_dates_badges_and_posts(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.write(
        "templates/labels.yml",
        "when: {same_day: 'op de dag van de operatie', weeks: weekjes}\n"
        "readability: {plain: Helder, hard: Lastig}\n"
        "link_in_bio: Klik op de link in ons profiel.\n",
    )
    site.step("knie", "03-thuis.md", title="Weer thuis", phase="after", when="+14d")
    env = environment(site.root / "templates")
    assert env.from_string("{{ when | dutch_offset }}").render(when=timedelta(0)) == (
        "op de dag van de operatie"
    )
    assert env.from_string("{{ when | dutch_offset }}").render(when=timedelta(days=14)) == (
        "2 weekjes erna"
    )
    built = build(site.root)
    assert "Klik op de link in ons profiel." in built.page("deelkit/knie/")
    assert "Helder · " in built.page("deelkit/knie/") or "Lastig · " in built.page("deelkit/knie/")
    assert "«Helder · 72»" in built.page("deelkit/knie/") and "«Lastig»" in built.page(
        "deelkit/knie/"
    )


def test_the_navigation_s_sections_are_labels_and_stay_text(tmp_path):
    site = SiteProject.small(tmp_path / "project", share_kit={"public": True})
    site.write("templates/labels.yml", "nav: {journeys: 'Zorg & reis', share_kit: <b>Kit</b>}\n")
    home = build(site.root).page("")
    assert "Zorg &amp; reis" in home and "&lt;b&gt;Kit&lt;/b&gt;" in home
    assert "<b>Kit</b>" not in home and ">Trajecten<" not in home


def test_the_share_kit_and_calendar_say_the_organisation_s_words_as_text(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.write(
        "templates/labels.yml",
        "share_kit:\n  copy_text: 'Kopieer <b>dit</b>'\n  preview: 'Zo ziet {platform} het'\n"
        "calendar:\n  coming_title: Binnenkort & straks\n  weekdays: [M, D, W, D, V, Z, Z]\n",
    )
    built = build(site.root)
    kit = built.page("deelkit/knie/")
    assert "Kopieer &lt;b&gt;dit&lt;/b&gt;" in kit and "<b>dit</b>" not in kit
    assert "Kopieer tekst" not in kit and "Zo ziet Facebook het" in kit
    calendar = built.page("deelkit/kalender/")
    assert "Binnenkort &amp; straks" in calendar and "De komende vier weken" not in calendar
    assert ">M</th>" in calendar and ">ma</th>" not in calendar
    site.write("templates/labels.yml", "calendar:\n  weekdays: [ma, di]\n")
    built = build(site.root)
    assert any(
        "templates/labels.yml" in warning and "zeven dagen" in warning
        for warning in built.warnings()
    )
    assert ">ma</th>" in built.page("deelkit/kalender/")


def test_the_build_s_last_words_are_labels(tmp_path):
    left_out = Finding("journeys/knie/index.md", 1, "error", LEFT_OUT, "traject knie weggelaten")
    takedown = Finding("stories/wilma/index.md", None, "warning", "consent.takedown", "weg")
    assert end_summary([]) == []
    assert end_summary([left_out, takedown, takedown]) == [
        "reisverhaal: traject knie weggelaten; zie de fouten hierboven",
        "reisverhaal: berichten weghalen van 2 verhalen waarvan de toestemming is beëindigd: "
        "zie deelkit/takedown.json",
    ]
    own_labels(
        tmp_path, "build_summary:\n  one_story: één verhaal\n  left_out: 'Let op: {message}'\n"
    )
    assert end_summary([left_out, takedown], tmp_path / "templates") == [
        "Let op: traject knie weggelaten",
        "reisverhaal: berichten weghalen van één verhaal waarvan de toestemming is beëindigd: "
        "zie deelkit/takedown.json",
    ]
