"""Plain Dutch (B1): syllables, Flesch-Douma, long sentences, the passive, jargon."""

from __future__ import annotations

import dataclasses

import pyphen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reisverhaal import data
from reisverhaal.checks.text import prose, sentences, shorten
from reisverhaal.checks.tone import (
    _jargon,
    b1_level,
    dutch_syllables,
    flesch_douma,
    inflections,
    jargon_matches,
    passive,
    tone_findings,
)

SYLLABLES = {
    # The words hyphenation dictionaries get wrong.
    "over": 2,
    "eten": 2,
    "idee": 2,
    "operatie": 4,
    "beoordelen": 4,
    "geïnformeerd": 4,
    "ruïne": 3,
    "zeeën": 2,
    "poëzie": 3,
    "museum": 3,
    "ideeën": 3,
    "koeien": 2,
    "zorgverlener": 4,
    "fysiotherapeut": 5,
    "huisarts": 2,
    "thuiszorg": 2,
    "mantelzorger": 4,
    "afspraak": 2,
    # Vowel groups.
    "nieuw": 1,
    "nieuwe": 2,
    "eeuw": 1,
    "moeilijk": 2,
    "groeien": 2,
    "draaien": 2,
    "mooie": 2,
    "vrouwen": 2,
    "blauwe": 2,
    "ziekenhuis": 3,
    "vrijwilliger": 4,
    "bijeenkomst": 3,
    "eieren": 3,
    "spreekuur": 2,
    "koffie": 2,
    "knie": 1,
    "knieën": 2,
    # Vowels that split, with or without a diaeresis.
    "radio": 3,
    "video": 3,
    "theater": 3,
    "piano": 3,
    "januari": 4,
    "situatie": 4,
    "individueel": 5,
    "materiaal": 4,
    "diagnose": 4,
    "dieet": 2,
    "geautomatiseerd": 6,
    "geopereerd": 4,
    "België": 3,
    "Italië": 4,
    "reünie": 3,
    "coördinator": 5,
    "beëindigen": 4,
    "cliënt": 2,
    # An i that glides after c, t or s.
    "patiënt": 2,
    "sociaal": 2,
    "financieel": 3,
    "pensioen": 2,
    "initiatief": 4,
    "politie": 3,
    # y, qu.
    "baby": 2,
    "yoga": 2,
    "quarantaine": 4,
    "kwartier": 2,
    # Ordinary words.
    "de": 1,
    "het": 1,
    "een": 1,
    "u": 1,
    "wordt": 1,
    "opgehaald": 3,
    "uitleg": 2,
    "medicijnen": 4,
    "behandeling": 4,
    "revalidatie": 5,
    "verpleegkundige": 5,
    "verpleegkundigen": 5,
    "fietsen": 2,
    "wandelen": 3,
    "trainen": 2,
    # Loanwords and compounds with them.
    "team": 1,
    "zorgteam": 2,
    "teamleider": 3,
    "care": 1,
    "online": 2,
    "website": 2,
    "app": 1,
    "bureau": 2,
    "niveau": 2,
    "museumbezoek": 5,
    "casemanager": 4,
    "mailen": 2,
    "e-mail": 2,
    "COVID": 2,
    # Initialisms are spelled out letter by letter.
    "ADL": 3,
    "GGZ": 3,
    "ADL's": 3,
}


@pytest.mark.parametrize(("word", "count"), sorted(SYLLABLES.items()))
def test_dutch_syllables(word, count):
    assert dutch_syllables(word) == count


def test_word_list_is_long_enough_and_beats_hyphenation():
    assert len(SYLLABLES) >= 60
    hyphenation = pyphen.Pyphen(lang="nl_NL")
    undercounted = [w for w in SYLLABLES if len(hyphenation.positions(w)) + 1 < SYLLABLES[w]]
    assert {"over", "eten", "idee", "operatie"} <= set(undercounted)


def test_every_listed_exception_is_counted_as_listed():
    table = data.load("dutch")["syllables"]
    for word, count in {**table["words"], **table["parts"]}.items():
        assert dutch_syllables(word) == count, word


def test_clitics_have_no_syllable_of_their_own_and_every_word_has_one():
    assert dutch_syllables("'s") == 0
    assert dutch_syllables("'t") == 0
    assert dutch_syllables("hmm") == 1
    assert dutch_syllables("d.m.v.") == 1


@given(st.text())
def test_syllables_never_fail(word):
    assert dutch_syllables(word) >= 0


def test_flesch_douma_follows_the_formula():
    # 7 words of one syllable in 2 sentences.
    text = "Ik ga naar huis. Het is fijn."
    assert flesch_douma(text) == pytest.approx(206.835 - 0.93 * 7 / 2 - 77 * 1)
    # "Over eten." is 2 words and 4 syllables: a hyphenation count would give 2.
    assert flesch_douma("Over eten.") == pytest.approx(206.835 - 0.93 * 2 - 77 * 2)


def test_flesch_douma_of_text_without_words():
    assert flesch_douma("") == 100.0
    assert flesch_douma("```\ncode\n```\n\n12 34") == 100.0


def test_b1_level():
    assert b1_level(72) == "B1"
    assert b1_level(60) == "B1"
    assert b1_level(59.9) == "moeilijk"
    assert b1_level(65, min_score=70) == "moeilijk"


EASY = (
    "Je krijgt een nieuwe knie. Eerst heb je een gesprek met de arts. "
    "Hij legt uit wat er gaat gebeuren. Daarna ga je naar huis."
)
HARD = (
    "De multidisciplinaire anamnese geschiedt conform het geïmplementeerde protocol.\nZo gaat dat."
)


def rules(findings):
    return [finding.rule for finding in findings]


def test_readability_warning_names_score_and_hardest_sentence():
    findings = [
        f
        for f in tone_findings(HARD, "journeys/knie/01-intake.md", 8)
        if f.rule == "tone.readability"
    ]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.level == "warning"
    assert finding.line == 8
    assert finding.path == "journeys/knie/01-intake.md"
    assert "Flesch-Douma" in finding.message
    assert "regel 8" in finding.message
    assert "multidisciplinaire anamnese" in finding.message


def test_readable_text_has_no_findings():
    assert tone_findings(EASY, "a.md", 1) == []
    assert flesch_douma(EASY) >= 60


def test_short_texts_get_no_readability_score():
    assert "tone.readability" not in rules(tone_findings("Anesthesiologie", "a.md", 1))


def test_min_score_is_configurable():
    assert "tone.readability" in rules(tone_findings(EASY, "a.md", 1, min_score=150))


def test_long_sentence_names_count_line_and_sentence():
    text = "Korte zin.\n\n" + " ".join(["woord"] * 17) + " einde."
    findings = tone_findings(text, "a.md", 10, max_sentence_words=15)
    long = [f for f in findings if f.rule == "tone.long-sentence"]
    assert len(long) == 1
    assert long[0].line == 12
    assert "18 woorden" in long[0].message
    assert "hooguit 15" in long[0].message
    assert "woord woord" in long[0].message
    assert rules(tone_findings(text, "a.md", 10, max_sentence_words=20)) == []


def test_very_long_sentences_are_quoted_shortened():
    sentence = " ".join(f"woord{n}" for n in range(80)) + "."
    (finding,) = [f for f in tone_findings(sentence, "a.md", 1) if f.rule == "tone.long-sentence"]
    assert "…" in finding.message
    assert "woord79" not in finding.message
    assert len(finding.message) < 250


@pytest.mark.parametrize(
    "sentence",
    [
        "U wordt om acht uur opgehaald.",
        "Er wordt bloed afgenomen.",
        "Dat u onderzocht wordt, is normaal.",
        "De wond werd na de operatie verbonden.",
        "Het formulier moet worden ingevuld.",
        "U wordt goed geïnformeerd.",
        "De medicijnen werden besproken.",
        "Hij is vorig jaar geopereerd geworden.",
    ],
)
def test_passive_is_found(sentence):
    assert passive(sentence) is not None
    findings = tone_findings(sentence, "a.md", 3)
    assert rules(findings) == ["tone.passive"]
    assert findings[0].line == 3
    assert "wie het doet" in findings[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "Het wordt koud.",
        "Ik word moeder.",
        "Je wordt weer gezond.",
        "Dat wordt genieten!",
        "Zij worden verpleegkundigen.",
        "Het wordt een dag met gesprekken.",
        "Ik word verkouden.",
        "Het is duidelijk geworden.",
        "De baby werd geboren.",
        "De verpleegkundige belt u.",
        "U gaat naar huis en wordt blij.",
    ],
)
def test_not_every_worden_is_passive(sentence):
    assert passive(sentence) is None


def test_jargon_suggests_the_plain_alternative():
    text = "# Na de operatie\n\nDe artroscopie duurt kort.\nU krijgt het middel intraveneus."
    findings = tone_findings(text, "a.md", 5)
    jargon = [f for f in findings if f.rule == "tone.jargon"]
    assert [f.line for f in jargon] == [7, 8]
    assert "'artroscopie'" in jargon[0].message
    assert "kijkoperatie" in jargon[0].message
    assert "via het infuus" in jargon[1].message
    assert "«U krijgt het middel intraveneus.»" in jargon[1].message


def test_jargon_matches_whole_words_any_case_and_inflections():
    found = jargon_matches(
        "Postoperatieve pijn, extramurale zorg, twee poliklinieken, ADL-zorg, de IC's "
        "en een geïmplementeerd plan. Multidisciplinaire zorg."
    )
    assert [term for _, term, _ in found] == [
        "postoperatief",
        "extramuraal",
        "polikliniek",
        "adl",
        "ic",
        "implementeren",
        "multidisciplinair",
    ]
    assert jargon_matches("Een opname, een gesprek en een ADLER.") == []
    assert jargon_matches("Een aanvraag indienen.") == []
    assert [term for _, term, _ in jargon_matches("Indien nodig.")] == ["indien"]


def test_inflections():
    assert {"postoperatieve", "postoperatief"} <= inflections("postoperatief")
    assert {"extramurale", "intraveneuze", "protocollen"} <= (
        inflections("extramuraal") | inflections("intraveneus") | inflections("protocol")
    )
    assert {"evalueert", "geëvalueerd"} <= inflections("evalueren")
    assert "lokale anesthesie" in inflections("lokale anesthesie")


def test_custom_jargon_list_replaces_the_default():
    findings = tone_findings(
        "Het cliëntvolgsysteem is klaar.", "a.md", 1, jargon={"cliëntvolgsysteem": "dossier"}
    )
    assert rules(findings) == ["tone.jargon"]
    assert "dossier" in findings[0].message
    assert tone_findings("De artroscopie.", "a.md", 1, jargon={}) == []


def test_bad_custom_jargon_gives_a_clear_message():
    with pytest.raises(ValueError, match="'ADL' needs a plain alternative"):
        tone_findings("tekst", "a.md", 1, jargon={"ADL": 3})


def test_bad_jargon_options_give_a_clear_message():
    with pytest.raises(ValueError, match="may only have `plain`"):
        tone_findings("tekst", "a.md", 1, jargon={"d.m.v.": {"plain": "door", "met": None}})


def test_jargon_list_is_long_and_well_formed():
    jargon = data.load("jargon")
    assert len(jargon) >= 100
    for term, value in jargon.items():
        plain = value["plain"] if isinstance(value, dict) else value
        assert isinstance(term, str) and term.strip()
        assert isinstance(plain, str) and plain.strip()
        assert not isinstance(value, dict) or set(value) <= {"plain", "exact"}
    assert tone_findings("Dit is i.v.m. de zorg.", "a.md", 1)[0].message.startswith(
        "Vaktaal 'i.v.m.': schrijf liever 'door, omdat'"
    )
    for term in (
        "intraveneus",
        "artroscopie",
        "extramuraal",
        "multidisciplinair",
        "casemanager",
        "indicatie",
        "ADL",
        "mantelzorgondersteuning",
        "polikliniek",
        "anamnese",
        "postoperatief",
    ):
        assert term in jargon


def test_markdown_code_urls_link_targets_and_html_are_ignored():
    text = (
        'Lees [de folder](https://x.nl/artroscopie-intraveneus) en <span class="artroscopie">'
        "kijk</span> op https://x.nl/anamnese.\n\n"
        "Typ `polikliniek` in het vak.\n\n"
        "```\nDe artroscopie wordt uitgevoerd door een multidisciplinair team.\n```\n"
    )
    assert tone_findings(text, "a.md", 1) == []


def test_quotes_hide_personal_data():
    text = "Bel de casemanager op 06-12345678."
    (finding,) = tone_findings(text, "a.md", 1)
    assert finding.rule == "tone.jargon"
    assert "06-12345678" not in finding.message
    assert "06-****5678" in finding.message


def test_sentences_keep_their_lines():
    text = (
        "# Kop\n\nEerste zin. Dr. Jansen legt het\nuit, bijv. met een tekening. 's Avonds thuis!"
        "\n\n- Punt een\n- Punt twee\n\n| Kop | Cel |\n|---|---|\n| a b | c |\n"
    )
    found = sentences(text, first_line=20)
    assert [(s.text, s.line) for s in found] == [
        ("Kop", 20),
        ("Eerste zin.", 22),
        ("Dr. Jansen legt het uit, bijv. met een tekening.", 22),
        ("'s Avonds thuis!", 23),
        ("Punt een", 25),
        ("Punt twee", 26),
        ("Kop", 28),
        ("Cel", 28),
        ("a b", 30),
        ("c", 30),
    ]
    assert prose(text).count("\n") == text.count("\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je praat met mensen die je begrijpen. ☕ Dat was fijn.", 2),
        ("Samen bekijk je de foto's. Daarna kies je een dag.", 2),
        ("Zet de auto's neer. Loop dan naar binnen.", 2),
        ("Dat kan bijv. 😊 met een glimlach.", 1),
        ("Dr. Jansen komt langs.", 1),
    ],
)
def test_sentences_end_before_emoji_and_after_plurals_with_apostrophe(text, expected):
    assert len(sentences(text)) == expected


def test_shorten_keeps_the_focus_in_view():
    text = " ".join(f"w{n}" for n in range(100))
    at = text.index("w90")
    cut = shorten(text, width=40, focus=(at, at + 3))
    assert "w90" in cut
    assert cut.startswith("…")
    assert len(cut) <= 42
    assert shorten("kort", width=40) == "kort"


MARKDOWN_ALPHABET = st.sampled_from(
    list("abcdeéëijoquy AEIOUZ.,!?;:'’\"-–#*_`[]()<>/|!\n\t0123456789")
    + [
        "wordt ",
        "worden ",
        "geopereerd ",
        "ADL ",
        "```\n",
        "https://x.nl ",
        "!!! note ",
        "    ",
        "> ",
        "- ",
        "1. ",
        "<!-- ",
        "-->",
        "&amp;",
        "{{ x }}",
    ]
)


@settings(max_examples=300)
@given(st.lists(MARKDOWN_ALPHABET, max_size=80).map("".join), st.integers(1, 500))
def test_random_markdown_never_raises(text, first_line):
    findings = tone_findings(text, "a.md", first_line)
    lines = text.count("\n") + 1
    for finding in findings:
        assert finding.rule in {
            "tone.readability",
            "tone.long-sentence",
            "tone.passive",
            "tone.jargon",
        }
        assert first_line <= finding.line < first_line + lines


@given(st.text())
def test_random_text_never_raises(text):
    assert isinstance(tone_findings(text, "a.md", 1), list)
    assert isinstance(flesch_douma(text), float)


JARGON_FORMS = sorted(_jargon(None).terms)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(JARGON_FORMS).map(lambda form: form.upper() if len(form) % 2 else form),
            st.sampled_from(["de", "arts", "komt", "zorg", "thuis", "-", "'s", ",", "."]),
            st.text(alphabet="abcdeëéïz-' ", max_size=8),
        ),
        max_size=12,
    ).map(" ".join)
)
@settings(max_examples=300, deadline=None)
def test_the_word_prefilter_never_hides_a_jargon_match(text):
    index = _jargon(None)
    unfiltered = dataclasses.replace(index, first_words=None)
    assert list(index.matches(text)) == list(unfiltered.matches(text))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Je ligt een nacht op de IC.", ["IC"]),
        ("Op de IC's van het land.", ["IC's"]),
        ("Zet calendar.ics in je agenda.", []),
        ("Met ice en ic erbij.", []),
        ("Hulp bij ADL en IADL.", ["ADL", "IADL"]),
        ("Hulp bij adl.", []),
    ],
)
def test_abbreviations_count_only_in_capitals(text, found):
    assert [written for written, _, _ in jargon_matches(text)] == found
