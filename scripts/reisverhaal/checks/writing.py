"""Plain Dutch (B1) and personal data in everything an editor writes, and in every snippet.

Every journey, step and story is checked field by field, each text from the line of its
front matter key, so that a finding names the file, the line and the sentence. Snippets are
made of those same texts: what a snippet takes from them is checked there, once; what the
post template adds is checked per snippet and reported at the step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..config import Settings
from ..content.model import Content, ContentFile, Journey, Step, Story
from ..findings import Finding, shown
from .privacy import detect, privacy_findings
from .text import Sentence, sentences, words
from .tone import Jargon, JargonIndex, b1_level, flesch_douma, tone_findings

BELOW_KEY = re.compile(r"^\s*(?:[|>][+-]?\d?[+-]?)?\s*(?:#.*)?$")
"""What follows the colon of a key whose value starts on the next line (`summary: >`)."""
HASHTAG = re.compile(r"(?<![\w&#])#\w+")
TEMPLATE_PREFIX = "In de post, in tekst uit het postsjabloon (niet uit deze stap): "


@dataclass(frozen=True)
class Field:
    """One text an editor wrote: where it is, and which checks it gets."""

    text: str
    path: str
    line: int
    tone: bool = True


def _field(
    owner: ContentFile, root: Path, value: str | None, *key, tone: bool = True
) -> Field | None:
    if not value:
        return None
    line = owner.line_of(*key) or 1
    return Field(value, shown(owner.source, root), _value_line(owner.source, line), tone)


@lru_cache(maxsize=256)
def _lines(source: Path, version: tuple[int, int]) -> tuple[str, ...]:
    return tuple(source.read_text(encoding="utf-8-sig").split("\n"))


def _value_line(source: Path, key_line: int) -> int:
    """The line a front matter value starts on: the key's line, or the next one for a value
    written below its key (block scalars), where the text's own line breaks count."""
    try:
        stat = source.stat()
        raw = _lines(source, (stat.st_mtime_ns, stat.st_size))[key_line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return key_line
    _, colon, rest = raw.partition(":")
    return key_line + 1 if colon and BELOW_KEY.match(rest) else key_line


def _body(owner: ContentFile, root: Path, *, tone: bool = True) -> Field | None:
    if not owner.body.strip():
        return None
    return Field(owner.body, shown(owner.source, root), owner.body_line, tone)


def journey_fields(journey: Journey, root: Path) -> list[Field]:
    """The location is a place name, not prose: personal data only."""
    meta = journey.meta
    found = [
        _field(journey, root, meta.title, "title"),
        _field(journey, root, meta.summary, "summary"),
        _field(journey, root, meta.location, "location", tone=False),
        _field(journey, root, meta.image_alt, "image_alt"),
        _field(journey, root, meta.cta, "cta"),
        _body(journey, root),
    ]
    return [field for field in found if field]


def body_source(step: Step, root: Path, platform: str, variant: str | None) -> Field | None:
    """The text a snippet's body is made of, in the order the snippets choose it."""
    override = step.meta.posts.get(platform) or None
    chosen = step.meta.variants.get(variant) if variant else None
    if chosen and chosen.summary:
        return _field(step, root, chosen.summary, "variants", variant, "summary")
    if override and override.text:
        return _field(step, root, override.text, "posts", platform, "text")
    return _field(step, root, step.meta.summary, "summary")


def cta_source(
    journey: Journey, step: Step, root: Path, platform: str, variant: str | None
) -> Field | None:
    override = step.meta.posts.get(platform) or None
    chosen = step.meta.variants.get(variant) if variant else None
    if chosen and chosen.cta:
        return _field(step, root, chosen.cta, "variants", variant, "cta")
    if override and override.cta:
        return _field(step, root, override.cta, "posts", platform, "cta")
    return _field(journey, root, journey.meta.cta, "cta")


def step_fields(step: Step, root: Path) -> list[Field]:
    meta = step.meta
    found = [
        _field(step, root, meta.title, "title"),
        _field(step, root, meta.summary, "summary"),
        _field(step, root, meta.expect, "expect"),
        _field(step, root, meta.prepare, "prepare"),
        _field(step, root, meta.outcome, "outcome"),
        _field(step, root, meta.image_alt, "image_alt"),
    ]
    for audience, variant in meta.variants.items():
        found.append(_field(step, root, variant.summary, "variants", audience, "summary"))
        found.append(_field(step, root, variant.cta, "variants", audience, "cta"))
    for platform, post in meta.posts.items():
        if post:
            found.append(_field(step, root, post.text, "posts", platform, "text"))
            found.append(_field(step, root, post.cta, "posts", platform, "cta"))
    found.append(_body(step, root))
    return [field for field in found if field]


def quote_source(story: Story, root: Path) -> Field | None:
    """The quote is the client's own words, kept as said: personal data yes, plain Dutch no."""
    return _field(story, root, story.meta.quote, "quote", tone=False)


def story_fields(story: Story, root: Path) -> list[Field]:
    """The consent reference must never be personal data; it is no prose, so no tone check."""
    meta = story.meta
    found = [
        _field(story, root, meta.title, "title"),
        quote_source(story, root),
        _field(story, root, meta.summary, "summary"),
        _field(story, root, meta.image_alt, "image_alt"),
        _field(story, root, meta.consent.reference, "consent", "reference", tone=False),
        _body(story, root),
    ]
    return [field for field in found if field]


def content_fields(content: Content, root: Path) -> Iterator[Field]:
    """Every text of the content, in the order of the site: journeys with steps, stories."""
    for journey in content.journeys:
        yield from journey_fields(journey, root)
        for step in journey.steps:
            yield from step_fields(step, root)
    for story in content.stories:
        yield from story_fields(story, root)


def field_findings(
    field: Field, settings: Settings, jargon: Jargon | JargonIndex | None = None
) -> list[Finding]:
    found = privacy_findings(field.text, field.path, field.line, allowed=settings.privacy_allowed)
    if field.tone:
        found += tone_findings(
            field.text,
            field.path,
            field.line,
            min_score=settings.min_score,
            max_sentence_words=settings.max_sentence_words,
            jargon=jargon,
        )
    return found


def writing_findings(
    content: Content, settings: Settings, *, jargon: Jargon | JargonIndex | None = None
) -> list[Finding]:
    """Plain Dutch and personal data in every journey, step and story (SPEC §6)."""
    return [
        finding
        for field in content_fields(content, settings.root)
        for finding in field_findings(field, settings, jargon)
    ]


# Snippets


def _key(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in words(text))


def _lines_apart(text: str) -> str:
    """Prose without hashtags, every line a paragraph: a post's line breaks end its
    sentences, as before the template's "👉 De link staat in onze bio." line."""
    return "\n\n".join(HASHTAG.sub("", line) for line in text.split("\n"))


@dataclass(frozen=True)
class _Origin:
    """The sentences a snippet may take from one source text (as word tuples)."""

    field: Field
    said: tuple[tuple[str, ...], ...]
    signed: tuple[str, ...] = ()
    """Words that may follow a sentence in the post: the quoted person's name."""

    @classmethod
    def of(cls, field: Field, signed: str = "") -> _Origin:
        found = tuple(_key(sentence.text) for sentence in sentences(_lines_apart(field.text)))
        return cls(field, found, _key(signed))

    def gave(self, sentence: Sentence) -> bool:
        """Whether the post's sentence is one of these, or the start of one cut off with "…"."""
        said = _key(sentence.text)
        cut = sentence.text.endswith("…")
        return any(
            said == own
            or (self.signed and said == own + self.signed)
            or (cut and said and own[: len(said)] == said)
            for own in self.said
        )


def _origins(snippet, content: Content, root: Path) -> list[_Origin]:
    """The texts a snippet is made of: the body, the call to action and a story quote."""
    journey = content.journey(snippet.journey)
    step = journey.step(snippet.step) if journey else None
    if step is None:
        return []
    body = body_source(step, root, snippet.platform, snippet.variant)
    cta = cta_source(journey, step, root, snippet.platform, snippet.variant)
    found = [_Origin.of(field) for field in (body, cta) if field]
    for story in content.stories:
        quote = quote_source(story, root) if story.slug in snippet.stories else None
        if quote:
            found.append(_Origin.of(quote, story.display_name))
    return found


def _hide(text: str, spans: Iterable[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + re.sub(r"[^\n]", "_", text[start:end]) + text[end:]
    return text


def snippet_findings(
    snippets: Iterable,
    content: Content,
    settings: Settings,
    *,
    jargon: Jargon | JargonIndex | None = None,
) -> list[Finding]:
    """Plain Dutch and personal data in the snippets (`Snippet` records), at the step's text.

    A post is made of the step's texts, the call to action and a story quote, which
    `writing_findings` checks where they are written: sentences and personal data taken from
    them are not reported again, not once per platform. What is left, text the post template
    adds, is checked sentence by sentence (too little text for a readability score) and
    reported at the line of the post's main text; each finding once per step and line.
    """
    root = settings.root
    allowed = settings.privacy_allowed
    found: list[Finding] = []
    seen: set[tuple] = set()
    for snippet in snippets:
        origins = _origins(snippet, content, root)
        if not origins:
            continue
        where = origins[0].field
        known = {item.value.lower() for o in origins for item in detect(o.field.text, allowed)}
        spans = [
            (item.start, item.end)
            for item in detect(snippet.text, allowed)
            if item.value.lower() in known
        ]
        new = privacy_findings(_hide(snippet.text, spans), where.path, where.line, allowed=allowed)
        for sentence in sentences(_lines_apart(snippet.text)):
            if any(origin.gave(sentence) for origin in origins):
                continue
            new += [
                finding
                for finding in tone_findings(
                    sentence.text,
                    where.path,
                    where.line,
                    min_score=settings.min_score,
                    max_sentence_words=settings.max_sentence_words,
                    jargon=jargon,
                )
                if finding.rule != "tone.readability"
            ]
        for finding in new:
            finding = replace(finding, line=where.line, message=TEMPLATE_PREFIX + finding.message)
            identity = (finding.path, finding.line, finding.rule, finding.message)
            if identity not in seen:
                seen.add(identity)
                found.append(finding)
    return found


def readability_badges(content: Content, settings: Settings) -> dict[tuple[str, str], str]:
    """The share kit's badge per (journey, step), such as "B1 · 72" or "moeilijk · 48": the
    Flesch-Douma score of the step's summary and page text together, shown from 0 to 100
    (very plain text scores above 100, which reads like an error)."""
    badges = {}
    for journey in content.journeys:
        for step in journey.steps:
            score = flesch_douma(f"{step.meta.summary}\n\n{step.body}")
            shown_score = min(100, max(0, round(score)))
            badges[(journey.slug, step.slug)] = (
                f"{b1_level(score, settings.min_score)} · {shown_score}"
            )
    return badges
