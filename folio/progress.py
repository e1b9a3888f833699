"""Progress bars on a terminal for builds longer than a second (tqdm), never in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Start = Callable[[int | None], Callable[[int], None]]


@contextmanager
def progress(enabled: bool, label: str, unit: str) -> Iterator[Start]:
    """Yields a factory: given a total, it starts a bar and returns its `update`."""
    bars: list[Any] = []

    def start(total: int | None) -> Callable[[int], None]:
        if not enabled or not sys.stderr.isatty() or os.environ.get("CI"):
            return lambda n: None
        from tqdm import tqdm

        bar = tqdm(total=total, desc=label, unit=" " + unit, delay=1.0, leave=False,
                   file=sys.stderr, dynamic_ncols=True)
        bars.append(bar)
        return lambda n: bar.update(n)

    try:
        yield start
    finally:
        for bar in bars:
            bar.close()
