"""Pages the theme rendered before, reused under a key of what they were made from
(`page_reuse`): only pages whose inputs changed are rendered again, a damaged stored page is
rendered anew, and a site with other plugins renders every page as MkDocs does."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import material
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from conftest import EPOCH, SITE_URL, SiteProject, build, environment, tree_bytes
from reisverhaal import page_reuse
from reisverhaal.plugin import NAVIGATION_KEYS, NAVIGATION_PAGE_FACTS, PAGE_FACTS

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def stored_pages(project: SiteProject) -> dict[str, bytes]:
    folder = project.root / ".cache" / "reisverhaal" / page_reuse.FOLDER
    return {path.stem: path.read_bytes() for path in folder.glob("*.html")}


def page_of(stored: bytes) -> str:
    """The address of a stored page, read from its canonical link."""
    html = stored.split(b"\n", 1)[1].decode("utf-8")
    return re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]


def rendered_anew(project: SiteProject, before: dict[str, bytes]) -> set[str]:
    return {page_of(data) for key, data in stored_pages(project).items() if key not in before}


def from_scratch(project: SiteProject, folder: Path) -> dict[str, bytes]:
    shutil.copytree(project.root, folder, ignore=shutil.ignore_patterns(".cache", "site"))
    return tree_bytes(build(folder).site)


def forge(project: SiteProject, address: str, marker: str) -> None:
    """Put `marker` into the stored page at `address`, with a matching digest: what only
    a reused page can show."""
    folder = project.root / ".cache" / "reisverhaal" / page_reuse.FOLDER
    for key, data in stored_pages(project).items():
        if page_of(data) == address:
            header, html = data.split(b"\n", 1)
            html = html.replace(b"</body>", marker.encode() + b"</body>")
            digest = hashlib.blake2b(html, digest_size=20).hexdigest().encode()
            version, stored_key, _ = header.split(b" ")
            (folder / f"{key}.html").write_bytes(
                b" ".join((version, stored_key, digest)) + b"\n" + html
            )
            return
    raise AssertionError(f"no stored page for {address}")


URL = SITE_URL
STEP = URL + "trajecten/knie/operatie/"


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    site = SiteProject.small(tmp_path / "project")
    site.journey("heup", title="Je nieuwe heup", summary="Van het gesprek tot weer lopen.")
    site.step("heup", "01-gesprek.md", title="Het gesprek")
    build(site.root)
    return site


def test_every_page_is_stored_and_a_build_with_nothing_changed_reuses_them(project):
    first = tree_bytes(project.root / "site")
    pages = [
        name
        for name, data in first.items()
        if name.endswith(".html") and name != "404.html" and b'content="mkdocs-' in data
    ]
    assert len(stored_pages(project)) == len(pages) > 10
    assert tree_bytes(build(project.root).site) == first
    forge(project, STEP, "<!-- opgeslagen -->")
    again = build(project.root)
    assert "<!-- opgeslagen -->" in again.page("trajecten/knie/operatie/")


def test_a_damaged_stored_page_is_rendered_anew(project):
    first = (project.root / "site" / "trajecten/knie/operatie/index.html").read_bytes()
    folder = project.root / ".cache" / "reisverhaal" / page_reuse.FOLDER
    for key, data in stored_pages(project).items():
        if page_of(data) == STEP:
            damaged = data.replace(b"</body>", b"<script>alert(1)</script></body>")
            (folder / f"{key}.html").write_bytes(damaged)  # its digest no longer matches
    built = build(project.root)
    assert (built.site / "trajecten/knie/operatie/index.html").read_bytes() == first


def test_a_step_edit_renders_only_the_pages_that_show_it(project, tmp_path):
    before = stored_pages(project)
    project.step(
        "knie",
        "02-operatie.md",
        title="De operatie",
        phase="during",
        when="0d",
        summary="Op de dag van de operatie krijg je een nieuwe knie. Je blijft een nacht.",
    )
    built = build(project.root)
    anew = rendered_anew(project, before)
    assert STEP in anew and URL + "trajecten/knie/" in anew
    assert not {URL + "trajecten/heup/", URL + "trajecten/heup/gesprek/", URL} & anew
    assert len(anew) < len(before) / 2
    assert tree_bytes(built.site) == from_scratch(project, tmp_path / "scratch")


def test_a_new_title_renders_every_page_in_the_navigation_again(project, tmp_path):
    before = stored_pages(project)
    project.step("heup", "01-gesprek.md", title="Praten met de arts")
    built = build(project.root)
    anew = rendered_anew(project, before)
    assert {URL, STEP, URL + "trajecten/heup/gesprek/", URL + "verhalen/wilma-fietst/"} <= anew
    assert "Praten met de arts" in built.page("trajecten/knie/operatie/")
    assert tree_bytes(built.site) == from_scratch(project, tmp_path / "scratch")


def test_a_site_s_own_theme_template_renders_every_page_again(project, tmp_path):
    project.write("overrides/main.html", '{% extends "base.html" %}\n')
    project.write_config(theme={"name": "material", "language": "nl", "custom_dir": "overrides"})
    build(project.root)
    before = stored_pages(project)
    project.write(
        "overrides/main.html",
        '{% extends "base.html" %}\n{% block announce %}Gesloten op 1 mei{% endblock %}\n',
    )
    built = build(project.root)
    assert STEP in rendered_anew(project, before)
    assert "Gesloten op 1 mei" in built.page("trajecten/knie/operatie/")
    assert tree_bytes(built.site) == from_scratch(project, tmp_path / "scratch")


def test_a_site_with_another_plugin_or_hook_renders_every_page(tmp_path):
    project = SiteProject.small(tmp_path / "project")
    hook = "def on_page_context(context, page, config, nav):\n    return context\n"
    project.write("hooks.py", hook)
    project.write_config(hooks=["hooks.py"])
    build(project.root)
    build(project.root)
    assert not stored_pages(project)


def test_front_matter_is_as_it_was_after_a_build_that_reused_pages(project):
    with environment(SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1"):
        config = load_config(config_file=str(project.root / "mkdocs.yml"))
        mkdocs_build(config)
    plugin = config.plugins["reisverhaal"]
    assert plugin.reuse.to_reuse, "nothing was reused"
    for file in plugin.files.documentation_pages():
        template = file.page.meta.get("template")
        assert template != page_reuse.TEMPLATE, file.src_uri
        if file.src_uri in plugin.site.hidden_uris:
            assert template in {f"reisverhaal/{name}.html" for name in TOOL_TEMPLATES}


TOOL_TEMPLATES = ("tool", "sharekit", "calendar")

ASKS_OF_NAV_ITEM = re.compile(r"\bnav_item\.(\w+)")
ASKS_OF_NEIGHBOUR = re.compile(r"\bpage\.(?:previous_page|next_page|parent)\.(\w+)")
READ_BY_THE_KEY = {"title", "url", "is_index", "children", "meta"}
STATE_OF_THE_PAGE_BUILT = {"active"}
"""Set by MkDocs for the page being built, from its address (which its key has)."""


def test_the_key_reads_everything_material_asks_of_other_pages():
    """A page draws the navigation and its neighbours: what Material's templates ask of them
    must be in every page's key. A Material update that asks for more fails here."""
    asked, neighbour = set(), set()
    for template in MATERIAL_TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        asked |= set(ASKS_OF_NAV_ITEM.findall(text))
        neighbour |= set(ASKS_OF_NEIGHBOUR.findall(text))
    assert "title" in asked and "url" in neighbour, "Material's templates were not read"
    covered = READ_BY_THE_KEY | STATE_OF_THE_PAGE_BUILT | set(PAGE_FACTS)
    assert asked <= covered | set(NAVIGATION_PAGE_FACTS)
    assert neighbour <= {"title", "url"}
    assert set(NAVIGATION_KEYS) >= {"icon", "status", "subtitle"}


EMOJI = """markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def test_a_configuration_naming_library_code_reuses_pages(tmp_path):
    """Material's emoji extension is set up with a function (`!!python/name:`): named by
    module and name in the key, not by its address in one process's memory."""
    project = SiteProject.small(tmp_path / "project")
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write("mkdocs.yml", config + EMOJI)
    project.write("docs/index.md", "# Welkom :smile:\n")
    mkdocs_in_a_process(project.root)  # each build its own process, as on the command line
    assert "twemoji" in (project.root / "site" / "index.html").read_text(encoding="utf-8")
    before = stored_pages(project)
    mkdocs_in_a_process(project.root)
    assert stored_pages(project).keys() == before.keys()  # nothing rendered anew


def mkdocs_in_a_process(root: Path) -> None:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    done = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
