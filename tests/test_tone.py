"""Plain Dutch (B1): syllables, the page's readability, long sentences, the passive, jargon,
rare words, and the calibration corpus in tests/data (texts written for these tests)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pyphen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reisverhaal import data
from reisverhaal.checks.plain_dutch import (
    Part,
    ToneOptions,
    _jargon,
    addressed,
    b1_level,
    dutch_syllables,
    flesch_douma,
    inflections,
    jargon_matches,
    page_findings,
    passive,
    readability,
    tone_findings,
)
from reisverhaal.checks.prose import prose, sentences, shorten
from reisverhaal.checks.vocabulary import word_zipf

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
    "fysiotherapeut": 6,
    "fysiotherapie": 6,
    "toilet": 2,
    "toiletten": 3,
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
CORPUS = Path(__file__).parent / "data"
PLAIN = sorted((CORPUS / "b1").glob("*.md"))
HARD = sorted((CORPUS / "moeilijk").glob("*.md"))


def rules(findings):
    return [finding.rule for finding in findings]


def blocking(findings):
    return [f for f in findings if f.rule.startswith("tone.") and f.level != "info"]


def quotes(message: str) -> list[str]:
    return re.findall(r"«([^»]*)»", message)


def test_readability_is_judged_per_page_and_names_words_and_the_long_sentence():
    text = (HARD[-2]).read_text(encoding="utf-8")  # an intramural protocol
    found = tone_findings(text, "journeys/val/01-protocol.md", 8)
    (finding,) = [f for f in found if f.rule == "tone.readability"]
    assert (finding.level, finding.line, finding.path) == (
        "warning",
        8,
        "journeys/val/01-protocol.md",
    )
    assert "moeilijker dan B1" in finding.message and "B1 vanaf 60" in finding.message
    # The hardest words with their line and a plain alternative from the list.
    assert re.search(r"'[^']+' \(regel \d+\): schrijf bijvoorbeeld '[^']+'", finding.message)
    # Only a sentence of more than 15 words is quoted (shortened): never a heading or a
    # fragment.
    (sentence,) = quotes(finding.message)
    assert re.search(r"de zin op regel \d+ \((1[6-9]|[2-9]\d) woorden\)", finding.message)
    assert len(sentence.split()) > 5


def test_readable_text_has_no_findings():
    assert tone_findings(EASY, "a.md", 1) == []
    assert flesch_douma(EASY) >= 60
    assert readability([EASY]) >= 60


def test_short_texts_get_no_readability_score():
    assert "tone.readability" not in rules(tone_findings("Anesthesiologie", "a.md", 1))
    hard = "Multidisciplinaire revalidatie optimaliseert postoperatieve mobilisatie."
    assert readability([hard]) < 60
    assert "tone.readability" not in rules(tone_findings(hard, "a.md", 1))


def test_min_score_is_configurable():
    page = " ".join([EASY] * 4)
    assert "tone.readability" in rules(tone_findings(page, "a.md", 1, min_score=150))
    assert "tone.readability" not in rules(tone_findings(page, "a.md", 1))


def test_long_sentence_names_count_line_and_sentence():
    text = "Korte zin.\n\n" + " ".join(["woord"] * 20) + " einde."
    findings = tone_findings(text, "a.md", 10)
    long = [f for f in findings if f.rule == "tone.long-sentence"]
    assert len(long) == 1
    assert long[0].line == 12
    assert "21 woorden" in long[0].message
    assert "hooguit 20" in long[0].message
    assert "woord woord" in long[0].message
    assert rules(tone_findings(text, "a.md", 10, long_sentence_words=21)) == []
    short = "Korte zin.\n\n" + " ".join(["woord"] * 16) + " einde."
    assert rules(tone_findings(short, "a.md", 10)) == []


def test_a_page_whose_sentences_are_long_on_average_gets_one_finding():
    sentence = "Woord " + " ".join(["woord"] * 16) + " einde. "
    findings = tone_findings(sentence * 4, "a.md", 3)
    (average,) = [f for f in findings if "gemiddeld" in f.message]
    assert average.rule == "tone.long-sentence" and average.level == "warning"
    assert "gemiddeld 18 woorden" in average.message and "hooguit 15" in average.message
    assert average.line == 3
    assert [f for f in findings if f.rule == "tone.long-sentence"] == [average]
    assert tone_findings(sentence * 4, "a.md", 3, max_sentence_words=18) == []


def test_very_long_sentences_are_quoted_shortened():
    sentence = " ".join(f"woord{n}" for n in range(80)) + "."
    found = tone_findings(sentence, "a.md", 1)
    (finding,) = [f for f in found if "Lange zin" in f.message]
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


@pytest.mark.parametrize(
    "sentence",
    [
        # An infinitive or a noun is no participle; "worden" as a subject is no auxiliary.
        "Spreken en begrijpen wordt op den duur moeilijker.",
        "Ouder worden gaat nu eenmaal gepaard met lichter slapen.",
        "Een rondje om het huis is ook bewegen.",
        "Het wordt tijd om te beginnen.",
        "Dan ziet u snel of u iets vergeten bent.",
        "De pijn is vervelend, maar meestal niet gevaarlijk.",
        "Soms is het meer dan vergeetachtigheid.",
        # A sentence that explains a word is plain Dutch.
        "Dit wordt ook wel artrose genoemd.",
        # Perfect tense with "zijn", and "zijn" as "his".
        "Ik ben gisteren gevallen.",
        "Hij heeft zijn been gebroken.",
    ],
)
def test_infinitives_nouns_and_explanations_are_no_passive(sentence):
    assert passive(sentence) is None
    assert "tone.passive" not in rules(tone_findings(sentence, "a.md", 1))


@pytest.mark.parametrize(
    ("sentence", "participle"),
    [
        ("Bij u is hoge bloeddruk geconstateerd.", "geconstateerd"),
        ("De uitslagen zijn besproken.", "besproken"),
        ("Het is gebleken dat de wond goed is verbonden.", "verbonden"),
    ],
)
def test_the_passive_with_zijn_is_advice(sentence, participle):
    found = passive(sentence)
    assert found.state and found.participle == participle
    (finding,) = [f for f in tone_findings(sentence, "a.md", 1) if f.rule == "tone.passive"]
    assert finding.level == "info"


def test_one_passive_is_advice_a_page_that_leans_on_it_gets_warnings():
    plain = "Je praat met de arts. Hij legt alles uit. Daarna ga je naar huis. "
    once = plain * 3 + "Je wordt om acht uur opgehaald."
    assert [f.level for f in tone_findings(once, "a.md", 1)] == ["info"]
    twice = once + " De wond wordt daarna verbonden."
    assert [f.level for f in tone_findings(twice, "a.md", 1)] == ["warning", "warning"]


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


def test_jargon_is_reported_once_per_page():
    text = "De artrose zit in uw knie.\n\nArtrose is vervelend. Met artrose kunt u bewegen."
    found = [f for f in tone_findings(text, "a.md", 1) if f.rule == "tone.jargon"]
    assert [(f.line, f.level) for f in found] == [(1, "info")]
    parts = [Part("Bij artrose helpt bewegen.", "s.md", 2), Part(text, "s.md", 9)]
    assert len([f for f in page_findings(parts) if f.rule == "tone.jargon"]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Een casemanager (vaste begeleider) helpt u. De casemanager belt elke week.",
        "U krijgt een kijkoperatie (artroscopie). Na de artroscopie gaat u naar huis.",
        "CVA staat voor cerebrovasculair accident. Een CVA is ernstig.",
        "Artsen noemen een beroerte ook wel een CVA. Na een CVA herstelt u langzaam.",
        "Het kraakbeen wordt dunner. Dat heet artrose.",
        "# Wat is artrose?\n\nBij artrose wordt het kraakbeen dunner.",
        "Artrose is een ziekte van het gewricht.",
        "U krijgt eerst een intake. Dat is een eerste gesprek met de verpleegkundige.",
    ],
)
def test_jargon_the_page_explains_is_not_reported(text):
    assert "tone.jargon" not in rules(tone_findings(text, "a.md", 1))


def test_jargon_in_compounds_and_the_corrected_alternatives():
    found = jargon_matches("Bij heupartrose helpt de griepvaccinatie niet, zegt de orthopeed.")
    assert [(written, term) for written, term, _ in found] == [
        ("heupartrose", "artrose"),
        ("griepvaccinatie", "vaccinatie"),
        ("orthopeed", "orthopeed"),
    ]
    jargon = data.load("jargon")
    assert "slijtage" not in jargon["artrose"]
    assert jargon["CVA"] != "beroerte"
    for term in (
        "geconstateerd",
        "dermate",
        "onderhavige",
        "desbetreffende",
        "gedurende",
        "ten opzichte van",
        "aanspraak",
        "maatwerkvoorziening",
        "indicatiebesluit",
        "ingreep",
        "dagbehandeling",
        "verpleegkundig specialist",
        "praktijkondersteuner",
    ):
        assert jargon_matches(f"Zie de {term} hier.", None), term
    # Plain words that contain a term are left alone.
    assert jargon_matches("Een consultatiebureau en de chronologie.") == []


def test_two_jargon_terms_on_a_page_are_warnings():
    text = "Na de artroscopie krijgt u pijnmedicatie."
    assert {f.level for f in tone_findings(text, "a.md", 1)} == {"warning"}


def test_alternatives_follow_the_page_s_form_of_address():
    text = "Je krijgt een indicatie van het CIZ. Daarna krijg je thuiszorg."
    (finding,) = [f for f in tone_findings(text, "a.md", 1) if "'indicatie'" in f.message]
    assert "welke zorg je krijgt" in finding.message
    u_text = text.replace("Je krijgt", "U krijgt").replace("krijg je", "krijgt u")
    (finding,) = [f for f in tone_findings(u_text, "a.md", 1) if "'indicatie'" in f.message]
    assert "welke zorg u krijgt" in finding.message
    swapped = addressed("U leest uw brief zelf, of uzelf.", "je")
    assert swapped == "Je leest je brief zelf, of jezelf."
    passive_hint = tone_findings("Je wordt gebeld.", "a.md", 1)[0].message
    assert "'de verpleegkundige belt je' in plaats van 'je wordt gebeld'" in passive_hint


def test_rare_words_are_advice_named_once_unless_explained():
    text = "De nabloeding is klein. Na de nabloeding heelt de huid. Het kraakbeen is glad."
    found = [f for f in tone_findings(text, "a.md", 4) if f.rule == "tone.rare-word"]
    assert [(f.level, f.line) for f in found] == [("info", 4)]
    assert "'nabloeding' is een woord dat weinig mensen gebruiken" in found[0].message
    explained = "Bloed na de operatie heet een nabloeding. Na de nabloeding heelt de huid."
    assert "tone.rare-word" not in rules(tone_findings(explained, "a.md", 1))


def test_compounds_are_as_common_as_their_last_part():
    assert word_zipf("lichaamsbeweging") >= word_zipf("beweging") - 0.01
    assert word_zipf("griepvaccinatie") > 3
    assert word_zipf("heupartrose") < 3
    assert word_zipf("poetst") > 3  # inflected forms count as their word


def test_each_rule_can_be_made_advice():
    text = HARD[0].read_text(encoding="utf-8")
    everything = ToneOptions(
        levels=tuple(
            (rule, "info") for rule in ("readability", "long-sentence", "passive", "jargon")
        )
    )
    assert blocking(page_findings([Part(text, "a.md", 1)], everything)) == []
    only_jargon = ToneOptions(levels=(("jargon", "info"),))
    found = page_findings([Part(text, "a.md", 1)], only_jargon)
    assert {f.rule for f in blocking(found)} == {
        "tone.readability",
        "tone.long-sentence",
        "tone.passive",
    }
    assert {f.level for f in found if f.rule == "tone.jargon"} == {"info"}


def test_custom_jargon_list_replaces_the_default():
    findings = tone_findings(
        "Het cliëntvolgsysteem is klaar.", "a.md", 1, jargon={"cliëntvolgsysteem": "dossier"}
    )
    assert rules(findings) == ["tone.jargon"]
    assert "dossier" in findings[0].message
    assert "tone.jargon" not in rules(tone_findings("De artroscopie.", "a.md", 1, jargon={}))


def test_bad_custom_jargon_gives_a_clear_message():
    with pytest.raises(ValueError, match="ADL"):
        tone_findings("tekst", "a.md", 1, jargon={"ADL": 3})


def test_bad_jargon_options_give_a_clear_message():
    with pytest.raises(ValueError, match=r"d\.m\.v\..*met"):
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


@settings(max_examples=300, deadline=None)  # the first example loads the word list
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
            "tone.rare-word",
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


# The calibration corpus: texts written for these tests in plain B1 Dutch (GP patient
# information, municipal plain language) and in the hard styles of hospital leaflets,
# guidelines, package leaflets, insurance terms, policy letters and annual reports.


def corpus_findings(paths):
    return {
        path.name: tone_findings(path.read_text(encoding="utf-8"), path.name, 1) for path in paths
    }


def test_the_corpus_is_large_enough():
    assert len(PLAIN) >= 15 and len(HARD) >= 15
    for path in [*PLAIN, *HARD]:
        assert 150 <= len(path.read_text(encoding="utf-8").split()) <= 300, path.name


def test_plain_b1_texts_are_not_blocked():
    blocked = [name for name, found in corpus_findings(PLAIN).items() if blocking(found)]
    assert len(blocked) <= 2, blocked


def test_hard_texts_are_blocked_and_get_a_tone_finding():
    found = corpus_findings(HARD)
    blocked = [name for name, items in found.items() if blocking(items)]
    assert len(blocked) >= 0.8 * len(HARD)
    assert sum(bool(items) for items in found.values()) >= 0.9 * len(HARD)


def test_readability_points_at_words_and_long_sentences_never_at_fragments():
    for findings in corpus_findings([*PLAIN, *HARD]).values():
        for finding in findings:
            if finding.rule in ("tone.readability", "tone.long-sentence"):
                assert all(len(quote.split()) > 5 for quote in quotes(finding.message))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PLAIN + HARD), min_size=1, max_size=3, unique=True))
def test_no_pointer_quotes_five_words_or_fewer_on_any_page(paths):
    parts = [Part(p.read_text(encoding="utf-8"), "a.md", 1 + 100 * n) for n, p in enumerate(paths)]
    for finding in page_findings(parts):
        if finding.rule == "tone.readability":
            assert all(len(quote.split()) > 5 for quote in quotes(finding.message))
