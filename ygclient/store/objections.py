"""Verification notices (核查通知, art. 25-27): received through the feed, answered offline.

The credit centre sends a notice when a subject objects to one of our records. The provider
answers within 10 working days of it (20 once an extension is granted) in one of four ways:

- 有误: a correction of the record linked to the case (the correction is the answer);
- 撤销: a retraction linked to the case;
- 无误: evidence files and a written opinion (``answer`` operation, ``confirm``);
- 申请延期: a reason (``answer`` operation, ``extend``), once per case.

Every answer is an outbox operation like any other: queued here, pushed by the sync engine,
its result recorded through :meth:`Store.outbox_results`, later case states arriving in the feed.
The notice's own states are in :mod:`ygclient.store.lifecycle` (``NOTICE_TRANSITIONS``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ygclient.evidence import MAX_OPINION_CHARS, Evidence
from ygclient.store import db
from ygclient.store.audit import canonical_json
from ygclient.store.errors import NotFoundError, TransitionError, ValidationFailedError
from ygclient.store.ids import uuid7
from ygclient.store.lifecycle import (
    NOTICE_OWED,
    TRANSITIONS,
    Event,
    NoticeEvent,
    NoticeState,
    State,
    next_notice_state,
)
from ygclient.store.schema import notices, records

if TYPE_CHECKING:
    from ygclient.store.store import FeedResult, RecordView, SaveResult, Store

DUE_SOON_WORKING_DAYS = 3
_SHA256 = re.compile(r"[0-9a-f]{64}")
ANSWER_KINDS = {"confirm": "无误（附证明材料）", "correct": "有误，已更正", "revoke": "撤销记录"}
RESULTS = {"corrected": "已更正", "maintained": "维持原状", "revoked": "已撤销"}
EXTENSIONS = {"queued": "延期申请待发送", "requested": "已申请延期", "granted": "已延期",
              "denied": "延期未获批准"}


@dataclass(frozen=True, slots=True)
class NoticeView:
    """One notice as the inbox and the CLI show it; deadlines counted with today's calendar."""

    case_id: str
    record_id: str
    record_state: State | None  # None: the record is not kept on this machine
    item_code: str
    subject_name: str
    document_number: str | None
    content: str
    materials: tuple[dict[str, Any], ...]
    sent_on: str  # the day the centre sent it: "received" for the deadline (art. 26)
    received_at: str  # when this machine got it
    days: int
    due: str
    due_estimated: bool
    days_left: int  # working days; 0 on the due day, negative once overdue
    urgency: str | None  # "overdue" | "due_soon" | None (also None once answered)
    central_due: str | None
    extension: str | None
    extension_reason: str | None
    extension_note: str | None
    state: NoticeState
    answer_kind: str | None
    answer: dict[str, Any] | None
    answer_problems: tuple[dict[str, Any], ...]
    answered_at: str | None
    result: str | None
    result_note: str | None
    closed_on: str | None
    updated_at: str

    @property
    def owed(self) -> bool:
        return self.state in NOTICE_OWED

    @property
    def can_extend(self) -> bool:
        return self.state == NoticeState.OPEN and self.extension is None \
            and self.urgency != "overdue"

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id, "record": self.record_id,
            "record_state": self.record_state.value if self.record_state else None,
            "item": self.item_code, "subject_name": self.subject_name,
            "document_number": self.document_number, "content": self.content,
            "materials": list(self.materials), "received": self.sent_on,
            "received_at": self.received_at, "days": self.days, "due": self.due,
            "estimated": self.due_estimated, "days_left": self.days_left,
            "urgency": self.urgency, "central_due": self.central_due,
            "extension": self.extension, "extension_reason": self.extension_reason,
            "extension_note": self.extension_note, "state": self.state.value,
            "answer_kind": self.answer_kind, "answer": self.answer,
            "answer_problems": list(self.answer_problems), "answered_at": self.answered_at,
            "result": self.result, "result_note": self.result_note, "closed_on": self.closed_on,
        }


class Objections:
    """The notices of one store (``store.objections``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- reading -------------------------------------------------------------------------

    def inbox(self, *, include_closed: bool = True) -> list[NoticeView]:
        """Most urgent first: owed notices by due date, then answered, then closed ones."""
        query = select(notices, records.c.state.label("record_state")).outerjoin(
            records, records.c.id == notices.c.record_id)
        if not include_closed:
            query = query.where(notices.c.state != NoticeState.CLOSED.value)
        with db.reading(self.store.engine) as conn:
            views = [self._view(row) for row in conn.execute(query)]
        owed = sorted((v for v in views if v.owed), key=lambda v: (v.due, v.case_id))
        answered = [v for v in views if v.state == NoticeState.ANSWERED]
        closed = [v for v in views if v.state == NoticeState.CLOSED]
        answered.sort(key=lambda v: v.updated_at, reverse=True)
        closed.sort(key=lambda v: v.updated_at, reverse=True)
        return owed + answered + closed

    def get(self, case_id: str) -> NoticeView:
        with db.reading(self.store.engine) as conn:
            return self._get(conn, case_id)

    def for_record(self, record_id: str) -> list[NoticeView]:
        return [v for v in self.inbox() if v.record_id == record_id]

    def owed(self) -> list[NoticeView]:
        """Notices still waiting for an answer, most urgent first (the startup reminder)."""
        return [v for v in self.inbox(include_closed=False) if v.owed]

    def missing_materials(self, folder: Path) -> list[str]:
        """SHA-256s of the applicants' materials of notices not yet closed that are not in
        ``folder`` (the sync engine downloads them)."""
        wanted: list[str] = []
        for view in self.inbox(include_closed=False):
            wanted += [str(m["sha256"]) for m in view.materials
                       if not (folder / str(m["sha256"])).is_file()]
        return list(dict.fromkeys(wanted))

    def _get(self, conn: Connection, case_id: str) -> NoticeView:
        row = conn.execute(select(notices, records.c.state.label("record_state")).outerjoin(
            records, records.c.id == notices.c.record_id).where(
            notices.c.case_id == case_id)).one_or_none()
        if row is None:
            raise NotFoundError(f"没有核查通知 {case_id}")
        return self._view(row)

    def _view(self, row: Any) -> NoticeView:
        calendar, today = self.store.calendar, self.store.clock.today()
        sent = dt.date.fromisoformat(row.sent_on)
        due = calendar.add_working_days(sent, int(row.days))
        left = calendar.working_days_between(today, due.date)
        state = NoticeState(row.state)
        urgency = None
        if state in NOTICE_OWED:
            if today > due.date:
                urgency = "overdue"
            elif left.days <= DUE_SOON_WORKING_DAYS:
                urgency = "due_soon"
        return NoticeView(
            case_id=row.case_id, record_id=row.record_id,
            record_state=State(row.record_state) if row.record_state else None,
            item_code=row.item_code, subject_name=row.subject_name,
            document_number=row.document_number, content=row.content,
            materials=tuple(json.loads(row.materials or "[]")), sent_on=row.sent_on,
            received_at=row.received_at, days=int(row.days), due=due.date.isoformat(),
            due_estimated=due.estimated, days_left=left.days, urgency=urgency,
            central_due=row.central_due, extension=row.extension,
            extension_reason=row.extension_reason, extension_note=row.extension_note,
            state=state, answer_kind=row.answer_kind,
            answer=json.loads(row.answer) if row.answer else None,
            answer_problems=tuple(json.loads(row.answer_problems or "[]")),
            answered_at=row.answered_at, result=row.result, result_note=row.result_note,
            closed_on=row.closed_on, updated_at=row.updated_at)

    # --- answering -----------------------------------------------------------------------------

    def confirm(self, case_id: str, opinion: str, evidence: Sequence[Evidence]) -> NoticeView:
        """无误: the written opinion and the evidence files (already kept by add_evidence)."""
        text = opinion.strip()
        problems = []
        if not text:
            problems.append("请填写核查意见")
        elif len(text) > MAX_OPINION_CHARS:
            problems.append(f"核查意见最多 {MAX_OPINION_CHARS} 个字，现有 {len(text)} 个字")
        if not evidence:
            problems.append("确认无误须附证明材料（决定书、复议决定书、判决书或认定机关的证明）")
        if problems:
            raise ValidationFailedError("；".join(problems))
        files = list({e.sha256: e for e in evidence}.values())
        with self.store._write() as conn:
            notice = self._row(conn, case_id)
            target = next_notice_state(NoticeState(notice.state), NoticeEvent.QUEUE_ANSWER)
            body = {"op": "answer", "case_id": case_id, "record_id": notice.record_id,
                    "answer": "confirm", "opinion": text,
                    "attachments": [e.sha256 for e in files]}
            key = self._queue_op(conn, body)
            self._update(conn, case_id, state=target.value, answer_kind="confirm",
                         answer=canonical_json({"opinion": text,
                                                "evidence": [e.to_dict() for e in files],
                                                "idempotency_key": key}),
                         answer_problems=None)
            self._audit(conn, notice, "objection_answer", {"answer": "confirm",
                                                           "idempotency_key": key,
                                                           "evidence": [e.sha256 for e in files]})
            return self._get(conn, case_id)

    def request_extension(self, case_id: str, reason: str) -> NoticeView:
        """申请延期 (art. 26: 情况复杂的，可延长至20个工作日): once per case, before the
        due date."""
        text = reason.strip()
        if not text:
            raise ValidationFailedError("申请延期须说明理由")
        with self.store._write() as conn:
            view = self._get(conn, case_id)
            if view.state != NoticeState.OPEN:
                raise TransitionError(f"核查通知处于“{view.state.label}”状态，不能申请延期")
            if view.extension is not None:
                raise TransitionError(f"这件核查通知{EXTENSIONS[view.extension]}，每件只能申请一次")
            if view.urgency == "overdue":
                raise TransitionError(f"答复期限 {view.due} 已过，不能再申请延期")
            body = {"op": "answer", "case_id": case_id, "record_id": view.record_id,
                    "answer": "extend", "reason": text}
            key = self._queue_op(conn, body)
            self._update(conn, case_id, extension="queued", extension_reason=text,
                         answer_problems=None)
            self._audit(conn, self._row(conn, case_id), "objection_extension",
                        {"reason": text, "idempotency_key": key})
            return self._get(conn, case_id)

    def correct(self, case_id: str, reason: str,
                raw: Mapping[str, Any] | None = None) -> SaveResult:
        """有误: start (or take over) a correction of the record, linked to the case.

        The notice is answered when the correction is submitted (see :meth:`Store.submit`).
        """
        view = self._answerable(case_id, need_record=True)
        record = self.store.get(view.record_id)
        if record.state == State.CORRECTION:
            return self.store.link_to_case(view.record_id, case_id, reason=reason, raw=raw)
        return self.store.start_correction(view.record_id, reason, raw, case_id=case_id)

    def revoke(self, case_id: str, reason: str, legal_basis: str) -> RecordView:
        """撤销: retract the record (reason and legal basis) and queue it; that answers the case."""
        view = self._answerable(case_id, need_record=True)
        self.store.start_retraction(view.record_id, reason, legal_basis, case_id=case_id)
        return self.store.submit([view.record_id])[0]

    def _answerable(self, case_id: str, *, need_record: bool) -> NoticeView:
        view = self.get(case_id)
        if view.state != NoticeState.OPEN:
            raise TransitionError(f"核查通知 {case_id} 处于“{view.state.label}”状态，不能再答复")
        if need_record and view.record_state is None:
            raise NotFoundError(f"本机没有核查通知 {case_id} 所涉记录（{view.record_id}），"
                                "请在保存该记录的电脑上更正或撤销，或选择“无误”答复")
        return view

    # --- hooks called by the store in its own transactions -----------------------------------

    def _queued(self, conn: Connection, answers: Iterable[tuple[str, str, str, str]]) -> None:
        """Corrections/retractions linked to cases were queued: (case, record, revision, key)."""
        for case_id, record_id, revision_id, key in answers:
            notice = conn.execute(select(notices).where(notices.c.case_id == case_id)
                                  ).one_or_none()
            if notice is None:
                continue  # the case is not on this machine; the centre still gets the link
            revision = self.store._revision_row(conn, revision_id)
            kind = "revoke" if revision.kind == "retraction" else "correct"
            target = next_notice_state(NoticeState(notice.state), NoticeEvent.QUEUE_ANSWER)
            self._update(conn, case_id, state=target.value, answer_kind=kind,
                         answer=canonical_json({"revision_id": revision_id,
                                                "reason": revision.reason,
                                                "legal_basis": revision.legal_basis,
                                                "idempotency_key": key}),
                         answer_problems=None)
            self._audit(conn, notice, "objection_answer",
                        {"answer": kind, "record_id": record_id, "idempotency_key": key})

    def _results(self, conn: Connection,
                 answers: Sequence[tuple[Mapping[str, Any], str,
                                         Sequence[Mapping[str, Any]]]]) -> None:
        """The centre's answers (body, outcome, reasons) to operations that answer cases."""
        for body, outcome, reasons in answers:
            case_id = str(body["case_id"])
            notice = conn.execute(select(notices).where(notices.c.case_id == case_id)
                                  ).one_or_none()
            if notice is None:
                continue
            state = NoticeState(notice.state)
            received = outcome in ("submitted", "accepted")
            problems = None if received else canonical_json(list(reasons))
            if body.get("answer") == "extend":
                self._update(conn, case_id, answer_problems=problems,
                             extension="requested" if received else None)
                continue
            if state != NoticeState.ANSWERING:
                continue  # closed meanwhile, or answered again from elsewhere
            event = NoticeEvent.ANSWER_ACCEPTED if received else NoticeEvent.ANSWER_REFUSED
            values: dict[str, Any] = {"state": next_notice_state(state, event).value,
                                      "answer_problems": problems}
            if received:
                values["answered_at"] = self.store._now()
            self._update(conn, case_id, **values)
            if received and body.get("answer") == "confirm":
                self._record_event(conn, notice.record_id, Event.ANSWER, "objection_answered",
                                   {"case_id": case_id})

    def _withdrawn(self, conn: Connection, record_id: str, case_id: str) -> None:
        """A correction or retraction that answered ``case_id`` was cancelled before sending."""
        notice = conn.execute(select(notices).where(notices.c.case_id == case_id)).one_or_none()
        if notice is None:
            return
        state = NoticeState(notice.state)
        if state == NoticeState.ANSWERING:
            state = next_notice_state(state, NoticeEvent.WITHDRAW_ANSWER)
            self._update(conn, case_id, state=state.value, answer_kind=None, answer=None)
        if state in NOTICE_OWED:
            self._record_event(conn, record_id, Event.REOPEN_OBJECTION, "objection_reopened",
                               {"case_id": case_id})

    def _receive(self, conn: Connection, event: Mapping[str, Any], result: FeedResult) -> None:
        """A ``notice`` feed event: a new notice, or a newer version of one we have."""
        try:
            case_id = str(event["case_id"])
            record_id = str(event["record_id"])
            sent_on = dt.date.fromisoformat(str(event["sent_on"])).isoformat()
            days = int(event.get("days") or 10)
        except (KeyError, TypeError, ValueError):
            result.skipped.append(f"核查通知格式不正确（{event.get('case_id')}），已忽略")
            return
        values = {
            "record_id": record_id, "revision_id": event.get("revision_id"),
            "item_code": str(event.get("item") or ""),
            "subject_name": str(event.get("subject_name") or ""),
            "document_number": event.get("document_number"),
            "content": str(event.get("content") or ""),
            # The SHA-256 names the file on disk: nothing but 64 hex digits gets through.
            "materials": canonical_json([m for m in event.get("materials") or []
                                         if isinstance(m, dict)
                                         and _SHA256.fullmatch(str(m.get("sha256")))]),
            "sent_on": sent_on, "days": days, "central_due": event.get("due"),
            "extension_note": event.get("extension_note"), "updated_at": self.store._now(),
        }
        existing = conn.execute(select(notices).where(notices.c.case_id == case_id)
                                ).one_or_none()
        if existing is not None:
            state = NoticeState(existing.state)
            if state == NoticeState.CLOSED:
                return  # a late copy of a case that is over
            next_notice_state(state, NoticeEvent.RECEIVE)
            extension = event.get("extension")
            if extension is None and existing.extension == "queued":
                extension = "queued"  # ours is still on its way
            self._update(conn, case_id, extension=extension, **values)
            return
        conn.execute(insert(notices).values(
            case_id=case_id, state=NoticeState.OPEN.value, extension=event.get("extension"),
            received_at=self.store._now(), **values))
        result.notices += 1
        if not self._record_event(conn, record_id, Event.OBJECTION_NOTICE, "objection_notice",
                                  {"case_id": case_id}, values={"resolution": None}):
            self.store._audit(conn, [{"action": "objection_notice", "detail": canonical_json(
                {"case_id": case_id, "record_id": record_id})}])

    def _close(self, conn: Connection, event: Mapping[str, Any], result: FeedResult) -> None:
        """A ``case_closed`` feed event (art. 27)."""
        case_id = str(event.get("case_id") or "")
        outcome = str(event.get("result") or "")
        notice = conn.execute(select(notices).where(notices.c.case_id == case_id)).one_or_none()
        if notice is None:
            result.skipped.append(f"本机没有核查通知 {case_id}（办结），已忽略")
            return
        if notice.state == NoticeState.CLOSED.value:
            return
        target = next_notice_state(NoticeState(notice.state), NoticeEvent.CLOSE)
        closed_on = str(event.get("closed_on") or self.store.clock.today().isoformat())
        self._update(conn, case_id, state=target.value, result=outcome,
                     result_note=event.get("note"), closed_on=closed_on)
        if not self._record_event(conn, notice.record_id, Event.RESOLVE, "objection_resolved",
                                  {"case_id": case_id, "result": outcome},
                                  values={"resolution": outcome}):
            self._audit(conn, notice, "objection_resolved",
                        {"result": outcome, "record_state": "unchanged"})

    # --- plumbing --------------------------------------------------------------------------------

    def _row(self, conn: Connection, case_id: str) -> Any:
        row = conn.execute(select(notices).where(notices.c.case_id == case_id)
                           .with_for_update()).one_or_none()
        if row is None:
            raise NotFoundError(f"没有核查通知 {case_id}")
        return row

    def _update(self, conn: Connection, case_id: str, **values: Any) -> None:
        values.setdefault("updated_at", self.store._now())
        conn.execute(update(notices).where(notices.c.case_id == case_id).values(**values))

    def _queue_op(self, conn: Connection, body: dict[str, Any]) -> str:
        """An ``answer`` operation: no record transition rides on it (record_id stays in the
        body only), so claiming it for sending leaves the record's state alone."""
        key = uuid7()
        self.store._enqueue(conn, [{"idempotency_key": key, "op": "answer", "record_id": None,
                                    "revision_id": None, "body": canonical_json(body)}])
        return key

    def _record_event(self, conn: Connection, record_id: str, event: Event, action: str,
                      detail: Mapping[str, Any], values: Mapping[str, Any] | None = None
                      ) -> bool:
        """The record's lifecycle event, when the record is here and its state takes it."""
        state = conn.execute(select(records.c.state).where(records.c.id == record_id)
                             ).scalar_one_or_none()
        if state is None or (State(state), event) not in TRANSITIONS:
            return False
        self.store._transition(conn, record_id, event, action, values=values,
                               detail=detail)
        return True

    def _audit(self, conn: Connection, notice: Any, action: str,
               detail: Mapping[str, Any]) -> None:
        """Notices are not records: their entries name the case and the record in the detail."""
        self.store._audit(conn, [{"action": action, "detail": canonical_json(
            {"case_id": notice.case_id, "record_id": notice.record_id} | dict(detail))}])

