"""Cutting platform crops from a source photo, around its focus point, as metadata-free JPEGs.

Every output is a new JPEG (quote cards: PNG) that carries no metadata at all: no EXIF, XMP,
GPS, comment or ICC profile. Colours are converted to sRGB first, so the untagged output shows
as intended in every browser and app. EXIF orientation is applied before anything else.

Speed: a source is decoded once, as small as JPEG draft mode allows, and reduced once to an
intermediate that still covers every crop. Crops whose window lies inside a crop already made
come from that smaller image instead, and when it already has their scale they are simply cut
out of it (platform sizes like 1200×630, 1200×627 and 1200×600, or the website image and X's
1600×900, share one resampling).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageCms, ImageOps

from ..content.photos import as_content_error, check_complete, open_image

JPEG_QUALITY = 82


ORIENTATION = 0x0112


_SWAPS_SIDES = {5, 6, 7, 8}


_EPSILON = 1e-6


MAX_RESAMPLED = 2
"""No output pixel goes through more Lanczos passes than this."""


@dataclass(frozen=True)
class Crop:
    """One output of a source: `cover` fills width×height exactly, cut around `focus`;
    `fill` cuts the same shape around `focus` but never enlarges it (a smaller source gives a
    smaller image: a card's photo, which the page scales anyway); `fit` scales the whole
    image to fit inside width×height, never enlarging it."""

    name: str
    width: int
    height: int
    focus: tuple[float, float] = (0.5, 0.5)
    mode: Literal["cover", "fill", "fit"] = "cover"

    def __post_init__(self):
        if self.width < 1 or self.height < 1:
            raise ValueError(f"crop {self.name!r} needs a positive size")
        if not all(0.0 <= value <= 1.0 for value in self.focus):
            raise ValueError(f"crop {self.name!r}: focus must lie within 0..1")
        if self.mode not in ("cover", "fill", "fit"):
            raise ValueError(f"crop {self.name!r}: mode is cover, fill or fit")

    @property
    def spec(self) -> dict:
        """What shapes the output pixels (the name does not)."""
        if self.mode == "fit":
            return {"mode": "fit", "size": [self.width, self.height]}
        return {"mode": self.mode, "size": [self.width, self.height], "focus": list(self.focus)}


def web(width: int = 1600, height: int = 1600, name: str = "web") -> Crop:
    """The website image: the whole photo, at most width×height, never cropped or enlarged."""
    return Crop(name, width, height, mode="fit")


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
    if crop.mode == "fill" and window_width < crop.width:  # the window as it is, not enlarged
        size = (
            max(1, math.floor(window_width + _EPSILON)),
            max(1, math.floor(window_height + _EPSILON)),
        )
        return _Plan(crop, window, size)
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
