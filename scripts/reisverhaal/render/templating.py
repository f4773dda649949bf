"""The one Jinja2 environment: the project's `templates/` first, the package defaults after.

Like Material's `custom_dir`, an editor overrides a template by putting a file with the same
name in the project's `templates/` folder.

The words the site shows for phases, kinds, roles, months and weekdays are `labels`
(`data/labels.yml`), which an organisation changes in `templates/labels.yml`, laid over the
shipped ones like `templates/jargon.yml` is over the shipped jargon.

Every value from front matter is text (SPEC §6). HTML and MJML templates escape it
(autoescape); page templates are Markdown, where escaping `<` is not enough, so they write
each value through the filter `text` (or `paragraphs`), which leaves Markdown and HTML
nothing to read in it.
"""

from __future__ import annotations

import re
import secrets
import string
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from ..content.model import PHASES
from ..core.output import RAW_HTML_MARK, raw_html_key

DEFAULTS = Path(__file__).resolve().parent.parent / "templates"


def labels(templates_dir: Path | None) -> dict:
    """The labels the site shows (`content.datafiles.project_labels`; its findings are the
    pipeline's)."""
    from ..content.datafiles import project_labels

    return project_labels(templates_dir)[0]


def dutch_date(value, names: dict, with_time: bool = True) -> str:
    """`2027-03-12T09:00` → `vrijdag 12 maart 2027, 09:00`, with the month and weekday names
    of `names` (the labels)."""
    weekday, month = names["weekdays"][value.weekday()], names["months"][value.month - 1]
    text = f"{weekday} {value.day} {month} {value.year}"
    if with_time and hasattr(value, "hour"):
        text += f", {value.hour:02d}:{value.minute:02d}"
    return text


@jinja2.pass_environment
def _dutch_date_filter(env: jinja2.Environment, value, with_time: bool = True) -> str:
    return dutch_date(value, env.globals["labels"], with_time)


def dutch_offset(delta, names: dict) -> str:
    """A step's `when` as editors would say it: "2 weken vooraf", "op de dag zelf", in the
    words of `names` (the labels' `when`)."""
    days = delta.days + delta.seconds / 86400
    if delta.total_seconds() == 0:
        return names["same_day"]
    amount = abs(delta.total_seconds())
    if amount < 86400:
        count, unit = round(amount / 3600), "hour"
    elif amount % (7 * 86400) == 0:
        count, unit = int(amount // (7 * 86400)), "week"
    else:
        count, unit = round(amount / 86400), "day"
    word = names[unit] if count == 1 else names[f"{unit}s"]
    return f"{count} {word} {names['before'] if days < 0 else names['after']}"


@jinja2.pass_environment
def _dutch_offset_filter(env: jinja2.Environment, delta) -> str:
    return dutch_offset(delta, env.globals["labels"]["when"])


MARKDOWN_TEXT = str.maketrans({mark: f"&#{ord(mark)};" for mark in string.punctuation})
"""Every ASCII punctuation mark as a character reference: Markdown, its extensions (emphasis,
links, attribute lists, tables, smart quotes, emoji) and HTML are all made of these. The
reference reads as the mark itself in the page, its title, table of contents and search."""
SPACE = re.compile(r"[ \t\n\r\f\v]+")
BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")


def markdown_text(value) -> str:
    """A front matter value as text in a page's Markdown (the `text` filter): on one line, so
    it cannot start a block (a list, a heading, the end of an HTML block), with every
    punctuation mark as a character reference. Fits inline Markdown, a heading, a link's
    text, an image's alt text, a table cell and a raw HTML block."""
    return SPACE.sub(" ", str(value)).strip().translate(MARKDOWN_TEXT)


def markdown_paragraphs(value) -> str:
    """Text of several paragraphs (`expect`, `prepare`, `outcome`): each one as
    `markdown_text`, with a blank line between them (the `paragraphs` filter)."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(markdown_text(part) for part in BLANK_LINE.split(text) if part.strip())


def yaml_string(value) -> str:
    """A value for a page's front matter, as a YAML string that MkDocs reads back exactly
    (`tojson` is not: YAML reads its escapes of an emoji as two broken halves)."""
    return yaml.safe_dump(str(value), default_style='"', allow_unicode=True, width=2**31).strip()


def environment(templates_dir: Path | None) -> jinja2.Environment:
    """The environment for a project's templates folder (None: the package defaults only)."""
    from ..content.datafiles import LABELS_FILE, file_version

    own = Path(templates_dir) / LABELS_FILE if templates_dir else None
    return _environment(templates_dir, _files_in(templates_dir), file_version(own))


def _files_in(templates_dir: Path | None) -> tuple[str, ...]:
    """The project's own template files. Part of the cache key: Jinja notices a template
    that changes, not a new override of a default it has already loaded (an editor adding
    one while `mkdocs serve` runs)."""
    if not templates_dir or not Path(templates_dir).is_dir():
        return ()
    root = Path(templates_dir)
    return tuple(sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()))


@lru_cache(maxsize=8)
def _environment(
    templates_dir: Path | None, files: tuple[str, ...], labels_version: tuple[int, int] | None
) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir and Path(templates_dir).is_dir():
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(DEFAULTS)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "mjml", "html.j2", "mjml.j2"], default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["dutch_date"] = _dutch_date_filter
    env.filters["dutch_offset"] = _dutch_offset_filter
    env.filters["text"] = markdown_text
    env.filters["paragraphs"] = markdown_paragraphs
    env.filters["yaml"] = yaml_string
    env.filters["next_date"] = next_date
    env.globals.update(PHASES=PHASES, labels=labels(templates_dir))
    return env


def next_date(journey, today):
    """The date a journey's page, cards and newsletter show: its `date`, or for `repeat:
    yearly` the next one on or after the build's today (`schedule.occurrence`, the date the
    calendar plans its posts for), never a year already past."""
    from .schedule import OutsideCalendar, occurrence

    try:
        return occurrence(journey, today)
    except OutsideCalendar:  # its next year is past the build's calendar: no date to show
        return None


def render(templates_dir: Path | None, name: str, **context) -> str:
    return environment(templates_dir).get_template(name).render(**context)


class RawHtml:
    """`{% call html() %}…{% endcall %}` in a page template: the block goes to the page as it
    is, past Markdown, with a marker in its place: Markdown would only parse it. The journey
    timeline's step cards and a step page's crumb, quote and step links use it (the share kit
    and the calendar page, which had most of such HTML, are theme templates now).

    While the page is rendered the markers carry a random token, which no text in the page
    can contain; `keyed` then gives them the page's key (`output.raw_html_key`)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.token = secrets.token_hex(8)

    def __call__(self, caller) -> str:
        self.pieces.append(str(caller()).strip("\n"))
        mark = RAW_HTML_MARK.format(key=self.token, index=len(self.pieces) - 1)
        return f"\n\n{mark}\n\n"

    def keyed(self, text: str) -> tuple[str, tuple[str, ...]]:
        pieces = tuple(self.pieces)
        if not pieces:
            return text, pieces
        prefix = RAW_HTML_MARK.split("{key}")[0]
        return text.replace(prefix + self.token, prefix + raw_html_key(pieces)), pieces


def render_page(templates_dir: Path | None, name: str, **context) -> tuple[str, tuple[str, ...]]:
    """A page template's Markdown and the raw HTML blocks it set aside (`RawHtml`)."""
    raw = RawHtml()
    return raw.keyed(render(templates_dir, name, html=raw, **context))
