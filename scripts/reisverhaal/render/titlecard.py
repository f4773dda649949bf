"""Title cards: a page's title on the brand colour, the link preview of a page without a photo.

Drawn as the quote cards are (`quotecard`): Atkinson Hyperlegible, text colour and background
with a WCAG contrast of at least 4.5:1, the title at the largest size that fits, the
organisation's name and logo at the foot.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ..content.photos import read_source
from .crop import Crop
from .image_cache import Made
from .quotecard import (
    PNG_COMPRESSION,
    _Box,
    _draw_quote,
    _drawable,
    _fit_line,
    _font_digest,
    _ink,
    _place_logo,
    _rgb,
    card_colors,
)

CARD_VERSION = "1"
"""Part of the cache key: bump it when a layout change alters the output."""


@dataclass(frozen=True)
class TitleCard:
    title: str
    organisation: str
    color: str
    logo: Path | None = None


def render_title_card(card: TitleCard, width: int, height: int) -> Image.Image:
    """The card as an RGB image of exactly width×height pixels."""
    background, text = card_colors(card.color)
    image = Image.new("RGB", (width, height), background)
    padding = round(min(width, height) * 0.1)
    inner = _Box(padding, padding, width - padding, height - padding)
    draw = ImageDraw.Draw(image)
    small = max(12, round(min(width, height) * 0.05))
    logo_top, logo_width = inner.bottom, 0
    if card.logo is not None:
        logo_top, logo_width = _place_logo(
            image, card.logo, inner, round(small * 2.6), background, text
        )
    footer_top = inner.bottom
    name = _drawable(card.organisation)
    if name:
        room = inner.width - (logo_width + padding // 2 if logo_width else 0)
        font = _fit_line(name, room, small)
        left, _, top, bottom = _ink([name], font)
        draw.text(
            (inner.left - left, inner.bottom - bottom), name, font=font, fill=text, anchor="ls"
        )
        footer_top = inner.bottom - bottom + top
    title_bottom = min(footer_top, logo_top) - small
    box = _Box(inner.left, inner.top, inner.right, max(inner.top + small, title_bottom))
    _draw_quote(draw, _drawable(card.title), box, text, max(width, height))
    return image


@dataclass(frozen=True)
class TitleCardJob:
    """One page's title card in the sizes of `crops`, for `image_cache.render_images`."""

    card: TitleCard
    crops: tuple[Crop, ...]
    display: str = "title card"
    kind: str = "titlecard"

    @property
    def label(self) -> str:
        return self.display

    def identity(self) -> bytes:
        card = self.card
        logo = card.logo
        return json.dumps(
            {
                "version": CARD_VERSION,
                "title": card.title,
                "organisation": card.organisation,
                "color": _rgb(card.color),
                "font": _font_digest(),
                "logo": hashlib.sha256(read_source(logo, str(logo))).hexdigest() if logo else None,
            },
            sort_keys=True,
        ).encode()

    def make(self, identity: bytes, crops: tuple[Crop, ...]) -> list[Made]:
        made = []
        for crop in crops:
            image = render_title_card(self.card, crop.width, crop.height)
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=PNG_COMPRESSION)
            made.append(Made(buffer.getvalue(), "png", image.width, image.height))
        return made
