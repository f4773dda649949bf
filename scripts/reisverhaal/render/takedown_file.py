"""`deelkit/takedown.json` and its build warning: posts already out for stories whose consent
ended, as `consent.takedown` selects them. Never the story's text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..consent.takedown import takedown_posts
from ..core.findings import Finding, shown, warning
from .calendar_posts import TAKEDOWN_URI, platform_name
from .schedule import earlier_publish_times
from .snippet import Snippet

if TYPE_CHECKING:
    from ..consent.project import Project


def takedown(
    project: Project, snippets: list[Snippet], now: datetime
) -> tuple[list[dict], list[Finding]]:
    """Posts already out that quoted or showed a story whose consent has ended (selected by
    `consent.takedown`), and per such story a warning naming where the list is."""
    records: list[dict] = []
    findings: list[Finding] = []
    for ended in takedown_posts(project, snippets, now, earlier_publish_times):
        found = ended.posts
        records.extend(found)
        platforms = ", ".join(sorted({platform_name(item["platform"]) for item in found}))
        count = len(found)
        findings.append(
            warning(
                shown(ended.story.source, project.settings.root),
                "consent.takedown",
                f"de toestemming voor verhaal '{ended.story.slug}' is beëindigd op "
                f"{ended.status.ended.isoformat()}: haal {count} "
                f"{'bericht' if count == 1 else 'berichten'} weg die al geplaatst "
                f"{'is' if count == 1 else 'zijn'} ({platforms}); welke staat in "
                f"{TAKEDOWN_URI}",
            )
        )
    records.sort(key=takedown_key)
    return records, findings


def takedown_key(record: dict) -> tuple:
    moment = datetime.fromisoformat(record["time"]).astimezone(UTC)
    return (
        moment,
        record["journey"],
        record["step"],
        record["platform"],
        record["variant"] or "",
        record["story"],
    )
