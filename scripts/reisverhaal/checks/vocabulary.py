"""How common a Dutch word is, the way LiNT-II measures it: word frequency of content words.

Frequencies come from wordfreq's Dutch list (on the Zipf scale: 6 is a word like "huis", 3 is
about once in a million words, 0 is unknown). LiNT-II uses SUBTLEX-NL, which is closer to
spoken Dutch; wordfreq is what ships offline and carries the same signal. Like LiNT-II, a
compound the list does not know well is scored by its last part ("griepvaccinatie" as
"vaccinatie"), function words and names are left out, and abbreviations are left to the
jargon list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import data
from .prose import Sentence, words

RARE = 3.0
"""A content word below this Zipf value is one that few readers use: about once in a million
words of running text ("kraakbeen", "incisie"). Compounds are judged by their last part."""

_PART = 2.0
"""The least frequency the last part of a compound must have to be a word of its own."""
_MODIFIER = 2.5
"""The least frequency of the first part of a compound (after a linking s, e or en)."""
_ABBREVIATION = re.compile(r"[A-Z0-9]{2,}(?:['’]?s)?|[a-z]+[A-Z]\w*")
_CLITIC = re.compile(r"['’]s$")
_ENDINGS = (
    # Inflected forms are rarer than the word: "poetst" (poetsen), "rokerige" (rokerig),
    # "handigst" (handig), "krukken" (kruk), "propje" (prop). (ending, what replaces it)
    ("st", ""),
    ("t", "en"),
    ("t", ""),
    ("te", "en"),
    ("de", "en"),
    ("ten", "en"),
    ("den", "en"),
    ("e", ""),
    ("er", ""),
    ("ere", ""),
    ("s", ""),
    ("en", ""),
    ("tje", ""),
    ("je", ""),
    ("jes", ""),
    ("tjes", ""),
)


@cache
def _frequencies() -> dict[str, float]:
    # Imported here: wordfreq takes a while to load, and only the tone checks need it.
    import wordfreq

    return wordfreq.get_frequency_dict("nl")


_known: dict[str, float] = {}
"""Zipf values already looked up, or handed in by `remember` (the build keeps them in its
cache): a rebuild after an edit loads wordfreq's list only for a word no build before it
looked up."""


def zipf(word: str) -> float:
    """The Zipf frequency of a word exactly as listed (lower case); 0 when unknown."""
    word = word.lower()
    value = _known.get(word)
    if value is None:
        frequency = _frequencies().get(word)
        value = _known[word] = round(math.log10(frequency) + 9, 2) if frequency else 0.0
    return value


def known() -> dict[str, float]:
    """Every Zipf value looked up so far, to be handed to `remember` in a later process."""
    return dict(_known)


def remember(values: dict[str, float]) -> None:
    """Zipf values a build looked up earlier with the same wordfreq (the caller checks that
    each is a lower-case word and a number)."""
    _known.update(values)


def modifier(part: str) -> bool:
    """Whether `part` can be the first part of a compound: a word, possibly with a linking
    s, e or en ("lichaamsbeweging", "ziekenhuis"), or a compound itself."""
    stems = [part]
    if part.endswith("en"):
        stems.append(part[:-2])
    if part.endswith(("s", "e")):
        stems.append(part[:-1])
    return any(len(stem) >= 3 and word_zipf(stem) >= _MODIFIER for stem in stems)


def _base_forms(word: str) -> Iterator[str]:
    """What an inflected form may come from: the infinitive, the word without its ending,
    a doubled consonant made single ("krukken")."""
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            yield stem + replacement
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                yield stem[:-1] + replacement


@lru_cache(maxsize=65536)
def word_zipf(word: str) -> float:
    """How common a word is: its own frequency, or for a compound the list knows less well
    than its last part, the frequency of that part (the longest one that is a word)."""
    word = _CLITIC.sub("", word.lower())
    if "-" in word:
        parts = [part for part in word.split("-") if part]
        return word_zipf(parts[-1]) if parts else 0.0
    own = max([zipf(word), *(zipf(form) for form in _base_forms(word))])
    if own >= RARE or len(word) < 7:
        return own
    for cut in range(3, len(word) - 3):
        head = zipf(word[cut:])
        if head >= _PART and modifier(word[:cut]):
            return max(own, head)
    return own


@cache
def function_words() -> frozenset[str]:
    """Articles, pronouns, prepositions, conjunctions and auxiliaries: no content words."""
    return frozenset(data.load("dutch")["function_words"])


@dataclass(frozen=True)
class Word:
    """A content word of a page: how it is written, where, and how common it is."""

    written: str
    sentence: Sentence
    zipf: float

    @property
    def rare(self) -> bool:
        return self.zipf < RARE


def _is_name(token: str, first: bool, capitalised: frozenset[str]) -> bool:
    """A name: a capital inside a sentence, or at its start a word the page also writes
    with a capital inside a sentence ("Wilma", "Utrecht")."""
    if not token[:1].isupper():
        return False
    return not first or token in capitalised


def content_words(found: Iterable[Sentence]) -> Iterator[Word]:
    """The content words of sentences: no function words, names, numbers or abbreviations."""
    found = list(found)
    capitalised = frozenset(
        token for sentence in found for token in words(sentence.text)[1:] if token[:1].isupper()
    )
    skip = function_words()
    for sentence in found:
        for index, token in enumerate(words(sentence.text)):
            lower = token.lower()
            if (
                lower in skip
                or len(token) < 3
                or token[:1] in "'’"
                or _ABBREVIATION.fullmatch(token)
                or any(char.isdigit() for char in token)
                or _is_name(token, index == 0, capitalised)
            ):
                continue
            yield Word(token, sentence, word_zipf(lower))
