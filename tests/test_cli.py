"""The `reisverhaal` command, run for real in a subprocess: exit codes, output, new, schema."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import frontmatter
import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (
    AUDIENCES,
    EPOCH,
    SiteProject,
    build,
    front_matter,
    line_of,
    story_meta,
    tree_bytes,
)
from reisverhaal.cli import MODELS, front_matter_schema
from reisverhaal.content.model import SLUG, Consent, JourneyMeta, StepMeta, StoryMeta

REPOSITORY = Path(__file__).resolve().parents[1]
LINE = re.compile(
    r"^(?P<path>[^:]+)(?::(?P<line>\d+))?: (?P<level>error|warning): .+ \((?P<rule>[\w.-]+)\)$"
)
SPEC_KEYS = {
    "journey": {
        "title", "kind", "summary", "audiences", "themes", "format", "date", "repeat",
        "location", "image", "image_alt", "focus", "channels", "hashtags", "cta",
    },
    "step": {
        "title", "phase", "when", "summary", "expect", "prepare", "outcome", "image",
        "image_alt", "focus", "story", "variants", "posts",
    },
    "story": {
        "title", "person", "pseudonym", "role", "quote", "summary", "journeys", "themes",
        "image", "image_alt", "consent",
    },
}  # fmt: skip
SPEC_REQUIRED = {
    "journey": {"title", "kind", "summary"},
    "step": {"title", "phase", "summary"},
    "story": {"title", "person", "role", "summary", "consent"},
}
SITE = "site_name: x\nsite_url: https://zorg.example.nl/\n"
PLUGIN = "plugins:\n  - reisverhaal:\n      organisation: X\n"
ENGLISH = ("usage:", "invalid choice", "required", "unrecognized", "Traceback", "error:")


def run(cwd: Path, *args: str, script: bool = False) -> subprocess.CompletedProcess:
    """`reisverhaal ARGS` in `cwd`, as a separate process, with a fixed "today"."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    command = [str(Path(sys.executable).with_name("reisverhaal"))] if script else [
        sys.executable, "-m", "reisverhaal.cli",
    ]  # fmt: skip
    return subprocess.run(
        [*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def report(cwd: Path, *args: str) -> tuple[int, dict]:
    """`check --format json`: the exit code and the parsed document (stdout must be only JSON)."""
    result = run(cwd, "check", "--format", "json", *args)
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def errors_in(document: dict, path: str) -> list[dict]:
    return [f for f in document["findings"] if f["level"] == "error" and f["path"] == path]


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project")


# check


def test_clean_project_exits_0(project):
    result = run(project.root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fout(en)" in result.stderr
    assert not [line for line in result.stdout.splitlines() if ": error: " in line]


def test_broken_front_matter_is_a_located_error(project):
    path = project.step("knie", "02-operatie.md", title="De operatie", phase="soms")
    result = run(project.root, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    ours = [LINE.match(line) for line in lines if line.startswith("journeys/knie/02-operatie.md")]
    assert [(m["line"], m["level"]) for m in ours] == [(str(line_of(path, "phase:")), "error")]
    assert "phase" in ours[0].group(0)
    assert "1 fout(en)" in result.stderr


def test_warnings_fail_only_with_strict(project):
    path = project.step("knie", "01-eerste-gesprek.md", story="bestaat-niet")
    assert run(project.root, "check").returncode == 0
    code, document = report(project.root)
    assert code == 0
    assert document["errors"] == 0 and document["warnings"] >= 1
    reference = [f for f in document["findings"] if f["rule"] == "reference.story"]
    assert reference == [
        {
            "path": "journeys/knie/01-eerste-gesprek.md",
            "line": line_of(path, "story:"),
            "level": "warning",
            "rule": "reference.story",
            "message": reference[0]["message"],
        }
    ]
    assert "bestaat-niet" in reference[0]["message"]
    assert run(project.root, "check", "--strict").returncode == 1
    assert report(project.root, "--strict")[0] == 1


def test_json_is_the_only_output_and_counts_match(project):
    project.step("knie", "02-operatie.md", phase="soms")
    project.step("knie", "01-eerste-gesprek.md", story="bestaat-niet")
    result = run(project.root, "check", "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert set(document) == {"findings", "errors", "warnings"}
    assert document["findings"], "the planted problems are reported"
    for finding in document["findings"]:
        assert set(finding) == {"path", "line", "level", "rule", "message"}
        assert isinstance(finding["path"], str) and isinstance(finding["message"], str)
        assert finding["line"] is None or isinstance(finding["line"], int)
        assert finding["level"] in ("error", "warning", "info")
    levels = [f["level"] for f in document["findings"]]
    assert document["errors"] == levels.count("error") >= 1
    assert document["warnings"] == levels.count("warning") >= 1


def test_paths_are_relative_to_where_the_command_runs(project):
    project.step("knie", "02-operatie.md", phase="soms")
    result = run(project.root.parent, "-f", "project/mkdocs.yml", "check")
    assert result.returncode == 1
    assert any(
        line.startswith("project/journeys/knie/02-operatie.md:")
        for line in result.stdout.splitlines()
    )


@pytest.mark.parametrize(
    ("config", "rule", "level", "line"),
    [
        ("site_name: x\nsite_url: [\n", "config.yaml", "error", 3),
        ("site_name: x\nsite_url: !geheim x\n", "config.yaml", "error", 2),
        ("- een lijst\n- geen instellingen\n", "config.yaml", "error", None),
        ("site_url: https://zorg.example.nl/\n", "config.value", "error", None),
        (f"{SITE}{PLUGIN}      timezone: Mars/Basis\n", "config.value", "error", 6),
        (f"{SITE}plugins:\n  - onbekend\n", "config.value", "error", 3),
        (f"{SITE}plugins:\n  - search\n", "config.plugin", "error", 3),
        (f"site_name: x\n{PLUGIN}", "config.plugin", "error", None),
    ],
)
def test_a_bad_mkdocs_yml_is_a_finding_not_a_traceback(tmp_path, config, rule, level, line):
    SiteProject(tmp_path).write("mkdocs.yml", config)
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    where = f"mkdocs.yml:{line}" if line else "mkdocs.yml"
    matches = [LINE.match(text) for text in result.stdout.splitlines()]
    assert [(m["path"], m["line"], m["level"], m["rule"]) for m in matches] == [
        ("mkdocs.yml", str(line) if line else None, level, rule)
    ], result.stdout
    assert result.stdout.startswith(f"{where}: {level}: ")
    code, document = report(tmp_path)
    assert code == 1 and document["errors"] == 1


def test_mkdocs_warnings_are_warnings(project):
    project.write_config(extra_setting=1)
    result = run(project.root, "check")
    assert result.returncode == 0
    assert "mkdocs.yml:" in result.stdout and "extra_setting" in result.stdout
    assert ": warning: " in result.stdout
    assert run(project.root, "check", "--strict").returncode == 1


def test_a_non_utf8_mkdocs_yml_names_the_line(tmp_path):
    SiteProject(tmp_path).write(
        "mkdocs.yml", b"site_name: x\nsite_url: https://zorg.example.nl/\n# caf\xe9\n"
    )
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "mkdocs.yml:3: error: mkdocs.yml is geen UTF-8; sla het bestand op als UTF-8"
        " (config.encoding)"
    ]


# usage errors


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["bestaat-niet"], "bestaat niet; kies uit"),
        ([], "ontbreekt: opdracht"),
        (["check", "--format", "xml"], "'xml' bestaat niet"),
        (["check", "--snel"], "onbekend: --snel"),
        (["new", "journey"], "ontbreekt: slug"),
        (["new", "journey", "Nieuwe Knie"], "geen geldige slug"),
        (["new", "journey", "../buiten"], "geen geldige slug"),
        (["new", "story", "x", "--kind", "feest"], "'feest' bestaat niet"),
        (["schema", "alles"], "'alles' bestaat niet"),
    ],
)
def test_usage_errors_exit_2_in_dutch(project, args, dutch):
    before = tree_bytes(project.root)
    result = run(project.root, *args)
    assert result.returncode == 2
    assert dutch in result.stderr
    assert not any(word in result.stderr for word in ENGLISH), result.stderr
    assert result.stdout == ""
    assert tree_bytes(project.root) == before


@pytest.mark.parametrize(
    "args", [["check"], ["check", "--format", "json"], ["new", "story", "anna"]]
)
def test_no_mkdocs_yml_is_a_usage_error(tmp_path, args):
    result = run(tmp_path, *args)
    assert result.returncode == 2
    assert "mkdocs.yml niet gevonden" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_help_is_dutch(tmp_path):
    for args in (["--help"], ["check", "--help"], ["new", "--help"], ["schema", "--help"]):
        result = run(tmp_path, *args)
        assert result.returncode == 0
        assert result.stdout.startswith("gebruik: reisverhaal")
        assert "usage" not in result.stdout and "show this help" not in result.stdout


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    slug=st.one_of(
        st.from_regex(SLUG, fullmatch=True).filter(lambda s: len(s) < 40),
        st.text(alphabet="aB9-_./ é\n", min_size=1, max_size=12).filter(lambda s: s.strip()),
    )
)
def test_only_slugs_make_folders(slug):
    with tempfile.TemporaryDirectory() as folder:
        root = SiteProject(Path(folder)).root
        before = tree_bytes(root)
        result = run(root, "new", "journey", "--", slug)
        if SLUG.fullmatch(slug):
            assert result.returncode == 0, result.stderr
            made = set(tree_bytes(root)) - set(before)
            assert made == {f"journeys/{slug}/index.md", f"journeys/{slug}/01-eerste-stap.md"}
        else:
            assert result.returncode == 2
            assert tree_bytes(root) == before
            assert "geen geldige slug" in result.stderr


# new


def test_new_journey_loads_cleanly_with_its_kind(project):
    result = run(project.root, "new", "journey", "griep", "--kind", "meeting")
    assert result.returncode == 0, result.stderr
    assert "gemaakt: journeys/griep/index.md" in result.stdout
    journey = frontmatter.load(project.root / "journeys/griep/index.md")
    step = frontmatter.load(project.root / "journeys/griep/01-eerste-stap.md")
    assert journey["kind"] == "meeting"
    assert step["phase"] in ("before", "during", "after")
    code, document = report(project.root)
    assert code == 0
    assert document["errors"] == 0
    site = build(project.root)
    assert (site.site / "trajecten/griep/index.html").is_file()
    assert (site.site / "trajecten/griep/eerste-stap/index.html").is_file()


def test_new_story_is_left_out_until_consent_is_filled_in(project):
    result = run(project.root, "new", "story", "anna")
    assert result.returncode == 0, result.stderr
    source = project.root / "stories/anna/index.md"
    assert "consent" not in frontmatter.load(source).metadata
    code, document = report(project.root)
    assert code == 1
    [missing] = errors_in(document, "stories/anna/index.md")
    assert "consent" in missing["message"]
    site = build(project.root)
    assert not (site.site / "verhalen/anna").exists()
    assert (site.site / "verhalen/wilma-fietst/index.html").is_file()
    everything = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in site.site.rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".ics")
    )
    assert "verhalen/anna" not in everything
    assert frontmatter.load(source).content not in everything


def filled_folder(root: Path) -> None:
    (root / "journeys/griep/media").mkdir(parents=True)
    (root / "journeys/griep/media/foto.jpg").write_bytes(b"\xff\xd8 geen echte foto")


def own_index(root: Path) -> None:
    (root / "journeys/griep").mkdir(parents=True)
    (root / "journeys/griep/index.md").write_text("---\ntitle: Van mij\n---\nNiet aankomen.\n")


def file_in_the_way(root: Path) -> None:
    (root / "journeys").mkdir(exist_ok=True)
    (root / "journeys/griep").write_text("een bestand, geen map\n")


def dangling_link(root: Path) -> None:
    (root / "journeys").mkdir(exist_ok=True)
    (root / "journeys/griep").symlink_to(root / "nergens")


def made_before(root: Path) -> None:
    assert run(root, "new", "journey", "griep").returncode == 0
    (root / "journeys/griep/index.md").write_text("---\ntitle: Al bewerkt\n---\n", encoding="utf-8")


@pytest.mark.parametrize(
    "prepare", [made_before, filled_folder, own_index, file_in_the_way, dangling_link]
)
def test_new_never_overwrites(project, prepare):
    prepare(project.root)
    before = tree_bytes(project.root)
    links = {p: os.readlink(p) for p in project.root.rglob("*") if p.is_symlink()}
    result = run(project.root, "new", "journey", "griep", "--kind", "policy")
    assert result.returncode == 1
    assert "journeys/griep bestaat al; er is niets overschreven" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(project.root) == before
    assert {p: os.readlink(p) for p in project.root.rglob("*") if p.is_symlink()} == links


def test_new_story_twice_keeps_the_first(project):
    assert run(project.root, "new", "story", "anna").returncode == 0
    story = project.root / "stories/anna/index.md"
    story.write_text(front_matter(story_meta(title="Anna")), encoding="utf-8")
    before = story.read_bytes()
    result = run(project.root, "new", "story", "anna")
    assert result.returncode == 1
    assert story.read_bytes() == before


def test_new_uses_the_projects_own_scaffold(project):
    project.write(
        "templates/new/journey.md.j2",
        "---\ntitle: Ons eigen sjabloon voor {{ slug }}\nkind: {{ kind }}\n"
        "summary: Zo begint elk traject bij ons.\n---\nHuisstijl.\n",
    )
    assert run(project.root, "new", "journey", "griep", "--kind", "training").returncode == 0
    journey = frontmatter.load(project.root / "journeys/griep/index.md")
    assert journey.metadata == {
        "title": "Ons eigen sjabloon voor griep",
        "kind": "training",
        "summary": "Zo begint elk traject bij ons.",
    }
    assert journey.content == "Huisstijl."
    default_step = REPOSITORY / "scripts/reisverhaal/templates/new/step.md.j2"
    made_step = project.root / "journeys/griep/01-eerste-stap.md"
    assert made_step.read_text(encoding="utf-8") == default_step.read_text(encoding="utf-8")


def test_a_broken_scaffold_makes_nothing(project):
    project.write("templates/new/journey.md.j2", "---\ntitle: {{ slug \n---\n")
    before = tree_bytes(project.root)
    result = run(project.root, "new", "journey", "griep")
    assert result.returncode == 1
    assert "templates/new/journey.md.j2" in result.stderr and "niets gemaakt" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(project.root) == before
    assert not (project.root / "journeys/griep").exists()


# schema


def schemas(cwd: Path) -> dict:
    result = run(cwd, "schema")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


VIDEO_KEYS = {"video", "captions", "video_description", "video_focus", "youtube", "vimeo"}


@pytest.mark.parametrize("which", ["journey", "step", "story"])
def test_schema_lists_the_spec_keys(tmp_path, which):
    result = run(tmp_path, "schema", which)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert set(schema["properties"]) >= SPEC_KEYS[which]
    extra = {"focus", *(VIDEO_KEYS if which != "journey" else ())}  # video: issue 21
    extra |= {"takedown_done"} if which == "story" else set()  # issue 20
    assert set(schema["properties"]) - SPEC_KEYS[which] <= extra, "only focus, video are extra"
    assert set(schema["required"]) == SPEC_REQUIRED[which]
    assert schema["additionalProperties"] is False
    assert schema == schemas(tmp_path)[which]
    assert "prefixItems" not in result.stdout, "draft-07 validators (Ajv) reject 2020-12 words"


def test_schema_of_consent_matches_the_spec(tmp_path):
    story = schemas(tmp_path)["story"]
    consent = story["$defs"][story["properties"]["consent"]["$ref"].split("/")[-1]]
    assert set(consent["properties"]) == {
        "reference", "given", "expires", "channels", "photo", "withdrawn",
        "video", "minor", "birth_year", "guardian",
    }  # fmt: skip
    assert set(consent["required"]) == {"reference", "given", "channels"}


def kind_of(path: Path) -> str:
    if path.parts[-3] == "stories":
        return "story"
    return "journey" if path.name == "index.md" else "step"


def as_editors_read_it(path: Path) -> dict:
    """Front matter as JSON: YAML dates become the text editors see."""
    return json.loads(json.dumps(frontmatter.load(path).metadata, default=str))


def test_schema_accepts_the_example_site(tmp_path):
    known = schemas(tmp_path)
    sources = sorted(REPOSITORY.glob("journeys/*/*.md")) + sorted(
        REPOSITORY.glob("stories/*/index.md")
    )
    assert len(sources) >= 10 and {kind_of(p) for p in sources} == {"journey", "step", "story"}
    for path in sources:
        errors = [
            e.message
            for e in jsonschema.Draft7Validator(known[kind_of(path)]).iter_errors(
                as_editors_read_it(path)
            )
        ]
        assert errors == [], f"{path.relative_to(REPOSITORY)}: {errors}"


def test_schema_accepts_test_sites_and_scaffolds(project):
    known = schemas(project.root)
    assert run(project.root, "new", "journey", "griep").returncode == 0
    for path in [*project.root.glob("journeys/*/*.md"), *project.root.glob("stories/*/index.md")]:
        errors = list(
            jsonschema.Draft7Validator(known[kind_of(path)]).iter_errors(as_editors_read_it(path))
        )
        assert errors == [], path


@pytest.mark.parametrize(
    ("which", "meta"),
    [
        ("journey", {"title": "T", "kind": "feest", "summary": "S"}),
        ("journey", {"title": "T", "kind": "meeting", "summary": "S", "titel": "typo"}),
        ("journey", {"title": "T", "kind": "meeting", "summary": "x" * 201}),
        ("journey", {"title": "T", "kind": "meeting", "summary": "S", "date": "12 maart"}),
        ("step", {"title": "T", "phase": "before", "summary": "S", "when": "-14x"}),
        ("step", {"title": "T", "phase": "before", "summary": "S", "posts": {"myspace": False}}),
        ("step", {"title": "T", "phase": "before", "summary": "S", "focus": [0.5]}),
        ("step", {"title": "T", "phase": "before", "summary": "S", "focus": [0.5, 1.5]}),
        ("step", {"title": "T", "phase": "before", "summary": "S", "story": "Wilma Knuffels"}),
        ("journey", {"title": "T", "kind": "meeting", "summary": "S", "hashtags": ["#knie"]}),
        ("journey", {"title": "T", "kind": "meeting", "summary": "S", "themes": ["Thuis"]}),
        ("story", {"title": "T", "person": "P", "role": "client", "summary": "S"}),
        (
            "story",
            {
                **story_meta(),
                "consent": {"reference": "TF-1", "given": "2026-05-01", "channels": []},
            },
        ),
    ],
)
def test_schema_rejects_what_the_loader_rejects(tmp_path, which, meta):
    schema = schemas(tmp_path)[which]
    assert not jsonschema.Draft7Validator(schema).is_valid(
        json.loads(json.dumps(meta, default=str))
    )


@pytest.mark.parametrize("when", ["-14d", "+3d", "0d", "-2w", "+2h", 0, -3])
def test_schema_accepts_step_offsets(tmp_path, when):
    schema = schemas(tmp_path)["step"]
    assert jsonschema.Draft7Validator(schema).is_valid(
        {"title": "T", "phase": "before", "summary": "S", "when": when}
    )


def test_schema_output_writes_files_and_never_overwrites(tmp_path):
    result = run(tmp_path, "schema", "--output", ".schemas")
    assert result.returncode == 0
    folder = tmp_path / ".schemas"
    assert sorted(p.name for p in folder.iterdir()) == [
        "journey.schema.json", "step.schema.json", "story.schema.json",
    ]  # fmt: skip
    for name, schema in schemas(tmp_path).items():
        assert json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8")) == schema
    again = run(tmp_path, "schema", "--output", ".schemas")
    assert again.returncode == 0 and again.stdout.count("ongewijzigd") == 3
    edited = folder / "step.schema.json"
    edited.write_text("{}\n", encoding="utf-8")
    refused = run(tmp_path, "schema", "step", "-o", ".schemas")
    assert refused.returncode == 1
    assert "bestaat al" in refused.stderr and "niets overschreven" in refused.stderr
    assert edited.read_text(encoding="utf-8") == "{}\n"


def test_the_installed_command(project):
    assert Path(sys.executable).with_name("reisverhaal").is_file()
    result = run(project.root, "check", "--format", "json", script=True)
    assert result.returncode == 0
    assert json.loads(result.stdout)["errors"] == 0


# Dutch descriptions and complete scaffolds


def keys_of(schema: dict) -> list[tuple[str, dict]]:
    """Every key of a schema with its description, nested models (consent, …) included."""
    found = list(schema["properties"].items())
    for definition in schema.get("$defs", {}).values():
        found += list(definition["properties"].items())
    return found


@pytest.mark.parametrize("which", ["journey", "step", "story"])
def test_schema_describes_every_key_in_dutch(which):
    schema = front_matter_schema(which)
    keys = keys_of(schema)
    assert len(keys) >= len(MODELS[which].model_fields)
    for key, prop in keys:
        assert prop.get("title") and prop.get("description"), key
        assert not re.search(r"\b(the|should|must|and)\b", prop["description"]), key
    if which == "story":
        assert "Toestemming" in {d["title"] for d in schema["$defs"].values()}


EXAMPLE = re.compile(r"^# ?(?=\s*[a-z_]+:)", re.M)


@pytest.mark.parametrize(
    "what, name, model",
    [
        ("journey", "index.md", JourneyMeta),
        ("journey", "01-eerste-stap.md", StepMeta),
        ("story", "index.md", StoryMeta),
    ],
)
def test_scaffolds_write_every_key_and_their_examples_are_valid(project, what, name, model):
    assert run(project.root, "new", what, "griep").returncode == 0
    folder = "journeys" if what == "journey" else "stories"
    text = (project.root / folder / "griep" / name).read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    for key in model.model_fields:
        assert re.search(rf"^\s*(# ?)?{key}:", front, re.M), key
    if "consent" in model.model_fields:
        for key in Consent.model_fields:
            assert re.search(rf"^#\s+{key}:", front, re.M), key
    filled = yaml.safe_load(EXAMPLE.sub("", front))
    filled.get("consent", {}).pop("withdrawn", None)
    model.model_validate(filled, context={"audiences": list(AUDIENCES)})
