"""Journeys, steps and stories: their front matter (validated) and what the loader adds.

The front matter classes (`JourneyMeta`, `StepMeta`, `StoryMeta`, `Consent`) are pydantic
models: they validate what editors write and give the JSON Schema for `reisverhaal schema`.
`Journey`, `Step` and `Story` wrap them like MkDocs' `Page` wraps `page.meta`: a slug, the
source file, the Markdown body and the resolved image.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..core.settings import TIMEZONE
from ..data import CHANNELS, PLATFORM_IDS
from .video import Video

Kind = Literal["treatment", "meeting", "training", "policy"]
Phase = Literal["before", "during", "after"]
Role = Literal["client", "family", "staff", "volunteer"]
Channel = Literal[CHANNELS]  # type: ignore[valid-type]
Platform = Literal[PLATFORM_IDS]  # type: ignore[valid-type]

PHASES: tuple[str, ...] = ("before", "during", "after")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OFFSET = re.compile(r"^([+-]?)(\d{1,4})([dwh])$")
UNITS = {"d": "days", "w": "weeks", "h": "hours"}


def _offset(value: object) -> object:
    """`-14d`, `+3d`, `-2w`, `0d`, `+2h` → timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value}d"
    match = OFFSET.fullmatch(str(value).strip())
    if not match:
        raise ValueError("verwacht een verschuiving zoals -14d, -2w, 0d, +3d of +2h")
    sign, amount, unit = match.groups()
    delta = timedelta(**{UNITS[unit]: int(amount)})
    return -delta if sign == "-" else delta


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(
            "verwacht een slug: kleine letters, cijfers en streepjes, zoals wilma-knuffels"
        )
    return value


def _hashtag(value: str) -> str:
    value = value.strip()
    if value.startswith("#"):
        raise ValueError("schrijf hashtags zonder '#', zoals nieuweknie")
    if not value or re.search(r"\s", value):
        raise ValueError("een hashtag is één woord zonder spaties")
    return value


def _unit_interval(value: tuple[float, float]) -> tuple[float, float]:
    if not all(0.0 <= v <= 1.0 for v in value):
        raise ValueError("focus is [x, y] met getallen tussen 0 en 1, zoals [0.5, 0.4]")
    return value


Offset = Annotated[timedelta, BeforeValidator(_offset)]
# The JSON Schema says what the validators check, so that editors see it as they type.
Slug = Annotated[
    str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG.pattern})
]
Hashtag = Annotated[
    str, AfterValidator(_hashtag), WithJsonSchema({"type": "string", "pattern": r"^[^#\s]\S*$"})
]
Focus = Annotated[
    tuple[float, float],
    AfterValidator(_unit_interval),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"type": "number", "minimum": 0, "maximum": 1},
            "minItems": 2,
            "maxItems": 2,
        }
    ),
]
Text = Annotated[str, Field(min_length=1)]


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Illustrated(FrontMatter):
    """Front matter that may carry an image: the alt text is then required."""

    image: str | None = None
    image_alt: str | None = Field(default=None, min_length=1)
    focus: Focus | None = None

    @model_validator(mode="after")
    def _alt_text_with_image(self):
        if self.image and not self.image_alt:
            raise PydanticCustomError(
                "missing_alt",
                "image_alt is verplicht als image is ingevuld: beschrijf wat er op de foto staat",
            )
        return self


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")


class Filmed(FrontMatter):
    """Front matter that may carry a video: a file in the folder with its captions, or one
    that lives on YouTube or Vimeo already. Captions are required: most social video is
    watched without sound, and they make it accessible (`content.video` reads both)."""

    video: str | None = None
    captions: str | None = None
    video_description: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    video_focus: Focus | None = None
    youtube: (
        Annotated[
            str,
            Field(pattern=YOUTUBE_ID.pattern),
            WithJsonSchema({"type": "string", "pattern": YOUTUBE_ID.pattern}),
        ]
        | None
    ) = None
    vimeo: (
        Annotated[
            str,
            BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
            Field(pattern=VIMEO_ID.pattern),
            WithJsonSchema(
                {"anyOf": [{"type": "string", "pattern": VIMEO_ID.pattern}, {"type": "integer"}]}
            ),
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _captions_and_description(self):
        if sum(bool(v) for v in (self.video, self.youtube, self.vimeo)) > 1:
            raise PydanticCustomError(
                "one_video",
                "kies één video: video (een bestand), youtube of vimeo, niet meer dan één",
            )
        if self.video and not self.captions:
            raise PydanticCustomError(
                "missing_captions",
                "captions is verplicht als video is ingevuld: zet een ondertitelbestand "
                "(.vtt of .srt) in de map, zoals captions: media/video.vtt",
            )
        if (self.video or self.youtube or self.vimeo) and not self.video_description:
            raise PydanticCustomError(
                "missing_video_description",
                "video_description is verplicht bij een video: beschrijf in één zin wat er "
                "te zien is",
            )
        return self


class Variant(FrontMatter):
    summary: Text | None = None
    hashtags: list[Hashtag] | None = None
    cta: Text | None = None


class PostOverride(FrontMatter):
    text: Text | None = None
    hashtags: list[Hashtag] | None = None
    cta: Text | None = None


class JourneyMeta(Illustrated):
    title: Text
    kind: Kind
    summary: Annotated[str, Field(min_length=1, max_length=200)]
    audiences: list[str] = []
    themes: list[Slug] = []
    format: Slug | None = None
    date: dt.datetime | dt.date | None = None
    """A day (posts at the audience's post time) or a moment."""
    repeat: Literal["yearly"] | None = None
    location: Text | None = None
    channels: list[Channel] | None = None
    hashtags: list[Hashtag] = []
    cta: Text | None = None

    @field_validator("audiences")
    @classmethod
    def _known_audiences(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _check_audiences(value, info)

    @field_validator("date")
    @classmethod
    def _in_site_time(cls, value, info: ValidationInfo):
        """A moment written with an offset (`+05:00`, `Z`) is that moment in the site's time
        zone: every other date is read in it."""
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            return value
        zone = ZoneInfo((info.context or {}).get("timezone") or TIMEZONE)
        try:
            return value.astimezone(zone).replace(tzinfo=None)
        except OverflowError:
            raise ValueError("deze datum ligt buiten de kalender") from None


class StepMeta(Filmed, Illustrated):
    title: Text
    phase: Phase
    when: Offset | None = None
    summary: Text
    expect: Text | None = None
    prepare: Text | None = None
    outcome: Text | None = None
    story: Slug | None = None
    variants: dict[str, Variant] = {}
    posts: dict[Platform, PostOverride | Literal[False]] = {}

    @field_validator("variants")
    @classmethod
    def _known_variant_audiences(cls, value: dict, info: ValidationInfo) -> dict:
        _check_audiences(list(value), info)
        return value


MINOR_AGE = 16
"""Under this age a parent or guardian consents too (UAVG art. 5)."""
Guardian = Literal["parent", "guardian"]
"""Who signs beside a minor: a parent with parental authority, or a guardian (voogd). The
relation, never a name: the register and the form need no more."""
TAKEDOWN_POST = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+/[a-z0-9_-]+(?:/[a-z0-9-]+)?$")


def _birth_year(value: object) -> object:
    """Only a year: a full date of birth is personal data the story does not need."""
    if isinstance(value, dt.date | dt.datetime) or (
        isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}.*", value.strip())
    ):
        raise PydanticCustomError(
            "birth_date",
            "schrijf alleen het geboortejaar, zoals 2012; nooit de volledige geboortedatum",
        )
    return value


BirthYear = Annotated[int, BeforeValidator(_birth_year), Field(ge=1900, le=9999)]


class Consent(FrontMatter):
    reference: Text
    given: date
    expires: date | None = None
    channels: list[Channel] = Field(min_length=1)
    photo: bool = False
    video: bool = False
    withdrawn: date | None = None
    minor: bool = False
    birth_year: BirthYear | None = None
    guardian: Guardian | None = None

    @property
    def is_minor(self) -> bool:
        """A minor when the form was signed. With a birth year only, the person counts as a
        minor when they could still have been under 16 that day (fail closed)."""
        if self.minor:
            return True
        return self.birth_year is not None and self.given.year - self.birth_year <= MINOR_AGE

    @model_validator(mode="after")
    def _guardian_for_a_minor(self):
        if self.is_minor and not self.guardian:
            raise PydanticCustomError(
                "minor_guardian",
                "een verhaal van iemand onder de 16 heeft ook de toestemming van een ouder of "
                "voogd nodig: voeg 'guardian: parent' (ouder) of 'guardian: guardian' (voogd) "
                "toe onder consent, zoals op het getekende formulier",
            )
        return self


def _takedown_post(value: str) -> str:
    if not TAKEDOWN_POST.fullmatch(value):
        raise ValueError(
            "schrijf het bericht als traject/stap/platform, zoals nieuwe-knie/intake/facebook "
            "(met /doelgroep erachter voor één variant), zoals in deelkit/takedown.json"
        )
    return value


class TakedownDone(FrontMatter):
    """A post taken down after consent ended: which (journey/step/platform[/variant]) and on
    which day, so that the takedown list can be worked off."""

    post: Annotated[
        str,
        AfterValidator(_takedown_post),
        WithJsonSchema({"type": "string", "pattern": TAKEDOWN_POST.pattern}),
    ]
    removed: date


class StoryMeta(Filmed, Illustrated):
    title: Text
    person: Text
    pseudonym: bool = False
    role: Role
    quote: Text | None = None
    summary: Text
    journeys: list[Slug] = []
    themes: list[Slug] = []
    consent: Consent
    takedown_done: list[TakedownDone] = []


def _check_audiences(value: list[str], info: ValidationInfo) -> list[str]:
    known = (info.context or {}).get("audiences")
    if known is None:
        return value
    unknown = [key for key in value if key not in known]
    if unknown:
        allowed = ", ".join(known) or "(geen: stel `audiences` in bij de plugin in mkdocs.yml)"
        raise ValueError(f"onbekende doelgroep {', '.join(unknown)}; toegestaan: {allowed}")
    return value


@dataclass(kw_only=True)
class ContentFile:
    """What journeys, steps and stories share: their file, its Markdown body, its image and
    the line of each front matter key (for messages)."""

    slug: str
    source: Path
    body: str
    body_line: int
    image: Path | None = None
    lines: dict[tuple, int] = field(default_factory=dict)
    video: Video | None = None

    def line_of(self, *key) -> int | None:
        return self.lines.get(key)


@dataclass(kw_only=True)
class Step(ContentFile):
    number: int
    meta: StepMeta

    @property
    def phase(self) -> str:
        return self.meta.phase


@dataclass(kw_only=True)
class Journey(ContentFile):
    meta: JourneyMeta
    steps: list[Step] = field(default_factory=list)

    def steps_in(self, phase: str) -> list[Step]:
        return [step for step in self.steps if step.meta.phase == phase]

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)


@dataclass(kw_only=True)
class Story(ContentFile):
    meta: StoryMeta
    consent_unreadable: bool = False
    """A story left out whose consent block could not be read: the consent gate counts it
    as withdrawn on every channel (for the takedown list), and publishes it nowhere."""
    consent_problem: str | None = None
    """Why its consent block could not be used, for the register: `no_consent` (there is
    none), `no_guardian` (a minor's, without a parent or guardian) or `unreadable`."""

    @property
    def consent(self) -> Consent:
        return self.meta.consent

    @property
    def display_name(self) -> str:
        suffix = PSEUDONYM_NOTE if self.meta.pseudonym else ""
        return f"{self.meta.person}{suffix}"


PSEUDONYM_NOTE = " (niet de echte naam)"
"""Said after a pseudonym wherever the name is shown: plain words (B1), and without "haar" or
"zijn", because a story does not say whether the person is a man or a woman."""


@dataclass
class Content:
    """Everything loaded from `journeys/` and `stories/`, with what went wrong on the way."""

    journeys: list[Journey] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    findings: list = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    """Files left out because of errors: ("journey" | "step" | "story", path)."""
    withheld_stories: list[Story] = field(default_factory=list)
    """Stories that could not be loaded, with what could be read of their consent: for the
    takedown list only (`load.withheld_story`)."""

    def journey(self, slug: str) -> Journey | None:
        return next((journey for journey in self.journeys if journey.slug == slug), None)
