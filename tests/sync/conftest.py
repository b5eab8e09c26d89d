"""A real ygcentral on 127.0.0.1 (its own process, dev TLS), and a client store beside it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties

from ygcentral.service import Central
from ygclient.catalog import Catalog, bundled_catalog
from ygclient.store import Store
from ygclient.sync import (
    CentralClient,
    Credentials,
    RetryPolicy,
    Session,
    SyncEngine,
    SyncSettings,
    Timeouts,
    ssl_context,
)

AGENCY = "114417000070012332"
AGENCY_NAME = "阳江市市场监督管理局"
USER = "clerk"
PASSWORD = "correct horse battery"
DEMO_CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "yangjiang-demo.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class CentralServer:
    """ygcentral serve --dev-tls in a subprocess; restartable on the same port."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    extra: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'ygcentral.sqlite3'}"

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca_file(self) -> Path:
        return self.data_dir / "tls" / "dev-ca.pem"

    def start(self) -> None:
        log = (self.data_dir / "server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ygcentral.cli", "--data-dir", str(self.data_dir),
             "serve", "--port", str(self.port), "--dev-tls", *self.extra],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.data_dir / "server.log").read_text(errors="replace"))
            if self.ca_file.exists():
                try:
                    with httpx.Client(verify=ssl_context(self.ca_file), timeout=1) as probe:
                        if probe.get(f"{self.url}/api/v1/health").status_code == 200:
                            return
                except httpx.TransportError:
                    pass
            time.sleep(0.05)
        raise RuntimeError("ygcentral did not start within 30 s")

    def stop(self, kill: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            (self.process.kill if kill else self.process.terminate)()
            self.process.wait(timeout=15)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def admin(self) -> Central:
        """The credit centre's own view of the same database (review, records)."""
        return Central.open(self.db_url)


def prepare(server: CentralServer) -> None:
    central = server.admin()
    try:
        central.create_agency(AGENCY, AGENCY_NAME)
        central.create_user(AGENCY, USER, PASSWORD)
        central.publish_catalog(DEMO_CATALOG.read_bytes())
    finally:
        central.close()


@pytest.fixture
def server_options() -> tuple[str, ...]:
    return ()


@pytest.fixture
def central(tmp_path: Path, server_options: tuple[str, ...]) -> Iterator[CentralServer]:
    server = CentralServer(tmp_path / "central", extra=server_options)
    server.data_dir.mkdir()
    prepare(server)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class MemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring, which this headless machine does not have (no Secret
    Service, no D-Bus session): same interface, kept in this process only."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("never chosen by keyring's own discovery: tests set it explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def client_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "client"
    folder.mkdir()
    return folder


@pytest.fixture
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture
def store(client_dir: Path, catalog: Catalog) -> Iterator[Store]:
    with Store.open(client_dir, catalog, actor=USER) as s:
        yield s


FAST_RETRY = RetryPolicy(attempts=5, base=0.05, cap=0.5, retry_after_cap=2)


def settings_for(server_url: str, ca_file: Path | None) -> SyncSettings:
    return SyncSettings(server=server_url, agency=AGENCY, user=USER,
                        device="device-0000-test", ca_file=str(ca_file) if ca_file else None)


@dataclass
class Client:
    """A logged-in client: settings, HTTP client, session and an engine over the store."""

    settings: SyncSettings
    http: CentralClient
    session: Session
    engine: SyncEngine


def connect(store: Store, client_dir: Path, server_url: str, ca_file: Path | None, *,
            retry: RetryPolicy = FAST_RETRY, timeouts: Timeouts | None = None,
            batch: int = 1000, login: bool = True) -> Client:
    settings = settings_for(server_url, ca_file)
    http = CentralClient(settings.server, context=ssl_context(ca_file), retry=retry,
                         timeouts=timeouts or Timeouts(connect=2, read=10, write=10, pool=2))
    session = Session(http, settings, Credentials(settings))
    if login:
        session.login(PASSWORD)
    return Client(settings, http, session, SyncEngine(store, http, client_dir, batch=batch))


@pytest.fixture
def client(store: Store, client_dir: Path, central: CentralServer,
           memory_keyring: MemoryKeyring) -> Iterator[Client]:
    connected = connect(store, client_dir, central.url, central.ca_file)
    try:
        yield connected
    finally:
        connected.http.close()


def keyring_free_env() -> dict[str, str]:
    """Environment for a client subprocess: no keyring backend, as on a headless box."""
    return os.environ | {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
