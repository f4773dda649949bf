"""Video in a built site: players with captions and transcripts, renditions per platform
without metadata, and nothing of a story video without video consent (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from bs4 import BeautifulSoup

from conftest import SiteProject, build, consent_meta
from reisverhaal.core.output import page_path, step_uri, story_uri
from reisverhaal.core.settings import Urls
from video_clips import PHONE_METADATA, VTT, make_clip

SCALE = 0.25
HIDDEN = "Joop vertelt over Kees."
"""A sentence in the captions of the story video without video consent."""


class _Step:
    def __init__(self, slug):
        self.slug = slug


def video_site(root: Path) -> SiteProject:
    """A consented story video, a story video without video consent, a step video and a
    YouTube reference."""
    project = SiteProject.small(root, video={"scale": SCALE})
    make_clip(root / "journeys/knie/media/gesprek.mp4")
    project.write("journeys/knie/media/gesprek.vtt", VTT)
    project.step(
        "knie",
        "01-eerste-gesprek.md",
        story="wilma-fietst",
        video="media/gesprek.mp4",
        captions="media/gesprek.vtt",
        video_description="Een gele vorm schuift door een groene kamer.",
    )
    project.step(
        "knie",
        "02-operatie.md",
        title="De operatie",
        phase="during",
        when="0d",
        summary="Op de dag van de operatie krijg je een nieuwe knie.",
        youtube="abcDEF12345",
        video_description="Een rondleiding door de operatiekamer.",
    )
    make_clip(root / "stories/wilma-fietst/wilma.mp4", seconds=2)
    project.write(
        "stories/wilma-fietst/wilma.vtt",
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nIk fiets weer elke dag.\n",
    )
    project.story(
        "wilma-fietst",
        consent=consent_meta(video=True),
        video="wilma.mp4",
        captions="wilma.vtt",
        video_description="Wilma vertelt over haar fiets.",
    )
    make_clip(root / "stories/joop/joop.mp4", seconds=2, size=(240, 320))
    project.write("stories/joop/joop.vtt", f"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n{HIDDEN}\n")
    project.story(
        "joop",
        title="Joop loopt weer",
        person="Joop",
        journeys=[],
        video="joop.mp4",
        captions="joop.vtt",
        video_description="Joop aan tafel.",
    )
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("video") / "project"
    video_site(root)
    return build(root)


def _page(built, uri: str) -> BeautifulSoup:
    return BeautifulSoup(built.page(page_path(uri)), "html.parser")


def _step_page(built):
    return _page(built, step_uri(Urls(), _journey(), _Step("eerste-gesprek")))


def _journey():
    return _Step("knie")


def test_the_step_page_plays_its_video_with_dutch_captions_and_a_transcript(built):
    soup = _step_page(built)
    video = soup.select_one("figure.rv-video video")
    assert video["preload"] == "none" and video.has_attr("controls")
    track = video.find("track")
    assert (track["kind"], track["srclang"]) == ("captions", "nl")
    page_dir = built.site / page_path(step_uri(Urls(), _journey(), _Step("eerste-gesprek")))
    for attribute in (video.find("source")["src"], video["poster"], track["src"]):
        assert (page_dir / attribute).resolve().is_file(), attribute
    assert (page_dir / track["src"]).read_text().startswith("WEBVTT")
    transcript = soup.select_one("details.rv-transcript").get_text(" ", strip=True)
    assert "Hier zie je de wachtkamer. Je wacht hier even." in transcript
    index = (built.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Je wacht hier even." in index


def test_the_web_rendition_has_no_metadata_of_the_phone(built):
    soup = _step_page(built)
    page_dir = built.site / page_path(step_uri(Urls(), _journey(), _Step("eerste-gesprek")))
    path = (page_dir / soup.select_one("video source")["src"]).resolve()
    with av.open(str(path)) as container:
        written = [container.metadata, *(stream.metadata for stream in container.streams)]
        assert [s.codec_context.name for s in container.streams] == ["h264", "aac"]
    values = " ".join(f"{k} {v}" for meta in written for k, v in meta.items())
    for value in PHONE_METADATA.values():
        assert value not in values
    assert "location" not in values and "encoder" not in values
    data = path.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat"), "fast start: the index comes first"
    assert b"Telefoon" not in data and b"+52.0907" not in data


def test_a_youtube_video_is_a_still_and_a_button_until_clicked(built):
    soup = _page(built, step_uri(Urls(), _journey(), _Step("operatie")))
    figure = soup.select_one("figure.rv-video--external")
    assert figure["data-rv-embed"].startswith("https://www.youtube-nocookie.com/embed/abcDEF12345")
    assert not soup.find("iframe")
    sources = [tag.get("src", "") for tag in soup.find_all(["img", "script", "iframe", "video"])]
    assert not [s for s in sources if "youtube" in s or "vimeo" in s]
    still = figure.find("img")["src"]
    page_dir = built.site / page_path(step_uri(Urls(), _journey(), _Step("operatie")))
    assert (page_dir / still).resolve().read_bytes().startswith(b"\x89PNG")


def test_the_consented_story_shows_its_video(built):
    soup = _page(built, story_uri(Urls(), _Step("wilma-fietst")))
    assert soup.select_one("figure.rv-video video track[kind=captions]")
    assert "Ik fiets weer elke dag." in soup.select_one("details.rv-transcript").get_text()


def test_nothing_of_a_story_video_without_video_consent_is_anywhere(built):
    soup = _page(built, story_uri(Urls(), _Step("joop")))
    assert soup.select_one("video") is None
    for path in built.site.rglob("*"):
        if path.is_file():
            assert HIDDEN.encode() not in path.read_bytes(), path
            assert "joop" not in path.name or path.suffix in (".html", ".xml")
    renditions = [p for p in built.site.rglob("*.mp4")]
    assert renditions and all("joop" not in str(p) for p in renditions)
    # Joop's clip is the only standing 240×320 source: no rendition of that shape exists.
    for path in renditions:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            assert (stream.width, stream.height) != (120, 160)


def _renditions(built, folder: str) -> dict[str, Path]:
    return {p.name: p for p in (built.site / folder).glob("*.mp4")}


def test_renditions_per_platform_at_their_sizes_and_durations(built):
    found = _renditions(built, "deelkit/knie/video/eerste-gesprek")
    sizes = {}
    for name, path in found.items():
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            sizes[name] = (stream.width, stream.height)
            assert abs(container.duration / 1_000_000 - 3.0) < 0.2
            assert not {k for k in container.metadata if k not in av_brands()}
        for suffix in (".jpg", ".vtt", ".srt"):
            assert path.with_suffix(suffix).is_file()
    shapes = {size for size in sizes.values()}
    assert shapes == {(270, 480), (270, 338), (480, 270)}
    assert any("ondertiteld" in name for name in found), "burned-in captions for Instagram"
    story = _renditions(built, "deelkit/verhalen/wilma-fietst/video")
    assert story, "the consented story's video is cut for the platforms its consent covers"


def av_brands() -> set[str]:
    return {"major_brand", "minor_version", "compatible_brands"}


def test_a_warm_build_encodes_nothing(tmp_path):
    root = tmp_path / "project"
    video_site(root)
    build(root)
    cache = root / ".cache/reisverhaal/video"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("video.mp4")}
    (root / "journeys/knie/03-thuis.md").write_text(
        (root / "journeys/knie/03-thuis.md").read_text().replace("beetje.", "beetje meer.")
    )
    build(root)
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("video.mp4")}
    assert before == after and before


def test_a_reused_part_keeps_its_video_posts(tmp_path):
    root = tmp_path / "project"
    video_site(root)
    first = (build(root).site / "deelkit/snippets.json").read_text(encoding="utf-8")
    assert '"video": "deelkit/knie/video/' in first
    story = root / "stories/joop/index.md"  # quoted by no step: the journey's part is reused
    story.write_text(story.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    built = build(root)
    assert (built.site / "deelkit/snippets.json").read_text(encoding="utf-8") == first


def test_video_posts_carry_their_rendition_and_the_share_kit_offers_the_downloads(built):
    snippets = json.loads((built.site / "deelkit/snippets.json").read_text(encoding="utf-8"))
    first = {s["platform"]: s for s in snippets if s["step"] == "eerste-gesprek"}
    assert first["instagram"]["video"].startswith("deelkit/knie/video/eerste-gesprek/vertical-")
    assert "ondertiteld" in first["instagram"]["video"], "Instagram takes no caption file"
    assert "ondertiteld" not in first["facebook"]["video"]
    assert (built.site / first["instagram"]["video"]).is_file()
    later = [s for s in snippets if s["step"] == "thuis"]
    assert later and all("video" not in s for s in later), "a step without video: no video"
    kit = BeautifulSoup(built.page("deelkit/knie/"), "html.parser")
    videos = kit.select(".rv-kit__video")
    assert videos
    buttons = [a.get_text(" ", strip=True) for a in videos[0].select("a.md-button")]
    assert any(" s, " in text and "MB" in text for text in buttons), buttons
    transcripts = [t.get_text() for t in kit.select(".rv-kit__video textarea")]
    assert any("Je wacht hier even." in t for t in transcripts)


def test_a_withdrawal_removes_every_rendition_and_lists_the_video_posts(tmp_path):
    from datetime import date

    root = tmp_path / "project"
    project = video_site(root)
    project.journey("knie", date=date(2026, 12, 1))
    project.step(
        "knie",
        "03-thuis.md",
        title="Weer thuis",
        phase="after",
        when="+3d",
        summary="Thuis oefen je elke dag een beetje.",
        story="wilma-fietst",
    )
    site = build(root).site
    snippets = json.loads((site / "deelkit/snippets.json").read_text(encoding="utf-8"))
    carried = {s["platform"]: s.get("video") for s in snippets if s["step"] == "thuis"}
    assert carried["facebook"].startswith("deelkit/verhalen/wilma-fietst/video/")
    assert (site / carried["facebook"]).is_file()
    story_files = {p.name for p in (site / "deelkit/verhalen/wilma-fietst/video").iterdir()}
    assert story_files

    wilma = (root / "stories/wilma-fietst/index.md").read_text(encoding="utf-8")
    (root / "stories/wilma-fietst/index.md").write_text(
        wilma.replace("  video: true\n", "  video: true\n  withdrawn: 2027-01-10\n"),
        encoding="utf-8",
    )
    site = build(root).site
    assert not (site / "deelkit/verhalen/wilma-fietst").exists()
    for path in site.rglob("*"):
        assert path.name not in story_files or "wilma" not in str(path), path
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".ics", ".csv"):
            assert "verhalen/wilma-fietst/video" not in path.read_text(encoding="utf-8"), path
    takedown = json.loads((site / "deelkit/takedown.json").read_text(encoding="utf-8"))
    records = takedown if isinstance(takedown, list) else takedown.get("posts", takedown)
    flat = json.dumps(records)
    assert '"video": true' in flat
    video_posts = [r for r in _records(records) if r.get("video")]
    assert {r["step"] for r in video_posts} == {"thuis"}
    assert "facebook" in {r["platform"] for r in video_posts}
    assert "Ik fiets weer elke dag." not in flat


def _records(found) -> list[dict]:
    """The post records in takedown.json, however it nests them."""
    if isinstance(found, dict):
        if "platform" in found:
            return [found]
        return [r for value in found.values() for r in _records(value)]
    if isinstance(found, list):
        return [r for item in found for r in _records(item)]
    return []


def test_renditions_no_page_uses_leave_the_cache_after_30_days(tmp_path):
    import os
    import time

    root = tmp_path / "project"
    video_site(root)
    build(root)
    cache = root / ".cache/reisverhaal/video"
    used = sorted(cache.iterdir())
    stale = cache / "0123456789abcdef0123456789abcdef"
    stale.mkdir()
    (stale / "video.mp4").write_bytes(b"oud")
    long_ago = time.time() - 40 * 86400
    for folder in (stale, *used):
        os.utime(folder, (long_ago, long_ago))
    (root / "journeys/knie/03-thuis.md").write_text(
        (root / "journeys/knie/03-thuis.md").read_text().replace("beetje.", "beetje meer.")
    )
    build(root)
    assert not stale.exists()
    assert all(folder.exists() for folder in used), "renditions the site uses stay"


def test_descriptions_and_captions_are_text_everywhere(tmp_path):
    root = tmp_path / "project"
    project = SiteProject.small(root, video={"scale": 0.1})
    make_clip(root / "journeys/knie/media/gesprek.mp4")
    attack = '<script>alert(1)</script> {{ 7*7 }} **vet** "a" & b'
    project.write(
        "journeys/knie/media/gesprek.vtt",
        "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<b>Vet</b> en &lt;img src=x&gt; {{ 7*7 }}\n",
    )
    project.step(
        "knie",
        "01-eerste-gesprek.md",
        video="media/gesprek.mp4",
        captions="media/gesprek.vtt",
        video_description=attack,
    )
    project.step("knie", "02-operatie.md", title="De operatie", phase="during",
                 summary="Op de dag van de operatie krijg je een nieuwe knie.",
                 vimeo=76979871, video_description=attack)  # fmt: skip
    site = build(root).site
    pages = [
        page_path(step_uri(Urls(), _journey(), _Step(slug)))
        for slug in ("eerste-gesprek", "operatie")
    ]
    for page in [*pages, "deelkit/knie/"]:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select(".rv-video b, .rv-video img[src=x], .rv-kit__video img[src=x]")
    soup = BeautifulSoup(built_page(site, pages[0]), "html.parser")
    assert soup.select_one("figure.rv-video figcaption").get_text() == attack  # not 49, not bold
    transcript = soup.select_one("details.rv-transcript p").get_text()
    assert transcript == "Vet en <img src=x> {{ 7*7 }}"
    kit = BeautifulSoup(built_page(site, "deelkit/knie/"), "html.parser")
    transcripts = [t.get_text() for t in kit.select(".rv-kit__video textarea")]
    assert transcripts and set(transcripts) == {"Vet en <img src=x> {{ 7*7 }}"}
    track = next(site.rglob("eerste-gesprek.vtt")).read_text(encoding="utf-8")
    assert "&lt;img src=x&gt;" in track and "<img" not in track
    vimeo = BeautifulSoup(built_page(site, pages[1]), "html.parser")
    assert vimeo.select_one("figure")["data-rv-embed"] == (
        "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
    )


def built_page(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_editing_the_captions_or_replacing_the_video_rebuilds_what_uses_them(tmp_path):
    root = tmp_path / "project"
    video_site(root)
    build(root)
    captions = root / "journeys/knie/media/gesprek.vtt"
    captions.write_text(VTT.replace("Je wacht hier even.", "Je wacht hier kort."))
    built = build(root)
    soup = _step_page(built)
    assert "Je wacht hier kort." in soup.select_one("details.rv-transcript").get_text()
    page_dir = built.site / page_path(step_uri(Urls(), _journey(), _Step("eerste-gesprek")))
    track = (page_dir / soup.select_one("video track")["src"]).resolve()
    assert "Je wacht hier kort." in track.read_text(encoding="utf-8")
    make_clip(root / "journeys/knie/media/gesprek.mp4", size=(480, 270))
    built = build(root)
    video = _step_page(built).select_one("video")
    assert (video["width"], video["height"]) == ("120", "68")
