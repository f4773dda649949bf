"""The build under attack: races, a crafted cache, hand-written pages at our URLs, --dirty,
tampered and damaged files, a read-only or full cache, builds that run at once or are killed.

Every test builds a real site (in this process, or `mkdocs build` in a subprocess where the
attack needs one) and then searches every output for a story that may not appear
(`leaks.py`), and the log for tracebacks.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from PIL import Image

from conftest import EPOCH, SiteProject, build, environment, tree_bytes
from leaks import files_with, images_showing, log_quoting, plant_story
from reisverhaal.cli import collect_findings
from reisverhaal.pipeline import snapshot

SECRET = "Zwijgzaam"
"""The made-up word in every text of the planted story."""
WITHDRAWN = {"withdrawn": date(2027, 1, 10)}
MKDOCS = Path(sys.executable).with_name("mkdocs")
REUSED = "niets veranderd sinds de vorige build"


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project").illustrate()


def cache(project: SiteProject) -> Path:
    return project.root / ".cache" / "reisverhaal"


def assert_nowhere(built, phrase: str = SECRET) -> None:
    """Nothing of the planted story in any file or image of the site, nor in the log."""
    assert files_with(built.site, phrase) == []
    assert images_showing(built.site) == []
    assert log_quoting(built.messages, phrase) == []


def assert_published(built, phrase: str = SECRET) -> None:
    assert (built.site / "verhalen" / "geheim" / "index.html").is_file()
    assert files_with(built.site, phrase) and images_showing(built.site)


ENV = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
UNSHARE = ("unshare", "--map-root-user", "--mount", "sh", "-c")
"""A private mount table for one command: its mounts end with it, and need no root."""


def run_mkdocs(root: Path, *args: str, mounted: str | None = None, **options):
    """`mkdocs build` as a user runs it, in its own process; `mounted` is a shell command
    that mounts something for this build only (a read-only or full cache)."""
    command = [str(MKDOCS), "build", *args]
    if mounted:
        command = [*UNSHARE, f'{mounted} && exec "$0" "$@"', *command]
    return subprocess.run(
        command, cwd=root, env=ENV, capture_output=True, text=True, timeout=300, **options
    )


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr + result.stdout


# 1. A story file changed between the fingerprint and the load


def story_versions(project: SiteProject) -> tuple[Path, str, str]:
    """The planted story's file, with its text withdrawn and with consent (the photo stays
    as it is: only the text changes, as when an editor saves the file)."""
    plant_story(project, "geheim", SECRET)
    story = project.root / "stories" / "geheim" / "index.md"
    consented = story.read_text(encoding="utf-8")
    plant_story(project, "geheim", SECRET, **WITHDRAWN)
    return story, story.read_text(encoding="utf-8"), consented


def while_loading(monkeypatch, story: Path, during: str, after: str | None = None) -> None:
    """While the build loads the content the story file holds `during`; `after` is written
    once it is loaded (an editor saving, a `git pull`, while a build runs)."""
    from reisverhaal.content import load

    real = load.load_content

    def racing(*args, **kwargs):
        story.write_text(during, encoding="utf-8")
        content = real(*args, **kwargs)
        if after is not None:
            time.sleep(0.05)  # past any coarse file time step
            story.write_text(after, encoding="utf-8")
        return content

    monkeypatch.setattr(load, "load_content", racing)


def test_a_result_is_never_stored_under_a_fingerprint_of_other_bytes(project, monkeypatch):
    """The issue's reproduction: withdrawn version, build, old version written back after
    the fingerprint, then the withdrawn version again: the next build must not reuse."""
    story, withdrawn, consented = story_versions(project)
    while_loading(monkeypatch, story, consented)
    assert_published(build(project.root))
    monkeypatch.undo()
    story.write_text(withdrawn, encoding="utf-8")
    again = build(project.root)
    assert not any(REUSED in message for message in again.logged())
    assert_nowhere(again)


def test_a_file_written_and_written_back_while_the_pipeline_ran_stores_nothing(
    project, monkeypatch
):
    story, withdrawn, consented = story_versions(project)
    while_loading(monkeypatch, story, consented, withdrawn)
    assert_published(build(project.root))
    monkeypatch.undo()
    again = build(project.root)
    assert not any(REUSED in message for message in again.logged())
    assert_nowhere(again)


# 2. The stored result cannot run code


class _Payload:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def test_a_crafted_pickle_after_a_valid_header_does_not_run(project, tmp_path):
    plant_story(project, "geheim", SECRET, **WITHDRAWN)
    first = build(project.root, site_dir=tmp_path / "first")
    stored = cache(project) / snapshot.FILE
    header = stored.read_bytes().split(b"\n", 1)[0] + b"\n"
    marker = tmp_path / "code-ran"
    stored.write_bytes(header + pickle.dumps({"site": _Payload(marker)}))
    again = build(project.root, site_dir=tmp_path / "again")
    assert not marker.exists()
    assert tree_bytes(again.site) == tree_bytes(first.site)
    assert_nowhere(again)


@pytest.mark.parametrize(
    "body",
    [
        b'{"outputs": [["x.md", "# x", "/etc/passwd", true, false, []]], "findings": [],'
        b' "nav": [], "images": [0, 0]}',
        b'{"outputs": "niets", "findings": [], "nav": [], "images": [0, 0]}',
        b"[" * 100_000,
    ],
)
def test_a_stored_result_that_is_not_what_a_build_writes_counts_as_absent(project, tmp_path, body):
    first = build(project.root, site_dir=tmp_path / "first")
    stored = cache(project) / snapshot.FILE
    stored.write_bytes(stored.read_bytes().split(b"\n", 1)[0] + b"\n" + body)
    again = build(project.root, site_dir=tmp_path / "again")
    assert not any(REUSED in message for message in again.logged())
    assert tree_bytes(again.site) == tree_bytes(first.site)


# 3. A hand-written page at a URL that journeys or stories own


@pytest.mark.parametrize(
    "page",
    ["docs/verhalen/geheim/index.md", "docs/verhalen/geheim.md", "docs/trajecten/knie/extra.md"],
)
def test_a_hand_written_page_at_our_urls_is_an_error_and_not_published(project, page):
    plant_story(project, "geheim", SECRET, **WITHDRAWN)
    project.write(page, f"# Het verhaal\n\n{SECRET}Handwerk staat hier toch.\n")
    built = build(project.root)
    errors = [m for m in built.logged("ERROR") if "page.generated-url" in m]
    assert len(errors) == 1 and errors[0].startswith(f"{page}: error:")
    assert files_with(built.site, SECRET) == []
    assert images_showing(built.site) == []
    with pytest.raises(Abort):
        build(project.root, strict=True)


# 4. mkdocs build --dirty


def test_dirty_builds_are_refused_in_dutch(project):
    plant_story(project, "geheim", SECRET)
    first = run_mkdocs(project.root)
    assert first.returncode == 0, first.stderr
    plant_story(project, "geheim", SECRET, **WITHDRAWN)
    dirty = run_mkdocs(project.root, "--dirty")
    assert dirty.returncode != 0
    assert "--dirty wordt niet ondersteund" in dirty.stderr
    no_traceback(dirty)
    clean = build(project.root)
    assert_nowhere(clean)


# 5. Cached files changed in place, with their modification time set back


def tamper(path: Path) -> None:
    """Change bytes in the middle of the file, keep its size and modification time."""
    status = path.stat()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(255 - b for b in data[middle : middle + 64])
    with open(path, "r+b") as handle:
        handle.write(data)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size


@pytest.mark.parametrize("published", ["verhalen/wilma-fietst/wilma.jpg", "deelkit/snippets.json"])
def test_a_cached_file_changed_in_place_is_made_again(project, tmp_path, published):
    first = build(project.root)
    good = (first.site / published).read_bytes()
    reference = tree_bytes(first.site)
    tamper(first.site / published)  # a hard link: the cached file changes too
    shutil.rmtree(first.site)
    again = build(project.root)
    assert (again.site / published).read_bytes() == good
    assert tree_bytes(again.site) == reference


def test_a_cached_image_damaged_without_any_write_time_is_caught_when_the_pipeline_runs(
    project,
):
    """Bit rot leaves no time behind: the next full build (a new day, any change) checks
    every cached file by its content."""
    first = build(project.root)
    published = "verhalen/wilma-fietst/wilma.jpg"
    good = (first.site / published).read_bytes()
    tamper(first.site / published)
    tomorrow = build(project.root, epoch=EPOCH + 86400)
    assert (tomorrow.site / published).read_bytes() == good


# 6. A JPEG cut short and closed with an end marker


def test_a_jpeg_cut_short_with_an_end_marker_is_a_damaged_photo(project):
    photo = project.root / "journeys/knie/media/knie.jpg"
    buffer = io.BytesIO()
    Image.effect_noise((1800, 1200), 40).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    photo.write_bytes(data[: len(data) * 6 // 10] + b"\xff\xd9")
    built = build(project.root)
    damaged = [m for m in built.warnings() if "image-corrupt" in m]
    assert damaged and all(m.startswith("journeys/knie/media/knie.jpg") for m in damaged)
    assert "beschadigd of onvolledig" in damaged[0]
    assert images_showing(built.site, colour=(128, 128, 128), share=0.2) == []
    assert not any("Traceback" in m for m in built.logged())
    with environment(SOURCE_DATE_EPOCH=str(EPOCH)):
        checked = collect_findings(project.root / "mkdocs.yml")
    said = [f for f in checked if f.rule == "image-corrupt"]
    assert [f.path for f in said] == ["journeys/knie/media/knie.jpg"]  # check agrees with build
    assert str(said[0]) in damaged[0]


# 7. A sparse photo of 8 GB


def test_a_huge_photo_is_refused_before_it_is_read(project):
    import resource

    photo = project.root / "journeys/knie/media/knie.jpg"
    with open(photo, "r+b") as handle:
        handle.truncate(8 * 1024**3)
    limit = 3 * 1024**3  # address space: reading the file would need 8 GB

    def bounded():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = run_mkdocs(project.root, preexec_fn=bounded)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    refused = [line for line in result.stderr.splitlines() if "image-too-large" in line]
    assert refused and "journeys/knie/index.md" in refused[0]
    assert "hoogstens 100 MB" in refused[0]


# 8. A read-only cache, a full disk


def add_step_with_photo(project: SiteProject) -> None:
    """New work for the next build: a step with a photo no build has cut yet."""
    project.image("journeys/knie/media/nazorg.jpg", size=(900, 600), color=(200, 30, 30))
    project.step(
        "knie",
        "04-nazorg.md",
        title="Nazorg",
        phase="after",
        when="+6w",
        summary="Na zes weken kom je terug voor controle.",
        image="media/nazorg.jpg",
        image_alt="Een fysiotherapeut en een man.",
    )


def test_a_read_only_cache_still_builds_without_it(project):
    plant_story(project, "geheim", SECRET, **WITHDRAWN)
    assert run_mkdocs(project.root).returncode == 0
    before = tree_bytes(cache(project))
    add_step_with_photo(project)
    result = run_mkdocs(project.root, mounted="mount --bind -o ro .cache .cache")
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "cache.unwritable" in line]
    assert said and ".cache/reisverhaal" in said[0]
    assert "het bestandssysteem is alleen-lezen" in said[0]
    site = project.root / "site"
    assert (site / "trajecten/knie/nazorg/index.html").is_file()
    assert images_showing(site, colour=(200, 30, 30))
    assert tree_bytes(cache(project)) == before
    assert files_with(site, SECRET) == [] and images_showing(site) == []
    assert log_quoting(result.stderr.splitlines(), SECRET) == []


def test_a_full_disk_stops_the_build_with_what_and_where(project):
    cache(project).mkdir(parents=True)
    result = run_mkdocs(project.root, mounted="mount -t tmpfs -o size=48k tmpfs .cache")
    no_traceback(result)
    assert result.returncode != 0
    assert "de schijf is vol (OSError 28)" in result.stderr
    assert ".cache/reisverhaal/" in result.stderr


# 9. Builds at the same time, a build killed halfway


def test_two_builds_at_once_then_the_next_build_is_complete(project, tmp_path):
    plant_story(project, "geheim", SECRET, **WITHDRAWN)
    reference = build(project.root, site_dir=tmp_path / "reference")
    shutil.rmtree(cache(project))
    running = [
        subprocess.Popen(
            [str(MKDOCS), "build"],
            cwd=project.root,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for process in running:
        _, errors = process.communicate(timeout=300)
        assert "Traceback" not in errors
    after = build(project.root)
    assert tree_bytes(after.site) == tree_bytes(reference.site)
    assert_nowhere(after)
    again = build(project.root, site_dir=tmp_path / "again")
    assert tree_bytes(again.site) == tree_bytes(reference.site)


def test_a_build_killed_halfway_leaves_nothing_the_next_build_reuses(project, tmp_path):
    plant_story(project, "geheim", SECRET, **WITHDRAWN)
    for number in range(4, 9):  # enough photos that the build is still cutting them
        project.image(f"journeys/knie/media/extra-{number}.jpg", size=(2400, 1600))
        project.step(
            "knie",
            f"0{number}-extra.md",
            title=f"Extra stap {number}",
            phase="after",
            when=f"+{number}w",
            summary="Je oefent thuis elke dag een beetje.",
            image=f"media/extra-{number}.jpg",
            image_alt="Een man oefent met een band.",
        )
    reference = build(project.root, site_dir=tmp_path / "reference")
    shutil.rmtree(cache(project))
    process = subprocess.Popen(
        [str(MKDOCS), "build"], cwd=project.root, env=ENV, start_new_session=True
    )
    images = cache(project) / "images"
    deadline = time.monotonic() + 120
    while not (images.is_dir() and any(images.glob("*.jpg"))) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    after = build(project.root)
    assert tree_bytes(after.site) == tree_bytes(reference.site)
    assert_nowhere(after)
