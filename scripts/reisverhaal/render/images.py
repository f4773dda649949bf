"""Images: cut platform crops from source photos (read and checked by `content.photos`),
cache the results by content hash.

Every output is a new JPEG (quote cards: PNG) that carries no metadata at all: no EXIF, XMP,
GPS, comment or ICC profile. Colours are converted to sRGB first, so the untagged output shows
as intended in every browser and app. EXIF orientation is applied before anything else.

Speed (see "Where the time goes" in the architecture notes): a source is decoded once, as small
as JPEG draft mode allows, and reduced once to an intermediate that still covers every crop.
Crops whose window lies inside a crop already made come from that smaller image instead, and
when it already has their scale they are simply cut out of it (platform sizes like 1200×630,
1200×627 and 1200×600, or the website image and X's 1600×900, share one resampling). Sources
run in parallel processes, and an unchanged source with unchanged crops costs only the hash of
its bytes. `tools/benchmark.py` measures all of this against a bare Pillow loop.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import multiprocessing
import os
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from PIL import Image, ImageCms, ImageOps

from ..content.photos import as_content_error, check_complete, open_image, read_source
from ..core.findings import CacheError, ContentError, Finding, error, warning
from ..core.output import write_atomic

CODE_VERSION = "3"
"""Part of every cache key: bump it when a change in this module changes output bytes."""

JPEG_QUALITY = 82
MANIFEST = "manifest.json"
KEEP_UNUSED_DAYS = 30

ORIENTATION = 0x0112
_SWAPS_SIDES = {5, 6, 7, 8}
_EPSILON = 1e-6
MAX_RESAMPLED = 2
"""No output pixel goes through more Lanczos passes than this."""


@dataclass(frozen=True)
class Crop:
    """One output of a source: `cover` fills width×height exactly, cut around `focus`;
    `fit` scales the whole image to fit inside width×height, never enlarging it."""

    name: str
    width: int
    height: int
    focus: tuple[float, float] = (0.5, 0.5)
    mode: Literal["cover", "fit"] = "cover"

    def __post_init__(self):
        if self.width < 1 or self.height < 1:
            raise ValueError(f"crop {self.name!r} needs a positive size")
        if not all(0.0 <= value <= 1.0 for value in self.focus):
            raise ValueError(f"crop {self.name!r}: focus must lie within 0..1")
        if self.mode not in ("cover", "fit"):
            raise ValueError(f"crop {self.name!r}: mode is cover or fit")

    @property
    def spec(self) -> dict:
        """What shapes the output pixels (the name does not)."""
        if self.mode == "fit":
            return {"mode": "fit", "size": [self.width, self.height]}
        return {"mode": "cover", "size": [self.width, self.height], "focus": list(self.focus)}


def web(width: int = 1600, height: int = 1600, name: str = "web") -> Crop:
    """The website image: the whole photo, at most width×height, never cropped or enlarged."""
    return Crop(name, width, height, mode="fit")


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


# Cutting crops


@dataclass(frozen=True)
class _Window:
    """A rectangle in the upright source image, in source pixels."""

    left: float
    top: float
    right: float
    bottom: float

    def contains(self, other: _Window) -> bool:
        return (
            other.left >= self.left - _EPSILON
            and other.top >= self.top - _EPSILON
            and other.right <= self.right + _EPSILON
            and other.bottom <= self.bottom + _EPSILON
        )


@dataclass(frozen=True)
class _Plan:
    crop: Crop
    window: _Window
    size: tuple[int, int]

    @property
    def scale(self) -> tuple[float, float]:
        """Output pixels per source pixel."""
        return (
            self.size[0] / (self.window.right - self.window.left),
            self.size[1] / (self.window.bottom - self.window.top),
        )


@dataclass(frozen=True)
class _Base:
    """An image crops can be cut from: `window` of the source at `scale` pixels per pixel,
    made with `resampled` Lanczos passes."""

    image: Image.Image
    window: _Window
    scale: tuple[float, float]
    resampled: int = 0

    def box(self, window: _Window) -> tuple[float, float, float, float]:
        sx, sy = self.scale
        return (
            _clamp((window.left - self.window.left) * sx, 0, self.image.width),
            _clamp((window.top - self.window.top) * sy, 0, self.image.height),
            _clamp((window.right - self.window.left) * sx, 0, self.image.width),
            _clamp((window.bottom - self.window.top) * sy, 0, self.image.height),
        )

    def serves(self, plan: _Plan) -> bool:
        needed = plan.scale
        return (
            self.window.contains(plan.window)
            and self.scale[0] >= needed[0] - _EPSILON
            and self.scale[1] >= needed[1] - _EPSILON
        )

    def cost(self, plan: _Plan) -> float:
        left, top, right, bottom = self.box(plan.window)
        return (right - left) * (bottom - top)

    def pixel_box(self, plan: _Plan) -> tuple[int, int, int, int] | None:
        """Where `plan` lies in this image in whole pixels, when this image already has the
        plan's scale (within half a pixel over the plan's width and height): then cutting it
        out is exact, and resampling again would only cost time and sharpness."""
        width, height = plan.size
        if width > self.image.width or height > self.image.height:
            return None
        if not self.window.contains(plan.window):
            return None
        left, top, right, bottom = self.box(plan.window)
        if abs(right - left - width) > 0.5 or abs(bottom - top - height) > 0.5:
            return None
        x = round(_clamp((left + right - width) / 2, 0, self.image.width - width))
        y = round(_clamp((top + bottom - height) / 2, 0, self.image.height - height))
        return (x, y, x + width, y + height)


def plan_crop(crop: Crop, width: int, height: int) -> _Plan:
    """Where `crop` comes from in an upright width×height source, and its output size."""
    if crop.mode == "fit":
        scale = min(1.0, crop.width / width, crop.height / height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        return _Plan(crop, _Window(0, 0, width, height), size)
    aspect = crop.width / crop.height
    window_width = min(width, height * aspect)
    window_height = window_width / aspect
    left = _clamp(crop.focus[0] * width - window_width / 2, 0, width - window_width)
    top = _clamp(crop.focus[1] * height - window_height / 2, 0, height - window_height)
    window = _Window(left, top, left + window_width, top + window_height)
    return _Plan(crop, window, (crop.width, crop.height))


def cut(data: bytes, crops: tuple[Crop, ...], display: str) -> list[tuple[Image.Image, float]]:
    """Decode `data` once and return, per crop, the sRGB image and how much it was enlarged
    (1.0: not at all)."""
    image = open_image(data, display)
    with as_content_error(display):
        orientation = image.getexif().get(ORIENTATION, 1)
        raw_width, raw_height = image.size
        width, height = (
            (raw_height, raw_width) if orientation in _SWAPS_SIDES else (raw_width, raw_height)
        )
        plans = [plan_crop(crop, width, height) for crop in crops]
        needed = min(1.0, max(max(plan.scale) for plan in plans))
        if image.format == "JPEG":
            image.draft(image.mode, (math.ceil(raw_width * needed), math.ceil(raw_height * needed)))
        image.load()
        reduced = _nearest_power_of_two(raw_width / image.width)
        check_complete(image, data, reduced, display)
        ImageOps.exif_transpose(image, in_place=True)
        image = _flatten(image)
    factor = max(1, math.floor(1 / (2 * needed * reduced)))
    if factor > 1:
        image = image.reduce(factor)
    image = _to_srgb(image)
    scale = 1 / (reduced * factor)
    return _cut_plans(_Base(image, _Window(0, 0, width, height), (scale, scale)), plans)



def _cut_plans(source: _Base, plans: list[_Plan]) -> list[tuple[Image.Image, float]]:
    """Cut the largest crops first (in the order given when sizes tie, so that the output
    does not depend on hashing). A later crop that lies inside one already made, at the
    same scale, is cut out of it without resampling; one that needs resampling comes from
    the smallest image that covers it and was resampled less than `MAX_RESAMPLED` times."""
    made: dict[_Plan, Image.Image] = {}
    bases = [source]
    for plan in sorted(dict.fromkeys(plans), key=lambda plan: -plan.size[0] * plan.size[1]):
        exact = [(base, box) for base in bases if (box := base.pixel_box(plan))]
        if exact:
            base, box = min(exact, key=lambda found: found[0].resampled)
            made[plan] = base.image.crop(box)
            continue
        base = min(
            (b for b in bases if b.resampled < MAX_RESAMPLED and b.serves(plan)),
            key=lambda b: b.cost(plan),
            default=source,
        )
        image = base.image.resize(plan.size, Image.Resampling.LANCZOS, box=base.box(plan.window))
        made[plan] = image
        bases.append(_Base(image, plan.window, plan.scale, base.resampled + 1))
    return [(made[plan], round(max(1.0, *plan.scale), 3)) for plan in plans]


def _nearest_power_of_two(ratio: float) -> int:
    return min((1, 2, 4, 8), key=lambda power: abs(power - ratio))


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pixels become white; palettes and odd modes become RGB."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        flat.info["icc_profile"] = image.info.get("icc_profile")
        return flat
    if image.mode not in ("RGB", "CMYK", "L"):
        icc = image.info.get("icc_profile")
        image = image.convert("RGB")
        image.info["icc_profile"] = icc
    return image


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(profile).lower():
                image = ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: treat the pixels as sRGB
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}
    return image


def encode_jpeg(
    image: Image.Image, quality: int = JPEG_QUALITY, sharp_colour: bool = False
) -> bytes:
    """Progressive, optimised JPEG without any metadata. `sharp_colour` keeps full colour
    resolution (4:4:4), for text on a coloured background."""
    image.info = {}
    buffer = io.BytesIO()
    options = {"subsampling": 0} if sharp_colour else {}
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True, **options)
    return buffer.getvalue()


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


# The cache


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
