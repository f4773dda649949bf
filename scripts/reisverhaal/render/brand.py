"""The website in the organisation's own colour and with its logo (plugin option `brand`).

Material colours its header, links and buttons from CSS custom properties; `brand_css` sets
them from `brand.color`, made dark enough that white text on it, and the colour as text on
white, reach a contrast of 4.5:1 (WCAG AA, as the quote cards). The logo (`brand.logo`) goes
into the header and becomes the favicon: both redrawn by Pillow as PNG, so they carry none of
the source file's metadata (a file that cannot be read as an image gives an empty one; the
quote cards say what is wrong with it).

The plugin imports this module for the file names (`theme_files`), which must not load
Pillow: a build that reuses its last result never does. The files come from the pipeline
(`render.pages`, with the overviews), so a reused build has them without drawing them.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..core.output import Output
from ..core.settings import BRAND_COLOR, Settings

CSS_URI = "assets/reisverhaal-brand.css"
LOGO_URI = "assets/reisverhaal-logo.png"
FAVICON_URI = "assets/reisverhaal-favicon.png"
LOGO_HEIGHT = 96
"""Twice the header's logo height (Material: 1.2rem), for sharp screens."""
FAVICON_SIZE = 64
MIN_CONTRAST = 4.5
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)

RGB = tuple[int, int, int]
EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154"
    "789c6360606060000000050001a5f645400000000049454e44ae426082"
)
"""A transparent pixel: the logo's files when the logo cannot be read, so no page has a
broken image."""


def brand_files(settings: Settings) -> list[Output]:
    """The colour style sheet, and the header logo and favicon when there is a logo."""
    outputs = [Output(uri=CSS_URI, content=brand_css(settings.brand_color))]
    if settings.brand_logo is not None:
        logo, favicon = _drawn(settings.brand_logo) or (EMPTY_PNG, EMPTY_PNG)
        outputs += [Output(uri=LOGO_URI, content=logo), Output(uri=FAVICON_URI, content=favicon)]
    return outputs


def theme_files(settings: Settings) -> dict[str, str]:
    """The theme options (`logo`, `favicon`) that point at the brand logo's files."""
    if settings.brand_logo is None:
        return {}
    return {"logo": LOGO_URI, "favicon": FAVICON_URI}


def brand_css(color: str) -> str:
    """Material's colour properties for the brand colour (the default one when `color` is
    not a colour: nothing an editor writes gets into the style sheet but six hex digits)."""
    base = _rgb(color)
    header = _darkened(base, WHITE)  # white header text on it
    dark = _mix(header, BLACK, 0.25)
    light = _mix(header, WHITE, 0.2)
    values = {
        "--md-primary-fg-color": header,
        "--md-primary-fg-color--light": light,
        "--md-primary-fg-color--dark": dark,
        "--md-accent-fg-color": dark,
        "--md-typeset-a-color": header,
    }
    lines = [f"  {name}: {_hex(value)};" for name, value in values.items()]
    lines += [
        "  --md-primary-bg-color: #ffffff;",
        f"  --md-accent-fg-color--transparent: {_hex(dark)}1a;",
    ]
    # `[data-md-color-primary]`: also over a palette colour the site chose in mkdocs.yml,
    # whose rule has the same weight and comes earlier.
    return (
        "/* reisverhaal: the organisation's colour (brand.color), contrast checked. */\n"
        ":root, [data-md-color-primary] {\n" + "\n".join(lines) + "\n}\n"
        "/* The logo on a white plate: a logo in the brand colour would not show on it. */\n"
        f'img[src$="{LOGO_URI.rsplit("/", 1)[1]}"] {{ background: #fff; border-radius: .3rem;'
        " padding: .1rem; }\n"
    )


def _darkened(color: RGB, against: RGB) -> RGB:
    """`color`, mixed toward black in small steps until `against` on it reaches 4.5:1."""
    from .quotecard import contrast_ratio

    step = 0
    mixed = color
    while contrast_ratio(mixed, against) < MIN_CONTRAST:
        step += 1
        mixed = _mix(color, BLACK, step / 40)
    return mixed


def _rgb(color: str) -> RGB:
    from PIL import ImageColor

    try:
        return ImageColor.getrgb(color)[:3]
    except (ValueError, TypeError):
        return ImageColor.getrgb(BRAND_COLOR)[:3]


def _mix(color: RGB, toward: RGB, amount: float) -> RGB:
    return tuple(round(c + (t - c) * amount) for c, t in zip(color, toward, strict=True))


def _hex(color: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def _drawn(path: Path) -> tuple[bytes, bytes] | None:
    """The header logo and the favicon; None when the file cannot be read as an image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as source:
            if source.width * source.height > 40_000_000:
                return None
            logo = source.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None
    header = logo.copy()
    header.thumbnail((LOGO_HEIGHT * 6, LOGO_HEIGHT), Image.Resampling.LANCZOS)
    icon = logo.copy()
    icon.thumbnail((FAVICON_SIZE, FAVICON_SIZE), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (FAVICON_SIZE, FAVICON_SIZE), (0, 0, 0, 0))
    square.paste(icon, ((FAVICON_SIZE - icon.width) // 2, (FAVICON_SIZE - icon.height) // 2))
    return _png(header), _png(square)


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
