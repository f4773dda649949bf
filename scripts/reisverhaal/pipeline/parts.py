"""Results per journey and per story, reused while what each was made from is unchanged.

An edit touches little: a step edit one journey (its pages, posts, images, newsletter blocks,
share kit page, calendar events and checks), a story edit the story and the journeys that
quote it or that it names. So the build keeps what it made per journey and per story (a
`Part`) in `.cache/reisverhaal/parts/`, and makes anew only the parts whose key changed; what
the whole site shares (overviews, `snippets.json`, the calendar and exports, the takedown
list, the share kit's index) is put together from all parts in every build.

A part's key is made of exactly what it is made from (`Keys`):

* `snapshot.State.base`: the settings with the build's date, the package, Python and the
  installed libraries, the templates and the brand logo; so a new day, an upgrade or a
  template edit makes every part anew;
* every file in the journey's or story's own folder (text by content, photos by size, times
  and inode);
* for a journey, the folder of every story its steps quote or that names the journey; for a
  story, the folder of every journey it names;
* when a body of the part has a link: every content file and hand-written page and whether it
  is published (a link's target, `checks.links.BodyLinks`).

A stored part is JSON, read back field by field (`stored`: no code runs from the cache), and
reused only when its key matches and every cached image it refers to is as the last build
left it (`snapshot.untouched`). It is stored only when no content file was written while the
build ran, like the whole result (`pipeline.build.build_site`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..core.output import Output, write_atomic
from ..render.snippet import Snippet
from . import stored
from .snapshot import State, allowed_folders, not_stored

if TYPE_CHECKING:
    from ..checks.links import BodyLinks
    from ..consent.project import Project
    from ..content.model import ContentFile, Journey, Story
    from ..core.settings import Settings

FOLDER = "parts"
VERSION = b"reisverhaal-part-1"


@dataclass
class Part:
    """What one journey or story gives the site."""

    outputs: list[Output] = field(default_factory=list)
    """Its pages and files (with their content) and images (in the image cache)."""
    findings: list[Finding] = field(default_factory=list)
    snippets: list[Snippet] = field(default_factory=list)
    events: list[bytes | None] = field(default_factory=list)
    """Per snippet its event in `calendar.ics`; None for a snippet without a time."""
    newsletters: list[str] = field(default_factory=list)
    """The journey's newsletter blocks (their HTML files), which the share kit's index counts."""
    images_made: int = 0
    images_cached: int = 0

    def cached_files(self, cache_dir: Path) -> set[Path]:
        inside = f"{cache_dir}{os.sep}"  # a prefix test: Path.is_relative_to parses each path
        return {o.source for o in self.outputs if o.source and str(o.source).startswith(inside)}


class Keys:
    """The key of each journey's and story's part (see the module's docstring)."""

    def __init__(self, state: State, project: Project, links: BodyLinks):
        self.state = state
        self.project = project
        self.links = links
        self._folders: dict[str, list[str]] = defaultdict(list)
        for name, digest in sorted(state.files.items()):
            kind, _, rest = name.partition("/")
            slug = rest.split("/", 1)[0]
            self._folders[f"{kind}/{slug}"].append(f"{name} {digest}")
        self._reach: str | None = None

    def journey(self, journey: Journey) -> str:
        slug = journey.slug
        stories = {step.meta.story for step in journey.steps if step.meta.story}
        stories |= {s.slug for s in self.project.content.stories if slug in s.meta.journeys}
        return self._key(
            f"journey {slug}",
            [journey, *journey.steps],
            [f"journeys/{slug}", *(f"stories/{story}" for story in sorted(stories))],
        )

    def story(self, story: Story) -> str:
        journeys = sorted(set(story.meta.journeys))
        return self._key(
            f"story {story.slug}",
            [story],
            [f"stories/{story.slug}", *(f"journeys/{journey}" for journey in journeys)],
        )

    def _key(self, name: str, owners: list[ContentFile], folders: list[str]) -> str:
        key = hashlib.blake2b(VERSION, digest_size=32)
        key.update(f"{name}\n{self.state.base}\n".encode())
        for folder in folders:
            key.update(f"folder {folder}\n".encode())
            key.update("\n".join(self._folders.get(folder, ())).encode())
        if any("](" in owner.body for owner in owners):
            key.update(f"reach {self.reach()}\n".encode())
        return key.hexdigest()

    def reach(self) -> str:
        """What a link in a body can reach: every content file and hand-written page, and
        where each published one is, or why it is not (`BodyLinks`)."""
        if self._reach is None:
            reach = hashlib.blake2b(self.state.docs.encode(), digest_size=32)
            plain = [sorted(self.state.files), sorted(self.links.pages.items())]
            plain.append(sorted(self.links.hidden.items()))
            reach.update(json.dumps(plain).encode())
            self._reach = reach.hexdigest()
        return self._reach


class Store:
    """The parts of earlier builds, and those this build makes, in `.cache/reisverhaal/`.

    `keys` None: nothing is reused or stored (a cache that cannot be written, or content
    written while it was being read). `untouched`: the cached files nothing has written since
    the last build noted them (`snapshot.untouched`)."""

    def __init__(self, settings: Settings, keys: Keys | None, untouched: frozenset[str]):
        self.settings = settings
        self.keys = keys
        self.untouched = untouched
        self.folder = settings.cache_dir / FOLDER
        self.made: dict[str, tuple[str, Part]] = {}
        self.used: set[str] = set()

    def key(self, kind: str, owner) -> str | None:
        if self.keys is None:
            return None
        return self.keys.journey(owner) if kind == "journey" else self.keys.story(owner)

    def reuse(self, kind: str, owner) -> Part | None:
        """The stored part, when its key is this one and its cached files are untouched."""
        name = f"{kind}-{owner.slug}"
        self.used.add(name)
        key = self.key(kind, owner)
        if key is None:
            return None
        part = self._read(name, key)
        cache = self.settings.cache_dir
        if part is None or not {str(p) for p in part.cached_files(cache)} <= self.untouched:
            return None
        part.images_made, part.images_cached = 0, part.images_made + part.images_cached
        return part

    def keep(self, kind: str, owner, part: Part) -> Part:
        """`part`, noted to be stored under its key (`save`)."""
        key = self.key(kind, owner)
        if key is not None:
            self.made[f"{kind}-{owner.slug}"] = (key, part)
        return part

    def _read(self, name: str, key: str) -> Part | None:
        try:
            with open(self.folder / f"{name}.json", "rb") as handle:
                if handle.readline().rstrip(b"\n") != VERSION + b" " + key.encode():
                    return None
                return _part(json.loads(handle.read()), self.settings)
        except Exception:  # missing, old, damaged or crafted: made anew
            return None

    def save(self) -> Finding | None:
        """Store the parts this build made, and remove those of journeys and stories that
        are gone. A cache that cannot be written only costs the next build its speed."""
        for name, (key, part) in self.made.items():
            path = self.folder / f"{name}.json"
            header = VERSION + b" " + key.encode() + b"\n"
            data = json.dumps(_plain(part), ensure_ascii=False).encode("utf-8")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomic(path, header + data)
            except OSError as exc:
                return not_stored(self.settings, path, exc)
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used:
                with suppress(OSError):
                    path.unlink()
        return None


def _plain(part: Part) -> dict:
    return {
        "outputs": [stored.plain_output(output) for output in part.outputs],
        "findings": [stored.plain_finding(finding) for finding in part.findings],
        "snippets": [snippet.as_record() for snippet in part.snippets],
        "events": [None if event is None else event.decode("utf-8") for event in part.events],
        "newsletters": part.newsletters,
        "images": [part.images_made, part.images_cached],
    }


def _part(plain: dict, settings: Settings) -> Part:
    """The stored part, checked field by field: anything else raises."""
    from ..render.schedule import zone

    tz = zone(settings.timezone)
    allowed = allowed_folders(settings)
    made, cached = plain["images"]
    snippets = [stored.snippet_from(record, tz) for record in plain["snippets"]]
    events = [stored.maybe(stored.text, event) for event in plain["events"]]
    if len(events) != len(snippets):
        raise ValueError("events")
    return Part(
        outputs=[stored.output_from(entry, allowed) for entry in plain["outputs"]],
        findings=[stored.finding_from(entry) for entry in plain["findings"]],
        snippets=snippets,
        events=[None if event is None else event.encode("utf-8") for event in events],
        newsletters=[stored.text(uri) for uri in plain["newsletters"]],
        images_made=stored.whole(made),
        images_cached=stored.whole(cached),
    )


def cached_files(parts: Iterable[Part], cache_dir: Path) -> set[Path]:
    return {path for part in parts for path in part.cached_files(cache_dir)}
