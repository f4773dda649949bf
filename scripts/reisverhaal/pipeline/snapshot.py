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
  its content, other files (photos) by size, modification and change time and inode; and the
  names of the files in `docs/` (links in bodies may lead there).

A result is stored only under the fingerprint of exactly what it was made from: the build
takes every file's size, times and inode (`guard`) before and after the pipeline ran, and
stores nothing when anything was written in between (an editor saving while `mkdocs serve`
rebuilds, a `git pull` during a build). The result is reused only when the fingerprint is
the same and every cached file it refers to is as the last build left it (size, modification
and change time, inode, noted after the build linked them into the site and compared before
the next build cleans it, see `record`: a file edited in place, even with its time set back,
has a new change time); otherwise the pipeline runs, reusing what it can per journey and
story (`parts`). So a reused result is always the one a full build would give: a story whose
consent ended, changed, or was withdrawn since the last build is never published from here.
Anything unreadable, unexpected or pointing outside the cache counts as no stored result.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.findings import Finding, cache_problem, shown
from ..core.output import SiteFiles, write_atomic
from . import stored

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


@dataclass(frozen=True)
class State:
    """The fingerprint a result is stored under (`key`), and every file's size, times and
    inode (`guard`): equal guards before and after the pipeline mean that nothing was
    written while it ran, so the result is made from exactly what `key` describes.

    The key is made of parts that the results per journey and story (`parts`) are keyed by
    too: `base`, everything but journeys and stories (settings with the build's date,
    `code`, templates and the brand logo); `files`, the
    digest of each file and folder under `journeys/` and `stories/`; and `docs`, the names of
    the hand-written pages, which links in bodies may reach."""

    key: str
    guard: str
    base: str = ""
    files: Mapping[str, str] = field(default_factory=dict)
    docs: str = ""
    code: str = ""
    """The package, Python and the installed libraries (`code_key`), part of `base`."""


def fingerprint(settings: Settings) -> str:
    return state(settings).key


def state(settings: Settings) -> State:
    guarded = guard(settings)  # first: a file written while the digests are taken shows
    code = code_key()
    base = hashlib.blake2b(code.encode(), digest_size=32)
    base.update(repr(settings).encode())
    base.update(f"tree {settings.root / 'templates'}\n".encode())
    for name, digest in _tree(settings.root / "templates"):
        base.update(f"{name} {digest}\n".encode())
    if settings.brand_logo:
        base.update(f"logo {_file_digest(settings.brand_logo)}\n".encode())
    files = {
        f"{folder}/{name}": digest
        for folder in CONTENT_FOLDERS
        if folder != "templates"
        for name, digest in _tree(settings.root / folder)
    }
    docs = hashlib.blake2b(digest_size=16)
    for name, _digest in _tree(settings.root / "docs", digests=False):
        docs.update(f"{name}\n".encode())
    key = hashlib.blake2b(base.digest(), digest_size=32)
    key.update(docs.digest())
    for name, digest in sorted(files.items()):
        key.update(f"{name} {digest}\n".encode())
    return State(key.hexdigest(), guarded, base.hexdigest(), files, docs.hexdigest(), code)


def code_key() -> str:
    """The package's own files, the Python version and the folders of installed libraries:
    what the build's code is, whatever it builds."""
    code = hashlib.blake2b(VERSION, digest_size=32)
    code.update(sys.version.encode())
    for entry in sys.path:
        if Path(entry).name in LIBRARY_FOLDERS:
            with suppress(OSError):
                code.update(f"{entry} {os.stat(entry).st_mtime_ns}\n".encode())
    code.update(f"tree {PACKAGE}\n".encode())
    for name, digest in _tree(PACKAGE, ("__pycache__",)):
        code.update(f"{name} {digest}\n".encode())
    return code.hexdigest()


def folder_digest(root: Path) -> str:
    """Every file under `root` by its content (text) or stamp (other files)."""
    digest = hashlib.blake2b(digest_size=20)
    for name, file_digest in _tree(root, ("__pycache__",)):
        digest.update(f"{name} {file_digest}\n".encode())
    return digest.hexdigest()


def guard(settings: Settings) -> str:
    """Every file's size, times and inode, and the names of every folder: anything written
    changes a file's change time."""
    stamps = hashlib.blake2b(digest_size=32)
    trees = [PACKAGE, *(settings.root / name for name in CONTENT_FOLDERS), settings.root / "docs"]
    for root in trees:
        stamps.update(f"tree {root}\n".encode())
        for name, stamp in _tree(root, ("__pycache__",), digests=False, stamps=True):
            stamps.update(f"{name} {stamp}\n".encode())
    if settings.brand_logo:
        stamps.update(f"logo {_stamp_of(settings.brand_logo)}\n".encode())
    return stamps.hexdigest()


def _tree(root: Path, skip: tuple[str, ...] = (), digests=True, stamps=False):
    """(path from `root`, digest) of every folder (ending in /) and file under `root`, in a
    stable order; without `digests` only the names, with `stamps` each file's stamp."""
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in skip)
        here = Path(folder).relative_to(root).as_posix()
        prefix = "" if here == "." else f"{here}/"
        yield prefix or "./", "folder"
        for name in sorted(files):
            path = Path(folder, name)
            if stamps:
                yield prefix + name, _stamp_of(path)
            else:
                yield prefix + name, _file_digest(path) if digests else ""


def _file_digest(path: Path) -> str:
    """Text by its content, other files (photos) by size, times and inode."""
    try:
        stat = path.stat()
        if path.suffix.lower() in TEXT_SUFFIXES and stat.st_size <= MAX_TEXT_BYTES:
            return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
        return f"file {_stamp(stat)}"
    except OSError:
        return "unreadable"


def _stamp_of(path: Path) -> str:
    try:
        return _stamp(path.stat())
    except OSError:
        return "unreadable"


def _stamp(stat: os.stat_result) -> str:
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


def load(settings: Settings, key: str, untouched: Untouched | None) -> SiteFiles | None:
    """The stored result for this fingerprint, or None. `untouched` says which cached files
    nothing has written since the last build linked them, and that build's fingerprint."""
    if untouched is None or untouched.key != key or not untouched.whole:
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
    data = json.dumps(_plain(site), ensure_ascii=False).encode("utf-8")
    path = settings.cache_dir / FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, header + data)
    except OSError as exc:
        return not_stored(settings, path, exc)
    return None


def not_stored(settings: Settings, path: Path, exc: OSError) -> Finding:
    return Finding(
        shown(path, settings.root),
        None,
        "info",
        "cache.write",
        f"het resultaat van deze build is niet bewaard ({cache_problem(exc)}); de volgende "
        "build doet alles opnieuw",
    )


def record(settings: Settings, key: str, site: SiteFiles) -> None:
    """After the build has linked the cached files into the site: note each one's size,
    times and inode. Linking and unlinking change a file's change time too, so this is
    noted after the build's own links, and compared (`untouched`) before the next build
    cleans the site folder. Whatever writes a cached file in between (an image tool run
    over `site/`, which reaches the cache through the link, even one that sets the
    modification time back) changes its change time, and the next build remakes what
    refers to it (the journey or story whose image it is, files of the whole site), checking
    each of their cached files by its content."""
    cache = settings.cache_dir
    inside = f"{cache}{os.sep}"
    sources = {str(o.source) for o in site.outputs if o.source and str(o.source).startswith(inside)}
    files = [[name, _signature(name)] for name in sorted(sources)]
    with suppress(OSError):
        write_atomic(cache / STAMPS, json.dumps({"key": key, "files": files}).encode())


@dataclass(frozen=True)
class Untouched:
    """What the last build noted (`record`) and is still so: its fingerprint, and the cached
    files it linked into the site that nothing has written since. `whole`: all of them."""

    key: str
    files: frozenset[str]
    whole: bool


def untouched(settings: Settings) -> Untouched | None:
    """The cached files of the last build that are as it left them, or None. Called before
    the site folder is cleaned (which changes their change times)."""
    try:
        noted = json.loads((settings.cache_dir / STAMPS).read_bytes())
        key, files = stored.text(noted["key"]), noted["files"]
        same = {stored.text(name) for name, signature in files if _signature(name) == signature}
    except Exception:  # missing or damaged: a full build
        return None
    return Untouched(key, frozenset(same), len(same) == len(files))


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
        "outputs": [stored.plain_output(output) for output in site.outputs],
        "findings": [stored.plain_finding(finding) for finding in site.findings],
        "nav": site.nav,
        "images": [site.images_made, site.images_cached],
    }


def allowed_folders(settings: Settings) -> tuple[str, ...]:
    """Where a stored output's file may lie: the cache, or the package (assets)."""
    return (f"{settings.cache_dir}{os.sep}", f"{PACKAGE}{os.sep}")


def _site(plain: dict, settings: Settings) -> SiteFiles:
    """The stored result, checked field by field: anything else raises."""
    made, cached = plain["images"]
    allowed = allowed_folders(settings)
    return SiteFiles(
        outputs=[stored.output_from(entry, allowed) for entry in plain["outputs"]],
        findings=[stored.finding_from(entry) for entry in plain["findings"]],
        nav=stored.nav_from(plain["nav"]),
        images_made=stored.whole(made),
        images_cached=stored.whole(cached),
    )
