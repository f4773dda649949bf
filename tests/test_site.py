"""Real `mkdocs build` runs of small sites: pages, links, consent leaks, bad input, strict mode,
untouched sources and byte-identical rebuilds."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import material
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from PIL import Image, PngImagePlugin

from conftest import (
    AUDIENCES,
    EPOCH,
    OMIT,
    SITE_URL,
    TODAY,
    SiteProject,
    bomb_png,
    build,
    consent_meta,
    forget_last_build,
    front_matter,
    line_of,
    tree_bytes,
)
from leaks import every_text_in, plant_story
from reisverhaal.core.output import (
    journey_uri,
    journeys_index_uri,
    page_link,
    page_path,
    step_uri,
    stories_index_uri,
    story_uri,
)
from reisverhaal.core.settings import Audience, Settings, Urls
from reisverhaal.pipeline.build import prepare, render_site
from reisverhaal.plugin import NAVIGATION_KEYS, NAVIGATION_PAGE_FACTS, PACKAGE, NavMeta
from reisverhaal.render.brand import brand_css
from reisverhaal.render.quotecard import contrast_ratio

CONTENT = ("journeys", "stories", "docs", "templates", "mkdocs.yml")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def article(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").select_one("article")


def local_targets(page: Path, site: Path) -> list[tuple[str, Path]]:
    """Every site-internal link, stylesheet, script and image on a page, resolved."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if not value or value.startswith(("#", "data:", "mailto:", "tel:", "javascript:")):
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc:
                continue
            path = unquote(parts.path)
            base = site if path.startswith("/") else page.parent
            target = (base / path.lstrip("/")).resolve()
            if value.split("#")[0].split("?")[0].endswith("/") or target.is_dir():
                target = target / "index.html"
            found.append((value, target))
    return found


# The small site


def test_small_site_pages(site_project):
    built = build(site_project.root)
    for uri in (
        "index.html",
        "trajecten/index.html",
        "trajecten/knie/index.html",
        "trajecten/knie/eerste-gesprek/index.html",
        "trajecten/knie/operatie/index.html",
        "trajecten/knie/thuis/index.html",
        "verhalen/index.html",
        "verhalen/wilma-fietst/index.html",
        "themas/zelfstandig-thuis/index.html",
        "doelgroepen/ouderen/index.html",
        "assets/reisverhaal.css",
        "search/search_index.json",
        "sitemap.xml",
    ):
        assert (built.site / uri).is_file(), uri
    assert built.warnings() == []
    soup = BeautifulSoup(built.page("trajecten/knie/"), "html.parser")
    assert soup.html["lang"] == "nl"
    assert soup.title.text.startswith("Je nieuwe knie")


def test_journey_page_shows_the_steps_in_phase_order(site_project):
    built = build(site_project.root)
    page = article(built.page("trajecten/knie/"))
    phases = [h.get_text(strip=True) for h in page.select(".rv-phase__title")]
    assert phases == ["Voor", "Tijdens", "Na"]
    cards = [a.get_text(" ", strip=True) for a in page.select(".rv-step a.rv-step__link")]
    assert cards == [
        "Het eerste gesprek 2 weken vooraf",
        "De operatie op de dag zelf",
        "Weer thuis 3 dagen erna",
    ]
    assert [a["href"] for a in page.select(".rv-step a.rv-step__link")] == [
        "eerste-gesprek/",
        "operatie/",
        "thuis/",
    ]
    assert "Wilma fietst weer" in page.get_text()


def test_step_page_has_its_texts_the_story_quote_and_neighbours(site_project):
    built = build(site_project.root)
    first = article(built.page("trajecten/knie/eerste-gesprek/"))
    assert first.select_one(".rv-crumb a")["href"] == "../"
    quote = first.select_one(".rv-quote")
    assert "Na zes weken zat ik weer op de fiets." in quote.get_text()
    assert quote.select_one("figcaption a")["href"] == "../../../verhalen/wilma-fietst/"
    assert quote.select_one("figcaption a").get_text() == "Lees het verhaal van Wilma"
    # The first step's "previous" is the journey's overview, the last step's "next" too.
    assert [a["href"] for a in first.select(".rv-stepnav a")] == ["../", "../operatie/"]

    during = article(built.page("trajecten/knie/operatie/"))
    box = during.select_one(".admonition.info")
    assert box.select_one(".admonition-title").get_text() == "Wat kun je verwachten?"
    assert "Je slaapt tijdens de operatie." in box.get_text()
    assert [a.get("rel") for a in during.select(".rv-stepnav a")] == [["prev"], ["next"]]
    after = article(built.page("trajecten/knie/thuis/"))
    assert "Na zes weken loop je weer zonder krukken." in after.select_one(".admonition").text


def test_a_step_page_shows_one_pair_of_previous_and_next_links(site_project):
    """Material's footer would add a second pair (to the neighbours in the whole site's
    navigation); on a step page only the step's own pair, within the journey, is shown."""
    theme = {"name": "material", "language": "nl", "features": ["navigation.footer"]}
    site_project.write_config(theme=theme)
    built = build(site_project.root)

    def shown_links(uri: str) -> list[str]:
        soup = BeautifulSoup(built.page(uri), "html.parser")
        links = soup.select(".rv-stepnav a, a.md-footer__link")
        visible = [a for a in links if not a.find_parent(attrs={"hidden": True})]
        return [a.get_text(" ", strip=True) for a in visible]

    assert shown_links("trajecten/knie/operatie/") == [
        "← Vorige stap Het eerste gesprek",
        "Volgende stap → Weer thuis",
    ]
    assert shown_links("trajecten/knie/thuis/") == [
        "← Vorige stap De operatie",
        "Terug naar het overzicht → Je nieuwe knie",
    ]
    assert len(shown_links("trajecten/knie/")) == 2  # other pages keep Material's footer


@pytest.mark.parametrize(
    ("first", "shown", "day"),
    [
        (datetime(2026, 10, 14, 9, 0), "donderdag 14 oktober 2027, 09:00", "2027-10-14"),
        (datetime(2025, 1, 15, 9, 0), "vrijdag 15 januari 2027, 09:00", "2027-01-15"),  # today
        (datetime(2024, 2, 29, 9, 0), "zondag 28 februari 2027, 09:00", "2027-02-28"),
    ],
)
def test_a_yearly_journey_shows_its_next_date_on_its_page_card_and_newsletter(
    site_project, first, shown, day
):
    """The date the calendar plans the posts for, never one already past (TODAY is
    15 January 2027)."""
    site_project.journey("knie", kind="meeting", date=first, repeat="yearly")
    built = build(site_project.root)
    facts = article(built.page("trajecten/knie/")).select_one(".rv-facts").get_text(" ")
    assert f"Wanneer: {shown} (elk jaar)" in " ".join(facts.split())
    card = article(built.page("trajecten/")).get_text(" ")
    assert shown.rsplit(",", 1)[0] in card and str(first.year) not in card
    newsletter = (built.site / "deelkit/knie/newsletter.txt").read_text(encoding="utf-8")
    assert shown in newsletter
    planned = json.loads((built.site / "deelkit/snippets.json").read_text(encoding="utf-8"))
    on_the_day = {r["publish_at"][:10] for r in planned if r["step"] == "operatie"}
    assert on_the_day == {day}  # the step "on the day itself" (when: 0d)


def home_project(root: Path) -> SiteProject:
    """The small site without a home page of its own: a meeting and a training to come, a
    yearly journey whose first date is past, a meeting already held, and stories with and
    without portrait consent or website consent."""
    project = SiteProject.small(root).illustrate()
    (project.root / "docs" / "index.md").unlink()
    project.journey(
        "cafe",
        title="Het mantelzorgcafé",
        kind="meeting",
        date=datetime(2027, 2, 18, 19, 30),
        location="De Linde",
    )
    project.step("cafe", "01-welkom.md", title="Welkom", when="0d")
    project.journey("val", title="Sterk en stabiel", kind="training", date=datetime(2027, 4, 7, 10))
    project.step("val", "01-les.md", title="De eerste les", when="0d")
    project.journey(
        "griep",
        title="De griepprik",
        kind="policy",
        date=datetime(2026, 10, 14, 9),
        repeat="yearly",
    )
    project.step("griep", "01-prik.md", title="De prik", when="0d")
    project.journey("oud", title="Een oude avond", kind="meeting", date=datetime(2026, 11, 1, 19))
    project.step("oud", "01-avond.md", title="De avond", when="0d")
    project.image("stories/zonder-foto/portret.jpg", color=(200, 30, 30))
    project.story(
        "zonder-foto",
        title="Zonder portret",
        image="portret.jpg",
        image_alt="Een man.",
        consent=consent_meta(photo=False, given=date(2026, 12, 1)),
    )
    project.story(
        "niet-op-web", title="Niet op de website", consent=consent_meta(channels=["newsletter"])
    )
    return project


def test_the_home_page_leads_with_what_is_coming_then_photo_cards(tmp_path):
    built = build(home_project(tmp_path / "project").root)
    home = article(built.page(""))
    assert [h2.get_text() for h2 in home.select("h2")] == [
        "Binnenkort",
        "Wat kun je verwachten?",
        "Verhalen",
    ]
    coming = home.select(".rv-cards--coming li")
    assert [li.select_one("a").get_text() for li in coming] == [
        "Het mantelzorgcafé",
        "Sterk en stabiel",
        "De griepprik",
    ]
    assert "donderdag 14 oktober 2027" in coming[2].get_text()  # the next flu shot, not 2026
    cards = home.select(".rv-cards:not(.rv-cards--coming)")
    journeys = {li.select_one("strong a").get_text(): li for li in cards[0].select("li")}
    assert set(journeys) == {
        "Je nieuwe knie",
        "Het mantelzorgcafé",
        "Sterk en stabiel",
        "De griepprik",
        "Een oude avond",
    }
    photo = journeys["Je nieuwe knie"].select_one("img.rv-card__image")
    assert photo["alt"] == "Een knie in verband."
    assert photo["src"] == "trajecten/knie/media/kaart/knie.jpg"  # not the 1600 px page photo
    with Image.open(built.site / photo["src"]) as card:
        assert card.size == (720, 480)  # 3:2 as the card shows it, from 1800×1200
    stories = [li.select_one("strong a").get_text() for li in cards[1].select("li")]
    assert stories == ["Wilma fietst weer", "Zonder portret"]  # with a photo first
    sources = [img["src"] for img in cards[1].select("img")]
    assert sources == ["verhalen/wilma-fietst/kaart/wilma.jpg"]
    with Image.open(built.site / sources[0]) as card:
        assert card.size == (640, 426)  # a 640×480 photo is cut to 3:2, never enlarged
    assert not [m for m in built.messages if "image-upscaled" in m.text and "kaart/" in m.text]
    assert not list(built.site.rglob("portret*.jpg"))  # no portrait consent: nowhere
    assert "Niet op de website" not in built.page("")
    topics = {a.get_text(): a["href"] for a in home.select("p a")}
    assert topics["Zelfstandig thuis"] == "themas/zelfstandig-thuis/"  # journeys by theme
    assert topics["Ouderen"] == "doelgroepen/ouderen/"  # and by audience
    for overview in ("trajecten/", "verhalen/"):
        page = article(built.page(overview))
        images = page.select(".rv-cards img.rv-card__image")
        assert images and all(
            (built.site / overview / img["src"]).resolve().is_file() for img in images
        )


def test_the_brand_logo_is_in_the_header_and_the_favicon_without_its_metadata(site_project):
    logo = Image.new("RGBA", (300, 200), (11, 110, 79, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Geheim Persoon")
    logo.save(site_project.root / "logo.png", pnginfo=info)
    site_project.options["brand"] = {"color": "#ffcc00", "logo": "logo.png"}
    site_project.write_config()
    built = build(site_project.root, strict=True)
    soup = BeautifulSoup(built.page("trajecten/knie/"), "html.parser")
    header = soup.select_one(".md-header__button.md-logo img")
    assert header["alt"] == "Zorggroep Test"
    icon = soup.select_one('link[rel="icon"]')["href"]
    for src, most in ((header["src"], (576, 96)), (icon, (64, 64))):
        path = (built.site / "trajecten/knie" / src).resolve()
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width <= most[0] and image.height <= most[1]
            assert "Author" not in image.info and not image.getexif()
    css = next(built.site.rglob("reisverhaal-brand.css")).read_text(encoding="utf-8")
    header_color = re.search(r"--md-primary-fg-color: (#[0-9a-f]{6});", css)[1]
    assert contrast_ratio(header_color, "#ffffff") >= 4.5  # yellow made dark enough


@given(color=st.tuples(*[st.integers(0, 255)] * 3).map(lambda c: "#{:02x}{:02x}{:02x}".format(*c)))
def test_any_brand_colour_gives_header_and_link_colours_readable_on_white(color):
    css = brand_css(color)
    for name in ("--md-primary-fg-color", "--md-typeset-a-color"):
        value = re.search(rf"{name}: (#[0-9a-f]{{6}});", css)[1]
        assert contrast_ratio(value, "#ffffff") >= 4.5


def test_a_brand_colour_that_is_not_a_colour_never_reaches_the_style_sheet():
    css = brand_css("red; } body { display: none")
    assert "display" not in css and "#0b6e4f" in css


def test_the_404_page_is_dutch_and_links_to_home_journeys_and_stories(site_project):
    built = build(site_project.root)
    soup = BeautifulSoup(built.page("404.html"), "html.parser")
    assert soup.select_one("article h1").get_text() == "Deze pagina bestaat niet (meer)"
    assert "Not found" not in soup.get_text()
    root = urlsplit(SITE_URL).path
    hrefs = [a["href"] for a in soup.select("article a")]
    assert hrefs == [f"{root}.", f"{root}trajecten/", f"{root}verhalen/"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_stylesheet_script_and_image_on_every_page_exists(site_project, directory_urls):
    site_project.write_config(use_directory_urls=directory_urls)
    site_project.image("journeys/knie/media/knie.jpg")
    site_project.journey("knie", image="media/knie.jpg", image_alt="Een knie in verband.")
    built = build(site_project.root)
    broken = [
        (page.relative_to(built.site).as_posix(), value)
        for page in html_files(built.site)
        for value, target in local_targets(page, built.site)
        if not target.is_file()
    ]
    assert broken == []
    assert not any(
        ".md" in value
        for page in html_files(built.site)
        for value, _ in local_targets(page, built.site)
    )


def test_navigation_lists_journeys_with_steps_in_order_and_stories(site_project):
    built = build(site_project.root)
    nav = BeautifulSoup(built.page(""), "html.parser").select_one("nav.md-nav--primary")
    labels = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    journey = labels.index("Je nieuwe knie")
    assert labels[journey + 1 : journey + 4] == ["Het eerste gesprek", "De operatie", "Weer thuis"]
    assert "Wilma fietst weer" in labels


def test_site_url_is_required(empty_project):
    empty_project.write_config(site_url=None)
    with pytest.raises(Abort) as failure:
        build(empty_project.root)
    assert "site_url ontbreekt" in "\n".join(failure.value.__notes__)


def test_site_without_content_folders_builds(empty_project):
    built = build(empty_project.root)
    assert (built.site / "index.html").is_file()
    assert "Er zijn nog geen verhalen." in built.page("verhalen/")
    assert built.warnings() == []


# Consent: nothing of a story without valid consent for the website reaches any file

VALID = "Zonnebloemveld"
LEAKS = {
    "withdrawn": ("Kwartelkoning", {"withdrawn": date(2026, 12, 1)}),
    "expired": ("Zilverreiger", {"given": date(2024, 6, 1), "expires": date(2026, 6, 1)}),
    "not-web": ("Ijsvogelnest", {"channels": ["newsletter", "facebook"]}),
    "default-expiry": ("Grutto", {"given": date(2024, 1, 10)}),
    "not-yet": ("Lepelaar", {"given": date(2027, 6, 1)}),
}


FACEBOOK_OR_NEWSLETTER = re.compile(
    r"^deelkit/(?:snippets\.json|calendar\.ics|knie/index\.html|\w+-facebook\.csv|knie/newsletter)"
)


def test_no_trace_of_stories_without_valid_website_consent(site_project):
    plant_story(site_project, "wilma-fietst", VALID)
    for slug, (phrase, consent) in LEAKS.items():
        plant_story(site_project, f"verhaal-{slug}", phrase, **consent)
    site_project.step("knie", "02-operatie.md", story="verhaal-withdrawn", title="De operatie")
    site_project.step("knie", "03-thuis.md", story="verhaal-not-web", title="Weer thuis")
    built = build(site_project.root)

    texts = every_text_in(built.site)
    assert any(name.startswith("search/search_index.json") for name in texts)
    assert any(name.startswith("sitemap.xml.gz") for name in texts)
    for slug, (phrase, _) in LEAKS.items():
        leaked = [name for name, text in texts.items() if phrase.lower() in text.lower()]
        if slug == "not-web":
            # consent covers the newsletter and Facebook: only their share kit files carry it
            leaked = [name for name in leaked if not FACEBOOK_OR_NEWSLETTER.search(name)]
        assert leaked == [], f"{phrase} found in {leaked}"
    snippets = json.loads(texts["deelkit/snippets.json"])
    quoting = {r["platform"] for r in snippets if "verhaal-not-web" in r["stories"]}
    assert quoting == {"facebook"}
    for slug in LEAKS:
        assert not (built.site / "verhalen" / f"verhaal-{slug}").exists()
    assert [name for name in texts if "portret" in name] == [
        "verhalen/wilma-fietst/kaart/portret.jpg",  # the card's, of the consented story only
        "verhalen/wilma-fietst/portret.jpg",
    ]

    for where in (
        "verhalen/wilma-fietst/index.html",
        "search/search_index.json",
        "verhalen/index.html",
    ):
        assert VALID in texts[where]
    for part in ("Lichaam", "Titel", "Persoon", "Citaat", "Samenvatting", "Foto"):
        assert f"{VALID}{part}" in texts["verhalen/wilma-fietst/index.html"]
    assert f"Citaat {VALID}Citaat." in texts["trajecten/knie/eerste-gesprek/index.html"]
    assert not article(built.page("trajecten/knie/operatie/")).select(".rv-quote")
    assert f"{SITE_URL}verhalen/wilma-fietst/" in texts["sitemap.xml"]


def test_story_photo_only_with_portrait_consent(site_project):
    for slug, photo in (("met-foto", True), ("zonder-foto", False)):
        site_project.image(f"stories/{slug}/portret-{slug}.jpg", color=(200, 30, 30))
        site_project.story(
            slug,
            title=f"Verhaal {slug}",
            image=f"portret-{slug}.jpg",
            image_alt="Een vrouw op een fiets.",
            consent=consent_meta(photo=photo),
        )
    built = build(site_project.root)
    photos = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*.jpg"))
    # The page's photo, its card's and its link preview (1200×630): of the story with portrait
    # consent only.
    assert photos == [
        "social/verhalen/met-foto/index.jpg",
        "verhalen/met-foto/kaart/portret-met-foto.jpg",
        "verhalen/met-foto/portret-met-foto.jpg",
    ]
    assert article(built.page("verhalen/met-foto/")).select_one("img")["alt"] == (
        "Een vrouw op een fiets."
    )
    page = article(built.page("verhalen/zonder-foto/"))
    assert page.select("img") == []
    assert "Een vrouw op een fiets." not in page.get_text()


# Bad input: the broken file is left out with a located message; --strict fails


def break_everything(project: SiteProject) -> dict[str, str]:
    """One broken file for every kind of bad input; returns file → words of its message."""
    project.journey("heup", title="Je nieuwe heup", kleur="rood")
    project.step("heup", "01-gesprek.md", title="Gesprek over je heup")
    project.journey("griep", title="De griepprik", kind="prik")
    project.journey("val", title="Valtraining", date="volgende week")
    project.journey("arm", title="Je gebroken arm", summary=OMIT)
    project.journey("oog", title="Oogoperatie", image="../../secret.jpg", image_alt="x")
    project.journey("oor", title="Gehoortest", image="/etc/hosts", image_alt="x")
    project.journey("neus", title="Neusspray", image="media/neus.jpg", image_alt="x")
    project.write("journeys/voet/media/voet.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.journey("voet", title="Voetzorg", image="media/voet.jpg", image_alt="x")
    corrupt = project.image("journeys/hand/media/hand.jpg", size=(800, 600))
    corrupt.write_bytes(corrupt.read_bytes()[:300])
    project.journey("hand", title="Handtherapie", image="media/hand.jpg", image_alt="x")
    project.write("journeys/rug/media/rug.png", bomb_png(30_000, 30_000))
    project.journey("rug", title="Rugschool", image="media/rug.png", image_alt="x")
    outside = project.root.parent / "buiten.jpg"
    project.image("../buiten.jpg")
    (project.root / "journeys/knie/media").mkdir(parents=True, exist_ok=True)
    (project.root / "journeys/knie/media/link.jpg").symlink_to(outside)
    project.step("knie", "04-controle.md", image="media/link.jpg", image_alt="x")
    project.write(
        "journeys/knie/05-nazorg.md", "---\ntitle: Nazorg\n---\n".encode("cp1252") + b"\x93"
    )
    project.write("journeys/knie/06-kapot.md", "---\ntitle: [Kapot\nphase: after\n---\n")
    project.story("henk", title="Henk", role="buurman")
    return {
        "journeys/heup/index.md": "kleur",
        "journeys/griep/index.md": "treatment",
        "journeys/val/index.md": "2027-03-12",
        "journeys/arm/index.md": "summary",
        "journeys/oog/index.md": "../../secret.jpg",
        "journeys/oor/index.md": "/etc/hosts",
        "journeys/neus/index.md": "media/neus.jpg",
        "journeys/voet/index.md": "SVG",
        "journeys/hand/index.md": "beschadigd",
        "journeys/rug/index.md": "te groot",
        "journeys/knie/04-controle.md": "media/link.jpg",
        "journeys/knie/05-nazorg.md": "UTF-8",
        "journeys/knie/06-kapot.md": "YAML",
        "stories/henk/index.md": "volunteer",
    }


def test_broken_files_are_left_out_and_the_rest_builds(site_project):
    expected = break_everything(site_project)
    built = build(site_project.root)
    errors = built.logged("ERROR")
    for path, words in expected.items():
        messages = [m for m in errors if m.startswith(f"{path}:")]
        assert len(messages) == 1, (path, errors)
        assert words in messages[0], messages[0]
        assert "Traceback" not in messages[0]
    assert len(errors) == len(expected), errors
    for slug in ("heup", "griep", "val", "arm", "oog", "oor", "neus", "voet", "hand", "rug"):
        assert not (built.site / "trajecten" / slug).exists(), slug
    assert not (built.site / "verhalen/henk").exists()
    for uri in ("trajecten/knie/", "trajecten/knie/eerste-gesprek/", "verhalen/wilma-fietst/"):
        assert (built.site / uri / "index.html").is_file()
    assert not (built.site / "trajecten/knie/controle").exists()
    assert not (built.site / "trajecten/knie/nazorg").exists()


def test_strict_build_fails_on_a_broken_file(site_project):
    site_project.journey("griep", title="De griepprik", kind="prik")
    with pytest.raises(Abort, match="strict"):
        build(site_project.root, strict=True)


def test_strict_build_of_a_good_site_passes(site_project):
    built = build(site_project.root, strict=True)
    assert (built.site / "trajecten/knie/index.html").is_file()


def test_withdrawn_story_alone_does_not_fail_strict(site_project):
    plant_story(site_project, "ingetrokken", "Kwartel", withdrawn=date(2026, 12, 1))
    build(site_project.root, strict=True)


@pytest.mark.parametrize(
    ("options", "name", "allowed"),
    [
        ({"kleur": "groen"}, "kleur", "consent_max_months"),
        ({"readability": {"min_scor": 50}}, "readability.min_scor", "min_score"),
        ({"audiences": {"ouderen": {"tijd": "10:00"}}}, "audiences.ouderen.tijd", "post_time"),
    ],
)
def test_unknown_plugin_option_is_an_error_naming_it_and_what_is_allowed(
    site_project, options, name, allowed
):
    site_project.options.update(options)
    site_project.write_config()
    with pytest.raises(Abort) as failure:
        build(site_project.root)
    notes = "\n".join(failure.value.__notes__)
    assert f"option '{name}': onbekende optie; toegestaan:" in notes
    assert allowed in notes
    assert [note for note in failure.value.__notes__ if note.startswith("WARNING")] == []


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("timezone", "Europe/Utreg", ["timezone", "onbekende tijdzone", "Europe/Amsterdam"]),
        ("brand", {"logo": "templates/brand/weg.png"}, ["brand", "weg.png", "bestaat niet"]),
        ("urls", {"journeys": "/Trajecten/"}, ["urls", "'/Trajecten/'", "kleine letters"]),
        ("urls", {"stories": "deelkit"}, ["urls", "'deelkit'", "andere naam"]),
        ("urls", {"journeys": "zorg", "stories": "zorg"}, ["urls", "ander adres"]),
    ],
)
def test_bad_plugin_option_names_the_option_and_the_fix(site_project, option, value, words):
    site_project.options[option] = value
    site_project.write_config()
    with pytest.raises(Abort) as failure:
        build(site_project.root)
    notes = "\n".join(failure.value.__notes__)
    assert all(word in notes for word in words), notes


@pytest.mark.parametrize(
    "urls", [Urls(), Urls("journeys", "stories"), Urls("zorgpaden", "ervaringen")], ids=str
)
def test_page_addresses_follow_the_urls_option_everywhere(site_project, urls):
    """Pages, navigation, overviews, posts and newsletters all use the prefixes of `urls`;
    the content folders stay journeys/ and stories/ (SPEC §4)."""
    site_project.options["urls"] = {"journeys": urls.journeys, "stories": urls.stories}
    site_project.write_config()
    site_project.write(f"docs/{urls.stories}/eigen.md", "# Eigen pagina\n")
    built = build(site_project.root)
    knie, wilma = SimpleNamespace(slug="knie"), SimpleNamespace(slug="wilma-fietst")
    intake = SimpleNamespace(slug="eerste-gesprek")
    pages = [journey_uri(urls, knie), step_uri(urls, knie, intake), story_uri(urls, wilma)]
    pages += [journeys_index_uri(urls), stories_index_uri(urls)]
    assert [
        uri for uri in pages if not (built.site / page_path(uri) / "index.html").is_file()
    ] == []
    other = {"trajecten", "verhalen", "journeys", "stories", "zorgpaden", "ervaringen"}
    other -= {urls.journeys, urls.stories}
    assert [name for name in other if (built.site / name).exists()] == []
    assert any(f"docs/{urls.stories}/eigen.md" in m for m in built.logged("ERROR"))
    assert not (built.site / urls.stories / "eigen").exists()

    snippets = json.loads((built.site / "deelkit" / "snippets.json").read_text(encoding="utf-8"))
    newsletter = (built.site / "deelkit" / "knie" / "newsletter.html").read_text(encoding="utf-8")
    links = {urlsplit(record["link"]).path for record in snippets if record["link"]}
    links |= {
        urlsplit(a["href"]).path
        for a in BeautifulSoup(newsletter, "html.parser").select("a[href]")
        if a["href"].startswith(SITE_URL)
    }
    site_path = urlsplit(SITE_URL).path
    assert f"{site_path}{page_path(step_uri(urls, knie, intake))}" in links
    assert f"{site_path}{page_path(story_uri(urls, wilma))}" in links
    assert all(
        link.startswith(f"{site_path}{urls.journeys}/")
        for link in links - {f"{site_path}{page_path(story_uri(urls, wilma))}"}
    ), links
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}{page_path(journey_uri(urls, knie))}" in sitemap
    assert f'href="{site_path}{urls.stories}/"' in built.page("404.html")
    for page in html_files(built.site):
        assert [v for v, target in local_targets(page, built.site) if not target.exists()] == []


def test_writing_checks_are_build_warnings_and_fail_strict(site_project):
    site_project.step(
        "knie",
        "02-operatie.md",
        title="De operatie",
        phase="during",
        # Two jargon terms: one alone on a page is advice (info), two are warnings.
        summary="Je krijgt de medicijnen intraveneus na de artroscopie. Bel Wilma op 06-12345678.",
    )
    built = build(site_project.root)
    warnings = "\n".join(built.warnings())
    path = "journeys/knie/02-operatie.md"
    line = line_of(site_project.root / path, "summary:")
    assert f"{path}:{line}: warning: Vaktaal 'intraveneus'" in warnings
    assert "via het infuus" in warnings and "(tone.jargon)" in warnings
    assert "(privacy.phone)" in warnings and "06-12345678" not in warnings
    with pytest.raises(Abort):
        build(site_project.root, strict=True)


# Sources untouched, builds reproducible


def test_a_build_leaves_the_content_folders_byte_identical(site_project):
    site_project.illustrate()
    break_everything(site_project)
    root = site_project.root

    def snapshot() -> dict:
        found = {}
        for name in CONTENT:
            path = root / name
            paths = [path] if path.is_file() else sorted(path.rglob("*"))
            for item in paths:
                data = item.read_bytes() if item.is_file() and not item.is_symlink() else None
                found[item.relative_to(root).as_posix()] = (data, item.lstat().st_mtime_ns)
        return found

    before = snapshot()
    build(root)
    build(root)
    assert snapshot() == before


def test_two_builds_are_byte_identical(site_project, tmp_path):
    site_project.illustrate()
    first = tree_bytes(build(site_project.root, site_dir=tmp_path / "eerste").site)
    second = tree_bytes(build(site_project.root, site_dir=tmp_path / "tweede").site)
    elsewhere = tmp_path / "elders" / "project"
    shutil.copytree(
        site_project.root, elsewhere, symlinks=True, ignore=shutil.ignore_patterns(".cache")
    )
    third = tree_bytes(build(elsewhere, site_dir=tmp_path / "derde").site)

    assert "sitemap.xml.gz" in first and "search/search_index.json" in first
    assert any(name.endswith(".jpg") for name in first)
    for other in (second, third):
        assert sorted(other) == sorted(first)
        differing = [name for name in first if first[name] != other[name]]
        assert differing == []
    assert str(site_project.root).encode() not in b"".join(first.values())
    assert str(tmp_path).encode() not in b"".join(first.values())


def test_builds_at_other_hours_of_the_same_day_are_byte_identical(site_project, tmp_path):
    """EPOCH is 13:00 in Amsterdam; 20:30 is after the small site's posts of that day, if any.
    The evening build runs the whole pipeline: the stored result is keyed by the day only, and
    this is what makes that right."""
    first = tree_bytes(build(site_project.root, site_dir=tmp_path / "a").site)
    forget_last_build(site_project.root)
    evening = tree_bytes(
        build(site_project.root, site_dir=tmp_path / "b", epoch=EPOCH + 27000).site
    )
    assert [name for name in first if first[name] != evening.get(name)] == []


def test_rebuild_on_another_day_changes_only_dated_files(site_project, tmp_path):
    first = tree_bytes(build(site_project.root, site_dir=tmp_path / "a").site)
    later = tree_bytes(build(site_project.root, site_dir=tmp_path / "b", epoch=EPOCH + 86400).site)
    differing = {name for name in first if first[name] != later[name]}
    dated = {"deelkit/calendar.ics", "deelkit/kalender/index.html"}
    assert differing <= {"sitemap.xml", "sitemap.xml.gz", *dated}


def test_search_index_is_valid_json_with_our_pages(site_project):
    built = build(site_project.root)
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert {
        "trajecten/knie/",
        "trajecten/knie/eerste-gesprek/",
        "verhalen/wilma-fietst/",
    } <= locations


# Random but well-formed front matter goes through the whole pipeline without a traceback

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40)
offsets = st.integers(min_value=-400, max_value=400).map(lambda n: f"{n:+d}d") | st.sampled_from(
    ["0d", "-2w", "+2h"]
)
when = (
    st.none()
    | st.dates(date(1990, 1, 1), date(2100, 1, 1))
    | st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1))
)


@st.composite
def projects(draw) -> dict:
    journey = {
        "title": draw(texts),
        "kind": draw(st.sampled_from(["treatment", "meeting", "training", "policy"])),
        "summary": draw(texts),
        "date": draw(when),
        "location": draw(st.none() | texts),
        "themes": draw(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), max_size=2)),
        "audiences": draw(st.lists(st.sampled_from(["ouderen", "mantelzorgers"]), unique=True)),
        "cta": draw(st.none() | texts),
    }
    steps = [
        {
            "title": draw(texts),
            "phase": draw(st.sampled_from(["before", "during", "after"])),
            "when": draw(st.none() | offsets),
            "summary": draw(texts),
            "expect": draw(st.none() | texts),
            "prepare": draw(st.none() | texts),
            "outcome": draw(st.none() | texts),
            "story": draw(st.none() | st.just("s")),
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    given_on = draw(st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    story = {
        "title": draw(texts),
        "person": draw(texts),
        "pseudonym": draw(st.booleans()),
        "role": draw(st.sampled_from(["client", "family", "staff", "volunteer"])),
        "quote": draw(st.none() | texts),
        "summary": draw(texts),
        "journeys": ["j"],
        "consent": {
            "reference": draw(texts),
            "given": given_on,
            "expires": draw(st.none() | st.dates(given_on, date(2035, 1, 1))),
            "channels": draw(st.lists(st.sampled_from(["website", "newsletter", "x"]), min_size=1)),
            "withdrawn": draw(st.none() | st.dates(given_on, date(2035, 1, 1))),
        },
    }
    return {"journey": journey, "steps": steps, "story": story, "body": draw(texts)}


def clean(meta: dict) -> dict:
    return {key: value for key, value in meta.items() if value is not None}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=projects())
def test_random_front_matter_renders_without_a_traceback(tmp_path_factory, drawn):
    root = tmp_path_factory.mktemp("pipeline") / "project"
    project = SiteProject(root)
    body = drawn["body"] + "\n"
    project.write("journeys/j/index.md", front_matter(clean(drawn["journey"]), body))
    for number, step in enumerate(drawn["steps"], start=1):
        project.write(f"journeys/j/{number:02d}-s{number}.md", front_matter(clean(step), body))
    story = {**clean(drawn["story"]), "consent": clean(drawn["story"]["consent"])}
    project.write("stories/s/index.md", front_matter(story, body))
    settings_ = Settings(
        root=root.resolve(),
        site_url=SITE_URL,
        organisation="Zorggroep Test",
        today=TODAY,
        audiences={
            key: Audience(key, value["label"], value["post_time"])
            for key, value in AUDIENCES.items()
        },
        cache_dir=root / ".cache",
    )
    prepared = prepare(settings_)
    site = render_site(prepared)
    for finding in [*prepared.findings, *site.findings]:
        assert finding.message and "Traceback" not in finding.message
    event("journey loaded" if prepared.content.journeys else "journey refused")
    if prepared.content.journeys:
        uris = {output.uri for output in site.outputs}
        assert "trajecten/j/index.md" in uris
        shown = prepared.gate.allows("s", "website")
        assert ("verhalen/s/index.md" in uris) is shown


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(
    "uri", ["journeys/knie/index.md", "journeys/knie/eerste-gesprek.md", "stories/wilma/index.md"]
)
def test_page_path_is_where_mkdocs_publishes_the_page(uri, directory_urls):
    published = File(uri, "docs", "site", use_directory_urls=directory_urls)
    assert page_path(uri, directory_urls) == published.url


PAGE_URIS = st.lists(st.sampled_from(["journeys", "knie", "stories", "a-b", "x"]), max_size=3).map(
    "/".join
)


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(PAGE_URIS, st.sampled_from(["index", "eerste-gesprek"])),
    st.tuples(PAGE_URIS, st.sampled_from(["index", "thuis", "knie"])),
    st.booleans(),
)
def test_page_link_is_the_link_mkdocs_writes_between_pages(here, there, directory_urls):
    """Raw HTML blocks skip MkDocs' link rewriting; `page_link` writes what MkDocs would."""
    here_uri, there_uri = (
        "/".join(filter(None, [folder, f"{name}.md"])) for folder, name in (here, there)
    )
    page = File(here_uri, "docs", "site", use_directory_urls=directory_urls)
    target = File(there_uri, "docs", "site", use_directory_urls=directory_urls)
    expected = get_relative_url(target.url, page.url)
    assert page_link(here_uri, there_uri, directory_urls) == expected


def test_links_from_outside_the_site_reach_pages_without_directory_urls(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    project.write_config(use_directory_urls=False)
    built = build(project.root)
    snippets = json.loads((built.site / "deelkit" / "snippets.json").read_text(encoding="utf-8"))
    newsletter = (built.site / "deelkit" / "knie" / "newsletter.html").read_text(encoding="utf-8")
    links = {record["link"] for record in snippets if record["link"]}
    links |= {a["href"] for a in BeautifulSoup(newsletter, "html.parser").select("a[href]")}
    pages = {link for link in links if link.startswith(SITE_URL)}
    assert any(".html?" in link for link in pages)
    for link in pages:
        path = unquote(urlsplit(link).path).removeprefix(urlsplit(SITE_URL).path)
        assert (built.site / path).is_file(), link


def test_a_site_without_a_home_page_gets_one_listing_what_may_be_shown(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    (project.root / "docs" / "index.md").unlink()
    project.story(
        "piet-zonder-toestemming",
        title="Piet vertelt",
        consent=consent_meta(channels=["newsletter"]),
    )
    built = build(project.root, strict=True)
    home = BeautifulSoup(built.page(""), "html.parser")
    article = home.select_one("article")
    assert article.h1.get_text(strip=True) == "Welkom bij Zorggroep Test"
    links = {a.get_text(strip=True): a["href"] for a in article.select("a[href]")}
    assert links["Je nieuwe knie"] == "trajecten/knie/"
    assert links["Wilma fietst weer"] == "verhalen/wilma-fietst/"
    assert "Piet vertelt" not in built.page("")
    first = home.select_one(".md-nav--primary .md-nav__list .md-nav__link")
    assert first.get_text(strip=True) == "Zorggroep Test"


def test_the_site_s_own_home_page_wins(site_project):
    built = build(site_project.root)
    own = (site_project.root / "docs" / "index.md").read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", own, re.M)[1]
    assert BeautifulSoup(built.page(""), "html.parser").h1.get_text(strip=True) == title
    assert "Welkom bij Zorggroep Test" not in built.page("")


SEEN_META_HOOK = """
import json
from pathlib import Path

seen = {"own": {}, "others": {}, "after": {}, "missing": {}}
pages = []
ASKED = json.loads(Path(__file__).with_name("asked.json").read_text())


def on_files(files, config):
    pages.extend(files.documentation_pages())


def on_page_context(context, page, config, nav):
    seen["own"][page.file.src_uri] = dict(page.meta)
    if page.file.src_uri == "index.md":
        seen["others"] = {f.src_uri: dict(f.page.meta) for f in pages if f.page is not None}
    missing = [key for key in ASKED["meta"] if not hasattr(page.meta, key)]
    missing += [name for name in ASKED["page"] if not hasattr(page, name)]
    seen["missing"][page.file.src_uri] = missing


def on_post_build(config):
    seen["after"] = {f.src_uri: dict(f.page.meta) for f in pages}
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
"""
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
ASKS_META = re.compile(r"\bnav_item\.meta\.(\w+)")
ASKS_PAGE = re.compile(r"\bnav_item\.meta and nav_item\.(\w+)")


def navigation_asks() -> dict[str, set[str]]:
    """What Material's navigation templates ask of a page in the navigation that has front
    matter: keys of the front matter, and (behind `nav_item.meta and`) facts of the page."""
    found = {"meta": set(), "page": set()}
    for template in MATERIAL_TEMPLATES.glob("partials/*.html"):
        text = template.read_text(encoding="utf-8")
        found["meta"] |= set(ASKS_META.findall(text))
        found["page"] |= set(ASKS_PAGE.findall(text)) - {"meta"}
    return found


def test_our_pages_answer_everything_material_s_navigation_asks():
    """Each key is an attribute of our pages' front matter (`NavMeta`), so that drawing the
    navigation into every page makes no failed lookup; a Material update that asks for another
    key fails here (then add it to `NavMeta`)."""
    asked = navigation_asks()
    assert asked["meta"] and asked["page"], "Material's navigation templates were not read"
    assert asked["meta"] <= set(NAVIGATION_KEYS)
    assert asked["page"] <= set(NAVIGATION_PAGE_FACTS)
    meta = NavMeta({"title": "Stap", "status": "new"})
    assert (meta.status, meta.icon, meta.subtitle) == ("new", None, None)
    assert meta == {"title": "Stap", "status": "new"}


def test_page_front_matter_is_there_for_every_page_all_the_time(site_project):
    """Our pages keep their front matter, for the page itself, for other pages and plugins
    while pages are built, and after the build; and each answers what the navigation asks."""
    asked = navigation_asks()
    site_project.write("asked.json", json.dumps({key: sorted(v) for key, v in asked.items()}))
    site_project.write("hooks.py", SEEN_META_HOOK)
    site_project.write_config(hooks=["hooks.py"])
    built = build(site_project.root, strict=True)
    seen = json.loads((site_project.root / "seen.json").read_text(encoding="utf-8"))
    journey = {"title": "Je nieuwe knie", "description": "Van het eerste gesprek tot weer fietsen."}
    step = {
        "title": "De operatie",
        "description": "Op de dag van de operatie krijg je een nieuwe knie.",
        "hide": ["footer"],  # the step's own previous/next links instead of Material's
    }
    for moment in ("own", "others", "after"):
        for uri, meta in (
            ("trajecten/knie/index.md", journey),
            ("trajecten/knie/operatie.md", step),
        ):
            assert {key: seen[moment][uri].get(key) for key in meta} == meta  # and link_preview
    ours = [uri for uri in seen["own"] if uri != "index.md"]  # the home page is hand-written
    assert {"deelkit/knie/index.md", "themas/index.md", "trajecten/knie/thuis.md"} <= set(ours)
    assert {uri: seen["missing"][uri] for uri in ours} == dict.fromkeys(ours, [])
    assert seen["missing"]["index.md"], "a page with plain front matter lacks them"
    for uri, meta in (("trajecten/knie/", journey), ("trajecten/knie/operatie/", step)):
        soup = BeautifulSoup(built.page(uri), "html.parser")
        assert soup.select_one('meta[name="description"]')["content"] == meta["description"]
        assert soup.title.text == f"{meta['title']} - Zorggroep Test"
    nav = BeautifulSoup(built.page("verhalen/"), "html.parser").select_one("nav.md-nav--primary")
    labels = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    assert {"Je nieuwe knie", "De operatie"} <= set(labels)


def test_front_matter_the_navigation_shows_stays_on_the_page(site_project):
    """A template override that gives steps a Material status keeps it in the navigation."""
    package = PACKAGE / "templates/pages/step.md.j2"
    template = package.read_text(encoding="utf-8").replace("---\n", "---\nstatus: new\n", 1)
    site_project.write("templates/pages/step.md.j2", template)
    built = build(site_project.root)
    nav = BeautifulSoup(built.page("verhalen/"), "html.parser").select_one("nav.md-nav--primary")
    steps = [link for link in nav.select("a.md-nav__link") if link.select_one(".md-status--new")]
    assert [link.get_text(" ", strip=True) for link in steps] == [
        "Het eerste gesprek",
        "De operatie",
        "Weer thuis",
    ]


# What the theme gets from the plugin: sitemap, noindex, the search dialog, template overrides


def test_hidden_pages_are_left_out_of_both_sitemaps_and_say_noindex(site_project):
    built = build(site_project.root)
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    with gzip.open(built.site / "sitemap.xml.gz", "rt", encoding="utf-8") as packed:
        assert packed.read() == sitemap
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert f"{SITE_URL}trajecten/knie/" in locations and f"{SITE_URL}" in locations
    assert [url for url in locations if "/deelkit/" in url] == []
    for uri in ("deelkit/", "deelkit/knie/", "deelkit/kalender/"):
        head = BeautifulSoup(built.page(uri), "html.parser").head
        assert head.select_one('meta[name="robots"]')["content"] == "noindex, nofollow", uri
    assert 'name="robots"' not in built.page("trajecten/knie/")


def test_the_search_dialog_has_a_name_on_every_page(site_project):
    built = build(site_project.root)
    for uri in ("", "trajecten/knie/", "deelkit/knie/", "404.html"):
        soup = BeautifulSoup(built.page(uri), "html.parser")
        dialog = soup.select_one('[data-md-component="search"]')
        assert (dialog["role"], dialog["aria-label"]) == ("dialog", "Zoeken"), uri


def test_our_search_partial_is_material_s_with_only_the_name_added():
    """A Material update that changes its search partial fails here: copy it again."""
    theirs = (MATERIAL_TEMPLATES / "partials/search.html").read_text(encoding="utf-8")
    ours = (PACKAGE / "theme/partials/search.html").read_text(encoding="utf-8")
    strip_comment = re.compile(r"\A\{#-.*?-#\}\n", re.S)
    named = " aria-label=\"{{ lang.t('search') }}\""
    assert named in ours
    assert strip_comment.sub("", ours).replace(named, "", 1) == strip_comment.sub("", theirs)


@pytest.mark.parametrize(
    ("partial", "theirs_part", "ours_part"),
    [
        ("partials/logo.html", 'alt="logo"', 'alt="{{ config.site_name | e }}"'),
        (
            "partials/language.html",
            "{% macro t(key) %}{{ lang.t(key)",
            '{% set own = {"header": "Paginakop", "footer": "Vorige en volgende pagina"} if '
            'config.theme.language == "nl" else {} %}\n'
            "{% macro t(key) %}{{ own[key] or lang.t(key)",
        ),
    ],
)
def test_our_logo_and_language_partials_are_material_s_with_only_dutch_added(
    partial, theirs_part, ours_part
):
    """A Material update that changes these partials fails here: copy them again."""
    theirs = (MATERIAL_TEMPLATES / partial).read_text(encoding="utf-8")
    ours = (PACKAGE / "theme" / partial).read_text(encoding="utf-8")
    strip_comment = re.compile(r"\A\{#-.*?-#\}\n", re.S)
    assert theirs_part in theirs and ours_part in ours
    assert strip_comment.sub("", ours) == strip_comment.sub("", theirs).replace(
        theirs_part, ours_part, 1
    )


def test_a_site_overrides_our_theme_templates_through_custom_dir(site_project):
    site_project.write(
        "overrides/reisverhaal/tool.html",
        '{% extends "main.html" %}{% block extrahead %}<meta name="rv-eigen" content="ja">'
        "{% endblock %}",
    )
    site_project.write(
        "overrides/partials/search.html", '<div class="eigen-zoeken" role="search"></div>'
    )
    theme = {"name": "material", "language": "nl", "custom_dir": "overrides"}
    site_project.write_config(theme=theme)
    built = build(site_project.root)
    kit = BeautifulSoup(built.page("deelkit/knie/"), "html.parser")
    assert kit.head.select_one('meta[name="rv-eigen"]') is not None
    assert kit.select_one(".eigen-zoeken") is not None
    assert kit.select_one('[data-md-component="search"]') is None
