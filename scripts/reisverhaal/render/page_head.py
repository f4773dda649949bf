"""What a page's `<head>` says about it when it is shared: the Open Graph and Twitter Card
tags and the JSON-LD blocks, which the theme partial `partials/javascripts/base.html` writes
(`reisverhaal_head`, from the plugin's `on_page_context`).

Light on purpose: a build that reuses its last result renders its pages with this, and loads
neither Pillow nor pydantic (`render/link_preview.py` is the pipeline's side).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import structured_data

if TYPE_CHECKING:
    from ..core.settings import Settings

SIZE = (1200, 630)
"""What Facebook, LinkedIn and X show large; every unfurler takes it."""
FOLDER = "social"
SITE_CARD = f"{FOLDER}/site.png"
"""The card of pages without one of their own: the organisation's name on its colour."""
KEY = "link_preview"
"""The front matter key of a page the pipeline made; any other page's is ignored."""
LOCALE = "nl_NL"
FEED_URI = "feed.xml"


@dataclass(frozen=True)
class Preview:
    """What a page's preview shows besides its title and description."""

    image: str
    """The image's path in the site."""
    image_alt: str
    kind: str = "article"
    json_ld: tuple[dict, ...] = ()

    def plain(self) -> dict:
        return {
            "image": self.image,
            "image_alt": self.image_alt,
            "kind": self.kind,
            "json_ld": list(self.json_ld),
        }


def absolute(settings: Settings, path: str) -> str:
    return f"{settings.site_url.rstrip('/')}/{path}"


@dataclass(frozen=True)
class PageFacts:
    """What MkDocs knows of a page when its template is rendered."""

    title: str
    description: str | None
    canonical_url: str | None
    is_homepage: bool
    site_name: str
    site_description: str | None
    logo: str | None = None
    """The theme's logo (`theme.logo`: the brand logo's file, or the site's own)."""


def head(stored: object, page: PageFacts, settings: Settings) -> dict:
    """The `<meta>` tags (attribute, key, value) and JSON-LD blocks of a page's `<head>`.
    `stored`: the page's `link_preview` front matter when the pipeline made the page, else
    None. Every value is text: the partial escapes each one, and `script_json` the JSON."""
    preview = read(stored) or Preview(SITE_CARD, settings.organisation)
    kind = "website" if page.is_homepage else preview.kind
    title = plain(page.title) or page.site_name
    description = plain(page.description) or plain(page.site_description) or settings.organisation
    image = absolute(settings, preview.image)
    tags = [
        ("property", "og:type", kind),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", page.canonical_url or settings.site_url),
        ("property", "og:image", image),
        ("property", "og:image:width", str(SIZE[0])),
        ("property", "og:image:height", str(SIZE[1])),
        ("property", "og:image:alt", preview.image_alt),
        ("property", "og:locale", LOCALE),
        ("property", "og:site_name", page.site_name),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image),
        ("name", "twitter:image:alt", preview.image_alt),
    ]
    blocks = list(preview.json_ld)
    if page.is_homepage:
        blocks.append(structured_data.organization(settings, _logo_url(page.logo, settings)))
    return {
        "meta": tags,
        "json_ld": [structured_data.script_json(block) for block in blocks],
        "feed": FEED_URI,
        "feed_title": page.site_name,
    }


def _logo_url(logo: str | None, settings: Settings) -> str | None:
    if not logo or logo.startswith(("http://", "https://")):
        return logo or None
    return absolute(settings, logo.lstrip("/"))


def plain(text: str | None) -> str:
    """A title or description as text: our pages' front matter is HTML-escaped for the theme
    (which prints it as HTML), a hand-written page's may hold tags; the partial escapes it
    once more as it writes it."""
    return " ".join(Markup(text or "").striptags().split())


def read(stored: object) -> Preview | None:
    """The stored preview, checked field by field (it passed through the build's cache)."""
    if not isinstance(stored, dict):
        return None
    image, alt, kind, json_ld = (stored.get(k) for k in ("image", "image_alt", "kind", "json_ld"))
    if not (isinstance(image, str) and image.startswith(f"{FOLDER}/") and ".." not in image):
        return None
    if not (isinstance(alt, str) and kind in ("article", "website") and isinstance(json_ld, list)):
        return None
    if not all(isinstance(block, dict) for block in json_ld):
        return None
    return Preview(image, alt, kind, tuple(json_ld))
