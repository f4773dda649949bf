"""The consent gate: may this story appear on this channel today?

Every output asks the gate; no renderer reads `story.consent` itself. Renderers get stories
*through* the gate (`story_for`, `stories_for`, `photo_for`), so a story without valid consent
for a channel is never in reach of the code that renders that channel. When in doubt — an
unknown slug, consent not yet in force, expired, withdrawn — the answer is no.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..content.model import Story
from ..content.video import Video
from ..core.findings import Finding, shown
from ..core.settings import CONSENT_MAX_MONTHS


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, on the last day of a shorter month; past year 9999 the
    calendar ends (`date.max`, `date.min`)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not date.min.year <= year <= date.max.year:
        return date.max if months > 0 else date.min
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ConsentStatus:
    valid: bool
    reason: str
    expires: date
    ended: date | None
    """The day consent ended (withdrawn or expired), when it has; for the takedown list."""


class ConsentGate:
    def __init__(
        self,
        stories: list[Story],
        today: date,
        max_months: int = CONSENT_MAX_MONTHS,
        withheld: Iterable[Story] = (),
    ):
        self.today = today
        self.max_months = max_months
        self._stories = {story.slug: story for story in stories}
        self._withheld = {s.slug: s for s in withheld if s.slug not in self._stories}
        """Stories that could not be loaded: never published, but their consent counts for
        the takedown list; one whose consent cannot be read counts as withdrawn today."""

    def expires(self, story: Story) -> date:
        consent = story.consent
        return consent.expires or add_months(consent.given, self.max_months)

    def status(self, story: Story) -> ConsentStatus:
        if story.consent_unreadable:
            reason = "toestemming kan niet gelezen worden; telt als ingetrokken"
            return ConsentStatus(False, reason, self.today, self.today)
        consent = story.consent
        expires = self.expires(story)
        if consent.withdrawn and consent.withdrawn <= self.today:
            return ConsentStatus(
                False,
                f"toestemming ingetrokken op {consent.withdrawn.isoformat()}",
                expires,
                consent.withdrawn,
            )
        if expires <= self.today:
            return ConsentStatus(
                False, f"toestemming verlopen op {expires.isoformat()}", expires, expires
            )
        if consent.given > self.today:
            return ConsentStatus(
                False, f"toestemming geldt pas vanaf {consent.given.isoformat()}", expires, None
            )
        return ConsentStatus(True, "geldig", expires, None)

    def allows(self, story: Story | str, channel: str) -> bool:
        story = self._stories.get(story if isinstance(story, str) else story.slug)
        if story is None:
            return False
        return self.status(story).valid and channel in story.consent.channels

    def story_for(self, slug: str | None, channel: str, until: date | None = None) -> Story | None:
        """The story, only when it may appear on `channel` today and, for a post scheduled
        later, still on the day it goes out (`until`)."""
        if not slug or not self.allows(slug, channel):
            return None
        story = self._stories[slug]
        if until is not None and self.last_day(story) < until:
            return None
        return story

    def last_day(self, story: Story) -> date:
        """The last day the story's consent holds: the day before it expires or is withdrawn."""
        end = min(self.expires(story), story.consent.withdrawn or date.max)
        return end if end == date.max else end - timedelta(days=1)

    def stories_for(self, channel: str) -> list[Story]:
        return [story for story in self._stories.values() if self.allows(story, channel)]

    def stories_for_any(self) -> list[Story]:
        """Stories whose consent holds today or starts later: not ended (loaded ones only)."""
        return [s for s in self._stories.values() if self.status(s).ended is None]

    def photo_for(self, story: Story, channel: str) -> Path | None:
        """The story's photo, only with photo consent and consent for `channel`."""
        if story.image and story.consent.photo and self.allows(story, channel):
            return story.image
        return None

    def video_for(self, story: Story, channel: str) -> Video | None:
        """The story's video (a file or an external one), only with video consent (face and
        voice: `consent.video`) and consent for `channel`."""
        if story.video and story.consent.video and self.allows(story, channel):
            return story.video
        return None

    def ended(self) -> list[tuple[Story, ConsentStatus]]:
        """Stories whose consent has ended (withdrawn or expired), for the takedown list:
        also stories left out for errors, fail closed (see `_withheld`)."""
        found = []
        for story in [*self._stories.values(), *self._withheld.values()]:
            status = self.status(story)
            if status.ended is not None:
                found.append((story, status))
        return found

    def findings(self, root: Path, channels: tuple[str, ...]) -> list[Finding]:
        """Every story left out of a channel, with the reason.

        These are `info`: leaving a story out is the gate doing its job, not an editor's
        mistake, so a withdrawn story does not fail `--strict`. The takedown list warns when
        posts that are already out need removing.
        """
        result = []
        for story in self._stories.values():
            path = shown(story.source, root)
            status = self.status(story)
            if not status.valid:
                result.append(
                    Finding(
                        path,
                        None,
                        "info",
                        "consent.invalid",
                        f"verhaal '{story.slug}' wordt nergens getoond: {status.reason}",
                    )
                )
                continue
            missing = [channel for channel in channels if channel not in story.consent.channels]
            if missing:
                result.append(
                    Finding(
                        path,
                        None,
                        "info",
                        "consent.channels",
                        f"verhaal '{story.slug}' niet op {', '.join(missing)}: "
                        "geen toestemming voor die kanalen",
                    )
                )
            if story.meta.pseudonym and story.image and story.consent.photo:
                result.append(
                    Finding(
                        path,
                        story.line_of("pseudonym"),
                        "warning",
                        "consent.pseudonym-photo",
                        f"verhaal '{story.slug}' heeft een gefingeerde naam (pseudonym: true) "
                        "en een foto met portrettoestemming: op de foto is de persoon te "
                        "herkennen, dus de gefingeerde naam beschermt niet. Laat de foto weg "
                        "(photo: false) of gebruik de echte naam met toestemming",
                    )
                )
            if story.image and not story.consent.photo:
                result.append(
                    Finding(
                        path,
                        None,
                        "info",
                        "consent.photo",
                        f"de foto van '{story.slug}' wordt niet gebruikt: "
                        "geen portrettoestemming (photo: true ontbreekt bij consent)",
                    )
                )
            if story.video and not story.consent.video:
                result.append(
                    Finding(
                        path,
                        None,
                        "info",
                        "consent.video",
                        f"de video van '{story.slug}' wordt nergens gebruikt: geen "
                        "toestemming voor beeld en stem (video: true ontbreekt bij consent)",
                    )
                )
        return result
