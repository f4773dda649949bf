"""Snippets (SPEC §4, §5): composed per step, platform and variant, consent-gated, fitted."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from itertools import product
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from conftest import SiteProject, build, consent_meta
from reisverhaal.checks.all_texts import TEMPLATE_PREFIX, snippet_findings
from reisverhaal.content.datafiles import shipped
from reisverhaal.content.posts import (
    HASHTAG,
    asks_reaction,
    post_body,
    post_cta,
    without_hashtags,
)
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline.build import prepare
from reisverhaal.render.compose import SNIPPETS_URI, build_snippets
from reisverhaal.render.platforms import find_urls, load_platforms, measure, within_limit
from reisverhaal.render.schedule import publish_time

SITE = "https://www.zorggroep-test.nl/"
TODAY = date(2027, 1, 15)
AUDIENCES = {
    "ouderen": Audience("ouderen", "Ouderen", "10:00"),
    "mantelzorgers": Audience("mantelzorgers", "Mantelzorgers", "19:30"),
}
ALL_PLATFORMS = ("facebook", "instagram", "linkedin", "x", "bluesky", "whatsapp", "tiktok")
QUOTE = "Na zes weken zat ik weer op de fiets."
RECORD_KEYS = [
    "journey",
    "step",
    "platform",
    "variant",
    "text",
    "length",
    "limit",
    "link",
    "image",
    "image_alt",
    "publish_at",
    "stories",
    "title",
]
PLATFORMS = load_platforms()
LINK_IN_BIO = shipped("labels").link_in_bio


def project_of(site: SiteProject, **options):
    options.setdefault("channels", ("website", "newsletter", *ALL_PLATFORMS))
    return prepare(
        Settings(
            root=site.root.resolve(),
            site_url=SITE,
            organisation="Zorggroep Test",
            today=TODAY,
            audiences=AUDIENCES,
            **options,
        )
    )


def snippets_of(site: SiteProject, **options):
    return build_snippets(project_of(site, **options))


def pick(result, step="eerste-gesprek", platform="facebook", variant=None):
    found = [
        s for s in result.snippets if (s.step, s.platform, s.variant) == (step, platform, variant)
    ]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project")


# --- consent ----------------------------------------------------------------------------


def test_story_quote_only_on_platforms_its_consent_covers(site):
    result = snippets_of(site)
    first = [s for s in result.snippets if s.step == "eerste-gesprek"]
    assert {s.platform for s in first} == set(ALL_PLATFORMS)
    for snippet in first:
        if snippet.platform == "facebook":
            assert QUOTE in snippet.text
            assert "Wilma" in snippet.text
            assert snippet.stories == ("wilma-fietst",)
        else:
            assert QUOTE not in snippet.text, snippet.platform
            assert "Wilma" not in snippet.text, snippet.platform
            assert snippet.stories == ()


@pytest.mark.parametrize(
    "consent",
    [
        {"withdrawn": date(2026, 12, 1)},
        {"expires": date(2027, 1, 1)},
        {"given": date(2027, 2, 1)},
    ],
    ids=["withdrawn", "expired", "not-yet"],
)
def test_story_quote_nowhere_without_valid_consent(site, consent):
    site.story("wilma-fietst", consent=consent_meta(**consent))
    result = snippets_of(site)
    assert result.snippets
    assert all(QUOTE not in s.text and s.stories == () for s in result.snippets)
    assert "wilma" not in result.outputs[0].content.lower()


@pytest.mark.parametrize(
    ("consent", "quoted"),
    [
        ({"expires": date(2027, 2, 26)}, False),  # ends on the day the post goes out
        ({"expires": date(2027, 2, 27)}, True),  # holds through that day
        ({"withdrawn": date(2027, 2, 1)}, False),  # withdrawal already announced
    ],
)
def test_a_scheduled_post_quotes_a_story_only_if_consent_holds_when_it_goes_out(
    site, consent, quoted
):
    """Valid today is not enough: the first conversation's posts go out on 26 February."""
    site.story("wilma-fietst", consent=consent_meta(**consent))
    result = snippets_of(site)
    post = pick(result, platform="facebook")
    assert post.publish_at.date() == date(2027, 2, 26)
    assert (QUOTE in post.text) is quoted and (post.stories == ("wilma-fietst",)) is quoted
    notes = [f for f in result.findings if f.rule == "consent.before-post"]
    assert len(notes) == (0 if quoted else 1)
    if notes:
        assert notes[0].level == "info" and notes[0].line is not None
        assert "wilma-fietst" in notes[0].message and "eerste-gesprek" in notes[0].message


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(covered=st.sets(st.sampled_from(ALL_PLATFORMS)))
def test_quote_appears_exactly_where_consent_reaches(covered):
    with tempfile.TemporaryDirectory() as folder:
        site = SiteProject.small(Path(folder) / "project")
        site.story("wilma-fietst", consent=consent_meta(channels=["website", *sorted(covered)]))
        result = snippets_of(site)
        quoted = {s.platform for s in result.snippets if QUOTE in s.text}
        credited = {s.platform for s in result.snippets if s.stories == ("wilma-fietst",)}
        assert quoted == credited == set(covered)


# --- composition ------------------------------------------------------------------------


def test_tracked_link_is_absolute_step_url_with_utm_parameters(site):
    snippet = pick(snippets_of(site), platform="x")
    assert snippet.link == (
        f"{SITE}trajecten/knie/eerste-gesprek/?utm_source=x&utm_medium=social"
        "&utm_campaign=knie&utm_content=eerste-gesprek"
    )
    assert snippet.link in snippet.text
    for other in snippets_of(site).snippets:
        if other.link is None:
            continue
        parts = urlsplit(other.link)
        assert parts.scheme == "https" and other.link.startswith(SITE)
        assert parse_qs(parts.query) == {
            "utm_source": [other.platform],
            "utm_medium": ["social"],
            "utm_campaign": [other.journey],
            "utm_content": [other.step],
        }


@pytest.mark.parametrize("platform", ["instagram", "tiktok"])
def test_no_url_on_instagram_and_tiktok_but_a_link_in_bio_line(site, platform):
    site.journey("knie", cta="Kijk op onze website: https://www.zorggroep-test.nl/knie")
    result = snippets_of(site)
    for snippet in (s for s in result.snippets if s.platform == platform):
        assert find_urls(snippet.text) == []
        assert snippet.link is None
        assert LINK_IN_BIO in snippet.text
        # The journey as the link-in-bio page lists it, so a reader knows what to tap there.
        assert "Kies daar ‘Je nieuwe knie’." in snippet.text


def test_call_to_action_and_hashtags_from_journey_step_variant_and_override(site):
    site.journey("knie", cta="Stel je vraag in de reacties.", hashtags=["nieuweknie", "zorg"])
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        variants={
            "ouderen": {
                "summary": "Het gesprek duurt een uur. Neem je medicijnen mee.",
                "hashtags": ["ouderen"],
                "cta": "Bel ons gerust.",
            }
        },
        posts={"linkedin": {"text": "Een tekst voor LinkedIn.", "hashtags": ["werk"]}},
    )
    result = snippets_of(site)
    default = pick(result)
    assert default.text.startswith("In het eerste gesprek hoor je")
    assert "Stel je vraag in de reacties." in default.text
    assert default.text.endswith("#nieuweknie #zorg")

    variant = pick(result, variant="ouderen")
    assert variant.text.startswith("Het gesprek duurt een uur.")
    assert "Bel ons gerust." in variant.text
    assert variant.text.endswith("#ouderen #nieuweknie #zorg")

    linkedin = pick(result, platform="linkedin")
    assert linkedin.text.startswith("Een tekst voor LinkedIn.")
    assert linkedin.text.endswith("#werk #nieuweknie #zorg")
    assert "Een tekst voor LinkedIn." not in pick(result, platform="x").text


MEETING_CTA = "Kom je ook? Laat het weten in de reacties."


def meeting(site: SiteProject) -> None:
    """The small site's journey as an information evening, with a variant and an override
    that ask for reactions too, and an after-phase step with its own call to action."""
    site.journey("knie", kind="meeting", cta=MEETING_CTA)
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        variants={"ouderen": {"summary": "Er is koffie.", "cta": "Reageer hieronder!"}},
        posts={"whatsapp": {"cta": "Zet je vraag in een reactie."}, "x": {"cta": "Tot dan!"}},
    )
    site.step(
        "knie",
        "04-terugblik.md",
        title="Terugblik",
        phase="after",
        when="+1d",
        summary="Het was een mooie avond.",
        posts={"facebook": {"cta": "Wat vond jij ervan? Vertel het in de reacties."}},
    )


def test_no_whatsapp_post_asks_for_reactions(site):
    """A WhatsApp channel has no comments: whoever wrote the call to action, it goes."""
    meeting(site)
    result = snippets_of(site)
    whatsapp = [s for s in result.snippets if s.platform == "whatsapp"]
    assert len(whatsapp) == 5
    for snippet in whatsapp:
        assert not asks_reaction(snippet.text), snippet.text
        assert snippet.link and snippet.link in snippet.text
    assert PLATFORMS["whatsapp"].responses == "forwarding"
    facebook = pick(result, platform="facebook")
    assert MEETING_CTA in facebook.text and asks_reaction(facebook.text)
    assert "Reageer hieronder!" in pick(result, platform="bluesky", variant="ouderen").text


def test_a_whatsapp_text_that_asks_for_reactions_is_a_warning_at_its_line(site):
    """The editor's own words are not cut: the build says where to write another text."""
    path = site.step("knie", "01-eerste-gesprek.md", summary="Wat denk jij? Reageer hieronder.")
    result = snippets_of(site)
    (finding,) = [f for f in result.findings if f.rule == "snippet.asks-reaction"]
    assert (finding.level, finding.path) == ("warning", "journeys/knie/01-eerste-gesprek.md")
    assert path.read_text("utf-8").splitlines()[finding.line - 1].startswith("summary:")
    assert "WhatsApp" in finding.message and "`posts:`" in finding.message
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        summary="Wat denk jij? Reageer hieronder.",
        posts={"whatsapp": {"text": "Wat denk jij? Lees het via de link."}},
    )
    assert not [f for f in snippets_of(site).findings if f.rule == "snippet.asks-reaction"]


def test_a_meeting_s_call_to_action_only_before_it(site):
    """«Kom je ook?» goes into the posts before the event, not into those after it; a step's
    own call to action goes with its posts in any phase."""
    meeting(site)
    project = project_of(site)
    result = build_snippets(project)
    phases = {step.slug: step.meta.phase for step in project.content.journey("knie").steps}
    for snippet in result.snippets:
        own = snippet.variant or (snippet.step, snippet.platform) in {
            ("eerste-gesprek", "x"),
            ("eerste-gesprek", "whatsapp"),
            ("terugblik", "facebook"),
        }
        said = "Kom je ook" in snippet.text
        assert said == (
            phases[snippet.step] == "before" and not own and snippet.platform != "whatsapp"
        )
    assert "Wat vond jij ervan?" in pick(result, step="terugblik", platform="facebook").text
    assert "Tot dan!" in pick(result, platform="x").text


def test_a_treatment_s_call_to_action_goes_into_every_phase(site):
    site.journey("knie", cta="Heb je een vraag? Bel ons gerust.")
    result = snippets_of(site)
    for step in ("eerste-gesprek", "operatie", "thuis"):
        assert "Bel ons gerust." in pick(result, step=step).text
        assert "Bel ons gerust." in pick(result, step=step, platform="whatsapp").text


VARIANT_TEXT = "U wordt door de arts gebeld."
OVERRIDE_TEXT = "U wordt door de verpleegkundige gebeld."
VARIANT_CTA = "U wordt door ons teruggebeld."
OVERRIDE_CTA = "U wordt door de balie geholpen."
JOURNEY_CTA = "Stel je vraag in de reacties."


@pytest.mark.parametrize(
    ("variant_text", "variant_cta", "override_text", "override_cta"),
    list(product([False, True], repeat=4)),
)
def test_one_rule_chooses_a_post_s_texts_for_composing_and_for_checking(
    site, variant_text, variant_cta, override_text, override_cta
):
    """Variant, then the platform's override, then the step (call to action: the journey).
    The texts are passive on purpose: were the check to read another text than the post was
    made of, it would report their sentences as the template's own."""
    variant = {"summary": VARIANT_TEXT} if variant_text else {}
    variant |= {"cta": VARIANT_CTA} if variant_cta else {}
    override = {"text": OVERRIDE_TEXT} if override_text else {}
    override |= {"cta": OVERRIDE_CTA} if override_cta else {}
    site.journey("knie", cta=JOURNEY_CTA)
    path = site.step(
        "knie",
        "01-eerste-gesprek.md",
        variants={"ouderen": variant} if variant else {},
        posts={"facebook": override} if override else {},
    )
    project = project_of(site)
    result = build_snippets(project)
    journey = project.content.journey("knie")
    step = journey.step("eerste-gesprek")
    key = "ouderen" if variant else None
    snippet = pick(result, variant=key)
    body, cta = post_body(step, "facebook", key), post_cta(journey, step, "facebook", key)

    expected = VARIANT_TEXT if variant_text else OVERRIDE_TEXT if override_text else None
    assert body.text == (expected or step.meta.summary)
    written = path.read_text(encoding="utf-8").splitlines()
    assert written[body.line - 1].lstrip().startswith(f"{body.key[-1]}:")
    assert body.key[0] == ("variants" if variant_text else "posts" if override_text else "summary")
    assert (cta.text, cta.owner) == (
        (VARIANT_CTA, step)
        if variant_cta
        else (OVERRIDE_CTA, step)
        if override_cta
        else (JOURNEY_CTA, journey)
    )
    assert snippet.text.startswith(body.text) and cta.text in snippet.text
    findings = snippet_findings(result.snippets, project.content, project.settings)
    assert not [f for f in findings if f.message.startswith(TEMPLATE_PREFIX)]


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Tot ziens in #2027 en #zorg2027!", ["zorg2027"]),
        ("#NieuweKnie, #knie_2 en #1", ["NieuweKnie", "knie_2"]),
        ("Mail ons; a&#39;b en ##dubbel of x#y", []),
    ],
)
def test_a_hashtag_has_a_letter_as_on_x_and_instagram(text, tags):
    assert HASHTAG.findall(text) == tags
    assert not HASHTAG.findall(without_hashtags(text))
    assert all(f"#{tag}" not in without_hashtags(text) for tag in tags)


def test_hashtags_up_to_the_platform_maximum(site):
    tags = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven"]
    site.journey("knie", hashtags=tags)
    for snippet in snippets_of(site).snippets:
        used = [word[1:] for word in snippet.text.split() if word.startswith("#")]
        assert used == tags[: PLATFORMS[snippet.platform].hashtags], snippet.platform


def test_every_variant_gets_its_own_snippets(site):
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        variants={
            "mantelzorgers": {"summary": "Als naaste mag je mee naar het gesprek."},
            "ouderen": {"summary": "Het gesprek duurt een uur."},
        },
    )
    result = snippets_of(site)
    first = [s for s in result.snippets if s.step == "eerste-gesprek"]
    assert len(first) == 3 * len(ALL_PLATFORMS)
    for platform in ALL_PLATFORMS:
        variants = [s.variant for s in first if s.platform == platform]
        assert variants == [None, "ouderen", "mantelzorgers"]  # the site's audience order
        text = pick(result, platform=platform, variant="mantelzorgers").text
        assert text.startswith("Als naaste mag je mee")


def test_posts_false_and_journey_channels_switch_platforms_off(site):
    site.step("knie", "01-eerste-gesprek.md", posts={"linkedin": False, "x": False})
    result = snippets_of(site)
    first = {s.platform for s in result.snippets if s.step == "eerste-gesprek"}
    assert first == set(ALL_PLATFORMS) - {"linkedin", "x"}
    assert {s.platform for s in result.snippets if s.step == "operatie"} == set(ALL_PLATFORMS)

    site.journey("knie", channels=["website", "facebook", "x"])
    result = snippets_of(site)
    assert {s.platform for s in result.snippets} == {"facebook", "x"}
    assert {s.platform for s in result.snippets if s.step == "eerste-gesprek"} == {"facebook"}


def test_site_channels_limit_platforms_and_their_order(site):
    result = snippets_of(site, channels=("website", "x", "facebook"))
    order = [s.platform for s in result.snippets if s.step == "operatie"]
    assert order == ["x", "facebook"]


def test_no_link_when_the_journey_has_no_website_pages(site):
    site.journey("knie", channels=["facebook", "instagram"])
    result = snippets_of(site)
    assert result.snippets
    assert all(s.link is None and find_urls(s.text) == [] for s in result.snippets)
    assert all(LINK_IN_BIO not in s.text for s in result.snippets)


# --- fitting ----------------------------------------------------------------------------


def test_every_snippet_within_its_limit_by_the_platform_count(site):
    long = " ".join(["Dit is een zin over de knie die best lang is."] * 40)
    site.step("knie", "02-operatie.md", title="De operatie", phase="during", summary=long)
    result = snippets_of(site)
    assert not [f for f in result.findings if f.level == "error"]
    for snippet in result.snippets:
        platform = PLATFORMS[snippet.platform]
        assert snippet.length == measure(snippet.text, platform)
        assert snippet.length <= snippet.limit == platform.limit
        assert within_limit(snippet.text, platform)
    x = pick(result, step="operatie", platform="x")
    assert x.link in x.text
    assert ("knie", "operatie", "x", None) in result.shortened
    assert ("knie", "operatie", "facebook", None) not in result.shortened


def test_too_long_fails_naming_step_file_and_platform(site):
    sentence = "Tijdens het eerste gesprek " + " ".join(["bespreken we heel uitgebreid"] * 16)
    assert len(sentence) > 300
    site.step("knie", "01-eerste-gesprek.md", summary=sentence + ".", story="wilma-fietst")
    result = snippets_of(site)
    errors = [f for f in result.findings if f.level == "error"]
    assert {f.path for f in errors} == {"journeys/knie/01-eerste-gesprek.md"}
    assert {f.rule for f in errors} == {"snippet.too-long"}
    assert any("X" in f.message and "eerste-gesprek" in f.message for f in errors)
    assert all(f.line is not None for f in errors)
    failed = {f.message.split(" past niet op ")[1].split(":")[0] for f in errors}
    assert "X" in failed and "Bluesky" in failed and "Facebook" not in failed
    assert pick(result, platform="x") is None
    assert pick(result, platform="facebook") is not None


# --- images -----------------------------------------------------------------------------


def test_platform_images_from_the_step_else_the_journey_never_the_story_photo(site):
    site.image("journeys/knie/media/knie.jpg", size=(1600, 1200))
    site.image("journeys/knie/media/gesprek.jpg", size=(1600, 1200))
    site.image("stories/wilma-fietst/wilma.jpg", size=(800, 800))
    site.journey("knie", image="media/knie.jpg", image_alt="Een knie in verband.")
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        image="media/gesprek.jpg",
        image_alt="Een arts praat met een vrouw.",
        focus=[0.3, 0.6],
    )
    site.story(
        "wilma-fietst",
        image="wilma.jpg",
        image_alt="Wilma op de fiets.",
        consent=consent_meta(photo=True, channels=["website", "facebook"]),
    )
    result = snippets_of(site)
    sources = {request.source.name for request in result.images}
    assert sources == {"gesprek.jpg", "knie.jpg"}

    first = pick(result)
    assert first.image == "deelkit/knie/img/eerste-gesprek-facebook.jpg"
    assert first.image_alt == "Een arts praat met een vrouw."
    second = pick(result, step="operatie", platform="x")
    assert second.image == "deelkit/knie/img/operatie-x.jpg"
    assert second.image_alt == "Een knie in verband."

    requests = {request.uri: request for request in result.images}
    facebook = requests["deelkit/knie/img/eerste-gesprek-facebook.jpg"]
    assert (facebook.size, facebook.focus, facebook.fit) == ((1200, 630), (0.3, 0.6), False)
    assert requests["deelkit/knie/img/eerste-gesprek-instagram.jpg"].size == (1080, 1350)
    assert requests["deelkit/knie/img/eerste-gesprek-instagram-story.jpg"].size == (1080, 1920)
    assert all(not request.public for request in result.images)
    assert len(requests) == len(result.images)


def test_no_image_without_step_or_journey_image(site):
    result = snippets_of(site)
    assert result.images == []
    assert all(s.image is None and s.image_alt is None for s in result.snippets)


# --- schedule, templates, snippets.json -------------------------------------------------


def test_publish_time_per_audience(site):
    site.step("knie", "01-eerste-gesprek.md", variants={"mantelzorgers": {"summary": "Kom mee."}})
    project = project_of(site)
    result = build_snippets(project)
    journey = project.content.journey("knie")
    step = journey.step("eerste-gesprek")
    default, carers = pick(result), pick(result, variant="mantelzorgers")
    assert default.publish_at == publish_time(journey, step, None, project.settings)
    assert default.publish_at.isoformat() == "2027-02-26T10:00:00+01:00"
    assert carers.publish_at.isoformat() == "2027-02-26T19:30:00+01:00"


def test_editors_template_for_a_platform_is_used(site):
    site.write(
        "templates/snippets/linkedin.txt.j2",
        "Nieuws van {{ settings.organisation }}: {{ parts.body }}\n\n{{ parts.link }}\n",
    )
    result = snippets_of(site)
    linkedin = pick(result, platform="linkedin")
    assert linkedin.text == (
        "Nieuws van Zorggroep Test: In het eerste gesprek hoor je wat er gaat gebeuren.\n\n"
        + linkedin.link
    )
    assert pick(result, platform="facebook").text.startswith("In het eerste gesprek")


def test_broken_editor_template_is_a_finding_not_a_traceback(site):
    site.write("templates/snippets/x.txt.j2", "{{ parts.body }\n")
    result = snippets_of(site)
    problems = [f for f in result.findings if f.rule == "snippet.template"]
    assert len(problems) == 1
    assert problems[0].path == "templates/snippets/x.txt.j2"
    assert problems[0].level == "error"
    assert not [s for s in result.snippets if s.platform == "x"]
    assert pick(result, platform="facebook") is not None


def test_snippets_json_has_the_spec_fields_in_a_stable_deterministic_order(site):
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        variants={"ouderen": {"summary": "Kort."}},
    )
    result = snippets_of(site)
    [output] = result.outputs
    assert output.uri == SNIPPETS_URI and output.public is False
    records = json.loads(output.content)
    assert records == [snippet.as_record() for snippet in result.snippets]
    assert all(list(record) == RECORD_KEYS for record in records)
    steps = [r["step"] for r in records]
    assert steps == sorted(steps, key=["eerste-gesprek", "operatie", "thuis"].index)
    assert records[0]["publish_at"] == "2027-02-26T10:00:00+01:00"
    assert records[0]["stories"] == ["wilma-fietst"]
    again = snippets_of(site).outputs[0].content
    assert again == output.content
    assert snippets_of(site, share_kit_public=True).outputs[0].public is True


def test_a_post_that_cannot_fit_stops_the_build_even_without_strict(site):
    sentence = "Tijdens het eerste gesprek " + " ".join(["bespreken we heel uitgebreid"] * 16)
    site.step("knie", "01-eerste-gesprek.md", summary=sentence + ".")
    with pytest.raises(Abort) as stopped:
        build(site.root)
    notes = "\n".join(stopped.value.__notes__)
    assert "ERROR: journeys/knie/01-eerste-gesprek.md" in notes
    assert "stap 'eerste-gesprek' past niet op X" in notes
    assert "bericht(en) passen niet op hun platform" in notes


def test_a_built_site_s_posts_fit_their_composer_platform_and_phase(tmp_path):
    """Issue 18 on a real `mkdocs build --strict`: the issue's mantelzorgers post whole on
    Bluesky, no WhatsApp post that asks for reactions, no «Kom je ook?» after the evening,
    no post ending on a cut-off word."""
    channels = ["website", "bluesky", "whatsapp", "instagram", "x", "facebook"]
    site = SiteProject.small(tmp_path / "project", channels=channels)
    site.journey("knie", kind="meeting", cta=MEETING_CTA, audiences=["mantelzorgers"])
    summary = (
        "Zorgt u voor iemand die een nieuwe heup krijgt? Help een week mee met kleine dingen "
        "in huis, zoals boodschappen en de was. Samen houdt u het vol."
    )
    site.step("knie", "01-eerste-gesprek.md", variants={"mantelzorgers": {"summary": summary}})
    built = build(site.root, strict=True)
    records = json.loads((built.site / "deelkit" / "snippets.json").read_text("utf-8"))
    phases = {"eerste-gesprek": "before", "operatie": "during", "thuis": "after"}
    assert {r["platform"] for r in records} == set(channels) - {"website"}
    for record in records:
        assert "…" not in record["text"], record
        assert record["length"] <= record["limit"]
        if record["platform"] == "whatsapp":
            assert not asks_reaction(record["text"]), record["text"]
        if phases[record["step"]] != "before":
            assert "Kom je ook" not in record["text"], record
    bluesky = next(
        r
        for r in records
        if (r["step"], r["platform"], r["variant"])
        == ("eerste-gesprek", "bluesky", "mantelzorgers")
    )
    assert bluesky["text"].startswith(summary) and len(bluesky["text"]) > 300
    assert MEETING_CTA in bluesky["text"]
