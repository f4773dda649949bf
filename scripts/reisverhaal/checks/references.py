"""Links between content: a step's `story`, a story's `journeys` must exist."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..content.model import Content
from ..core.findings import Finding, shown, warning


def reference_findings(content: Content, root: Path) -> list[Finding]:
    stories = {story.slug for story in content.stories}
    journeys = {journey.slug for journey in content.journeys}
    found = []
    for journey in content.journeys:
        for step in journey.steps:
            slug = step.meta.story
            if slug and slug not in stories:
                found.append(
                    warning(
                        shown(step.source, root),
                        "reference.story",
                        f"story '{slug}' bestaat niet (of kon niet geladen worden);"
                        f"{_guess(slug, stories)} bestaande verhalen: "
                        f"{', '.join(sorted(stories)) or 'geen'}",
                        step.line_of("story"),
                    )
                )
    for story in content.stories:
        for slug in story.meta.journeys:
            if slug not in journeys:
                found.append(
                    warning(
                        shown(story.source, root),
                        "reference.journey",
                        f"journey '{slug}' bestaat niet (of kon niet geladen worden);"
                        f"{_guess(slug, journeys)} bestaande trajecten: "
                        f"{', '.join(sorted(journeys)) or 'geen'}",
                        story.line_of("journeys"),
                    )
                )
    return found


def _guess(slug: str, slugs: set[str]) -> str:
    """ " bedoelde je 'x'?" for the nearest existing slug, or nothing when none is near."""
    close = difflib.get_close_matches(slug, sorted(slugs), n=1, cutoff=0.6)
    return f" bedoelde je '{close[0]}'?" if close else ""
