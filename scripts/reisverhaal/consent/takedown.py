"""Which posts to take down: those already out that quoted or showed a story whose consent
has ended.

The selection lives beside the gate, so that what consent allows is decided in one layer;
`render.calendar` writes what it selects to `deelkit/takedown.json` and says it in the log.
When a post went out in earlier years of a yearly journey follows from the scheduling rules,
which the caller passes in (`earlier`), so that they stay in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..content.model import Journey, Step, Story
    from ..core.settings import Settings
    from .gate import ConsentStatus
    from .project import Project

    EarlierTimes = Callable[[Journey, Step, str | None, Settings], list[datetime]]


class Post(Protocol):
    """A composed post (`render.snippet.Snippet`): where and when it goes out, whom it names."""

    journey: str
    step: str
    platform: str
    variant: str | None
    publish_at: datetime | None
    stories: tuple[str, ...]


@dataclass(frozen=True)
class Takedown:
    """A story whose consent has ended, and its posts still out: one record per post and
    moment (platform, time, journey, step, variant, story, post, overdue_since), never the
    story's text. Posts the story's `takedown_done` marks as removed are counted in `done`."""

    story: Story
    status: ConsentStatus
    posts: tuple[dict, ...]
    done: int = 0


def takedown_posts(
    project: Project, posts: Iterable[Post], now: datetime, earlier: EarlierTimes
) -> list[Takedown]:
    """Per story whose consent has ended (by slug), its posts already out.

    Fail closed: a post counts when its step links the story (`story:`) or the post lists
    it, on a platform the consent covered, due between the consent date and now — including
    earlier years of a yearly journey (`earlier`).
    """
    posts = list(posts)
    found = []
    for story, status in sorted(project.gate.ended(), key=lambda item: item[0].slug):
        records = posts_out(project, story, posts, now, earlier)
        still_out = tuple(
            {**record, "overdue_since": _overdue_since(record, status.ended)}
            for record in records
            if not removed(story, record)
        )
        if records:
            found.append(Takedown(story, status, still_out, len(records) - len(still_out)))
    return found


def posts_out(
    project: Project, story: Story, posts: Iterable[Post], now: datetime, earlier: EarlierTimes
) -> list[dict]:
    """Every post already out (due by `now`) that quoted, showed or was linked to `story`."""
    return [record for post in posts for record in _records(project, story, post, now, earlier)]


def post_key(record: dict) -> str:
    """How a post is named in `takedown_done` and the lists: journey/step/platform, with
    /variant for an audience's variant."""
    parts = [record["journey"], record["step"], record["platform"]]
    return "/".join([*parts, record["variant"]] if record.get("variant") else parts)


def removed(story: Story, record: dict) -> bool:
    """Whether `takedown_done` marks this post as removed: the same post (a key without a
    variant covers every variant), removed on or after the day it went out."""
    key = post_key(record)
    general = "/".join(key.split("/")[:3])
    day = datetime.fromisoformat(record["time"]).date()
    return any(
        done.post in (key, general) and done.removed >= day
        for done in getattr(story.meta, "takedown_done", None) or ()
    )


def _overdue_since(record: dict, ended: date | None) -> str:
    """The day the post should have been gone: when consent ended, or, for a post that went
    out after that, the day it went out."""
    day = datetime.fromisoformat(record["time"]).date()
    return max(day, ended or day).isoformat()


def _records(
    project: Project, story: Story, post: Post, now: datetime, earlier: EarlierTimes
) -> list[dict]:
    if post.platform not in story.consent.channels:
        return []
    journey = project.content.journey(post.journey)
    step = journey.step(post.step) if journey else None
    linked = step is not None and step.meta.story == story.slug
    if not (linked or story.slug in post.stories):
        return []
    times = [post.publish_at] if post.publish_at else []
    if step is not None:
        times += earlier(journey, step, post.variant, project.settings)
    found = [
        {
            "platform": post.platform,
            "time": moment.isoformat(),
            "journey": post.journey,
            "step": post.step,
            "variant": post.variant,
            "story": story.slug,
        }
        for moment in times
        if story.consent.given <= moment.date() and moment <= now
    ]
    carried = linked and _carried_video(story, step, post.platform)
    for record in found:
        record["post"] = post_key(record)
        if carried:
            record["video"] = True
    return found


def _carried_video(story: Story, step: Step, platform: str) -> bool:
    """Whether the step's post on `platform` carried the story's video (issue 21): the story
    had video consent and a video of its own, and the step none of its own."""
    from ..content.video import facts

    own = step.video is not None and step.video.external is None
    filmed = story.video is not None and story.video.external is None
    return bool(story.consent.video and filmed and not own and platform in facts()["platforms"])
