"""A snippet: one ready-to-paste post for one step, platform and audience variant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Snippet:
    journey: str
    step: str
    platform: str
    variant: str | None
    text: str
    length: int
    limit: int
    link: str | None
    image: str | None
    image_alt: str | None
    publish_at: datetime | None
    stories: tuple[str, ...] = field(default_factory=tuple)
    title: str | None = None
    """For platforms with a title field (Pinterest, YouTube); None elsewhere."""
    video: str | None = None
    """A video post: the site path of its main rendition (`render.video_site.with_videos`)."""

    def as_record(self) -> dict:
        """The `snippets.json` record (SPEC §4)."""
        return {
            "journey": self.journey,
            "step": self.step,
            "platform": self.platform,
            "variant": self.variant,
            "text": self.text,
            "length": self.length,
            "limit": self.limit,
            "link": self.link,
            "image": self.image,
            "image_alt": self.image_alt,
            "publish_at": self.publish_at.isoformat() if self.publish_at else None,
            "stories": list(self.stories),
            "title": self.title,
            **({"video": self.video} if self.video else {}),
        }
