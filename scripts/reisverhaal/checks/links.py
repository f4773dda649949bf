"""Links and images in Markdown bodies, as editors write them: to the source file.

In any Markdown editor a link from one step to the next is `[het gesprek](02-het-gesprek.md)`,
to a story `../../stories/joop/index.md`, and an image `![…](media/foto.jpg)`. The site
publishes those files elsewhere (`het-gesprek/`, a resized `media/foto.jpg`), so each link is
turned into a link to the published page or image. A link or image that leads nowhere, or to
content that is not published (a story without consent for the website), is a finding and
the link becomes its plain text: MkDocs never sees it, so `reisverhaal check` and
`mkdocs build --strict` fail on exactly the same thing, with the editor's file and line.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.model import ContentFile, Story
from ..core.findings import ContentError, Finding, shown, warning
from ..core.output import ImageRequest, source_link

if TYPE_CHECKING:
    from ..consent.project import Project

LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\]\n]*\])*)\]"
    r"\((?P<target><[^>\n]*>|[^()\s]+)(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)"
)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`\n]*`")
GENERATED = ("index.md",)
GENERATED_FOLDERS = ("themas/", "doelgroepen/", "deelkit/")
WEB_IMAGE = (1600, 1600)


@dataclass(frozen=True)
class Body:
    """A body with its links resolved, the images it needs, and what was wrong."""

    text: str
    images: tuple[ImageRequest, ...] = ()
    findings: tuple[Finding, ...] = ()


class BodyLinks:
    """What links in content can reach: every content file by its source path."""

    def __init__(self, project: Project):
        from ..core.output import (
            journey_uri,
            journeys_index_uri,
            step_uri,
            stories_index_uri,
            story_uri,
        )

        urls = project.settings.urls
        self.project = project
        self.root = project.settings.root
        self.pages: dict[str, str] = {}
        """Source path of published content → the page's source path in the site."""
        self.hidden: dict[str, str] = {}
        """Source path of content that is not on the website → why not."""
        self.overviews = {
            "journeys/index.md": journeys_index_uri(urls),
            "stories/index.md": stories_index_uri(urls),
        }
        """An overview by the path a content file's link reaches it (`../index.md` from a
        journey): its page lives at the site's own prefix (`trajecten/`)."""
        gate, content = project.gate, project.content
        for journey in content.journeys:
            on_web = "website" in project.channels_of(journey)
            pairs = [(journey.source, journey_uri(urls, journey))]
            pairs += [(step.source, step_uri(urls, journey, step)) for step in journey.steps]
            for source, uri in pairs:
                if on_web:
                    self.pages[self._source(source)] = uri
                else:
                    self.hidden[self._source(source)] = "dat traject staat niet op de website"
        for story in content.stories:
            if gate.allows(story, "website"):
                self.pages[self._source(story.source)] = story_uri(urls, story)
            else:
                self.hidden[self._source(story.source)] = (
                    "dat verhaal heeft geen geldige toestemming voor de website"
                )
        for _kind, path in content.left_out:
            self.hidden.setdefault(path, "dat bestand heeft fouten en wordt niet gepubliceerd")
        self.uris = set(self.pages.values())

    def _source(self, path: Path) -> str:
        return shown(path, self.root)

    def findings(self, owners: list[ContentFile] | None = None) -> list[Finding]:
        """Every problem with links and images in the bodies of published content; `owners`:
        only in these journeys, steps and stories (None: all)."""
        found: list[Finding] = []
        for owner, page in self._published(owners):
            found += self.resolve(owner, page).findings
        return found

    def _published(self, owners: list[ContentFile] | None) -> list[tuple[ContentFile, str]]:
        if owners is None:
            content = self.project.content
            owners = [*content.journeys, *content.stories]
            owners += [step for journey in content.journeys for step in journey.steps]
        return [
            (owner, self.pages[self._source(owner.source)])
            for owner in owners
            if self._source(owner.source) in self.pages
        ]

    def with_body(self, owner: ContentFile, page: str) -> tuple[ContentFile, Body]:
        """`owner` with its body's links resolved for the page at `page`."""
        body = self.resolve(owner, page)
        return replace(owner, body=body.text), body

    def resolve(self, owner: ContentFile, page: str) -> Body:
        source = self._source(owner.source)
        images: list[ImageRequest] = []
        findings: list[Finding] = []
        lines = owner.body.split("\n")
        fenced = False
        for number, line in enumerate(lines):
            if FENCE.match(line):
                fenced = not fenced
                continue
            if fenced or "](" not in line:
                continue
            spans = [m.span() for m in CODE_SPAN.finditer(line)]

            def one(match: re.Match, number: int = number, spans=spans) -> str:
                if any(start <= match.start() < end for start, end in spans):
                    return match[0]
                where = owner.body_line + number
                target, problem = self._target(owner, source, page, match, images)
                if problem:
                    findings.append(warning(source, problem[0], problem[1], where))
                    return "" if match["bang"] else match["text"]
                return match[0] if target is None else self._relinked(match, target)

            lines[number] = LINK.sub(one, line)
        return Body("\n".join(lines), tuple(images), tuple(findings))

    @staticmethod
    def _relinked(match: re.Match, target: str) -> str:
        return f"{match['bang']}[{match['text']}]({target}{match['title'] or ''})"

    def _target(self, owner, source: str, page: str, match: re.Match, images: list):
        """The new target (None: keep the link as written), or (rule, message)."""
        written = match["target"].strip("<>")
        if EXTERNAL.match(written) or written.startswith("/"):
            return None, None
        path, _, fragment = written.partition("#")
        path = path.split("?", 1)[0]
        anchor = f"#{fragment}" if fragment else ""
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if match["bang"]:
            return self._image(owner, source, page, written, resolved, images)
        if resolved.startswith("../") or resolved == "..":
            return None, ("link.outside", f"link '{written}' gaat buiten de site; {_FIX}")
        folder = self.root / resolved
        if path.endswith("/") or folder.is_dir():
            resolved = posixpath.join(resolved, "index.md")
        if resolved in self.pages:
            return source_link(page, self.pages[resolved]) + anchor, None
        if resolved in self.overviews:
            return source_link(page, self.overviews[resolved]) + anchor, None
        if resolved in self.hidden:
            return None, (
                "link.unpublished",
                f"link '{written}' gaat naar {resolved}, maar {self.hidden[resolved]}; de "
                "link is weggelaten en alleen de tekst staat er. Haal de link weg, of zorg "
                "dat die pagina gepubliceerd wordt",
            )
        if self._elsewhere(resolved):
            return None, None
        docs = resolved.removeprefix("docs/")
        if resolved.startswith("docs/") and (self.root / resolved).is_file():
            return source_link(page, docs) + anchor, None
        return None, ("link.missing", self._missing_link(source, written, resolved))

    def _elsewhere(self, resolved: str) -> bool:
        """A page the site has that is not content: a hand-written page or an overview."""
        if resolved in self.uris or resolved in GENERATED:
            return True
        if resolved.startswith(GENERATED_FOLDERS):
            return True
        return (self.root / "docs" / resolved).is_file()

    def _missing_link(self, source: str, written: str, resolved: str) -> str:
        guess = difflib.get_close_matches(resolved, [*self.pages, *self.hidden], n=1, cutoff=0.6)
        hint = ""
        if guess:
            hint = f" Bedoelde je '{source_link(source, guess[0])}'?"
        return f"link '{written}' gaat naar {resolved}, en dat bestand bestaat niet.{hint} {_FIX}"

    def _image(self, owner, source: str, page: str, written, resolved, images):
        from ..content.photos import check_image

        folder = posixpath.dirname(source)
        if not (resolved + "/").startswith(folder + "/"):
            return None, (
                "image.path",
                f"afbeelding '{written}' ligt buiten de map {folder}; zet de foto in die map "
                "(bijvoorbeeld media/foto.jpg) en verwijs ernaar zonder '..'",
            )
        file = self.root / resolved
        if not file.is_file():
            base = self.root / folder
            near = [p.relative_to(base).as_posix() for p in _files(base)]
            relative = posixpath.relpath(resolved, folder)
            guess = difflib.get_close_matches(relative, near, n=1, cutoff=0.5)
            hint = f" Bedoelde je '{guess[0]}'?" if guess else ""
            return None, (
                "image.missing",
                f"afbeelding '{written}' bestaat niet in {folder}.{hint} Controleer de "
                "bestandsnaam (hoofdletters tellen mee)",
            )
        if isinstance(owner, Story) and not self.project.gate.photo_for(
            replace(owner, image=file), "website"
        ):
            return None, (
                "image.consent",
                f"afbeelding '{written}' staat in een verhaal zonder portrettoestemming "
                "(photo: true bij consent); de foto is weggelaten",
            )
        try:
            check_image(file, display=resolved)
        except ContentError as exc:
            return None, (exc.finding.rule, exc.finding.message)
        # Published next to the page (`trajecten/knie/media/…` for `journeys/knie/media/…`).
        inside = posixpath.relpath(posixpath.splitext(resolved)[0], folder)
        uri = posixpath.join(posixpath.dirname(page), inside) + ".jpg"
        images.append(ImageRequest(uri=uri, source=file, size=WEB_IMAGE, fit=True))
        return source_link(page, uri), None


_FIX = "Controleer de bestandsnaam, zoals 02-het-gesprek.md of ../../stories/joop/index.md"


def _files(folder: Path) -> list[Path]:
    """The files an image link in `folder` could mean."""
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() != ".md"]
