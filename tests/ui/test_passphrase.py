"""Without an OS keyring the app asks for the local data's passphrase: a new one on first
start (typed twice), the chosen one afterwards, again after a wrong one; cancel stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import ScriptedDialogs
from ygclient.catalog import Catalog
from ygclient.store import keys
from ygclient.ui.app import open_store
from ygclient.ui.dialogs import PassphraseDialog

PASSPHRASE = "阳江口令 2026"


@pytest.fixture
def clerk_asked(no_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a headless Linux box: no keyring, and no passphrase in the environment."""
    monkeypatch.delenv(keys.PASSPHRASE_ENV)


@pytest.mark.usefixtures("clerk_asked")
def test_first_start_sets_a_passphrase_and_later_starts_ask_for_it(
        data_dir: Path, catalog: Catalog) -> None:
    dialogs = ScriptedDialogs()
    dialogs.passphrases = [PASSPHRASE]
    store = open_store(data_dir, catalog, "clerk", None, dialogs)
    assert store is not None
    store.close()
    assert dialogs.called("passphrase") == [("new", "")]
    assert PASSPHRASE not in keys.key_file(data_dir).read_text(encoding="utf-8")

    again = ScriptedDialogs()
    again.passphrases = ["not the passphrase", PASSPHRASE]
    store = open_store(data_dir, catalog, "clerk", None, again)
    assert store is not None
    store.close()
    ((first, no_message), (second, message)) = again.called("passphrase")
    assert (first, no_message, second) == ("existing", "", "existing")
    assert "口令" in message


@pytest.mark.usefixtures("clerk_asked")
def test_cancelling_the_passphrase_opens_nothing(data_dir: Path, catalog: Catalog) -> None:
    dialogs = ScriptedDialogs()  # no answers: cancelled
    assert open_store(data_dir, catalog, "clerk", None, dialogs) is None
    assert dialogs.called("passphrase") == [("new", "")]
    assert not (data_dir / "ygclient.sqlite3").exists()


def test_the_dialog_checks_a_new_passphrase(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("new")
    qtbot.addWidget(dialog)
    assert dialog.check() == "请输入口令"
    dialog.passphrase.setText("short")
    assert dialog.check() == f"口令太短：至少需要 {keys.MIN_PASSPHRASE} 个字符"
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE + "x")
    assert dialog.check() == "两次输入的口令不一致"
    dialog.again.setText(PASSPHRASE)
    assert dialog.check() is None and dialog.value() == PASSPHRASE


def test_the_dialog_for_an_existing_passphrase_asks_once(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("existing", "口令不正确")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.again.isVisible()
    assert dialog.problem.text() == "口令不正确"
    dialog.passphrase.setText("x")  # any length: the key file decides
    assert dialog.check() is None
