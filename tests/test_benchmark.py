"""tools/benchmark.py: the corpus it writes, how it reads the build's image work, its report.

Timing itself is not tested here; run the script for that.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from reisverhaal.content.load import load_content
from reisverhaal.render.crop import Crop, plan_crop
from reisverhaal.render.image_cache import MANIFEST, ImageJob, render_images

ROOT = Path(__file__).resolve().parent.parent


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "tools" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark"] = module
    spec.loader.exec_module(module)
    return module


benchmark = _load_benchmark()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return benchmark.write_corpus(folder, 2, 4, 3, 0.1, processes=1)


def test_photo_size_is_three_by_two_with_the_megapixels_asked():
    assert benchmark.photo_size(6) == (3000, 2000)
    width, height = benchmark.photo_size(12)
    assert abs(width * height - 12_000_000) < 10_000 and abs(width / height - 1.5) < 1e-3


def test_photos_are_deterministic_and_busy():
    size = (600, 400)
    first, second = benchmark.make_photo(7, size), benchmark.make_photo(7, size)
    assert first.size == size and first.mode == "RGB"
    assert first.tobytes() == second.tobytes()
    assert first.tobytes() != benchmark.make_photo(8, size).tobytes()
    colours = first.getcolors(maxcolors=1_000_000)
    assert colours is None or len(colours) > 10_000  # texture and grain, not flat areas


def test_corpus_loads_without_findings(corpus):
    content = load_content(corpus.root, benchmark.AUDIENCES)
    assert content.findings == []
    assert len(content.journeys) == 2 and len(content.stories) == 3
    for journey in content.journeys:
        assert [step.meta.phase for step in journey.steps] == [
            "before",
            "before",
            "during",
            "after",
        ]
        assert journey.image is not None and all(step.image for step in journey.steps)
        told = [step.meta.story for step in journey.steps if step.meta.story]
        assert len(told) == 1 and content.stories
    for story in content.stories:
        assert story.meta.consent.photo and "website" in story.meta.consent.channels
        assert story.meta.journeys and all(content.journey(j) for j in story.meta.journeys)


def test_every_page_has_its_photo_in_both_projects(corpus):
    width, height = corpus.photo_size
    assert len(corpus.photos) == 2 * (1 + 4) + 3
    for page in corpus.pages:
        with Image.open(corpus.root / page.photo) as photo:
            assert photo.format == "JPEG"
            assert photo.size == ((height, width) if page.portrait else (width, height))
        text = (corpus.plain / page.plain).read_text(encoding="utf-8")
        assert text.startswith(f"# {page.meta['title']}\n")
        assert f"![{page.meta['image_alt']}]({page.meta['image']})" in text
        copied = corpus.plain / page.plain.parent / page.meta["image"]
        assert copied.read_bytes() == (corpus.root / page.photo).read_bytes()
    assert benchmark.plain_config()["theme"] == benchmark.reisverhaal_config()["theme"]


def test_photo_work_is_read_from_a_real_manifest(tmp_path, corpus):
    photo = corpus.photos[0]
    crops = (Crop("web", 1600, 1600, mode="fit"), Crop("x", 1600, 900, (0.5, 0.4)))
    cache = tmp_path / "images"
    display = photo.relative_to(corpus.root).as_posix()
    run = render_images([ImageJob(photo, crops, display=display)], cache, workers=1)
    assert run.errors == []
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    manifest["jobs"]["kaart"] = {
        "source": "stories/a/index.md (citaatkaart X)",
        "outputs": {"k": {"file": "kaart.png", "spec": {"mode": "cover", "size": [9, 9]}}},
    }
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    work = benchmark.photo_work(cache, corpus.root)
    assert list(work) == [photo]
    assert sorted(json.dumps(s, sort_keys=True) for s in work[photo]) == sorted(
        json.dumps(crop.spec, sort_keys=True) for crop in crops
    )
    assert [benchmark.crop_of(spec, "c").spec for spec in work[photo]] == work[photo]


@settings(max_examples=200, deadline=None)
@given(
    width=st.integers(200, 6000),
    height=st.integers(200, 6000),
    wanted=st.tuples(st.integers(1, 2000), st.integers(1, 2000)),
    focus=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    fit=st.booleans(),
)
def test_the_floor_cuts_the_same_windows_as_the_build(width, height, wanted, focus, fit):
    crop = Crop("c", *wanted, focus, "fit" if fit else "cover")
    size, box = benchmark.window(crop.spec, width, height)
    plan = plan_crop(crop, width, height)
    assert size == plan.size
    expected = (plan.window.left, plan.window.top, plan.window.right, plan.window.bottom)
    assert box == pytest.approx(expected, abs=1e-6)


def test_report_has_the_table_the_ratios_and_json():
    floor = benchmark.Floor(seconds=40.0, decode=6.0, resize=54.0, encode=20.0)
    result = benchmark.Result(
        journeys=30,
        steps=6,
        stories=30,
        photo_size=(3000, 2000),
        photos=240,
        files=1800,
        processes=2,
        repeat=3,
        cold_repeat=1,
        plain=4.0,
        cold=55.0,
        warm=4.8,
        step=5.6,
        story=6.4,
        images=48.0,
        floor=floor,
        warnings=2,
    )
    assert result.ratios["warm_ratio"] == pytest.approx(1.2)
    assert result.ratios["step_ratio"] == pytest.approx(1.4)
    assert result.ratios["story_ratio"] == pytest.approx(1.6)
    assert result.ratios["cold_ratio"] == pytest.approx(55 / 44)
    assert result.ratios["image_seconds_per_photo"] == pytest.approx(0.2)
    text = result.markdown()
    assert "| warm / plain | 1.20 | ≤ 1.10 | **no** |" in text
    assert "| cold / (plain + floor) | 1.25 | ≤ 1.25 | yes |" in text
    assert "| one step edited / plain | 1.40 | ≤ 1.50 | yes |" in text
    assert "| one story edited / plain | 1.60 | ≤ 1.50 | **no** |" in text
    assert "byte-identical to a full build: yes." in text
    unlike = benchmark.Result(**{**vars(result), "ratios": {}, "differing": ["a.html"]})
    assert "**no**, 1 files differ" in unlike.markdown()
    assert "| image stage alone (`render_images`, empty cache) | 48.00 | 0.200 |" in text
    assert "decode 8%, resize 68%" in text and "encode (progressive" in text
    assert "240 photos of 3000×2000 (6.0 MP)" in text
    data = json.loads(result.as_json())
    assert data["floor"]["seconds"] == 40.0 and data["targets"]["warm_ratio"] == 1.10
    assert data["ratios"]["cold_ratio"] == pytest.approx(1.25)


def test_options_refuse_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "iets.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit):
        benchmark.parse(["--out", str(tmp_path)])
    assert "not empty" in capsys.readouterr().err
    options = benchmark.parse(["--journeys", "3", "--out", str(tmp_path / "nieuw")])
    assert options.journeys == 3 and options.steps == 6 and options.cold_repeat == 1


def test_plain_warm_and_edit_runs_take_turns_and_the_best_of_each_counts():
    calls = []

    def timer(name: str, seconds: list[float]):
        def run(number: int) -> float:
            calls.append((name, number))
            return seconds.pop(0)

        return run

    best = benchmark.best_in_turns(
        3, timer("plain", [3.0, 1.0, 2.0]), timer("warm", [5, 4, 6]), timer("step", [7, 8, 6])
    )
    assert best == (1.0, 4, 6)
    assert calls == [(name, n) for n in range(3) for name in ("plain", "warm", "step")]


def test_edits_add_a_new_sentence_each_time_and_undo_restores_the_file(corpus):
    step, story = benchmark.edited_pages(corpus)
    assert "phase" in step.meta and "consent" in story.meta
    quoted = [page.meta.get("story") for page in corpus.pages if "phase" in page.meta]
    assert story.source.parent.name in quoted
    path = corpus.root / step.source
    written = path.read_bytes()
    benchmark.edit(corpus, step, 0)
    first = path.read_text(encoding="utf-8")
    benchmark.edit(corpus, step, 1)
    second = path.read_text(encoding="utf-8")
    assert first != second and "zin 2 die erbij kwam" in second
    benchmark.edit(corpus, step, None)
    assert path.read_bytes() == written


def test_differing_names_files_missing_on_either_side_or_with_other_bytes():
    assert benchmark.differing({"a": "1", "b": "2"}, {"a": "1", "b": "3", "c": "4"}) == ["b", "c"]
