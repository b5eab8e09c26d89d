"""Client-generated identifiers: RFC 9562 version 7, strictly increasing, unique."""

from __future__ import annotations

import threading
import time
import uuid

from ygclient.store.ids import uuid7, uuid7s


def test_ids_are_version_7_with_the_rfc_variant_and_the_time_of_creation() -> None:
    before = time.time_ns() // 1_000_000
    ids = uuid7s(1000) + [uuid7()]
    after = time.time_ns() // 1_000_000
    for text in ids:
        value = uuid.UUID(text)
        assert str(value) == text
        assert value.version == 7
        assert value.variant == uuid.RFC_4122
        assert before <= value.int >> 80 <= after


def test_ids_increase_strictly_within_a_batch_and_across_batches() -> None:
    ids = uuid7s(5000) + uuid7s(3) + [uuid7(), uuid7()] + uuid7s(5000)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_threads_never_get_the_same_id() -> None:
    found: list[list[str]] = []

    def draw() -> None:
        found.append([uuid7() for _ in range(500)] + uuid7s(500))

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [i for batch in found for i in batch]
    assert len(every) == len(set(every)) == 4000
    for batch in found:  # each thread's own ids are in the order it drew them
        assert batch == sorted(batch)


def test_zero_ids() -> None:
    assert uuid7s(0) == []
