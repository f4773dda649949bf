"""Video on steps and stories: read and checked at load, and behind the consent gate."""

from __future__ import annotations

from datetime import date

from conftest import TODAY, consent_meta, line_of
from reisverhaal.consent.gate import ConsentGate
from reisverhaal.content.load import load_content
from video_clips import VTT, make_clip


def _step_with_video(site_project, **meta):
    make_clip(site_project.root / "journeys/knie/media/gesprek.mp4")
    site_project.write("journeys/knie/media/gesprek.vtt", VTT)
    fields = {
        "video": "media/gesprek.mp4",
        "captions": "media/gesprek.vtt",
        "video_description": "Een gele vorm schuift door een groene kamer.",
        **meta,
    }
    return site_project.step("knie", "01-eerste-gesprek.md", **fields)


def _errors(content, rule: str):
    return [f for f in content.findings if f.rule == rule]


def test_a_step_video_is_read_with_its_captions_and_transcript(site_project):
    _step_with_video(site_project)
    content = load_content(site_project.root)
    video = content.journeys[0].steps[0].video
    assert abs(video.duration - 3.0) < 0.2
    assert (video.width, video.height) == (320, 180)
    assert video.has_audio
    assert [cue.text for cue in video.cues] == ["Hier zie je de wachtkamer.", "Je wacht hier even."]
    assert [cue.line for cue in video.cues] == [4, 7]
    assert video.transcript == ["Hier zie je de wachtkamer.", "Je wacht hier even."]
    assert not content.findings


def test_a_video_without_captions_is_a_located_error(site_project):
    path = _step_with_video(site_project, captions=None)
    text = path.read_text().replace("captions: null\n", "")
    path.write_text(text)
    content = load_content(site_project.root)
    assert [s.slug for s in content.journeys[0].steps] == ["operatie", "thuis"]
    (finding,) = [f for f in content.findings if "captions is verplicht" in f.message]
    assert finding.path == "journeys/knie/01-eerste-gesprek.md"
    assert finding.level == "error" and ".vtt" in finding.message


def test_a_file_that_is_no_video_is_a_located_error_not_a_traceback(site_project):
    path = _step_with_video(site_project)
    (site_project.root / "journeys/knie/media/gesprek.mp4").write_bytes(
        b"\x00\x00\x00 ftypmp4" * 50
    )
    content = load_content(site_project.root)
    (finding,) = _errors(content, "video.unreadable")
    assert finding.line == line_of(path, "video:")
    assert "Exporteer" in finding.message


def test_a_missing_captions_file_and_a_path_outside_are_named(site_project):
    path = _step_with_video(site_project, captions="media/weg.vtt")
    content = load_content(site_project.root)
    (finding,) = _errors(content, "captions.missing")
    assert finding.line == line_of(path, "captions:")
    _step_with_video(site_project, video="../../stories/wilma-fietst/x.mp4")
    (finding,) = _errors(load_content(site_project.root), "video.path")
    assert "buiten de map" in finding.message


def test_captions_past_the_end_or_too_fast_are_warnings_at_their_line(site_project):
    _step_with_video(site_project)
    captions = site_project.write(
        "journeys/knie/media/gesprek.vtt",
        "WEBVTT\n\n00:00:00.000 --> 00:00:00.500\n"
        "Dit is veel te veel tekst om in een halve seconde te lezen.\n\n"
        "00:00:01.000 --> 00:00:09.000\nDeze loopt door na het einde.\n",
    )
    content = load_content(site_project.root)
    assert content.journeys[0].steps[0].video is not None  # warnings leave the step in
    (pace,) = _errors(content, "captions.pace")
    (sync,) = _errors(content, "captions.sync")
    assert pace.path == sync.path == "journeys/knie/media/gesprek.vtt"
    assert (pace.line, sync.line) == (line_of(captions, "Dit is"), line_of(captions, "Deze"))
    assert pace.level == sync.level == "warning"


def test_srt_captions_are_read_too(site_project):
    _step_with_video(site_project, captions="media/gesprek.srt")
    site_project.write(
        "journeys/knie/media/gesprek.srt",
        "1\n00:00:00,000 --> 00:00:01,500\nHallo allemaal.\n\n"
        "2\n00:00:01,500 --> 00:00:03,000\nTot ziens.\n",
    )
    video = load_content(site_project.root).journeys[0].steps[0].video
    assert [(c.start, c.end, c.line) for c in video.cues] == [(0.0, 1.5, 3), (1.5, 3.0, 7)]


def test_a_story_video_needs_video_consent_on_top_of_the_channel(site_project):
    make_clip(site_project.root / "stories/wilma-fietst/wilma.mp4")
    site_project.write("stories/wilma-fietst/wilma.vtt", VTT)
    video = {
        "video": "wilma.mp4",
        "captions": "wilma.vtt",
        "video_description": "Een gele vorm schuift door een groene kamer.",
    }
    for consent, allowed in (
        (consent_meta(), set()),
        (consent_meta(video=True), {"website", "facebook", "newsletter"}),
        (consent_meta(video=True, withdrawn=date(2026, 12, 1)), set()),
    ):
        site_project.story("wilma-fietst", consent=consent, **video)
        content = load_content(site_project.root)
        gate = ConsentGate(content.stories, TODAY)
        (story,) = content.stories
        channels = {"website", "facebook", "instagram", "newsletter"}
        assert {c for c in channels if gate.video_for(story, c)} == allowed
    site_project.story("wilma-fietst", consent=consent_meta(), **video)
    content = load_content(site_project.root)
    gate = ConsentGate(content.stories, TODAY)
    assert any(f.rule == "consent.video" for f in gate.findings(site_project.root, ("website",)))


def test_youtube_and_vimeo_ids_are_checked(site_project):
    site_project.step(
        "knie", "01-eerste-gesprek.md", youtube="abcDEF12345", video_description="Een rondleiding."
    )
    video = load_content(site_project.root).journeys[0].steps[0].video
    assert video.external == ("youtube", "abcDEF12345")
    site_project.step("knie", "01-eerste-gesprek.md", youtube="https://youtu.be/x")
    content = load_content(site_project.root)
    assert [s.slug for s in content.journeys[0].steps] == ["operatie", "thuis"]
    assert any("youtube" in f.message for f in content.findings)


def test_the_transcript_goes_through_the_privacy_and_plain_dutch_checks(site_project):
    from reisverhaal.checks.all_texts import writing_findings
    from reisverhaal.core.settings import Settings

    _step_with_video(site_project)
    captions = site_project.write(
        "journeys/knie/media/gesprek.vtt",
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nBel me op 06 12345678.\n\n"
        "00:00:01.500 --> 00:00:03.000\nDe artroscopie duurt kort.\n",
    )
    content = load_content(site_project.root)
    settings = Settings(
        root=site_project.root,
        site_url="https://zorg.example.nl/",
        organisation="Zorggroep Test",
        today=TODAY,
    )
    found = writing_findings(content, settings)
    on_captions = [f for f in found if f.path == "journeys/knie/media/gesprek.vtt"]
    assert any(
        f.rule.startswith("privacy") and f.line == line_of(captions, "Bel me") for f in on_captions
    )
    assert any(
        "artroscopie" in f.message and f.line == line_of(captions, "De artroscopie")
        for f in on_captions
    )
    assert not any("12345678" in f.message for f in on_captions), "masked in messages"


def test_the_schema_checks_youtube_and_vimeo_ids_as_the_loader_does():
    import jsonschema

    from reisverhaal.content.model import StepMeta

    schema = StepMeta.model_json_schema(mode="validation")
    jsonschema.Draft202012Validator.check_schema(schema)
    base = {"title": "t", "phase": "before", "summary": "s", "video_description": "d"}
    valid = jsonschema.Draft202012Validator(schema)
    assert valid.is_valid({**base, "youtube": "abcDEF12345"})
    assert not valid.is_valid({**base, "youtube": "https://youtu.be/abcDEF12345"})
    assert valid.is_valid({**base, "vimeo": 76979871}) and valid.is_valid({**base, "vimeo": "1"})
    assert not valid.is_valid({**base, "vimeo": "vimeo.com/1"})
