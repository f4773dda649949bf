"""Looking for a story where it may not be: in every file of a built site, in its images by
colour, and in the build log.

A planted story carries one made-up word in every text it has (title, person, quote, summary,
body, alt text) and a photo of one flat colour, so that any trace of it is found by a plain
search, whatever the file's format:

* `plant_story(project, slug, phrase, **consent)` writes such a story;
* `every_text_in(site)` is every file of a site as text (`.gz` unpacked, bytes as Latin-1);
* `files_with(site, phrase)` names the files that carry the phrase;
* `images_showing(site, colour)` names the images that show the story photo's colour;
* `log_quoting(messages, phrase)` gives the build log lines that quote the story.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from PIL import Image

from conftest import SiteProject, consent_meta

PHOTO_COLOUR = (250, 200, 0)
"""The planted story photo's colour: a yellow no generated card or crop test uses."""
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def plant_story(
    project: SiteProject, slug: str, phrase: str, colour=PHOTO_COLOUR, **consent
) -> None:
    """A story whose every text carries `phrase`, with a photo of one `colour` it has
    portrait consent for."""
    project.image(f"stories/{slug}/portret.jpg", color=colour)
    project.story(
        slug,
        image="portret.jpg",
        image_alt=f"Foto {phrase}Foto",
        body=f"Dit is het verhaal {phrase}Lichaam over de knie.\n",
        title=f"Titel {phrase}Titel",
        person=f"{phrase}Persoon",
        quote=f"Citaat {phrase}Citaat.",
        summary=f"Samenvatting {phrase}Samenvatting.",
        themes=["ervaringen"],
        consent=consent_meta(photo=True, **consent),
    )


def every_text_in(site: Path) -> dict[str, str]:
    """Every file of the site, `.gz` decompressed, decoded byte for byte (Latin-1), so that
    an ASCII phrase is found in any file: HTML, JSON, XML, CSV, ICS, text or binary."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data.decode("latin-1")
    return texts


def files_with(site: Path, phrase: str) -> list[str]:
    """The site's files that carry `phrase` (any case)."""
    wanted = phrase.lower()
    return [name for name, text in every_text_in(site).items() if wanted in text.lower()]


def images_showing(site: Path, colour=PHOTO_COLOUR, share: float = 0.05) -> list[str]:
    """The site's images in which at least `share` of the pixels are close to `colour`: a
    crop, quote card or preview made from the planted photo, whatever its size."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            continue
        with Image.open(io.BytesIO(path.read_bytes())) as image:
            small = image.convert("RGB").resize((48, 48))
        data = small.tobytes()
        pixels = [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]
        close = sum(1 for pixel in pixels if _near(pixel, colour))
        if close >= share * len(pixels):
            found.append(path.relative_to(site).as_posix())
    return found


def _near(pixel, colour) -> bool:
    return max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) < 40


def log_quoting(messages, phrase: str) -> list[str]:
    """The build log messages (`LogMessage` or text) that quote the planted story."""
    wanted = phrase.lower()
    texts = [getattr(message, "text", message) for message in messages]
    return [text for text in texts if wanted in text.lower()]
