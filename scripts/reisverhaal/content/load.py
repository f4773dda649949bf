"""Load `journeys/` and `stories/` into models, turning every problem into a `Finding`.

A broken file is left out (a broken step leaves only that step out) and loading goes on, so
one typo never takes the rest of the site down. Nothing here writes to the content folders.
"""

from __future__ import annotations

import difflib
import re
import reprlib
import typing
from collections.abc import Iterable
from pathlib import Path

import frontmatter
import yaml
from pydantic import BaseModel, ValidationError

from ..findings import ContentError, Finding, error, shown
from .model import (
    SLUG,
    Content,
    FrontMatter,
    Journey,
    JourneyMeta,
    Step,
    StepMeta,
    Story,
    StoryMeta,
)

STEP_NUMBER = re.compile(r"^(\d+)[-_.]?(.*)$")
MODEL_NAMES = {cls.__name__ for cls in (FrontMatter, *FrontMatter.__subclasses__())} | {
    sub.__name__ for cls in FrontMatter.__subclasses__() for sub in cls.__subclasses__()
}
BOUNDARY = re.compile(r"^-{3,}\s*$")
"""The line that closes the front matter, as python-frontmatter reads it."""
MAX_CONTENT_BYTES = 2_000_000


class Document:
    """One Markdown file: its front matter, body, and the line of every front matter key."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        self.display = shown(path, root)
        raw = path.read_bytes()
        if len(raw) > MAX_CONTENT_BYTES:
            self.fail("file.too-large", "bestand is groter dan 2 MB; splits de tekst op")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.fail("file.encoding", "bestand is geen UTF-8; sla het op als UTF-8", line)
        text = text.replace("\r\n", "\n")
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
        fm_text = "\n".join(lines[1:closing])
        try:
            meta = frontmatter.YAMLHandler().load(fm_text)
        except yaml.YAMLError as exc:
            self.fail("front-matter.yaml", _yaml_problem(exc), _yaml_line(exc))
        except Exception as exc:  # odd input: integers too long, nesting too deep
            self.fail("front-matter.yaml", f"front matter kan niet gelezen worden: {exc}", 2)
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            self.fail(
                "front-matter.yaml", "front matter moet bestaan uit velden (sleutel: waarde)", 2
            )
        self.meta: dict = meta
        self.body: str = "\n".join(lines[closing + 1 :]).strip()
        after = [n for n in range(closing + 1, len(lines)) if lines[n].strip()]
        self.body_line = (after[0] if after else closing + 1) + 1
        """The file's line of the body's first line (`body` starts at its first text)."""
        self.lines, duplicates = _key_map(fm_text)
        for path, first, second in duplicates[:1]:
            key = ".".join(str(part) for part in path)
            self.fail(
                "front-matter.duplicate-key",
                f"sleutel '{key}' staat twee keer in de front matter (regel {first} en "
                f"{second}); houd er één over",
                second,
            )

    def fail(self, rule: str, message: str, line: int | None = None):
        raise ContentError(error(self.display, rule, message, line))

    def line_of(self, loc: tuple) -> int | None:
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def validate(self, model: type[BaseModel], context: dict) -> BaseModel:
        try:
            return model.model_validate(self.meta, context=context)
        except ValidationError as exc:
            raise ContentError(self._finding(model, exc.errors()[0])) from None

    def _finding(self, model: type[BaseModel], problem: dict) -> Finding:
        loc = _key_path(problem["loc"])
        kind = problem["type"]
        if kind == "missing_alt":
            message = problem["msg"]
            return error(
                self.display, "front-matter.missing-alt", message, self.line_of(("image",))
            )
        key = ".".join(str(part) for part in loc) or "(front matter)"
        line = self.line_of(loc)
        if kind == "extra_forbidden":
            allowed = sorted(_fields_at(model, loc[:-1]))
            guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f" Bedoelde je '{guess[0]}'?" if guess else ""
            message = f"onbekende sleutel '{key}'.{hint} Toegestaan: {', '.join(allowed)}"
            return error(self.display, "front-matter.unknown-key", message, line)
        if kind == "missing":
            message = f"verplichte sleutel '{key}' ontbreekt"
            return error(self.display, "front-matter.missing-key", message, line or 2)
        if kind in ("literal_error", "enum"):
            expected = problem.get("ctx", {}).get("expected", "").replace("' or '", "' of '")
            message = f"'{key}' heeft waarde {_short(problem.get('input'))}; toegestaan: {expected}"
            return error(self.display, "front-matter.enum", message, line)
        if kind.startswith(("date", "datetime")):
            message = (
                f"'{key}' is geen geldige datum ({_short(problem.get('input'))}); "
                "schrijf ISO 8601, "
                "zoals 2027-03-12 of 2027-03-12T19:30"
            )
            return error(self.display, "front-matter.date", message, line)
        text = problem["msg"].removeprefix("Value error, ")
        message = f"'{key}': {_dutch(text)} (nu: {_short(problem.get('input'))})"
        return error(self.display, "front-matter.invalid", message, line)


def _yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 2 if mark else None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and mark and mark.line + 2 != _yaml_line(exc):
        problem += f" ({context}, begonnen op regel {mark.line + 2})"
    return (
        f"ongeldige YAML in de front matter: {problem}. Controleer inspringing, dubbele "
        "punten en aanhalingstekens"
    )


def _dutch(message: str) -> str:
    replacements = {
        "Input should be a valid string": "verwacht tekst",
        "Input should be a valid list": "verwacht een lijst, zoals [a, b]",
        "Input should be a valid dictionary": "verwacht velden (sleutel: waarde)",
        "Input should be a valid boolean": "verwacht true of false",
        "Input should be a valid integer": "verwacht een geheel getal",
        "Input should be a valid number": "verwacht een getal",
        "String should have at least 1 character": "mag niet leeg zijn",
        "List should have at least 1 item": "noem er minstens één",
        "Input should be a valid tuple": "verwacht [x, y]",
    }
    for english, dutch in replacements.items():
        if message.startswith(english):
            return dutch
    match = re.match(r"String should have at most (\d+) characters?", message)
    if match:
        return f"mag hoogstens {match.group(1)} tekens lang zijn"
    return message


def _short(value: object) -> str:
    """A short view of what the editor wrote; never the whole of a (huge, nested) value."""
    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxdict, short.maxstring = 2, 4, 4, 50
    text = short.repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _key_path(loc: tuple) -> tuple:
    """Pydantic's error location without its own markers (`[key]`, union member names)."""
    return tuple(
        part
        for part in loc
        if isinstance(part, int)
        or not (
            part == "[key]" or part in MODEL_NAMES or part.startswith(("literal[", "function-"))
        )
    )


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The allowed keys at a nested location, for the "unknown key" hint."""
    current: type[BaseModel] | None = model
    parts = iter(loc)
    for part in parts:
        if current is None:
            break
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        if typing.get_origin(info.annotation) is dict:
            next(parts, None)
        current = _model_in(info.annotation)
    return list(current.model_fields) if current else []


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def key_lines(fm_text: str) -> dict[tuple, int]:
    """Map each key path in the front matter to its line in the file (front matter starts on 2)."""
    return _key_map(fm_text)[0]


def _key_map(fm_text: str) -> tuple[dict[tuple, int], list[tuple[tuple, int, int]]]:
    """The line of every key path, and every key written twice in one mapping (YAML keeps the
    last one silently): (path, first line, second line)."""
    lines: dict[tuple, int] = {}
    duplicates: list[tuple[tuple, int, int]] = []
    try:
        node = yaml.compose(fm_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
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
    from ..render.images import check_image

    try:
        check_image(path, display=shown(path, root))
    except ContentError as exc:
        message = f"image '{value}': {exc.finding.message}"
        raise ContentError(
            Finding(document.display, line, "error", exc.finding.rule, message)
        ) from None
    return path


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


def load_journey(folder: Path, root: Path, context: dict, findings: list[Finding]) -> Journey:
    document = Document(folder / "index.md", root)
    meta = document.validate(JourneyMeta, context)
    journey = Journey(slug=folder.name, meta=meta, **_file_parts(document, folder, meta, root))
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
            step = load_step(path, folder, root, context, number)
        except ContentError as exc:
            findings.append(exc.finding)
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


def load_step(path: Path, folder: Path, root: Path, context: dict, position: int) -> Step:
    document = Document(path, root)
    match = STEP_NUMBER.match(path.stem)
    slug = match.group(2) if match and match.group(2) else path.stem
    if not SLUG.fullmatch(slug):
        document.fail(
            "step.slug",
            f"de bestandsnaam geeft de stap-slug '{slug}'; gebruik kleine letters, cijfers en "
            "streepjes, zoals 01-eerste-gesprek.md",
        )
    meta = document.validate(StepMeta, context)
    return Step(slug=slug, number=position, meta=meta, **_file_parts(document, folder, meta, root))


def load_story(folder: Path, root: Path, context: dict) -> Story:
    document = Document(folder / "index.md", root)
    meta = document.validate(StoryMeta, context)
    return Story(slug=folder.name, meta=meta, **_file_parts(document, folder, meta, root))


def _file_parts(document: Document, folder: Path, meta, root: Path) -> dict:
    """The `ContentFile` fields of a validated document."""
    return {
        "source": document.path,
        "body": document.body,
        "body_line": document.body_line,
        "lines": document.lines,
        "image": resolve_image(document, folder, meta.image, root),
    }


def load_content(root: Path, audiences: Iterable[str] | None = None) -> Content:
    """Load every journey and story under `root`; broken files become findings."""
    root = Path(root).resolve()
    content = Content()
    context = {"audiences": list(audiences) if audiences is not None else None}
    for folder in _content_folders(root / "journeys", content.findings, root):
        try:
            content.journeys.append(load_journey(folder, root, context, content.findings))
        except ContentError as exc:
            content.findings.append(exc.finding)
    for folder in _content_folders(root / "stories", content.findings, root):
        try:
            content.stories.append(load_story(folder, root, context))
        except ContentError as exc:
            content.findings.append(exc.finding)
    return content
