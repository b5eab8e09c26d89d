"""The cyclic garbage collector and long work.

A full collection walks every object the process tracks, holding the GIL. A process that has
loaded what it keeps for its whole life (modules, the catalog and its compiled validators, the
application and its widgets) and then does long work that makes and drops objects by the
hundred thousand (a sync, an import) would walk all of that again and again: 100–200 ms gaps
in the window, and in a sync about 4 ms of every 1,000 records pushed on the client and more
on ``ygcentral``.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Move every object that exists now out of the collector's sight, for good.

    Call it where the process has what it keeps and long work begins. Frozen objects are never
    collected: whatever is in a reference cycle and dropped later stays in memory, so nothing
    meant to go soon should exist in quantity at that point. Calling it again freezes only
    what was made since.
    """
    gc.freeze()
