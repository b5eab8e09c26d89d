"""Sync with the city credit information system (no Qt): HTTPS client, session, engine."""

from ygclient.sync.engine import SyncEngine, SyncSummary
from ygclient.sync.http import (
    AuthRequired,
    CentralClient,
    NetworkError,
    RetryPolicy,
    ServerError,
    SyncError,
    Timeouts,
    TLSError,
    ssl_context,
)
from ygclient.sync.session import Credentials, Session, SyncSettings, new_device_id

__all__ = [
    "AuthRequired",
    "CentralClient",
    "Credentials",
    "NetworkError",
    "RetryPolicy",
    "ServerError",
    "Session",
    "SyncEngine",
    "SyncError",
    "SyncSettings",
    "SyncSummary",
    "TLSError",
    "Timeouts",
    "new_device_id",
    "ssl_context",
]
