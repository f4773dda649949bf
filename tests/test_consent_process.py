"""Consent as a process around the gate (issue 20): minors and their guardian, a pseudonym
beside a recognisable photo, reminders before consent expires, and the takedown list worked
off with `takedown_done`."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import AUDIENCES, TODAY, SiteProject, consent_meta, line_of
from conftest import story_meta as story_meta_for
from reisverhaal.cli import front_matter_schema
from reisverhaal.consent.project import Project
from reisverhaal.content.load import load_content
from reisverhaal.content.model import Consent
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline.build import check_project, prepare
from reisverhaal.render.calendar import build_calendar
from reisverhaal.render.compose import build_snippets

STORY = "stories/wilma-fietst/index.md"


def settings_for(root: Path, **extra) -> Settings:
    return Settings(
        root=root.resolve(),
        site_url="https://zorg.example.nl/",
        organisation="Zorggroep Test",
        today=TODAY,
        audiences={key: Audience(key, **value) for key, value in AUDIENCES.items()},
        **extra,
    )


def project_of(site: SiteProject, **extra) -> Project:
    return prepare(settings_for(site.root, **extra))


def of_rule(findings, rule: str) -> list:
    return [finding for finding in findings if finding.rule == rule]


# Minors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "consent", [{"minor": True}, {"birth_year": 2012}], ids=["minor", "birth-year"]
)
def test_a_minor_without_a_guardian_is_withheld_with_a_located_dutch_error(site_project, consent):
    path = site_project.story("wilma-fietst", consent=consent_meta(**consent))
    content = load_content(site_project.root)
    assert [story.slug for story in content.stories] == []
    [finding] = of_rule(content.findings, "consent.minor-guardian")
    key = next(iter(consent))
    assert (finding.path, finding.level) == (STORY, "error")
    assert finding.line == line_of(path, f"{key}:")
    assert "'consent.guardian' ontbreekt" in finding.message
    assert "guardian: parent" in finding.message and "16" in finding.message


def test_a_minor_with_a_guardian_is_published(site_project):
    site_project.story("wilma-fietst", consent=consent_meta(minor=True, guardian="parent"))
    [story] = load_content(site_project.root).stories
    assert story.consent.is_minor and story.consent.guardian == "parent"


def test_a_guardian_is_a_relation_never_a_name(site_project):
    path = site_project.story(
        "wilma-fietst", consent=consent_meta(minor=True, guardian="Jan de Vries")
    )
    content = load_content(site_project.root)
    assert content.stories == []
    [finding] = of_rule(content.findings, "front-matter.enum")
    assert finding.line == line_of(path, "guardian:")
    assert "'parent' of 'guardian'" in finding.message


def test_a_full_date_of_birth_is_refused(site_project):
    path = site_project.story(
        "wilma-fietst", consent=consent_meta(birth_year=date(2012, 3, 4), guardian="parent")
    )
    content = load_content(site_project.root)
    assert content.stories == []
    [finding] = of_rule(content.findings, "consent.birth-date")
    assert finding.line == line_of(path, "birth_year:")
    assert "'consent.birth_year'" in finding.message and "nooit de volledige" in finding.message


@given(
    given_on=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
    age=st.integers(min_value=-2, max_value=90),
    minor=st.booleans(),
)
def test_who_counts_as_a_minor(given_on, age, minor):
    birth_year = given_on.year - age
    assume(birth_year >= 1900)
    consent = Consent.model_validate(
        {
            "reference": "TF-1",
            "given": given_on,
            "channels": ["website"],
            "minor": minor,
            "birth_year": birth_year,
            "guardian": "guardian",
        }
    )
    # With only a year, someone who could still be 15 on the day they signed is a minor.
    assert consent.is_minor is (minor or age <= 16)


# Pseudonym and photo ---------------------------------------------------------------------


def test_a_pseudonym_beside_a_photo_with_portrait_consent_is_a_warning(site_project):
    site_project.illustrate()
    path = site_project.story(
        "wilma-fietst",
        pseudonym=True,
        image="wilma.jpg",
        image_alt="Wilma op haar fiets.",
        consent=consent_meta(photo=True),
    )
    [finding] = of_rule(project_of(site_project).findings, "consent.pseudonym-photo")
    assert (finding.path, finding.line, finding.level) == (
        STORY,
        line_of(path, "pseudonym:"),
        "warning",
    )
    assert "photo: false" in finding.message


def test_a_pseudonym_without_photo_consent_is_fine(site_project):
    site_project.illustrate()
    site_project.story(
        "wilma-fietst", pseudonym=True, image="wilma.jpg", image_alt="Wilma op haar fiets."
    )
    assert of_rule(project_of(site_project).findings, "consent.pseudonym-photo") == []


# Reminders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("days_left, reminded", [(1, True), (60, True), (61, False)])
def test_a_reminder_from_sixty_days_before_consent_expires(site_project, days_left, reminded):
    expires = TODAY + timedelta(days=days_left)
    path = site_project.story("wilma-fietst", consent=consent_meta(expires=expires))
    found = of_rule(project_of(site_project).findings, "consent.renew")
    assert bool(found) is reminded
    if reminded:
        [finding] = found
        assert (finding.path, finding.line, finding.level) == (
            STORY,
            line_of(path, "expires:"),
            "warning",
        )
        assert "'wilma-fietst'" in finding.message and "TF-2026-014" in finding.message
        assert expires.isoformat() in finding.message and f"over {days_left} " in finding.message
        assert "website, newsletter, facebook" in finding.message
        assert "Na zes weken" not in finding.message  # never the story's text


def test_the_reminder_period_and_level_are_settings(site_project):
    site_project.story("wilma-fietst", consent=consent_meta(expires=TODAY + timedelta(days=80)))
    project = project_of(site_project, consent_reminder_days=90, consent_reminder_level="info")
    [finding] = of_rule(project.findings, "consent.renew")
    assert finding.level == "info"


def test_no_reminder_for_consent_that_is_withdrawn_or_already_ended(site_project):
    site_project.story(
        "wilma-fietst",
        consent=consent_meta(expires=TODAY + timedelta(days=10), withdrawn=TODAY + timedelta(5)),
    )
    assert of_rule(project_of(site_project).findings, "consent.renew") == []
    site_project.story("wilma-fietst", consent=consent_meta(expires=TODAY))
    assert of_rule(project_of(site_project).findings, "consent.renew") == []


# Takedown as a list to work off ------------------------------------------------------------


def withdrawn_site(site: SiteProject, done: list | None = None) -> Project:
    """The small site whose first step (with the story) went out on 2027-01-10 and
    whose story was withdrawn on 2027-01-12; `done`: the story's `takedown_done`."""
    site.journey("knie", date="2027-01-24")
    extra = {"takedown_done": done} if done is not None else {}
    site.story(
        "wilma-fietst",
        consent=consent_meta(withdrawn=date(2027, 1, 12), channels=["website", "facebook", "x"]),
        **extra,
    )
    return project_of(site)


def takedown_of(project: Project):
    files = build_calendar(project, build_snippets(project).snippets)
    return files.takedown, of_rule(files.findings, "consent.takedown"), files.findings


def test_the_takedown_warning_lists_each_post_still_out_and_since_when(site_project):
    records, [finding], _ = takedown_of(withdrawn_site(site_project))
    assert sorted(r["post"] for r in records) == [
        "knie/eerste-gesprek/facebook",
        "knie/eerste-gesprek/x",
    ]
    assert {r["overdue_since"] for r in records} == {"2027-01-12"}
    assert "Facebook knie/eerste-gesprek/facebook (geplaatst 2027-01-10" in finding.message
    assert "te laat sinds 2027-01-12: 3 dagen" in finding.message
    assert "takedown_done" in finding.message


def test_posts_marked_removed_leave_the_list_and_the_warning_stops_when_all_are(
    site_project,
):
    done = [{"post": "knie/eerste-gesprek/facebook", "removed": date(2027, 1, 13)}]
    records, [finding], _ = takedown_of(withdrawn_site(site_project, done))
    assert [r["post"] for r in records] == ["knie/eerste-gesprek/x"]
    assert "facebook" not in finding.message.split("nog weg te halen:")[1].lower()
    done.append({"post": "knie/eerste-gesprek/x", "removed": date(2027, 1, 14)})
    records, warnings, findings = takedown_of(withdrawn_site(site_project, done))
    assert records == [] and warnings == []
    [info] = of_rule(findings, "consent.takedown-done")
    assert info.level == "info" and "alle 2 berichten" in info.message


def test_a_removal_before_the_post_went_out_does_not_count(site_project):
    done = [{"post": "knie/eerste-gesprek/facebook", "removed": date(2027, 1, 9)}]
    records, _, _ = takedown_of(withdrawn_site(site_project, done))
    assert "knie/eerste-gesprek/facebook" in {r["post"] for r in records}


def test_a_takedown_done_entry_that_names_no_post_is_a_located_error(site_project):
    path = site_project.story(
        "wilma-fietst", takedown_done=[{"post": "facebook", "removed": date(2027, 1, 3)}]
    )
    content = load_content(site_project.root)
    [finding] = [f for f in content.findings if f.level == "error"]
    assert finding.line == line_of(path, "- post:")
    assert "traject/stap/platform" in finding.message


def test_check_reports_what_the_build_reports(site_project):
    project = withdrawn_site(site_project)
    rules = {finding.rule for finding in check_project(project)}
    assert "consent.takedown" in rules


# Schema --------------------------------------------------------------------------------------


def test_the_schema_has_the_new_keys_with_dutch_titles():
    schema = front_matter_schema("story")
    consent = schema["$defs"]["Consent"]["properties"]
    assert {"minor", "birth_year", "guardian"} <= set(consent)
    assert consent["guardian"]["title"] == "Ouder of voogd"
    assert schema["properties"]["takedown_done"]["title"] == "Weggehaald bericht" or (
        schema["$defs"]["TakedownDone"]["title"] == "Weggehaald bericht"
    )
    assert json.dumps(schema)  # plain JSON


# Properties ----------------------------------------------------------------------------------


@given(
    expires_in=st.integers(min_value=-400, max_value=400),
    days=st.integers(min_value=0, max_value=365),
    withdrawn=st.booleans(),
)
def test_a_reminder_exactly_within_the_period_of_consent_that_will_expire(
    expires_in, days, withdrawn
):
    from reisverhaal.consent.gate import ConsentGate
    from reisverhaal.consent.reminders import due
    from reisverhaal.content.model import Story, StoryMeta

    expires = TODAY + timedelta(days=expires_in)
    given_on = date(2026, 1, 1)
    assume(expires > given_on)
    extra = {"withdrawn": expires + timedelta(days=5)} if withdrawn else {}
    meta = StoryMeta.model_validate(
        story_meta_for(consent=consent_meta(given=given_on, expires=expires, **extra))
    )
    story = Story(
        slug="wilma", source=Path("/p/stories/wilma/index.md"), body="", body_line=1, meta=meta
    )
    reminded = [item.story.slug for item in due(ConsentGate([story], TODAY), days)]
    assert reminded == (["wilma"] if 0 < expires_in <= days and not withdrawn else [])


@given(
    posted=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    removed_on=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    variant=st.sampled_from([None, "ouderen"]),
    marked=st.sampled_from(
        ["knie/intake/facebook", "knie/intake/facebook/ouderen", "knie/intake/x"]
    ),
)
def test_a_post_counts_as_removed_only_when_marked_on_or_after_it_went_out(
    posted, removed_on, variant, marked
):
    from reisverhaal.consent.takedown import post_key, removed
    from reisverhaal.content.model import Story, StoryMeta

    meta = StoryMeta.model_validate(
        {
            **story_meta_for(consent=consent_meta()),
            "takedown_done": [{"post": marked, "removed": removed_on}],
        }
    )
    story = Story(slug="wilma", source=Path("/p/index.md"), body="", body_line=1, meta=meta)
    record = {
        "journey": "knie",
        "step": "intake",
        "platform": "facebook",
        "variant": variant,
        "time": f"{posted.isoformat()}T10:00:00+01:00",
    }
    record["post"] = post_key(record)
    same_post = marked in (record["post"], "knie/intake/facebook")
    assert removed(story, record) is (same_post and removed_on >= posted)


def test_the_build_ends_by_saying_which_consent_to_renew(site_project):
    from reisverhaal.pipeline.summary import end_summary

    site_project.story("wilma-fietst", consent=consent_meta(expires=TODAY + timedelta(days=9)))
    findings = project_of(site_project).findings
    [line] = end_summary(findings)
    assert line.startswith("reisverhaal: vraag om een nieuwe toestemming voor 1 verhaal")
    assert "reisverhaal consent calendar" in line


def test_reminders_set_to_info_do_not_make_the_summary_a_warning(site_project):
    from reisverhaal.pipeline.summary import end_summary

    site_project.story("wilma-fietst", consent=consent_meta(expires=TODAY + timedelta(days=9)))
    project = project_of(site_project, consent_reminder_level="info")
    assert of_rule(project.findings, "consent.renew") and end_summary(project.findings) == []
