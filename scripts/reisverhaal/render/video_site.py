"""Videos in the site: the files a page's player and the share kit link to, and the player.

Pages ask for a video as they ask for an image (`VideoRequest`); `publish` makes every
request of a part through the rendition cache (`render.video`) and turns it into site files:
the MP4, its cover (the player's poster), and its captions as WebVTT and SRT. A video on
YouTube or Vimeo gets a still made here (the brand colour with a play sign: nothing is fetched
from the platform) and an embed address on the privacy-enhanced host, loaded only when the
visitor clicks.
"""

from __future__ import annotations

import io
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..content.video import Video
from ..core.findings import Finding, error, shown, warning
from ..core.output import Output, page_path
from ..core.settings import Settings
from . import video as renditions

EMBEDS = {
    "youtube": "https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0",
    "vimeo": "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1",
}
"""The privacy-enhanced players: no cookies for YouTube before play, Do Not Track for Vimeo."""
SITE_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}
STILL_SIZE = (1280, 720)


@dataclass(frozen=True)
class VideoRequest:
    """A rendition of `video` to publish at `uri` (the MP4; the cover, VTT and SRT beside it
    with their own extension); for an external video only its still, at `uri`."""

    video: Video
    cut: renditions.Cut | None
    uri: str
    public: bool = True
    brand_color: str = "#0b6e4f"

    def file(self, suffix: str) -> str:
        return posixpath.splitext(self.uri)[0] + suffix


@dataclass
class PublishedVideos:
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    made: list[renditions.Rendition] = field(default_factory=list)
    cached: list[renditions.Rendition] = field(default_factory=list)

    def rendition(self, uri: str) -> renditions.Rendition | None:
        return self.by_uri.get(uri)

    by_uri: dict = field(default_factory=dict)


def page_request(video: Video | None, folder_uri: str, slug: str, settings: Settings):
    """The request for the website's player of `video` on a page in `folder_uri`."""
    if video is None:
        return None
    if video.external:
        return VideoRequest(
            video, None, f"{folder_uri}/video/{slug}-still.png", True, settings.brand_color
        )
    cut = renditions.web_cut(video, settings.video_scale)
    return VideoRequest(video, cut, f"{folder_uri}/video/{slug}.mp4")


def platform_requests(
    video: Video | None, folder_uri: str, platforms: list[str], settings: Settings
) -> list[tuple[VideoRequest, list[str]]]:
    """The share kit's renditions of `video` for `platforms` (non-public files), each with
    the platforms it serves."""
    if video is None or video.external:
        return []
    cuts = renditions.platform_cuts(video, platforms, settings.video_scale)
    return [
        (VideoRequest(video, cut, f"{folder_uri}/{cut.name}.mp4", public=False), served)
        for cut, served in cuts.items()
    ]


def file_link(page_uri: str, file_uri: str, directory_urls: bool = True) -> str:
    """The link from a built page to a file of the site, for raw HTML blocks."""
    here = page_path(page_uri, directory_urls)
    folder = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    return posixpath.relpath(f"/{file_uri}", f"/{folder}")


def player(request: VideoRequest | None, page_uri: str, settings: Settings) -> dict | None:
    """What a page template needs to show the video (`pages/_video.md.j2`)."""
    if request is None:
        return None
    video = request.video

    def link(suffix: str | None = None) -> str:
        target = request.file(suffix) if suffix else request.uri
        return file_link(page_uri, target, settings.directory_urls)

    if video.external:
        site, ident = video.external
        return {
            "external": True,
            "site": SITE_NAMES[site],
            "embed": EMBEDS[site].format(id=ident),
            "still": link(),
            "description": video.description,
            "width": STILL_SIZE[0],
            "height": STILL_SIZE[1],
        }
    return {
        "external": False,
        "src": link(),
        "poster": link(".jpg"),
        "track": link(".vtt"),
        "description": video.description,
        "transcript": video.transcript,
        "width": request.cut.width,
        "height": request.cut.height,
    }


def publish(requests: list[VideoRequest], settings: Settings, root: Path) -> PublishedVideos:
    """Every request made (or taken from the cache) and turned into site files. A video that
    cannot be encoded is a located error; the rest of the site is unaffected."""
    result = PublishedVideos()
    wanted = list(dict.fromkeys(requests))
    made = _made(wanted, settings.cache_dir / "video", root, result.findings)
    for request in wanted:
        if request.cut is None:
            still = play_still(request.brand_color)
            result.outputs.append(Output(uri=request.uri, content=still, public=request.public))
            continue
        if request not in made:
            continue
        made_now, fresh = made[request]
        _publish_one(request, made_now, fresh, result, root)
    return result


def _made(requests: list[VideoRequest], cache: Path, root: Path, findings: list) -> dict:
    """Every request's rendition and whether it was made now: per video, the cuts that are
    not cached are made in one pass over the source (`video.renditions_of`)."""
    by_video: dict[Video, list[VideoRequest]] = {}
    for request in requests:
        if request.cut is not None:
            by_video.setdefault(request.video, []).append(request)
    made = {}
    for video, wanted in by_video.items():
        try:
            found = renditions.renditions_of(video, [r.cut for r in wanted], cache)
        except Exception as exc:  # FFmpeg's errors come in many types; none may stop a build
            findings.append(
                error(
                    shown(video.source, root),
                    "video.encode",
                    f"de video kon niet worden omgezet "
                    f"({type(exc).__name__}); exporteer hem opnieuw als MP4 (H.264)",
                )
            )
            continue
        made.update(zip(wanted, found, strict=True))
    return made


def _publish_one(request: VideoRequest, made, fresh: bool, result: PublishedVideos, root):
    """A rendition's files in the site, and a warning when it is over the platform's limit."""
    if request.cut.max_bytes and made.size > request.cut.max_bytes:
        result.findings.append(
            warning(
                shown(request.video.source, root),
                "video.platform-size",
                f"de video past ook na opnieuw omzetten niet binnen "
                f"{request.cut.max_bytes // 1_000_000} MB ({request.cut.name}); kort hem in",
            )
        )
    (result.made if fresh else result.cached).append(made)
    result.by_uri[request.uri] = made
    for suffix, path in (
        (".mp4", made.video),
        (".jpg", made.cover),
        (".vtt", made.vtt),
        (".srt", made.srt),
    ):
        result.outputs.append(Output(uri=request.file(suffix), source=path, public=request.public))


def play_still(color: str) -> bytes:
    """A still for an external video: the brand colour with a white play sign in a circle.
    Made here, because fetching the platform's own thumbnail would tell it about the visitor
    (and a build has no network)."""
    from PIL import Image, ImageColor, ImageDraw

    width, height = STILL_SIZE
    image = Image.new("RGB", STILL_SIZE, ImageColor.getrgb(color))
    draw = ImageDraw.Draw(image)
    radius = height // 6
    cx, cy = width // 2, height // 2
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline="white", width=10)
    side = radius
    draw.polygon(
        [
            (cx - side * 0.35, cy - side * 0.5),
            (cx - side * 0.35, cy + side * 0.5),
            (cx + side * 0.55, cy),
        ],
        fill="white",
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def kit_folder(journey_slug: str | None = None, step_slug: str | None = None, story=None) -> str:
    """Where the share kit keeps a step's or a story's renditions."""
    if story is not None:
        return f"deelkit/verhalen/{story}/video"
    return f"deelkit/{journey_slug}/video/{step_slug}"


def part_videos(project, page_set, journey=None, story=None) -> PublishedVideos:
    """The files of a journey's or a story's videos: the pages' players (`page_set.videos`)
    and the share kit's renditions per platform; for a journey also those of the stories its
    steps quote, which its posts carry. A story's video only where its consent covers video
    and the platform (`ConsentGate.video_for`), so a withdrawal removes every rendition. The
    files join the part's outputs through `page_set.outputs`."""
    settings = project.settings
    requests = list(page_set.videos)
    for video, folder, platforms in _shared(project, journey, story):
        requests += [
            request for request, _ in platform_requests(video, folder, platforms, settings)
        ]
    published = publish(requests, settings, settings.root)
    page_set.outputs.extend(published.outputs)
    return published


def _shared(project, journey, story):
    """(video, share kit folder, platforms) for every video of the part with posts."""
    from ..content.video import facts

    known = facts()["platforms"]
    if journey is not None:
        channels = [c for c in project.channels_of(journey) if c in known]
        quoted = {}
        for step in journey.steps:
            if step.video is not None:
                platforms = [c for c in channels if step.meta.posts.get(c, None) is not False]
                yield step.video, kit_folder(journey.slug, step.slug), platforms
            if step.meta.story:
                quoted[step.meta.story] = None
        for slug in quoted:
            yield from _story_videos(project, _any_story(project, slug), known)
    if story is not None:
        yield from _story_videos(project, story, known)


def _any_story(project, slug: str):
    return next((s for s in project.content.stories if s.slug == slug), None)


def _story_videos(project, story, known):
    if story is None or story.video is None:
        return
    platforms = [c for c in project.settings.channels if c in known]
    allowed = [c for c in platforms if project.gate.video_for(story, c)]
    if allowed:
        yield story.video, kit_folder(story=story.slug), allowed


def post_video(project, journey, step, platform: str, stories) -> tuple[Video, str] | None:
    """The video a step's post on `platform` carries, with its share kit folder: the step's
    own, else the video of the story the post quotes (`stories`: the slugs it quotes, which
    the consent gate chose for the day it goes out), when that story's consent covers video
    on `platform`."""
    from ..content.video import facts

    if platform not in facts()["platforms"]:
        return None
    if step.video is not None and not step.video.external:
        return step.video, kit_folder(journey.slug, step.slug)
    for slug in stories:
        story = _any_story(project, slug)
        video = project.gate.video_for(story, platform) if story is not None else None
        if video is not None and video.external is None:
            return video, kit_folder(story=story.slug)
    return None


def with_videos(project, journey, snippet_set) -> None:
    """Each post of `journey` that carries a video gets its main rendition (`Snippet.video`:
    the first cut of the platform in `data/video.yml`), so that `snippets.json`, the share kit
    and the takedown list know it is a video post."""
    from dataclasses import replace

    from ..content.video import facts

    settings = project.settings
    changed = []
    for snippet in snippet_set.snippets:
        step = journey.step(snippet.step) if snippet.journey == journey.slug else None
        found = (
            post_video(project, journey, step, snippet.platform, snippet.stories) if step else None
        )
        if found is None:
            changed.append(snippet)
            continue
        video, folder = found
        main = facts()["platforms"][snippet.platform]["formats"][0]
        requests = platform_requests(video, folder, [snippet.platform], settings)
        request = next(r for r, _ in requests if r.cut.format == main)
        changed.append(replace(snippet, video=request.uri))
    snippet_set.snippets[:] = changed


def kit_downloads(project, journey, snippet_set, published: PublishedVideos, words: dict) -> dict:
    """Per (journey, step, platform): the renditions to download, with format, size, length
    and file size, the cover, and captions files where the platform takes them."""
    from ..content.video import facts

    known = facts()["platforms"]
    result = {}
    for snippet in snippet_set.snippets:
        key = (snippet.journey, snippet.step, snippet.platform)
        if snippet.video is None or key in result:
            continue
        step = journey.step(snippet.step)
        video, folder = post_video(project, journey, step, snippet.platform, snippet.stories)
        items = []
        for request, _ in platform_requests(video, folder, [snippet.platform], project.settings):
            made = published.rendition(request.uri)
            if made is None:
                continue
            name = words["formats"].get(request.cut.format, request.cut.format)
            if request.cut.burn:
                name = f"{name}, {words['burned']}"
            captions = known[snippet.platform]["caption_file"]
            items.append(
                {
                    "name": name,
                    "link": request.uri,
                    "cover": request.file(".jpg"),
                    "size": [made.width, made.height],
                    "seconds": f"{made.duration:.1f}".replace(".", ","),
                    "megabytes": f"{made.size / 1_000_000:.1f}".replace(".", ","),
                    "captions": [request.file(".srt"), request.file(".vtt")] if captions else [],
                }
            )
        result[key] = {
            "title": words["downloads"],
            "items": items,
            "transcript": " ".join(video.transcript),
        }
    return result
