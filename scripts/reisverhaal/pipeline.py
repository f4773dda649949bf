"""The build, top to bottom: load → validate and model → check → render.

`prepare` gives a `Project` (content, consent gate, findings); `render_site` turns it into
the files of the site. Both work without MkDocs; `plugin.py` only hands the results over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks.alt import alt_findings
from .checks.references import reference_findings
from .config import Settings
from .consent import ConsentGate
from .content.load import load_content
from .content.model import Content
from .findings import Finding
from .render.output import Output


@dataclass
class Project:
    settings: Settings
    content: Content
    gate: ConsentGate
    findings: list[Finding] = field(default_factory=list)

    def url(self, uri: str) -> str:
        """The absolute URL of a site path such as `journeys/knie/intake/`."""
        return self.settings.site_url + uri

    def channels_of(self, journey) -> tuple[str, ...]:
        """The journey's own channels, limited to those the site uses."""
        chosen = journey.meta.channels
        if chosen is None:
            return self.settings.channels
        return tuple(channel for channel in self.settings.channels if channel in chosen)


def prepare(settings: Settings) -> Project:
    content = load_content(settings.root, settings.audiences)
    gate = ConsentGate(content.stories, settings.today, settings.consent_max_months)
    findings = [
        *content.findings,
        *gate.findings(settings.root, settings.channels),
        *reference_findings(content, settings.root),
        *alt_findings(content, settings.root),
    ]
    return Project(settings=settings, content=content, gate=gate, findings=findings)


@dataclass
class SiteFiles:
    """What the build adds to the site, and how it is arranged."""

    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    nav: list = field(default_factory=list)

    @property
    def hidden_uris(self) -> set[str]:
        return {output.uri for output in self.outputs if not output.public}


def render_site(project: Project) -> SiteFiles:
    """Every file the site gets from journeys and stories, in a stable order."""
    from .render import media, pages

    site = SiteFiles()
    page_set = pages.build_pages(project)
    site.outputs.extend(page_set.outputs)
    made = media.publish(page_set.images, project.settings)
    site.outputs.extend(made.outputs)
    site.findings.extend(made.findings)
    site.nav = page_set.nav
    return site


def check_project(project: Project) -> list[Finding]:
    """Every finding, without rendering the site: what `reisverhaal check` reports."""
    return [*project.findings]
