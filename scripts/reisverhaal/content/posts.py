"""Which of an editor's texts a post is made of (SPEC §4): one rule for composing and checking.

A post for a step, a platform and (maybe) an audience variant takes its main text from the
variant, else from the step's override for that platform (`posts:`), else from the step's
summary; its call to action likewise, ending at the journey's, which goes only into the posts
of the phases `data/cta.yml` gives the journey's kind. On a platform where readers can only
pass a post on (`responses: forwarding`), a call to action that asks for a reaction is left
out, whoever wrote it. The snippets compose posts
from these texts and the writing checks find the sentences of a post where they were written,
so both ask here and can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .datafiles import shipped
from .model import ContentFile, Journey, PostOverride, Step, Variant

HASHTAG = re.compile(r"(?<![\w&#])#(\w*[^\W\d]\w*)")
"""A hashtag in a post's text, as twitter-text reads one (and X, Instagram and Mastodon with
it): `#` after no letter, digit, `&` or `#`, then word characters of which at least one is not
a digit. `#2027` is a year, not a hashtag; group 1 is the tag without `#`."""


@dataclass(frozen=True)
class Written:
    """A text an editor wrote for a post: the text, the file it is in and its front matter
    key (for the line a message names)."""

    text: str
    owner: ContentFile
    key: tuple[str, ...]

    @property
    def line(self) -> int | None:
        return self.owner.line_of(*self.key)


def override_of(step: Step, platform: str) -> PostOverride | None:
    """The step's own post for the platform (`posts: {x: {...}}`); None when there is none or
    the step leaves the platform out (`posts: {x: false}`)."""
    return step.meta.posts.get(platform) or None


def variant_of(step: Step, variant: str | None) -> Variant | None:
    return step.meta.variants.get(variant) if variant else None


def post_body(step: Step, platform: str, variant: str | None) -> Written:
    """The post's main text: the variant's summary, the platform override's text, or the
    step's summary (which every step has)."""
    chosen, override = variant_of(step, variant), override_of(step, platform)
    if chosen and chosen.summary:
        return Written(chosen.summary, step, ("variants", variant, "summary"))
    if override and override.text:
        return Written(override.text, step, ("posts", platform, "text"))
    return Written(step.meta.summary, step, ("summary",))


def post_cta(journey: Journey, step: Step, platform: str, variant: str | None) -> Written | None:
    """The post's call to action: the variant's, the platform override's, or the journey's
    when the step's phase is one it is meant for; none that asks for a reaction where
    readers cannot react."""
    cta = _chosen_cta(journey, step, platform, variant)
    if cta and not can_react(platform) and asks_reaction(cta.text):
        return None
    return cta


def _chosen_cta(journey: Journey, step: Step, platform: str, variant: str | None):
    chosen, override = variant_of(step, variant), override_of(step, platform)
    if chosen and chosen.cta:
        return Written(chosen.cta, step, ("variants", variant, "cta"))
    if override and override.cta:
        return Written(override.cta, step, ("posts", platform, "cta"))
    phases = getattr(shipped("cta").phases, journey.meta.kind)
    if journey.meta.cta and step.meta.phase in phases:
        return Written(journey.meta.cta, journey, ("cta",))
    return None


def can_react(platform: str) -> bool:
    """Whether readers can answer a post on `platform` below it (comments or replies)."""
    return shipped("platforms").root[platform].responses != "forwarding"


def asks_reaction(text: str) -> bool:
    """Whether `text` asks readers to react below the post ("Laat het weten in de reacties")."""
    return _reaction_words().search(text) is not None


@cache
def _reaction_words() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in shipped("cta").asks_reaction)
    return re.compile(rf"\b(?:{words})(?:s|en)?\b", re.IGNORECASE)


def post_hashtags(journey: Journey, step: Step, platform: str, variant: str | None) -> list[str]:
    """The post's hashtags, most particular first: the platform override's, the variant's,
    then the journey's."""
    chosen, override = variant_of(step, variant), override_of(step, platform)
    return [
        *((override and override.hashtags) or ()),
        *((chosen and chosen.hashtags) or ()),
        *journey.meta.hashtags,
    ]


def without_hashtags(text: str) -> str:
    """`text` with its hashtags taken out; `#2027` is no hashtag and stays."""
    return HASHTAG.sub("", text)
