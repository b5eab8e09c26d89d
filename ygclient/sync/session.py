"""Logging in: the password is used once and forgotten; the refresh token lives in the OS keyring.

Where no keyring backend exists (a headless Linux box), tokens stay in memory only and the
clerk logs in again next time. Nothing secret is ever written to a file, the database, a log
or an exception message.
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ygclient.store.keys import keyring_available
from ygclient.sync.http import AuthRequired, CentralClient, ServerError, SyncError, ssl_context

KEYRING_SERVICE = "ygclient"
SETTINGS_FILE = "sync.json"
log = logging.getLogger(__name__)


@dataclass
class SyncSettings:
    """Where and as whom to sync — nothing secret (kept in DATA_DIR/sync.json)."""

    server: str
    agency: str
    user: str
    device: str
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None

    @classmethod
    def load(cls, data_dir: Path) -> SyncSettings | None:
        path = data_dir / SETTINGS_FILE
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return None

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / SETTINGS_FILE
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2),
                           encoding="utf-8")
        partial.replace(path)

    @property
    def keyring_user(self) -> str:
        return f"{self.server}|{self.agency}|{self.user}"

    def client(self, **options: Any) -> CentralClient:
        context = ssl_context(self.ca_file, self.client_cert, self.client_key)
        return CentralClient(self.server, context=context, **options)


def new_device_id() -> str:
    return str(uuid.uuid4())


class KeyringEntry:
    """One secret in the OS keyring, or in memory for this run where there is none (or it
    fails): a broken keyring never stops the clerk, it only shortens how long the secret
    lasts. Nothing is ever written to a file."""

    def __init__(self, service: str, user: str) -> None:
        self.service, self.user = service, user
        self._memory: str | None = None
        self.persistent = keyring_available()

    def load(self) -> str | None:
        if self._memory is not None:
            return self._memory
        if not self.persistent:
            return None
        import keyring

        try:
            return keyring.get_password(self.service, self.user)
        except Exception as exc:  # noqa: BLE001 - a broken keyring must not stop the clerk
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None

    def save(self, value: str) -> None:
        self._memory = value
        if not self.persistent:
            return
        import keyring

        try:
            keyring.set_password(self.service, self.user, value)
        except Exception as exc:  # noqa: BLE001
            log.warning("keyring write failed: %s; kept until the program ends",
                        type(exc).__name__)
            self.persistent = False

    def forget(self) -> None:
        self._memory = None
        if not self.persistent:
            return
        import keyring

        with contextlib.suppress(Exception):  # nothing stored is fine
            keyring.delete_password(self.service, self.user)


class Credentials(KeyringEntry):
    """The refresh token of one server account (service ``ygclient``)."""

    def __init__(self, settings: SyncSettings) -> None:
        super().__init__(KEYRING_SERVICE, settings.keyring_user)
        self.settings = settings


class Session:
    """Login, token refresh and logout over one CentralClient."""

    def __init__(self, client: CentralClient, settings: SyncSettings,
                 credentials: Credentials | None = None) -> None:
        self.client = client
        self.settings = settings
        self.credentials = credentials or Credentials(settings)
        client.tokens.refresher = self._refresh

    def login(self, password: str) -> dict[str, Any]:
        answer = self.client.json("POST", "/api/v1/session/login", auth=False, json_body={
            "agency": self.settings.agency, "user": self.settings.user, "password": password,
            "device": self.settings.device})
        self._keep(answer)
        return answer

    def _refresh(self) -> str:
        token = self.credentials.load()
        if not token:
            raise AuthRequired("需要登录：请运行 ygclient login（或在程序中重新登录）")
        try:
            answer = self.client.json("POST", "/api/v1/session/refresh", auth=False,
                                      json_body={"refresh_token": token})
        except ServerError as exc:
            if exc.status == 401:
                self.credentials.forget()
                raise AuthRequired(str(exc)) from None
            if exc.status == 403:  # a revoked device: logging in again cannot help
                self.credentials.forget()
                raise SyncError(str(exc)) from None
            raise
        self._keep(answer)
        return str(answer["access_token"])

    def _keep(self, answer: dict[str, Any]) -> None:
        try:
            self.client.tokens.access = str(answer["access_token"])
            self.credentials.save(str(answer["refresh_token"]))
        except KeyError:
            raise ServerError("服务器的登录答复缺少令牌") from None

    def logout(self) -> None:
        try:
            if self.client.tokens.access or self.credentials.load():
                self.client.json("POST", "/api/v1/session/logout")
        except AuthRequired:
            pass  # already logged out on the server
        finally:
            self.client.tokens.access = None
            self.credentials.forget()

