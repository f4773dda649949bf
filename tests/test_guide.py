"""The editor's guide (docs/handleiding/) and the README: complete, and self-contained.

Editors learn the format from the guide, so every front matter key the loader accepts must be
in its tables, and the README must point to it and to nothing outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reisverhaal.content.model import Consent, JourneyMeta, StepMeta, StoryMeta

REPOSITORY = Path(__file__).resolve().parents[1]
GUIDE = REPOSITORY / "docs" / "handleiding"


def table_keys(page: str) -> list[set[str]]:
    """The keys in the first column of each table of a guide page, table by table."""
    tables: list[set[str]] = []
    current: set[str] | None = None
    for line in (GUIDE / page).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z_]+)` \|", line)
        if match:
            if current is None:
                current = set()
                tables.append(current)
            current.add(match.group(1))
        elif not line.startswith("|"):
            current = None
    return tables


@pytest.mark.parametrize(
    "page, index, model",
    [
        ("trajecten.md", 0, JourneyMeta),
        ("trajecten.md", 1, StepMeta),
        ("verhalen.md", 0, StoryMeta),
        ("verhalen.md", 1, Consent),
    ],
)
def test_the_guide_has_every_key_in_its_table(page, index, model):
    assert table_keys(page)[index] == set(model.model_fields)


def test_the_readme_links_the_guide_and_nothing_outside_the_repository():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:40])
    assert "docs/handleiding/index.md" in first_screen
    assert ".venv/bin/mkdocs serve" in first_screen and "NO_MKDOCS_2_WARNING=1" in first_screen
    assert "http://127.0.0.1:8000/" in first_screen
    assert "SPEC" not in readme and "../shared" not in readme
    prose = re.sub(r"```.*?```|`[^`]*`", "", readme, flags=re.S)
    for target in re.findall(r"\]\(([^)#]+)\)", prose):
        if not re.match(r"^[a-z]+:", target):
            assert (REPOSITORY / target).exists(), target
