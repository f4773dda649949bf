"""Tiny generated video clips for the video tests: shapes and colours, never people.

A clip is a few seconds of a coloured square moving over a background, with a tone as its
sound, encoded by PyAV (H.264 and AAC) like a phone's export: with the metadata a phone
writes (a location, the device, a title), so that tests can check none of it reaches the site.
"""

from __future__ import annotations

import array
import math
import random
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw

PHONE_METADATA = {
    "title": "Opname woonkamer",
    "location": "+52.0907+005.1214/",
    "make": "Telefoonmerk",
    "model": "Telefoon 12",
    "creation_time": "2026-11-20T10:15:00.000000Z",
    "comment": "gemaakt bij Wilma thuis",
}
"""What a phone leaves in a video; none of it may reach a published file."""


def make_clip(
    path: Path,
    seconds: float = 3.0,
    size: tuple[int, int] = (320, 180),
    fps: int = 10,
    audio: bool = True,
    metadata: dict | None = None,
    noise: bool = False,
) -> Path:
    """`noise`: dots all over each frame, which compress badly (a file of real size)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    options = {"movflags": "use_metadata_tags"}
    with av.open(str(path), "w", format="mp4", options=options) as container:
        for key, value in (PHONE_METADATA if metadata is None else metadata).items():
            container.metadata[key] = value
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        sound = container.add_stream("aac", rate=22050) if audio else None
        frames = round(seconds * fps)
        for index in range(frames):
            picture = _picture(index, frames, size)
            if noise:
                _dots(picture, index)
            frame = av.VideoFrame.from_image(picture)
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if sound is not None:
            _tone(container, sound, seconds)
    return path


def _picture(index: int, frames: int, size: tuple[int, int]) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, (11, 110, 79))
    draw = ImageDraw.Draw(image)
    side = height // 3
    x = int((width - side) * index / max(frames - 1, 1))
    draw.rectangle([x, height // 3, x + side, height // 3 + side], fill=(250, 200, 40))
    draw.ellipse([width // 2 - 10, 5, width // 2 + 10, 25], fill=(240, 240, 240))
    return image


def _dots(image: Image.Image, seed: int) -> None:
    draw = ImageDraw.Draw(image)
    chance = random.Random(seed)
    for _ in range(image.width * image.height // 20):
        x, y = chance.randrange(image.width), chance.randrange(image.height)
        draw.point((x, y), fill=(chance.randrange(256), chance.randrange(256), 0))


def _tone(container, stream, seconds: float) -> None:
    rate = stream.rate
    samples = 1024
    total = int(seconds * rate)
    for start in range(0, total, samples):
        count = min(samples, total - start)
        frame = av.AudioFrame(format="fltp", layout="mono", samples=count)
        values = [0.2 * math.sin(2 * math.pi * 440 * (start + n) / rate) for n in range(count)]
        frame.planes[0].update(array.array("f", values).tobytes())
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


VTT = """WEBVTT

00:00:00.000 --> 00:00:01.600
Hier zie je de wachtkamer.

00:00:01.600 --> 00:00:03.000
Je wacht hier even.
"""
"""Captions for a 3-second clip."""
