"""What loading found in files an earlier build read (`content.memo`, kept by
`pipeline.memos`): reused only for exactly the bytes or the photo it was found in, read back
as checked data, and a build with it gives the site a build without it gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import EPOCH, SiteProject, build, tree_bytes
from reisverhaal.content import load, memo, photos
from reisverhaal.pipeline import memos

KEY = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=1))])),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=4),
    max_leaves=20,
)


def same(first, second) -> bool:
    """Equal, and of the same types all the way down (a date is not a time, 1 is not True)."""
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        return list(first) == list(second) and all(same(first[k], second[k]) for k in first)
    if isinstance(first, list):
        return len(first) == len(second) and all(map(same, first, second))
    return first == second and getattr(first, "tzinfo", None) == getattr(second, "tzinfo", None)


@given(st.dictionaries(KEY, VALUE, max_size=6))
def test_front_matter_values_come_back_as_they_were_parsed(meta):
    parsed = memo.Parsed(meta, "Tekst.", 5, 4, {("title",): 2, ("a", 0): 3}, [(("a",), 2, 3)])
    plain = json.loads(json.dumps(memo._plain_parsed(parsed)))
    again = memo._parsed_from(plain)
    assert same(again.meta, meta)
    assert (again.body, again.body_line, again.end_line) == ("Tekst.", 5, 4)
    assert again.lines == parsed.lines and again.duplicates == parsed.duplicates


@given(st.dictionaries(KEY, VALUE, max_size=3), st.sampled_from([{1: "x"}, [set()], b"x"]))
def test_a_value_json_cannot_hold_leaves_the_file_unnoted(meta, odd):
    assume(meta is not None)
    noted = memo.LoadMemo()
    noted.note_parsed(b"raw", memo.Parsed({**meta, "odd": odd}, "", 1, 1, {}, []))
    assert noted.as_plain()["documents"] == {}


FRONT_MATTERS = [
    "title: Gesprek\nphase: before\nsummary: Kort.\n",
    "title: 'Dag'\ndate: 2027-03-12\nwhen: 2027-03-12T19:30:00+01:00\n"
    "lijst: [1, 2.5, true, null]\n",
    "title: Dubbel\ntitle: Twee keer\nposts:\n  x: false\n  linkedin: {text: Hoi}\n",
    "anker: &a [een, twee]\nook: *a\nniet: 2026-02-30\n",
]


@pytest.mark.parametrize("front", FRONT_MATTERS)
def test_a_document_read_through_the_memo_is_the_document_read_anew(tmp_path, front):
    path = tmp_path / "stap.md"
    path.write_text(f"---\n{front}---\n\nDe tekst van de stap.\n", encoding="utf-8")
    fresh = load.Document(path, tmp_path)
    first = memo.LoadMemo()
    load.Document(path, tmp_path, first)
    kept = memo.from_plain(json.loads(json.dumps(first.as_plain())))
    again = load.Document(path, tmp_path, kept)
    assert kept.used_documents  # read from the memo, not parsed anew
    assert same(again.meta, fresh.meta)
    assert again.lines == fresh.lines and again.problems == fresh.problems
    assert (again.body, again.body_line, again.end_line) == (
        fresh.body,
        fresh.body_line,
        fresh.end_line,
    )


@pytest.mark.parametrize(
    "entry",
    [
        [["s", 1], "", 1, 1, [], []],
        [["m", [["title", ["x", "y"]]]], "", 1, 1, [], []],
        [["m", []], 5, 1, 1, [], []],
        [["m", []], "", -1, 1, [], []],
        [["m", []], "", 1, 1, [[["title"], True]], []],
        [["m", [["a", ["d", "geen datum"]]]], "", 1, 1, [], []],
        [["m", [["a", "sb"]]], "", 1, 1, [], []],
        "pickle",
    ],
)
def test_a_crafted_memo_entry_is_parsed_anew(tmp_path, entry):
    path = tmp_path / "stap.md"
    path.write_text("---\ntitle: Gesprek\n---\nTekst.\n", encoding="utf-8")
    crafted = memo.LoadMemo({memo._digest(path.read_bytes()): entry})
    document = load.Document(path, tmp_path, crafted)
    assert document.meta == {"title": "Gesprek"} and document.body == "Tekst."


# In a build


def illustrated(root: Path) -> SiteProject:
    return SiteProject.small(root).illustrate()


def counting(monkeypatch) -> dict[str, list]:
    """Note every file parsed and every photo checked."""
    seen: dict[str, list] = {"parsed": [], "checked": []}
    parse, check = load.Document._parse, photos.check_image

    def parsing(self, raw):
        seen["parsed"].append(self.path.name)
        return parse(self, raw)

    def checking(path, *args, **kwargs):
        seen["checked"].append(Path(path).name)
        return check(path, *args, **kwargs)

    monkeypatch.setattr(load.Document, "_parse", parsing)
    monkeypatch.setattr(photos, "check_image", checking)
    return seen


def test_a_rebuild_after_a_step_edit_parses_and_checks_only_what_changed(tmp_path, monkeypatch):
    project = illustrated(tmp_path / "project")
    build(project.root)
    seen = counting(monkeypatch)
    project.step("knie", "03-thuis.md", title="Weer thuis", phase="after", summary="Kort.")
    edited = build(project.root)
    assert seen == {"parsed": ["03-thuis.md"], "checked": []}
    assert "Kort." in edited.page("deelkit/snippets.json")
    scratch = tmp_path / "scratch"
    shutil.copytree(project.root, scratch, ignore=shutil.ignore_patterns(".cache", "site"))
    assert tree_bytes(edited.site) == tree_bytes(build(scratch).site)


def test_a_photo_written_in_place_with_its_time_set_back_is_checked_again(tmp_path, monkeypatch):
    project = illustrated(tmp_path / "project")
    build(project.root)
    photo = project.root / "stories" / "wilma-fietst" / "wilma.jpg"
    times = photo.stat()
    good = photo.read_bytes()
    photo.write_bytes(good[: len(good) // 2] + b"\x00" * (len(good) - len(good) // 2))
    os.utime(photo, ns=(times.st_atime_ns, times.st_mtime_ns))
    seen = counting(monkeypatch)
    project.step("knie", "03-thuis.md", title="Weer thuis", phase="after", summary="Kort.")
    again = build(project.root)
    assert "wilma.jpg" in seen["checked"]
    assert any("wilma.jpg" in message.text for message in again.messages)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'HEADER{"load": {"documents": [], "photos": []}, "words": {}}',
        b'HEADER{"load": {"documents": {}, "photos": [1]}, "words": {}}',
        b'HEADER{"load": {"documents": {}, "photos": []}, "words": {"Huis": 5.0}}',
        b'HEADER{"load": {"documents": {}, "photos": []}, "words": {"huis": "5"}}',
        b'HEADER{"load": {"documents": {}, "photos": []}, "words": {}, '
        b'"counts": [["urls", true, "abc", [["x", 5, 2]]]]}',
        b'HEADER{"load": {"documents": {}, "photos": []}, "words": {}, '
        b'"counts": [["weighted", false, "abc", -1]]}',
        b"HEADER\x80\x04\x95 pickle",
        b"HEADER" + b"[" * 100_000,
    ],
)
def test_a_damaged_or_crafted_memo_is_no_memo(tmp_path, damage):
    project = illustrated(tmp_path / "project")
    build(project.root)
    path = project.root / ".cache" / "reisverhaal" / memos.FILE
    header = path.read_bytes().split(b"\n", 1)[0] + b"\n"
    path.write_bytes(damage.replace(b"HEADER", header))
    project.step("knie", "03-thuis.md", title="Weer thuis", phase="after", summary="Kort.")
    again = build(project.root)
    assert json.loads(path.read_bytes().split(b"\n", 1)[1])["load"]["documents"]
    scratch = tmp_path / "scratch"
    shutil.copytree(project.root, scratch, ignore=shutil.ignore_patterns(".cache", "site"))
    assert tree_bytes(again.site) == tree_bytes(build(scratch).site)


def loaded_in_a_build(project: SiteProject, site: Path) -> dict[str, bool]:
    """Which of wordfreq and twitter-text a `mkdocs build` in a fresh process loads."""
    code = f"""
        import json, sys
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(config_file={str(project.root / "mkdocs.yml")!r},
                             site_dir={str(site)!r})
        build(config)
        print(json.dumps({{name: name in sys.modules for name in ("wordfreq", "twitter_text")}}))
        """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_rebuild_looks_up_only_words_and_posts_no_build_looked_up_before(tmp_path):
    """In a fresh process, as `mkdocs build` runs: word frequencies and post counts of
    texts an earlier build looked up come from the memo, so wordfreq and twitter-text load
    only for a new word or a new post."""
    project = illustrated(tmp_path / "project")
    site = tmp_path / "site"
    build(project.root, site_dir=site)
    story = project.root / "stories" / "wilma-fietst" / "index.md"
    story.write_text(
        story.read_text("utf-8").replace("eerst bang.", "eerst bang. Ik was bang."), "utf-8"
    )
    assert loaded_in_a_build(project, site) == {"wordfreq": False, "twitter_text": False}
    step = project.root / "journeys" / "knie" / "03-thuis.md"
    text = step.read_text(encoding="utf-8")
    step.write_text(text.replace("Thuis oefen je", "Thuis oefen je kniebuigingen"), "utf-8")
    assert loaded_in_a_build(project, site) == {"wordfreq": True, "twitter_text": True}
