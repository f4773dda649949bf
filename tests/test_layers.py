"""The package stands in layers whose imports only point down (`[tool.importlinter]` in
pyproject.toml), has no import cycle, and a build that reuses its last result loads neither
pydantic nor Pillow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import grimp
import pytest

from conftest import EPOCH, SiteProject, build

REPOSITORY = Path(__file__).resolve().parents[1]
HEAVY = ("PIL", "pydantic", "pydantic_core")
"""What only a build that runs the pipeline needs: the models (pydantic) and the images."""


def package_graph() -> grimp.ImportGraph:
    """Every import in the package, function-local and `TYPE_CHECKING` ones included."""
    return grimp.build_graph("reisverhaal", exclude_type_checking_imports=False, cache_dir=None)


def layers_contract() -> dict:
    config = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return contract


def grimp_layers(contract: dict) -> list[grimp.Layer]:
    """The contract's layers as grimp reads them: `|` independent, `:` not."""
    layers = []
    for line in contract["layers"]:
        independent = ":" not in line
        names = [name.strip() for name in line.replace(":", "|").split("|")]
        layers.append(grimp.Layer(*names, independent=independent))
    return layers


def illegal(graph: grimp.ImportGraph) -> set:
    contract = layers_contract()
    return graph.find_illegal_dependencies_for_layers(
        layers=grimp_layers(contract), containers=set(contract["containers"])
    )


def cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Per import that closes a circle, the chain back to the importer."""
    found = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                found.append((module, *chain))
    return found


def test_lint_imports_keeps_the_layers_contract():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_layers_run_from_the_adapters_down_to_the_shared_types():
    contract = layers_contract()
    assert contract["type"] == "layers" and contract["exhaustive"] is True
    assert contract["layers"] == [
        "plugin | cli",
        "page_reuse",
        "config",
        "pipeline",
        "render",
        "checks",
        "consent",
        "content",
        "core : data",
    ]
    assert not tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["exclude_type_checking_imports"]


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("reisverhaal.core.findings", "reisverhaal.content.model"),
        ("reisverhaal.content.load", "reisverhaal.render.image_cache"),
        ("reisverhaal.render.pages", "reisverhaal.pipeline.build"),
        ("reisverhaal.consent.gate", "reisverhaal.checks.links"),
        ("reisverhaal.plugin", "reisverhaal.cli"),
    ],
)
def test_an_import_that_points_up_or_across_breaks_the_contract(importer, imported):
    graph = package_graph()
    assert not illegal(graph)
    graph.add_import(importer=importer, imported=imported)
    assert illegal(graph)


def test_no_module_imports_itself_through_others():
    graph = package_graph()
    assert cycles(graph) == []
    graph.add_import(importer="reisverhaal.core.findings", imported="reisverhaal.core.output")
    assert cycles(graph)


def loaded_after(code: str) -> dict:
    """What a fresh interpreter reports after running `code`, which sets `result`."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json, sys
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
        print(json.dumps({{"heavy": heavy, "result": result}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_plugin_loads_neither_pydantic_nor_pillow():
    report = loaded_after("import reisverhaal.plugin\nresult = None\n")
    assert report["heavy"] == []
    assert "pydantic" in loaded_after("import reisverhaal.content.model\nresult = None\n")["heavy"]


def test_a_build_that_reuses_its_last_result_loads_neither(tmp_path):
    project = SiteProject.small(tmp_path / "project").illustrate()
    site = tmp_path / "site"
    build(project.root, site_dir=site)
    code = f"""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(config_file={str(project.root / "mkdocs.yml")!r},
                             site_dir={str(site)!r})
        build(config)
        result = config.plugins["reisverhaal"].site.reused
        """
    warm = loaded_after(code)
    assert warm["result"] is True and warm["heavy"] == []
    step = next((project.root / "journeys").rglob("*.md"))
    step.write_text(step.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    cold = loaded_after(code)
    assert cold["result"] is False and {"PIL", "pydantic"} <= set(cold["heavy"])
