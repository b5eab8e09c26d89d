"""The record lifecycle: one table of allowed transitions, and nothing else decides.

The UI asks :func:`allowed_events` which actions to offer; the store calls
:func:`next_state` for every change and stores what it returns.
"""

from __future__ import annotations

from enum import StrEnum

from ygclient.store.errors import TransitionError


class State(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    QUEUED = "queued"
    # Written only by versions that marked records "sending" during a sync; one left by an
    # interrupted sync goes back to QUEUED at the next (Store.release_in_flight). Sending is
    # now the outbox operation's state, not the record's.
    SENDING = "sending"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CORRECTION = "correction"
    RETRACTION = "retraction"
    RETRACTED = "retracted"
    UNDER_OBJECTION = "under_objection"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    DISCLOSURE_ENDED = "disclosure_ended"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.DRAFT: "草稿",
    State.READY: "待报送",
    State.QUEUED: "排队待发送",
    State.SENDING: "发送中",
    State.SUBMITTED: "已报送待审核",
    State.ACCEPTED: "已采纳",
    State.REJECTED: "已退回",
    State.CORRECTION: "变更中",
    State.RETRACTION: "撤销中",
    State.RETRACTED: "已撤销",
    State.UNDER_OBJECTION: "异议核查中",
    State.ANSWERED: "已答复核查",
    State.RESOLVED: "异议已办结",
    State.DISCLOSURE_ENDED: "公示期满（已归档）",
}


class Event(StrEnum):
    EDIT = "edit"
    MARK_READY = "mark_ready"
    QUEUE = "queue"
    SEND_FAILED = "send_failed"
    DELIVER = "deliver"
    ACCEPT = "accept"
    REJECT = "reject"
    ACCEPT_RETRACTION = "accept_retraction"
    REJECT_RETRACTION = "reject_retraction"
    START_CORRECTION = "start_correction"
    START_RETRACTION = "start_retraction"
    CANCEL = "cancel"
    OBJECTION_NOTICE = "objection_notice"
    ANSWER = "answer"
    RESOLVE = "resolve"
    REOPEN_OBJECTION = "reopen_objection"
    END_DISCLOSURE = "end_disclosure"
    DELETE = "delete"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    Event.EDIT: "修改",
    Event.MARK_READY: "标记为待报送",
    Event.QUEUE: "提交报送",
    Event.SEND_FAILED: "记为发送失败",
    Event.DELIVER: "记为已送达",
    Event.ACCEPT: "采纳",
    Event.REJECT: "退回",
    Event.ACCEPT_RETRACTION: "确认撤销",
    Event.REJECT_RETRACTION: "退回撤销申请",
    Event.START_CORRECTION: "发起变更",
    Event.START_RETRACTION: "发起撤销",
    Event.CANCEL: "取消变更或撤销",
    Event.OBJECTION_NOTICE: "接收核查通知",
    Event.ANSWER: "答复核查通知",
    Event.RESOLVE: "办结异议",
    Event.REOPEN_OBJECTION: "恢复异议核查",
    Event.END_DISCLOSURE: "结束公示、转为档案保存",
    Event.DELETE: "删除",
}

S, E = State, Event

# (state, event) → new state. Anything not listed is refused.
TRANSITIONS: dict[tuple[State, Event], State] = {
    # Entry: drafts become ready once they validate clean (art. 12: accurate, complete).
    (S.DRAFT, E.EDIT): S.DRAFT,
    (S.DRAFT, E.MARK_READY): S.READY,
    (S.DRAFT, E.DELETE): S.DRAFT,
    (S.READY, E.EDIT): S.DRAFT,
    (S.READY, E.MARK_READY): S.READY,
    (S.READY, E.DELETE): S.READY,
    (S.READY, E.QUEUE): S.QUEUED,
    # Delivery, driven by the sync engine: the centre's answer to the queued operation (the
    # revision was frozen when it was queued). While the operation is on the wire the record
    # stays queued; a failed send leaves it queued.
    (S.QUEUED, E.DELIVER): S.SUBMITTED,
    (S.QUEUED, E.ACCEPT): S.ACCEPTED,  # a centre that reviews on arrival
    (S.QUEUED, E.REJECT): S.REJECTED,  # refused on arrival (validation, conflict)
    (S.QUEUED, E.ACCEPT_RETRACTION): S.RETRACTED,
    (S.QUEUED, E.REJECT_RETRACTION): S.ACCEPTED,
    (S.SENDING, E.SEND_FAILED): S.QUEUED,  # left by an older version's interrupted sync
    # Review by the credit centre, later, via the feed.
    (S.SUBMITTED, E.ACCEPT): S.ACCEPTED,
    (S.SUBMITTED, E.REJECT): S.REJECTED,
    (S.SUBMITTED, E.ACCEPT_RETRACTION): S.RETRACTED,
    (S.SUBMITTED, E.REJECT_RETRACTION): S.ACCEPTED,
    # A rejected record is fixed (a new revision once the old one was sent) and sent again.
    (S.REJECTED, E.EDIT): S.REJECTED,
    (S.REJECTED, E.QUEUE): S.QUEUED,
    (S.REJECTED, E.CANCEL): S.ACCEPTED,  # a rejected correction: the accepted revision stands
    # Art. 11: changes (变更) and revocations (撤销) of accepted records.
    (S.ACCEPTED, E.START_CORRECTION): S.CORRECTION,
    (S.RESOLVED, E.START_CORRECTION): S.CORRECTION,
    (S.UNDER_OBJECTION, E.START_CORRECTION): S.CORRECTION,
    (S.CORRECTION, E.EDIT): S.CORRECTION,
    (S.CORRECTION, E.QUEUE): S.QUEUED,
    (S.CORRECTION, E.CANCEL): S.ACCEPTED,
    (S.ACCEPTED, E.START_RETRACTION): S.RETRACTION,
    (S.RESOLVED, E.START_RETRACTION): S.RETRACTION,
    (S.UNDER_OBJECTION, E.START_RETRACTION): S.RETRACTION,
    (S.RETRACTION, E.EDIT): S.RETRACTION,
    (S.RETRACTION, E.QUEUE): S.QUEUED,
    (S.RETRACTION, E.CANCEL): S.ACCEPTED,
    # Art. 23-27: a verification notice (核查通知) about an accepted record.
    (S.ACCEPTED, E.OBJECTION_NOTICE): S.UNDER_OBJECTION,
    (S.RESOLVED, E.OBJECTION_NOTICE): S.UNDER_OBJECTION,
    (S.UNDER_OBJECTION, E.ANSWER): S.ANSWERED,
    (S.ANSWERED, E.RESOLVE): S.RESOLVED,
    (S.UNDER_OBJECTION, E.RESOLVE): S.RESOLVED,
    (S.ACCEPTED, E.RESOLVE): S.RESOLVED,  # answered with a correction, now accepted
    # A correction or retraction answering a notice, dropped before it was sent: the record is
    # under objection again (CANCEL itself leads to ACCEPTED).
    (S.ACCEPTED, E.REOPEN_OBJECTION): S.UNDER_OBJECTION,
    # Art. 18: disclosure period over, the record goes to the archive.
    (S.ACCEPTED, E.END_DISCLOSURE): S.DISCLOSURE_ENDED,
    (S.RESOLVED, E.END_DISCLOSURE): S.DISCLOSURE_ENDED,
}

# States in which the clerk still owes the centre something (reporting deadline applies).
UNSENT = frozenset({S.DRAFT, S.READY, S.REJECTED, S.CORRECTION, S.RETRACTION})
# States whose current revision has never been sent and may be edited in place.
EDITABLE = frozenset({S.DRAFT, S.READY, S.REJECTED, S.CORRECTION, S.RETRACTION})


def next_state(state: State, event: Event) -> State:
    """The state after ``event``, or TransitionError naming both in Chinese."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        allowed = "、".join(e.label for e in allowed_events(state)) or "无"
        raise TransitionError(
            f"记录处于“{state.label}”状态，不能{event.label}（此状态下可以：{allowed}）"
        ) from None


def allowed_events(state: State) -> tuple[Event, ...]:
    return tuple(event for (source, event) in TRANSITIONS if source == state)


# --- verification notices (核查通知, art. 25-27) ----------------------------------------------
# A notice has its own small life beside its record's: the record may be elsewhere (another
# clerk's machine) or busy with a change, and the notice is still owed an answer.


class NoticeState(StrEnum):
    OPEN = "open"
    ANSWERING = "answering"
    ANSWERED = "answered"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return NOTICE_STATE_LABELS[self]


NOTICE_STATE_LABELS = {
    NoticeState.OPEN: "待答复",
    NoticeState.ANSWERING: "答复待发送",
    NoticeState.ANSWERED: "已答复，待中心办结",
    NoticeState.CLOSED: "已办结",
}


class NoticeEvent(StrEnum):
    RECEIVE = "receive"  # the notice, or a newer version of it, arrives through the feed
    QUEUE_ANSWER = "queue_answer"
    ANSWER_ACCEPTED = "answer_accepted"
    ANSWER_REFUSED = "answer_refused"  # rejected or in conflict at the centre; answer again
    WITHDRAW_ANSWER = "withdraw_answer"  # the answering correction was cancelled unsent
    CLOSE = "close"

    @property
    def label(self) -> str:
        return NOTICE_EVENT_LABELS[self]


NOTICE_EVENT_LABELS = {
    NoticeEvent.RECEIVE: "接收核查通知",
    NoticeEvent.QUEUE_ANSWER: "提交答复",
    NoticeEvent.ANSWER_ACCEPTED: "中心已收到答复",
    NoticeEvent.ANSWER_REFUSED: "中心未接受答复",
    NoticeEvent.WITHDRAW_ANSWER: "撤回未发送的答复",
    NoticeEvent.CLOSE: "办结",
}

N, NE = NoticeState, NoticeEvent
NOTICE_TRANSITIONS: dict[tuple[NoticeState, NoticeEvent], NoticeState] = {
    (N.OPEN, NE.RECEIVE): N.OPEN,
    (N.ANSWERING, NE.RECEIVE): N.ANSWERING,
    (N.ANSWERED, NE.RECEIVE): N.ANSWERED,
    (N.OPEN, NE.QUEUE_ANSWER): N.ANSWERING,
    (N.ANSWERING, NE.ANSWER_ACCEPTED): N.ANSWERED,
    (N.ANSWERING, NE.ANSWER_REFUSED): N.OPEN,
    (N.ANSWERING, NE.WITHDRAW_ANSWER): N.OPEN,
    (N.OPEN, NE.CLOSE): N.CLOSED,
    (N.ANSWERING, NE.CLOSE): N.CLOSED,
    (N.ANSWERED, NE.CLOSE): N.CLOSED,
}
# States in which the provider still owes the centre an answer (the deadline runs).
NOTICE_OWED = frozenset({N.OPEN, N.ANSWERING})


def next_notice_state(state: NoticeState, event: NoticeEvent) -> NoticeState:
    try:
        return NOTICE_TRANSITIONS[(state, event)]
    except KeyError:
        raise TransitionError(
            f"核查通知处于“{state.label}”状态，不能{event.label}") from None
