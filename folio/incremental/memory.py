"""The garbage collector, tuned in one place.

A build makes millions of objects that live to its end and little cyclic garbage: the
collector runs far less often than by default (every 700 allocations), and what loading,
linking or unpickling made is frozen out of its sight once made.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

GC_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def build_collector() -> Iterator[None]:
    """For a whole build: rarer collections; the old thresholds back after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


@contextmanager
def lasting() -> Iterator[None]:
    """Around making objects that live to the end of the build (the corpus, the graph):
    no collection while they are made, and none that walks them afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
