"""Platform rules and counting (SPEC §5): every platform measures as it does itself."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
import yaml

from reisverhaal.content.datafiles import (
    MODELS,
    PlatformRules,
    PlatformsFile,
    read_data_file,
    shipped,
)
from reisverhaal.data import DATA_DIR, PLATFORM_IDS
from reisverhaal.render.platforms import (
    Platform,
    as_composed,
    find_urls,
    load_platforms,
    measure,
    problems,
    within_limit,
)

DATA = Path(__file__).parent / "data"
PLATFORMS = load_platforms()
X_CASES = yaml.safe_load((DATA / "x_weighted_length.yml").read_text(encoding="utf-8"))

FAMILY = "👨\u200d👩\u200d👧\u200d👦"
THUMB = "👍🏽"
FLAG = "🇳🇱"
LINK = (
    "https://www.zorggroep-delinde.nl/journeys/nieuwe-knie/opname/"
    "?utm_source=x&utm_medium=social&utm_campaign=nieuwe-knie&utm_content=opname"
)
CHAR_PLATFORMS = ("facebook", "instagram", "linkedin", "whatsapp", "pinterest")


def test_platforms_load_in_file_order_with_spec_ids():
    assert PLATFORM_IDS == (
        "x",
        "bluesky",
        "mastodon",
        "threads",
        "facebook",
        "instagram",
        "linkedin",
        "whatsapp",
        "pinterest",
        "youtube",
        "tiktok",
    )
    assert list(PLATFORMS) == list(PLATFORM_IDS)
    assert all(PLATFORMS[key].id == key for key in PLATFORM_IDS)


def test_platform_rules_match_spec_table():
    x, bluesky, threads = PLATFORMS["x"], PLATFORMS["bluesky"], PLATFORMS["threads"]
    assert (x.limit, x.count, x.url_weight, x.links, x.hashtags) == (
        280,
        "twitter",
        23,
        "inline",
        2,
    )
    assert x.images == {"post": (1600, 900)}
    assert (bluesky.limit, bluesky.max_bytes, bluesky.alt_limit) == (300, 3000, 2000)
    assert (threads.max_links, threads.emoji_bytes, threads.hashtags) == (5, True, 1)
    assert PLATFORMS["instagram"].images["story"] == (1080, 1920)
    assert PLATFORMS["instagram"].links == PLATFORMS["tiktok"].links == "none"
    assert PLATFORMS["pinterest"].links == "field"
    assert (PLATFORMS["pinterest"].title_limit, PLATFORMS["youtube"].title_limit) == (100, 100)
    assert PLATFORMS["youtube"].forbidden == "<>"
    assert PLATFORMS["whatsapp"].hashtags == 0
    assert PLATFORMS["whatsapp"].alt_text is False


def test_a_platform_fact_is_defined_once():
    """Platform is made from PlatformRules: every validated fact is a field, nothing else."""
    names = [item.name for item in dataclasses.fields(Platform)]
    assert names == ["id", *PlatformRules.model_fields]
    for key, rules in shipped("platforms").root.items():
        assert {name: getattr(PLATFORMS[key], name) for name in names[1:]} == dict(rules)


def test_platform_is_frozen_and_hashable():
    with pytest.raises(FrozenInstanceError):
        PLATFORMS["x"].limit = 1000
    assert {PLATFORMS["x"]: 1}[PLATFORMS["x"]] == 1


GOOD = """\
test:
  name: Test
  color: "#123456"
  limit: 10
  count: chars
  links: inline
  hashtags: 1
  images: {post: [10, 10]}
  responses: comments
"""


def platforms_file(tmp_path: Path, text: str):
    path = tmp_path / "platforms.yml"
    path.write_text(text, encoding="utf-8")
    return read_data_file(path, "data/platforms.yml", PlatformsFile, "platforms")


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_shipped_data_file_passes_its_model(name):
    assert shipped(name) is not None


def test_the_platforms_in_the_file_are_the_platforms():
    assert tuple(load_platforms()) == PLATFORM_IDS
    assert load_platforms()["instagram"].color == "#e1306c"
    assert load_platforms()["x"].icon == "x-twitter"
    assert "platforms" not in yaml.safe_load((DATA_DIR / "calendar.yml").read_text("utf-8"))


def test_good_platform_rules_have_no_findings(tmp_path):
    found = platforms_file(tmp_path, GOOD)
    assert found.findings == [] and found.value.root["test"].limit == 10


@pytest.mark.parametrize(
    ("line", "replacement", "words"),
    [
        (3, "  colour: '#123456'", ["onbekende sleutel 'test.colour'", "Bedoelde je 'color'?"]),
        (5, "  count: words", ["'test.count' heeft waarde 'words'", "'twitter'"]),
        (6, "  links: inlne", ["bedoelde je 'inline'?"]),
        (7, "  hashtags: veel", ["'test.hashtags'", "verwacht een geheel getal"]),
        (8, "  images: {post: groot}", ["'test.images.post'", "verwacht [x, y]"]),
    ],
)
def test_bad_platform_rules_are_dutch_findings_at_their_line(tmp_path, line, replacement, words):
    rows = GOOD.splitlines()
    rows[line - 1] = replacement
    (finding,) = platforms_file(tmp_path, "\n".join(rows) + "\n").findings
    assert (finding.path, finding.line, finding.level) == ("data/platforms.yml", line, "error")
    assert finding.rule.startswith("platforms.")
    for word in words:
        assert word in finding.message


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("  safe_zones: {story: {top: 1}}", ["'story'", "alleen post"]),
        ("  safe_zones: {post: {top: 5, bottom: 5}}", ["laat niets over van 10×10"]),
        ("  responses: reacties", ["'test.responses'", "'comments'"]),
    ],
)
def test_bad_safe_zones_and_responses_are_dutch_findings(tmp_path, new, words):
    text = GOOD.replace("  responses: comments\n", "") + new + "\n"
    if "responses" not in new:
        text += "  responses: comments\n"
    (finding,) = platforms_file(tmp_path, text).findings
    assert finding.rule.startswith("platforms.") and finding.level == "error"
    for word in words:
        assert word in finding.message


def test_a_missing_platform_rule_is_named(tmp_path):
    (finding,) = platforms_file(tmp_path, GOOD.replace("  limit: 10\n", "")).findings
    assert "verplichte sleutel 'test.limit' ontbreekt" in finding.message
    assert finding.line == 1


def test_platforms_yaml_that_cannot_be_read_names_its_line(tmp_path):
    (finding,) = platforms_file(tmp_path, GOOD.replace("[10, 10]}", "[10, 10}")).findings
    assert finding.rule == "platforms.file" and finding.line == 8
    assert "is geen geldige YAML" in finding.message


@pytest.mark.parametrize("case", X_CASES, ids=[case["why"][:40] for case in X_CASES])
def test_x_weighted_length(case):
    assert measure(case["text"], PLATFORMS["x"]) == case["expected"], case["why"]


def test_x_limit_is_280_weighted():
    x = PLATFORMS["x"]
    assert within_limit("a" * 280, x)
    assert not within_limit("a" * 281, x)
    assert within_limit("日" * 140, x)
    assert not within_limit("日" * 141, x)
    assert within_limit(f"{'a' * 256} {LINK}", x)
    assert not within_limit(f"{'a' * 257} {LINK}", x)


COUNTS = {
    # text: (bluesky, mastodon, threads, chars, youtube, tiktok)
    FAMILY: (1, 1, 25, 7, 25, 11),
    THUMB: (1, 1, 8, 2, 8, 4),
    FLAG: (1, 1, 8, 2, 8, 4),
    "日本語": (3, 3, 3, 3, 9, 3),
    "e\u0301": (1, 1, 2, 2, 3, 2),
    "Hoi 😀": (5, 5, 8, 5, 8, 6),
    "𠀀": (1, 1, 1, 1, 4, 2),
}


@pytest.mark.parametrize("text", list(COUNTS))
def test_counting_per_platform(text):
    bluesky, mastodon, threads, chars, youtube, tiktok = COUNTS[text]
    assert measure(text, PLATFORMS["bluesky"]) == bluesky
    assert measure(text, PLATFORMS["mastodon"]) == mastodon
    assert measure(text, PLATFORMS["threads"]) == threads
    for key in CHAR_PLATFORMS:
        assert measure(text, PLATFORMS[key]) == chars
    assert measure(text, PLATFORMS["youtube"]) == youtube
    assert measure(text, PLATFORMS["tiktok"]) == tiktok


def test_urls_per_platform():
    text = f"Zie {LINK} nu"
    assert measure(text, PLATFORMS["x"]) == 4 + 23 + 3
    assert measure(text, PLATFORMS["mastodon"]) == 4 + 23 + 3
    assert measure(text, PLATFORMS["bluesky"]) == len(
        "Zie www.zorggroep-delinde.nl/journeys/nie... nu"
    )
    assert measure(text, PLATFORMS["threads"]) == len(text)
    # Mastodon links only URLs with a protocol, so a bare domain counts as its characters.
    assert measure("zorg.nl", PLATFORMS["mastodon"]) == 7
    assert measure("zorg.nl", PLATFORMS["x"]) == 23


def test_find_urls_gives_offsets_and_leaves_out_trailing_punctuation():
    text = f"Lees {LINK}. Of kijk op zorg.nl!"
    urls = find_urls(text)
    assert [url.url for url in urls] == [LINK, "zorg.nl"]
    assert all(text[url.start : url.end] == url.url for url in urls)
    assert [url.url for url in find_urls(text, bare_domains=False)] == [LINK]
    assert find_urls("Geen link hier, ook niet in 3.5 of o.a. dit.") == []


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (LINK, "www.zorggroep-delinde.nl/journeys/nie..."),
        ("https://zorg.nl/", "zorg.nl"),
        ("https://zorg.nl", "zorg.nl"),
        ("https://zorg.nl/fysio/knie", "zorg.nl/fysio/knie"),
        ("https://zorg.nl/fysio/knie-123", "zorg.nl/fysio/knie-123"),
        ("https://zorg.nl/fysio/knie-1234", "zorg.nl/fysio/knie-1..."),
        ("https://zorg.nl/?a=1#boven", "zorg.nl?a=1#boven"),
        ("HTTPS://Zorg.NL:443/a", "zorg.nl/a"),
        ("http://zorg.nl:8080/a", "zorg.nl:8080/a"),
        ("https://gebruiker@zorg.nl/a", "zorg.nl/a"),
        ("(https://zorg.nl/a)", "(zorg.nl/a)"),
        ("https://zorg.nl/a.", "zorg.nl/a."),
        ("https://zorg.nl/wiki/Knie_(gewricht)", "zorg.nl/wiki/Knie_(g..."),
        ("zorg.nl/een/heel/lang/pad/naar/iets", "zorg.nl/een/heel/lang/pad/naar/iets"),
        ("x https://zorg.nl/é/lang-pad-hier", "x https://zorg.nl/é/lang-pad-hier"),
        ("https://zorg.nl/a/../b/en-verder-nog", "https://zorg.nl/a/../b/en-verder-nog"),
    ],
)
def test_bluesky_counts_a_link_as_its_composer_shows_it(written, shown):
    """social-app's toShortUrl: host + 13 characters of path, query and fragment + "..."
    when they are longer than 15; a link the browser would rewrite is counted as written."""
    bluesky = PLATFORMS["bluesky"]
    assert as_composed(written, bluesky) == shown
    assert measure(f"Lees {written} nu", bluesky) == len(f"Lees {shown} nu")
    assert as_composed(written, PLATFORMS["mastodon"]) == written


def test_bluesky_fits_a_post_with_a_long_link_that_its_raw_text_would_not():
    bluesky = PLATFORMS["bluesky"]
    text = "a" * (300 - 1 - len("www.zorggroep-delinde.nl/journeys/nie...")) + " " + LINK
    assert len(text) > 300
    assert within_limit(text, bluesky)
    assert not within_limit("a" + text, bluesky)


def test_bluesky_bytes_limit():
    bluesky = PLATFORMS["bluesky"]
    text = FAMILY * 300
    assert measure(text, bluesky) == 300
    assert not within_limit(text, bluesky)
    assert problems(text, bluesky) == ["7500 van de 3000 bytes"]
    assert within_limit(FAMILY * 120, bluesky)


def test_youtube_counts_bytes_and_refuses_angle_brackets():
    youtube = PLATFORMS["youtube"]
    assert within_limit("é" * 2500, youtube)
    assert not within_limit("é" * 2501, youtube)
    assert not within_limit("a < b", youtube)
    assert problems("<b>", youtube) == ["verboden tekens < >"]
    assert problems("é" * 2501, youtube) == ["5002 van de 5000 bytes"]
    assert problems("a" * 281, PLATFORMS["x"]) == ["281 van de 280 tekens"]


def test_link_rules():
    assert not within_limit("Kijk op https://a.nl/x", PLATFORMS["instagram"])
    assert not within_limit("Kijk op zorg.nl", PLATFORMS["tiktok"])
    assert within_limit("Kijk op https://a.nl/x", PLATFORMS["facebook"])
    links = " ".join(f"https://a.nl/{number}" for number in range(6))
    assert not within_limit(links, PLATFORMS["threads"])
    assert within_limit(links.rsplit(" ", 1)[0], PLATFORMS["threads"])


def test_tiktok_counts_utf16_units():
    tiktok = PLATFORMS["tiktok"]
    assert within_limit("😀" * 1100, tiktok)
    assert not within_limit("😀" * 1101, tiktok)


def test_threads_emoji_count_their_bytes():
    threads = PLATFORMS["threads"]
    assert within_limit(FAMILY * 20, threads)
    assert not within_limit(FAMILY * 21, threads)


@pytest.mark.parametrize("key", PLATFORM_IDS)
def test_every_platform_accepts_exactly_its_limit_in_ascii(key):
    platform: Platform = PLATFORMS[key]
    assert within_limit("a" * platform.limit, platform)
    assert not within_limit("a" * (platform.limit + 1), platform)


CALENDAR = """\
tools:
  buffer:
    columns: [text, image, tags, time]
    header: [Text, Image URL, Tags, Posting Time]
    time_format: "%Y-%m-%d %H:%M"
    max_rows: 100
    minute_step: 1
    lead_minutes: 0
    platforms: [x, facebook]
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("[text, image, tags, time]", "[text, foto, tags, time]", 3, ["'foto'", "'image'"]),
        ("[x, facebook]", "[x, facebok]", 9, ["'facebok'", "bedoelde je 'facebook'?"]),
        ("Tags, Posting Time]", "Posting Time]", 2, ["3 titels en columns 4 kolommen"]),
    ],
)
def test_a_scheduling_tool_s_mistake_is_a_dutch_finding_at_its_line(
    tmp_path, old, new, line, words
):
    path = tmp_path / "calendar.yml"
    path.write_text(CALENDAR, encoding="utf-8")
    assert read_data_file(path, "data/calendar.yml", MODELS["calendar"], "calendar").value
    path.write_text(CALENDAR.replace(old, new), encoding="utf-8")
    (finding,) = read_data_file(path, "data/calendar.yml", MODELS["calendar"], "calendar").findings
    assert (finding.path, finding.line) == ("data/calendar.yml", line)
    for word in words:
        assert word in finding.message
