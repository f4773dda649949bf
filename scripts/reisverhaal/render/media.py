"""Turn the images pages, snippets and newsletters ask for into site files, via the cache.

All requests of a build go through one `render_images` run: each source is decoded once for
all its sizes, work is spread over the cores, and an unchanged source costs nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..findings import Finding, shown
from .images import Crop, ImageJob, render_images
from .output import ImageRequest, Output


@dataclass
class Published:
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    made: int = 0
    cached: int = 0


def crop_for(request: ImageRequest) -> Crop:
    width, height = request.size
    return Crop(request.uri, width, height, request.focus, "fit" if request.fit else "cover")


def publish(
    requests: list[ImageRequest], settings: Settings, extra_jobs=(), extra_public: bool = True
) -> Published:
    """Make every requested image, published at its request's uri, and every crop of
    `extra_jobs` (quote cards) at its crop name; `extra_public` is their visibility."""
    by_source: dict[Path, list[ImageRequest]] = defaultdict(list)
    for request in dict.fromkeys(requests):
        by_source[request.source].append(request)
    jobs = [
        ImageJob(
            source=source,
            crops=tuple(crop_for(r) for r in wanted),
            display=shown(source, settings.root),
        )
        for source, wanted in sorted(by_source.items())
    ]
    public = {request.uri: request.public for request in requests}
    run = render_images([*jobs, *extra_jobs], settings.cache_dir / "images")
    result = Published(made=run.made, cached=run.cached)
    for outputs in run.outputs.values():
        for name, made in sorted(outputs.items()):
            result.outputs.append(
                Output(uri=name, source=made.path, public=public.get(name, extra_public))
            )
    result.findings.extend(run.errors)
    result.findings.extend(run.warnings)
    return result
