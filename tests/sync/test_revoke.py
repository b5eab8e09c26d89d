"""A lost laptop: ``ygcentral admin revoke-device`` ends its sessions at once.

A real ygcentral on 127.0.0.1 and the admin command run as a process of its own, the way
an administrator runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.sync.conftest import AGENCY, PASSWORD, USER, CentralServer, Client, MemoryKeyring
from tests.sync.test_faults import queue
from ygclient.store import Store
from ygclient.sync import AuthRequired, SyncError


def admin(central: CentralServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ygcentral.cli", "--data-dir",
                           str(central.data_dir), "admin", *args],
                          capture_output=True, text=True, timeout=60)


def test_revoked_device_cannot_refresh_or_log_in_again(
        store: Store, client: Client, central: CentralServer,
        memory_keyring: MemoryKeyring) -> None:
    queue(store, 1)
    assert client.engine.run().accepted == 1
    device = client.settings.device

    listed = admin(central, "devices", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [(d["device"], d["agency"], d["user"], d["revoked"])
            for d in json.loads(listed.stdout)] == [(device, AGENCY, USER, False)]

    unknown = admin(central, "revoke-device", "no-such-device")
    assert unknown.returncode == 1 and "没有设备" in unknown.stderr
    revoked = admin(central, "revoke-device", device)
    assert revoked.returncode == 0, revoked.stderr
    assert f"已停用设备 {device}" in revoked.stdout

    # The access token has run out: the refresh is refused with a clear message, and the
    # dead refresh token is forgotten.
    more = queue(store, 1)
    client.http.tokens.access = "expired"
    with pytest.raises(SyncError, match="这台设备已被市信用中心停用") as refused:
        client.engine.run()
    assert not isinstance(refused.value, AuthRequired)  # logging in again cannot help
    assert "联系管理员" in str(refused.value)
    assert memory_keyring.items == {}
    # Logging in again from the lost device is refused too.
    with pytest.raises(SyncError, match="这台设备已被市信用中心停用"):
        client.session.login(PASSWORD)
    assert store.get(more[0]).state.value == "queued"  # nothing lost on the client

    listed = admin(central, "devices", "--agency", AGENCY)
    assert "已停用" in listed.stdout and device in listed.stdout


def test_revoke_every_device_of_a_user(
        store: Store, client: Client, central: CentralServer,
        memory_keyring: MemoryKeyring) -> None:
    assert admin(central, "revoke-device").returncode == 2  # neither DEVICE nor --user
    result = admin(central, "revoke-device", "--agency", AGENCY, "--user", USER)
    assert result.returncode == 0, result.stderr
    assert client.settings.device in result.stdout
    client.http.tokens.access = "expired"
    with pytest.raises(SyncError, match="这台设备已被市信用中心停用"):
        client.engine.run()
    again = admin(central, "revoke-device", "--agency", AGENCY, "--user", USER)
    assert again.returncode == 1 and "没有有效的设备" in again.stderr
