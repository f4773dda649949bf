"""Videos of steps and stories: the file and its captions read and checked, or an external id.

A video comes from an editor's folder and is untrusted like a photo: it may be huge, not a
video at all, damaged, or come with captions that cannot be read or do not fit it. Every such
problem is a located `Finding` (file, line of the key, what to do), never a traceback. PyAV is
imported only when a step or story has a video file, so a site without video never loads it.
"""

from __future__ import annotations

import html
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..core.findings import ContentError, Finding, error, shown, warning
from ..data import load

ARROW = re.compile(r"-->")
TAG = re.compile(r"<[^>]*>")
EXTERNAL_SITES = ("youtube", "vimeo")
CAPTION_SUFFIXES = {".vtt": "vtt", ".srt": "srt"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v"}


@dataclass(frozen=True)
class Cue:
    """One caption: when it shows (seconds), its text (tags removed), and the line of its
    text in the captions file."""

    start: float
    end: float
    text: str
    line: int


@dataclass(frozen=True)
class Video:
    """A step's or story's video: a file in its folder with captions, or an external one."""

    description: str
    focus: tuple[float, float] = (0.5, 0.5)
    source: Path | None = None
    captions: Path | None = None
    cues: tuple[Cue, ...] = ()
    duration: float = 0.0
    width: int = 0
    height: int = 0
    has_audio: bool = False
    external: tuple[str, str] | None = None
    """("youtube" | "vimeo", id) for a video that lives there."""
    findings: tuple[Finding, ...] = ()
    """Warnings about the captions (sync, reading pace): they do not leave the file out."""

    @property
    def transcript(self) -> list[str]:
        """The captions as paragraphs of running text: cues joined until a sentence ends."""
        paragraphs, current = [], []
        for cue in self.cues:
            current.append(" ".join(cue.text.split()))
            if re.search(r"[.!?…]['’\"”]?$", current[-1]):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return paragraphs


def facts() -> dict:
    """`data/video.yml`."""
    return load("video")


def read_video(meta, folder: Path, root: Path, display: str, line_of) -> Video:
    """The `Video` the front matter describes, checked; `ContentError` when it cannot be used.
    `line_of(key)`: the line of a front matter key, for messages."""
    focus = meta.video_focus or meta.focus or (0.5, 0.5)
    for site in EXTERNAL_SITES:
        if getattr(meta, site):
            return Video(meta.video_description, focus, external=(site, getattr(meta, site)))
    video_line, captions_line = line_of(("video",)), line_of(("captions",))
    source = _inside(folder, meta.video, "video", display, video_line, root)
    if source.suffix.lower() not in VIDEO_SUFFIXES:
        raise _fail(
            display,
            "video.format",
            f"video '{meta.video}' is geen MP4 of MOV; exporteer de video als .mp4",
            video_line,
        )
    captions = _inside(folder, meta.captions, "captions", display, captions_line, root)
    info = probe(source, display, meta.video, video_line)
    cues = read_captions(captions, display, meta.captions, captions_line)
    found = caption_findings(cues, info["duration"], shown(captions, root))
    return Video(
        meta.video_description,
        focus,
        source=source,
        captions=captions,
        cues=tuple(cues),
        findings=tuple(found),
        **info,
    )


def _fail(display: str, rule: str, message: str, line: int | None) -> ContentError:
    return ContentError(error(display, rule, message, line))


def _inside(folder: Path, value: str, key: str, display: str, line, root: Path) -> Path:
    """The file `value` names inside the content folder; it must exist and be a plain file."""
    candidate = Path(value)
    where = shown(folder, root)
    path = folder / candidate
    if candidate.is_absolute() or ".." in candidate.parts or not _within(path, folder):
        raise _fail(
            display,
            f"{key}.path",
            f"{key} '{value}' ligt buiten de map {where}; "
            "zet het bestand in deze map en verwijs ernaar zonder '..' of '/'",
            line,
        )
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is None or not stat.S_ISREG(mode):
        raise _fail(
            display,
            f"{key}.missing",
            f"{key} '{value}' bestaat niet in {where}; "
            "controleer de bestandsnaam (hoofdletters tellen mee)",
            line,
        )
    return path


def _within(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def probe(path: Path, display: str, value: str, line: int | None) -> dict:
    """Duration, size and audio of a video file, after its size is checked and its first
    frame decoded (a file cut short or not a video fails here, not in the renditions)."""
    limits = facts()["source"]
    size = path.stat().st_size
    if size > limits["max_mb"] * 1_000_000:
        raise _fail(
            display,
            "video.too-large",
            f"video '{value}' is te groot "
            f"({size / 1_000_000:.0f} MB); hoogstens {limits['max_mb']} MB. Kort de "
            "video in of exporteer hem opnieuw als MP4 (H.264)",
            line,
        )
    import av  # here: PyAV is loaded only for a site with video

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            duration = _duration(container, stream)
            frame = next(container.decode(stream))
            width, height = frame.width, frame.height
            if abs(frame.rotation) in (90, 270):
                width, height = height, width
            has_audio = bool(container.streams.audio)
    except (av.FFmpegError, IndexError, StopIteration, OSError, ValueError):
        raise _fail(
            display,
            "video.unreadable",
            f"video '{value}' is niet te lezen als "
            "video; is het bestand beschadigd of onvolledig gekopieerd? Exporteer "
            "het opnieuw als MP4 (H.264)",
            line,
        ) from None
    if duration <= 0:
        raise _fail(
            display,
            "video.unreadable",
            f"video '{value}' heeft geen lengte; exporteer het opnieuw als MP4 (H.264)",
            line,
        )
    if duration > limits["max_seconds"]:
        raise _fail(
            display,
            "video.too-long",
            f"video '{value}' duurt {duration:.0f} "
            f"seconden; hoogstens {limits['max_seconds']}. Kort de video in",
            line,
        )
    if max(width, height) > limits["max_side"]:
        raise _fail(
            display,
            "video.too-large",
            f"video '{value}' is {width}×{height} "
            f"pixels; hoogstens {limits['max_side']} aan een kant. Exporteer hem "
            "in 1080p",
            line,
        )
    return {"duration": duration, "width": width, "height": height, "has_audio": has_audio}


def _duration(container, stream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return (container.duration or 0) / 1_000_000


def read_captions(path: Path, display: str, value: str, line: int | None) -> list[Cue]:
    """The cues of a WebVTT or SRT file, read by webvtt-py, each with its line."""
    kind = CAPTION_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise _fail(
            display,
            "captions.format",
            f"captions '{value}' is geen .vtt of .srt; "
            "sla de ondertiteling op als WebVTT (.vtt) of SRT (.srt)",
            line,
        )
    import webvtt

    try:
        text = path.read_bytes().decode("utf-8-sig")
        parsed = (webvtt.from_srt if kind == "srt" else webvtt.read)(str(path))
        captions = list(parsed)
    except UnicodeDecodeError:
        raise _fail(
            display,
            "captions.encoding",
            f"captions '{value}' is geen UTF-8; sla het bestand op als UTF-8",
            line,
        ) from None
    except Exception:  # webvtt-py's errors differ per format and version
        raise _fail(
            display,
            "captions.unreadable",
            f"captions '{value}' is niet te lezen "
            f"als {kind.upper()}; controleer de tijden (00:00:01.000 --> "
            "00:00:03.000) en de lege regel tussen de ondertitels",
            line,
        ) from None
    lines = [n for n, row in enumerate(text.split("\n"), start=1) if ARROW.search(row)]
    cues = [
        Cue(_seconds(c.start), _seconds(c.end), _plain(c.text), row + 1)
        for c, row in zip(captions, lines, strict=False)
        if c.text.strip()
    ]
    if not cues:
        raise _fail(
            display,
            "captions.empty",
            f"captions '{value}' heeft geen ondertitels; "
            "schrijf wat er gezegd wordt, met de tijden erbij",
            line,
        )
    return cues


def _plain(text: str) -> str:
    """A cue's text as a viewer reads it: without its tags (<i>, <v Name>), with character
    references (&lt;, &amp;) read as the characters they stand for."""
    return html.unescape(TAG.sub("", text)).strip()


def _seconds(timestamp: str) -> float:
    """`01:02:03.450` or `02:03.450` in seconds (webvtt-py's own rounds to whole seconds)."""
    total = 0.0
    for part in timestamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return round(total, 3)


def caption_findings(cues: list[Cue], duration: float, display: str) -> list[Finding]:
    """Cues that fall outside the video or go by too fast to read."""
    rules = facts()["captions"]
    found = []
    for cue in cues:
        if cue.end <= cue.start:
            found.append(
                warning(
                    display,
                    "captions.timing",
                    "deze ondertitel eindigt niet na zijn begin; controleer de tijden",
                    cue.line,
                )
            )
            continue
        if cue.end > duration + rules["sync_margin"]:
            found.append(
                warning(
                    display,
                    "captions.sync",
                    f"deze ondertitel loopt tot "
                    f"{cue.end:.1f} s, maar de video duurt {duration:.1f} s; "
                    "past de ondertiteling bij deze video?",
                    cue.line,
                )
            )
        pace = len(cue.text) / (cue.end - cue.start)
        if pace > rules["max_chars_per_second"]:
            found.append(
                warning(
                    display,
                    "captions.pace",
                    f"deze ondertitel is te snel om "
                    f"te lezen ({pace:.0f} tekens per seconde, hoogstens "
                    f"{rules['max_chars_per_second']}); laat hem langer staan "
                    "of maak de tekst korter",
                    cue.line,
                )
            )
    return found
