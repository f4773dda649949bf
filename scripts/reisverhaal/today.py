"""The build's "today": the current date, or SOURCE_DATE_EPOCH for reproducible builds."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo


def build_now(timezone: str) -> datetime:
    tz = ZoneInfo(timezone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz)
    return datetime.now(tz)


def build_today(timezone: str) -> date:
    return build_now(timezone).date()
