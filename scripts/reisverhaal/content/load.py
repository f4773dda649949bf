"""Load `journeys/` and `stories/` into models, turning every problem into a `Finding`.

A broken file is left out (a broken step leaves only that step out) and loading goes on, so
one typo never takes the rest of the site down. Nothing here writes to the content folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..core.findings import ContentError, Finding, error, left_out_finding, shown
from ..core.settings import TIMEZONE
from ..data import CHANNELS
from .memo import LoadMemo, Parsed, photo_stamp
from .messages import too_deep, validation_findings, yaml_problem
from .model import (
    SLUG,
    Consent,
    Content,
    Filmed,
    Journey,
    JourneyMeta,
    Step,
    StepMeta,
    Story,
    StoryMeta,
    TakedownDone,
)

STEP_NUMBER = re.compile(r"^(\d+)[-_.]?(.*)$")
BOUNDARY = re.compile(r"^-{3,}\s*$")
"""The line that closes the front matter, as python-frontmatter reads it."""
MAX_CONTENT_BYTES = 2_000_000
RESERVED_STEP_SLUGS = frozenset({"index"})
"""Step slugs whose page would be another page: `index` is the journey's own page."""


class _Loader(yaml.SafeLoader):
    """Safe loading, except that a date that does not exist (2026-02-30) stays text: the
    model then names its key and line, where PyYAML would only say "day is out of range"."""


def _timestamp(loader: _Loader, node: yaml.Node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """`_Loader` with libyaml's parser where PyYAML has it: PyYAML's own parser, in Python,
    was most of what a rebuild after an edit spent on loading the content."""


_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
FAST_MAX_CHARS = 16_000
"""libyaml's composer recurses in C: some 100,000 levels of nesting crash the process, where
PyYAML's stops with a RecursionError. Front matter this short cannot nest that deep."""


def _parsed(text: str, composed: bool = False):
    """The front matter's values (or, `composed`, its nodes with their lines). A text that
    libyaml refuses, or may nest too deep for it, is read by PyYAML, whose messages the
    Dutch ones are made from."""
    if len(text) <= FAST_MAX_CHARS:
        with suppress(Exception):
            return (yaml.compose if composed else yaml.load)(text, Loader=_FastLoader)  # noqa: S506
    if composed:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)


class ContentErrors(ContentError):
    """Every problem of one file that leaves it out, each with its own line."""

    def __init__(self, findings: list[Finding]):
        super().__init__(findings[0])
        self.findings = findings


def problems_of(exc: ContentError) -> list[Finding]:
    return list(getattr(exc, "findings", [exc.finding]))


class Document:
    """One Markdown file: its front matter, body, and the line of every front matter key.

    What makes the file unreadable (encoding, no front matter, YAML) raises at once; what is
    wrong with the keys is collected, so that `problems` names every mistake of the file."""

    def __init__(self, path: Path, root: Path, memo: LoadMemo | None = None):
        self.path = path
        self.display = shown(path, root)
        self.problems: list[Finding] = []
        self.memo = memo
        raw = path.read_bytes()
        found = memo.parsed(raw) if memo is not None else None
        if found is None:
            found = self._parse(raw)
            if memo is not None:
                memo.note_parsed(raw, found)
        self.end_line = found.end_line
        """The file's line of the closing '---' (where a missing key can be added)."""
        self.meta: dict = found.meta
        self.body: str = found.body
        self.body_line = found.body_line
        """The file's line of the body's first line (`body` starts at its first text)."""
        self.lines = found.lines
        for path, first, second in found.duplicates:
            key = ".".join(str(part) for part in path)
            self.problem(
                "front-matter.duplicate-key",
                f"sleutel '{key}' staat twee keer in de front matter (regel {first} en "
                f"{second}); houd er één over",
                second,
            )

    def _parse(self, raw: bytes) -> Parsed:
        """What the file's bytes hold; what makes them unreadable raises (`fail`)."""
        if len(raw) > MAX_CONTENT_BYTES:
            self.fail("file.too-large", "bestand is groter dan 2 MB; splits de tekst op")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.fail("file.encoding", "bestand is geen UTF-8; sla het op als UTF-8", line)
        # Windows (CR LF) and old Mac (CR only) line ends are read as the lines they are.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.startswith("---\n"):
            self.fail(
                "front-matter.missing",
                "front matter ontbreekt: begin het bestand met een regel '---', dan de "
                "velden (zoals title:), en sluit af met '---'",
                1,
            )
        lines = text.split("\n")
        closing = next((n for n, line in enumerate(lines) if n and BOUNDARY.match(line)), None)
        if closing is None:
            self.fail(
                "front-matter.unclosed",
                "front matter is niet afgesloten: zet na de laatste sleutel een regel '---'",
                len(lines),
            )
        fm_lines = lines[1:closing]
        fm_text = "\n".join(fm_lines)
        try:
            meta = _parsed(fm_text)
        except yaml.YAMLError as exc:
            self.fail("front-matter.yaml", *_in_dutch(yaml_problem(exc, fm_lines)))
        except RecursionError:
            self.fail("front-matter.yaml", *too_deep(fm_lines))
        except Exception:  # odd input the parser does not name: integers too long
            self.fail(
                "front-matter.yaml",
                "front matter kan niet gelezen worden; controleer de inspringing (alleen "
                "spaties) en zet tekst met bijzondere tekens tussen aanhalingstekens",
                2,
            )
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            self.fail(
                "front-matter.yaml", "front matter moet bestaan uit velden (sleutel: waarde)", 2
            )
        after = [n for n in range(closing + 1, len(lines)) if lines[n].strip()]
        key_lines, duplicates = _key_map(fm_text)
        return Parsed(
            meta=meta,
            body="\n".join(lines[closing + 1 :]).strip(),
            body_line=(after[0] if after else closing + 1) + 1,
            end_line=closing + 1,
            lines=key_lines,
            duplicates=duplicates,
        )

    def fail(self, rule: str, message: str, line: int | None = None):
        raise ContentErrors([*self.problems, error(self.display, rule, message, line)])

    def problem(self, rule: str, message: str, line: int | None = None) -> None:
        self.problems.append(error(self.display, rule, message, line))

    def raise_problems(self) -> None:
        """Leave the file out when anything was wrong with it, naming every problem."""
        if self.problems:
            raise ContentErrors(sorted(self.problems, key=lambda f: (f.line or 0, f.message)))

    def line_of(self, loc: tuple) -> int | None:
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def validate(self, model: type[BaseModel], context: dict) -> BaseModel | None:
        """The validated front matter, or None with every problem recorded."""
        try:
            return model.model_validate(self.meta, context=context)
        except ValidationError as exc:
            self.problems += validation_findings(
                self.display, model, exc.errors(), self.lines, self.end_line
            )
            return None


def _in_dutch(found: tuple[str, int | None]) -> tuple[str, int | None]:
    message, line = found
    return f"de front matter is geen geldige YAML: {message}", line


def key_lines(fm_text: str) -> dict[tuple, int]:
    """Map each key path in the front matter to its line in the file (front matter starts on 2)."""
    return _key_map(fm_text)[0]


def _key_map(fm_text: str) -> tuple[dict[tuple, int], list[tuple[tuple, int, int]]]:
    """The line of every key path, and every key written twice in one mapping (YAML keeps the
    last one silently): (path, first line, second line)."""
    lines: dict[tuple, int] = {}
    duplicates: list[tuple[tuple, int, int]] = []
    try:
        node = _parsed(fm_text, composed=True)
    except (yaml.YAMLError, RecursionError):
        return lines, duplicates

    seen: set[int] = set()

    def walk(node, path: tuple) -> None:
        if id(node) in seen:  # an alias: its lines are those of its anchor, walked once
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                here = (*path, key.value)
                line = key.start_mark.line + 2
                if here in lines:
                    duplicates.append((here, lines[here], line))
                lines[here] = line
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 2
                walk(item, (*path, index))

    walk(node, ())
    return lines, duplicates


def resolve_image(document: Document, folder: Path, value: str | None, root: Path) -> Path | None:
    """The image file an `image:` key points to, inside the content folder, checked."""
    if not value:
        return None
    line = document.line_of(("image",))
    candidate = Path(value)
    if candidate.is_absolute() or ".." in candidate.parts:
        document.fail(
            "image.path",
            f"image '{value}' ligt buiten de map {shown(folder, root)}; zet de foto in "
            "deze map (bijvoorbeeld media/foto.jpg) en verwijs ernaar zonder '..' of '/'",
            line,
        )
    path = folder / candidate
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        document.fail(
            "image.path",
            f"image '{value}' verwijst via een snelkoppeling naar een plek buiten "
            f"{shown(folder, root)}; kopieer de foto in de map",
            line,
        )
    if not path.is_file():
        document.fail(
            "image.missing",
            f"image '{value}' bestaat niet in {shown(folder, root)}; controleer de "
            "bestandsnaam (hoofdletters tellen mee)",
            line,
        )
    try:
        _check_photo(path, shown(path, root), document.memo)
    except ContentError as exc:
        message = f"image '{value}': {exc.finding.message}"
        raise ContentError(
            Finding(document.display, line, "error", exc.finding.rule, message)
        ) from None
    return path


def _check_photo(path: Path, display: str, memo: LoadMemo | None) -> None:
    """`photos.check_image`, unless the memo says this very file passed it before."""
    if memo is not None and memo.photo_checked(path):
        return
    from .photos import check_image  # here: Pillow is loaded only when a photo is checked

    stamp = photo_stamp(path)
    check_image(path, display=display)
    if memo is not None:
        memo.note_photo(path, stamp)


def _markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.name != "index.md" and p.is_file())


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _content_folders(parent: Path, findings: list[Finding], root: Path) -> Iterable[Path]:
    if not parent.is_dir():
        return []
    folders = []
    for folder in sorted(parent.iterdir()):
        if folder.name.startswith((".", "_")) or not folder.is_dir():
            continue
        index = folder / "index.md"
        where = shown(folder, root)
        try:
            folder.resolve().relative_to(parent.resolve())
        except ValueError:
            findings.append(
                error(where, "folder.outside", "map verwijst naar een plek buiten de inhoudsmap")
            )
            continue
        if not (folder.name == folder.name.lower() and re.match(r"^[a-z0-9-]+$", folder.name)):
            findings.append(
                error(
                    where,
                    "folder.slug",
                    "mapnaam is geen slug: gebruik kleine letters, cijfers en streepjes",
                )
            )
            continue
        if not index.is_file():
            findings.append(error(where, "folder.no-index", "index.md ontbreekt in deze map"))
            continue
        if not _inside(index, folder):
            findings.append(
                error(
                    shown(index, root),
                    "file.outside",
                    "index.md is een snelkoppeling naar een plek buiten deze map; kopieer het "
                    "bestand in de map",
                )
            )
            continue
        folders.append(folder)
    return folders


def load_journey(
    folder: Path,
    root: Path,
    context: dict,
    findings: list[Finding],
    left_out: list | None = None,
    memo: LoadMemo | None = None,
) -> Journey:
    document = Document(folder / "index.md", root, memo)
    meta = document.validate(JourneyMeta, context)
    parts = _file_parts(document, folder, meta, root)
    document.raise_problems()
    journey = Journey(slug=folder.name, meta=meta, **parts)
    seen: dict[str, Path] = {}
    for number, path in enumerate(_markdown_files(folder), start=1):
        if not _inside(path, folder):
            findings.append(
                error(
                    shown(path, root),
                    "file.outside",
                    "dit bestand is een snelkoppeling naar een plek buiten de map "
                    f"{shown(folder, root)}; kopieer het bestand in de map",
                )
            )
            continue
        try:
            step = load_step(path, folder, root, context, number, memo)
        except ContentError as exc:
            findings.extend(problems_of(exc))
            if left_out is not None:
                left_out.append(("step", shown(path, root)))
            continue
        if step.slug in seen:
            findings.append(
                error(
                    shown(path, root),
                    "step.duplicate",
                    f"stap '{step.slug}' bestaat al ({seen[step.slug].name}); geef één van beide "
                    "een andere bestandsnaam",
                )
            )
            continue
        seen[step.slug] = path
        journey.steps.append(step)
    return journey


def load_step(
    path: Path, folder: Path, root: Path, context: dict, position: int, memo: LoadMemo | None = None
) -> Step:
    document = Document(path, root, memo)
    match = STEP_NUMBER.match(path.stem)
    slug = match.group(2) if match and match.group(2) else path.stem
    if not SLUG.fullmatch(slug):
        document.problem(
            "step.slug",
            f"de bestandsnaam geeft de stap-slug '{slug}'; gebruik kleine letters, cijfers en "
            "streepjes, zoals 01-eerste-gesprek.md",
        )
    elif slug in RESERVED_STEP_SLUGS:
        document.problem(
            "step.collision",
            f"de bestandsnaam {path.name} geeft de stap-slug '{slug}', en die pagina is al de "
            "pagina van het traject zelf (index.md); geef de stap een andere naam, zoals "
            f"{path.name.replace('index', 'overzicht')}",
        )
    meta = document.validate(StepMeta, context)
    parts = _file_parts(document, folder, meta, root)
    document.raise_problems()
    return Step(slug=slug, number=position, meta=meta, **parts)


def load_story(folder: Path, root: Path, context: dict, memo: LoadMemo | None = None) -> Story:
    document = Document(folder / "index.md", root, memo)
    meta = document.validate(StoryMeta, context)
    parts = _file_parts(document, folder, meta, root)
    document.raise_problems()
    return Story(slug=folder.name, meta=meta, **parts)


def _file_parts(document: Document, folder: Path, meta, root: Path) -> dict:
    """The `ContentFile` fields of a document. The image is checked even when the front matter
    has other problems, so that one run names them all."""
    value = meta.image if meta is not None else document.meta.get("image")
    image = None
    if isinstance(value, str):
        try:
            image = resolve_image(document, folder, value, root)
        except ContentError as exc:
            document.problems.append(exc.finding)
    return {
        "source": document.path,
        "body": document.body,
        "body_line": document.body_line,
        "lines": document.lines,
        "image": image,
        "video": _video(document, folder, meta, root),
    }


def _video(document: Document, folder: Path, meta, root: Path):
    """The step's or story's video, read and checked (`content.video`), or None."""
    if not isinstance(meta, Filmed) or not (meta.video or meta.youtube or meta.vimeo):
        return None
    from .video import read_video

    try:
        return read_video(meta, folder, root, document.display, document.line_of)
    except ContentError as exc:
        document.problems.append(exc.finding)
        return None


def withheld_story(folder: Path, root: Path) -> tuple[Story, bool]:
    """A story that could not be loaded, as the consent gate needs it for the takedown list.

    Fail closed both ways: it is published nowhere, and when its consent block cannot be read
    it counts as withdrawn on every channel (`consent_unreadable`), so that posts which
    already quoted it are listed for removal. A readable consent block is used as written.
    Also says whether the file has a consent block at all (a new story without one yet is
    no cause for alarm).
    """
    path = folder / "index.md"
    consent, written, consent_read, problem = None, True, False, "unreadable"
    try:
        document = Document(path, root)
        consent_read = True
        written = "consent" in document.meta
        consent = Consent.model_validate(document.meta.get("consent"))
    except ValidationError as exc:
        if any(detail["type"] == "minor_guardian" for detail in exc.errors()):
            problem = "no_guardian"
    except (ContentError, OSError):
        pass
    unreadable = consent is None
    if consent_read and not written:
        problem = "no_consent"
    if unreadable:
        raw = document.meta.get("consent") if consent_read else None
        reference = raw.get("reference") if isinstance(raw, dict) else None
        consent = Consent.model_construct(
            reference=reference if isinstance(reference, str) else "",
            given=date.min,
            expires=None,
            channels=list(CHANNELS),
            photo=False,
            withdrawn=None,
        )
    meta = StoryMeta.model_construct(
        title=folder.name,
        consent=consent,
        image=None,
        journeys=[],
        takedown_done=_takedown_done(document.meta if consent_read else {}),
    )
    story = Story(
        slug=folder.name,
        source=path,
        body="",
        body_line=1,
        meta=meta,
        consent_unreadable=unreadable,
        consent_problem=problem if unreadable else None,
    )
    return story, written


TAKEDOWN_DONE = TypeAdapter(list[TakedownDone])


def _takedown_done(meta: dict) -> list:
    """The posts a withheld story marks as removed, when that list can be read: otherwise
    none, so that every post stays on the takedown list (fail closed)."""
    try:
        return TAKEDOWN_DONE.validate_python(meta.get("takedown_done") or [])
    except ValidationError:
        return []


def load_content(
    root: Path,
    audiences: Iterable[str] | None = None,
    timezone: str = TIMEZONE,
    memo: LoadMemo | None = None,
) -> Content:
    """Load every journey and story under `root`; broken files become findings. `memo`:
    what an earlier load found in the same bytes and photos (`content.memo`), noting what
    this one finds."""
    root = Path(root).resolve()
    content = Content()
    context = {
        "audiences": list(audiences) if audiences is not None else None,
        "timezone": timezone,
    }
    for folder in _content_folders(root / "journeys", content.findings, root):
        try:
            journey = load_journey(folder, root, context, content.findings, content.left_out, memo)
            content.journeys.append(journey)
        except ContentError as exc:
            content.findings.extend(problems_of(exc))
            content.left_out.append(("journey", shown(folder / "index.md", root)))
    for folder in _content_folders(root / "stories", content.findings, root):
        try:
            content.stories.append(load_story(folder, root, context, memo))
        except ContentError as exc:
            problems = problems_of(exc)
            content.findings.extend(problems)
            content.left_out.append(("story", shown(folder / "index.md", root)))
            withheld, written = withheld_story(folder, root)
            content.withheld_stories.append(withheld)
            if withheld.consent_unreadable:
                line = problems[0].line
                content.findings.append(_unreadable_consent(withheld, root, written, line))
    content.findings += left_out_finding(content.left_out)
    owners = [*content.stories, *(s for j in content.journeys for s in j.steps)]
    content.findings += [f for owner in owners if owner.video for f in owner.video.findings]
    return content


def _unreadable_consent(story: Story, root: Path, written: bool, line: int | None) -> Finding:
    return Finding(
        shown(story.source, root),
        line,
        "warning" if written else "info",
        "consent.unreadable",
        f"de toestemming van verhaal '{story.slug}' kan niet gelezen worden: het verhaal "
        "verschijnt nergens en telt als ingetrokken, dus berichten die het al citeerden "
        "staan in deelkit/takedown.json. Herstel de fouten in dit bestand",
    )
