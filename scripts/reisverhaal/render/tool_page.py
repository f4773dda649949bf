"""Pages that a theme template renders from data: the share kit and the calendar page.

As Material's blog plugin renders its views: the page's Markdown is only front matter (its
title, its description and the template that renders it), the page's data travels on the
`Output` as JSON text, and the plugin hands it to the template as `tool` (`on_page_context`).
A site changes such a page through MkDocs' `custom_dir`, as any theme template. JSON keeps
the data plain text, numbers and lists, which an incremental build stores and reads back.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import escape

from ..core.findings import Finding, warning
from ..core.output import Output
from .templating import yaml_string

RETIRED = {
    "pages/sharekit.md.j2": "reisverhaal/partials/sharekit.html",
    "pages/calendar.md.j2": "reisverhaal/partials/calendar.html",
}
"""Page templates of the share kit and the calendar page before they were theme templates,
with the theme template that takes their place."""


def tool_page(uri: str, template: str, data: dict, public: bool) -> Output:
    """The page at `uri` that `template` renders from `data`, which has its `title` and
    `description` (text: themes print a page's title as HTML, so it is escaped here)."""
    front = "\n".join(
        [
            "---",
            f"title: {yaml_string(escape(data['title']))}",
            f"description: {yaml_string(escape(data['description']))}",
            f"template: {yaml_string(template)}",
            "---",
            "",
        ]
    )
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Output(uri=uri, content=front, public=public, data=text)


def toc(entries: list[tuple[str, str]]) -> list[dict]:
    """A table of contents of (anchor, title) sections, as MkDocs' `get_toc` takes it: titles
    are HTML there, so the text is escaped."""
    return [
        {"level": 2, "id": anchor, "name": str(escape(title)), "children": []}
        for anchor, title in entries
    ]


def retired_templates(templates_dir: Path) -> list[Finding]:
    """A warning for each template a project still has for a page that is a theme template
    now: the build no longer reads it, and an edit there would be lost without a word."""
    return [
        warning(
            f"templates/{old}",
            "template.retired",
            f"dit sjabloon wordt niet meer gebruikt: deze pagina is een thema-sjabloon. Zet je "
            f"aanpassing in {new} in de map van custom_dir (theme: custom_dir in mkdocs.yml) "
            "en verwijder dit bestand",
        )
        for old, new in RETIRED.items()
        if (Path(templates_dir) / old).is_file()
    ]
