"""Composing and fitting snippets (SPEC §5): never over the limit, never a broken piece."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reisverhaal.data import PLATFORM_IDS
from reisverhaal.render.fitting import (
    ELLIPSIS,
    FitError,
    PostParts,
    fewer_extras,
    fit_post,
    fit_title,
    for_platform,
    format_post,
    hashtags_in,
    sentence_spans,
    strip_urls,
    tidy,
)
from reisverhaal.render.platforms import (
    Platform,
    find_urls,
    graphemes,
    is_emoji,
    load_platforms,
    measure,
    within_limit,
)

PLATFORMS = load_platforms()
LINK = (
    "https://www.zorggroep-delinde.nl/journeys/nieuwe-knie/opname/"
    "?utm_source=x&utm_medium=social&utm_campaign=nieuwe-knie&utm_content=opname"
)
FAMILY = "👨\u200d👩\u200d👧\u200d👦"
SENTENCES = [
    "Op de dag van de operatie komt u nuchter naar het ziekenhuis.",
    "De verpleegkundige brengt u naar de afdeling en legt alles rustig uit.",
    f"Na de operatie loopt u al snel met krukken {FAMILY}.",
    "Uw familie mag de hele dag op bezoek komen, ook in het weekend.",
]
BODY = " ".join(SENTENCES)
QUOTE = "“Ik was nergens bang voor.” — Wilma"
CTA = "Lees hoe de opname gaat:"
TAGS = ["NieuweKnie", "Zorg", "DeLinde", "Revalidatie", "Samen", "Thuis"]


def parts(**changes) -> PostParts:
    values = dict(
        body=BODY, quote=QUOTE, cta=CTA, link=LINK, hashtags=TAGS, link_in_bio="Link in bio."
    )
    return PostParts(**{**values, **changes})


def test_a_short_post_is_left_whole():
    post = fit_post(parts(), PLATFORMS["linkedin"])
    assert post.text == format_post(parts(hashtags=TAGS[:5]))
    assert post.shortened is False
    assert post.hashtags_used == tuple(TAGS[:5])
    assert (post.length, post.limit) == (measure(post.text, PLATFORMS["linkedin"]), 3000)


def test_x_drops_whole_sentences_and_never_cuts_a_word():
    post = fit_post(parts(quote=None), PLATFORMS["x"])
    assert post.shortened
    assert post.length <= 280
    assert post.hashtags_used == ("NieuweKnie", "Zorg")
    body = post.text.split("\n\n")[0]
    assert ELLIPSIS not in post.text
    assert body in {" ".join(SENTENCES[:n]) for n in range(1, len(SENTENCES))}
    assert not within_limit(
        format_post(parts(body=f"{body} {SENTENCES[body.count('.')]}", quote=None, hashtags=[])),
        PLATFORMS["x"],
    )


def test_the_issue_s_x_post_keeps_its_quote_and_whole_sentences():
    """«…Jullie praten over…» came from cutting words to keep a quote: whole sentences now."""
    first = "Je eerste afspraak is met de orthopeed en een verpleegkundige."
    body = (
        f"{first} Jullie praten over je klachten, je wensen en wat de operatie voor je "
        "betekent. Neem gerust iemand mee die met je meeluistert. Daarna krijg je een brief "
        "met de datum van je operatie."
    )
    quote = "Ik voelde me gehoord. — Joop"
    post = fit_post(PostParts(body=body, quote=quote, cta=CTA, link=LINK), PLATFORMS["x"])
    kept = body.removesuffix(" Daarna krijg je een brief met de datum van je operatie.")
    assert post.text == f"{kept}\n\n{quote}\n\n{CTA} {LINK}"
    assert post.text.startswith(first) and ELLIPSIS not in post.text


def test_later_sentences_go_even_when_some_of_their_words_would_fit():
    long_words = " ".join(["Verpleeghuiszorgmedewerkersopleidingstraject" * 2] * 4) + "."
    post = fit_post(PostParts(body=f"Kort en goed. {long_words}", link=LINK), PLATFORMS["x"])
    assert post.text == f"Kort en goed.\n\n{LINK}"
    assert post.shortened
    post = fit_post(
        PostParts(body=f"Kort. {'Zo gaat het verder ' * 30}.", link=LINK), PLATFORMS["x"]
    )
    assert post.text == f"Kort.\n\n{LINK}"


def one_sentence_leaving(room: int, platform_id: str, **changes) -> str:
    """A one-sentence body that leaves `room` for hashtags after body, call to action and link."""
    platform = PLATFORMS[platform_id]
    base = measure(format_post(parts(body="W.", quote=None, hashtags=[], **changes)), platform)
    return "W" * (platform.limit - room - base + 1) + "."


def test_the_quote_goes_before_the_hashtags():
    # #NieuweKnie #Zorg #DeLinde after a blank line: 2 + 11 + 6 + 9 = 28
    body = one_sentence_leaving(28, "bluesky")
    post = fit_post(parts(body=body), PLATFORMS["bluesky"])
    assert QUOTE not in post.text
    assert post.hashtags_used == ("NieuweKnie", "Zorg", "DeLinde")
    assert post.text.startswith(body)
    assert post.length == 300
    assert post.shortened


def test_hashtags_go_one_by_one_from_the_end():
    body = one_sentence_leaving(27, "bluesky")
    post = fit_post(parts(body=body), PLATFORMS["bluesky"])
    assert post.hashtags_used == ("NieuweKnie", "Zorg")
    assert post.text.endswith("\n\n#NieuweKnie #Zorg")
    post = fit_post(parts(body=one_sentence_leaving(13, "bluesky")), PLATFORMS["bluesky"])
    assert post.hashtags_used == ("NieuweKnie",)
    post = fit_post(parts(body=one_sentence_leaving(12, "bluesky")), PLATFORMS["bluesky"])
    assert post.hashtags_used == ()
    post = fit_post(parts(body=one_sentence_leaving(0, "bluesky")), PLATFORMS["bluesky"])
    assert post.hashtags_used == ()
    assert post.length == 300


def test_impossible_fit_raises_fit_error_in_dutch():
    first = "Dit is een eerste zin die veel te lang is voor X " + "en nog langer " * 20 + "."
    with pytest.raises(FitError) as caught:
        fit_post(parts(body=first), PLATFORMS["x"])
    message = str(caught.value)
    assert message.startswith("De link, de oproep (cta) en de eerste zin passen samen niet")
    assert "van de 280 tekens" in message
    assert "`posts:`" in message


def test_without_link_or_call_to_action_only_the_sentence_is_named():
    with pytest.raises(FitError, match=r"^De eerste zin past niet in het bericht \(\d+ van de 280"):
        fit_post(PostParts(body="Lang " * 60 + "."), PLATFORMS["x"])


def test_instagram_has_no_url_and_says_link_in_bio():
    body = (
        f"{SENTENCES[0]} Meer weten? Kijk op https://www.delinde.nl/knie of bel ons. {SENTENCES[1]}"
    )
    post = fit_post(parts(body=body), PLATFORMS["instagram"])
    assert find_urls(post.text) == []
    assert "Kijk op" not in post.text
    assert SENTENCES[1] in post.text
    assert f"{CTA} Link in bio." in post.text
    assert LINK not in post.text


def test_link_in_bio_only_when_there_is_a_link():
    post = fit_post(parts(link=None), PLATFORMS["tiktok"])
    assert "Link in bio." not in post.text


def test_a_body_of_only_a_url_fails_on_instagram():
    with pytest.raises(FitError, match="geen tekst over"):
        fit_post(parts(body="https://www.delinde.nl/knie"), PLATFORMS["instagram"])


def test_pinterest_keeps_the_link_out_of_the_text():
    post = fit_post(parts(), PLATFORMS["pinterest"])
    assert LINK not in post.text
    assert "Link in bio." not in post.text


def test_youtube_replaces_angle_brackets():
    post = fit_post(
        parts(body="Pijn <5 is normaal. Koorts >38 graden? Bel ons."), PLATFORMS["youtube"]
    )
    assert "Pijn ‹5 is normaal. Koorts ›38 graden?" in post.text
    assert within_limit(post.text, PLATFORMS["youtube"])


def test_threads_keeps_at_most_five_links():
    body = "Lees ook: " + " ".join(f"https://delinde.nl/{n}" for n in range(7)) + "."
    post = fit_post(parts(body=body), PLATFORMS["threads"])
    assert len(find_urls(post.text)) == 5
    assert LINK in post.text
    assert "https://delinde.nl/3" in post.text
    assert "https://delinde.nl/4" not in post.text


def test_whatsapp_has_no_hashtags():
    post = fit_post(parts(), PLATFORMS["whatsapp"])
    assert post.hashtags_used == ()
    assert "#" not in post.text


def test_hashtags_in_the_body_count_toward_the_maximum():
    post = fit_post(parts(body="Wij zijn er voor u. #DeLinde #Zorg", quote=None), PLATFORMS["x"])
    assert post.hashtags_used == ()
    assert post.text.count("#DeLinde") == 1
    post = fit_post(parts(body="Wij zijn er voor u. #zorg"), PLATFORMS["bluesky"])
    assert post.hashtags_used == ("NieuweKnie", "DeLinde")


def test_hashtags_are_written_without_hash_and_without_spaces():
    assert PostParts(body="x", hashtags=["#Knie", " Zorg "]).hashtags == ("Knie", "Zorg")
    with pytest.raises(ValueError, match="zonder spaties"):
        PostParts(body="x", hashtags=["nieuwe knie"])


def test_a_custom_renderer_is_used_and_measured():
    def render(candidate: PostParts) -> str:
        return f"{candidate.body}\n\n\n\n👉 {candidate.link}  \n" + "".join(
            f" #{tag}" for tag in candidate.hashtags
        )

    post = fit_post(parts(), PLATFORMS["x"], render)
    assert "\n\n\n" not in post.text
    assert f"👉 {LINK}\n #NieuweKnie #Zorg" in post.text
    assert post.length == measure(post.text, PLATFORMS["x"]) <= 280


def test_sentences_keep_their_emoji_and_skip_abbreviations():
    text = "Klaar! 🎉 Nu naar huis. Neem bijv. een tas mee.\nTot ziens"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Klaar! 🎉",
        "Nu naar huis.",
        "Neem bijv. een tas mee.",
        "Tot ziens",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie (https://a.nl/b).", "Zie."),
        ("Lees meer: https://a.nl/b.", "Lees meer."),
        ("Ga naar https://a.nl/b, daar staat het.", "Ga naar, daar staat het."),
        ("https://a.nl/b\nTweede regel", "Tweede regel"),
        ("Geen link: alleen tekst", "Geen link: alleen tekst"),
    ],
)
def test_strip_urls_closes_the_gap(text, expected):
    assert strip_urls(text) == expected


# Property tests: random Dutch-like text with emoji, CJK, very long words and URLs.

WORDS = st.sampled_from(
    [
        "de", "het", "een", "u", "wij", "zorg", "knie", "operatie", "verpleegkundige",
        "revalidatie", "thuis", "familie", "bezoek", "café", "één", "ziekenhuisopname",
        "fysiotherapeut", "mantelzorger", "geïnformeerd", "reünie", "o.a.", "bijv.",
        "3,5", "—", "“goed”", "(samen)",
    ]
)  # fmt: skip
EMOJI = st.sampled_from(
    [
        "😀", "🎉", "🏥", "❤️", "☺", "🇳🇱", "1️⃣", FAMILY, "👍🏽", "👩🏿\u200d⚕️",
        "🧑🏽\u200d🦰", "🏳️\u200d🌈", "👨\u200d👩\u200d👦",
    ]
)  # fmt: skip
CJK = st.sampled_from(["日本語", "中文", "한국어", "𠀀𠀁"])
LONG = st.integers(30, 320).map(lambda n: ("verpleeghuiszorg" * 20)[:n])
URLS = st.builds(
    lambda path, bare: f"{'' if bare else 'https://'}www.delinde.nl/{path}",
    st.from_regex(r"[a-z0-9-]{0,40}", fullmatch=True).map(lambda s: s.strip("-") or "x"),
    st.booleans(),
)
TOKEN = st.one_of(
    WORDS, WORDS, WORDS, WORDS, WORDS, WORDS, EMOJI, CJK, URLS, LONG.filter(lambda w: len(w) < 60)
)
SENTENCE = st.builds(
    lambda first, rest, end: " ".join([first.capitalize(), *rest]) + end,
    WORDS,
    st.lists(TOKEN, max_size=25),
    st.sampled_from([".", "!", "?", "…", ". 🎉", ""]),
)
BODY_STRATEGY = st.builds(
    lambda sentences, joiner, times: joiner.join(sentences * times),
    st.lists(st.one_of(SENTENCE, SENTENCE, SENTENCE, LONG), min_size=1, max_size=8),
    st.sampled_from([" ", "\n", "\n\n"]),
    st.integers(1, 6),
)
TAG = st.from_regex(r"[A-Z][a-zA-Z0-9]{2,14}", fullmatch=True)
PARTS = st.builds(
    PostParts,
    body=BODY_STRATEGY,
    quote=st.one_of(st.none(), st.sampled_from([QUOTE, f"“Elke knuffel {FAMILY}” — Wilma"])),
    cta=st.one_of(st.none(), st.sampled_from([CTA, "Meer weten?", "Lees het hele verhaal 👉"])),
    link=st.one_of(st.just(LINK), st.just(LINK), st.none()),
    hashtags=st.lists(TAG, max_size=7, unique_by=str.casefold),
    link_in_bio=st.just("Link in bio."),
)


def input_text(post: PostParts) -> str:
    pieces = [post.body, post.quote, post.cta, post.link, post.link_in_bio, *post.hashtags]
    return unicodedata.normalize("NFC", " ".join(piece for piece in pieces if piece))


def check_fit_error(post: PostParts, platform: Platform, error: FitError) -> None:
    """A FitError only when the link, the call to action and the first sentence cannot fit."""
    prepared = for_platform(post, platform)
    if not prepared.body:
        assert "geen tekst over" in str(error)
        return
    first = prepared.body[: sentence_spans(prepared.body)[0][1]]
    smallest = replace(prepared, body=first, quote=None, hashtags=())
    assert not within_limit(tidy(format_post(smallest), platform), platform)
    assert regex.search(r"(past|passen samen) niet in het bericht", str(error))


@pytest.mark.parametrize("platform_id", PLATFORM_IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post=PARTS)
def test_fitted_posts_keep_every_rule(platform_id, post):
    platform = PLATFORMS[platform_id]
    try:
        fitted = fit_post(post, platform)
    except FitError as error:
        check_fit_error(post, platform, error)
        return
    text = fitted.text
    source = input_text(post)

    assert within_limit(text, platform)
    assert fitted.length == measure(text, platform) <= platform.limit

    urls = [url.url for url in find_urls(text)]
    source_urls = {url.url for url in find_urls(source)}
    assert set(urls) <= source_urls, "a URL was cut or made up"
    if platform.links == "inline" and post.link:
        assert text.count(post.link) == 1
        assert urls.count(post.link) == 1
    else:
        assert LINK not in text
    if platform.links == "none":
        assert urls == []

    assert len(fitted.hashtags_used) <= platform.hashtags
    assert set(fitted.hashtags_used) <= set(post.hashtags)
    for tag in hashtags_in(text):
        assert tag in post.hashtags, f"#{tag} is not one of the given hashtags"

    source_clusters = set(graphemes(source))
    for cluster in graphemes(text):
        if is_emoji(cluster):
            assert cluster in source_clusters, f"emoji {cluster!r} was split"
    glue = set(graphemes(f"{ELLIPSIS}#\n ‹›"))
    assert set(graphemes(text)) <= source_clusters | glue


@settings(max_examples=40, deadline=None)
@given(body=BODY_STRATEGY)
def test_shortened_body_is_a_start_of_the_original(body):
    post = PostParts(body=body, link=LINK)
    try:
        fitted = fit_post(post, PLATFORMS["x"])
    except FitError:
        return
    kept = fitted.text.rsplit("\n\n", 1)[0]
    original = unicodedata.normalize("NFC", body).strip()
    assert original.startswith(kept.removesuffix(ELLIPSIS)), (kept, original)


@pytest.mark.parametrize("platform_id", PLATFORM_IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post=PARTS)
def test_no_post_ends_mid_sentence_while_its_first_sentence_fits(platform_id, post):
    """Whole sentences go, then the quote and hashtags; never a word cut off (issue 18)."""
    platform = PLATFORMS[platform_id]
    prepared = for_platform(post, platform)
    assume(prepared.body)
    ends = [end for _, end in sentence_spans(prepared.body)]
    smallest = replace(prepared, body=prepared.body[: ends[0]], quote=None, hashtags=())
    assume(within_limit(tidy(format_post(smallest), platform), platform))
    fitted = fit_post(post, platform)
    whole = [
        tidy(format_post(replace(candidate, body=prepared.body[:end])), platform)
        for candidate in fewer_extras(prepared)
        for end in ends
    ]
    assert fitted.text in whole


# Each platform's own count, written here apart from render/platforms.py, for posts of plain
# Dutch sentences: what the platform would accept must come out whole.

PLAIN = [
    "Op maandag start de nieuwe spreekuurgroep voor mensen met een nieuwe heup.",
    "U kunt een vriend of familielid meenemen.",
    "De fysiotherapeut laat zien welke oefeningen u thuis kunt doen. 🎉",
    "Koffie en thee staan klaar.",
    "Zorgt u voor iemand die een nieuwe heup krijgt?",
    "Help een week mee met kleine dingen in huis, zoals boodschappen en de was.",
    "Wij bellen u een dag na de operatie om te horen hoe het gaat 👍🏽",
    "Na zes weken mag u weer fietsen.",
    "Vraag het gerust aan de verpleegkundige op de afdeling.",
]
PLAIN_PARTS = st.builds(
    PostParts,
    body=st.lists(st.sampled_from(PLAIN), min_size=1, max_size=9).map(" ".join),
    quote=st.one_of(st.none(), st.just("“Ik kon na een week alweer naar de bakker.” — Joop")),
    cta=st.one_of(st.none(), st.sampled_from(["Lees hoe het gaat:", "Meer weten?"])),
    link=st.builds(
        lambda source, path: (
            f"https://www.zorggroep-delinde.nl/trajecten/{path}/?utm_source={source}"
            f"&utm_medium=social&utm_campaign={path}&utm_content=opname"
        ),
        st.sampled_from(PLATFORM_IDS),
        st.from_regex(r"[a-z]{1,20}(-[a-z]{1,12}){0,3}", fullmatch=True),
    ),
    hashtags=st.lists(TAG, max_size=6, unique_by=str.casefold),
    link_in_bio=st.just("De link staat in onze bio. Kies daar ‘Je nieuwe heup’."),
)
PLAIN_URL = regex.compile(r"https://(?P<host>[^/\s]+)(?P<rest>/\S*)")


def bluesky_shown(match: regex.Match) -> str:
    rest = "" if match["rest"] == "/" else match["rest"]
    return match["host"] + (rest[:13] + "..." if len(rest) > 15 else rest)


def emoji_bytes(text: str) -> int:
    return sum(
        len(cluster.encode()) if any(ord(c) >= 0x1F000 for c in cluster) else len(cluster)
        for cluster in regex.findall(r"\X", text)
    )


ACCEPTS = {
    "x": lambda text: __import__("twitter_text").parse_tweet(text).weightedLength <= 280,
    "bluesky": lambda text: (
        len(regex.findall(r"\X", PLAIN_URL.sub(bluesky_shown, text))) <= 300
        and len(PLAIN_URL.sub(bluesky_shown, text).encode()) <= 3000
    ),
    "mastodon": lambda text: len(regex.findall(r"\X", PLAIN_URL.sub("x" * 23, text))) <= 500,
    "threads": lambda text: emoji_bytes(text) <= 500 and text.count("https://") <= 5,
    "facebook": lambda text: len(text) <= 63206,
    "instagram": lambda text: len(text) <= 2200 and "https://" not in text,
    "linkedin": lambda text: len(text) <= 3000,
    "whatsapp": lambda text: len(text) <= 1024,
    "pinterest": lambda text: len(text) <= 500,
    "youtube": lambda text: len(text.encode()) <= 5000 and not set(text) & set("<>"),
    "tiktok": lambda text: len(text.encode("utf-16-le")) // 2 <= 2200 and "https://" not in text,
}


def test_every_platform_has_its_own_count_in_this_test():
    assert set(ACCEPTS) == set(PLATFORM_IDS)


@pytest.mark.parametrize("platform_id", PLATFORM_IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post=PLAIN_PARTS)
def test_a_post_the_platform_would_accept_is_never_cut(platform_id, post):
    platform = PLATFORMS[platform_id]
    text = tidy(format_post(for_platform(post, platform)), platform)
    assume(ACCEPTS[platform_id](text))
    fitted = fit_post(post, platform)
    assert (fitted.text, fitted.shortened) == (text, False)


def test_the_issue_s_bluesky_post_is_not_cut():
    """«Zorgt u voor iemand die een nieuwe heup krijgt? Help een week…» fits the composer."""
    body = " ".join(PLAIN[4:6]) + " Samen houdt u het vol, en uw naaste herstelt thuis."
    link = (
        "https://www.zorggroep-delinde.nl/trajecten/nieuwe-heup/thuis/?utm_source=bluesky"
        "&utm_medium=social&utm_campaign=nieuwe-heup&utm_content=thuis"
    )
    post = PostParts(body=body, cta="Lees wat u kunt doen:", link=link, hashtags=["Mantelzorg"])
    text = format_post(post)
    assert len(text) > 300
    fitted = fit_post(post, PLATFORMS["bluesky"])
    assert (fitted.text, fitted.shortened) == (text, False)
    assert fitted.length == len(text) - len(link) + len("www.zorggroep-delinde.nl/trajecten/ni...")


# Titles for platforms with a title field

TITLE = st.lists(st.one_of(WORDS, WORDS, WORDS, EMOJI, CJK, LONG, st.just("<b>")), min_size=1).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(step=TITLE, journey=st.one_of(st.just(""), TITLE), platform=st.sampled_from(PLATFORM_IDS))
def test_a_title_fits_its_field_and_never_splits_a_character(step, journey, platform):
    platform = PLATFORMS[platform]
    title = fit_title(step, journey, platform)
    if platform.title_limit is None:
        assert title is None
        return
    assert 0 < len(title) <= platform.title_limit
    assert not set(title) & set(platform.forbidden)
    kept = title.removesuffix(ELLIPSIS) if title.endswith(ELLIPSIS) else title
    step_title = tidy(step, platform)
    assert title == kept or step_title.startswith(kept)
    if title != kept:
        assert graphemes(kept) == graphemes(step_title)[: len(graphemes(kept))]


def test_a_title_is_step_and_journey_when_that_fits_else_the_step_cut_at_a_word():
    pinterest, youtube = PLATFORMS["pinterest"], PLATFORMS["youtube"]
    assert fit_title("Het eerste gesprek", "Je nieuwe knie", pinterest) == (
        "Het eerste gesprek – Je nieuwe knie"
    )
    assert fit_title("Het <eerste> gesprek", "Knie", youtube) == "Het ‹eerste› gesprek – Knie"
    long = "Wat je meeneemt naar het ziekenhuis " * 4
    title = fit_title(long, "Je nieuwe knie", pinterest)
    assert title == long[:97].rsplit(" ", 1)[0] + "…" and len(title) <= 100
    assert fit_title("Het eerste gesprek", "Je nieuwe knie", PLATFORMS["x"]) is None
