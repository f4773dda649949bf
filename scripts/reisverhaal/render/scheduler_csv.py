"""Bulk-upload CSVs for the scheduling tools, their columns read from `data/calendar.yml`.

A cell that starts like a formula gets a `'` in front, as OWASP advises for CSV files.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .calendar_posts import KIT, Post
from .platforms import load_platforms
from .snippet import Snippet

if TYPE_CHECKING:
    from ..consent.project import Project


def scheduling_exports(
    project: Project, posts: list[Post], now: datetime
) -> list[tuple[str, bytes]]:
    """`(uri, csv bytes)` per tool and platform, for posts still in the future."""
    from ..content.datafiles import shipped

    files = []
    for tool, rules in shipped("calendar").tools.items():
        earliest = now + timedelta(minutes=rules.lead_minutes)
        for platform in rules.platforms:
            rows = [
                tool_row(rules, project, post)
                for post in posts
                if post.snippet.platform == platform and post.at > earliest
            ]
            for number, start in enumerate(range(0, len(rows), rules.max_rows), start=1):
                suffix = f"-{number}" if number > 1 else ""
                chunk = rows[start : start + rules.max_rows]
                uri = f"{KIT}/{tool}-{platform}{suffix}.csv"
                files.append((uri, csv_bytes(rules.header, chunk)))
    return files


def tool_row(rules, project: Project, post: Post) -> list[str]:
    """A post's row in a tool's file: the cells `data/calendar.yml` names for the tool."""
    snippet = post.snippet
    cells = {
        "text": snippet.text,
        "image": project.url(snippet.image) if snippet.image else "",
        "tags": "",
        "time": round_up(post.at, rules.minute_step).strftime(rules.time_format),
        "link": separate_link(snippet),
    }
    return [cells[column] for column in rules.columns]


def separate_link(snippet: Snippet) -> str:
    """The link for a tool's link column: only where the platform wants it outside the text.

    A tool appends that link to the message, so a link already in the text stays out, and
    platforms without links (Instagram's "link in bio") never get one.
    """
    known = load_platforms().get(snippet.platform)
    if not snippet.link or (known and known.links == "none") or snippet.link in snippet.text:
        return ""
    return snippet.link


def round_up(moment: datetime, minutes: int) -> datetime:
    moment = moment.replace(second=0, microsecond=0) + (
        timedelta(minutes=1) if moment.second or moment.microsecond else timedelta()
    )
    return moment + timedelta(minutes=-moment.minute % minutes)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def spreadsheet_safe(cell: str) -> str:
    """A cell no spreadsheet runs: one that starts like a formula gets a ' in front (OWASP's
    advice). Comms staff open these files in Excel to look them over before an upload, and a
    post text such as `=HYPERLINK(...)` would then run."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def csv_bytes(header: list[str] | None, rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
