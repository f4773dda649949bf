"""What went wrong in front matter, in Dutch: YAML that cannot be read and values that are wrong.

Editors see these messages, so they name the key as the editor wrote it (`consent.given`, never
a parser's internal name such as `date.datetime` or `consent.channels.1`), the line, and the
fix, with a guess where one is likely: the key that was meant, a date in the right order, a
channel in the right case. No English parser text reaches the editor.
"""

from __future__ import annotations

import calendar
import difflib
import re
import reprlib
import typing
from datetime import date

import yaml
from pydantic import BaseModel

from ..core.findings import Finding, error
from ..data import load as load_data

DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO_SHAPE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
MONTHS = tuple(load_data("labels")["months"])
TYPE_MESSAGES = {
    "Input should be a valid string": "verwacht tekst",
    "Input should be a valid list": "verwacht een lijst, zoals [a, b]",
    "Input should be a valid dictionary": "verwacht velden (sleutel: waarde)",
    "Input should be a valid boolean": "verwacht true of false",
    "Input should be a valid integer": "verwacht een geheel getal",
    "Input should be a valid number": "verwacht een getal",
    "String should have at least 1 character": "mag niet leeg zijn",
    "List should have at least 1 item": "noem er minstens één",
    "Input should be a valid tuple": "verwacht [x, y]",
    "Tuple should have at least": "verwacht [x, y]",
    "Tuple should have at most": "verwacht [x, y]",
}
QUOTE_HINT = "zet de hele tekst tussen aanhalingstekens"


# YAML that cannot be read ---------------------------------------------------------------


def yaml_problem(exc: yaml.YAMLError, fm_lines: list[str]) -> tuple[str, int | None]:
    """A Dutch message with the likely cause, and the file's line (front matter starts on 2)."""
    problem = getattr(exc, "problem", None) or ""
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    line = mark.line if mark else None
    text = fm_lines[line] if line is not None and line < len(fm_lines) else ""
    tab = next((n for n, row in enumerate(fm_lines[: (line or 0) + 1]) if _tab_indented(row)), None)
    if "\\t" in problem or "tab character" in problem or tab is not None:
        return (
            "deze regel springt in met een tab; YAML kent alleen spaties. Vervang de tab door "
            "spaties (zet je editor op 'spaties in plaats van tabs')",
            _file_line(tab if tab is not None else line),
        )
    if problem.startswith("mapping values are not allowed"):
        key = _key_on(text)
        if key and mark.column > text.find(":"):
            return (
                f"de tekst van '{key}' bevat een dubbele punt met een spatie erna, en dan "
                f"denkt YAML dat er een nieuwe sleutel begint; {QUOTE_HINT}, zoals "
                f'{key}: "{_value_on(text)}"',
                _file_line(line),
            )
        if text[:1].isspace():
            return _indentation(key, line)
        return (
            f"deze regel bevat een dubbele punt die YAML niet begrijpt; {QUOTE_HINT}",
            _file_line(line),
        )
    if "quoted scalar" in (getattr(exc, "context", None) or ""):
        start = context_mark.line if context_mark else line
        return (
            "een aanhalingsteken wordt niet gesloten; zet aan het eind van de tekst hetzelfde "
            "aanhalingsteken (\" of ') als aan het begin",
            _file_line(start),
        )
    if "flow" in (getattr(exc, "context", None) or ""):
        start = context_mark.line if context_mark else line
        return (
            "een lijst [..] of groep {..} is niet goed afgesloten, of bevat tekst met een "
            f"dubbele punt of komma; sluit hem af met ] of }}, of {QUOTE_HINT}",
            _file_line(start),
        )
    if "block" in problem or "block" in (getattr(exc, "context", None) or ""):
        return _indentation(_key_on(text), line)
    if "alias" in problem or "anchor" in problem:
        return (
            "de tekens & en * hebben in YAML een eigen betekenis; "
            f"{QUOTE_HINT} als ze in de tekst horen",
            _file_line(line),
        )
    if "tag" in problem or "constructor" in problem:
        return (
            "een waarde die met ! begint kan niet gelezen worden; "
            f"{QUOTE_HINT} als het uitroepteken in de tekst hoort",
            _file_line(line),
        )
    if "cannot start any token" in problem:
        return (
            f"deze regel begint met een teken dat YAML niet als tekst leest (zoals @ of `); "
            f"{QUOTE_HINT}",
            _file_line(line),
        )
    return (
        "deze regel kan niet gelezen worden; controleer de inspringing (alleen spaties), "
        f"dubbele punten in de tekst ({QUOTE_HINT}) en aanhalingstekens",
        _file_line(line),
    )


def _indentation(key: str | None, line: int | None) -> tuple[str, int | None]:
    name = f"'{key}' " if key else "deze regel "
    return (
        f"{name}springt anders in dan de regels erboven; sleutels op hetzelfde niveau beginnen "
        "recht onder elkaar, en sleutels onder een andere sleutel (zoals onder consent:) "
        "springen allemaal even ver in, met spaties",
        _file_line(line),
    )


def too_deep(fm_lines: list[str]) -> tuple[str, int]:
    """Nesting too deep for the parser: the line with the most brackets, and its key."""
    counts = [row.count("[") + row.count("{") for row in fm_lines]
    index = max(range(len(counts)), key=counts.__getitem__) if counts else 0
    key = _key_on(fm_lines[index]) if fm_lines else None
    name = f"de waarde van '{key}'" if key else "deze regel"
    return (
        f"{name} heeft te veel haakjes [ of {{ in elkaar; schrijf gewone tekst, of {QUOTE_HINT}",
        _file_line(index),
    )


def _tab_indented(row: str) -> bool:
    return "\t" in row[: len(row) - len(row.lstrip())]


def _file_line(fm_line: int | None) -> int | None:
    return None if fm_line is None else fm_line + 2


def _key_on(row: str) -> str | None:
    match = re.match(r"^\s*(?:-\s+)?([^\s:#][^:]*?)\s*:(\s|$)", row)
    return match.group(1) if match else None


def _value_on(row: str) -> str:
    value = row.split(":", 1)[1].strip() if ":" in row else row.strip()
    return value if len(value) <= 40 else value[:39] + "…"


# Values that are wrong ------------------------------------------------------------------


def validation_findings(
    display: str,
    model: type[BaseModel],
    problems: list[dict],
    lines: dict[tuple, int],
    end_line: int,
) -> list[Finding]:
    """One finding per problem (each with its own line), in the order of the file.

    A typo in a required key shows up twice in pydantic's list (unknown `sumary`, missing
    `summary`); it is said once, at the typo. A value that fits no member of a union is said
    once, at its deepest point.
    """
    cleaned = []
    for problem in problems:
        loc = _key_path(problem["loc"], lines, problem["type"])
        cleaned.append((loc, problem))
    guesses = {}
    for loc, problem in cleaned:
        if problem["type"] == "extra_forbidden":
            guess = _guess(str(loc[-1]), _fields_at(model, loc[:-1]))
            if guess:
                guesses[(*loc[:-1], guess)] = loc[-1]
    found: dict[tuple, Finding] = {}
    for loc, problem in cleaned:
        if problem["type"] == "missing" and loc in guesses:
            continue
        deeper = any(
            other[: len(loc)] == loc and len(other) > len(loc) for other, _ in cleaned if loc
        )
        if deeper and problem["type"] != "missing":
            continue
        if loc in found:
            continue
        found[loc] = _finding(display, model, loc, problem, lines, end_line, guesses)
    return sorted(found.values(), key=lambda f: (f.line or 0, f.message))


def _finding(display, model, loc, problem, lines, end_line, guesses) -> Finding:
    kind = problem["type"]
    key = ".".join(str(part) for part in loc if not isinstance(part, int)) or "front matter"
    line = _line_of(lines, loc)
    value = problem.get("input")
    if kind == "missing_alt":
        return error(display, "front-matter.missing-alt", problem["msg"], lines.get(("image",)))
    if kind == "minor_guardian":
        at = lines.get(("consent", "minor")) or lines.get(("consent", "birth_year")) or line
        message = f"'consent.guardian' ontbreekt: {problem['msg']}"
        return error(display, "consent.minor-guardian", message, at)
    if kind == "birth_date":
        return error(display, "consent.birth-date", f"'{key}': {problem['msg']}", line)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        guess = _guess(str(loc[-1]), allowed)
        hint = f" Bedoelde je '{guess}'?" if guess else ""
        message = f"onbekende sleutel '{key}'.{hint} Toegestaan: {', '.join(sorted(allowed))}"
        return error(display, "front-matter.unknown-key", message, line)
    raw = problem.get("loc", ())
    if kind == "missing" and raw and isinstance(raw[-1], int):  # a list too short: [0.5]
        message = f"'{key}' heeft te weinig waarden (nu: {_short(value)}); schrijf ze allemaal"
        hint = _dutch("Input should be a valid tuple")
        return error(display, "front-matter.invalid", f"{message}: {hint}", line)
    if kind == "missing":
        parent = loc[:-1]
        where = f" onder '{'.'.join(map(str, parent))}'" if parent else ""
        message = f"verplichte sleutel '{key}' ontbreekt; voeg '{loc[-1]}:' toe{where}"
        return error(display, "front-matter.missing-key", message, line or end_line)
    if kind in ("literal_error", "enum"):
        expected = _allowed(problem)
        hint = _enum_hint(value, expected)
        item = " bevat" if isinstance(loc[-1], int) else " heeft waarde"
        message = f"'{key}'{item} {_short(value)};{hint} toegestaan: {_or_list(expected)}"
        return error(display, "front-matter.enum", message, line)
    if kind.startswith(("date", "datetime")):
        message = f"'{key}' is geen geldige datum ({_short(value)}): {date_hint(value)}"
        return error(display, "front-matter.date", message, line)
    text = problem["msg"].removeprefix("Value error, ")
    shown_value = _described(value) if loc and loc[-1] in PROSE_KEYS else _short(value)
    message = f"'{key}': {_dutch(text)} (nu: {shown_value})"
    return error(display, "front-matter.invalid", message, line)


PROSE_KEYS = frozenset(
    {"title", "summary", "person", "quote", "image_alt", "expect", "prepare", "outcome"}
    | {"location", "cta", "text"}
)
"""Keys whose value is the text of a journey, step or story. Messages describe such a value
but never quote it: a story that cannot be loaded is published nowhere, and the build log
may be public (CI)."""


def _described(value: object) -> str:
    if isinstance(value, str):
        return f"tekst van {len(value)} tekens"
    if value is None:
        return "leeg"
    kinds = {list: "een lijst", dict: "velden (sleutel: waarde)", bool: "true/false"}
    return next((name for kind, name in kinds.items() if isinstance(value, kind)), "een getal")


def date_hint(value: object) -> str:
    """What is wrong with a date as written, and how to write it (ISO 8601)."""
    text = str(value).strip()
    example = "schrijf jaar-maand-dag, zoals 2027-03-12 of 2027-03-12T19:30"
    dutch = DUTCH_DATE.match(text)
    if dutch:
        day, month, year = (int(part) for part in dutch.groups())
        if _exists(year, month, day):
            return f"bedoel je {year:04d}-{month:02d}-{day:02d}? {example}"
    iso = ISO_SHAPE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        if not 1 <= month <= 12:
            return f"maand {month} bestaat niet; {example}"
        if not _exists(year, month, day):
            days = calendar.monthrange(year, month)[1] if year else 31
            return f"{MONTHS[month - 1]} {year} heeft {days} dagen; {example}"
    return example


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _allowed(problem: dict) -> list[str]:
    expected = problem.get("ctx", {}).get("expected", "")
    return re.findall(r"'([^']*)'", expected) or [expected]


def _or_list(options: list[str]) -> str:
    quoted = [f"'{option}'" for option in options]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} of {quoted[-1]}"


def _enum_hint(value: object, options: list[str]) -> str:
    """ "bedoelde je …?": the right case, a Dutch word for an English value, or a near one."""
    if not isinstance(value, str) or not options:
        return ""
    lowered = {option.lower(): option for option in options}
    word = value.strip().lower()
    guess = lowered.get(word) or load_data("values").get(word)
    if guess not in options:
        close = difflib.get_close_matches(word, list(lowered), n=1, cutoff=0.7)
        guess = lowered[close[0]] if close else None
    return f" bedoelde je '{guess}'?" if guess else ""


def _guess(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word.lower(), options, n=1)
    return close[0] if close else None


def _dutch(message: str) -> str:
    for english, dutch in TYPE_MESSAGES.items():
        if message.startswith(english):
            return dutch
    match = re.match(r"String should have at most (\d+) characters?", message)
    if match:
        return f"mag hoogstens {match.group(1)} tekens lang zijn"
    if re.match(r"[A-Z][a-z]+ should", message):
        return "deze waarde klopt niet"
    return message


def _short(value: object) -> str:
    """A short view of what the editor wrote; never the whole of a (huge, nested) value."""
    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxdict, short.maxstring = 2, 4, 4, 50
    text = short.repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _key_path(loc: tuple, lines: dict[tuple, int], kind: str) -> tuple:
    """The location as the editor wrote it: keys and list positions that are in the file,
    without pydantic's own markers (union members such as `datetime`, `[key]`)."""
    path: tuple = ()
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        named = last and kind in ("missing", "extra_forbidden") and isinstance(part, str)
        if (*path, part) in lines or named:
            path = (*path, part)
    return path


def _line_of(lines: dict[tuple, int], loc: tuple) -> int | None:
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The allowed keys at a nested location, for the "unknown key" hint."""
    current: type[BaseModel] | None = model
    parts = iter(loc)
    root = model.model_fields.get("root")
    if root is not None and typing.get_origin(root.annotation) is dict:
        # A data file of named entries (`RootModel[dict[str, ...]]`): the first key is a name.
        next(parts, None)
        current = _model_in(root.annotation)
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
