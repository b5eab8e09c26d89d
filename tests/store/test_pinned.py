"""Store.pinned: a thread's run of transactions on one connection of its own."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from ygclient.store import NotFoundError, Store


def test_a_pinned_thread_runs_its_transactions_on_one_connection(sqlite_store: Store) -> None:
    opened: list[int] = []
    event.listen(sqlite_store.engine, "connect", lambda *_: opened.append(1))
    heads: list[tuple[int, str]] = []
    with sqlite_store.pinned():
        for number in range(3):
            sqlite_store.audit_event("export", detail={"number": number})
            heads.append(sqlite_store.audit_head())
        with sqlite_store.pinned():  # nested: the same connection
            sqlite_store.audit_event("export")
        # A failed transaction is rolled back; the connection goes on.
        with pytest.raises(NotFoundError):
            sqlite_store.cancel("no-such-record")
        sqlite_store.audit_event("backup")
        # Another thread has its own connection, and sees what the pinned one committed.
        seen: list[tuple[int, str]] = []
        other = threading.Thread(target=lambda: seen.append(sqlite_store.audit_head()))
        other.start()
        other.join()
        assert len(opened) == 2, "one pinned connection and the other thread's"
    assert [seq for seq, _ in heads] == [1, 2, 3]
    assert seen == [sqlite_store.audit_head()] and seen[0][0] == 5
    sqlite_store.audit_event("export")  # unpinned again: a connection of its own
    assert len(opened) == 4  # (audit_head above opened one too)
    assert sqlite_store.verify_audit().ok
