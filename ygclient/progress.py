"""Progress and cancellation for long core tasks (sync, import), with no Qt in sight.

The UI's task runner passes a :class:`CancelToken` and a progress callback into the core;
the core calls :meth:`CancelToken.check` between units of work and reports
``Progress(phase, done, total)``. One mechanism for every long task.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """The user asked to stop; work done so far is kept, nothing is half-written."""

    def __init__(self, message: str = "已取消") -> None:
        super().__init__(message)


class CancelToken:
    """Set from any thread; checked by the worker between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True, slots=True)
class Progress:
    phase: str  # machine name, e.g. "push"
    done: int
    total: int | None  # None when not known yet
    label: str = ""  # Chinese, for people

    def to_dict(self) -> dict[str, object]:
        return {"phase": self.phase, "done": self.done, "total": self.total,
                "label": self.label}


ProgressCallback = Callable[[Progress], None]


def ignore_progress(progress: Progress) -> None:
    del progress


class Throttled:
    """Forward progress at most every ``interval`` seconds (and always the last step)."""

    def __init__(self, callback: ProgressCallback, interval: float = 0.1) -> None:
        self._callback = callback
        self._interval = interval
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        finished = progress.total is not None and progress.done >= progress.total
        if finished or now - self._last >= self._interval:
            self._last = now
            self._callback(progress)
