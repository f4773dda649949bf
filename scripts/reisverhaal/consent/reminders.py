"""Reminders to ask for renewed consent before it expires: a finding per story from
`consent_reminder_days` days before, and the renewals for the consent calendar.

Consent that expires silently is noticed only when the story disappears and its posts must
be taken down; a reminder weeks before gives the person who manages consent time to ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..core.findings import Finding, shown

if TYPE_CHECKING:
    from ..content.model import Story
    from .gate import ConsentGate
    from .project import Project

RULE = "consent.renew"


@dataclass(frozen=True)
class Renewal:
    """A story whose consent will expire: when to ask, and when it ends."""

    story: Story
    expires: date
    ask_from: date

    def days_left(self, today: date) -> int:
        return (self.expires - today).days


def renewals(gate: ConsentGate, days: int) -> list[Renewal]:
    """Every story whose consent holds and will expire (not withdrawn), in order of expiry:
    a withdrawal is final, and consent not yet in force is asked for already."""
    found = []
    for story in gate.stories_for_any():
        expires = gate.expires(story)
        if story.consent.withdrawn or expires == date.max:
            continue
        ask_from = max(expires - timedelta(days=max(days, 0)), story.consent.given)
        found.append(Renewal(story, expires, ask_from))
    return sorted(found, key=lambda item: (item.expires, item.story.slug))


def due(gate: ConsentGate, days: int) -> list[Renewal]:
    """The renewals to ask for now: consent that expires within `days` days of today."""
    return [item for item in renewals(gate, days) if item.ask_from <= gate.today]


def reminder_findings(project: Project) -> list[Finding]:
    """A finding per story whose consent expires within the reminder period, naming the
    story, its form's reference and what will stop; never the story's text."""
    settings = project.settings
    found = []
    for item in due(project.gate, settings.consent_reminder_days):
        story = item.story
        left = item.days_left(settings.today)
        channels = ", ".join(story.consent.channels)
        found.append(
            Finding(
                shown(story.source, settings.root),
                story.line_of("consent", "expires") or story.line_of("consent"),
                settings.consent_reminder_level,
                RULE,
                f"de toestemming voor verhaal '{story.slug}' (formulier "
                f"{story.consent.reference}) loopt af op {item.expires.isoformat()}, over "
                f"{left} {'dag' if left == 1 else 'dagen'}: vraag om een nieuwe toestemming. "
                f"Daarna verschijnt het verhaal niet meer op {channels}, en moeten berichten "
                "die het al citeerden weg. Na een nieuwe handtekening: zet de nieuwe datum "
                "bij consent.given en consent.expires (en het nieuwe formuliernummer)",
            )
        )
    return found
