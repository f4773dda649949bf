"""`reisverhaal consent register | calendar | withdraw`: the consent register and the
renewal calendar written outside the site, and a withdrawal written into the story (the
only command that edits content) with the list of posts to take down."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import EPOCH, TODAY, SiteProject, consent_meta, environment
from reisverhaal.cli import main
from reisverhaal.consent.register import COLUMNS
from reisverhaal.consent.withdraw import WithdrawError, withdraw


def consent(root: Path, *args: str) -> int:
    """`reisverhaal -f <root>/mkdocs.yml consent ARGS`, in this process, on the tests' today."""
    with environment(SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1"):
        return main(["-f", str(root / "mkdocs.yml"), "consent", *args])


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    """The small site; its first step with the story went out on 2027-01-10 (five days
    before today), on Facebook and X among others."""
    project = SiteProject.small(tmp_path / "project")
    project.journey("knie", date="2027-01-24")
    project.story(
        "wilma-fietst",
        consent=consent_meta(channels=["website", "facebook", "x"], expires=date(2027, 3, 1)),
    )
    project.story(
        "kim-zwemt",
        title="Kim zwemt weer",
        person="Kim",
        quote="Ik durf weer.",
        consent=consent_meta(reference="=HYPERLINK(1)", minor=True),
    )
    return project


def read_register(path: Path) -> tuple[list[dict], list[dict]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows, json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


# The register ------------------------------------------------------------------------------


def test_the_register_has_a_row_per_story_with_its_posts_out(site, tmp_path, capsys):
    output = tmp_path / "privacy" / "register.csv"
    assert consent(site.root, "register", "--output", str(output)) == 0
    rows, records = read_register(output)
    assert list(rows[0]) == list(COLUMNS) and [list(r) for r in records][0] == list(COLUMNS)
    by_story = {record["story"]: record for record in records}
    wilma = by_story["wilma-fietst"]
    assert wilma["status"] == "geldig" and wilma["days_left"] == (date(2027, 3, 1) - TODAY).days
    assert wilma["channels"] == ["website", "facebook", "x"]
    assert wilma["posts_out"] == {"facebook": 1, "x": 1}
    assert wilma["still_to_take_down"] == []
    assert (wilma["person"], wilma["role"], wilma["expires"]) == ("Wilma", "client", "2027-03-01")
    kim = by_story["kim-zwemt"]  # a minor without a guardian: withheld
    assert kim["status"] == "minderjarig zonder ouder of voogd: telt als ingetrokken"
    assert kim["posts_out"] == {}
    row = next(r for r in rows if r["story"] == "kim-zwemt")
    assert row["reference"] == "'=HYPERLINK(1)"  # a spreadsheet does not run it
    assert next(r for r in rows if r["story"] == "wilma-fietst")["posts_out"] == (
        "facebook: 1; x: 1"
    )
    assert "geschreven:" in capsys.readouterr().out


def test_the_register_says_a_status_in_the_organisation_s_own_words(site, tmp_path):
    site.write(
        "templates/labels.yml",
        "register_status:\n  valid: in orde\n  no_guardian: ouder of voogd ontbreekt\n",
    )
    output = tmp_path / "register.csv"
    assert consent(site.root, "register", "--output", str(output)) == 0
    by_story = {record["story"]: record for record in read_register(output)[1]}
    assert by_story["wilma-fietst"]["status"] == "in orde"
    assert by_story["kim-zwemt"]["status"] == "ouder of voogd ontbreekt"


def test_the_register_never_quotes_a_story(site, tmp_path):
    output = tmp_path / "register.csv"
    consent(site.root, "register", "--output", str(output))
    text = output.read_text(encoding="utf-8") + output.with_suffix(".json").read_text("utf-8")
    for private in ("Na zes weken zat ik weer op de fiets", "Ik durf weer", "Ik was eerst bang"):
        assert private not in text


@pytest.mark.parametrize("inside", ["site", "docs"])
def test_the_register_is_never_written_into_the_site(site, inside, capsys):
    output = site.root / inside / "register.csv"
    assert consent(site.root, "register", "--output", str(output)) == 2
    assert not output.exists() and not output.with_suffix(".json").exists()
    assert "gepubliceerd" in capsys.readouterr().err


def test_an_existing_file_is_kept_without_force(site, tmp_path, capsys):
    output = tmp_path / "register.csv"
    output.write_text("van de vorige keer\n", encoding="utf-8")
    assert consent(site.root, "register", "--output", str(output)) == 1
    assert output.read_text(encoding="utf-8") == "van de vorige keer\n"
    assert "--force" in capsys.readouterr().err
    assert consent(site.root, "register", "--output", str(output), "--force") == 0
    assert output.read_text(encoding="utf-8").startswith("reference,")


# The renewal calendar --------------------------------------------------------------------


def test_the_consent_calendar_has_an_event_per_renewal_to_ask_for(site, tmp_path):
    output = tmp_path / "toestemmingen.ics"
    assert consent(site.root, "calendar", "--output", str(output)) == 0
    calendar = Calendar.from_ical(output.read_bytes())
    [event] = calendar.walk("VEVENT")  # the withheld minor has no consent to renew
    assert event.decoded("dtstart") == date(2027, 3, 1) - timedelta(days=60)
    assert "wilma-fietst" in str(event["summary"]) and "TF-2026-014" in str(event["summary"])
    assert "2027-03-01" in str(event["description"])
    assert "Na zes weken" not in output.read_text(encoding="utf-8")
    again = tmp_path / "nogmaals.ics"
    consent(site.root, "calendar", "--output", str(again))
    assert again.read_bytes() == output.read_bytes()  # stable UIDs and stamps: same day, same file


def test_the_consent_calendar_follows_the_reminder_setting(tmp_path):
    project = SiteProject.small(tmp_path / "project", consent={"reminder_days": 30})
    project.story("wilma-fietst", consent=consent_meta(expires=date(2027, 6, 1)))
    output = tmp_path / "kalender.ics"
    assert consent(project.root, "calendar", "--output", str(output)) == 0
    [event] = Calendar.from_ical(output.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 5, 2)


# Withdraw ----------------------------------------------------------------------------------


def test_withdraw_writes_only_the_withdrawal_and_lists_the_posts_to_take_down(site, capsys):
    path = site.root / "stories/wilma-fietst/index.md"
    before = path.read_bytes()
    assert consent(site.root, "withdraw", "wilma-fietst", "--date", "2027-01-12") == 0
    after = path.read_bytes()
    lines_before, lines_after = before.splitlines(True), after.splitlines(True)
    added = [line for line in lines_after if line not in lines_before]
    assert added == [b"  withdrawn: 2027-01-12\n"]
    assert len(lines_after) == len(lines_before) + 1
    meta = yaml.safe_load(after.decode().split("---\n")[1])
    assert meta["consent"]["withdrawn"] == date(2027, 1, 12)
    out = capsys.readouterr().out
    assert "de enige opdracht die inhoud wijzigt" in out
    assert "Facebook:" in out and "X:" in out
    assert "knie/eerste-gesprek/facebook, geplaatst 2027-01-10T10:00" in out
    assert "https://zorg.example.nl/" in out and "utm_source=facebook" in out
    assert "takedown_done" in out


def test_withdraw_replaces_an_earlier_withdrawal_in_place(site, capsys):
    path = site.story("wilma-fietst", consent=consent_meta(withdrawn=date(2027, 2, 1)))
    before = path.read_text(encoding="utf-8")
    assert consent(site.root, "withdraw", "wilma-fietst", "--date", "2027-01-14") == 0
    assert path.read_text(encoding="utf-8") == before.replace("2027-02-01", "2027-01-14")
    assert "(was 2027-02-01)" in capsys.readouterr().out


def test_withdraw_of_a_story_that_does_not_exist_is_a_usage_error(site, capsys):
    assert consent(site.root, "withdraw", "niemand") == 2
    assert "stories/niemand/index.md bestaat niet" in capsys.readouterr().err


FRONT = "---\ntitle: Wilma\n{consent}summary: Een verhaal.\n---\nTekst met consent: erin.\n"
BLOCK = (
    "consent:{comment}\n"
    "    reference: TF-1\n"
    "    given: 2026-06-01\n"
    "    channels:\n"
    "      - website\n"
    "      - facebook\n"
)
FLOW = "consent: {{reference: TF-1, given: 2026-06-01, channels: [website]}}{comment}\n"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    shape=st.sampled_from([BLOCK, FLOW]),
    comment=st.sampled_from(["", "  # getekend formulier", " # ja: alles"]),
    crlf=st.booleans(),
    bom=st.booleans(),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_withdraw_changes_nothing_but_the_withdrawal(tmp_path, shape, comment, crlf, bom, day):
    text = FRONT.format(consent=shape.format(comment=comment))
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    path = tmp_path / "index.md"
    path.write_bytes(raw)
    withdraw(path, day)
    result = path.read_bytes()
    assert result.startswith(b"\xef\xbb\xbf") is bom
    body = result.decode("utf-8-sig")
    meta = yaml.safe_load(body.replace("\r\n", "\n").split("---\n")[1])
    assert meta["consent"]["withdrawn"] == day
    assert meta["title"] == "Wilma" and meta["summary"] == "Een verhaal."
    assert body.endswith(text.split("---", 2)[2])  # the body, byte for byte
    old, new = text.splitlines(True), body.splitlines(True)
    if shape is BLOCK:
        assert [line for line in new if line not in old] == [
            f"    withdrawn: {day.isoformat()}" + ("\r\n" if crlf else "\n")
        ]
    else:
        [changed] = [line for line in new if line not in old]
        assert changed.startswith("consent: {") and f"withdrawn: {day.isoformat()}" in changed
        assert comment.strip() in changed


def test_withdraw_refuses_a_file_without_consent_and_leaves_it_alone(tmp_path):
    path = tmp_path / "index.md"
    path.write_bytes(b"---\ntitle: Wilma\n---\nTekst.\n")
    with pytest.raises(WithdrawError, match="geen consent"):
        withdraw(path, date(2027, 1, 1))
    assert path.read_bytes() == b"---\ntitle: Wilma\n---\nTekst.\n"
