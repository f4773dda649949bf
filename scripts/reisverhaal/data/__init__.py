"""Facts that change without code changes: platform rules, jargon, fonts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent


@cache
def load(name: str):
    """The parsed contents of `data/<name>.yml`."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
