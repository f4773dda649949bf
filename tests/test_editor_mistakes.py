"""Twelve mistakes a new editor makes (issue 16), each answered in Dutch with file, line and fix.

Every mistake is written into the small site as an editor would type it. `reisverhaal check`
must name the file, the line and the fix, with no English parser text and no internal names,
and `reisverhaal check --strict` must fail exactly when `mkdocs build --strict` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import EPOCH, SiteProject, build, environment, line_of
from reisverhaal.cli import collect_findings

STEP = "journeys/knie/02-operatie.md"
STORY = "stories/wilma-fietst/index.md"
JOURNEY = "journeys/knie/index.md"
ENGLISH = re.compile(
    r"\b(?:Input should|mapping values|could not|expected|found|scanning|parsing|token|"
    r"out of range|Field required|Extra inputs|not allowed|is not found|contains a link)\b",
    re.I,
)
INTERNAL = re.compile(r"'[a-z_]+(?:\.[a-z_]+)*\.(?:\d+|datetime|date|str)'|\[key\]|literal\[")


def step_text(**lines: str) -> str:
    meta = {
        "title": "De operatie",
        "phase": "during",
        "when": "0d",
        "summary": "Op de dag van de operatie krijg je een nieuwe knie.",
    }
    meta.update(lines)
    front = "\n".join(f"{key}: {value}" for key, value in meta.items())
    return f"---\n{front}\n---\nJe slaapt tijdens de operatie.\n"


def typo_in_a_key(project: SiteProject) -> None:
    text = step_text().replace("summary:", "sumary:")
    project.write(STEP, text)


def wrong_phase(project: SiteProject) -> None:
    project.write(STEP, step_text(phase="tijdens"))


def dutch_date_order(project: SiteProject) -> None:
    path = project.journey("knie")
    text = re.sub(r"date: .*", "date: 12-03-2027", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


def missing_alt_text(project: SiteProject) -> None:
    project.image("journeys/knie/media/knie.jpg")
    project.journey("knie", image="media/knie.jpg")


def wrong_story_slug(project: SiteProject) -> None:
    project.step("knie", "01-eerste-gesprek.md", story="wilma-fiets")


def tab_in_yaml(project: SiteProject) -> None:
    project.write(STEP, step_text().replace("\nwhen:", "\n\twhen:"))


def colon_in_a_value(project: SiteProject) -> None:
    project.write(STEP, step_text(summary="Let op: vanaf morgen mag je niet eten."))


def wrong_indentation(project: SiteProject) -> None:
    text = (
        "---\ntitle: Wilma fietst weer\nperson: Wilma\nrole: client\n"
        "summary: Wilma kreeg een nieuwe knie.\njourneys: [knie]\nconsent:\n"
        "  reference: TF-2026-014\n given: 2026-06-01\n  channels: [website]\n---\nTekst.\n"
    )
    project.write(STORY, text)


def capital_channel(project: SiteProject) -> None:
    text = (
        "---\ntitle: Wilma fietst weer\nperson: Wilma\nrole: client\n"
        "summary: Wilma kreeg een nieuwe knie.\njourneys: [knie]\nconsent:\n"
        "  reference: TF-2026-014\n  given: 2026-06-01\n  channels: [website, Facebook]\n"
        "---\nTekst.\n"
    )
    project.write(STORY, text)


def broken_body_link(project: SiteProject) -> None:
    project.write(STEP, step_text() + "\nLees ook [wat er daarna gebeurt](03-thuiss.md).\n")


def missing_body_image(project: SiteProject) -> None:
    project.image("journeys/knie/media/zaal.jpg")
    project.write(STEP, step_text() + "\n![De operatiezaal](media/zaal.jpeg)\n")


def two_mistakes(project: SiteProject) -> None:
    project.write(STEP, step_text(phase="tijdens").replace("summary:", "sumary:"))


@dataclass(frozen=True)
class Mistake:
    make: Callable[[SiteProject], None]
    path: str
    lines: tuple[str, ...]
    """The start of each line that must be named, one finding each."""
    fixes: tuple[str, ...]
    """What each message must say (in the same order)."""


MISTAKES = {
    "typo-in-a-key": Mistake(typo_in_a_key, STEP, ("sumary:",), ("Bedoelde je 'summary'?",)),
    "wrong-phase": Mistake(wrong_phase, STEP, ("phase:",), ("bedoelde je 'during'?",)),
    "date-12-03-2027": Mistake(dutch_date_order, JOURNEY, ("date:",), ("bedoel je 2027-03-12?",)),
    "missing-alt-text": Mistake(missing_alt_text, JOURNEY, ("image:",), ("image_alt",)),
    "wrong-story-slug": Mistake(
        wrong_story_slug,
        "journeys/knie/01-eerste-gesprek.md",
        ("story:",),
        ("bedoelde je 'wilma-fietst'?",),
    ),
    "tab-in-yaml": Mistake(tab_in_yaml, STEP, ("\twhen:",), ("tab",)),
    "colon-in-a-value": Mistake(colon_in_a_value, STEP, ("summary:",), ("aanhalingstekens",)),
    "wrong-indentation": Mistake(wrong_indentation, STORY, ("given:",), ("springt",)),
    "Facebook-in-channels": Mistake(
        capital_channel, STORY, ("channels:",), ("bedoelde je 'facebook'?",)
    ),
    "broken-body-link": Mistake(
        broken_body_link, STEP, ("Lees ook",), ("Bedoelde je '03-thuis.md'?",)
    ),
    "missing-body-image": Mistake(
        missing_body_image, STEP, ("![De operatiezaal]",), ("Bedoelde je 'media/zaal.jpg'?",)
    ),
    "two-mistakes-in-one-file": Mistake(
        two_mistakes,
        STEP,
        ("phase:", "sumary:"),
        ("bedoelde je 'during'?", "Bedoelde je 'summary'?"),
    ),
}


def check(project: SiteProject):
    with environment(SOURCE_DATE_EPOCH=str(EPOCH)):
        return collect_findings(project.root / "mkdocs.yml")


def file_line(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project")


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_is_named_in_dutch_with_file_line_and_fix(project, name):
    mistake = MISTAKES[name]
    mistake.make(project)
    found = [
        f for f in check(project) if f.path == mistake.path and f.level in ("error", "warning")
    ]
    ours = [
        f
        for f in found
        if not f.rule.startswith(("tone.", "writing.", "privacy.", "consent.unreadable"))
    ]
    assert all(f.line for f in found), found
    assert len(ours) == len(mistake.lines), ours
    source = project.root / mistake.path
    for finding, start, fix in zip(ours, mistake.lines, mistake.fixes, strict=True):
        expected = file_line(source, start) if start[0] in "\t!L" else line_of(source, start)
        assert finding.line == expected, finding
        assert fix in finding.message, finding
        assert not ENGLISH.search(finding.message), finding
        assert not INTERNAL.search(finding.message), finding
    logged = "\n".join(build(project.root).warnings())
    for finding in ours:
        assert f"{mistake.path}:{finding.line}: " in logged
    assert not ENGLISH.search(logged.replace("Vaktaal", ""))


def test_a_mistake_that_leaves_content_out_ends_the_build_with_a_summary(project):
    typo_in_a_key(project)
    result = build(project.root)
    last = result.messages[-1] if result.messages[-1].level == "WARNING" else None
    warnings = [m for m in result.messages if m.level == "WARNING"]
    assert warnings[-1].text.startswith("reisverhaal: 1 stap niet gepubliceerd door fouten")
    assert STEP in warnings[-1].text
    assert last is None or last is warnings[-1]
    with pytest.raises(Abort):
        build(project.root, strict=True)


def links_to_unpublished_story(project: SiteProject) -> None:
    consent = {"reference": "TF-1", "given": "2026-06-01", "channels": ["newsletter"]}
    project.story("anna", title="Anna", consent=consent)
    link = "[het verhaal van Anna](../../stories/anna/index.md)"
    project.write(STEP, step_text() + f"\nLees {link}.\n")


def nothing_wrong(project: SiteProject) -> None:
    project.write(STEP, step_text() + "\nDaarna lees je [hoe het thuis gaat](03-thuis.md).\n")


SITES = {
    **{name: m.make for name, m in MISTAKES.items()},
    "unpublished-link": links_to_unpublished_story,
    "clean": nothing_wrong,
}


@pytest.mark.parametrize("name", list(SITES))
def test_check_strict_fails_exactly_when_the_strict_build_does(project, name):
    SITES[name](project)
    findings = check(project)
    check_fails = any(f.level in ("error", "warning") for f in findings)
    try:
        build(project.root, strict=True)
        build_fails = False
    except Abort:
        build_fails = True
    assert check_fails == build_fails, [str(f) for f in findings]
    assert build_fails == (name != "clean")


def test_links_to_source_files_reach_the_published_pages(project):
    project.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        body="Daarna volgt [de operatie](02-operatie.md). Lees "
        "[Wilma](../../stories/wilma-fietst/index.md) en [het overzicht](index.md).\n",
    )
    project.story("wilma-fietst", body="Zie [de knie](../../journeys/knie/index.md).\n")
    result = build(project.root, strict=True)
    step = result.page("trajecten/knie/eerste-gesprek/")
    assert '<a href="../operatie/">de operatie</a>' in step
    assert '<a href="../../../verhalen/wilma-fietst/">Wilma</a>' in step
    assert '<a href="../">het overzicht</a>' in step
    assert '<a href="../../trajecten/knie/">de knie</a>' in result.page("verhalen/wilma-fietst/")


def test_a_link_to_an_unpublished_story_keeps_its_text_and_is_a_located_warning(project):
    links_to_unpublished_story(project)
    [finding] = [f for f in check(project) if f.rule == "link.unpublished"]
    assert finding.path == STEP and finding.line == file_line(project.root / STEP, "Lees [")
    result = build(project.root)
    page = result.page("trajecten/knie/operatie/")
    assert "het verhaal van Anna" in page and "verhalen/anna" not in page
    assert any(f"{STEP}:{finding.line}: warning: link" in w for w in result.warnings())


def test_a_body_image_is_published_like_the_other_images(project):
    project.image("journeys/knie/media/zaal.jpg", size=(2400, 1600))
    project.write(STEP, step_text() + "\n![De operatiezaal](media/zaal.jpg)\n")
    result = build(project.root, strict=True)
    assert '<img alt="De operatiezaal" src="../media/zaal.jpg"' in result.page(
        "trajecten/knie/operatie/"
    )
    from PIL import Image

    with Image.open(result.site / "trajecten/knie/media/zaal.jpg") as image:
        assert max(image.size) <= 1600
