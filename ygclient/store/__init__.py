"""The local store: records, revisions, lifecycle, outbox, audit chain and search.

Core code: SQLAlchemy over SQLite (or PostgreSQL for a shared office database), no Qt.
"""

from ygclient.store.audit import AuditReport
from ygclient.store.errors import (
    CorruptDatabaseError,
    DatabaseSettingsError,
    FrozenRevisionError,
    NotFoundError,
    StorageError,
    StoreError,
    TransitionError,
    ValidationFailedError,
)
from ygclient.store.lifecycle import Event, State, allowed_events, next_state
from ygclient.store.store import (
    ChangeView,
    DraftChange,
    FeedResult,
    OutboxOp,
    Page,
    RecordView,
    RevisionView,
    SaveResult,
    Store,
)

__all__ = [
    "AuditReport",
    "ChangeView",
    "CorruptDatabaseError",
    "DatabaseSettingsError",
    "DraftChange",
    "Event",
    "FeedResult",
    "FrozenRevisionError",
    "NotFoundError",
    "OutboxOp",
    "Page",
    "RecordView",
    "RevisionView",
    "SaveResult",
    "State",
    "StorageError",
    "Store",
    "StoreError",
    "TransitionError",
    "ValidationFailedError",
    "allowed_events",
    "next_state",
]
