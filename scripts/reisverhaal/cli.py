"""The `reisverhaal` command: check content, scaffold journeys and stories, print the schema."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .content.model import SLUG, JourneyMeta, StepMeta, StoryMeta
from .findings import Finding
from .render.templating import render

KINDS = ("treatment", "meeting", "training", "policy")
SCHEMAS = {"journey": JourneyMeta, "step": StepMeta, "story": StoryMeta}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reisverhaal", description=__doc__)
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="pad naar mkdocs.yml (standaard: mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="alle controles, zonder de site te bouwen")
    check.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    check.add_argument("--format", choices=("text", "json"), default="text")

    new = commands.add_parser("new", help="een nieuw traject of verhaal uit een sjabloon")
    new.add_argument("what", choices=("journey", "story"))
    new.add_argument("slug")
    new.add_argument("--kind", choices=KINDS, default="treatment")

    schema = commands.add_parser("schema", help="JSON Schema van de front matter")
    schema.add_argument("which", nargs="?", choices=(*SCHEMAS, "all"), default="all")

    args = parser.parse_args(argv)
    if args.command == "schema":
        return _schema(args.which)
    config_file = Path(args.config_file)
    if not config_file.is_file():
        print(
            f"reisverhaal: {config_file} niet gevonden; draai dit in de map van je site",
            file=sys.stderr,
        )
        return 2
    if args.command == "new":
        return _new(config_file.resolve().parent, args.what, args.slug, args.kind)
    return _check(config_file, args.strict, args.format)


def _schema(which: str) -> int:
    if which == "all":
        document = {name: model.model_json_schema() for name, model in SCHEMAS.items()}
    else:
        document = SCHEMAS[which].model_json_schema()
    print(json.dumps(document, indent=2, ensure_ascii=False))
    return 0


def _new(root: Path, what: str, slug: str, kind: str) -> int:
    if not SLUG.match(slug):
        print(
            f"reisverhaal: '{slug}' is geen geldige slug; gebruik kleine letters, cijfers en "
            "streepjes, zoals nieuwe-knie",
            file=sys.stderr,
        )
        return 2
    folder = root / ("journeys" if what == "journey" else "stories") / slug
    if folder.exists():
        print(
            f"reisverhaal: {folder.relative_to(root)} bestaat al; er is niets overschreven",
            file=sys.stderr,
        )
        return 1
    files = {"index.md": f"new/{what}.md.j2"}
    if what == "journey":
        files["01-eerste-stap.md"] = "new/step.md.j2"
    folder.mkdir(parents=True)
    for name, template in files.items():
        text = render(root / "templates", template, slug=slug, kind=kind)
        with open(folder / name, "x", encoding="utf-8") as handle:
            handle.write(text)
        print(f"gemaakt: {(folder / name).relative_to(root)}")
    return 0


def _check(config_file: Path, strict: bool, output: str) -> int:
    findings = collect_findings(config_file)
    if output == "json":
        errors = sum(f.level == "error" for f in findings)
        warnings = sum(f.level == "warning" for f in findings)
        print(
            json.dumps(
                {
                    "findings": [f.as_dict() for f in findings],
                    "errors": errors,
                    "warnings": warnings,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for finding in findings:
            if finding.level != "info":
                print(finding)
        errors = sum(f.level == "error" for f in findings)
        warnings = sum(f.level == "warning" for f in findings)
        print(f"{errors} fout(en), {warnings} waarschuwing(en)", file=sys.stderr)
    failing = {"error", "warning"} if strict else {"error"}
    return 1 if any(f.level in failing for f in findings) else 0


def collect_findings(config_file: Path) -> list[Finding]:
    """Every finding of the checks, for the site configured in `config_file`."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .config import settings_from
    from .pipeline import check_project, prepare

    try:
        config = load_config(str(config_file))
    except ConfigurationError as exc:
        return [Finding(str(config_file), None, "error", "config", str(exc))]
    plugin = config.plugins.get("reisverhaal")
    if plugin is None:
        message = "de plugin reisverhaal staat niet onder plugins: in mkdocs.yml"
        return [Finding(str(config_file), None, "error", "config", message)]
    settings = settings_from(plugin.config, config_file.resolve().parent, config.site_url)
    project = prepare(settings)
    return sorted(check_project(project), key=lambda f: (f.path, f.line or 0, f.rule))


if __name__ == "__main__":
    sys.exit(main())
