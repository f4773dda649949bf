"""Compose a platform snippet and make it fit (SPEC §5, issue 18).

A snippet never exceeds its platform's limit by the platform's own count. When the whole
text is too long, whole sentences go from the end of the body: a post ends on a whole
sentence, as a communications team would write it, never on a word cut off with "…". When
not even the first sentence fits, the quote goes, then the hashtags one by one. If the link,
the call to action and the first sentence still do not fit: `FitError`, and the editor writes
a shorter text for the platform (a cut first sentence would say something half).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import regex

from ..checks.prose import sentence_breaks
from ..content.posts import HASHTAG
from .platforms import Platform, find_urls, measure, problems, without_urls

ELLIPSIS = "…"

WORD_BREAK = regex.compile(r"\s+")
TRAILING_PUNCTUATION = " \t,;:–—-"


@dataclass(frozen=True)
class PostParts:
    """What goes into one snippet, before it is fitted to a platform."""

    body: str
    quote: str | None = None
    cta: str | None = None
    link: str | None = None
    hashtags: Sequence[str] = ()
    link_in_bio: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "hashtags", tuple(_hashtag(tag) for tag in self.hashtags))


@dataclass(frozen=True)
class FittedPost:
    text: str
    length: int
    limit: int
    hashtags_used: tuple[str, ...]
    shortened: bool


class FitError(Exception):
    """The parts that must stay cannot fit; the message (Dutch) says which and by how much."""


def format_post(parts: PostParts) -> str:
    """The plain default layout: body, quote, call to action with link, hashtags."""
    action = " ".join(item for item in (parts.cta, parts.link or parts.link_in_bio) if item)
    tags = " ".join(f"#{tag}" for tag in parts.hashtags)
    return "\n\n".join(item for item in (parts.body, parts.quote, action, tags) if item)


def fit_post(
    parts: PostParts, platform: Platform, render: Callable[[PostParts], str] = format_post
) -> FittedPost:
    """The snippet for `platform`, within every limit the platform has."""
    post = for_platform(parts, platform)
    if not post.body:
        raise FitError(
            "Er blijft geen tekst over voor dit bericht"
            + (" zonder links." if parts.body.strip() else ".")
        )

    def text_of(candidate: PostParts) -> str:
        return tidy(render(candidate), platform)

    def fits(candidate: PostParts) -> bool:
        return not problems(text_of(candidate), platform)

    for candidate in fewer_extras(post):
        body = whole_sentences(
            candidate.body, lambda body, c=candidate: fits(replace(c, body=body))
        )
        if body is not None:
            chosen = replace(candidate, body=body)
            text = text_of(chosen)
            return FittedPost(
                text=text,
                length=measure(text, platform),
                limit=platform.limit,
                hashtags_used=chosen.hashtags,
                shortened=chosen != post,
            )
    raise _fit_error(candidate, text_of, platform)


def fit_title(step_title: str, journey_title: str, platform: Platform) -> str | None:
    """The title for a platform that has a title field (Pinterest, YouTube), or None.

    "Step – journey" when it fits, else the step title, cut after a whole word with "…".
    Titles count code points: never fewer than the platforms' own character counts.
    """
    limit = platform.title_limit
    if limit is None:
        return None
    step_title, journey_title = tidy(step_title, platform), tidy(journey_title, platform)
    full = f"{step_title} – {journey_title}" if journey_title else step_title
    for title in (full, step_title):
        if len(title) <= limit:
            return title
    room = limit - len(ELLIPSIS)
    cuts = [end for end in _word_ends(step_title, 0, len(step_title)) if end <= room]
    if not cuts:
        cuts = [end for end in _grapheme_boundaries(step_title) if 0 < end <= room]
    return step_title[: max(cuts)].rstrip(TRAILING_PUNCTUATION + " ") + ELLIPSIS


def for_platform(parts: PostParts, platform: Platform) -> PostParts:
    """The parts as the platform may carry them: links, URLs in the text, hashtags."""
    body, quote, cta = (_nfc(item) for item in (parts.body, parts.quote, parts.cta))
    link = parts.link if platform.links == "inline" else None
    link_in_bio = parts.link_in_bio if platform.links == "none" and parts.link else None
    if platform.links == "none":
        body, quote, cta = drop_url_sentences(body), strip_urls(quote), strip_urls(cta)
    elif platform.max_links is not None:
        room = platform.max_links - (1 if link else 0)
        texts = []
        for item in (body, quote, cta):
            item = keep_urls(item, room)
            room -= len(find_urls(item or ""))
            texts.append(item)
        body, quote, cta = texts
    inline = {tag.casefold() for item in (body, quote, cta) for tag in hashtags_in(item or "")}
    room = max(0, platform.hashtags - len(inline))
    tags = [tag for tag in parts.hashtags if tag.casefold() not in inline]
    return PostParts(
        body=(body or "").strip(),
        quote=quote or None,
        cta=cta or None,
        link=link,
        hashtags=_unique(tags)[:room],
        link_in_bio=link_in_bio,
    )


def fewer_extras(post: PostParts) -> Iterator[PostParts]:
    """The post, then without its quote, then with one hashtag less each time."""
    yield post
    if post.quote:
        post = replace(post, quote=None)
        yield post
    while post.hashtags:
        post = replace(post, hashtags=post.hashtags[:-1])
        yield post


def whole_sentences(body: str, fits: Callable[[str], bool]) -> str | None:
    """The longest start of `body` that fits and ends where a sentence ends.

    None when not even the first sentence fits.
    """
    if fits(body):
        return body
    spans = sentence_spans(body)
    count = _last_true(len(spans), lambda n: fits(body[: spans[n - 1][1]]))
    return body[: spans[count - 1][1]] if count else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each sentence; a break that would split a grapheme is no break."""
    boundaries = _grapheme_boundaries(text)
    last = len(text.rstrip())
    spans, start = [], len(text) - len(text.lstrip())
    for end, following in sentence_breaks(text, post=True):
        if start < end and end in boundaries and following <= last:
            spans.append((start, end))
            start = following
    if start < last:
        spans.append((start, last))
    return spans


def sentence_ends(text: str) -> list[int]:
    return [end for _, end in sentence_spans(text)]


def strip_urls(text: str | None) -> str | None:
    """`text` without any URL, closing the gap each one leaves."""
    if not text:
        return text
    for url in reversed(find_urls(text)):
        before = text[: url.start].rstrip(" \t")
        after = text[url.end :].lstrip(" \t")
        if before.endswith("(") and after.startswith(")"):
            before, after = before[:-1].rstrip(" \t"), after[1:].lstrip(" \t")
        if before.endswith(":") and (not after or after[0] in ".!?\n"):
            before = before[:-1].rstrip(" \t")
        tight = not before or not after or before.endswith("\n") or after[0] in ".,;:!?)\n"
        text = before + ("" if tight else " ") + after
    return text.strip()


def drop_url_sentences(text: str | None) -> str | None:
    """`text` without the sentences that carry a URL; if every sentence does, without the URLs."""
    if not text:
        return text
    spans = sentence_spans(text)
    kept = [index for index, (start, end) in enumerate(spans) if not find_urls(text[start:end])]
    if not kept:
        return strip_urls(text)
    parts = [text[slice(*spans[kept[0]])]]
    for index in kept[1:]:
        parts.append(text[spans[index - 1][1] : spans[index][0]] + text[slice(*spans[index])])
    return "".join(parts)


def keep_urls(text: str | None, room: int) -> str | None:
    """`text` with only its first `room` URLs; the later ones are taken out."""
    if not text:
        return text
    urls = find_urls(text)
    if len(urls) <= room:
        return text
    tail = text[urls[max(room, 0)].start :]
    return text[: urls[max(room, 0)].start] + strip_urls(tail)


def hashtags_in(text: str) -> list[str]:
    """Hashtags written in the text itself, not counting `#` inside URLs."""
    return HASHTAG.findall(without_urls(text, find_urls(text)))


def tidy(text: str, platform: Platform) -> str:
    """The rendered text as it is pasted: NFC, forbidden characters replaced, no loose blanks."""
    text = _nfc(text)
    for char in platform.forbidden:
        text = text.replace(char, platform.replace.get(char, ""))
    lines = [line.rstrip() for line in text.strip().split("\n")]
    return regex.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _fit_error(
    smallest: PostParts, text_of: Callable[[PostParts], str], platform: Platform
) -> FitError:
    ends = sentence_ends(smallest.body)
    text = text_of(replace(smallest, body=smallest.body[: ends[0]]))
    what = [
        name
        for name, present in (
            ("de link", smallest.link),
            (f"de regel ‘{smallest.link_in_bio}’", smallest.link_in_bio),
            ("de oproep (cta)", smallest.cta),
            ("de eerste zin", True),
        )
        if present
    ]
    if len(what) == 1:
        subject = "De eerste zin past niet"
        fix = "Maak de eerste zin korter"
    else:
        together = ", ".join(what[:-1]) + " en " + what[-1]
        subject = f"{together[0].upper()}{together[1:]} passen samen niet"
        fix = (
            "Maak de eerste zin of de oproep korter"
            if smallest.cta
            else "Maak de eerste zin korter"
        )
    return FitError(
        f"{subject} in het bericht ({'; '.join(problems(text, platform))}). "
        f"{fix}, of schrijf onder `posts:` in de stap een eigen tekst voor dit platform."
    )


def _hashtag(tag: str) -> str:
    tag = str(tag).strip().lstrip("#")
    if not tag or regex.search(r"[\s#]", tag):
        raise ValueError(
            f"Hashtag {tag!r} kan niet: schrijf hem zonder spaties en zonder extra '#', "
            "bijvoorbeeld 'NieuweKnie'."
        )
    return tag


def _unique(tags: list[str]) -> tuple[str, ...]:
    seen, kept = set(), []
    for tag in tags:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return tuple(kept)


def _nfc(text: str | None) -> str | None:
    return unicodedata.normalize("NFC", text) if text else text


def _grapheme_boundaries(text: str) -> set[int]:
    return {match.start() for match in regex.finditer(r"\X", text)} | {len(text)}


def _word_ends(text: str, start: int, end: int) -> list[int]:
    boundaries = _grapheme_boundaries(text)
    return [
        match.start()
        for match in WORD_BREAK.finditer(text, start, end)
        if match.start() > start and match.start() in boundaries
    ]


def _last_true(count: int, test: Callable[[int], bool]) -> int:
    """The largest n in 1..count for which `test(n)` holds, assuming it holds up to a point."""
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if test(middle):
            low = middle
        else:
            high = middle - 1
    return low
