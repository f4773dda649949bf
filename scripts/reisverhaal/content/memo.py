"""What loading found in files an earlier build read, by exactly what it read.

A rebuild after an edit loads every journey and story again (the site-wide files need them
all), although one file changed. Most of that time went to parsing front matter and to
checking photos. So loading notes, per Markdown file, what parsing its bytes gave (front
matter values, body, lines of keys), under a digest of those bytes; and per photo that its
check passed, under its size, modification and change time and inode (a photo written in
place, even with its time set back, has a new change time). A later load with a memo that
holds the same bytes or the same photo skips that work; validation, which gives the
messages, always runs.

The memo is kept in the build's cache as JSON: plain data, read back field by field
(`from_plain`), so that nothing read from the cache can run code. A YAML value JSON does not
have (a date, a time) is written with its type; front matter holding anything else is not
noted at all.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True)
class Parsed:
    """What reading one Markdown file gave: `load.Document` without its file's name."""

    meta: dict
    body: str
    body_line: int
    end_line: int
    lines: dict[tuple, int]
    duplicates: list[tuple[tuple, int, int]]


class LoadMemo:
    """Parsed files by the digest of their bytes, and photos checked by their stamp."""

    def __init__(self, documents: dict | None = None, photos: set | None = None):
        self._documents: dict[str, list] = documents or {}
        self._photos: set[str] = photos or set()
        self.used_documents: dict[str, list] = {}
        self.used_photos: set[str] = set()

    def parsed(self, raw: bytes) -> Parsed | None:
        """What parsing these bytes gave, made anew from plain data (never shared)."""
        digest = _digest(raw)
        entry = self._documents.get(digest)
        if entry is None:
            return None
        try:
            found = _parsed_from(entry)
        except (ValueError, TypeError, KeyError):
            return None
        self.used_documents[digest] = entry
        return found

    def note_parsed(self, raw: bytes, parsed: Parsed) -> None:
        try:
            entry = _plain_parsed(parsed)
        except ValueError:  # a value JSON cannot hold as it is: not noted
            return
        self.used_documents[_digest(raw)] = entry

    def photo_checked(self, path: Path) -> bool:
        stamp = photo_stamp(path)
        if stamp is not None and stamp in self._photos:
            self.used_photos.add(stamp)
            return True
        return False

    def note_photo(self, path: Path, stamp: str | None) -> None:
        """`stamp`: the photo's `photo_stamp` taken before it was checked, so that a photo
        written during the check is not noted as the one that passed."""
        if stamp is not None and stamp == photo_stamp(path):
            self.used_photos.add(stamp)

    def as_plain(self) -> dict:
        """What this load used or found, for the next build (what it did not use is
        dropped: a file changed or gone)."""
        return {"documents": self.used_documents, "photos": sorted(self.used_photos)}


def from_plain(plain) -> LoadMemo:
    """The memo read back, checked field by field: anything else raises `ValueError`."""
    if not isinstance(plain, dict):
        raise ValueError("memo")
    documents, photos = plain["documents"], plain["photos"]
    if not isinstance(documents, dict) or not isinstance(photos, list):
        raise ValueError("memo")
    # Each entry is checked when it is used (`LoadMemo.parsed`), a damaged one then parsed anew.
    return LoadMemo(
        {_text(key): entry for key, entry in documents.items()}, set(map(_text, photos))
    )


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=32).hexdigest()


def photo_stamp(path: Path) -> str | None:
    """The photo by its name, size, modification and change time and inode."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{path} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


# Parsed files as plain data and back


def _plain_parsed(parsed: Parsed) -> list:
    return [
        _plain_value(parsed.meta),
        parsed.body,
        parsed.body_line,
        parsed.end_line,
        [[list(path), line] for path, line in parsed.lines.items()],
        [[list(path), first, second] for path, first, second in parsed.duplicates],
    ]


def _parsed_from(entry) -> Parsed:
    meta, body, body_line, end_line, lines, duplicates = entry
    meta = _value_from(meta)
    if not isinstance(meta, dict):
        raise ValueError("meta")
    return Parsed(
        meta=meta,
        body=_text(body),
        body_line=_whole(body_line),
        end_line=_whole(end_line),
        lines={_path(path): _whole(line) for path, line in lines},
        duplicates=[
            (_path(path), _whole(first), _whole(second)) for path, first, second in duplicates
        ],
    )


def _plain_value(value):
    """A YAML value as JSON, each with its type: ["s", text], ["m", [[key, value], …]], …"""
    if value is None:
        return ["n"]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, float) and math.isfinite(value):
        return ["f", value]
    if isinstance(value, str):
        return ["s", value]
    if type(value) is datetime:
        return ["t", value.isoformat()]
    if type(value) is date:
        return ["d", value.isoformat()]
    if isinstance(value, list):
        return ["l", [_plain_value(item) for item in value]]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return ["m", [[key, _plain_value(item)] for key, item in value.items()]]
    raise ValueError("a value JSON cannot hold as it is")


def _value_from(plain):
    kind, *rest = _list(plain)
    if kind == "n" and not rest:
        return None
    (value,) = rest
    checks = {
        "b": lambda: value if isinstance(value, bool) else _bad(),
        "i": lambda: value if type(value) is int else _bad(),
        "f": lambda: value if type(value) is float and math.isfinite(value) else _bad(),
        "s": lambda: _text(value),
        "t": lambda: datetime.fromisoformat(_text(value)),
        "d": lambda: date.fromisoformat(_text(value)),
        "l": lambda: [_value_from(item) for item in _list(value)],
        "m": lambda: {_text(key): _value_from(item) for key, item in _list(value)},
    }
    if kind not in checks:
        raise ValueError("kind")
    return checks[kind]()


def _path(path) -> tuple:
    if not all(isinstance(part, str) or type(part) is int for part in _list(path)):
        raise ValueError("path")
    return tuple(path)


def _list(value) -> list:
    if not isinstance(value, list):
        raise ValueError("list")
    return value


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


def _whole(value) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("number")
    return value


def _bad():
    raise ValueError("value")
