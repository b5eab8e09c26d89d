"""Identifiers generated on the client: UUID version 7 (RFC 9562).

Time-ordered UUIDs keep B-tree inserts at the end of the index — about twice
as fast as random UUIDs for bulk imports — and still need no coordination
with the central system.
"""

from __future__ import annotations

import secrets
import threading
import time

_lock = threading.Lock()
_last = 0
_VERSION_AND_VARIANT = (0x7 << 76) | (0b10 << 62)
_RAND_B = (1 << 62) - 1


def uuid7() -> str:
    """A new UUIDv7 as text; strictly increasing within this process."""
    return uuid7s(1)[0]


def uuid7s(count: int) -> list[str]:
    """``count`` new UUIDv7s, strictly increasing within this process.

    One call to the system's random source for all of them: a bulk import asks for two ids
    per row, and a system call per id was a twentieth of its time.
    """
    global _last
    with _lock:
        stamp = (time.time_ns() // 1_000_000) << 80 | _VERSION_AND_VARIANT
        pool = secrets.token_bytes(10 * count)
        values = []
        last = _last
        for start in range(0, 10 * count, 10):
            rand = int.from_bytes(pool[start:start + 10], "big")
            value = stamp | ((rand >> 62) & 0xFFF) << 64 | (rand & _RAND_B)
            # Same millisecond and an unlucky draw: step past the last value so ids stay
            # ordered (RFC 9562 §6.2 allows such a monotonic step).
            if value <= last:
                value = last + 1
            last = value
            values.append(value)
        _last = last
    texts = []
    for value in values:
        text = f"{value:032x}"  # formatting by hand: a third faster than str(uuid.UUID(...))
        texts.append(f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")
    return texts
