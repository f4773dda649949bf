"""What a renderer hands back: files for the site, and images still to be made; where pages
live (the URL scheme every stage links by); and what a whole build adds to the site."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .findings import Finding

if TYPE_CHECKING:
    from .settings import Urls

RAW_HTML_MARK = "<!-- reisverhaal:html {key}-{index} -->"
RAW_HTML = re.compile(r"<!-- reisverhaal:html ([0-9a-f]{16})-(\d+) -->")


@dataclass(frozen=True)
class Output:
    """One file of the built site, by its path in the site (its MkDocs `src_uri`).

    `.md` outputs are pages that MkDocs renders with the theme; anything else is copied
    as it is. `content` is the file's text or bytes, or `source` a file to copy (from the
    image cache). `public: False` keeps it out of navigation, search and the sitemap.
    """

    uri: str
    content: str | bytes | None = None
    source: Path | None = None
    public: bool = True
    fallback: bool = False
    """A default that the site's own file at the same path replaces (the home page)."""
    raw_html: tuple[str, ...] = ()
    """HTML blocks of a page that skip Markdown: `content` has a marker for each, and
    `fill_raw_html` puts them back into the rendered page."""
    data: str = ""
    """A page that a theme template renders (its front matter names the template): the
    template's data as JSON text, handed to it as `tool` (`render.tool_page`)."""

    @property
    def is_page(self) -> bool:
        return self.uri.endswith(".md")


@dataclass(frozen=True)
class ImageRequest:
    """An image the site needs: `source` cut or fitted to `size`, published at `uri`."""

    uri: str
    source: Path
    size: tuple[int, int]
    focus: tuple[float, float] = (0.5, 0.5)
    fit: bool = False
    """True: scale down to fit inside `size` (website images); False: crop to exactly `size`."""
    enlarge: bool = True
    """False: a source smaller than `size` gives a smaller image of the same shape (cards)."""
    public: bool = True


class Slugged(Protocol):
    """A journey, step or story: what its page's path is made of."""

    slug: str


LINK_IN_BIO_URI = "links/index.md"
"""The link-in-bio page (`/links/`) that Instagram and TikTok captions point to."""


def journeys_index_uri(urls: Urls) -> str:
    """The journeys overview (`trajecten/index.md` with the default `urls`)."""
    return f"{urls.journeys}/index.md"


def stories_index_uri(urls: Urls) -> str:
    return f"{urls.stories}/index.md"


def journey_uri(urls: Urls, journey: Slugged) -> str:
    """A journey's page: `trajecten/knie/index.md` for the content in `journeys/knie/`."""
    return f"{urls.journeys}/{journey.slug}/index.md"


def step_uri(urls: Urls, journey: Slugged, step: Slugged) -> str:
    return f"{urls.journeys}/{journey.slug}/{step.slug}.md"


def story_uri(urls: Urls, story: Slugged) -> str:
    return f"{urls.stories}/{story.slug}/index.md"


def page_path(source_uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs publishes a page, for links from outside the site: `trajecten/knie/intake/`
    (or `trajecten/knie/intake.html` without directory URLs) for `trajecten/knie/intake.md`."""
    path = PurePosixPath(source_uri)
    if path.stem == "index":
        return f"{path.parent}/" if directory_urls else f"{path.parent}/index.html"
    return f"{path.with_suffix('')}/" if directory_urls else str(path.with_suffix(".html"))


def source_link(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one file of the site to another, by their source paths
    (`../thuis.md` from `trajecten/knie/index.md`... to `trajecten/thuis.md`): MkDocs checks
    it and turns it into the link of the built page. The one way pages, checks and the share
    kit link in Markdown; theme templates use MkDocs' `url` filter with `page_path`."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def page_link(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """The link from one page to another as MkDocs writes it into the built page (`../`,
    `de-controle/`), for raw HTML blocks, which skip Markdown and so MkDocs' link rewriting."""
    here = page_path(from_uri, directory_urls)
    target = page_path(to_uri, directory_urls)
    folder, name = posixpath.split(here)
    if "." in name:
        here = folder
    link = posixpath.relpath(f"/{target}", f"/{here}")
    return f"{link}/" if target.endswith("/") else link


def tracked_url(
    url: str, source: str, medium: str, campaign: str, content: str | None = None
) -> str:
    """`url` tagged for analytics (SPEC §5): its own UTM parameters replaced by these, any
    other query parameters kept."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, True) if not k.startswith("utm_")]
    query += [("utm_source", source), ("utm_medium", medium), ("utm_campaign", campaign)]
    if content:
        query.append(("utm_content", content))
    return urlunsplit(parts._replace(query=urlencode(query)))


def raw_html_key(pieces: tuple[str, ...]) -> str:
    """The key in a page's markers: a digest of its blocks. A page's text (a step's body, a
    comment copied from another page) cannot address the blocks by writing a marker of its
    own: without the key it stays the HTML comment it is. Derived from the blocks, not
    random, so that two builds give the same page."""
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def fill_raw_html(text: str, pieces: tuple[str, ...]) -> str:
    """Put a page's raw HTML blocks back in place of their markers; anything that only looks
    like a marker (another key, an index the page does not have) is left as it is."""
    if not pieces:
        return text
    key = raw_html_key(pieces)

    def piece(mark: re.Match) -> str:
        index = int(mark[2])
        return pieces[index] if mark[1] == key and index < len(pieces) else mark[0]

    return RAW_HTML.sub(piece, text)


KEEP_UNUSED_DAYS = 30
"""How long a cached file that no build uses stays: another branch may still want it."""


def unused_long(path: Path, now: float) -> bool:
    """Whether `path` was last written over `KEEP_UNUSED_DAYS` before `now`; a file that a
    build running at the same time has just removed was not."""
    try:
        return path.stat().st_mtime < now - KEEP_UNUSED_DAYS * 86400
    except FileNotFoundError:
        return False


def write_atomic(path: Path, data: bytes) -> os.stat_result:
    """Write through a temporary file, so that a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path.stat()


@dataclass
class SiteFiles:
    """What the build adds to the site, and how it is arranged."""

    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    nav: list = field(default_factory=list)
    images_made: int = 0
    images_cached: int = 0
    reused: bool = False
    """True: the last build's result, nothing it was made from has changed (`snapshot`)."""
    hidden_uris: frozenset[str] = field(init=False)
    """Outputs kept out of search, sitemap and navigation; MkDocs asks once per page."""
    raw_html: dict[str, tuple[str, ...]] = field(init=False)
    """Per page its HTML blocks that skip Markdown (`Output.raw_html`)."""
    page_data: dict[str, str] = field(init=False)
    """Per page rendered by a theme template its data (`Output.data`)."""
    key: str | None = None
    """The fingerprint this result is stored under, if it is (`snapshot.record`)."""
    code: str = ""
    """The key of the code that made it (`snapshot.code_key`), taken by this build."""
    scratch: Path | None = None
    """The temporary folder of a build without a writable cache: its files are copied into
    the site, and the folder is removed after the build (`remove_scratch`)."""

    def __post_init__(self) -> None:
        self.hidden_uris = frozenset(o.uri for o in self.outputs if not o.public)
        self.raw_html = {o.uri: o.raw_html for o in self.outputs if o.raw_html}
        self.page_data = {o.uri: o.data for o in self.outputs if o.data}
