"""The main window: navigation, pages, toolbar, status bar; record actions and sync.

It is built in two stages so that it is on screen before the store is open (see
ygclient.ui.app.run_gui): ``MainWindow()`` is the frame — title, navigation, a placeholder
page that says the local data is being opened, the status bar — and needs nothing but Qt;
:meth:`MainWindow.attach` then builds the pages, actions, status, idle lock and notifier over
an :class:`AppContext`. ``MainWindow(context, dialogs)`` does both at once.

This module imports neither the store, the sync client nor the catalog (nor SQLAlchemy and
httpx under them) at import time — tests/ui/test_startup.py checks it: what the pages need is
imported by :meth:`MainWindow.attach` and by the methods that use it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ygclient.ui.dialogs import Dialogs, settings_from
from ygclient.ui.text import china_time, fill, translated

if TYPE_CHECKING:
    from ygclient.progress import Progress
    from ygclient.store import RecordView
    from ygclient.ui.context import AppContext
    from ygclient.ui.editor import RecordEditor
    from ygclient.ui.lock import IdleWatcher, LockScreen
    from ygclient.ui.notices import NoticeBanner, Notifier

# (key, title); the titles are translated when shown, context "MainWindow".
NAVIGATION = (
    ("home", QT_TRANSLATE_NOOP("MainWindow", "首页")),
    ("catalog", QT_TRANSLATE_NOOP("MainWindow", "信用信息目录")),
    ("drafts", QT_TRANSLATE_NOOP("MainWindow", "草稿箱")),
    ("to_send", QT_TRANSLATE_NOOP("MainWindow", "待报送")),
    ("sent", QT_TRANSLATE_NOOP("MainWindow", "已报送")),
    ("changes", QT_TRANSLATE_NOOP("MainWindow", "变更与撤销")),
    ("objections", QT_TRANSLATE_NOOP("MainWindow", "异议核查")),
    ("import", QT_TRANSLATE_NOOP("MainWindow", "批量导入")),
    ("sync", QT_TRANSLATE_NOOP("MainWindow", "同步记录")),
)


class MainWindow(QMainWindow):
    """The main window; ``MainWindow()`` alone is the frame, :meth:`attach` fills it."""

    # Set by attach() (the frame has none of them): check ``attached`` first where the frame
    # may be asked, i.e. in events and in lock().
    context: AppContext
    banner: NoticeBanner
    notifier: Notifier
    lock_screen: LockScreen
    idle: IdleWatcher
    online_label: QLabel
    last_sync_label: QLabel
    queued_label: QLabel
    progress: QProgressBar
    cancel_sync: QPushButton

    def __init__(self, context: AppContext | None = None, dialogs: Dialogs | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attached = False
        self.dialogs = dialogs or Dialogs(self)
        self.editors: list[RecordEditor] = []
        self._hidden_editors: list[RecordEditor] = []
        self.pages: dict[str, QWidget] = {}
        self.actions_: dict[str, QAction] = {}
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("阳江市公共信用信息报送 — ygclient"))
        self.resize(1200, 780)
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } "
                               "QListWidget::item { padding: 6px 4px; }")
        for _key, title in NAVIGATION:
            self.nav.addItem(translated("MainWindow", title))
        self.nav.setEnabled(False)  # until there are pages to go to
        self.stack = QStackedWidget(self)
        opening = self.tr("正在打开本地数据…")
        self.placeholder: QLabel | None = QLabel(opening, self)
        self.placeholder.setObjectName("opening_placeholder")
        # Centred by the style sheet: the Qt namespace (Qt.AlignmentFlag) takes PySide6 about
        # 10 ms to set up on first use, a tenth of the whole way to a shown frame.
        self.placeholder.setStyleSheet("QLabel { color: #546e7a; font-size: 14pt; "
                                       "qproperty-alignment: AlignCenter; }")
        self.stack.addWidget(self.placeholder)
        right = QWidget(self)
        self.column = QVBoxLayout(right)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.stack, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([150, 1050])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(opening)
        if context is not None:
            self.attach(context)

    def attach(self, context: AppContext) -> None:
        """Build the pages, actions and status over ``context`` (once); the idle lock closes
        over them at once when a clerk has logged in here before, before any data is shown."""
        if self.attached:
            raise RuntimeError("MainWindow.attach: already attached")
        from ygclient.ui.lock import IdleWatcher, LockScreen
        from ygclient.ui.notices import NoticeBanner, Notifier, clear_opened

        self.context = context
        # Above every page while verification notices are owed (art. 26's deadlines).
        self.banner = NoticeBanner(context, self)
        self.banner.openInbox.connect(lambda: self.show_page("objections"))
        self.column.insertWidget(0, self.banner)
        if self.placeholder is not None:
            self.stack.removeWidget(self.placeholder)
            self.placeholder.deleteLater()
            self.placeholder = None
        self._build_pages()
        self._build_actions()
        self._build_status()
        self.statusBar().clearMessage()
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.stack.setCurrentIndex(0)
        self.nav.setEnabled(True)
        context.syncStarted.connect(self._sync_started)
        context.syncProgress.connect(self._sync_progress)
        context.syncFinished.connect(self._sync_finished)
        context.onlineChanged.connect(self._online)
        # Counted in the db lane: after a 100,000-row import this count, on a fresh connection
        # while the lists reload, held the GUI thread for over 100 ms.
        self._queued = context.runner.refresher(
            "queued", context.store.pending_operations, self._show_queued, self)
        context.recordsChanged.connect(self._queued.request)
        self._queued.request()
        self.notifier = Notifier(self)
        clear_opened(context.data_dir)  # left over if the app did not close cleanly
        self.lock_screen = LockScreen(context, self)
        self.lock_screen.unlocked.connect(self.unlock)
        self.idle = IdleWatcher(context.settings.idle_lock_minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        self.attached = True
        if context.unlock.persistent and context.unlock.available():
            self.lock()  # a clerk who has logged in here before proves it is them at start
        # The startup reminder, once the banner has read what is owed (it shows the same).
        self.banner.refresh(then=self._remind_notices)

    # --- building ---------------------------------------------------------------------------

    def _build_pages(self) -> None:
        from ygclient.ui.notices import ChangesPage, NoticesPage
        from ygclient.ui.pages import (
            DRAFTS,
            SENT,
            TO_SEND,
            CatalogPage,
            DashboardPage,
            RecordsPage,
            SyncLogPage,
        )

        ctx = self.context
        dashboard = DashboardPage(ctx, self)
        dashboard.openList.connect(lambda key: self.show_page(
            {"rejected": "sent", "accepted": "sent"}.get(key) or key))
        catalog = CatalogPage(ctx, self)
        catalog.newRecord.connect(self.new_record)
        catalog.template.connect(self.write_template)
        open_, submit = self.tr("打开"), self.tr("提交报送")
        lists = {
            "drafts": (self.tr("草稿箱"), DRAFTS, (("edit", open_), ("submit", submit),
                                                  ("delete", self.tr("删除草稿")))),
            "to_send": (self.tr("待报送"), TO_SEND, (("edit", open_), ("submit", submit),
                                                    ("delete", self.tr("删除")))),
            "sent": (self.tr("已报送（审核结果）"), SENT,
                     (("edit", self.tr("修改被退回的记录")), ("submit", self.tr("重新报送")),
                      ("correct", self.tr("发起变更")), ("retract", self.tr("撤销")))),
        }
        for key, _title in NAVIGATION:  # the frame has the titles
            if key == "home":
                page: QWidget = dashboard
            elif key == "catalog":
                page = catalog
            elif key in lists:
                heading, states, actions = lists[key]
                page = RecordsPage(ctx, key, heading, states, actions, self)
                page.openRecord.connect(self.open_record)
                page.action.connect(self.record_action)
            elif key == "changes":
                changes = ChangesPage(ctx, self)
                changes.action.connect(self.record_action)
                page = changes
            elif key == "objections":
                page = NoticesPage(ctx, self.dialogs, self.open_record, self)
            elif key == "sync":
                page = SyncLogPage(ctx, self)
                page.syncRequested.connect(self.sync)
            else:
                page = self._import_page()
            self.pages[key] = page
            self.stack.addWidget(page)

    def _import_page(self) -> QWidget:
        from ygclient.ui.import_wizard import ImportPage

        page = ImportPage(self.context, self.dialogs, self)
        return page

    def _build_actions(self) -> None:
        toolbar = self.addToolBar(self.tr("操作"))
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        entries = (
            ("new", self.tr("新建记录"), QKeySequence.StandardKey.New,
             lambda: self.new_record(None)),
            ("sync", self.tr("同步"), QKeySequence("F5"), self.sync),
            ("import", self.tr("批量导入"), QKeySequence("Ctrl+I"),
             lambda: self.show_page("import")),
            ("settings", self.tr("设置"), None, self.settings),
            ("about", self.tr("关于"), None, lambda: self.dialogs.about(self.context.catalog)),
        )
        for name, label, keys, slot in entries:
            action = QAction(label, self)
            action.setObjectName(f"action_{name}")
            if keys is not None:
                action.setShortcut(keys)
            action.triggered.connect(slot)
            toolbar.addAction(action)
            self.actions_[name] = action

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.online_label = QLabel(self.tr("未连接"), self)
        self.online_label.setObjectName("status_online")
        self.last_sync_label = QLabel(self)
        self.last_sync_label.setObjectName("status_last_sync")
        self.queued_label = QLabel(self)
        self.queued_label.setObjectName("status_queued")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("status_progress")
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.cancel_sync = QPushButton(self.tr("取消"), self)
        self.cancel_sync.hide()
        self.cancel_sync.clicked.connect(self._cancel_sync)
        for widget in (self.online_label, self.last_sync_label, self.queued_label):
            bar.addPermanentWidget(widget)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_sync)
        last = self.context.last_sync()
        if last:
            self._show_last_sync(last)

    # --- navigation and records -------------------------------------------------------------

    def show_page(self, key: str) -> None:
        keys = [k for k, _ in NAVIGATION]
        if key in keys:
            self.nav.setCurrentRow(keys.index(key))

    def new_record(self, item_code: str | None) -> RecordEditor | None:
        from ygclient.ui.editor import RecordEditor

        code = item_code or self.dialogs.choose_item(self.context.catalog)
        if not code:
            return None
        return self._open_editor(RecordEditor(self.context, code, parent=self))

    def open_record(self, view: RecordView) -> RecordEditor | None:
        from ygclient.store import State
        from ygclient.ui.display import StateLabel
        from ygclient.ui.editor import RecordEditor

        revision = self.context.store.current_revision(view.id)
        editable = view.state in (State.DRAFT, State.READY, State.REJECTED, State.CORRECTION)
        values = revision.draft_input or revision.payload
        previous = None
        if view.state == State.CORRECTION and view.accepted_revision_id:
            history = self.context.store.revision_history(view.id)
            previous = next((r.payload for r in history if r.id == view.accepted_revision_id),
                            None)
        editor = RecordEditor(self.context, view.item_code, record_id=view.id, values=values,
                              previous=previous, reason=revision.reason, parent=self)
        if not editable:
            editor.save_button.setEnabled(False)
            editor.submit_button.setEnabled(False)
            editor.status.setText(fill(self.tr("此状态下不能修改：%1"), StateLabel.of(view.state)))
        return self._open_editor(editor)

    def _open_editor(self, editor: RecordEditor) -> RecordEditor:
        self.editors.append(editor)
        editor.finished.connect(lambda _code: self.editors.remove(editor)
                                if editor in self.editors else None)
        editor.show()
        return editor

    def record_action(self, name: str, view: RecordView) -> None:
        store = self.context.store
        if name == "edit":
            self.open_record(view)
        elif name == "submit":
            self._background("submit", lambda: store.submit([view.id]))
        elif name == "delete":
            if self.dialogs.confirm(self.tr("删除草稿"),
                                    self.tr("删除这条从未报送过的记录？此操作不能撤回。")):
                self._background("delete", lambda: store.delete_draft(view.id))
        elif name == "correct":
            reason = self.dialogs.correction_reason()
            if reason:
                self._background("correct", lambda: store.start_correction(view.id, reason),
                                 lambda result: self.open_record(result.record))
        elif name == "retract":
            answer = self.dialogs.retraction(f"{view.subject_name} {view.document_number or ''}")
            if answer:
                reason, basis = answer
                self._background("retract", lambda: store.submit(
                    [store.start_retraction(view.id, reason, basis).id]))
        elif name == "cancel":
            self._background("cancel", lambda: store.cancel(view.id))

    def _background(self, name: str, fn: Any, on_success: Any = None) -> None:
        from ygclient.store import StoreError
        from ygclient.ui.context import run_in_background

        def failed(error: BaseException) -> None:
            message = str(error) if isinstance(error, StoreError) else type(error).__name__
            self.dialogs.error(self.tr("操作未完成"), message)

        run_in_background(self.context, name, fn, on_success=on_success, on_failure=failed)

    def write_template(self, item_code: str) -> None:
        path = self.dialogs.save_file(self.tr("保存导入模板"),
                                      fill(self.tr("%1-导入模板.xlsx"), item_code),
                                      "Excel (*.xlsx)")
        if not path:
            return
        from ygclient.sheets.template import write_template
        from ygclient.ui.context import run_in_background

        catalog = self.context.catalog
        run_in_background(self.context, "template",
                          lambda: write_template(catalog, item_code, Path(path)),
                          on_success=lambda p: self.statusBar().showMessage(
                              fill(self.tr("已生成模板：%1"), p), 8000),
                          lane="long")

    # --- sync ---------------------------------------------------------------------------------

    def sync(self) -> None:
        if self.context.sync_settings is None:
            self.login(self.tr("首次使用，请登录市信用信息系统。"), then_sync=True)
            return
        self.context.start_sync(on_auth_required=lambda: self.login(
            self.tr("登录已过期，请重新输入密码。"), then_sync=True))

    def login(self, message: str = "", then_sync: bool = False) -> None:
        value = self.dialogs.login(self.context.sync_settings, message)
        if value is None:
            return
        settings = settings_from(value, self.context.sync_settings)
        if settings != self.context.sync_settings:
            self.context.configure(settings)
        password = value.password

        def succeeded(_answer: Any) -> None:
            self.statusBar().showMessage(self.tr("已登录"), 5000)
            if then_sync:
                self.sync()

        def failed(error: BaseException) -> None:
            self.dialogs.error(self.tr("登录失败"), str(error))

        self.context.runner.submit("login", lambda _p, _c: self.context.login(password),
                                   lane="long", on_success=succeeded, on_failure=failed)

    def settings(self) -> None:
        ctx = self.context
        value = self.dialogs.settings(ctx.sync_settings, ctx.settings.language,
                                      ctx.settings.idle_lock_minutes, ctx.data_dir)
        if value is None:
            return
        if value.server and value.agency and value.user:
            ctx.configure(settings_from(value, ctx.sync_settings))
        ctx.settings.language = value.language
        ctx.settings.idle_lock_minutes = value.idle_lock_minutes
        ctx.settings.save(ctx.data_dir)
        self.idle.set_limit(value.idle_lock_minutes * 60_000)

    def _sync_started(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_sync.show()
        self.actions_["sync"].setEnabled(False)
        self.statusBar().showMessage(self.tr("正在同步…"))

    def _sync_progress(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        else:
            self.progress.setRange(0, 0)
        self.progress.setFormat(f"{progress.label} %v/%m")

    def _sync_finished(self, entry: dict[str, Any]) -> None:
        self.progress.hide()
        self.cancel_sync.hide()
        self.actions_["sync"].setEnabled(True)
        self.statusBar().showMessage(entry["summary"], 15000)
        self._show_last_sync(entry)
        if entry.get("details", {}).get("notices"):
            title = fill(self.tr("收到新的核查通知 %1 件"), entry["details"]["notices"])
            self.banner.refresh(then=lambda: self._remind_notices(title))

    def _remind_notices(self, title: str | None = None) -> None:
        """The tray notification about owed verification notices (at startup, after a sync
        that brought new ones), as of the banner's last read."""
        text = self.banner.message()
        if text is not None:
            self.notifier.notify(title or self.tr("核查通知待答复"), text)

    def _show_last_sync(self, entry: dict[str, Any]) -> None:
        # Month, day and time of day, China time like every time the app shows.
        when = china_time(entry["finished"])[5:]
        state = self.tr("成功") if entry["ok"] else self.tr("未完成")
        self.last_sync_label.setText(fill(self.tr("上次同步 %1 %2"), when, state))

    def _online(self, online: bool) -> None:
        self.online_label.setText(self.tr("在线") if online else self.tr("离线"))
        self.online_label.setStyleSheet("color: #1b5e20;" if online else "color: #b00020;")

    def _cancel_sync(self) -> None:
        if self.context.sync_task is not None:
            self.context.sync_task.cancel()

    def _show_queued(self, queued: int) -> None:
        self.queued_label.setText(self.tr("待发送 %1 条").replace("%1", str(queued)))

    # --- the idle lock ----------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.attached and self.lock_screen.isVisible()

    def lock(self) -> None:
        """Hide everything behind the lock screen (nothing to lock with before a login)."""
        if not self.attached or self.locked or (self.context.sync_settings is None
                           and not self.context.unlock.available()):
            return
        self._hidden_editors = [e for e in self.editors if e.isVisible()]
        for editor in self._hidden_editors:
            editor.hide()
        self._set_usable(False)
        self.lock_screen.show_over(self)

    def unlock(self) -> None:
        self.lock_screen.hide()
        self._set_usable(True)
        for editor in self._hidden_editors:
            if editor in self.editors:
                editor.show()
        self._hidden_editors = []
        self.idle.touch()

    def _set_usable(self, usable: bool) -> None:
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(usable)
        for action in self.actions_.values():
            action.setEnabled(usable and (action is not self.actions_["sync"]
                                          or not self.progress.isVisible()))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.locked:
            self.lock_screen.setGeometry(self.rect())

    # --- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.attached:  # the frame alone has nothing to stop
            from ygclient.ui.notices import clear_opened

            self.idle.stop()
            clear_opened(self.context.data_dir)  # plain copies of materials opened for reading
            for editor in list(self.editors):
                editor.close()
            self.context.shutdown()
        super().closeEvent(event)
