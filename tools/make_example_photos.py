"""Draw the example site's photos: flat illustrations, made by code so the repository holds no
real people.

Deterministic: the same Pillow version gives the same bytes on every run (seeded grain, no
timestamps). Existing files are left alone unless `--force` is given.

Two photos carry metadata on purpose, to show what the build does with it:
`eerste-gesprek.jpg` is stored sideways with EXIF orientation 6 plus camera and GPS data, and
`wilma.jpg` carries GPS data and a capture date.

    .venv/bin/python tools/make_example_photos.py [--force]
"""

from __future__ import annotations

import argparse
import math
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter
from PIL.ExifTags import GPS, IFD, Base

ROOT = Path(__file__).resolve().parent.parent
SEED = 20270312
SUPERSAMPLE = 2
QUALITY = 85
GRAIN = 0.02
LANDSCAPE = (3000, 2000)
PORTRAIT = (2000, 3000)

Point = tuple[float, float]
Color = tuple[int, ...]


def rgb(hex_color: str, alpha: int | None = None) -> Color:
    value = hex_color.lstrip("#")
    channels = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    return channels if alpha is None else (*channels, alpha)


class Canvas:
    """An RGB image drawn at `SUPERSAMPLE` times its size, in the final image's coordinates."""

    def __init__(self, size: tuple[int, int]):
        self.size = size
        self.image = Image.new("RGB", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE))
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    def _xy(self, points) -> list[tuple[int, int]]:
        return [(round(x * SUPERSAMPLE), round(y * SUPERSAMPLE)) for x, y in points]

    def _box(self, box) -> list[int]:
        return [round(v * SUPERSAMPLE) for v in box]

    def gradient(self, box, top: str, bottom: str) -> None:
        x0, y0, x1, y1 = self._box(box)
        mask = Image.linear_gradient("L").resize((max(1, x1 - x0), max(1, y1 - y0)))
        band = Image.composite(
            Image.new("RGB", mask.size, rgb(bottom)), Image.new("RGB", mask.size, rgb(top)), mask
        )
        self.image.paste(band, (x0, y0))

    def rect(self, box, fill: Color, radius: float = 0) -> None:
        self.draw.rounded_rectangle(self._box(box), radius=radius * SUPERSAMPLE, fill=fill)

    def ellipse(self, box, fill: Color) -> None:
        self.draw.ellipse(self._box(box), fill=fill)

    def circle(self, center: Point, radius: float, fill: Color) -> None:
        x, y = center
        self.ellipse((x - radius, y - radius, x + radius, y + radius), fill)

    def ring(self, center: Point, radius: float, fill: Color, width: float) -> None:
        x, y = center
        box = self._box((x - radius, y - radius, x + radius, y + radius))
        self.draw.ellipse(box, outline=fill, width=round(width * SUPERSAMPLE))

    def polygon(self, points, fill: Color) -> None:
        self.draw.polygon(self._xy(points), fill=fill)

    def stroke(self, points, fill: Color, width: float) -> None:
        """A polyline with round joints and round ends: limbs, crutches, frames."""
        self.draw.line(self._xy(points), fill=fill, width=round(width * SUPERSAMPLE), joint="curve")
        for point in (points[0], points[-1]):
            self.circle(point, width / 2, fill)

    def chord(self, box, start: float, end: float, fill: Color) -> None:
        self.draw.chord(self._box(box), start, end, fill=fill)

    def polyline(self, points, fill: Color, width: float) -> None:
        self.draw.line(self._xy(points), fill=fill, width=round(width * SUPERSAMPLE))

    def arc(self, box, start: float, end: float, fill: Color, width: float) -> None:
        self.draw.arc(self._box(box), start, end, fill=fill, width=round(width * SUPERSAMPLE))

    def glow(self, center: Point, radius: float, color: str, strength: int = 70) -> None:
        for step in range(12, 0, -1):
            self.circle(center, radius * step / 6, rgb(color, strength // 12))

    def finish(self) -> Image.Image:
        return self.image.reduce(SUPERSAMPLE)


# People -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pose:
    """Joints relative to the feet, in units of the person's height; x grows forward."""

    head: Point
    shoulder: Point
    hip: Point
    legs: tuple[tuple[Point, ...], ...]
    arms: tuple[tuple[Point, ...], ...]


STAND = Pose(
    head=(0, -0.9),
    shoulder=(0, -0.76),
    hip=(0, -0.47),
    legs=(((-0.035, -0.46), (-0.045, -0.02)), ((0.035, -0.46), (0.045, -0.02))),
    arms=(
        ((-0.06, -0.74), (-0.1, -0.6), (-0.1, -0.47)),
        ((0.06, -0.74), (0.1, -0.6), (0.1, -0.47)),
    ),
)
WALK = Pose(
    head=(0.01, -0.9),
    shoulder=(0, -0.76),
    hip=(0, -0.47),
    legs=(
        ((-0.02, -0.46), (-0.1, -0.22), (-0.14, -0.02)),
        ((0.02, -0.46), (0.08, -0.22), (0.12, -0.02)),
    ),
    arms=(
        ((-0.03, -0.74), (-0.1, -0.6), (-0.14, -0.5)),
        ((0.03, -0.74), (0.1, -0.62), (0.16, -0.52)),
    ),
)
SIT = Pose(
    head=(-0.2, -0.86),
    shoulder=(-0.21, -0.72),
    hip=(-0.2, -0.44),
    legs=(
        ((-0.2, -0.42), (0.04, -0.42), (0.04, -0.02)),
        ((-0.17, -0.4), (0.08, -0.4), (0.08, -0.02)),
    ),
    arms=(
        ((-0.2, -0.7), (-0.12, -0.54), (0.02, -0.52)),
        ((-0.18, -0.7), (-0.08, -0.56), (0.05, -0.55)),
    ),
)
BALANCE = Pose(
    head=(0, -0.9),
    shoulder=(0, -0.76),
    hip=(0, -0.47),
    legs=(((-0.02, -0.46), (-0.03, -0.02)), ((0.03, -0.46), (0.12, -0.32), (0.1, -0.18))),
    arms=(
        ((-0.06, -0.74), (-0.2, -0.68), (-0.33, -0.66)),
        ((0.06, -0.74), (0.2, -0.68), (0.33, -0.66)),
    ),
)
WAVE = Pose(
    head=(0, -0.9),
    shoulder=(0, -0.76),
    hip=(0, -0.47),
    legs=STAND.legs,
    arms=(
        ((-0.06, -0.74), (-0.1, -0.6), (-0.1, -0.47)),
        ((0.06, -0.74), (0.16, -0.86), (0.18, -1.0)),
    ),
)
CYCLE = Pose(
    head=(0.14, -0.88),
    shoulder=(0.1, -0.75),
    hip=(-0.04, -0.5),
    legs=(
        ((-0.04, -0.5), (0.12, -0.42), (0.06, -0.2)),
        ((-0.02, -0.5), (0.16, -0.5), (0.14, -0.3)),
    ),
    arms=(
        ((0.1, -0.74), (0.24, -0.66), (0.38, -0.58)),
        ((0.12, -0.74), (0.26, -0.68), (0.4, -0.6)),
    ),
)


@dataclass(frozen=True)
class Look:
    skin: str = "#f1c7a5"
    hair: str = "#c9c5c0"
    shirt: str = "#e07a5f"
    trousers: str = "#3d405b"
    shoes: str = "#2b2d42"
    hair_style: str = "short"
    sleeves: str | None = None


def person(
    c: Canvas,
    x: float,
    y: float,
    h: float,
    pose: Pose,
    look: Look,
    facing: int = 1,
    shadow: bool = True,
):
    """Draw a person with their feet at (x, y), `h` pixels tall; `facing` -1 looks left.

    Returns a function that maps pose coordinates to canvas points, to place props.
    """

    def at(point: Point) -> Point:
        return (x + point[0] * h * facing, y + point[1] * h)

    if shadow:
        c.ellipse((x - 0.14 * h, y - 0.02 * h, x + 0.14 * h, y + 0.02 * h), (0, 0, 0, 28))
    for leg in pose.legs:
        c.stroke([at(p) for p in leg], rgb(look.trousers), 0.075 * h)
        fx, fy = at(leg[-1])
        toe = fx + 0.06 * h * facing
        c.ellipse(
            (min(fx, toe) - 0.015 * h, fy - 0.025 * h, max(fx, toe) + 0.015 * h, fy + 0.015 * h),
            rgb(look.shoes),
        )
    c.stroke([at(pose.shoulder), at(pose.hip)], rgb(look.shirt), 0.19 * h)
    hx, hy = at(pose.head)
    radius = 0.068 * h
    if look.hair_style == "long":
        c.ellipse(
            (hx - radius * 1.15, hy - radius * 1.1, hx + radius * 1.15, hy + radius * 1.9),
            rgb(look.hair),
        )
    c.stroke([at(pose.shoulder), (hx, hy)], rgb(look.skin), 0.05 * h)
    for arm in pose.arms:
        c.stroke([at(p) for p in arm], rgb(look.sleeves or look.shirt), 0.055 * h)
        c.circle(at(arm[-1]), 0.03 * h, rgb(look.skin))
    c.circle((hx, hy), radius, rgb(look.skin))
    hair = rgb(look.hair)
    r = radius
    if look.hair_style in ("short", "long", "bun"):
        c.chord((hx - r * 1.05, hy - r * 1.1, hx + r * 1.05, hy + r * 0.9), 180, 360, hair)
    if look.hair_style == "bun":
        c.circle((hx - r * 0.7 * facing, hy - r * 0.9), r * 0.5, hair)
    elif look.hair_style == "cap":
        c.chord((hx - r * 1.1, hy - r * 1.25, hx + r * 1.1, hy + r * 0.6), 180, 360, hair)
        peak = hx + r * 1.6 * facing
        c.rect((min(hx, peak), hy - r * 0.5, max(hx, peak), hy - r * 0.25), hair, r * 0.12)
    elif look.hair_style == "bald":
        sides = (hx - r * 1.04, hy - r * 0.5, hx + r * 1.04, hy + r * 0.5)
        c.chord(sides, 150, 210, hair)
        c.chord(sides, 330, 30, hair)
    return at


# Things -------------------------------------------------------------------------------------


def window(c: Canvas, box, sky: tuple[str, str] = ("#bfe3f2", "#eef7fb"), frame: str = "#ffffff"):
    x0, y0, x1, y1 = box
    c.rect((x0 - 24, y0 - 24, x1 + 24, y1 + 24), rgb(frame), 12)
    c.gradient(box, *sky)
    c.rect(((x0 + x1) / 2 - 10, y0, (x0 + x1) / 2 + 10, y1), rgb(frame))
    c.rect((x0, (y0 + y1) / 2 - 10, x1, (y0 + y1) / 2 + 10), rgb(frame))


def plant(c: Canvas, x: float, y: float, s: float, leaf: str = "#5b8e7d"):
    for angle in (-60, -35, -10, 15, 40, 65):
        rad = math.radians(angle - 90)
        tip = (x + math.cos(rad) * 260 * s, y - 180 * s + math.sin(rad) * 260 * s)
        c.stroke([(x, y - 160 * s), tip], rgb(leaf), 60 * s)
    c.polygon(
        [(x - 110 * s, y - 200 * s), (x + 110 * s, y - 200 * s), (x + 80 * s, y), (x - 80 * s, y)],
        rgb("#d08c60"),
    )


def tree(c: Canvas, x: float, ground: float, h: float, crown: str = "#81b29a"):
    c.stroke([(x, ground), (x, ground - h * 0.55)], rgb("#8a6a4f"), h * 0.07)
    c.circle((x, ground - h * 0.7), h * 0.28, rgb(crown))
    c.circle((x - h * 0.17, ground - h * 0.58), h * 0.2, rgb(crown))
    c.circle((x + h * 0.18, ground - h * 0.6), h * 0.19, rgb(crown))


def chair(c: Canvas, x: float, y: float, s: float, color: str = "#a26769", facing: int = 1):
    """A simple side-view chair; the seat front is at x, the floor at y."""
    back = x - 230 * s * facing
    c.stroke([(back, y), (back, y - 700 * s)], rgb(color), 34 * s)
    c.stroke([(x, y), (x, y - 380 * s)], rgb(color), 34 * s)
    c.stroke([(back, y - 400 * s), (x + 20 * s * facing, y - 400 * s)], rgb(color), 44 * s)


def armchair(c: Canvas, x: float, y: float, s: float, color: str = "#3d8b7d", facing: int = 1):
    back = x - 330 * s * facing
    lo, hi = min(back, x), max(back, x)
    rest = back - 40 * s * facing
    c.rect(
        (
            min(rest, rest + 180 * s * facing),
            y - 900 * s,
            max(rest, rest + 180 * s * facing),
            y - 60 * s,
        ),
        rgb(color),
        60 * s,
    )
    c.rect((lo - 40 * s, y - 480 * s, hi + 60 * s, y - 60 * s), rgb(color), 60 * s)
    c.rect((lo, y - 520 * s, hi + 40 * s, y - 380 * s), rgb("#ffffff", 60), 40 * s)
    for leg in (lo, hi):
        c.stroke([(leg, y - 60 * s), (leg, y)], rgb("#5c4033"), 26 * s)


def table(c: Canvas, box, top: str = "#c98b5d", legs: str = "#8a5a3b"):
    x0, y0, x1, y1 = box
    c.rect((x0, y0, x1, y0 + 46), rgb(top), 20)
    for lx in (x0 + 70, x1 - 70):
        c.stroke([(lx, y0 + 40), (lx, y1)], rgb(legs), 34)


def cup(c: Canvas, x: float, y: float, s: float, color: str = "#ffffff", steam: bool = True):
    c.ring((x + 70 * s, y - 60 * s), 34 * s, rgb(color), 16 * s)
    c.rect((x - 70 * s, y - 120 * s, x + 70 * s, y), rgb(color), 28 * s)
    c.rect((x - 70 * s, y - 120 * s, x + 70 * s, y - 96 * s), rgb("#6f4e37"), 10 * s)
    if steam:
        for dx in (-30, 20):
            c.arc(
                (x + (dx - 30) * s, y - 300 * s, x + (dx + 30) * s, y - 200 * s),
                90,
                270,
                rgb("#ffffff", 150),
                9 * s,
            )
            c.arc(
                (x + (dx - 30) * s, y - 200 * s, x + (dx + 30) * s, y - 140 * s),
                270,
                90,
                rgb("#ffffff", 150),
                9 * s,
            )


def crutch(c: Canvas, top: Point, bottom: Point, color: str = "#9aa5b1"):
    c.stroke([top, bottom], rgb(color), 22)
    tx, ty = top
    c.stroke([(tx - 45, ty), (tx + 45, ty)], rgb("#4a4e69"), 30)
    bx, by = bottom
    c.circle((bx, by - 8), 16, rgb("#4a4e69"))


def teddy(c: Canvas, x: float, y: float, s: float, fur: str = "#c08552"):
    c.circle((x, y - 90 * s), 100 * s, rgb(fur))
    c.circle((x - 70 * s, y - 260 * s), 34 * s, rgb(fur))
    c.circle((x + 70 * s, y - 260 * s), 34 * s, rgb(fur))
    c.circle((x, y - 210 * s), 80 * s, rgb(fur))
    c.circle((x, y - 190 * s), 30 * s, rgb("#f3d5b5"))
    c.circle((x, y - 80 * s), 55 * s, rgb("#f3d5b5", 140))


def bicycle(c: Canvas, x: float, y: float, s: float, color: str = "#0b6e4f"):
    """Wheels touching the ground at y; x is the middle."""
    r = 230 * s
    back, front = (x - 330 * s, y - r), (x + 330 * s, y - r)
    for hub in (back, front):
        c.ring(hub, r, rgb("#2b2d42"), 26 * s)
        c.circle(hub, 20 * s, rgb("#9aa5b1"))
    crank = (x - 20 * s, y - r)
    seat = (x - 120 * s, y - r - 300 * s)
    bars = (x + 250 * s, y - r - 330 * s)
    c.stroke([back, crank, seat, back], rgb(color), 26 * s)
    c.stroke([seat, (bars[0] - 40 * s, bars[1] + 60 * s), crank], rgb(color), 26 * s)
    c.stroke([(bars[0] - 40 * s, bars[1] + 60 * s), front], rgb(color), 26 * s)
    c.stroke([(bars[0] - 80 * s, bars[1]), (bars[0] + 40 * s, bars[1])], rgb("#2b2d42"), 24 * s)
    c.stroke([(seat[0] - 60 * s, seat[1]), (seat[0] + 50 * s, seat[1])], rgb("#2b2d42"), 28 * s)
    c.circle(crank, 40 * s, rgb("#9aa5b1"))


def leaf(c: Canvas, x: float, y: float, s: float, angle: float, color: str):
    points = []
    for step in range(24):
        t = 2 * math.pi * step / 24
        px, py = math.cos(t) * 60 * s, math.sin(t) * 26 * s
        rad = math.radians(angle)
        points.append(
            (
                x + px * math.cos(rad) - py * math.sin(rad),
                y + px * math.sin(rad) + py * math.cos(rad),
            )
        )
    c.polygon(points, rgb(color))


def bunting(c: Canvas, y: float, colors: list[str], sag: float = 80):
    flags = 14
    width = c.width / flags
    for i in range(flags):
        x0 = i * width
        drop = sag * math.sin(math.pi * (i + 0.5) / flags)
        c.polygon(
            [(x0 + 10, y + drop), (x0 + width - 10, y + drop), (x0 + width / 2, y + drop + 130)],
            rgb(colors[i % len(colors)]),
        )
    rope = [(i * width, y + sag * math.sin(math.pi * i / flags)) for i in range(flags + 1)]
    c.polyline(rope, rgb("#6d597a"), 8)


def room(c: Canvas, wall: tuple[str, str], floor: tuple[str, str], floor_y: float):
    c.gradient((0, 0, c.width, floor_y), *wall)
    c.gradient((0, floor_y, c.width, c.height), *floor)
    c.rect((0, floor_y - 30, c.width, floor_y + 6), rgb("#ffffff", 150))


# Scenes -------------------------------------------------------------------------------------

NURSE = Look(
    skin="#c68642",
    hair="#2e1f1b",
    shirt="#2a9d8f",
    trousers="#2a9d8f",
    shoes="#ffffff",
    hair_style="bun",
)
DOCTOR = Look(
    skin="#f1c7a5", hair="#6b4f3a", shirt="#f8f9fa", trousers="#577590", hair_style="short"
)
TRAINER = Look(
    skin="#e0ac69",
    hair="#3b2f2f",
    shirt="#0b6e4f",
    trousers="#2b2d42",
    shoes="#f2cc8f",
    hair_style="long",
)


def scene_knee_corridor(c: Canvas, rng: random.Random):
    room(c, ("#eaf4f0", "#d5ebe3"), ("#d9c7ad", "#bca88c"), 1420)
    window(c, (260, 300, 980, 1000), frame="#f7faf9")
    tree(c, 640, 1040, 620, "#9cc5a1")
    c.rect((2380, 420, 2860, 1420), rgb("#b5d6c9"), 18)
    c.circle((2440, 950), 18, rgb("#6c757d"))
    c.stroke([(0, 1080), (c.width, 1080)], rgb("#9fb8ad"), 26)
    person(c, 1280, 1800, 1180, STAND, NURSE, facing=1)
    patient = Look(
        skin="#f1c7a5", hair="#d9d9d9", shirt="#e07a5f", trousers="#3d405b", hair_style="bald"
    )
    at = person(c, 1700, 1820, 1200, WALK, patient, facing=1)
    crutch(c, at((-0.16, -0.62)), at((-0.24, 0.0)))
    crutch(c, at((0.16, -0.62)), at((0.26, 0.0)))
    c.stroke([(1370, 1260), (1560, 1200)], rgb(NURSE.shirt), 62)
    c.circle((1570, 1198), 34, rgb(NURSE.skin))
    plant(c, 2700, 1760, 1.2)


def scene_consultation(c: Canvas, rng: random.Random):
    room(c, ("#f4efe6", "#e8dfd0"), ("#b7c9d3", "#9fb3bf"), 1450)
    window(c, (1900, 260, 2700, 960))
    c.rect((1260, 240, 1720, 900), rgb("#ffffff"), 20)
    c.stroke([(1450, 310), (1510, 560), (1450, 790)], rgb("#f1c7a5"), 110)
    c.ellipse((1400, 800, 1570, 845), rgb("#f1c7a5"))
    c.ring((1515, 560), 58, rgb("#e07a5f"), 14)
    chair(c, 900, 1800, 1.05, "#6d597a", facing=1)
    patient = Look(
        skin="#8d5524", hair="#dcdcdc", shirt="#f2cc8f", trousers="#3d405b", hair_style="short"
    )
    person(c, 880, 1800, 1150, SIT, patient, facing=1)
    chair(c, 2150, 1800, 1.05, "#6d597a", facing=-1)
    person(c, 2170, 1800, 1150, SIT, DOCTOR, facing=-1)
    table(c, (1180, 1230, 1850, 1800))
    c.ellipse((1380, 1080, 1520, 1220), rgb("#f1faee"))
    c.rect((1410, 1140, 1490, 1235), rgb("#e9ecef"), 20)
    c.circle((1450, 1170), 36, rgb("#f2cc8f"))
    cup(c, 1700, 1230, 0.9)
    plant(c, 2780, 1760, 1.1)


def scene_home_ready(c: Canvas, rng: random.Random):
    room(c, ("#fbf3e4", "#f3e3c7"), ("#c9a27e", "#b48a64"), 1480)
    window(c, (1150, 280, 1850, 960), sky=("#a8dadc", "#f1faee"))
    c.stroke([(2650, 1780), (2650, 700)], rgb("#3d405b"), 30)
    c.polygon([(2520, 720), (2780, 720), (2720, 520), (2580, 520)], rgb("#f2cc8f"))
    c.glow((2650, 760), 120, "#fff3b0", 90)
    armchair(c, 2330, 1800, 1.25, "#3d8b7d", facing=-1)
    walker = "#7d8597"
    c.stroke([(1900, 1800), (1960, 1100), (2140, 1100), (2200, 1800)], rgb(walker), 30)
    c.stroke([(1930, 1450), (2170, 1450)], rgb(walker), 26)
    for wx in (1900, 2200):
        c.circle((wx, 1790), 44, rgb("#2b2d42"))
    carer = Look(
        skin="#f1c7a5", hair="#7b5e57", shirt="#81b29a", trousers="#5c677d", hair_style="long"
    )
    person(c, 900, 1820, 1150, WAVE, carer, facing=1)
    c.rect((200, 1560, 520, 1800), rgb("#e07a5f"), 40)
    c.ellipse((160, 1560, 300, 1800), rgb("#c8553d"))
    for row in range(3):
        c.rect((220, 420 + row * 220, 700, 440 + row * 220), rgb("#a26769"))
        for book in range(6):
            colour = ("#e07a5f", "#3d405b", "#81b29a", "#f2cc8f")[rng.randrange(4)]
            c.rect(
                (240 + book * 70, 300 + row * 220, 290 + book * 70, 420 + row * 220), rgb(colour), 6
            )


def scene_hospital_bed(c: Canvas, rng: random.Random):
    room(c, ("#e7f1f5", "#d3e4ec"), ("#c4d3cf", "#a9bcb7"), 2080)
    window(c, (320, 300, 1680, 1200), sky=("#ffd6a5", "#fdffb6"))
    c.glow((1300, 760), 120, "#ffffff", 120)
    c.circle((1300, 760), 120, rgb("#fff3c4"))
    c.stroke([(1700, 2700), (1700, 1250)], rgb("#adb5bd"), 22)
    c.rect((1620, 1260, 1780, 1480), rgb("#e9f5f9"), 40)
    c.stroke([(1700, 1480), (1560, 1900)], rgb("#ced4da"), 8)
    c.rect((180, 2050, 1580, 2200), rgb("#6c757d"), 30)
    for lx in (260, 1500):
        c.stroke([(lx, 2200), (lx, 2680)], rgb("#6c757d"), 40)
        c.circle((lx, 2700), 44, rgb("#343a40"))
    c.rect((200, 1880, 1560, 2080), rgb("#ffffff"), 60)
    c.polygon([(220, 1900), (620, 1500), (760, 1600), (420, 2000)], rgb("#f8f9fa"))
    patient = Look(
        skin="#f1c7a5", hair="#e5e5e5", shirt="#a8dadc", trousers="#a8dadc", hair_style="short"
    )
    c.stroke([(500, 1780), (1200, 1890)], rgb(patient.shirt), 230)
    c.circle((470, 1620), 100, rgb(patient.skin))
    c.chord((360, 1510, 580, 1710), 160, 340, rgb(patient.hair))
    c.stroke([(640, 1760), (820, 1580), (880, 1400)], rgb(patient.shirt), 70)
    c.circle((886, 1380), 44, rgb(patient.skin))
    c.rect((700, 1880, 1560, 2060), rgb("#bde0fe"), 60)
    c.stroke([(1240, 1850), (1500, 1900)], rgb("#bde0fe"), 120)
    person(c, 1400, 2760, 1250, WAVE, NURSE, facing=-1)


def scene_cycling(c: Canvas, rng: random.Random):
    c.gradient((0, 0, c.width, 1300), "#9ed8e6", "#fdf0d5")
    c.glow((2380, 420), 170, "#fff3b0", 120)
    c.circle((2380, 420), 150, rgb("#ffe8a3"))
    c.ellipse((-600, 1050, 1800, 2300), rgb("#a7c957"))
    c.ellipse((1200, 1000, 3800, 2400), rgb("#8ab17d"))
    c.gradient((0, 1500, c.width, c.height), "#6a994e", "#4f772d")
    c.polygon([(1350, 1180), (1500, 1180), (2700, 2000), (800, 2000)], rgb("#e9d8a6"))
    for tx, th in ((300, 700), (560, 520), (2650, 760), (2880, 560), (1900, 420)):
        tree(c, tx, 1350 + (th - 400) / 4, th, ("#588157", "#3a5a40", "#6a994e")[tx % 3])
    for _ in range(40):
        fx, fy = rng.uniform(0, c.width), rng.uniform(1550, 1980)
        c.circle((fx, fy), 12, rgb(("#ffffff", "#f2cc8f", "#e07a5f")[rng.randrange(3)]))
    bicycle(c, 1500, 1860, 1.25)
    rider = Look(
        skin="#e0ac69", hair="#d9d9d9", shirt="#e07a5f", trousers="#3d405b", hair_style="cap"
    )
    person(c, 1394, 1747, 1100, CYCLE, rider, facing=1, shadow=False)
    c.ellipse((1050, 1835, 1950, 1885), (0, 0, 0, 28))


def scene_cafe(c: Canvas, rng: random.Random):
    room(c, ("#f7e1c6", "#efc9a0"), ("#a47148", "#8b5e34"), 1450)
    bunting(c, 140, ["#e07a5f", "#f2cc8f", "#81b29a", "#3d405b"])
    for lx in (900, 2100):
        c.stroke([(lx, 0), (lx, 520)], rgb("#3d405b"), 10)
        c.polygon(
            [(lx - 130, 640), (lx + 130, 640), (lx + 60, 500), (lx - 60, 500)], rgb("#3d405b")
        )
        c.glow((lx, 660), 160, "#ffe8a3", 150)
    people = (
        (620, Look(skin="#f1c7a5", hair="#c9c5c0", shirt="#81b29a", hair_style="bun"), 1),
        (1000, Look(skin="#8d5524", hair="#1b1b1b", shirt="#e07a5f", hair_style="short"), 1),
        (
            2380,
            Look(
                skin="#e0ac69",
                hair="#6b4f3a",
                shirt="#f2cc8f",
                trousers="#5c677d",
                hair_style="long",
            ),
            -1,
        ),
        (2000, Look(skin="#f1c7a5", hair="#d9d9d9", shirt="#6d597a", hair_style="bald"), -1),
    )
    for x, look, facing in people:
        chair(c, x, 1820, 1.05, "#5c4033", facing=facing)
        person(c, x - 20 * facing, 1820, 1150, SIT, look, facing=facing)
    table(c, (880, 1250, 2140, 1820), top="#f4f1de", legs="#5c4033")
    for cx in (1020, 1380, 1760, 2000):
        cup(c, cx, 1250, 0.85, ("#ffffff", "#e07a5f")[cx % 2], steam=cx != 1380)
    c.ellipse((1450, 1180, 1680, 1260), rgb("#ffffff"))
    c.rect((1480, 1140, 1650, 1220), rgb("#d08c60"), 20)
    c.rect((1480, 1140, 1650, 1165), rgb("#fefae0"), 10)


def scene_evening(c: Canvas, rng: random.Random):
    room(c, ("#f3d9b1", "#e9c28f"), ("#7f5539", "#6f4518"), 1500)
    window(c, (1100, 250, 1900, 950), sky=("#1d3557", "#457b9d"), frame="#fefae0")
    for _ in range(30):
        c.circle(
            (rng.uniform(1110, 1890), rng.uniform(260, 700)), rng.uniform(4, 9), rgb("#fefae0")
        )
    c.circle((1680, 420), 70, rgb("#fefae0"))
    c.glow((400, 700), 260, "#ffe8a3", 130)
    c.stroke([(400, 1800), (400, 760)], rgb("#3d405b"), 26)
    c.polygon([(270, 780), (530, 780), (470, 580), (330, 580)], rgb("#f2cc8f"))
    chair(c, 1000, 1830, 1.1, "#6d597a", facing=1)
    carer = Look(
        skin="#a0522d", hair="#1b1b1b", shirt="#3d405b", trousers="#5c677d", hair_style="short"
    )
    at = person(c, 980, 1830, 1180, SIT, carer, facing=1)
    cup(c, at((0.06, -0.54))[0], at((0.06, -0.54))[1], 0.8)
    chair(c, 2000, 1830, 1.1, "#6d597a", facing=-1)
    host = Look(
        skin="#f1c7a5", hair="#b08968", shirt="#81b29a", trousers="#3d405b", hair_style="long"
    )
    at = person(c, 2020, 1830, 1180, SIT, host, facing=-1)
    cup(c, at((0.06, -0.54))[0], at((0.06, -0.54))[1], 0.8, "#e07a5f")
    c.ellipse((1380, 1380, 1620, 1440), rgb("#c98b5d"))
    c.stroke([(1500, 1420), (1500, 1830)], rgb("#8a5a3b"), 30)
    plant(c, 2700, 1800, 1.0)


def scene_gym(c: Canvas, rng: random.Random):
    room(c, ("#eef4ed", "#dbe7d8"), ("#deb887", "#c89f6e"), 1380)
    for bx in range(200, 2900, 520):
        c.stroke([(bx, 180), (bx, 1380)], rgb("#c68b59"), 26)
        c.stroke([(bx + 300, 180), (bx + 300, 1380)], rgb("#c68b59"), 26)
        for by in range(260, 1380, 130):
            c.stroke([(bx, by), (bx + 300, by)], rgb("#d9a066"), 20)
    for mx in (280, 1130, 1980):
        c.rect((mx, 1820, mx + 760, 1880), rgb("#2a9d8f"), 20)
    looks = (
        Look(skin="#f1c7a5", hair="#d9d9d9", shirt="#e07a5f", hair_style="bun"),
        Look(
            skin="#8d5524", hair="#c9c5c0", shirt="#f2cc8f", trousers="#3d405b", hair_style="bald"
        ),
        Look(skin="#e0ac69", hair="#e5e5e5", shirt="#6d597a", hair_style="short"),
    )
    for x, look in zip((660, 1510, 2360), looks, strict=True):
        person(c, x, 1830, 1100, BALANCE, look, facing=1)
    person(c, 2800, 1900, 1250, WAVE, TRAINER, facing=-1)


def scene_standing_up(c: Canvas, rng: random.Random):
    room(c, ("#e9f5db", "#cfe1b9"), ("#dda15e", "#bc6c25"), 1440)
    window(c, (1750, 280, 2650, 980), sky=("#caf0f8", "#ffffff"))
    chair(c, 1100, 1820, 1.2, "#3d405b", facing=1)
    client = Look(
        skin="#f1c7a5", hair="#e5e5e5", shirt="#457b9d", trousers="#2b2d42", hair_style="cap"
    )
    at = person(c, 1220, 1840, 1150, WALK, client, facing=1)
    c.stroke([at((0.03, -0.74)), (1000, 1400)], rgb(client.shirt), 62)
    c.circle((985, 1400), 34, rgb(client.skin))
    person(c, 1850, 1860, 1220, STAND, TRAINER, facing=-1)
    c.stroke([(1760, 1250), (1560, 1180)], rgb(TRAINER.shirt), 66)
    c.circle((1545, 1178), 36, rgb(TRAINER.skin))
    plant(c, 400, 1780, 1.3)


def scene_kitchen_exercise(c: Canvas, rng: random.Random):
    room(c, ("#fdf6ec", "#f6e6cb"), ("#b7b7a4", "#a5a58d"), 1480)
    for kx in range(1500, 2900, 460):
        c.rect((kx, 320, kx + 420, 800), rgb("#84a59d"), 20)
        c.rect((kx + 180, 540, kx + 240, 560), rgb("#f4f1de"), 8)
        c.rect((kx, 1000, kx + 420, 1480), rgb("#84a59d"), 20)
    c.rect((1460, 960, 2900, 1010), rgb("#f4f1de"), 10)
    c.circle((700, 420), 160, rgb("#ffffff"))
    c.ring((700, 420), 160, rgb("#3d405b"), 18)
    c.stroke([(700, 420), (700, 320)], rgb("#3d405b"), 14)
    c.stroke([(700, 420), (770, 460)], rgb("#3d405b"), 14)
    chair(c, 1210, 1820, 1.15, "#a26769", facing=-1)
    client = Look(
        skin="#e0ac69", hair="#d9d9d9", shirt="#f28482", trousers="#3d405b", hair_style="bun"
    )
    pose = Pose(
        head=BALANCE.head,
        shoulder=BALANCE.shoulder,
        hip=BALANCE.hip,
        legs=BALANCE.legs,
        arms=(
            ((-0.06, -0.74), (-0.1, -0.6), (-0.1, -0.48)),
            ((0.06, -0.74), (0.16, -0.64), (0.24, -0.6)),
        ),
    )
    person(c, 1000, 1820, 1150, pose, client, facing=1)
    c.stroke([(1220, 1140), (1480, 1140)], rgb("#a26769"), 36)
    for _ in range(3):
        cup(c, rng.uniform(1600, 2700), 960, 0.6, "#e07a5f", steam=False)


def scene_flu_shot(c: Canvas, rng: random.Random):
    room(c, ("#fff1e6", "#fde2e4"), ("#cdb4db", "#b9a0c9"), 1470)
    window(c, (300, 280, 1200, 1040), sky=("#f9c74f", "#fefae0"))
    tree(c, 760, 1060, 700, "#f3722c")
    for _ in range(26):
        leaf(
            c,
            rng.uniform(320, 1180),
            rng.uniform(320, 1020),
            rng.uniform(0.6, 1.1),
            rng.uniform(0, 180),
            ("#f94144", "#f8961e", "#f9c74f")[rng.randrange(3)],
        )
    for _ in range(14):
        leaf(
            c,
            rng.uniform(100, 2900),
            rng.uniform(1520, 1960),
            rng.uniform(0.8, 1.3),
            rng.uniform(0, 180),
            ("#f8961e", "#e07a5f")[rng.randrange(2)],
        )
    chair(c, 1720, 1820, 1.1, "#6d597a", facing=1)
    client = Look(
        skin="#f1c7a5",
        hair="#e5e5e5",
        shirt="#577590",
        trousers="#3d405b",
        hair_style="long",
        sleeves="#f1c7a5",
    )
    at = person(c, 1700, 1820, 1150, SIT, client, facing=1)
    px, py = at((-0.17, -0.64))
    c.rect((px - 26, py - 18, px + 26, py + 18), rgb("#ffe8d6"), 8)
    person(c, 2450, 1840, 1260, STAND, NURSE, facing=-1)
    c.stroke([(2370, 1280), (2140, 1150)], rgb(NURSE.shirt), 66)
    c.circle((2125, 1145), 36, rgb(NURSE.skin))


def scene_portrait_wilma(c: Canvas, rng: random.Random):
    room(c, ("#fde2e4", "#fad2e1"), ("#9c6644", "#7f5539"), 2100)
    for _ in range(80):
        c.circle((rng.uniform(0, c.width), rng.uniform(0, 2050)), 14, rgb("#ffffff", 90))
    c.rect((250, 450, 1750, 490), rgb("#7f5539"), 10)
    for i, fur in enumerate(("#c08552", "#e9c46a", "#a3b18a", "#b5838d", "#8d99ae")):
        teddy(c, 420 + i * 290, 450, 0.8, fur)
    armchair(c, 1150, 2700, 1.6, "#2a9d8f", facing=1)
    wilma = Look(
        skin="#f1c7a5", hair="#ececec", shirt="#e07a5f", trousers="#6d597a", hair_style="bun"
    )
    person(c, 1200, 2700, 1450, SIT, wilma, facing=1)
    teddy(c, 1110, 2060, 1.0, "#c08552")
    c.circle((1620, 2620), 90, rgb("#f2cc8f"))
    for dy in (-40, 0, 40):
        c.arc((1540, 2540 + dy, 1700, 2700 + dy), 200, 340, rgb("#e9b872"), 10)


def scene_portrait_physio(c: Canvas, rng: random.Random):
    room(c, ("#e0fbfc", "#c2dfe3"), ("#9db4c0", "#5c6b73"), 2150)
    window(c, (250, 350, 1150, 1300), sky=("#bde0fe", "#ffffff"))
    c.circle((1600, 2320), 280, rgb("#2a9d8f"))
    c.arc((1360, 2080, 1840, 2560), 200, 260, rgb("#ffffff", 120), 24)
    joke = Look(
        skin="#f1c7a5",
        hair="#b5651d",
        shirt="#0b6e4f",
        trousers="#2b2d42",
        shoes="#f2cc8f",
        hair_style="long",
    )
    pose = Pose(
        head=STAND.head,
        shoulder=STAND.shoulder,
        hip=STAND.hip,
        legs=STAND.legs,
        arms=(
            ((-0.06, -0.74), (-0.18, -0.66), (-0.2, -0.56)),
            ((0.06, -0.74), (0.18, -0.66), (0.2, -0.56)),
        ),
    )
    at = person(c, 900, 2750, 2000, pose, joke, facing=1)
    c.arc((*at((-0.2, -0.64)), *at((0.2, -0.44))), 0, 180, rgb("#f28482"), 26)


def scene_portrait_walk(c: Canvas, rng: random.Random):
    c.gradient((0, 0, c.width, 1900), "#caf0f8", "#fefae0")
    c.ellipse((-800, 1500, 1400, 3200), rgb("#a7c957"))
    c.ellipse((600, 1600, 2900, 3300), rgb("#8ab17d"))
    c.gradient((0, 2300, c.width, c.height), "#6a994e", "#4f772d")
    c.polygon([(900, 1750), (1100, 1750), (1800, 3000), (300, 3000)], rgb("#e9d8a6"))
    tree(c, 300, 1950, 900, "#588157")
    tree(c, 1750, 1900, 800, "#3a5a40")
    henk = Look(
        skin="#e0ac69", hair="#6c757d", shirt="#bc6c25", trousers="#3d405b", hair_style="cap"
    )
    at = person(c, 1000, 2850, 1700, WALK, henk, facing=1)
    c.stroke([at((0.16, -0.52)), at((0.24, 0.0))], rgb("#5c4033"), 26)


# Photos -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Photo:
    path: str
    size: tuple[int, int]
    scene: Callable[[Canvas, random.Random], None]
    sideways: bool = False
    exif: dict = field(default_factory=dict)


GPS_UTRECHT = {
    GPS.GPSLatitudeRef: "N",
    GPS.GPSLatitude: (52.0, 5.0, 24.0),
    GPS.GPSLongitudeRef: "E",
    GPS.GPSLongitude: (5.0, 7.0, 12.0),
}

PHOTOS = (
    Photo("journeys/nieuwe-knie/media/knie.jpg", LANDSCAPE, scene_knee_corridor),
    Photo(
        "journeys/nieuwe-knie/media/eerste-gesprek.jpg",
        LANDSCAPE,
        scene_consultation,
        sideways=True,
        exif={"camera": True, "gps": GPS_UTRECHT},
    ),
    Photo("journeys/nieuwe-knie/media/thuis.jpg", LANDSCAPE, scene_home_ready),
    Photo("journeys/nieuwe-knie/media/operatie.jpg", PORTRAIT, scene_hospital_bed),
    Photo("journeys/nieuwe-knie/media/fietsen.jpg", LANDSCAPE, scene_cycling),
    Photo("journeys/mantelzorgcafe/media/cafe.jpg", LANDSCAPE, scene_cafe),
    Photo("journeys/mantelzorgcafe/media/avond.jpg", LANDSCAPE, scene_evening),
    Photo("journeys/valpreventie/media/training.jpg", LANDSCAPE, scene_gym),
    Photo("journeys/valpreventie/media/opstaan.jpg", LANDSCAPE, scene_standing_up),
    Photo("journeys/valpreventie/media/thuis-oefenen.jpg", LANDSCAPE, scene_kitchen_exercise),
    Photo("journeys/griepprik/media/griepprik.jpg", LANDSCAPE, scene_flu_shot),
    Photo(
        "stories/wilma-knuffels/wilma.jpg",
        PORTRAIT,
        scene_portrait_wilma,
        exif={"camera": True, "gps": GPS_UTRECHT},
    ),
    Photo("stories/joke-fysiotherapeut/joke.jpg", PORTRAIT, scene_portrait_physio),
    Photo("stories/henk-valtraining/henk.jpg", PORTRAIT, scene_portrait_walk),
)


def grain(image: Image.Image, rng: random.Random) -> Image.Image:
    """Film grain, so the files weigh what real photos weigh."""
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    noise = noise.filter(ImageFilter.BoxBlur(1)).point(lambda v: round(128 + (v - 128) * GRAIN * 8))
    return ImageChops.overlay(image, Image.merge("RGB", (noise, noise, noise)))


def exif_for(photo: Photo) -> Image.Exif:
    exif = Image.Exif()
    if photo.sideways:
        exif[Base.Orientation] = 6
    if photo.exif.get("camera"):
        exif[Base.Make] = "Voorbeeldcamera"
        exif[Base.Model] = "RV-1"
        exif[Base.DateTime] = "2026:10:01 10:15:00"
        exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = "2026:10:01 10:15:00"
    if photo.exif.get("gps"):
        exif.get_ifd(IFD.GPSInfo).update(photo.exif["gps"])
    return exif


def render(photo: Photo) -> Image.Image:
    rng = random.Random(SEED ^ zlib.crc32(photo.path.encode()))
    canvas = Canvas(photo.size)
    photo.scene(canvas, rng)
    image = grain(canvas.finish(), rng)
    if photo.sideways:
        image = image.transpose(Image.Transpose.ROTATE_90)
    return image


# Logo ---------------------------------------------------------------------------------------

LOGO_PATH = "templates/brand/logo.png"
LOGO_SIZE = 512
LOGO_SCALE = 4
BRAND = "#0b6e4f"
LEAF_TILT = math.radians(26)


def _heart(t: float) -> Point:
    """A linden leaf's outline in leaf units: a shallow heart at the stem (0, 4.2), a drawn-out
    tip at about (0, -18), the left half a little wider, as on a real lime leaf."""
    x = 16 * math.sin(t) ** 3
    y = 13 * math.cos(t) - 4 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
    if y < 0:
        y *= 1 + 0.12 * (-y / 17) ** 2
    return (x * (1.06 if x < 0 else 0.96), y)


def _bezier(start: Point, control: Point, end: Point, steps: int = 24) -> list[Point]:
    return [
        (
            (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t**2 * end[0],
            (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t**2 * end[1],
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def _turn(point: Point) -> Point:
    x, y = point
    return (
        x * math.cos(LEAF_TILT) - y * math.sin(LEAF_TILT),
        x * math.sin(LEAF_TILT) + y * math.cos(LEAF_TILT),
    )


def _half_width(outline: list[Point], y: float, side: int) -> float:
    """How far the leaf reaches to one side (-1 left, 1 right) at height `y`."""
    return max(abs(x) for x, py in outline if abs(py - y) < 0.2 and x * side >= 0)


def draw_logo(size: int = LOGO_SIZE, color: str = BRAND) -> Image.Image:
    """The mark of Zorggroep De Linde: a linden leaf on its stem, veins cut out, in the brand
    colour on a transparent background. Drawn large and scaled down for smooth edges."""
    outline = [_heart(2 * math.pi * i / 1440) for i in range(1440)]
    stem = _bezier((0, 5.4), (0.2, 11.5), (2.2, 16.2))
    veins = [_bezier((0, 3.6), (0.1, -6), (0, -15.8))]
    for side in (-1, 1):
        for start in (3.4, -2.0, -7.2):
            top = start - 3.8
            reach = 0.72 * _half_width(outline, top, side) * side
            veins.append(_bezier((0, start), (reach * 0.45, start - 0.8), (reach, top)))
    turned = [_turn(point) for point in outline + stem]
    left, right = min(x for x, _ in turned), max(x for x, _ in turned)
    top, bottom = min(y for _, y in turned), max(y for _, y in turned)
    big = size * LOGO_SCALE
    unit = big * 0.88 / max(right - left, bottom - top)
    offset = (big / 2 - unit * (left + right) / 2, big / 2 - unit * (top + bottom) / 2)

    def place(points: list[Point]) -> list[Point]:
        return [(offset[0] + x * unit, offset[1] + y * unit) for x, y in map(_turn, points)]

    def line(draw: ImageDraw.ImageDraw, points: list[Point], width: float, fill: int) -> None:
        placed = place(points)
        draw.line(placed, fill=fill, width=round(width * unit), joint="curve")
        radius = width * unit / 2
        for x, y in (placed[0], placed[-1]):
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)

    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    draw.polygon(place(outline), fill=255)
    line(draw, stem, 1.3, 255)
    line(draw, veins[0], 0.8, 0)
    for vein in veins[1:]:
        line(draw, vein, 0.6, 0)
    logo = Image.new("RGBA", (size, size), rgb(color, 0))
    logo.putalpha(mask.resize((size, size), Image.Resampling.LANCZOS))
    return logo


def save_logo(target: Path) -> None:
    """PNG with alpha and no metadata: the same bytes on every run."""
    target.parent.mkdir(parents=True, exist_ok=True)
    draw_logo().save(target, "PNG", optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite existing photos")
    parser.add_argument("--only", help="make only photos whose path contains this text")
    args = parser.parse_args(argv)
    for photo in PHOTOS:
        if args.only and args.only not in photo.path:
            continue
        target = ROOT / photo.path
        if target.exists() and not args.force:
            print(f"overgeslagen (bestaat al): {photo.path}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        render(photo).save(target, "JPEG", quality=QUALITY, optimize=True, exif=exif_for(photo))
        print(f"gemaakt: {photo.path} ({target.stat().st_size // 1024} kB)")
    if not args.only or args.only in LOGO_PATH:
        target = ROOT / LOGO_PATH
        if target.exists() and not args.force:
            print(f"overgeslagen (bestaat al): {LOGO_PATH}")
        else:
            save_logo(target)
            print(f"gemaakt: {LOGO_PATH} ({target.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
