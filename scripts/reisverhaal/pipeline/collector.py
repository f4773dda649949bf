"""Python's cyclic garbage collector kept out of the way of the build.

A build allocates a great many objects (content models, stored parts read back, the site's
files) and keeps most of them until MkDocs has written the site, and every full collection
walks all of them again: a real share of a rebuild's time after an edit. Almost nothing the
pipeline makes refers to itself, so reference counting frees it; the few cycles it makes
wait until the pipeline is done. After it, what exists is moved out of the collector's sight
(`gc.freeze`) while MkDocs renders the pages; the next build in the same process (`mkdocs
serve`) first hands it back and collects once, so what no build uses any more is freed.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def few_collections(build: Callable[P, R]) -> Callable[P, R]:
    """`build` with automatic collection paused while it runs, and what exists after it
    frozen until the next call."""

    @functools.wraps(build)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if gc.get_freeze_count():  # a build before this one in the process (`mkdocs serve`)
            gc.unfreeze()
            gc.collect()  # what it left and nothing uses any more
        enabled = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
            gc.freeze()

    return paused
