"""Build results as plain JSON data and back, checked field by field.

The cache may come from elsewhere (a CI cache restored from another branch or a fork), so
what is read back is data only, never code: JSON, and every field checked for its type as it
is turned back into an `Output`, a `Finding` or a `Snippet`. Anything else raises, which the
readers (`snapshot`, `parts`) take as "nothing stored". A file an output refers to must lie
in the cache or the package.
"""

from __future__ import annotations

import base64
import os
from datetime import datetime
from pathlib import Path

from ..core.findings import Finding
from ..core.output import Output
from ..render.snippet import Snippet

LEVELS = frozenset({"error", "warning", "info"})


def plain_output(output: Output) -> list:
    content = output.content
    if isinstance(content, bytes):
        content = {"base64": base64.b64encode(content).decode("ascii")}
    source = None if output.source is None else str(output.source)
    return [
        output.uri,
        content,
        source,
        output.public,
        output.fallback,
        list(output.raw_html),
        output.data,
    ]


def output_from(entry, allowed: tuple[str, ...]) -> Output:
    """An output read back; `allowed`: the folders (with a trailing separator) its file may
    lie in."""
    uri, content, source, public, fallback, raw_html, data = entry
    if isinstance(content, dict):
        content = base64.b64decode(content["base64"], validate=True)
    if source is not None:
        if not text(source).startswith(allowed) or f"{os.sep}..{os.sep}" in source:
            raise ValueError("a stored file outside the cache")
        source = Path(source)
    if not (content is None or isinstance(content, str | bytes)):
        raise ValueError("content")
    return Output(
        uri=text(uri),
        content=content,
        source=source,
        public=flag(public),
        fallback=flag(fallback),
        raw_html=tuple(text(piece) for piece in raw_html),
        data=text(data),
    )


def plain_finding(finding: Finding) -> list:
    return [finding.path, finding.line, finding.level, finding.rule, finding.message]


def finding_from(entry) -> Finding:
    path, line, level, rule, message = entry
    if line is not None:
        line = whole(line)
    if level not in LEVELS:
        raise ValueError("level")
    return Finding(text(path), line, level, text(rule), text(message))


def snippet_from(record, zone) -> Snippet:
    """A snippet from its `Snippet.as_record`; its time back in the site's time zone `zone`,
    in which the schedule made it."""
    moment = maybe(text, record["publish_at"])
    return Snippet(
        journey=text(record["journey"]),
        step=text(record["step"]),
        platform=text(record["platform"]),
        variant=maybe(text, record["variant"]),
        text=text(record["text"]),
        length=whole(record["length"]),
        limit=whole(record["limit"]),
        link=maybe(text, record["link"]),
        image=maybe(text, record["image"]),
        image_alt=maybe(text, record["image_alt"]),
        publish_at=datetime.fromisoformat(moment).astimezone(zone) if moment else None,
        stories=tuple(text(slug) for slug in record["stories"]),
        title=maybe(text, record["title"]),
        video=maybe(text, record.get("video")),
    )


def nav_from(entry):
    if isinstance(entry, str):
        return entry
    if isinstance(entry, list):
        return [nav_from(item) for item in entry]
    if isinstance(entry, dict):
        return {text(name): nav_from(value) for name, value in entry.items()}
    raise ValueError("nav")


def maybe(check, value):
    return None if value is None else check(value)


def text(value) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


def flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError("flag")
    return value


def whole(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("number")
    return value
