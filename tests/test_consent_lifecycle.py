"""A story's consent from signature to takedown, end to end (issue 20), with real
`mkdocs build` runs on the days each stage happens (SOURCE_DATE_EPOCH moves "today"):

form printed → consent filled in → published on its channels → reminder 60 days before
expiry → withdrawn with the command → takedown list → posts marked removed → warning gone;
the register at each stage; nothing of the register or the reminder calendar published; a
minor without a guardian withheld with a clear error.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from conftest import SiteProject, build, consent_meta, environment, line_of
from reisverhaal.cli import main
from reisverhaal.core.output import page_path, story_uri
from reisverhaal.core.settings import Urls

REFERENCE = "TF-2026-777"
STORY = "wilma-fietst"
STORY_FILE = f"stories/{STORY}/index.md"
STORY_PAGE = page_path(story_uri(Urls(), SimpleNamespace(slug=STORY)))
CHANNELS = ["website", "facebook", "x"]


def epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp())


def cli(root: Path, day: date, *args: str) -> int:
    with environment(SOURCE_DATE_EPOCH=str(epoch(day)), NO_MKDOCS_2_WARNING="1"):
        return main(["-f", str(root / "mkdocs.yml"), *args])


def register(root: Path, day: date, folder: Path) -> dict:
    """The register on `day`, written outside the site, as the row of the story."""
    output = folder / f"register-{len(list(folder.glob('*.csv')))}-{day.isoformat()}.csv"
    assert cli(root, day, "consent", "register", "--output", str(output)) == 0
    rows = json.loads(output.with_suffix(".json").read_text(encoding="utf-8"))
    return next(row for row in rows if row["story"] == STORY)


def site_text(site: Path) -> str:
    """Every text file of the built site, as one string (for what must never be in it)."""
    parts = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".ics", ".csv", ".txt"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def nothing_private_published(site: Path, private: Path) -> None:
    names = {path.name for path in site.rglob("*")}
    assert not any(name.startswith(("register", "toestemmingen")) for name in names)
    text = site_text(site)
    assert REFERENCE not in text  # the register and the calendar name the form; the site never
    assert "Toestemming verlengen" not in text
    for path in private.iterdir():
        assert path.name not in names


def takedown_warnings(result) -> list[str]:
    return [text for text in result.warnings() if "(consent.takedown)" in text]


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    project = SiteProject.small(tmp_path / "project")
    # The first step (quoting the story) goes out on 2027-01-10, 14 days before the treatment.
    project.journey("knie", date="2027-01-24")
    return project


def test_a_story_from_signature_to_takedown(site, tmp_path):
    private = tmp_path / "privacy"
    private.mkdir()
    path = site.root / STORY_FILE

    # 1. A new story, no consent yet: the form is printed from it; nothing is published.
    path.write_text(
        "---\ntitle: Wilma fietst weer\nperson: Wilma\nrole: client\n"
        "quote: Na zes weken zat ik weer op de fiets.\n"
        "summary: Wilma kreeg een nieuwe knie en vertelt hoe het ging.\n"
        "journeys: [knie]\n---\nIk was eerst bang.\n",
        encoding="utf-8",
    )
    day = date(2026, 11, 20)
    form = private / "formulier.html"
    assert cli(site.root, day, "consent", "form", STORY, "-o", str(form)) == 0
    soup = BeautifulSoup(form.read_text(encoding="utf-8"), "html.parser")
    assert "Na zes weken zat ik weer op de fiets." in soup.get_text()
    assert not [li for li in soup.select("li[data-channel]") if "✓" in li.get_text()]
    result = build(site.root, epoch=epoch(day))
    assert not (result.site / STORY_PAGE).exists()
    status = register(site.root, day, private)["status"]
    assert status == "geen toestemming in het bestand: telt als ingetrokken"
    nothing_private_published(result.site, private)

    # 2. Signed on 2026-12-01 for four months on three channels: published, no reminder yet.
    site.story(
        STORY,
        consent=consent_meta(
            reference=REFERENCE,
            given=date(2026, 12, 1),
            expires=date(2027, 4, 1),
            channels=CHANNELS,
        ),
    )
    day = date(2026, 12, 15)
    result = build(site.root, epoch=epoch(day), strict=True)
    assert "Na zes weken zat ik" in (result.site / STORY_PAGE / "index.html").read_text(
        encoding="utf-8"
    )
    row = register(site.root, day, private)
    assert (row["status"], row["reference"], row["posts_out"]) == ("geldig", REFERENCE, {})
    assert row["days_left"] == (date(2027, 4, 1) - day).days
    nothing_private_published(result.site, private)

    # 3. The posts went out; 59 days before expiry the build reminds to ask for renewal.
    day = date(2027, 2, 1)
    result = build(site.root, epoch=epoch(day))
    [reminder] = [text for text in result.warnings() if "(consent.renew)" in text]
    assert STORY_FILE in reminder and REFERENCE in reminder and "2027-04-01" in reminder
    with pytest.raises(Abort):
        build(site.root, epoch=epoch(day), strict=True)
    calendar = private / "toestemmingen.ics"
    assert cli(site.root, day, "consent", "calendar", "--output", str(calendar)) == 0
    assert b"DTSTART;VALUE=DATE:20270131" in calendar.read_bytes()
    row = register(site.root, day, private)
    assert row["posts_out"] == {"facebook": 1, "x": 1} and row["days_left"] == 59
    nothing_private_published(result.site, private)

    # 4. Withdrawn with the command on 2027-02-03: only the front matter's withdrawal changes,
    #    and the command says what to take down, with links.
    day = date(2027, 2, 3)
    before = path.read_bytes()
    assert cli(site.root, day, "consent", "withdraw", STORY) == 0
    assert path.read_bytes().replace(b"  withdrawn: 2027-02-03\n", b"") == before
    result = build(site.root, epoch=epoch(day))
    assert not (result.site / STORY_PAGE).exists()
    [warning] = takedown_warnings(result)
    assert "knie/eerste-gesprek/facebook (geplaatst 2027-01-10" in warning
    assert "knie/eerste-gesprek/x (geplaatst 2027-01-10" in warning
    assert "te laat sinds 2027-02-03: 0 dagen" in warning
    records = json.loads((result.site / "deelkit/takedown.json").read_text(encoding="utf-8"))
    assert sorted(r["post"] for r in records) == [
        "knie/eerste-gesprek/facebook",
        "knie/eerste-gesprek/x",
    ]
    row = register(site.root, day, private)
    assert (row["status"], row["withdrawn"]) == ("ingetrokken", "2027-02-03")
    assert row["still_to_take_down"] == ["knie/eerste-gesprek/facebook", "knie/eerste-gesprek/x"]
    nothing_private_published(result.site, private)

    # 5. Facebook's post removed on 2027-02-04: the list shows only X's, overdue since the 3rd.
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "---\nIk was eerst bang.",
        "takedown_done:\n- {post: knie/eerste-gesprek/facebook, removed: 2027-02-04}\n"
        "---\nIk was eerst bang.",
    )
    path.write_text(text, encoding="utf-8")
    day = date(2027, 2, 6)
    result = build(site.root, epoch=epoch(day))
    [warning] = takedown_warnings(result)
    assert "facebook (geplaatst" not in warning
    assert "knie/eerste-gesprek/x (geplaatst 2027-01-10, te laat sinds 2027-02-03: 3 dagen)" in (
        warning
    )
    assert register(site.root, day, private)["still_to_take_down"] == ["knie/eerste-gesprek/x"]

    # 6. X's post removed too: the warning is gone, the list is empty, the register agrees.
    path.write_text(
        text.replace(
            "---\nIk was eerst bang.",
            "- {post: knie/eerste-gesprek/x, removed: 2027-02-06}\n---\nIk was eerst bang.",
        ),
        encoding="utf-8",
    )
    result = build(site.root, epoch=epoch(day), strict=True)
    assert takedown_warnings(result) == []
    assert json.loads((result.site / "deelkit/takedown.json").read_text(encoding="utf-8")) == []
    row = register(site.root, day, private)
    assert row["still_to_take_down"] == [] and row["posts_out"] == {"facebook": 1, "x": 1}
    nothing_private_published(result.site, private)
    assert "Na zes weken zat ik weer op de fiets" not in site_text(result.site)


def test_a_minor_without_a_guardian_is_withheld_with_a_clear_error(site):
    path = site.story(STORY, consent=consent_meta(reference=REFERENCE, birth_year=2014))
    result = build(site.root)
    assert not (result.site / STORY_PAGE).exists()
    [error] = [text for text in result.logged("ERROR") if "guardian" in text]
    assert f"{STORY_FILE}:{line_of(path, 'birth_year:')}" in error
    assert "'consent.guardian' ontbreekt" in error and "guardian: parent" in error
    assert "Na zes weken zat ik weer op de fiets" not in site_text(result.site)
    with pytest.raises(Abort):
        build(site.root, strict=True)
    site.story(STORY, consent=consent_meta(reference=REFERENCE, birth_year=2014, guardian="parent"))
    assert (build(site.root, strict=True).site / STORY_PAGE).exists()
