"""Source photos: reading them safely and refusing what cannot be published.

A photo comes from an editor's folder and is untrusted: it may be huge, a named pipe, another
format with a photo's name, damaged, or cut short by an interrupted copy. The loader checks it
here (`check_image`), so that a broken photo leaves its file out with a located message
instead of failing the build later; `render.crop` reads and opens sources through the same
functions when it cuts crops.
"""

from __future__ import annotations

import io
import math
import os
import stat
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..core.findings import ContentError, error

FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_PIXELS = 40_000_000
MAX_BYTES = 100_000_000
"""A source file larger than this is refused before it is read: a photo of `MAX_PIXELS`
stays well below it, and reading a file costs its size in memory."""
MIN_SIDE = 200


def read_source(path: Path, display: str | None = None) -> bytes:
    """The bytes of a source image; its size is checked before it is read (and at most one
    byte more than `MAX_BYTES` is read, should it grow meanwhile)."""
    display = display or str(path)
    try:
        # not blocking: a named pipe in a content folder must not hang the build
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise IsADirectoryError
            if status.st_size > MAX_BYTES:
                raise _file_too_large(display, status.st_size)
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(display, "image-missing", "bestaat niet.") from None
    except OSError:
        raise _fail(
            display, "image-unreadable", "is niet te lezen; is het een gewoon bestand?"
        ) from None
    if len(data) > MAX_BYTES:
        raise _file_too_large(display, len(data))
    return data


def _file_too_large(display: str, size: int) -> ContentError:
    return _fail(
        display,
        "image-too-large",
        f"is te groot ({size / 1_000_000:.0f} MB); een foto mag hoogstens "
        f"{MAX_BYTES // 1_000_000} MB zijn. Verklein haar, of sla haar op als JPEG.",
    )


def check_image(path: Path, display: str | None = None, min_side: int = MIN_SIDE) -> None:
    """Raise `ContentError` unless `path` is a complete JPEG, PNG or WebP image of at most
    `MAX_PIXELS` and at least `min_side` pixels on each side.

    JPEG and PNG files are checked by their structure rather than by decoding their pixels
    (which costs about 20 ms for a 6-megapixel photo, in every build): a JPEG must have an
    end-of-image marker after its first scan, every PNG chunk its checksum. Pixel data that is
    damaged some other way shows when `render_images` decodes the image, with the same error.
    """
    display = display or str(path)
    data = read_source(path, display)
    image = open_image(data, display, min_side)
    with as_content_error(display):
        if image.format == "JPEG":
            if data.rfind(b"\xff\xd9") < _first_scan(data):
                raise _corrupt(display)
        elif image.format == "PNG":
            image.verify()
        else:
            image.load()


def _first_scan(data: bytes) -> int:
    """Where the first scan of a JPEG starts: markers before it (EXIF thumbnails, comments)
    may hold an end-of-image marker of their own."""
    offset = 2
    while offset + 4 <= len(data):
        if data[offset] != 0xFF:  # stray bytes between markers, which decoders skip
            found = data.find(b"\xff\xda", offset)
            return found if found >= 0 else len(data)
        marker = data[offset + 1]
        if marker == 0xFF:
            offset += 1
            continue
        if marker == 0xDA:
            return offset
        if 0xD0 <= marker <= 0xD8 or marker == 0x01:
            offset += 2
            continue
        offset += 2 + int.from_bytes(data[offset + 2 : offset + 4], "big")
    return len(data)


def open_image(data: bytes, display: str, min_side: int = MIN_SIDE) -> Image.Image:
    """Open (not decode) image bytes, refusing what `check_image` refuses, except corruption
    in the pixel data, which shows only when the image is decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large(display) from None
        except UnidentifiedImageError:
            raise _fail(display, "image-format", _not_an_image(data)) from None
        except Exception:
            raise _corrupt(display) from None
    if image.format not in FORMATS:
        raise _fail(
            display,
            "image-format",
            f"is een {image.format}-bestand; dat wordt niet ondersteund. "
            "Sla de afbeelding op als JPEG, PNG of WebP.",
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_large(display, width, height)
    if min(width, height) < min_side:
        raise _fail(
            display,
            "image-too-small",
            f"is te klein ({width}×{height} pixels); "
            f"gebruik er een van minstens {min_side} pixels breed en hoog.",
        )
    return image


def _not_an_image(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith(b"<") and b"<svg" in data[:4096].lower():
        kind = "een SVG-tekening; exporteer die als PNG"
    elif data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        kind = "een HEIC/AVIF-foto; sla die op als JPEG"
    else:
        kind = "geen afbeelding die we kunnen lezen; gebruik JPEG, PNG of WebP"
    return f"is {kind}."


def _too_large(display: str, width: int | None = None, height: int | None = None):
    size = f" ({width}×{height} pixels)" if width else ""
    return _fail(
        display,
        "image-too-large",
        f"is te groot{size}; verklein haar tot hoogstens "
        f"{MAX_PIXELS // 1_000_000} megapixel, bijvoorbeeld 6000×4000.",
    )


def _corrupt(display: str) -> ContentError:
    return _fail(
        display,
        "image-corrupt",
        "is beschadigd of onvolledig. Exporteer of kopieer haar opnieuw.",
    )


def _fail(display: str, rule: str, message: str) -> ContentError:
    return ContentError(error(display, rule, f"afbeelding '{Path(display).name}' {message}"))


class as_content_error:
    """Turn whatever Pillow raises while decoding untrusted bytes into `ContentError`."""

    def __init__(self, display: str):
        self.display = display

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or isinstance(exc, ContentError):
            return False
        if isinstance(exc, Image.DecompressionBombError):
            raise _too_large(self.display) from None
        if isinstance(exc, Exception):
            raise _corrupt(self.display) from None
        return False


def check_complete(image: Image.Image, data: bytes, reduced: int, display: str) -> None:
    """Raise `ContentError` when a decoded JPEG (decoded at 1/`reduced` of its size) was cut
    short and closed with an end marker, which decodes without an error."""
    if image.format == "JPEG" and _maybe_cut_short(image, reduced) and _cut_short(data):
        raise _corrupt(display)


def check_decodes(path: Path, display: str) -> None:
    """Raise `ContentError` unless the photo decodes whole, at a quarter of its size as the
    build's image run decodes it: what `reisverhaal check` does so that it finds a JPEG cut
    short and closed with an end marker (which `check_image` cannot see without decoding)
    exactly as `mkdocs build` does."""
    data = read_source(path, display)
    image = open_image(data, display)
    width = image.width
    with as_content_error(display):
        if image.format == "JPEG":
            image.draft(image.mode, (max(1, image.width // 4), max(1, image.height // 4)))
        image.load()
        reduced = 2 ** round(math.log2(width / image.width))
        check_complete(image, data, reduced, display)


def _maybe_cut_short(image: Image.Image, reduced: int) -> bool:
    """Whether a decoded JPEG may have been cut short and closed with an end marker, which
    decodes without an error: the decoder fills what is missing with empty blocks, so the
    last 8×8 block is flat grey. Few photos end in a flat block; for those, and for every
    progressive JPEG (whose missing detail leaves no flat block), `_cut_short` decides."""
    if image.info.get("progressive"):
        return True
    side = max(1, 8 // reduced)
    left = (image.width - 1) // side * side
    top = (image.height - 1) // side * side
    extrema = image.crop((left, top, image.width, image.height)).getextrema()
    if isinstance(extrema[0], int | float):
        extrema = (extrema,)
    return all(high - low <= 3 for low, high in extrema)


_FILLER = bytes(value for value in range(1, 255) if value != 0xFF) * 4
"""Bytes that decode to varied blocks; inserted after the scan data, see `_cut_short`."""


def _cut_short(data: bytes) -> bool:
    """Whether the scan data of a JPEG ends before its last block. Bytes inserted before
    the end marker change nothing in a complete image (the decoder skips what follows the
    last block) but are decoded as the missing blocks of one that was cut short: two
    different fillers then give different images. Decoded at a quarter of the size, which
    still uses the low frequencies of every block."""
    end = data.rfind(b"\xff\xd9")
    if end < 0:
        return True
    while end > 0 and data[end - 1] == 0xFF:  # a cut between a 0xFF and its stuffed 0x00
        end -= 1
    looks = []
    for filler in (_FILLER, _FILLER[::-1]):
        image = Image.open(io.BytesIO(data[:end] + filler + data[end:]))
        image.draft(image.mode, (max(1, image.width // 4), max(1, image.height // 4)))
        looks.append(image.tobytes())
    return looks[0] != looks[1]
