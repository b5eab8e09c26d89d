"""The local store: records and their revisions, the lifecycle, the outbox and the audit chain.

Every public method that writes is one transaction: the state change, the
revision, the outbox operation and the audit entry land together or not at
all. Validation is the catalog engine's; transitions are lifecycle.TRANSITIONS.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    Row,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from ygclient.catalog import Catalog, Issue, Item, ItemValidator, ValidationResult, WorkCalendar
from ygclient.clock import CHINA_TZ, SYSTEM_CLOCK, Clock
from ygclient.privacy import mask_id
from ygclient.store import db, keys
from ygclient.store.audit import (
    GENESIS,
    AuditReport,
    canonical_json,
    chain,
    entry_hash,
    record_digest,
    record_texts,
    retext,
    revisions_serial,
    sha256_text,
    snapshot_digest,
)
from ygclient.store.errors import (
    FrozenRevisionError,
    NotFoundError,
    StorageError,
    StoreError,
    TransitionError,
    ValidationFailedError,
)
from ygclient.store.ids import uuid7, uuid7s
from ygclient.store.lifecycle import EDITABLE, TRANSITIONS, UNSENT, Event, State, next_state
from ygclient.store.objections import Objections
from ygclient.store.schema import (
    audit,
    audit_head,
    import_batches,
    meta,
    outbox,
    outbox_bodies,
    records,
    revisions,
)

# The FTS5 tables live outside the schema metadata: they exist on SQLite only.
_fts = Table("record_search", MetaData(), Column("rowid", Integer), Column("search_text", Text))
_bigrams = Table("record_bigrams", MetaData(), Column("rowid", Integer), Column("grams", Text))
_MIN_TRIGRAM = 3  # trigram MATCH cannot find shorter strings; those scan the plain table
DUE_SOON_WORKING_DAYS = 3

# Orders list_records can sort by (all with creation order as the tie-break).
ORDERS = {
    "created": records.c.seq, "updated": records.c.updated_at, "due": records.c.reporting_due,
    "decided": records.c.decision_date, "subject": records.c.subject_name,
    "document": records.c.document_number, "state": records.c.state, "item": records.c.item_code,
    "subject_code": records.c.subject_code,
}

# Audit actions after which a record no longer exists (a never-sent draft, a rolled-back import).
_REMOVALS = frozenset({"delete", "import_rolled_back"})
_OP_BY_KIND = {"create": "create", "correction": "correct", "retraction": "retract"}


@dataclass(frozen=True, slots=True)
class RecordView:
    """One record as lists and detail views show it."""

    seq: int
    id: str
    item_code: str
    state: State
    resolution: str | None
    revision_number: int
    current_revision_id: str
    accepted_revision_id: str | None
    catalog_version: str
    subject_name: str
    subject_code: str | None
    subject_is_person: bool
    document_number: str | None
    decision_date: str | None
    reporting_due: str | None
    reporting_due_estimated: bool
    disclosure_end: str | None
    server_reasons: tuple[dict[str, Any], ...]
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deadline: str | None  # "overdue" | "due_soon" | None, for records still owed to the centre

    def shown_subject_code(self, *, unmask: bool = False) -> str:
        """The subject's code as lists show it: ID numbers of people masked."""
        if self.subject_is_person and not unmask:
            return mask_id(self.subject_code)
        return self.subject_code or ""

    def to_json(self, *, unmask: bool = False) -> dict[str, Any]:
        return {
            "id": self.id, "item": self.item_code, "state": self.state.value,
            "state_label": self.state.label, "resolution": self.resolution,
            "revision": self.revision_number, "revision_id": self.current_revision_id,
            "catalog_version": self.catalog_version, "subject_name": self.subject_name,
            "subject_code": self.shown_subject_code(unmask=unmask),
            "document_number": self.document_number, "decision_date": self.decision_date,
            "reporting_due": self.reporting_due,
            "reporting_due_estimated": self.reporting_due_estimated,
            "disclosure_end": self.disclosure_end, "deadline": self.deadline,
            "server_reasons": list(self.server_reasons),
            "created_at": self.created_at, "created_by": self.created_by,
            "updated_at": self.updated_at, "updated_by": self.updated_by,
        }


@dataclass(frozen=True, slots=True)
class RevisionView:
    id: str
    record_id: str
    number: int
    kind: str
    replaces_revision_id: str | None
    catalog_version: str
    payload: dict[str, Any]
    payload_sha256: str
    draft_input: dict[str, Any] | None
    reason: str | None
    legal_basis: str | None
    created_at: str
    created_by: str
    frozen_at: str | None


@dataclass(frozen=True, slots=True)
class SaveResult:
    record: RecordView
    issues: tuple[Issue, ...]


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One art. 11 correction (变更) or retraction (撤销), for the 变更与撤销 view."""

    record_id: str
    revision_id: str
    number: int
    kind: str  # correction | retraction
    item_code: str
    subject_name: str
    document_number: str | None
    reason: str | None
    legal_basis: str | None
    case_id: str | None  # the verification notice it answers, if any
    started_at: str
    started_by: str
    due: str | None  # art. 11 reporting deadline
    due_estimated: bool
    status: str  # see CHANGE_STATUS
    overdue: bool

    @property
    def status_label(self) -> str:
        return CHANGE_STATUS[self.status]

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record_id, "revision": self.revision_id, "number": self.number,
                "kind": self.kind, "item": self.item_code, "subject_name": self.subject_name,
                "document_number": self.document_number, "reason": self.reason,
                "legal_basis": self.legal_basis, "case": self.case_id,
                "started_at": self.started_at, "started_by": self.started_by, "due": self.due,
                "estimated": self.due_estimated, "status": self.status, "overdue": self.overdue}


CHANGE_STATUS = {
    "editing": "未报送", "queued": "待发送", "submitted": "已报送待审核", "accepted": "已采纳",
    "rejected": "被退回", "superseded": "未采纳（已有后续版本）",
}


@dataclass(frozen=True, slots=True)
class Page:
    rows: tuple[RecordView, ...]
    next_cursor: Any  # pass as ``before`` for the next page; None at the end


@dataclass(frozen=True, slots=True)
class OutboxOp:
    seq: int
    idempotency_key: str
    op: str
    record_id: str | None
    revision_id: str | None
    body_json: str  # the operation as stored (a JSON object), sent as it is
    attempts: int

    @property
    def body(self) -> dict[str, Any]:
        return cast(dict[str, Any], json.loads(self.body_json))

    def wire_json(self) -> str:
        """The operation as the protocol carries it: the body with its idempotency key, spliced
        into the stored text (no parsing and writing again of a thousand bodies a batch)."""
        key = json.dumps(self.idempotency_key)
        rest = self.body_json.strip()[1:].lstrip()
        return f'{{"idempotency_key":{key}' + ("}" if rest.startswith("}") else "," + rest)


class Store:
    """Access to one local database for one user (``actor``)."""

    def __init__(self, engine: Engine, catalog: Catalog, *, actor: str,
                 calendar: WorkCalendar | None = None, clock: Clock | None = None,
                 data_dir: Path | None = None) -> None:
        self.engine = engine
        self.catalog = catalog
        self.actor = actor
        self.clock = clock or SYSTEM_CLOCK
        base = WorkCalendar.bundled()
        self.calendar = base.overlay(catalog.calendar) if catalog.calendar else base
        if calendar is not None:
            self.calendar = calendar
        self.data_dir = data_dir
        # The data key when the database is encrypted; also seals local attachments.
        self.key: keys.DatabaseKey | None = None
        self._validators: dict[str, ItemValidator] = {}
        self._helper_pool: ThreadPoolExecutor | None = None
        self._due_memo: tuple[WorkCalendar | None, dict[tuple[str, int], tuple[str, bool]]] = (
            None, {})
        self.objections = Objections(self)
        self._pinned = threading.local()  # see pinned()

    @classmethod
    def open(cls, data_dir: Path, catalog: Catalog, *, actor: str, url: str | None = None,
             calendar: WorkCalendar | None = None, clock: Clock | None = None,
             passphrase: str | None = None, key: keys.DatabaseKey | None = None) -> Store:
        """Open (creating or upgrading as needed) the database of ``data_dir``.

        Without ``url`` that is the data folder's SQLite file, encrypted with the data key
        (``key``, else :func:`keys.database_key` with ``passphrase``): raises
        keys.PassphraseRequired (``need`` says "new" or "existing"), WrongPassphraseError,
        KeyUnavailableError or WrongKeyError, all StoreErrors, before anything is changed.
        A ``url`` is opened as given (encrypted only when ``key`` is passed too).
        """
        if url is None and key is None:
            key = keys.database_key(data_dir, passphrase)
        engine = db.open_database(url or db.default_url(data_dir), data_dir, key)
        store = cls(engine, catalog, actor=actor, calendar=calendar, clock=clock,
                    data_dir=data_dir)
        store.key = key
        if key is not None:
            from ygclient.evidence import seal_folder
            from ygclient.paths import attachments_dir

            try:
                with db.translate_errors():
                    seal_folder(attachments_dir(data_dir), key)
            except BaseException:
                store.close()
                raise
        return store

    @staticmethod
    def restore(data_dir: Path, source: Path, *, passphrase: str | None = None,
                key: keys.DatabaseKey | None = None, force: bool = False) -> Path | None:
        """Replace the data folder's database by the backup ``source`` (see db.restore).

        ``passphrase`` is the backup's; ``key`` the data key (resolved as in :meth:`open`
        when None). Returns where the replaced database was kept, if there was one.
        """
        if key is None:
            key = keys.database_key(data_dir)
        return db.restore_database(Path(source), data_dir / db.DB_FILENAME, key,
                                   passphrase=passphrase, data_dir=data_dir, force=force)

    def close(self) -> None:
        if self._helper_pool is not None:
            self._helper_pool.shutdown()
            self._helper_pool = None
        self.engine.dispose()
        db.record_clean_close(self.engine)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -----------------------------------------------------------------

    def _helper(self) -> ThreadPoolExecutor:
        """One thread for pure-Python work that overlaps SQLite's (see _insert_many)."""
        if self._helper_pool is None:
            self._helper_pool = ThreadPoolExecutor(1, thread_name_prefix="ygclient-store")
        return self._helper_pool

    def validator(self, item_code: str) -> ItemValidator:
        validator = self._validators.get(item_code)
        if validator is None:
            validator = self._validators[item_code] = self.catalog.validator(
                item_code, clock=self.clock)
        return validator

    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Until the block ends, this thread's transactions run on one connection of its own.

        For a long run of transactions on one thread (a sync's push): no connection is opened
        for each, and the pages one transaction decrypted stay in the connection's cache for
        the next. Other threads go on with connections of their own; nesting is a no-op.
        """
        if getattr(self._pinned, "conn", None) is not None:
            yield
            return
        with self.engine.connect() as conn:
            self._pinned.conn = conn
            try:
                yield
            finally:
                self._pinned.conn = None

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        conn: Connection | None = getattr(self._pinned, "conn", None)
        if conn is None:
            with self.engine.begin() as conn:
                yield conn
        else:
            with conn.begin():
                yield conn

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """db.reading, or the pinned connection's (write) transaction where there is one."""
        if getattr(self._pinned, "conn", None) is None:
            with db.reading(self.engine) as conn:
                yield conn
        else:
            with self._transaction() as conn:
                yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction, with storage errors turned into clear messages."""
        try:
            with db.translate_errors(), self._transaction() as conn:
                yield conn
        except IntegrityError as exc:
            if "frozen" in str(exc.orig):
                raise FrozenRevisionError("这条记录的该版本已经报送，内容不能再修改；"
                                          "请通过变更（新版本）修改") from exc
            if "append-only" in str(exc.orig):
                raise StoreError("审计记录只能追加，不能修改或删除") from exc
            raise StorageError(f"保存失败，数据不一致：{exc.orig}") from exc

    def _load(self, conn: Connection, record_id: str, *, lock: bool = False) -> Row[Any]:
        query = select(records).where(records.c.id == record_id)
        if lock:
            query = query.with_for_update()
        row = conn.execute(query).one_or_none()
        if row is None:
            raise NotFoundError(f"找不到记录 {record_id}")
        return row

    def _revision_row(self, conn: Connection, revision_id: str) -> Row[Any]:
        return conn.execute(select(revisions).where(revisions.c.id == revision_id)).one()

    def _accepted_revision(self, conn: Connection, record: Row[Any]) -> Row[Any]:
        if record.accepted_revision_id is None:
            raise TransitionError("这条记录还没有被市信用中心采纳过，不能变更或撤销")
        return self._revision_row(conn, record.accepted_revision_id)

    def _digest(self, conn: Connection, record_id: str) -> str | None:
        record = conn.execute(select(records).where(records.c.id == record_id)).one_or_none()
        if record is None:
            return None
        revs = conn.execute(select(revisions).where(revisions.c.record_id == record_id)).all()
        return snapshot_digest(record._mapping, [r._mapping for r in revs])

    def _audit(self, conn: Connection, entries: Sequence[dict[str, Any]]) -> None:
        """Append entries to the chain; the head row is locked so the chain never forks."""
        seq, hash_ = self._lock_audit_head(conn)
        rows, new_head = self._audit_rows(seq, hash_, entries)
        self._append_audit(conn, rows, new_head)

    @staticmethod
    def _lock_audit_head(conn: Connection) -> tuple[int, str]:
        head = conn.execute(
            select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
            .with_for_update()).one()
        return int(head.seq), str(head.hash)

    def _audit_rows(self, seq: int, hash_: str, entries: Sequence[dict[str, Any]],
                    ) -> tuple[list[dict[str, Any]], str]:
        """The entries numbered and hashed after (seq, hash_), and the new head: no I/O."""
        now = self._now()
        rows = [{"at": now, "actor": self.actor, "record_id": None, "revision_id": None,
                 "before_sha256": None, "after_sha256": None, "reason": None, "detail": None}
                | entry for entry in entries]
        return rows, chain(seq, hash_, rows)

    @staticmethod
    def _append_audit(conn: Connection, rows: list[dict[str, Any]], new_head: str) -> None:
        _insert_rows(conn, audit, rows)
        conn.execute(update(audit_head).where(audit_head.c.id == 1)
                     .values(seq=rows[-1]["seq"], hash=new_head))

    def audit_event(self, action: str, *, reason: str | None = None,
                    detail: Mapping[str, Any] | None = None, record_id: str | None = None) -> None:
        """Record something that is not a data change (export, unmasking, backup) in the chain."""
        with self._write() as conn:
            self._audit(conn, [{"action": action, "reason": reason, "record_id": record_id,
                                "detail": canonical_json(detail) if detail else None}])

    def audit_head(self) -> tuple[int, str]:
        """(sequence number, hash) of the last audit entry: sent with every sync."""
        with self._reading() as conn:  # pinned during a push: read at every batch
            head = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).one()
        return int(head.seq), str(head.hash)

    # --- deriving the indexed columns -------------------------------------------------

    def _derived(self, item: Item, normalized: Mapping[str, Any]) -> dict[str, Any]:
        roles = item.roles
        code, is_person = None, False
        for name in roles.subject_codes:
            if normalized.get(name):
                code = normalized[name]
                fld = item.field(name)
                is_person = fld.sensitive or fld.type in ("cn_id", "id_document")
                break
        name_ = normalized.get(roles.subject_name) or ""
        document = normalized.get(roles.document_number) if roles.document_number else None
        decided = normalized.get(roles.decision_date) if roles.decision_date else None
        due, estimated = self._reporting_due(item, normalized)
        end_field = item.disclosure.end_field
        disclosure_end = normalized.get(end_field) if end_field else None
        if disclosure_end is None:
            suggested = self.validator(item.code).suggest_disclosure_end(normalized)
            disclosure_end = suggested.isoformat() if suggested else None
        return {
            "subject_name": name_, "subject_code": code, "subject_is_person": is_person,
            "document_number": document, "decision_date": decided,
            "reporting_due": due, "reporting_due_estimated": estimated,
            "disclosure_end": disclosure_end,
            "search_text": f"{name_}\n{code or ''}\n{document or ''}",
        }

    def _reporting_due(self, item: Item, normalized: Mapping[str, Any]) -> tuple[str | None, bool]:
        start_field = item.reporting_deadline_from or item.roles.decision_date
        start = normalized.get(start_field) if start_field else None
        if not isinstance(start, str):
            return None, False
        # Many records of an import share a decision date: count each (day, span) once per
        # calendar (the sync engine replaces the calendar when the centre publishes one).
        if self._due_memo[0] is not self.calendar:
            self._due_memo = (self.calendar, {})
        memo = self._due_memo[1]
        found = memo.get((start, item.reporting_deadline_days))
        if found is None:
            due = self.calendar.add_working_days(dt.date.fromisoformat(start),
                                                 item.reporting_deadline_days)
            found = memo[start, item.reporting_deadline_days] = (due.date.isoformat(),
                                                                 due.estimated)
        return found

    def _change_due(self, item: Item, started: str) -> dict[str, Any]:
        """Art. 11: a change or revocation is reported within the item's reporting deadline,
        counted from the day the change was started (not from the original decision)."""
        day = dt.datetime.fromisoformat(started).astimezone(CHINA_TZ).date()
        due = self.calendar.add_working_days(day, item.reporting_deadline_days)
        return {"reporting_due": due.date.isoformat(), "reporting_due_estimated": due.estimated}

    # --- entering records ----------------------------------------------------------------

    def create(self, item_code: str, raw: Mapping[str, Any]) -> SaveResult:
        """A new record: stored as ready when it validates without errors, else as a draft."""
        item = self.catalog.item(item_code)
        result = self.validator(item_code).validate(raw)
        with self._write() as conn:
            record_id = self._insert_new(conn, item, raw, result)
            return SaveResult(self._view(conn, record_id), result.issues)

    def _insert_new(self, conn: Connection, item: Item, raw: Mapping[str, Any],
                    result: ValidationResult) -> str:
        record_id, revision_id, now = uuid7(), uuid7(), self._now()
        state = State.READY if result.valid else State.DRAFT
        record_row, revision_row = self._new_rows(item, raw, result, record_id, revision_id,
                                                  state, now)
        seqs = conn.execute(insert(records).returning(records.c.seq), [record_row]).scalars()
        self._index_new(conn, list(seqs))
        conn.execute(insert(revisions), [revision_row])
        self._audit(conn, [{"action": "create", "record_id": record_id,
                            "revision_id": revision_id,
                            "after_sha256": snapshot_digest(record_row, [revision_row]),
                            "detail": canonical_json({"state": state.value})}])
        return record_id

    def _new_rows(self, item: Item, raw: Mapping[str, Any], result: ValidationResult,
                  record_id: str, revision_id: str, state: State,
                  now: str) -> tuple[dict[str, Any], dict[str, Any]]:
        return (self._new_record_row(item, result, record_id, revision_id, state, now),
                self._first_revision_row(raw, result, record_id, revision_id, now))

    def _new_record_row(self, item: Item, result: ValidationResult, record_id: str,
                        revision_id: str, state: State, now: str) -> dict[str, Any]:
        row = {
            "id": record_id, "item_code": item.code, "state": state.value, "resolution": None,
            "current_revision_id": revision_id, "accepted_revision_id": None,
            "catalog_version": self.catalog.version, "server_reasons": None,
            "created_at": now, "created_by": self.actor, "updated_at": now,
            "updated_by": self.actor, "row_version": 1,
        }
        row.update(self._derived(item, result.normalized))
        return row

    def _first_revision_row(self, raw: Mapping[str, Any], result: ValidationResult,
                            record_id: str, revision_id: str, now: str) -> dict[str, Any]:
        payload = canonical_json(result.normalized)
        return {
            "id": revision_id, "record_id": record_id, "number": 1, "kind": "create",
            "replaces_revision_id": None, "catalog_version": self.catalog.version,
            "payload": payload, "payload_sha256": sha256_text(payload),
            "draft_input": _draft_input(raw, result), "reason": None, "legal_basis": None,
            "created_at": now, "created_by": self.actor, "updated_at": now, "frozen_at": None,
        }

    def bulk_create(self, item_code: str,
                    rows: Sequence[tuple[Mapping[str, Any], ValidationResult]],
                    *, action: str = "import", detail: Mapping[str, Any] | None = None,
                    ) -> list[str]:
        """Insert many validated records in one transaction."""
        with self._write() as conn:
            return self._insert_many(conn, item_code, [(raw, result, None)
                                                       for raw, result in rows],
                                     action=action, detail=detail)

    def _insert_many(self, conn: Connection, item_code: str,
                     rows: Sequence[tuple[Mapping[str, Any], ValidationResult, int | None]], *,
                     action: str, detail: Mapping[str, Any] | None = None,
                     batch_id: str | None = None, queue: bool = False) -> list[str]:
        if not rows:
            return []
        item = self.catalog.item(item_code)
        now = self._now()
        fresh = uuid7s(2 * len(rows))
        record_rows = []
        for (_raw, result, row_number), record_id, revision_id in zip(
                rows, fresh[0::2], fresh[1::2], strict=True):
            state = State.READY if result.valid else State.DRAFT
            record_row = self._new_record_row(item, result, record_id, revision_id, state, now)
            record_row["import_batch_id"] = batch_id
            record_row["import_row"] = row_number
            record_rows.append(record_row)
        extra = canonical_json(detail) if detail else None
        seq, hash_ = self._lock_audit_head(conn)

        def rest() -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
            """The revisions and the audit entries: pure Python, no database."""
            revision_rows, entries = [], []
            for (raw, result, _row_number), record_row in zip(rows, record_rows, strict=True):
                revision_row = self._first_revision_row(
                    raw, result, record_row["id"], record_row["current_revision_id"], now)
                revision_rows.append(revision_row)
                entries.append({"action": action, "record_id": record_row["id"],
                                "revision_id": revision_row["id"],
                                "after_sha256": snapshot_digest(record_row, [revision_row]),
                                "detail": extra})
            return revision_rows, *self._audit_rows(seq, hash_, entries)

        seqs = _insert_rows(conn, records, record_rows)
        if db.is_sqlite(conn) and len(rows) >= _OVERLAP_MIN_ROWS:
            # SQLite adds the new rows to the full-text index in one statement that runs
            # without the GIL: the rest is built meanwhile on a helper thread (a sixth of a
            # bulk import's time). Not during the bigram statement: its function needs the GIL
            # for every row.
            pending = self._helper().submit(rest)
            try:
                self._index_search(conn, seqs)
            finally:
                revision_rows, audit_rows, new_head = pending.result()
            self._index_bigrams(conn, seqs)
        else:
            revision_rows, audit_rows, new_head = rest()
            self._index_new(conn, seqs)
        _insert_rows(conn, revisions, revision_rows)
        self._append_audit(conn, audit_rows, new_head)
        ids = [r["id"] for r in record_rows]
        if queue:
            for record_row, record_seq in zip(record_rows, seqs, strict=True):
                record_row["seq"] = record_seq  # as _load_many would have read it
            ready = [r for r in record_rows if r["state"] == State.READY.value]
            loaded = ({r["id"]: r for r in ready},
                      {rev["record_id"]: [rev] for rev in revision_rows
                       if rev["record_id"] in {r["id"] for r in ready}})
            self._queue(conn, [r["id"] for r in ready], loaded)
        return ids

    # --- imports ------------------------------------------------------------------------------

    @staticmethod
    def natural_key(item: Item, normalized: Mapping[str, Any]) -> tuple[str, str] | None:
        """Item + document number + subject code identify a record across imports."""
        roles = item.roles
        document = normalized.get(roles.document_number) if roles.document_number else None
        code = next((normalized[n] for n in roles.subject_codes if normalized.get(n)), None)
        if not document or not code:
            return None
        return str(document), str(code)

    def existing_keys(self, item_code: str, documents: Iterable[str]) -> set[tuple[str, str]]:
        """Natural keys already in the store among these document numbers."""
        found: set[tuple[str, str]] = set()
        with db.reading(self.engine) as conn:
            for chunk in _chunks(sorted(set(documents))):
                found.update((r.document_number, r.subject_code) for r in conn.execute(
                    select(records.c.document_number, records.c.subject_code).where(
                        records.c.item_code == item_code,
                        records.c.document_number.in_(chunk))))
        return found

    def find_import(self, file_sha256: str) -> ImportBatch | None:
        """The latest import of this file that was not rolled back."""
        with db.reading(self.engine) as conn:
            row = conn.execute(select(import_batches).where(
                import_batches.c.file_sha256 == file_sha256,
                import_batches.c.state != "rolled_back")
                .order_by(import_batches.c.started_at.desc()).limit(1)).one_or_none()
        return ImportBatch(**row._mapping) if row else None

    def import_batch(self, batch_id: str) -> ImportBatch:
        with db.reading(self.engine) as conn:
            row = conn.execute(select(import_batches).where(import_batches.c.id == batch_id)
                               ).one_or_none()
        if row is None:
            raise NotFoundError(f"找不到导入批次 {batch_id}")
        return ImportBatch(**row._mapping)

    def start_import(self, *, file_sha256: str, file_name: str, item_code: str, mode: str,
                     rows_total: int) -> str:
        batch_id = uuid7()
        with self._write() as conn:
            conn.execute(insert(import_batches).values(
                id=batch_id, file_sha256=file_sha256, file_name=file_name, item_code=item_code,
                mode=mode, state="running", rows_total=rows_total, rows_valid=0,
                rows_invalid=0, rows_duplicate=0, rows_imported=0, actor=self.actor,
                started_at=self._now()))
            self._audit(conn, [{"action": "import_started", "detail": canonical_json({
                "batch": batch_id, "file": file_name, "sha256": file_sha256,
                "item": item_code, "mode": mode, "rows": rows_total})}])
        return batch_id

    def import_rows(self, batch_id: str, item_code: str,
                    rows: Sequence[tuple[Mapping[str, Any], ValidationResult, int]],
                    counts: Mapping[str, int], *, queue: bool = False) -> list[str]:
        """One chunk of an import, with the batch's counters, in one transaction."""
        with self._write() as conn:
            ids = self._insert_many(conn, item_code, rows, action="import",
                                    detail={"batch": batch_id}, batch_id=batch_id, queue=queue)
            conn.execute(update(import_batches).where(import_batches.c.id == batch_id).values(
                rows_imported=import_batches.c.rows_imported + len(ids),
                **{f"rows_{k}": import_batches.c[f"rows_{k}"] + v for k, v in counts.items()}))
        return ids

    def finish_import(self, batch_id: str, totals: Mapping[str, int] | None = None) -> None:
        """Close a batch; ``totals`` (total, valid, invalid, duplicate) replace the counters."""
        with self._write() as conn:
            imported = conn.execute(select(func.count()).select_from(records).where(
                records.c.import_batch_id == batch_id)).scalar_one()
            values: dict[str, Any] = {"state": "done", "finished_at": self._now(),
                                      "rows_imported": imported}
            values |= {f"rows_{k}": v for k, v in (totals or {}).items()}
            conn.execute(update(import_batches).where(import_batches.c.id == batch_id)
                         .values(values))
            self._audit(conn, [{"action": "import_finished",
                                "detail": canonical_json({"batch": batch_id})}])

    def imported_rows(self, batch_id: str) -> set[int]:
        """Workbook rows of this batch already stored (to resume after a crash)."""
        with db.reading(self.engine) as conn:
            return {int(r) for r in conn.execute(select(records.c.import_row).where(
                records.c.import_batch_id == batch_id)).scalars() if r is not None}

    def rollback_import(self, batch_id: str) -> int:
        """Remove what a batch imported, as long as none of it was sent (audited)."""
        with self._write() as conn:
            batch = conn.execute(select(import_batches).where(import_batches.c.id == batch_id)
                                 .with_for_update()).one_or_none()
            if batch is None:
                raise NotFoundError(f"找不到导入批次 {batch_id}")
            ids = list(conn.execute(select(records.c.id).where(
                records.c.import_batch_id == batch_id)).scalars())
            # Sent: an operation was put on the wire, or a frozen revision is more than the
            # submitted one a record still waits in the queue with.
            answered = select(revisions.c.record_id).join(records).where(
                records.c.import_batch_id == batch_id, revisions.c.frozen_at.is_not(None),
                (records.c.state != State.QUEUED.value)
                | (records.c.current_revision_id != revisions.c.id))
            on_the_wire = select(outbox.c.record_id).join(records).where(
                records.c.import_batch_id == batch_id, outbox.c.attempts > 0)
            sent = len(set(conn.execute(answered.union(on_the_wire)).scalars()))
            if sent:
                raise TransitionError(f"该批次中已有 {sent} 条记录报送过，不能整批撤回；"
                                      "请对已报送的记录逐条发起撤销")
            recs, revs = self._load_many(conn, ids)
            entries = [{"action": "import_rolled_back", "record_id": record_id,
                        "before_sha256": snapshot_digest(recs[record_id], revs.get(record_id, [])),
                        "detail": canonical_json({"batch": batch_id})} for record_id in ids]
            for chunk in _chunks(ids):
                conn.execute(delete(outbox).where(outbox.c.record_id.in_(chunk)))
                conn.execute(delete(revisions).where(revisions.c.record_id.in_(chunk)))
                conn.execute(delete(records).where(records.c.id.in_(chunk)))
            conn.execute(update(import_batches).where(import_batches.c.id == batch_id)
                         .values(state="rolled_back", finished_at=self._now()))
            self._audit(conn, entries + [{"action": "import_rolled_back",
                                          "detail": canonical_json({"batch": batch_id,
                                                                    "records": len(ids)})}])
            return len(ids)

    def _index_new(self, conn: Connection, seqs: Sequence[int]) -> None:
        """Add freshly inserted records to the SQLite search indexes, one statement per index."""
        if not seqs or not db.is_sqlite(conn):
            return
        self._index_search(conn, seqs)
        self._index_bigrams(conn, seqs)

    # Rows inserted in this transaction under the write lock: their seq range holds only them.
    @staticmethod
    def _index_search(conn: Connection, seqs: Sequence[int]) -> None:
        conn.exec_driver_sql(
            "INSERT INTO record_search(rowid, search_text) "
            "SELECT seq, search_text FROM records WHERE seq BETWEEN ? AND ?",
            (min(seqs), max(seqs)))

    @staticmethod
    def _index_bigrams(conn: Connection, seqs: Sequence[int]) -> None:
        conn.exec_driver_sql(
            "INSERT INTO record_bigrams(rowid, grams) "
            "SELECT seq, ygc_bigrams(search_text) FROM records WHERE seq BETWEEN ? AND ?",
            (min(seqs), max(seqs)))

    def edit(self, record_id: str, raw: Mapping[str, Any], *,
             reason: str | None = None) -> SaveResult:
        """Save the clerk's changes; a revision that was already sent gets a successor."""
        with self._write() as conn:
            return self._edit(conn, record_id, raw, reason)

    def _edit(self, conn: Connection, record_id: str, raw: Mapping[str, Any],
              reason: str | None, detail: Mapping[str, Any] | None = None) -> SaveResult:
        record = self._load(conn, record_id, lock=True)
        state = State(record.state)
        if state == State.RETRACTION:
            raise TransitionError("撤销中的记录不能修改内容；如需修改，请先取消撤销")
        target = next_state(state, Event.EDIT)
        item = self.catalog.item(record.item_code)
        result = self.validator(record.item_code).validate(raw)
        if target == State.DRAFT and result.valid:
            target = next_state(target, Event.MARK_READY)
        before = self._digest(conn, record_id)
        revision_id = self._write_revision(conn, record, raw, result, reason)
        derived = self._derived(item, result.normalized)
        if self._revision_row(conn, revision_id).kind != "create":
            # A change keeps the art. 11 deadline it got when it was started.
            del derived["reporting_due"], derived["reporting_due_estimated"]
        self._update_record(conn, record, state=target, current_revision_id=revision_id,
                            catalog_version=self.catalog.version, **derived)
        self._audit(conn, [{"action": "edit", "record_id": record_id,
                            "revision_id": revision_id, "before_sha256": before,
                            "after_sha256": self._digest(conn, record_id), "reason": reason,
                            "detail": canonical_json({"from": state.value, "to": target.value}
                                                     | dict(detail or {}))}])
        return SaveResult(self._view(conn, record_id), result.issues)

    def _write_revision(self, conn: Connection, record: Row[Any], raw: Mapping[str, Any],
                        result: ValidationResult, reason: str | None) -> str:
        current = self._revision_row(conn, record.current_revision_id)
        payload = canonical_json(result.normalized)
        values = {"payload": payload, "payload_sha256": sha256_text(payload),
                  "draft_input": _draft_input(raw, result),
                  "catalog_version": self.catalog.version,
                  "updated_at": self._now()}
        if reason is not None:
            values["reason"] = reason
        if current.frozen_at is None:
            conn.execute(update(revisions).where(revisions.c.id == current.id).values(values))
            return str(current.id)
        # Sent already (e.g. rejected by the centre): the fix is a new revision.
        revision_id = uuid7()
        conn.execute(insert(revisions), [{
            "id": revision_id, "record_id": record.id, "number": self._next_number(conn, record.id),
            "kind": current.kind, "replaces_revision_id": current.replaces_revision_id,
            "reason": current.reason, "legal_basis": current.legal_basis,
            "case_id": current.case_id,
            "created_at": values["updated_at"], "created_by": self.actor, "frozen_at": None,
        } | values])
        return revision_id

    def _next_number(self, conn: Connection, record_id: str) -> int:
        return int(conn.execute(select(func.max(revisions.c.number))
                                .where(revisions.c.record_id == record_id)).scalar_one()) + 1

    def _update_record(self, conn: Connection, record: Row[Any], **values: Any) -> None:
        if "state" in values and isinstance(values["state"], State):
            values["state"] = values["state"].value
        conn.execute(update(records).where(records.c.id == record.id).values(
            updated_at=self._now(), updated_by=self.actor,
            row_version=records.c.row_version + 1, **values))

    def autosave(self, record_id: str, raw: Mapping[str, Any]) -> None:
        """Keep what the clerk has typed so far (no validation, no audit entry, no state change).

        A revision that was already sent is never touched: the first autosave of
        a fix makes its new revision through :meth:`edit` (which is audited).
        """
        with self._write() as conn:
            record = self._load(conn, record_id, lock=True)
            if State(record.state) not in EDITABLE:
                raise TransitionError(f"记录处于“{State(record.state).label}”状态，不能修改")
            current = self._revision_row(conn, record.current_revision_id)
            if current.frozen_at is None:
                conn.execute(update(revisions).where(revisions.c.id == current.id).values(
                    draft_input=canonical_json(dict(raw)), updated_at=self._now()))
                return
        self.edit(record_id, raw)

    def delete_draft(self, record_id: str) -> None:
        """Remove a record that was never sent — the only hard delete there is."""
        with self._write() as conn:
            record = self._load(conn, record_id, lock=True)
            next_state(State(record.state), Event.DELETE)
            sent = conn.execute(select(func.count()).select_from(revisions).where(
                revisions.c.record_id == record_id, revisions.c.frozen_at.is_not(None))
            ).scalar_one()
            if sent:
                raise TransitionError("这条记录已经报送过，不能删除")
            before = self._digest(conn, record_id)
            conn.execute(delete(outbox).where(outbox.c.record_id == record_id))
            conn.execute(delete(revisions).where(revisions.c.record_id == record_id))
            conn.execute(delete(records).where(records.c.id == record_id))
            self._audit(conn, [{"action": "delete", "record_id": record_id,
                                "before_sha256": before}])

    # --- submitting, corrections and retractions ---------------------------------------------

    def submit(self, record_ids: Iterable[str]) -> list[RecordView]:
        """Queue records for sending: state change and outbox operation in one transaction."""
        ids = list(dict.fromkeys(record_ids))
        with self._write() as conn:
            self._queue(conn, ids)
            soon = self._soon_limit()
            return [self._view(conn, record_id, soon) for record_id in ids]

    def _queue(self, conn: Connection, ids: Sequence[str],
               loaded: _Loaded | None = None) -> None:
        """Outbox operations and QUEUE transitions for ``ids`` (all or none)."""
        loaded = loaded or self._load_many(conn, ids)
        recs, revs = loaded
        outbox_rows: list[dict[str, Any]] = []
        changes: list[_Change] = []
        answers: list[tuple[str, str, str, str]] = []  # changes that answer objection cases
        for record_id in ids:
            record = recs.get(record_id)
            if record is None:
                raise NotFoundError(f"找不到记录 {record_id}")
            next_state(State(record["state"]), Event.QUEUE)  # refuses before any work
            revision = next(r for r in revs[record_id] if r["id"] == record["current_revision_id"])
            payload = json.loads(revision["payload"])
            if revision["kind"] != "retraction":
                result = self.validator(record["item_code"]).validate(payload)
                if not result.valid:
                    raise ValidationFailedError(
                        f"记录 {record_id} 还有 {len(result.errors)} 处错误，不能报送："
                        f"{result.errors[0].message}", result.errors)
            if revision["kind"] == "correction" and not (revision["reason"] or "").strip():
                raise ValidationFailedError("变更须说明原因，请填写变更原因后再报送")
            key = uuid7()
            body = {
                "op": _OP_BY_KIND[revision["kind"]], "record_id": record_id,
                "revision_id": revision["id"], "revision_number": revision["number"],
                "replaces_revision_id": revision["replaces_revision_id"],
                "item": record["item_code"], "catalog_version": revision["catalog_version"],
                "payload": payload, "reason": revision["reason"],
                "legal_basis": revision["legal_basis"],
            }
            if revision.get("case_id"):
                body["case_id"] = revision["case_id"]
                answers.append((revision["case_id"], record_id, revision["id"], key))
            outbox_rows.append({
                "idempotency_key": key, "op": body["op"], "record_id": record_id,
                "revision_id": revision["id"], "body": canonical_json(body)})
            changes.append(_Change(record_id, Event.QUEUE, "queue", revision_id=revision["id"],
                                   values={"server_reasons": None},
                                   detail={"idempotency_key": key}, freeze=revision["id"]))
        self._enqueue(conn, outbox_rows)
        self._transition_many(conn, changes, loaded)
        if answers:
            self.objections._queued(conn, answers)

    def _enqueue(self, conn: Connection, operations: Sequence[Mapping[str, Any]]) -> None:
        """New pending operations (idempotency_key, op, record_id, revision_id, body)."""
        if not operations:
            return
        now = self._now()
        seqs: dict[str, int] = dict(conn.execute(
            insert(outbox).returning(outbox.c.idempotency_key, outbox.c.seq),
            [{k: v for k, v in o.items() if k != "body"}
             | {"state": "pending", "attempts": 0, "created_at": now, "updated_at": now}
             for o in operations]).all())
        conn.execute(insert(outbox_bodies), [
            {"seq": seqs[o["idempotency_key"]], "body": o["body"]} for o in operations])

    def start_correction(self, record_id: str, reason: str,
                         raw: Mapping[str, Any] | None = None, *,
                         case_id: str | None = None) -> SaveResult:
        """Art. 11 变更: a new revision that names the accepted one it replaces; with
        ``case_id`` it is the answer to that verification notice (有误)."""
        if not reason.strip():
            raise ValidationFailedError("变更须说明原因")
        with self._write() as conn:
            record = self._load(conn, record_id, lock=True)
            state = State(record.state)
            target = next_state(state, Event.START_CORRECTION)
            accepted = self._accepted_revision(conn, record)
            source = raw if raw is not None else json.loads(accepted.payload)
            result = self.validator(record.item_code).validate(source)
            before = self._digest(conn, record_id)
            revision_id = self._add_revision(conn, record, "correction", accepted.id,
                                             result, source, reason.strip(), None, case_id)
            item = self.catalog.item(record.item_code)
            self._update_record(conn, record, state=target, current_revision_id=revision_id,
                                **(self._derived(item, result.normalized)
                                   | self._change_due(item, self._now())))
            self._audit(conn, [{"action": "start_correction", "record_id": record_id,
                                "revision_id": revision_id, "before_sha256": before,
                                "after_sha256": self._digest(conn, record_id),
                                "reason": reason.strip()}])
            return SaveResult(self._view(conn, record_id), result.issues)

    def start_retraction(self, record_id: str, reason: str, legal_basis: str, *,
                         case_id: str | None = None) -> RecordView:
        """Art. 11 撤销: reason and legal basis are required; the payload stays as accepted."""
        missing = [name for name, value in (("撤销原因", reason), ("法律依据", legal_basis))
                   if not value.strip()]
        if missing:
            raise ValidationFailedError(f"撤销须填写{'和'.join(missing)}")
        with self._write() as conn:
            record = self._load(conn, record_id, lock=True)
            target = next_state(State(record.state), Event.START_RETRACTION)
            accepted = self._accepted_revision(conn, record)
            payload = json.loads(accepted.payload)
            result = ValidationResult(payload, ())
            before = self._digest(conn, record_id)
            revision_id = self._add_revision(conn, record, "retraction", accepted.id, result,
                                             payload, reason.strip(), legal_basis.strip(),
                                             case_id)
            self._update_record(conn, record, state=target, current_revision_id=revision_id,
                                **self._change_due(self.catalog.item(record.item_code),
                                                   self._now()))
            self._audit(conn, [{"action": "start_retraction", "record_id": record_id,
                                "revision_id": revision_id, "before_sha256": before,
                                "after_sha256": self._digest(conn, record_id),
                                "reason": reason.strip(),
                                "detail": canonical_json({"legal_basis": legal_basis.strip()})}])
            return self._view(conn, record_id)

    def _add_revision(self, conn: Connection, record: Row[Any], kind: str, replaces: str,
                      result: ValidationResult, raw: Mapping[str, Any], reason: str | None,
                      legal_basis: str | None, case_id: str | None = None) -> str:
        revision_id, now = uuid7(), self._now()
        payload = canonical_json(result.normalized)
        conn.execute(insert(revisions), [{
            "id": revision_id, "record_id": record.id, "number": self._next_number(conn, record.id),
            "kind": kind, "replaces_revision_id": replaces, "catalog_version": self.catalog.version,
            "payload": payload, "payload_sha256": sha256_text(payload),
            "draft_input": _draft_input(raw, result), "reason": reason, "legal_basis": legal_basis,
            "created_at": now, "created_by": self.actor, "updated_at": now, "frozen_at": None,
            "case_id": case_id,
        }])
        return revision_id

    def link_to_case(self, record_id: str, case_id: str, *, reason: str,
                     raw: Mapping[str, Any] | None = None) -> SaveResult:
        """A correction already under way becomes the answer to a verification notice."""
        with self._write() as conn:
            record = self._load(conn, record_id, lock=True)
            if State(record.state) != State.CORRECTION:
                raise TransitionError(
                    f"记录处于“{State(record.state).label}”状态，没有进行中的变更")
            current = self._revision_row(conn, record.current_revision_id)
            if current.frozen_at is not None:
                raise TransitionError("这项变更已经报送，不能再关联到核查通知")
            conn.execute(update(revisions).where(revisions.c.id == current.id).values(
                case_id=case_id))
            source = raw if raw is not None else json.loads(current.draft_input
                                                            or current.payload)
            return self._edit(conn, record_id, source, reason.strip() or current.reason,
                              detail={"case_id": case_id})

    def cancel(self, record_id: str) -> RecordView:
        """Drop an unsent correction or retraction; the accepted revision stands again."""
        with self._write() as conn:
            record = self._load(conn, record_id, lock=True)
            target = next_state(State(record.state), Event.CANCEL)
            if record.accepted_revision_id is None:
                raise TransitionError("这条记录还没有被采纳过的版本，无法取消")
            before = self._digest(conn, record_id)
            case_id = self._revision_row(conn, record.current_revision_id).case_id
            # Unsent revisions after the accepted one go; sent ones stay as history.
            conn.execute(delete(revisions).where(
                revisions.c.record_id == record_id, revisions.c.frozen_at.is_(None),
                revisions.c.id != record.accepted_revision_id))
            accepted = self._revision_row(conn, record.accepted_revision_id)
            self._update_record(conn, record, state=target,
                                current_revision_id=record.accepted_revision_id,
                                **self._derived(self.catalog.item(record.item_code),
                                                json.loads(accepted.payload)))
            self._audit(conn, [{"action": "cancel", "record_id": record_id,
                                "before_sha256": before,
                                "after_sha256": self._digest(conn, record_id)}])
            if case_id:
                self.objections._withdrawn(conn, record_id, case_id)
            return self._view(conn, record_id)

    # --- the sync engine's side -------------------------------------------------------------------

    def claim_outbox(self, limit: int = 100) -> list[OutboxOp]:
        """Take pending operations for sending: the outbox's state only (their records stay
        queued; their revisions were frozen when they were submitted)."""
        pending = (select(outbox.c.seq).where(outbox.c.state == "pending")
                   .order_by(outbox.c.seq).limit(limit))
        if not db.is_sqlite(self.engine):
            pending = pending.with_for_update()
        with self._write() as conn:
            rows = conn.execute(
                update(outbox).where(outbox.c.seq.in_(pending.scalar_subquery()))
                .values(state="sending", attempts=outbox.c.attempts + 1, updated_at=self._now())
                .returning(outbox.c.seq, outbox.c.idempotency_key, outbox.c.op,
                           outbox.c.record_id, outbox.c.revision_id, outbox.c.attempts)).all()
            bodies = dict(db.rows_in(conn, "SELECT seq, body FROM outbox_bodies", "seq",
                                     [row[0] for row in rows]))
        # Unpacked, not read by name: a Row's attribute access first fails as an ordinary
        # attribute (an AttributeError made and dropped), about 0.3 µs each.
        return [OutboxOp(seq, key, op, record_id, revision_id, bodies[seq], attempts)
                for seq, key, op, record_id, revision_id, attempts
                in sorted(rows, key=operator.itemgetter(0))]

    def release_in_flight(self, error: str = "上次同步中断") -> int:
        """Operations left 'sending' by a crash go back to the queue (same idempotency keys)."""
        with self._write() as conn:
            keys = list(conn.execute(select(outbox.c.idempotency_key)
                                     .where(outbox.c.state == "sending")).scalars())
            if keys:
                self._failed(conn, keys, error)
            return len(keys)

    def outbox_failed(self, keys: str | Sequence[str], error: str) -> None:
        """The operations did not get through (network, server down): they will be sent again."""
        with self._write() as conn:
            self._failed(conn, [keys] if isinstance(keys, str) else list(keys), error)

    def _failed(self, conn: Connection, keys: Sequence[str], error: str) -> None:
        rows = list(self._outbox_rows(conn, keys).values())
        conn.execute(update(outbox).where(outbox.c.seq == bindparam("k_seq")).values(
            state="pending", last_error=error[:2000], updated_at=self._now()),
            [{"k_seq": r.seq} for r in rows])
        # Records an older version marked "sending" go back to the queue; the rest are queued.
        recs, revs = loaded = self._load_many(
            conn, [r.record_id for r in rows if r.record_id is not None], payloads=False)
        self._transition_many(conn, [
            _Change(r.record_id, Event.SEND_FAILED, "send_failed", revision_id=r.revision_id,
                    detail={"error": error[:500]}) for r in rows
            if r.record_id in recs and recs[r.record_id]["state"] == State.SENDING], loaded)
        self._audit(conn, [{"action": "send_failed", "detail": canonical_json(
            {"operations": len(rows), "error": error[:500]})}])

    def outbox_result(self, idempotency_key: str, outcome: str,
                      reasons: Sequence[Mapping[str, Any]] = ()) -> RecordView | None:
        """The central system's answer to one operation (see :meth:`outbox_results`)."""
        record_id = self.outbox_results([(idempotency_key, outcome, reasons)])[0]
        return self.get(record_id) if record_id else None

    def outbox_results(self, answers: Sequence[tuple[str | OutboxOp, str,
                                                     Sequence[Mapping[str, Any]]]]
                       ) -> list[str | None]:
        """Answers (operation, outcome, reasons) for sent operations, in one transaction.

        The operation is its idempotency key, or the OutboxOp that :meth:`claim_outbox` gave
        (a sync's path: what the store needs of it is in hand, and is not read again).
        outcome: ``submitted`` (received, awaiting review), ``accepted``, ``rejected`` or
        ``conflict`` (a correction based on a stale revision: kept on a conflict list).
        """
        if not answers:
            return []
        with self._write() as conn:
            rows = self._answered_rows(conn, [op for op, _, _ in answers])
            keyed = [(op if isinstance(op, str) else op.idempotency_key, outcome, reasons)
                     for op, outcome, reasons in answers]
            now = self._now()
            texts: dict[str, str] = {}  # outcome → its text without reasons (most answers)

            def result_text(outcome: str, reasons: Sequence[Mapping[str, Any]]) -> str:
                if reasons:
                    return canonical_json({"outcome": outcome, "reasons": list(reasons)})
                if outcome not in texts:
                    texts[outcome] = canonical_json({"outcome": outcome, "reasons": []})
                return texts[outcome]

            written = _executemany(
                conn, "UPDATE outbox SET state = {}, result = {}, updated_at = {} "
                "WHERE seq = {} AND idempotency_key = {}", [
                    ("conflict" if outcome == "conflict" else "done",
                     result_text(outcome, reasons), now, rows[key].seq, key)
                    for key, outcome, reasons in keyed])
            if written != len(answers):  # an operation given in hand is no longer there
                raise NotFoundError(f"有 {len(answers) - written} 个待发送操作已不在队列中"
                                    "（可能另有一次同步正在进行）；这批答复没有保存，"
                                    "下次同步时会重新发送，不会重复报送")
            self._apply_outcomes(conn, [(row.record_id, row.revision_id, outcome, reasons)
                                        for key, outcome, reasons in keyed
                                        if (row := rows[key]).record_id is not None],
                                 answered=True)
            cases = [(json.loads(case_body), outcome, reasons)
                     for key, outcome, reasons in keyed
                     if (case_body := rows[key].case_body) is not None]
            if cases:
                self.objections._results(conn, cases)
            return [rows[key].record_id for key, _, _ in keyed]

    def apply_review(self, revision_id: str, accepted: bool,
                     reasons: Sequence[Mapping[str, Any]] = ()) -> RecordView:
        """A review result from the feed for a submitted revision."""
        with self._write() as conn:
            revision = conn.execute(select(revisions.c.record_id).where(
                revisions.c.id == revision_id)).one_or_none()
            if revision is None:
                raise NotFoundError(f"找不到版本 {revision_id}")
            self._apply_outcomes(conn, [(revision.record_id, revision_id,
                                         "accepted" if accepted else "rejected", reasons)])
            return self._view(conn, revision.record_id)

    def _apply_outcomes(self, conn: Connection,
                        items: Sequence[tuple[str, str | None, str, Sequence[Mapping[str, Any]]]],
                        *, skipped: list[str] | None = None, answered: bool = False
                        ) -> list[str]:
        """Turn answers into transitions; answers about superseded revisions are ignored.

        With ``skipped`` (the feed), an answer the record's state cannot take is noted there
        instead of refusing the whole batch. ``answered``: answers to sent operations, whose
        revisions are frozen if they are not yet (queued by a version that froze at the first
        send; those of this version were frozen when submitted, and nothing is written).
        """
        loaded = self._load_many(conn, [record_id for record_id, _, _, _ in items],
                                 payloads=False)
        records_, revisions_ = loaded
        changes: list[_Change] = []
        for record_id, revision_id, outcome, reasons in items:
            record = records_.get(record_id)
            if record is None or revision_id is None \
                    or revision_id != record["current_revision_id"]:
                if skipped is not None:
                    skipped.append(f"记录 {record_id} 的审核结果针对的不是其当前版本，已忽略")
                continue
            retraction = False
            for revision in revisions_[record_id]:
                if revision["id"] == revision_id:
                    retraction = revision["kind"] == "retraction"
                    break
            freeze = revision_id if answered else None
            if outcome == "submitted":
                changes.append(_Change(record_id, Event.DELIVER, "delivered",
                                       revision_id=revision_id, freeze=freeze))
            elif outcome == "accepted":
                changes.append(_Change(
                    record_id, Event.ACCEPT_RETRACTION if retraction else Event.ACCEPT,
                    "accepted", revision_id=revision_id, freeze=freeze,
                    values={"accepted_revision_id": revision_id, "server_reasons": None}))
            elif outcome in ("rejected", "conflict"):
                values: dict[str, Any] = {"server_reasons": canonical_json(list(reasons))}
                if retraction:  # the accepted revision is still in force
                    values["current_revision_id"] = record["accepted_revision_id"]
                changes.append(_Change(
                    record_id, Event.REJECT_RETRACTION if retraction else Event.REJECT,
                    outcome, revision_id=revision_id, values=values, freeze=freeze,
                    detail={"reasons": list(reasons)}))
            else:
                raise StoreError(f"未知的处理结果：{outcome}")
        if skipped is not None:
            changes = self._applicable(changes, records_, skipped)
        self._transition_many(conn, changes, loaded)
        return [c.record_id for c in changes]

    @staticmethod
    def _applicable(changes: list[_Change], records_: Mapping[str, Mapping[str, Any]],
                    skipped: list[str]) -> list[_Change]:
        kept = []
        for change in changes:
            state = State(records_[change.record_id]["state"])
            # A queued record takes only the answer to its operation (outbox_results): the
            # feed cannot review what the client has not yet recorded as delivered.
            if state != State.QUEUED and (state, change.event) in TRANSITIONS:
                kept.append(change)
            else:
                skipped.append(f"记录 {change.record_id} 处于“{state.label}”状态，"
                               f"不能{change.event.label}，已忽略")
        return kept

    # --- the feed ---------------------------------------------------------------------------

    def feed_cursor(self) -> str | None:
        with db.reading(self.engine) as conn:
            return self._meta_get(conn, "feed_cursor")

    def apply_feed(self, events: Sequence[Mapping[str, Any]], cursor: str) -> FeedResult:
        """Apply a page of feed events and store the new cursor, in one transaction."""
        result = FeedResult()
        with self._write() as conn:
            reviews: list[tuple[str, str | None, str, Sequence[Mapping[str, Any]]]] = []

            def flush() -> None:
                applied = set(self._apply_outcomes(conn, reviews, skipped=result.skipped))
                for record_id, _, outcome, _ in reviews:
                    if record_id in applied:
                        if outcome == "accepted":
                            result.reviews_accepted += 1
                        else:
                            result.reviews_rejected += 1
                reviews.clear()

            for event in events:
                kind = event.get("type")
                if kind == "review":
                    reviews.append((str(event["record_id"]), event.get("revision_id"),
                                    str(event["result"]), event.get("reasons") or []))
                    continue
                flush()
                if kind == "catalog_published":
                    result.catalog_version = str(event.get("version"))
                    continue
                record_id = str(event.get("record_id") or "")
                if kind == "notice":
                    self.objections._receive(conn, event, result)
                    continue
                if kind == "case_closed":
                    self.objections._close(conn, event, result)
                    continue
                if kind == "disclosure_ended":
                    change = _Change(record_id, Event.END_DISCLOSURE, "disclosure_ended")
                else:
                    result.skipped.append(f"未知的事件类型“{kind}”，已忽略")
                    continue
                loaded = self._load_many(conn, [record_id])
                if record_id not in loaded[0]:
                    result.skipped.append(f"本机没有记录 {record_id}（{kind}），已忽略")
                    continue
                self._transition_many(conn, self._applicable([change], loaded[0],
                                                             result.skipped), loaded)
            flush()
            self._meta_set(conn, "feed_cursor", cursor)
            result.applied = len(events)
        return result

    def _meta_get(self, conn: Connection, key: str) -> str | None:
        value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()
        return None if value is None else str(value)

    def _meta_set(self, conn: Connection, key: str, value: str) -> None:
        if conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount == 0:
            conn.execute(insert(meta).values(key=key, value=value))

    def pending_outbox_bodies(self) -> list[dict[str, Any]]:
        """Bodies of operations not yet answered (the sync engine looks for attachments)."""
        with db.reading(self.engine) as conn:
            return [json.loads(body) for body in conn.execute(
                select(outbox_bodies.c.body).join(outbox)
                .where(outbox.c.state.in_(("pending", "sending")))
                .order_by(outbox.c.seq)).scalars()]

    def pending_attachments(self) -> list[str]:
        """SHA-256s of the evidence files that unanswered operations refer to, in queue order.

        Streamed, and only bodies that mention attachments are parsed: a sync with 100,000
        queued operations does not hold them all in memory (~450 MB) to find none.
        """
        wanted: list[str] = []
        with db.reading(self.engine) as conn:
            for body in conn.execute(
                    select(outbox_bodies.c.body).join(outbox)
                    .where(outbox.c.state.in_(("pending", "sending")),
                           outbox_bodies.c.body.contains('"attachments"'))
                    .order_by(outbox.c.seq).execution_options(yield_per=1000)).scalars():
                wanted += [str(sha) for sha in json.loads(body).get("attachments", [])]
        return list(dict.fromkeys(wanted))

    def conflicts(self) -> list[OutboxOp]:
        """Operations the centre answered with a conflict: kept for the clerk to resolve."""
        with db.reading(self.engine) as conn:
            rows = conn.execute(select(outbox, outbox_bodies.c.body).join(outbox_bodies)
                                .where(outbox.c.state == "conflict")
                                .order_by(outbox.c.seq)).all()
        return [OutboxOp(r.seq, r.idempotency_key, r.op, r.record_id, r.revision_id,
                         r.body, r.attempts) for r in rows]

    @staticmethod
    def _outbox_rows(conn: Connection, keys: Sequence[str]) -> dict[str, _OutboxRow]:
        """The operations with these idempotency keys (locked), by key; a body is read only
        where it answers an objection case (the only use of it once sent): an answer, or a
        change whose revision names a case (revisions.case_id: bodies carry it since 0006, as
        the revision does). The other bodies' pages are not read at all."""
        rows = {key: _OutboxRow(*rest) for key, *rest in db.rows_in(
            conn, "SELECT o.idempotency_key, o.seq, o.record_id, o.revision_id, CASE WHEN "
            "o.op = 'answer' OR EXISTS (SELECT 1 FROM revisions r WHERE r.id = o.revision_id "
            "AND r.case_id IS NOT NULL) THEN (SELECT b.body FROM outbox_bodies b "
            "WHERE b.seq = o.seq) END FROM outbox o", "o.idempotency_key", keys, lock=True)}
        missing = [key for key in keys if key not in rows]
        if missing:
            raise NotFoundError(f"找不到待发送操作 {missing[0]}")
        return rows

    @staticmethod
    def _answered_rows(conn: Connection, ops: Sequence[str | OutboxOp]) -> dict[str, _OutboxRow]:
        """:meth:`_outbox_rows` for operations given as claimed (OutboxOp, with their bodies)
        or by key. A claimed one answers a case where it is an answer, or a change whose body
        names the case (as its revision does: both carry case_id since 0006)."""
        rows = Store._outbox_rows(conn, [op for op in ops if isinstance(op, str)])
        for op in ops:
            if isinstance(op, str):
                continue
            answers_case = op.op == "answer" or (
                '"case_id"' in op.body_json and op.body.get("case_id") is not None)
            rows[op.idempotency_key] = _OutboxRow(op.seq, op.record_id, op.revision_id,
                                                  op.body_json if answers_case else None)
        return rows

    # --- state changes, one or many at a time ---------------------------------------------

    def _load_many(self, conn: Connection, record_ids: Sequence[str], *,
                   payloads: bool = True) -> _Loaded:
        """Records and their revisions as dicts, for digests and batched transitions.

        Without ``payloads`` the revisions' payload and draft_input (the bulk of the bytes,
        not needed for digests or state changes) are left out (plain SQL: db.rows_in).
        """
        recs: dict[str, dict[str, Any]] = {}
        revs: dict[str, list[dict[str, Any]]] = {}
        rec_names = [c.name for c in records.c]
        rev_names = [c.name for c in revisions.c
                     if payloads or c.name not in ("payload", "draft_input")]
        for row in db.rows_in(conn, f"SELECT {', '.join(rec_names)} FROM records", "id",
                              record_ids, lock=True):
            record = dict(zip(rec_names, row, strict=True))
            recs[record["id"]] = record
        for row in db.rows_in(conn, f"SELECT {', '.join(rev_names)} FROM revisions",
                              "record_id", record_ids):
            revision = dict(zip(rev_names, row, strict=True))
            revs.setdefault(revision["record_id"], []).append(revision)
        return recs, revs

    def _transition(self, conn: Connection, record_id: str, event: Event, action: str, *,
                    revision_id: str | None = None, reason: str | None = None,
                    values: Mapping[str, Any] | None = None,
                    detail: Mapping[str, Any] | None = None) -> None:
        self._transition_many(conn, [_Change(record_id, event, action, revision_id, reason,
                                             dict(values or {}), dict(detail or {}))])

    def _transition_many(self, conn: Connection, changes: Sequence[_Change],
                         loaded: _Loaded | None = None) -> None:
        """Apply lifecycle events to many records: one read, one write per table, one audit append.

        Every event goes through next_state; any refused event rolls the whole batch back.
        """
        if not changes:
            return
        recs, revs = loaded or self._load_many(conn, [c.record_id for c in changes],
                                               payloads=False)
        now = self._now()
        entries: list[dict[str, Any]] = []
        updated: dict[str, dict[str, Any]] = {}
        frozen: list[str] = []
        # (stored state, event) → (state, target, the detail of a change with no more to say):
        # a batch's changes mostly share one, worked out once.
        moves: dict[tuple[str, Event], tuple[State, State, str]] = {}
        for change in changes:
            record = recs.get(change.record_id)
            if record is None:
                raise NotFoundError(f"找不到记录 {change.record_id}")
            history = revs.setdefault(change.record_id, [])
            move = moves.get((record["state"], change.event))
            if move is None:
                state = State(record["state"])
                target = next_state(state, change.event)
                move = moves[record["state"], change.event] = (state, target, canonical_json(
                    {"from": state.value, "to": target.value}))
            state, target, detail = move
            revisions_text = revisions_serial(history)
            texts = record_texts(record)
            before = record_digest(texts, revisions_text)
            for revision in history:
                if revision["id"] == change.freeze and revision["frozen_at"] is None:
                    revision["frozen_at"] = now
                    frozen.append(revision["id"])
                    revisions_text = revisions_serial(history)  # changed
            values = {"state": target.value, "updated_at": now, "updated_by": self.actor,
                      "row_version": record["row_version"] + 1}
            if change.values:
                values.update(change.values)
            record.update(values)
            retext(texts, values)
            updated.setdefault(change.record_id, {}).update(values)
            if change.detail:
                detail = canonical_json({"from": state.value, "to": target.value}
                                        | change.detail)
            entries.append({
                "action": change.action, "record_id": change.record_id,
                "revision_id": change.revision_id, "before_sha256": before,
                "after_sha256": record_digest(texts, revisions_text),
                "reason": change.reason, "detail": detail})
        if frozen:
            _executemany(conn, "UPDATE revisions SET frozen_at = {} WHERE id = {}",
                         [(now, rid) for rid in frozen])
        # One statement per set of changed columns (never fewer than the four above, so the
        # itemgetter gives a tuple), each row found by its seq: the table's own key, no look-up
        # in the index of ids.
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        sorted_columns: dict[tuple[str, ...], tuple[tuple[str, ...], Any]] = {}
        for record_id, values in updated.items():
            names = tuple(values)
            found = sorted_columns.get(names)
            if found is None:
                columns = tuple(sorted(names))
                found = sorted_columns[names] = (columns, operator.itemgetter(*columns))
            columns, pick = found
            by_columns.setdefault(columns, []).append((*pick(values), recs[record_id]["seq"]))
        for columns, rows in by_columns.items():
            _executemany(conn, "UPDATE records SET " + ", ".join(f"{c} = {{}}" for c in columns)
                         + " WHERE seq = {}", rows)
        self._audit(conn, entries)

    # --- after acceptance: the end of disclosure (objections: store.objections) ---------

    def end_disclosure(self, record_id: str) -> RecordView:
        """Art. 18: 公示期满，终止公开，转为档案保存."""
        with self._write() as conn:
            self._transition(conn, record_id, Event.END_DISCLOSURE, "disclosure_ended")
            return self._view(conn, record_id)

    # --- reading ---------------------------------------------------------------------------------

    def _select_views(self) -> Any:
        return select(records, revisions.c.number.label("revision_number")).join(
            revisions, revisions.c.id == records.c.current_revision_id)

    def _view(self, conn: Connection, record_id: str,
              soon: str | None = None) -> RecordView:
        row = conn.execute(self._select_views().where(records.c.id == record_id)).one_or_none()
        if row is None:
            raise NotFoundError(f"找不到记录 {record_id}")
        return self._to_view(row, soon or self._soon_limit())

    def _soon_limit(self) -> str:
        return self.calendar.add_working_days(self.clock.today(),
                                              DUE_SOON_WORKING_DAYS).date.isoformat()

    def _to_view(self, row: Row[Any], soon: str) -> RecordView:
        state = State(row.state)
        deadline = None
        if state in UNSENT and row.reporting_due:
            if row.reporting_due < self.clock.today().isoformat():
                deadline = "overdue"
            elif row.reporting_due <= soon:
                deadline = "due_soon"
        return RecordView(
            seq=row.seq, id=row.id, item_code=row.item_code, state=state,
            resolution=row.resolution, revision_number=row.revision_number,
            current_revision_id=row.current_revision_id,
            accepted_revision_id=row.accepted_revision_id, catalog_version=row.catalog_version,
            subject_name=row.subject_name, subject_code=row.subject_code,
            subject_is_person=bool(row.subject_is_person), document_number=row.document_number,
            decision_date=row.decision_date, reporting_due=row.reporting_due,
            reporting_due_estimated=bool(row.reporting_due_estimated),
            disclosure_end=row.disclosure_end,
            server_reasons=tuple(json.loads(row.server_reasons or "[]")),
            created_at=row.created_at, created_by=row.created_by, updated_at=row.updated_at,
            updated_by=row.updated_by, deadline=deadline,
        )

    def get(self, record_id: str) -> RecordView:
        with db.reading(self.engine) as conn:
            return self._view(conn, record_id)

    def revision_history(self, record_id: str) -> list[RevisionView]:
        with db.reading(self.engine) as conn:
            self._load(conn, record_id)
            rows = conn.execute(select(revisions).where(revisions.c.record_id == record_id)
                                .order_by(revisions.c.number)).all()
        return [_revision_view(r) for r in rows]

    def current_revision(self, record_id: str) -> RevisionView:
        with db.reading(self.engine) as conn:
            record = self._load(conn, record_id)
            return _revision_view(self._revision_row(conn, record.current_revision_id))

    def list_records(self, *, states: Iterable[State] | None = None, item: str | None = None,
                     search: str | None = None, decided_from: str | None = None,
                     decided_to: str | None = None, overdue: bool = False,
                     order: str = "created", descending: bool = True,
                     before: Any = None, limit: int = 50) -> Page:
        """Keyset-paginated records (newest first by default): pass ``next_cursor`` back as
        ``before``. ``order`` is one of ORDERS; ties are broken by creation order."""
        query = self._select_views()
        conditions: list[ColumnElement[bool]] = []
        if states is not None:
            conditions.append(records.c.state.in_([State(s).value for s in states]))
        if item:
            conditions.append(records.c.item_code == item)
        if decided_from:
            conditions.append(records.c.decision_date >= decided_from)
        if decided_to:
            conditions.append(records.c.decision_date <= decided_to)
        if overdue:
            conditions.append(records.c.state.in_([s.value for s in UNSENT]))
            conditions.append(records.c.reporting_due < self.clock.today().isoformat())
        text_ = (search or "").strip()
        if order not in ORDERS:
            raise StoreError(f"unknown order {order!r}")
        if text_:
            query, seq_key = self._search(query, conditions, text_)
        else:
            seq_key = records.c.seq
        if order == "created":
            keys: tuple[Any, ...] = (seq_key,)
        else:
            keys = (func.coalesce(ORDERS[order], ""), seq_key)
        if before is not None:
            cursor = before if isinstance(before, tuple | list) else (before,)
            row_key = tuple_(*keys) if len(keys) > 1 else keys[0]
            value = tuple_(*cursor) if len(keys) > 1 else cursor[0]
            conditions.append(row_key < value if descending else row_key > value)
        ordering = [k.desc() if descending else k.asc() for k in keys]
        state_values = [State(s).value for s in states] if states is not None else []
        if order == "created" and not text_ and len(state_values) > 1:
            # ``state IN (...) ORDER BY seq`` makes SQLite sort every match in a temporary
            # B-tree (~200 ms for 100,000 records to send); one index walk per state on
            # (state, seq), each limited, then merged, reads only the page.
            per_state = [select(records.c.seq).where(
                *conditions, records.c.state == value).order_by(*ordering).limit(limit + 1)
                .subquery() for value in state_values]
            merged = union_all(*(select(sub.c.seq) for sub in per_state)).subquery()
            conditions.append(records.c.seq.in_(select(merged.c.seq)))
        query = query.where(*conditions).order_by(*ordering).limit(limit + 1)
        soon = self._soon_limit()
        with db.reading(self.engine) as conn:
            rows = conn.execute(query).all()
        views = tuple(self._to_view(r, soon) for r in rows[:limit])
        next_cursor: Any = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = last.seq if order == "created" else (
                getattr(last, ORDERS[order].key) or "", last.seq)
        return Page(views, next_cursor)

    def _search(self, query: Any, conditions: list[ColumnElement[bool]],
                text_: str) -> tuple[Any, Any]:
        if db.is_sqlite(self.engine) and len(text_) >= _MIN_TRIGRAM:
            # FTS5 trigram: newest matches first straight from the index.
            phrase = '"' + text_.replace('"', '""') + '"'
            query = query.join(_fts, _fts.c.rowid == records.c.seq)
            conditions.append(literal_column("record_search").op("MATCH")(phrase))
            return query, _fts.c.rowid
        if db.is_sqlite(self.engine) and len(text_) == 2 and text_.isalnum():
            # Two letters or digits (贸易, 阳江): the bigram index (migration 0003).
            query = query.join(_bigrams, _bigrams.c.rowid == records.c.seq)
            conditions.append(literal_column("record_bigrams").op("MATCH")(
                '"' + text_.lower() + '"'))
            return query, _bigrams.c.rowid
        # Anything else this short (one character, punctuation): scan the plain column.
        # SQLite 3.40 returns nothing for LIKE against the trigram table itself, so never
        # send it there.
        pattern = "%" + text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        operator = records.c.search_text.like if db.is_sqlite(self.engine) \
            else records.c.search_text.ilike
        conditions.append(operator(pattern, escape="\\"))
        return query, records.c.seq

    def changes(self, limit: int = 500) -> list[ChangeView]:
        """Corrections and retractions (art. 11), newest first, with their deadline and status."""
        query = (select(revisions.c.id, revisions.c.record_id, revisions.c.number,
                        revisions.c.kind, revisions.c.reason, revisions.c.legal_basis,
                        revisions.c.case_id, revisions.c.created_at, revisions.c.created_by,
                        revisions.c.frozen_at, records.c.item_code, records.c.subject_name,
                        records.c.document_number, records.c.state,
                        records.c.current_revision_id, records.c.accepted_revision_id,
                        records.c.reporting_due, records.c.reporting_due_estimated)
                 .join(records, records.c.id == revisions.c.record_id)
                 .where(revisions.c.kind.in_(("correction", "retraction")))
                 .order_by(revisions.c.created_at.desc(), revisions.c.number.desc())
                 .limit(limit))
        today = self.clock.today().isoformat()
        out = []
        with db.reading(self.engine) as conn:
            for row in conn.execute(query):
                state, current = State(row.state), row.id == row.current_revision_id
                if row.id == row.accepted_revision_id:
                    status = "accepted"
                elif current and state in (State.QUEUED, State.SENDING):  # SENDING: legacy
                    status = "queued"
                elif row.frozen_at is None:
                    status = "editing"
                elif current and state == State.SUBMITTED:
                    status = "submitted"
                elif current and state == State.REJECTED:
                    status = "rejected"
                else:
                    status = "superseded"
                due = row.reporting_due if current else None
                out.append(ChangeView(
                    record_id=row.record_id, revision_id=row.id, number=row.number,
                    kind=row.kind, item_code=row.item_code, subject_name=row.subject_name,
                    document_number=row.document_number, reason=row.reason,
                    legal_basis=row.legal_basis, case_id=row.case_id,
                    started_at=row.created_at, started_by=row.created_by, due=due,
                    due_estimated=bool(row.reporting_due_estimated) and current,
                    status=status, overdue=bool(due) and status in ("editing", "rejected")
                    and today > str(due)))
        return out

    def counts_by_state(self) -> dict[State, int]:
        with db.reading(self.engine) as conn:
            rows = conn.execute(select(records.c.state, func.count()).group_by(records.c.state))
            return {State(state): count for state, count in rows}

    def pending_operations(self) -> int:
        with db.reading(self.engine) as conn:
            return int(conn.execute(select(func.count()).select_from(outbox).where(
                outbox.c.state.in_(("pending", "sending")))).scalar_one())

    # --- deadlines and catalog changes --------------------------------------------------------

    def recompute_deadlines(self) -> int:
        """After a new calendar or catalog: reporting deadlines of records still owed."""
        changed = 0
        with self._write() as conn:
            rows = conn.execute(select(records.c.id, records.c.item_code, records.c.reporting_due,
                                       records.c.reporting_due_estimated, revisions.c.payload,
                                       revisions.c.kind, revisions.c.replaces_revision_id)
                                .join(revisions, revisions.c.id == records.c.current_revision_id)
                                .where(records.c.state.in_([s.value for s in UNSENT]))).all()
            for row in rows:
                try:
                    item = self.catalog.item(row.item_code)
                except LookupError:
                    continue
                if row.kind != "create":  # counted from when the change was first started
                    started = conn.execute(select(func.min(revisions.c.created_at)).where(
                        revisions.c.record_id == row.id, revisions.c.kind == row.kind,
                        revisions.c.replaces_revision_id == row.replaces_revision_id)
                    ).scalar_one()
                    change = self._change_due(item, started)
                    due, estimated = change["reporting_due"], change["reporting_due_estimated"]
                else:
                    due, estimated = self._reporting_due(item, json.loads(row.payload))
                if (due, estimated) != (row.reporting_due, bool(row.reporting_due_estimated)):
                    conn.execute(update(records).where(records.c.id == row.id).values(
                        reporting_due=due, reporting_due_estimated=estimated))
                    changed += 1
        return changed

    # --- audit verification and backup ------------------------------------------------------------

    def verify_audit(self) -> AuditReport:
        """Check the chain, and every record and revision against its last entry."""
        report = AuditReport()
        last_after: dict[str, tuple[int, str | None, str]] = {}
        with db.reading(self.engine) as conn:
            prev_hash, expected_seq = GENESIS, 1
            for row in conn.execute(select(audit).order_by(audit.c.seq)):
                entry = dict(row._mapping)
                report.entries += 1
                if row.seq != expected_seq:
                    report.broken(f"审计记录缺失：应为第 {expected_seq} 条，实为第 {row.seq} 条",
                                  expected_seq)
                elif row.prev_hash != prev_hash or entry_hash(prev_hash, entry) != row.hash:
                    report.broken(f"第 {row.seq} 条审计记录（{row.action}，{row.at}）被改动："
                                  "哈希与链不符", row.seq)
                if report.problems:
                    return report
                prev_hash, expected_seq = row.hash, row.seq + 1
                previous = last_after.get(row.record_id) if row.record_id else None
                if previous is not None and row.before_sha256 and previous[1] \
                        and row.before_sha256 != previous[1]:
                    # What the record was just before this change is not what the previous
                    # entry left: it was changed in between, outside the program.
                    report.broken(f"记录 {row.record_id} 在第 {previous[0]} 条与第 {row.seq} 条"
                                  "审计记录之间被改动过（可能在程序之外）", row.seq)
                if row.record_id is not None and (row.after_sha256 or row.action in _REMOVALS):
                    last_after[row.record_id] = (row.seq, row.after_sha256, row.action)
            head = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).one()
            if (head.seq, head.hash) != (expected_seq - 1, prev_hash):
                report.broken(f"审计链头与最后一条审计记录（第 {expected_seq - 1} 条）不符",
                              expected_seq - 1)
            revs: dict[str, list[dict[str, Any]]] = {}
            for rev in conn.execute(select(revisions).order_by(revisions.c.record_id)):
                revs.setdefault(rev.record_id, []).append(dict(rev._mapping))
                if sha256_text(rev.payload) != rev.payload_sha256:
                    report.broken(f"记录 {rev.record_id} 的第 {rev.number} 版内容与其哈希不符"
                                  "（可能在程序之外被改动）", last_after.get(rev.record_id,
                                                                   (None,))[0])
            for record in conn.execute(select(records).order_by(records.c.seq)):
                report.records += 1
                seq, after, action = last_after.get(record.id, (None, None, ""))
                if seq is None or action in _REMOVALS:
                    report.broken(f"记录 {record.id} 没有对应的审计记录（可能在程序之外被添加）")
                    continue
                digest = snapshot_digest(record._mapping, revs.get(record.id, []))
                if digest != after:
                    report.broken(f"记录 {record.id} 的当前内容与第 {seq} 条审计记录不符"
                                  "（可能在程序之外被改动）", seq)
            for record_id, (seq, _after, action) in last_after.items():
                if action not in _REMOVALS and record_id not in revs:
                    report.broken(f"第 {seq} 条审计记录所记的记录 {record_id} 已不存在"
                                  "（可能在程序之外被删除）", seq)
        return report

    def backup(self, destination: Path, passphrase: str | None = None) -> Path:
        """A consistent copy of the SQLite database, encrypted: with ``passphrase`` (to
        restore on any machine) or else with the data key (the same folder's key only)."""
        if passphrase is not None:
            keys.check_new_passphrase(passphrase)
        kind = "passphrase" if passphrase is not None else (
            "data_key" if self.key is not None else "plain")
        self.audit_event("backup", detail={"file": str(destination), "encryption": kind})
        if passphrase is not None:
            return db.export_encrypted(self.engine, destination, passphrase)
        return db.backup_sqlite(self.engine, destination)

    # --- catalog migration of unsent records ----------------------------------------------------

    def plan_catalog_change(self, new: Catalog) -> list[DraftChange]:
        """What moving unsent records to ``new`` would do, before anything changes."""
        plans: list[DraftChange] = []
        with db.reading(self.engine) as conn:
            rows = conn.execute(select(records.c.id, records.c.item_code,
                                       records.c.catalog_version, revisions.c.draft_input,
                                       revisions.c.payload)
                                .join(revisions, revisions.c.id == records.c.current_revision_id)
                                .where(records.c.state.in_([s.value for s in EDITABLE]),
                                       records.c.catalog_version != new.version)
                                .order_by(records.c.seq)).all()
        for row in rows:
            answers = json.loads(row.draft_input or row.payload)
            filled = {k for k, v in answers.items() if v not in (None, "", [])}
            if not any(i.code == row.item_code for i in new.items):
                plans.append(DraftChange(row.id, row.item_code, row.catalog_version,
                                         item_removed=True, dropped=tuple(sorted(filled))))
                continue
            new_validator = new.validator(row.item_code, clock=self.clock)
            new_fields = {f.name for f in new_validator.item.fields}
            old_required: set[str] = set()
            if any(i.code == row.item_code for i in self.catalog.items):
                old_states = self.validator(row.item_code).field_states(json.loads(row.payload))
                old_required = {k for k, s in old_states.items() if s.required}
            normalized = new_validator.validate(
                {k: v for k, v in answers.items() if k in new_fields}).normalized
            new_states = new_validator.field_states(normalized)
            newly_required = tuple(sorted(
                k for k, s in new_states.items()
                if s.required and k not in old_required and k not in filled))
            plans.append(DraftChange(row.id, row.item_code, row.catalog_version,
                                     item_removed=False,
                                     dropped=tuple(sorted(filled - new_fields)),
                                     newly_required=newly_required))
        return plans

    def apply_catalog_change(self, new: Catalog) -> list[DraftChange]:
        """Move unsent records to ``new`` in one transaction; dropped answers are audited."""
        plans = self.plan_catalog_change(new)
        old_catalog, old_validators = self.catalog, self._validators
        self.catalog, self._validators = new, {}
        try:
            with self._write() as conn:
                for plan in plans:
                    if plan.item_removed:
                        continue
                    record = self._load(conn, plan.record_id)
                    revision = _revision_view(self._revision_row(conn,
                                                                 record.current_revision_id))
                    answers = revision.draft_input or revision.payload
                    kept = {k: v for k, v in answers.items() if k not in plan.dropped}
                    dropped = "、".join(plan.dropped) or "无"
                    self._edit(conn, plan.record_id, kept,
                               f"目录更新到 {new.version}，删除的信息项：{dropped}",
                               {"catalog_from": plan.catalog_version, "catalog_to": new.version,
                                "dropped": list(plan.dropped)})
        except BaseException:
            self.catalog, self._validators = old_catalog, old_validators
            raise
        return plans


@dataclass(frozen=True, slots=True)
class ImportBatch:
    id: str
    file_sha256: str
    file_name: str
    item_code: str
    mode: str
    state: str
    rows_total: int
    rows_valid: int
    rows_invalid: int
    rows_duplicate: int
    rows_imported: int
    actor: str
    started_at: str
    finished_at: str | None


@dataclass(slots=True)
class FeedResult:
    """What one page of the feed did."""

    applied: int = 0
    reviews_accepted: int = 0
    reviews_rejected: int = 0
    notices: int = 0
    catalog_version: str | None = None
    skipped: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Change:
    """One lifecycle event for _transition_many."""

    record_id: str
    event: Event
    action: str
    revision_id: str | None = None
    reason: str | None = None
    values: dict[str, Any] | None = None
    detail: dict[str, Any] | None = None
    freeze: str | None = None  # a revision to freeze now, unless it is frozen already


# Records by id (every column, seq included) and their revisions by record id (_load_many).
_Loaded = tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]


class _OutboxRow(NamedTuple):
    seq: int
    record_id: str | None
    revision_id: str | None
    case_body: str | None  # the body, where the operation answers an objection case


def _insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert many rows; on SQLite through the driver's executemany with plain tuples, which
    skips SQLAlchemy's per-row parameter processing (a third of a bulk import's time).
    Returns the ``seq`` values of the new rows for tables that have one."""
    if not rows:
        return []
    has_seq = "seq" in table.c and "seq" not in rows[0]
    if conn.dialect.name != "sqlite":
        if has_seq:
            return list(conn.execute(insert(table).returning(table.c.seq), rows).scalars())
        conn.execute(insert(table), rows)
        return []
    names = list(rows[0])
    sql = _INSERT_SQL.get((table.name, tuple(names)))
    if sql is None:
        sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
               f"VALUES ({', '.join('?' for _ in names)})")
        _INSERT_SQL[(table.name, tuple(names))] = sql
    first = 0
    if has_seq:  # under the write lock, new rows take the next numbers
        first = int(conn.exec_driver_sql(f"SELECT coalesce(max(seq), 0) FROM {table.name}"
                                         ).scalar_one()) + 1
    # itemgetter builds each row's tuple in C; with one name it would give the bare value.
    values = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    conn.exec_driver_sql(sql, list(map(values, rows)))
    return list(range(first, first + len(rows))) if has_seq else []


_INSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}
# Below this, building the rest of a bulk insert on the helper thread costs more than it saves.
_OVERLAP_MIN_ROWS = 200


def _executemany(conn: Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> int:
    """One statement for many rows straight through the driver: SQLAlchemy's per-row
    parameter processing costs more than SQLite's work for these narrow statements.
    ``sql`` has ``{}`` where the placeholders go (qmark for SQLite, format for psycopg).
    Returns the number of rows the statements changed (both drivers add them up)."""
    if not rows:
        return 0
    mark = db.placeholder(conn)
    return int(conn.exec_driver_sql(sql.format(*([mark] * sql.count("{}"))), list(rows))
               .rowcount)


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True, slots=True)
class DraftChange:
    """One unsent record under a new catalog: what would be lost and what becomes required."""

    record_id: str
    item_code: str
    catalog_version: str
    item_removed: bool
    dropped: tuple[str, ...] = ()
    newly_required: tuple[str, ...] = ()


def _draft_input(raw: Mapping[str, Any], result: ValidationResult) -> str | None:
    """What the clerk typed, kept while it still has errors; a clean record is its payload."""
    return None if result.valid else canonical_json(dict(raw))


def _revision_view(row: Row[Any]) -> RevisionView:
    return RevisionView(
        id=row.id, record_id=row.record_id, number=row.number, kind=row.kind,
        replaces_revision_id=row.replaces_revision_id, catalog_version=row.catalog_version,
        payload=json.loads(row.payload), payload_sha256=row.payload_sha256,
        draft_input=json.loads(row.draft_input) if row.draft_input else None,
        reason=row.reason, legal_basis=row.legal_basis, created_at=row.created_at,
        created_by=row.created_by, frozen_at=row.frozen_at,
    )
