"""Starting the desktop app: fonts, translations, the store, crash recovery, the main window.

The main window is on screen first, then fills in: :func:`run_gui` shows its frame (title,
navigation, "正在打开本地数据…") right after Qt, the settings, the translations and the font,
and only then imports and loads the catalog and the store (SQLAlchemy, SQLCipher, the sync
client: most of the start-up time) and attaches the pages. This module and the frame's
import none of that at import time (tests/ui/test_startup.py checks it).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from ygclient.ui.dialogs import Dialogs
from ygclient.ui.main_window import MainWindow
from ygclient.ui.settings import AppSettings
from ygclient.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ygclient.catalog import Catalog
    from ygclient.store import Store
    from ygclient.ui.context import AppContext

log = logging.getLogger(__name__)
T = TypeVar("T")
SESSION_MARKER = "session.lock"
# Families tried in order so that Chinese never renders as boxes (Windows, macOS, Linux,
# domestic distributions).
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "Droid Sans Fallback", "SimHei", "SimSun")


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("ygclient")
    app.setOrganizationName("ygclient")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("ygclient")  # taskbars match resources/linux/ygclient.desktop
    return app


def app_icon() -> QIcon:
    """The program's icon in every size shipped (resources/icons, made by tools/make_icons.py)."""
    from importlib import resources

    icon = QIcon()
    folder = resources.files("ygclient.resources").joinpath("icons")
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(folder.joinpath(f"ygclient-{size}.png")))
    return icon


def choose_cjk_font(app: QApplication) -> str | None:
    """Set an application font that has Chinese glyphs; None when the system has none."""
    available = set(QFontDatabase.families())
    chinese = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    family = next((f for f in CJK_FAMILIES if f in available), None) or \
        (sorted(chinese)[0] if chinese else None)
    if family is not None:
        font = QFont(family)
        font.setPointSize(max(app.font().pointSize(), 10))
        app.setFont(font)
    else:
        log.warning("no font with Chinese glyphs found: install e.g. fonts-wqy-microhei")
    return family


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own strings in the chosen language, and ours when it is not the source (Chinese)."""
    translators = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_name = "qtbase_zh_CN" if language == "zh_CN" else f"qtbase_{language}"
    qt_translator = QTranslator(app)
    if qt_translator.load(qt_name, qt_dir):
        app.installTranslator(qt_translator)
        translators.append(qt_translator)
    if language != "zh_CN":
        from importlib import resources

        ours = QTranslator(app)
        path = resources.files("ygclient.resources").joinpath(f"i18n/ygclient_{language}.qm")
        if ours.load(str(path)):
            app.installTranslator(ours)
            translators.append(ours)
    QLocale.setDefault(QLocale("zh_CN") if language == "zh_CN" else QLocale(language))
    return translators


def open_store(data_dir: Path, catalog: Catalog, actor: str, url: str | None,
               dialogs: Dialogs, run: Callable[[Callable[[], Store]], Store] | None = None,
               ) -> Store | None:
    """The store, asking for the local data's passphrase where there is no OS keyring (and
    again, saying why, after a wrong one). None when the clerk cancels.

    ``run(open)`` opens it (default: here and now); :func:`run_gui` passes
    :func:`in_background`, the dialogs stay on the GUI thread."""
    from ygclient.store import Store, keys

    passphrase: str | None = None
    while True:
        def opening(passphrase: str | None = passphrase) -> Store:
            return Store.open(data_dir, catalog, actor=actor, url=url, passphrase=passphrase)

        try:
            return run(opening) if run is not None else opening()
        except keys.PassphraseRequired as exc:
            passphrase = dialogs.passphrase(exc.need)
        except keys.WrongPassphraseError as exc:
            passphrase = dialogs.passphrase("existing", str(exc))
        if passphrase is None:
            return None


def unclean_since(data_dir: Path) -> str | None:
    """The start time of a session that never ended cleanly (the app crashed), if any."""
    marker = data_dir / SESSION_MARKER
    try:
        return marker.read_text(encoding="utf-8").strip() or "1970-01-01T00:00:00+00:00"
    except OSError:
        return None


def mark_session(data_dir: Path) -> Callable[[], None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    marker = data_dir / SESSION_MARKER
    marker.write_text(dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                      encoding="utf-8")
    return lambda: marker.unlink(missing_ok=True)


def offer_restore(window: MainWindow, since: str) -> int:
    """After a crash: reopen drafts with input autosaved during the lost session."""
    from ygclient.store import State

    store = window.context.store
    page = store.list_records(states=(State.DRAFT, State.READY, State.REJECTED,
                                      State.CORRECTION), order="updated", limit=50)
    # Compare instants, not strings: the store writes China time (+08:00), the session marker
    # the machine's own offset.
    started = dt.datetime.fromisoformat(since)
    recent = [v for v in page.rows if dt.datetime.fromisoformat(v.updated_at) >= started
              and store.current_revision(v.id).draft_input is not None]
    if not recent:
        return 0
    translate = QCoreApplication.translate
    separator = translate("MainWindow", "、", "between list entries")
    names = separator.join(v.subject_name or v.item_code for v in recent[:5])
    if window.dialogs.confirm(translate("MainWindow", "恢复未完成的输入"),
                              translate("MainWindow", "上次程序没有正常退出。找到 %1 条自动保存的"
                                        "记录（%2），现在打开继续编辑吗？")
                              .replace("%1", str(len(recent))).replace("%2", names)):
        for view in recent:
            window.open_record(view)
    return len(recent)


class _FirstPaint(QObject):
    """Calls ``then()`` once, when ``widget`` is first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self.then: Callable[[], object] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.then is not None and event.type() == QEvent.Type.Paint:
            then, self.then = self.then, None
            then()
        return False


def show_painted(window: QWidget, shown: Callable[[], object] | None = None,
                 timeout_ms: int = 500) -> None:
    """Show ``window`` and let the window system map and paint it before the GUI thread gets
    busy opening the store; ``shown()`` is called in between. Bounded (a window system that
    never exposes the window must not stop the start), and without user input: nothing in
    the frame can be used yet."""
    loop = QEventLoop()
    watcher = _FirstPaint(window, loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    window.show()
    if shown is not None:
        shown()
    timer.start(timeout_ms)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
    window.removeEventFilter(watcher)
    watcher.deleteLater()


def in_background(runner: TaskRunner, name: str, work: Callable[[], T]) -> T:
    """``work()`` on the runner's db lane while this thread's event loop goes on (the window
    repaints, moves and can be closed); its result, or its exception raised here."""
    loop = QEventLoop()
    ended = False

    def end(_outcome: object) -> None:
        nonlocal ended
        ended = True
        loop.quit()

    handle = runner.submit(name, lambda _progress, _cancel: work(), lane="db",
                           on_success=end, on_failure=end)
    # The handlers are queued to this thread, so they run inside exec(), never before it; an
    # exit of every loop (the application quitting) must not leave the work running unseen.
    while not ended:
        loop.exec()
    if handle.error is not None:
        raise handle.error
    return cast(T, handle.result)


def run_gui(data_dir: Path, catalog: Catalog | Callable[[], Catalog], *, actor: str,
            url: str | None = None, setup: Callable[[AppContext], Any] | None = None,
            dialogs: Dialogs | None = None,
            observe: Callable[[str, MainWindow], object] | None = None) -> int:
    """Open the main window; returns the process exit code.

    The window's frame is shown and painted first; then the catalog is loaded (``catalog``
    may be a function that loads it, so that reading and compiling it waits for the window
    too), the store opened (asking for the passphrase over the window), and the pages
    attached. ``dialogs`` replaces the real dialogs (tests).

    ``observe(stage, window)`` is a seam for tests and bench/bench_gui.py only, to watch the
    start without copying it; stages: "frame" (shown, not yet painted), "opening" (painted;
    the catalog and the store come next), "attached" (pages built, before the event loop).
    """
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    app = application()
    settings = AppSettings.load(data_dir)
    install_translations(app, settings.language)
    choose_cjk_font(app)
    translate = QCoreApplication.translate
    window = MainWindow(None, dialogs)
    dialogs = window.dialogs
    dialogs.parent = window
    show_painted(window, None if observe is None else lambda: observe("frame", window))
    if observe is not None:
        observe("opening", window)
    from ygclient.catalog import CatalogError
    from ygclient.store import CorruptDatabaseError, StoreError

    # Reading the catalog and opening the store (migrations, the integrity check after a
    # crash, encrypting an old plain database: seconds on a large store) run off the GUI
    # thread, so that the frame never looks frozen; the passphrase is asked on this one.
    runner = TaskRunner()
    try:
        loaded = in_background(runner, "catalog", catalog) if callable(catalog) else catalog
        store = open_store(data_dir, loaded, actor, url, dialogs,
                           run=lambda work: in_background(runner, "open", work))
    except CatalogError as exc:  # started from the desktop, nobody reads the command line
        dialogs.critical(translate("MainWindow", "无法读取信用信息目录"), str(exc))
        window.close()
        return 2
    except CorruptDatabaseError as exc:  # the message (the core's) says what to do next
        dialogs.critical(translate("MainWindow", "数据库已损坏"), str(exc))
        window.close()
        return 2
    except StoreError as exc:
        dialogs.critical(translate("MainWindow", "无法打开数据"), str(exc))
        window.close()
        return 2
    except BaseException:
        window.close()
        raise
    if store is None:  # the clerk cancelled the passphrase
        window.close()
        return 1
    if not window.isVisible():  # closed by the clerk while the store was opening
        store.close()
        return 0
    since = unclean_since(data_dir)
    end_session = mark_session(data_dir)
    from ygclient.ui.context import AppContext

    context = AppContext(store, data_dir, runner=runner)
    if setup is not None:
        setup(context)
    window.attach(context)
    if observe is not None:
        observe("attached", window)
    if since is not None:
        offer_restore(window, since)
    try:
        return int(app.exec())
    finally:
        store.close()
        end_session()
