"""Loading journeys, steps and stories: models, and a located message for every bad input."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (
    AUDIENCES,
    OMIT,
    SiteProject,
    bomb_png,
    consent_meta,
    front_matter,
    line_of,
    step_meta,
    write_image,
)
from reisverhaal.content.load import load_content
from reisverhaal.content.model import JourneyMeta, StepMeta, StoryMeta
from reisverhaal.core.findings import Finding

JOURNEY = "journeys/knie/index.md"
STEP = "journeys/knie/01-eerste-gesprek.md"
STORY = "stories/wilma-fietst/index.md"


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    return SiteProject.small(tmp_path / "project")


def load(project: SiteProject):
    return load_content(project.root, AUDIENCES)


def only_finding(content, path: str) -> Finding:
    """The one error of a file (a story's unreadable consent is said apart, as a warning)."""
    found = [f for f in content.findings if f.path == path and f.rule != "consent.unreadable"]
    assert len(found) == 1, content.findings
    assert found[0].level == "error"
    return found[0]


def step_slugs(content) -> list[str]:
    return [step.slug for journey in content.journeys for step in journey.steps]


# The small site as it should load


def test_small_site_loads_without_findings(project):
    content = load(project)
    assert content.findings == []
    [journey] = content.journeys
    assert journey.slug == "knie"
    assert journey.meta.kind == "treatment"
    assert journey.meta.date == datetime(2027, 3, 12, 9, 0)
    assert [s.slug for s in journey.steps] == ["eerste-gesprek", "operatie", "thuis"]
    assert [s.number for s in journey.steps] == [1, 2, 3]
    assert [s.phase for s in journey.steps] == ["before", "during", "after"]
    assert journey.steps[0].meta.when == timedelta(days=-14)
    assert journey.steps[2].meta.when == timedelta(days=3)
    [story] = content.stories
    assert story.slug == "wilma-fietst"
    assert story.consent.given == date(2026, 6, 1)
    assert story.consent.photo is False
    assert journey.steps[0].meta.story == "wilma-fietst"


def test_steps_are_ordered_by_file_name_and_slugged_without_the_number(project):
    project.step("knie", "10-controle.md", title="Controle")
    project.step("knie", "02b-na-de-operatie.md", title="Na de operatie")
    journey = load(project).journey("knie")
    assert [s.slug for s in journey.steps] == [
        "eerste-gesprek",
        "operatie",
        "b-na-de-operatie",
        "thuis",
        "controle",
    ]
    assert journey.step("controle").meta.title == "Controle"


def test_body_and_its_first_line_are_kept(project):
    content = load(project)
    step = content.journey("knie").steps[0]
    assert step.body.strip() == "Je praat met de arts."
    lines = step.source.read_text(encoding="utf-8").splitlines()
    assert lines[step.body_line - 1] == "Je praat met de arts."


@pytest.mark.parametrize("when, days", [("-2w", -14), ("0d", 0), ("+3d", 3), ("-1d", -1)])
def test_step_offsets(project, when, days):
    project.step("knie", "01-eerste-gesprek.md", when=when)
    step = load(project).journey("knie").steps[0]
    assert step.meta.when == timedelta(days=days)


def test_offsets_in_hours(project):
    project.step("knie", "01-eerste-gesprek.md", when="+2h")
    assert load(project).journey("knie").steps[0].meta.when == timedelta(hours=2)


def test_a_byte_order_mark_and_windows_line_ends_are_fine(project):
    path = project.root / STEP
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    content = load(project)
    assert content.findings == []
    assert content.journey("knie").steps[0].meta.title == "Het eerste gesprek"


def test_loading_never_changes_the_content_folders(project):
    project.image("journeys/knie/media/knie.jpg")
    project.journey("knie", image="media/knie.jpg", image_alt="Een knie.")
    project.write("journeys/knie/99-kapot.md", b"\xff\xfe kapot")
    before = {
        p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.root.rglob("*") if p.is_file()
    }
    load(project)
    after = {
        p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.root.rglob("*") if p.is_file()
    }
    assert after == before


# Bad front matter: one located finding, the file left out, the rest loaded


def test_unknown_key_names_the_key_line_allowed_keys_and_a_guess(project):
    path = project.journey("knie", titel="Knie")
    content = load(project)
    finding = only_finding(content, JOURNEY)
    assert finding.rule == "front-matter.unknown-key"
    assert finding.line == line_of(path, "titel:")
    assert "'titel'" in finding.message
    assert "Bedoelde je 'title'?" in finding.message
    assert "kind, location" in finding.message
    assert content.journeys == []
    assert [s.slug for s in content.stories] == ["wilma-fietst"]


def test_a_list_too_short_is_named_as_such_not_as_a_missing_key(project):
    path = project.journey("knie", focus=[0.5])
    finding = only_finding(load(project), JOURNEY)
    assert finding.rule == "front-matter.invalid"
    assert finding.line == line_of(path, "focus:")
    assert "'focus' heeft te weinig waarden" in finding.message
    assert "[x, y]" in finding.message and "ontbreekt" not in finding.message


def test_unknown_nested_key_names_its_path(project):
    path = project.story("wilma-fietst", consent=consent_meta(foto=True))
    finding = only_finding(load(project), STORY)
    assert finding.rule == "front-matter.unknown-key"
    assert finding.line == line_of(path, "foto:")
    assert "'consent.foto'" in finding.message
    assert "'photo'" in finding.message


@pytest.mark.parametrize(
    "where, key, value, allowed",
    [
        ("journey", "kind", "operatie", ["treatment", "meeting", "training", "policy"]),
        ("journey", "repeat", "monthly", ["yearly"]),
        ("step", "phase", "daarna", ["before", "during", "after"]),
        ("story", "role", "patient", ["client", "family", "staff", "volunteer"]),
    ],
)
def test_bad_enum_names_the_value_and_what_is_allowed(project, where, key, value, allowed):
    writers = {
        "journey": lambda: project.journey("knie", **{key: value}),
        "step": lambda: project.step("knie", "01-eerste-gesprek.md", **{key: value}),
        "story": lambda: project.story("wilma-fietst", **{key: value}),
    }
    path = writers[where]()
    relative = path.relative_to(project.root).as_posix()
    finding = only_finding(load(project), relative)
    assert finding.rule == "front-matter.enum"
    assert finding.line == line_of(path, f"{key}:")
    assert f"'{key}'" in finding.message
    assert repr(value) in finding.message
    for option in allowed:
        assert option in finding.message
    assert " or " not in finding.message


def test_bad_channel_in_a_list_names_the_item_and_the_channels(project):
    path = project.story("wilma-fietst", consent=consent_meta(channels=["website", "tiktokk"]))
    finding = only_finding(load(project), STORY)
    assert finding.rule == "front-matter.enum"
    assert finding.line == line_of(path, "- tiktokk")
    assert "consent.channels" in finding.message
    assert "'tiktokk'" in finding.message
    assert "'newsletter'" in finding.message and "'tiktok'" in finding.message


def test_unknown_platform_in_posts_names_the_platforms(project):
    project.step("knie", "01-eerste-gesprek.md", posts={"myspace": False})
    finding = only_finding(load(project), STEP)
    assert "myspace" in finding.message
    assert "'instagram'" in finding.message
    assert "[key]" not in finding.message


def test_unknown_audience_names_the_configured_ones(project):
    path = project.journey("knie", audiences=["jongeren"])
    finding = only_finding(load(project), JOURNEY)
    assert finding.line == line_of(path, "audiences:")
    assert "jongeren" in finding.message
    assert "ouderen, mantelzorgers" in finding.message


@pytest.mark.parametrize(
    "where, key, value",
    [
        ("journey", "date", "12-03-2027"),
        ("journey", "date", "2027-02-30"),
        ("consent", "given", "2026-13-01"),
        ("consent", "expires", "volgend jaar"),
        ("consent", "withdrawn", "2026-9-1x"),
    ],
)
def test_bad_dates_say_how_to_write_a_date(project, where, key, value):
    if where == "journey":
        path = project.journey("knie", **{key: value})
    else:
        path = project.story("wilma-fietst", consent=consent_meta(**{key: value}))
    relative = path.relative_to(project.root).as_posix()
    finding = only_finding(load(project), relative)
    assert finding.rule == "front-matter.date"
    assert finding.line == line_of(path, f"{key}:")
    assert value in finding.message
    assert "2027-03-12" in finding.message


@pytest.mark.parametrize(
    "where, key",
    [
        ("journey", "title"),
        ("journey", "kind"),
        ("journey", "summary"),
        ("step", "phase"),
        ("step", "summary"),
        ("story", "person"),
        ("story", "role"),
        ("story", "consent"),
    ],
)
def test_missing_required_key_is_named(project, where, key):
    writers = {
        "journey": lambda: project.journey("knie", **{key: OMIT}),
        "step": lambda: project.step("knie", "01-eerste-gesprek.md", **{key: OMIT}),
        "story": lambda: project.story("wilma-fietst", **{key: OMIT}),
    }
    path = writers[where]()
    relative = path.relative_to(project.root).as_posix()
    finding = only_finding(load(project), relative)
    assert finding.rule == "front-matter.missing-key"
    assert f"'{key}'" in finding.message
    assert finding.line is not None


@pytest.mark.parametrize("key", ["reference", "given", "channels"])
def test_missing_consent_field_is_named_with_its_path(project, key):
    project.story("wilma-fietst", consent=consent_meta(**{key: OMIT}))
    finding = only_finding(load(project), STORY)
    assert f"'consent.{key}'" in finding.message


def test_empty_consent_channels_are_refused(project):
    project.story("wilma-fietst", consent=consent_meta(channels=[]))
    finding = only_finding(load(project), STORY)
    assert "consent.channels" in finding.message
    assert load(project).stories == []


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("title", True, "verwacht tekst"),
        ("title", "", "mag niet leeg zijn"),
        ("summary", "a" * 201, "200 tekens"),
        ("hashtags", ["#knie"], "zonder '#'"),
        ("themes", ["Zelfstandig Thuis"], "slug"),
        ("focus", [2, 0.5], "tussen 0 en 1"),
        ("channels", "website", "lijst"),
    ],
)
def test_wrong_values_say_what_is_expected(project, key, value, words):
    path = project.journey("knie", **{key: value})
    finding = only_finding(load(project), JOURNEY)
    assert finding.rule == "front-matter.invalid"
    assert finding.line in (line_of(path, f"{key}:"), line_of(path, f"{key}:") + 1)
    assert f"'{key}" in finding.message
    assert words in finding.message


@pytest.mark.parametrize("when", ["twee weken", "-14 dagen", "99999999999d", 10**20])
def test_bad_step_offsets(project, when):
    path = project.step("knie", "01-eerste-gesprek.md", when=when)
    finding = only_finding(load(project), STEP)
    assert finding.line == line_of(path, "when:")
    assert "-14d" in finding.message
    assert step_slugs(load(project)) == ["operatie", "thuis"]


def test_image_without_alt_text_points_at_the_image(project):
    project.image("journeys/knie/media/knie.jpg")
    path = project.journey("knie", image="media/knie.jpg")
    finding = only_finding(load(project), JOURNEY)
    assert "image_alt" in finding.message
    assert finding.line == line_of(path, "image:")
    assert "{" not in finding.message, "the whole front matter is not part of the message"


def test_a_broken_step_leaves_only_that_step_out(project):
    project.step("knie", "02-operatie.md", phase="midden")
    content = load(project)
    only_finding(content, "journeys/knie/02-operatie.md")
    assert step_slugs(content) == ["eerste-gesprek", "thuis"]
    assert [s.slug for s in content.stories] == ["wilma-fietst"]


def test_duplicate_step_slug(project):
    project.step("knie", "04-thuis.md")
    content = load(project)
    finding = only_finding(content, "journeys/knie/04-thuis.md")
    assert finding.rule == "step.duplicate"
    assert "03-thuis.md" in finding.message
    assert step_slugs(content) == ["eerste-gesprek", "operatie", "thuis"]


def test_step_file_name_that_is_no_slug(project):
    project.step("knie", "04-Weer_Thuis.md")
    finding = only_finding(load(project), "journeys/knie/04-Weer_Thuis.md")
    assert finding.rule == "step.slug"
    assert "Weer_Thuis" in finding.message


def test_folder_name_that_is_no_slug_and_folder_without_index(project):
    project.write("journeys/Nieuwe Heup/index.md", front_matter({"title": "Heup"}))
    project.step("leeg", "01-stap.md")
    content = load(project)
    assert only_finding(content, "journeys/Nieuwe Heup").rule == "folder.slug"
    assert only_finding(content, "journeys/leeg").rule == "folder.no-index"
    assert [j.slug for j in content.journeys] == ["knie"]


# Files that are not what they should be


def test_non_utf8_file_names_the_line(project):
    project.write("journeys/knie/02-operatie.md", "---\ntitle: Café\n---\n".encode("latin-1"))
    finding = only_finding(load(project), "journeys/knie/02-operatie.md")
    assert finding.rule == "file.encoding"
    assert finding.line == 2
    assert "UTF-8" in finding.message


def test_malformed_yaml_names_the_line(project):
    project.write(
        "journeys/knie/02-operatie.md",
        "---\ntitle: Operatie\nphase: during\nsummary: [niet gesloten\nwhen: 0d\n---\n",
    )
    finding = only_finding(load(project), "journeys/knie/02-operatie.md")
    assert finding.rule == "front-matter.yaml"
    assert finding.line in (4, 5)
    assert "YAML" in finding.message


def test_yaml_tags_are_refused_not_executed(project, tmp_path):
    marker = tmp_path / "uitgevoerd"
    project.write(
        "journeys/knie/02-operatie.md",
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n",
    )
    finding = only_finding(load(project), "journeys/knie/02-operatie.md")
    assert finding.rule == "front-matter.yaml"
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    ["Geen front matter hier.\n", "", "---\ntitle: Operatie\nphase: during\n"],
    ids=["no-front-matter", "empty-file", "front-matter-not-closed"],
)
def test_missing_or_unclosed_front_matter(project, text):
    project.write("journeys/knie/02-operatie.md", text)
    finding = only_finding(load(project), "journeys/knie/02-operatie.md")
    assert finding.rule.startswith("front-matter.")
    assert "---" in finding.message
    assert finding.line is not None


def test_front_matter_that_is_a_list(project):
    project.write("journeys/knie/02-operatie.md", "---\n- title\n- phase\n---\n")
    finding = only_finding(load(project), "journeys/knie/02-operatie.md")
    assert "sleutel: waarde" in finding.message


def test_huge_file_is_refused(project):
    project.write("stories/wilma-fietst/index.md", "---\ntitle: x\n---\n" + "a" * 2_100_000)
    finding = only_finding(load(project), STORY)
    assert finding.rule == "file.too-large"


def test_yaml_alias_bomb_gives_a_short_message_quickly(project):
    levels = [f"a0: &a0 [{', '.join(['x'] * 9)}]"]
    for n in range(1, 9):
        levels.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]")
    text = "---\n" + "\n".join(levels) + "\ntitle: *a8\n---\n"
    project.write("journeys/knie/02-operatie.md", text)
    found = [f for f in load(project).findings if f.path == "journeys/knie/02-operatie.md"]
    assert found and all(f.level == "error" for f in found)
    assert all(len(finding.message) < 1000 for finding in found)
    assert sum(len(finding.message) for finding in found) < 5000


# Images: paths that leave the folder, missing, not an image, corrupt, too large


def image_finding(project, value: str) -> Finding:
    path = project.journey("knie", image=value, image_alt="Een knie.")
    content = load(project)
    finding = only_finding(content, JOURNEY)
    assert finding.line == line_of(path, "image:")
    assert content.journeys == []
    assert [s.slug for s in content.stories] == ["wilma-fietst"]
    return finding


@pytest.mark.parametrize("value", ["../../stories/wilma-fietst/wilma.jpg", "/etc/hosts"])
def test_image_path_outside_the_folder(project, value):
    write_image(project.root / "stories/wilma-fietst/wilma.jpg")
    finding = image_finding(project, value)
    assert finding.rule == "image.path"
    assert value in finding.message
    assert "journeys/knie" in finding.message


def test_image_symlink_out_of_the_folder(project, tmp_path):
    outside = write_image(tmp_path / "elders" / "geheim.jpg")
    link = project.root / "journeys/knie/media/knie.jpg"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    finding = image_finding(project, "media/knie.jpg")
    assert finding.rule == "image.path"
    assert "media/knie.jpg" in finding.message


def test_missing_image(project):
    finding = image_finding(project, "media/knie.jpg")
    assert finding.rule == "image.missing"
    assert "media/knie.jpg" in finding.message


def test_image_with_the_wrong_case_is_missing(project):
    project.image("journeys/knie/media/Knie.JPG")
    assert image_finding(project, "media/knie.jpg").rule == "image.missing"


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("tekening.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        ("tekst.jpg", b"Dit is geen foto.\n", "JPEG, PNG of WebP"),
        ("leeg.png", b"", "JPEG, PNG of WebP"),
    ],
)
def test_file_that_is_not_a_raster_image(project, name, data, words):
    project.write(f"journeys/knie/media/{name}", data)
    finding = image_finding(project, f"media/{name}")
    assert finding.rule.startswith("image")
    assert words in finding.message
    assert f"media/{name}" in finding.message


def test_unsupported_raster_format(project):
    project.image("journeys/knie/media/knie.gif", fmt="GIF")
    finding = image_finding(project, "media/knie.gif")
    assert "GIF" in finding.message


def test_corrupt_image(project):
    good = project.image("journeys/knie/media/knie.jpg", size=(800, 600))
    good.write_bytes(good.read_bytes()[:400])
    finding = image_finding(project, "media/knie.jpg")
    assert finding.rule == "image-corrupt"
    assert "beschadigd" in finding.message


@pytest.mark.parametrize("size", [(30_000, 30_000), (8_000, 6_000)], ids=["bomb", "huge"])
def test_decompression_bomb_and_huge_images(project, size):
    project.write("journeys/knie/media/knie.png", bomb_png(*size))
    finding = image_finding(project, "media/knie.png")
    assert finding.rule == "image-too-large"
    assert "te groot" in finding.message


def test_good_image_is_resolved_inside_the_folder(project):
    project.image("journeys/knie/media/knie.jpg")
    project.journey("knie", image="media/knie.jpg", image_alt="Een knie.")
    content = load(project)
    assert content.findings == []
    assert content.journey("knie").image == project.root / "journeys/knie/media/knie.jpg"


def test_step_file_symlinked_from_outside_is_left_out(project, tmp_path):
    outside = tmp_path / "elders.md"
    outside.write_text(front_matter(step_meta(title="Van buiten")), encoding="utf-8")
    (project.root / "journeys/knie/04-buiten.md").symlink_to(outside)
    content = load(project)
    finding = only_finding(content, "journeys/knie/04-buiten.md")
    assert finding.rule == "file.outside"
    assert step_slugs(content) == ["eerste-gesprek", "operatie", "thuis"]


def test_content_folder_symlinked_from_outside_is_left_out(project, tmp_path):
    elsewhere = SiteProject.small(tmp_path / "elders")
    os.symlink(elsewhere.root / "journeys/knie", project.root / "journeys/heup")
    content = load(project)
    assert only_finding(content, "journeys/heup").rule == "folder.outside"
    assert [j.slug for j in content.journeys] == ["knie"]


# Random front matter never gives a traceback

KEYS = sorted(
    {*JourneyMeta.model_fields, *StepMeta.model_fields, *StoryMeta.model_fields, "onbekend"}
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["-14d", "+3d", "0d", "treatment", "before", "client", "website", "x"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*KEYS, "1", ""]), inner, max_size=3)
    ),
    max_leaves=8,
)
metas = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=metas, step=metas, story=metas, body=st.text(max_size=40))
def test_random_front_matter_never_gives_a_traceback(tmp_path_factory, journey, step, story, body):
    project = SiteProject(tmp_path_factory.mktemp("random") / "project")
    for where, meta in (
        ("journeys/j/index.md", journey),
        ("journeys/j/01-s.md", step),
        ("stories/s/index.md", story),
    ):
        project.write(where, "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body)
    content = load_content(project.root, AUDIENCES)
    for finding in content.findings:
        assert finding.message and "Traceback" not in finding.message
        assert len(finding.message) < 1000
    reported = {f.path for f in content.findings if f.rule != "build.left-out"}
    loaded = {journey.source for journey in content.journeys}
    loaded |= {step.source for journey in content.journeys for step in journey.steps}
    loaded |= {story.source for story in content.stories}
    loaded = {path.relative_to(project.root.resolve()).as_posix() for path in loaded}
    expected = {"journeys/j/index.md", "stories/s/index.md"}
    if content.journeys:
        expected.add("journeys/j/01-s.md")
    assert loaded | reported == expected
    assert not loaded & reported


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_file_bytes_never_give_a_traceback(tmp_path_factory, raw):
    project = SiteProject.small(tmp_path_factory.mktemp("bytes") / "project")
    project.write("journeys/knie/02-operatie.md", b"---\n" + raw)
    content = load_content(project.root, AUDIENCES)
    assert {"eerste-gesprek", "thuis"} <= set(step_slugs(content))
    assert all(
        f.path == "journeys/knie/02-operatie.md"
        for f in content.findings
        if f.rule != "build.left-out"
    )


def test_a_key_written_twice_is_named_with_both_lines(project):
    project.write(
        "journeys/knie/02-operatie.md",
        "---\ntitle: Operatie\nphase: during\nsummary: Kort.\ntitle: De operatie\n---\n",
    )
    finding = only_finding(load(project), "journeys/knie/02-operatie.md")
    assert finding.rule == "front-matter.duplicate-key"
    assert finding.line == 5
    assert "'title'" in finding.message and "regel 2 en 5" in finding.message
