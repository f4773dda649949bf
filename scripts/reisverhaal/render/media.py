"""Turn the images pages and snippets ask for into site files, through the image cache."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Settings
from ..findings import Finding
from .output import ImageRequest, Output


@dataclass
class Published:
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    made: int = 0
    cached: int = 0


def publish(requests: list[ImageRequest], settings: Settings, public: bool = True) -> Published:
    return Published()
