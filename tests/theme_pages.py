"""Pages that a theme template renders from data (the share kit, the calendar), rendered as
MkDocs renders them: the template's partial, in the Jinja environment of MkDocs' own theme
(Material with the plugin's templates, MkDocs' `url` filter), with the data as the plugin
hands it over (`tool`). For a whole page with the theme around it, build a site."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import yaml
from bs4 import BeautifulSoup
from mkdocs.theme import Theme

from reisverhaal.core.output import Output, page_path
from reisverhaal.plugin import THEME_DIR


@dataclass(frozen=True)
class Where:
    """What MkDocs' `url` filter asks of the page: where it is published."""

    url: str


@cache
def environment():
    theme = Theme(name="material", language="nl")
    theme.dirs.insert(0, str(THEME_DIR))
    return theme.get_env()


def front_matter(output: Output) -> dict:
    return yaml.safe_load(output.content.removeprefix("---\n").split("\n---\n", 1)[0])


def tool_html(output: Output, directory_urls: bool = True) -> str:
    """The page's part that its template renders from its data."""
    template = front_matter(output)["template"]
    partial = template.replace("reisverhaal/", "reisverhaal/partials/", 1)
    here = page_path(output.uri, directory_urls)
    return (
        environment()
        .get_template(partial)
        .render(tool=json.loads(output.data), page=Where(here), base_url="")
    )


def tool_soup(output: Output) -> BeautifulSoup:
    return BeautifulSoup(tool_html(output), "html.parser")
