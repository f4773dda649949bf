"""Findings: what a check or the loader has to say about one place in the content.

Every problem an editor can fix is a `Finding` naming the file, the line where known, the
rule and a hint. The loader raises `ContentError` to leave a broken file out; checks return
findings; the plugin turns them into MkDocs log messages. `CacheError` stops a build whose
cache cannot be written; `left_out_finding` names what the loader left out, which
`pipeline.summary` repeats at the end of the build.
"""

from __future__ import annotations

import errno
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    level: Level
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message} ({self.rule})"

    def as_dict(self) -> dict:
        return asdict(self)


class ContentError(Exception):
    """A problem in one content file that leaves that file out of the build."""

    def __init__(self, finding: Finding):
        super().__init__(str(finding))
        self.finding = finding


def error(path: str, rule: str, message: str, line: int | None = None) -> Finding:
    return Finding(path=path, line=line, level="error", rule=rule, message=message)


def warning(path: str, rule: str, message: str, line: int | None = None) -> Finding:
    return Finding(path=path, line=line, level="warning", rule=rule, message=message)


def shown(path: Path, root: Path) -> str:
    """`path` as messages name it: relative to the project folder when it lies inside."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


class CacheError(Exception):
    """A file of the cache that could not be written while the build ran (a full disk):
    the build stops with this message rather than publish a site with files missing."""

    def __init__(self, path: Path | str | None, exc: OSError):
        where = f" {path}" if path else ""
        super().__init__(
            f"het cachebestand{where} kon niet worden geschreven: {cache_problem(exc)} "
            f"(OSError {exc.errno}). Maak ruimte vrij, of bouw met de cache op een andere "
            "schijf, en bouw opnieuw."
        )


def cache_problem(exc: OSError) -> str:
    """What went wrong writing the cache, in Dutch."""
    return {
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "het schijfquotum is op",
        errno.EROFS: "het bestandssysteem is alleen-lezen",
        errno.EACCES: "geen schrijfrechten",
        errno.EPERM: "geen schrijfrechten",
    }.get(exc.errno, f"systeemfout {exc.errno}: {exc.strerror}")


LEFT_OUT = "build.left-out"
"""The rule of `left_out_finding`, by which the end summary finds it."""
NAMES = {"journey": ("traject", "trajecten"), "step": ("stap", "stappen")}
NAMES["story"] = ("verhaal", "verhalen")


def left_out_finding(left_out: list[tuple[str, str]]) -> list[Finding]:
    """One `info` finding naming every file left out for errors (none when nothing was)."""
    if not left_out:
        return []
    counts = []
    for kind, (one, many) in NAMES.items():
        count = sum(item_kind == kind for item_kind, _ in left_out)
        if count:
            counts.append(f"{count} {one if count == 1 else many}")
    what = " en ".join([", ".join(counts[:-1]), counts[-1]] if len(counts) > 1 else counts)
    paths = ", ".join(path for _, path in left_out)
    message = f"{what} niet gepubliceerd door fouten: {paths}"
    return [Finding("mkdocs.yml", None, "info", LEFT_OUT, message)]
