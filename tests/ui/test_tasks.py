"""The one background-task mechanism: a task counts as done only once its result has been
handed to the GUI thread, so nobody sees a finished task whose success handler has not run."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

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
