"""Text helpers with no dependency on the store: ``%1``-style messages, marked messages in
the UI language, times in China time. The start-up path (the main window's frame, the
passphrase dialog) uses them before the store is imported; :mod:`ygclient.ui.display` adds
what needs the core (state names)."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication

from ygclient.clock import CHINA_TZ

_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(message: str, *values: object) -> str:
    """``message`` with %1…%9 replaced by ``values``, in one pass like Qt's multi-arg ``arg()``.

    One pass matters for data: a company name that contains "%2" stays as it is.
    """

    def value(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return str(values[n - 1]) if n <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, message)


def translated(context: str, source: object) -> str:
    """A message marked with ``QT_TRANSLATE_NOOP(context, ...)``, in the UI language.

    (PySide6's stubs type what QT_TRANSLATE_NOOP returns as ``object``.)
    """
    return QCoreApplication.translate(context, str(source))


def china_time(stamp: str, *, seconds: bool = False) -> str:
    """An ISO timestamp with any offset as China time: ``YYYY-MM-DD HH:MM[:SS]``.

    The store writes China time (its clock, +08:00); the sync log of older versions has the
    machine's own offset. Shown side by side, both must read in the same time zone. A time
    without an offset is taken as China time, as ygclient.clock does.
    """
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA_TZ)
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S" if seconds
                                                else "%Y-%m-%d %H:%M")
