"""The one background-task mechanism: a task counts as done only once its result has been
handed to the GUI thread, so nobody sees a finished task whose success handler has not run."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ygclient.ui.tasks import TaskHandle, TaskRunner


def delivered(handle: TaskHandle) -> bool:
    return handle.done


def test_done_only_after_the_success_handler_ran(qapp: QApplication) -> None:
    runner = TaskRunner()
    applied: list[Any] = []
    handle = runner.submit("answer", lambda _progress, _cancel: 42, on_success=applied.append)
    assert all(pool.waitForDone(5000) for pool in runner._lanes.values())  # worker finished
    assert handle.result == 42
    assert not delivered(handle) and applied == []  # not yet delivered to the GUI thread
    QApplication.processEvents()
    assert delivered(handle) and applied == [42]
    assert not runner.busy


def test_done_after_the_failure_handler_ran(qapp: QApplication) -> None:
    runner = TaskRunner()
    failures: list[BaseException] = []

    def broken(_progress: Any, _cancel: Any) -> None:
        raise ValueError("记录无效")

    handle = runner.submit("broken", broken, on_failure=failures.append)
    assert all(pool.waitForDone(5000) for pool in runner._lanes.values())
    assert not delivered(handle)
    QApplication.processEvents()
    assert delivered(handle) and isinstance(handle.error, ValueError)
    assert [str(e) for e in failures] == ["记录无效"]


class Big:
    """A task's result that should not outlive the last reference to its handle."""


def test_finished_handles_and_their_results_are_let_go(qapp: QApplication) -> None:
    runner = TaskRunner()
    results: list[weakref.ref[Big]] = []
    handles = [runner.submit(f"page {n}", lambda _progress, _cancel: Big(),
                             on_success=lambda big: results.append(weakref.ref(big)))
               for n in range(50)]
    assert all(pool.waitForDone(5000) for pool in runner._lanes.values())
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(results) == 50 and not runner.busy
    assert runner.findChildren(TaskHandle) == []  # deleted on the GUI thread
    last = handles[-1]
    assert delivered(last) and isinstance(last.result, Big)  # a holder still reads it
    del handles, last
    alive = [ref() for ref in results if ref() is not None]
    assert not alive, [gc.get_referrers(big) for big in alive]  # nothing else keeps them


def test_a_refresher_reads_off_the_gui_thread_and_ends_on_the_latest_state(
        qapp: QApplication, qtbot: QtBot) -> None:
    runner, owner = TaskRunner(), QObject()
    gui = threading.get_ident()
    state = {"value": 0}
    release = threading.Event()
    reads: list[int] = []  # the thread each read ran on
    shown: list[int] = []

    def read() -> int:
        reads.append(threading.get_ident())
        value = state["value"]  # the snapshot this read sees
        release.wait(5)
        return value

    refresher = runner.refresher("count", read, shown.append, owner)
    refresher.request()
    qtbot.waitUntil(lambda: len(reads) == 1)
    for value in (1, 2, 3):  # a burst of changes while the first read runs
        state["value"] = value
        refresher.request()
    assert refresher.loading and shown == []
    release.set()
    qtbot.waitUntil(lambda: not refresher.loading and not runner.busy)
    # The first read's result, then one more read for the whole burst: the latest state.
    assert shown == [0, 3]
    assert len(reads) == 2 and gui not in reads


def test_a_failed_refresh_keeps_the_last_figure_and_the_next_one_runs(
        qapp: QApplication, qtbot: QtBot) -> None:
    runner, owner = TaskRunner(), QObject()
    answers: list[Any] = [OSError("磁盘错误"), 7]
    shown: list[int] = []

    def read() -> int:
        answer = answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return int(answer)

    refresher = runner.refresher("count", read, shown.append, owner)
    with qtbot.captureExceptions() as exceptions:
        refresher.request()
        qtbot.waitUntil(lambda: not refresher.loading and not runner.busy)
    assert shown == [] and exceptions == []
    refresher.request()
    qtbot.waitUntil(lambda: shown == [7])


def test_a_refresher_whose_owner_is_gone_shows_nothing(
        qapp: QApplication, qtbot: QtBot) -> None:
    runner, owner = TaskRunner(), QObject()
    release = threading.Event()
    shown: list[int] = []

    def read() -> int:
        release.wait(5)
        return 1

    refresher = runner.refresher("count", read, shown.append, owner)
    refresher.request()
    owner.deleteLater()  # the window closes while the read runs
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    with qtbot.captureExceptions() as exceptions:
        qtbot.waitUntil(lambda: not runner.busy)
        qtbot.wait(20)
    assert shown == [] and exceptions == []


def test_what_waits_for_a_read_gets_one_that_began_after_it_asked(
        qapp: QApplication, qtbot: QtBot) -> None:
    runner, owner = TaskRunner(), QObject()
    state = {"value": 0}
    release = threading.Event()
    got: list[tuple[str, int]] = []
    reads: list[int] = []

    def read() -> int:
        value = state["value"]
        reads.append(value)
        release.wait(5)
        return value

    refresher = runner.refresher("count", read, lambda _: None, owner)
    refresher.request(then=lambda v: got.append(("first", v)))
    qtbot.waitUntil(lambda: reads == [0])
    state["value"] = 1  # changed while the first read runs …
    refresher.request(then=lambda v: got.append(("after the change", v)))
    release.set()
    qtbot.waitUntil(lambda: not refresher.loading and not runner.busy)
    # … so what asked then is answered by the next read, which sees the change.
    assert got == [("first", 0), ("after the change", 1)]
