"""Quote cards: contrast measured on the rendered pixels, text that always fits, the cache."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import OMIT, SITE_URL, TODAY, SiteProject, consent_meta
from reisverhaal.core.findings import ContentError
from reisverhaal.core.settings import Audience, Settings
from reisverhaal.pipeline.build import prepare
from reisverhaal.render.compose import build_snippets
from reisverhaal.render.image_cache import Crop, render_images
from reisverhaal.render.platforms import load_platforms
from reisverhaal.render.quotecard import (
    MIN_CONTRAST,
    NEAR_BLACK,
    WHITE,
    QuoteCard,
    QuoteCardJob,
    card_colors,
    contrast_ratio,
    font_path,
    quote_cards,
    relative_luminance,
    render_quote_card,
    safe_zones,
)

AUDIENCES_OF_SETTINGS = {"ouderen": Audience("ouderen", "Ouderen", "10:00")}
LONG = (
    "Ik was bang voor de operatie, maar de verpleegkundigen legden alles rustig uit. "
    "Na drie dagen stond ik al naast mijn bed en na zes weken fietste ik weer naar de markt. "
) * 6


def card(color="#0b6e4f", quote="Elke knuffel is een glimlach.", **changes) -> QuoteCard:
    fields = dict(
        quote=quote,
        person="Wilma",
        pseudonym=False,
        organisation="Zorggroep De Linde",
        color=color,
    )
    fields.update(changes)
    return QuoteCard(**fields)


def text_pixels(image: Image.Image, box, corner=(1, 1)) -> tuple[tuple, tuple, int]:
    """Background colour (at `corner`), the commonest other colour in `box` (the glyph
    interiors) and how often it occurs."""
    background = image.getpixel(corner)
    counts = Counter(image.crop(box).get_flattened_data())
    counts.pop(background, None)
    text, count = counts.most_common(1)[0]
    return background, text, count


def test_wcag_formula_on_known_pairs():
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == pytest.approx(0.0)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((0, 0, 255), "#ffffff") == pytest.approx(8.59, abs=0.01)


@pytest.mark.parametrize("color", ["#ffe066", "#ffffff", "#0b6e4f", "#000000", "#808080"])
def test_text_contrast_measured_on_the_rendered_pixels(color):
    image = render_quote_card(card(color), 1080, 1350)
    assert image.size == (1080, 1350) and image.mode == "RGB"
    background, text, count = text_pixels(image, (0, 0, 1080, 900))
    assert count > 2000  # real glyph area, not a few anti-aliased pixels
    assert text in (WHITE, NEAR_BLACK)
    assert contrast_ratio(background, text) >= MIN_CONTRAST
    footer_background, footer_text, _ = text_pixels(image, (0, 1100, 1080, 1350))
    assert footer_text == text and footer_background == background


def test_light_colours_get_dark_text_and_dark_colours_white_text():
    assert card_colors("#ffe066") == ((255, 224, 102), NEAR_BLACK)
    assert card_colors("#ffffff")[1] == NEAR_BLACK
    assert card_colors("#0b6e4f") == ((11, 110, 79), WHITE)
    assert card_colors("#000000")[1] == WHITE
    assert card_colors("#808080") == ((128, 128, 128), NEAR_BLACK)


def test_a_colour_too_middling_for_either_text_is_adjusted():
    background, text = card_colors("#777777")
    assert contrast_ratio("#777777", WHITE) < MIN_CONTRAST
    assert contrast_ratio("#777777", NEAR_BLACK) < MIN_CONTRAST
    assert background != (119, 119, 119)
    assert contrast_ratio(background, text) >= MIN_CONTRAST
    image = render_quote_card(card("#777777"), 1200, 630)
    rendered_background, rendered_text, _ = text_pixels(image, (0, 0, 1200, 450))
    assert rendered_background == background
    assert contrast_ratio(rendered_background, rendered_text) >= MIN_CONTRAST


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_every_brand_colour_yields_readable_text(rgb):
    background, text = card_colors("#{:02x}{:02x}{:02x}".format(*rgb))
    assert contrast_ratio(background, text) >= MIN_CONTRAST


def margin_is_clean(image: Image.Image, margin: int) -> bool:
    background = image.getpixel((0, 0))
    width, height = image.size
    bands = [
        (0, 0, width, margin),
        (0, height - margin, width, height),
        (0, 0, margin, height),
        (width - margin, 0, width, height),
    ]
    return all(set(image.crop(band).get_flattened_data()) == {background} for band in bands)


@pytest.mark.parametrize("size", [(1080, 1350), (1200, 630), (1080, 1920), (1080, 1080)])
def test_long_quotes_still_fit_inside_the_card(size):
    image = render_quote_card(card(quote=LONG, pseudonym=True), *size)
    assert image.size == size
    assert margin_is_clean(image, round(min(size) * 0.07) - 2)


@settings(max_examples=25, deadline=None)
@given(
    quote=st.text(
        alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=900
    ),
    person=st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄëï -", min_size=1, max_size=60),
    width=st.integers(400, 1600),
    height=st.integers(400, 1600),
)
def test_any_quote_stays_within_the_margins(quote, person, width, height):
    image = render_quote_card(card(quote=quote, person=person), width, height)
    assert image.size == (width, height)
    assert margin_is_clean(image, round(min(width, height) * 0.07) - 2)


def test_one_endless_word_is_broken_to_fit():
    image = render_quote_card(card(quote="Knuffel" * 200), 1080, 1080)
    assert margin_is_clean(image, round(1080 * 0.07) - 2)


def test_pseudonym_is_marked(tmp_path):
    plain = render_quote_card(card(pseudonym=False), 1080, 1080)
    marked = render_quote_card(card(pseudonym=True), 1080, 1080)
    footer = (0, 900, 1080, 1080)
    assert plain.crop(footer).tobytes() != marked.crop(footer).tobytes()
    assert card(pseudonym=True).attribution == "— Wilma (niet de echte naam)"
    assert card().attribution == "— Wilma"


def test_logo_and_photo_appear_only_when_given(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (230, 30, 30, 255)).save(logo)
    photo = tmp_path / "wilma.jpg"
    Image.new("RGB", (800, 600), (30, 30, 230)).save(photo)

    def count(image, color):
        return sum(
            1
            for pixel in image.get_flattened_data()
            if all(abs(a - b) < 30 for a, b in zip(pixel, color, strict=True))
        )

    bare = render_quote_card(card(), 1080, 1350)
    assert count(bare, (230, 30, 30)) == 0 and count(bare, (30, 30, 230)) == 0
    with_logo = render_quote_card(card(logo=logo), 1080, 1350)
    assert count(with_logo, (230, 30, 30)) > 1000
    with_photo = render_quote_card(card(photo=photo), 1080, 1350)
    assert count(with_photo, (30, 30, 230)) > 100_000
    background, text, count = text_pixels(with_photo, (0, 650, 1080, 1100), (1079, 1349))
    assert count > 2000 and contrast_ratio(background, text) >= MIN_CONTRAST


def test_font_comes_from_the_installed_package():
    path = font_path("bold")
    assert path.is_file() and path.name == "AtkinsonHyperlegible-Bold.ttf"
    assert "fontpkg_atkinson_hyperlegible" in path.parts


def test_quote_cards_go_through_the_image_cache(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (230, 30, 30, 255)).save(logo)
    sizes = (Crop("instagram", 1080, 1350), Crop("facebook", 1200, 630))
    job = QuoteCardJob(card(logo=logo), sizes, display="stories/wilma/index.md")
    cache = tmp_path / "cache"
    first = render_images([job], cache)
    assert first.errors == [] and first.made == 2
    output = first.output(job, "facebook")
    with Image.open(output.path) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        assert not image.getexif() and "icc_profile" not in image.info
    mtime = output.path.stat().st_mtime_ns
    again = render_images([job], cache)
    assert again.made == 0 and again.cached == 2
    assert again.output(job, "facebook").path.stat().st_mtime_ns == mtime

    Image.new("RGBA", (300, 100), (30, 30, 30, 255)).save(logo)  # a new logo, same path
    changed = render_images([job], cache)
    assert changed.made == 2 and changed.output(job, "facebook").path != output.path

    other_text = QuoteCardJob(card(quote="Anders.", logo=logo), sizes, display="x")
    assert render_images([other_text], cache).made == 2


def test_missing_logo_or_photo_is_an_error_not_a_crash(tmp_path):
    job = QuoteCardJob(
        card(photo=tmp_path / "weg.jpg"), (Crop("x", 1600, 900),), "stories/a/index.md"
    )
    run = render_images([job], tmp_path / "cache")
    assert [f.rule for f in run.errors] == ["image-missing"] and run.outputs == {}
    bad = tmp_path / "kapot.jpg"
    bad.write_text("geen foto", encoding="utf-8")
    with pytest.raises(ContentError, match="kapot.jpg"):
        render_quote_card(card(photo=bad), 1080, 1080)


def test_card_is_deterministic():
    first = render_quote_card(card(quote=LONG), 1080, 1350)
    second = render_quote_card(card(quote=LONG), 1080, 1350)
    assert first.tobytes() == second.tobytes()


def test_photo_keeps_orientation(tmp_path: Path):
    upright = Image.new("RGB", (600, 900), (30, 30, 230))
    upright.paste((230, 30, 30), (0, 0, 600, 150))  # red band along the top
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = tmp_path / "staand.jpg"
    upright.transpose(Image.Transpose.ROTATE_90).save(photo, exif=exif)
    image = render_quote_card(card(photo=photo, photo_focus=(0.5, 0.0)), 1080, 1350)
    top = image.getpixel((540, 10))
    assert top[0] > 180 and top[2] < 80


# Which cards a site gets: through the consent gate


def cards_of(site: SiteProject, channels=("website", "newsletter", "facebook", "instagram", "x")):
    project = prepare(
        Settings(
            root=site.root.resolve(),
            site_url=SITE_URL,
            organisation="Zorggroep Test",
            today=TODAY,
            channels=channels,
            audiences=AUDIENCES_OF_SETTINGS,
            cache_dir=site.root / ".cache",
        )
    )
    return quote_cards(project, build_snippets(project).snippets)


def test_cards_only_on_platforms_the_consent_covers(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    cards = cards_of(site)
    assert set(cards.downloads) == {("wilma-fietst", "facebook")}
    (job,) = cards.jobs
    assert [(c.name, c.width, c.height) for c in job.crops] == [
        ("deelkit/citaten/wilma-fietst-facebook.png", 1200, 630)
    ]
    assert job.card.quote == "Na zes weken zat ik weer op de fiets."
    (download,) = cards.downloads[("wilma-fietst", "facebook")]
    assert (
        download.alt == "Citaat van Wilma: “Na zes weken zat ik weer op de fiets.” Zorggroep Test."
    )


def test_instagram_gets_a_story_card_too(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.story("wilma-fietst", consent=consent_meta(channels=["website", "instagram"]))
    sizes = [(d.name, d.size) for d in cards_of(site).downloads[("wilma-fietst", "instagram")]]
    assert sizes == [("post", (1080, 1350)), ("story", (1080, 1920))]


@pytest.mark.parametrize("photo", [True, False])
def test_card_photo_only_with_portrait_consent(tmp_path, photo):
    site = SiteProject.small(tmp_path / "project").illustrate()
    site.story(
        "wilma-fietst",
        image="wilma.jpg",
        image_alt="Wilma op haar fiets.",
        consent=consent_meta(photo=photo),
    )
    (job,) = cards_of(site).jobs
    assert (job.card.photo is not None) is photo


@pytest.mark.parametrize(
    "consent",
    [
        {"withdrawn": date(2026, 12, 1)},
        {"given": date(2024, 1, 1), "expires": date(2026, 1, 1)},
        {"channels": ["website", "newsletter"]},
    ],
    ids=["withdrawn", "expired", "no-social"],
)
def test_no_card_without_consent_for_the_platform(tmp_path, consent):
    site = SiteProject.small(tmp_path / "project")
    site.story("wilma-fietst", consent=consent_meta(**consent))
    cards = cards_of(site)
    assert cards.jobs == [] and cards.downloads == {}


def test_no_card_for_a_story_without_quote(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.story("wilma-fietst", quote=OMIT)
    assert cards_of(site).jobs == []


def test_a_card_with_a_photo_is_a_sharp_jpeg_under_bluesky_s_megabyte(tmp_path):
    photo = tmp_path / "wilma.jpg"
    noise = Image.effect_noise((2400, 1600), 80).convert("RGB")  # as hard to pack as a photo
    noise.save(photo, quality=95)
    sizes = (Crop("bluesky", 1200, 1200), Crop("instagram-story", 1080, 1920))
    job = QuoteCardJob(card(photo=photo), sizes, display="stories/wilma/index.md")
    run = render_images([job], tmp_path / "cache")
    assert run.errors == []
    for name in ("bluesky", "instagram-story"):
        path = run.output(job, name).path
        assert path.suffix == ".jpg" and path.stat().st_size < 1_000_000
        with Image.open(path) as image:
            assert (
                image.format == "JPEG" and not image.getexif() and "icc_profile" not in image.info
            )
            assert image.layer[0][1:3] == image.layer[1][1:3]  # full colour resolution (4:4:4)
    without = QuoteCardJob(card(), sizes[:1], display="stories/wilma/index.md")
    assert render_images([without], tmp_path / "cache").output(without, "bluesky").path.suffix == (
        ".png"
    )


@pytest.mark.parametrize(
    ("logo_colour", "plate"),
    [((14, 112, 80), True), ((230, 30, 30), True), ((250, 250, 250), False)],
)
def test_a_logo_that_hardly_shows_on_the_card_gets_a_plate(tmp_path, logo_colour, plate):
    """On the brand green (#0b6e4f) a green or red logo is below 3:1; a white one is not."""
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (*logo_colour, 255)).save(logo)
    background, text = card_colors("#0b6e4f")
    assert (contrast_ratio(logo_colour, background) < 3) is plate
    image = render_quote_card(card(logo=logo), 1080, 1080)
    corner = image.crop((1080 - 76 - 200, 1080 - 76 - 80, 1080 - 50, 1080 - 50))
    plate_pixels = sum(1 for pixel in corner.get_flattened_data() if pixel == text)
    assert (plate_pixels > 500) is plate


@pytest.mark.parametrize("breaker", ["\n", "\r\n", "\x85", "\u2029", "\x1c", "\t"])
def test_line_breaks_and_control_characters_are_drawn_as_spaces(breaker):
    """Pillow's raqm layout fails on these; a quote from a YAML block scalar has them."""
    odd = card(quote=f"Elke knuffel{breaker}is een glimlach.", person=f"Wil{breaker}ma")
    plain = card(quote="Elke knuffel is een glimlach.", person="Wil ma")
    assert render_quote_card(odd, 1080, 1080).tobytes() == (
        render_quote_card(plain, 1080, 1080).tobytes()
    )


# Safe zones: text on a 9:16 card stays out of the bands the app covers (issue 18)


def outside_the_safe_zone(image: Image.Image, safe, photo_bottom: int = 0) -> list[tuple]:
    """The pixels outside the safe zone (below a photo at the top) that are not background:
    text, attribution or logo under the app's bars and buttons."""
    width, height = image.size
    top, right, bottom, left = safe
    background = image.getpixel((width // 2, height - 1))
    bands = [
        (0, photo_bottom, width, max(top, photo_bottom)),
        (0, height - bottom, width, height),
        (0, photo_bottom, left, height),
        (width - right, photo_bottom, width, height),
    ]
    found = []
    for band in bands:
        if band[0] < band[2] and band[1] < band[3]:
            found += [p for p in set(image.crop(band).get_flattened_data()) if p != background]
    return found


def test_story_cards_have_the_platforms_safe_zones_as_data():
    platforms = load_platforms()
    assert safe_zones(platforms["instagram"]) == (((1080, 1920), (250, 0, 340, 0)),)
    top, right, bottom, _ = dict(safe_zones(platforms["tiktok"]))[(1080, 1920)]
    assert top >= 250 and right >= 140 and bottom >= 420
    assert safe_zones(platforms["facebook"]) == ()


@pytest.mark.parametrize("platform_id", ["instagram", "tiktok"])
@pytest.mark.parametrize("quote", ["Kort.", LONG])
def test_text_on_a_story_card_stays_inside_the_safe_zone(tmp_path, platform_id, quote):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (230, 30, 30, 255)).save(logo)
    safe = dict(safe_zones(load_platforms()[platform_id]))[(1080, 1920)]
    image = render_quote_card(card(quote=quote, logo=logo, pseudonym=True), 1080, 1920, safe)
    assert outside_the_safe_zone(image, safe) == []
    # Without the zone the same card puts text where the app has its bars.
    assert outside_the_safe_zone(render_quote_card(card(quote=quote, logo=logo), 1080, 1920), safe)


@pytest.mark.parametrize("platform_id", ["instagram", "tiktok"])
def test_a_story_card_with_a_photo_keeps_its_text_inside_the_safe_zone(tmp_path, platform_id):
    photo = tmp_path / "wilma.jpg"
    Image.new("RGB", (800, 600), (30, 30, 230)).save(photo)
    safe = dict(safe_zones(load_platforms()[platform_id]))[(1080, 1920)]
    image = render_quote_card(card(quote=LONG, photo=photo), 1080, 1920, safe)
    assert outside_the_safe_zone(image, safe, photo_bottom=round(1920 * 0.45)) == []
    assert image.getpixel((540, 10)) != image.getpixel((540, 1919))  # the photo stays on top


@settings(max_examples=15, deadline=None)
@given(
    quote=st.text(
        alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=600
    ),
    person=st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄëï -", min_size=1, max_size=60),
    safe=st.tuples(*[st.integers(0, 400)] * 4),
)
def test_any_quote_keeps_out_of_any_safe_zone(quote, person, safe):
    image = render_quote_card(card(quote=quote, person=person), 1080, 1920, safe)
    assert outside_the_safe_zone(image, safe) == []


def test_a_site_s_story_cards_are_made_with_their_safe_zone(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    site.story("wilma-fietst", consent=consent_meta(channels=["website", "instagram", "tiktok"]))
    cards = cards_of(site, channels=("website", "instagram", "tiktok"))
    jobs = {job.display.rsplit(" ", 1)[-1].rstrip(")"): job for job in cards.jobs}
    for name, job in jobs.items():
        platform = load_platforms()[name.lower()]
        assert job.safe_zones == safe_zones(platform)
        made = job.make(job.identity(), job.crops)
        for crop, result in zip(job.crops, made, strict=True):
            image = Image.open(io.BytesIO(result.data)).convert("RGB")
            safe = dict(job.safe_zones).get((crop.width, crop.height), (0, 0, 0, 0))
            assert outside_the_safe_zone(image, safe) == [], crop.name
    assert set(jobs) == {"Instagram", "TikTok"}
