"""Time video renditions: what a second of footage costs, cold and warm.

    .venv/bin/python tools/benchmark_video.py [--seconds 10] [--width 1920] [--height 1080]
        [--fps 30] [--scale 1] [--json]

Writes one clip (shapes moving over a background with grain, so that the encoder has real
work, and a tone as its sound) with captions, and times through `render.video`:

cold    every rendition the site's default platforms need (`data/video.yml`) and the
        website's, with an empty cache, in one pass over the source as a build makes them:
        seconds (wall clock and processor) per rendition and per second of footage
warm    the same renditions again: taken from the cache, nothing encoded

The issue's aim: at most 1× real time per rendition cold (a second of footage in at most a
second), and nothing encoded warm. `--scale 0.25` cuts at a quarter of the platform sizes,
for a quick try.
"""

from __future__ import annotations

import argparse
import array
import json
import math
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw

from reisverhaal.content.model import StepMeta
from reisverhaal.content.video import read_video
from reisverhaal.core.settings import DEFAULT_CHANNELS
from reisverhaal.render import video as renditions

AIM = 1.0
"""Seconds of work per second of footage, per rendition, cold."""


def make_clip(path: Path, seconds: float, size: tuple[int, int], fps: int) -> None:
    width, height = size
    frames = round(seconds * fps)
    grain = Image.effect_noise(size, 40).convert("RGB")
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "veryfast"}
        sound = container.add_stream("aac", rate=48000)
        for index in range(frames):
            image = Image.new("RGB", size, (11, 110, 79))
            draw = ImageDraw.Draw(image)
            side = height // 3
            x = int((width - side) * index / max(frames - 1, 1))
            draw.rectangle([x, side, x + side, 2 * side], fill=(250, 200, 40))
            image = Image.blend(image, grain.rotate(index % 360), 0.15)
            container.mux(stream.encode(av.VideoFrame.from_image(image)))
        container.mux(stream.encode(None))
        _tone(container, sound, seconds)


def _tone(container, stream, seconds: float) -> None:
    total, step = int(seconds * 48000), 1024
    for start in range(0, total, step):
        count = min(step, total - start)
        frame = av.AudioFrame(format="fltp", layout="mono", samples=count)
        values = [0.2 * math.sin(2 * math.pi * 440 * (start + n) / 48000) for n in range(count)]
        frame.planes[0].update(array.array("f", values).tobytes())
        frame.sample_rate, frame.pts, frame.time_base = 48000, start, Fraction(1, 48000)
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def captions(seconds: float) -> str:
    cues = ["WEBVTT", ""]
    for start in range(0, int(seconds), 2):
        end = min(start + 2, seconds)
        cues += [f"00:00:{start:02d}.000 --> 00:00:{int(end):02d}.{round(end % 1 * 1000):03d}"]
        cues += ["Zo ziet de oefenzaal eruit.", ""]
    return "\n".join(cues)


@dataclass
class Timed:
    seconds: float
    cpu: float
    """Processor seconds of all the process's threads (decoder, filters, x264): on a busy
    machine the wall clock says more about the others than about this work."""
    made: int


@dataclass
class Report:
    footage: float
    size: tuple[int, int]
    fps: int
    scale: float
    renditions: list[str]
    cold: Timed
    warm: Timed

    def per_rendition(self, timed: Timed, cpu: bool = False) -> float:
        """Seconds per rendition per second of footage."""
        return (timed.cpu if cpu else timed.seconds) / len(self.renditions) / self.footage

    def markdown(self) -> str:
        width, height = self.size
        count = len(self.renditions)
        rows = [
            f"| {name} | {t.seconds:.2f} | {t.cpu:.2f} | {self.per_rendition(t):.3f} "
            f"| {self.per_rendition(t, cpu=True):.3f} | {t.made} |"
            for name, t in (("cold (empty cache)", self.cold), ("warm", self.warm))
        ]
        lines = [
            f"One clip of {self.footage:g} s, {width}×{height} at {self.fps} fps, cut in one "
            f"pass over the source (as a build does) into {count} renditions (scale "
            f"{self.scale:g}): {', '.join(self.renditions)}.",
            "",
            "| run | seconds | processor seconds | per rendition and second of footage "
            "| same, processor | encoded |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Aim: at most {AIM:g} s per rendition and second of footage cold, nothing "
            "encoded warm.",
        ]
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        data = asdict(self)
        data.update(
            aim=AIM,
            cold_per_rendition=self.per_rendition(self.cold),
            warm_per_rendition=self.per_rendition(self.warm),
        )
        return json.dumps(data, indent=2) + "\n"


def run(options: argparse.Namespace, folder: Path) -> Report:
    size = (options.width, options.height)
    make_clip(folder / "clip.mp4", options.seconds, size, options.fps)
    (folder / "clip.vtt").write_text(captions(options.seconds), encoding="utf-8")
    meta = StepMeta(
        title="Benchmark",
        phase="before",
        summary="Benchmark.",
        video="clip.mp4",
        captions="clip.vtt",
        video_description="Een geel blok over een groen vlak.",
    )
    video = read_video(meta, folder, folder, "clip.md", lambda key: None)
    cuts = [renditions.web_cut(video, options.scale)]
    cuts += list(renditions.platform_cuts(video, list(DEFAULT_CHANNELS), options.scale))
    cache = folder / "cache"
    cold = _timed(video, cuts, cache)
    warm = _timed(video, cuts, cache)
    return Report(
        video.duration, size, options.fps, options.scale, [c.name for c in cuts], cold, warm
    )


def _timed(video, cuts, cache: Path) -> Timed:
    start, cpu = time.perf_counter(), time.process_time()
    made = renditions.renditions_of(video, cuts, cache)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Timed(seconds, cpu, sum(fresh for _, fresh in made))


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0, help="part of the platform sizes")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    options = parser.parse_args(argv)
    if options.seconds < 1 or options.width < 16 or options.height < 16 or options.fps < 1:
        parser.error("--seconds ≥ 1, --width and --height ≥ 16, --fps ≥ 1")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    with tempfile.TemporaryDirectory(prefix="reisverhaal-video-benchmark-") as folder:
        report = run(options, Path(folder))
    sys.stdout.write(report.as_json() if options.json else report.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
