"""Findings: what a check or the loader has to say about one place in the content.

Every problem an editor can fix is a `Finding` naming the file, the line where known, the
rule and a hint. The loader raises `ContentError` to leave a broken file out; checks return
findings; the plugin turns them into MkDocs log messages.
"""

from __future__ import annotations

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
