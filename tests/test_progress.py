"""folio/progress.py: bars on a terminal only, never in CI or when asked for none."""

from __future__ import annotations

import io
from typing import Any, ClassVar

import pytest
import tqdm

from folio.progress import progress


class FakeBar:
    made: ClassVar[list[FakeBar]] = []

    def __init__(self, **options: Any) -> None:
        self.options, self.count, self.closed = options, 0, False
        FakeBar.made.append(self)

    def update(self, n: int) -> None:
        self.count += n

    def close(self) -> None:
        self.closed = True


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> list[FakeBar]:
    FakeBar.made = []
    monkeypatch.setattr(tqdm, "tqdm", FakeBar)
    monkeypatch.delenv("CI", raising=False)
    return FakeBar.made


def on_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stderr a terminal (in the test itself: pytest's capture takes stderr back between
    a fixture and its test)."""
    monkeypatch.setattr("sys.stderr", Terminal())


def test_a_bar_on_a_terminal_counts_and_is_closed(bars: list[FakeBar],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    on_terminal(monkeypatch)
    with progress(True, "Rendering", "pages") as start:
        tick = start(10)
        tick(3)
        tick(4)
        assert [bar.closed for bar in bars] == [False]
    assert len(bars) == 1
    assert bars[0].count == 7 and bars[0].closed
    assert bars[0].options["total"] == 10 and bars[0].options["desc"] == "Rendering"
    assert bars[0].options["unit"] == " pages"


def test_a_bar_is_closed_when_the_stage_fails(bars: list[FakeBar],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    on_terminal(monkeypatch)
    with pytest.raises(RuntimeError), progress(True, "Loading", "files") as start:
        start(None)
        raise RuntimeError("stage failed")
    assert bars[0].closed


def test_no_bar_when_not_asked(bars: list[FakeBar], monkeypatch: pytest.MonkeyPatch) -> None:
    on_terminal(monkeypatch)
    with progress(False, "Rendering", "pages") as start:
        start(5)(5)
    assert bars == []


def test_no_bar_in_ci(bars: list[FakeBar], monkeypatch: pytest.MonkeyPatch) -> None:
    on_terminal(monkeypatch)
    monkeypatch.setenv("CI", "true")
    with progress(True, "Rendering", "pages") as start:
        start(5)(5)
    assert bars == []


def test_no_bar_when_stderr_is_not_a_terminal(bars: list[FakeBar],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with progress(True, "Rendering", "pages") as start:
        start(5)(5)
    assert bars == []
