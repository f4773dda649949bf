"""The consent register (`consent.register`) and the consent calendar as files for the
privacy officer and whoever asks for renewals: CSV (cells a spreadsheet would run as a
formula neutralised), JSON and ICS. They are written by the command line to a path outside
the site; no build publishes them."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from ..consent.register import COLUMNS
from ..consent.reminders import renewals
from .schedule import zone
from .scheduler_csv import csv_bytes

if TYPE_CHECKING:
    from ..consent.project import Project


def register_csv(rows: list[dict]) -> bytes:
    """One line per story; lists joined with "; ", posts out as "facebook: 2"."""
    return csv_bytes(list(COLUMNS), [[_cell(row[column]) for column in COLUMNS] for row in rows])


def register_json(rows: list[dict]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {count}" for key, count in value.items())
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def consent_calendar(project: Project) -> bytes:
    """An all-day event per renewal to ask for, on the first day of the reminder period,
    with stable UIDs so that a subscribed calendar updates instead of doubling. Only the
    story's slug and its form's reference: the calendar is shared, its text is not."""
    settings = project.settings
    host = urlsplit(settings.site_url).hostname or "reisverhaal"
    cal = Calendar.new(
        prodid="-//reisverhaal//Toestemmingen//NL",
        name=f"Toestemmingen verlengen {settings.organisation}",
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.site_url}#toestemmingen"),
    )
    for item in renewals(project.gate, settings.consent_reminder_days):
        story = item.story
        event = Event.new(
            uid=f"toestemming-{story.slug}-{item.expires.isoformat()}@{host}",
            summary=f"Toestemming verlengen: {story.slug} ({story.consent.reference})",
            start=item.ask_from,
            end=item.ask_from + timedelta(days=1),
            description=(
                f"De toestemming voor verhaal '{story.slug}' (formulier "
                f"{story.consent.reference}) loopt af op {item.expires.isoformat()}. Vraag om "
                "een nieuwe toestemming: maak het formulier met reisverhaal consent form "
                f"{story.slug}. Kanalen: {', '.join(story.consent.channels)}."
            ),
            stamp=_stamp(project),
        )
        cal.add_component(event)
    return cal.to_ical()


def _stamp(project: Project) -> datetime:
    """DTSTAMP from the build's "today", so that two runs on one day give the same file."""
    return datetime.combine(project.settings.today, time(), zone(project.settings.timezone))
