"""Reusing the last build's result (`snapshot`): only while nothing it was made from has
changed, and never in a way that shows a story whose consent no longer holds."""

from __future__ import annotations

import os
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from conftest import (
    EPOCH,
    TODAY,
    SiteProject,
    build,
    consent_meta,
    tree_bytes,
    write_image,
)
from reisverhaal.core.output import Output
from reisverhaal.core.settings import Settings
from reisverhaal.pipeline import snapshot
from reisverhaal.render.image_files import store_files

REUSED = "niets veranderd sinds de vorige build"
QUOTE = "Na zes weken zat ik weer op de fiets."


def reused(built) -> bool:
    return any(REUSED in message for message in built.logged())


def images_made(built) -> int:
    found = [re.search(r"afbeeldingen: (\d+) gemaakt", m) for m in built.logged()]
    return next(int(match[1]) for match in found if match)


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project").illustrate()


def test_a_build_with_nothing_changed_reuses_the_last_result(project, tmp_path):
    first = build(project.root, site_dir=tmp_path / "a")
    second = build(project.root, site_dir=tmp_path / "b")
    assert not reused(first) and images_made(first) > 0
    assert reused(second) and images_made(second) == 0
    assert tree_bytes(second.site) == tree_bytes(first.site)
    assert (project.root / ".cache" / "reisverhaal" / snapshot.FILE).is_file()


def test_warnings_are_reported_again_and_strict_still_fails(project):
    project.step(
        "knie", "04-nazorg.md", summary="Je krijgt een multidisciplinair behandelplan mee."
    )
    first = build(project.root)
    assert first.warnings()
    second = build(project.root)
    assert reused(second) and second.warnings() == first.warnings()
    with pytest.raises(Abort):
        build(project.root, strict=True)


def test_consent_withdrawn_since_the_last_build_is_never_served_from_it(project):
    first = build(project.root)
    assert (first.site / "verhalen" / "wilma-fietst" / "index.html").is_file()
    assert QUOTE in first.page("trajecten/knie/eerste-gesprek/")
    project.story(
        "wilma-fietst",
        image="wilma.jpg",
        image_alt="Wilma op haar fiets.",
        consent=consent_meta(photo=True, withdrawn=date(2027, 1, 10)),
    )
    second = build(project.root)
    assert not reused(second)
    assert not (second.site / "verhalen" / "wilma-fietst").exists()
    assert QUOTE not in second.page("trajecten/knie/eerste-gesprek/")
    assert QUOTE not in (second.site / "deelkit" / "snippets.json").read_text(encoding="utf-8")


def test_consent_that_ends_overnight_ends_in_the_next_days_build(project):
    """The story's consent (24 months from 2025-01-16) holds on TODAY and ends the next day."""
    project.story("wilma-fietst", consent=consent_meta(given=date(2025, 1, 16)))
    today = build(project.root)
    assert (today.site / "verhalen" / "wilma-fietst" / "index.html").is_file()
    later_that_day = build(project.root, epoch=EPOCH + 3600)
    assert reused(later_that_day)
    quote = "Na zes weken zat ik weer op de fiets."
    assert quote in (today.site / "trajecten/knie/eerste-gesprek/index.html").read_text("utf-8")
    tomorrow = build(project.root, epoch=EPOCH + 86400)
    assert not reused(tomorrow)
    assert not (tomorrow.site / "verhalen" / "wilma-fietst").exists()
    pages = [path.read_text("utf-8") for path in tomorrow.site.rglob("*.html")]
    assert not [text for text in pages if quote in text]  # no page reused from yesterday


def test_a_changed_photo_is_made_again(project):
    build(project.root)
    write_image(project.root / "journeys/knie/media/knie.jpg", size=(1700, 1100), color=(200, 0, 0))
    again = build(project.root)
    assert not reused(again) and images_made(again) > 0


def test_a_new_template_override_is_a_new_build(project):
    build(project.root)
    project.write("templates/pages/story.md.j2", "---\ntitle: Eigen\n---\n# Eigen verhaal\n")
    again = build(project.root)
    assert not reused(again)
    assert "Eigen verhaal" in again.page("verhalen/wilma-fietst/")


def test_a_site_option_change_is_a_new_build(project):
    build(project.root)
    project.options["brand"] = {"color": "#224488"}
    project.write_config()
    assert not reused(build(project.root))


@pytest.mark.parametrize("damage", [b"", b"onzin\n", b"HEADER\x80\x04 kapot"])
def test_a_damaged_stored_result_means_a_full_build(project, damage):
    first = build(project.root)
    stored = project.root / ".cache" / "reisverhaal" / snapshot.FILE
    header = stored.read_bytes().split(b"\n", 1)[0] + b"\n"
    stored.write_bytes(damage.replace(b"HEADER", header))
    again = build(project.root)
    assert not reused(again)
    assert tree_bytes(again.site) == tree_bytes(first.site)


def test_an_image_gone_from_the_cache_means_a_full_build(project):
    build(project.root)
    cache = project.root / ".cache" / "reisverhaal" / "images"
    victim = next(cache.glob("*.jpg"))
    victim.unlink()
    again = build(project.root)
    assert not reused(again) and images_made(again) > 0


# The fingerprint


def settings_for(root: Path, **options) -> Settings:
    options = {"today": TODAY, "cache_dir": root / ".cache" / "reisverhaal", **options}
    return Settings(
        root=root.resolve(),
        site_url="https://zorg.example.nl/",
        organisation="Zorggroep Test",
        **options,
    )


def test_text_counts_by_content_even_with_the_same_size_and_time(project):
    settings = settings_for(project.root)
    before = snapshot.fingerprint(settings)
    story = project.root / "stories" / "wilma-fietst" / "index.md"
    stat = story.stat()
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("TF-2026-014", "TF-2026-015"), encoding="utf-8")
    os.utime(story, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert story.stat().st_size == stat.st_size
    assert snapshot.fingerprint(settings) != before


def test_the_fingerprint_depends_on_the_day_and_the_settings(project):
    settings = settings_for(project.root)
    assert snapshot.fingerprint(settings) == snapshot.fingerprint(settings_for(project.root))
    assert snapshot.fingerprint(settings) != snapshot.fingerprint(
        settings_for(project.root, today=date(2027, 1, 16))
    )
    assert snapshot.fingerprint(settings) != snapshot.fingerprint(
        settings_for(project.root, consent_max_months=12)
    )


def test_the_brand_logo_counts_wherever_it_is(project, tmp_path):
    logo = write_image(tmp_path / "elders" / "logo.png", size=(64, 64), fmt="PNG")
    settings = settings_for(project.root, brand_logo=logo)
    before = snapshot.fingerprint(settings)
    write_image(logo, size=(80, 64), fmt="PNG")
    assert snapshot.fingerprint(settings) != before


NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\\\x00", min_codepoint=32),
    min_size=1,
    max_size=20,
).filter(lambda name: name not in (".", ".."))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    folder=st.sampled_from(snapshot.CONTENT_FOLDERS),
    name=NAMES,
    suffix=st.sampled_from(["", ".md", ".yml", ".jpg", ".png", ".j2", ".txt"]),
    data=st.binary(max_size=64),
)
def test_any_file_added_to_a_content_folder_changes_the_fingerprint(
    tmp_path, folder, name, suffix, data
):
    root = tmp_path / "fingerprint"
    for existing in snapshot.CONTENT_FOLDERS:
        (root / existing).mkdir(parents=True, exist_ok=True)
    settings = settings_for(root)
    before = snapshot.fingerprint(settings)
    path = root / folder / "sub" / (name + suffix)
    if path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError:
        return  # a name this file system refuses
    try:
        assert snapshot.fingerprint(settings) != before
    finally:
        path.unlink()


# Generated files are stored in the cache and linked into the site, like images


def test_generated_files_are_links_into_the_cache_and_one_changed_in_place_is_redone(project):
    first = build(project.root)
    exported = first.site / "deelkit" / "snippets.json"
    good = exported.read_bytes()
    stored = project.root / ".cache" / "reisverhaal" / "files"
    assert exported.stat().st_ino in {path.stat().st_ino for path in stored.iterdir()}
    with open(exported, "r+b") as handle:
        handle.write(b"[kapot")
    again = build(project.root)
    assert not reused(again)
    assert (again.site / "deelkit" / "snippets.json").read_bytes() == good


def test_stored_files_this_build_does_not_use_are_removed_after_30_days(tmp_path):
    cache = tmp_path / "files"
    kept = store_files([Output("a.txt", "één"), Output("p.md", "# pagina")], cache)
    assert kept[0].content is None and kept[0].source.read_text(encoding="utf-8") == "één"
    assert kept[1].content == "# pagina" and kept[1].source is None
    recent, old = cache / "recent.txt", cache / "old.txt"
    for path in (recent, old):
        path.write_text("ongebruikt", encoding="utf-8")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    os.utime(kept[0].source, (month_ago, month_ago))
    store_files([Output("a.txt", "één")], cache)
    assert recent.is_file() and not old.exists() and kept[0].source.is_file()
