"""Video renditions made by PyAV: trimmed, cropped, captions burned in, within a size limit,
byte for byte the same every time, and cached (issue 21). Tiny clips, small cuts."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reisverhaal.content.model import StepMeta
from reisverhaal.content.video import Cue, read_video
from reisverhaal.render import video as rv
from video_clips import VTT, make_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    root = tmp_path_factory.mktemp("clip")
    make_clip(root / "a.mp4", seconds=3, size=(480, 270), fps=10)
    (root / "a.vtt").write_text(VTT, encoding="utf-8")
    meta = StepMeta(
        title="t", phase="before", summary="s", video="a.mp4", captions="a.vtt",
        video_description="Een gele vorm.",
    )  # fmt: skip
    return read_video(meta, root, root, "a.md", lambda key: 1)


def _frame_at(path: Path, seconds: float):
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            if frame.time >= seconds:
                return frame.to_image()
    raise AssertionError("no frame")


def _white(image, box) -> int:
    return sum(1 for pixel in image.crop(box).get_flattened_data() if min(pixel) > 230)


def test_burned_in_captions_show_in_the_picture_and_only_there(clip, tmp_path):
    plain = rv.Cut("vertical", 144, 256, 3.0)
    burned = rv.Cut("vertical", 144, 256, 3.0, burn=True)
    made_plain, _ = rv.rendition(clip, plain, tmp_path)
    made_burned, _ = rv.rendition(clip, burned, tmp_path)
    band = (0, 150, 144, 215)  # where captions sit: the lower part, above the bottom edge
    assert _white(_frame_at(made_burned.video, 0.5), band) > 50
    assert _white(_frame_at(made_plain.video, 0.5), band) == 0


def test_a_rendition_is_trimmed_with_its_captions(clip, tmp_path):
    made, fresh = rv.rendition(clip, rv.Cut("landscape", 160, 90, 1.2), tmp_path)
    assert fresh and made.duration == 1.2
    with av.open(str(made.video)) as container:
        assert abs(container.duration / 1_000_000 - 1.2) < 0.15
        assert container.streams.audio[0].codec_context.name == "aac"
    vtt = made.vtt.read_text(encoding="utf-8")
    assert "Hier zie je de wachtkamer." in vtt and "Je wacht hier even." not in vtt
    assert "00:00:01.200" in vtt
    assert made.srt.read_text(encoding="utf-8").startswith("1\n00:00:00,000 --> 00:00:01,200")


def test_renditions_are_byte_identical_and_cached(clip, tmp_path):
    cut = rv.Cut("portrait", 108, 136, 3.0, burn=True)
    first, fresh = rv.rendition(clip, cut, tmp_path / "one")
    second, _ = rv.rendition(clip, cut, tmp_path / "two")
    assert fresh and first.video.read_bytes() == second.video.read_bytes()
    again, fresh = rv.rendition(clip, cut, tmp_path / "one")
    assert not fresh and again.video == first.video
    # A cached file changed on disk is not trusted: the rendition is made again.
    first.cover.write_bytes(b"kapot")
    _, fresh = rv.rendition(clip, cut, tmp_path / "one")
    assert fresh


def test_a_manifest_that_is_not_plain_data_counts_as_no_cache(clip, tmp_path):
    cut = rv.Cut("landscape", 160, 90, 3.0)
    made, _ = rv.rendition(clip, cut, tmp_path)
    manifest = made.folder / rv.MANIFEST
    for text in ("{'duration': __import__('os')}", json.dumps({"duration": "3", "sizes": 1})):
        manifest.write_text(text, encoding="utf-8")
        _, fresh = rv.rendition(clip, cut, tmp_path)
        assert fresh


def test_a_rendition_over_the_platform_limit_is_made_again_to_fit(tmp_path):
    make_clip(tmp_path / "b.mp4", seconds=2, size=(480, 270), fps=10, audio=False, noise=True)
    (tmp_path / "b.vtt").write_text(VTT, encoding="utf-8")
    meta = StepMeta(
        title="t", phase="before", summary="s", video="b.mp4", captions="b.vtt",
        video_description="Een gele vorm.",
    )  # fmt: skip
    video = read_video(meta, tmp_path, tmp_path, "b.md", lambda key: 1)
    free, _ = rv.rendition(video, rv.Cut("vertical", 540, 960, 2.0), tmp_path / "c")
    limit = int(free.size * 0.5)
    capped, _ = rv.rendition(video, rv.Cut("vertical", 540, 960, 2.0, max_bytes=limit), tmp_path)
    assert capped.size <= limit < free.size


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(64, 4000),
    height=st.integers(64, 4000),
    fx=st.floats(0, 1),
    fy=st.floats(0, 1),
    aspect=st.sampled_from([(1080, 1920), (1080, 1350), (1920, 1080)]),
)
def test_the_crop_box_lies_inside_the_picture_with_the_cut_aspect(width, height, fx, fy, aspect):
    cut = rv.Cut("x", *aspect, 1.0)
    left, top, right, bottom = rv.crop_box((width, height), cut, (fx, fy))
    assume(right - left >= 8 and bottom - top >= 8)
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert all(v % 2 == 0 for v in (left, top, right - left, bottom - top))
    # Even pixels cost at most two on each side: the aspect is right to that.
    crop_w, crop_h = right - left, bottom - top
    assert abs(crop_w * aspect[1] - crop_h * aspect[0]) <= 2 * max(aspect)


@given(st.text(min_size=1, max_size=40), st.floats(0, 5), st.floats(0.1, 5))
def test_captions_written_back_read_as_the_same_text(text, start, length):
    assume(text.strip() and "-->" not in text and "\n" not in text and "\r" not in text)
    assume(text == text.strip() and not text[0].isdigit())
    cue = Cue(round(start, 3), round(start + length, 3), text, 1)
    vtt = rv.to_vtt([cue])
    assert "<" not in vtt.split("\n", 3)[-1] or "&lt;" in vtt
    assert vtt.startswith("WEBVTT\n")


def test_a_video_the_phone_turned_is_cut_upright(tmp_path):
    from video_clips import _picture

    path = tmp_path / "staand.mp4"
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.set_display_rotation(90)  # stored lying down, shown standing, as phones do
        for _ in range(20):
            image = _picture(0, 20, (320, 180))  # the yellow square at the left edge
            container.mux(stream.encode(av.VideoFrame.from_image(image)))
        container.mux(stream.encode(None))
    (tmp_path / "staand.vtt").write_text(VTT, encoding="utf-8")
    meta = StepMeta(
        title="t", phase="before", summary="s", video="staand.mp4", captions="staand.vtt",
        video_description="Een gele vorm.",
    )  # fmt: skip
    video = read_video(meta, tmp_path, tmp_path, "s.md", lambda key: 1)
    assert (video.width, video.height) == (180, 320)
    made, _ = rv.rendition(video, rv.web_cut(video), tmp_path / "cache")
    assert (made.width, made.height) == (180, 320)
    frame = _frame_at(made.video, 0.0)
    # Turned a quarter counterclockwise, the left edge is the bottom: the square is there.
    red, green, blue = frame.getpixel((90, 300))
    assert red > 200 and green > 150 and blue < 100


def test_cuts_made_in_one_pass_are_the_cuts_made_one_by_one(clip, tmp_path):
    cuts = [
        rv.Cut("vertical", 72, 128, 3.0, burn=True),
        rv.Cut("landscape", 160, 90, 1.5),
        rv.Cut("portrait", 108, 136, 3.0),
    ]
    together = rv.renditions_of(clip, cuts, tmp_path / "together")
    assert [fresh for _, fresh in together] == [True, True, True]
    for cut, (made, _) in zip(cuts, together, strict=True):
        alone, _ = rv.rendition(clip, cut, tmp_path / "alone")
        assert made.video.read_bytes() == alone.video.read_bytes(), cut.name
        assert made.vtt.read_bytes() == alone.vtt.read_bytes()
    assert together[1][0].duration == 1.5
    again = rv.renditions_of(clip, cuts, tmp_path / "together")
    assert [fresh for _, fresh in again] == [False, False, False]
