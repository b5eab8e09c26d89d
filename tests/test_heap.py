"""ygclient.heap.settle: what exists is frozen out of the collector's sight; what comes later
is collected as usual."""

from __future__ import annotations

import gc
import weakref

from ygclient.heap import YOUNG_THRESHOLD, drop, settle


class _Node:
    """An object in a reference cycle with itself (only the cyclic collector frees it)."""

    def __init__(self) -> None:
        self.me = self


def test_settle_freezes_what_exists_and_only_that() -> None:
    thresholds = gc.get_threshold()
    kept = {"catalog": ["items"]}
    before = _Node()
    frozen_before = gc.get_freeze_count()
    frozen_cycle = weakref.ref(before)

    settle()
    try:
        made_later = {"batch": ["records"]}
        assert gc.get_freeze_count() > frozen_before
        tracked = gc.get_objects()
        assert not any(o is kept for o in tracked)
        assert any(o is made_later for o in tracked)
        del tracked
        # A cycle made after settling is collected; one frozen is not (the documented cost).
        after = _Node()
        collected = weakref.ref(after)
        del after, before
        gc.collect()
        assert collected() is None
        assert frozen_cycle() is not None
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        gc.collect()
        assert frozen_cycle() is None


def test_settle_raises_the_young_threshold_and_never_lowers_it() -> None:
    thresholds = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # CPython's default
        settle()
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
        gc.set_threshold(YOUNG_THRESHOLD * 2, 10, 10)
        settle()
        assert gc.get_threshold() == (YOUNG_THRESHOLD * 2, 10, 10)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


class _Row(dict):  # type: ignore[type-arg]
    """A row that can be watched with a weak reference (a plain dict cannot)."""


def test_drop_frees_what_the_containers_held_before_it_returns() -> None:
    rows = [_Row(number=n) for n in range(1_000)]
    keys = {(f"doc {n}", f"code {n}"): n for n in range(1_000)}
    seen = {f"doc {n}" for n in range(1_000)}
    watched = [weakref.ref(rows[0]), weakref.ref(rows[-1])]
    drop(rows, keys, seen)
    assert rows == [] and keys == {} and seen == set()
    assert all(ref() is None for ref in watched)  # freed now, not when the caller returns
