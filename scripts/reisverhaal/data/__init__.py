"""Facts that change without code changes: platform rules, jargon, fonts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader in C where the wheel has it (five times faster)."""


@cache
def load(name: str):
    """The parsed contents of `data/<name>.yml`."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SAFE_LOADER)


PLATFORM_IDS: tuple[str, ...] = tuple(load("platforms"))
CHANNELS: tuple[str, ...] = ("website", "newsletter", *PLATFORM_IDS)
"""Where content can go: the website, the newsletter and every platform of platforms.yml."""
