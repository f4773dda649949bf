"""`reisverhaal consent form <story>`: the printable consent form, filled from the story,
checked as HTML and in Chromium (one A4 page per story, printed)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from browser import chromium, open_page, serve
from conftest import EPOCH, SiteProject, build, consent_meta, environment
from reisverhaal.cli import main
from reisverhaal.data import CHANNELS

MM = 96 / 25.4
"""CSS pixels per millimetre."""
A4_PRINTABLE = (210 - 28, 297 - 24)
"""A4 minus the form's page margins (@page: 12 mm top and bottom, 14 mm left and right)."""
LONG_QUOTE = (
    "Ik was eerst heel bang voor de operatie, maar de verpleging legde alles rustig uit en "
    "na zes weken fietste ik weer naar de markt."
)


def make_form(root: Path, slug: str, output: Path) -> BeautifulSoup:
    with environment(SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1"):
        assert (
            main(["-f", str(root / "mkdocs.yml"), "consent", "form", slug, "-o", str(output)]) == 0
        )
    return BeautifulSoup(output.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    project = SiteProject.small(
        tmp_path / "project", consent={"contact": "Ans de Wit, 030 123 45 67"}
    )
    project.image("stories/wilma-fietst/wilma.jpg", size=(1200, 1600))
    project.story(
        "wilma-fietst",
        image="wilma.jpg",
        image_alt="Wilma op haar fiets.",
        quote=LONG_QUOTE,
        consent=consent_meta(channels=["website", "facebook"], photo=True),
    )
    return project


def test_the_form_is_filled_from_the_story(site, tmp_path):
    soup = make_form(site.root, "wilma-fietst", tmp_path / "form.html")
    text = soup.get_text(" ")
    assert "Wilma fietst weer" in text and LONG_QUOTE in text
    assert "Zorggroep Test" in text and "Ans de Wit, 030 123 45 67" in text
    assert "TF-2026-014" in text
    channels = {li["data-channel"]: li for li in soup.select("li[data-channel]")}
    assert list(channels) == [
        "website", "newsletter", "facebook", "instagram", "linkedin", "x", "bluesky", "whatsapp",
    ]  # fmt: skip
    assert "Facebook: iedereen kan het zien en delen." in channels["facebook"].get_text()
    ticked = [key for key, li in channels.items() if "✓" in li.get_text()]
    assert ticked == ["website", "facebook"]
    assert "31 mei 2028" in text  # given 2026-06-01 plus 24 months, the last day written
    assert not soup.select(".rv-form-guardian")
    assert "✓" in soup.select_one(".rv-form-photo").get_text()  # photo: true on the form too


def test_the_photo_is_on_the_form_as_it_will_be_used_without_its_metadata(site, tmp_path):
    soup = make_form(site.root, "wilma-fietst", tmp_path / "form.html")
    img = soup.select_one(".rv-form-story img")
    assert img["alt"] == "Wilma op haar fiets."
    data = base64.b64decode(img["src"].removeprefix("data:image/jpeg;base64,"))
    with Image.open(io.BytesIO(data)) as photo:
        assert max(photo.size) <= 900 and photo.size[1] > photo.size[0]
        assert not photo.getexif()


def test_a_minor_s_form_has_the_guardian_s_lines(site, tmp_path):
    site.story("wilma-fietst", consent=consent_meta(birth_year=2013, guardian="guardian"))
    soup = make_form(site.root, "wilma-fietst", tmp_path / "form.html")
    lines = [line.get_text(" ", strip=True) for line in soup.select(".rv-form-guardian")]
    assert lines == ["Naam voogd", "Handtekening voogd"]


def test_a_story_without_consent_yet_gets_a_blank_form(site, tmp_path):
    site.write(
        "stories/nieuw/index.md",
        "---\ntitle: Een nieuw verhaal\nperson: Joop\nrole: client\n"
        "summary: Joop vertelt.\n---\nTekst.\n",
    )
    soup = make_form(site.root, "nieuw", tmp_path / "form.html")
    assert not [li for li in soup.select("li[data-channel]") if "✓" in li.get_text()]
    assert "24 maanden vanaf de dag dat je tekent" in soup.get_text(" ")
    assert "____________" in soup.get_text()  # the form's number is written by hand


def test_a_pseudonym_is_marked_as_on_the_site(site, tmp_path):
    from reisverhaal.content.model import PSEUDONYM_NOTE

    site.story("wilma-fietst", pseudonym=True)
    soup = make_form(site.root, "wilma-fietst", tmp_path / "form.html")
    assert f"Wilma{PSEUDONYM_NOTE}" in soup.select_one(".rv-form-story").get_text()


def test_front_matter_on_the_form_is_text(site, tmp_path):
    site.story("wilma-fietst", title="<script>alert(1)</script> & {{ 7*7 }}")
    html = tmp_path / "form.html"
    make_form(site.root, "wilma-fietst", html)
    raw = html.read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "&lt;script&gt;" in raw and "{{ 7*7 }}" in raw


# In the browser: one A4 page ---------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def printed_height(browser, folder: Path, name: str) -> float:
    """The form's height in millimetres as Chromium lays it out for print, at the width of
    A4's printable area."""
    with serve(folder) as base_url:
        page = open_page(
            browser,
            base_url + name,
            {"width": round(A4_PRINTABLE[0] * MM), "height": round(A4_PRINTABLE[1] * MM)},
        )
        page.emulate_media(media="print")
        # The bottom of the form's content (the document is at least as tall as the window).
        height = page.evaluate(
            "() => document.querySelector('main').getBoundingClientRect().bottom"
        )
        page.close()
    return height / MM


def test_every_form_prints_on_one_a4_page(browser, site, tmp_path):
    """The fullest form this site can give: every channel, photo, long quote and title, a
    minor with the guardian's lines; and each story of the example site."""
    site.options["channels"] = list(CHANNELS)
    site.write_config()
    site.story(
        "wilma-fietst",
        title="Wilma fietst weer, zes weken na haar nieuwe knie, naar de markt in de stad",
        summary="Wilma kreeg een nieuwe knie. " * 6,
        image="wilma.jpg",
        image_alt="Wilma op haar fiets.",
        quote=LONG_QUOTE,
        consent=consent_meta(channels=list(CHANNELS), photo=True, minor=True, guardian="parent"),
    )
    folder = tmp_path / "forms"
    folder.mkdir()
    make_form(site.root, "wilma-fietst", folder / "vol.html")
    assert printed_height(browser, folder, "vol.html") <= A4_PRINTABLE[1]
    example = Path(__file__).resolve().parents[1]
    for story in sorted((example / "stories").iterdir()):
        make_form(example, story.name, folder / f"{story.name}.html")
        assert printed_height(browser, folder, f"{story.name}.html") <= A4_PRINTABLE[1], story.name


def test_the_page_check_can_fail(browser, site, tmp_path):
    site.story("wilma-fietst", summary="Een hele lange samenvatting. " * 200)
    folder = tmp_path / "forms"
    folder.mkdir()
    make_form(site.root, "wilma-fietst", folder / "lang.html")
    assert printed_height(browser, folder, "lang.html") > A4_PRINTABLE[1]


def pdf_pages(browser, folder: Path, name: str) -> int:
    """The number of pages of the PDF Chromium prints (its page tree's /Count)."""
    with serve(folder) as base_url:
        page = open_page(browser, base_url + name)
        pdf = page.pdf(prefer_css_page_size=True)
        page.close()
    [count] = re.findall(rb"/Type /Pages\s*/Count (\d+)", pdf) or re.findall(rb"/Count (\d+)", pdf)
    return int(count)


def test_the_pdf_chromium_prints_is_one_page_and_a_too_long_one_is_not(browser, site, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    make_form(site.root, "wilma-fietst", folder / "form.html")
    assert pdf_pages(browser, folder, "form.html") == 1
    site.story("wilma-fietst", summary="Een hele lange samenvatting. " * 200)
    make_form(site.root, "wilma-fietst", folder / "lang.html")
    assert pdf_pages(browser, folder, "lang.html") > 1


# From the share kit ------------------------------------------------------------------------


@pytest.mark.parametrize("public", [False, True])
def test_the_internal_share_kit_says_how_to_make_a_consent_form(tmp_path, public):
    project = SiteProject.small(tmp_path / "project", share_kit={"public": public})
    index = (build(project.root).site / "deelkit" / "index.html").read_text(encoding="utf-8")
    text = BeautifulSoup(index, "html.parser").get_text(" ")
    assert ("reisverhaal consent form" in text) is not public


def test_the_form_is_accessible_on_screen(browser, site, tmp_path):
    from browser import axe_violations

    folder = tmp_path / "forms"
    folder.mkdir()
    make_form(site.root, "wilma-fietst", folder / "form.html")
    with serve(folder) as base_url:
        page = open_page(browser, base_url + "form.html")
        assert axe_violations(page) == []
        page.close()


def test_the_form_s_own_words_are_plain_dutch(site, tmp_path):
    """B1 as the project measures it: Flesch-Douma of 60 or more, sentences of at most 15
    words, no passive."""
    from reisverhaal.checks.plain_dutch import flesch_douma, passive

    site.story("wilma-fietst", consent=consent_meta(minor=True, guardian="parent", photo=True))
    soup = make_form(site.root, "wilma-fietst", tmp_path / "form.html")
    for part in soup.select(".rv-form-story, .rv-ref, .rv-form-sign"):
        part.decompose()  # the story's own words, and the lines to fill in
    parts = [el.get_text(" ", strip=True) for el in soup.select("main p, main li, main h2")]
    sentences = [s for part in parts for s in re.split(r"(?<=[.?!])\s+", part) if s]
    assert flesch_douma(" ".join(parts)) >= 60
    assert max(len(sentence.split()) for sentence in sentences) <= 15
    assert [sentence for sentence in sentences if passive(sentence)] == []
