"""The image cache: every crop made once, stored under a key of exactly the bytes it was made from.

Sources (read and checked by `content.photos`) are cut by `crop` in parallel processes; an
unchanged source with unchanged crops costs only the hash of its bytes. The manifest is JSON,
so nothing read back from the cache can run code. `tools/benchmark.py` measures this stage
against a bare Pillow loop.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..content.photos import read_source
from ..core.findings import CacheError, ContentError, Finding, error, warning
from ..core.output import KEEP_UNUSED_DAYS, write_atomic
from .crop import JPEG_QUALITY, Crop, cut, encode_jpeg

CODE_VERSION = "3"
"""Part of every cache key: bump it when a change in this module changes output bytes."""


MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ImageJob:
    """All crops of one source image. `display` names the file in messages."""

    source: Path
    crops: tuple[Crop, ...]
    kind: str = "photo"
    display: str | None = None

    @property
    def label(self) -> str:
        return self.display or str(self.source)

    def identity(self) -> bytes:
        return read_source(self.source, self.label)

    def make(self, identity: bytes, crops: tuple[Crop, ...]) -> list[Made]:
        return [
            Made(encode_jpeg(image), "jpg", image.width, image.height, upscale)
            for image, upscale in cut(identity, crops, self.label)
        ]


class Job(Protocol):
    """What `render_images` needs of a job (`ImageJob`, `quotecard.QuoteCardJob`).

    `identity()` returns the bytes that, with `crops`, decide every output pixel (it raises
    `ContentError` when an input is missing); `make()` turns them into encoded files.
    """

    crops: tuple[Crop, ...]
    kind: str

    @property
    def label(self) -> str: ...

    def identity(self) -> bytes: ...

    def make(self, identity: bytes, crops: tuple[Crop, ...]) -> list[Made]: ...


@dataclass(frozen=True)
class Made:
    data: bytes
    suffix: str
    width: int
    height: int
    upscale: float = 1.0


@dataclass(frozen=True)
class CachedImage:
    """A made image in the cache: its file and its size in pixels."""

    path: Path
    width: int
    height: int
    upscale: float = 1.0


@dataclass
class ImageRun:
    """The result of `render_images`: per job and crop name the file in the cache."""

    outputs: dict[Job, dict[str, CachedImage]] = field(default_factory=dict)
    made: int = 0
    cached: int = 0
    warnings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)

    def output(self, job: Job, name: str) -> CachedImage:
        return self.outputs[job][name]


def job_key(job: Job, identity: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(f"reisverhaal-images {CODE_VERSION} q{JPEG_QUALITY} {job.kind}\n".encode())
    digest.update(hashlib.sha256(identity).digest())
    specs = sorted({json.dumps(crop.spec, sort_keys=True) for crop in job.crops})
    digest.update(json.dumps(specs).encode())
    return digest.hexdigest()


def _spec_key(crop: Crop) -> str:
    return hashlib.sha256(json.dumps(crop.spec, sort_keys=True).encode()).hexdigest()[:12]


def render_images(
    jobs: Iterable[Job], cache_dir: Path, workers: int | None = None, prune: bool = True
) -> ImageRun:
    """Make every crop of every job in `cache_dir`, reusing what an earlier run made.

    Bad sources do not stop the run: they end up in `ImageRun.errors` and have no outputs.
    `prune`: remove old images these jobs do not use; a build that makes its images in
    several runs prunes once, after the last (`prune_images`).
    """
    cache_dir = Path(cache_dir)
    manifest = _read_manifest(cache_dir)
    entries = manifest["jobs"]
    run = ImageRun()
    pending: dict[str, tuple[Job, bytes]] = {}
    same_bytes: dict[Job, bytes] = {}
    keyed: list[tuple[Job, str]] = []
    for job in dict.fromkeys(jobs):
        try:
            identity = job.identity()
        except ContentError as exc:
            run.errors.append(exc.finding)
            continue
        key = job_key(job, identity)
        keyed.append((job, key))
        if key in pending:
            same_bytes[job] = identity
        elif not _complete(entries.get(key), cache_dir):
            pending[key] = (job, identity)

    failed: dict[str, Finding] = {}
    try:
        for key, result in _run(pending, cache_dir, workers):
            if isinstance(result, Finding):
                failed[key] = result
            else:
                entries[key] = result
    except OSError as exc:
        raise CacheError(exc.filename or cache_dir, exc) from None

    counted: set[str] = set()
    for job, key in keyed:
        if key in failed:
            first = pending[key][0]
            run.errors.append(failed[key] if job is first else _failure(job, same_bytes[job]))
            continue
        entry = entries[key]
        if key in pending and key not in counted:
            run.made += len(job.crops)
            counted.add(key)
        else:
            run.cached += len(job.crops)
        outputs = {}
        for crop in job.crops:
            out = entry["outputs"][_spec_key(crop)]
            outputs[crop.name] = CachedImage(
                cache_dir / out["file"], out["width"], out["height"], out["upscale"]
            )
            if out["upscale"] > 1:
                run.warnings.append(_upscale_warning(job, crop, out["upscale"]))
        run.outputs[job] = outputs
    try:
        pruned = prune and _prune(entries, {key for _, key in keyed}, cache_dir)
        if pending or pruned:
            _write_manifest(cache_dir, manifest)
    except OSError as exc:
        raise CacheError(exc.filename or cache_dir / MANIFEST, exc) from None
    return run


def prune_images(cache_dir: Path, used: set[Path]) -> None:
    """Remove the images no file in `used` belongs to, as `render_images` does for its own
    jobs: for a build that made its images in several runs and reused some from earlier."""
    manifest = _read_manifest(cache_dir)
    entries = manifest["jobs"]
    names = {path.name for path in used if path.parent == cache_dir}
    keep = {
        key
        for key, entry in entries.items()
        if any(out["file"] in names for out in entry["outputs"].values())
    }
    try:
        if _prune(entries, keep, cache_dir):
            _write_manifest(cache_dir, manifest)
    except OSError as exc:
        raise CacheError(exc.filename or cache_dir / MANIFEST, exc) from None


def _prune(entries: dict, used: set[str], cache_dir: Path) -> bool:
    """Remove images this build does not use that were made over `KEEP_UNUSED_DAYS` ago, so
    that the cache does not grow with every replaced photo; newer ones stay (another branch
    may still want them). Files no entry names (their entry lost to a build that ran at the
    same time, or half-written by a build that was stopped) go after the same time."""
    cutoff = time.time() - KEEP_UNUSED_DAYS * 86400
    stale = []
    for key, entry in entries.items():
        if key in used:
            continue
        files = [cache_dir / out["file"] for out in entry["outputs"].values()]
        if all(not path.is_file() or path.stat().st_mtime < cutoff for path in files):
            stale.append(key)
            for path in files:
                path.unlink(missing_ok=True)
    for key in stale:
        del entries[key]
    if not cache_dir.is_dir():  # nothing made yet: every job of the first run failed
        return bool(stale)
    named = {out["file"] for entry in entries.values() for out in entry["outputs"].values()}
    with os.scandir(cache_dir) as found:
        for item in found:
            if item.name not in named and item.name != MANIFEST and _older(item, cutoff):
                Path(item.path).unlink(missing_ok=True)
    return bool(stale)


def _older(item: os.DirEntry, cutoff: float) -> bool:
    try:
        return item.is_file(follow_symlinks=False) and item.stat().st_mtime < cutoff
    except OSError:
        return False


def _failure(job: Job, identity: bytes) -> Finding:
    """The error for a job whose bytes already failed under another name."""
    try:
        job.make(identity, job.crops)
    except ContentError as exc:
        return exc.finding
    return error(job.label, "image-corrupt", "afbeelding kon niet worden verwerkt.")


def _upscale_warning(job: Job, crop: Crop, upscale: float) -> Finding:
    return warning(
        job.label,
        "image-upscaled",
        f"afbeelding '{Path(job.label).name}' is te klein voor '{crop.name}' "
        f"({crop.width}×{crop.height}) en wordt {upscale:.1f} keer vergroot, "
        "dus wat onscherp. Gebruik een grotere foto.",
    )


def _complete(entry: dict | None, cache_dir: Path) -> bool:
    return entry is not None and all(
        _unchanged(cache_dir, out) for out in entry["outputs"].values()
    )


def _unchanged(cache_dir: Path, out: dict) -> bool:
    """Whether a cached file still holds the bytes we wrote, by their hash. The site gets
    hard links to these files, so a tool that rewrites an image in `site/` in place changes
    it here too, whatever times it sets back; a disk can damage a file without any write.
    Either way the image is made again. Hashing costs a read of each cached file, and runs
    only when the pipeline does: a build that reuses the last result checks the files'
    change times instead (`snapshot`)."""
    try:
        data = (cache_dir / out["file"]).read_bytes()
    except OSError:
        return False
    return _digest(data) == out.get("hash")


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _run(pending: dict[str, tuple[Job, bytes]], cache_dir: Path, workers: int | None):
    workers = min(workers or os.cpu_count() or 1, len(pending))
    if workers <= 1:
        for key, (job, identity) in pending.items():
            yield key, _make(job, identity, key, cache_dir)
        return
    # fork: workers start at once and need nothing from the parent's __main__
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = {
            key: pool.submit(_make, job, identity, key, cache_dir)
            for key, (job, identity) in pending.items()
        }
        for key, future in futures.items():
            yield key, future.result()


def _make(job: Job, identity: bytes, key: str, cache_dir: Path) -> dict | Finding:
    """Make and store every crop of one job; runs in a worker process."""
    crops = tuple({_spec_key(crop): crop for crop in job.crops}.values())
    try:
        made = job.make(identity, crops)
    except ContentError as exc:
        return exc.finding
    cache_dir.mkdir(parents=True, exist_ok=True)
    outputs = {}
    for crop, result in zip(crops, made, strict=True):
        spec = _spec_key(crop)
        name = f"{key[:20]}-{spec[:8]}.{result.suffix}"
        write_atomic(cache_dir / name, result.data)
        outputs[spec] = {
            "file": name,
            "hash": _digest(result.data),
            "width": result.width,
            "height": result.height,
            "upscale": result.upscale,
            "spec": crop.spec,
        }
    return {"source": job.label, "outputs": outputs}


def _read_manifest(cache_dir: Path) -> dict:
    try:
        manifest = json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": CODE_VERSION, "jobs": {}}
    if not isinstance(manifest, dict) or manifest.get("version") != CODE_VERSION:
        return {"version": CODE_VERSION, "jobs": {}}
    return manifest


def _write_manifest(cache_dir: Path, manifest: dict) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False)
    write_atomic(cache_dir / MANIFEST, text.encode("utf-8"))
