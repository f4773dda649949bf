"""Plain Dutch (B1) and personal data in everything an editor writes, and in every snippet.

Every journey, step and story is a page: its texts are checked together for plain Dutch (a
readability score, the average sentence length, jargon once per page), each text from the
line of its front matter key, so that a finding names the file, the line and the sentence.
Personal data is checked field by field. Snippets are made of those same texts: what a
snippet takes from them is checked there, once; what the post template adds is checked per
snippet and reported at the step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..content.datafiles import project_labels
from ..content.model import Content, ContentFile, Journey, Step, Story
from ..content.posts import Written, post_body, post_cta, without_hashtags
from ..core.findings import Finding, shown
from ..core.settings import Settings
from .plain_dutch import (
    Jargon,
    JargonIndex,
    Part,
    ToneOptions,
    b1_level,
    page_findings,
    readability,
)
from .privacy import detect, own_domain, privacy_findings
from .prose import Sentence, sentences, words

BELOW_KEY = re.compile(r"^\s*(?:[|>][+-]?\d?[+-]?)?\s*(?:#.*)?$")
"""What follows the colon of a key whose value starts on the next line (`summary: >`)."""
TEMPLATE_PREFIX = "In de post, in tekst uit het postsjabloon (niet uit deze stap): "


@dataclass(frozen=True)
class Field:
    """One text an editor wrote: where it is, and which checks it gets."""

    text: str
    path: str
    line: int
    tone: bool = True
    scored: bool = False
    """Prose of the page (summary, body, expect, prepare, outcome): it counts for the page's
    readability score and average sentence length."""


def _field(
    owner: ContentFile, root: Path, value: str | None, *key, tone: bool = True, scored=False
) -> Field | None:
    if not value:
        return None
    line = owner.line_of(*key) or 1
    where = shown(owner.source, root)
    return Field(value, where, _value_line(owner.source, line), tone, scored)


@lru_cache(maxsize=256)
def _file_lines(source: Path, version: tuple[int, int]) -> tuple[str, ...]:
    """The lines of a content file as it is now (`version`: its modification time and size)."""
    return tuple(source.read_text(encoding="utf-8-sig").split("\n"))


def _value_line(source: Path, key_line: int) -> int:
    """The line a front matter value starts on: the key's line, or the next one for a value
    written below its key (block scalars), where the text's own line breaks count."""
    try:
        stat = source.stat()
        raw = _file_lines(source, (stat.st_mtime_ns, stat.st_size))[key_line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return key_line
    _, colon, rest = raw.partition(":")
    return key_line + 1 if colon and BELOW_KEY.match(rest) else key_line


def _body(owner: ContentFile, root: Path, *, tone: bool = True) -> Field | None:
    if not owner.body.strip():
        return None
    return Field(owner.body, shown(owner.source, root), owner.body_line, tone, scored=True)


def journey_fields(journey: Journey, root: Path) -> list[Field]:
    """The location is a place name, not prose: personal data only."""
    meta = journey.meta
    found = [
        _field(journey, root, meta.title, "title"),
        _field(journey, root, meta.summary, "summary", scored=True),
        _field(journey, root, meta.location, "location", tone=False),
        _field(journey, root, meta.image_alt, "image_alt"),
        _field(journey, root, meta.cta, "cta"),
        _body(journey, root),
    ]
    return [field for field in found if field]


def _written(found: Written | None, root: Path) -> Field | None:
    """A text a post is made of (`content.posts`), as a field to check."""
    return _field(found.owner, root, found.text, *found.key) if found else None


def step_fields(step: Step, root: Path) -> list[Field]:
    meta = step.meta
    found = [
        _field(step, root, meta.title, "title"),
        _field(step, root, meta.summary, "summary", scored=True),
        _field(step, root, meta.expect, "expect", scored=True),
        _field(step, root, meta.prepare, "prepare", scored=True),
        _field(step, root, meta.outcome, "outcome", scored=True),
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
    found += video_fields(step, root)
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
        _field(story, root, meta.summary, "summary", scored=True),
        _field(story, root, meta.image_alt, "image_alt"),
        _field(story, root, meta.consent.reference, "consent", "reference", tone=False),
        _body(story, root),
    ]
    if meta.consent.video:  # a transcript without video consent is shown nowhere: not quoted
        found += video_fields(story, root)
    return [field for field in found if field]


def video_fields(owner: ContentFile, root: Path) -> list[Field]:
    """The video's description, and its transcript cue by cue at the captions file's lines:
    the page shows the transcript, so plain Dutch and privacy check it like the body."""
    video = owner.video
    if video is None:
        return []
    found = [_field(owner, root, video.description, "video_description")]
    if video.captions is not None:
        where = shown(video.captions, root)
        found += [Field(cue.text, where, cue.line, scored=True) for cue in video.cues]
    return found


def content_pages(content: Content, root: Path) -> Iterator[list[Field]]:
    """The texts of every page, in the order of the site: journeys with steps, stories."""
    for journey in content.journeys:
        yield journey_fields(journey, root)
        for step in journey.steps:
            yield step_fields(step, root)
    for story in content.stories:
        yield story_fields(story, root)


def tone_options(settings: Settings) -> ToneOptions:
    return ToneOptions(
        min_score=settings.min_score,
        max_sentence_words=settings.max_sentence_words,
        long_sentence_words=settings.long_sentence_words,
        levels=settings.readability_levels,
    )


def page_writing_findings(
    fields: list[Field], settings: Settings, jargon: Jargon | JargonIndex | None = None
) -> list[Finding]:
    """Personal data in every text of a page, and plain Dutch in its texts together."""
    found = [
        finding
        for field in fields
        for finding in privacy_findings(
            field.text,
            field.path,
            field.line,
            allowed=settings.privacy_allowed,
            domain=own_domain(settings.site_url),
        )
    ]
    parts = [Part(f.text, f.path, f.line, f.scored) for f in fields if f.tone]
    return found + page_findings(parts, tone_options(settings), jargon)


def writing_findings(
    content: Content, settings: Settings, *, jargon: Jargon | JargonIndex | None = None
) -> list[Finding]:
    """Plain Dutch and personal data in every journey, step and story (SPEC §6)."""
    return [
        finding
        for fields in content_pages(content, settings.root)
        for finding in page_writing_findings(fields, settings, jargon)
    ]


# Snippets


def _key(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in words(text))


def _lines_apart(text: str) -> str:
    """Prose without hashtags, every line a paragraph: a post's line breaks end its
    sentences, as before the template's "👉 De link staat in onze bio." line."""
    return "\n\n".join(without_hashtags(line) for line in text.split("\n"))


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
    body = _written(post_body(step, snippet.platform, snippet.variant), root)
    cta = _written(post_cta(journey, step, snippet.platform, snippet.variant), root)
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
    domain = own_domain(settings.site_url)
    found: list[Finding] = []
    seen: set[tuple] = set()
    for snippet in snippets:
        origins = _origins(snippet, content, root)
        if not origins:
            continue
        where = origins[0].field
        known = {
            item.value.lower() for o in origins for item in detect(o.field.text, allowed, domain)
        }
        spans = [
            (item.start, item.end)
            for item in detect(snippet.text, allowed, domain)
            if item.value.lower() in known
        ]
        new = privacy_findings(
            _hide(snippet.text, spans), where.path, where.line, allowed=allowed, domain=domain
        )
        for sentence in sentences(_lines_apart(snippet.text)):
            if any(origin.gave(sentence) for origin in origins):
                continue
            new += [
                finding
                for finding in page_findings(
                    [Part(sentence.text, where.path, where.line, scored=False)],
                    tone_options(settings),
                    jargon,
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


def step_prose(step: Step) -> list[str]:
    """The texts of a step's page that its readability score is made of."""
    meta = step.meta
    texts = (meta.summary, meta.expect, meta.prepare, meta.outcome, step.body)
    return [text for text in texts if text]


def readability_badges(content: Content, settings: Settings) -> dict[tuple[str, str], str]:
    """The share kit's badge per (journey, step), such as "B1 · 72" or "moeilijk · 48": the
    readability score of the step's page (summary, expect, prepare, outcome and page text
    together), shown from 0 to 100 (very plain text scores above 100, which reads like an
    error)."""
    names = project_labels(settings.templates_dir)[0]["readability"]
    badges = {}
    for journey in content.journeys:
        for step in journey.steps:
            score = readability(step_prose(step))
            shown_score = min(100, max(0, round(score)))
            badges[(journey.slug, step.slug)] = (
                f"{b1_level(score, settings.min_score, names)} · {shown_score}"
            )
    return badges
