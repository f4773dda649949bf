"""The plugin's options in `mkdocs.yml` (SPEC §3.4), turned into the plain `Settings` the
pipeline uses.

`ReisverhaalConfig` is what MkDocs validates; `core.settings.Settings` is the same
information as a frozen data class, so every stage works (and is tested) without MkDocs.
"""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from .core.settings import (
    BRAND_COLOR,
    CACHE_DIR,
    CONSENT_MAX_MONTHS,
    CONSENT_REMINDER_DAYS,
    DEFAULT_CHANNELS,
    JOURNEYS_URL,
    LONG_SENTENCE_WORDS,
    MAX_SENTENCE_WORDS,
    MIN_SCORE,
    POST_TIME,
    STORIES_URL,
    TIMEZONE,
    Audience,
    Settings,
    Urls,
)
from .core.today import build_today
from .data import CHANNELS

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
URL_PART = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TAKEN_URLS = ("deelkit", "themas", "doelgroepen", "links", "assets", "search")
"""Folders of the site the plugin or the theme fills itself."""


class TimeOfDay(c.Type):
    """A "HH:MM" time of day, 24 h."""

    def __init__(self, default: str | None = None):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not TIME.fullmatch(value):
            raise base.ValidationError(f'expected a time as "HH:MM" (24 h), got {value!r}')
        return value


class TimeZone(c.Type):
    """An IANA time zone name, such as Europe/Amsterdam."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise base.ValidationError(
                f"onbekende tijdzone {value!r}; gebruik een naam uit de IANA-lijst, "
                "zoals Europe/Amsterdam"
            ) from None
        return value


class ExistingFile(c.File):
    """A file next to mkdocs.yml that must exist; the value becomes its absolute path."""

    def __init__(self):
        super().__init__(exists=True)

    def run_validation(self, value):
        try:
            return super().run_validation(value)
        except base.ValidationError:
            raise base.ValidationError(
                f"het bestand {value!r} bestaat niet; geef het pad vanaf de map van mkdocs.yml, "
                "zoals templates/brand/logo.png"
            ) from None


class AudienceConfig(base.Config):
    label = c.Type(str)
    post_time = TimeOfDay(default=POST_TIME)


TONE_RULES = ("readability", "long-sentence", "passive", "jargon")
LEVELS = ("warning", "info")


class ToneLevel(c.BaseConfigOption):
    """How hard the tone rules are: `warning` or `info` for all of them, or per rule
    (`{passive: info, jargon: warning}`; rules left out stay warnings). The value becomes a
    tuple of (rule, level)."""

    def run_validation(self, value):
        if value is None:
            return ()
        if isinstance(value, str):
            value = dict.fromkeys(TONE_RULES, value)
        if not isinstance(value, dict):
            raise base.ValidationError(
                "schrijf `level: warning` of `level: info`, of per regel, zoals "
                "`level: {passive: info}`"
            )
        for rule, level in value.items():
            if rule not in TONE_RULES:
                raise base.ValidationError(
                    f"onbekende regel {rule!r}; toegestaan: {', '.join(TONE_RULES)}"
                )
            if level not in LEVELS:
                raise base.ValidationError(
                    f"{rule}: {level!r} is geen niveau; toegestaan: {', '.join(LEVELS)}"
                )
        return tuple(sorted(value.items()))


class ReadabilityConfig(base.Config):
    min_score = c.Type(int, default=MIN_SCORE)
    max_sentence_words = c.Type(int, default=MAX_SENTENCE_WORDS)
    long_sentence_words = c.Type(int, default=LONG_SENTENCE_WORDS)
    level = ToneLevel()


class BrandConfig(base.Config):
    color = c.Type(str, default=BRAND_COLOR)
    logo = c.Optional(ExistingFile())


class UrlPart(c.Type):
    """The first part of a page address, such as `trajecten`: one folder name in lower case."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not URL_PART.fullmatch(value):
            raise base.ValidationError(
                f"{value!r} kan geen deel van een adres zijn; gebruik kleine letters, cijfers "
                "en streepjes, zonder / ervoor of erna, zoals trajecten"
            )
        if value in TAKEN_URLS:
            raise base.ValidationError(
                f"{value!r} gebruikt reisverhaal al voor andere pagina's; kies een andere naam"
            )
        return value


class UrlsConfig(base.Config):
    journeys = UrlPart(default=JOURNEYS_URL)
    stories = UrlPart(default=STORIES_URL)

    def validate(self):
        failed, warnings = super().validate()
        if not failed and self.journeys == self.stories:
            failed.append(
                (
                    "stories",
                    base.ValidationError("kies voor verhalen een ander adres dan trajecten"),
                )
            )
        return failed, warnings


class ShareKitConfig(base.Config):
    public = c.Type(bool, default=False)


class PrivacyConfig(base.Config):
    allowed = c.ListOfItems(c.Type(str), default=[])


class ConsentConfig(base.Config):
    """The consent process around the gate: reminders before consent expires, and whom the
    consent form names for withdrawing."""

    reminder_days = c.Type(int, default=CONSENT_REMINDER_DAYS)
    reminder_level = c.Choice(LEVELS, default="warning")
    contact = c.Type(str, default="")


class VideoConfig(base.Config):
    scale = c.Type((int, float), default=1.0)


class ReisverhaalConfig(base.Config):
    enabled = c.Type(bool, default=True)
    organisation = c.Type(str)
    channels = c.ListOfItems(c.Choice(CHANNELS), default=DEFAULT_CHANNELS)
    audiences = c.DictOfItems(c.SubConfig(AudienceConfig), default={})
    post_time = TimeOfDay(default=POST_TIME)
    consent_max_months = c.Type(int, default=CONSENT_MAX_MONTHS)
    consent = c.SubConfig(ConsentConfig)
    timezone = TimeZone(default=TIMEZONE)
    readability = c.SubConfig(ReadabilityConfig)
    brand = c.SubConfig(BrandConfig)
    share_kit = c.SubConfig(ShareKitConfig)
    urls = c.SubConfig(UrlsConfig)
    privacy = c.SubConfig(PrivacyConfig)
    cache_dir = c.Type(str, default=CACHE_DIR)
    video = c.SubConfig(VideoConfig)

    def validate(self):
        """Options the schema does not know are errors here, where MkDocs only warns (SPEC
        §3.4): a misspelt option (`consent_max_month`) would otherwise fall back to its default
        without a word. They are taken out before MkDocs validates, so it has none to warn
        about, and each comes back as an error with its dotted name."""
        known, unknown = split_unknown(type(self), dict(self))
        self.data = known
        failed, warnings = super().validate()
        return [*failed, *((name, base.ValidationError(text)) for name, text in unknown)], warnings


def split_unknown(
    config_class: type[base.Config], options, prefix: str = ""
) -> tuple[object, list[tuple[str, str]]]:
    """The options without those the schema does not know (sub-options included), and a
    (dotted name, message) for each of those."""
    if not isinstance(options, dict):
        return options, []
    schema = dict(config_class._schema)
    known, found = {}, []
    for key, value in options.items():
        option = schema.get(key)
        if option is None:
            found.append((f"{prefix}{key}", f"onbekende optie; toegestaan: {', '.join(schema)}"))
            continue
        if isinstance(option, c.SubConfig):
            value, more = split_unknown(option.config_class, value, f"{prefix}{key}.")
            found += more
        elif isinstance(getattr(option, "option_type", None), c.SubConfig) and isinstance(
            value, dict
        ):
            inner, value = option.option_type.config_class, dict(value)
            for name, item in value.items():
                value[name], more = split_unknown(inner, item, f"{prefix}{key}.{name}.")
                found += more
        known[key] = value
    return known, found


def settings_from(
    options: ReisverhaalConfig, root: Path, site_url: str | None, directory_urls: bool = True
) -> Settings:
    """Plain settings from the validated plugin options and the site's `site_url`."""
    root = Path(root).resolve()
    url = (site_url or "").strip()
    if url and not url.endswith("/"):
        url += "/"
    logo = options.brand.logo
    return Settings(
        root=root,
        site_url=url,
        organisation=options.organisation,
        today=build_today(options.timezone),
        channels=tuple(options.channels),
        audiences={
            key: Audience(key=key, label=value.label or key, post_time=value.post_time)
            for key, value in options.audiences.items()
        },
        post_time=options.post_time,
        consent_max_months=options.consent_max_months,
        consent_reminder_days=options.consent.reminder_days,
        consent_reminder_level=options.consent.reminder_level,
        consent_contact=options.consent.contact.strip(),
        timezone=options.timezone,
        min_score=options.readability.min_score,
        max_sentence_words=options.readability.max_sentence_words,
        long_sentence_words=options.readability.long_sentence_words,
        readability_levels=options.readability.level,
        brand_color=options.brand.color,
        brand_logo=(root / logo) if logo else None,
        share_kit_public=options.share_kit.public,
        privacy_allowed=tuple(options.privacy.allowed),
        cache_dir=root / options.cache_dir,
        directory_urls=directory_urls,
        urls=Urls(journeys=options.urls.journeys, stories=options.urls.stories),
        video_scale=min(max(float(options.video.scale), 0.05), 1.0),
    )
