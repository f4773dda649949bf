"""Rebuilding what an edit touched (`pipeline.parts`): a step edit remakes its journey (and the
pages of stories that list the journey), a story edit the story and the journeys that quote it
or that it names; and after any sequence of edits the site is byte for byte the one a full
build from scratch gives."""

from __future__ import annotations

import gc
import json
import shutil
import tempfile
import weakref
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import (
    AUDIENCES,
    SITE_URL,
    TODAY,
    SiteProject,
    build,
    consent_meta,
    tree_bytes,
)
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline import parts, snapshot
from reisverhaal.pipeline.build import prepare
from reisverhaal.pipeline.collector import few_collections
from reisverhaal.render import calendar_posts, compose, ics

PACKAGE_TEMPLATES = Path(snapshot.PACKAGE) / "templates"
CHANNELS = ["website", "newsletter", "facebook"]
"""Few channels: every example builds the site from scratch too, images and all."""
WITHDRAWN = date(2027, 1, 10)
SUMMARIES = [
    "In het eerste gesprek hoor je wat er gaat gebeuren.",
    "Je praat met de arts over wat je wilt.",
    "Neem je vragen mee naar het gesprek.",
]
QUOTES = ["Na zes weken zat ik weer op de fiets.", "Ik loop weer elke dag naar de markt."]


def two_journeys(root: Path) -> SiteProject:
    """The small site with a second journey ("heup"), a second story that its first step
    quotes, and small photos for a journey, a step and a story."""
    project = SiteProject.small(root, channels=CHANNELS)
    project.image("journeys/knie/media/knie.jpg", size=(320, 240))
    project.journey("knie", image="media/knie.jpg", image_alt="Een knie in verband.")
    project.journey("heup", title="Je nieuwe heup", summary="Van het gesprek tot weer lopen.")
    project.step("heup", "01-gesprek.md", story="henk-loopt", title="Het gesprek")
    project.step(
        "heup", "02-thuis.md", title="Thuis", phase="after", when="+7d", summary=SUMMARIES[1]
    )
    project.image("stories/henk-loopt/henk.jpg", size=(240, 320), color=(200, 120, 40))
    henk_story(project)
    return project


def henk_story(project: SiteProject, **meta) -> None:
    values = {
        "title": "Henk loopt weer",
        "person": "Henk",
        "quote": QUOTES[1],
        "journeys": ["heup"],
        "image": "henk.jpg",
        "image_alt": "Henk op de markt.",
        "consent": consent_meta(photo=True),
        **meta,
    }
    project.story("henk-loopt", **values)


def stored_parts(project: SiteProject) -> dict[str, bytes]:
    folder = project.root / ".cache" / "reisverhaal" / parts.FOLDER
    return {path.stem: path.read_bytes() for path in sorted(folder.glob("*.json"))}


def from_scratch(project: SiteProject, folder: Path) -> dict[str, bytes]:
    """The site as a full build with an empty cache makes it, of a copy of the project."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(project.root, folder, ignore=shutil.ignore_patterns(".cache", "site"))
    return tree_bytes(build(folder).site)


# What an edit remakes


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    site = two_journeys(tmp_path / "project")
    build(site.root)
    return site


def remade(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def test_a_step_edit_remakes_its_journey_and_the_stories_that_list_it(project, tmp_path):
    before = stored_parts(project)
    project.step(
        "heup", "02-thuis.md", title="Thuis", phase="after", when="+7d", summary=SUMMARIES[2]
    )
    built = build(project.root)
    assert remade(before, stored_parts(project)) == {"journey-heup", "story-henk-loopt"}
    project.step(
        "knie",
        "03-thuis.md",
        title="Weer thuis",
        phase="after",
        when="+3d",
        summary="Thuis oefen je elke dag een kwartier.",
    )
    before = stored_parts(project)
    built = build(project.root)
    assert remade(before, stored_parts(project)) == {"journey-knie", "story-wilma-fietst"}
    assert "elke dag een kwartier" in built.page("trajecten/knie/thuis/")
    assert tree_bytes(built.site) == from_scratch(project, tmp_path / "scratch")


def test_a_story_edit_remakes_the_story_and_the_journeys_that_quote_or_list_it(project, tmp_path):
    before = stored_parts(project)
    henk_story(project, quote="Ik fiets nu ook weer.")
    built = build(project.root)
    assert remade(before, stored_parts(project)) == {"journey-heup", "story-henk-loopt"}
    assert "Ik fiets nu ook weer." in built.page("trajecten/heup/gesprek/")
    assert tree_bytes(built.site) == from_scratch(project, tmp_path / "scratch")


def test_a_template_edit_remakes_every_part(project):
    before = stored_parts(project)
    shipped = (PACKAGE_TEMPLATES / "pages" / "story.md.j2").read_text(encoding="utf-8")
    project.write("templates/pages/story.md.j2", shipped + "\nEigen regel onder elk verhaal.\n")
    build(project.root)
    assert remade(before, stored_parts(project)) == set(before)


def test_a_withdrawn_story_is_gone_from_every_journey_that_quoted_it(project):
    henk_story(project, consent=consent_meta(photo=True, withdrawn=WITHDRAWN))
    built = build(project.root)
    assert QUOTES[1] not in built.page("trajecten/heup/gesprek/")
    assert not (built.site / "verhalen" / "henk-loopt").exists()
    texts = [path.read_bytes() for path in built.site.rglob("*") if path.is_file()]
    assert not any(QUOTES[1].encode() in text for text in texts)
    assert "story-henk-loopt" in stored_parts(project)  # its checks still run, unpublished


def test_a_new_day_remakes_every_part(project):
    before = stored_parts(project)
    build(project.root, epoch=None)  # the real today: another day than the fixed EPOCH
    assert remade(before, stored_parts(project)) == set(before)


def test_events_written_one_by_one_make_the_calendar_icalendar_writes(tmp_path):
    """A build keeps each journey's calendar events; put together they are the file
    icalendar writes for the whole calendar."""
    site = two_journeys(tmp_path / "project")
    audiences = {key: Audience(key, v["label"], v["post_time"]) for key, v in AUDIENCES.items()}
    project = prepare(
        Settings(
            root=site.root.resolve(),
            site_url=SITE_URL,
            organisation="Zorggroep Test",
            today=TODAY,
            audiences=audiences,
            channels=tuple(CHANNELS),
        )
    )
    made = compose.build_snippets(project).snippets
    posts = [calendar_posts.describe(project, snippet) for snippet in made if snippet.publish_at]
    assert len(posts) > 4
    written = ics.calendar_ics(project, posts)
    whole = Calendar.from_ical(written)
    assert len(whole.walk("VEVENT")) == len(posts)
    assert whole.to_ical() == written


def test_a_story_withdrawn_while_the_content_is_read_is_not_quoted_from_a_stored_part(
    project, monkeypatch
):
    """The stored parts are keyed by the bytes found before the build read the content: when
    a file is written in between (an editor saving while `mkdocs serve` rebuilds), no part is
    reused, so the site is made of what was read and never mixes in a part quoting the story
    as it was."""
    from reisverhaal.content import load

    project.step(
        "knie", "02-operatie.md", title="De operatie", phase="during", when="0d", summary="Kort."
    )  # a change elsewhere, so that the build runs and would reuse the heup journey's part
    real = load.load_content

    def withdrawn_while_loading(*args, **kwargs):
        henk_story(project, consent=consent_meta(photo=True, withdrawn=WITHDRAWN))
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "load_content", withdrawn_while_loading)
    built = build(project.root)
    texts = [path.read_bytes() for path in built.site.rglob("*") if path.is_file()]
    assert not any(QUOTES[1].encode() in text for text in texts)
    assert not (built.site / "verhalen" / "henk-loopt").exists()


# What is read back


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'HEADER{"outputs": [["x.md", "# x", "/etc/passwd", true, false, []]]}',
        b"HEADER\x80\x04\x95 pickle",
        b"HEADER" + b"[" * 100_000,
    ],
)
def test_a_damaged_or_crafted_part_is_made_anew(project, tmp_path, damage):
    reference = tree_bytes(build(project.root, site_dir=tmp_path / "reference").site)
    path = project.root / ".cache" / "reisverhaal" / parts.FOLDER / "journey-knie.json"
    header = path.read_bytes().split(b"\n", 1)[0] + b"\n"
    path.write_bytes(damage.replace(b"HEADER", header))
    # a change elsewhere: the build runs, reusing the other parts
    project.step(
        "heup", "02-thuis.md", title="Thuis", phase="after", when="+7d", summary=SUMMARIES[2]
    )
    again = build(project.root)
    assert json.loads(path.read_bytes().split(b"\n", 1)[1])["outputs"]
    reference_now = from_scratch(project, tmp_path / "scratch")
    assert tree_bytes(again.site) == reference_now
    assert reference.keys() == reference_now.keys()


def test_a_cached_image_of_a_reused_part_changed_in_place_is_made_again(project, tmp_path):
    first = build(project.root)
    published = first.site / "verhalen" / "henk-loopt" / "henk.jpg"
    good = published.read_bytes()
    with open(published, "r+b") as handle:
        handle.seek(len(good) // 2)
        handle.write(b"\x00" * 32)
    # a change elsewhere: the story's part would be reused, but for its changed image
    project.step(
        "knie", "02-operatie.md", title="De operatie", phase="during", when="0d", summary="Kort."
    )
    again = build(project.root)
    assert (again.site / "verhalen" / "henk-loopt" / "henk.jpg").read_bytes() == good


# Any sequence of edits: the incremental build is the full build


def edit_step(project: SiteProject, number: int) -> None:
    project.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        summary=SUMMARIES[number % len(SUMMARIES)],
        body=f"Je praat met de arts. Dat duurt {number + 10} minuten.\n",
    )


def add_or_remove_step(project: SiteProject, number: int) -> None:
    extra = project.root / "journeys" / "heup" / "03-controle.md"
    if extra.exists():
        extra.unlink()
    else:
        project.step(
            "heup",
            "03-controle.md",
            title="De controle",
            phase="after",
            when=f"+{number % 4 + 2}w",
            summary=SUMMARIES[number % len(SUMMARIES)],
        )


def edit_story(project: SiteProject, number: int) -> None:
    project.story(
        "wilma-fietst",
        quote=QUOTES[number % len(QUOTES)],
        summary=f"Wilma vertelt over week {number + 1}.",
    )


def withdraw_or_restore(project: SiteProject, number: int) -> None:
    withdrawn = {"withdrawn": WITHDRAWN} if number % 2 == 0 else {}
    henk_story(project, consent=consent_meta(photo=True, **withdrawn))


def relink_story(project: SiteProject, number: int) -> None:
    journeys = [["knie"], ["heup"], ["knie", "heup"]][number % 3]
    project.story("wilma-fietst", journeys=journeys)


def edit_template(project: SiteProject, number: int) -> None:
    shipped = (PACKAGE_TEMPLATES / "pages" / "step.md.j2").read_text(encoding="utf-8")
    project.write("templates/pages/step.md.j2", shipped + f"\nVersie {number} van de stap.\n")


def retitle_step(project: SiteProject, number: int) -> None:
    """A new title: the navigation of every page changes (`page_reuse`)."""
    titles = ["Het gesprek", "Het eerste gesprek", "Praten met de arts"]
    project.step("heup", "01-gesprek.md", story="henk-loopt", title=titles[number % 3])


def edit_hand_written_page(project: SiteProject, number: int) -> None:
    project.write("docs/over.md", f"# Over ons\n\nWe zijn er al {number + 20} jaar.\n")


def edit_site_option(project: SiteProject, number: int) -> None:
    project.write_config(site_name=f"Zorggroep Test {number}")


def edit_theme_override(project: SiteProject, number: int) -> None:
    """A site's own theme template (`custom_dir`), which every page is rendered with."""
    project.write(
        "overrides/main.html",
        '{% extends "base.html" %}\n{% block announce %}Versie ' + str(number) + "{% endblock %}\n",
    )
    project.write_config(theme={"name": "material", "language": "nl", "custom_dir": "overrides"})


EDITS = [
    edit_step,
    add_or_remove_step,
    edit_story,
    withdraw_or_restore,
    relink_story,
    edit_template,
    retitle_step,
    edit_hand_written_page,
    edit_site_option,
    edit_theme_override,
]


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(EDITS), st.integers(min_value=0, max_value=5)),
        min_size=1,
        max_size=3,
    )
)
def test_after_any_edits_the_incremental_build_is_the_full_build(edits):
    with tempfile.TemporaryDirectory(prefix="reisverhaal-incremental-") as folder:
        project = two_journeys(Path(folder) / "project")
        build(project.root)
        for edit, number in edits:
            edit(project, number)
            incremental = tree_bytes(build(project.root).site)
            assert incremental == from_scratch(project, Path(folder) / "scratch"), edit.__name__


# The garbage collector


def test_collection_pauses_during_a_build_and_what_it_left_is_freed_by_the_next():
    class Node:
        me: object = None

    def make():
        assert not gc.isenabled()
        node = Node()
        node.me = node  # a cycle: only the collector frees it
        return weakref.ref(node)

    built = few_collections(make)
    first = built()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.collect()
    assert first() is not None  # frozen while MkDocs renders the pages
    built()
    assert first() is None  # the next build (mkdocs serve) collected it

    def failing():
        raise ValueError("kapot")

    with pytest.raises(ValueError):
        few_collections(failing)()
    assert gc.isenabled()
    gc.unfreeze()
