"""The local password check behind the idle lock: a verifier, never the password; five wrong
tries in a row and only an online login unlocks."""

from __future__ import annotations

from tests.sync.conftest import MemoryKeyring, memory_keyring  # noqa: F401 - fixture
from ygclient.unlock import KEYRING_SERVICE, MAX_FAILURES, Unlock, UnlockVerifier

PASSWORD = "正确的密码 correct horse"
ACCOUNT = "https://127.0.0.1:8443|11441700MB2C00001X|clerk"


def test_a_remembered_password_unlocks_and_a_wrong_one_counts_down() -> None:
    verifier = UnlockVerifier(ACCOUNT)
    assert not verifier.available()
    assert verifier.check(PASSWORD).outcome == Unlock.LOGIN_REQUIRED
    verifier.remember(PASSWORD)
    assert verifier.available()
    assert verifier.check(PASSWORD).outcome == Unlock.OK
    results = [verifier.check("wrong") for _ in range(MAX_FAILURES - 1)]
    assert [r.remaining for r in results] == [4, 3, 2, 1]
    assert all(r.outcome == Unlock.WRONG for r in results)
    assert verifier.check("wrong").outcome == Unlock.LOGIN_REQUIRED  # the fifth
    assert not verifier.available()
    assert verifier.check(PASSWORD).outcome == Unlock.LOGIN_REQUIRED  # even the right one now


def test_a_right_password_resets_the_count() -> None:
    verifier = UnlockVerifier(ACCOUNT)
    verifier.remember(PASSWORD)
    for _ in range(MAX_FAILURES - 1):
        verifier.check("wrong")
    assert verifier.check(PASSWORD).outcome == Unlock.OK
    assert verifier.check("wrong").remaining == MAX_FAILURES - 1


def test_the_keyring_holds_a_verifier_and_the_count_survives_a_restart(
        memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    UnlockVerifier(ACCOUNT).remember(PASSWORD)
    (stored,) = memory_keyring.items.values()
    assert PASSWORD not in stored and "correct horse" not in stored
    assert list(memory_keyring.items) == [(KEYRING_SERVICE, ACCOUNT)]
    for _ in range(3):
        UnlockVerifier(ACCOUNT).check("wrong")
    again = UnlockVerifier(ACCOUNT)  # the program started again
    assert again.check("wrong").remaining == 1
    assert again.check("wrong").outcome == Unlock.LOGIN_REQUIRED
    assert memory_keyring.items == {}


def test_a_damaged_keyring_entry_means_an_online_login(
        memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    memory_keyring.items[(KEYRING_SERVICE, ACCOUNT)] = '{"salt": "???"}'
    verifier = UnlockVerifier(ACCOUNT)
    assert verifier.check(PASSWORD).outcome == Unlock.LOGIN_REQUIRED
    assert memory_keyring.items == {}
