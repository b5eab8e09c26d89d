"""The one way the desktop app runs work off the GUI thread.

A task is a plain function ``fn(progress, cancel) -> result`` from the core; the runner runs
it on a worker thread and reports back on the GUI thread through Qt signals (queued across
threads), so widgets are only ever touched on the GUI thread.

Two lanes, as the house style asks: ``"db"`` has a single worker, so the app's own database
writes happen one after another; ``"long"`` has a single worker too, for sync, import and
export, which the user sees progress for and may cancel.

Signals of :class:`TaskHandle`: ``progress(Progress)``, ``succeeded(object)``,
``failed(BaseException)``, ``finished()`` (after either).

:class:`Refresher` is the runner's way of keeping one displayed figure or list current: the
GUI thread asks, the read runs in the db lane, the result comes back to be shown.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ygclient.heap import settle
from ygclient.progress import Cancelled, CancelToken, Progress, ProgressCallback, Throttled

log = logging.getLogger(__name__)
TaskFunction = Callable[[ProgressCallback, CancelToken], Any]

# How long a worker running Python may keep the GIL while the GUI thread waits for it
# (CPython's default: 5 ms). The GUI thread lets go of the GIL at every call into Qt and must
# win it back for every slot, timer and model call; with an import's reader and writer busy in
# Python it waited 5 ms each time, often several times in a row. At 1 ms, the 100,000-row
# import in tests/ui/test_responsiveness.py had 6–15 pauses over 30 ms instead of 20–58.
GIL_SWITCH_INTERVAL = 0.001


class TaskHandle(QObject):
    """One submitted task: its signals, and the way to ask it to stop."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cancel_token = CancelToken()
        self.result: Any = None
        self.error: BaseException | None = None
        # Set on the GUI thread when ``finished`` is delivered, i.e. after the ``succeeded`` or
        # ``failed`` handlers have run: whoever sees ``done`` also sees what they did (an
        # editor's new record id, say) — never a finished task whose result is not applied yet.
        self.done = False
        self.finished.connect(self._mark_done)

    @Slot()
    def _mark_done(self) -> None:
        self.done = True

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, Cancelled)


class _Runnable(QRunnable):
    def __init__(self, handle: TaskHandle, fn: TaskFunction, interval: float) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.handle, self.fn = handle, fn
        # Progress crosses threads as queued signals: throttle so the GUI is never flooded.
        self.report = Throttled(handle.progress.emit, interval)

    def run(self) -> None:
        handle = self.handle
        try:
            result = self.fn(self.report, handle.cancel_token)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            if not isinstance(exc, Cancelled | Exception):
                raise
            handle.error = exc
            if not isinstance(exc, Cancelled):
                log.warning("task %s failed: %s", handle.name, type(exc).__name__)
            handle.failed.emit(exc)
        else:
            handle.result = result
            handle.succeeded.emit(result)
        finally:
            handle.finished.emit()
            # The runnable itself may be freed later than the handle: it must not keep the
            # handle (and its result) or the work's closure alive.
            self.handle, self.fn, self.report = None, None, None  # type: ignore[assignment]


class TaskRunner(QObject):
    """Owns the worker lanes; keeps every handle alive until its task has finished."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if sys.getswitchinterval() > GIL_SWITCH_INTERVAL:
            sys.setswitchinterval(GIL_SWITCH_INTERVAL)  # for the whole process, never raised
        self._lanes: dict[str, QThreadPool] = {}
        for lane in ("db", "long"):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._lanes[lane] = pool
        self._running: set[TaskHandle] = set()

    def submit(self, name: str, fn: TaskFunction, *, lane: str = "db",
               on_success: Callable[[Any], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[Progress], None] | None = None,
               interval: float = 0.1) -> TaskHandle:
        handle = TaskHandle(name, self)
        if on_success is not None:
            handle.succeeded.connect(on_success)
        if on_failure is not None:
            handle.failed.connect(on_failure)
        if on_progress is not None:
            handle.progress.connect(on_progress)
        self._running.add(handle)
        handle.finished.connect(self._finished)
        if lane == "long":
            # What exists now - the app, its widgets, the catalog - lives for the whole
            # session; the task is about to make and drop objects by the hundred thousand.
            settle()
        self._lanes[lane].start(_Runnable(handle, fn, interval))
        return handle

    @Slot()
    def _finished(self) -> None:
        """A task's end, delivered on the GUI thread after its own handlers: the runner lets
        go of the handle, and Qt deletes it here, on its own thread, once the event is over.
        Whoever still holds the handle keeps reading ``done``, ``result`` and ``error`` (plain
        Python attributes); a runner that kept every handle would keep every result of a
        day's work (pages, imports, exports) alive."""
        handle = self.sender()
        if isinstance(handle, TaskHandle):
            self._running.discard(handle)
            handle.deleteLater()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def running(self) -> list[TaskHandle]:
        return list(self._running)

    def refresher(self, name: str, read: Callable[[], Any], show: Callable[[Any], None],
                  owner: QObject) -> Refresher:
        """A :class:`Refresher` that lives as long as ``owner`` (the widget that shows)."""
        return Refresher(self, name, read, show, owner)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Ask every task to stop and wait for the lanes; True when all stopped in time."""
        for handle in list(self._running):
            handle.cancel()
        return all(pool.waitForDone(timeout_ms) for pool in self._lanes.values())


class Refresher(QObject):
    """Keeps something on screen current without reading the database on the GUI thread.

    ``request()`` runs ``read()`` in the db lane and hands its result to ``show`` on the GUI
    thread. One read at a time: requests that arrive while one runs (a burst of
    ``recordsChanged`` after an import, say) make it run once more afterwards, so what is
    shown ends as the latest state, never an older read delivered late. A failed read is
    logged (its type only) and the figure keeps its last value. A child of the widget that
    shows: once that is deleted, a read still running is let go and nothing is shown.
    """

    def __init__(self, runner: TaskRunner, name: str, read: Callable[[], Any],
                 show: Callable[[Any], None], owner: QObject) -> None:
        super().__init__(owner)
        self.runner, self.name, self.read, self.show = runner, name, read, show
        self.loading = False
        self._again = False
        self._waiting: list[Callable[[Any], None]] = []  # for the next read to begin
        self._riding: list[Callable[[Any], None]] = []  # for the read running now

    def request(self, then: Callable[[Any], None] | None = None) -> None:
        """Read again; ``then(result)``, if given, runs after ``show`` with the result of a
        read that began after this request (never one already running), and not at all if
        that read fails."""
        if then is not None:
            self._waiting.append(then)
        if self.loading:
            self._again = True
            return
        self.loading, self._again = True, False
        self._riding, self._waiting = self._waiting, []
        self.runner.submit(self.name, lambda _progress, _cancel: self.read(),
                           on_success=self._succeeded, on_failure=self._failed)

    def _succeeded(self, result: Any) -> None:
        riding, self._riding = self._riding, []
        try:
            self.show(result)
            for then in riding:
                then(result)
        finally:
            self._next()

    def _failed(self, error: BaseException) -> None:
        log.warning("%s refresh failed: %s", self.name, type(error).__name__)
        self._riding = []
        self._next()

    def _next(self) -> None:
        self.loading = False
        if self._again:
            self.request()
