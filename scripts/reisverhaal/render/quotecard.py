"""Quote cards: a story's quote on the brand colour, as an image for social posts.

The text colour is white or near-black, whichever contrasts more with the brand colour; when
neither reaches the WCAG minimum of 4.5:1 the background is darkened or lightened until one
does. The font is Atkinson Hyperlegible, shipped as a Python package. Whether a photo may be
shown is the caller's decision (the consent gate): a photo passed in is used.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps, ImageStat

from ..content.model import PSEUDONYM_NOTE
from ..content.photos import open_image, read_source
from ..core.findings import shown
from .crop import Crop, cut, encode_jpeg
from .image_cache import Made

if TYPE_CHECKING:
    from ..consent.project import Project
    from .snippet import Snippet

CARD_VERSION = "5"
"""Part of the cache key: bump it when a layout change alters the output."""
PNG_COMPRESSION = 6
"""zlib level for cards without a photo: level 9 took seven times as long for files about 7 %
smaller."""
CARD_JPEG_QUALITY = 90
"""Cards with a photo are JPEG: as PNG they weigh over a megabyte, more than Bluesky takes."""

WHITE = (255, 255, 255)
NEAR_BLACK = (17, 17, 17)
MIN_CONTRAST = 4.5
PSEUDONYM = PSEUDONYM_NOTE
FONT_FILES = {
    "regular": "AtkinsonHyperlegible-Regular.ttf",
    "bold": "AtkinsonHyperlegible-Bold.ttf",
}
LOGO_MIN_SIDE = 16
LOGO_MIN_CONTRAST = 3.0
"""WCAG 1.4.11 for graphics: a logo below this against the card gets a plate behind it."""
CARDS_DIR = "deelkit/citaten"

RGB = tuple[int, int, int]
Insets = tuple[int, int, int, int]
"""Top, right, bottom and left band of a card, in its pixels, that its text stays out of."""
NO_INSETS: Insets = (0, 0, 0, 0)


@dataclass(frozen=True)
class QuoteCard:
    quote: str
    person: str
    pseudonym: bool
    organisation: str
    color: str
    logo: Path | None = None
    photo: Path | None = None
    photo_focus: tuple[float, float] = (0.5, 0.5)

    @property
    def attribution(self) -> str:
        return f"— {self.person}{PSEUDONYM if self.pseudonym else ''}"


# Colour


def relative_luminance(color: str | RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = _rgb(color)
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str | RGB, second: str | RGB) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def card_colors(color: str | RGB) -> tuple[RGB, RGB]:
    """Background and text colour for a brand colour, with a contrast of at least 4.5:1."""
    background = _rgb(color)
    text = max((WHITE, NEAR_BLACK), key=lambda candidate: contrast_ratio(background, candidate))
    toward = (0, 0, 0) if text == WHITE else (255, 255, 255)
    step = 0
    while contrast_ratio(background, text) < MIN_CONTRAST:
        step += 1
        background = _mix(_rgb(color), toward, step / 20)
    return background, text


def _rgb(color: str | RGB) -> RGB:
    if isinstance(color, str):
        return ImageColor.getrgb(color)[:3]
    return tuple(color[:3])


def _mix(color: RGB, toward: RGB, amount: float) -> RGB:
    return tuple(round(c + (t - c) * amount) for c, t in zip(color, toward, strict=True))


# Fonts


def font_path(style: str = "bold") -> Path:
    with as_file(files("fontpkg_atkinson_hyperlegible") / "files" / FONT_FILES[style]) as path:
        return Path(path)


@cache
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(style)), size)


@cache
def _font_digest() -> str:
    digest = hashlib.sha256()
    for style in sorted(FONT_FILES):
        digest.update(font_path(style).read_bytes())
    return digest.hexdigest()


# Layout


@dataclass(frozen=True)
class _Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def render_quote_card(
    card: QuoteCard, width: int, height: int, safe: Insets = NO_INSETS
) -> Image.Image:
    """The card as an RGB image of exactly width×height pixels; text, attribution and logo
    stay out of the `safe` bands (where an app puts its buttons)."""
    return render_quote_cards(card, [(width, height)], [safe])[0]


def render_quote_cards(
    card: QuoteCard, sizes: list[tuple[int, int]], safe: list[Insets] | None = None
) -> list[Image.Image]:
    """The card in each size; the story photo is decoded once for all of them."""
    insets = safe or [NO_INSETS] * len(sizes)
    photos: list[Image.Image | None] = [None] * len(sizes)
    if card.photo is not None:
        display = str(card.photo)
        crops = tuple(
            Crop("photo", *_layout(width, height)[0].size, focus=card.photo_focus)
            for width, height in sizes
        )
        photos = [photo for photo, _ in cut(read_source(card.photo, display), crops, display)]
    return [
        _draw_card(card, size, photo, inset)
        for size, photo, inset in zip(sizes, photos, insets, strict=True)
    ]


def _draw_card(
    card: QuoteCard, size: tuple[int, int], photo: Image.Image | None, safe: Insets
) -> Image.Image:
    width, height = size
    background, text = card_colors(card.color)
    image = Image.new("RGB", (width, height), background)
    area = _Box(0, 0, width, height)
    if photo is not None:
        image.paste(photo, (0, 0))
        area = _layout(width, height)[1]
    area = _inside(area, safe, width, height)
    padding = round(min(width, height) * 0.07)
    inner = _Box(
        area.left + padding, area.top + padding, area.right - padding, area.bottom - padding
    )
    draw = ImageDraw.Draw(image)

    small = max(12, round(min(width, height) * 0.035))
    step = round(small * 1.3)
    logo_top, logo_width = inner.bottom, 0
    if card.logo is not None:
        logo_top, logo_width = _place_logo(image, card.logo, inner, 2 * step, background, text)
    text_width = inner.width - (logo_width + padding // 2 if logo_width else 0)
    footer = [_drawable(line) for line in (card.attribution, card.organisation) if line.strip()]
    fonts = [_fit_line(line, text_width, small) for line in footer]
    baseline = inner.bottom - (_ink(footer[-1:], fonts[-1])[3] if footer else 0)
    footer_top = inner.bottom
    for index in reversed(range(len(footer))):
        line, font = footer[index], fonts[index]
        left = _ink([line], font)[0]
        draw.text((inner.left - left, baseline), line, font=font, fill=text, anchor="ls")
        footer_top = baseline + _ink([line], font)[2]
        baseline -= step

    bottom = min(footer_top, logo_top) - small
    quote_box = _Box(inner.left, inner.top, inner.right, max(inner.top + small, bottom))
    _draw_quote(draw, f"“{_drawable(card.quote)}”", quote_box, text, max(width, height))
    return image


def _inside(area: _Box, safe: Insets, width: int, height: int) -> _Box:
    """The part of `area` outside the card's covered bands (the photo may lie under them:
    only text and logo must stay clear)."""
    top, right, bottom, left = safe
    return _Box(
        max(area.left, left),
        max(area.top, top),
        min(area.right, width - right),
        min(area.bottom, height - bottom),
    )


def _drawable(text: str) -> str:
    """Text as one run the font engine can lay out: line and paragraph breaks and other
    control characters (raqm refuses \\n, \\x85 and \\u2029) become single spaces."""
    spaced = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(spaced.split())


def _layout(width: int, height: int) -> tuple[_Box, _Box]:
    """The photo's area and what it leaves for the quote: the photo sits at the top of a tall
    card and on the left of a wide one."""
    if height >= width:
        split = round(height * 0.45)
        return _Box(0, 0, width, split), _Box(0, split, width, height)
    split = round(width * 0.4)
    return _Box(0, 0, split, height), _Box(split, 0, width, height)


def _place_logo(
    image: Image.Image, path: Path, inner: _Box, height: int, background: RGB, plate: RGB
) -> tuple[int, int]:
    """Put the logo in the bottom right corner; return its top and its width. A logo that
    hardly shows on the card's colour (a green logo on a green card) gets a plate."""
    display = str(path)
    logo = open_image(read_source(path, display), display, LOGO_MIN_SIDE)
    logo = ImageOps.exif_transpose(logo).convert("RGBA")
    logo.thumbnail((inner.width // 3, height), Image.Resampling.LANCZOS)
    left, top = inner.right - logo.width, inner.bottom - logo.height
    margin = 0
    if contrast_ratio(_logo_colour(logo), background) < LOGO_MIN_CONTRAST:
        margin = max(4, logo.height // 5)
        ImageDraw.Draw(image).rounded_rectangle(
            (left - margin, top - margin, inner.right + margin, inner.bottom + margin),
            radius=margin,
            fill=plate,
        )
    image.paste(logo, (left, top), logo)
    return top - margin, logo.width + margin


def _logo_colour(logo: Image.Image) -> RGB:
    """The average colour of the logo's visible pixels."""
    visible = logo.getchannel("A").point(lambda alpha: 255 if alpha > 127 else 0)
    if not visible.getbbox():
        return (0, 0, 0)
    return tuple(round(c) for c in ImageStat.Stat(logo.convert("RGB"), mask=visible).mean)


def _ink(lines: list[str], font: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    """Left, right, top and bottom of the ink of `lines`, each relative to its own baseline
    (top is negative): accents and descenders can reach beyond the font's line metrics."""
    left, right, top, bottom = 0, 0, 0, 0
    for line in filter(None, lines):
        first, last = _glyph(font, line[0]), _glyph(font, line[-1])
        left = min(left, first[0])
        right = max(right, font.getlength(line) - last[4] + last[2])
        for char in set(line):
            glyph = _glyph(font, char)
            top, bottom = min(top, glyph[1]), max(bottom, glyph[3])
    return left, math.ceil(right), top, bottom


@cache
def _glyph(font: ImageFont.FreeTypeFont, char: str) -> tuple[int, int, int, int, float]:
    """Ink box (measuring the ink of every line is slow) and advance of one character."""
    return (*font.getbbox(char, anchor="ls"), font.getlength(char))


def _ink_width(text: str, font: ImageFont.FreeTypeFont) -> int:
    left, right, _, _ = _ink([text], font)
    return right - left


def _block_size(lines: list[str], font: ImageFont.FreeTypeFont, leading: int) -> tuple[int, int]:
    left, right, top, bottom = _ink(lines, font)
    return right - left, (len(lines) - 1) * leading - top + bottom


def _fit_line(line: str, width: int, size: int) -> ImageFont.FreeTypeFont:
    while size > 8 and _ink_width(line, _font("regular", size)) > width:
        size -= 1
    return _font("regular", size)


def _draw_quote(draw: ImageDraw.ImageDraw, quote: str, box: _Box, fill: RGB, longest: int):
    """The largest font size at which the wrapped quote fits the box (at least 12 pixels,
    cut short with an ellipsis when even that is too large)."""

    def fits(lines: list[str], font: ImageFont.FreeTypeFont) -> bool:
        width, height = _block_size(lines, font, round(font.size * 1.25))
        return width <= box.width and height <= box.height

    low, high = 12, max(12, round(longest * 0.09))
    while low < high:
        size = (low + high + 1) // 2
        font = _font("bold", size)
        if fits(_wrap(quote, font, box.width), font):
            low = size
        else:
            high = size - 1
    font = _font("bold", low)
    lines = _wrap(quote, font, box.width)
    if not fits(lines, font):
        room = len(lines)
        while room > 1 and not fits(_shorten(lines, room, font, box.width), font):
            room -= 1
        lines = _shorten(lines, room, font, box.width)
    left, _, top, _ = _ink(lines, font)
    leading = round(font.size * 1.25)
    for index, line in enumerate(lines):
        position = (box.left - left, box.top - top + index * leading)
        draw.text(position, line, font=font, fill=fill, anchor="ls")


def _shorten(lines: list[str], room: int, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    kept = lines[:room]
    return [*kept[:-1], _ellipsis(kept[-1], font, width)]


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a word longer than a line is broken where it must."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _fits_width(candidate, font, width):
            line = candidate
            continue
        if line:
            lines.append(line)
        while not _fits_width(word, font, width) and len(word) > 1:
            cut_at = _longest_prefix(word, font, width)
            lines.append(word[:cut_at])
            word = word[cut_at:]
        line = word
    if line:
        lines.append(line)
    return lines


def _most_chars(font: ImageFont.FreeTypeFont, width: int) -> int:
    """More characters than a line can hold: no glyph is narrower than a tenth of an em.
    Only used to skip measuring very long strings, so a wrong guess breaks a line early."""
    return width * 10 // max(1, round(font.size)) + 1


def _fits_width(text: str, font: ImageFont.FreeTypeFont, width: int) -> bool:
    return len(text) <= _most_chars(font, width) and _ink_width(text, font) <= width


def _longest_prefix(text: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """The length of the longest start of `text` whose ink fits in `width` (at least 1)."""
    low, high = 1, min(len(text), _most_chars(font, width))
    while low < high:
        middle = (low + high + 1) // 2
        if _ink_width(text[:middle], font) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _ellipsis(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    keep = _longest_prefix(line + "…", font, width) - 1
    while keep > 0 and _ink_width(line[:keep].rstrip() + "…", font) > width:
        keep -= 1
    return line[:keep].rstrip() + "…"


# The cacheable job


@dataclass(frozen=True)
class QuoteCardJob:
    """Quote cards of one story in the sizes of `crops`, for `image_cache.render_images`."""

    card: QuoteCard
    crops: tuple[Crop, ...]
    display: str = "quote card"
    kind: str = "quotecard"
    safe_zones: tuple[tuple[tuple[int, int], Insets], ...] = ()
    """Per card size: the bands its text stays out of (the image cache tells crops apart by
    their size only, so the zone goes with the size)."""

    @property
    def label(self) -> str:
        return self.display

    def identity(self) -> bytes:
        card = self.card
        files_used = {
            name: hashlib.sha256(read_source(path, str(path))).hexdigest() if path else None
            for name, path in (("logo", card.logo), ("photo", card.photo))
        }
        return json.dumps(
            {
                "version": CARD_VERSION,
                "quote": card.quote,
                "person": card.person,
                "pseudonym": card.pseudonym,
                "organisation": card.organisation,
                "color": _rgb(card.color),
                "photo_focus": card.photo_focus,
                "safe_zones": [list(item) for item in self.safe_zones],
                "font": _font_digest(),
                **files_used,
            },
            sort_keys=True,
        ).encode()

    def make(self, identity: bytes, crops: tuple[Crop, ...]) -> list[Made]:
        made = []
        zones = dict(self.safe_zones)
        sizes = [(crop.width, crop.height) for crop in crops]
        for image in render_quote_cards(
            self.card, sizes, [zones.get(size, NO_INSETS) for size in sizes]
        ):
            if self.card.photo is not None:
                data = encode_jpeg(image, CARD_JPEG_QUALITY, sharp_colour=True)
                made.append(Made(data, "jpg", image.width, image.height))
                continue
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=PNG_COMPRESSION)
            made.append(Made(buffer.getvalue(), "png", image.width, image.height))
        return made


# The cards a site needs


@dataclass(frozen=True)
class CardDownload:
    name: str
    """The platform's image name: `post`, or `story` for Instagram stories."""
    uri: str
    size: tuple[int, int]
    alt: str


@dataclass
class QuoteCards:
    jobs: list[QuoteCardJob] = field(default_factory=list)
    downloads: dict[tuple[str, str], list[CardDownload]] = field(default_factory=dict)
    """Per (story slug, platform id): the card in each of the platform's image sizes."""


def quote_cards(project: Project, snippets: list[Snippet]) -> QuoteCards:
    """A card for every story a snippet quotes, in its platform's sizes.

    Snippets quote a story only where the consent gate allowed it; the gate is asked again
    here, and once more for the photo, so a card can never outlive its consent.
    """
    from .compose import platform_images
    from .platforms import load_platforms

    platforms = load_platforms()
    settings = project.settings
    logo = settings.brand_logo if settings.brand_logo and settings.brand_logo.is_file() else None
    cards = QuoteCards()
    quoted = dict.fromkeys((slug, s.platform) for s in snippets for slug in s.stories)
    for slug, platform_id in quoted:
        story = project.gate.story_for(slug, platform_id)
        if story is None or not story.meta.quote:
            continue
        platform = platforms[platform_id]
        card = QuoteCard(
            quote=story.meta.quote,
            person=story.meta.person,
            pseudonym=story.meta.pseudonym,
            organisation=settings.organisation,
            color=settings.brand_color,
            logo=logo,
            photo=project.gate.photo_for(story, platform_id),
            photo_focus=story.meta.focus or (0.5, 0.5),
        )
        name = story.meta.person + (PSEUDONYM if story.meta.pseudonym else "")
        alt = f"Citaat van {name}: “{story.meta.quote}” {settings.organisation}."
        extension = "png" if card.photo is None else "jpg"
        downloads = [
            CardDownload(
                kind, f"{CARDS_DIR}/{slug}-{platform_id}{_suffix(i, kind)}.{extension}", size, alt
            )
            for i, (kind, size) in enumerate(platform_images(platform).items())
        ]
        display = shown(story.source, settings.root)
        cards.jobs.append(
            QuoteCardJob(
                card,
                tuple(Crop(d.uri, *d.size) for d in downloads),
                display=f"{display} (citaatkaart {platform.name})",
                safe_zones=safe_zones(platform),
            )
        )
        cards.downloads[(slug, platform_id)] = downloads
    return cards


def safe_zones(platform) -> tuple[tuple[tuple[int, int], Insets], ...]:
    """The platform's covered bands per image size (`safe_zones` in platforms.yml); two
    images of one size get the wider band of each side."""
    zones: dict[tuple[int, int], Insets] = {}
    for name, zone in platform.safe_zones.items():
        size = tuple(platform.images[name])
        bands = (zone.top, zone.right, zone.bottom, zone.left)
        zones[size] = tuple(map(max, zones.get(size, NO_INSETS), bands))
    return tuple(sorted(zones.items()))


def _suffix(index: int, name: str) -> str:
    """The platform's first size has the plain name, like the snippet images."""
    return "" if index == 0 else f"-{name}"
