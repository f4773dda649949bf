"""How the plain-Dutch checks do on the calibration corpus in tests/data (README figures).

Every text of tests/data/b1 (plain B1) and tests/data/moeilijk (hard) becomes the body of a
step in a fresh site, and `reisverhaal check --format json` is run on it, as an editor would.
A text is *blocked* when a tone rule gives a warning or an error for its step: `--strict`
would stop it. Run: `.venv/bin/python tools/tone_calibration.py`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data"
STYLES = ("b1", "moeilijk")
CONFIG = {
    "site_name": "Kalibratie",
    "site_url": "https://www.zorggroep-kalibratie.nl/",
    "theme": {"name": "material", "language": "nl"},
    "plugins": [
        "search",
        {
            "reisverhaal": {
                "organisation": "Zorggroep Kalibratie",
                "readability": {"min_score": 60, "max_sentence_words": 15},
            }
        },
    ],
}


@dataclass(frozen=True)
class Result:
    style: str
    name: str
    findings: tuple[dict, ...]

    @property
    def tone(self) -> list[dict]:
        return [f for f in self.findings if f["rule"].startswith("tone.")]

    @property
    def blocked(self) -> bool:
        return any(f["level"] != "info" for f in self.tone)

    def short_pointers(self) -> list[str]:
        """Quotes of five words or fewer in readability findings (there should be none)."""
        return [
            quote
            for f in self.tone
            if f["rule"] == "tone.readability"
            for quote in re.findall(r"«([^»]*)»", f["message"])
            if len(quote.split()) <= 5
        ]


def _front_matter(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def _site(root: Path) -> dict[str, tuple[str, str]]:
    """A site with every corpus text as a step body; (style, file name) per step path."""
    (root / "mkdocs.yml").write_text(yaml.safe_dump(CONFIG, sort_keys=False), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Kalibratie\n", encoding="utf-8")
    steps: dict[str, tuple[str, str]] = {}
    for style in STYLES:
        folder = root / "journeys" / style
        folder.mkdir(parents=True)
        journey = {"title": f"Teksten {style}", "kind": "treatment", "summary": "Teksten."}
        (folder / "index.md").write_text(_front_matter(journey, ""), encoding="utf-8")
        for number, text in enumerate(sorted((CORPUS / style).glob("*.md")), start=1):
            name = text.name
            meta = {"title": f"Tekst {number}", "phase": "before", "when": f"-{number}d",
                    "summary": "Lees wat er gebeurt."}  # fmt: skip
            body = text.read_text(encoding="utf-8")
            (folder / name).write_text(_front_matter(meta, body), encoding="utf-8")
            steps[f"journeys/{style}/{name}"] = (style, text.name)
    return steps


def run() -> list[Result]:
    """`reisverhaal check --format json` on the corpus site, per text."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        steps = _site(root)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "reisverhaal.cli", "check", "--format", "json"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        document = json.loads(done.stdout)
    problems = [
        f
        for f in document["findings"]
        if f["level"] == "error" and not f["rule"].startswith("tone.")
    ]
    if problems:
        raise RuntimeError(f"de kalibratiesite heeft fouten: {problems}")
    by_step: dict[str, list[dict]] = {path: [] for path in steps}
    for finding in document["findings"]:
        if finding["path"] in by_step:
            by_step[finding["path"]].append(finding)
    return [Result(*steps[path], tuple(found)) for path, found in by_step.items()]


def figures(results: list[Result]) -> dict[str, tuple[int, int]]:
    plain = [r for r in results if r.style == "b1"]
    hard = [r for r in results if r.style == "moeilijk"]
    return {
        "plain texts blocked": (sum(r.blocked for r in plain), len(plain)),
        "hard texts blocked": (sum(r.blocked for r in hard), len(hard)),
        "hard texts with a tone finding": (sum(bool(r.tone) for r in hard), len(hard)),
        "readability pointers of five words or fewer": (
            sum(len(r.short_pointers()) for r in results),
            len(results),
        ),
    }


def main() -> None:
    results = run()
    for label, (count, total) in figures(results).items():
        print(f"{label}: {count} of {total}")
    for result in results:
        rules = sorted({f["rule"] for f in result.tone if f["level"] != "info"})
        print(f"  {result.style}/{result.name}: {', '.join(rules) or '-'}")


if __name__ == "__main__":
    main()
