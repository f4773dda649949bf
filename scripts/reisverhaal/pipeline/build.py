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
from ..core.findings import Finding, shown
from ..core.output import SiteFiles
from ..core.settings import Settings
from . import snapshot

if TYPE_CHECKING:
    from ..checks.tone import JargonIndex


def prepare(settings: Settings) -> Project:
    from ..checks.alt import alt_findings
    from ..checks.links import BodyLinks
    from ..checks.references import reference_findings
    from ..checks.writing import writing_findings
    from ..consent.gate import ConsentGate
    from ..content.datafiles import project_labels
    from ..content.load import load_content

    content = load_content(settings.root, settings.audiences, settings.timezone)
    gate = ConsentGate(
        content.stories,
        settings.today,
        settings.consent_max_months,
        withheld=content.withheld_stories,
    )
    jargon, jargon_findings = organisation_jargon(settings)
    findings = [
        *content.findings,
        *jargon_findings,
        *project_labels(settings.templates_dir)[1],
        *gate.findings(settings.root, settings.channels),
        *reference_findings(content, settings.root),
        *alt_findings(content, settings.root),
        *writing_findings(content, settings, jargon=jargon),
    ]
    project = Project(settings, content, gate, findings)
    project.findings += BodyLinks(project).findings()
    project.findings = unquoted(project)
    return project


QUOTE_FREE = ("consent.", "reference.", "alt.")
"""Rules whose messages name a story by its slug, keys and files only, never by its text."""
FINDING_KINDS = {"tone": "Schrijfadvies", "privacy": "Mogelijke persoonsgegevens"}


def unquoted(project: Project) -> list[Finding]:
    """The findings, with those about a story that is published nowhere (consent withdrawn,
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
    for finding in project.findings:
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


def render_site(project: Project) -> SiteFiles:
    """Every file the site gets from journeys and stories, in a stable order.

    Pages, snippets and newsletter blocks ask for images; one `media.publish` run makes them
    all (and the quote cards), so each photo is decoded once per build.
    """
    from ..checks.writing import readability_badges
    from ..render import calendar, media, newsletter, pages, quotecard, sharekit, snippets
    from ..render.templating import labels

    settings = project.settings
    page_set = pages.build_pages(project)
    snippet_set = snippets.build_snippets(project)
    letters = newsletter.build_newsletter(project)
    cards = quotecard.quote_cards(project, snippet_set.snippets)
    extras = sharekit.ShareKitExtras(
        newsletters=letters.blocks,
        readability=readability_badges(project.content, settings),
        quote_cards=cards.downloads,
    )
    kit = sharekit.build_share_kit(project, snippet_set, extras)
    plan = calendar.build_calendar(project, snippet_set.snippets)
    images = media.publish(
        [*page_set.images, *snippet_set.images, *letters.images],
        settings,
        extra_jobs=cards.jobs,
        extra_public=settings.share_kit_public,
    )
    generated = [*page_set.outputs, *snippet_set.outputs, *letters.outputs, *kit, *plan.outputs]
    site = SiteFiles(
        outputs=[*media.store_files(generated, settings.cache_dir / "files"), *images.outputs],
        findings=[
            *post_findings(project, snippet_set),
            *letters.findings,
            *plan.findings,
            *images.findings,
        ],
        nav=page_set.nav,
        images_made=images.made,
        images_cached=images.cached,
    )
    if settings.share_kit_public:
        kits = [o.uri for o in kit if o.is_page and o.uri != sharekit.INDEX_URI]
        title = escape(labels(settings.templates_dir)["nav"]["share_kit"])
        site.nav.append({title: [sharekit.INDEX_URI, *kits, calendar.PAGE_URI]})
    return site


def build_site(settings: Settings, untouched: str | None = None) -> SiteFiles:
    """The site's files with every finding of the build: the last build's when nothing they
    were made from has changed, otherwise made anew (and stored for the next build).
    `untouched` is what `snapshot.untouched` said before the site folder was cleaned.

    The result is stored only when no content file was written while the pipeline ran
    (`snapshot.State`), so that it is never kept under a fingerprint of other bytes than it
    was made from. A cache that cannot be written (read-only) gives a build without it: the
    images and files are made in a temporary folder (`SiteFiles.scratch`) and nothing is
    stored."""
    before = snapshot.state(settings)
    site = snapshot.load(settings, before.key, untouched)
    if site is not None:
        site.reused, site.key = True, before.key
        site.images_made, site.images_cached = 0, site.images_made + site.images_cached
        return site
    unwritable = snapshot.unwritable(settings)
    scratch = Path(tempfile.mkdtemp(prefix="reisverhaal-")) if unwritable else None
    work = replace(settings, cache_dir=scratch) if scratch else settings
    try:
        project = prepare(work)
        site = render_site(project)
    except BaseException:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    site.findings[:0] = [*([unwritable] if unwritable else []), *project.findings]
    site.scratch = scratch
    unchanged = scratch is None and snapshot.state(settings).guard == before.guard
    if unchanged and (problem := snapshot.save(settings, before.key, site)):
        site.findings.append(problem)
    elif unchanged:
        site.key = before.key
    return site


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


def post_findings(project: Project, snippet_set) -> list[Finding]:
    """What composing the snippets found (posts that do not fit, broken templates) and what
    the writing checks find in text the post templates added."""
    from ..checks.writing import snippet_findings

    jargon, _ = organisation_jargon(project.settings)  # its findings are in project.findings
    return [
        *snippet_set.findings,
        *snippet_findings(snippet_set.snippets, project.content, project.settings, jargon=jargon),
    ]


def organisation_jargon(settings: Settings) -> tuple[JargonIndex, list[Finding]]:
    """The jargon list the writing checks use: the shipped one with the organisation's own
    (`templates/jargon.yml`) over it, and what is wrong with the latter. Read where a check
    needs it, rather than carried in `Project`, which holds what every stage shares."""
    from ..checks.tone import project_jargon

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
    from ..render.newsletter import build_newsletter
    from ..render.snippets import build_snippets

    snippet_set = build_snippets(project)
    return [
        *project.findings,
        *post_findings(project, snippet_set),
        *build_newsletter(project).findings,
        *build_calendar(project, snippet_set.snippets).findings,
    ]
