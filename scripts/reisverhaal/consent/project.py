"""The project as every stage after loading gets it: settings, content, the consent gate and
the findings so far.

It lives in the consent layer because stories reach the checks and renderers only through
its `gate`; the pipeline makes it (`pipeline.build.prepare`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..core.output import page_path
from ..core.settings import Settings

if TYPE_CHECKING:
    from ..content.model import Content
    from .gate import ConsentGate


@dataclass
class Project:
    settings: Settings
    content: Content
    gate: ConsentGate
    findings: list[Finding] = field(default_factory=list)

    def url(self, uri: str) -> str:
        """The absolute URL of a site path such as `journeys/knie/intake/`."""
        return self.settings.site_url + uri

    def page_url(self, source_uri: str) -> str:
        """The absolute URL of a page, from its source such as `journeys/knie/intake.md`."""
        return self.url(page_path(source_uri, self.settings.directory_urls))

    def channels_of(self, journey) -> tuple[str, ...]:
        """The journey's own channels, limited to those the site uses."""
        chosen = journey.meta.channels
        if chosen is None:
            return self.settings.channels
        return tuple(channel for channel in self.settings.channels if channel in chosen)
