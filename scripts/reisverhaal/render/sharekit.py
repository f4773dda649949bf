"""The share kit ("deelkit"): per journey one page where communications staff copy snippets.

Per step, tabs per platform show each snippet (the default text and the audience variants
side by side) with a preview, a copy button, its length against the limit, and the image with
its alt text. A journey's page is a theme template, `theme/reisverhaal/sharekit.html`, as
Material's blog plugin renders its views: this module makes its data (plain JSON values, on
the `Output`), the plugin hands it to the template. The index `deelkit/` is Markdown
(`templates/pages/sharekit-index.md.j2`). Unless `share_kit.public` is set, every output is
`public=False`, which keeps it out of navigation, search and the sitemap and marks it `noindex`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.datafiles import ShortUrls
from ..core.output import Output, Slugged, page_path, source_link, step_uri
from .compose import SnippetSet, platform_images
from .platforms import find_urls, load_platforms, short_url
from .templating import labels, render
from .tool_page import toc, tool_page

if TYPE_CHECKING:
    from ..consent.project import Project
    from ..content.model import Journey, Step
    from ..core.settings import Settings
    from .snippet import Snippet

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT_URI = "assets/reisverhaal/sharekit.js"
INDEX_URI = "deelkit/index.md"
SNIPPETS_JSON = "deelkit/snippets.json"
TEMPLATE = "reisverhaal/sharekit.html"
PREVIEW_LINKS = ShortUrls(keep=13, over=15, ellipsis="…")
"""How a preview shows a link, as most composers do once it is pasted (the text to copy keeps
the whole tracked link); a platform that shortens links its own way shows them its way."""


@dataclass
class ShareKitExtras:
    """What other stages add to the share kit.

    `newsletters`: per journey slug, blocks with `title`, `html_uri`, `txt_uri`, `html` and
    `text`. `readability`: per (journey slug, step slug), a short badge text. `quote_cards`:
    per (story slug, platform id), downloads with `name`, `uri` and `size`.
    """

    newsletters: dict[str, list[Any]] = field(default_factory=dict)
    readability: dict[tuple[str, str], str] = field(default_factory=dict)
    quote_cards: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    videos: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    """Per (journey, step, platform): the video post's downloads (`video_site.kit_downloads`)."""


def sharekit_uri(journey: Slugged) -> str:
    return f"deelkit/{journey.slug}/index.md"


def post_anchor(snippet: Snippet) -> str:
    """The id of a snippet's text field in its share kit page."""
    return f"rv-{snippet.step}-{snippet.platform}-{snippet.variant or 'standaard'}"


def post_place(snippet: Snippet, directory_urls: bool) -> dict:
    """Where a post is in the share kit, for a link from another page: its journey's kit
    page (a site path) and the post's anchor there (the calendar links to it)."""
    page = f"deelkit/{snippet.journey}/index.md"
    return {"page": page_path(page, directory_urls), "anchor": f"{post_anchor(snippet)}-bericht"}


def build_share_kit(
    project: Project,
    snippet_set: SnippetSet,
    extras: ShareKitExtras | None = None,
    journeys: Collection[str] | None = None,
) -> list[Output]:
    """The kit's pages, its index and its script. `journeys`: the journeys whose pages are
    made (None: all); the index lists every journey with snippets or newsletter blocks (of
    the others it only counts them)."""
    extras = extras or ShareKitExtras()
    settings = project.settings
    public = settings.share_kit_public
    words = labels(settings.templates_dir)["share_kit"]
    outputs: list[Output] = []
    listed = []
    for journey in project.content.journeys:
        snippets = [s for s in snippet_set.snippets if s.journey == journey.slug]
        newsletters = extras.newsletters.get(journey.slug, [])
        if not snippets and not newsletters:
            continue
        uri = sharekit_uri(journey)
        if journeys is None or journey.slug in journeys:
            data = journey_kit(project, snippet_set, extras, journey, uri)
            outputs.append(tool_page(uri, TEMPLATE, data, public))
        listed.append(
            {
                "journey": journey,
                "link": source_link(INDEX_URI, uri),
                "steps": len({s.step for s in snippets}),
                "snippets": len(snippets),
                "newsletters": len(newsletters),
            }
        )
    index = render(
        settings.templates_dir,
        "pages/sharekit-index.md.j2",
        settings=settings,
        words=words,
        journeys=listed,
        snippets_json=source_link(INDEX_URI, SNIPPETS_JSON),
        public=public,
    )
    outputs.append(Output(uri=INDEX_URI, content=index, public=public))
    outputs.append(Output(uri=SCRIPT_URI, source=ASSETS / "sharekit.js", public=public))
    return outputs


def journey_kit(
    project: Project,
    snippet_set: SnippetSet,
    extras: ShareKitExtras,
    journey: Journey,
    uri: str,
) -> dict:
    """The data of one journey's share kit page (`theme/reisverhaal/partials/sharekit.html`):
    text and site paths only, which the template escapes and links with MkDocs' `url`."""
    settings = project.settings
    every = labels(settings.templates_dir)
    words = every["share_kit"]
    blocks = [
        _newsletter(block, uri, settings) for block in extras.newsletters.get(journey.slug, [])
    ]
    steps = [
        _step(project, snippet_set, extras, journey, step, blocks, every) for step in journey.steps
    ]
    steps_made = {step.slug for step in journey.steps}
    badges = any(step["readability"] for step in steps)
    title = words["title"].replace("{journey}", journey.meta.title)
    return {
        "hidden": not settings.share_kit_public,
        "title": title,
        "description": words["description"].replace("{journey}", journey.meta.title),
        "labels": words,
        "intro": words["intro"].replace("{journey}", journey.meta.title),
        "organisation": settings.organisation,
        "avatar": settings.organisation[:1],
        "index": page_path(INDEX_URI, settings.directory_urls),
        "snippets_json": SNIPPETS_JSON,
        "script": SCRIPT_URI,
        "readability_note": _readability_note(every, settings.min_score) if badges else None,
        "newsletters": [b for b in blocks if b["step"] not in steps_made],
        "steps": steps,
        "toc": _toc(blocks, steps, words, steps_made),
    }


def _readability_note(every: dict, min_score: int) -> str:
    """One line on what the badges mean, in the badges' own words (labels `readability`)."""
    note = every["share_kit"]["readability_note"].replace("{min_score}", str(min_score))
    badge = every["readability"]
    return note.replace("{plain}", badge["plain"]).replace("{hard}", badge["hard"])


def _toc(blocks: list[dict], steps: list[dict], words: dict, steps_made: set) -> list[dict]:
    """The page's table of contents, as MkDocs' `get_toc` takes it (titles as HTML)."""
    entries = [(step["id"], f"{step['number']}. {step['title']}") for step in steps]
    if any(b["step"] not in steps_made for b in blocks):
        entries.insert(0, ("nieuwsbrief", words["newsletter"]))
    return toc(entries)


def _step(
    project: Project,
    snippet_set: SnippetSet,
    extras: ShareKitExtras,
    journey: Journey,
    step: Step,
    blocks: list[dict],
    every: dict,
) -> dict:
    from .templating import dutch_offset

    website = "website" in project.channels_of(journey)
    page = step_uri(project.settings.urls, journey, step)
    return {
        "id": f"stap-{step.slug}",
        "slug": step.slug,
        "number": step.number,
        "title": step.meta.title,
        "phase": step.meta.phase,
        "phase_label": every["phases"][step.meta.phase],
        "when": None if step.meta.when is None else dutch_offset(step.meta.when, every["when"]),
        "readability": extras.readability.get((journey.slug, step.slug)),
        "page_url": project.page_url(page) if website else None,
        "tabs": _platform_tabs(project, snippet_set, extras, journey, step, every),
        "newsletters": [b for b in blocks if b["step"] == step.slug],
    }


def _newsletter(block, uri: str, settings: Settings) -> dict:
    """A newsletter block as the page shows it: the preview is the whole e-mail, the HTML to
    copy only the part a newsletter tool takes (`fragment`, when the block has one).

    The e-mail's images have absolute URLs on the live site; the preview loads them from
    wherever this page is served (`mkdocs serve`, a test server), so that it shows them
    before the site is published.
    """
    preview = block.html
    if settings.site_url:
        here = posixpath.dirname(page_path(uri, settings.directory_urls).rstrip("/") + "/x")
        root = posixpath.relpath("/", f"/{here}") + "/"
        preview = preview.replace(f'src="{settings.site_url}', f'src="{root}')
    return {
        "title": block.title,
        "text": block.text,
        "preview_html": preview,
        "id": "rv-nb-" + re.sub(r"[^a-z0-9]+", "-", block.html_uri.lower()).strip("-"),
        "step": getattr(block, "step", None),
        "paste_html": getattr(block, "fragment", None) or block.html,
        "html_link": block.html_uri,
        "txt_link": block.txt_uri,
    }


def _platform_tabs(
    project: Project,
    snippet_set: SnippetSet,
    extras: ShareKitExtras,
    journey: Journey,
    step: Step,
    every: dict,
) -> list[dict]:
    snippets = snippet_set.for_step(journey.slug, step.slug)
    platforms = load_platforms()
    tabs = []
    for platform_id in dict.fromkeys(s.platform for s in snippets):
        platform = platforms[platform_id]
        crops = snippet_set.crops.get((journey.slug, step.slug, platform_id), {})
        sizes = platform_images(platform)
        own = [s for s in snippets if s.platform == platform_id]
        first = own[0]
        quoted = dict.fromkeys(slug for s in own for slug in s.stories)
        cards = [
            card for slug in quoted for card in extras.quote_cards.get((slug, platform_id), [])
        ]
        size = next(iter(sizes.values()), None)
        alt = first.image_alt or ""
        tabs.append(
            {
                "id": f"rv-{step.slug}-{platform_id}",
                "platform": platform_id,
                "name": platform.name,
                "count": platform.count,
                "posts": [_post(project, snippet_set, s, platform, every) for s in own],
                "link_field": first.link if platform.links == "field" else None,
                "image": first.image,
                "image_alt": alt,
                "image_size": list(size) if size else None,
                "alt_text": platform.alt_text,
                "alt_limit": _number(platform.alt_limit or 0),
                "alt_too_long": bool(platform.alt_limit and len(alt) > platform.alt_limit),
                "downloads": [
                    {"name": name, "link": request.uri, "size": list(request.size)}
                    for name, request in crops.items()
                ],
                "quote_cards": [
                    {"name": c.name, "link": c.uri, "size": list(c.size), "alt": c.alt}
                    for c in cards
                ],
                "video": extras.videos.get((journey.slug, step.slug, platform_id)),
            }
        )
    return tabs


def _post(project: Project, snippet_set: SnippetSet, snippet: Snippet, platform, every) -> dict:
    from .templating import dutch_date

    audience = project.settings.audiences.get(snippet.variant) if snippet.variant else None
    key = (snippet.journey, snippet.step, snippet.platform, snippet.variant)
    title_limit = platform.title_limit or 0
    return {
        "id": post_anchor(snippet),
        "label": (audience.label if audience else snippet.variant) or every["default_audience"],
        "when": dutch_date(snippet.publish_at, every) if snippet.publish_at else None,
        "title": snippet.title,
        "title_count": f"{_number(len(snippet.title or ''))} / {_number(title_limit)}",
        "text": snippet.text,
        "preview": preview_parts(snippet.text, platform),
        "count": f"{_number(snippet.length)} / {_number(snippet.limit)}",
        "shortened": key in snippet_set.shortened,
        "quotes": bool(snippet.stories),
    }


def preview_parts(text: str, platform) -> list[dict]:
    """A post's text as its preview shows it: pieces of text, and links shortened the way the
    platform's composer shows them (`PREVIEW_LINKS` where it has no way of its own)."""
    rule = platform.short_urls or PREVIEW_LINKS
    parts: list[dict] = []
    position = 0
    for url in find_urls(text, bare_domains=False):
        if url.start > position:
            parts.append({"text": text[position : url.start]})
        parts.append({"link": url.url, "shown": short_url(url.url, rule)})
        position = url.end
    if position < len(text):
        parts.append({"text": text[position:]})
    return parts


def _number(value: int) -> str:
    """1234 → "1.234", as Dutch writes numbers."""
    return f"{value:,}".replace(",", ".")
