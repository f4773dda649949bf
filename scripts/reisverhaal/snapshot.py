"""The last build's result, reused while nothing it was made from has changed.

Without it, a build with nothing changed would load, check and render every journey and
story again (seconds for a large site) and read every photo to find its image cache entry,
only to produce the same files. The result is stored in the cache together with a
fingerprint of everything it was made from:

* the settings, with the build's date (consent and what is due depend on the day);
* this package's own files, the Python version and the folders of installed libraries
  (an install or upgrade changes them);
* every file under `journeys/`, `stories/` and `templates/`, and the brand logo: text by
  its content, other files (photos) by size, modification and change time and inode.

The result is reused only when the fingerprint is the same and every image it refers to is
still the file the image cache wrote; otherwise the pipeline runs in full. So a reused
result is always the one a full build would give: a story whose consent ended, changed, or
was withdrawn since the last build is never published from here.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from .render.output import write_atomic

if TYPE_CHECKING:
    from .config import Settings
    from .pipeline import SiteFiles

FILE = "site.pickle"
VERSION = b"reisverhaal-snapshot-1"
PACKAGE = Path(__file__).resolve().parent
CONTENT_FOLDERS = ("journeys", "stories", "templates")
LIBRARY_FOLDERS = ("site-packages", "dist-packages")
"""Where installed libraries live: installing, upgrading or removing one changes the folder."""
TEXT_SUFFIXES = frozenset(
    {".md", ".markdown", ".yml", ".yaml", ".j2", ".html", ".mjml", ".txt", ".json", ".css"}
)
"""Files fingerprinted by their content: what editors and the package write by hand."""


def fingerprint(settings: Settings) -> str:
    digest = hashlib.blake2b(VERSION, digest_size=32)
    digest.update(repr(settings).encode())
    digest.update(sys.version.encode())
    for entry in sys.path:
        if Path(entry).name in LIBRARY_FOLDERS:
            with suppress(OSError):
                digest.update(f"{entry} {os.stat(entry).st_mtime_ns}\n".encode())
    _add_tree(digest, PACKAGE, skip=("__pycache__",))
    for name in CONTENT_FOLDERS:
        _add_tree(digest, settings.root / name)
    if settings.brand_logo:
        _add_file(digest, settings.brand_logo, settings.brand_logo.name)
    return digest.hexdigest()


def _add_tree(digest, root: Path, skip: tuple[str, ...] = ()) -> None:
    digest.update(f"tree {root}\n".encode())
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in skip)
        digest.update(f"folder {Path(folder).relative_to(root).as_posix()}\n".encode())
        for name in sorted(files):
            path = Path(folder, name)
            _add_file(digest, path, path.relative_to(root).as_posix())


def _add_file(digest, path: Path, name: str) -> None:
    try:
        if path.suffix.lower() in TEXT_SUFFIXES:
            digest.update(f"file {name} {len(data := path.read_bytes())}\n".encode())
            digest.update(data)
        else:
            stat = path.stat()
            digest.update(
                f"file {name} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} "
                f"{stat.st_ino}\n".encode()
            )
    except OSError:
        digest.update(f"unreadable {name}\n".encode())


def load(settings: Settings, key: str) -> SiteFiles | None:
    """The stored result for this fingerprint, or None."""
    path = settings.cache_dir / FILE
    try:
        with open(path, "rb") as handle:
            if handle.readline().rstrip(b"\n") != VERSION + b" " + key.encode():
                return None
            stored = pickle.load(handle)
        site, images = stored["site"], stored["images"]
    except Exception:  # a missing, old or damaged snapshot only means a full build
        return None
    if any(_signature(name) != signature for name, signature in images.items()):
        return None
    return site


def save(settings: Settings, key: str, site: SiteFiles) -> None:
    """Store the result under its fingerprint, with the images it refers to as they are now."""
    images = {
        str(output.source): _signature(output.source)
        for output in site.outputs
        if output.source is not None and output.source.is_relative_to(settings.cache_dir)
    }
    path = settings.cache_dir / FILE
    header = VERSION + b" " + key.encode() + b"\n"
    stored = pickle.dumps({"site": site, "images": images}, pickle.HIGHEST_PROTOCOL)
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, header + stored)


def _signature(path: Path | str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
