"""Pages as the theme rendered them, reused while everything they were made from is the same.

Material draws the whole navigation into every page, so rendering the theme's template is
most of what a build of a few hundred pages costs (plain MkDocs pays it too). After an edit
most pages come out as before: only the edited page, the pages that show its text, and,
when a title or address changed, every page (the navigation shows them all).

A page's HTML is made from: the theme's and this package's code and files, the site's
configuration, the build's date, the navigation (every entry's title and address, and what
Material's navigation asks of a page: `NAVIGATION_KEYS`, `NAVIGATION_PAGE_FACTS`), and the
page itself (source, address, title, content, table of contents, front matter, and the data
a tool page's template draws). The key a page is stored under is a digest of exactly those,
taken after MkDocs turned every page's Markdown into HTML (this build's, never a stored one);
the stored HTML is reused only under the same key, and its file carries a digest of itself,
so a damaged or cut-off file is rendered anew. What is stored is text written into the site,
never code run by the build.

Only for sites that use no plugin or hook beyond search and this one: another plugin may
add to a page's context or rework its output in ways no key here can see.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from markupsafe import Markup
from mkdocs.plugins import PluginCollection
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils import get_build_date

from .core.output import unused_long, write_atomic
from .pipeline import snapshot

FOLDER = "pages"
VERSION = b"reisverhaal-page-1"
TEMPLATE = "reisverhaal/reused.html"
"""The template a reused page is rendered with: its stored HTML, as it is."""
CONTEXT = "reisverhaal_reused"
PLUGINS = frozenset({"search", "material/search", "reisverhaal"})
"""The plugins whose part in a page the key covers."""
UNRELATED_OPTIONS = frozenset({"strict", "watch", "dev_addr", "remote_branch", "remote_name"})
"""Configuration that does not reach a page: a strict build reuses a lenient one's pages."""
LIBRARY_FOLDERS = snapshot.LIBRARY_FOLDERS


@dataclass
class PageStore:
    """Where the pages are stored, and the part of every page's key that all pages share."""

    folder: Path
    site: bytes
    used: set[str] = field(default_factory=set)

    def key(self, page: Page, data: str | None) -> str:
        """The page's key: `data` is what its template draws besides the page (`tool`)."""
        facts = {
            "page": page.file.src_uri,
            "inclusion": str(page.file.inclusion),
            "url": page.url,
            "canonical": page.canonical_url,
            "edit": page.edit_url,
            "title": page.title,
            "meta": plain(dict(page.meta)),
            "toc": _toc(page.toc),
            "data": data,
        }
        digest = hashlib.blake2b(self.site, digest_size=32)
        digest.update(json.dumps(facts, sort_keys=True, default=str).encode())
        digest.update(b"\0content\0")
        digest.update((page.content or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def load(self, key: str) -> str | None:
        """The stored HTML under `key`, or None: missing, damaged or not ours."""
        try:
            header, html = (self.folder / f"{key}.html").read_bytes().split(b"\n", 1)
            version, stored, digest = header.split(b" ")
            if (version, stored.decode("ascii"), digest.decode("ascii")) != (
                VERSION,
                key,
                _digest(html),
            ):
                return None
            self.used.add(key)
            return html.decode("utf-8")
        except (OSError, ValueError):
            return None

    def save(self, key: str, html: str) -> None:
        """Store a page; a cache that cannot be written only costs the next build its speed."""
        data = html.encode("utf-8", "surrogatepass")
        header = b" ".join((VERSION, key.encode(), _digest(data).encode())) + b"\n"
        with suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{key}.html", header + data)
        self.used.add(key)

    def sweep(self) -> None:
        """Remove the pages this build did not use that were written over `KEEP_UNUSED_DAYS`
        ago (another branch may still want newer ones)."""
        now = time.time()
        with suppress(OSError):
            for path in self.folder.iterdir():
                if path.stem not in self.used and unused_long(path, now):
                    path.unlink(missing_ok=True)


_NO_TEMPLATE = object()


@dataclass
class Reuse:
    """This build's pages: those to render, with the key to store each under once rendered,
    and those to reuse, with their stored HTML and the template their front matter named."""

    store: PageStore
    to_render: dict[str, str] = field(default_factory=dict)
    to_reuse: dict[str, tuple[str, object]] = field(default_factory=dict)

    def plan(self, pages: Iterable[Page], data: Mapping[str, str]) -> None:
        """After MkDocs turned every page's Markdown into HTML: a page stored under its key
        gets the template that writes the stored HTML as it is (MkDocs reads `template`
        from the front matter before any event that could choose it; `take` puts the
        page's own back before the page is rendered)."""
        for page in pages:
            if page.content is None:  # a draft this build leaves out
                continue
            source = page.file.src_uri
            key = self.store.key(page, data.get(source))
            html = self.store.load(key)
            if html is None:
                self.to_render[source] = key
            else:
                self.to_reuse[source] = (html, page.meta.get("template", _NO_TEMPLATE))
                page.meta["template"] = TEMPLATE

    def reused(self, page: Page) -> bool:
        return page.file.src_uri in self.to_reuse

    def take(self, page: Page) -> Markup | None:
        """A reused page's stored HTML, its front matter back as it was; None: render it."""
        if page.file.src_uri not in self.to_reuse:
            return None
        html, template = self.to_reuse[page.file.src_uri]
        if template is _NO_TEMPLATE:
            del page.meta["template"]
        else:
            page.meta["template"] = template
        return Markup(html)

    def keep(self, page: Page, html: str) -> None:
        """Store a page as the theme rendered it."""
        if key := self.to_render.get(page.file.src_uri):
            self.store.save(key, html)


def plan(config, nav, cache_dir: Path, asked: Asked, code: str, pages, data) -> Reuse | None:
    """Which pages this build renders and which it reuses; None when it renders them all.
    `code`: the code key this build's pipeline took (`snapshot.code_key`)."""
    store = store_for(config, nav, cache_dir, asked, code)
    if store is None:
        return None
    reuse = Reuse(store)
    reuse.plan(pages, data)
    return reuse


def store_for(
    config, nav: Navigation, cache_dir: Path, asked: Asked, code: str
) -> PageStore | None:
    """The store for this build, or None when a plugin or hook outside `PLUGINS` takes part
    in rendering pages."""
    if not set(config.plugins) <= PLUGINS:
        return None
    site = hashlib.blake2b(VERSION, digest_size=32)
    site.update(code.encode())
    site.update(get_build_date().encode())
    options = {k: v for k, v in config.items() if k not in UNRELATED_OPTIONS}
    site.update(json.dumps(plain(options), sort_keys=True, default=str).encode())
    for folder in _site_theme_folders(config.theme):
        site.update(f"theme {folder} {snapshot.folder_digest(Path(folder))}\n".encode())
    navigation = [_entry(item, asked) for item in nav.items]
    site.update(json.dumps(navigation, default=str).encode())
    return PageStore(cache_dir / FOLDER, site.digest())


def _site_theme_folders(theme: Theme) -> list[str]:
    """Theme folders the code key does not cover: a site's `custom_dir`."""
    return [folder for folder in theme.dirs if not _in_code_key(Path(folder))]


def _in_code_key(path: Path) -> bool:
    """Whether `path` lies in this package or the installed libraries, whose files the code
    key covers (`snapshot.code_key`)."""
    in_libraries = bool(set(path.parts) & set(LIBRARY_FOLDERS))
    return in_libraries or path.resolve().is_relative_to(snapshot.PACKAGE)


@dataclass(frozen=True)
class Asked:
    """What Material's navigation asks of a page in it, beside its title and address."""

    meta: tuple[str, ...]
    """Keys of its front matter."""
    facts: tuple[str, ...]
    """Attributes of the page."""


def _entry(item, asked: Asked) -> list:
    """What a page's rendering of the navigation reads of one entry."""
    facts = {name: plain(getattr(item, name, None)) for name in asked.facts}
    if isinstance(item, Section):
        children = [_entry(child, asked) for child in item.children]
        return ["section", str(item.title), facts, children]
    if isinstance(item, Link):
        return ["link", str(item.title), item.url, facts]
    meta = item.meta if isinstance(item.meta, Mapping) else {}
    asked_meta = {key: plain(meta.get(key)) for key in asked.meta}
    return ["page", str(item.title), item.url, item.is_index, asked_meta, facts]


def _toc(toc) -> list:
    return [[str(a.title), a.id, a.level, _toc(a.children)] for a in toc or ()]


def plain(value, depth: int = 0):
    """`value` as JSON data, for a key: anything unknown by its type and text."""
    if depth > 20:
        return "..."
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, PluginCollection):
        return [[name, plain(plugin.config, depth + 1)] for name, plugin in value.items()]
    if isinstance(value, Theme):
        return {"name": value.name, "dirs": value.dirs, "options": plain(dict(value), depth + 1)}
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in sorted(value.items(), key=_by_key)}
    if isinstance(value, list | tuple):
        return [plain(item, depth + 1) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(plain(item, depth + 1), default=str) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if _installed_code(value):
        return f"code {value.__module__}.{value.__qualname__}"
    # Anything else by its text, which for most objects holds their address: such a key
    # never matches again (no reuse) rather than matching an object in another state.
    return f"{type(value).__module__}.{type(value).__qualname__}:{value}"


def _installed_code(value) -> bool:
    """A function or class of an installed library or this package (`!!python/name:` in
    `mkdocs.yml`, as Material's emoji index), whose code the code key covers: named by its
    module and name, so that the key is the same in the next build's process."""
    if not (callable(value) and hasattr(value, "__qualname__")):
        return False
    module = sys.modules.get(getattr(value, "__module__", None) or "")
    file = getattr(module, "__file__", None)
    return file is not None and _in_code_key(Path(file))


def _by_key(item) -> str:
    return str(item[0])


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()
