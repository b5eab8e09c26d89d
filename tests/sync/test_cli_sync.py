"""``ygclient login / sync / logout / catalog pull`` end to end: real processes, real server.

Each command runs as its own process, as a clerk (or a scheduled task) would run it. Unless a
test says otherwise there is no keyring (PYTHON_KEYRING_BACKEND=fail), as on a headless box:
the password comes from standard input and the session lasts one process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from sqlalchemy import select, update

from tests.catalog.records import penalty_for_company, penalty_for_person
from tests.sync.conftest import (
    AGENCY,
    AGENCY_NAME,
    PASSWORD,
    USER,
    CentralServer,
    keyring_free_env,
)
from tests.sync.faultproxy import FaultProxy, delay, stall
from tests.sync.test_faults import OPERATIONS, assert_delivered_once, queue
from ygcentral.schema import tokens
from ygcentral.tls import ensure_dev_tls
from ygclient.catalog import bundled_catalog
from ygclient.store import State, Store

YGCLIENT = Path(sys.executable).with_name("ygclient")
ROOT = Path(__file__).resolve().parents[2]
SUMMARY_KEYS = ("sent", "accepted", "rejected", "duplicates", "conflicts", "notices")


def ygclient(home: Path, *args: str, stdin: str = "",
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(YGCLIENT), "--data-dir", str(home), *args], input=stdin,
                          capture_output=True, text=True, timeout=60,
                          env=env if env is not None else keyring_free_env())


def login(home: Path, server: str, ca_file: Path | None, password: str = PASSWORD,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    ca = ["--ca", str(ca_file)] if ca_file else []
    return ygclient(home, "login", "--server", server, "--agency", AGENCY, "--user", USER,
                    *ca, "--password-stdin", stdin=password + "\n", env=env)


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The command failed with ``code`` and said why in exactly one line, no traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("ygclient："), \
        result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result.stderr.strip()


def summary_of(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert isinstance(summary, dict)
    return {key: summary[key] for key in SUMMARY_KEYS}


def counts(**given: int) -> dict[str, object]:
    return {key: given.get(key, 0) for key in SUMMARY_KEYS}


def local(home: Path) -> Store:
    return Store.open(home, bundled_catalog(), actor=USER)


class FileKeyring(KeyringBackend):
    """A keyring kept in the JSON file $YGTEST_KEYRING_FILE, so that the login of one ygclient
    process is there for the next, as with the OS keyring on a desktop. Only viable where
    that variable is set, so that it is never picked as anybody's default keyring."""

    @properties.classproperty
    def priority(cls) -> float:
        if "YGTEST_KEYRING_FILE" not in os.environ:
            raise RuntimeError("FileKeyring needs YGTEST_KEYRING_FILE")
        return 1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["YGTEST_KEYRING_FILE"])

    def _items(self) -> dict[str, str]:
        path = self._path()
        loaded = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return {str(k): str(v) for k, v in loaded.items()}

    def _save(self, items: dict[str, str]) -> None:
        self._path().write_text(json.dumps(items), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._items().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._save(self._items() | {f"{service}/{username}": password})

    def delete_password(self, service: str, username: str) -> None:
        items = self._items()
        items.pop(f"{service}/{username}", None)
        self._save(items)


def file_keyring_env(path: Path) -> dict[str, str]:
    """Environment for a ygclient process whose keyring is FileKeyring in ``path``."""
    return keyring_free_env() | {
        "PYTHON_KEYRING_BACKEND": f"{__name__}.FileKeyring", "YGTEST_KEYRING_FILE": str(path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def test_login_sync_logout_without_a_keyring(central: CentralServer, tmp_path: Path) -> None:
    home = tmp_path / "clerk"
    message = one_line_error(ygclient(home, "sync", "--json"), 2)
    assert "还没有登录过：请先运行 ygclient login" in message

    result = login(home, central.url, central.ca_file)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已登录：{AGENCY_NAME}（{AGENCY}），用户 {USER}"
    assert "本机没有可用的系统密钥环，登录状态不会保存" in result.stderr
    assert PASSWORD not in (home / "sync.json").read_text(encoding="utf-8")

    records = [penalty_for_company(), penalty_for_person()]
    created = ygclient(home, "records", "new", "--item", "CF", "-",
                       stdin=json.dumps(records, ensure_ascii=False))
    assert created.returncode == 0, created.stderr
    ids = created.stdout.split()
    submitted = ygclient(home, "records", "submit", "--all-ready")
    assert submitted.stdout.strip() == "已提交 2 条，联网同步时发送"

    # Without a keyring the login did not last: sync says how to give the password.
    message = one_line_error(ygclient(home, "sync", "--json"), 3)
    assert "本机没有系统密钥环" in message and "--password-stdin" in message
    summary = summary_of(ygclient(home, "sync", "--json", "--password-stdin",
                                  stdin=PASSWORD + "\n"))
    assert summary == counts(sent=2, accepted=2)
    with local(home) as store:
        assert_delivered_once(central, store, ids)

    admin = central.admin()
    try:
        admin.review(ids[0], accept=True)
    finally:
        admin.close()
    result = ygclient(home, "sync", "--json", "--password-stdin", stdin=PASSWORD + "\n")
    assert summary_of(result) == counts()  # nothing sent twice
    assert json.loads(result.stdout)["reviews_accepted"] == 1
    with local(home) as store:
        assert store.get(ids[0]).state == State.ACCEPTED

    plain = ygclient(home, "sync", "--password-stdin", stdin=PASSWORD + "\n")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.startswith("发送 0 条：中心接收 0，退回 0，重复 0，冲突 0")

    result = ygclient(home, "logout")
    assert (result.returncode, result.stdout.strip()) == (0, "已退出登录")


def test_catalog_pull_without_a_keyring_takes_the_password_from_stdin(
        central: CentralServer, tmp_path: Path) -> None:
    """Without a keyring, ``catalog pull`` tells the clerk to use --password-stdin — which it
    does not accept (usage error, exit 2), so it cannot run unattended at all."""
    home = tmp_path / "clerk"
    assert login(home, central.url, central.ca_file).returncode == 0
    message = one_line_error(ygclient(home, "catalog", "pull"), 3)
    assert "--password-stdin" in message
    result = ygclient(home, "catalog", "pull", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "2026.11-demo" in result.stdout
    assert (home / "catalog" / "current.json").is_file()


def sessions_in(kept: Path) -> dict[str, str]:
    """The refresh tokens in a FileKeyring (the data key, service ygclient-db, aside)."""
    items = json.loads(kept.read_text(encoding="utf-8")) if kept.is_file() else {}
    return {k: v for k, v in items.items() if k.startswith("ygclient/")}


def test_with_a_keyring_the_login_lasts_until_logout(central: CentralServer,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "clerk"
    kept = tmp_path / "keyring.json"
    env = file_keyring_env(kept)
    # This process reads the same keyring: the data key of the folder is kept there too.
    monkeypatch.setenv("YGTEST_KEYRING_FILE", str(kept))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    try:
        with_keyring(central, home, kept, env)
    finally:
        keyring.set_keyring(previous)


def with_keyring(central: CentralServer, home: Path, kept: Path, env: dict[str, str]) -> None:
    result = login(home, central.url, central.ca_file, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning about a missing keyring
    (token,) = sessions_in(kept).values()
    assert len(token) > 30 and PASSWORD not in kept.read_text(encoding="utf-8")

    pulled = ygclient(home, "catalog", "pull", env=env)  # no password needed now
    assert pulled.returncode == 0, pulled.stderr
    assert "2026.11-demo" in pulled.stdout
    assert json.loads((home / "catalog" / "current.json").read_text(encoding="utf-8")
                      )["version"] == "2026.11-demo"
    with local(home) as store:
        (record_id,) = queue(store, 1)
    assert summary_of(ygclient(home, "sync", "--json", env=env)) == counts(sent=1, accepted=1)

    result = ygclient(home, "logout", env=env)
    assert (result.returncode, result.stdout.strip()) == (0, "已退出登录")
    assert sessions_in(kept) == {}
    assert list(json.loads(kept.read_text(encoding="utf-8"))) == [  # the data key stays
        f"ygclient-db/{json.loads((home / 'db-key.json').read_text())['id']}"]
    admin = central.admin()
    try:
        with admin.engine.connect() as conn:
            assert set(conn.execute(select(tokens.c.revoked)).scalars()) == {True}
    finally:
        admin.close()
    message = one_line_error(ygclient(home, "sync", env=env), 3)
    assert "需要登录：请运行 ygclient login" in message


def test_sync_password_stdin_logs_in_when_the_kept_session_is_dead(
        central: CentralServer, tmp_path: Path) -> None:
    """``sync --password-stdin`` reads the password "when a login is needed". With a keyring
    holding a refresh token the centre no longer accepts (expired after 30 days, revoked, used
    up by a refresh whose answer was lost), the password waiting on stdin is never read: the
    scheduled sync fails with exit 3 every time until someone runs ``ygclient login``."""
    home = tmp_path / "clerk"
    env = file_keyring_env(tmp_path / "keyring.json")
    assert login(home, central.url, central.ca_file, env=env).returncode == 0
    admin = central.admin()
    try:
        with admin.engine.begin() as conn:
            conn.execute(update(tokens).values(revoked=True))
    finally:
        admin.close()
    with local(home) as store:
        ids = queue(store, 1)
    result = ygclient(home, "sync", "--json", "--password-stdin", stdin=PASSWORD + "\n", env=env)
    assert summary_of(result) == counts(sent=1, accepted=1)
    with local(home) as store:
        assert_delivered_once(central, store, ids)


@pytest.mark.parametrize("committed", [True, False], ids=["server-committed", "never-arrived"])
def test_killed_mid_push_and_run_again(committed: bool, central: CentralServer,
                                       tmp_path: Path) -> None:
    """SIGKILL while the batch is in flight — after the server committed it, or while it
    never got there — then ``sync`` again: everything arrives exactly once."""
    home = tmp_path / "clerk"
    with FaultProxy.for_central(central) as proxy:
        assert login(home, proxy.url, central.ca_file).returncode == 0
        with local(home) as store:
            ids = queue(store, 3)
        held = proxy.add(delay("POST", OPERATIONS, 60) if committed
                         else stall("POST", OPERATIONS, 60))
        sync = subprocess.Popen([str(YGCLIENT), "--data-dir", str(home), "sync", "--json",
                                 "--password-stdin"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=keyring_free_env())
        try:
            assert sync.stdin is not None
            sync.stdin.write(PASSWORD + "\n")
            sync.stdin.flush()  # communicate() closes it
            assert held.hit.wait(30), "the push never reached the proxy"
            sync.send_signal(signal.SIGKILL)
        finally:
            if sync.poll() is None and not held.hit.is_set():
                sync.kill()
            out, err = sync.communicate(timeout=30)
        assert sync.returncode == -signal.SIGKILL, err
        assert out == ""
        with local(home) as store:
            assert store.pending_operations() == 3
            assert {store.get(i).state for i in ids} == {State.QUEUED}
            assert store.release_in_flight() == 3  # the batch was on the wire
        admin = central.admin()
        try:
            assert len(admin.list_records(AGENCY)) == (3 if committed else 0)
        finally:
            admin.close()

        again = ygclient(home, "sync", "--json", "--password-stdin", stdin=PASSWORD + "\n")
        summary = summary_of(again)
        assert summary == counts(sent=3, accepted=3, duplicates=3 if committed else 0)
    with local(home) as store:
        assert_delivered_once(central, store, ids)


def test_tls_problems_are_one_clear_line(central: CentralServer, tmp_path: Path) -> None:
    home = tmp_path / "clerk"
    other = ensure_dev_tls(tmp_path / "other-ca", hosts=("example.invalid",))
    with FaultProxy(central.url, central.ca_file, cert=other.cert_file,
                    key=other.key_file) as misnamed, \
            FaultProxy(central.url, central.ca_file) as plain:
        cases = [
            (central.url, None, "服务器证书不受信任（签发机构未知）"),
            (misnamed.url, other.ca_file, "服务器证书与地址不符：证书不是为 127.0.0.1 签发的"),
            (f"http://127.0.0.1:{central.port}", central.ca_file,
             f"服务器地址“http://127.0.0.1:{central.port}”必须以 https:// 开头"),
            (plain.url.replace("http://", "https://"), central.ca_file,
             "127.0.0.1 的这个端口不是 HTTPS 服务（可能端口填错了）"),
        ]
        for server, ca_file, expected in cases:
            result = login(home, server, ca_file)
            assert expected in one_line_error(result, 3), server
            assert result.stdout == ""
    assert not (home / "sync.json").exists()  # nothing half-configured


def test_five_wrong_passwords_lock_the_account(central: CentralServer, tmp_path: Path) -> None:
    home = tmp_path / "clerk"
    messages = [one_line_error(login(home, central.url, central.ca_file, "not the password"), 3)
                for _ in range(5)]
    assert "机构代码、用户名或密码不正确（再错 4 次将锁定账户）" in messages[0]
    assert "再错 1 次将锁定账户" in messages[3]
    assert "连续 5 次密码错误，账户已锁定，请 1 分钟后再试" in messages[4]
    message = one_line_error(login(home, central.url, central.ca_file), 3)
    assert "账户已锁定" in message  # even the right password waits out the lock
    assert not (home / "sync.json").exists()
