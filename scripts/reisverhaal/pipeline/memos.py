"""What earlier builds found out that holds whatever the site: kept in the cache, reused.

Two things cost a rebuild after an edit most of its time although the edit did not change
them: loading every journey and story again (parsing front matter, checking photos), and
loading wordfreq's Dutch word list for the few words the edited text has. So a build keeps
in `.cache/reisverhaal/memo.json` what loading found per file (`content.memo.LoadMemo`, by
the exact bytes or the photo's stamp) and the Zipf value of every word it looked up
(`checks.vocabulary`), under the key of the code that found them (`snapshot.code_key`: the
package, Python and the installed libraries, so an upgrade of wordfreq starts afresh).

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
    except Exception:  # missing, old, damaged or crafted: nothing remembered
        return LoadMemo()
    from ..checks import vocabulary

    vocabulary.remember(words)
    return memo


def save(settings: Settings, code: str, memo: LoadMemo) -> None:
    """Keep what this build's load used and found, and every word value looked up. A cache
    that cannot be written only costs the next build its speed."""
    from ..checks import vocabulary

    words = vocabulary.known()
    if len(words) > MAX_WORDS:
        words = {}
    header = VERSION + b" " + code.encode() + b"\n"
    data = json.dumps({"load": memo.as_plain(), "words": words}, ensure_ascii=False)
    with suppress(OSError):
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
