"""Data files, read and checked one way: reisverhaal's facts (`data/*.yml`) and what an
organisation lays over them (`templates/jargon.yml`, `templates/labels.yml`).

Each file is YAML checked against a pydantic model; what is wrong becomes a `Finding` with the
file, the line and a Dutch message, written by the same helpers as front matter messages
(`messages.py`), so an editor reads one kind of message whatever file it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    field_validator,
    model_validator,
)

from ..core.findings import Finding, error
from ..data import CHANNELS, DATA_DIR, PLATFORM_IDS, SAFE_LOADER
from .load import key_lines
from .messages import too_deep, validation_findings, yaml_problem


class DataModel(BaseModel):
    """A part of a data file: unknown keys are errors (a misspelt key would be ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# data/platforms.yml ------------------------------------------------------------------------


class ShortUrls(DataModel):
    """How a composer shows a link, and so counts it: the host, then the first `keep`
    characters of path, query and fragment and `ellipsis` when those are longer than `over`."""

    keep: int = Field(gt=0)
    over: int = Field(gt=0)
    ellipsis: str


class SafeZone(DataModel):
    """The bands of an image, in its own pixels, that the app covers with its buttons and
    fields: text stays out of them."""

    top: int = Field(default=0, ge=0)
    right: int = Field(default=0, ge=0)
    bottom: int = Field(default=0, ge=0)
    left: int = Field(default=0, ge=0)


class PlatformRules(DataModel):
    """One platform: how it counts and links, its images and how the calendar shows it.

    The one definition of a platform's facts: `render.platforms.Platform` is made from these
    fields, so a new fact is written here (and in `data/platforms.yml`) only.
    """

    name: str = Field(min_length=1)
    limit: int = Field(gt=0)
    responses: Literal["comments", "replies", "forwarding"]
    """How readers answer a post: in comments, in replies, or only by passing it on."""
    count: Literal["twitter", "graphemes", "chars", "utf16", "utf8"]
    links: Literal["inline", "none", "field"]
    hashtags: int = Field(ge=0)
    images: dict[str, tuple[int, int]] = Field(min_length=1)
    safe_zones: dict[str, SafeZone] = {}
    """Per image name (a key of `images`): the bands its text stays out of."""
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    """The line beside the platform's posts on the calendar page."""
    icon: str | None = None
    """A Font Awesome brands icon that ships with Material for MkDocs."""
    url_weight: int | None = None
    short_urls: ShortUrls | None = None
    max_bytes: int | None = None
    max_links: int | None = None
    emoji_bytes: bool = False
    alt_limit: int | None = None
    alt_text: bool = True
    title_limit: int | None = None
    forbidden: str = ""
    replace: dict[str, str] = {}

    @model_validator(mode="after")
    def _zones_of_known_images(self) -> PlatformRules:
        for name, zone in self.safe_zones.items():
            if name not in self.images:
                raise ValueError(
                    f"safe_zones noemt afbeelding '{name}', maar images heeft alleen "
                    f"{', '.join(self.images)}; gebruik een van die namen"
                )
            width, height = self.images[name]
            if zone.left + zone.right >= width or zone.top + zone.bottom >= height:
                raise ValueError(
                    f"safe_zones.{name} laat niets over van {width}×{height}; maak de randen "
                    "smaller"
                )
        return self


class PlatformsFile(RootModel[dict[str, PlatformRules]]):
    """`data/platforms.yml`: every platform by its id, in the file's order."""


# data/cta.yml ------------------------------------------------------------------------------


Phase = Literal["before", "during", "after"]


class CtaPhases(DataModel):
    treatment: list[Phase]
    meeting: list[Phase]
    training: list[Phase]
    policy: list[Phase]


class CtaFile(DataModel):
    """`data/cta.yml`: in which phases a journey's call to action goes, and the words by which
    a call to action asks for a reaction below the post."""

    phases: CtaPhases
    asks_reaction: list[str] = Field(min_length=1)


# data/calendar.yml -------------------------------------------------------------------------


PlatformId = Literal[PLATFORM_IDS]  # type: ignore[valid-type]


class SchedulingTool(DataModel):
    """A scheduling tool's bulk-upload CSV file: its columns, in order, and its limits."""

    columns: list[Literal["text", "image", "tags", "time", "link"]] = Field(min_length=1)
    header: list[str] | None = None
    time_format: str = Field(min_length=1)
    max_rows: int = Field(gt=0)
    minute_step: int = Field(gt=0, le=60)
    lead_minutes: int = Field(ge=0)
    platforms: list[PlatformId] = Field(min_length=1)

    @model_validator(mode="after")
    def _a_title_per_column(self) -> SchedulingTool:
        if self.header is not None and len(self.header) != len(self.columns):
            raise ValueError(
                f"header heeft {len(self.header)} titels en columns {len(self.columns)} "
                "kolommen; geef elke kolom één titel, of schrijf header: null"
            )
        return self


class CalendarFile(DataModel):
    """`data/calendar.yml`: the scheduling tools."""

    tools: dict[str, SchedulingTool]


# data/jargon.yml and templates/jargon.yml --------------------------------------------------


class JargonTerm(DataModel):
    plain: str = Field(min_length=1)
    exact: bool = False


class JargonFile(RootModel[dict[str, str | JargonTerm | Literal[False]]]):
    """A jargon list: `term: plain words`, `term: {plain: ..., exact: true}`, or (in an
    organisation's list) `term: false` for a shipped term its readers know."""


# data/labels.yml and templates/labels.yml --------------------------------------------------


class Phases(DataModel):
    before: str
    during: str
    after: str


class Kinds(DataModel):
    treatment: str
    meeting: str
    training: str
    policy: str


class Roles(DataModel):
    client: str
    family: str
    staff: str
    volunteer: str


class When(DataModel):
    """A step's `when` in words: "op de dag zelf", "1 uur vooraf", "2 weken erna"."""

    same_day: str
    before: str
    after: str
    hour: str
    hours: str
    day: str
    days: str
    week: str
    weeks: str


class Readability(DataModel):
    """The share kit's badge: "B1" for a page that reaches the site's score, else "moeilijk"."""

    plain: str
    hard: str


class Units(DataModel):
    """A text's length in the unit its platform counts (`count` in data/platforms.yml)."""

    twitter: str
    graphemes: str
    chars: str
    utf16: str
    utf8: str


class ShareKitLabels(DataModel):
    """Every word of the share kit's pages; `{journey}`, `{platform}` and the like are filled
    in by the page."""

    title: str
    description: str
    intro: str
    internal: str
    internal_note: str
    back: str
    all_json: str
    readability_note: str
    on_website: str
    no_posts: str
    newsletter: str
    scheduled: str
    preview: str
    title_field: str
    text_field: str
    characters: str
    copy_title: str
    copy_text: str
    copy_link: str
    copy_alt: str
    copy_html: str
    copied: str
    copy_failed: str
    shortened: str
    quotes_story: str
    link_field: str
    image: str
    download_image: str
    download_named: str
    alt_field: str
    no_alt_field: str
    alt_too_long: str
    quote_card: str
    quote_card_note: str
    download_quote_card: str
    quote_card_alt: str
    mail_preview: str
    download_html: str
    download_text: str
    plain_text: str
    html_code: str
    html: str
    units: Units
    index_title: str
    index_description: str
    index_intro: str
    index_intro_newsletter: str
    index_internal_note: str
    index_journey: str
    index_steps: str
    index_posts: str
    index_empty: str
    index_json: str
    index_consent_form: str
    """For stories without consent yet: the command that makes their consent form."""


class CalendarLabels(DataModel):
    """Every word of the calendar page."""

    title: str
    description: str
    lead: str
    subscribe_title: str
    subscribe: str
    ics: str
    buffer: str
    hootsuite: str
    future_only: str
    formulas: str
    coming_title: str
    coming_none: str
    months_title: str
    past: str
    none_planned: str
    to_post: str
    unscheduled_title: str
    unscheduled: str
    all_planned: str
    no_date: str
    no_when: str
    weekdays: list[str]

    @field_validator("weekdays")
    @classmethod
    def _seven(cls, value: list[str]) -> list[str]:
        if len(value) != 7:
            raise ValueError("noem zeven dagen, maandag eerst")
        return value


class BuildSummaryLabels(DataModel):
    """The last lines of a build's log."""

    left_out: str
    takedown: str
    renew: str
    """Stories whose consent expires soon (`consent.renew`)."""
    one_story: str
    stories: str


class Nav(DataModel):
    """The sections of the site's navigation."""

    journeys: str
    stories: str
    themes: str
    audiences: str
    share_kit: str


class Guardians(DataModel):
    """Who signs beside a minor (`consent.guardian`)."""

    parent: str
    guardian: str


class RegisterStatus(DataModel):
    """A story's status today in the consent register (`consent/register.py`)."""

    valid: str
    withheld: str
    """Valid consent, but the story's file has errors: published nowhere."""
    not_yet: str
    expired: str
    withdrawn: str
    no_consent: str
    """The file has no consent block."""
    no_guardian: str
    """A minor's consent without a parent or guardian."""
    unreadable: str


class LinksPage(DataModel):
    """The link-in-bio page (`/links/`) that Instagram and TikTok captions point to."""

    title: str
    intro: str
    empty: str


class Feed(DataModel):
    """The site's Atom feed; its title follows the organisation's name."""

    title: str


class VideoLabels(DataModel):
    """A video on a page and its downloads in the share kit (issue 21)."""

    captions: str
    transcript: str
    play: str
    external_note: str
    downloads: str
    burned: str
    formats: dict[str, str]


class LabelsFile(DataModel):
    """`data/labels.yml`: the words the site shows for the values editors write."""

    phases: Phases
    kinds: Kinds
    roles: Roles
    when: When
    readability: Readability
    link_in_bio: str
    """The line a post gets on a platform without links (Instagram, TikTok)."""
    default_audience: str
    """The share kit's tab for the posts without an audience variant."""
    share_kit: ShareKitLabels
    calendar: CalendarLabels
    build_summary: BuildSummaryLabels
    nav: Nav
    months: list[str]
    weekdays: list[str]
    links_page: LinksPage
    feed: Feed
    guardians: Guardians
    register_status: RegisterStatus
    video: VideoLabels
    consent_channels: dict[str, str]
    """Each channel on the consent form in plain words ("Facebook: iedereen kan het zien")."""

    @field_validator("consent_channels")
    @classmethod
    def _every_channel(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = [key for key in value if key not in CHANNELS]
        if unknown:
            raise ValueError(
                f"onbekend kanaal {', '.join(unknown)}; toegestaan: {', '.join(CHANNELS)}"
            )
        missing = [key for key in CHANNELS if key not in value]
        if missing:
            raise ValueError(
                f"zeg in gewone woorden wat deze kanalen betekenen: {', '.join(missing)}"
            )
        return value

    @field_validator("months")
    @classmethod
    def _twelve(cls, value: list[str]) -> list[str]:
        if len(value) != 12:
            raise ValueError("noem alle twaalf maanden, van januari tot en met december")
        return value

    @field_validator("weekdays")
    @classmethod
    def _seven(cls, value: list[str]) -> list[str]:
        if len(value) != 7:
            raise ValueError("noem alle zeven dagen, van maandag tot en met zondag")
        return value


# Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    """A data file as read: its checked value (None when it could not be read or checked)
    and what was wrong with it."""

    value: BaseModel | None
    findings: list[Finding] = field(default_factory=list)


def read_yaml(path: Path, display: str, rule: str) -> tuple[object, list[Finding]]:
    """The YAML in `path` (None for an empty file); a file that cannot be read gives an error
    finding (rule `rule`) with the line and what to do, and the value None."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [error(display, rule, "is geen UTF-8-tekst. Sla het bestand op als UTF-8.")]
    except OSError as exc:
        return None, [error(display, rule, f"kan niet gelezen worden ({exc.strerror}).")]
    try:
        return yaml.load(text, Loader=SAFE_LOADER), []
    except (yaml.YAMLError, RecursionError) as exc:
        lines = text.split("\n")
        if isinstance(exc, RecursionError):
            message, line = too_deep(lines)
        else:
            message, line = yaml_problem(exc, lines)
        # The helpers count lines as in front matter, which starts on the file's line 2.
        return None, [error(display, rule, f"is geen geldige YAML: {message}", _shift(line))]


def check(raw: object, path: Path, model: type[BaseModel], display: str, name: str) -> DataFile:
    """`raw` (read from `path`) checked against `model`; each problem a finding with a rule
    `<name>.<what>` (`labels.unknown-key`) at the line of the key in the file."""
    try:
        return DataFile(model.model_validate(raw))
    except ValidationError as exc:
        text = path.read_text(encoding="utf-8")
        lines = {key: line - 1 for key, line in key_lines(text).items()}
        end = text.count("\n") + 1
        found = validation_findings(display, model, exc.errors(), lines, end)
        renamed = [replace(f, rule=f.rule.replace("front-matter.", f"{name}.", 1)) for f in found]
        return DataFile(None, renamed)


def read_data_file(path: Path, display: str, model: type[BaseModel], name: str) -> DataFile:
    """A data file read and checked; every problem a Dutch finding with file and line."""
    raw, findings = read_yaml(path, display, f"{name}.file")
    if findings:
        return DataFile(None, findings)
    return check(raw, path, model, display, name)


MODELS: dict[str, type[BaseModel]] = {
    "platforms": PlatformsFile,
    "cta": CtaFile,
    "calendar": CalendarFile,
    "jargon": JargonFile,
    "labels": LabelsFile,
}


class DataFileError(Exception):
    """A shipped data file that is wrong: a mistake in reisverhaal itself, said in Dutch with
    the file and the line, before anything is built from it."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(str(finding) for finding in findings))
        self.findings = findings


@cache
def shipped(name: str) -> BaseModel:
    """`data/<name>.yml`, checked; `DataFileError` names every problem."""
    path = DATA_DIR / f"{name}.yml"
    found = read_data_file(path, f"data/{name}.yml", MODELS[name], name)
    if found.value is None:
        raise DataFileError(found.findings)
    return found.value


# An organisation's labels --------------------------------------------------------------

LABELS_FILE = "labels.yml"
"""The organisation's own labels, in the project's `templates/` folder."""
LABELS_SHAPE = (
    "moet groepen van labels bevatten, zoals `roles: {client: Bewoner}`; zie data/labels.yml "
    "in reisverhaal voor wat er kan"
)


def project_labels(templates_dir: Path | None) -> tuple[dict, list[Finding]]:
    """The shipped labels with the organisation's `templates/labels.yml` laid over them, and
    what is wrong with that file. A file with mistakes is not used (the shipped labels are),
    with an error per mistake naming its line."""
    path = Path(templates_dir) / LABELS_FILE if templates_dir else None
    return _project_labels(path, file_version(path))


@lru_cache(maxsize=8)
def _project_labels(path: Path | None, version: tuple[int, int] | None) -> tuple[dict, list]:
    labels = shipped("labels").model_dump()
    if version is None:
        return labels, []
    display = f"templates/{LABELS_FILE}"
    own, findings = read_yaml(path, display, "labels.file")
    if findings:
        return labels, findings
    if not isinstance(own, dict | None):
        return labels, [error(display, "labels.file", LABELS_SHAPE)]
    checked = check(_laid_over(labels, own or {}), path, LabelsFile, display, "labels")
    if checked.value is None:
        return labels, checked.findings
    return checked.value.model_dump(), []


def _laid_over(shipped: dict, own: dict) -> dict:
    """`own` over `shipped`: a group of labels key by key, a list (months) as a whole."""
    merged = dict(shipped)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def file_version(path: Path | None) -> tuple[int, int] | None:
    """A file's modification time and size (None: no such file): a cache key, so that an
    edit while `mkdocs serve` runs is seen."""
    try:
        stat = path.stat() if path else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat else None


def _shift(line: int | None) -> int | None:
    return None if line is None else line - 1
