"""Plain Dutch (B1): readability, long sentences, the passive with "worden", and jargon.

Readability is Flesch-Douma (206.835 − 0.93 × words per sentence − 77 × syllables per word)
with a Dutch syllable count by vowel groups: hyphenation dictionaries undercount words like
"over", "eten" and "idee", which they never split at the edge. Every finding is a warning: the
text is still safe to publish, but harder to read than it should be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from .. import data
from ..core.findings import Finding, error, shown
from ..core.settings import LONG_SENTENCE_WORDS, MAX_SENTENCE_WORDS, MIN_SCORE
from .privacy import redact
from .prose import Sentence, sentences, shorten, words

_VOWELS = frozenset("aeiouÿ")


@cache
def _dutch() -> dict:
    return data.load("dutch")


@cache
def _vowel_groups() -> tuple[str, ...]:
    return tuple(sorted(_dutch()["vowel_groups"], key=len, reverse=True))


@cache
def _exceptions() -> tuple[dict[str, int], tuple[tuple[str, int], ...]]:
    table = _dutch()["syllables"]
    parts = tuple(sorted(table["parts"].items(), key=lambda item: len(item[0]), reverse=True))
    return {**table["parts"], **table["words"]}, parts


def _letters(word: str) -> list[tuple[str, bool]]:
    """The letters of a lower-case word as (letter, has diaeresis); "ij" becomes "ÿ"."""
    letters: list[tuple[str, bool]] = []
    for char in unicodedata.normalize("NFKD", word):
        if unicodedata.combining(char):
            if char == "\u0308" and letters:
                letters[-1] = (letters[-1][0], True)
        elif letters and char == "j" and letters[-1][0] == "i":
            letters[-1] = ("ÿ", letters[-1][1])
        else:
            letters.append((char, False))
    return letters


def _is_vowel(letters: list[tuple[str, bool]], index: int) -> bool:
    char = letters[index][0]
    if char == "y":
        following = letters[index + 1][0] if index + 1 < len(letters) else ""
        return following not in _VOWELS
    if char == "u" and index and letters[index - 1][0] == "q":
        return False
    return char in _VOWELS


def _segment(run: list[tuple[str, bool]]) -> list[str]:
    """A run of vowel letters as the vowel groups that are spoken as one vowel each."""
    groups: list[str] = []
    position = 0
    while position < len(run):
        size = 1
        for group in _vowel_groups():
            piece = run[position : position + len(group)]
            if (
                len(piece) == len(group)
                and "".join(char for char, _ in piece) == group
                and not any(trema for _, trema in piece[1:])
            ):
                size = len(group)
                break
        groups.append("".join(char for char, _ in run[position : position + size]))
        position += size
    return groups


def _by_rules(word: str) -> int:
    letters = _letters(word)
    count = 0
    index = 0
    before = ""
    while index < len(letters):
        if not _is_vowel(letters, index):
            before = letters[index][0]
            index += 1
            continue
        end = index
        while end < len(letters) and _is_vowel(letters, end):
            end += 1
        run = letters[index:end]
        # "sociaal", "financieel", "patiënt", "pensioen": an i after c, t or s glides into the
        # next vowel.
        if len(run) > 1 and run[0] == ("i", False) and before:
            following = run[1][0]
            if (before in "ct" and following in "aeo") or (before == "s" and following == "o"):
                run = run[1:]
        count += len(_segment(run))
        index = end
        before = ""
    return count


@lru_cache(maxsize=8192)
def _compound(word: str) -> int:
    table, parts = _exceptions()
    if word in table:
        return table[word]
    for part, count in parts:
        if len(word) > len(part):
            if word.startswith(part):
                return count + _compound(word[len(part) :])
            if word.endswith(part):
                return _compound(word[: -len(part)]) + count
    return _by_rules(word)


def _part_syllables(part: str) -> int:
    lower = part.lower()
    table, _ = _exceptions()
    if lower in table:
        return table[lower]
    if part.isalpha() and part.isupper() and 2 <= len(part) <= 5:
        return len(part)
    return _compound(lower)


def dutch_syllables(word: str) -> int:
    """How many syllables a Dutch word is spoken with; at least 1, except for the clitics
    "'s", "'t" and "'n", which are spoken as part of the next word."""
    table, _ = _exceptions()
    lower = word.lower()
    if lower in table:
        return table[lower]
    count = sum(_part_syllables(part) for part in re.split(r"[-'’./]", word) if part)
    if count == 0 and word[:1] in "'’":
        return 0
    return max(count, 1)


def flesch_douma(text: str) -> float:
    """The Flesch-Douma readability of a Markdown text; 60 or more is about B1. A text without
    words scores 100."""
    return _flesch_douma(sentences(text))


def b1_level(score: float, min_score: float = MIN_SCORE, names: dict | None = None) -> str:
    """The badge for a readability score: "B1" when it reaches `min_score`, else "moeilijk",
    in the words of `names` (the labels' `readability`; None: the shipped ones)."""
    names = names or data.load("labels")["readability"]
    return names["plain"] if score >= min_score else names["hard"]


# The passive: a form of "worden" (or, as advice, of "zijn") with a past participle in the
# same clause.

_TOKEN = re.compile(r"['’]?[^\W_](?:[\w'’-]*[^\W_])?|[,;:()\[\]–—\"“”]")
_NOT_A_PARTICIPLE_ENDING = re.compile(r"(?:igen|ingen|lijken|ische|ischen|heden|heid|[^aeiou]end)$")
"""Adjectives, nouns and present participles ("vervelend") that look like participles."""


@cache
def _passive() -> dict:
    rules = _dutch()["passive"]
    separable = "|".join(sorted(rules["separable_prefixes"], key=len, reverse=True))
    inseparable = "|".join(sorted(rules["inseparable_prefixes"], key=len, reverse=True))
    return {
        "auxiliaries": frozenset(rules["auxiliaries"]),
        "state_auxiliaries": frozenset(rules["state_auxiliaries"]),
        "zijn_participles": frozenset(rules["zijn_participles"]),
        "not_participles": frozenset(rules["not_participles"]),
        "determiners": frozenset(rules["determiners"]),
        "clause_breaks": frozenset(rules["clause_breaks"]) | frozenset(rules["finite_verbs"]),
        "subordinators": frozenset(rules["subordinators"]),
        "participle": re.compile(
            rf"(?:{separable})?(?:ge|{inseparable})[^\W\d_]{{2,}}(?:d|t|en)", re.IGNORECASE
        ),
    }


@dataclass(frozen=True)
class Passive:
    auxiliary: str
    participle: str
    state: bool
    """A form of "zijn" ("is geconstateerd"): a passive of state, advice only."""


def _infinitive(word: str) -> bool:
    """Whether an "-en" word is an infinitive ("bewegen", "begrijpen") rather than a strong
    participle ("bewogen", "besproken"): its present tense ("beweegt") is a common word."""
    from .vocabulary import RARE, zipf

    stem = word[:-2]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stem = stem[:-1]
    elif re.search(r"[^aeiou][aeiou][^aeiouwj]$", stem):
        stem = stem[:-1] + stem[-2] + stem[-1]
    stem = stem[:-1] + {"v": "f", "z": "s"}.get(stem[-1:], stem[-1:])
    return zipf(stem if stem.endswith("t") else stem + "t") >= RARE


def _participle(tokens: list[str], index: int) -> bool:
    rules = _passive()
    word = tokens[index].lower()
    if word in rules["not_participles"] or word in rules["auxiliaries"]:
        return False
    if not rules["participle"].fullmatch(word) or _NOT_A_PARTICIPLE_ENDING.search(word):
        return False
    if word.endswith("en") and _infinitive(word):
        return False
    before = tokens[index - 1].lower() if index else ""
    return before not in rules["determiners"] or before in rules["state_auxiliaries"]


def _before(tokens: list[str], index: int) -> bool:
    """Whether the word before the auxiliary at `index` is its participle: it has the shape
    of one, and either ends in d or t or stands in a clause with the verb at its end. An "-en"
    word at the front of a main clause is the subject ("Spreken en begrijpen wordt ...")."""
    if not index or not _participle(tokens, index - 1):
        return False
    if tokens[index - 1].lower().endswith(("d", "t")):
        return True
    openers = _passive()["subordinators"]
    return any(token.lower() in openers for token in tokens[: index - 1])


def _after(tokens: list[str], index: int, reach: int) -> str | None:
    """The participle in the clause after the auxiliary at `index`, within `reach` words."""
    rules = _passive()
    for after in range(index + 1, min(len(tokens), index + 1 + reach)):
        word = tokens[after].lower()
        if not word[:1].isalnum() and word[:1] not in "'’":
            return None
        if word in rules["clause_breaks"] or word in rules["auxiliaries"]:
            return None
        if _participle(tokens, after):
            return tokens[after]
    return None


def passive(text: str) -> Passive | None:
    """The first passive construction in a sentence: with "worden" if there is one, else
    with "zijn" (a participle of a verb whose perfect tense takes "zijn" is no passive)."""
    rules = _passive()
    tokens = _TOKEN.findall(text)
    state: Passive | None = None
    for index, token in enumerate(tokens):
        lower = token.lower()
        if lower in rules["auxiliaries"]:
            found = tokens[index - 1] if _before(tokens, index) else _after(tokens, index, 12)
            if found:
                return Passive(token, found, state=False)
        elif lower in rules["state_auxiliaries"] and state is None:
            # "zijn" is also "his": only right next to the participle.
            reach = 1 if lower == "zijn" else 12
            found = tokens[index - 1] if _before(tokens, index) else _after(tokens, index, reach)
            if found and found.lower() not in rules["zijn_participles"]:
                state = Passive(token, found, state=True)
    return state


# Jargon: whole words from an editable list, with cheap Dutch inflections.

Jargon = Mapping[str, "str | Mapping[str, object]"]


Entry = tuple[str, str, bool, bool]
"""(term in lower case, plain alternative, match the exact word only, abbreviation).

An abbreviation (a term in capitals, such as IC or ADL) matches only in capitals, with or
without a plural s: "IC" and "IC's", not "ic" in "calendar.ics" or the English "ice"."""

ABBREVIATION = re.compile(r"[A-Z][A-Z0-9]+")


def _entry(term: str, value) -> Entry:
    """One entry of a jargon list that `content.datafiles.JargonFile` checked: `term: plain`
    or `term: {plain: ..., exact: true}`."""
    if isinstance(value, Mapping):
        plain, exact = value["plain"], value.get("exact", False)
    else:
        plain, exact = getattr(value, "plain", value), getattr(value, "exact", False)
    abbreviation = bool(ABBREVIATION.fullmatch(term.strip()))
    return " ".join(term.lower().split()), plain.strip(), exact, abbreviation


def _entries(jargon: Jargon) -> tuple[Entry, ...]:
    """The entries of a jargon list given in code, checked as a jargon file is (pydantic's
    `ValidationError`, a `ValueError`, names a bad term)."""
    from ..content.datafiles import JargonFile

    checked = JargonFile.model_validate(dict(jargon)).root
    return tuple(_entry(term, value) for term, value in checked.items() if value is not False)


def inflections(term: str) -> set[str]:
    """Cheap Dutch forms of a term: plurals, adjective endings, -eren verb forms."""
    *head, last = term.split()
    forms = {last, last + "e", last + "en", last + "s", last + "'s", last + "n"}
    if last.endswith("f"):
        forms |= {last[:-1] + "ve", last[:-1] + "ven"}
    if last.endswith("s") and not last.endswith("ss"):
        forms |= {last[:-1] + "ze", last[:-1] + "zen"}
    if last.endswith("ie"):
        forms.add(last + "ën")
    if re.search(r"([aeou])\1[^aeiouy]$", last):
        short = last[:-2] + last[-1]
        forms |= {short + "e", short + "en"}
    elif re.search(r"[^aeiouy][aeiou][bdfgklmnprst]$", last):
        forms |= {last + last[-1] + "e", last + last[-1] + "en"}
    if last.endswith("eren"):
        base = last[:-4] + "eer"
        forms |= {base, base + "t", base + "de", "ge" + base + "d"}
        if base[0] in "eiu":
            forms.add("ge" + "ëïü"["eiu".index(base[0])] + base[1:] + "d")
    return {" ".join([*head, form]) for form in forms}


_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class JargonIndex:
    """Every written form of every term, matched as whole words.

    One regex alternation over hundreds of forms is slow, so a text is first asked whether
    any of its words starts a form at all: a match always begins with a form's first word run.
    """

    pattern: re.Pattern | None
    """None for an empty list."""
    terms: dict[str, tuple[str, str]]
    first_words: frozenset[str] | None
    """None when a form has no word characters to look for."""
    cased: frozenset[str] = frozenset()
    """Forms of abbreviations: they count only when written in capitals."""
    parts: frozenset[str] = frozenset()
    """One-word forms that also count as a part of a compound: "heupartrose" is "artrose",
    "griepvaccinatie" is "vaccinatie", "injectienaald" is "injectie"."""

    def matches(self, text: str) -> Iterator[tuple[str, str, str]]:
        """(word as written, term, plain alternative) for each match in `text`."""
        found = sorted([*self._whole(text), *self._compounds(text)])
        for _, written, term, plain in found:
            yield written, term, plain

    def _whole(self, text: str) -> Iterator[tuple[int, str, str, str]]:
        if self.pattern is None:
            return
        words_in_text = _WORD_RUN.findall(text.lower())
        if self.first_words is not None and self.first_words.isdisjoint(words_in_text):
            return
        for match in self.pattern.finditer(text):
            written = match.group(0)
            form = " ".join(written.lower().split())
            if form in self.cased and not written.removesuffix("s").rstrip("'").isupper():
                continue
            term, plain = self.terms[form]
            yield match.start(), written, term, plain

    def _compounds(self, text: str) -> Iterator[tuple[int, str, str, str]]:
        if not self.parts:
            return
        for match in _COMPOUND_CANDIDATE.finditer(text):
            part = _compound_part(match.group(0).lower(), self.parts)
            if part:
                term, plain = self.terms[part]
                yield match.start(), match.group(0), term, plain


_COMPOUND_CANDIDATE = re.compile(r"(?<![\w-])[^\W\d_]{9,}(?![\w-])")
_MIN_PART = 6


def _compound_part(word: str, parts: frozenset[str]) -> str | None:
    """The jargon form that is the last or the first part of a compound word, if any: the
    rest must be a Dutch word of its own (the first part possibly with a linking s or e)."""
    from .vocabulary import RARE, modifier, zipf

    if word in parts:
        return None
    for cut in range(3, len(word) - _MIN_PART + 1):
        if word[cut:] in parts and modifier(word[:cut]):
            return word[cut:]
    for cut in range(len(word) - 4, _MIN_PART - 1, -1):
        first, rest = word[:cut], word[cut:]
        for stem in (first, first[:-1] if first.endswith(("s", "e")) else ""):
            if stem in parts and zipf(rest) >= RARE:
                return stem
    return None


@lru_cache(maxsize=16)
def _jargon_index(entries: tuple[Entry, ...]) -> JargonIndex:
    terms: dict[str, tuple[str, str]] = {}
    cased: set[str] = set()
    for term, plain, exact, abbreviation in entries:
        if abbreviation:
            forms = {term, term + "s", term + "'s"}
            cased |= forms
        else:
            forms = {term} if exact else inflections(term)
        for form in forms:
            terms.setdefault(form, (term, plain))
    for term, plain, *_ in entries:
        terms[term] = (term, plain)
    parts = frozenset(
        form
        for term, _, exact, abbreviation in entries
        if not exact and not abbreviation and " " not in term
        for form in inflections(term)
        if len(form) >= _MIN_PART and form.isalpha()
    )
    if not terms:
        return JargonIndex(None, {}, frozenset())
    alternatives = sorted(terms, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, form.split())) for form in alternatives)
    starts = [_WORD_RUN.match(form) for form in terms]
    return JargonIndex(
        pattern=re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE),
        terms=terms,
        first_words=frozenset(m.group(0) for m in starts) if all(starts) else None,
        cased=frozenset(cased),
        parts=parts,
    )


def _jargon(jargon: Jargon | JargonIndex | None) -> JargonIndex:
    """The index of `jargon`, or of the shipped list (checked once) when it is None."""
    if isinstance(jargon, JargonIndex):
        return jargon
    return _jargon_index(_default_entries() if jargon is None else _entries(jargon))


@cache
def _default_entries() -> tuple[Entry, ...]:
    from ..content.datafiles import shipped

    return tuple(_entry(term, value) for term, value in shipped("jargon").root.items())


JARGON_FILE = "jargon.yml"
"""The organisation's own jargon list, in the project's `templates/` folder."""


def project_jargon(root: Path) -> tuple[JargonIndex, list[Finding]]:
    """The shipped list with the organisation's `templates/jargon.yml` laid over it.

    An entry there adds a term or changes a shipped one's alternative; `term: false` drops a
    shipped term the organisation is happy to use. A bad entry is left out with a warning; a
    file that cannot be read leaves the shipped list as it is, with an error.
    """
    from ..content.datafiles import JargonFile, check, read_yaml

    path = root / "templates" / JARGON_FILE
    if not path.is_file():
        return _jargon(None), []
    where = shown(path, root)
    own, findings = read_yaml(path, where, "jargon.file")
    if findings:
        return _jargon(None), findings
    if not isinstance(own, dict | None):
        return _jargon(None), [error(where, "jargon.file", JARGON_SHAPE)]
    entries = {entry[0]: entry for entry in _default_entries()}
    for term, value in (own or {}).items():
        checked = check({term: value}, path, JargonFile, where, "jargon")
        if checked.value is None:
            findings += [_skipped(term, problem) for problem in checked.findings]
            continue
        key = " ".join(str(term).lower().split())
        if value is False:
            entries.pop(key, None)
        else:
            entries[key] = _entry(str(term), checked.value.root[term])
    return _jargon_index(tuple(entries.values())), findings


JARGON_SHAPE = "moet een lijst van `vakterm: gewone woorden` zijn, één per regel."


def _skipped(term, problem: Finding) -> Finding:
    """A bad entry is left out, as a warning: the rest of the list still works."""
    return replace(
        problem,
        level="warning",
        rule="jargon.entry",
        message=f"'{term}' is overgeslagen ({problem.message}): schrijf `{term}: gewone woorden`, "
        f"`{term}: {{plain: gewone woorden, exact: true}}` of `{term}: false` (geen vaktaal).",
    )


def default_jargon() -> dict:
    """The jargon list that ships with reisverhaal (`data/jargon.yml`)."""
    return data.load("jargon")


def jargon_matches(
    text: str, jargon: Jargon | JargonIndex | None = None
) -> list[tuple[str, str, str]]:
    """Jargon in a plain text as (word as written, term, plain alternative)."""
    return list(_jargon(jargon).matches(text))


def _quote(sentence: Sentence, focus: str | None = None) -> str:
    text = redact(sentence.text)
    span = None
    if focus:
        at = text.lower().find(focus.lower())
        span = (at, at + len(focus)) if at >= 0 else None
    return "«" + shorten(text, focus=span) + "»"


# A page: every text of one journey, step or story, judged together.

RULES = ("readability", "long-sentence", "passive", "jargon")
"""The tone rules whose level a site sets (`readability: {level: ...}`); rare words and the
passive with "zijn" are always advice (info)."""

QUOTED_WORDS = 15
"""A sentence is quoted as one to shorten only when it has more words than this: never a
heading, a list label or a fragment."""


@dataclass(frozen=True)
class Part:
    """One text of a page, such as the summary or the body of a step."""

    text: str
    path: str
    line: int
    scored: bool = True
    """Part of the page's prose (summary, body, expect, prepare, outcome): counts for the
    readability score and the average sentence length. Short fields (title, call to action,
    alt text, post texts) are judged by their sentences and words only."""


@dataclass(frozen=True)
class ToneOptions:
    min_score: float = MIN_SCORE
    """The readability score of a B1 page (`page_score`)."""
    max_sentence_words: int = MAX_SENTENCE_WORDS
    """The most words a page's sentences may have on average."""
    long_sentence_words: int = LONG_SENTENCE_WORDS
    """A sentence with more words than this is too long, whatever the page's average."""
    levels: tuple[tuple[str, str], ...] = ()
    """(rule, "warning" or "info") for rules a site made advice; the rest are warnings."""

    def level(self, rule: str) -> str:
        return dict(self.levels).get(rule, "warning")


@dataclass(frozen=True)
class _Line:
    """A sentence of the page with the part it belongs to."""

    sentence: Sentence
    part: Part

    @property
    def size(self) -> int:
        return len(words(self.sentence.text))


def _finding(rule: str, level: str, path: str, message: str, line: int | None) -> Finding:
    return Finding(path=path, line=line, level=level, rule=f"tone.{rule}", message=message)


@cache
def _address_words() -> dict[str, frozenset[str]]:
    table = _dutch()["address"]
    return {form: frozenset(table[form]) for form in ("u", "je")}


def address(texts: list[str]) -> str:
    """How a page speaks to its reader: "je" when it says je/jij/jouw more often than u/uw,
    else "u"."""
    table = _address_words()
    tokens = [token.lower() for text in texts for token in words(text)]
    je = sum(token in table["je"] for token in tokens)
    return "je" if je > sum(token in table["u"] for token in tokens) else "u"


_U_FORMS = {"u": "je", "uw": "je", "uzelf": "jezelf"}


def addressed(text: str, form: str) -> str:
    """A suggestion written with "u", as a page that says "je" would write it."""
    if form != "je":
        return text

    def swap(match: re.Match) -> str:
        word = match.group(0)
        new = _U_FORMS[word.lower()]
        return new.capitalize() if word[0].isupper() else new

    return re.sub(r"(?<![\w-])(?:u|uw|uzelf)(?![\w-])", swap, text, flags=re.IGNORECASE)


@cache
def _explanations() -> tuple[re.Pattern, re.Pattern]:
    table = _dutch()
    by = "|".join(r"\s+".join(map(re.escape, marker.split())) for marker in table["explained_by"])
    after = "|".join(
        r"\s+".join(map(re.escape, marker.split())) for marker in table["explained_after"]
    )
    return (
        re.compile(rf"(?<!\w)(?:{by})(?!\w)", re.IGNORECASE),
        re.compile(rf"^\W*(?:{after})(?!\w)", re.IGNORECASE),
    )


_DEFINES = r"(?:is|zijn)\s+(?:een|de|het)\b|betekent\b"
"""What follows a word at the start of a sentence that explains it: "Kraakbeen is een ..."."""


def explained(written: str, sentence: str, following: str = "") -> bool:
    """Whether a sentence explains the word `written` that it uses: in brackets, with words
    such as "heet", "staat voor" or "ook wel", by starting with the word and "is", or when
    the next sentence starts "Dat is ..."."""
    by, after = _explanations()
    word = re.escape(written)
    return bool(
        by.search(sentence)
        or re.search(rf"{word}\W{{0,3}}\(|\([^)]*{word}", sentence, re.IGNORECASE)
        or re.match(rf"\W*(?:(?:de|het|een)\s+)?{word}\s+{_DEFINES}", sentence, re.IGNORECASE)
        or (following and after.match(following))
    )


@dataclass(frozen=True)
class _Term:
    """A jargon term or a rare word on a page: where it is first used, and whether the page
    explains it anywhere."""

    written: str
    line: _Line
    plain: str | None
    zipf: float
    explained: bool


def _terms(
    lines: list[_Line], index: JargonIndex
) -> tuple[dict[str, _Term], dict[str, _Term], set[tuple[int, str]]]:
    """The page's jargon terms and rare words (by lower-case word), and the words (sentence
    number, lower case) that are part of a jargon term."""
    from .vocabulary import RARE, content_words, zipf

    jargon: dict[str, _Term] = {}
    rare: dict[str, _Term] = {}
    in_jargon: set[tuple[int, str]] = set()
    texts = [line.sentence.text for line in lines]
    for number, line in enumerate(lines):
        following = texts[number + 1] if number + 1 < len(lines) else ""
        for written, term, plain in index.matches(line.sentence.text):
            in_jargon.update((number, word.lower()) for word in words(written))
            known = explained(written, line.sentence.text, following)
            first = jargon.get(term) or _Term(written, line, plain, zipf(written), False)
            jargon[term] = replace(first, explained=first.explained or known)
    for number, line in enumerate(lines):
        following = texts[number + 1] if number + 1 < len(lines) else ""
        for word in content_words([line.sentence]):
            key = word.written.lower()
            if word.zipf >= RARE or (number, key) in in_jargon:
                continue
            known = explained(word.written, line.sentence.text, following)
            first = rare.get(key) or _Term(word.written, line, None, word.zipf, False)
            rare[key] = replace(first, explained=first.explained or known)
    return jargon, rare, in_jargon


def page_score(lines: list[_Line], unexplained: set[str]) -> float:
    """Readability of a page's prose, 60 or more is B1: the mean of Flesch-Douma (sentence
    and word length) and a word-frequency score, 100 − 5 × the percentage of content words
    that are rare or jargon and not explained (LiNT-II's strongest measure)."""
    from .vocabulary import content_words

    sentences_ = [line.sentence for line in lines]
    found = list(content_words(sentences_))
    hard = sum(word.written.lower() in unexplained for word in found)
    frequency = 100 - 5 * 100 * hard / len(found) if found else 100.0
    return (_flesch_douma(sentences_) + frequency) / 2


def _flesch_douma(found: list[Sentence]) -> float:
    tokens = [word for sentence in found for word in words(sentence.text)]
    if not tokens:
        return 100.0
    syllables = sum(dutch_syllables(word) for word in tokens)
    return 206.835 - 0.93 * len(tokens) / len(found) - 77 * syllables / len(tokens)


def readability(texts: list[str], jargon: Jargon | JargonIndex | None = None) -> float:
    """The readability score (`page_score`) of texts that make one page."""
    lines = [_Line(s, Part(text, "", 1)) for text in texts for s in sentences(text)]
    jargon_terms, rare, _ = _terms(lines, _jargon(jargon))
    return page_score(lines, _unexplained(jargon_terms, rare))


def _unexplained(jargon: dict[str, _Term], rare: dict[str, _Term]) -> set[str]:
    """The lower-case words that make a page harder: rare words and single-word jargon terms
    the page does not explain."""
    found = {key for key, term in rare.items() if not term.explained}
    found |= {
        term.written.lower()
        for term in jargon.values()
        if not term.explained and len(words(term.written)) == 1
    }
    return found


def tone_findings(
    text: str,
    path: str,
    first_line: int,
    *,
    jargon: Jargon | JargonIndex | None = None,
    **options,
) -> list[Finding]:
    """Plain-language findings for one Markdown text, as a page of its own, that starts on
    line `first_line` of `path`; `options` are those of `ToneOptions`."""
    return page_findings([Part(text, path, first_line)], ToneOptions(**options), jargon)


def page_findings(
    parts: list[Part], options: ToneOptions = ToneOptions(), jargon=None
) -> list[Finding]:
    """Plain-language findings for the texts of one page (SPEC §6)."""
    if not parts:
        return []
    lines = [_Line(s, part) for part in parts for s in sentences(part.text, part.line)]
    form = address([part.text for part in parts])
    jargon_terms, rare, _ = _terms(lines, _jargon(jargon))
    scored = [line for line in lines if line.part.scored]
    return [
        *_readability(scored, jargon_terms, rare, options, form),
        *_average(scored, options),
        *_sentence_findings(lines, options, form),
        *_jargon_findings(jargon_terms, options, form),
        *_rare_findings(rare),
    ]


MIN_WORDS_FOR_SCORE = 80
"""Pages with fewer words of prose get no readability score: on a short stretch the measures
are noise (ten plain words can score anything). Their sentences and words are still checked."""
MIN_WORDS_FOR_AVERAGE = 40
"""Likewise for the average sentence length: on a sentence or two it is that sentence's."""
POINTERS = 3
"""How many hard words the readability finding names."""
RARE_FINDING = 2.5
"""A word below this frequency (Zipf) gets a finding of its own, as advice: about once in
three million words ("incisie", "comorbiditeit")."""


def _readability(
    lines: list[_Line],
    jargon: dict[str, _Term],
    rare: dict[str, _Term],
    options: ToneOptions,
    form: str,
) -> list[Finding]:
    prose = [line for line in lines if not line.sentence.heading]
    if sum(line.size for line in lines) < MIN_WORDS_FOR_SCORE or not prose:
        return []
    score = page_score(lines, _unexplained(jargon, rare))
    if score >= options.min_score:
        return []
    hard = sorted(
        (term for term in [*jargon.values(), *rare.values()] if not term.explained),
        key=lambda term: (term.plain is None, term.zipf),
    )[:POINTERS]
    pointers = [_word_pointer(term, form) for term in hard]
    longest = max(prose, key=lambda line: line.size)
    if longest.size > QUOTED_WORDS:
        pointers.append(
            f"de zin op regel {longest.sentence.line} ({longest.size} woorden): "
            f"{_quote(longest.sentence)}"
        )
    where = f" Begin bij {'; '.join(pointers)}." if pointers else ""
    first = lines[0]
    return [
        _finding(
            "readability",
            options.level("readability"),
            first.part.path,
            f"Deze pagina is moeilijker dan B1: leesbaarheid {score:.0f}, B1 vanaf "
            f"{options.min_score:g}.{where} Kies gewone woorden, leg vaktaal uit en maak "
            f"lange zinnen korter.",
            first.part.line,
        )
    ]


def _word_pointer(term: _Term, form: str) -> str:
    where = f"'{term.written}' (regel {term.line.sentence.line})"
    if term.plain:
        return f"{where}: schrijf bijvoorbeeld '{addressed(term.plain, form)}'"
    return f"{where}: een woord dat weinig mensen gebruiken"


def _average(lines: list[_Line], options: ToneOptions) -> list[Finding]:
    prose = [line for line in lines if not line.sentence.heading]
    total = sum(line.size for line in prose)
    if len(prose) < 3 or total < MIN_WORDS_FOR_AVERAGE:
        return []
    average = total / len(prose)
    if average <= options.max_sentence_words:
        return []
    longest = sorted(prose, key=lambda line: -line.size)[:2]
    named = "; ".join(
        f"regel {line.sentence.line} ({line.size} woorden): {_quote(line.sentence)}"
        for line in longest
        if line.size > QUOTED_WORDS
    )
    return [
        _finding(
            "long-sentence",
            options.level("long-sentence"),
            lines[0].part.path,
            f"De zinnen op deze pagina zijn gemiddeld {average:.0f} woorden lang (B1: "
            f"gemiddeld hooguit {options.max_sentence_words}). "
            + (f"De langste: {named}. " if named else "")
            + "Maak van lange zinnen twee of meer korte.",
            lines[0].part.line,
        )
    ]


PASSIVE_SHARE = 0.1
"""A page leans on the passive when more than this share of its sentences (and at least two)
use "worden": then each one is a warning. One passive now and then is advice (info)."""


def _leans_on_passive(lines: list[_Line]) -> bool:
    prose = [line for line in lines if not line.sentence.heading]
    count = sum(1 for line in prose if (found := passive(line.sentence.text)) and not found.state)
    return count >= 2 and count > PASSIVE_SHARE * len(prose)


def _sentence_findings(lines: list[_Line], options: ToneOptions, form: str) -> list[Finding]:
    findings = []
    leaning = _leans_on_passive(lines)
    for line in lines:
        sentence, path = line.sentence, line.part.path
        if not sentence.heading and line.size > options.long_sentence_words:
            findings.append(
                _finding(
                    "long-sentence",
                    options.level("long-sentence"),
                    path,
                    f"Lange zin ({line.size} woorden, hooguit {options.long_sentence_words}): "
                    f"{_quote(sentence)}. Maak er twee of meer zinnen van.",
                    sentence.line,
                )
            )
        found = passive(sentence.text)
        if found:
            findings.append(_passive_finding(found, line, options, form, leaning))
    return findings


def _passive_finding(
    found: Passive, line: _Line, options: ToneOptions, form: str, leaning: bool
) -> Finding:
    example = addressed("'de verpleegkundige belt u' in plaats van 'u wordt gebeld'", form)
    level = options.level("passive") if leaning and not found.state else "info"
    return _finding(
        "passive",
        level,
        line.part.path,
        f"Lijdende vorm ('{found.auxiliary} … {found.participle}'): "
        f"{_quote(line.sentence, found.participle)}. Schrijf wie het doet, bijvoorbeeld "
        f"{example}.",
        line.sentence.line,
    )


JARGON_TERMS = 2
"""A page with this many unexplained jargon terms or more gets a warning for each; one term
on a page is advice (info): plain patient information uses a care word now and then."""


def _jargon_findings(terms: dict[str, _Term], options: ToneOptions, form: str) -> list[Finding]:
    unexplained = [term for term in terms.values() if not term.explained]
    level = options.level("jargon") if len(unexplained) >= JARGON_TERMS else "info"
    return [
        _finding(
            "jargon",
            level,
            term.line.part.path,
            f"Vaktaal '{term.written}': schrijf liever '{addressed(term.plain or '', form)}', "
            f"of leg het woord uit. Zin: {_quote(term.line.sentence, term.written)}.",
            term.line.sentence.line,
        )
        for term in unexplained
    ]


def _rare_findings(terms: dict[str, _Term]) -> list[Finding]:
    return [
        _finding(
            "rare-word",
            "info",
            term.line.part.path,
            f"'{term.written}' is een woord dat weinig mensen gebruiken. Leg het uit of kies "
            f"een gewoner woord.",
            term.line.sentence.line,
        )
        for term in terms.values()
        if not term.explained and term.zipf < RARE_FINDING
    ]
