"""Errors the store raises; every message is Chinese and says what to do next."""

from __future__ import annotations


class StoreError(Exception):
    """Something the user must know about; ``str()`` is the message to show."""


class NotFoundError(StoreError):
    pass


class TransitionError(StoreError):
    """A lifecycle event that the record's state does not allow."""


class FrozenRevisionError(StoreError):
    """An attempt to change a revision that has already been sent."""


class ValidationFailedError(StoreError):
    """The record has errors; ``issues`` lists them."""

    def __init__(self, message: str, issues: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.issues = issues


class StorageError(StoreError):
    """The database could not be written: disk full, read-only, locked."""


class CorruptDatabaseError(StoreError):
    """The database file failed its integrity check; it is left untouched."""

    def __init__(self, message: str, backups: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.backups = backups


class DatabaseSettingsError(StoreError):
    """The connection does not run with the settings durability depends on."""
