"""Newsletter blocks (SPEC §4): per journey a journey block, a block per step and a full
preview e-mail, each as e-mail-safe HTML compiled from MJML and as plain text.

The MJML comes from the Jinja2 templates in `templates/newsletter/`; `mjml2html` (MRML)
turns it into HTML with inline styles. Stories come only through the consent gate, for the
`newsletter` channel, so a story without newsletter consent is never in reach here.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import jinja2
import mjml
from markupsafe import Markup

from ..content.model import Journey, Step, Story
from ..core.findings import Finding, error, shown, warning
from ..core.output import ImageRequest, Output, journey_uri, step_uri, story_uri, tracked_url
from .schedule import OutsideCalendar, occurrence
from .templating import environment

if TYPE_CHECKING:
    from ..consent.project import Project

CHANNEL = "newsletter"
MAX_BYTES = 102_000
"""Gmail clips messages over 102 KB; the newsletter tool adds its own wrapper on top."""
IMAGE_SIZE = (1200, 600)
PORTRAIT_SIZE = (240, 240)
JOURNEY_BLOCK = "journey"
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


@dataclass(frozen=True)
class Block:
    """One newsletter block (or the full e-mail), by its site paths and its contents.

    `html` is the complete compiled e-mail as in the file at `html_uri` (for previews);
    `fragment` is its body only, the part to paste into a newsletter tool's HTML block.
    """

    journey: str
    step: str | None
    title: str
    html_uri: str
    txt_uri: str
    html: str
    text: str

    @property
    def fragment(self) -> str:
        match = BODY.search(self.html)
        return match.group(1) if match else self.html


@dataclass
class Newsletter:
    outputs: list[Output] = field(default_factory=list)
    images: list[ImageRequest] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    blocks: dict[str, list[Block]] = field(default_factory=dict)
    """Per journey slug: the journey block, then a block per step, in step order."""
    emails: dict[str, Block] = field(default_factory=dict)
    """Per journey slug: the full preview e-mail with all its blocks."""


def tracked(url: str, campaign: str, content: str | None = None) -> str:
    """`url` tagged for analytics as a newsletter link (SPEC §5)."""
    return tracked_url(url, "newsletter", "email", campaign, content)


def build_newsletter(project: Project, journeys: Collection[str] | None = None) -> Newsletter:
    """The blocks, e-mails and images of every journey that goes out on the newsletter;
    `journeys`: only of these journeys (None: all). Problems with the settings are found
    whichever journeys are asked for."""
    newsletter = Newsletter()
    settings = project.settings
    if not urlsplit(settings.site_url).scheme.startswith("http"):
        newsletter.findings.append(
            error(
                "mkdocs.yml",
                "newsletter.site-url",
                "site_url ontbreekt of is geen volledig adres; nieuwsbrieven hebben absolute "
                "links nodig. Vul bijvoorbeeld site_url: https://www.zorggroep.nl/ in",
            )
        )
        return newsletter
    if not COLOR.match(settings.brand_color):
        newsletter.findings.append(
            error(
                "mkdocs.yml",
                "newsletter.brand-color",
                f"brand.color '{settings.brand_color}' is geen kleurcode; schrijf hem als "
                "#rrggbb, zoals #0b6e4f",
            )
        )
        return newsletter
    for journey in project.content.journeys:
        chosen = journeys is None or journey.slug in journeys
        if chosen and CHANNEL in project.channels_of(journey):
            _Composer(project, journey, newsletter).compose()
    return newsletter


class _Composer:
    """Builds the blocks and the e-mail of one journey."""

    def __init__(self, project: Project, journey: Journey, newsletter: Newsletter):
        self.project = project
        self.settings = project.settings
        self.journey = journey
        self.newsletter = newsletter
        self.folder = f"deelkit/{journey.slug}"

    def compose(self) -> None:
        journey = self.journey
        if "website" not in self.project.channels_of(journey):
            self.finding(
                warning,
                journey.source,
                "newsletter.no-website",
                f"traject '{journey.slug}' staat in de nieuwsbrief, maar heeft geen "
                "website-pagina's: de knoppen in de nieuwsbrief werken dan niet. Zet website "
                "bij channels",
            )
        parts = [self.journey_part()]
        for step in journey.steps:
            if step.slug == JOURNEY_BLOCK:
                self.finding(
                    error,
                    step.source,
                    "newsletter.step-slug",
                    f"de stap-slug '{JOURNEY_BLOCK}' is gereserveerd voor het nieuwsbriefblok "
                    "van het traject; geef het bestand een andere naam",
                )
                continue
            parts.append(self.step_part(step))
        parts = [part for part in parts if part is not None]

        blocks = []
        for name, title, mjml_source, text in parts:
            block = self.publish(
                f"{self.folder}/newsletter/{name}",
                step=None if name == JOURNEY_BLOCK else name,
                title=title,
                mjml_source=self.render(
                    "block.mjml.j2",
                    title=title,
                    preview=self.journey.meta.summary,
                    sections=[mjml_source],
                ),
                text=text,
            )
            if block:
                blocks.append(block)
        self.newsletter.blocks[journey.slug] = blocks

        email = self.publish(
            f"{self.folder}/newsletter",
            step=None,
            title=journey.meta.title,
            mjml_source=self.render(
                "email.mjml.j2",
                title=journey.meta.title,
                preview=journey.meta.summary,
                sections=[part[2] for part in parts],
            ),
            text=self.render("email.txt.j2", texts=[part[3] for part in parts]),
        )
        if email:
            self.newsletter.emails[journey.slug] = email

    def journey_part(self) -> tuple[str, str, Markup, str] | None:
        journey = self.journey
        context = {
            "journey": journey,
            "link": tracked(
                self.project.page_url(journey_uri(self.settings.urls, journey)), journey.slug
            ),
            "image": self.image(JOURNEY_BLOCK, journey.image, journey.meta),
            "date": _upcoming(journey, self.settings.today),
        }
        return self.part(JOURNEY_BLOCK, journey.meta.title, "journey", context)

    def step_part(self, step: Step) -> tuple[str, str, Markup, str] | None:
        journey = self.journey
        gate = self.project.gate
        story = gate.story_for(step.meta.story, CHANNEL)
        story_link = None
        if story and gate.story_for(story.slug, "website"):
            story_link = tracked(
                self.project.page_url(story_uri(self.settings.urls, story)), journey.slug, step.slug
            )
        context = {
            "journey": journey,
            "step": step,
            "link": tracked(
                self.project.page_url(step_uri(self.settings.urls, journey, step)),
                journey.slug,
                step.slug,
            ),
            "image": self.image(step.slug, step.image, step.meta),
            "story": story,
            "story_photo": self.portrait(story),
            "story_link": story_link,
        }
        return self.part(step.slug, step.meta.title, "step", context)

    def part(self, name: str, title: str, template: str, context: dict):
        mjml_source = self.render(f"{template}.mjml.j2", **context)
        text = self.render(f"{template}.txt.j2", **context)
        if mjml_source is None or text is None:
            return None
        return name, title, Markup(mjml_source), text.strip() + "\n"

    def image(self, name: str, source: Path | None, meta) -> dict | None:
        if source is None:
            return None
        request = ImageRequest(
            uri=f"{self.folder}/img/newsletter-{name}.jpg",
            source=source,
            size=IMAGE_SIZE,
            focus=meta.focus or (0.5, 0.5),
            public=self.settings.share_kit_public,
        )
        return self.request(request, meta.image_alt)

    def portrait(self, story: Story | None) -> dict | None:
        photo = self.project.gate.photo_for(story, CHANNEL) if story else None
        if photo is None:
            return None
        request = ImageRequest(
            uri=f"{self.folder}/img/newsletter-verhaal-{story.slug}.jpg",
            source=photo,
            size=PORTRAIT_SIZE,
            focus=story.meta.focus or (0.5, 0.5),
            public=self.settings.share_kit_public,
        )
        return self.request(request, story.meta.image_alt)

    def request(self, request: ImageRequest, alt: str | None) -> dict:
        if request not in self.newsletter.images:
            self.newsletter.images.append(request)
        return {"src": self.project.url(request.uri), "alt": alt}

    def render(self, name: str, **context) -> str | None:
        templates_dir = self.settings.templates_dir
        try:
            template = environment(templates_dir).get_template(f"newsletter/{name}")
            return template.render(settings=self.settings, **context)
        except jinja2.TemplateError as exc:
            path = getattr(exc, "filename", None) or _template_file(templates_dir, name)
            self.finding(
                error,
                Path(path),
                "newsletter.template",
                f"sjabloon newsletter/{name} geeft een fout: {exc.message or exc}; "
                "controleer de {{ }} en {% %} in het sjabloon",
                getattr(exc, "lineno", None),
            )
            return None

    def publish(
        self, base: str, step: str | None, title: str, mjml_source: str | None, text: str | None
    ) -> Block | None:
        if mjml_source is None or text is None:
            return None
        try:
            html = mjml.mjml2html(mjml_source, fonts={})
        except ValueError as exc:
            self.finding(
                error,
                _template_file(self.settings.templates_dir, "block.mjml.j2"),
                "newsletter.mjml",
                f"de nieuwsbrief van '{self.journey.slug}' is geen geldige MJML ({exc}); "
                "controleer de sjablonen in templates/newsletter/",
            )
            return None
        html_uri, txt_uri = f"{base}.html", f"{base}.txt"
        size = len(html.encode("utf-8"))
        if size > MAX_BYTES:
            self.finding(
                warning,
                self.journey.source,
                "newsletter.size",
                f"{html_uri} is {size // 1000} kB; Gmail knipt e-mails boven 102 kB af. "
                "Maak de samenvattingen korter of verdeel het traject over meer nieuwsbrieven",
            )
        public = self.settings.share_kit_public
        self.newsletter.outputs.append(Output(uri=html_uri, content=html, public=public))
        self.newsletter.outputs.append(Output(uri=txt_uri, content=text, public=public))
        return Block(
            journey=self.journey.slug,
            step=step,
            title=title,
            html_uri=html_uri,
            txt_uri=txt_uri,
            html=html,
            text=text,
        )

    def finding(self, make, path: Path, rule: str, message: str, line: int | None = None):
        self.newsletter.findings.append(make(shown(path, self.settings.root), rule, message, line))


def _upcoming(journey: Journey, today: date):
    """The journey's date when it is still to come: a single date, or the next one of a
    yearly journey (`schedule.occurrence`)."""
    try:
        value = occurrence(journey, today)
    except OutsideCalendar:
        return None
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    return value if day >= today else None


def _template_file(templates_dir: Path, name: str) -> Path:
    own = Path(templates_dir) / "newsletter" / name
    return own if own.is_file() else Path(__file__).parent.parent / "templates/newsletter" / name
