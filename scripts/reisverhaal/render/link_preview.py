"""Link previews: the Open Graph and Twitter Card tags that Facebook, LinkedIn, WhatsApp,
Bluesky, Mastodon, Threads and X build the preview of a shared link from, and the JSON-LD of
a page (`structured_data`).

The pipeline decides per page which image its preview shows, and writes that (with the page's
JSON-LD) into the page's front matter under `link_preview`: the page's own photo cut to
1200×630 around its focus point, or else a title card in the brand colour (`titlecard`). A
story's photo only as on its page: with consent for the website and for the photo
(`ConsentGate.photo_for`). Pages the pipeline does not make (hand-written pages, overviews)
get the site's card. `head` turns it into the tags the theme partial
`partials/javascripts/base.html` writes into every page's `<head>`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..core.output import ImageRequest, Output, journey_uri, page_path, step_uri, story_uri
from . import structured_data
from .crop import Crop
from .page_head import FOLDER, KEY, SITE_CARD, SIZE, Preview, absolute
from .titlecard import TitleCard, TitleCardJob

if TYPE_CHECKING:
    from ..consent.project import Project
    from ..content.model import Journey, Story
    from ..core.settings import Settings
    from .image_files import Published

UPSCALED = "image-upscaled"


@dataclass
class Previews:
    """The previews of some pages (by their source path) and the images they need."""

    pages: dict[str, Preview] = field(default_factory=dict)
    requests: list[ImageRequest] = field(default_factory=list)
    cards: list[TitleCardJob] = field(default_factory=list)

    def photo(self, page: str, owner, focus, alt: str, **facts) -> None:
        uri = image_uri(page, "jpg")
        self.requests.append(ImageRequest(uri, owner.image, SIZE, focus or (0.5, 0.5)))
        self.pages[page] = Preview(uri, alt, **facts)

    def card(self, page: str, title: str, settings: Settings, **facts) -> None:
        uri = image_uri(page, "png")
        self.cards.append(title_card_job(uri, title, settings))
        self.pages[page] = Preview(uri, card_alt(title, settings), **facts)


def image_uri(page: str, suffix: str) -> str:
    """`social/trajecten/knie/intake.jpg` for the page `trajecten/knie/intake.md`."""
    return f"{FOLDER}/{page.removesuffix('.md')}.{suffix}"


def card_alt(title: str, settings: Settings) -> str:
    return f"{title} — {settings.organisation}" if title != settings.organisation else title


def title_card_job(uri: str, title: str, settings: Settings, footer: bool = True) -> TitleCardJob:
    logo = settings.brand_logo if settings.brand_logo and settings.brand_logo.is_file() else None
    card = TitleCard(title, settings.organisation if footer else "", settings.brand_color, logo)
    return TitleCardJob(card, (Crop(uri, *SIZE),), display=f"{uri} (kaart voor linkvoorbeeld)")


def page_url(settings: Settings, uri: str) -> str:
    return absolute(settings, page_path(uri, settings.directory_urls))


def journey_previews(project: Project, journey: Journey) -> Previews:
    """The previews of a journey's page (with its `Event`) and of its steps (with their
    breadcrumbs), for a journey on the website."""
    settings, previews = project.settings, Previews()
    if "website" not in project.channels_of(journey):
        return previews
    uri = journey_uri(settings.urls, journey)
    meta = journey.meta
    if journey.image is not None:
        previews.photo(uri, journey, meta.focus, meta.image_alt or meta.title)
    else:
        previews.card(uri, meta.title, settings)
    image = absolute(settings, previews.pages[uri].image)
    found = structured_data.event(journey, settings, page_url(settings, uri), image)
    previews.pages[uri] = _with_json_ld(previews.pages[uri], found)
    for step in journey.steps:
        here = step_uri(settings.urls, journey, step)
        trail = structured_data.breadcrumbs(
            [
                (settings.organisation, settings.site_url),
                (meta.title, page_url(settings, uri)),
                (step.meta.title, page_url(settings, here)),
            ]
        )
        if step.image is not None:
            alt = step.meta.image_alt or step.meta.title
            previews.photo(here, step, step.meta.focus, alt, json_ld=(trail,))
        elif journey.image is not None:  # as the step's posts: the journey's photo
            alt = meta.image_alt or meta.title
            previews.photo(here, journey, meta.focus, alt, json_ld=(trail,))
        else:
            previews.card(here, step.meta.title, settings, json_ld=(trail,))
    return previews


def story_previews(project: Project, story: Story) -> Previews:
    """A story's preview: its photo only where its page shows it (consent for the website
    and for the photo), else its title card; nothing for a story not on the website."""
    settings, previews = project.settings, Previews()
    allowed = project.gate.story_for(story.slug, "website")
    if allowed is None:
        return previews
    uri = story_uri(settings.urls, allowed)
    if project.gate.photo_for(allowed, "website") is not None:
        alt = allowed.meta.image_alt or allowed.meta.title
        previews.photo(uri, allowed, allowed.meta.focus, alt)
    else:
        previews.card(uri, allowed.meta.title, settings)
    return previews


def site_previews(settings: Settings) -> Previews:
    """The site's card, which every page without a preview of its own shows."""
    return Previews(cards=[title_card_job(SITE_CARD, settings.organisation, settings, False)])


def _with_json_ld(preview: Preview, data: dict | None) -> Preview:
    if data is None:
        return preview
    return Preview(preview.image, preview.image_alt, preview.kind, (*preview.json_ld, data))


def with_previews(outputs: list[Output], previews: Previews) -> list[Output]:
    """The pages with their preview in their front matter."""
    return [
        _with_front_matter(output, previews.pages[output.uri])
        if output.uri in previews.pages
        else output
        for output in outputs
    ]


def _with_front_matter(output: Output, preview: Preview) -> Output:
    """The preview as one line of front matter (`yaml_json`)."""
    line = f"{KEY}: {yaml_json(preview.plain())}\n"
    text = output.content
    if text.startswith("---\n"):
        text = "---\n" + line + text.removeprefix("---\n")
    else:
        text = f"---\n{line}---\n{text}"
    return Output(
        uri=output.uri,
        content=text,
        source=output.source,
        public=output.public,
        fallback=output.fallback,
        raw_html=output.raw_html,
    )


YAML_ESCAPED = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML may not read as it is: control characters, its line breaks (NEL, U+2028,
U+2029), halves of surrogate pairs and non-characters."""


def yaml_json(data: dict) -> str:
    """`data` as JSON on one line, which YAML reads back exactly: JSON is YAML, as long as
    each character YAML would not read as written is escaped. Not `ensure_ascii`: YAML reads
    JSON's escapes of a character outside the BMP as two broken halves."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return YAML_ESCAPED.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def publish_cards(previews: Previews, settings: Settings) -> Published:
    """The previews' title cards, public whatever the share kit is. Their photo crops go with
    the other images of the same photos (`previews.requests`): one decode per photo."""
    from .image_files import publish

    return publish([], settings, extra_jobs=previews.cards, extra_public=True, prune=False)


def without_repeats(findings: list[Finding]) -> list[Finding]:
    """Without the warnings that a photo is too small for its preview: the same photo is cut
    to post sizes as large, which warn already, and a warning per size says it often enough."""
    return [
        finding
        for finding in findings
        if not (finding.rule == UPSCALED and f"'{FOLDER}/" in finding.message)
    ]
