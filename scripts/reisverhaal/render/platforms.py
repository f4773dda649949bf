"""Platform rules (SPEC §5) and measuring text the way each platform counts it.

The rules live in `data/platforms.yml`, checked by `content.datafiles` (a mistake there is a
Dutch message with the line); this module only knows the counting methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal, NamedTuple

import regex
import twitter_text

Count = Literal["twitter", "graphemes", "chars", "utf16", "utf8"]
Links = Literal["inline", "none", "field"]

GRAPHEME = regex.compile(r"\X")
EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    limit: int
    count: Count
    links: Links
    hashtags: int
    images: dict[str, tuple[int, int]] = field(hash=False)
    color: str = "currentColor"
    """The line beside the platform's posts on the calendar page."""
    icon: str | None = None
    """A Font Awesome brands icon that ships with Material for MkDocs."""
    url_weight: int | None = None
    max_bytes: int | None = None
    max_links: int | None = None
    emoji_bytes: bool = False
    alt_limit: int | None = None
    alt_text: bool = True
    title_limit: int | None = None
    forbidden: str = ""
    replace: dict[str, str] = field(default_factory=dict, hash=False)


class Url(NamedTuple):
    """A URL in a text, with code point offsets: `text[start:end] == url`."""

    url: str
    start: int
    end: int


@cache
def load_platforms() -> dict[str, Platform]:
    """Every platform from `data/platforms.yml`, in the file's order."""
    from ..content.datafiles import shipped

    rules = shipped("platforms").root
    return {key: Platform(id=key, **value.model_dump()) for key, value in rules.items()}


def find_urls(text: str, *, bare_domains: bool = True) -> list[Url]:
    """URLs as twitter-text finds them, which is how X counts and links them.

    With `bare_domains` false only URLs with `http://` or `https://` are found, which is
    what Mastodon counts as a link.
    """
    return [
        Url(match["url"], *match["indices"])
        for match in twitter_text.extract_urls_with_indices(text, bare_domains)
    ]


def without_urls(text: str, urls: list[Url]) -> str:
    """`text` with the given URLs cut out and nothing else changed."""
    kept, position = [], 0
    for url in urls:
        kept.append(text[position : url.start])
        position = url.end
    kept.append(text[position:])
    return "".join(kept)


def graphemes(text: str) -> list[str]:
    """User-perceived characters (extended grapheme clusters)."""
    return GRAPHEME.findall(text)


def is_emoji(cluster: str) -> bool:
    return EMOJI.search(cluster) is not None


def measure(text: str, platform: Platform) -> int:
    """The length of `text` exactly as `platform` counts it."""
    if platform.count == "twitter":
        return twitter_text.parse_tweet(text).weightedLength
    if platform.count == "utf8":
        return len(text.encode("utf-8"))
    if platform.count == "utf16":
        return len(text.encode("utf-16-le")) // 2
    if platform.count == "graphemes":
        if platform.url_weight is None:
            return len(graphemes(text))
        urls = find_urls(text, bare_domains=False)
        return len(graphemes(without_urls(text, urls))) + platform.url_weight * len(urls)
    if platform.emoji_bytes:
        return sum(
            len(cluster.encode("utf-8")) if is_emoji(cluster) else len(cluster)
            for cluster in graphemes(text)
        )
    return len(text)


def problems(text: str, platform: Platform) -> list[str]:
    """What keeps `text` from being posted on `platform`, in Dutch; empty when it fits."""
    found = []
    length = measure(text, platform)
    if length > platform.limit:
        unit = "bytes" if platform.count == "utf8" else "tekens"
        found.append(f"{length} van de {platform.limit} {unit}")
    if platform.max_bytes is not None and len(text.encode("utf-8")) > platform.max_bytes:
        found.append(f"{len(text.encode('utf-8'))} van de {platform.max_bytes} bytes")
    bad = sorted({char for char in text if char in platform.forbidden})
    if bad:
        found.append(f"verboden tekens {' '.join(bad)}")
    if platform.links == "none" and find_urls(text):
        found.append("een link, maar links werken hier niet")
    if platform.max_links is not None and len(find_urls(text)) > platform.max_links:
        found.append(f"{len(find_urls(text))} links, maximaal {platform.max_links}")
    return found


def within_limit(text: str, platform: Platform) -> bool:
    """Whether `text` can be posted on `platform` as it is: length, bytes, characters, links."""
    return not problems(text, platform)
