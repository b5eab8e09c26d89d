"""The cyclic garbage collector and long work.

A full collection walks every object the process tracks, holding the GIL. A process that has
loaded what it keeps for its whole life (modules, the catalog and its compiled validators, the
application and its widgets) and then does long work that makes and drops objects by the
hundred thousand (a sync, an import) would walk all of that again and again: 100–200 ms gaps
in the window, and in a sync about 4 ms of every 1,000 records pushed on the client and more
on ``ygcentral``.

The youngest generation is collected after every 700 net new containers by default: a batch
of 1,000 operations makes tens of thousands of short-lived dicts and lists (refcounting frees
them, the collector is not needed for that), so the collector ran a dozen times a batch and
moved what was alive at that moment on towards the older generations, whose collections walk
everything made since the freeze (the catalog's validators compiled on the first batch, the
server's connection pool, …). Long work therefore also raises that threshold. Measured with
bench/bench_sync.py (100,000 records, the demo server): CPU per 1,000 records pushed fell from
78–86 to 69–74 ms on the client and from 79–81 to 68–73 ms on ``ygcentral``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import MutableMapping, MutableSequence, MutableSet
from typing import Any

# Net new containers before the youngest generation is collected (CPython's default: 700).
# Garbage in reference cycles waits a little longer: an httpx response and its stream refer to
# each other, and through the response its request holds a batch's 1 MB body until collected.
# At 5,000 they go within a batch or two; at 20,000 the sync's peak memory rose from 188 to
# 225 MB for no further gain.
YOUNG_THRESHOLD = 5_000


def settle() -> None:
    """Move every object that exists now out of the collector's sight, for good.

    Call it where the process has what it keeps and long work begins. Frozen objects are never
    collected: whatever is in a reference cycle and dropped later stays in memory, so nothing
    meant to go soon should exist in quantity at that point. Calling it again freezes only
    what was made since.

    It also raises the youngest generation's threshold to :data:`YOUNG_THRESHOLD`, for the
    rest of the process (never lowers it).
    """
    gc.freeze()
    young, *older = gc.get_threshold()
    if young < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD, *older)


def drop(*containers: MutableSequence[Any] | MutableMapping[Any, Any] | MutableSet[Any]) -> None:
    """Empty these containers now, then let the other threads run.

    Freeing thousands of rows (an import chunk's dicts, an import's table of natural keys) is
    one long C call that keeps the GIL: tens of milliseconds. The GUI thread, waiting for the
    GIL all that time, did not always get it when the call ended, and the pauses added up at
    the end of an import to over 100 ms (tests/ui/test_responsiveness.py). ``time.sleep(0)``
    hands the GIL over at once.
    """
    for container in containers:
        container.clear()
    time.sleep(0)
