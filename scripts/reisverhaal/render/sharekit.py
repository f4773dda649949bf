"""The share kit ("deelkit"): per journey one page where communications staff copy snippets.

Per step, tabs per platform show each snippet (the default text and the audience variants
side by side) with a preview, a copy button, its length against the limit, and the image with
its alt text. Pages are rendered from `templates/pages/sharekit.md.j2` and
`sharekit-index.md.j2`. Unless `share_kit.public` is set, every output is `public=False`,
which keeps it out of navigation, search and the sitemap and marks it `noindex`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.output import Output, step_uri
from .compose import SnippetSet, platform_images
from .pages import relative
from .platforms import load_platforms
from .templating import labels, render, render_page

if TYPE_CHECKING:
    from ..consent.project import Project
    from ..content.model import Journey, Step
    from .snippet import Snippet

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT_URI = "assets/reisverhaal/sharekit.js"
INDEX_URI = "deelkit/index.md"
SNIPPETS_JSON = "deelkit/snippets.json"


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


def sharekit_uri(journey: Journey) -> str:
    return f"deelkit/{journey.slug}/index.md"


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
    public = project.settings.share_kit_public
    outputs: list[Output] = []
    listed = []
    for journey in project.content.journeys:
        snippets = [s for s in snippet_set.snippets if s.journey == journey.slug]
        newsletters = extras.newsletters.get(journey.slug, [])
        if not snippets and not newsletters:
            continue
        uri = sharekit_uri(journey)
        if journeys is None or journey.slug in journeys:
            text, raw_html = _journey_page(project, snippet_set, extras, journey, uri)
            outputs.append(Output(uri=uri, content=text, public=public, raw_html=raw_html))
        listed.append(
            {
                "journey": journey,
                "link": relative(INDEX_URI, uri),
                "steps": len({s.step for s in snippets}),
                "snippets": len(snippets),
                "newsletters": len(newsletters),
            }
        )
    index = render(
        project.settings.templates_dir,
        "pages/sharekit-index.md.j2",
        settings=project.settings,
        journeys=listed,
        snippets_json=relative(INDEX_URI, SNIPPETS_JSON),
        public=public,
    )
    outputs.append(Output(uri=INDEX_URI, content=index, public=public))
    outputs.append(Output(uri=SCRIPT_URI, source=ASSETS / "sharekit.js", public=public))
    return outputs


def _journey_page(
    project: Project,
    snippet_set: SnippetSet,
    extras: ShareKitExtras,
    journey: Journey,
    uri: str,
) -> tuple[str, tuple[str, ...]]:
    website = "website" in project.channels_of(journey)
    site_url = project.settings.site_url
    blocks = [
        _newsletter(block, uri, site_url) for block in extras.newsletters.get(journey.slug, [])
    ]
    steps = []
    for step in journey.steps:
        snippets = snippet_set.for_step(journey.slug, step.slug)
        steps.append(
            {
                "step": step,
                "page_url": project.page_url(step_uri(project.settings.urls, journey, step))
                if website
                else None,
                "readability": extras.readability.get((journey.slug, step.slug)),
                "platforms": _platform_tabs(
                    project, snippet_set, extras, journey, step, snippets, uri
                ),
                "newsletters": [b for b in blocks if b["step"] == step.slug],
            }
        )
    steps_made = {step.slug for step in journey.steps}
    return render_page(
        project.settings.templates_dir,
        "pages/sharekit.md.j2",
        settings=project.settings,
        journey=journey,
        steps=steps,
        newsletters=[b for b in blocks if b["step"] not in steps_made],
        index_link=relative(uri, INDEX_URI),
        snippets_json=relative(uri, SNIPPETS_JSON),
        script=relative(uri, SCRIPT_URI),
        public=project.settings.share_kit_public,
    )


def _newsletter(block, uri: str, site_url: str) -> dict:
    """A newsletter block as the page shows it: the preview is the whole e-mail, the HTML to
    copy only the part a newsletter tool takes (`fragment`, when the block has one).

    The e-mail's images have absolute URLs on the live site; the preview loads them from
    wherever this page is served (`mkdocs serve`, a test server), so that it shows them
    before the site is published.
    """
    preview = block.html
    if site_url:
        root = relative(uri, "") + "/"
        preview = preview.replace(f'src="{site_url}', f'src="{root}')
    return {
        "block": block,
        "preview_html": preview,
        "id": "rv-nb-" + re.sub(r"[^a-z0-9]+", "-", block.html_uri.lower()).strip("-"),
        "step": getattr(block, "step", None),
        "paste_html": getattr(block, "fragment", None) or block.html,
        "html_link": relative(uri, block.html_uri),
        "txt_link": relative(uri, block.txt_uri),
    }


def _platform_tabs(
    project: Project,
    snippet_set: SnippetSet,
    extras: ShareKitExtras,
    journey: Journey,
    step: Step,
    snippets: list[Snippet],
    uri: str,
) -> list[dict]:
    platforms = load_platforms()
    audiences = project.settings.audiences
    tabs = []
    for platform_id in dict.fromkeys(s.platform for s in snippets):
        platform = platforms[platform_id]
        crops = snippet_set.crops.get((journey.slug, step.slug, platform_id), {})
        sizes = platform_images(platform)
        variants = []
        for snippet in (s for s in snippets if s.platform == platform_id):
            key = (journey.slug, step.slug, platform_id, snippet.variant)
            audience = audiences.get(snippet.variant) if snippet.variant else None
            variants.append(
                {
                    "snippet": snippet,
                    "id": f"rv-{step.slug}-{platform_id}-{snippet.variant or 'standaard'}",
                    "label": (audience.label if audience else snippet.variant)
                    or labels(project.settings.templates_dir)["default_audience"],
                    "shortened": key in snippet_set.shortened,
                }
            )
        first = variants[0]["snippet"]
        quoted = dict.fromkeys(
            slug for s in snippets if s.platform == platform_id for slug in s.stories
        )
        cards = [
            card for slug in quoted for card in extras.quote_cards.get((slug, platform_id), [])
        ]
        tabs.append(
            {
                "platform": platform,
                "id": f"rv-{step.slug}-{platform_id}",
                "variants": variants,
                "link_field": first.link if platform.links == "field" else None,
                "image": relative(uri, first.image) if first.image else None,
                "image_alt": first.image_alt,
                "image_size": next(iter(sizes.values()), None),
                "downloads": [
                    {"name": name, "link": relative(uri, request.uri), "size": request.size}
                    for name, request in crops.items()
                ],
                "quote_cards": [
                    {
                        "name": card.name,
                        "link": relative(uri, card.uri),
                        "size": card.size,
                        "alt": card.alt,
                    }
                    for card in cards
                ],
            }
        )
    return tabs
