"""Markdown as plain prose, split into sentences that remember their line.

The checks read what a visitor reads: no code, URLs, link targets, HTML tags or heading marks.
Stripping works line by line so that every sentence can still name the line it starts on.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from .. import data


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    heading: bool = False
    """A heading, an admonition title or a table cell: a label, not a sentence of prose."""


_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_RAW_BLOCK = re.compile(r"<(script|style|pre|code)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_HEADING_END = re.compile(r"\s+#+\s*$")
_RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_ADMONITION = re.compile(
    r"^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*(?:\s+\"(?P<title>[^\"]*)\")?"
)
_TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_ABBREVIATION_DEFINITION = re.compile(r"^\s*\*\[[^\]]+\]:.*$")

_INLINE = [
    (re.compile(r"`[^`]*`"), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[\^[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<[a-zA-Z][^>]*>|</[a-zA-Z][^>]*>"), ""),
    (re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE), ""),
    (re.compile(r"\{\{.*?\}\}|\{%.*?%\}"), ""),
    (re.compile(r"\{\s*[:#.][^}]*\}"), ""),
    (re.compile(r"\*+|~~|==|\^\^|(?<!\w)_+|_+(?!\w)"), ""),
]

_WORD = re.compile(r"['’]?[^\W_](?:[\w'’-]*[^\W_])?")
_LETTER = re.compile(r"[^\W\d_]")

# The end of a sentence: its marks, closing quotes and brackets, with emoji that close it
# (posts: "Dat was fijn. 😊 Kom ook!"), then white space; in a post every line break too.
_EMOJI = r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0f\u20e3]"
_MARKS = r"(?P<mark>[.!?…]+)[\"'”’»)\]]*"
_END = regex.compile(rf"{_MARKS}(?P<space>\s+)")
_POST_END = regex.compile(
    rf"{_MARKS}(?:[^\S\n]*{_EMOJI}+)*(?P<space>[^\S\n]+)(?!{_EMOJI})|(?P<line>[^\S\n]*\n\s*)"
)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _inline(line: str) -> str:
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return html.unescape(line)


def _lines(markdown: str) -> list[tuple[str, str]]:
    """Every line as (kind, prose); kind is "blank", "start" (begins a block), "alone" (a
    block of its own, such as a heading or a table cell row) or "text"."""
    markdown = _COMMENT.sub(_blank, markdown)
    markdown = _RAW_BLOCK.sub(_blank, markdown)
    result: list[tuple[str, str]] = []
    fence: str | None = None
    for raw in markdown.split("\n"):
        opening = _FENCE.match(raw)
        if fence is not None:
            if opening and opening.group(1) == fence:
                fence = None
            result.append(("blank", ""))
            continue
        if opening:
            fence = opening.group(1)
            result.append(("blank", ""))
            continue
        if (
            not raw.strip()
            or _RULE.match(raw)
            or _TABLE_DIVIDER.match(raw)
            or _LINK_DEFINITION.match(raw)
            or _ABBREVIATION_DEFINITION.match(raw)
        ):
            result.append(("blank", ""))
            continue
        line = _QUOTE.sub("", raw)
        admonition = _ADMONITION.match(line)
        if admonition:
            result.append(("alone", _inline(admonition.group("title") or "")))
            continue
        if _HEADING.match(line):
            result.append(("alone", _inline(_HEADING_END.sub("", _HEADING.sub("", line)))))
            continue
        if "|" in line and line.strip().startswith("|"):
            result.append(("table", _inline(line)))
            continue
        item = _ITEM.match(line)
        if item:
            result.append(("start", _inline(line[item.end() :])))
            continue
        result.append(("text", _inline(line)))
    return result


def prose(markdown: str) -> str:
    """The Markdown as plain text, with the same number of lines."""
    return "\n".join(text for _, text in _lines(markdown))


def _blocks(markdown: str, first_line: int) -> list[tuple[bool, list[tuple[str, int]]]]:
    """Paragraphs, list items, headings and table cells as (is a label, [(text, line)])."""
    blocks: list[tuple[bool, list[tuple[str, int]]]] = []
    current: list[tuple[str, int]] = []
    for offset, (kind, text) in enumerate(_lines(markdown)):
        line = first_line + offset
        if kind in ("blank", "start", "alone", "table") and current:
            blocks.append((False, current))
            current = []
        if kind == "alone":
            if text.strip():
                blocks.append((True, [(text, line)]))
        elif kind == "table":
            blocks.extend((True, [(cell, line)]) for cell in text.split("|") if cell.strip())
        elif kind != "blank" and text.strip():
            current.append((text, line))
    if current:
        blocks.append((False, current))
    return blocks


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(data.load("dutch")["abbreviations"])


def _starts_sentence(char: str) -> bool:
    """A capital, a digit, or an emoji or other symbol ("Dat was fijn. ☕ Kom ook!")."""
    return char.isupper() or char.isdigit() or unicodedata.category(char) == "So"


def _ends_sentence(text: str, stop: int, after: int) -> bool:
    """Whether the punctuation at `stop`, followed by white space up to `after`, ends a
    sentence: what follows starts a sentence ("'s Morgens" counts too), and a full stop does
    not close an abbreviation or an initial ("foto's." is neither)."""
    following = text[after : after + 8]
    if re.match(r"['’][stn]\s", following):
        return True
    following = following.lstrip("\"'“‘([¡¿")
    if not following or not _starts_sentence(following[0]):
        return False
    if text[stop] != ".":
        return True
    word = re.search(r"[\w.'’]*$", text[max(0, stop - 40) : stop]).group(0).lower()
    if len(word) == 1 and word.isalpha():
        return False
    return word not in _abbreviations()


def sentence_breaks(text: str, post: bool = False) -> list[tuple[int, int]]:
    """Where the sentences of a plain text end: per break, where one sentence ends and the
    next begins (white space between). The one sentence splitter: the checks split prose
    with it (`sentences`), the fitter a post (`post`: emoji right after the end marks close
    the sentence, and every line break ends one)."""
    breaks = []
    for match in (_POST_END if post else _END).finditer(text):
        if post and match["line"] is not None:
            breaks.append((match.start(), match.end()))
        elif _ends_sentence(text, match.start("mark"), match.end()):
            breaks.append((match.start("space"), match.end()))
    return breaks


def sentences(markdown: str, first_line: int = 1) -> list[Sentence]:
    """The sentences of a Markdown text, each with the line it starts on."""
    found: list[Sentence] = []
    for heading, block in _blocks(markdown, first_line):
        pieces: list[str] = []
        starts: list[tuple[int, int]] = []
        length = 0
        for text, line in block:
            starts.append((length, line))
            pieces.append(text.strip())
            length += len(pieces[-1]) + 1
        joined = " ".join(pieces)
        start = 0
        for _, end in sentence_breaks(joined):
            found.append(_sentence(joined, start, end, starts, heading))
            start = end
        if joined[start:].strip():
            found.append(_sentence(joined, start, len(joined), starts, heading))
    return [sentence for sentence in found if words(sentence.text)]


def _sentence(
    joined: str, start: int, end: int, starts: list[tuple[int, int]], heading: bool
) -> Sentence:
    text = joined[start:end]
    begin = start + len(text) - len(text.lstrip())
    line = starts[bisect_right(starts, (begin, float("inf"))) - 1][1]
    return Sentence(text=" ".join(text.split()), line=line, heading=heading)


def words(text: str) -> list[str]:
    """The words of a plain text: tokens with at least one letter (numbers are left out)."""
    return [token for token in _WORD.findall(text) if _LETTER.search(token)]


def shorten(text: str, width: int = 120, focus: tuple[int, int] | None = None) -> str:
    """`text` cut to about `width` characters at word boundaries, keeping the span `focus`
    (start, end) in view; cuts are marked with "…"."""
    if len(text) <= width:
        return text
    start, end = focus or (0, 0)
    left = 0 if end <= width * 3 // 4 else min(max(0, start - width // 3), len(text) - width)
    if left:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(text), left + width)
    if right < len(text):
        space = text.rfind(" ", max(left, end), right)
        right = space if space > 0 else right
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")
