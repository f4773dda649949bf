"""Link previews (issue 18): Open Graph and Twitter Card tags on every published page, read
with extruct (the Open Graph and JSON-LD parsers unfurlers and crawlers use), images that
exist at 1200×630, consent for the photo, and JSON-LD (Event, Organization, BreadcrumbList)
that no title can break out of."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import extruct
import html5lib
import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import assume, given
from hypothesis import strategies as st
from markupsafe import escape
from PIL import Image

from conftest import SITE_URL, TODAY, SiteProject, build, consent_meta
from leaks import every_text_in, images_showing, plant_story
from reisverhaal.core.output import journey_uri, page_path, step_uri, story_uri
from reisverhaal.core.settings import Settings, Urls
from reisverhaal.render.link_preview import yaml_json
from reisverhaal.render.page_head import PageFacts, Preview, head
from reisverhaal.render.quotecard import contrast_ratio
from reisverhaal.render.structured_data import script_json, start_date

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "reisverhaal"
MATERIAL_PARTIAL = "partials/javascripts/base.html"
PARTIAL = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE / "theme"))
PARTIAL.filters["url"] = lambda value: value  # as MkDocs' theme environment has it
PARTIAL = PARTIAL.get_template(MATERIAL_PARTIAL)
REQUIRED = (
    "og:type",
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "og:locale",
    "og:site_name",
)
URLS = Urls()
BREAKOUT = "Kom </script><script>document.title='x'</script> naar de dag"


class Slug:
    def __init__(self, slug: str):
        self.slug = slug


def address(uri: str) -> str:
    """A page's path in the built site, from the project's own URL helpers."""
    return page_path(uri)


def journey_page(slug: str) -> str:
    return address(journey_uri(URLS, Slug(slug)))


def step_page(journey: str, step: str) -> str:
    return address(step_uri(URLS, Slug(journey), Slug(step)))


def story_page(slug: str) -> str:
    return address(story_uri(URLS, Slug(slug)))


def extracted(html: str) -> dict:
    return extruct.extract(html, base_url=SITE_URL, syntaxes=["opengraph", "json-ld"])


def open_graph(html: str) -> dict[str, list[str]]:
    """Every Open Graph property of the page, as extruct reads it, with all its values."""
    found: dict[str, list[str]] = {}
    for block in extracted(html)["opengraph"]:
        for key, value in block["properties"]:
            found.setdefault(key, []).append(value)
    return found


def twitter(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html5lib")
    return {
        tag["name"]: tag["content"]
        for tag in soup.find_all("meta", attrs={"name": True})
        if tag["name"].startswith("twitter:")
    }


def json_ld(html: str) -> list[dict]:
    return extracted(html)["json-ld"]


def site_image(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL)


def published_pages(site: Path) -> list[Path]:
    """Every page the theme made (newsletter blocks are e-mail, not pages), and at least
    every page in the sitemap."""
    pages = [
        path
        for path in sorted(site.rglob("*.html"))
        if path.name != "404.html" and 'rel="canonical"' in path.read_text(encoding="utf-8")
    ]
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    listed = {site_image(site, loc.text) / "index.html" for loc in locations}
    assert listed <= set(pages)
    return pages


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small illustrated site, a meeting with a date and a location, a yearly training
    whose first date has passed, a story without photo consent and a hand-written page."""
    project = SiteProject.small(tmp_path_factory.mktemp("previews") / "project").illustrate()
    project.journey(
        "inloop",
        kind="meeting",
        title="Inloopavond nieuwe knie",
        summary="Een avond met koffie en uitleg over de nieuwe knie.",
        date=datetime(2027, 3, 4, 19, 30),
        location="Zorgcentrum De Linde, Utrecht",
    )
    project.step("inloop", "01-aanmelden.md", title="Aanmelden")
    project.journey(
        "valtraining",
        kind="training",
        title="Valtraining",
        summary="Leer hoe je minder snel valt.",
        date=datetime(2025, 10, 2, 10, 0),
        repeat="yearly",
    )
    project.step("valtraining", "01-oefenen.md", title="Oefenen")
    project.image("stories/joop-zonder-foto/joop.jpg", color=(250, 200, 0))
    project.story(
        "joop-zonder-foto",
        title="Joop loopt weer",
        person="Joop",
        image="joop.jpg",
        image_alt="Joop in de tuin.",
        consent=consent_meta(photo=False, channels=["website"]),
    )
    project.write("docs/over.md", "# Over ons\n\nWie we zijn en wat we doen.\n")
    return build(project.root, strict=False)


def test_every_published_page_has_complete_tags_and_an_image_that_exists(built):
    pages = published_pages(built.site)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        found = open_graph(html)
        name = path.relative_to(built.site).as_posix()
        for key in REQUIRED:
            assert len(found.get(key, [])) == 1 and found[key][0].strip(), (name, key)
        assert found["og:locale"] == ["nl_NL"]
        assert found["og:site_name"] == ["Zorggroep Test"]
        canonical = BeautifulSoup(html, "html5lib").find("link", rel="canonical")["href"]
        assert found["og:url"] == [canonical], name
        assert (found["og:image:width"], found["og:image:height"]) == (["1200"], ["630"])
        image = site_image(built.site, found["og:image"][0])
        with Image.open(image) as opened:
            assert opened.size == (1200, 630), name
        cards = twitter(html)
        assert cards["twitter:card"] == "summary_large_image"
        assert cards["twitter:image"] == found["og:image"][0]
        assert cards["twitter:title"] == found["og:title"][0]


def test_pages_show_their_own_photo_or_a_card_with_their_title(built):
    step = open_graph(built.page(step_page("knie", "eerste-gesprek")))
    assert step["og:title"] == ["Het eerste gesprek"]
    assert step["og:image"][0].endswith(".jpg")
    assert step["og:image:alt"] == ["Een arts praat met een vrouw."]
    with Image.open(site_image(built.site, step["og:image"][0])) as photo:
        red, green, blue = photo.convert("RGB").resize((1, 1)).getpixel((0, 0))
    assert blue > 150 > red  # the step's own blue photo, not the journey's green one
    meeting = open_graph(built.page(step_page("inloop", "aanmelden")))
    assert meeting["og:image"][0].endswith(".png")
    assert meeting["og:image:alt"] == ["Aanmelden — Zorggroep Test"]


def test_a_hand_written_page_gets_tags_and_the_site_card(built):
    found = open_graph(built.page("over/"))
    assert found["og:title"] == ["Over ons"]
    assert found["og:image"] == [f"{SITE_URL}social/site.png"]
    assert found["og:type"] == ["article"]


def test_the_home_page_names_the_organisation(built):
    html = built.page("")
    assert open_graph(html)["og:type"] == ["website"]
    (organisation,) = [block for block in json_ld(html) if block["@type"] == "Organization"]
    assert organisation["name"] == "Zorggroep Test"
    assert organisation["url"] == SITE_URL
    assert "logo" not in organisation  # the site has no logo


def test_the_organisation_s_logo_is_the_brand_logo(tmp_path):
    project = SiteProject.small(tmp_path / "project", brand={"logo": "templates/logo.png"})
    project.image("templates/logo.png", size=(200, 200), fmt="PNG")
    result = build(project.root)
    (organisation,) = [b for b in json_ld(result.page("")) if b["@type"] == "Organization"]
    with Image.open(site_image(result.site, organisation["logo"])) as logo:
        assert logo.format == "PNG"


def test_a_story_photo_shows_only_with_photo_consent(built):
    with_consent = open_graph(built.page(story_page("wilma-fietst")))
    assert with_consent["og:image"][0].endswith(".jpg")
    assert with_consent["og:image:alt"] == ["Wilma op haar fiets."]
    without = open_graph(built.page(story_page("joop-zonder-foto")))
    assert without["og:image"][0].endswith(".png")
    assert "tuin" not in " ".join(without["og:image:alt"])
    assert images_showing(built.site) == []  # Joop's yellow photo nowhere


def test_a_meeting_with_a_date_is_an_event(built):
    (event,) = [b for b in json_ld(built.page(journey_page("inloop"))) if b["@type"] == "Event"]
    assert event["name"] == "Inloopavond nieuwe knie"
    assert event["startDate"] == "2027-03-04T19:30:00+01:00"
    assert datetime.fromisoformat(event["startDate"]).utcoffset() is not None
    assert event["location"]["name"] == "Zorgcentrum De Linde, Utrecht"
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "Zorggroep Test",
        "url": SITE_URL,
    }
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["url"] == SITE_URL + journey_page("inloop")
    treatment = json_ld(built.page(journey_page("knie")))
    assert [b for b in treatment if b["@type"] == "Event"] == []


def test_a_yearly_training_is_an_event_on_its_next_date(built):
    (event,) = [
        b for b in json_ld(built.page(journey_page("valtraining"))) if b["@type"] == "Event"
    ]
    start = datetime.fromisoformat(event["startDate"])
    assert start.date() >= TODAY
    assert (start.month, start.day, start.hour) == (10, 2, 10)
    assert start.utcoffset().total_seconds() == 7200  # summer time in October


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2027, 3, 27, 19, 30), "2027-03-27T19:30:00+01:00"),  # winter time
        (datetime(2027, 3, 28, 19, 30), "2027-03-28T19:30:00+02:00"),  # summer time
        (datetime(2027, 3, 28, 2, 30), "2027-03-28T03:30:00+02:00"),  # skipped hour: later
        (date(2027, 10, 31), "2027-10-31"),  # a day without a time has no offset
    ],
)
def test_an_event_starts_with_the_offset_of_its_day(when, expected):
    assert start_date(when, "Europe/Amsterdam") == expected


def test_steps_have_breadcrumbs(built):
    (trail,) = [
        b
        for b in json_ld(built.page(step_page("knie", "operatie")))
        if b["@type"] == "BreadcrumbList"
    ]
    items = sorted(trail["itemListElement"], key=lambda item: item["position"])
    assert [item["name"] for item in items] == ["Zorggroep Test", "Je nieuwe knie", "De operatie"]
    assert items[-1]["item"] == SITE_URL + step_page("knie", "operatie")


def test_a_title_with_a_script_end_tag_stays_text(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    project.journey("knie", kind="meeting", title=BREAKOUT, date=datetime(2027, 5, 1, 14, 0))
    result = build(project.root)
    html = result.page(journey_page("knie"))
    soup = BeautifulSoup(html, "html5lib")
    scripts = soup.find_all("script", type="application/ld+json")
    assert [json.loads(s.string)["name"] for s in scripts if "Event" in s.string] == [BREAKOUT]
    assert all(
        "document.title" not in (s.string or "")
        for s in soup.find_all("script", src=None)
        if s.get("type") != "application/ld+json"
    )
    assert open_graph(html)["og:title"] == [BREAKOUT]


@given(st.text())
def test_script_json_cannot_end_its_script(text):
    assume(text)
    document = f'<script type="application/ld+json">{script_json({"name": text})}</script>'
    tree = html5lib.parse(document, namespaceHTMLElements=False)
    scripts = tree.findall(".//script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text)["name"] == text


ANY_CHARACTER = st.characters(codec=None, categories=None)
"""Surrogate halves and control characters too: a title read from YAML can hold them."""


@given(st.text(ANY_CHARACTER), st.text(ANY_CHARACTER))
def test_a_preview_reads_back_from_front_matter_exactly(title, alt):
    """The preview's line of front matter, as MkDocs reads it back: the same values, on one
    line, so that no text can end the front matter (a line `---`)."""
    data = {"image_alt": alt, "json_ld": [{"name": title, "position": 2}]}
    line = yaml_json(data)
    assert "\n" not in line and "\r" not in line
    assert yaml.safe_load(f"link_preview: {line}\n") == {"link_preview": data}


PRINTED = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1)


@given(title=PRINTED, summary=PRINTED, alt=PRINTED)
def test_any_title_summary_and_alt_text_reach_the_tags_as_text(title, summary, alt):
    """The partial as MkDocs renders it (no autoescape), read back by extruct: whatever an
    editor writes is the tag's text, as the theme shows it (white space as one space)."""
    assume(title.strip() and summary.strip() and alt.strip())
    settings = Settings(Path("."), SITE_URL, "Zorggroep Test", TODAY)
    stored = Preview("social/x.png", alt, json_ld=({"name": title},)).plain()
    facts = PageFacts(
        title=str(escape(title)),  # our pages' front matter is escaped for the theme
        description=str(escape(summary)),
        canonical_url=SITE_URL + "x/",
        is_homepage=False,
        site_name="Zorggroep Test",
        site_description=None,
    )
    html = PARTIAL.render(
        config={"extra": {}}, base_url=".", reisverhaal_head=head(stored, facts, settings)
    )
    found = open_graph(f"<html><head>{html}</head><body></body></html>")
    assert found["og:title"] == [" ".join(title.split())]
    assert found["og:description"] == [" ".join(summary.split())]
    assert found["og:image:alt"] == [alt]
    (block,) = json_ld(f"<html><head>{html}</head></html>")
    assert block == {"name": title}


def test_a_withdrawn_story_leaves_no_preview(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    plant_story(project, "weg", "Plantwoord", withdrawn=date(2026, 12, 1))
    result = build(project.root)
    assert images_showing(result.site) == []
    texts = every_text_in(result.site)
    assert [name for name, text in texts.items() if "plantwoord" in text.lower()] == []
    assert not any(name.startswith("social/verhalen/weg") for name in texts)


def test_the_partial_keeps_materials_line():
    import material

    theirs = Path(material.__file__).parent / "templates" / MATERIAL_PARTIAL
    ours = (PACKAGE / "theme" / MATERIAL_PARTIAL).read_text(encoding="utf-8")
    line = theirs.read_text(encoding="utf-8").strip().splitlines()[-1]
    assert line.startswith("<script>") and line in ours.splitlines()


def test_images_open(built):
    """Every preview image is a real image of the stated size (PNG cards, JPEG photos)."""
    for path in sorted((built.site / "social").rglob("*.*")):
        with Image.open(io.BytesIO(path.read_bytes())) as opened:
            assert opened.size == (1200, 630)
            assert opened.format == ("PNG" if path.suffix == ".png" else "JPEG")
            if opened.format == "PNG":  # a title card: its text reads well on its colour
                card = opened.convert("RGB")
                background = card.getpixel((0, 0))
                colours = [colour for _, colour in card.getcolors(1200 * 630)]
                text = max(colours, key=lambda colour: contrast_ratio(colour, background))
                assert contrast_ratio(text, background) >= 4.5, path
