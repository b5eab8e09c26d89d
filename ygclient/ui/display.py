"""How the UI shows record states: their names in the clerk's language (times and ``%1``-style
messages: :mod:`ygclient.ui.text`)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ygclient.store import State


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
