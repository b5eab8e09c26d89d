"""Desktop-app fixtures: a real store in the test's data folder, the app context over it, the
main window with scripted dialogs, and helpers that type the way a clerk does.

Dialogs never open: :class:`ScriptedDialogs` answers every ``Dialogs`` method from a script
and records the call. Chinese is typed through input-method commits (``ime``), because
``qtbot.keyClicks`` only types ASCII.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt is part of the dev install; see Makefile")

from PySide6.QtCore import QObject, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from tests.catalog.records import penalty_for_company  # noqa: E402
from tests.sheets.books import uscc  # noqa: E402

# The real ygcentral on 127.0.0.1 (and the in-process keyring) of the sync tests.
from tests.sync.conftest import (  # noqa: E402, F401 - fixtures used by the UI tests
    AGENCY,
    PASSWORD,
    USER,
    CentralServer,
    central,
    memory_keyring,
    server_options,
)
from ygclient.catalog import Catalog, bundled_catalog  # noqa: E402
from ygclient.store import Store  # noqa: E402
from ygclient.store.objections import NoticeView  # noqa: E402
from ygclient.sync import SyncSettings  # noqa: E402
from ygclient.ui.context import AppContext  # noqa: E402
from ygclient.ui.dialogs import Dialogs, LoginInput, SettingsInput  # noqa: E402
from ygclient.ui.main_window import MainWindow  # noqa: E402

# Things the offscreen platform cannot do, said as a warning when a popup (a completer list,
# a menu) opens; nothing to act on, like propagateSizeHints in pyproject.toml.
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the (keyboard|mouse)",
)


class ScriptedDialogs(Dialogs):
    """Every dialog the app can open, answered from attributes a test sets beforehand.

    ``calls`` lists (method, arguments) in order; ``errors`` and ``infos`` what was shown.
    """

    def __init__(self) -> None:
        super().__init__(None)
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.login_answer: LoginInput | None = None
        self.settings_answer: SettingsInput | None = None
        self.retraction_answer: tuple[str, str] | None = None
        self.correction_answer: str | None = None
        self.item_answer: str | None = None
        self.evidence: tuple[str, list[str]] | None = None
        self.passphrases: list[str | None] = []  # answered in turn
        self.extension_answer: str | None = None
        self.confirm_answer = True
        self.open_answer: str | None = None
        self.save_answer: str | None = None
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []

    def login(self, settings: SyncSettings | None, message: str = "") -> LoginInput | None:
        self.calls.append(("login", (settings, message)))
        return self.login_answer

    def settings(self, settings: SyncSettings | None, language: str, idle: int,
                 data_dir: Path) -> SettingsInput | None:
        self.calls.append(("settings", (settings, language, idle, data_dir)))
        return self.settings_answer

    def passphrase(self, need: str, message: str = "") -> str | None:
        self.calls.append(("passphrase", (need, message)))
        return self.passphrases.pop(0) if self.passphrases else None

    def retraction(self, subject: str) -> tuple[str, str] | None:
        self.calls.append(("retraction", (subject,)))
        return self.retraction_answer

    def correction_reason(self) -> str | None:
        self.calls.append(("correction_reason", ()))
        return self.correction_answer

    def evidence_answer(self, view: NoticeView) -> tuple[str, list[str]] | None:
        self.calls.append(("evidence_answer", (view.case_id,)))
        return self.evidence

    def extension_reason(self, view: NoticeView) -> str | None:
        self.calls.append(("extension_reason", (view.case_id,)))
        return self.extension_answer

    def choose_item(self, catalog: Catalog) -> str | None:
        self.calls.append(("choose_item", (catalog,)))
        return self.item_answer

    def confirm(self, title: str, text: str) -> bool:
        self.calls.append(("confirm", (title, text)))
        return self.confirm_answer

    def info(self, title: str, text: str) -> None:
        self.calls.append(("info", (title, text)))
        self.infos.append((title, text))

    def error(self, title: str, text: str) -> None:
        self.calls.append(("error", (title, text)))
        self.errors.append((title, text))

    def critical(self, title: str, text: str) -> None:
        self.calls.append(("critical", (title, text)))
        self.errors.append((title, text))

    def about(self, catalog: Catalog | None) -> None:
        self.calls.append(("about", (catalog,)))

    def open_file(self, title: str, pattern: str) -> str | None:
        self.calls.append(("open_file", (title, pattern)))
        return self.open_answer

    def save_file(self, title: str, suggested: str, pattern: str) -> str | None:
        self.calls.append(("save_file", (title, suggested, pattern)))
        return self.save_answer

    def called(self, name: str) -> list[tuple[Any, ...]]:
        return [args for method, args in self.calls if method == name]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture
def store(data_dir: Path, catalog: Catalog) -> Iterator[Store]:
    s = Store.open(data_dir, catalog, actor=USER)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def context(store: Store, data_dir: Path, qapp: QApplication) -> Iterator[AppContext]:
    ctx = AppContext(store, data_dir)
    try:
        yield ctx
    finally:
        ctx.shutdown()


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def window(context: AppContext, dialogs: ScriptedDialogs, qtbot: QtBot) -> Iterator[MainWindow]:
    main = MainWindow(context, dialogs)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    try:
        yield main
    finally:
        main.close()


def sync_settings(server: CentralServer, device: str = "device-0000-ui") -> SyncSettings:
    return SyncSettings(server=server.url, agency=AGENCY, user=USER, device=device,
                        ca_file=str(server.ca_file))


def login_input(server: CentralServer) -> LoginInput:
    return LoginInput(server.url, AGENCY, USER, PASSWORD, str(server.ca_file))


# --- typing like a clerk ------------------------------------------------------------------


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make the widget's window the active one (shortcuts only work there)."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def ime(widget: QWidget, text: str) -> None:
    """Type ``text`` through the input method (a Chinese IME commits whole words)."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


# --- the longest time the GUI thread went without running its event loop -------------------


class GapMeter(QObject):
    """A 10 ms timer on the GUI thread; ``longest`` is the longest gap between two ticks (s).

    ``phase`` names what is going on (set it as the test moves on); ``gaps`` lists every gap
    over ``report_over`` seconds as (phase, seconds since start, gap)."""

    def __init__(self, interval_ms: int = 10, report_over: float = 0.1) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.report_over = report_over
        self.phase = ""
        self.longest = 0.0
        self.longest_by_phase: dict[str, float] = {}
        self.ticks = 0
        self.gaps: list[tuple[str, float, float]] = []
        self.collections: list[tuple[float, int, float]] = []  # (at s, generation, seconds)
        self._started = self._last = self._collection_started = 0.0

    def start(self, phase: str = "") -> None:
        self.phase = phase
        self._started = self._last = time.perf_counter()
        gc.callbacks.append(self._collecting)
        self.timer.start()

    def stop(self) -> None:
        if self.timer.isActive():
            self._tick()
            self.timer.stop()
        if self._collecting in gc.callbacks:
            gc.callbacks.remove(self._collecting)

    def _collecting(self, phase: str, info: dict[str, int]) -> None:
        """Garbage collections stop every thread (they hold the GIL): note the long ones."""
        now = time.perf_counter()
        if phase == "start":
            self._collection_started = now
        elif now - self._collection_started > self.report_over / 4:
            self.collections.append((round(self._collection_started - self._started, 3),
                                     info["generation"],
                                     round(now - self._collection_started, 3)))

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        if gap > self.report_over:
            self.gaps.append((self.phase, round(self._last - self._started, 3), round(gap, 3)))
        self.longest = max(self.longest, gap)
        self.longest_by_phase[self.phase] = max(self.longest_by_phase.get(self.phase, 0.0), gap)
        self.ticks += 1
        self._last = now

    def report(self) -> str:
        phases = "; ".join(f"{phase or '-'} {gap * 1000:.0f} ms"
                           for phase, gap in self.longest_by_phase.items())
        return (f"longest gap {self.longest * 1000:.0f} ms ({phases}); "
                f"gaps over {self.report_over * 1000:.0f} ms (phase, at s, gap s): {self.gaps}; "
                f"garbage collections over {self.report_over * 250:.0f} ms "
                f"(at s, generation, s): {self.collections}")


# --- records in the store -------------------------------------------------------------------


def company(number: int, **changes: Any) -> dict[str, Any]:
    """A valid 行政处罚 record against a company of its own (name, code, document number)."""
    record = penalty_for_company()
    record.update({"CF_XDR_MC": f"阳江市第{number:05d}号贸易有限公司",
                   "CF_XDR_SHXYM": uscc(number), "CF_WSH": f"阳市监罚〔2026〕{number}号"})
    record.update(changes)
    return record


def bulk(store: Store, records: list[dict[str, Any]], item: str = "CF") -> list[str]:
    """Many records in one transaction (as an import stores them)."""
    validator = store.validator(item)
    return store.bulk_create(item, [(r, validator.validate(r)) for r in records],
                             action="create")


def accepted(store: Store, raw: dict[str, Any]) -> str:
    """A record that went the whole way: created, queued, sent, accepted by the centre."""
    record_id = store.create("CF", raw).record.id
    store.submit([record_id])
    (op,) = store.claim_outbox()
    store.outbox_result(op.idempotency_key, "accepted")
    return record_id
