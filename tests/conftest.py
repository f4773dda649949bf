"""Shared test helpers: small reisverhaal projects in a temporary folder, and real builds.

Other test modules import these directly (`from conftest import SiteProject, build`):

* `SiteProject(root)` writes `mkdocs.yml`, `docs/index.md`, journeys, steps, stories and
  real Pillow images; `SiteProject.small(root)` is a site with one journey of three steps and
  one story with valid consent linked from a step.
* `build(root, strict=False)` runs a real MkDocs build in this process and returns the site
  folder and every log message; "today" is `TODAY` through `SOURCE_DATE_EPOCH`.
* `tree_bytes(folder)` maps every file under a folder to its bytes, for byte-for-byte checks.
* `forget_last_build(root)` removes the stored results of the last build (`snapshot`, `parts`), so
  that the next build runs the whole pipeline.
* `rendered_html(output)` is a generated page's front matter and its HTML, converted as the
  plugin has MkDocs convert it; `rendered_page(output)` the same with the HTML parsed.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import settings as hypothesis_settings
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from PIL import Image

from reisverhaal.core.output import Output, fill_raw_html
from reisverhaal.pipeline import parts, snapshot
from reisverhaal.plugin import MARKDOWN_EXTENSIONS

# Examples are judged on what they find, not on how fast they run: on a shared CI machine two
# workers and a browser compete for two cores, and the first example of a test often loads a
# word list or a font. A deadline there fails a correct test at random.
hypothesis_settings.register_profile("reisverhaal", deadline=None)
hypothesis_settings.load_profile("reisverhaal")

os.environ["NO_MKDOCS_2_WARNING"] = "1"

SITE_URL = "https://zorg.example.nl/"
TODAY = date(2027, 1, 15)
EPOCH = int(datetime(2027, 1, 15, 12, 0, tzinfo=UTC).timestamp())
AUDIENCES = {
    "ouderen": {"label": "Ouderen", "post_time": "10:00"},
    "mantelzorgers": {"label": "Mantelzorgers", "post_time": "19:30"},
}
HOME = "# Welkom\n\nHier lees je wat je kunt verwachten.\n"


def front_matter(meta: dict, body: str = "") -> str:
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---\n{body}"


def journey_meta(**overrides) -> dict:
    meta = {
        "title": "Je nieuwe knie",
        "kind": "treatment",
        "summary": "Van het eerste gesprek tot weer fietsen.",
        "audiences": ["ouderen"],
        "themes": ["zelfstandig-thuis"],
        "date": datetime(2027, 3, 12, 9, 0),
    }
    return _merged(meta, overrides)


def step_meta(**overrides) -> dict:
    meta = {
        "title": "Het eerste gesprek",
        "phase": "before",
        "when": "-14d",
        "summary": "In het eerste gesprek hoor je wat er gaat gebeuren.",
    }
    return _merged(meta, overrides)


def consent_meta(**overrides) -> dict:
    meta = {
        "reference": "TF-2026-014",
        "given": date(2026, 6, 1),
        "channels": ["website", "newsletter", "facebook"],
    }
    return _merged(meta, overrides)


def story_meta(**overrides) -> dict:
    meta = {
        "title": "Wilma fietst weer",
        "person": "Wilma",
        "role": "client",
        "quote": "Na zes weken zat ik weer op de fiets.",
        "summary": "Wilma kreeg een nieuwe knie en vertelt hoe het ging.",
        "journeys": ["knie"],
        "consent": consent_meta(),
    }
    return _merged(meta, overrides)


def _merged(meta: dict, overrides: dict) -> dict:
    """`overrides` win; a value of `OMIT` removes the key."""
    merged = {**meta, **overrides}
    return {key: value for key, value in merged.items() if value is not OMIT}


OMIT = object()


def write_image(path: Path, size=(640, 480), color=(40, 120, 90), fmt: str = "JPEG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, fmt)
    return path


def bomb_png(width: int, height: int) -> bytes:
    """A PNG that claims width×height pixels but holds almost no data (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def line_of(path: Path, start: str) -> int:
    """The number of the first line in `path` that starts with `start` (after indentation)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.lstrip().startswith(start))


@dataclass
class SiteProject:
    """A reisverhaal project in a folder, written file by file."""

    root: Path
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        self.root.mkdir(parents=True, exist_ok=True)
        self.options = {
            "organisation": "Zorggroep Test",
            "audiences": AUDIENCES,
            **self.options,
        }
        self.write_config()
        self.write("docs/index.md", HOME)

    @classmethod
    def small(cls, root: Path, **options) -> SiteProject:
        project = cls(root, options)
        project.journey("knie")
        project.step("knie", "01-eerste-gesprek.md", story="wilma-fietst")
        project.step(
            "knie",
            "02-operatie.md",
            title="De operatie",
            phase="during",
            when="0d",
            summary="Op de dag van de operatie krijg je een nieuwe knie.",
            expect="Je slaapt tijdens de operatie.",
        )
        project.step(
            "knie",
            "03-thuis.md",
            title="Weer thuis",
            phase="after",
            when="+3d",
            summary="Thuis oefen je elke dag een beetje.",
            outcome="Na zes weken loop je weer zonder krukken.",
        )
        project.story("wilma-fietst")
        return project

    def illustrate(self) -> SiteProject:
        """Give the small site's journey, first step and story a photo (story: with consent)."""
        self.image("journeys/knie/media/knie.jpg", size=(1800, 1200))
        self.journey("knie", image="media/knie.jpg", image_alt="Een knie in verband.")
        self.image("journeys/knie/media/gesprek.jpg", size=(600, 900), color=(10, 20, 200))
        self.step(
            "knie",
            "01-eerste-gesprek.md",
            story="wilma-fietst",
            image="media/gesprek.jpg",
            image_alt="Een arts praat met een vrouw.",
        )
        self.image("stories/wilma-fietst/wilma.jpg")
        self.story(
            "wilma-fietst",
            image="wilma.jpg",
            image_alt="Wilma op haar fiets.",
            consent=consent_meta(photo=True),
        )
        return self

    def write_config(self, **extra) -> Path:
        config = {
            "site_name": "Zorggroep Test",
            "site_url": SITE_URL,
            "theme": {"name": "material", "language": "nl"},
            "plugins": ["search", {"reisverhaal": self.options}],
            **extra,
        }
        return self.write("mkdocs.yml", yaml.safe_dump(config, sort_keys=False))

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def journey(self, slug: str, body: str = "Zo gaat het, stap voor stap.\n", **meta) -> Path:
        return self.write(f"journeys/{slug}/index.md", front_matter(journey_meta(**meta), body))

    def step(
        self, journey: str, filename: str, body: str = "Je praat met de arts.\n", **meta
    ) -> Path:
        return self.write(f"journeys/{journey}/{filename}", front_matter(step_meta(**meta), body))

    def story(self, slug: str, body: str = "Ik was eerst bang.\n", **meta) -> Path:
        return self.write(f"stories/{slug}/index.md", front_matter(story_meta(**meta), body))

    def image(self, relative: str, **kwargs) -> Path:
        return write_image(self.root / relative, **kwargs)


@pytest.fixture
def site_project(tmp_path: Path) -> SiteProject:
    """The small site: one journey with three steps and one consented story."""
    return SiteProject.small(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> SiteProject:
    """`mkdocs.yml` and a home page, no content yet."""
    return SiteProject(tmp_path / "project")


@dataclass
class LogMessage:
    level: str
    logger: str
    text: str


@dataclass
class Build:
    site: Path
    messages: list[LogMessage]

    def logged(self, level: str | None = None) -> list[str]:
        return [m.text for m in self.messages if level is None or m.level == level]

    def warnings(self) -> list[str]:
        return [m.text for m in self.messages if m.level in ("WARNING", "ERROR")]

    def page(self, uri: str) -> str:
        """The HTML of a site path such as `trajecten/knie/` or `index.html`."""
        path = self.site / uri
        if uri.endswith("/") or not uri:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[LogMessage] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(LogMessage(record.levelname, record.name, record.getMessage()))


@contextlib.contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set (or with None, unset) environment variables for the duration of the block."""
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build(
    root: Path, strict: bool = False, epoch: int | None = EPOCH, site_dir: Path | None = None
) -> Build:
    """A real `mkdocs build` of the project at `root`, in this process.

    Raises what MkDocs raises (`mkdocs.exceptions.Abort` when `strict` finds warnings, or on a
    plugin error), with every log message of the build added as a note ("LEVEL: text").
    """
    root = Path(root)
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    epoch_value = None if epoch is None else str(epoch)
    try:
        with (
            environment(SOURCE_DATE_EPOCH=epoch_value, NO_MKDOCS_2_WARNING="1"),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            config = load_config(
                config_file=str(root / "mkdocs.yml"),
                strict=strict,
                site_dir=str(site_dir or root / "site"),
            )
            mkdocs_build(config)
    except Exception as exc:
        for message in handler.messages:
            exc.add_note(f"{message.level}: {message.text}")
        raise
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Build(site=Path(config.site_dir), messages=handler.messages)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path, with its bytes (symlinks as targets)."""
    result = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[relative] = b"symlink:" + os.readlink(path).encode()
        elif path.is_file():
            result[relative] = path.read_bytes()
    return result


def forget_last_build(root: Path) -> None:
    cache = Path(root) / ".cache" / "reisverhaal"
    (cache / snapshot.FILE).unlink(missing_ok=True)
    shutil.rmtree(cache / parts.FOLDER, ignore_errors=True)


def rendered_html(output: Output) -> tuple[str, str]:
    """A generated page's front matter, and its Markdown as MkDocs renders it with the
    extensions the plugin enables, with the page's raw HTML blocks put back."""
    front, body = output.content.removeprefix("---\n").split("\n---\n", 1)
    html = markdown.markdown(
        body, extensions=list(MARKDOWN_EXTENSIONS), extension_configs=MARKDOWN_EXTENSIONS
    )
    return front, fill_raw_html(html, output.raw_html)


def rendered_page(output: Output) -> tuple[str, BeautifulSoup]:
    front, html = rendered_html(output)
    return front, BeautifulSoup(html, "html.parser")
