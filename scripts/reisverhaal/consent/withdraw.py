"""`reisverhaal consent withdraw`: write a withdrawal into a story's front matter.

The only place where reisverhaal edits content, so it changes one thing: the value of
`consent.withdrawn` (a line added under `consent:`, or the existing one's value replaced).
Every other byte of the file stays as it was: comments, quoting, key order, line ends. The
result is parsed again and compared with the original before anything is written, so a file
this cannot edit safely is refused with the reason instead of being changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..content.load import BOUNDARY, _parsed, key_lines


class WithdrawError(Exception):
    """The file cannot be edited safely; nothing was written. The message says why, in Dutch."""


@dataclass(frozen=True)
class Withdrawal:
    path: Path
    line: int
    previous: date | None
    """The withdrawal date the file had before, if any."""


def withdraw(path: Path, day: date) -> Withdrawal:
    """Set `consent.withdrawn: <day>` in the story at `path`, changing nothing else."""
    raw = path.read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise WithdrawError("het bestand is geen UTF-8; sla het op als UTF-8") from None
    lines = text.splitlines(keepends=True)
    closing = _closing(lines)
    fm_text = "".join(lines[1:closing])
    before = _front_matter(fm_text)
    consent = before.get("consent")
    if not isinstance(consent, dict):
        raise WithdrawError(
            "de front matter heeft geen consent: met sleutels; vul de toestemming eerst in"
        )
    previous = consent.get("withdrawn")
    where = key_lines(fm_text.replace("\r\n", "\n"))
    index = _edit(lines, where, day)
    after = _front_matter("".join(lines[1 : _closing(lines)]))
    expected = {**before, "consent": {**consent, "withdrawn": day}}
    if after != expected:
        raise WithdrawError(
            "reisverhaal kan consent.withdrawn hier niet veilig invullen; zet zelf "
            f"'withdrawn: {day.isoformat()}' onder consent"
        )
    path.write_bytes(bom + "".join(lines).encode("utf-8"))
    return Withdrawal(path, index + 1, previous if isinstance(previous, date) else None)


def _closing(lines: list[str]) -> int:
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise WithdrawError("het bestand begint niet met front matter (een regel '---')")
    for number, line in enumerate(lines[1:], start=1):
        if BOUNDARY.match(line.rstrip("\r\n")):
            return number
    raise WithdrawError("de front matter is niet afgesloten met een regel '---'")


def _front_matter(fm_text: str) -> dict:
    try:
        meta = _parsed(fm_text.replace("\r\n", "\n"))
    except yaml.YAMLError:
        raise WithdrawError(
            "de front matter is geen geldige YAML; herstel die eerst (reisverhaal check)"
        ) from None
    if not isinstance(meta, dict):
        raise WithdrawError("de front matter bestaat niet uit sleutels met waarden")
    return meta


def _edit(lines: list[str], where: dict[tuple, int], day: date) -> int:
    """Change `lines` in place; the index of the line written."""
    value = day.isoformat()
    existing = where.get(("consent", "withdrawn"))
    consent_index = where[("consent",)] - 1
    if existing is not None and existing - 1 != consent_index:
        index = existing - 1
        lines[index] = re.sub(
            r"^(\s*withdrawn\s*:\s*)([^#\r\n]*?)(\s*(?:#.*)?)(\r?\n)?$",
            lambda m: f"{m.group(1)}{value}{m.group(3)}{m.group(4) or ''}",
            lines[index],
        )
        return index
    line = lines[consent_index]
    if "{" in line:  # consent: {reference: ..., ...} on one line
        if re.search(r"\bwithdrawn\s*:", line):
            lines[consent_index] = re.sub(
                r"(\bwithdrawn\s*:\s*)[^,}]*", lambda m: m.group(1) + value, line
            )
        else:
            lines[consent_index] = re.sub(
                r"\}(\s*(?:#.*)?)(\r?\n)?$", rf", withdrawn: {value}}}\1\2", line
            )
        return consent_index
    return _insert(lines, consent_index, value)


def _insert(lines: list[str], consent_index: int, value: str) -> int:
    """A `withdrawn:` line after the last line of the consent block, indented as its keys."""
    own = _indent(lines[consent_index])
    last, child = consent_index, None
    for index in range(consent_index + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if _indent(line) <= own or BOUNDARY.match(line.rstrip("\r\n")):
            break
        last = index
        if child is None:
            child = _indent(line)
    newline = "\r\n" if lines[consent_index].endswith("\r\n") else "\n"
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    lines.insert(
        last + 1, f"{' ' * (child if child is not None else own + 2)}withdrawn: {value}{newline}"
    )
    return last + 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
