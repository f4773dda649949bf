"""One sentence splitter (`checks.prose.sentence_breaks`): the plain Dutch checks split prose
with it, the fitter posts. Where both read the same text they agree on the sentences."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from reisverhaal.checks.prose import sentence_breaks, sentences
from reisverhaal.render.fitting import sentence_spans

WORDS = st.sampled_from(
    ["Je", "praat", "met", "de", "arts", "Wilma", "fietst", "weer", "bijv.", "dr.", "12", "thuis"]
)
FIRST = st.sampled_from(["Je", "Wilma", "De", "Thuis", "Bel"])
ENDS = st.sampled_from([".", "!", "?", "…", ".”", "?)"])
SENTENCE = st.builds(
    lambda first, words, end: " ".join([first, *words]) + end,
    FIRST,
    st.lists(WORDS, max_size=8),
    ENDS,
)


@given(st.lists(SENTENCE, min_size=1, max_size=6))
def test_a_post_and_a_page_split_the_same_plain_text_alike(parts):
    assume(len(set(parts)) > 1)
    text = " ".join(parts)
    by_page = [sentence.text for sentence in sentences(text)]
    by_post = [text[start:end] for start, end in sentence_spans(text)]
    assert by_post == by_page
    assert " ".join(by_post) == text


def test_abbreviations_and_initials_end_no_sentence_in_a_post_either():
    text = "Neem bijv. Jan mee. Dr. De Vries belt je. Vraag naar J. Jansen."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Neem bijv. Jan mee.",
        "Dr. De Vries belt je.",
        "Vraag naar J. Jansen.",
    ]
    assert [s.text for s in sentences(text)] == [text[a:b] for a, b in sentence_spans(text)]


def test_in_a_post_emoji_close_their_sentence_and_a_line_break_ends_one():
    text = "Dat was fijn. 😊 Kom ook!\nTot dan"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Dat was fijn. 😊",
        "Kom ook!",
        "Tot dan",
    ]
    assert sentence_breaks(text) == [(13, 14), (24, 25)]  # prose: the emoji opens one
    assert [s.text for s in sentences(text)] == ["Dat was fijn.", "😊 Kom ook!", "Tot dan"]
