"""The share kit (SPEC §4): per journey a page with every snippet, a copy button, the length
against the limit, a preview, the images and their alt text; `/deelkit/` lists the journeys."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from PIL import Image

from browser import DESKTOP, MOBILE, axe_violations, chromium, has_horizontal_scroll, serve
from conftest import SiteProject, build, consent_meta, rendered_html, rendered_page
from reisverhaal.core.output import Output, raw_html_key
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline import stored
from reisverhaal.pipeline.build import prepare
from reisverhaal.render.compose import build_snippets
from reisverhaal.render.sharekit import SCRIPT_URI, ShareKitExtras, build_share_kit
from reisverhaal.render.templating import render_page
from theme_pages import tool_html, tool_soup

SITE = "https://zorg.example.nl/"
QUOTE = "Na zes weken zat ik weer op de fiets."
AUDIENCES = {
    "ouderen": Audience("ouderen", "Ouderen", "10:00"),
    "mantelzorgers": Audience("mantelzorgers", "Mantelzorgers", "19:30"),
}
CHANNELS = ("website", "newsletter", "facebook", "instagram", "x", "pinterest")
TRICKY = 'Zorg & aandacht: "<samen>" 😊 voor iedereen. Kom gerust langs.'


@dataclass(frozen=True)
class Block:
    """A newsletter block as the newsletter stage hands it over."""

    title: str
    html_uri: str
    txt_uri: str
    html: str
    text: str
    step: str | None = None


def make_site(root: Path) -> SiteProject:
    site = SiteProject.small(root)
    site.image("journeys/knie/media/knie.jpg", size=(1600, 1200))
    site.journey(
        "knie",
        image="media/knie.jpg",
        image_alt="Een verpleegkundige helpt een man met krukken.",
        hashtags=["nieuweknie"],
        cta="Heb je een vraag? Stel hem in de reacties.",
    )
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        summary=TRICKY,
        variants={"ouderen": {"summary": "Het gesprek duurt een uur. Neem je medicijnen mee."}},
    )
    return site


def project_of(site: SiteProject, **options):
    return prepare(
        Settings(
            root=site.root.resolve(),
            site_url=SITE,
            organisation="Zorggroep Test",
            today=date(2027, 1, 15),
            channels=CHANNELS,
            audiences=AUDIENCES,
            cache_dir=site.root / ".cache",
            **options,
        )
    )


def share_kit(site: SiteProject, extras=None, **options):
    project = project_of(site, **options)
    snippet_set = build_snippets(project)
    return snippet_set, {o.uri: o for o in build_share_kit(project, snippet_set, extras)}


def html_of(page: Output) -> BeautifulSoup:
    """A journey's kit as its theme template renders it; the index as Markdown."""
    return tool_soup(page) if page.data else rendered_page(page)[1]


def whole(page: Output) -> str:
    return tool_html(page)


def shown_in_preview(card) -> str:
    """A preview's text with each link as its address (the preview shows it shortened)."""
    preview = card.select_one(".rv-post__text")
    for link in preview.find_all("a"):
        link.string = link["href"]
    return preview.get_text()


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    return make_site(tmp_path / "project")


def test_outputs_are_hidden_unless_the_share_kit_is_public(site):
    _, outputs = share_kit(site)
    assert set(outputs) == {"deelkit/index.md", "deelkit/knie/index.md", SCRIPT_URI}
    assert all(output.public is False for output in outputs.values())
    assert outputs[SCRIPT_URI].source.read_text(encoding="utf-8").count("clipboard") >= 1
    _, outputs = share_kit(site, share_kit_public=True)
    assert all(output.public is True for output in outputs.values())
    assert "Alleen voor intern gebruik" not in whole(outputs["deelkit/knie/index.md"])


def test_every_snippet_has_its_exact_text_a_copy_button_and_its_length(site):
    snippet_set, outputs = share_kit(site)
    soup = html_of(outputs["deelkit/knie/index.md"])
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    for snippet in snippet_set.snippets:
        field = soup.find(
            id=f"rv-{snippet.step}-{snippet.platform}-{snippet.variant or 'standaard'}"
        )
        assert field is not None and field.name == "textarea"
        assert field.string == snippet.text
        card = field.find_parent(class_="rv-kit__snippet")
        assert card.select_one(f'button[data-rv-copy="{field["id"]}"]') is not None
        count = card.select_one(".rv-kit__count").get_text()
        assert count.startswith(f"{snippet.length} / {snippet.limit:,}".replace(",", "."))
        assert shown_in_preview(card) == snippet.text
    for button in soup.select("button[data-rv-copy]"):
        assert soup.find(id=button["data-rv-copy"]) is not None
        assert soup.find(id=button["data-rv-copy"] + "-status")["role"] == "status"
    tricky = soup.find(id="rv-eerste-gesprek-facebook-standaard").string
    assert tricky.startswith(TRICKY)


def test_previews_show_links_shortened_and_the_text_to_copy_keeps_the_tracked_link(site):
    snippet_set, outputs = share_kit(site)
    soup = html_of(outputs["deelkit/knie/index.md"])
    linked = [s for s in snippet_set.snippets if s.link and s.link in s.text]
    assert {s.platform for s in linked} >= {"facebook", "x"}
    for snippet in linked:
        field = soup.find(
            id=f"rv-{snippet.step}-{snippet.platform}-{snippet.variant or 'standaard'}"
        )
        assert field.string == snippet.text
        preview = field.find_parent(class_="rv-kit__snippet").select_one(".rv-post__text")
        assert snippet.link not in preview.get_text()
        (link,) = preview.find_all("a")
        assert link["href"] == snippet.link
        shown = link.get_text()
        assert shown.endswith("…") and len(shown) < 40
        assert shown.startswith("zorg.example.nl/") and "utm_" not in shown


def test_tabs_per_platform_with_variants_side_by_side(site):
    _, outputs = share_kit(site)
    soup = html_of(outputs["deelkit/knie/index.md"])
    tab_sets = soup.select(".tabbed-set.tabbed-alternate")
    assert len(tab_sets) == 3
    first = tab_sets[0]
    labels = [label.get_text() for label in first.select(".tabbed-labels > label")]
    assert labels == ["Facebook", "Instagram", "X", "Pinterest"]
    assert len(first.select(":scope > input[type=radio]")) == 4
    assert len(first.select(".tabbed-content > .tabbed-block")) == 4
    for block in first.select(".tabbed-content > .tabbed-block"):
        side_by_side = block.select(".rv-kit__variants > .rv-kit__snippet")
        titles = [card.h3.get_text().split(" · ")[1] for card in side_by_side]
        assert titles == ["Standaard", "Ouderen"]
    later = tab_sets[1].select(".tabbed-block .rv-kit__snippet h3")
    assert [h3.get_text() for h3 in later] == [f"{name} · Standaard" for name in labels]


def test_story_quote_shows_only_on_platforms_its_consent_covers(site):
    _, outputs = share_kit(site)
    soup = html_of(outputs["deelkit/knie/index.md"])
    with_quote = {
        block.select_one(".rv-kit__snippet h3").get_text().split(" · ")[0]
        for block in soup.select(".tabbed-block")
        if QUOTE in block.get_text()
    }
    assert with_quote == {"Facebook"}
    site.story("wilma-fietst", consent=consent_meta(withdrawn=date(2027, 1, 1)))
    _, outputs = share_kit(site)
    assert QUOTE not in whole(outputs["deelkit/knie/index.md"])
    assert "Wilma" not in whole(outputs["deelkit/knie/index.md"])


def test_images_with_alt_text_downloads_and_preview(site):
    _, outputs = share_kit(site)
    soup = html_of(outputs["deelkit/knie/index.md"])
    alt = "Een verpleegkundige helpt een man met krukken."
    image = soup.select_one("#rv-eerste-gesprek-facebook-standaard").find_parent(
        class_="rv-kit__snippet"
    )
    preview = image.select_one("figure.rv-post img")
    assert preview["src"] == "img/eerste-gesprek-facebook.jpg"
    assert preview["alt"] == alt
    assert soup.find(id="rv-eerste-gesprek-facebook-alt").string == alt
    assert soup.select_one('button[data-rv-copy="rv-eerste-gesprek-facebook-alt"]') is not None
    downloads = [a["href"] for a in soup.select(".rv-kit__image a[download]")]
    assert "img/eerste-gesprek-instagram.jpg" in downloads
    assert "img/eerste-gesprek-instagram-story.jpg" in downloads
    pin = soup.find(id="rv-eerste-gesprek-pinterest-link")
    assert pin["value"].startswith(f"{SITE}trajecten/knie/eerste-gesprek/?utm_source=pinterest")


def test_newsletter_blocks_and_readability_badges_when_given(site):
    extras = ShareKitExtras(
        newsletters={
            "knie": [
                Block(
                    "Je nieuwe knie",
                    "deelkit/knie/newsletter.html",
                    "deelkit/knie/newsletter.txt",
                    f'<html><body><img src="{SITE}deelkit/knie/img/nb.jpg" alt="Knie">'
                    "<p>Alles over je knie &amp; meer</p></body></html>",
                    "Alles over je knie & meer",
                ),
                Block(
                    "De operatie",
                    "deelkit/knie/newsletter/operatie.html",
                    "deelkit/knie/newsletter/operatie.txt",
                    "<p>Op de dag van de operatie</p>",
                    "Op de dag van de operatie",
                    step="operatie",
                ),
            ]
        },
        readability={("knie", "operatie"): "B1 · score 72"},
    )
    _, outputs = share_kit(site, extras)
    soup = html_of(outputs["deelkit/knie/index.md"])
    journey_block, step_block = soup.select(".rv-kit__newsletter")
    frame = journey_block.iframe
    assert frame["title"]
    assert frame["srcdoc"] == extras.newsletters["knie"][0].html.replace(
        f'src="{SITE}deelkit/', 'src="../../deelkit/'
    )
    assert journey_block.select_one("textarea").string == "Alles over je knie & meer"
    pasted = journey_block.select("textarea")[1].string
    assert f'src="{SITE}deelkit/knie/img/nb.jpg"' in pasted
    assert [a["href"] for a in journey_block.select("a[download]")] == [
        "newsletter.html",
        "newsletter.txt",
    ]
    assert step_block.find_parent(class_="tabbed-set") is soup.select(".tabbed-set")[1]
    assert soup.select(".tabbed-set")[1].select(".tabbed-labels > label")[-1].get_text() == (
        "Nieuwsbrief"
    )
    assert [badge.get_text() for badge in soup.select(".rv-kit__readability")] == ["B1 · score 72"]


def test_the_readability_badge_is_explained_in_one_line_where_the_page_has_one(site):
    _, outputs = share_kit(site)
    assert html_of(outputs["deelkit/knie/index.md"]).select(".rv-kit__legend") == []
    extras = ShareKitExtras(readability={("knie", "eerste-gesprek"): "B1 · 90"})
    _, outputs = share_kit(site, extras)
    soup = html_of(outputs["deelkit/knie/index.md"])
    (legend,) = soup.select(".rv-kit__legend")
    line = legend.get_text()
    assert "\n" not in line.strip() and "B1" in line and "taalniveau B1" in line
    assert f"minstens {Settings.min_score}" in line
    assert legend.find_next(class_="rv-kit__readability").get_text() == "B1 · 90"


def test_index_lists_the_journeys_with_share_kits(site):
    site.journey("stil", title="Alleen op de website", channels=["website"])
    site.step("stil", "01-uitleg.md", title="Uitleg")
    _, outputs = share_kit(site)
    soup = html_of(outputs["deelkit/index.md"])
    links = {a.get_text(): a["href"] for a in soup.select("a")}
    assert links["Je nieuwe knie"] == "knie/index.md"
    assert links["snippets.json"] == "snippets.json"
    assert "Alleen op de website" not in soup.get_text()
    assert "deelkit/stil/index.md" not in outputs


def test_a_site_overrides_the_kit_through_custom_dir_and_its_words_through_labels(tmp_path):
    """The kit is a theme template: a site's `custom_dir` replaces it, as any theme template,
    and gets the same data; its words are labels an organisation changes."""
    site = make_site(tmp_path / "project")
    site.write(
        "overrides/reisverhaal/partials/sharekit.html",
        "<p class=eigen>Eigen deelkit {{ tool.title }}:"
        "{% for step in tool.steps %}{% for tab in step.tabs %} {{ tab.platform }}"
        "{% endfor %}{% endfor %}</p>\n",
    )
    site.write("templates/labels.yml", "share_kit:\n  copy_text: Neem over\n")
    site.write_config(theme={"name": "material", "language": "nl", "custom_dir": "overrides"})
    built = build(site.root)
    own = BeautifulSoup(built.page("deelkit/knie/"), "html.parser").select_one("p.eigen")
    assert own.get_text().startswith("Eigen deelkit Deelkit: Je nieuwe knie: facebook")
    site.write_config()
    built = build(site.root)
    kit = BeautifulSoup(built.page("deelkit/knie/"), "html.parser")
    assert kit.select_one("p.eigen") is None
    buttons = {button.get_text() for button in kit.select("button[data-rv-copy]")}
    assert "Neem over" in buttons and "Kopieer tekst" not in buttons


PROBE = (
    "---\ntitle: Proef\n---\n# Proef\n\n"
    '{% call html() %}\n<div class="rv-proef">{{ text | e }}</div>\n{% endcall %}\n\n'
    "Daarna *nadruk*.\n"
)
TRICKY_TEXT = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "*geen nadruk* en __ook niet__",
            "<!-- reisverhaal:html 0 -->",
            "<!-- reisverhaal:html 7 -->",
            "[link](../elders.md) `code` # kop",
            "\n\n    ingesprongen\n\n- lijst",
        ]
    ),
)


@settings(max_examples=60, deadline=None)
@given(text=TRICKY_TEXT)
def test_raw_html_blocks_reach_the_page_as_written_and_skip_markdown(tmp_path_factory, text):
    templates = tmp_path_factory.getbasetemp() / "proef-templates"
    (templates / "pages").mkdir(parents=True, exist_ok=True)
    (templates / "pages" / "proef.md.j2").write_text(PROBE, encoding="utf-8")
    content, raw_html = render_page(templates, "pages/proef.md.j2", text=text)
    assert raw_html == (f'<div class="rv-proef">{escape(text)}</div>',)
    assert "rv-proef" not in content
    _, html = rendered_html(Output("proef.md", content, raw_html=raw_html))
    written = f'<div class="rv-proef">{escape(text)}</div>'
    assert html.count(written) == 1
    assert "<em>nadruk</em>" in html
    assert "reisverhaal:html" not in html.replace(written, "")


@settings(max_examples=40, deadline=None)
@given(index=st.integers(0, 200), key=st.text("0123456789abcdef", min_size=16, max_size=16))
def test_markers_written_by_content_are_left_alone(tmp_path_factory, index, key):
    """A body can hold anything, also a marker: only the page's own markers (with its key)
    are filled; others stay the HTML comments they are, whatever their index."""
    templates = tmp_path_factory.getbasetemp() / "proef-templates"
    (templates / "pages").mkdir(parents=True, exist_ok=True)
    (templates / "pages" / "proef.md.j2").write_text(PROBE, encoding="utf-8")
    content, raw_html = render_page(templates, "pages/proef.md.j2", text="blok")
    assume(key != raw_html_key(raw_html))
    forged = [f"<!-- reisverhaal:html {index} -->", f"<!-- reisverhaal:html {key}-{index} -->"]
    page = Output("proef.md", "\n\n".join([content, *forged]), raw_html=raw_html)
    _, html = rendered_html(page)
    assert html.count('<div class="rv-proef">blok</div>') == 1
    assert all(mark in html for mark in forged)


# --- in the browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("sharekit") / "project"
    site = make_site(root)
    site.options["channels"] = list(CHANNELS)
    site.write_config()
    return build(root)


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def test_share_kit_is_hidden_from_search_sitemap_and_navigation(built):
    page = built.page("deelkit/knie/")
    assert '<meta name="robots" content="noindex' in page
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("deelkit")]
    assert "deelkit" not in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "deelkit" not in built.page("")
    assert (built.site / "deelkit/knie/img/eerste-gesprek-facebook.jpg").is_file()


def test_hidden_pages_have_no_site_navigation_but_keep_their_contents(built):
    kit = BeautifulSoup(built.page("deelkit/knie/"), "html.parser")
    assert kit.select_one('[data-md-type="navigation"]') is None
    toc = [a.get_text(strip=True) for a in kit.select('[data-md-type="toc"] a')]
    assert any("Het eerste gesprek" in entry for entry in toc)
    assert kit.select("textarea.rv-kit__text") and "reisverhaal:html" not in str(kit)
    calendar = BeautifulSoup(built.page("deelkit/kalender/"), "html.parser")
    assert calendar.select_one('[data-md-type="navigation"]') is None
    step = BeautifulSoup(built.page("trajecten/knie/eerste-gesprek/"), "html.parser")
    assert step.select_one('[data-md-type="navigation"] nav.md-nav--primary') is not None


def test_a_public_share_kit_is_in_navigation_search_and_sitemap(tmp_path):
    site = make_site(tmp_path / "project")
    site.options["share_kit"] = {"public": True}
    site.write_config()
    built = build(site.root)
    home = BeautifulSoup(built.page(""), "html.parser")
    nav = [a["href"] for a in home.select("nav.md-nav--primary a[href]")]
    assert {"deelkit/", "deelkit/knie/", "deelkit/kalender/"} <= set(nav)
    assert "deelkit/knie/" in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'name="robots"' not in built.page("deelkit/knie/")
    kit = BeautifulSoup(built.page("deelkit/knie/"), "html.parser")
    assert kit.select_one('[data-md-type="navigation"] nav.md-nav--primary') is not None
    assert kit.select("textarea.rv-kit__text") and "reisverhaal:html" not in str(kit)


def test_quote_cards_are_made_and_offered_where_the_snippet_quotes_the_story(built):
    card = built.site / "deelkit/citaten/wilma-fietst-facebook.png"
    with Image.open(card) as image:
        assert image.size == (1200, 630)
    assert not list((built.site / "deelkit/citaten").glob("wilma-fietst-instagram*"))
    page = BeautifulSoup(built.page("deelkit/knie/"), "html.parser")
    links = {a["href"] for a in page.select(".rv-kit__quotecards a[download]")}
    assert links == {"../citaten/wilma-fietst-facebook.png"}
    assert "citaten" not in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    (preview,) = page.select(".rv-kit__quotecards img")
    assert preview["src"] == "../citaten/wilma-fietst-facebook.png"
    assert (preview["width"], preview["height"]) == ("1200", "630")
    alt = page.select_one(".rv-kit__quotecards textarea").string
    assert preview["alt"] == alt and QUOTE in alt


def test_calendar_entries_link_to_their_post_in_the_share_kit(built):
    calendar = BeautifulSoup(built.page("deelkit/kalender/"), "html.parser")
    links = [a["href"] for a in calendar.select("a.rv-cal-chip")]
    assert links and all(link.startswith("../knie/#rv-") for link in links)
    kit = BeautifulSoup(built.page("deelkit/knie/"), "html.parser")
    records = json.loads((built.site / "deelkit/snippets.json").read_text(encoding="utf-8"))
    scheduled = {
        f"../knie/#rv-{r['step']}-{r['platform']}-{r['variant'] or 'standaard'}-bericht"
        for r in records
        if r["publish_at"]
    }
    assert set(links) == scheduled
    for link in scheduled:
        post = kit.find(id=link.split("#")[1])
        assert post is not None and "rv-kit__snippet" in post["class"]


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_copy_buttons_copy_exactly_the_snippet_and_the_page_is_accessible(built, browser, viewport):
    records = json.loads((built.site / "deelkit/snippets.json").read_text(encoding="utf-8"))
    wanted = {(r["step"], r["platform"], r["variant"] or "standaard"): r["text"] for r in records}
    context = browser.new_context(
        viewport=viewport, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page = context.new_page()
        with serve(built.site) as base_url:
            page.goto(base_url + "deelkit/knie/")
            assert axe_violations(page) == []
            if viewport is MOBILE:
                assert not has_horizontal_scroll(page)
            for step, platform, variant in [
                ("eerste-gesprek", "facebook", "standaard"),
                ("eerste-gesprek", "x", "ouderen"),
                ("thuis", "instagram", "standaard"),
            ]:
                page.click(f'label[for="rv-{step}-{platform}"]')
                target = f"rv-{step}-{platform}-{variant}"
                page.click(f'button[data-rv-copy="{target}"]')
                page.wait_for_selector(f'#{target}-status:has-text("Gekopieerd")')
                copied = page.evaluate("navigator.clipboard.readText()")
                assert copied == wanted[(step, platform, variant)]
            assert TRICKY in wanted[("eerste-gesprek", "facebook", "standaard")]
            page.click('label[for="rv-eerste-gesprek-facebook"]')
            page.click('button[data-rv-copy="rv-eerste-gesprek-facebook-alt"]')
            page.wait_for_selector('#rv-eerste-gesprek-facebook-alt-status:has-text("Gekopieerd")')
            alt = page.evaluate("navigator.clipboard.readText()")
            assert alt == "Een verpleegkundige helpt een man met krukken."
            assert axe_violations(page) == []
    finally:
        context.close()


def test_pinterest_gets_a_title_to_copy_and_sees_it_in_the_preview(site):
    snippet_set, outputs = share_kit(site)
    soup = html_of(outputs["deelkit/knie/index.md"])
    pins = [s for s in snippet_set.snippets if s.platform == "pinterest"]
    assert pins and all(s.title == "Het eerste gesprek – Je nieuwe knie" for s in pins[:1])
    for snippet in pins:
        field = soup.find(id=f"rv-{snippet.step}-pinterest-{snippet.variant or 'standaard'}-titel")
        assert field is not None and field["value"] == snippet.title
        card = field.find_parent(class_="rv-kit__snippet")
        assert card.select_one(f'button[data-rv-copy="{field["id"]}"]').string == "Kopieer titel"
        assert card.select_one(".rv-kit__title-count").get_text() == (
            f"{len(snippet.title)} / 100 tekens"
        )
        assert card.select_one(".rv-post__title").string == snippet.title
    others = [s for s in snippet_set.snippets if s.platform != "pinterest"]
    assert others and all(s.title is None for s in others)
    assert len(soup.select(".rv-post__title")) == len(pins)


def test_a_calendar_link_opens_the_tab_of_its_post(built, browser):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        with serve(built.site) as base_url:
            page.goto(base_url + "deelkit/kalender/")
            assert axe_violations(page) == []
            link = page.locator('a.rv-cal-chip[href*="-x-"]').first
            target = link.get_attribute("href").split("#")[1]
            assert not target.startswith("rv-eerste-gesprek-facebook")
            link.click()
            page.wait_for_url(f"**/deelkit/knie/#{target}")
            page.wait_for_selector(f"#{target}", state="visible")
            tab = target.rsplit("-", 2)[0]  # rv-<step>-x
            assert page.is_checked(f"#{tab}")
    finally:
        context.close()


def test_a_kit_page_survives_the_incremental_store_and_its_data_stays_text(site):
    """The incremental build stores a part's outputs as JSON and reads them back: the page's
    data comes back as it went in. Whatever the stored data says (a cache may come from
    elsewhere), the template shows it as text."""
    _, outputs = share_kit(site)
    page = outputs["deelkit/knie/index.md"]
    stored_again = json.loads(json.dumps(stored.plain_output(page)))
    assert stored.output_from(stored_again, ()) == page
    data = json.loads(page.data)
    data["organisation"] = '<script>window.__pwned = 1</script><b onclick="x">Zorg</b>'
    forged = replace(page, data=json.dumps(data))
    soup = tool_soup(forged)
    assert soup.find("script", string=lambda text: text and "__pwned" in text) is None
    assert soup.find("b") is None and not soup.select("[onclick]")
    assert soup.select_one(".rv-post__name").get_text() == data["organisation"]


def test_an_old_share_kit_template_in_the_project_is_a_warning_not_silence(site):
    site.write("templates/pages/sharekit.md.j2", "# Onze eigen deelkit\n")
    site.write("templates/pages/calendar.md.j2", "# Onze eigen kalender\n")
    project = project_of(site)
    retired = [f for f in project.findings if f.rule == "template.retired"]
    assert [(f.path, f.level) for f in retired] == [
        ("templates/pages/sharekit.md.j2", "warning"),
        ("templates/pages/calendar.md.j2", "warning"),
    ]
    assert "reisverhaal/partials/sharekit.html" in retired[0].message
    assert "custom_dir" in retired[0].message
    _, outputs = share_kit(site)
    assert "Onze eigen deelkit" not in tool_html(outputs["deelkit/knie/index.md"])


def test_calendar_links_open_their_tab_with_material_s_instant_navigation(tmp_path, browser):
    site = make_site(tmp_path / "project")
    site.options["channels"] = list(CHANNELS)
    theme = {"name": "material", "language": "nl", "features": ["navigation.instant"]}
    site.write_config(theme=theme)
    built = build(site.root)
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        with serve(built.site) as base_url:
            page.goto(base_url + "deelkit/kalender/")
            for platform in ("x", "pinterest"):  # the second without a new document
                link = page.locator(f'a.rv-cal-chip[href*="-{platform}-"]').first
                target = link.get_attribute("href").split("#")[1]
                link.click()
                page.wait_for_url(f"**/deelkit/knie/#{target}")
                page.wait_for_selector(f"#{target}", state="visible")
                assert page.is_checked(f"#{target.rsplit('-', 2)[0]}")
                page.go_back()
                page.wait_for_url("**/deelkit/kalender/")
    finally:
        context.close()
