"""Dialogs, behind one small service that tests replace (they never block in exec()).

The app calls ``Dialogs`` methods; each returns what the clerk entered, or None when they
cancelled. Tests pass a ``ScriptedDialogs``-like object with the same methods.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ygclient import __version__
from ygclient.ui.text import fill

if TYPE_CHECKING:
    # Annotations only: the passphrase dialog is asked for before the store, the sync client
    # and the catalog are imported (the main window shows first, see ygclient.ui.app).
    from ygclient.catalog import Catalog
    from ygclient.store.objections import NoticeView
    from ygclient.sync import SyncSettings


def ok_cancel(dialog: QDialog, layout: QBoxLayout,
              accept: Callable[[], object] | None = None) -> QDialogButtonBox:
    """The OK / Cancel row at the bottom of ``dialog``: Cancel rejects, OK calls ``accept``
    (default: the dialog's own accept)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


@dataclass(frozen=True, slots=True)
class LoginInput:
    server: str
    agency: str
    user: str
    password: str
    ca_file: str | None


@dataclass(frozen=True, slots=True)
class SettingsInput:
    server: str
    agency: str
    user: str
    ca_file: str | None
    client_cert: str | None
    client_key: str | None
    language: str
    idle_lock_minutes: int


class LoginDialog(QDialog):
    """Agency code, user, password, server address, agency CA file."""

    def __init__(self, settings: SyncSettings | None, message: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(self.tr("登录市信用信息系统"))
        layout = QVBoxLayout(self)
        if message:
            note = QLabel(message, self)
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.server = QLineEdit(settings.server if settings else "https://", self)
        self.agency = QLineEdit(settings.agency if settings else "", self)
        self.agency.setPlaceholderText(self.tr("本单位的 18 位统一社会信用代码"))
        self.user = QLineEdit(settings.user if settings else "", self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_file = _FileField(settings.ca_file if settings else None,
                                  self.tr("CA 证书 (*.pem *.crt *.cer)"), self)
        for name, widget in (("server", self.server), ("agency", self.agency),
                             ("user", self.user), ("password", self.password)):
            widget.setObjectName(f"login_{name}")
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow(self.tr("单位代码"), self.agency)
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("单位 CA 证书（可选）"), self.ca_file)
        layout.addLayout(form)
        hint = QLabel(self.tr("密码只用于本次登录，不会保存。"), self)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        ok_cancel(self, layout)
        (self.password if settings else self.server).setFocus()

    def value(self) -> LoginInput:
        return LoginInput(self.server.text().strip(), self.agency.text().strip().upper(),
                          self.user.text().strip(), self.password.text(),
                          self.ca_file.path())


class SettingsDialog(QDialog):
    """Server, CA, client certificate, language, idle lock, and where the data folder is."""

    def __init__(self, settings: SyncSettings | None, language: str, idle_minutes: int,
                 data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("设置"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.server = QLineEdit(settings.server if settings else "https://", self)
        self.agency = QLineEdit(settings.agency if settings else "", self)
        self.user = QLineEdit(settings.user if settings else "", self)
        pem = self.tr("证书 (*.pem *.crt *.cer)")
        self.ca_file = _FileField(settings.ca_file if settings else None, pem, self)
        self.client_cert = _FileField(settings.client_cert if settings else None, pem, self)
        self.client_key = _FileField(settings.client_key if settings else None,
                                     self.tr("私钥 (*.pem *.key)"), self)
        self.language = QComboBox(self)
        # Each language by its own name, so that a clerk finds theirs whatever is shown now.
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.idle = QSpinBox(self)
        self.idle.setRange(1, 240)
        self.idle.setValue(idle_minutes)
        self.idle.setSuffix(self.tr(" 分钟"))
        folder = QLabel(str(data_dir), self)
        folder.setTextInteractionFlags(folder.textInteractionFlags()
                                       | folder.textInteractionFlags().TextSelectableByMouse)
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow(self.tr("单位代码"), self.agency)
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("单位 CA 证书"), self.ca_file)
        form.addRow(self.tr("客户端证书（双向 TLS）"), self.client_cert)
        form.addRow(self.tr("客户端私钥"), self.client_key)
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow(self.tr("无操作自动锁定"), self.idle)
        form.addRow(self.tr("数据文件夹"), folder)
        layout.addLayout(form)
        note = QLabel(self.tr("数据文件夹可用命令行参数 --data-dir 或环境变量 YGCLIENT_HOME 更改；"
                              "界面语言在重新启动后生效。"), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        ok_cancel(self, layout)

    def value(self) -> SettingsInput:
        return SettingsInput(self.server.text().strip(), self.agency.text().strip().upper(),
                             self.user.text().strip(), self.ca_file.path(),
                             self.client_cert.path(), self.client_key.path(),
                             str(self.language.currentData()), self.idle.value())


def about_text(catalog: Catalog | None) -> str:
    import platform

    translate = QCoreApplication.translate
    catalog_line = fill(translate("Dialogs", "信用信息目录：%1，版本 %2（%3）"), catalog.title,
                        catalog.version, catalog.published) if catalog else ""
    return "\n".join(line for line in (
        fill(translate("Dialogs", "ygclient %1 — 阳江市公共信用信息报送客户端"), __version__),
        fill(translate("Dialogs", "Qt %1，PySide6 %2，Python %3（%4）"), qVersion(),
             PySide6.__version__, platform.python_version(), sys.platform),
        catalog_line,
        translate("Dialogs", "依据《阳江市公共信用信息管理暂行办法》（阳府〔2018〕60号）"
                             "第十条直接报送。"),
    ) if line)


class PassphraseDialog(QDialog):
    """The passphrase that protects the local data where there is no OS keyring.

    ``need`` is "new" (first start: choose one and type it twice; at least 8 characters) or
    "existing" (type the one chosen then). ``message`` says why it is asked again.
    """

    def __init__(self, need: str, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.need = need
        self.setWindowTitle(self.tr("本地数据口令"))
        layout = QVBoxLayout(self)
        if need == "new":
            text = self.tr("本机没有系统密钥库，本地数据将用口令加密。请设定一个口令（至少 8 个"
                           "字符），以后每次启动时输入。口令遗失则数据无法恢复，请妥善保管。")
        else:
            text = self.tr("本机数据已加密，请输入启用加密时设定的口令。")
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("口令"), self.passphrase)
        self.again = QLineEdit(self)
        self.again.setObjectName("passphrase_again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        if need == "new":
            form.addRow(self.tr("再输入一次"), self.again)
        else:
            self.again.hide()
        layout.addLayout(form)
        self.problem = QLabel(message, self)
        self.problem.setObjectName("passphrase_problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        ok_cancel(self, layout, self._accept)

    def check(self) -> str | None:
        """What is wrong with the input, in words; None when it can be used."""
        text = self.passphrase.text()
        if not text:
            return self.tr("请输入口令")
        if self.need == "new":
            from ygclient.store.keys import MIN_PASSPHRASE

            if len(text) < MIN_PASSPHRASE:
                return fill(self.tr("口令太短：至少需要 %1 个字符"), MIN_PASSPHRASE)
            if self.again.text() != text:
                return self.tr("两次输入的口令不一致")
        return None

    def _accept(self) -> None:
        problem = self.check()
        if problem is None:
            self.accept()
        else:
            self.problem.setText(problem)

    def value(self) -> str:
        return self.passphrase.text()


class RetractionDialog(QDialog):
    """Art. 11 撤销: a reason and a legal basis, both required."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retraction_dialog")
        self.setWindowTitle(self.tr("撤销记录"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(fill(self.tr("撤销：%1"), subject), self))
        form = QFormLayout()
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("retraction_reason")
        self.reason.setTabChangesFocus(True)
        self.basis = QLineEdit(self)
        self.basis.setObjectName("retraction_basis")
        self.basis.setPlaceholderText(self.tr("如撤销决定书文号或所依据的条款"))
        form.addRow(self.tr("撤销原因"), self.reason)
        form.addRow(self.tr("法律依据"), self.basis)
        layout.addLayout(form)
        self.buttons = ok_cancel(self, layout)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        for signal in (self.reason.textChanged, self.basis.textChanged):
            signal.connect(lambda *_: ok.setEnabled(
                bool(self.reason.toPlainText().strip() and self.basis.text().strip())))

    def value(self) -> tuple[str, str]:
        return self.reason.toPlainText().strip(), self.basis.text().strip()


class ItemChooser(QDialog):
    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建记录"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("选择信用信息目录条目："), self))
        self.combo = QComboBox(self)
        for item in catalog.items:
            self.combo.addItem(fill(self.tr("%1（%2）"), item.name, item.code), item.code)
        layout.addWidget(self.combo)
        ok_cancel(self, layout)


class _FileField(QWidget):
    def __init__(self, value: str | None, pattern: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(value or "", self)
        button = QPushButton(self.tr("选择…"), self)
        button.clicked.connect(lambda: self._choose(pattern))
        layout.addWidget(self.edit, 1)
        layout.addWidget(button)

    def _choose(self, pattern: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择文件"), self.edit.text(), pattern)
        if path:
            self.edit.setText(path)

    def path(self) -> str | None:
        text = self.edit.text().strip()
        return str(Path(text).resolve()) if text else None


class Dialogs:
    """The real dialogs (modal). Tests replace this object."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def login(self, settings: SyncSettings | None, message: str = "") -> LoginInput | None:
        dialog = LoginDialog(settings, message, self.parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def settings(self, settings: SyncSettings | None, language: str, idle: int,
                 data_dir: Path) -> SettingsInput | None:
        dialog = SettingsDialog(settings, language, idle, data_dir, self.parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def passphrase(self, need: str, message: str = "") -> str | None:
        """The local data's passphrase (no OS keyring): "new" or "existing"."""
        dialog = PassphraseDialog(need, message, self.parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def retraction(self, subject: str) -> tuple[str, str] | None:
        dialog = RetractionDialog(subject, self.parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def correction_reason(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        translate = QCoreApplication.translate
        text, ok = QInputDialog.getMultiLineText(
            self.parent, translate("Dialogs", "发起变更"),
            translate("Dialogs", "变更原因（办法第十一条，必填）："))
        return text.strip() if ok and text.strip() else None

    def evidence_answer(self, view: NoticeView) -> tuple[str, list[str]] | None:
        """无误: the opinion and the evidence files' paths for a verification notice."""
        from ygclient.ui.notices import ConfirmAnswerDialog

        dialog = ConfirmAnswerDialog(view, self.parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def extension_reason(self, view: NoticeView) -> str | None:
        """申请延期: why the case needs 20 working days."""
        from ygclient.ui.notices import ExtensionDialog

        dialog = ExtensionDialog(view, self.parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def choose_item(self, catalog: Catalog) -> str | None:
        dialog = ItemChooser(catalog, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(dialog.combo.currentData())

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def critical(self, title: str, text: str) -> None:
        """A failure that ends the program (the store cannot be opened)."""
        QMessageBox.critical(self.parent, title, text)

    def about(self, catalog: Catalog | None) -> None:
        QMessageBox.about(self.parent, QCoreApplication.translate("Dialogs", "关于 ygclient"),
                          about_text(catalog))

    def open_file(self, title: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, "", pattern)
        return path or None

    def save_file(self, title: str, suggested: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, pattern)
        return path or None


def settings_from(value: LoginInput | SettingsInput, previous: SyncSettings | None,
                  ) -> SyncSettings:
    """Server settings from a dialog, keeping this machine's device id."""
    from ygclient.sync import SyncSettings, new_device_id

    return SyncSettings(server=value.server.rstrip("/"), agency=value.agency, user=value.user,
                        device=previous.device if previous else new_device_id(),
                        ca_file=value.ca_file,
                        client_cert=getattr(value, "client_cert", None) or
                        (previous.client_cert if previous else None),
                        client_key=getattr(value, "client_key", None) or
                        (previous.client_key if previous else None))
