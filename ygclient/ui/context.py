"""What every window of the app shares: the store, the task runner, the sync session.

Signals of :class:`AppContext`: ``recordsChanged()`` after anything that changes records;
``syncStarted()``; ``syncProgress(Progress)``; ``syncFinished(dict)`` (a sync-log entry, with
``ok``, a ``summary`` and ``started``/``finished`` in China time); ``onlineChanged(bool)``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ygclient.clock import CHINA_TZ
from ygclient.progress import Cancelled, CancelToken, ProgressCallback
from ygclient.store import Store
from ygclient.sync import (
    AuthRequired,
    CentralClient,
    Credentials,
    Session,
    SyncEngine,
    SyncError,
    SyncSettings,
    SyncSummary,
)
from ygclient.ui.settings import AppSettings
from ygclient.ui.tasks import TaskHandle, TaskRunner
from ygclient.unlock import UnlockVerifier

log = logging.getLogger(__name__)
SYNC_LOG = "sync-log.jsonl"


class AppContext(QObject):
    recordsChanged = Signal()
    syncStarted = Signal()
    syncProgress = Signal(object)
    syncFinished = Signal(dict)
    onlineChanged = Signal(bool)

    def __init__(self, store: Store, data_dir: Path, *, runner: TaskRunner | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.data_dir = data_dir
        self.runner = runner or TaskRunner(self)
        self.settings = AppSettings.load(data_dir)
        self.sync_settings = SyncSettings.load(data_dir)
        self.unlock = self._verifier()
        self.session: Session | None = None
        self.client: CentralClient | None = None
        self.sync_task: TaskHandle | None = None
        self.online: bool | None = None
        # Tests and the demo may pass a password provider instead of asking the clerk.
        self.password_provider: Callable[[], str | None] | None = None

    @property
    def catalog(self) -> Any:
        return self.store.catalog

    # --- session --------------------------------------------------------------------------

    def configure(self, settings: SyncSettings) -> None:
        """New server settings (from the login or settings dialog)."""
        settings.save(self.data_dir)
        self.sync_settings = settings
        self.unlock = self._verifier()
        self.close_session()

    def _verifier(self) -> UnlockVerifier:
        """The idle lock's local password check for the configured account."""
        account = self.sync_settings.keyring_user if self.sync_settings else None
        return UnlockVerifier(account)

    def ensure_session(self) -> Session:
        if self.sync_settings is None:
            raise AuthRequired(self.tr("尚未设置服务器：请先登录"))
        if self.session is None:
            self.client = self.sync_settings.client()
            self.session = Session(self.client, self.sync_settings,
                                   Credentials(self.sync_settings))
        return self.session

    def login(self, password: str) -> dict[str, Any]:
        """Blocking; call from a task. A successful login also renews the idle lock's check."""
        answer = self.ensure_session().login(password)
        self.unlock.remember(password)
        return answer

    def drop_login(self) -> None:
        """Forget this machine's tokens (the keyring's too): the next sync or unlock needs the
        password checked online. After five wrong unlocks in a row."""
        if self.sync_settings is not None:
            Credentials(self.sync_settings).forget()
        self.close_session()

    def close_session(self) -> None:
        if self.client is not None:
            self.client.close()
        self.client, self.session = None, None

    # --- sync -----------------------------------------------------------------------------

    def start_sync(self, on_auth_required: Callable[[], None] | None = None) -> TaskHandle | None:
        """Run a sync in the background; at most one at a time."""
        if self.sync_task is not None and not self.sync_task.done:
            return self.sync_task
        started = self._now()

        def work(progress: ProgressCallback, cancel: CancelToken) -> SyncSummary:
            session = self.ensure_session()
            engine = SyncEngine(self.store, session.client, self.data_dir, progress=progress,
                                cancel=cancel)
            return engine.run()

        def succeeded(summary: SyncSummary) -> None:
            self._finish(started, True, summary.describe(), summary.to_dict())

        def failed(error: BaseException) -> None:
            if isinstance(error, AuthRequired):
                self._finish(started, False, str(error), {}, offline=False)
                if on_auth_required is not None:
                    on_auth_required()
                return
            message = str(error) if isinstance(error, SyncError) else \
                self.tr("同步未完成（%1），未发送的记录都已保留").replace("%1",
                                                             type(error).__name__)
            if isinstance(error, Cancelled):
                message = self.tr("同步已取消，未发送的记录都已保留")
            self._finish(started, False, message, {},
                         offline=not isinstance(error, Cancelled | AuthRequired))

        self.syncStarted.emit()
        self.sync_task = self.runner.submit("sync", work, lane="long", on_success=succeeded,
                                            on_failure=failed,
                                            on_progress=self.syncProgress.emit)
        return self.sync_task

    def _finish(self, started: dt.datetime, ok: bool, summary: str, details: dict[str, Any],
                offline: bool = False) -> None:
        entry = {"started": started.isoformat(timespec="seconds"),
                 "finished": self._now().isoformat(timespec="seconds"),
                 "ok": ok, "summary": summary, "details": details}
        self._log_sync(entry)
        if ok or offline:
            online = ok
            if online != self.online:
                self.online = online
                self.onlineChanged.emit(online)
        self.syncFinished.emit(entry)
        self.recordsChanged.emit()

    def _now(self) -> dt.datetime:
        """Now by the store's clock, in China time: the log reads like the records' times (the
        store writes +08:00), whatever the machine's own time zone."""
        return self.store.clock.now().astimezone(CHINA_TZ)

    def _log_sync(self, entry: dict[str, Any]) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with (self.data_dir / SYNC_LOG).open("a", encoding="utf-8") as file:
                file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError as exc:
            log.warning("could not write the sync log: %s", exc.strerror)

    def sync_log(self, limit: int = 200) -> list[dict[str, Any]]:
        try:
            lines = (self.data_dir / SYNC_LOG).read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        entries = []
        for line in lines[-limit:]:
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue
        return list(reversed(entries))

    def last_sync(self) -> dict[str, Any] | None:
        entries = self.sync_log(1)
        return entries[0] if entries else None

    def shutdown(self) -> None:
        self.runner.shutdown()
        self.close_session()


def run_in_background(context: AppContext, name: str, fn: Callable[[], Any], *,
                      on_success: Callable[[Any], None] | None = None,
                      on_failure: Callable[[BaseException], None] | None = None,
                      lane: str = "db") -> TaskHandle:
    """A store call off the GUI thread; ``recordsChanged`` is emitted after it succeeds."""

    def work(progress: ProgressCallback, cancel: CancelToken) -> Any:
        return fn()

    def succeeded(result: Any) -> None:
        context.recordsChanged.emit()
        if on_success is not None:
            on_success(result)

    return context.runner.submit(name, work, lane=lane, on_success=succeeded,
                                 on_failure=on_failure)

