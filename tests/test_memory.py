"""folio/incremental/memory.py: the garbage collector tuned in one place, and put back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from folio.incremental.memory import GC_THRESHOLDS, build_collector, lasting


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    """Whatever a test does, the collector is as it was after it."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()


def test_a_build_collects_rarely_and_puts_the_thresholds_back() -> None:
    before = gc.get_threshold()
    with build_collector():
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == before


def test_the_thresholds_are_put_back_when_a_build_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), build_collector():
        raise RuntimeError("failed")
    assert gc.get_threshold() == before


def test_what_lasts_is_made_without_collections_then_frozen_then_thawed() -> None:
    assert gc.isenabled()
    with build_collector():
        with lasting():
            assert not gc.isenabled()
            kept = [[n] for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0  # the build's end thaws it


def test_lasting_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    with lasting():
        pass
    assert not gc.isenabled()


def test_lasting_enables_the_collector_again_after_a_failure() -> None:
    with pytest.raises(RuntimeError), lasting():
        raise RuntimeError("failed")
    assert gc.isenabled()
