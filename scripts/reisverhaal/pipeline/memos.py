"""What earlier builds found out that holds whatever the site: kept in the cache, reused.

Much of what a rebuild after an edit did, the edit did not change: loading every journey
and story again (parsing front matter, checking photos), loading wordfreq's Dutch word list
for the few words the edited text has, and importing twitter-text to count posts that were
counted before. So a build keeps in `.cache/reisverhaal/memo.json` what loading found per
file (`content.memo.LoadMemo`, by the exact bytes or the photo's stamp), the Zipf value of
every word it looked up (`checks.vocabulary`) and what twitter-text found in every text it
counted (`render.platforms`), under the key of the code that found them
(`snapshot.code_key`: the package, Python and the installed libraries, so an upgrade of
wordfreq or twitter-text starts afresh).

JSON only, read back field by field: a damaged or crafted memo counts as none.
"""

from __future__ import annotations

import json
import math
from contextlib import suppress
from typing import TYPE_CHECKING

from ..core.output import write_atomic

if TYPE_CHECKING:
    from ..content.memo import LoadMemo
    from ..core.settings import Settings

FILE = "memo.json"
VERSION = b"reisverhaal-memo-1"
MAX_WORDS = 200_000
"""More remembered words than this start the table afresh (it only grows otherwise)."""
MAX_COUNTS = 50_000
"""Likewise for counted texts (every edit adds the texts of its posts)."""


def load(settings: Settings, code: str) -> LoadMemo:
    """The memo of the last build with this code, with its word values handed to the
    plain-language checks; an empty memo when there is none."""
    from ..content.memo import LoadMemo, from_plain

    try:
        with open(settings.cache_dir / FILE, "rb") as handle:
            if handle.readline().rstrip(b"\n") != VERSION + b" " + code.encode():
                return LoadMemo()
            plain = json.loads(handle.read())
        memo, words = from_plain(plain["load"]), _words(plain["words"])
        counts = [_count(entry) for entry in plain["counts"]]
    except Exception:  # missing, old, damaged or crafted: nothing remembered
        return LoadMemo()
    from ..checks import vocabulary
    from ..render import platforms

    vocabulary.remember(words)
    platforms.remember(counts)
    return memo


def save(settings: Settings, code: str, memo: LoadMemo) -> None:
    """Keep what this build's load used and found, and every word value looked up. A cache
    that cannot be written only costs the next build its speed."""
    from ..checks import vocabulary
    from ..render import platforms

    words, counts = vocabulary.known(), platforms.known()
    words = {} if len(words) > MAX_WORDS else words
    counts = [] if len(counts) > MAX_COUNTS else counts
    header = VERSION + b" " + code.encode() + b"\n"
    plain = {"load": memo.as_plain(), "words": words, "counts": counts}
    data = json.dumps(plain, ensure_ascii=False)
    with suppress(OSError, ValueError):  # ValueError: text that UTF-8 cannot hold
        write_atomic(settings.cache_dir / FILE, header + data.encode("utf-8"))


def _words(plain) -> dict[str, float]:
    if not isinstance(plain, dict):
        raise ValueError("words")
    for word, value in plain.items():
        if not isinstance(word, str) or word != word.lower():
            raise ValueError("word")
        if type(value) is not float or not math.isfinite(value):
            raise ValueError("value")
    return plain


def _count(entry) -> list:
    """One of `platforms.known()`, checked: what twitter-text found in a text."""
    kind, flag, text, value = entry
    if not isinstance(text, str) or not isinstance(flag, bool):
        raise ValueError("count")
    if kind == "weighted" and flag is False and type(value) is int and value >= 0:
        return entry
    if kind != "urls" or not isinstance(value, list):
        raise ValueError("count")
    for url, start, end in value:
        if not isinstance(url, str) or type(start) is not int or type(end) is not int:
            raise ValueError("url")
        if not 0 <= start <= end <= len(text):
            raise ValueError("url")
    return entry
