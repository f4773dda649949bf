"""Platform rules (SPEC §5) and measuring text the way each platform counts it.

The rules live in `data/platforms.yml`, checked by `content.datafiles` (a mistake there is a
Dutch message with the line); this module only knows the counting methods.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from functools import cache
from typing import Any, Literal, NamedTuple, get_origin
from urllib.parse import urlsplit

import regex

from ..content.datafiles import PlatformRules, ShortUrls

Count = Literal["twitter", "graphemes", "chars", "utf16", "utf8"]
Links = Literal["inline", "none", "field"]

GRAPHEME = regex.compile(r"\X")
EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")
COMPOSER_URL = re.compile(r"(?:^|(?<=[\s(]))https?://\S+", re.IGNORECASE)
"""A link as Bluesky's composer finds one (atproto `detectFacets`): `http(s)://` after the
start, a blank or `(`, up to the next blank."""
PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~!$&()*+,;=:@/%?#]*")
"""Characters a browser's URL parser keeps as they are in path, query and fragment; a link
with others (accents, quotes, `\\`) is counted as written, never shorter than shown."""


def _platform_field(name: str, info: Any) -> tuple[str, Any, dataclasses.Field]:
    # A dict is not hashable: it stays out of the hash (Platform is a cache key).
    compare = {"hash": False} if get_origin(info.annotation) is dict else {}
    if info.is_required():
        return name, info.annotation, dataclasses.field(**compare)
    default = info.get_default(call_default_factory=True)
    if isinstance(default, dict | list):
        return (
            name,
            info.annotation,
            dataclasses.field(
                default_factory=lambda value=default: copy.deepcopy(value), **compare
            ),
        )
    return name, info.annotation, dataclasses.field(default=default, **compare)


Platform = dataclasses.make_dataclass(
    "Platform",
    [("id", str), *(_platform_field(*item) for item in PlatformRules.model_fields.items())],
    frozen=True,
    kw_only=True,
)
Platform.__module__ = __name__
Platform.__doc__ = """One platform's rules: its id and every field of `PlatformRules` (the one
place a platform fact is defined), frozen and hashable."""


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
    return {
        key: Platform(id=key, **{name: getattr(value, name) for name in type(value).model_fields})
        for key, value in rules.items()
    }


def find_urls(text: str, *, bare_domains: bool = True) -> list[Url]:
    """URLs as twitter-text finds them, which is how X counts and links them.

    With `bare_domains` false only URLs with `http://` or `https://` are found, which is
    what Mastodon counts as a link.
    """
    key = ("urls", bare_domains, text)
    found = _counted.get(key)
    if found is None:
        import twitter_text  # here: about 0.3 s to import, and most rebuilds count known texts

        found = _counted[key] = [
            [match["url"], *match["indices"]]
            for match in twitter_text.extract_urls_with_indices(text, bare_domains)
        ]
    return [Url(url, start, end) for url, start, end in found]


_counted: dict[tuple, object] = {}
"""What twitter-text found for a text (its URLs, its weighted length), looked up once per
text, or handed in by `remember` (the build keeps these in its cache): a rebuild counts
again only the texts that changed."""


def _weighted_length(text: str) -> int:
    key = ("weighted", False, text)
    length = _counted.get(key)
    if length is None:
        import twitter_text

        length = _counted[key] = twitter_text.parse_tweet(text).weightedLength
    return length


def known() -> list[list]:
    """Every count so far, as plain data for `remember` in a later process."""
    return [[kind, flag, text, value] for (kind, flag, text), value in _counted.items()]


def remember(entries: list[list]) -> None:
    """Counts an earlier build made with the same twitter-text (the caller has checked their
    types: `("urls", flag, text, [[url, start, end], …])` or `("weighted", False, text, n)`)."""
    for kind, flag, text, value in entries:
        _counted[(kind, flag, text)] = value


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


def as_composed(text: str, platform: Platform) -> str:
    """`text` as the platform's composer shows and counts it: links shortened where it
    shortens them (Bluesky), otherwise unchanged."""
    if platform.short_urls is None:
        return text
    return COMPOSER_URL.sub(lambda match: _composed_url(match[0], platform.short_urls), text)


def _composed_url(found: str, rule: ShortUrls) -> str:
    """One link as the composer shows it, with the punctuation it leaves to the sentence."""
    url, tail = found, ""
    if url[-1] in ".,;:!?":
        url, tail = url[:-1], url[-1]
    if url.endswith(")") and "(" not in url:
        url, tail = url[:-1], ")" + tail
    return short_url(url, rule) + tail


def short_url(url: str, rule: ShortUrls) -> str:
    """Host, then path, query and fragment cut to `rule.keep` characters and `rule.ellipsis`
    when longer than `rule.over` (social-app `toShortUrl`); a link whose shape a browser would
    rewrite is left as written, which counts at least as much."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    host = parts.hostname or ""
    rest = url[url.index("//") + 2 + len(parts.netloc) :]
    if not host or not url.isascii() or PLAIN_URL.fullmatch(rest) is None or "/." in rest:
        return url
    if port is not None and port != {"http": 80, "https": 443}[parts.scheme.lower()]:
        host += f":{port}"
    path = "" if parts.path in ("", "/") else parts.path
    path += (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    if len(path) > rule.over:
        return host + path[: rule.keep] + rule.ellipsis
    return host + path


def measure(text: str, platform: Platform) -> int:
    """The length of `text` exactly as `platform` counts it."""
    if platform.count == "twitter":
        return _weighted_length(text)
    if platform.count == "utf8":
        return len(text.encode("utf-8"))
    if platform.count == "utf16":
        return len(text.encode("utf-16-le")) // 2
    if platform.count == "graphemes":
        if platform.url_weight is None:
            return len(graphemes(as_composed(text, platform)))
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
    size = len(as_composed(text, platform).encode("utf-8"))
    if platform.max_bytes is not None and size > platform.max_bytes:
        found.append(f"{size} van de {platform.max_bytes} bytes")
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
