"""The video benchmark (tools/benchmark_video.py): a tiny run gives its report, and its warm
run encodes nothing."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def benchmark():
    spec = importlib.util.spec_from_file_location(
        "benchmark_video", ROOT / "tools" / "benchmark_video.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark_video"] = module
    spec.loader.exec_module(module)
    return module


def test_a_tiny_run_reports_cold_and_warm_per_second_of_footage(benchmark, tmp_path):
    options = benchmark.parse(["--seconds", "2", "--width", "320", "--height", "180",
                               "--fps", "8", "--scale", "0.2"])  # fmt: skip
    report = benchmark.run(options, tmp_path)
    assert abs(report.footage - 2.0) < 0.2
    assert len(report.renditions) >= 4
    assert report.cold.made == len(report.renditions) and report.warm.made == 0
    assert report.warm.seconds < report.cold.seconds
    assert report.per_rendition(report.cold) > 0
    text = report.markdown()
    assert "| cold (empty cache) |" in text and "| warm |" in text
    assert text.count("| 0 |") == 1, "the warm run encoded nothing"
    data = json.loads(report.as_json())
    assert data["aim"] == 1.0 and data["cold_per_rendition"] > data["warm_per_rendition"]


def test_options_refuse_nonsense(benchmark, capsys):
    with pytest.raises(SystemExit):
        benchmark.parse(["--seconds", "0"])
    assert "--seconds" in capsys.readouterr().err
