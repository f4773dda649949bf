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
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from .. import data
from ..findings import Finding, error, shown, warning
from .privacy import redact
from .text import Sentence, sentences, shorten, words

MIN_WORDS_FOR_SCORE = 10
"""Shorter texts (titles, one-line summaries) get no readability score: it says nothing there."""

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
    found = sentences(text)
    tokens = [word for sentence in found for word in words(sentence.text)]
    if not tokens:
        return 100.0
    syllables = sum(dutch_syllables(word) for word in tokens)
    return 206.835 - 0.93 * len(tokens) / len(found) - 77 * syllables / len(tokens)


def b1_level(score: float, min_score: float = 60) -> str:
    """The badge for a readability score: "B1" when it reaches `min_score`, else "moeilijk"."""
    return "B1" if score >= min_score else "moeilijk"


# The passive: a form of "worden" with a past participle in the same clause.

_TOKEN = re.compile(r"['’]?[^\W_](?:[\w'’-]*[^\W_])?|[,;:()\[\]–—\"“”]")
_NOT_A_PARTICIPLE_ENDING = re.compile(r"(?:igen|ingen|lijken|ische|ischen|heden)$")


@cache
def _passive() -> dict:
    rules = _dutch()["passive"]
    separable = "|".join(sorted(rules["separable_prefixes"], key=len, reverse=True))
    inseparable = "|".join(sorted(rules["inseparable_prefixes"], key=len, reverse=True))
    return {
        "auxiliaries": frozenset(rules["auxiliaries"]),
        "not_participles": frozenset(rules["not_participles"]),
        "determiners": frozenset(rules["determiners"]),
        "clause_breaks": frozenset(rules["clause_breaks"]),
        "participle": re.compile(
            rf"(?:{separable})?(?:ge|{inseparable})[^\W\d_]{{2,}}(?:d|t|en)", re.IGNORECASE
        ),
    }


def _participle(tokens: list[str], index: int) -> bool:
    rules = _passive()
    word = tokens[index].lower()
    if word in rules["not_participles"] or word in rules["auxiliaries"]:
        return False
    if not rules["participle"].fullmatch(word) or _NOT_A_PARTICIPLE_ENDING.search(word):
        return False
    return index == 0 or tokens[index - 1].lower() not in rules["determiners"]


def passive(text: str) -> tuple[str, str] | None:
    """The first (auxiliary, participle) pair of a passive construction in a sentence."""
    rules = _passive()
    tokens = _TOKEN.findall(text)
    for index, token in enumerate(tokens):
        if token.lower() not in rules["auxiliaries"]:
            continue
        if index and _participle(tokens, index - 1):
            return token, tokens[index - 1]
        for after in range(index + 1, min(len(tokens), index + 13)):
            word = tokens[after].lower()
            if not word[:1].isalnum() and word[:1] not in "'’":
                break
            if word in rules["clause_breaks"] or word in rules["auxiliaries"]:
                break
            if _participle(tokens, after):
                return token, tokens[after]
    return None


# Jargon: whole words from an editable list, with cheap Dutch inflections.

Jargon = Mapping[str, "str | Mapping[str, object]"]


Entry = tuple[str, str, bool, bool]
"""(term in lower case, plain alternative, match the exact word only, abbreviation).

An abbreviation (a term in capitals, such as IC or ADL) matches only in capitals, with or
without a plural s: "IC" and "IC's", not "ic" in "calendar.ics" or the English "ice"."""

ABBREVIATION = re.compile(r"[A-Z][A-Z0-9]+")


def _entry(term, value) -> Entry:
    """One validated entry of a jargon list; `ValueError` says what is wrong in Dutch."""
    if isinstance(value, Mapping):
        plain, exact = value.get("plain"), value.get("exact", False)
        if set(value) - {"plain", "exact"} or not isinstance(exact, bool):
            raise ValueError(
                f"jargon: '{term}' may only have `plain` (text) and `exact` (true or false)"
            )
    else:
        plain, exact = value, False
    if not isinstance(term, str) or not isinstance(plain, str) or not term.strip():
        raise ValueError(
            f"jargon: '{term}' needs a plain alternative as text, "
            f"for example `{term}: gewone woorden`"
        )
    abbreviation = bool(ABBREVIATION.fullmatch(term.strip()))
    return " ".join(term.lower().split()), plain.strip(), exact, abbreviation


def _entries(jargon: Jargon) -> tuple[Entry, ...]:
    return tuple(_entry(term, value) for term, value in jargon.items())


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

    def matches(self, text: str) -> Iterator[tuple[str, str, str]]:
        """(word as written, term, plain alternative) for each match in `text`."""
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
            yield written, term, plain


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
    )


def _jargon(jargon: Jargon | JargonIndex | None) -> JargonIndex:
    """The index of `jargon`, or of the shipped list (checked once) when it is None."""
    if isinstance(jargon, JargonIndex):
        return jargon
    return _jargon_index(_default_entries() if jargon is None else _entries(jargon))


@cache
def _default_entries() -> tuple[Entry, ...]:
    return _entries(default_jargon())


JARGON_FILE = "jargon.yml"
"""The organisation's own jargon list, in the project's `templates/` folder."""


def project_jargon(root: Path) -> tuple[JargonIndex, list[Finding]]:
    """The shipped list with the organisation's `templates/jargon.yml` laid over it.

    An entry there adds a term or changes a shipped one's alternative; `term: false` drops a
    shipped term the organisation is happy to use. A bad entry is left out with a warning; a
    file that cannot be read leaves the shipped list as it is, with an error.
    """
    path = root / "templates" / JARGON_FILE
    if not path.is_file():
        return _jargon(None), []
    where = shown(path, root)
    try:
        own = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return _jargon(None), [
            error(where, "jargon.file", "is geen UTF-8-tekst. Sla het bestand op als UTF-8.")
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return _jargon(None), [
            error(
                where,
                "jargon.file",
                f"is geen geldige YAML ({getattr(exc, 'problem', None) or exc}). Schrijf één "
                f"woord per regel: `vakterm: gewone woorden`.",
                mark.line + 1 if mark else None,
            )
        ]
    if own is None:
        own = {}
    if not isinstance(own, dict):
        return _jargon(None), [
            error(
                where,
                "jargon.file",
                "moet een lijst van `vakterm: gewone woorden` zijn, één per regel.",
            )
        ]
    entries = {entry[0]: entry for entry in _default_entries()}
    findings = []
    for term, value in own.items():
        key = " ".join(str(term).lower().split())
        if value is False:
            entries.pop(key, None)
            continue
        try:
            entries[key] = _entry(term, value)
        except ValueError:
            findings.append(
                warning(
                    where,
                    "jargon.entry",
                    f"'{term}' is overgeslagen: schrijf `{term}: gewone woorden`, "
                    f"`{term}: {{plain: gewone woorden, exact: true}}` of `{term}: false` "
                    f"(geen vaktaal).",
                )
            )
    return _jargon_index(tuple(entries.values())), findings


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


def tone_findings(
    text: str,
    path: str,
    first_line: int,
    *,
    min_score: float = 60,
    max_sentence_words: int = 15,
    jargon: Jargon | JargonIndex | None = None,
) -> list[Finding]:
    """Plain-language findings for a Markdown text that starts on line `first_line` of `path`."""
    index = _jargon(jargon)
    found = sentences(text, first_line)
    findings: list[Finding] = []
    tokens = [word for sentence in found for word in words(sentence.text)]
    if len(tokens) >= MIN_WORDS_FOR_SCORE:
        score = flesch_douma(text)
        if score < min_score:
            hardest = min(found, key=lambda sentence: flesch_douma(sentence.text))
            findings.append(
                warning(
                    path,
                    "tone.readability",
                    f"Leesbaarheid {score:.0f} (Flesch-Douma) is lager dan {min_score:g}: de "
                    f"tekst is moeilijker dan B1. Het moeilijkst is de zin op regel "
                    f"{hardest.line}: {_quote(hardest)}. Maak zinnen korter en kies kortere, "
                    f"gewone woorden.",
                    first_line,
                )
            )
    for sentence in found:
        count = len(words(sentence.text))
        if count > max_sentence_words:
            findings.append(
                warning(
                    path,
                    "tone.long-sentence",
                    f"Lange zin ({count} woorden, hooguit {max_sentence_words}): "
                    f"{_quote(sentence)}. Maak er twee of meer zinnen van.",
                    sentence.line,
                )
            )
        pair = passive(sentence.text)
        if pair:
            auxiliary, participle = pair
            findings.append(
                warning(
                    path,
                    "tone.passive",
                    f"Lijdende vorm ('{auxiliary} … {participle}'): {_quote(sentence, participle)}."
                    f" Schrijf wie het doet, bijvoorbeeld 'de verpleegkundige belt u' in plaats "
                    f"van 'u wordt gebeld'.",
                    sentence.line,
                )
            )
        seen: set[str] = set()
        for written, term, plain in index.matches(sentence.text):
            if term in seen:
                continue
            seen.add(term)
            findings.append(
                warning(
                    path,
                    "tone.jargon",
                    f"Vaktaal '{written}': schrijf liever '{plain}'. "
                    f"Zin: {_quote(sentence, written)}.",
                    sentence.line,
                )
            )
    return findings
