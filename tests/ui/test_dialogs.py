"""The dialogs themselves (shown, never exec'd) and the main window's use of the Dialogs
service: login fields, retraction's OK button, settings values, the about text."""

from __future__ import annotations

import inspect
import json
import platform
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from tests.sync.conftest import AGENCY, USER
from tests.ui.conftest import ScriptedDialogs, ime
from ygclient import __version__
from ygclient.catalog import Catalog
from ygclient.sync import SyncSettings
from ygclient.ui.context import AppContext
from ygclient.ui.dialogs import (
    Dialogs,
    LoginDialog,
    LoginInput,
    RetractionDialog,
    SettingsDialog,
    SettingsInput,
    about_text,
    settings_from,
)
from ygclient.ui.main_window import MainWindow
from ygclient.ui.settings import AppSettings

SETTINGS = SyncSettings(server="https://credit.yangjiang.example:8443", agency=AGENCY, user=USER,
                        device="device-0000-ui", ca_file="/etc/ygclient/agency-ca.pem")


def show(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def ok_button(box: QDialogButtonBox) -> QPushButton:
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def test_scripted_dialogs_answer_every_dialog() -> None:
    """No test can end up in a real (blocking) dialog: every method is scripted."""
    public = {name for name, member in inspect.getmembers(Dialogs, inspect.isfunction)
              if not name.startswith("_")}
    scripted = {name for name in public if name in vars(ScriptedDialogs)}
    assert scripted == public


def test_login_dialog_first_time(qtbot: QtBot) -> None:
    dialog = show(qtbot, LoginDialog(None, ""))
    assert isinstance(dialog, LoginDialog)
    assert dialog.windowTitle() == "登录市信用信息系统"
    assert dialog.server.objectName() == "login_server" and dialog.server.text() == "https://"
    assert dialog.agency.text() == "" and dialog.user.text() == ""
    assert dialog.agency.placeholderText() == "本单位的 18 位统一社会信用代码"
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    qtbot.waitUntil(dialog.server.hasFocus)  # nothing known yet: start with the server
    assert "密码只用于本次登录，不会保存。" in [label.text() for label in
                                          dialog.findChildren(QLabel)]
    dialog.server.setText("https://127.0.0.1:8443/")
    qtbot.keyClicks(dialog.agency, "114417000070012332")
    qtbot.keyClicks(dialog.user, USER)
    qtbot.keyClicks(dialog.password, " secret with spaces ")
    assert dialog.value() == LoginInput("https://127.0.0.1:8443/", AGENCY, USER,
                                        " secret with spaces ", None)
    settings = settings_from(dialog.value(), None)
    assert settings.server == "https://127.0.0.1:8443" and settings.device


def test_login_dialog_again(qtbot: QtBot, tmp_path: Path) -> None:
    ca = tmp_path / "agency-ca.pem"
    settings = SyncSettings(server=SETTINGS.server, agency=AGENCY, user=USER,
                            device="device-0000-ui", ca_file=str(ca))
    dialog = show(qtbot, LoginDialog(settings, "登录已过期，请重新输入密码。"))
    assert isinstance(dialog, LoginDialog)
    assert "登录已过期，请重新输入密码。" in [label.text() for label in dialog.findChildren(QLabel)]
    assert (dialog.server.text(), dialog.agency.text(), dialog.user.text()) == \
        (SETTINGS.server, AGENCY, USER)
    assert dialog.password.text() == ""
    qtbot.waitUntil(dialog.password.hasFocus)  # only the password is missing
    dialog.agency.setText("91441700ma4w12346h")
    qtbot.keyClicks(dialog.password, "pw")
    value = dialog.value()
    assert value.agency == "91441700MA4W12346H"  # codes are upper case
    assert value.ca_file == str(ca.resolve())
    again = settings_from(value, settings)
    assert again.device == settings.device  # the same machine keeps its device id
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    click_ok = ok_button(box)
    qtbot.mouseClick(click_ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_retraction_needs_reason_and_legal_basis(qtbot: QtBot) -> None:
    dialog = show(qtbot, RetractionDialog("阳江市江城区海韵贸易有限公司 阳市监罚〔2026〕12号"))
    assert isinstance(dialog, RetractionDialog)
    ok = ok_button(dialog.buttons)
    assert "撤销：阳江市江城区海韵贸易有限公司 阳市监罚〔2026〕12号" in \
        [label.text() for label in dialog.findChildren(QLabel)]
    assert not ok.isEnabled()
    ime(dialog.reason, "处罚决定已被复议机关撤销")
    assert not ok.isEnabled()  # the basis is still missing
    qtbot.keyClicks(dialog.basis, "   ")
    assert not ok.isEnabled()  # blanks are not a basis
    dialog.basis.clear()
    ime(dialog.basis, "阳府复决〔2026〕3号")
    assert ok.isEnabled()
    dialog.reason.clear()
    assert not ok.isEnabled()
    ime(dialog.reason, "  处罚决定已被复议机关撤销 ")
    assert ok.isEnabled()
    assert dialog.value() == ("处罚决定已被复议机关撤销", "阳府复决〔2026〕3号")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_retraction_reason_moves_on_with_tab(qtbot: QtBot) -> None:
    dialog = show(qtbot, RetractionDialog("x"))
    assert isinstance(dialog, RetractionDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.reason.setFocus()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert dialog.basis.hasFocus() and dialog.reason.toPlainText() == ""


@pytest.mark.parametrize(("language", "shown"), [("zh_CN", "简体中文"), ("en", "English"),
                                                 ("fr", "简体中文")])
def test_settings_dialog_values(qtbot: QtBot, data_dir: Path, language: str, shown: str) -> None:
    dialog = show(qtbot, SettingsDialog(SETTINGS, language, 30, data_dir))
    assert isinstance(dialog, SettingsDialog)
    assert (dialog.server.text(), dialog.agency.text(), dialog.user.text()) == \
        (SETTINGS.server, AGENCY, USER)
    assert dialog.ca_file.edit.text() == SETTINGS.ca_file
    assert dialog.client_cert.edit.text() == "" and dialog.client_key.edit.text() == ""
    assert dialog.language.currentText() == shown
    assert dialog.idle.value() == 30 and dialog.idle.suffix() == " 分钟"
    assert (dialog.idle.minimum(), dialog.idle.maximum()) == (1, 240)
    assert str(data_dir) in [label.text() for label in dialog.findChildren(QLabel)]
    dialog.idle.setValue(5)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    value = dialog.value()
    assert value == SettingsInput(SETTINGS.server, AGENCY, USER,
                                  str(Path(SETTINGS.ca_file or "").resolve()), None, None,
                                  "en", 5)


def test_settings_dialog_without_server(qtbot: QtBot, data_dir: Path) -> None:
    dialog = show(qtbot, SettingsDialog(None, "zh_CN", 15, data_dir))
    assert isinstance(dialog, SettingsDialog)
    assert dialog.server.text() == "https://" and dialog.agency.text() == ""
    assert dialog.value().ca_file is None


def test_about_names_app_qt_python_and_catalog_versions(catalog: Catalog) -> None:
    text = about_text(catalog)
    assert f"ygclient {__version__}" in text
    assert f"Qt {qVersion()}" in text and f"PySide6 {PySide6.__version__}" in text
    assert f"Python {platform.python_version()}" in text
    assert catalog.version in text and catalog.title in text
    assert str(catalog.published) in text
    assert "阳府〔2018〕60号" in text
    assert "信用信息目录" not in about_text(None)


def test_about_from_the_toolbar(window: MainWindow, dialogs: ScriptedDialogs,
                                catalog: Catalog) -> None:
    window.actions_["about"].trigger()
    assert dialogs.called("about") == [(catalog,)]


def test_settings_from_the_toolbar(window: MainWindow, context: AppContext,
                                   dialogs: ScriptedDialogs, data_dir: Path) -> None:
    window.actions_["settings"].trigger()  # cancelled: nothing changes
    assert SyncSettings.load(data_dir) is None and not (data_dir / "settings.json").exists()
    ((settings, language, idle, folder),) = dialogs.called("settings")
    assert (settings, language, idle, folder) == (None, "zh_CN", 15, data_dir)

    dialogs.settings_answer = SettingsInput("https://credit.yangjiang.example/", AGENCY, USER,
                                            None, None, None, "en", 5)
    window.actions_["settings"].trigger()
    saved = context.sync_settings
    assert saved is not None and saved.server == "https://credit.yangjiang.example"
    assert SyncSettings.load(data_dir) == saved
    assert AppSettings.load(data_dir).language == "en"
    assert AppSettings.load(data_dir).idle_lock_minutes == 5
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["language"] == "en"
    # Opened again: the dialog gets what was saved.
    window.actions_["settings"].trigger()
    assert dialogs.called("settings")[-1][:3] == (saved, "en", 5)
