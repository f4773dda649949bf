"""`deelkit/takedown.json` and its build warning: posts already out for stories whose consent
ended, as `consent.takedown` selects them, without those the story's `takedown_done` marks as
removed, each with since when it is overdue. Never the story's text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from ..consent.takedown import Takedown, takedown_posts
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
    today = project.settings.today
    for ended in takedown_posts(project, snippets, now, earlier_publish_times):
        path = shown(ended.story.source, project.settings.root)
        found = ended.posts
        records.extend(found)
        if not found:
            findings.append(_all_done(path, ended))
            continue
        platforms = ", ".join(sorted({platform_name(item["platform"]) for item in found}))
        count = len(found)
        findings.append(
            warning(
                path,
                "consent.takedown",
                f"de toestemming voor verhaal '{ended.story.slug}' is beëindigd op "
                f"{ended.status.ended.isoformat()}: haal {count} "
                f"{'bericht' if count == 1 else 'berichten'} weg die al geplaatst "
                f"{'is' if count == 1 else 'zijn'} ({platforms}); nog weg te halen: "
                f"{'; '.join(_still_out(item, today) for item in sorted(found, key=takedown_key))}"
                f". Staat in {TAKEDOWN_URI}. Weggehaald? Zet het in het verhaal onder "
                f"takedown_done, zoals - {{post: {found[0]['post']}, removed: "
                f"{today.isoformat()}}}",
                ended.story.line_of("takedown_done"),
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


def _still_out(record: dict, today: date) -> str:
    """One post still out, and since when it is overdue: "Facebook knie/intake/facebook
    (geplaatst 2027-01-02, te laat sinds 2027-01-10: 5 dagen)"."""
    since = date.fromisoformat(record["overdue_since"])
    days = max((today - since).days, 0)
    return (
        f"{platform_name(record['platform'])} {record['post']} (geplaatst "
        f"{record['time'][:10]}, te laat sinds {since.isoformat()}: {days} "
        f"{'dag' if days == 1 else 'dagen'})"
    )


def _all_done(path: str, ended: Takedown) -> Finding:
    return Finding(
        path,
        ended.story.line_of("takedown_done"),
        "info",
        "consent.takedown-done",
        f"alle {ended.done} berichten met verhaal '{ended.story.slug}' zijn weggehaald "
        "(takedown_done): er hoeft niets meer weg",
    )
