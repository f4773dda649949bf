"""Time a reisverhaal build against a plain MkDocs build and a bare Pillow loop.

    .venv/bin/python tools/benchmark.py [--journeys 30] [--steps 6] [--stories 30]
        [--megapixels 6] [--repeat 5] [--cold-repeat 1] [--processes 2] [--out DIR] [--json]

Writes a corpus (journeys with steps and stories, every one with its own photo, drawn by
Pillow from a fixed seed) and times, in one run:

plain   `mkdocs build` of the same titles, texts and photos as ordinary Material pages,
        the photos copied as they are, without the reisverhaal plugin
cold    the reisverhaal build with an empty `.cache/reisverhaal`
warm    the reisverhaal build again, nothing changed
step    the reisverhaal build after a sentence was added to one step's summary
story   the reisverhaal build after a sentence was added to one story's summary (a story
        that a step quotes)
images  the image stage alone: `render_images` on the photo jobs of the cold build, empty cache
floor   a bare Pillow loop making the same photo files as the cold build: decode, a Lanczos
        resize from full size per file, the same JPEG encoding, over `--processes` processes

Plain, warm, step and story are the best of `--repeat` runs each, taking turns (plain, warm,
step, story, plain, …) so that a machine that gets faster or slower during the benchmark affects
them alike; cold, images and floor the best of `--cold-repeat` runs, each with its cache cleared
first. The edit builds are then checked byte for byte: the site after the last edits against a
full build of the same sources (the stored results per journey and story and the last build's
result removed, the image cache kept: its files are checked by their content), and, with the
edits undone, against the cold build. The report is a Markdown table for the README (or JSON
with `--json`). Targets (issues 4 and 17): warm / plain ≤ 1.10, step / plain ≤ 1.5,
story / plain ≤ 1.5, cold / (plain + floor) ≤ 1.25. A smaller corpus for trying things out:
`--journeys 10 --stories 10 --megapixels 1 --repeat 2`.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from reisverhaal.core.settings import DEFAULT_CHANNELS
from reisverhaal.render.crop import JPEG_QUALITY, Crop
from reisverhaal.render.image_cache import MANIFEST, ImageJob, render_images

EPOCH = int(datetime(2027, 1, 15, 12, 0, tzinfo=UTC).timestamp())
MKDOCS = Path(sys.executable).parent / "mkdocs"
PHOTO_QUALITY = 90
SITE_URL = "https://www.zorggroep-delinde.nl/"
ORGANISATION = "Zorggroep De Linde"
CHANNELS = DEFAULT_CHANNELS
AUDIENCES = {
    "ouderen": {"label": "Ouderen", "post_time": "10:00"},
    "jongeren": {"label": "Jongeren", "post_time": "20:00"},
    "mantelzorgers": {"label": "Mantelzorgers", "post_time": "19:30"},
}
THEME = {
    "name": "material",
    "language": "nl",
    "features": ["navigation.indexes", "navigation.sections", "navigation.footer"],
    "font": False,
}
TARGETS = {"warm_ratio": 1.10, "step_ratio": 1.5, "story_ratio": 1.5, "cold_ratio": 1.25}

# Short plain Dutch, so that the tone checks have little to say.
TOPICS = [
    ("Je nieuwe heup", "treatment", "Van het eerste gesprek tot weer wandelen."),
    ("De griepprik", "treatment", "Waarom de prik helpt en hoe het gaat."),
    ("Het mantelzorgcafé", "meeting", "Een avond voor wie zorgt voor een naaste."),
    ("Sterk en stabiel", "training", "Samen oefenen om minder snel te vallen."),
    ("Je nieuwe knie", "treatment", "Van het eerste gesprek tot weer fietsen."),
    ("De staaroperatie", "treatment", "Weer scherp zien na een korte operatie."),
    ("Samen eten in de wijk", "meeting", "Elke week samen koken en eten."),
    ("Leven met diabetes", "training", "Leren wat je zelf kunt doen."),
    ("Nieuwe bezoektijden", "policy", "Wat er verandert als je op bezoek komt."),
    ("Thuis herstellen", "treatment", "Weer op krachten komen in je eigen huis."),
]
PLACES = ["Utrecht", "Zeist", "Houten", "Nieuwegein", "Bilthoven", "Maarssen", "Amersfoort"]
PHASES = ("before", "during", "after")
STEP_TITLES = {
    "before": ["De uitnodiging", "Je voorbereiden", "Het eerste gesprek"],
    "during": ["De dag zelf", "Wat er gebeurt", "Even rusten"],
    "after": ["Weer thuis", "De controle", "Verder met je leven"],
}
STEP_SUMMARIES = {
    "before": "Voor je begint, wil je weten wat er komt. Hier lees je hoe je je voorbereidt.",
    "during": "Zo gaat het op de dag zelf. Je weet dan wat je kunt verwachten.",
    "after": "Na afloop ga je weer naar huis. Hier lees je hoe je verder gaat.",
}
SENTENCES = [
    "Je krijgt eerst een brief met alle informatie.",
    "Lees die rustig door.",
    "Heb je vragen? Bel ons gerust.",
    "Neem iemand mee die met je meeluistert.",
    "We nemen de tijd voor je.",
    "Je hoort precies wat er gaat gebeuren.",
    "Schrijf je vragen vooraf op.",
    "De verpleegkundige helpt je op weg.",
    "Het duurt ongeveer een uur.",
    "Daarna mag je naar huis.",
    "Thuis doe je elke dag een paar oefeningen.",
    "Zo word je stap voor stap sterker.",
    "Na twee weken zien we je terug.",
    "Dan kijken we samen hoe het gaat.",
    "Je staat er niet alleen voor.",
    "Je familie mag altijd mee.",
    "Trek makkelijke kleren aan.",
    "Eet en drink zoals je gewend bent.",
    "Neem je medicijnen mee, of een lijstje ervan.",
    "Veel mensen vinden het fijn om erover te praten.",
]
ALT_TEXTS = [
    "Een vrouw praat met de dokter.",
    "Een man met krukken loopt door de gang.",
    "Twee mensen drinken samen koffie.",
    "Een man doet een oefening op een mat.",
    "Een vrouw zit in de zon voor haar huis.",
    "Een groep mensen luistert naar een spreker.",
]
PEOPLE = ["Wilma", "Henk", "Fatima", "Joke", "Ahmed", "Els", "Kees", "Sanne", "Noor", "Gerrit"]
ROLES = ["client", "family", "staff", "volunteer"]
STORY_TITLES = [
    "{name} durft weer naar buiten",
    "{name} kijkt terug",
    "{name} vond steun",
    "{name} is weer op de been",
    "{name} helpt graag",
]
QUOTES = [
    "Ik loop weer elke dag mijn rondje.",
    "Hier hoef ik niets uit te leggen.",
    "De eerste stap is de moeilijkste.",
    "Ik voelde me echt gehoord.",
    "Ik had het eerder moeten doen.",
]


# The corpus


@dataclass
class Page:
    """One journey, step or story: where it goes in both projects, and its photo."""

    source: Path
    """The reisverhaal file, relative to the project folder."""
    plain: Path
    """The same page in the plain project's docs folder."""
    meta: dict
    body: str
    photo: Path
    portrait: bool = False


@dataclass
class Corpus:
    root: Path
    """The reisverhaal project (mkdocs.yml, journeys/, stories/, docs/)."""
    plain: Path
    """The plain MkDocs project with the same pages."""
    pages: list[Page]
    photo_size: tuple[int, int]

    @property
    def photos(self) -> list[Path]:
        return [self.root / page.photo for page in self.pages]

    @property
    def cache(self) -> Path:
        return self.root / ".cache" / "reisverhaal"


def photo_size(megapixels: float) -> tuple[int, int]:
    """A 3:2 landscape size with about `megapixels` million pixels (6 → 3000×2000)."""
    width = round(math.sqrt(megapixels * 1_000_000 * 3 / 2))
    return width, round(width * 2 / 3)


def make_photo(seed: int, size: tuple[int, int]) -> Image.Image:
    """A busy, photo-like picture: soft shapes on a gradient, texture and sensor grain, so that
    decoding and encoding cost what they cost for real photos (about 2.5 bits per pixel at
    JPEG quality 90)."""
    rng = random.Random(seed)
    width, height = size

    def colour() -> tuple[int, int, int]:
        return (rng.randrange(40, 230), rng.randrange(40, 230), rng.randrange(40, 230))

    mask = Image.linear_gradient("L").resize(size)
    image = Image.composite(
        Image.new("RGB", size, colour()), Image.new("RGB", size, colour()), mask
    )
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(15, 30)):
        x, y = rng.randrange(width), rng.randrange(height)
        rx, ry = rng.randint(width // 40, width // 5), rng.randint(height // 40, height // 5)
        box = (x - rx, y - ry, x + rx, y + ry)
        if rng.random() < 0.5:
            draw.ellipse(box, fill=colour())
        else:
            draw.rounded_rectangle(
                box, rng.randint(0, 40), fill=colour(), outline=colour(), width=rng.randint(1, 12)
            )
    for _ in range(rng.randint(20, 60)):
        ends = [(rng.randrange(width), rng.randrange(height)) for _ in range(2)]
        draw.line(ends, fill=colour(), width=rng.randint(1, 6))
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    small = (max(1, width // 4), max(1, height // 4))
    texture = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    texture = texture.resize(size, Image.Resampling.BICUBIC).point(lambda v: 96 + v // 4)
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).point(lambda v: 109 + v // 7)
    noise = Image.blend(texture, grain, 0.5)
    return ImageChops.add(image, Image.merge("RGB", [noise] * 3), scale=1, offset=-128)


def _write_photo(task: tuple[Path, int, tuple[int, int]]) -> None:
    path, seed, size = task
    path.parent.mkdir(parents=True, exist_ok=True)
    make_photo(seed, size).save(path, "JPEG", quality=PHOTO_QUALITY)


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(SENTENCES, sentences))


def _body(rng: random.Random, paragraphs: int = 3) -> str:
    return "\n\n".join(_text(rng, 3) for _ in range(paragraphs)) + "\n"


def plan_corpus(journeys: int, steps: int, stories: int) -> list[Page]:
    """Every page of the corpus, with deterministic texts."""
    rng = random.Random(20270115)
    story_slugs = [f"{PEOPLE[i % len(PEOPLE)].lower()}-{i + 1:02d}" for i in range(stories)]
    journey_slugs = [f"reis-{j + 1:02d}" for j in range(journeys)]
    linked = {slug: set() for slug in story_slugs}
    pages = []
    for j, slug in enumerate(journey_slugs):
        name, kind, summary = TOPICS[j % len(TOPICS)]
        place = PLACES[(j // len(TOPICS)) % len(PLACES)]
        title = f"{name} in {place}"
        moment = datetime(2027, 3, 1, 9, 0) + timedelta(days=3 * j)
        meta = {
            "title": title,
            "kind": kind,
            "summary": f"{summary} Hier lees je hoe het gaat.",
            "audiences": ["ouderen", "mantelzorgers"],
            "themes": ["zelfstandig-thuis"],
            "date": moment.strftime("%Y-%m-%dT%H:%M"),
            "location": f"Zorgcentrum De Linde, {place}",
            "image": f"media/{slug}.jpg",
            "image_alt": ALT_TEXTS[j % len(ALT_TEXTS)],
            "focus": [0.5, 0.4],
            "hashtags": ["zorg", place.lower()],
            "cta": "Heb je een vraag? Stel hem in de reacties.",
        }
        folder = Path("journeys", slug)
        pages.append(_page(folder / "index.md", meta, _body(rng), folder / meta["image"]))
        counts = dict.fromkeys(PHASES, 0)
        for i in range(steps):
            phase = PHASES[i * len(PHASES) // steps]
            count, titles = counts[phase], STEP_TITLES[phase]
            counts[phase] += 1
            step_title = titles[count % len(titles)]
            if count >= len(titles):
                step_title += f" {count // len(titles) + 1}"
            step_slug = _slug(step_title)
            offset = (i - steps // 2) * 7
            step = {
                "title": step_title,
                "phase": phase,
                "when": f"{offset:+d}d" if offset else "0d",
                "summary": STEP_SUMMARIES[phase],
                "expect": _text(rng, 2),
                "prepare" if phase == "before" else "outcome": _text(rng, 2),
                "image": f"media/{step_slug}.jpg",
                "image_alt": ALT_TEXTS[(j + i + 1) % len(ALT_TEXTS)],
                "focus": [0.5, 0.4],
            }
            if phase == "after" and count == 0 and story_slugs:
                story = story_slugs[j % len(story_slugs)]
                step["story"] = story
                linked[story].add(slug)
            path = folder / f"{i + 1:02d}-{step_slug}.md"
            pages.append(_page(path, step, _body(rng), folder / step["image"]))
    for s, slug in enumerate(story_slugs):
        name = PEOPLE[s % len(PEOPLE)]
        journeys_of = sorted(linked[slug] or {journey_slugs[s % len(journey_slugs)]})
        meta = {
            "title": STORY_TITLES[s % len(STORY_TITLES)].format(name=name),
            "person": name,
            "role": ROLES[s % len(ROLES)],
            "quote": QUOTES[s % len(QUOTES)],
            "summary": f"{name} vertelt hoe het ging. {_text(rng, 1)}",
            "journeys": journeys_of if journey_slugs else [],
            "image": f"{slug}.jpg",
            "image_alt": ALT_TEXTS[s % len(ALT_TEXTS)],
            "consent": {
                "reference": f"TF-2026-{s + 1:03d}",
                "given": date(2026, 6, 1),
                "channels": list(CHANNELS),
                "photo": True,
            },
        }
        folder = Path("stories", slug)
        pages.append(_page(folder / "index.md", meta, _body(rng), folder / meta["image"], True))
    return pages


def _page(source: Path, meta: dict, body: str, photo: Path, portrait: bool = False) -> Page:
    plain = Path("docs", *source.parts)
    return Page(source, plain, meta, body, photo, portrait)


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else " " for c in text.lower().replace("é", "e"))
    return "-".join(kept.split())


def write_corpus(
    folder: Path, journeys: int, steps: int, stories: int, megapixels: float, processes: int
) -> Corpus:
    """Write both projects under `folder`: `reisverhaal/` and `plain/`."""
    pages = plan_corpus(journeys, steps, stories)
    corpus = Corpus(folder / "reisverhaal", folder / "plain", pages, photo_size(megapixels))
    width, height = corpus.photo_size
    tasks = [
        (corpus.root / page.photo, seed, (height, width) if page.portrait else (width, height))
        for seed, page in enumerate(pages)
    ]
    if processes > 1:
        with ProcessPoolExecutor(processes) as pool:
            list(pool.map(_write_photo, tasks))
    else:
        for task in tasks:
            _write_photo(task)
    home = f"# {ORGANISATION}\n\nHier lees je wat je kunt verwachten bij ons.\n"
    for root in (corpus.root, corpus.plain):
        (root / "docs").mkdir(parents=True, exist_ok=True)
        (root / "docs" / "index.md").write_text(home, encoding="utf-8")
    for page in pages:
        _write(corpus.root / page.source, _front_matter(page.meta) + page.body)
        _write(corpus.plain / page.plain, plain_page(page))
        photo = corpus.plain / page.plain.parent / Path(page.meta["image"])
        photo.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus.root / page.photo, photo)
    _write(corpus.root / "mkdocs.yml", yaml.safe_dump(reisverhaal_config(), sort_keys=False))
    _write(corpus.plain / "mkdocs.yml", yaml.safe_dump(plain_config(), sort_keys=False))
    return corpus


def plain_page(page: Page) -> str:
    """The page as an editor would write it for MkDocs without the plugin."""
    meta = page.meta
    parts = [f"# {meta['title']}", meta["summary"]]
    if "quote" in meta:
        parts.append(f"> {meta['quote']}")
    parts.append(f"![{meta['image_alt']}]({meta['image']})")
    for key, heading in (
        ("expect", "Wat kun je verwachten?"),
        ("prepare", "Hoe bereid je je voor?"),
        ("outcome", "Wat levert het op?"),
    ):
        if key in meta:
            parts += [f"## {heading}", meta[key]]
    return "\n\n".join(parts) + "\n\n" + page.body


def _front_matter(meta: dict) -> str:
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def plain_config() -> dict:
    return {
        "site_name": ORGANISATION,
        "site_url": SITE_URL,
        "theme": THEME,
        "plugins": [{"search": {"lang": "nl"}}],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "toc"],
    }


def reisverhaal_config() -> dict:
    options = {
        "organisation": ORGANISATION,
        "channels": CHANNELS,
        "audiences": AUDIENCES,
        "timezone": "Europe/Amsterdam",
    }
    return {
        "site_name": ORGANISATION,
        "site_url": SITE_URL,
        "theme": THEME,
        "plugins": [{"search": {"lang": "nl"}}, {"reisverhaal": options}],
    }


# Timing


def best_of(runs: int, run: Callable[[], float]) -> float:
    return min(run() for _ in range(max(1, runs)))


def best_in_turns(runs: int, *builds: Callable[[int], float]) -> tuple[float, ...]:
    """The best of `runs` runs of each, taking turns; each gets the number of its run."""
    times = [[build(number) for build in builds] for number in range(max(1, runs))]
    return tuple(min(column) for column in zip(*times, strict=True))


# Edits, and their output checked against a full build


def edited_pages(corpus: Corpus) -> tuple[Page, Page]:
    """The step and the story the edit builds change: a step in the middle of the corpus, and
    the story that the first quoting step quotes."""
    steps = [page for page in corpus.pages if "phase" in page.meta]
    stories = {page.source.parent.name: page for page in corpus.pages if "consent" in page.meta}
    quoted = [page.meta["story"] for page in steps if "story" in page.meta]
    return steps[len(steps) // 2], stories[quoted[0]] if quoted else next(iter(stories.values()))


def edit(corpus: Corpus, page: Page, number: int | None) -> None:
    """Add a sentence to the page's summary, a new one each time; None: as written."""
    meta = dict(page.meta)
    if number is not None:
        meta["summary"] = f"{meta['summary']} Dit is zin {number + 1} die erbij kwam."
    _write(corpus.root / page.source, _front_matter(meta) + page.body)


def site_digests(site: Path) -> dict[str, str]:
    """Every file of a built site by its path, with its content hash."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def differing(first: dict[str, str], second: dict[str, str]) -> list[str]:
    names = first.keys() | second.keys()
    return sorted(name for name in names if first.get(name) != second.get(name))


def full_build(corpus: Corpus) -> dict[str, str]:
    """A build that makes every journey and story anew (the image cache kept)."""
    cache = corpus.cache
    (cache / "site.json").unlink(missing_ok=True)
    shutil.rmtree(cache / "parts", ignore_errors=True)
    mkdocs_build(corpus.root)
    return site_digests(corpus.root / "site")


@dataclass
class Build:
    seconds: float
    warnings: int


def mkdocs_build(project: Path) -> Build:
    """One `mkdocs build` in a fresh process, as CI runs it."""
    command = [str(MKDOCS), "build", "--config-file", str(project / "mkdocs.yml")]
    command += ["--site-dir", str(project / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH)}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"mkdocs build in {project} failed:\n{done.stderr[-4000:]}")
    return Build(seconds, done.stderr.count("WARNING"))


def time_cold(corpus: Corpus, runs: int) -> Build:
    builds = []
    for _ in range(max(1, runs)):
        shutil.rmtree(corpus.cache, ignore_errors=True)
        builds.append(mkdocs_build(corpus.root))
    return min(builds, key=lambda build: build.seconds)


def photo_work(cache_images: Path, root: Path) -> dict[Path, list[dict]]:
    """Per photo the crop specs the build made of it, read from the image cache's manifest
    (quote cards, which are drawn rather than cut from a photo, are left out)."""
    manifest = json.loads((cache_images / MANIFEST).read_text(encoding="utf-8"))
    work: dict[Path, list[dict]] = {}
    for entry in manifest["jobs"].values():
        source = root / entry["source"]
        outputs = entry["outputs"].values()
        if not source.is_file() or not all(out["file"].endswith(".jpg") for out in outputs):
            continue
        specs = work.setdefault(source, [])
        specs += [out["spec"] for out in outputs if out["spec"] not in specs]
    return dict(sorted(work.items()))


def crop_of(spec: dict, name: str) -> Crop:
    width, height = spec["size"]
    focus = tuple(spec.get("focus", (0.5, 0.5)))
    return Crop(name, width, height, focus, spec["mode"])


def time_image_stage(
    work: dict[Path, list[dict]], folder: Path, processes: int, runs: int
) -> float:
    """The build's image stage on its own: `render_images` with an empty cache."""
    jobs = [
        ImageJob(source, tuple(crop_of(spec, f"c{i}") for i, spec in enumerate(specs)))
        for source, specs in work.items()
    ]

    def run() -> float:
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        result = render_images(jobs, folder, workers=processes)
        seconds = time.perf_counter() - start
        if result.errors:
            raise SystemExit(f"image stage failed: {result.errors[0].message}")
        return seconds

    return best_of(runs, run)


@dataclass
class Floor:
    """Wall-clock seconds of the bare Pillow loop, and the seconds spent decoding, resizing
    and encoding, summed over its processes."""

    seconds: float
    decode: float = 0.0
    resize: float = 0.0
    encode: float = 0.0


def window(spec: dict, width: int, height: int) -> tuple[tuple[int, int], tuple[float, ...]]:
    """Output size and source box of a crop spec, computed the plain way."""
    wanted_width, wanted_height = spec["size"]
    if spec["mode"] == "fit":
        scale = min(1.0, wanted_width / width, wanted_height / height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        return size, (0, 0, width, height)
    aspect = wanted_width / wanted_height
    box_width = min(width, height * aspect)
    box_height = box_width / aspect
    fx, fy = spec.get("focus", (0.5, 0.5))
    left = min(max(fx * width - box_width / 2, 0), width - box_width)
    top = min(max(fy * height - box_height / 2, 0), height - box_height)
    box = (left, top, left + box_width, top + box_height)
    if spec["mode"] == "fill" and box_width < wanted_width:  # never enlarged
        size = (max(1, math.floor(box_width + 1e-6)), max(1, math.floor(box_height + 1e-6)))
        return size, box
    return (wanted_width, wanted_height), box


def _floor_photo(task: tuple[Path, list[dict], Path]) -> tuple[float, float, float]:
    source, specs, output_stem = task
    start = time.perf_counter()
    image = Image.open(source)
    image.load()
    decoded = time.perf_counter()
    resize = encode = 0.0
    for number, spec in enumerate(specs):
        size, box = window(spec, *image.size)
        began = time.perf_counter()
        output = image.resize(size, Image.Resampling.LANCZOS, box=box)
        resized = time.perf_counter()
        buffer = io.BytesIO()
        output.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        output_stem.with_name(f"{output_stem.name}-{number}.jpg").write_bytes(buffer.getvalue())
        resize += resized - began
        encode += time.perf_counter() - resized
    return decoded - start, resize, encode


def time_floor(work: dict[Path, list[dict]], folder: Path, processes: int, runs: int) -> Floor:
    """Decode each photo once, then resize from full size and encode every file."""
    tasks = [(source, specs, folder / str(n)) for n, (source, specs) in enumerate(work.items())]
    best = None
    for _ in range(max(1, runs)):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = time.perf_counter()
        with ProcessPoolExecutor(processes) as pool:
            parts = list(pool.map(_floor_photo, tasks))
        seconds = time.perf_counter() - start
        if best is None or seconds < best.seconds:
            best = Floor(seconds, *(sum(part[i] for part in parts) for i in range(3)))
    return best


# The report


@dataclass
class Result:
    journeys: int
    steps: int
    stories: int
    photo_size: tuple[int, int]
    photos: int
    files: int
    processes: int
    repeat: int
    cold_repeat: int
    plain: float
    cold: float
    warm: float
    step: float
    story: float
    images: float
    floor: Floor
    warnings: int = 0
    differing: list[str] = field(default_factory=list)
    """Files in which an edit build differs from a full build (none, if all is well)."""
    ratios: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        self.ratios = {
            "warm_ratio": self.warm / self.plain,
            "step_ratio": self.step / self.plain,
            "story_ratio": self.story / self.plain,
            "cold_ratio": self.cold / (self.plain + self.floor.seconds),
            "image_seconds_per_photo": self.images / max(1, self.photos),
            "floor_seconds_per_photo": self.floor.seconds / max(1, self.photos),
        }

    def markdown(self) -> str:
        width, height = self.photo_size
        per_photo = self.ratios["image_seconds_per_photo"]
        floor_per_photo = self.ratios["floor_seconds_per_photo"]
        work = self.floor.decode + self.floor.resize + self.floor.encode or 1.0
        lines = [
            f"Corpus: {self.journeys} journeys × {self.steps} steps and {self.stories} stories; "
            f"{self.photos} photos of {width}×{height} ({width * height / 1e6:.1f} MP) cut into "
            f"{self.files} JPEG files. {self.processes} processes; plain, warm and edits: best "
            f"of {self.repeat} each, taking turns (cold, image stage and floor: best of "
            f"{self.cold_repeat}).",
            "",
            "| run | seconds | per photo |",
            "|---|---:|---:|",
            f"| plain `mkdocs build` (same pages and photos, no plugin) | {self.plain:.2f} | |",
            f"| reisverhaal build, cold cache | {self.cold:.2f} | |",
            f"| reisverhaal build, warm cache | {self.warm:.2f} | |",
            f"| reisverhaal build, one step edited | {self.step:.2f} | |",
            f"| reisverhaal build, one story edited | {self.story:.2f} | |",
            f"| image stage alone (`render_images`, empty cache) | {self.images:.2f} "
            f"| {per_photo:.3f} |",
            f"| floor: bare Pillow loop, same files | {self.floor.seconds:.2f} "
            f"| {floor_per_photo:.3f} |",
            "",
            "| measure | value | target | met |",
            "|---|---:|---:|---|",
            *(
                f"| {label} | {self.ratios[key]:.2f} | ≤ {TARGETS[key]:.2f} "
                f"| {'yes' if round(self.ratios[key], 2) <= TARGETS[key] else '**no**'} |"
                for key, label in (
                    ("warm_ratio", "warm / plain"),
                    ("step_ratio", "one step edited / plain"),
                    ("story_ratio", "one story edited / plain"),
                    ("cold_ratio", "cold / (plain + floor)"),
                )
            ),
            "",
            f"Floor work: decode {self.floor.decode / work:.0%}, "
            f"resize {self.floor.resize / work:.0%}, encode (progressive, optimised, "
            f"quality {JPEG_QUALITY}) {self.floor.encode / work:.0%}."
            f" Build warnings: {self.warnings}.",
            "",
            "Edit builds byte-identical to a full build: "
            + ("yes." if not self.differing else f"**no**, {len(self.differing)} files differ."),
        ]
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        data = asdict(self)
        data["targets"] = TARGETS
        return json.dumps(data, indent=2) + "\n"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(options: argparse.Namespace, folder: Path) -> Result:
    progress(f"corpus in {folder} …")
    corpus = write_corpus(
        folder,
        options.journeys,
        options.steps,
        options.stories,
        options.megapixels,
        options.processes,
    )
    progress("reisverhaal build, cold …")
    cold = time_cold(corpus, options.cold_repeat)
    cold_site = site_digests(corpus.root / "site")
    step_page, story_page = edited_pages(corpus)

    def edited(page: Page) -> Callable[[int], float]:
        def build(number: int) -> float:
            edit(corpus, page, number)
            return mkdocs_build(corpus.root).seconds

        return build

    progress("plain mkdocs build, reisverhaal build warm and after edits, taking turns …")
    plain, warm, step, story = best_in_turns(
        options.repeat,
        lambda _: mkdocs_build(corpus.plain).seconds,
        lambda _: mkdocs_build(corpus.root).seconds,
        edited(step_page),
        edited(story_page),
    )
    progress("edit builds against full builds …")
    found = differing(site_digests(corpus.root / "site"), full_build(corpus))
    for page in (step_page, story_page):
        edit(corpus, page, None)
    mkdocs_build(corpus.root)
    found += differing(site_digests(corpus.root / "site"), cold_site)
    work = photo_work(corpus.cache / "images", corpus.root)
    progress("image stage alone …")
    images = time_image_stage(work, folder / "image-stage", options.processes, options.cold_repeat)
    progress("Pillow floor …")
    floor = time_floor(work, folder / "floor", options.processes, options.cold_repeat)
    return Result(
        journeys=options.journeys,
        steps=options.steps,
        stories=options.stories,
        photo_size=corpus.photo_size,
        photos=len(work),
        files=sum(len(specs) for specs in work.values()),
        processes=options.processes,
        repeat=options.repeat,
        cold_repeat=options.cold_repeat,
        plain=plain,
        cold=cold.seconds,
        warm=warm,
        step=step,
        story=story,
        images=images,
        floor=floor,
        warnings=cold.warnings,
        differing=found,
    )


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=30)
    parser.add_argument("--steps", type=int, default=6, help="steps per journey")
    parser.add_argument("--stories", type=int, default=30)
    parser.add_argument("--megapixels", type=float, default=6.0, help="size of every photo")
    parser.add_argument("--repeat", type=int, default=5, help="runs of plain, warm and edit builds")
    parser.add_argument(
        "--cold-repeat", type=int, default=1, help="runs of cold build, image stage and floor"
    )
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, help="keep the corpus in this (new) folder")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    options = parser.parse_args(argv)
    if options.journeys < 1 or options.steps < 1 or options.stories < 1:
        parser.error("--journeys, --steps and --stories must be at least 1 (the edits need them)")
    if options.out and options.out.exists() and any(options.out.iterdir()):
        parser.error(f"--out {options.out} is not empty")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    if options.out:
        options.out.mkdir(parents=True, exist_ok=True)
        result = run(options, options.out.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="reisverhaal-benchmark-") as folder:
            result = run(options, Path(folder))
    sys.stdout.write(result.as_json() if options.json else result.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
