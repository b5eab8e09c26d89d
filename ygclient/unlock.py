"""Unlocking the desktop app after its idle lock: the clerk's password, checked on this machine.

The password itself is never kept. After a successful online login the app keeps a *verifier*
of it — a random salt and the scrypt hash of salt and password — so that the lock screen can
check the password offline. The verifier lives in the OS keyring where there is one (beside
the refresh token, under its own service name), otherwise in memory for the run. The number
of wrong tries in a row is kept with it, so quitting the program does not reset it.

Five wrong tries in a row discard the verifier; the caller then drops the session's tokens,
and only a new online login (which proves the password to the centre) unlocks the app again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from enum import Enum

from ygclient.sync.session import KeyringEntry

MAX_FAILURES = 5
KEYRING_SERVICE = "ygclient-unlock"
# scrypt cost: about 50 ms on an office PC, so a stolen verifier is slow to attack while an
# unlock stays instant. (RFC 7914 parameters; 16 MiB of memory.)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class Unlock(Enum):
    OK = "ok"
    WRONG = "wrong"  # try again (``remaining`` tries left)
    LOGIN_REQUIRED = "login_required"  # no verifier (any more): only an online login unlocks


@dataclass(frozen=True, slots=True)
class UnlockResult:
    outcome: Unlock
    remaining: int = 0


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                          p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32)


class UnlockVerifier:
    """The local check of the clerk's password for one server account (``account``)."""

    def __init__(self, account: str | None) -> None:
        self.entry = KeyringEntry(KEYRING_SERVICE, account or "")
        if account is None:  # no account configured yet: nothing to keep beyond this run
            self.entry.persistent = False

    @property
    def persistent(self) -> bool:
        """Whether the verifier outlives the program (it is in the OS keyring)."""
        return self.entry.persistent

    def _load(self) -> dict[str, object] | None:
        raw = self.entry.load()
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def _store(self, data: dict[str, object] | None) -> None:
        if data is None:
            self.entry.forget()
        else:
            self.entry.save(json.dumps(data))

    # --- use -------------------------------------------------------------------------------

    def available(self) -> bool:
        """Whether the password can be checked here (else only an online login unlocks)."""
        return self._load() is not None

    def remember(self, password: str) -> None:
        """After a successful online login: keep a verifier of ``password``, failures at 0."""
        salt = os.urandom(16)
        self._store({"salt": base64.b64encode(salt).decode("ascii"),
                     "hash": base64.b64encode(_hash(password, salt)).decode("ascii"),
                     "failures": 0})

    def check(self, password: str) -> UnlockResult:
        data = self._load()
        if data is None:
            return UnlockResult(Unlock.LOGIN_REQUIRED)
        try:
            salt = base64.b64decode(str(data["salt"]))
            expected = base64.b64decode(str(data["hash"]))
            failures = int(str(data.get("failures", 0)))
        except (KeyError, ValueError):
            self.forget()
            return UnlockResult(Unlock.LOGIN_REQUIRED)
        if hmac.compare_digest(_hash(password, salt), expected):
            if failures:
                self._store(data | {"failures": 0})
            return UnlockResult(Unlock.OK)
        failures += 1
        if failures >= MAX_FAILURES:
            self.forget()
            return UnlockResult(Unlock.LOGIN_REQUIRED)
        self._store(data | {"failures": failures})
        return UnlockResult(Unlock.WRONG, MAX_FAILURES - failures)

    def forget(self) -> None:
        self._store(None)
