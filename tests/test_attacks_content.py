"""Attacks on the loader (issue 14): content that used to crash, mislead or leak, built for real.

Each case writes a small site, runs a real `mkdocs build` (and `reisverhaal check` where the
message matters), and asserts what the editor sees and what the site holds.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import SiteProject, build, consent_meta, environment, front_matter, step_meta
from reisverhaal.cli import collect_findings

ENGLISH = re.compile(r"out of range|Input should|mapping values|could not|expected|found", re.I)


def check(project: SiteProject):
    """`reisverhaal check` of the project, as findings, on the tests' "today"."""
    from conftest import EPOCH

    with environment(SOURCE_DATE_EPOCH=str(EPOCH)):
        return collect_findings(project.root / "mkdocs.yml")


def errors_of(findings, path: str):
    return [f for f in findings if f.path == path and f.level == "error"]


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project")


def test_a_file_with_old_mac_line_ends_is_read(project):
    path = project.root / "journeys/knie/02-operatie.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    result = build(project.root, strict=True)
    assert "Op de dag van de operatie" in result.page("trajecten/knie/operatie/")


def test_nesting_too_deep_is_a_located_error_not_a_crash(project):
    step = project.root / "journeys/knie/02-operatie.md"
    text = step.read_text(encoding="utf-8")
    step.write_text(text.replace("title: De operatie", "title: " + "[" * 500), encoding="utf-8")
    result = build(project.root)
    assert not (result.site / "trajecten/knie/operatie").exists()
    [finding] = errors_of(check(project), "journeys/knie/02-operatie.md")
    assert finding.rule == "front-matter.yaml"
    assert finding.line == 2
    assert "'title'" in finding.message and "aanhalingstekens" in finding.message
    assert any("02-operatie.md:2" in text for text in result.warnings())


@pytest.mark.parametrize(
    "where, key, value, words",
    [
        ("step", "when", "2027-02-30", "verschuiving"),
        ("consent", "given", "2026-02-30", "februari 2026 heeft 28 dagen"),
        ("journey", "date", "2027-02-30", "februari 2027 heeft 28 dagen"),
    ],
)
def test_a_day_that_does_not_exist_names_the_key_in_dutch(project, where, key, value, words):
    if where == "step":
        path = project.step("knie", "02-operatie.md", **{key: date(2027, 2, 1)})
    elif where == "consent":
        path = project.story("wilma-fietst", consent=consent_meta(**{key: date(2026, 2, 1)}))
    else:
        path = project.journey("knie", **{key: date(2027, 2, 1)})
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"({key}: )\S+", rf"\g<1>{value}", text), encoding="utf-8")
    relative = path.relative_to(project.root).as_posix()
    [finding] = errors_of(check(project), relative)
    line = text.splitlines().index(next(x for x in text.splitlines() if f"{key}:" in x)) + 1
    assert finding.line == line
    assert f"'{key}" in finding.message or f"consent.{key}" in finding.message
    assert words in finding.message
    assert not ENGLISH.search(finding.message)


def test_a_moment_with_an_offset_is_that_moment_in_the_site_time_zone(project):
    path = project.journey("knie")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"date: .*", "date: 2027-03-12T09:00:00+05:00", text), encoding="utf-8")
    project.step("knie", "02-operatie.md", title="De operatie", phase="during", when="+1h")
    result = build(project.root, strict=True)
    records = json.loads((result.site / "deelkit/snippets.json").read_text(encoding="utf-8"))
    times = {r["publish_at"] for r in records if r["step"] == "operatie"}
    # 09:00 at +05:00 is 04:00 UTC, 05:00 in Amsterdam in March; one hour later: 06:00.
    assert times == {"2027-03-12T06:00:00+01:00"}


def test_a_step_named_index_is_an_error_and_the_journey_page_stays(project):
    project.step("knie", "05-index.md", title="Overzicht", phase="after", when="+9d")
    with pytest.raises(Abort):
        build(project.root, strict=True)
    result = build(project.root)
    assert "rv-timeline" in result.page("trajecten/knie/")
    assert "Overzicht" not in result.page("trajecten/knie/")
    [finding] = errors_of(check(project), "journeys/knie/05-index.md")
    assert finding.rule == "step.collision"
    assert "05-overzicht.md" in finding.message


def test_a_withdrawal_with_a_day_that_does_not_exist_still_lists_posts_to_take_down(project):
    # The step quotes the story and its post went out on 2027-01-10 (five days before today).
    project.journey("knie", date="2027-01-24")
    path = project.story("wilma-fietst", consent=consent_meta(withdrawn=date(2026, 11, 1)))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2026-11-01", "2026-11-31"), encoding="utf-8")
    result = build(project.root)
    records = json.loads((result.site / "deelkit/takedown.json").read_text(encoding="utf-8"))
    assert records and {r["story"] for r in records} == {"wilma-fietst"}
    assert {r["step"] for r in records} == {"eerste-gesprek"}
    assert not (result.site / "verhalen/wilma-fietst").exists()
    findings = [f for f in check(project) if f.path == "stories/wilma-fietst/index.md"]
    rules = {f.rule for f in findings}
    assert {"front-matter.date", "consent.unreadable", "consent.takedown"} <= rules
    unreadable = next(f for f in findings if f.rule == "consent.unreadable")
    assert "ingetrokken" in unreadable.message and "takedown.json" in unreadable.message
    logged = "\n".join(result.warnings())
    assert "wilma-fietst" in logged and "takedown" in logged
    assert "Na zes weken zat ik weer op de fiets" not in logged


def test_a_story_that_cannot_be_read_at_all_is_withdrawn_for_the_takedown_list(project):
    project.journey("knie", date="2027-01-24")
    project.write("stories/wilma-fietst/index.md", "---\ntitle: [kapot\n---\nTekst.\n")
    result = build(project.root)
    records = json.loads((result.site / "deelkit/takedown.json").read_text(encoding="utf-8"))
    assert {r["story"] for r in records} == {"wilma-fietst"}


def test_a_left_out_story_with_valid_consent_needs_no_takedown(project):
    project.journey("knie", date="2027-01-24")
    project.story("wilma-fietst", sumary="Een tikfout in een sleutel.")
    result = build(project.root)
    assert json.loads((result.site / "deelkit/takedown.json").read_text(encoding="utf-8")) == []
    assert not (result.site / "verhalen/wilma-fietst").exists()


def test_step_with_front_matter_written_by_hand_in_old_mac_style_keeps_its_lines(project):
    meta = step_meta(title="De operatie", phase="tijdens", when="0d")
    text = front_matter(meta, "Tekst.\n").replace("\n", "\r")
    project.write("journeys/knie/02-operatie.md", text.encode("utf-8"))
    [finding] = errors_of(check(project), "journeys/knie/02-operatie.md")
    assert finding.line == 3
    assert "bedoelde je 'during'?" in finding.message


@pytest.mark.parametrize(
    "meta",
    [
        {"quote": ["Henk woont sinds kort bij zijn dochter", "in Zwolle"]},
        {"summary": 42, "title": {"tekst": "Henk woont sinds kort bij zijn dochter"}},
        {"person": {"naam": "Henk woont sinds kort bij zijn dochter"}},
    ],
)
def test_a_story_that_cannot_be_loaded_is_never_quoted_in_the_log(project, meta):
    """Such a story is published nowhere; its text must not reach a (public) build log."""
    project.story("wilma-fietst", consent=consent_meta(withdrawn=date(2026, 12, 1)), **meta)
    built = build(project.root)
    story_errors = [m for m in built.logged() if m.startswith("stories/wilma-fietst/index.md")]
    assert any("front-matter.invalid" in m for m in story_errors)
    assert not any("woont sinds" in m for m in built.logged())
    assert not any("woont sinds" in str(f) for f in check(project))
