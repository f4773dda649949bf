"""Plain Dutch and personal data in content and snippets (issue 7), and the share kit's badge."""

from __future__ import annotations

import importlib.util
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from conftest import SiteProject, build, consent_meta, line_of, tree_bytes
from reisverhaal.checks.all_texts import (
    TEMPLATE_PREFIX,
    readability_badges,
    snippet_findings,
    step_prose,
    writing_findings,
)
from reisverhaal.checks.plain_dutch import readability
from reisverhaal.content.load import load_content
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline.build import prepare
from reisverhaal.render.compose import build_snippets

EXAMPLE = Path(__file__).resolve().parent.parent
TODAY = date(2027, 1, 15)
AUDIENCES = {
    "ouderen": Audience("ouderen", "Ouderen", "10:00"),
    "mantelzorgers": Audience("mantelzorgers", "Mantelzorgers", "19:30"),
}
EXAMPLE_AUDIENCES = {
    "ouderen": Audience("ouderen", "Ouderen", "10:00"),
    "jongeren": Audience("jongeren", "Jongeren", "20:00"),
    "mantelzorgers": Audience("mantelzorgers", "Mantelzorgers", "19:30"),
}
PLATFORMS = ("facebook", "instagram", "linkedin", "x", "bluesky", "whatsapp")
LONG = (
    "Tijdens het eerste gesprek in het ziekenhuis bespreekt de arts uitgebreid met jou en je "
    "familie welke behandeling het beste bij je past."
)
PASSIVE = "Je wordt door de verpleegkundige gebeld."
STEP = "journeys/knie/01-eerste-gesprek.md"


def settings_for(root: Path, audiences=AUDIENCES, **options) -> Settings:
    options.setdefault("channels", ("website", "newsletter", *PLATFORMS))
    return Settings(
        root=root.resolve(),
        site_url="https://www.zorggroep-test.nl/",
        organisation="Zorggroep Test",
        today=TODAY,
        audiences=audiences,
        **options,
    )


def check(site: SiteProject, **options):
    config = settings_for(site.root, **options)
    content = load_content(config.root, config.audiences)
    assert content.findings == []
    return writing_findings(content, config)


def check_snippets(site: SiteProject, **options):
    project = prepare(settings_for(site.root, **options))
    snippets = build_snippets(project)
    assert snippets.findings == []
    return snippets.snippets, snippet_findings(snippets.snippets, project.content, project.settings)


def rules_at(findings) -> list[tuple[str, int | None, str]]:
    """Where each finding is, leaving out rare words (advice these tests do not plan)."""
    return sorted((f.path, f.line, f.rule) for f in findings if f.rule != "tone.rare-word")


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project")


# --- content -----------------------------------------------------------------------------


def test_small_site_is_plain_dutch(site):
    assert check(site) == []


def test_every_front_matter_text_is_checked_at_the_line_of_its_key(site):
    path = site.step(
        "knie",
        "01-eerste-gesprek.md",
        expect=LONG,
        prepare=PASSIVE,
        outcome="Na de artroscopie ga je naar huis.",
        image="media/gesprek.jpg",
        image_alt="Een arts bel je op 06-12345678 voor een afspraak.",
        variants={"ouderen": {"summary": LONG, "cta": "Mail naar jan@example.nl."}},
        posts={"x": {"text": PASSIVE, "cta": LONG}, "linkedin": False},
    )
    site.image("journeys/knie/media/gesprek.jpg")
    found = check(site)
    assert rules_at(found) == sorted(
        [
            (STEP, line_of(path, "expect:"), "tone.long-sentence"),
            (STEP, line_of(path, "prepare:"), "tone.passive"),
            (STEP, line_of(path, "outcome:"), "tone.jargon"),
            (STEP, line_of(path, "image_alt:"), "privacy.phone"),
            (STEP, line_of(path, "summary: " + LONG[:20]), "tone.long-sentence"),
            (STEP, line_of(path, "cta: Mail"), "privacy.email"),
            (STEP, line_of(path, "text:"), "tone.passive"),
            (STEP, line_of(path, "cta: " + LONG[:20]), "tone.long-sentence"),
        ]
    )
    jargon = next(f for f in found if f.rule == "tone.jargon")
    assert "'artroscopie'" in jargon.message and "kijkoperatie" in jargon.message
    long = next(f for f in found if f.rule == "tone.long-sentence")
    assert "(23 woorden, hooguit 20)" in long.message and "welke behandeling" in long.message


def test_journey_texts_and_body_lines(site):
    body = "Zo gaat het.\n\nDaarna lees je verder.\n" + LONG + "\n"
    path = site.journey("knie", body=body, cta=PASSIVE, image="media/knie.jpg", image_alt=LONG)
    site.image("journeys/knie/media/knie.jpg")
    found = check(site)
    journey = "journeys/knie/index.md"
    assert rules_at(found) == sorted(
        [
            (journey, line_of(path, "cta:"), "tone.passive"),
            (journey, line_of(path, "image_alt:"), "tone.long-sentence"),
            (journey, line_of(path, LONG[:20]), "tone.long-sentence"),
        ]
    )


def test_sentence_lines_in_a_value_written_below_its_key(site):
    path = site.write(
        STEP,
        "---\ntitle: Het eerste gesprek\nphase: before\nsummary: |\n  Je praat met de arts.\n"
        f"  {LONG}\nexpect: >-\n  {PASSIVE}\n---\nJe praat met de arts.\n",
    )
    found = check(site)
    assert rules_at(found) == [
        (STEP, line_of(path, "Tijdens het eerste"), "tone.long-sentence"),
        (STEP, line_of(path, PASSIVE), "tone.passive"),
    ]


def test_titles_are_too_short_for_a_score_but_not_for_jargon(site):
    site.step("knie", "01-eerste-gesprek.md", title="Multidisciplinaire intraveneuze artroscopie")
    found = check(site)
    assert {f.rule for f in found} == {"tone.jargon"}


def test_a_quote_is_the_clients_own_words_personal_data_only(site):
    path = site.story(
        "wilma-fietst",
        quote=f"{LONG} {PASSIVE} Bel me op 06-12345678.",
        summary="Wilma kreeg een nieuwe knie en vertelt hoe het ging.",
    )
    found = check(site)
    story = "stories/wilma-fietst/index.md"
    assert rules_at(found) == [(story, line_of(path, "quote:"), "privacy.phone")]
    assert "06-12345678" not in found[0].message


def test_story_summary_body_and_consent_reference(site):
    path = site.story(
        "wilma-fietst",
        body="Ik was eerst bang.\n\nMijn e-mail is wilma@example.nl.\n",
        summary=LONG,
        consent=consent_meta(reference="111222333"),
    )
    found = check(site)
    story = "stories/wilma-fietst/index.md"
    assert rules_at(found) == sorted(
        [
            (story, line_of(path, "summary:"), "tone.long-sentence"),
            (story, line_of(path, "Mijn e-mail"), "privacy.email"),
            (story, line_of(path, "reference:"), "privacy.bsn"),
        ]
    )


def test_location_is_checked_for_personal_data_not_for_tone(site):
    site.journey(
        "knie",
        location="Dorpsstraat 12, 1234 AB Utrecht, bij de grote eikenboom aan de rand van het "
        "dorp naast de kerk en de bakker",
    )
    found = check(site)
    assert [f.rule for f in found] == ["privacy.address"]
    allowed = check(site, privacy_allowed=("Dorpsstraat 12, 1234 AB Utrecht",))
    assert allowed == []


CORPUS = Path(__file__).resolve().parent / "data"
HARD_TEXT = (CORPUS / "moeilijk" / "07-coloscopie.md").read_text(encoding="utf-8")
PLAIN_TEXT = (CORPUS / "b1" / "11-hoesten.md").read_text(encoding="utf-8")


def test_readability_and_sentence_length_follow_the_settings(site):
    path = site.step("knie", "01-eerste-gesprek.md", body=HARD_TEXT)
    found = check(site)
    readability = [f for f in found if f.rule == "tone.readability"]
    # One finding for the page, at the line where its first text (the summary) starts.
    assert [(f.path, f.line, f.level) for f in readability] == [
        (STEP, line_of(path, "summary:"), "warning")
    ]
    assert "B1 vanaf 60" in readability[0].message
    assert not [f for f in check(site, min_score=-500) if f.rule == "tone.readability"]
    long = [f for f in found if f.rule == "tone.long-sentence"]
    assert len(long) >= 4 and any("gemiddeld" in f.message for f in long)
    relaxed = check(site, long_sentence_words=60, max_sentence_words=40)
    assert not [f for f in relaxed if f.rule == "tone.long-sentence"]


def test_plain_text_as_a_step_body_is_not_blocked(site):
    site.step("knie", "01-eerste-gesprek.md", body=PLAIN_TEXT)
    assert [f for f in check(site) if f.level != "info"] == []


def test_the_page_is_summary_expect_prepare_outcome_and_body_together(site):
    # The summary names a term that the body explains: no jargon finding for the page.
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        summary="Je krijgt een artroscopie.",
        body="Een artroscopie heet ook wel een kijkoperatie.\n",
    )
    assert [f for f in check(site) if f.rule == "tone.jargon"] == []
    # A term used in several texts of one page is reported once.
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        summary="Je krijgt een artroscopie.",
        expect="De artroscopie duurt kort.",
        body="Na de artroscopie ga je naar huis. De anamnese is eerst.\n",
    )
    jargon = [f for f in check(site) if f.rule == "tone.jargon"]
    assert sorted(re.search(r"'(\w+)'", f.message)[1] for f in jargon) == [
        "anamnese",
        "artroscopie",
    ]


def test_a_site_can_make_tone_advice_and_keep_privacy_strict(site):
    site.step("knie", "01-eerste-gesprek.md", body=HARD_TEXT + "\nBel 06-12345678.\n")
    levels = tuple((rule, "info") for rule in ("readability", "long-sentence", "passive", "jargon"))
    found = check(site, readability_levels=levels)
    assert {f.rule for f in found if f.level != "info"} == {"privacy.phone"}
    assert {f.rule for f in found if f.level == "info"} >= {"tone.readability", "tone.jargon"}


def test_email_on_the_site_s_own_domain_needs_no_listing(site):
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        summary="Mail naar info@zorggroep-test.nl of naar jan@example.nl.",
    )
    (finding,) = [f for f in check(site) if f.rule.startswith("privacy.")]
    assert finding.rule == "privacy.email" and "j***@example.nl" in finding.message
    assert "`privacy: {allowed: [...]}`" in finding.message and "mkdocs.yml" in finding.message


def test_findings_name_paths_relative_to_the_project(site):
    site.step("knie", "01-eerste-gesprek.md", expect=LONG)
    found = check(site)
    assert found and all(f.path == STEP and f.level == "warning" for f in found)


def test_personal_data_that_is_certain_is_an_error(site):
    site.step(
        "knie",
        "02-operatie.md",
        title="De operatie",
        phase="during",
        summary="Maak 100 euro over naar NL91ABNA0417164300.",
    )
    found = check(site)
    assert [(f.rule, f.level) for f in found] == [("privacy.iban", "error")]


TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(lambda value: value.strip())


@given(texts=st.lists(TEXT, min_size=4, max_size=4))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_in_any_field_gives_findings_within_the_file(texts):
    summary, expect, cta, body = texts
    with tempfile.TemporaryDirectory() as folder:
        site = SiteProject.small(Path(folder) / "project")
        path = site.step(
            "knie",
            "01-eerste-gesprek.md",
            body=body + "\n",
            summary=summary,
            expect=expect,
            variants={"ouderen": {"cta": cta}},
        )
        config = settings_for(site.root)
        content = load_content(config.root, config.audiences)
        if content.findings:
            return
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        for finding in writing_findings(content, config):
            assert finding.path in (STEP, "journeys/knie/index.md") or finding.path.startswith(
                ("journeys/knie/", "stories/")
            )
            if finding.path == STEP:
                assert 1 <= finding.line <= lines


def test_the_calibration_corpus_through_reisverhaal_check():
    """Each corpus text as a step body, checked by the command an editor runs (the README's
    figures): plain B1 passes `--strict`, hard text does not."""
    spec = importlib.util.spec_from_file_location(
        "tone_calibration", EXAMPLE / "tools" / "tone_calibration.py"
    )
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool
    spec.loader.exec_module(tool)
    results = tool.run()
    figures = tool.figures(results)
    plain, plain_total = figures["plain texts blocked"]
    hard, hard_total = figures["hard texts blocked"]
    found, _ = figures["hard texts with a tone finding"]
    assert plain_total >= 15 and hard_total >= 15
    assert plain <= 2
    assert hard >= 0.8 * hard_total
    assert found >= 0.9 * hard_total
    assert figures["readability pointers of five words or fewer"][0] == 0


# --- the example -------------------------------------------------------------------------


def test_the_example_is_plain_dutch_without_personal_data():
    config = settings_for(EXAMPLE, EXAMPLE_AUDIENCES, min_score=60, max_sentence_words=15)
    content = load_content(EXAMPLE, EXAMPLE_AUDIENCES)
    assert content.journeys and content.stories and content.findings == []
    found = writing_findings(content, config)
    assert [str(f) for f in found if f.level != "info"] == []
    assert {f.rule for f in found} <= {"tone.rare-word", "tone.passive"}


def test_the_examples_snippets_add_nothing_to_report():
    project = prepare(settings_for(EXAMPLE, EXAMPLE_AUDIENCES))
    snippets = build_snippets(project).snippets
    assert len({s.platform for s in snippets}) >= 5
    assert snippet_findings(snippets, project.content, project.settings) == []


def test_the_example_gets_a_b1_badge_for_every_step():
    content = load_content(EXAMPLE, EXAMPLE_AUDIENCES)
    badges = readability_badges(content, settings_for(EXAMPLE, EXAMPLE_AUDIENCES))
    steps = {(j.slug, s.slug) for j in content.journeys for s in j.steps}
    assert set(badges) == steps and len(steps) >= 15
    assert all(re.fullmatch(r"B1 · \d{2,3}", badge) for badge in badges.values())


# --- snippets ----------------------------------------------------------------------------


def test_a_long_sentence_is_reported_once_not_once_per_platform(site):
    path = site.step("knie", "01-eerste-gesprek.md", summary=LONG)
    config = settings_for(site.root)
    content = load_content(config.root, config.audiences)
    content_findings = writing_findings(content, config)
    assert rules_at(content_findings) == [(STEP, line_of(path, "summary:"), "tone.long-sentence")]
    snippets, found = check_snippets(site)
    assert sum(LONG[:30] in s.text for s in snippets) >= len(PLATFORMS)
    assert found == []


def test_personal_data_from_the_step_is_reported_at_the_step_only(site):
    site.step(
        "knie",
        "01-eerste-gesprek.md",
        summary="Bel de verpleegkundige op 06-12345678.",
        variants={"ouderen": {"summary": "Mail naar jan@example.nl."}},
    )
    site.journey("knie", cta="Vragen? Bel 06-87654321.")
    snippets, found = check_snippets(site)
    assert any("06-12345678" in s.text for s in snippets)
    assert any("jan@example.nl" in s.text for s in snippets)
    assert any("06-87654321" in s.text for s in snippets)
    assert found == []
    assert {f.rule for f in check(site) if f.rule != "tone.rare-word"} == {
        "privacy.phone",
        "privacy.email",
    }


def test_template_text_is_checked_and_reported_at_the_step(site):
    site.write(
        "templates/snippets/default.txt.j2",
        "{{ parts.body }}\n\n" + PASSIVE + " Of bel 06-11223344.\n\n"
        "{{ [parts.cta, parts.link] | select | join(' ') }}\n",
    )
    path = site.root / STEP
    site.step(
        "knie", "01-eerste-gesprek.md", variants={"ouderen": {"summary": "Je praat met de arts."}}
    )
    snippets, found = check_snippets(site)
    assert any(PASSIVE in s.text for s in snippets)
    at_step = [f for f in found if f.path == STEP]
    assert sorted((f.line, f.rule) for f in at_step) == sorted(
        [
            (line_of(path, "summary: In het"), "tone.passive"),
            (line_of(path, "summary: Je praat"), "tone.passive"),
            (line_of(path, "summary: In het"), "privacy.phone"),
            (line_of(path, "summary: Je praat"), "privacy.phone"),
        ]
    )
    assert all(f.message.startswith(TEMPLATE_PREFIX) for f in found)
    assert "06-11223344" not in " ".join(f.message for f in found)
    steps = {s.step for s in snippets}
    assert len(found) == 2 * (len(steps) + 1)


def test_a_story_quote_in_a_post_gets_no_tone_check(site):
    site.story(
        "wilma-fietst",
        quote=f"Het was zwaar. {PASSIVE}",
        consent=consent_meta(channels=["website", "newsletter", "facebook"]),
    )
    snippets, found = check_snippets(site)
    quoted = [s for s in snippets if s.stories]
    assert quoted and PASSIVE in quoted[0].text and "– Wilma" in quoted[0].text
    assert found == []


def test_a_sentence_cut_short_for_a_platform_is_not_reported_again(site):
    summary = " ".join(
        f"Je wordt gebeld op dag {n} door de verpleegkundige van de afdeling." for n in range(9)
    )
    site.step("knie", "01-eerste-gesprek.md", summary=summary)
    snippets, found = check_snippets(site)
    # A platform with a short limit keeps whole sentences: the first ones, not the ninth.
    cut = [s.text for s in snippets if "dag 0 " in s.text and "dag 8 " not in s.text]
    assert cut
    assert not any(re.search(r"Je wordt gebeld[^.]*…", text) for text in cut)
    assert found == []


def test_snippets_of_unknown_steps_are_left_alone(site):
    project = prepare(settings_for(site.root))
    snippets = build_snippets(project).snippets
    del project.content.journeys[0].steps[0]
    assert snippet_findings(snippets, project.content, project.settings) == []


# --- the badge ---------------------------------------------------------------------------


def test_badge_names_the_level_and_the_score(site):
    site.step(
        "knie",
        "02-operatie.md",
        title="De operatie",
        phase="during",
        summary="Multidisciplinaire revalidatieprogramma's optimaliseren functionele uitkomsten.",
        body="Medicamenteuze pijnbestrijding en psychosociale begeleiding ondersteunen "
        "postoperatieve mobilisatie.\n",
    )
    config = settings_for(site.root)
    badges = readability_badges(load_content(config.root, config.audiences), config)
    assert badges[("knie", "eerste-gesprek")].startswith("B1 · ")
    assert badges[("knie", "operatie")] == "moeilijk · 0"
    assert set(badges) == {("knie", "eerste-gesprek"), ("knie", "operatie"), ("knie", "thuis")}


@given(body=st.text(min_size=1, max_size=300), min_score=st.integers(0, 100))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_badge_score_is_shown_from_0_to_100_and_matches_the_level(body, min_score):
    with tempfile.TemporaryDirectory() as folder:
        site = SiteProject.small(Path(folder) / "project")
        site.step("knie", "01-eerste-gesprek.md", body=body)
        config = settings_for(site.root, min_score=min_score)
        content = load_content(config.root, config.audiences)
        step = content.journey("knie").step("eerste-gesprek")
        if step is None:
            return
        level, score = readability_badges(content, config)[("knie", "eerste-gesprek")].split(" · ")
        raw = readability(step_prose(step))
        assert 0 <= int(score) <= 100
        assert int(score) == min(100, max(0, round(raw)))
        assert level == ("B1" if raw >= min_score else "moeilijk")


# --- the example's logo ------------------------------------------------------------------


def test_example_logo_is_the_generators_transparent_linden_leaf():
    from PIL import Image

    spec = importlib.util.spec_from_file_location(
        "make_example_photos", EXAMPLE / "tools" / "make_example_photos.py"
    )
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool  # dataclasses look their module up while the tool loads
    spec.loader.exec_module(tool)
    logo = EXAMPLE / "templates" / "brand" / "logo.png"
    with Image.open(logo) as image:
        assert image.format == "PNG" and image.mode == "RGBA" and image.size == (512, 512)
        assert image.getpixel((0, 0))[3] == 0 and image.getpixel((511, 511))[3] == 0
        opaque = {pixel[:3] for pixel in image.get_flattened_data() if pixel[3] == 255}
        assert opaque == {(0x0B, 0x6E, 0x4F)}
        assert image.info == {}
    with tempfile.TemporaryDirectory() as folder:
        again = Path(folder) / "logo.png"
        tool.save_logo(again)
        assert again.read_bytes() == logo.read_bytes()


# The organisation's own jargon list: templates/jargon.yml


JARGON_STEP = "Het staat in het cliëntvolgsysteem. Daarna volgt een artroscopie. We meten je ADL.\n"


def jargon_site(tmp_path: Path, own: str | bytes) -> SiteProject:
    site = SiteProject.small(tmp_path / "project")
    site.step("knie", "01-eerste-gesprek.md", body=JARGON_STEP)
    site.write("templates/jargon.yml", own)
    return site


def jargon_words(findings) -> set[str]:
    return {
        re.search(r"Vaktaal '([^']+)'", f.message)[1] for f in findings if f.rule == "tone.jargon"
    }


def test_the_organisation_adds_changes_and_drops_jargon_in_templates(tmp_path):
    site = jargon_site(
        tmp_path,
        "cliëntvolgsysteem: je dossier\n"
        "artroscopie: false\n"
        "ADL: {plain: dagelijkse dingen zoals wassen en aankleden, exact: true}\n",
    )
    project = prepare(settings_for(site.root))
    at_step = [f for f in project.findings if f.path == STEP]
    assert jargon_words(at_step) == {"cliëntvolgsysteem", "ADL"}
    assert any("je dossier" in f.message for f in at_step)
    assert not [f for f in project.findings if f.rule.startswith("jargon.")]
    shipped = prepare(settings_for(jargon_site(tmp_path / "b", "").root))
    assert "artroscopie" in jargon_words(shipped.findings)
    assert "cliëntvolgsysteem" not in jargon_words(shipped.findings)


def test_a_bad_jargon_entry_is_skipped_with_a_warning_naming_file_and_word(tmp_path):
    site = jargon_site(tmp_path, "cliëntvolgsysteem: 3\nADL: {plain: dagelijks, soms: ja}\n")
    project = prepare(settings_for(site.root))
    entries = [f for f in project.findings if f.rule == "jargon.entry"]
    assert [(f.path, f.level) for f in entries] == [("templates/jargon.yml", "warning")] * 2
    assert "'cliëntvolgsysteem' is overgeslagen" in entries[0].message
    assert "'ADL' is overgeslagen" in entries[1].message
    assert "artroscopie" in jargon_words(project.findings)


@pytest.mark.parametrize(
    ("own", "hint", "line"),
    [
        ("cliëntvolgsysteem: [de stappen\nADL: x\n", "niet goed afgesloten", 1),
        ("- cliëntvolgsysteem\n- ADL\n", "moet een lijst van", None),
        (b"ADL: \xff\n", "geen UTF-8", None),
    ],
)
def test_an_unreadable_jargon_file_is_an_error_and_the_shipped_list_stays(
    tmp_path, own, hint, line
):
    project = prepare(settings_for(jargon_site(tmp_path, own).root))
    (problem,) = [f for f in project.findings if f.rule == "jargon.file"]
    assert (problem.path, problem.level, problem.line) == ("templates/jargon.yml", "error", line)
    assert hint in problem.message
    assert "artroscopie" in jargon_words(project.findings)


def test_the_build_and_the_share_kit_posts_use_the_organisation_s_list(tmp_path):
    site = jargon_site(tmp_path, "cliëntvolgsysteem: je dossier\n")
    site.step(
        "knie",
        "02-operatie.md",
        title="De operatie",
        phase="during",
        summary="Op de dag van de operatie krijg je een nieuwe knie.",
        posts={"facebook": {"text": "Zo loopt het cliëntvolgsysteem na de artroscopie."}},
    )
    built = build(site.root)
    assert any(
        "Vaktaal 'cliëntvolgsysteem'" in w and "01-eerste-gesprek.md" in w for w in built.warnings()
    )
    assert any(
        "Vaktaal 'cliëntvolgsysteem'" in w and "02-operatie.md" in w for w in built.warnings()
    )
    source = tree_bytes(site.root / "templates")
    with pytest.raises(Abort):
        build(site.root, strict=True)
    assert tree_bytes(site.root / "templates") == source
