"""The plain `Settings` every stage of the pipeline uses, and the defaults of the plugin's options.

`config.py` turns the options MkDocs validated in `mkdocs.yml` into `Settings`; the defaults
live here once, so that a stage run without MkDocs (tests, `reisverhaal check`) gets the same
values as a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DEFAULT_CHANNELS = [
    "website",
    "newsletter",
    "facebook",
    "instagram",
    "linkedin",
    "x",
    "bluesky",
    "whatsapp",
]
POST_TIME = "10:00"
CONSENT_MAX_MONTHS = 24
CONSENT_REMINDER_DAYS = 60
"""How many days before consent expires the build starts to remind to ask for renewal."""
TIMEZONE = "Europe/Amsterdam"
MIN_SCORE = 60
MAX_SENTENCE_WORDS = 15
"""The most words a page's sentences may have on average (B1: about 15)."""
LONG_SENTENCE_WORDS = 20
"""A sentence with more words than this gets a finding of its own."""
BRAND_COLOR = "#0b6e4f"
CACHE_DIR = ".cache/reisverhaal"
JOURNEYS_URL = "trajecten"
STORIES_URL = "verhalen"
"""Where journeys and stories are published (`/trajecten/knie/`); their content folders stay
`journeys/` and `stories/`. A site published before keeps its addresses with the plugin option
`urls: {journeys: journeys, stories: stories}`."""


@dataclass(frozen=True)
class Urls:
    """The first part of the address of journeys' and stories' pages (`core.output` builds the
    addresses from it)."""

    journeys: str = JOURNEYS_URL
    stories: str = STORIES_URL


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    post_time: str


@dataclass(frozen=True)
class Settings:
    """Everything the pipeline needs to know about the site, without MkDocs."""

    root: Path
    site_url: str
    organisation: str
    today: date
    channels: tuple[str, ...] = tuple(DEFAULT_CHANNELS)
    audiences: dict[str, Audience] = field(default_factory=dict)
    post_time: str = POST_TIME
    consent_max_months: int = CONSENT_MAX_MONTHS
    consent_reminder_days: int = CONSENT_REMINDER_DAYS
    consent_reminder_level: str = "warning"
    consent_contact: str = ""
    """Whom a person calls or writes to withdraw consent, as the consent form says it;
    empty: the organisation's communications department (`consent_contact_text`)."""
    timezone: str = TIMEZONE
    min_score: int = MIN_SCORE
    max_sentence_words: int = MAX_SENTENCE_WORDS
    """The most words a page's sentences may have on average."""
    long_sentence_words: int = LONG_SENTENCE_WORDS
    readability_levels: tuple[tuple[str, str], ...] = ()
    """(tone rule, "warning" or "info"); rules left out are warnings."""
    brand_color: str = BRAND_COLOR
    brand_logo: Path | None = None
    share_kit_public: bool = False
    privacy_allowed: tuple[str, ...] = ()
    cache_dir: Path = Path(CACHE_DIR)
    directory_urls: bool = True
    """MkDocs' `use_directory_urls`: pages at `trajecten/knie/` or `trajecten/knie/index.html`."""
    urls: Urls = Urls()
    video_scale: float = 1.0
    """Video renditions at this part of their platform size (`video: {scale: 0.25}`): for
    quick previews and tests; published sites keep 1."""

    @property
    def consent_contact_text(self) -> str:
        return self.consent_contact or f"de afdeling communicatie van {self.organisation}"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"
