"""Newsletter blocks: compiled MJML that is e-mail safe, a plain-text twin, consent, size,
and a layout that fits from 320 to 600 px in headless Chromium."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from conftest import SITE_URL, TODAY, SiteProject, consent_meta
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline.build import prepare
from reisverhaal.render import image_files
from reisverhaal.render.newsletter import MAX_BYTES, build_newsletter, tracked

JOURNEY = "knie"
STEPS = ["eerste-gesprek", "operatie", "thuis"]
JOURNEY_TITLE = "Je nieuwe knie"
SECRET_QUOTE = "Mijn buurman mag dit nooit lezen."
SECRET_PERSON = "Gerrit"


def project_settings(root: Path, **overrides) -> Settings:
    values = {
        "root": root.resolve(),
        "site_url": SITE_URL,
        "organisation": "Zorggroep Test",
        "today": TODAY,
        "audiences": {
            "ouderen": Audience("ouderen", "Ouderen", "10:00"),
            "mantelzorgers": Audience("mantelzorgers", "Mantelzorgers", "19:30"),
        },
        "cache_dir": root / ".cache",
    }
    return Settings(**{**values, **overrides})


def newsletter_of(root: Path, **overrides):
    project = prepare(project_settings(root, **overrides))
    return project, build_newsletter(project)


def illustrated(root: Path) -> SiteProject:
    """The small site with images everywhere, a photo story with newsletter consent on the
    first step and a story on the last step whose consent leaves the newsletter out."""
    site = SiteProject.small(root)
    site.image("journeys/knie/media/knie.jpg", size=(1600, 1000))
    site.image("journeys/knie/media/gesprek.jpg", size=(900, 700), color=(200, 120, 40))
    site.image("stories/wilma-fietst/wilma.jpg", size=(600, 800), color=(90, 60, 160))
    site.image("stories/gerrit-thuis/gerrit.jpg", size=(600, 800), color=(160, 30, 30))
    site.journey(
        JOURNEY,
        image="media/knie.jpg",
        image_alt="Een verpleegkundige helpt een man met krukken.",
        location="Zorgcentrum De Linde, Utrecht",
    )
    site.step(
        JOURNEY,
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        image="media/gesprek.jpg",
        image_alt="Een arts en een vrouw praten aan tafel.",
    )
    site.step(
        JOURNEY,
        "03-thuis.md",
        title="Weer thuis",
        phase="after",
        when="+3d",
        summary="Thuis oefen je elke dag een beetje.",
        story="gerrit-thuis",
    )
    site.story(
        "wilma-fietst",
        image="wilma.jpg",
        image_alt="Wilma lacht op haar fiets.",
        consent=consent_meta(photo=True),
    )
    site.story(
        "gerrit-thuis",
        title="Gerrit oefent thuis",
        person=SECRET_PERSON,
        quote=SECRET_QUOTE,
        image="gerrit.jpg",
        image_alt="Gerrit in zijn stoel.",
        consent=consent_meta(channels=["website", "facebook"], photo=True),
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("newsletter") / "project"
    illustrated(root)
    return newsletter_of(root)


def html_outputs(newsletter):
    return [output for output in newsletter.outputs if output.uri.endswith(".html")]


def text_of(newsletter, uri: str) -> str:
    return next(output.content for output in newsletter.outputs if output.uri == uri)


def test_outputs_are_the_spec_paths_and_private_by_default(built):
    _, newsletter = built
    base = f"deelkit/{JOURNEY}"
    expected = {f"{base}/newsletter.html", f"{base}/newsletter.txt"}
    for name in ["journey", *STEPS]:
        expected |= {f"{base}/newsletter/{name}.html", f"{base}/newsletter/{name}.txt"}
    assert {output.uri for output in newsletter.outputs} == expected
    assert not any(output.public for output in newsletter.outputs)
    assert not any(request.public for request in newsletter.images)
    assert not [f for f in newsletter.findings if f.level in ("error", "warning")]


def test_public_share_kit_makes_the_outputs_public(tmp_path):
    illustrated(tmp_path / "project")
    _, newsletter = newsletter_of(tmp_path / "project", share_kit_public=True)
    assert newsletter.outputs and all(output.public for output in newsletter.outputs)
    assert all(request.public for request in newsletter.images)


def test_blocks_list_the_journey_then_each_step_with_their_files(built):
    _, newsletter = built
    blocks = newsletter.blocks[JOURNEY]
    assert [block.step for block in blocks] == [None, *STEPS]
    assert blocks[0].title == "Je nieuwe knie"
    assert blocks[2].title == "De operatie"
    for block in blocks:
        assert text_of(newsletter, block.html_uri) == block.html
        assert text_of(newsletter, block.txt_uri) == block.text
        assert block.html.startswith("<!doctype html>")
        assert "<html" not in block.fragment and "<body" not in block.fragment
        assert "Lees verder" in block.fragment or "Bekijk alle stappen" in block.fragment
    email = newsletter.emails[JOURNEY]
    assert email.html_uri == f"deelkit/{JOURNEY}/newsletter.html"
    for block in blocks:
        assert block.title in email.html
        assert block.text.strip().splitlines()[-1] in email.text


@pytest.mark.parametrize("kind", ["journey", "step", "email"])
def test_html_is_email_safe(built, kind):
    _, newsletter = built
    outputs = {
        "journey": [f"deelkit/{JOURNEY}/newsletter/journey.html"],
        "step": [f"deelkit/{JOURNEY}/newsletter/{step}.html" for step in STEPS],
        "email": [f"deelkit/{JOURNEY}/newsletter.html"],
    }[kind]
    seen_images = 0
    for uri in outputs:
        html = text_of(newsletter, uri)
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find_all(["script", "iframe", "form", "object", "embed", "link"])
        for element in soup.find_all(True):
            assert not [name for name in element.attrs if name.lower().startswith("on")]
        assert soup.find("html")["lang"] == "nl"
        assert "max-width:600px" in html

        images = soup.find_all("img")
        seen_images += len(images)
        for image in images:
            assert image.get("alt", "").strip(), image
            assert image["src"].startswith(SITE_URL + f"deelkit/{JOURNEY}/img/"), image

        links = soup.find_all("a")
        assert links, uri
        for link in links:
            href = link["href"]
            assert urlsplit(href).scheme == "https" and href.startswith(SITE_URL), href
            query = parse_qs(urlsplit(href).query)
            assert query["utm_source"] == ["newsletter"]
            assert query["utm_medium"] == ["email"]
            assert query["utm_campaign"] == [JOURNEY]
            step = urlsplit(href).path.rstrip("/").split("/")[-1]
            if step in STEPS:
                assert query["utm_content"] == [step]

        buttons = [link for link in links if link.get_text(strip=True).startswith(BUTTONS)]
        assert buttons, uri
        for button in buttons:
            assert "background:#0b6e4f" in button["style"]
            cell = button.find_parent("td")
            assert cell["bgcolor"] == "#0b6e4f"
    assert seen_images


BUTTONS = ("Lees verder over ", "Bekijk alle stappen van ")


def test_every_link_text_in_an_email_says_where_it_goes(built):
    """Screen readers list the links of an e-mail by their text: four times "Lees verder"
    does not say which is which."""
    _, newsletter = built
    soup = BeautifulSoup(newsletter.emails[JOURNEY].html, "html.parser")
    texts = [a.get_text(" ", strip=True) for a in soup.find_all("a") if a.get_text(strip=True)]
    assert len(texts) >= 3
    assert len(set(texts)) == len(texts), texts
    assert "Lees verder over Het eerste gesprek" in texts
    assert f"Bekijk alle stappen van {JOURNEY_TITLE}" in texts
    plain = newsletter.emails[JOURNEY].text
    assert "Lees verder over Het eerste gesprek:" in plain


def test_images_are_1200_by_600_crops_at_their_absolute_urls(built):
    project, newsletter = built
    crops = [r for r in newsletter.images if "verhaal" not in r.uri]
    assert {r.uri for r in crops} == {
        f"deelkit/{JOURNEY}/img/newsletter-journey.jpg",
        f"deelkit/{JOURNEY}/img/newsletter-eerste-gesprek.jpg",
    }
    assert all(r.size == (1200, 600) and not r.fit for r in crops)
    journey_html = text_of(newsletter, f"deelkit/{JOURNEY}/newsletter/journey.html")
    assert project.url(f"deelkit/{JOURNEY}/img/newsletter-journey.jpg") in journey_html
    assert len(newsletter.images) == len(set(newsletter.images))


def test_text_twin_writes_out_every_link_and_has_no_markup(built):
    _, newsletter = built
    for output in html_outputs(newsletter):
        text = text_of(newsletter, output.uri.removesuffix(".html") + ".txt")
        soup = BeautifulSoup(output.content, "html.parser")
        for link in soup.find_all("a"):
            assert link["href"] in text
        assert not re.search(r"</?[a-z][^>]*>", text)
        assert "&amp;" not in text
        for heading in soup.find_all("h2"):
            assert heading.get_text(strip=True) in text
        assert max(len(line) for line in text.splitlines() if "://" not in line) <= 72


def test_quote_and_photo_appear_with_newsletter_consent(built):
    project, newsletter = built
    step = text_of(newsletter, f"deelkit/{JOURNEY}/newsletter/eerste-gesprek.html")
    assert "Na zes weken zat ik weer op de fiets." in step
    assert "Wilma" in step
    portrait = f"deelkit/{JOURNEY}/img/newsletter-verhaal-wilma-fietst.jpg"
    assert project.url(portrait) in step
    assert portrait in {r.uri for r in newsletter.images}
    text = text_of(newsletter, f"deelkit/{JOURNEY}/newsletter/eerste-gesprek.txt")
    assert "Na zes weken zat ik weer op de fiets." in text
    assert SECRET_QUOTE not in everything(newsletter)
    assert SECRET_PERSON not in everything(newsletter)


def everything(newsletter) -> str:
    return "\n".join(
        [str(output.content) for output in newsletter.outputs]
        + [f"{request.uri} {request.source}" for request in newsletter.images]
    )


CONSENTS = {
    "other channels": {"channels": ["website", "facebook"]},
    "withdrawn": {"withdrawn": date(2026, 12, 1)},
    "expired": {"expires": date(2027, 1, 1)},
    "not yet given": {"given": date(2027, 2, 1)},
    "too old": {"given": date(2024, 1, 1)},
}


@pytest.mark.parametrize("consent", CONSENTS.values(), ids=CONSENTS.keys())
def test_story_without_newsletter_consent_is_in_no_block(tmp_path, consent):
    site = illustrated(tmp_path / "project")
    site.story(
        "wilma-fietst",
        person=SECRET_PERSON,
        quote=SECRET_QUOTE,
        image="wilma.jpg",
        image_alt="Gerrit in zijn stoel.",
        consent=consent_meta(photo=True, **consent),
    )
    _, newsletter = newsletter_of(tmp_path / "project")
    assert newsletter.outputs
    found = everything(newsletter)
    for secret in (SECRET_QUOTE, SECRET_PERSON, "gerrit", "wilma", "Gerrit in zijn stoel"):
        assert secret.lower() not in found.lower()


def test_photo_needs_portrait_consent(tmp_path):
    site = illustrated(tmp_path / "project")
    site.story(
        "wilma-fietst",
        image="wilma.jpg",
        image_alt="Wilma lacht op haar fiets.",
        consent=consent_meta(photo=False),
    )
    _, newsletter = newsletter_of(tmp_path / "project")
    found = everything(newsletter)
    assert "Na zes weken zat ik weer op de fiets." in found
    assert "wilma.jpg" not in found and "Wilma lacht" not in found
    assert not [r for r in newsletter.images if "verhaal" in r.uri]


def test_every_html_file_stays_under_the_gmail_limit(built):
    _, newsletter = built
    for output in html_outputs(newsletter):
        assert len(output.content.encode("utf-8")) < MAX_BYTES
    assert not [f for f in newsletter.findings if f.rule == "newsletter.size"]


def test_a_clipped_email_gives_a_warning(tmp_path):
    site = SiteProject(tmp_path / "project")
    site.journey(JOURNEY)
    sentence = "Je krijgt uitleg over wat er gebeurt en wat je zelf kunt doen. "
    for number in range(1, 41):
        site.step(JOURNEY, f"{number:02d}-stap-{number}.md", summary=sentence * 30)
    _, newsletter = newsletter_of(tmp_path / "project")
    email = text_of(newsletter, f"deelkit/{JOURNEY}/newsletter.html")
    assert len(email.encode()) > MAX_BYTES
    warnings = [f for f in newsletter.findings if f.rule == "newsletter.size"]
    assert len(warnings) == 1
    assert warnings[0].level == "warning"
    assert warnings[0].path == f"journeys/{JOURNEY}/index.md"
    assert f"deelkit/{JOURNEY}/newsletter.html" in warnings[0].message
    assert "102 kB" in warnings[0].message


def test_only_journeys_on_the_newsletter_channel(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.journey("griep", title="De griepprik", channels=["website", "facebook"])
    site.step("griep", "01-prik.md", title="De prik")
    _, newsletter = newsletter_of(tmp_path / "project")
    assert set(newsletter.blocks) == {JOURNEY}
    assert not [o for o in newsletter.outputs if "griep" in o.uri]


def test_journey_without_website_pages_warns(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.journey(JOURNEY, channels=["newsletter"])
    _, newsletter = newsletter_of(tmp_path / "project")
    assert [f.rule for f in newsletter.findings] == ["newsletter.no-website"]
    assert newsletter.findings[0].path == f"journeys/{JOURNEY}/index.md"


def test_step_slug_journey_is_refused_with_a_message(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.step(JOURNEY, "04-journey.md", title="Verkeerde naam")
    _, newsletter = newsletter_of(tmp_path / "project")
    (finding,) = [f for f in newsletter.findings if f.level == "error"]
    assert finding.path == f"journeys/{JOURNEY}/04-journey.md"
    assert finding.rule == "newsletter.step-slug"
    block = text_of(newsletter, f"deelkit/{JOURNEY}/newsletter/journey.html")
    assert "Verkeerde naam" not in block


def test_without_absolute_site_url_nothing_is_made(tmp_path):
    SiteProject.small(tmp_path / "project")
    _, newsletter = newsletter_of(tmp_path / "project", site_url="")
    assert newsletter.outputs == []
    assert [f.rule for f in newsletter.findings] == ["newsletter.site-url"]


def test_brand_colour_is_used_and_checked(tmp_path):
    SiteProject.small(tmp_path / "project")
    _, newsletter = newsletter_of(tmp_path / "project", brand_color="#aa3366")
    assert "background:#aa3366" in newsletter.emails[JOURNEY].html
    _, newsletter = newsletter_of(tmp_path / "project", brand_color="red;x")
    assert newsletter.outputs == []
    assert [f.rule for f in newsletter.findings] == ["newsletter.brand-color"]


def test_editors_can_override_a_template(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    default = Path(__file__).parent.parent / "scripts/reisverhaal/templates/newsletter"
    own = (default / "step.mjml.j2").read_text().replace("Lees verder", "Lees het hele verhaal")
    site.write("templates/newsletter/step.mjml.j2", own)
    _, newsletter = newsletter_of(tmp_path / "project")
    assert "Lees het hele verhaal" in newsletter.emails[JOURNEY].html
    assert "Lees verder" not in newsletter.emails[JOURNEY].html


def test_a_broken_template_is_a_finding_not_a_traceback(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.write("templates/newsletter/step.mjml.j2", "<mj-section>{{ step.meta.title </mj-section>")
    _, newsletter = newsletter_of(tmp_path / "project")
    errors = [f for f in newsletter.findings if f.rule == "newsletter.template"]
    assert errors and errors[0].path == "templates/newsletter/step.mjml.j2"
    assert errors[0].line == 1
    assert [block.step for block in newsletter.blocks[JOURNEY]] == [None]


def test_invalid_mjml_from_an_editor_template_is_a_finding(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.write("templates/newsletter/step.mjml.j2", "<mj-section><mj-column>")
    _, newsletter = newsletter_of(tmp_path / "project")
    assert {f.rule for f in newsletter.findings} == {"newsletter.mjml"}
    assert [block.step for block in newsletter.blocks[JOURNEY]] == [None]


def test_two_builds_give_the_same_bytes(built, tmp_path):
    project, newsletter = built
    again = build_newsletter(prepare(project.settings))
    assert again.outputs == newsletter.outputs
    assert again.images == newsletter.images


@given(
    base=st.text(st.sampled_from("abc xyz?éü")),
    campaign=st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
    content=st.none() | st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
)
def test_tracked_links_keep_their_own_query_and_replace_old_tags(base, campaign, content):
    url = f"{SITE_URL}journeys/knie/?x={base}&utm_source=facebook"
    query = parse_qs(urlsplit(tracked(url, campaign, content)).query, keep_blank_values=True)
    assert query["utm_source"] == ["newsletter"]
    assert query["utm_medium"] == ["email"]
    assert query["utm_campaign"] == [campaign]
    assert query.get("utm_content") == ([content] if content else None)
    assert query["x"] == [base]


WORDS = st.text(
    st.characters(categories=["L", "N", "P", "S"], exclude_characters="\u2028\u2029\x85\ufeff"),
    min_size=1,
    max_size=40,
)
TITLES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
HOSTILE = st.sampled_from(
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "&amp; &lt;"]
)


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TITLES, hostile=HOSTILE, summary=TITLES)
def test_any_text_is_escaped_into_the_blocks(title, hostile, summary):
    with tempfile.TemporaryDirectory() as folder:
        site = SiteProject(Path(folder) / "project")
        site.journey(JOURNEY, title=f"{title} {hostile}", summary=summary[:150])
        site.step(JOURNEY, "01-stap.md", title=hostile, summary=f"{summary} {hostile}")
        _, newsletter = newsletter_of(Path(folder) / "project")
    assert not [f for f in newsletter.findings if f.level == "error"]
    for output in html_outputs(newsletter):
        soup = BeautifulSoup(output.content, "html.parser")
        assert not soup.find_all("script")
        assert not [img for img in soup.find_all("img")]
        expected = {
            "journey.html": [f"{title} {hostile}"],
            "stap.html": [hostile],
            "newsletter.html": [f"{title} {hostile}", hostile],
        }[output.uri.rsplit("/", 1)[-1]]
        assert [h.get_text() for h in soup.find_all("h2")] == expected
        for element in soup.find_all(True):
            assert not [name for name in element.attrs if name.startswith("on")]
    step_text = text_of(newsletter, f"deelkit/{JOURNEY}/newsletter/stap.txt")
    assert hostile in step_text


# Browser: every block and the e-mail, with its real images, at 320, 375 and 600 px.

WIDTHS = [320, 375, 600]


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    """The built blocks and their images in a folder, as a mail client would fetch them."""
    root = tmp_path_factory.mktemp("mailbox") / "project"
    site = illustrated(root)
    site.step(
        JOURNEY,
        "04-controle.md",
        title="Kniegewrichtsvervangingscontroleafspraak bij de fysiotherapeut",
        phase="after",
        when="+6w",
        summary="Neem mee: https://zorg.example.nl/een-heel-lange-link-die-niet-past-op-een-"
        "smal-scherm-zonder-afbreken-want-hij-is-veel-te-lang",
    )
    project, newsletter = newsletter_of(root)
    folder = root.parent / "site"
    for output in newsletter.outputs:
        path = folder / output.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output.content, encoding="utf-8")
    made = image_files.publish(
        newsletter.images, replace(project.settings, cache_dir=root / ".cache")
    )
    for output in made.outputs:
        path = folder / output.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.source.read_bytes())
    return folder, [output.uri for output in html_outputs(newsletter)]


@pytest.fixture(scope="module")
def browser():
    from browser import chromium

    with chromium() as browser:
        yield browser


def test_published_images_have_the_requested_size(mailbox):
    folder, _ = mailbox
    with Image.open(folder / f"deelkit/{JOURNEY}/img/newsletter-journey.jpg") as image:
        assert image.size == (1200, 600)


@pytest.mark.parametrize("width", WIDTHS)
def test_blocks_fit_without_horizontal_scrolling(browser, mailbox, width):
    from browser import has_horizontal_scroll, wider_than_viewport

    folder, uris = mailbox
    assert len(uris) == 1 + 1 + len(STEPS) + 1
    page = browser.new_page(viewport={"width": width, "height": 900})

    def from_folder(route):
        path = folder / urlsplit(route.request.url).path.lstrip("/")
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.abort()

    page.route(SITE_URL + "**", from_folder)
    loaded = 0
    for uri in uris:
        page.goto((folder / uri).as_uri())
        page.wait_for_load_state("load")
        assert not has_horizontal_scroll(page), (uri, wider_than_viewport(page))
        images = page.evaluate(
            "() => [...document.images].map(i => [i.naturalWidth, i.getBoundingClientRect().right])"
        )
        loaded += len(images)
        assert all(natural > 0 for natural, _ in images), uri
        assert all(right <= width + 0.5 for _, right in images), uri
        column = page.evaluate(
            "() => document.querySelector('[role=article] > div').getBoundingClientRect().width"
        )
        assert column == min(width, 600)
    page.close()
    assert loaded >= 5


def test_mjml_templates_are_escaped_and_page_templates_are_not():
    from reisverhaal.render.templating import environment

    env = environment(None)
    assert env.autoescape("newsletter/step.mjml.j2") is True
    assert env.autoescape("newsletter/step.txt.j2") is False
    assert env.autoescape("pages/step.md.j2") is False
