"""Alt text: every image in a body's Markdown needs a description.

Front matter images are checked by the model (`image_alt` is required with `image`); this
finds `![](…)` and `<img>` without alt text in the Markdown bodies.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content.model import Content
from ..core.findings import Finding, shown, warning

MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)")
HTML_IMAGE = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.I)
ALT_ATTRIBUTE = re.compile(r"\balt\s*=\s*(['\"])(?P<alt>.*?)\1", re.I | re.S)


def missing_alt(text: str) -> list[int]:
    """Line offsets (0-based) of images without alt text."""
    lines = []
    for match in MARKDOWN_IMAGE.finditer(text):
        if not match.group("alt").strip():
            lines.append(text.count("\n", 0, match.start()))
    for match in HTML_IMAGE.finditer(text):
        alt = ALT_ATTRIBUTE.search(match.group("attrs"))
        if alt is None or not alt.group("alt").strip():
            lines.append(text.count("\n", 0, match.start()))
    return sorted(lines)


def alt_findings(content: Content, root: Path) -> list[Finding]:
    items = [(journey.source, journey.body, journey.body_line) for journey in content.journeys]
    items += [(s.source, s.body, s.body_line) for j in content.journeys for s in j.steps]
    items += [(story.source, story.body, story.body_line) for story in content.stories]
    found = []
    for source, body, first_line in items:
        path = shown(source, root)
        for offset in missing_alt(body):
            found.append(
                warning(
                    path,
                    "alt.missing",
                    "afbeelding zonder alt-tekst: beschrijf kort wat erop staat, zoals "
                    "![Een verpleegkundige helpt een man met krukken](foto.jpg)",
                    first_line + offset,
                )
            )
    return found
