"""Video renditions: a step's or story's video cut for the website and for every platform.

Each rendition is cropped around the video's focus point to its format (9:16, 4:5, 16:9 from
`data/video.yml`), trimmed to the platform's longest video, encoded by PyAV as H.264/AAC MP4
with the index at the front (fast start: a phone starts playing before the whole file is in),
kept under the platform's file size limit, and carries no metadata of the source (no location,
device, title or dates: the output container is new and written bit-exact). Beside it: a cover
frame (JPEG, through the image pipeline's encoder), the captions as WebVTT and SRT trimmed to
its length, and, for platforms that take no caption file, the captions burned into the picture
(Atkinson Hyperlegible, as on the quote cards).

Renditions are cached like images: under a key of exactly the bytes of the video and its
captions and the settings of the cut, with a JSON manifest only, so nothing read from the
cache runs code and a warm build encodes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import textwrap
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..content.video import Cue, Video, facts
from ..core.output import write_atomic

CODE_VERSION = "3"
"""Part of every cache key: bump it when a change here changes the bytes of a rendition."""
WEB = "web"
WEB_BOX = (1280, 720)
"""The website's rendition fits in this box (turned for a standing video), whole, uncut."""
COVER_AT = 1.0
"""Seconds into a rendition for its cover frame (the first frame is often black)."""
MANIFEST = "manifest.json"
FIT_TRIES = 4
MIN_KBPS = 16


@dataclass(frozen=True)
class Cut:
    """One rendition: its format's name, size, longest duration, captions burned in or not,
    and the largest file allowed."""

    format: str
    width: int
    height: int
    max_seconds: float
    burn: bool = False
    max_bytes: int = 0

    @property
    def name(self) -> str:
        burned = "-ondertiteld" if self.burn else ""
        return f"{self.format}-{self.width}x{self.height}-{self.max_seconds:g}s{burned}"


@dataclass(frozen=True)
class Rendition:
    """A made rendition in the cache: the MP4, its cover, its captions, and what it is."""

    cut: Cut
    folder: Path
    duration: float
    width: int
    height: int
    size: int

    @property
    def video(self) -> Path:
        return self.folder / "video.mp4"

    @property
    def cover(self) -> Path:
        return self.folder / "cover.jpg"

    @property
    def vtt(self) -> Path:
        return self.folder / "captions.vtt"

    @property
    def srt(self) -> Path:
        return self.folder / "captions.srt"


def platform_cuts(video: Video, platforms: list[str], scale: float = 1.0) -> dict[Cut, list[str]]:
    """The renditions `platforms` need, each with the platforms it serves: platforms whose cut
    is the same once trimmed to the video's own length share one file."""
    known = facts()
    wanted: dict[tuple, list[str]] = {}
    limits: dict[tuple, int] = {}
    """The smallest file size limit of the platforms sharing a cut."""
    for platform in platforms:
        rules = known["platforms"].get(platform)
        if rules is None:
            continue
        for name in rules["formats"]:
            width, height = _scaled(known["formats"][name], scale)
            seconds = min(rules["max_seconds"], _whole(video.duration))
            shape = (name, width, height, seconds, not rules["caption_file"])
            most = limits.get(shape, rules["max_mb"] * 10**6)
            limits[shape] = min(most, rules["max_mb"] * 10**6)
            wanted.setdefault(shape, []).append(platform)
    cuts = {Cut(*shape, limits[shape]): wanted[shape] for shape in wanted}
    return {cut: cuts[cut] for cut in sorted(cuts, key=lambda c: c.name)}


def web_cut(video: Video, scale: float = 1.0) -> Cut:
    """The website's rendition: the whole picture and length, fitted in `WEB_BOX`."""
    box = WEB_BOX if video.width >= video.height else WEB_BOX[::-1]
    fit = min(box[0] / video.width, box[1] / video.height, 1.0) * scale
    width, height = (max(2, round(side * fit / 2) * 2) for side in (video.width, video.height))
    return Cut(WEB, width, height, _whole(video.duration))


def _scaled(size: list[int], scale: float) -> tuple[int, int]:
    return tuple(max(2, round(side * scale / 2) * 2) for side in size)


def _whole(seconds: float) -> float:
    """Durations in keys and names to a tenth of a second: the same cut, the same key."""
    return round(seconds + 0.049, 1)


# The cache


def cache_key(video: Video, cut: Cut) -> str:
    """The key of exactly what a rendition is made from: the video's and captions' bytes,
    the focus point, the cut, the encoder settings and this module's version."""
    digest = hashlib.sha256()
    for path in (video.source, video.captions):
        digest.update(_file_digest(path).encode())
    settings = {
        "cut": [cut.format, cut.width, cut.height, cut.max_seconds, cut.burn, cut.max_bytes],
        "focus": list(video.focus),
        "encoding": facts()["encoding"],
        "version": CODE_VERSION,
    }
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()[:32]


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def rendition(video: Video, cut: Cut, cache_dir: Path) -> tuple[Rendition, bool]:
    """The rendition from the cache, or made now; and whether it was made."""
    return renditions_of(video, [cut], cache_dir)[0]


def renditions_of(video: Video, cuts: list[Cut], cache_dir: Path) -> list[tuple[Rendition, bool]]:
    """Each cut's rendition from the cache, or made now (all those missing in one pass over
    the source: it is decoded once, whatever the number of cuts); and whether it was made."""
    found = {cut: _cached(cache_dir / cache_key(video, cut), cut) for cut in cuts}
    missing = [cut for cut in dict.fromkeys(cuts) if found[cut] is None]
    made = _make(video, missing, cache_dir) if missing else {}
    return [(found[cut], False) if found[cut] is not None else (made[cut], True) for cut in cuts]


def _cached(folder: Path, cut: Cut) -> Rendition | None:
    """A rendition whose manifest reads as plain JSON with the expected fields, and whose
    files are there at the sizes it names; anything else counts as not cached."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        duration, width, height = manifest["duration"], manifest["width"], manifest["height"]
        sizes = manifest["sizes"]
        if not (isinstance(duration, float) and isinstance(width, int)):
            return None
        if not isinstance(height, int) or not isinstance(sizes, dict):
            return None
        made = Rendition(cut, folder, duration, width, height, sizes.get("video.mp4", -1))
        for name in ("video.mp4", "cover.jpg", "captions.vtt", "captions.srt"):
            if (folder / name).stat().st_size != sizes.get(name):
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return made


# Making a rendition


def _make(video: Video, cuts: list[Cut], cache_dir: Path) -> dict[Cut, Rendition]:
    """Make `cuts` in scratch folders, each moved into the cache when it is complete."""
    folders = {cut: cache_dir / cache_key(video, cut) for cut in cuts}
    scratch = {cut: folder.with_name(folder.name + ".tmp") for cut, folder in folders.items()}
    for folder in scratch.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    lengths = {cut: min(cut.max_seconds, video.duration) for cut in cuts}
    _encode(video, [(cut, scratch[cut] / "video.mp4", lengths[cut], 0) for cut in cuts])
    made = {}
    for cut in cuts:
        _fit(video, cut, scratch[cut] / "video.mp4", lengths[cut])
        done = _finish(video, cut, scratch[cut], lengths[cut])
        shutil.rmtree(folders[cut], ignore_errors=True)
        scratch[cut].rename(folders[cut])
        made[cut] = Rendition(cut, folders[cut], done.duration, done.width, done.height, done.size)
    return made


def _fit(video: Video, cut: Cut, target: Path, duration: float) -> None:
    """Over the platform's limit: again at a bit rate that fits, with room for the box, and
    lower still while it does not."""
    kbps = int(cut.max_bytes * 8 * 0.9 / duration / 1000) - facts()["encoding"]["audio_kbps"]
    for _ in range(FIT_TRIES):
        if not cut.max_bytes or target.stat().st_size <= cut.max_bytes:
            return
        kbps = max(kbps, MIN_KBPS)
        _encode(video, [(cut, target, duration, kbps)])
        kbps = int(kbps * 0.7)


def _finish(video: Video, cut: Cut, folder: Path, duration: float) -> Rendition:
    """Captions and cover beside the video, and the manifest that vouches for them."""
    cues = trimmed(video.cues, duration)
    write_atomic(folder / "captions.vtt", to_vtt(cues).encode())
    write_atomic(folder / "captions.srt", to_srt(cues).encode())
    width, height = _cover(folder / "video.mp4", folder / "cover.jpg", min(COVER_AT, duration / 2))
    sizes = {
        name: (folder / name).stat().st_size
        for name in ("video.mp4", "cover.jpg", "captions.vtt", "captions.srt")
    }
    manifest = {"duration": float(duration), "width": width, "height": height, "sizes": sizes}
    write_atomic(folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode())
    return Rendition(cut, folder, float(duration), width, height, sizes["video.mp4"])


@dataclass
class _Output:
    """One rendition being written: its file, encoders, filters and how far it is."""

    cut: Cut
    duration: float
    container: object
    encoder: object
    sound: object | None
    graph: _Graph | None = None
    layers: dict | None = None
    frames: int = 0
    samples: int = 0


def _encode(video: Video, jobs: list[tuple[Cut, Path, float, int]]) -> None:
    """Decode the source once, and for each job (cut, file, duration, kbps: 0 for constant
    quality) crop around the focus, scale, burn captions in when asked, and encode."""
    import av

    settings = facts()["encoding"]
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(av.open(str(video.source), metadata_errors="ignore"))
        picture = source.streams.video[0]
        picture.thread_type = "AUTO"  # decode on every core: frames and slices
        rate = _rate(picture, settings["fps"])
        sound = source.streams.audio[0] if source.streams.audio else None
        outputs = [_output(stack, job, rate, sound is not None, settings, video) for job in jobs]
        _pictures(source, picture, outputs, video, rate)
        if sound is not None:
            _sound(source, sound, outputs)


def _output(stack, job, rate, with_sound: bool, settings: dict, video: Video) -> _Output:
    import av

    cut, target, duration, kbps = job
    options = {"movflags": "+faststart", "fflags": "+bitexact"}
    container = stack.enter_context(av.open(str(target), "w", format="mp4", options=options))
    encoder = container.add_stream("libx264", rate=rate)
    encoder.width, encoder.height, encoder.pix_fmt = cut.width, cut.height, "yuv420p"
    encoder.options = {"preset": settings["preset"], "crf": str(settings["crf"])}
    if kbps:
        encoder.options = {
            "preset": settings["preset"],
            "maxrate": f"{kbps}k",
            "bufsize": f"{kbps}k",
            "crf": str(settings["crf"]),
        }
    encoder.codec_context.flags |= av.codec.context.Flags.bitexact
    encoder.thread_type = "AUTO"
    sound = None
    if with_sound:
        sound = container.add_stream("aac", rate=48000)
        sound.bit_rate = settings["audio_kbps"] * 1000
        sound.codec_context.flags |= av.codec.context.Flags.bitexact
    layers = _caption_frames(video.cues, cut) if cut.burn else None
    return _Output(cut, duration, container, encoder, sound, layers=layers)


def _rate(stream, most: int) -> Fraction:
    rate = stream.average_rate or stream.guessed_rate or Fraction(25)
    return min(Fraction(rate), Fraction(most))


def _pictures(source, stream, outputs: list[_Output], video: Video, rate) -> None:
    """Every frame up to each output's duration, at most `rate` per second, cut and encoded.
    Cropping, scaling and burning in run in FFmpeg's own filters, in C: each caption is
    drawn once by Pillow (`_caption_frames`) and laid over the frames it shows on."""
    longest = max(output.duration for output in outputs)
    for frame in source.decode(stream):
        seconds = float(frame.time) if frame.time is not None else None
        for output in outputs:
            at = seconds if seconds is not None else output.frames / rate
            if at >= output.duration or at < output.frames / rate - 1e-6:
                continue  # past its end, or a faster source: frames dropped to the rate
            _picture(output, stream, frame, at, video, rate)
        if seconds is not None and seconds >= longest:
            break
    for output in outputs:
        output.container.mux(output.encoder.encode(None))


def _picture(output: _Output, stream, frame, seconds: float, video: Video, rate) -> None:
    if output.graph is None:
        output.graph = _filters(stream, frame, output.cut, video.focus)
    output.graph.inputs[0].push(frame)
    if output.layers is not None:
        layer = output.layers[active_cue(video.cues, seconds)]
        layer.pts, layer.time_base = frame.pts, frame.time_base
        output.graph.inputs[1].push(layer)
    out = output.graph.sink.pull()
    out.pts = output.frames
    out.time_base = 1 / rate
    output.container.mux(output.encoder.encode(out))
    output.frames += 1


@dataclass
class _Graph:
    inputs: list
    sink: object
    graph: object


def _filters(stream, frame, cut: Cut, focus: tuple[float, float]) -> _Graph:
    """crop (around the focus) → scale (to the cut) → captions laid over (when burned in) →
    yuv420p, as an FFmpeg filter graph. A frame the phone turned (display matrix) is turned
    upright first."""
    import av

    graph = av.filter.Graph()
    source = graph.add_buffer(template=stream)
    chain = [source]
    width, height = frame.width, frame.height
    turn = round(frame.rotation or 0) % 360
    if turn in (90, 270):
        chain.append(graph.add("transpose", "cclock" if turn == 90 else "clock"))
        width, height = height, width
    elif turn == 180:
        chain += [graph.add("hflip"), graph.add("vflip")]
    box = crop_box((width, height), cut, focus)
    chain.append(graph.add("crop", f"{box[2] - box[0]}:{box[3] - box[1]}:{box[0]}:{box[1]}"))
    chain.append(graph.add("scale", f"{cut.width}:{cut.height}:flags=bicubic"))
    inputs = [source]
    if cut.burn:
        captions = graph.add_buffer(
            width=cut.width, height=cut.height, format="rgba", time_base=stream.time_base
        )
        overlay = graph.add("overlay", "0:0")
        _link(chain)
        chain[-1].link_to(overlay, 0, 0)
        captions.link_to(overlay, 0, 1)
        chain = [overlay]
        inputs.append(captions)
    chain.append(graph.add("format", "yuv420p"))
    sink = graph.add("buffersink")
    chain.append(sink)
    _link(chain)
    graph.configure()
    return _Graph(inputs, sink, graph)


def _link(chain: list) -> None:
    for before, after in zip(chain, chain[1:], strict=False):
        before.link_to(after)


def _caption_frames(cues: tuple[Cue, ...], cut: Cut) -> dict:
    """A transparent layer per cue with its caption drawn on it (and an empty one for the
    moments without a caption), as frames for the overlay filter."""
    from PIL import Image

    layers = {}
    for cue in (None, *cues):
        image = Image.new("RGBA", (cut.width, cut.height), (0, 0, 0, 0))
        burn_in(image, cue)
        layers[cue] = _rgba_frame(image)
    return layers


def _rgba_frame(image):
    """An RGBA image as a frame that keeps its transparency (`VideoFrame.from_image` drops
    it); rows padded to the frame's line size."""
    import av

    frame = av.VideoFrame(image.width, image.height, "rgba")
    plane = frame.planes[0]
    row = image.width * 4
    data = image.tobytes()
    if plane.line_size != row:
        padding = bytes(plane.line_size - row)
        data = b"".join(data[y * row : (y + 1) * row] + padding for y in range(image.height))
    plane.update(data)
    return frame


def av_frame(image):
    import av

    return av.VideoFrame.from_image(image).reformat(format="yuv420p")


def _sound(source, stream, outputs: list[_Output]) -> None:
    """The sound, decoded and resampled once, trimmed and encoded for each output."""
    import av

    source.seek(0)
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
    limits = {id(output): int(output.duration * 48000) for output in outputs}
    for frame in source.decode(stream):
        for chunk in resampler.resample(frame):
            for output in outputs:
                room = limits[id(output)] - output.samples
                if room <= 0:
                    continue
                piece = chunk if chunk.samples <= room else _shortened(chunk, room)
                piece.pts = output.samples
                output.samples += piece.samples
                output.container.mux(output.sound.encode(piece))
        if all(output.samples >= limits[id(output)] for output in outputs):
            break
    for output in outputs:
        output.container.mux(output.sound.encode(None))


def _shortened(frame, samples: int):
    """The first `samples` of a planar audio frame: the end of a trimmed rendition."""
    import av

    short = av.AudioFrame(format=frame.format.name, layout=frame.layout.name, samples=samples)
    size = samples * frame.format.bytes
    for plane, source in zip(short.planes, frame.planes, strict=True):
        plane.update(bytes(source)[:size])
    short.sample_rate = frame.sample_rate
    return short


def crop_box(size: tuple[int, int], cut: Cut, focus: tuple[float, float]) -> tuple:
    """The largest box of `size` with the cut's aspect ratio around `focus`, in even pixels
    (what the chroma planes of H.264 video need): left, top, right, bottom."""
    width, height = size
    aspect = cut.width / cut.height
    crop_w, crop_h = (
        (height * aspect, height) if width / height > aspect else (width, width / aspect)
    )
    crop_w, crop_h = int(crop_w) // 2 * 2, int(crop_h) // 2 * 2
    left = min(max(focus[0] * width - crop_w / 2, 0), width - crop_w)
    top = min(max(focus[1] * height - crop_h / 2, 0), height - crop_h)
    left, top = int(left) // 2 * 2, int(top) // 2 * 2
    return (left, top, left + crop_w, top + crop_h)


def active_cue(cues: tuple[Cue, ...], seconds: float) -> Cue | None:
    return next((cue for cue in cues if cue.start <= seconds < cue.end), None)


def burn_in(image, cue: Cue | None) -> None:
    """The cue's text in the lower part of the picture, white on a dark plate (WCAG contrast
    on any footage), in Atkinson Hyperlegible, wrapped to the picture's width."""
    if cue is None:
        return
    from PIL import ImageDraw

    from .quotecard import _font

    width, height = image.size
    size = max(10, round(min(width, height) / 14))
    font = _font("bold", size)
    per_line = max(8, int(width * 0.84 / (size * 0.55)))
    lines = textwrap.wrap(cue.text, per_line)
    draw = ImageDraw.Draw(image, "RGBA")
    line_height = round(size * 1.3)
    top = round(height * 0.82) - line_height * len(lines)
    for number, line in enumerate(lines):
        y = top + number * line_height
        left, _, right, _ = draw.textbbox((0, 0), line, font=font)
        x = (width - (right - left)) // 2
        pad = size // 4
        draw.rectangle([x - pad, y - pad, x + right - left + pad, y + line_height], (0, 0, 0, 200))
        draw.text((x, y), line, font=font, fill=(255, 255, 255))


def _cover(video: Path, target: Path, at: float) -> tuple[int, int]:
    """The frame at `at` seconds as a JPEG without metadata; the video's size."""
    import av

    from .crop import encode_jpeg

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        chosen = None
        for frame in container.decode(stream):
            chosen = frame
            if frame.time is not None and frame.time >= at:
                break
        image = chosen.to_image()
    write_atomic(target, encode_jpeg(image.convert("RGB")))
    return image.width, image.height


# Captions


def trimmed(cues: tuple[Cue, ...], duration: float) -> list[Cue]:
    """The cues that start within `duration`, ended at it."""
    return [
        Cue(cue.start, min(cue.end, duration), cue.text, cue.line)
        for cue in cues
        if cue.start < duration
    ]


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{separator}{millis:03d}"


def to_vtt(cues: list[Cue]) -> str:
    """WebVTT; a cue's text is plain text: `<` and `&` are written as character references."""
    blocks = ["WEBVTT\n"]
    for cue in cues:
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        blocks.append(f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}\n{text}\n")
    return "\n".join(blocks)


def to_srt(cues: list[Cue]) -> str:
    blocks = []
    for number, cue in enumerate(cues, start=1):
        stamps = f"{_stamp(cue.start, ',')} --> {_stamp(cue.end, ',')}"
        blocks.append(f"{number}\n{stamps}\n{cue.text}\n")
    return "\n".join(blocks)


def prune(cache_dir: Path, used: set, keep_days: int) -> int:
    """Remove renditions no file of this site uses and made over `keep_days` ago (a branch
    switched back within that time finds them still), and scratch folders left by a build
    that stopped; how many were removed."""
    import time

    if not cache_dir.is_dir():
        return 0
    cutoff = time.time() - keep_days * 86400
    removed = 0
    for folder in cache_dir.iterdir():
        try:
            old = folder.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue
        if not folder.is_dir() or not old:
            continue
        if folder.name.endswith(".tmp") or not any(p in used for p in folder.iterdir()):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
