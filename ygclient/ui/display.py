"""How the UI shows values: state names in the clerk's language, times in China time, and
``%1``-style messages filled in."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ygclient.clock import CHINA_TZ
from ygclient.store import State

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


class StateLabel:
    """A record state's name as the UI shows it.

    ``State.label`` belongs to the core, which never imports Qt, and is Chinese by design (the
    store's own messages use it). The UI translates it here under the context "StateLabel",
    keyed by that Chinese label; ``TEXTS`` lists every label so that lupdate sees them (a test
    checks it matches the core's table).
    """

    TEXTS = {
        State.DRAFT: QT_TRANSLATE_NOOP("StateLabel", "草稿"),
        State.READY: QT_TRANSLATE_NOOP("StateLabel", "待报送"),
        State.QUEUED: QT_TRANSLATE_NOOP("StateLabel", "排队待发送"),
        State.SENDING: QT_TRANSLATE_NOOP("StateLabel", "发送中"),
        State.SUBMITTED: QT_TRANSLATE_NOOP("StateLabel", "已报送待审核"),
        State.ACCEPTED: QT_TRANSLATE_NOOP("StateLabel", "已采纳"),
        State.REJECTED: QT_TRANSLATE_NOOP("StateLabel", "已退回"),
        State.CORRECTION: QT_TRANSLATE_NOOP("StateLabel", "变更中"),
        State.RETRACTION: QT_TRANSLATE_NOOP("StateLabel", "撤销中"),
        State.RETRACTED: QT_TRANSLATE_NOOP("StateLabel", "已撤销"),
        State.UNDER_OBJECTION: QT_TRANSLATE_NOOP("StateLabel", "异议核查中"),
        State.ANSWERED: QT_TRANSLATE_NOOP("StateLabel", "已答复核查"),
        State.RESOLVED: QT_TRANSLATE_NOOP("StateLabel", "异议已办结"),
        State.DISCLOSURE_ENDED: QT_TRANSLATE_NOOP("StateLabel", "公示期满（已归档）"),
    }

    @staticmethod
    def of(state: State) -> str:
        return QCoreApplication.translate("StateLabel", state.label)


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
