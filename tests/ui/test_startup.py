"""Start-up: the main window's frame is on screen before the catalog and the store are
loaded, then fills in; a cancelled passphrase or a broken database closes it again.

run_gui runs here as the ``ygclient`` command runs it, on a real encrypted store in the
test's data folder; its ``observe`` seam says when each stage is reached.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QToolBar
from pytestqt.qtbot import QtBot

from tests import dbfile
from tests.sync.conftest import AGENCY, PASSWORD, USER, MemoryKeyring
from tests.ui.conftest import ScriptedDialogs, bulk, company
from ygclient.catalog import Catalog, load_catalog
from ygclient.cli import gui_arguments
from ygclient.store import Store, keys
from ygclient.store.db import DB_FILENAME
from ygclient.sync import SyncSettings
from ygclient.ui.app import SESSION_MARKER, run_gui
from ygclient.ui.context import AppContext
from ygclient.ui.main_window import NAVIGATION, MainWindow
from ygclient.unlock import UnlockVerifier

OPENING = "正在打开本地数据…"


@pytest.fixture(autouse=True)
def app_as_before(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """run_gui sets the language, the font and a translator application-wide: undo them."""
    monkeypatch.setenv("QT_ENABLE_HIGHDPI_SCALING", "1")
    locale, font = QLocale(), qapp.font()
    translators = set(qapp.findChildren(QTranslator))
    yield
    for translator in set(qapp.findChildren(QTranslator)) - translators:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    qapp.setFont(font)
    QLocale.setDefault(locale)


class Watch:
    """What the window looked like at each stage of run_gui (and at the catalog's loading)."""

    def __init__(self, qtbot: QtBot, catalog: Catalog,
                 at_attached: Callable[[MainWindow], None] | None = None) -> None:
        self.qtbot, self.catalog, self.at_attached = qtbot, catalog, at_attached
        self.window: MainWindow | None = None
        self.stages: list[str] = []
        self.frames: dict[str, dict[str, object]] = {}
        # Ends app.exec() should the test go wrong; stopped once the test is over.
        self.guard = QTimer()
        self.guard.setSingleShot(True)
        self.guard.timeout.connect(QApplication.quit)
        # Set by the GUI thread's event loop once the frame is painted; the catalog loader
        # waits for it: it comes only if the GUI thread goes on while the catalog is read.
        self.gui_ran = threading.Event()
        self.gui_ran_while_loading = False
        self.during_loading: Callable[[], object] | None = None  # done then, on the GUI thread
        self.catalog_thread: threading.Thread | None = None

    def look(self, when: str) -> None:
        window = self.window
        assert window is not None
        self.frames[when] = {
            "visible": window.isVisible(),
            "placeholder": window.placeholder is not None
            and window.stack.currentWidget() is window.placeholder,
            "nav": window.nav.isEnabled(),
            "titles": [window.nav.item(i).text() for i in range(window.nav.count())],
            "status": window.statusBar().currentMessage(),
            "pages": len(window.pages),
            "attached": window.attached,
        }

    def observe(self, stage: str, window: MainWindow) -> None:
        self.stages.append(stage)
        if stage == "frame":
            self.window = window
            self.qtbot.addWidget(window)
        self.look(stage)
        if stage == "opening":
            QTimer.singleShot(0, self.on_gui_thread)
        if stage == "attached":
            if self.at_attached is not None:
                self.at_attached(window)
            self.guard.start(20_000)
            QTimer.singleShot(0, window.close)  # as the clerk closes it; app.exec() returns

    def load_catalog(self) -> Catalog:
        """Runs off the GUI thread (widgets are not touched here): records the thread, and
        whether the GUI thread's event loop ran while it read (a blocked one never does)."""
        self.stages.append("catalog")
        self.catalog_thread = threading.current_thread()
        self.gui_ran_while_loading = self.gui_ran.wait(timeout=10)
        return self.catalog

    def on_gui_thread(self) -> None:
        if self.during_loading is not None:
            self.during_loading()
        self.gui_ran.set()

    def stop(self) -> None:
        """Timers stopped and let go of here, on the GUI thread (a garbage collection that
        happens to run on a worker thread must never be the one to delete them)."""
        self.guard.stop()
        self.guard.deleteLater()


def run(data_dir: Path, watch: Watch, dialogs: ScriptedDialogs,
        catalog: Callable[[], Catalog] | None = None,
        observe: Callable[[str, MainWindow], None] | None = None) -> int:
    try:
        return run_gui(data_dir, catalog or watch.load_catalog, actor=USER, dialogs=dialogs,
                       observe=observe or watch.observe)
    finally:
        watch.stop()


@pytest.fixture
def clerk_asked(no_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring and no passphrase in the environment: the app asks for it."""
    monkeypatch.delenv(keys.PASSPHRASE_ENV)


def test_the_frame_is_shown_before_the_catalog_and_the_store(
        data_dir: Path, catalog: Catalog, qtbot: QtBot) -> None:
    watch = Watch(qtbot, catalog)
    dialogs = ScriptedDialogs()
    assert run(data_dir, watch, dialogs) == 0
    assert watch.stages == ["frame", "opening", "catalog", "attached"]
    titles = [str(title) for _, title in NAVIGATION]
    frame = {"visible": True, "placeholder": True, "nav": False, "titles": titles,
             "status": OPENING, "pages": 0, "attached": False}
    assert watch.frames["opening"] == frame
    # The catalog is read once the window is up, off the GUI thread, which meanwhile went on.
    assert watch.catalog_thread is not threading.main_thread()
    assert watch.gui_ran_while_loading
    assert watch.frames["attached"] == {
        "visible": True, "placeholder": False, "nav": True, "titles": titles, "status": "",
        "pages": len(NAVIGATION), "attached": True}
    window = watch.window
    assert window is not None and not window.isVisible()  # closed by the clerk
    assert window.stack.currentWidget() is window.pages["home"]
    assert dialogs.calls == []
    assert (data_dir / DB_FILENAME).exists()
    assert not (data_dir / SESSION_MARKER).exists()  # a clean end


@pytest.mark.usefixtures("clerk_asked")
def test_the_passphrase_is_asked_over_the_shown_frame(
        data_dir: Path, catalog: Catalog, qtbot: QtBot) -> None:
    watch = Watch(qtbot, catalog)

    class Asked(ScriptedDialogs):
        def passphrase(self, need: str, message: str = "") -> str | None:
            watch.look("passphrase")
            assert self.parent is watch.window
            return super().passphrase(need, message)

    dialogs = Asked()
    dialogs.passphrases = ["阳江口令 2026"]
    assert run(data_dir, watch, dialogs) == 0
    assert dialogs.called("passphrase") == [("new", "")]
    assert watch.frames["passphrase"]["visible"] is True
    assert watch.frames["passphrase"]["placeholder"] is True
    assert watch.frames["passphrase"]["nav"] is False
    assert watch.frames["attached"]["pages"] == len(NAVIGATION)


@pytest.mark.usefixtures("clerk_asked")
def test_a_cancelled_passphrase_closes_the_frame_and_exits_1(
        data_dir: Path, catalog: Catalog, qtbot: QtBot) -> None:
    watch = Watch(qtbot, catalog)
    dialogs = ScriptedDialogs()  # no answer: cancelled
    assert run(data_dir, watch, dialogs) == 1
    assert watch.stages == ["frame", "opening", "catalog"]
    assert dialogs.called("passphrase") == [("new", "")]
    assert watch.window is not None and not watch.window.isVisible()
    assert not (data_dir / DB_FILENAME).exists()
    assert not (data_dir / SESSION_MARKER).exists()


def test_a_corrupt_database_is_reported_and_exits_2(
        data_dir: Path, catalog: Catalog, qtbot: QtBot) -> None:
    with Store.open(data_dir, catalog, actor=USER) as store:
        bulk(store, [company(n) for n in range(300)])
    path = data_dir / DB_FILENAME
    # The records table's root page header: the integrity check fails to read the table.
    with closing(dbfile.connect(f"file:{path.as_posix()}?immutable=1", uri=True)) as con:
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
        (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'records'"
                              ).fetchone()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size + 8)
        file.write(b"\xa5" * 64)

    watch = Watch(qtbot, catalog)
    dialogs = ScriptedDialogs()
    assert run(data_dir, watch, dialogs) == 2
    assert watch.stages == ["frame", "opening", "catalog"]
    ((title, text),) = dialogs.called("critical")
    assert title == "数据库已损坏"
    assert str(path) in text and "已损坏" in text
    assert watch.window is not None and not watch.window.isVisible()


def test_closing_the_frame_while_the_data_opens_ends_the_app(
        data_dir: Path, catalog: Catalog, qtbot: QtBot) -> None:
    watch = Watch(qtbot, catalog)

    def close() -> None:  # the clerk closes the window while the catalog is being read
        assert watch.window is not None
        watch.window.close()

    watch.during_loading = close
    assert run(data_dir, watch, ScriptedDialogs()) == 0
    assert watch.stages == ["frame", "opening", "catalog"]  # never attached, no event loop
    assert watch.window is not None and not watch.window.isVisible()
    assert not (data_dir / SESSION_MARKER).exists()
    with Store.open(data_dir, catalog, actor=USER) as store:  # closed properly: opens again
        assert not store.list_records().rows


def test_an_unreadable_catalog_is_shown_in_a_message_and_exits_2(
        data_dir: Path, tmp_path: Path, catalog: Catalog, qtbot: QtBot) -> None:
    broken = tmp_path / "catalog.json"
    broken.write_text("{ not json", encoding="utf-8")
    watch = Watch(qtbot, catalog)
    dialogs = ScriptedDialogs()
    assert run(data_dir, watch, dialogs, catalog=lambda: load_catalog(broken)) == 2
    ((title, text),) = dialogs.called("critical")
    assert title == "无法读取信用信息目录" and str(broken) in text
    assert watch.window is not None and not watch.window.isVisible()
    assert not (data_dir / DB_FILENAME).exists()  # nothing was opened


def test_a_clerk_who_logged_in_before_finds_the_window_locked(
        data_dir: Path, catalog: Catalog, qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    settings = SyncSettings(server="https://127.0.0.1:9", agency=AGENCY, user=USER,
                            device="device-0000-startup")
    settings.save(data_dir)
    UnlockVerifier(settings.keyring_user).remember(PASSWORD)  # as after a login
    seen: dict[str, bool] = {}

    def attached(window: MainWindow) -> None:
        # Locked within attach(): the event loop has not run, nothing was painted unlocked.
        seen["locked"] = window.locked
        seen["covered"] = window.lock_screen.geometry() == window.rect()
        central = window.centralWidget()
        seen["usable"] = central is not None and central.isEnabled()

    assert run(data_dir, Watch(qtbot, catalog, attached), ScriptedDialogs()) == 0
    assert seen == {"locked": True, "covered": True, "usable": False}


def test_the_frame_attaches_once(context: AppContext, dialogs: ScriptedDialogs,
                                 qtbot: QtBot) -> None:
    window = MainWindow(None, dialogs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert (window.attached, window.nav.isEnabled(), window.pages) == (False, False, {})
    assert window.stack.count() == 1 and window.stack.currentWidget() is window.placeholder
    assert window.placeholder is not None and window.placeholder.text() == OPENING
    assert window.findChildren(QToolBar) == [] and window.actions_ == {}
    window.attach(context)
    assert window.attached and window.nav.isEnabled()
    assert list(window.pages) == [key for key, _ in NAVIGATION]
    assert [window.stack.widget(i) for i in range(window.stack.count())] == \
        list(window.pages.values())
    window.nav.setCurrentRow(2)
    assert window.stack.currentWidget() is window.pages["drafts"]
    assert window.statusBar().currentMessage() == ""
    with pytest.raises(RuntimeError):
        window.attach(context)
    window.close()


def test_closing_the_frame_alone_is_fine(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.locked
    window.lock()  # nothing to lock before the pages
    assert window.close()


# --- what the way to the window imports -------------------------------------------------------

# The real command, watched at run_gui's "opening" stage (the frame shown and painted): which
# of the heavy packages are loaded by then. The process ends there.
PROBE = textwrap.dedent("""
    import functools, os, sys
    import ygclient.ui.app as gui

    HEAVY = ("sqlalchemy", "httpx", "sqlcipher3", "alembic", "ygclient.store", "ygclient.sync",
             "ygclient.catalog", "ygclient.sheets", "ygclient.cli.common")

    def observe(stage, window):
        if stage == "opening":
            print(sorted(m for m in sys.modules if m.split(".")[0] in HEAVY
                         or m.startswith(HEAVY)), flush=True)
            os._exit(0)

    gui.run_gui = functools.partial(gui.run_gui, observe=observe)
    from ygclient.cli import main
    sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
""")


def test_the_window_is_shown_before_the_store_and_catalog_are_imported(
        data_dir: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", PROBE, str(data_dir)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
    assert not (data_dir / DB_FILENAME).exists()


@pytest.mark.parametrize(("argv", "gui"), [
    ([], True), (["gui"], True), (["--data-dir", "d", "--user", "u", "gui"], True),
    (["--data-dir", "gui"], True),  # a folder called gui
    (["-h"], False), (["gui", "-h"], False), (["--version"], False), (["demo"], False),
    (["records", "list"], False), (["gui", "--data-dir", "d"], False),  # an error, as always
    (["--data-dir"], False), (["gui", "gui"], False),
])
def test_only_the_desktop_app_takes_the_short_way(argv: list[str], gui: bool) -> None:
    """Everything but opening the desktop app goes through the full parser as before."""
    args = gui_arguments(argv)
    assert (args is not None) == gui
    if args is not None:
        from ygclient.cli import build_parser

        full = build_parser().parse_args(argv)
        assert {k: v for k, v in vars(args).items() if k != "handler"} == \
            {k: v for k, v in vars(full).items() if k != "handler"}
