"""The build, top to bottom: load → validate and model → check → render.

`prepare` gives a `Project` (content, consent gate, findings); `render_site` turns it into
the files of the site. Both work without MkDocs; `plugin.py` only hands the results over.
`build_site` is the two together, or the last build's result while nothing it was made from
has changed (`snapshot`). The stages are imported where they are used: a build that reuses
its last result needs none of them.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..consent.project import Project
from ..core.findings import ContentError, Finding, shown
from ..core.output import Output, SiteFiles
from ..core.settings import Settings
from . import memos, parts, snapshot
from .collector import few_collections

if TYPE_CHECKING:
    from ..checks.plain_dutch import JargonIndex
    from ..content.memo import LoadMemo


def prepare(settings: Settings) -> Project:
    """The project loaded, gated and checked: what `reisverhaal check` reports on."""
    from ..checks.all_texts import writing_findings
    from ..checks.links import BodyLinks

    project = load_project(settings)
    jargon, _ = organisation_jargon(settings)  # its findings are in project.findings
    project.findings += writing_findings(project.content, settings, jargon=jargon)
    project.findings += BodyLinks(project).findings()
    project.findings = unquoted(project, project.findings)
    return project


def load_project(settings: Settings, memo: LoadMemo | None = None) -> Project:
    """The content loaded and gated, with the findings about the whole of it: loading, the
    organisation's jargon list, consent, references and alt texts. The checks per journey
    and story (plain Dutch, personal data, links) run with their part (`render_site`).
    `memo`: what earlier loads found in the same files (`pipeline.memos`)."""
    from ..checks.alt import alt_findings
    from ..checks.references import reference_findings
    from ..consent.gate import ConsentGate
    from ..consent.reminders import reminder_findings
    from ..content import load as loader  # looked up at the call: tests race it
    from ..content.datafiles import project_labels
    from ..render.tool_page import retired_templates

    content = loader.load_content(settings.root, settings.audiences, settings.timezone, memo=memo)
    gate = ConsentGate(
        content.stories,
        settings.today,
        settings.consent_max_months,
        withheld=content.withheld_stories,
    )
    _, jargon_findings = organisation_jargon(settings)
    findings = [
        *content.findings,
        *jargon_findings,
        *project_labels(settings.templates_dir)[1],
        *retired_templates(settings.templates_dir),
        *gate.findings(settings.root, settings.channels),
        *reference_findings(content, settings.root),
        *alt_findings(content, settings.root),
    ]
    project = Project(settings, content, gate, findings)
    project.findings += reminder_findings(project)
    return project


QUOTE_FREE = ("consent.", "reference.", "alt.")
"""Rules whose messages name a story by its slug, keys and files only, never by its text."""
FINDING_KINDS = {"tone": "Schrijfadvies", "privacy": "Mogelijke persoonsgegevens"}


def unquoted(project: Project, findings: list[Finding]) -> list[Finding]:
    """`findings`, with those about a story that is published nowhere (consent withdrawn,
    expired, not yet given or for no channel of the site) naming its file and line but not its
    text: CI logs are often public (SPEC §6). Loaded stories only: a story that cannot be
    loaded gets no text checks, and its load errors are what the editor needs to fix it."""
    root, channels, gate = project.settings.root, project.settings.channels, project.gate
    hidden = {
        shown(story.source, root)
        for story in project.content.stories
        if not any(gate.allows(story, channel) for channel in channels)
    }
    result, said = [], set()
    for finding in findings:
        if finding.path in hidden and not finding.rule.startswith(QUOTE_FREE):
            finding = _without_text(finding)
            if finding in said:
                continue  # one line, one message: several findings there now read the same
            said.add(finding)
        result.append(finding)
    return result


def _without_text(finding: Finding) -> Finding:
    kind = FINDING_KINDS.get(finding.rule.split(".")[0], "Melding")
    return replace(
        finding,
        message=f"{kind} bij de tekst van dit verhaal, dat nergens verschijnt; de tekst staat "
        "niet in dit bericht, omdat een log openbaar kan zijn. Zie het bestand op deze regel",
    )


def render_site(project: Project, store: parts.Store | None = None) -> SiteFiles:
    """Every file the site gets from journeys and stories, in a stable order: each journey's
    and story's part, reused from `store` where its key matches, then what the whole site
    shares, put together from the parts (`site_files`)."""
    from ..checks.links import BodyLinks
    from ..render.image_cache import prune_images

    settings = project.settings
    store = store or parts.Store(settings, None, frozenset())
    links = store.keys.links if store.keys else BodyLinks(project)
    jargon, _ = organisation_jargon(settings)
    journeys = {}
    for journey in project.content.journeys:
        journeys[journey.slug] = store.reuse("journey", journey) or store.keep(
            "journey", journey, journey_part(project, journey, links, jargon)
        )
    stories = [
        store.reuse("story", story)
        or store.keep("story", story, story_part(project, story, links, jargon))
        for story in project.content.stories
    ]
    every = [*journeys.values(), *stories]
    site = site_files(project, journeys, every)
    # The parts' images and the site's own (the link previews' site card).
    used = parts.cached_files(every, settings.cache_dir)
    used |= {output.source for output in site.outputs if output.source}
    prune_images(settings.cache_dir / "images", used)
    _prune_videos(settings, every, site)
    return site


def journey_part(project: Project, journey, links, jargon) -> parts.Part:
    """Everything one journey gives the site: its pages, posts and their images, newsletter
    blocks, quote cards, share kit page and calendar events, and what its checks find."""
    from ..checks.all_texts import readability_badges, writing_findings
    from ..render import calendar_posts, compose, ics, newsletter, pages, quotecard, sharekit
    from ..render import link_preview as previewing

    settings, only = project.settings, {journey.slug}
    alone = replace(project.content, journeys=[journey], stories=[])
    page_set = pages.build_pages(project, journeys=only, stories=(), overviews=False)
    videos = _videos(project, page_set, journey=journey)  # their files join page_set
    snippet_set = compose.build_snippets(project, journeys=only)
    video_posts = _video_posts(project, journey, snippet_set, videos)  # issue 21
    letters = newsletter.build_newsletter(project, journeys=only)
    cards = quotecard.quote_cards(project, snippet_set.snippets)
    extras = sharekit.ShareKitExtras(
        newsletters=letters.blocks,
        readability=readability_badges(alone, settings),
        quote_cards=cards.downloads,
        videos=video_posts,
    )
    kit_uri = sharekit.sharekit_uri(journey)
    kit = sharekit.build_share_kit(project, snippet_set, extras, journeys=only)
    previews = previewing.journey_previews(project, journey)  # link previews (og:, JSON-LD)
    images = _images(
        [*page_set.images, *snippet_set.images, *letters.images, *previews.requests],
        settings,
        cards.jobs,
    )
    preview_images = previewing.publish_cards(previews, settings)
    events = [
        ics.ics_event(project, calendar_posts.describe(project, snippet))
        if snippet.publish_at
        else None
        for snippet in snippet_set.snippets
    ]
    return parts.Part(
        outputs=[
            *previewing.with_previews(page_set.outputs, previews),
            *letters.outputs,
            *(output for output in kit if output.uri == kit_uri),
            *images.outputs,
            *preview_images.outputs,
        ],
        findings=[
            *writing_findings(alone, settings, jargon=jargon),
            *links.findings([journey, *journey.steps]),
            *videos.findings,
            *post_findings(project, snippet_set, jargon),
            *letters.findings,
            *previewing.without_repeats(images.findings),
            *preview_images.findings,
        ],
        snippets=snippet_set.snippets,
        events=events,
        newsletters=[block.html_uri for block in letters.blocks.get(journey.slug, [])],
        images_made=images.made + preview_images.made,
        images_cached=images.cached + preview_images.cached,
    )


def story_part(project: Project, story, links, jargon) -> parts.Part:
    """Everything one story gives the site: its page and photo, and what its checks find."""
    from ..checks.all_texts import writing_findings
    from ..render import link_preview, pages

    settings = project.settings
    alone = replace(project.content, journeys=[], stories=[story])
    page_set = pages.build_pages(project, journeys=(), stories={story.slug}, overviews=False)
    videos = _videos(project, page_set, story=story)  # their files join page_set
    previews = link_preview.story_previews(project, story)  # link previews (og:)
    images = _images([*page_set.images, *previews.requests], settings)
    preview_images = link_preview.publish_cards(previews, settings)
    return parts.Part(
        outputs=[
            *link_preview.with_previews(page_set.outputs, previews),
            *images.outputs,
            *preview_images.outputs,
        ],
        findings=[
            *writing_findings(alone, settings, jargon=jargon),
            *links.findings([story]),
            *videos.findings,
            *link_preview.without_repeats(images.findings),
            *preview_images.findings,
        ],
        images_made=images.made + preview_images.made,
        images_cached=images.cached + preview_images.cached,
    )


def _prune_videos(settings: Settings, every: list, site: SiteFiles) -> None:
    """Renditions that no part of this site uses leave the video cache after 30 days."""
    from ..core.output import KEEP_UNUSED_DAYS
    from ..render import video

    used = {output.source for part in every for output in part.outputs if output.source}
    used |= {output.source for output in site.outputs if output.source}
    video.prune(settings.cache_dir / "video", used, KEEP_UNUSED_DAYS)


def _videos(project: Project, page_set, journey=None, story=None):
    """The part's videos: the pages' players and the share kit's renditions (issue 21)."""
    from ..render import video_site

    return video_site.part_videos(project, page_set, journey=journey, story=story)


def _video_posts(project: Project, journey, snippet_set, videos) -> dict:
    """The journey's video posts: each gets its rendition; their share kit downloads."""
    from ..render import video_site
    from ..render.templating import labels

    video_site.with_videos(project, journey, snippet_set)
    words = labels(project.settings.templates_dir)["video"]
    return video_site.kit_downloads(project, journey, snippet_set, videos, words)


def _images(requests, settings: Settings, cards=()):
    """One image run for one part; old images are removed after the last (`render_site`)."""
    from ..render import image_files

    return image_files.publish(
        requests, settings, extra_jobs=cards, extra_public=settings.share_kit_public, prune=False
    )


def site_files(project: Project, journeys: dict[str, parts.Part], every: list[parts.Part]):
    """The site's files: every part's, and what the site shares, made from the parts: the
    home page, overviews and navigation, `snippets.json`, the calendar with its exports and
    the takedown list, and the share kit's index. Generated files go into the cache
    (`image_files.store_files`), all at once, so that it keeps exactly those this build uses."""
    from ..render import calendar, compose, ics, image_files, newsletter, pages, sharekit
    from ..render.templating import labels

    settings = project.settings
    every_snippet = [snippet for part in journeys.values() for snippet in part.snippets]
    events = {
        _post(snippet): event
        for part in journeys.values()
        for snippet, event in zip(part.snippets, part.events, strict=True)
    }
    page_set = pages.build_pages(project, journeys=(), stories=(), overviews=True)
    letters = newsletter.build_newsletter(project, journeys=())
    kit = sharekit.build_share_kit(
        project,
        compose.SnippetSet(snippets=every_snippet),
        sharekit.ShareKitExtras(newsletters={s: p.newsletters for s, p in journeys.items()}),
        journeys=(),
    )
    plan = calendar.build_calendar(
        project,
        every_snippet,
        events=lambda post: events.get(_post(post.snippet)) or ics.ics_event(project, post),
    )
    own = [*page_set.outputs, compose.snippets_file(project, every_snippet), *kit, *plan.outputs]
    shared = site_links(project, every_snippet)  # link previews' site card, /links/, feed
    own += shared.outputs
    outputs = _once([*(output for part in every for output in part.outputs), *own])
    site = SiteFiles(
        outputs=image_files.store_files(outputs, settings.cache_dir / "files"),
        findings=[
            *(finding for part in every for finding in part.findings),
            *letters.findings,
            *plan.findings,
            *shared.findings,
        ],
        nav=page_set.nav,
        images_made=sum(part.images_made for part in every) + shared.made,
        images_cached=sum(part.images_cached for part in every) + shared.cached,
    )
    if settings.share_kit_public:
        made = {output.uri for output in outputs}
        kits = [sharekit.sharekit_uri(journey) for journey in project.content.journeys]
        kits = [uri for uri in kits if uri in made]
        title = escape(labels(settings.templates_dir)["nav"]["share_kit"])
        site.nav.append({title: [sharekit.INDEX_URI, *kits, calendar.PAGE_URI]})
    return site


def site_links(project: Project, snippets: list):
    """What the site shares for links to it: the card of pages without a preview of their
    own (`render.link_preview`), the link-in-bio page and the feed."""
    from ..render import feed, link_preview, links_page

    settings = project.settings
    shared = link_preview.publish_cards(link_preview.site_previews(settings), settings)
    shared.outputs += [
        links_page.build_links_page(project, snippets),
        feed.build_feed(project, snippets),
    ]
    return shared


def _post(snippet) -> tuple:
    return (snippet.journey, snippet.step, snippet.platform, snippet.variant)


def _once(items: list) -> list:
    """Each output once, by its URI (two journeys quoting one story share its quote card),
    or each finding once: in the order first seen."""
    seen, result = set(), []
    for item in items:
        identity = item.uri if isinstance(item, Output) else item
        if identity not in seen:
            seen.add(identity)
            result.append(item)
    return result


@few_collections
def build_site(settings: Settings, untouched: snapshot.Untouched | None = None) -> SiteFiles:
    """The site's files with every finding of the build: the last build's when nothing they
    were made from has changed, otherwise made anew, reusing what it can per journey and
    story (`parts`), and stored for the next build. `untouched` is what `snapshot.untouched`
    said before the site folder was cleaned.

    Nothing is stored unless no content file was written while the build ran, and no part
    is reused unless none was written while the content was read (`snapshot.guard`): so a
    result is never kept under a key of other bytes than it was made from, nor put together
    with results of other bytes. A cache that cannot be written (read-only) gives a build
    without it: the images and files are made in a temporary folder (`SiteFiles.scratch`)
    and nothing is stored."""
    before = snapshot.state(settings)
    site = snapshot.load(settings, before.key, untouched)
    if site is not None:
        site.reused, site.key, site.code = True, before.key, before.code
        site.images_made, site.images_cached = 0, site.images_made + site.images_cached
        return site
    unwritable = snapshot.unwritable(settings)
    scratch = Path(tempfile.mkdtemp(prefix="reisverhaal-")) if unwritable else None
    work = replace(settings, cache_dir=scratch) if scratch else settings
    try:
        memo = memos.load(work, before.code) if scratch is None else None
        project = load_project(work, memo)
        store = parts.Store(work, None, frozenset())
        if scratch is None and snapshot.guard(settings) == before.guard:
            keys = parts.Keys(before, project, _links(project))
            store = parts.Store(work, keys, untouched.files if untouched else frozenset())
        site = render_site(project, store)
    except BaseException:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    findings = [*([unwritable] if unwritable else []), *project.findings, *site.findings]
    site.findings = _once(unquoted(project, findings))
    site.scratch = scratch
    site.code = before.code
    if store.keys is not None and snapshot.guard(settings) == before.guard:
        if problem := store.save() or snapshot.save(settings, before.key, site):
            site.findings.append(problem)
        else:
            site.key = before.key
        memos.save(settings, before.code, memo)
    return site


def _links(project: Project):
    from ..checks.links import BodyLinks

    return BodyLinks(project)


def remove_scratch(site: SiteFiles | None) -> None:
    if site is not None and site.scratch is not None:
        shutil.rmtree(site.scratch, ignore_errors=True)
        site.scratch = None


def image_summary(site: SiteFiles) -> Finding:
    return Finding(
        "mkdocs.yml",
        None,
        "info",
        "images.summary",
        f"afbeeldingen: {site.images_made} gemaakt, {site.images_cached} uit de cache",
    )


def post_findings(
    project: Project, snippet_set, jargon: JargonIndex | None = None
) -> list[Finding]:
    """What composing the snippets found (posts that do not fit, broken templates) and what
    the writing checks find in text the post templates added."""
    from ..checks.all_texts import snippet_findings

    if jargon is None:
        jargon, _ = organisation_jargon(project.settings)  # its findings are in project.findings
    return [
        *snippet_set.findings,
        *snippet_findings(snippet_set.snippets, project.content, project.settings, jargon=jargon),
    ]


def organisation_jargon(settings: Settings) -> tuple[JargonIndex, list[Finding]]:
    """The jargon list the writing checks use: the shipped one with the organisation's own
    (`templates/jargon.yml`) over it, and what is wrong with the latter. Read where a check
    needs it, rather than carried in `Project`, which holds what every stage shares."""
    from ..checks.plain_dutch import project_jargon

    return project_jargon(settings.root)


FAILS_BUILD = frozenset({"snippet.too-long"})
"""Rules that stop even a build without --strict (SPEC §5: a post that cannot fit)."""


def build_failures(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.rule in FAILS_BUILD]


def check_project(project: Project) -> list[Finding]:
    """Every finding, without rendering the site's pages or images: what `reisverhaal check`
    reports. Snippets, newsletter blocks and the calendar are composed for their findings
    (posts that do not fit, blocks over Gmail's limit, posts to take down)."""
    from ..render.calendar import build_calendar
    from ..render.compose import build_snippets
    from ..render.newsletter import build_newsletter

    snippet_set = build_snippets(project)
    return [
        *project.findings,
        *post_findings(project, snippet_set),
        *build_newsletter(project).findings,
        *build_calendar(project, snippet_set.snippets).findings,
        *photo_findings(project),
    ]


def photo_findings(project: Project) -> list[Finding]:
    """Photos that do not decode whole: the build finds them when it cuts them, `check`
    decodes each once here (it makes no images), so the two report the same."""
    from ..content.photos import check_decodes

    content, root = project.content, project.settings.root
    items = [*content.journeys, *(s for j in content.journeys for s in j.steps), *content.stories]
    found = []
    for path in dict.fromkeys(item.image for item in items if item.image):
        try:
            check_decodes(path, shown(path, root))
        except ContentError as exc:
            found.append(exc.finding)
    return found
