"""The `reisverhaal` command: check content, scaffold journeys and stories, write the schema.

Exit codes: 0 all well, 1 errors were found (or `--strict` and warnings), 2 the command was
used wrongly (unknown command or option, no `mkdocs.yml`, a bad slug).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import yaml
from pydantic.json_schema import GenerateJsonSchema

from .content.model import OFFSET, SLUG, JourneyMeta, Kind, StepMeta, StoryMeta
from .core.findings import Finding, error, warning
from .data import load as load_data
from .pipeline.summary import end_summary

KINDS: tuple[str, ...] = get_args(Kind)
MODELS = {"journey": JourneyMeta, "step": StepMeta, "story": StoryMeta}
SCHEMA_TITLES = {
    "journey": "reisverhaal: traject (journeys/<slug>/index.md)",
    "step": "reisverhaal: stap (journeys/<slug>/<nummer>-<stap>.md)",
    "story": "reisverhaal: verhaal (stories/<slug>/index.md)",
}
DEFINITIONS = {
    "Consent": "consent",
    "Variant": "variant",
    "PostOverride": "post",
    "TakedownDone": "takedown_done",
}
"""The nested models of the schema, by their section in `data/fields.yml`."""
DEFINITION_TITLES = {
    "Consent": "Toestemming",
    "Variant": "Variant voor een doelgroep",
    "PostOverride": "Bericht op één platform",
    "TakedownDone": "Weggehaald bericht",
}
FOLDERS = {"journey": "journeys", "story": "stories"}
SCAFFOLDS = {
    "journey": {"index.md": "new/journey.md.j2", "01-eerste-stap.md": "new/step.md.j2"},
    "story": {"index.md": "new/story.md.j2"},
}
DATE = r"^\d{4}-\d{2}-\d{2}$"
DATETIME = r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$"
CONFIG_VALUE = re.compile(r"^Config value '([^']+)': (.*)$", re.S)
PLUGIN_OPTION = re.compile(r"^Plugin '[^']+' option '([^']+)'")
ARGPARSE_MESSAGES = [
    (
        r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
        "{name}: {value} bestaat niet; kies uit {choices}",
    ),
    (r"the following arguments are required: (?P<names>.+)", "ontbreekt: {names}"),
    (r"unrecognized arguments: (?P<names>.+)", "onbekend: {names}"),
    (r"argument (?P<name>\S+): expected one argument", "{name} verwacht een waarde"),
    (
        r"ambiguous option: (?P<name>\S+) could match (?P<choices>.+)",
        "{name} kan meer betekenen: {choices}",
    ),
]


class UsageError(Exception):
    """The command was used wrongly: exit code 2, the message on stderr."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "schema":
            return _schema(args.which, args.output)
        config_file = Path(args.config_file)
        if not config_file.is_file():
            raise UsageError(f"{config_file} niet gevonden; draai dit in de map van je site")
        if args.command == "new":
            return _new(config_file.resolve().parent, args.what, args.slug, args.kind)
        if args.command == "consent":
            return _consent(config_file, args)
        return _check(config_file, args.strict, args.format)
    except UsageError as exc:
        print(f"reisverhaal: {exc}", file=sys.stderr)
        return 2


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Dutch help and error messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str):
        for pattern, dutch in ARGPARSE_MESSAGES:
            match = re.fullmatch(pattern, message)
            if match:
                message = dutch.format(**match.groupdict())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reisverhaal",
        description="Controleer trajecten en verhalen, maak nieuwe aan, of schrijf het schema.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="BESTAND",
        help="pad naar mkdocs.yml (standaard: mkdocs.yml in deze map)",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="opdracht", required=True, parser_class=_Parser
    )

    check = commands.add_parser(
        "check",
        help="alle controles, zonder de site te bouwen",
        description="Alle controles, zonder de site te bouwen. Exitcode 0: geen fouten; "
        "1: fouten (met --strict ook waarschuwingen); 2: verkeerd gebruik.",
    )
    check.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: één regel per melding (pad:regel: niveau: melding (regel-id)); "
        "json: één JSON-document",
    )

    new = commands.add_parser(
        "new",
        help="een nieuw traject of verhaal uit een sjabloon",
        description="Maak een nieuw traject (journey) of verhaal (story) uit de sjablonen in "
        "templates/new/. Bestaande bestanden worden nooit overschreven.",
    )
    new.add_argument("what", choices=tuple(SCAFFOLDS), metavar="soort", help="journey of story")
    new.add_argument("slug", help="naam van de map, zoals nieuwe-knie")
    new.add_argument(
        "--kind",
        choices=KINDS,
        default="treatment",
        help=f"soort traject: {', '.join(KINDS)} (standaard: treatment)",
    )

    _consent_parser(commands)

    schema = commands.add_parser(
        "schema",
        help="JSON Schema van de front matter, voor de editor",
        description="Het JSON Schema (draft-07) van de front matter van trajecten, stappen "
        "en verhalen. Zonder --output op het scherm.",
    )
    schema.add_argument(
        "which",
        nargs="?",
        choices=(*MODELS, "all"),
        default="all",
        metavar="welk",
        help="journey, step, story of all (standaard: all)",
    )
    schema.add_argument(
        "-o",
        "--output",
        metavar="MAP",
        help="schrijf <welk>.schema.json in deze map in plaats van op het scherm",
    )
    return parser


def _consent_parser(commands) -> None:
    consent = commands.add_parser(
        "consent",
        help="toestemming: formulier, register, herinneringen, intrekken",
        description="Alles rond toestemming dat buiten de site gebeurt. Deze bestanden komen "
        "nooit op de gepubliceerde site.",
    )
    which = consent.add_subparsers(
        dest="consent_command", metavar="opdracht", required=True, parser_class=_Parser
    )
    form = which.add_parser(
        "form",
        help="een toestemmingsformulier om te printen (HTML)",
        description="Een toestemmingsformulier in eenvoudig Nederlands, ingevuld uit het "
        "verhaal: titel, citaat en foto zoals ze gebruikt worden, de kanalen, de duur en hoe "
        "je de toestemming intrekt. Open het in een browser en print het (één A4).",
    )
    form.add_argument(
        "story", metavar="verhaal", help="de mapnaam van het verhaal, zoals wilma-knuffels"
    )
    form.add_argument(
        "-o", "--output", metavar="BESTAND", help="standaard: toestemming-<verhaal>.html"
    )
    register = which.add_parser(
        "register",
        help="het register van alle toestemmingen (CSV en JSON)",
        description="Per verhaal: formuliernummer, persoon, rol, kanalen, foto, datums, "
        "status, dagen over en welke berichten al geplaatst zijn. Schrijft het CSV-bestand en "
        "ernaast een JSON-bestand met dezelfde naam.",
    )
    register.add_argument(
        "-o",
        "--output",
        metavar="BESTAND",
        required=True,
        help="het CSV-bestand, buiten de site, zoals ../privacy/register.csv",
    )
    calendar = which.add_parser(
        "calendar",
        help="een agenda (ICS) met elke toestemming die verlengd moet worden",
        description="Eén afspraak per verhaal op de dag dat je om een nieuwe toestemming "
        "moet vragen (consent.reminder_days voor het einde).",
    )
    calendar.add_argument(
        "-o",
        "--output",
        metavar="BESTAND",
        required=True,
        help="het ICS-bestand, buiten de site, zoals ../privacy/toestemmingen.ics",
    )
    withdraw = which.add_parser(
        "withdraw",
        help="zet een intrekking in het verhaal en toon welke berichten weg moeten",
        description="De enige opdracht die inhoud wijzigt: zet consent.withdrawn in de front "
        "matter van het verhaal (de rest van het bestand blijft precies zoals het was) en "
        "toont welke berichten je op welk platform moet weghalen.",
    )
    withdraw.add_argument(
        "story", metavar="verhaal", help="de mapnaam van het verhaal, zoals wilma-knuffels"
    )
    withdraw.add_argument(
        "--date",
        metavar="DATUM",
        help="de dag van intrekken, zoals 2026-12-03 (standaard: vandaag)",
    )
    for sub in (form, register, calendar):
        sub.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")


class EditorSchema(GenerateJsonSchema):
    """Draft-07 JSON Schema of the front matter as YAML editors read it.

    Editors parse front matter as YAML 1.2, where `2026-05-01` and `-14d` are text, and the
    validators they use (Ajv in draft-07 mode, VS Code's JSON service) reject 2020-12 words
    such as `prefixItems`.
    """

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def date_schema(self, schema):
        return {"type": "string", "pattern": DATE}

    def datetime_schema(self, schema):
        return {"type": "string", "pattern": DATETIME}

    def timedelta_schema(self, schema):
        return {"anyOf": [{"type": "string", "pattern": OFFSET.pattern}, {"type": "integer"}]}

    def tuple_schema(self, schema):
        result = super().tuple_schema(schema)
        items = result.pop("prefixItems", None)
        if items is not None:
            same = all(item == items[0] for item in items)
            result["items"] = items[0] if same else items
            result["minItems"] = result["maxItems"] = len(items)
        return result


def front_matter_schema(which: str) -> dict:
    """The JSON Schema (draft-07) of one kind of front matter: journey, step or story, with a
    Dutch title and description for every key (`data/fields.yml`)."""
    schema = MODELS[which].model_json_schema(schema_generator=EditorSchema)
    fields = load_data("fields")
    _describe(schema, fields[which])
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, fields[DEFINITIONS[name]])
        definition["title"] = DEFINITION_TITLES[name]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        **schema,
        "title": SCHEMA_TITLES[which],
    }


def _describe(schema: dict, texts: dict) -> None:
    for key, prop in schema.get("properties", {}).items():
        prop["title"] = texts[key]["title"]
        prop["description"] = texts[key]["description"]


def _schema(which: str, output: str | None) -> int:
    chosen = list(MODELS) if which == "all" else [which]
    if output is None:
        schemas = {name: front_matter_schema(name) for name in chosen}
        document = schemas if which == "all" else schemas[which]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    folder = Path(output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"kan de map {folder} niet maken: {exc.strerror}") from None
    status = 0
    for name in chosen:
        path = folder / f"{name}.schema.json"
        text = json.dumps(front_matter_schema(name), indent=2, ensure_ascii=False) + "\n"
        if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
            print(f"ongewijzigd: {path}")
        elif path.exists() or path.is_symlink():
            print(
                f"reisverhaal: {path} bestaat al en is anders; er is niets overschreven. "
                "Verwijder het oude bestand als je het wilt vervangen.",
                file=sys.stderr,
            )
            status = 1
        else:
            with open(path, "x", encoding="utf-8") as handle:
                handle.write(text)
            print(f"geschreven: {path}")
    return status


def _new(root: Path, what: str, slug: str, kind: str) -> int:
    import jinja2

    from .render.templating import render

    if not SLUG.fullmatch(slug):
        raise UsageError(
            f"'{slug}' is geen geldige slug; gebruik kleine letters, cijfers en streepjes, "
            "zoals nieuwe-knie"
        )
    folder = root / FOLDERS[what] / slug
    shown_folder = folder.relative_to(root).as_posix()
    if folder.exists() or folder.is_symlink():
        print(
            f"reisverhaal: {shown_folder} bestaat al; er is niets overschreven. Kies een andere "
            "slug, of vul de bestaande map zelf aan.",
            file=sys.stderr,
        )
        return 1
    texts = {}
    for name, template in SCAFFOLDS[what].items():
        try:
            texts[name] = render(root / "templates", template, slug=slug, kind=kind)
        except jinja2.TemplateError as exc:
            where = f"templates/{template}"
            line = getattr(exc, "lineno", None)
            print(
                f"reisverhaal: {where}{f':{line}' if line else ''}: het sjabloon werkt niet: "
                f"{exc.message}; er is niets gemaakt",
                file=sys.stderr,
            )
            return 1
    try:
        folder.mkdir(parents=True)
        for name, text in texts.items():
            with open(folder / name, "x", encoding="utf-8") as handle:
                handle.write(text)
            print(f"gemaakt: {shown_folder}/{name}")
    except OSError as exc:
        print(f"reisverhaal: kan {shown_folder} niet maken: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Vul de front matter in {shown_folder} in en draai daarna: reisverhaal check")
    return 0


# reisverhaal consent ---------------------------------------------------------------------


def _consent(config_file: Path, args) -> int:
    site = _site(config_file)
    command = args.consent_command
    if command == "withdraw":
        return _withdraw(site, args.story, args.date)
    if command == "form":
        output = args.output or f"toestemming-{args.story}.html"
        return _write_outside(site, Path(output), _form(site, args.story), args.force)
    if command == "calendar":
        from .render.register_file import consent_calendar

        project = _prepared(site)
        return _write_outside(site, Path(args.output), consent_calendar(project), args.force)
    from .render.register_file import register_csv, register_json

    rows = _register_rows(_prepared(site))
    csv_path = Path(args.output)
    status = _write_outside(site, csv_path, register_csv(rows), args.force)
    json_path = csv_path.with_suffix(".json")
    return status or _write_outside(site, json_path, register_json(rows), args.force)


@dataclasses.dataclass(frozen=True)
class _Site:
    settings: object
    site_dir: Path
    docs_dir: Path


def _site(config_file: Path) -> _Site:
    """The site's settings from mkdocs.yml, or a usage error naming what is wrong with it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from .config import settings_from

    with _mkdocs_log() as records:
        try:
            config = load_config(str(config_file))
        except (ConfigurationError, Abort):
            config = None
    if config is None:
        said = "; ".join(" ".join(r.getMessage().split()) for r in records)
        raise UsageError(f"{config_file.name} klopt niet{': ' + said if said else ''}")
    plugin = config.plugins.get("reisverhaal")
    if plugin is None:
        raise UsageError(f"de plugin reisverhaal staat niet onder plugins: in {config_file.name}")
    try:
        plugin.on_config(config)
        settings = plugin.settings or settings_from(
            plugin.config, config_file.resolve().parent, config.site_url, config.use_directory_urls
        )
    except (PluginError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    return _Site(settings, Path(config.site_dir).resolve(), Path(config.docs_dir).resolve())


def _prepared(site: _Site):
    from .pipeline.build import load_project

    return load_project(site.settings)


def _posts(project):
    """The site's posts, as the build composes them (for what is already out)."""
    from .render.compose import build_snippets
    from .render.fitting import FitError

    try:
        return build_snippets(project).snippets
    except FitError as exc:
        raise UsageError(f"een bericht past niet op zijn platform: {exc}") from None


def _now(project):
    from .render.calendar_posts import end_of_day
    from .render.schedule import zone

    settings = project.settings
    return end_of_day(settings.today, zone(settings.timezone))


def _register_rows(project) -> list[dict]:
    from .consent.register import register_rows
    from .render.schedule import earlier_publish_times

    return register_rows(project, _posts(project), _now(project), earlier_publish_times)


def _write_outside(site: _Site, path: Path, content: bytes, force: bool) -> int:
    """Write a file for people, never into the published site or the pages MkDocs reads, and
    never over an existing file without --force."""
    target = path.resolve()
    for folder, what in ((site.site_dir, "de site-map"), (site.docs_dir, "docs_dir")):
        if target.is_relative_to(folder):
            raise UsageError(
                f"{path} ligt in {what} ({folder.name}/) en zou dan gepubliceerd worden; "
                "kies een plek buiten de site, zoals ../privacy/"
            )
    if (target.exists() or target.is_symlink()) and not force:
        print(
            f"reisverhaal: {path} bestaat al; er is niets overschreven. Kies een andere naam "
            "of geef --force",
            file=sys.stderr,
        )
        return 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError as exc:
        print(f"reisverhaal: kan {path} niet schrijven: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"geschreven: {path}")
    return 0


def _story_folder(site: _Site, slug: str) -> Path:
    if not SLUG.fullmatch(slug):
        raise UsageError(f"'{slug}' is geen mapnaam van een verhaal, zoals wilma-knuffels")
    path = site.settings.root / "stories" / slug / "index.md"
    if not path.is_file():
        raise UsageError(f"stories/{slug}/index.md bestaat niet")
    return path


def _withdraw(site: _Site, slug: str, when: str | None) -> int:
    from datetime import date

    from .consent.withdraw import WithdrawError, withdraw

    path = _story_folder(site, slug)
    try:
        day = date.fromisoformat(when) if when else site.settings.today
    except ValueError:
        raise UsageError(f"--date {when}: schrijf jaar-maand-dag, zoals 2026-12-03") from None
    shown_path = f"stories/{slug}/index.md"
    print(
        "reisverhaal consent withdraw is de enige opdracht die inhoud wijzigt: alleen "
        f"consent.withdrawn in {shown_path}."
    )
    try:
        done = withdraw(path, day)
    except WithdrawError as exc:
        print(f"reisverhaal: {shown_path}: {exc}; er is niets veranderd", file=sys.stderr)
        return 1
    before = f" (was {done.previous.isoformat()})" if done.previous else ""
    print(f"{shown_path}:{done.line}: consent.withdrawn: {day.isoformat()}{before}")
    for line in _takedown_lines(_prepared(site), slug):
        print(line)
    return 0


def _takedown_lines(project, slug: str) -> list[str]:
    """Per platform, the posts of the story already out, with their links: what to take
    down now (the build's takedown list says the same once the withdrawal is in force)."""
    from .consent.takedown import posts_out, removed
    from .render.calendar_posts import platform_name
    from .render.schedule import earlier_publish_times

    story = next(
        (
            s
            for s in [*project.content.stories, *project.content.withheld_stories]
            if s.slug == slug
        ),
        None,
    )
    if story is None:
        return []
    posts = _posts(project)
    links = {(p.journey, p.step, p.platform, p.variant): p.link for p in posts}
    records = posts_out(project, story, posts, _now(project), earlier_publish_times)
    records = [record for record in records if not removed(story, record)]
    if not records:
        return ["Er zijn geen berichten met dit verhaal geplaatst: er hoeft niets weg."]
    lines = [f"Haal deze {len(records)} bericht(en) weg:"]
    for platform in sorted({record["platform"] for record in records}):
        lines.append(f"{platform_name(platform)}:")
        for record in (r for r in records if r["platform"] == platform):
            key = (record["journey"], record["step"], record["platform"], record["variant"])
            link = links.get(key) or "(geen link)"
            lines.append(f"  - {record['post']}, geplaatst {record['time'][:16]}: {link}")
    lines.append(
        "Weggehaald? Zet elk bericht onder takedown_done in het verhaal, zoals "
        f"- {{post: {records[0]['post']}, removed: {project.settings.today.isoformat()}}}"
    )
    return lines


def _form(site: _Site, slug: str) -> bytes:
    from .render.consent_form import consent_form

    path = _story_folder(site, slug)
    try:
        return consent_form(site.settings, path).encode("utf-8")
    except ValueError as exc:
        raise UsageError(f"het formulier kan niet gemaakt worden: {exc}") from None


def _check(config_file: Path, strict: bool, output: str) -> int:
    findings = [_seen_from_here(f, config_file) for f in collect_findings(config_file)]
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    if output == "json":
        document = {
            "findings": [f.as_dict() for f in findings],
            "errors": errors,
            "warnings": warnings,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            if finding.level != "info":
                print(finding)
        # For people: stdout stays one finding a line. The site's own labels are in its
        # templates/ folder, beside mkdocs.yml.
        for line in end_summary(findings, config_file.resolve().parent / "templates"):
            print(line, file=sys.stderr)
        print(f"{errors} fout(en), {warnings} waarschuwing(en)", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def _seen_from_here(finding: Finding, config_file: Path) -> Finding:
    """Paths as the user can open them from the folder the command runs in."""
    root = config_file.resolve().parent
    path = Path(finding.path)
    if path.is_absolute() or root == Path.cwd().resolve():
        return finding
    here = Path(os.path.relpath(root / path, Path.cwd())).as_posix()
    return Finding(here, finding.line, finding.level, finding.rule, finding.message)


def collect_findings(config_file: Path) -> list[Finding]:
    """Every finding of the checks, for the site configured in `config_file`."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from .config import settings_from
    from .pipeline.build import check_project, prepare

    name = config_file.name
    try:
        text = config_file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return [error(name, "config.read", f"{name} kan niet gelezen worden: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        line = config_file.read_bytes()[: exc.start].count(b"\n") + 1
        message = f"{name} is geen UTF-8; sla het bestand op als UTF-8"
        return [error(name, "config.encoding", message, line)]

    with _mkdocs_log() as records:
        try:
            config = load_config(str(config_file))
        except ConfigurationError as exc:
            return [_configuration_error(name, exc)]
        except Abort:
            config = None
    config_findings = [_config_finding(name, text, record) for record in records]
    if config is None:
        return config_findings

    plugin = config.plugins.get("reisverhaal")
    if plugin is None:
        message = f"de plugin reisverhaal staat niet onder plugins: in {name}"
        return [*config_findings, error(name, "config.plugin", message, _line_of(text, "plugins"))]
    try:
        plugin.on_config(config)
        settings = plugin.settings or settings_from(
            plugin.config, config_file.resolve().parent, config.site_url, config.use_directory_urls
        )
    except (PluginError, ValueError) as exc:
        return [*config_findings, error(name, "config.plugin", str(exc))]
    project = prepare(settings)
    findings = [*config_findings, *check_project(project)]
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.rule, f.message))


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    """MkDocs logs what is wrong with mkdocs.yml (and then raises `Abort`): collect it."""
    handler = _Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


class _Collect(logging.Handler):
    def __init__(self, level: int):
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _config_finding(name: str, text: str, record: logging.LogRecord) -> Finding:
    message = " ".join(record.getMessage().split())
    line = None
    match = CONFIG_VALUE.match(message)
    if match:
        key, detail = match.groups()
        message = f"instelling '{key}': {detail}"
        line = _line_of(text, key)
        option = PLUGIN_OPTION.match(detail)
        if option and line:
            line = _line_of(text, option.group(1), after=line, indented=True) or line
    if record.levelno >= logging.ERROR:
        return error(name, "config.value", message, line)
    return warning(name, "config.value", message, line)


def _configuration_error(name: str, exc: Exception) -> Finding:
    cause = exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError):
        mark = cause.problem_mark or cause.context_mark
        problem = cause.problem or cause.context
        message = f"{name} is geen geldige YAML: {problem}"
        return error(name, "config.yaml", message, mark.line + 1 if mark else None)
    return error(name, "config.yaml", f"{name} klopt niet: {' '.join(str(exc).split())}")


def _line_of(text: str, key: str, after: int = 0, indented: bool = False) -> int | None:
    """The line of `key:` in mkdocs.yml: a top-level key, or an indented one after a line."""
    indent = r"\s+" if indented else ""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and re.match(rf"{indent}{re.escape(key)}\s*:", line):
            return number
    return None


if __name__ == "__main__":
    sys.exit(main())
