"""Turn the images pages, snippets and newsletters ask for into site files, via the cache.

All requests of a build go through one `render_images` run: each source is decoded once for
all its sizes, work is spread over the cores, and an unchanged source costs nothing.
`store_files` puts the other generated files (newsletter blocks, exports) in the cache too, so
that the site gets them as hard links like the images.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.findings import CacheError, Finding, shown
from ..core.output import ImageRequest, Output, unused_long, write_atomic
from ..core.settings import Settings
from .crop import Crop
from .image_cache import ImageJob, render_images


@dataclass
class Published:
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    made: int = 0
    cached: int = 0


def crop_for(request: ImageRequest) -> Crop:
    width, height = request.size
    mode = "fit" if request.fit else "cover" if request.enlarge else "fill"
    return Crop(request.uri, width, height, request.focus, mode)


def publish(
    requests: list[ImageRequest],
    settings: Settings,
    extra_jobs=(),
    extra_public: bool = True,
    prune: bool = True,
) -> Published:
    """Make every requested image, published at its request's uri, and every crop of
    `extra_jobs` (quote cards) at its crop name; `extra_public` is their visibility.
    `prune`: see `image_cache.render_images`."""
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
    run = render_images([*jobs, *extra_jobs], settings.cache_dir / "images", prune=prune)
    result = Published(made=run.made, cached=run.cached)
    for outputs in run.outputs.values():
        for name, made in sorted(outputs.items()):
            result.outputs.append(
                Output(uri=name, source=made.path, public=public.get(name, extra_public))
            )
    result.findings.extend(run.errors)
    result.findings.extend(run.warnings)
    return result


def store_files(outputs: list[Output], cache_dir: Path) -> list[Output]:
    """Every generated file that is not a page, written once into `cache_dir` by its content
    and handed on as a file to link. Creating a file costs far more than linking one, and a
    site has hundreds of these. A stored file whose bytes differ (changed through a link in
    the site, or damaged on disk) is written again. Files this build does not use and that
    were written over `KEEP_UNUSED_DAYS` ago are removed. A file that cannot be written
    stops the build (`CacheError`)."""
    try:
        return _store_files(outputs, cache_dir)
    except OSError as exc:
        raise CacheError(exc.filename or cache_dir, exc) from None


def _store_files(outputs: list[Output], cache_dir: Path) -> list[Output]:
    cache_dir.mkdir(parents=True, exist_ok=True)
    stored, used = [], set()
    for output in outputs:
        if output.content is None or output.is_page:
            stored.append(output)
            continue
        data = output.content if isinstance(output.content, bytes) else output.content.encode()
        path = cache_dir / (hashlib.sha256(data).hexdigest()[:32] + Path(output.uri).suffix)
        if not _holds(path, data):
            write_atomic(path, data)
        used.add(path.name)
        stored.append(replace(output, content=None, source=path))
    now = time.time()
    for path in cache_dir.iterdir():
        if path.name not in used and unused_long(path, now):
            path.unlink(missing_ok=True)
    return stored


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
