"""Post snippets per step, platform and audience variant (SPEC §4, §5).

Each snippet is composed from the step (or its variant, or the per-platform `posts`
override), the linked story's quote when the consent gate allows it on that platform, the
call to action, the tracked link and the hashtags, rendered with the editors' Jinja2
template for the platform and fitted to the platform's limit by `fitting.fit_post`.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import jinja2

from ..content.posts import asks_reaction, can_react, post_body, post_cta, post_hashtags
from ..core.findings import Finding, error, shown, warning
from ..core.output import ImageRequest, Output, step_uri, tracked_url
from .fitting import FitError, PostParts, fit_post, fit_title, tidy
from .platforms import Platform, load_platforms
from .schedule import OutsideCalendar, publish_time
from .snippet import Snippet
from .templating import environment, labels

if TYPE_CHECKING:
    from ..consent.project import Project
    from ..content.model import Journey, Step, Story

SNIPPETS_URI = "deelkit/snippets.json"
PRIMARY_IMAGE = "post"

Key = tuple[str, str, str, "str | None"]
"""(journey, step, platform, variant): one snippet."""


@dataclass
class SnippetSet:
    snippets: list[Snippet] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    images: list[ImageRequest] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    crops: dict[tuple[str, str, str], dict[str, ImageRequest]] = field(default_factory=dict)
    """Per (journey, step, platform): the platform's image sizes by name (`post`, `story`)."""
    shortened: set[Key] = field(default_factory=set)

    def for_step(self, journey: str, step: str) -> list[Snippet]:
        return [s for s in self.snippets if s.journey == journey and s.step == step]


def tracked_link(project: Project, journey: Journey, step: Step, source: str) -> str:
    """The step page's absolute URL with the UTM parameters of SPEC §5."""
    page = project.page_url(step_uri(project.settings.urls, journey, step))
    return tracked_url(page, source, "social", journey.slug, step.slug)


def platform_images(platform: Platform) -> dict[str, tuple[int, int]]:
    """The platform's image sizes, the one used with the post first."""
    sizes = dict(platform.images)
    if PRIMARY_IMAGE in sizes:
        sizes = {PRIMARY_IMAGE: sizes.pop(PRIMARY_IMAGE), **sizes}
    return sizes


def build_snippets(project: Project, journeys: Collection[str] | None = None) -> SnippetSet:
    """Every snippet of the site, in a stable order: journey, step, platform, variant.
    `journeys`: only those of these journeys (None: all)."""
    result = SnippetSet()
    platforms = load_platforms()
    templates = environment(project.settings.templates_dir)
    for journey in project.content.journeys:
        if journeys is not None and journey.slug not in journeys:
            continue
        chosen = [platforms[c] for c in project.channels_of(journey) if c in platforms]
        for step in journey.steps:
            for platform in chosen:
                if step.meta.posts.get(platform.id) is False:
                    continue
                image = _image(result, project, journey, step, platform)
                for variant in [None, *_variants(project, step)]:
                    _compose(result, project, templates, journey, step, platform, variant, image)
    result.outputs.append(snippets_file(project, result.snippets))
    return result


def snippets_file(project: Project, snippets: list[Snippet]) -> Output:
    """`snippets.json`: every snippet's record (SPEC §4)."""
    records = [snippet.as_record() for snippet in snippets]
    return Output(
        uri=SNIPPETS_URI,
        content=json.dumps(records, ensure_ascii=False, indent=2) + "\n",
        public=project.settings.share_kit_public,
    )


def _variants(project: Project, step: Step) -> list[str]:
    """The step's variants in the order the site lists its audiences."""
    known = list(project.settings.audiences)
    return sorted(step.meta.variants, key=lambda key: known.index(key) if key in known else 999)


def _image(
    result: SnippetSet, project: Project, journey: Journey, step: Step, platform: Platform
) -> ImageRequest | None:
    """Crops of the step image (else the journey image) in every size the platform has."""
    owner = step if step.image else journey if journey.image else None
    if owner is None:
        return None
    crops = {}
    for name, size in platform_images(platform).items():
        suffix = "" if not crops else f"-{name}"
        request = ImageRequest(
            uri=f"deelkit/{journey.slug}/img/{step.slug}-{platform.id}{suffix}.jpg",
            source=owner.image,
            size=size,
            focus=owner.meta.focus or (0.5, 0.5),
            public=project.settings.share_kit_public,
        )
        crops[name] = request
        result.images.append(request)
    result.crops[(journey.slug, step.slug, platform.id)] = crops
    return next(iter(crops.values()))


def _compose(
    result: SnippetSet,
    project: Project,
    templates: jinja2.Environment,
    journey: Journey,
    step: Step,
    platform: Platform,
    variant_key: str | None,
    image: ImageRequest | None,
) -> None:
    audience = project.settings.audiences.get(variant_key) if variant_key else None
    path = shown(step.source, project.settings.root)
    where = platform.name
    if variant_key:
        where += f" ({audience.label if audience else variant_key})"
    publish_at = _publish_at(result, journey, step, variant_key, project)
    story = _quoted_story(result, project, step, platform, publish_at)
    link = None
    if "website" in project.channels_of(journey):
        link = tracked_link(project, journey, step, platform.id)
    body = post_body(step, platform.id, variant_key)
    cta = post_cta(journey, step, platform.id, variant_key)
    if not can_react(platform.id) and asks_reaction(body.text):
        finding = _asks_reaction(body, path, platform)
        if finding not in result.findings:
            result.findings.append(finding)
    parts = PostParts(
        body=body.text,
        quote=story.meta.quote if story else None,
        cta=cta.text if cta else None,
        link=link,
        hashtags=post_hashtags(journey, step, platform.id, variant_key),
        link_in_bio=labels(project.settings.templates_dir)["link_in_bio"],
    )
    context = {
        "platform": platform,
        "journey": journey,
        "step": step,
        "story": story,
        "audience": audience,
        "settings": project.settings,
    }
    template = None
    try:
        template = templates.select_template(
            [f"snippets/{platform.id}.txt.j2", "snippets/default.txt.j2"]
        )
        fitted = fit_post(
            parts, platform, lambda candidate: template.render(parts=candidate, **context)
        )
    except FitError as exc:
        result.findings.append(
            error(
                path,
                "snippet.too-long",
                f"stap '{step.slug}' past niet op {where}: {exc}",
                body.line,
            )
        )
        return
    except jinja2.TemplateError as exc:
        finding = _template_finding(exc, template.name if template else None, platform)
        if finding not in result.findings:
            result.findings.append(finding)
        return

    key = (journey.slug, step.slug, platform.id, variant_key)
    if fitted.shortened:
        result.shortened.add(key)
    alt = (step if step.image else journey).meta.image_alt if image else None
    if alt and platform.alt_limit and len(alt) > platform.alt_limit and variant_key is None:
        result.findings.append(
            warning(
                path,
                "snippet.alt-too-long",
                f"de alt-tekst is {len(alt)} tekens; {platform.name} neemt er hoogstens "
                f"{platform.alt_limit}. Maak image_alt korter",
                step.line_of("image_alt") or journey.line_of("image_alt"),
            )
        )
    quoted = bool(parts.quote) and tidy(parts.quote, platform) in fitted.text
    result.snippets.append(
        Snippet(
            journey=journey.slug,
            step=step.slug,
            platform=platform.id,
            variant=variant_key,
            text=fitted.text,
            length=fitted.length,
            limit=fitted.limit,
            link=link if platform.links != "none" else None,
            image=image.uri if image else None,
            image_alt=alt,
            publish_at=publish_at,
            stories=(story.slug,) if quoted else (),
            title=fit_title(step.meta.title, journey.meta.title, platform),
        )
    )


def _asks_reaction(body, path: str, platform: Platform) -> Finding:
    """A text that asks for reactions where nobody can react (a WhatsApp channel): the
    editor decides what to say instead, so it is a warning, not a silent cut."""
    return warning(
        path,
        "snippet.asks-reaction",
        f"de tekst van het bericht voor {platform.name} vraagt om een reactie, maar daar kan "
        f"niemand reageren. Schrijf onder `posts:` een eigen tekst voor {platform.id}, "
        "zonder die vraag",
        body.line,
    )


def _quoted_story(
    result: SnippetSet, project: Project, step: Step, platform: Platform, publish_at
) -> Story | None:
    """The step's story when the gate allows it on the platform today and, for a scheduled
    post, still on the day it goes out. A quote that would outlive its consent is left out,
    said once per step and story (as info: leaving it out is the gate doing its job)."""
    gate = project.gate
    until = publish_at.date() if publish_at else None
    story = gate.story_for(step.meta.story, platform.id, until=until)
    allowed_today = gate.story_for(step.meta.story, platform.id)
    if story is None and allowed_today is not None:
        finding = Finding(
            shown(step.source, project.settings.root),
            step.line_of("story"),
            "info",
            "consent.before-post",
            f"het citaat uit verhaal '{allowed_today.slug}' staat niet in de posts van stap "
            f"'{step.slug}' die na {gate.last_day(allowed_today).isoformat()} uitgaan: dan "
            "geldt de toestemming niet meer. Wil je het citaat erin, vraag dan nieuwe toestemming",
        )
        if finding not in result.findings:
            result.findings.append(finding)
    return story


def _publish_at(
    result: SnippetSet, journey: Journey, step: Step, variant_key: str | None, project: Project
):
    try:
        return publish_time(journey, step, variant_key, project.settings)
    except OutsideCalendar as exc:
        where = shown(step.source, project.settings.root)
        finding = error(where, "snippet.schedule", str(exc), step.line_of("when"))
        if finding not in result.findings:
            result.findings.append(finding)
        return None
    except ValueError as exc:
        finding = error("mkdocs.yml", "snippet.schedule", str(exc))
        if finding not in result.findings:
            result.findings.append(finding)
        return None


def _template_finding(exc: jinja2.TemplateError, name: str | None, platform: Platform) -> Finding:
    name = getattr(exc, "name", None) or name or f"snippets/{platform.id}.txt.j2"
    return error(
        f"templates/{name}",
        "snippet.template",
        f"het sjabloon voor {platform.name} werkt niet: {exc.message}. Herstel het sjabloon, "
        "of verwijder het om het standaardsjabloon te gebruiken",
        getattr(exc, "lineno", None),
    )
