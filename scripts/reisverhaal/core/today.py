"""The build's "today": the current date, or SOURCE_DATE_EPOCH for reproducible builds.

MkDocs reads SOURCE_DATE_EPOCH too, and fails with a traceback on one that is not a whole
number or that does not fit in the four bytes of `sitemap.xml.gz`'s time stamp (after
2106-02-07). `settle_source_date_epoch`, called as the build starts, says what is wrong in
the log and puts a value both can use in its place, so that the site still builds.

The build computes with days from `FIRST_DAY` to `LAST_DAY`: Python's calendar ends on
31 December 9999, and the build looks a year ahead (the next occurrence of a yearly journey),
a week past a month (the calendar page's rows) and a day past a date (the time zone).
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)
LAST_EPOCH = 2**32 - 1
"""The last moment `sitemap.xml.gz` can carry (2106-02-07 06:28:15 UTC)."""
VARIABLE = "SOURCE_DATE_EPOCH"

log = logging.getLogger("mkdocs.plugins.reisverhaal")


def source_date_epoch() -> tuple[int | None, str | None]:
    """The SOURCE_DATE_EPOCH to use (None: none, the build's own time), and, when the
    environment's value cannot be used as it is, why not, in Dutch."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None, None
    shown = value if len(value) <= 40 else value[:40] + "…"
    if not value.isdigit():
        return None, (
            f"{VARIABLE}='{shown}' is geen aantal seconden sinds 1 januari 1970; de build "
            "rekent met de huidige tijd. Geef een geheel getal, zoals 1800000000"
        )
    if int(value) > LAST_EPOCH:
        last = datetime.fromtimestamp(LAST_EPOCH, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return LAST_EPOCH, (
            f"{VARIABLE}={shown} ligt na {last}, het laatste tijdstip dat MkDocs in "
            f"sitemap.xml.gz kan zetten; de build rekent met dat tijdstip ({LAST_EPOCH}). "
            "Geef een tijdstip van vóór 2106"
        )
    return int(value), None


def settle_source_date_epoch() -> None:
    """Say in the log what is wrong with SOURCE_DATE_EPOCH and put the value the build uses in
    its place, for MkDocs to read too (see the module docstring)."""
    epoch, problem = source_date_epoch()
    if problem is None:
        return
    log.warning("reisverhaal: %s", problem)
    if epoch is None:
        os.environ.pop(VARIABLE, None)
    else:
        os.environ[VARIABLE] = str(epoch)


def build_now(timezone: str) -> datetime:
    tz = ZoneInfo(timezone)
    epoch, _ = source_date_epoch()
    if epoch is None:
        return datetime.now(tz)
    return datetime.fromtimestamp(epoch, tz)


def build_today(timezone: str) -> date:
    return build_now(timezone).date()
