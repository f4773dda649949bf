"""The last build's result, reused while nothing it was made from has changed.

Without it, a build with nothing changed would load, check and render every journey and
story again (seconds for a large site) and read every photo to find its image cache entry,
only to produce the same files. The result is stored in the cache as JSON (data only: a
restored CI cache comes from other branches and forks, so reading it must never run code)
together with a fingerprint of everything it was made from:

* the settings, with the build's date (consent and what is due depend on the day);
* this package's own files, the Python version and the folders of installed libraries
  (an install or upgrade changes them);
* every file under `journeys/`, `stories/` and `templates/`, and the brand logo: text by
  its content, other files (photos) by size, modification and change time and inode.

A result is stored only under the fingerprint of exactly what it was made from: the build
takes the fingerprint again after the pipeline ran, this time with every file's change time
too, and stores nothing when anything was written in between (an editor saving while
`mkdocs serve` rebuilds, a `git pull` during a build). The result is reused only when the
fingerprint is the same and every cached file it refers to is as the last build left it
(size, modification and change time, inode, noted after the build linked them into the site
and compared before the next build cleans it, see `record`: a file edited in place, even
with its time set back, has a new change time); otherwise the pipeline runs in full. So a reused
result is always the one a full build would give: a story whose consent ended, changed, or
was withdrawn since the last build is never published from here. Anything unreadable,
unexpected or pointing outside the cache counts as no stored result.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.findings import Finding, cache_problem, shown
from ..core.output import Output, SiteFiles, write_atomic

if TYPE_CHECKING:
    from ..core.settings import Settings

FILE = "site.json"
STAMPS = "site-files.json"
VERSION = b"reisverhaal-snapshot-2"
PACKAGE = Path(__file__).resolve().parent.parent
CONTENT_FOLDERS = ("journeys", "stories", "templates")
LIBRARY_FOLDERS = ("site-packages", "dist-packages")
"""Where installed libraries live: installing, upgrading or removing one changes the folder."""
TEXT_SUFFIXES = frozenset(
    {".md", ".markdown", ".yml", ".yaml", ".j2", ".html", ".mjml", ".txt", ".json", ".css"}
)
"""Files fingerprinted by their content: what editors and the package write by hand."""
MAX_TEXT_BYTES = 20_000_000
"""Larger "text" files count by their size and times: reading a huge file only to hash it
would cost the build its memory (the loader refuses such files anyway)."""
LEVELS = frozenset({"error", "warning", "info"})


@dataclass(frozen=True)
class State:
    """The fingerprint a result is stored under (`key`), and the same with every file's size,
    times and inode (`guard`): equal guards before and after the pipeline mean that nothing
    was written while it ran, so the result is made from exactly what `key` describes."""

    key: str
    guard: str


def fingerprint(settings: Settings) -> str:
    return state(settings).key


def state(settings: Settings) -> State:
    key = hashlib.blake2b(VERSION, digest_size=32)
    stamps = hashlib.blake2b(digest_size=32)
    key.update(repr(settings).encode())
    key.update(sys.version.encode())
    for entry in sys.path:
        if Path(entry).name in LIBRARY_FOLDERS:
            with suppress(OSError):
                key.update(f"{entry} {os.stat(entry).st_mtime_ns}\n".encode())
    _add_tree(key, stamps, PACKAGE, skip=("__pycache__",))
    for name in CONTENT_FOLDERS:
        _add_tree(key, stamps, settings.root / name)
    if settings.brand_logo:
        _add_file(key, stamps, settings.brand_logo, settings.brand_logo.name)
    key = key.hexdigest()
    stamps.update(key.encode())
    return State(key, stamps.hexdigest())


def _add_tree(key, stamps, root: Path, skip: tuple[str, ...] = ()) -> None:
    key.update(f"tree {root}\n".encode())
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in skip)
        key.update(f"folder {Path(folder).relative_to(root).as_posix()}\n".encode())
        for name in sorted(files):
            path = Path(folder, name)
            _add_file(key, stamps, path, path.relative_to(root).as_posix())


def _add_file(key, stamps, path: Path, name: str) -> None:
    try:
        stat = path.stat()
        stamp = f"file {name} {_stamp(stat)}\n".encode()
        if path.suffix.lower() in TEXT_SUFFIXES and stat.st_size <= MAX_TEXT_BYTES:
            data = path.read_bytes()
            key.update(f"file {name} {len(data)}\n".encode())
            key.update(data)
            stamps.update(stamp)
        else:
            key.update(stamp)
    except OSError:
        key.update(f"unreadable {name}\n".encode())


def _stamp(stat: os.stat_result) -> str:
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


def load(settings: Settings, key: str, untouched: str | None) -> SiteFiles | None:
    """The stored result for this fingerprint, or None. `untouched` is the fingerprint whose
    cached files nothing has written since the last build linked them (`untouched`)."""
    if untouched != key:
        return None
    try:
        with open(settings.cache_dir / FILE, "rb") as handle:
            if handle.readline().rstrip(b"\n") != VERSION + b" " + key.encode():
                return None
            return _site(json.loads(handle.read()), settings)
    except Exception:  # a missing, old, damaged or crafted snapshot only means a full build
        return None


def save(settings: Settings, key: str, site: SiteFiles) -> Finding | None:
    """Store the result under its fingerprint. A cache that cannot be written only costs the
    next build its speed."""
    header = VERSION + b" " + key.encode() + b"\n"
    stored = json.dumps(_plain(site), ensure_ascii=False).encode("utf-8")
    path = settings.cache_dir / FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, header + stored)
    except OSError as exc:
        return Finding(
            shown(path, settings.root),
            None,
            "info",
            "cache.write",
            f"het resultaat van deze build is niet bewaard ({cache_problem(exc)}); de volgende "
            "build doet alles opnieuw",
        )
    return None


def record(settings: Settings, key: str, site: SiteFiles) -> None:
    """After the build has linked the cached files into the site: note each one's size,
    times and inode. Linking and unlinking change a file's change time too, so this is
    noted after the build's own links, and compared (`untouched`) before the next build
    cleans the site folder. Whatever writes a cached file in between (an image tool run
    over `site/`, which reaches the cache through the link, even one that sets the
    modification time back) changes its change time, and the next build runs in full, which
    checks every cached file by its content."""
    cache = settings.cache_dir
    sources = {str(o.source) for o in site.outputs if o.source and o.source.is_relative_to(cache)}
    files = [[name, _signature(name)] for name in sorted(sources)]
    with suppress(OSError):
        write_atomic(cache / STAMPS, json.dumps({"key": key, "files": files}).encode())


def untouched(settings: Settings) -> str | None:
    """The fingerprint of the last build whose cached files are as it left them, or None.
    Called before the site folder is cleaned (which changes their change times)."""
    try:
        noted = json.loads((settings.cache_dir / STAMPS).read_bytes())
        key, files = _text(noted["key"]), noted["files"]
        unchanged = all(_signature(name) == signature for name, signature in files)
    except Exception:  # missing or damaged: a full build
        return None
    return key if unchanged else None


CACHE_FOLDERS = ("images", "files")


def unwritable(settings: Settings) -> Finding | None:
    """Why the cache cannot be written, found by writing a file into each of its folders
    (a read-only cache still builds, without it), or None."""
    for folder in (settings.cache_dir, *(settings.cache_dir / name for name in CACHE_FOLDERS)):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".schrijfproef.{os.getpid()}"
            write_atomic(probe, b"")
            probe.unlink()
        except OSError as exc:
            return Finding(
                shown(folder, settings.root),
                None,
                "info",
                "cache.unwritable",
                f"de cache is niet te schrijven ({cache_problem(exc)}); deze build maakt alles "
                "opnieuw in een tijdelijke map en bewaart niets",
            )
    return None


def _signature(path: Path | str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


# The result as plain data and back


def _plain(site: SiteFiles) -> dict:
    return {
        "outputs": [
            [
                o.uri,
                _content(o.content),
                None if o.source is None else str(o.source),
                o.public,
                o.fallback,
                list(o.raw_html),
            ]
            for o in site.outputs
        ],
        "findings": [[f.path, f.line, f.level, f.rule, f.message] for f in site.findings],
        "nav": site.nav,
        "images": [site.images_made, site.images_cached],
    }


def _content(content: str | bytes | None) -> str | dict | None:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode("ascii")}
    return content


def _site(plain: dict, settings: Settings) -> SiteFiles:
    """The stored result, checked field by field: anything else raises."""
    made, cached = plain["images"]
    allowed = (f"{settings.cache_dir}{os.sep}", f"{PACKAGE}{os.sep}")
    return SiteFiles(
        outputs=[_output(*entry, allowed=allowed) for entry in plain["outputs"]],
        findings=[_finding(*entry) for entry in plain["findings"]],
        nav=_nav(plain["nav"]),
        images_made=_whole(made),
        images_cached=_whole(cached),
    )


def _output(uri, content, source, public, fallback, raw_html, *, allowed) -> Output:
    if isinstance(content, dict):
        content = base64.b64decode(content["base64"], validate=True)
    if source is not None:
        if not _text(source).startswith(allowed) or f"{os.sep}..{os.sep}" in source:
            raise ValueError("a stored file outside the cache")
        source = Path(source)
    if not (content is None or isinstance(content, str | bytes)):
        raise ValueError("content")
    return Output(
        uri=_text(uri),
        content=content,
        source=source,
        public=_flag(public),
        fallback=_flag(fallback),
        raw_html=tuple(_text(piece) for piece in raw_html),
    )


def _finding(path, line, level, rule, message) -> Finding:
    if line is not None:
        line = _whole(line)
    if level not in LEVELS:
        raise ValueError("level")
    return Finding(_text(path), line, level, _text(rule), _text(message))


def _nav(entry):
    if isinstance(entry, str):
        return entry
    if isinstance(entry, list):
        return [_nav(item) for item in entry]
    if isinstance(entry, dict):
        return {_text(name): _nav(value) for name, value in entry.items()}
    raise ValueError("nav")


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError("flag")
    return value


def _whole(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("number")
    return value
