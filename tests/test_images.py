"""Images: checks, crops, metadata removal, orientation, colour and the content-hash cache."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import struct
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageFilter

from conftest import SiteProject, build
from reisverhaal import data
from reisverhaal.content.photos import MAX_BYTES, check_image, read_source
from reisverhaal.core.findings import ContentError
from reisverhaal.render.crop import Crop, cut, plan_crop, web
from reisverhaal.render.image_cache import MANIFEST, ImageJob, render_images

RED, BLUE, GREEN, GREY = (220, 20, 20), (20, 20, 220), (20, 200, 20), (128, 128, 128)


def platform_crops() -> tuple[Crop, ...]:
    return tuple(
        Crop(f"{platform}-{use}", width, height)
        for platform, rules in data.load("platforms").items()
        for use, (width, height) in rules["images"].items()
    )


def save_photo(path: Path, size=(900, 600), color=GREY, **options) -> Path:
    image = Image.new("RGB", size, color)
    image.paste(Image.effect_noise(size, 40).convert("RGB").point(lambda v: v // 8), mask=None)
    image.paste(color, (size[0] // 8, size[1] // 8, size[0] * 7 // 8, size[1] * 7 // 8))
    image.save(path, **options)
    return path


def near(pixel, color, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, color, strict=False))


def jpeg_markers(blob: bytes) -> list[int]:
    """The markers of a JPEG file up to the first scan."""
    markers, offset = [], 2
    assert blob[:2] == b"\xff\xd8"
    while offset < len(blob):
        marker = blob[offset + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", blob[offset + 2 : offset + 4])
        offset += 2 + length
    return markers


def png_with_header(path: Path, width: int, height: int) -> Path:
    """A PNG that claims width×height pixels but holds almost no data (a "bomb")."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
    return path


def swapped_profile() -> bytes:
    """An ICC v2 RGB profile whose red primary is sRGB's green and green is sRGB's red."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x, y, z) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    text = b"Swapped primaries\0"
    desc = (
        b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0\0\0" + b"\0" * 67
    )
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, bodies = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(bodies), len(body))
        bodies += body + b"\0" * (-len(body) % 4)
    size = offset + len(bodies)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + s15(0.9642)
        + s15(1.0)
        + s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + bodies


# Crops and sizes


def test_every_platform_crop_has_its_exact_size(tmp_path):
    source = save_photo(tmp_path / "knie.jpg", (3000, 2000), quality=90)
    crops = (*platform_crops(), web())
    job = ImageJob(source, crops, display="journeys/knie/media/knie.jpg")
    run = render_images([job], tmp_path / "cache")
    assert run.errors == [] and run.warnings == []
    assert run.made == len(crops) and run.cached == 0
    for crop in platform_crops():
        output = run.output(job, crop.name)
        with Image.open(output.path) as image:
            assert image.size == (crop.width, crop.height) == (output.width, output.height)
            assert image.format == "JPEG" and image.mode == "RGB"
            assert image.info.get("progressive")
    with Image.open(run.output(job, "web").path) as image:
        assert image.size == (1600, 1067)


def test_fit_never_enlarges_and_never_crops(tmp_path):
    source = save_photo(tmp_path / "klein.png", (800, 300), format="PNG")
    job = ImageJob(source, (web(1600, 1600), web(400, 400, "thumb")))
    run = render_images([job], tmp_path / "cache")
    assert (run.output(job, "web").width, run.output(job, "web").height) == (800, 300)
    assert (run.output(job, "thumb").width, run.output(job, "thumb").height) == (400, 150)
    assert run.warnings == []


@settings(max_examples=300, deadline=None)
@given(
    width=st.integers(200, 9000),
    height=st.integers(200, 9000),
    crop_width=st.integers(1, 3000),
    crop_height=st.integers(1, 3000),
    fx=st.floats(0, 1),
    fy=st.floats(0, 1),
)
def test_crop_window_is_largest_with_the_aspect_centred_on_focus(
    width, height, crop_width, crop_height, fx, fy
):
    plan = plan_crop(Crop("c", crop_width, crop_height, (fx, fy)), width, height)
    window = plan.window
    eps = 1e-6
    assert -eps <= window.left and window.right <= width + eps
    assert -eps <= window.top and window.bottom <= height + eps
    window_width, window_height = window.right - window.left, window.bottom - window.top
    assert window_width * crop_height == pytest.approx(window_height * crop_width, rel=1e-9)
    assert window_width == pytest.approx(width) or window_height == pytest.approx(height)
    centre_x, centre_y = (window.left + window.right) / 2, (window.top + window.bottom) / 2
    assert (
        centre_x == pytest.approx(fx * width, abs=1e-6)
        or window.left == pytest.approx(0, abs=1e-6)
        or window.right == pytest.approx(width, abs=1e-6)
    )
    assert (
        centre_y == pytest.approx(fy * height, abs=1e-6)
        or window.top == pytest.approx(0, abs=1e-6)
        or window.bottom == pytest.approx(height, abs=1e-6)
    )


@settings(max_examples=300, deadline=None)
@given(
    width=st.integers(50, 5000),
    height=st.integers(50, 5000),
    crop_width=st.integers(50, 2000),
    crop_height=st.integers(50, 2000),
)
def test_a_fill_crop_has_the_shape_asked_and_is_never_enlarged(
    width, height, crop_width, crop_height
):
    """`fill` (cards): the window of `cover`; the size asked, or smaller in the same shape
    when the window has fewer pixels than that."""
    fill = plan_crop(Crop("c", crop_width, crop_height, mode="fill"), width, height)
    cover = plan_crop(Crop("c", crop_width, crop_height), width, height)
    assert fill.window == cover.window
    out_width, out_height = fill.size
    assert out_width <= crop_width and out_height <= crop_height
    window_width = fill.window.right - fill.window.left
    window_height = fill.window.bottom - fill.window.top
    if window_width < crop_width:  # the window's own pixels, less than one: never enlarged
        assert max(fill.scale) <= 1
        assert out_width > window_width - 1 - 1e-6 and out_height > window_height - 1 - 1e-6
    assume(window_width >= crop_width)
    assert fill.size == (crop_width, crop_height)


def test_focus_point_moves_the_crop(tmp_path):
    image = Image.new("RGB", (1200, 600), BLUE)
    image.paste(RED, (600, 0, 1200, 600))
    source = tmp_path / "helften.png"
    image.save(source)
    left, right = Crop("links", 300, 600, (0.0, 0.5)), Crop("rechts", 300, 600, (1.0, 0.5))
    centre = Crop("midden", 300, 600)
    job = ImageJob(source, (left, right, centre))
    run = render_images([job], tmp_path / "cache")
    with Image.open(run.output(job, "links").path) as out:
        assert near(out.getpixel((150, 300)), BLUE) and near(out.getpixel((290, 300)), BLUE)
    with Image.open(run.output(job, "rechts").path) as out:
        assert near(out.getpixel((10, 300)), RED) and near(out.getpixel((150, 300)), RED)
    with Image.open(run.output(job, "midden").path) as out:
        assert near(out.getpixel((20, 300)), BLUE) and near(out.getpixel((280, 300)), RED)


def test_crops_cut_from_other_crops_match_direct_cuts(tmp_path):
    """A crop made from a larger crop of the same window looks like one made from the source."""
    source = save_photo(tmp_path / "p.jpg", (3000, 2000), quality=92)
    small = Crop("youtube", 1280, 720, (0.3, 0.6))
    together = ImageJob(source, (Crop("x", 1600, 900, (0.3, 0.6)), small))
    alone = ImageJob(source, (small,))
    run = render_images([together, alone], tmp_path / "cache", workers=1)
    with (
        Image.open(run.output(together, "youtube").path) as a,
        Image.open(run.output(alone, "youtube").path) as b,
    ):
        difference = [abs(p - q) for p, q in zip(a.tobytes(), b.tobytes(), strict=True)]
    assert sum(difference) / len(difference) < 3


def gradient_photo(size: tuple[int, int]) -> bytes:
    """A smooth photo: a shift of a pixel changes it little, unlike noise."""
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = red.transpose(Image.Transpose.ROTATE_90).resize(size)
    buffer = io.BytesIO()
    Image.merge("RGB", (red, green, blue)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    difference = [abs(p - q) for p, q in zip(a.tobytes(), b.tobytes(), strict=True)]
    return sum(difference) / len(difference)


def test_crops_at_the_same_scale_are_cut_out_without_resampling(tmp_path):
    """1200×627 and 1200×600 are 1200×630 with fewer rows, X's 1600×900 is the website image
    with fewer rows: the same pixels, not a second resampling."""
    source = save_photo(tmp_path / "p.jpg", (3000, 2000), quality=92).read_bytes()
    crops = (
        web(),
        Crop("x", 1600, 900, (0.5, 0.4)),
        Crop("facebook", 1200, 630, (0.5, 0.4)),
        Crop("linkedin", 1200, 627, (0.5, 0.4)),
        Crop("newsletter", 1200, 600, (0.5, 0.4)),
    )
    website, x, facebook, linkedin, newsletter = (image for image, _ in cut(source, crops, "p"))

    def rows_of(larger: Image.Image, smaller: Image.Image) -> bool:
        return any(
            larger.crop((0, top, larger.width, top + smaller.height)).tobytes() == smaller.tobytes()
            for top in range(larger.height - smaller.height + 1)
        )

    assert rows_of(website, x)
    assert rows_of(facebook, linkedin) and rows_of(facebook, newsletter)
    for crop, image in zip(crops[1:], (x, facebook, linkedin, newsletter), strict=True):
        alone, _ = cut(source, (crop,), "p")[0]
        assert image.size == alone.size == (crop.width, crop.height)


def test_crops_at_a_slightly_other_scale_are_resampled(tmp_path):
    """1150×600 is almost 1200×630 with the edges cut off, but not at the same scale: cut out
    of it, a vertical line in the photo would land 15 pixels off."""
    photo = Image.new("RGB", (3000, 2000), GREY)
    photo.paste(RED, (2397, 0, 2403, 2000))
    buffer = io.BytesIO()
    photo.save(buffer, "PNG")
    crops = (Crop("facebook", 1200, 630), Crop("bijna", 1150, 600))
    for crop, (image, _) in zip(crops, cut(buffer.getvalue(), crops, "p"), strict=True):
        plan = plan_crop(crop, 3000, 2000)
        expected = (2400 - plan.window.left) * plan.scale[0]
        row = [image.getpixel((x, image.height // 2)) for x in range(image.width)]
        found = max(range(image.width), key=lambda x: row[x][0] - row[x][1])
        assert abs(found + 0.5 - expected) <= 1


@settings(max_examples=80, deadline=None)
@given(
    size=st.tuples(st.integers(300, 700), st.integers(200, 500)),
    width=st.integers(20, 300),
    rows=st.lists(
        st.tuples(st.integers(10, 120), st.sampled_from([0.0, 0.2, 0.5, 0.7, 1.0])),
        min_size=1,
        max_size=4,
    ),
    others=st.lists(
        st.tuples(
            st.integers(8, 500),
            st.integers(8, 500),
            st.sampled_from([0.0, 0.3, 0.5, 1.0]),
            st.sampled_from([0.0, 0.5, 0.7, 1.0]),
            st.booleans(),
        ),
        max_size=4,
    ),
)
def test_crops_made_together_match_crops_made_alone(size, width, rows, others):
    """Whatever a crop is cut from, it has its exact size and looks like a crop made on its
    own from the source, shifted by half a pixel at most. `rows` are wide crops of one width, which
    share a scale (like 1200×630 and 1200×600); `others` are anything."""
    source = gradient_photo(size)
    wanted = (
        *(Crop(f"r{i}", width, height, (0.5, fy)) for i, (height, fy) in enumerate(rows)),
        web(size[0] // 2, size[1], "half"),
        *(
            Crop(f"c{i}", w, h, (fx, fy), "fit" if fit else "cover")
            for i, (w, h, fx, fy, fit) in enumerate(others)
        ),
    )
    together = cut(source, wanted, "p")
    for crop, (image, upscale) in zip(wanted, together, strict=True):
        alone, alone_upscale = cut(source, (crop,), "p")[0]
        assert image.size == alone.size and upscale == alone_upscale
        if crop.mode == "cover":
            assert image.size == (crop.width, crop.height)
        assert mean_difference(image, alone) < 1 + 100 / min(image.size)  # half a pixel


# Orientation, metadata, colour


def test_orientation_is_applied_and_all_metadata_removed(tmp_path):
    upright = Image.new("RGB", (900, 600), GREY)
    upright.paste(RED, (0, 0, 150, 150))  # marker in the top left corner
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as a phone held upright stores it
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Telefoonmerk"
    exif[0x0132] = "2026:05:01 10:00:00"
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 10.0)})
    source = tmp_path / "foto.jpg"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://ns.adobe.com/xap/1.0/"/></x:xmpmeta>'
    stored.save(source, exif=exif, xmp=xmp, comment=b"geheime opmerking", quality=95)
    with Image.open(source) as check:  # the source really carries all of it
        assert check.size == (600, 900) and check.getexif()[0x0112] == 6
        assert check.getexif().get_ifd(0x8825) and "xmp" in check.info
    job = ImageJob(source, (web(), Crop("vierkant", 400, 400, (0.0, 0.0))))
    run = render_images([job], tmp_path / "cache")
    assert run.errors == []
    for name, marker in (("web", (40, 40)), ("vierkant", (40, 40))):
        path = run.output(job, name).path
        blob = path.read_bytes()
        with Image.open(path) as out:
            if name == "web":
                assert out.size == (900, 600)
                assert near(out.getpixel((880, 580)), GREY)
                assert near(out.getpixel((880, 40)), GREY)
            assert near(out.getpixel(marker), RED)
            assert not out.getexif()
            for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
                assert key not in out.info
        assert b"Exif" not in blob and b"http://ns.adobe.com/xap" not in blob
        assert b"Telefoonmerk" not in blob and b"geheime" not in blob
        assert set(jpeg_markers(blob)) <= {0xD8, 0xE0, 0xDB, 0xC2, 0xC4, 0xDD, 0xDA}


def test_embedded_colour_profile_is_converted_to_srgb_and_dropped(tmp_path):
    profile = swapped_profile()
    assert "Swapped" in ImageCms.getProfileDescription(
        ImageCms.ImageCmsProfile(io.BytesIO(profile))
    )
    source = tmp_path / "breed-gamma.jpg"
    Image.new("RGB", (400, 400), (255, 0, 0)).save(source, icc_profile=profile, quality=95)
    srgb = tmp_path / "srgb.png"
    Image.new("RGB", (400, 400), (255, 0, 0)).save(srgb)
    jobs = [ImageJob(source, (web(),)), ImageJob(srgb, (web(),))]
    run = render_images(jobs, tmp_path / "cache", workers=1)
    with Image.open(run.output(jobs[0], "web").path) as out:
        red, green, blue = out.getpixel((200, 200))
        assert green > 200 and red < 80  # "red" in this profile is sRGB green
        assert "icc_profile" not in out.info
    with Image.open(run.output(jobs[1], "web").path) as out:
        assert near(out.getpixel((200, 200)), (255, 0, 0), 10)


def test_transparency_becomes_white_and_webp_and_png_are_read(tmp_path):
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    image.paste((20, 20, 220, 255), (0, 0, 200, 300))
    png, webp = tmp_path / "logo.png", tmp_path / "foto.webp"
    image.save(png)
    image.save(webp, lossless=True)
    jobs = [ImageJob(png, (web(),)), ImageJob(webp, (web(),))]
    run = render_images(jobs, tmp_path / "cache")
    for job in jobs:
        with Image.open(run.output(job, "web").path) as out:
            assert near(out.getpixel((300, 150)), (255, 255, 255), 6)
            assert near(out.getpixel((100, 150)), BLUE, 20)


def test_small_source_is_enlarged_with_a_warning_every_run(tmp_path):
    source = save_photo(tmp_path / "klein.jpg", (300, 300))
    job = ImageJob(source, (Crop("whatsapp", 1080, 1080), web()), display="stories/a/klein.jpg")
    for _ in range(2):
        run = render_images([job], tmp_path / "cache")
        output = run.output(job, "whatsapp")
        assert (output.width, output.height) == (1080, 1080) and output.upscale == 3.6
        assert [w.rule for w in run.warnings] == ["image-upscaled"]
        assert run.warnings[0].path == "stories/a/klein.jpg"
        assert "klein.jpg" in run.warnings[0].message and "whatsapp" in run.warnings[0].message
    assert run.cached == 2


# Bad input


@pytest.fixture
def bad_images(tmp_path) -> dict[str, Path]:
    good = save_photo(tmp_path / "goed.jpg", (1200, 800), quality=90).read_bytes()
    files = {
        "corrupt": tmp_path / "afgebroken.jpg",
        "svg": tmp_path / "tekening.svg",
        "svg-as-jpg": tmp_path / "tekening.jpg",
        "heic": tmp_path / "iphone.heic",
        "heic-as-jpg": tmp_path / "iphone-hernoemd.jpg",
        "text-as-jpg": tmp_path / "notities.jpg",
        "bomb": png_with_header(tmp_path / "bom.png", 20000, 20000),
        "too-many-pixels": png_with_header(tmp_path / "enorm.png", 8000, 6000),
        "too-small": save_photo(tmp_path / "postzegel.jpg", (150, 400)),
        "gif": tmp_path / "animatie.gif",
        "missing": tmp_path / "weg.jpg",
        "folder": tmp_path / "map.jpg",
    }
    files["corrupt"].write_bytes(good[: len(good) // 2])
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="900" height="600"/>'
    files["svg"].write_bytes(svg)
    files["svg-as-jpg"].write_bytes(svg)
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 400
    files["heic"].write_bytes(heic)
    files["heic-as-jpg"].write_bytes(heic)
    files["text-as-jpg"].write_text("Dit is geen foto.\n", encoding="utf-8")
    Image.new("P", (400, 400)).save(files["gif"])
    files["folder"].mkdir()
    return files


EXPECTED_RULES = {
    "corrupt": "image-corrupt",
    "svg": "image-format",
    "svg-as-jpg": "image-format",
    "heic": "image-format",
    "heic-as-jpg": "image-format",
    "text-as-jpg": "image-format",
    "bomb": "image-too-large",
    "too-many-pixels": "image-too-large",
    "too-small": "image-too-small",
    "gif": "image-format",
    "missing": "image-missing",
    "folder": "image-unreadable",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED_RULES))
def test_bad_images_give_a_content_error_naming_the_file(bad_images, kind):
    path = bad_images[kind]
    display = f"journeys/knie/media/{path.name}"
    with pytest.raises(ContentError) as caught:
        check_image(path, display=display)
    finding = caught.value.finding
    assert finding.rule == EXPECTED_RULES[kind]
    assert finding.path == display and finding.level == "error"
    assert path.name in finding.message
    assert "Traceback" not in str(caught.value)


def test_specific_hints_for_svg_and_heic(bad_images):
    for kind, hint in (("svg-as-jpg", "SVG"), ("heic-as-jpg", "HEIC"), ("gif", "GIF")):
        with pytest.raises(ContentError, match=hint):
            check_image(bad_images[kind])


def _truncated(blob: bytes) -> bytes:
    return blob[: len(blob) * 2 // 3]


def _png_with_damaged_pixels(blob: bytes) -> bytes:
    at = blob.index(b"IDAT") + 40
    return blob[:at] + bytes([blob[at] ^ 0x55]) + blob[at + 1 :]


def _encoded(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return buffer.getvalue()


def _noisy(size=(640, 480)) -> Image.Image:
    return Image.effect_noise(size, 60).convert("RGB")


@pytest.mark.parametrize(
    "name, make",
    [
        (
            "progressief.jpg",
            lambda: _truncated(_encoded(_noisy(), format="JPEG", progressive=True)),
        ),
        # a comment holding a whole small JPEG puts an end-of-image marker before the scan
        (
            "met-duimnaam.jpg",
            lambda: _truncated(
                _encoded(
                    _noisy(),
                    format="JPEG",
                    comment=_encoded(_noisy((64, 64)), format="JPEG"),
                )
            ),
        ),
        ("afgebroken.png", lambda: _truncated(_encoded(_noisy(), format="PNG"))),
        ("beschadigd.png", lambda: _png_with_damaged_pixels(_encoded(_noisy(), format="PNG"))),
        ("afgebroken.webp", lambda: _truncated(_encoded(_noisy(), format="WEBP", quality=80))),
    ],
)
def test_incomplete_or_damaged_files_are_corrupt(tmp_path, name, make):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(ContentError) as caught:
        check_image(path, display=f"stories/a/{name}")
    assert caught.value.finding.rule == "image-corrupt"
    assert name in caught.value.finding.message


def test_complete_files_with_extras_pass_the_check(tmp_path):
    """Bytes after the end of a JPEG (phones append depth maps and videos) and end markers
    inside a comment do not make a photo corrupt."""
    thumbnail = _encoded(_noisy((64, 64)), format="JPEG")
    files = {
        "trailer.jpg": _encoded(_noisy(), format="JPEG") + b"\x00" * 100 + thumbnail,
        "comment.jpg": _encoded(_noisy(), format="JPEG", comment=thumbnail, progressive=True),
        "foto.png": _encoded(_noisy(), format="PNG"),
        "foto.webp": _encoded(_noisy(), format="WEBP"),
    }
    for name, blob in files.items():
        (tmp_path / name).write_bytes(blob)
        check_image(tmp_path / name)


def test_bad_sources_do_not_stop_the_run(tmp_path, bad_images):
    good = save_photo(tmp_path / "goed2.jpg", (1200, 800))
    jobs = [ImageJob(path, (web(),), display=kind) for kind, path in bad_images.items()]
    jobs.append(ImageJob(good, (web(),)))
    run = render_images(jobs, tmp_path / "cache", workers=2)
    assert sorted(f.path for f in run.errors) == sorted(bad_images)
    assert {f.path: f.rule for f in run.errors} == EXPECTED_RULES
    assert list(run.outputs) == [jobs[-1]] and run.made == 1


# The cache


def outputs_of(run, job) -> dict[str, tuple[Path, bytes, int]]:
    return {
        name: (out.path, out.path.read_bytes(), out.path.stat().st_mtime_ns)
        for name, out in run.outputs[job].items()
    }


def test_second_run_does_no_work_and_touches_nothing(tmp_path):
    sources = [save_photo(tmp_path / f"{i}.jpg", (1500, 1000), (i * 40, 90, 90)) for i in range(3)]
    jobs = [ImageJob(source, platform_crops()) for source in sources]
    cache = tmp_path / "cache"
    first = render_images(jobs, cache)
    assert first.made == 3 * len(platform_crops()) and first.cached == 0
    before = {job: outputs_of(first, job) for job in jobs}
    manifest = (cache / MANIFEST).stat().st_mtime_ns
    second = render_images(jobs, cache)
    assert second.made == 0 and second.cached == 3 * len(platform_crops())
    assert {job: outputs_of(second, job) for job in jobs} == before
    assert (cache / MANIFEST).stat().st_mtime_ns == manifest


def test_a_changed_source_redoes_only_its_own_images(tmp_path):
    one = save_photo(tmp_path / "een.jpg", (1500, 1000), RED)
    two = save_photo(tmp_path / "twee.jpg", (1500, 1000), BLUE)
    crops = (Crop("facebook", 1200, 630), web())
    jobs = [ImageJob(one, crops), ImageJob(two, crops)]
    cache = tmp_path / "cache"
    first = render_images(jobs, cache)
    old_one, old_two = outputs_of(first, jobs[0]), outputs_of(first, jobs[1])

    save_photo(one, (1500, 1000), GREEN)
    second = render_images(jobs, cache)
    assert second.made == len(crops) and second.cached == len(crops)
    new_one = outputs_of(second, jobs[0])
    for name in old_one:
        assert new_one[name][0] != old_one[name][0]
        with Image.open(new_one[name][0]) as out:
            assert near(out.getpixel((out.width // 2, out.height // 2)), GREEN)
    assert outputs_of(second, jobs[1]) == old_two


def test_deleted_output_is_made_again(tmp_path):
    job = ImageJob(save_photo(tmp_path / "a.jpg", (800, 600)), (web(),))
    cache = tmp_path / "cache"
    path = render_images([job], cache).output(job, "web").path
    data_before = path.read_bytes()
    path.unlink()
    again = render_images([job], cache)
    assert again.made == 1 and again.output(job, "web").path.read_bytes() == data_before


def test_builds_are_reproducible_across_caches_and_worker_counts(tmp_path):
    sources = [save_photo(tmp_path / f"{i}.jpg", (1600, 1200), (90, i * 60, 90)) for i in range(2)]
    jobs = [ImageJob(source, (*platform_crops()[:4], web())) for source in sources]
    serial = render_images(jobs, tmp_path / "a", workers=1)
    parallel = render_images(jobs, tmp_path / "b", workers=2)
    for job in jobs:
        for name, out in serial.outputs[job].items():
            other = parallel.outputs[job][name]
            assert out.path.name == other.path.name
            assert out.path.read_bytes() == other.path.read_bytes()
    manifest = json.loads((tmp_path / "a" / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["jobs"]) and all("outputs" in entry for entry in manifest["jobs"].values())


def test_same_bytes_at_two_places_share_outputs_but_warn_per_place(tmp_path):
    one = save_photo(tmp_path / "een.jpg", (300, 300))
    two = tmp_path / "kopie.jpg"
    two.write_bytes(one.read_bytes())
    crops = (Crop("x", 1600, 900),)
    jobs = [ImageJob(one, crops, display="een.jpg"), ImageJob(two, crops, display="kopie.jpg")]
    run = render_images(jobs, tmp_path / "cache")
    assert run.made == 1 and run.cached == 1
    assert run.output(jobs[0], "x").path == run.output(jobs[1], "x").path
    assert sorted(w.path for w in run.warnings) == ["een.jpg", "kopie.jpg"]


def test_source_files_are_never_modified(tmp_path):
    source = save_photo(tmp_path / "bron.jpg", (1200, 800))
    before = (source.read_bytes(), os.stat(source).st_mtime_ns)
    render_images([ImageJob(source, platform_crops())], tmp_path / "cache")
    assert (source.read_bytes(), os.stat(source).st_mtime_ns) == before


def test_a_cached_file_changed_in_place_is_made_again(tmp_path):
    """The site links to cache files, so a tool rewriting a site image changes the cache."""
    job = ImageJob(save_photo(tmp_path / "foto.jpg", (1200, 800)), (web(),))
    first = render_images([job], tmp_path / "cache")
    made = first.output(job, "web").path
    good = made.read_bytes()
    with open(made, "r+b") as handle:
        handle.write(b"\xff\xd8 herschreven")
    again = render_images([job], tmp_path / "cache")
    assert again.made == 1 and again.cached == 0
    assert again.output(job, "web").path.read_bytes() == good


def site_images(site: Path) -> list[Path]:
    return sorted((site / "deelkit").rglob("*.jpg")) + sorted((site / "trajecten").rglob("*.jpg"))


def test_site_images_are_hard_links_into_the_cache_and_a_changed_one_is_made_again(tmp_path):
    project = SiteProject.small(tmp_path / "project").illustrate()
    built = build(project.root)
    images = site_images(built.site)
    cache = project.root / ".cache" / "reisverhaal" / "images"
    cached = {(p.stat().st_dev, p.stat().st_ino) for p in cache.iterdir()}
    assert images and all((p.stat().st_dev, p.stat().st_ino) in cached for p in images)
    good = images[0].read_bytes()
    with open(images[0], "r+b") as handle:
        handle.write(b"\xff\xd8 herschreven")
    again = build(project.root)
    assert any(re.search(r"afbeeldingen: [1-9]\d* gemaakt", m) for m in again.logged())
    assert images[0].read_bytes() == good


def other_file_system(than: Path) -> Path:
    """A writable folder on another file system than `than`, where no hard link can reach."""
    for candidate in ("/dev/shm", "/run", "/var/tmp", str(Path.home())):
        folder = Path(candidate)
        if (
            folder.is_dir()
            and os.access(folder, os.W_OK)
            and folder.stat().st_dev != than.stat().st_dev
        ):
            return Path(tempfile.mkdtemp(dir=folder))
    raise AssertionError("no writable folder on another file system for this test")


def test_site_images_are_copied_where_a_link_cannot_be_made(tmp_path):
    project = SiteProject.small(tmp_path / "project").illustrate()
    elsewhere = other_file_system(project.root)
    try:
        built = build(project.root, site_dir=elsewhere / "site")
        linked = build(project.root)
        copies, links = site_images(built.site), site_images(linked.site)
        assert [p.relative_to(built.site) for p in copies] == [
            p.relative_to(linked.site) for p in links
        ]
        assert all(p.stat().st_nlink == 1 for p in copies)
        assert [p.read_bytes() for p in copies] == [p.read_bytes() for p in links]
    finally:
        shutil.rmtree(elsewhere)


def test_images_unused_for_a_month_leave_the_cache_recent_ones_stay(tmp_path):
    cache = tmp_path / "cache"
    old, recent, kept = (
        ImageJob(save_photo(tmp_path / f"{name}.jpg", (800, 600), color), (web(),))
        for name, color in (("oud", (200, 0, 0)), ("recent", (0, 200, 0)), ("blijft", (9, 9, 9)))
    )
    first = render_images([old, recent, kept], cache)
    old_file, recent_file = first.output(old, "web").path, first.output(recent, "web").path
    long_ago = time.time() - 40 * 86400
    os.utime(old_file, (long_ago, long_ago))
    again = render_images([kept], cache)
    assert again.cached == 1 and again.made == 0
    assert not old_file.exists() and recent_file.exists()
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["jobs"]) == 2
    assert render_images([recent], cache).made == 0
    assert render_images([old], cache).made == 1


# Files that are not what they seem: cut short, huge, not a file


def noise_jpeg(progressive: bool) -> bytes:
    """A photo-like JPEG, the same in every run (Pillow's own noise is not seeded)."""
    pixels = random.Random(14).randbytes(480 * 320 * 3)
    noise = Image.frombytes("RGB", (480, 320), pixels).filter(ImageFilter.BoxBlur(1))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=85, progressive=progressive)
    return buffer.getvalue()


_NOISE = {progressive: noise_jpeg(progressive) for progressive in (False, True)}


@settings(max_examples=30, deadline=None)
@given(progressive=st.booleans(), share=st.floats(min_value=0.2, max_value=0.97))
def test_a_jpeg_cut_short_and_closed_with_an_end_marker_is_corrupt(progressive, share):
    data = _NOISE[progressive]
    cut_short = data[: int(len(data) * share)] + b"\xff\xd9"
    with pytest.raises(ContentError) as caught:
        cut(cut_short, (web(),), "kort.jpg")
    assert caught.value.finding.rule == "image-corrupt"


@pytest.mark.parametrize("progressive", [False, True])
@pytest.mark.parametrize("colour", [(128, 128, 128), (255, 255, 255), (40, 120, 90)])
def test_whole_jpegs_that_end_in_a_flat_block_are_accepted(progressive, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (500, 300), colour).save(buffer, "JPEG", progressive=progressive)
    [(image, _)] = cut(buffer.getvalue(), (web(),), "vlak.jpg")
    assert image.size == (500, 300)
    assert cut(_NOISE[progressive], (web(),), "ruis.jpg")[0][0].size == (480, 320)


def test_a_source_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "groot.jpg"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ContentError) as caught:
        read_source(huge, "groot.jpg")
    assert caught.value.finding.rule == "image-too-large"
    assert f"hoogstens {MAX_BYTES // 1_000_000} MB" in caught.value.finding.message


def test_a_named_pipe_is_unreadable_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pijp.jpg"
    os.mkfifo(pipe)
    with pytest.raises(ContentError) as caught:
        read_source(pipe, "pijp.jpg")
    assert caught.value.finding.rule == "image-unreadable"
