"""`reisverhaal consent form <story>`: the consent form for one story, as printable HTML.

The form is filled from the story itself, so that what a person signs is what the build
will use: the title, the quote and the photo as they will appear, a checkbox per channel
with what it means in plain words (`labels.consent_channels`), how long the consent holds,
how to withdraw it and whom to contact (`consent.contact`), and a line for a parent or
guardian when the person is a minor. It works for a story whose consent is not filled in
yet (the usual case: the form comes first), so the front matter is read leniently here:
only text values are used, and every one is escaped by the template.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..consent.gate import add_months
from ..content.load import Document
from ..content.model import MINOR_AGE, PSEUDONYM_NOTE
from ..core.findings import ContentError
from ..core.settings import Settings
from .templating import labels as site_labels
from .templating import render

TEMPLATE = "consent/form.html.j2"
PHOTO_SIZE = 900
"""The longest side of the photo on the form, in pixels: sharp on paper, small as a file."""


@dataclass(frozen=True)
class FormChannel:
    key: str
    meaning: str
    ticked: bool


def consent_form(settings: Settings, path: Path) -> str:
    """The form's HTML for the story at `path` (`stories/<slug>/index.md`)."""
    try:
        document = Document(path, settings.root)
    except ContentError as exc:
        raise ValueError(str(exc)) from None
    meta = document.meta
    consent = meta.get("consent") if isinstance(meta.get("consent"), dict) else {}
    names = site_labels(settings.templates_dir)
    written = [c for c in consent.get("channels") or [] if isinstance(c, str)]
    channels = [
        FormChannel(key, names["consent_channels"].get(key, key), key in written)
        for key in dict.fromkeys([*settings.channels, *written])
        if key in names["consent_channels"]
    ]
    return render(
        settings.templates_dir,
        TEMPLATE,
        organisation=settings.organisation,
        contact=settings.consent_contact_text,
        slug=path.parent.name,
        title=_text(meta, "title"),
        person=_text(meta, "person"),
        pseudonym=meta.get("pseudonym") is True,
        pseudonym_note=PSEUDONYM_NOTE,
        quote=_text(meta, "quote"),
        summary=_text(meta, "summary"),
        photo=_photo(path.parent, meta),
        photo_alt=_text(meta, "image_alt"),
        photo_ticked=consent.get("photo") is True,
        reference=_text(consent, "reference"),
        channels=channels,
        months=settings.consent_max_months,
        until=_until(consent, settings),
        minor=_minor(consent, settings.today),
        guardian=names["guardians"].get(consent.get("guardian"), ""),
        labels=names,
    )


def _text(meta: dict, key: str) -> str:
    value = meta.get(key)
    return value.strip() if isinstance(value, str) else ""


def _until(consent: dict, settings: Settings) -> date | None:
    """The last day the consent holds, as the form says it ("tot en met"): the day before
    `expires`, or before `given` plus the site's term (the gate's `last_day`); None when the
    form is signed first (the form then names the term in months)."""
    end = consent.get("expires")
    if not isinstance(end, date) and isinstance(consent.get("given"), date):
        end = add_months(consent["given"], settings.consent_max_months)
    return end - timedelta(days=1) if isinstance(end, date) and end > date.min else None


def _minor(consent: dict, today: date) -> bool:
    if consent.get("minor") is True:
        return True
    year, given = consent.get("birth_year"), consent.get("given")
    if isinstance(year, int) and not isinstance(year, bool):
        signed = given.year if isinstance(given, date) else today.year
        return signed - year <= MINOR_AGE
    return False


def _photo(folder: Path, meta: dict) -> str | None:
    """The story's photo as it will be used (orientation applied, no metadata), as a data URI
    so that the form is one file; None without a photo inside the story's folder."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = meta.get("image")
    if not isinstance(name, str):
        return None
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None
    try:
        with Image.open(path) as source:
            image = ImageOps.exif_transpose(source).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None
    image.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
