"""Reading never waits for a writer: while an import holds a write transaction (a chunk of
thousands of rows), the lists, counts and searches the window shows still answer, from the
last committed state (WAL snapshot). Writers still queue on each other (BEGIN IMMEDIATE)."""

from __future__ import annotations

import threading

from sqlalchemy import text

from tests.catalog.records import penalty_for_company
from ygclient.store import State, Store


def test_reads_answer_while_a_write_transaction_is_open(sqlite_store: Store) -> None:
    store = sqlite_store
    first = store.create("CF", penalty_for_company()).record.id
    with store.engine.begin() as writer:  # holds the write lock, as an import chunk does
        writer.execute(text("UPDATE records SET subject_name = 'uncommitted' WHERE id = :id"),
                       {"id": first})
        # Before reads began DEFERRED these waited for the lock (busy timeout) and failed.
        page = store.list_records(states=(State.READY,))
        assert [v.id for v in page.rows] == [first]
        assert page.rows[0].subject_name != "uncommitted"  # the committed snapshot
        assert store.counts_by_state() == {State.READY: 1}
        assert store.objections.owed() == []
    assert store.get(first).subject_name == "uncommitted"


def test_a_second_writer_still_waits_for_the_first(sqlite_store: Store) -> None:
    store = sqlite_store
    record_id = store.create("CF", penalty_for_company()).record.id
    started, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first_writer() -> None:
        with store.engine.begin() as conn:
            conn.execute(text("SELECT 1"))
            started.set()
            release.wait(10)
            order.append("first committed")

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert started.wait(10)
    timer = threading.Timer(0.3, release.set)
    timer.start()
    store.submit([record_id])  # a write: queues behind the first writer, then goes through
    order.append("second committed")
    thread.join(10)
    timer.cancel()
    assert order == ["first committed", "second committed"]
    assert store.get(record_id).state == State.QUEUED


