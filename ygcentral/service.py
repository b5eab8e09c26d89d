"""What the credit centre does, independent of HTTP: sessions, catalogs, operations, feed, review.

The FastAPI app (app.py) and the admin commands (cli.py) are two faces over this class.
Every operation is validated with the same catalog engine the client uses.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import operator
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, func, insert, select, text, update
from sqlalchemy.engine import Connection

from ygcentral import schema
from ygcentral.schema import (
    agencies,
    attachments,
    audit_alerts,
    cases,
    catalogs,
    devices,
    events,
    operations,
    records,
    revisions,
    tokens,
    users,
)
from ygcentral.security import hash_password, new_token, token_hash, verify_password
from ygclient.catalog import Catalog, CatalogError, Item, ItemValidator, parse_catalog
from ygclient.catalog.checkdigits import uscc_problems
from ygclient.catalog.workdays import DueDate, WorkCalendar
from ygclient.clock import SYSTEM_CLOCK, Clock
from ygclient.evidence import (
    MAX_EVIDENCE_BYTES,
    MAX_OPINION_CHARS,
    EvidenceError,
    check,
    media_type,
)
from ygclient.jsontext import compact_json, json_encoder
from ygclient.store.db import bind_plainly, placeholder, rows_in

MAX_BATCH = 1000
MAX_ATTACHMENT = MAX_EVIDENCE_BYTES  # the client checks the same limits
MAX_FAILED_LOGINS = 5
REFRESH_GRACE_SECONDS = 60
LOCK_BASE_SECONDS = 60  # doubles with every further lock-out
OPS = ("create", "correct", "retract", "answer")
# json.dumps(…, ensure_ascii=False, sort_keys=True) with the encoder made once: the spelling
# of version 1 operation digests (see _op_digest).
_sorted_json = json_encoder(sort_keys=True)

# Objection cases (art. 23–27).
CASE_STATES = ("filed", "materials_requested", "accepted", "referred", "answered", "closed")
OPEN_CASE_STATES = CASE_STATES[:-1]
CASE_RESULTS = ("corrected", "maintained", "revoked")
ANSWER_DAYS, EXTENDED_DAYS = 10, 20  # art. 26
# PostgreSQL advisory lock taken while a case number is given out (any constant of our own).
CASE_NUMBER_LOCK = 0x7967_6361_7365  # "ygcase"
CENTRE_DAYS = 3  # art. 24 (accept), 25 (verify), 27 (tell the applicant)
# The stage a case in each state is at, and the date its deadline counts from (None: no
# deadline — the applicant owes material, or the case is closed).
STAGES: dict[str, tuple[str, str | None]] = {
    "filed": ("accept", "filed_on"),
    "materials_requested": ("materials", None),
    "accepted": ("verify", "accepted_on"),
    "referred": ("provider", "sent_on"),
    "answered": ("reply", "answered_on"),
    "closed": ("closed", None),
}
CASE_STATE_LABELS = {"filed": "已登记", "materials_requested": "待补正材料", "accepted": "已受理",
                     "referred": "已发核查通知", "answered": "单位已答复", "closed": "已办结"}
CENTRE = ""  # the attachments.agency of files the centre holds itself (objection materials)


class ProblemError(Exception):
    """An RFC 9457 problem: the HTTP layer turns it into application/problem+json."""

    def __init__(self, status: int, code: str, title: str, detail: str,
                 headers: Mapping[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.headers = dict(headers or {})
        self.extra = extra


class Refused(ValueError):
    """An admin act the case's state does not allow (CLI exit 1); the message says why."""


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    agency: str
    user: str
    device: str


class Central:
    def __init__(self, engine: Engine, *, clock: Clock | None = None, access_ttl: int = 900,
                 refresh_ttl: int = 30 * 86400, auto_review: bool = False) -> None:
        self.engine = engine
        self.clock = clock or SYSTEM_CLOCK
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.auto_review = auto_review
        self._catalogs: dict[str, Catalog] = {}
        self._calendars: dict[str | None, WorkCalendar] = {}
        self._validators: dict[tuple[str, str], ItemValidator] = {}

    @classmethod
    def open(cls, url: str, **options: Any) -> Central:
        return cls(open_engine(url), **options)

    def close(self) -> None:
        self.engine.dispose()

    # --- plumbing -----------------------------------------------------------------

    def _now(self) -> dt.datetime:
        return self.clock.now()

    def _stamp(self, delta: float = 0) -> str:
        return (self._now() + dt.timedelta(seconds=delta)).isoformat(timespec="seconds")

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # --- administration -------------------------------------------------------------

    def create_agency(self, code: str, name: str) -> None:
        code = code.strip().upper()
        problems = uscc_problems(code)
        if problems:
            raise ValueError(f"机构代码 {code} 不是有效的统一社会信用代码：{problems[0].message}")
        if not name.strip():
            raise ValueError("机构名称不能为空")
        with self._write() as conn:
            if conn.execute(select(agencies.c.code).where(agencies.c.code == code)).first():
                raise ValueError(f"机构 {code} 已存在")
            conn.execute(insert(agencies).values(code=code, name=name.strip(),
                                                 created_at=self._stamp()))

    def create_user(self, agency: str, name: str, password: str) -> None:
        if len(password) < 8:
            raise ValueError("密码至少 8 个字符")
        with self._write() as conn:
            if not conn.execute(select(agencies.c.code).where(agencies.c.code == agency)).first():
                raise ValueError(f"没有机构 {agency}，请先用 create-agency 创建")
            if conn.execute(select(users.c.id).where(users.c.agency == agency,
                                                     users.c.name == name)).first():
                raise ValueError(f"机构 {agency} 已有用户 {name}")
            conn.execute(insert(users).values(
                agency=agency, name=name, password_hash=hash_password(password),
                failed_logins=0, lockouts=0, created_at=self._stamp()))

    def publish_catalog(self, raw: bytes) -> str:
        """Check a catalog with the shared loader and make it the current one."""
        catalog = parse_catalog(raw, source="目录文件")  # CatalogError names item and field
        body = json.dumps(catalog.raw, ensure_ascii=False, sort_keys=True)
        etag = '"' + hashlib.sha256(body.encode("utf-8")).hexdigest() + '"'
        with self._write() as conn:
            if conn.execute(select(catalogs.c.version).where(
                    catalogs.c.version == catalog.version)).first():
                raise ValueError(f"目录版本 {catalog.version} 已发布过；新目录须使用新的版本号")
            conn.execute(update(catalogs).values(current=False))
            conn.execute(insert(catalogs).values(version=catalog.version, etag=etag, body=body,
                                                 published_at=self._stamp(), current=True))
            codes = list(conn.execute(select(agencies.c.code)).scalars())
            self._emit(conn, [(code, "catalog_published", {"version": catalog.version})
                              for code in codes])
        self._catalogs[catalog.version] = catalog
        return catalog.version

    def list_records(self, agency: str | None = None) -> list[dict[str, Any]]:
        query = select(records, revisions.c.number).join(
            revisions, revisions.c.id == records.c.current_revision_id).order_by(
            records.c.updated_at, records.c.id)
        if agency:
            query = query.where(records.c.agency == agency)
        with self.engine.connect() as conn:
            return [{"id": r.id, "item": r.item, "state": r.state, "revision": r.number,
                     "revision_id": r.current_revision_id, "agency": r.agency,
                     "subject_name": r.subject_name, "document_number": r.document_number,
                     "updated_at": r.updated_at} for r in conn.execute(query)]

    def revisions_of(self, record_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(revisions).where(revisions.c.record_id == record_id)
                                .order_by(revisions.c.number)).all()
        return [dict(r._mapping) | {"payload": json.loads(r.payload)} for r in rows]

    def review(self, record_id: str, accept: bool, reasons: Sequence[str] = ()) -> str:
        """The centre's decision on a submitted revision; the agency learns it from the feed."""
        if not accept and not any(r.strip() for r in reasons):
            raise ValueError("退回须说明理由")
        with self._write() as conn:
            record = conn.execute(select(records).where(records.c.id == record_id)
                                  .with_for_update()).one_or_none()
            if record is None:
                raise ValueError(f"没有记录 {record_id}")
            if record.state != "submitted":
                raise ValueError(f"记录 {record_id} 的状态为 {record.state}，没有待审核的版本")
            return self._review(conn, record, accept,
                                [{"message": r.strip()} for r in reasons if r.strip()])

    def _review(self, conn: Connection, record: Any, accept: bool,
                reasons: list[dict[str, Any]]) -> str:
        revision = conn.execute(select(revisions).where(
            revisions.c.id == record.current_revision_id)).one()
        now = self._stamp()
        retraction = revision.kind == "retraction"
        if accept:
            state = "retracted" if retraction else "accepted"
            values: dict[str, Any] = {"state": state, "accepted_revision_id": revision.id}
        elif retraction or revision.kind == "correction":
            # The revision in force stays in force.
            state = "accepted" if record.accepted_revision_id else "rejected"
            values = {"state": state}
        else:
            state, values = "rejected", {"state": "rejected"}
        conn.execute(update(revisions).where(revisions.c.id == revision.id).values(
            status="accepted" if accept else "rejected", reviewed_at=now,
            review_reasons=json.dumps(reasons, ensure_ascii=False)))
        conn.execute(update(records).where(records.c.id == record.id).values(
            updated_at=now, **values))
        self._emit(conn, [(record.agency, "review", {
            "record_id": record.id, "revision_id": revision.id,
            "result": "accepted" if accept else "rejected", "reasons": reasons})])
        return state

    def audit_alerts(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(audit_alerts).order_by(audit_alerts.c.id))]

    # --- sessions -------------------------------------------------------------------------

    def login(self, agency: str, user: str, password: str, device: str) -> dict[str, Any]:
        # A failed attempt is counted in a transaction that commits; then the problem is raised.
        with self._write() as conn:
            outcome = self._login(conn, agency, user, password, device)
        if isinstance(outcome, ProblemError):
            raise outcome
        return outcome

    def _login(self, conn: Connection, agency: str, user: str, password: str,
               device: str) -> dict[str, Any] | ProblemError:
        row = conn.execute(select(users).where(users.c.agency == agency,
                                               users.c.name == user)
                           .with_for_update()).one_or_none()
        now = self._now()
        if row is not None and row.locked_until and \
                dt.datetime.fromisoformat(row.locked_until) > now:
            wait = int((dt.datetime.fromisoformat(row.locked_until) - now).total_seconds()) + 1
            return _locked(wait)
        if row is None or not verify_password(password, row.password_hash):
            if row is not None:
                failed = row.failed_logins + 1
                values: dict[str, Any] = {"failed_logins": failed}
                if failed >= MAX_FAILED_LOGINS:
                    seconds = LOCK_BASE_SECONDS * 2 ** row.lockouts
                    values = {"failed_logins": 0, "lockouts": row.lockouts + 1,
                              "locked_until": self._stamp(seconds)}
                conn.execute(update(users).where(users.c.id == row.id).values(values))
                if failed >= MAX_FAILED_LOGINS:
                    return _locked(seconds)
                left = MAX_FAILED_LOGINS - failed
                return ProblemError(401, "invalid-credentials", "登录失败",
                                    f"机构代码、用户名或密码不正确（再错 {left} 次将锁定账户）",
                                    attempts_left=left)
            return ProblemError(401, "invalid-credentials", "登录失败",
                                "机构代码、用户名或密码不正确")
        conn.execute(update(users).where(users.c.id == row.id).values(
            failed_logins=0, lockouts=0, locked_until=None))
        device_row = conn.execute(select(devices).where(devices.c.id == device)).one_or_none()
        if device_row is not None and device_row.revoked:
            return ProblemError(403, "device-revoked", "设备已停用",
                                "这台设备已被市信用中心停用，请联系管理员")
        if device_row is None:
            conn.execute(insert(devices).values(id=device, agency=agency, user_name=user,
                                                last_seen=self._stamp(), revoked=False))
        return self._issue(conn, row.id, agency, user, device)

    def _issue(self, conn: Connection, user_id: int, agency: str, user: str,
               device: str) -> dict[str, Any]:
        access, refresh = new_token(), new_token()
        conn.execute(insert(tokens), [
            {"token_hash": token_hash(access), "kind": "access", "user_id": user_id,
             "device": device, "expires_at": self._stamp(self.access_ttl), "revoked": False},
            {"token_hash": token_hash(refresh), "kind": "refresh", "user_id": user_id,
             "device": device, "expires_at": self._stamp(self.refresh_ttl), "revoked": False},
        ])
        name = conn.execute(select(agencies.c.name).where(agencies.c.code == agency)).scalar()
        return {"access_token": access, "token_type": "Bearer", "expires_in": self.access_ttl,
                "refresh_token": refresh, "refresh_expires_in": self.refresh_ttl,
                "agency": {"code": agency, "name": name}, "user": user}

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        with self._write() as conn:
            row = self._token(conn, refresh_token, "refresh")
            # Rotation: a refresh token is replaced by its answer. If that answer is lost on
            # the way, the client retries with the old one, so it stays usable for a minute.
            grace = self._stamp(REFRESH_GRACE_SECONDS)
            if row.expires_at > grace:
                conn.execute(update(tokens).where(tokens.c.token_hash == row.token_hash)
                             .values(expires_at=grace))
            user = conn.execute(select(users).where(users.c.id == row.user_id)).one()
            return self._issue(conn, user.id, user.agency, user.name, row.device)

    def logout(self, principal: Principal) -> None:
        with self._write() as conn:
            conn.execute(update(tokens).where(tokens.c.user_id == principal.user_id,
                                              tokens.c.device == principal.device)
                         .values(revoked=True))

    def authenticate(self, access_token: str) -> Principal:
        with self.engine.connect() as conn:
            row = self._token(conn, access_token, "access")
        return Principal(row.user_id, row.agency, row.name, row.device)

    def _token(self, conn: Connection, token: str, kind: str) -> Any:
        """The token's row with its user's agency and name (one query: every request asks)."""
        row = conn.execute(
            select(tokens, users.c.agency, users.c.name,
                   devices.c.revoked.label("device_revoked"))
            .join(users, users.c.id == tokens.c.user_id)
            .outerjoin(devices, devices.c.id == tokens.c.device)
            .where(tokens.c.token_hash == token_hash(token), tokens.c.kind == kind)
        ).one_or_none()
        if row is not None and row.device_revoked:
            raise ProblemError(403, "device-revoked", "设备已停用",
                               "这台设备已被市信用中心停用，请联系管理员")
        expired = row is not None and dt.datetime.fromisoformat(row.expires_at) <= self._now()
        if row is None or row.revoked or expired:
            code = "token-expired" if expired else "invalid-token"
            raise ProblemError(401, code, "登录已失效", "登录已过期或已注销，请重新登录",
                               headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return row

    def revoke_device(self, device: str) -> int:
        """A lost laptop: its tokens stop working at once, and it cannot log in again."""
        with self._write() as conn:
            found = conn.execute(update(devices).where(devices.c.id == device)
                                 .values(revoked=True)).rowcount
            conn.execute(update(tokens).where(tokens.c.device == device).values(revoked=True))
            return int(found)

    def revoke_user_devices(self, agency: str, user: str) -> list[str]:
        """Every device a user has logged in from (when the lost one is not known by id)."""
        with self._write() as conn:
            ids = list(conn.execute(select(devices.c.id).where(
                devices.c.agency == agency, devices.c.user_name == user,
                devices.c.revoked.is_(False))).scalars())
            for device in ids:
                conn.execute(update(devices).where(devices.c.id == device).values(revoked=True))
                conn.execute(update(tokens).where(tokens.c.device == device)
                             .values(revoked=True))
            return ids

    def list_devices(self, agency: str | None = None) -> list[dict[str, Any]]:
        """The devices that have logged in, most recently seen first."""
        query = select(devices).order_by(devices.c.last_seen.desc())
        if agency:
            query = query.where(devices.c.agency == agency)
        with self.engine.connect() as conn:
            return [{"device": r.id, "agency": r.agency, "user": r.user_name,
                     "last_seen": r.last_seen, "revoked": bool(r.revoked)}
                    for r in conn.execute(query)]

    # --- catalog --------------------------------------------------------------------------

    def current_catalog(self) -> tuple[str, str]:
        """(ETag, JSON text) of the catalog in force."""
        with self.engine.connect() as conn:
            row = conn.execute(select(catalogs.c.etag, catalogs.c.body)
                               .where(catalogs.c.current.is_(True))).one_or_none()
        if row is None:
            raise ProblemError(404, "no-catalog", "尚未发布目录", "市信用中心尚未发布信用信息目录")
        return row.etag, row.body

    def _catalog(self, conn: Connection, version: str) -> Catalog | None:
        catalog = self._catalogs.get(version)
        if catalog is None:
            body = conn.execute(select(catalogs.c.body).where(catalogs.c.version == version)
                                ).scalar_one_or_none()
            if body is None:
                return None
            try:
                catalog = parse_catalog(body, source=f"目录 {version}")
            except CatalogError:
                return None
            self._catalogs[version] = catalog
        return catalog

    def warm_up(self) -> None:
        """Parse the catalog in force and compile its validators now (``serve`` calls this
        before it listens): otherwise the first batch after a start pays for it."""
        with self.engine.connect() as conn:
            version = conn.execute(select(catalogs.c.version).where(
                catalogs.c.current.is_(True))).scalar_one_or_none()
            catalog = self._catalog(conn, version) if version is not None else None
        if catalog is not None:
            for item in catalog.items:
                self._validator(catalog, item.code)

    def _validator(self, catalog: Catalog, item: str) -> ItemValidator:
        """Compiled once per catalog version and item (compiling costs ~0.3 ms)."""
        validator = self._validators.get((catalog.version, item))
        if validator is None:
            validator = self._validators[catalog.version, item] = catalog.validator(
                item, clock=self.clock)
        return validator

    # --- operations ------------------------------------------------------------------------

    def submit(self, principal: Principal, body: Any) -> dict[str, Any]:
        """Apply a batch operation by operation: one bad record never blocks the rest."""
        if not isinstance(body, dict) or not isinstance(body.get("operations"), list):
            raise ProblemError(422, "malformed-batch", "请求格式错误",
                               "请求体应为 {\"operations\": [...], \"audit_head\": {...}}")
        ops = body["operations"]
        if len(ops) > MAX_BATCH:
            raise ProblemError(413, "batch-too-large", "批次过大",
                               f"每批最多 {MAX_BATCH} 个操作，实为 {len(ops)} 个")
        with self._write() as conn:
            audit_ok = self._check_audit_head(conn, principal, body.get("audit_head"))
            results = _Batch(self, conn, principal).run(ops)
        return {"results": results, "audit_head_ok": audit_ok, "received_at": self._stamp()}

    def _check_audit_head(self, conn: Connection, principal: Principal, head: Any) -> bool:
        """A client's audit chain only grows; a rewound or rewritten head is flagged."""
        if not isinstance(head, dict) or not isinstance(head.get("seq"), int) \
                or not isinstance(head.get("hash"), str):
            return False
        seq, digest = head["seq"], head["hash"]
        row = conn.execute(select(devices).where(devices.c.id == principal.device)).one_or_none()
        ok = True
        if row is not None and row.audit_seq is not None and (
                seq < row.audit_seq or (seq == row.audit_seq and digest != row.audit_hash)):
            ok = False
            conn.execute(insert(audit_alerts).values(
                device=principal.device, agency=principal.agency, at=self._stamp(),
                detail=f"审计链头从第 {row.audit_seq} 条（{row.audit_hash[:12]}…）"
                       f"变为第 {seq} 条（{digest[:12]}…）：本地记录可能被改写"))
        if row is not None and (ok and (row.audit_seq is None or seq >= row.audit_seq)):
            conn.execute(update(devices).where(devices.c.id == principal.device).values(
                audit_seq=seq, audit_hash=digest, last_seen=self._stamp()))
        return ok

    # --- attachments -----------------------------------------------------------------------

    def put_attachment(self, principal: Principal, sha256: str,
                       data: bytes) -> tuple[bool, dict[str, Any]]:
        if len(data) > MAX_ATTACHMENT:
            raise ProblemError(413, "attachment-too-large", "文件过大",
                               f"证明材料每个文件不超过 {MAX_ATTACHMENT // (1024 * 1024)} MB")
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256.lower():
            raise ProblemError(422, "hash-mismatch", "文件校验失败",
                               "上传内容的 SHA-256 与地址中的不一致，文件可能在传输中损坏")
        media = media_type(data)  # by content, never by name
        if media is None:
            raise ProblemError(415, "unsupported-media", "文件类型不支持",
                               "证明材料只能是 PDF、JPEG 或 PNG 文件（按文件内容判断）")
        with self._write() as conn:
            exists = conn.execute(select(attachments.c.sha256).where(
                attachments.c.sha256 == actual)).first()
            if not exists:
                conn.execute(insert(attachments).values(sha256=actual, agency=principal.agency,
                                                        size=len(data), media_type=media,
                                                        data=data, at=self._stamp()))
        return not exists, {"sha256": actual, "size": len(data), "media_type": media}

    def has_attachment(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(attachments.c.sha256).where(
                attachments.c.sha256 == sha256.lower())).first() is not None

    def get_attachment(self, principal: Principal, sha256: str) -> tuple[bytes, str]:
        """A file for the agency that uploaded it, or for the agency a case holding it as
        material was referred to; 404 for everyone else (existence is not confirmed)."""
        digest = sha256.lower()
        missing = ProblemError(404, "attachment-not-found", "没有该文件",
                               "没有这个文件，或本单位无权下载")
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise missing
        with self.engine.connect() as conn:
            row = conn.execute(select(attachments.c.agency, attachments.c.media_type,
                                      attachments.c.data).where(
                attachments.c.sha256 == digest)).one_or_none()
            if row is None:
                raise missing
            if row.agency != principal.agency and not any(
                    digest in {m["sha256"] for m in json.loads(listed)}
                    for listed in conn.execute(select(cases.c.materials).where(
                        cases.c.agency == principal.agency, cases.c.sent_on.is_not(None),
                        cases.c.materials.contains(digest))).scalars()):
                raise missing
        return bytes(row.data), str(row.media_type)

    # --- objections (art. 23–27) -------------------------------------------------------------

    def file_objection(self, record_id: str, content: str, *, applicant: str | None = None,
                       materials: Sequence[Path | str | tuple[str, bytes]] = ()) -> str:
        """Register an objection to a record (art. 23); the case number, e.g. YY2026-0007.

        Materials are files (a path, or a name and the bytes) checked like evidence: PDF, JPEG
        or PNG by content, at most 20 MB each.
        """
        if not content.strip():
            raise ValueError("异议内容不能为空")
        files: dict[str, tuple[dict[str, Any], bytes]] = {}
        for material in materials:
            info, data = _read_material(material)
            files.setdefault(info["sha256"], (info, data))
        today = self.clock.today()
        with self._write() as conn:
            agency = conn.execute(select(records.c.agency).where(
                records.c.id == record_id)).scalar_one_or_none()
            if agency is None:
                raise ValueError(f"没有记录 {record_id}")
            have = set(conn.execute(select(attachments.c.sha256).where(
                attachments.c.sha256.in_(list(files)))).scalars()) if files else set()
            new = [{"sha256": sha, "agency": CENTRE, "size": info["size"],
                    "media_type": info["media_type"], "data": data, "at": self._stamp()}
                   for sha, (info, data) in files.items() if sha not in have]
            if new:
                conn.execute(insert(attachments), new)
            if conn.dialect.name == "postgresql":
                # Numbers are max + 1 per year; two admins filing at once take turns (the lock
                # ends with the transaction). SQLite writes one at a time anyway.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CASE_NUMBER_LOCK})
            seq = int(conn.execute(select(func.max(cases.c.seq)).where(
                cases.c.year == today.year)).scalar() or 0) + 1
            case_id = f"YY{today.year}-{seq:04d}"
            conn.execute(insert(cases).values(
                id=case_id, year=today.year, seq=seq, record_id=record_id, agency=agency,
                applicant=(applicant or "").strip() or None, content=content.strip(),
                materials=json.dumps([info for info, _ in files.values()], ensure_ascii=False),
                state="filed", filed_at=self._stamp(), filed_on=today.isoformat(),
                updated_at=self._stamp()))
        return case_id

    def accept_case(self, case_id: str) -> None:
        """Accept a filed objection, or one whose missing material has come in (art. 24)."""
        with self._write() as conn:
            case = self._case_for_update(conn, case_id)
            _require(case, ("filed", "materials_requested"), "受理")
            self._update_case(conn, case, state="accepted",
                              accepted_on=self.clock.today().isoformat())

    def request_materials(self, case_id: str, note: str) -> None:
        """Ask the applicant, once, for everything that is missing (art. 24)."""
        if not note.strip():
            raise ValueError("须写明需要补正的材料")
        with self._write() as conn:
            case = self._case_for_update(conn, case_id)
            if case["state"] == "materials_requested":
                raise Refused(f"案件 {case['id']} 已要求过补正材料；应一次性告知申请人")
            _require(case, ("filed",), "要求补正材料")
            self._update_case(conn, case, state="materials_requested",
                              materials_note=note.strip())

    def refer_case(self, case_id: str) -> dict[str, Any]:
        """Send the provider a verification notice (art. 25); the notice as the feed carries it."""
        with self._write() as conn:
            case = self._case_for_update(conn, case_id)
            _require(case, ("filed", "accepted"), "发出核查通知")
            record = conn.execute(select(records).where(
                records.c.id == case["record_id"])).one()._asdict()
            self._update_case(conn, case, state="referred", referred_at=self._stamp(),
                              sent_on=self.clock.today().isoformat(), days=ANSWER_DAYS,
                              revision_id=record["accepted_revision_id"]
                              or record["current_revision_id"])
            notice = _notice(case, record, self._work_calendar(conn))
            self._emit(conn, [(case["agency"], "notice", notice)])
        return notice

    def decide_extension(self, case_id: str, grant: bool,
                         note: str | None = None) -> dict[str, Any]:
        """Grant (20 working days in all) or refuse a provider's request for more time (art. 26);
        the updated notice."""
        note = (note or "").strip() or None
        if not grant and note is None:
            raise ValueError("不批准延期须说明理由")
        with self._write() as conn:
            case = self._case_for_update(conn, case_id)
            if case["state"] != "referred" or case["extension"] != "requested":
                raise Refused(f"案件 {case['id']} 没有待决定的延期申请")
            values: dict[str, Any] = {"extension": "granted" if grant else "denied",
                                      "extension_note": note}
            if grant:
                values["days"] = EXTENDED_DAYS
            self._update_case(conn, case, **values)
            record = conn.execute(select(records).where(
                records.c.id == case["record_id"])).one()._asdict()
            notice = _notice(case, record, self._work_calendar(conn))
            self._emit(conn, [(case["agency"], "notice", notice)])
        return notice

    def close_case(self, case_id: str, result: str, note: str | None = None) -> None:
        """Close a case with its outcome (art. 27); from filed or accepted with ``corrected``
        when the centre corrected its own error (art. 25). The provider hears of it if it was
        ever sent a notice."""
        if result not in CASE_RESULTS:
            raise ValueError(f"办结结果应为 {'、'.join(CASE_RESULTS)} 之一，而不是“{result}”")
        with self._write() as conn:
            case = self._case_for_update(conn, case_id)
            _require(case, OPEN_CASE_STATES, "办结")
            closed_on = self.clock.today().isoformat()
            note = (note or "").strip() or None
            self._update_case(conn, case, state="closed", result=result, result_note=note,
                              closed_on=closed_on)
            if case["sent_on"]:
                self._emit(conn, [(case["agency"], "case_closed", {
                    "case_id": case["id"], "record_id": case["record_id"], "result": result,
                    "note": note, "closed_on": closed_on})])

    def case(self, case_id: str) -> dict[str, Any]:
        """One case as list_cases shows it."""
        with self.engine.connect() as conn:
            rows = self._case_rows(conn, cases.c.id == case_id.strip().upper())
            if not rows:
                raise ValueError(f"没有案件 {case_id}")
            return _case_view(rows[0], self._work_calendar(conn), self.clock.today())

    def list_cases(self, include_closed: bool = False) -> list[dict[str, Any]]:
        """Open cases (and closed ones if asked), most urgent first: overdue, then the nearest
        deadline of the stage each is at (art. 24–27), then those without one."""
        with self.engine.connect() as conn:
            where = None if include_closed else cases.c.state.in_(OPEN_CASE_STATES)
            rows = self._case_rows(conn, where)
            calendar = self._work_calendar(conn)
        today = self.clock.today()
        views = [_case_view(row, calendar, today) for row in rows]
        views.sort(key=lambda v: (v["state"] == "closed", v["stage_due"] is None,
                                  v["stage_due"] or "", v["filed_on"], v["case"]))
        return views

    def _case_rows(self, conn: Connection, where: Any) -> list[dict[str, Any]]:
        query = select(cases, records.c.item, records.c.subject_name,
                       records.c.document_number).join(records, records.c.id == cases.c.record_id)
        if where is not None:
            query = query.where(where)
        return [row._asdict() for row in conn.execute(query)]

    def _case_for_update(self, conn: Connection, case_id: str) -> dict[str, Any]:
        row = conn.execute(select(cases).where(cases.c.id == case_id.strip().upper())
                           .with_for_update()).one_or_none()
        if row is None:
            raise ValueError(f"没有案件 {case_id}")
        return row._asdict()

    def _update_case(self, conn: Connection, case: dict[str, Any], **values: Any) -> None:
        values["updated_at"] = self._stamp()
        conn.execute(update(cases).where(cases.c.id == case["id"]).values(values))
        case.update(values)

    def _work_calendar(self, conn: Connection) -> WorkCalendar:
        """The bundled calendar with the years the catalog in force publishes laid over it."""
        version = conn.execute(select(catalogs.c.version).where(
            catalogs.c.current.is_(True))).scalar_one_or_none()
        calendar = self._calendars.get(version)
        if calendar is None:
            catalog = self._catalog(conn, version) if version else None
            calendar = WorkCalendar.bundled()
            if catalog is not None and catalog.calendar is not None:
                calendar = calendar.overlay(catalog.calendar)
            self._calendars[version] = calendar
        return calendar

    # --- feed ------------------------------------------------------------------------------

    def feed(self, principal: Principal, after: str | None, limit: int = 500) -> dict[str, Any]:
        try:
            cursor = int(after) if after else 0
        except ValueError:
            raise ProblemError(400, "bad-cursor", "游标无效",
                               "feed 的 after 参数应为上次返回的 next") from None
        limit = max(1, min(limit, 1000))
        with self.engine.connect() as conn:
            rows = conn.execute(select(events).where(events.c.agency == principal.agency,
                                                     events.c.seq > cursor)
                                .order_by(events.c.seq).limit(limit + 1)).all()
        page = rows[:limit]
        return {"events": [{"seq": r.seq, "type": r.type, "at": r.at} | json.loads(r.body)
                           for r in page],
                "next": str(page[-1].seq) if page else str(cursor),
                "more": len(rows) > limit}

    def _emit(self, conn: Connection, items: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        if items:
            now = self._stamp()
            _insert_many(conn, events, [
                {"agency": agency, "type": kind, "at": now,
                 "body": _text(body)} for agency, kind, body in items])


class _Batch:
    """One POST /operations: idempotency, conflict detection, validation, storage."""

    def __init__(self, central: Central, conn: Connection, principal: Principal) -> None:
        self.central, self.conn, self.principal = central, conn, principal
        self.now = central._stamp()
        self.today = central.clock.today()
        # Writes are collected and sent as a few multi-row statements at the end.
        self._new_records: list[dict[str, Any]] = []
        self._record_updates: dict[str, dict[str, Any]] = {}
        self._new_revisions: list[dict[str, Any]] = []
        self.records: dict[str, dict[str, Any]] = {}
        self.revision_ids: set[str] = set()
        # Objection cases named by the batch's operations, and the evidence files they cite;
        # loaded only when some operation carries a case_id.
        self.cases: dict[str, dict[str, Any]] = {}
        self.uploaded: set[str] = set()
        self._case_updates: dict[str, dict[str, Any]] = {}
        self._case_events: list[tuple[str, str, dict[str, Any]]] = []
        self._calendar: WorkCalendar | None = None
        self._items: dict[tuple[str, str], Item | None] = {}

    def run(self, ops: list[Any]) -> list[dict[str, Any]]:
        def named(field: str) -> list[str]:
            return [v for op in ops if isinstance(op, dict)
                    and isinstance(v := op.get(field), str)]

        known = {r["idempotency_key"]: r for r in _rows_in(
            self.conn, operations, "idempotency_key", named("idempotency_key"))}
        self.records = {r["id"]: r for r in _rows_in(self.conn, records, "id",
                                                     named("record_id"))}
        self.revision_ids = {row[0] for row in rows_in(
            self.conn, "SELECT id FROM revisions", "id", named("revision_id"))}
        self._load_cases([op for op in ops if isinstance(op, dict) and "case_id" in op])
        results, new_ops = [], []
        seen_in_batch: dict[str, str] = {}
        for op in ops:
            key = op.get("idempotency_key") if isinstance(op, dict) else None
            if not isinstance(key, str) or not key:
                results.append(_error(None, "malformed", "操作缺少 idempotency_key"))
                continue
            digest, payload_text = _op_digest(op)
            previous = known.get(key)
            if previous is None and key in seen_in_batch:
                previous_digest = seen_in_batch[key]
                results.append(_error(key, "idempotency-mismatch", "同一批次中幂等键重复")
                               if previous_digest != digest else
                               {"idempotency_key": key, "status": "duplicate",
                                "original": next(r for r in results
                                                 if r.get("idempotency_key") == key)})
                continue
            if previous is not None:
                if not _same_digest(previous["body_sha256"], digest, op) \
                        or previous["agency"] != self.principal.agency:
                    results.append(_error(key, "idempotency-mismatch",
                                          "幂等键已用于内容不同的操作；不会覆盖原操作"))
                else:
                    results.append({"idempotency_key": key, "status": "duplicate",
                                    "original": json.loads(previous["result"])})
                continue
            result = self._apply(op, payload_text)
            seen_in_batch[key] = digest
            results.append(result)
            if result["status"] != "error":
                new_ops.append({"idempotency_key": key, "agency": self.principal.agency,
                                "body_sha256": digest, "at": self.now,
                                "result": _text(result)})
        self._flush()
        _insert_many(self.conn, operations, new_ops)
        return results

    def _apply(self, op: dict[str, Any], payload_text: str | None = None) -> dict[str, Any]:
        """``payload_text``: the sorted JSON of ``op["payload"]``, where it was made already."""
        key, kind = op["idempotency_key"], op.get("op")
        if kind not in OPS:
            return _error(key, "malformed", f"未知的操作类型“{kind}”，应为 {'、'.join(OPS)}")
        if kind == "answer":
            return self._answer(op)
        missing = [f for f in ("record_id", "revision_id", "item", "catalog_version", "payload")
                   if op.get(f) in (None, "")]
        if missing:
            return _error(key, "malformed", f"操作缺少 {'、'.join(missing)}")
        if not isinstance(op["payload"], dict):
            return _error(key, "malformed", "payload 应为对象（信息项代码 → 值）")
        record_id, revision_id = str(op["record_id"]), str(op["revision_id"])
        record = self.records.get(record_id)
        if record is not None and record["agency"] != self.principal.agency:
            return _error(key, "forbidden", "记录属于其他机构")
        if revision_id in self.revision_ids:
            return _error(key, "malformed", f"版本 {revision_id} 已存在，新版本须使用新的编号")
        # Conflicts: a change must be based on the revision now in force.
        if kind in ("correct", "retract"):
            if record is None or record["state"] not in ("accepted",):
                return {"idempotency_key": key, "status": "conflict", "record_id": record_id,
                        "message": "记录不存在或当前没有已采纳的版本，无法变更或撤销"}
            if op.get("replaces_revision_id") != record["accepted_revision_id"]:
                return {"idempotency_key": key, "status": "conflict", "record_id": record_id,
                        "current_revision_id": record["accepted_revision_id"],
                        "message": "该变更所依据的版本已不是现行版本，请先同步再处理"}
        elif record is not None and record["state"] not in ("rejected",):
            return {"idempotency_key": key, "status": "conflict", "record_id": record_id,
                    "message": f"记录已存在（状态 {record['state']}），不能重复新增"}
        case: dict[str, Any] | None = None
        if kind in ("correct", "retract") and op.get("case_id") is not None:
            case, conflict = self._awaiting(op)  # 有误 / 撤销 as the answer to a notice
            if conflict is not None:
                return conflict
        catalog = self.central._catalog(self.conn, str(op["catalog_version"]))
        issues: list[dict[str, Any]] = []
        normalized: Any = op["payload"]
        if catalog is None:
            issues.append({"field": None, "code": "unknown_catalog_version", "severity": "error",
                           "message": f"目录版本 {op['catalog_version']} 未发布过"})
        elif self._item(catalog, op["item"]) is None:
            issues.append({"field": None, "code": "unknown_item", "severity": "error",
                           "message": f"目录 {catalog.version} 中没有条目 {op['item']}"})
        elif kind == "retract":
            if not str(op.get("reason") or "").strip() or not str(op.get("legal_basis") or
                                                                   "").strip():
                issues.append({"field": None, "code": "retraction_basis", "severity": "error",
                               "message": "撤销须填写原因和法律依据"})
        else:
            result = self.central._validator(catalog, str(op["item"])).validate(
                op["payload"], today=self.today)
            normalized = result.normalized
            issues = [i.to_dict() for i in result.issues if i.severity == "error"]
        if kind == "correct" and not str(op.get("reason") or "").strip():
            issues.append({"field": None, "code": "correction_reason", "severity": "error",
                           "message": "变更须说明原因"})
        status = "rejected" if issues else "accepted"
        self.revision_ids.add(revision_id)
        self._store(op, record, status, normalized, issues,
                    self._item(catalog, op["item"]) if catalog is not None else None,
                    payload_text if _same_text(normalized, op["payload"]) else None)
        out: dict[str, Any] = {"idempotency_key": key, "status": status, "record_id": record_id,
                               "revision_id": revision_id,
                               "record_state": self.records[record_id]["state"]}
        if issues:
            out["issues"] = issues
        if case is not None:
            if status == "accepted":
                answer = {"kind": "correct" if kind == "correct" else "revoke",
                          "revision_id": revision_id, "reason": op.get("reason"),
                          "legal_basis": op.get("legal_basis"), "at": self.now}
                self._set_case(case, state="answered", answer=answer,
                               answered_on=self.central.clock.today().isoformat())
            out |= {"case_id": case["id"], "case_state": case["state"]}
        return out

    # --- answers to verification notices ---------------------------------------------------

    def _load_cases(self, ops: list[dict[str, Any]]) -> None:
        ids = [op["case_id"] for op in ops if isinstance(op["case_id"], str)]
        if not ids:
            return
        self.cases = {r.id: r._asdict() for r in self.conn.execute(
            select(cases).where(cases.c.id.in_(ids)).with_for_update())}
        files = [sha.lower() for op in ops if op.get("op") == "answer"
                 and isinstance(op.get("attachments"), list)
                 for sha in op["attachments"] if isinstance(sha, str)]
        if files:
            self.uploaded = set(self.conn.execute(select(attachments.c.sha256).where(
                attachments.c.sha256.in_(files))).scalars())

    def _awaiting(self, op: dict[str, Any]) -> tuple[dict[str, Any], None] | tuple[
            None, dict[str, Any]]:
        """The case this answer is for, or the conflict to answer with."""
        key, case_id, record_id = op["idempotency_key"], op.get("case_id"), op.get("record_id")
        case = self.cases.get(case_id) if isinstance(case_id, str) else None
        out = {"idempotency_key": key, "status": "conflict", "record_id": record_id,
               "case_id": case_id}
        # Another agency's case reads as no case at all: its existence is not disclosed.
        if case is None or case["agency"] != self.principal.agency \
                or case["record_id"] != record_id:
            return None, out | {"message": f"案件 {case_id} 不是就该记录向本单位发出核查通知的案件"}
        if case["state"] != "referred":
            why = {"answered": "已答复", "closed": "已办结"}.get(case["state"], "尚未发出核查通知")
            return None, out | {"case_state": case["state"],
                                "message": f"案件 {case_id} {why}，不再等待答复"}
        return case, None

    def _answer(self, op: dict[str, Any]) -> dict[str, Any]:
        """无误 (confirm, with an opinion and evidence) or 申请延期 (extend), art. 26."""
        key = op["idempotency_key"]
        missing = [f for f in ("case_id", "record_id", "answer") if op.get(f) in (None, "")]
        if missing:
            return _error(key, "malformed", f"答复缺少 {'、'.join(missing)}")
        kind = op["answer"]
        if kind not in ("confirm", "extend"):
            return _error(key, "malformed", f"未知的答复“{kind}”，应为 confirm 或 extend")
        files = op.get("attachments", [])
        if kind == "confirm" and (not isinstance(files, list)
                                  or not all(isinstance(f, str) for f in files)):
            return _error(key, "malformed", "attachments 应为 SHA-256 字符串的数组")
        case, conflict = self._awaiting(op)
        if conflict is not None:
            return conflict
        assert case is not None
        issues: list[dict[str, Any]] = []
        today = self.central.clock.today()
        if kind == "confirm":
            opinion = op.get("opinion")
            opinion = opinion.strip() if isinstance(opinion, str) else ""
            if not opinion:
                issues.append(_issue("opinion_missing", "确认无误须填写核查意见"))
            elif len(opinion) > MAX_OPINION_CHARS:
                issues.append(_issue("opinion_too_long",
                                     f"核查意见不能超过 {MAX_OPINION_CHARS} 字，"
                                     f"现有 {len(opinion)} 字"))
            if not files:
                issues.append(_issue("evidence_missing",
                                     "确认无误须提供核查结果的证明材料（PDF、JPEG 或 PNG）"))
            issues += [_issue("evidence_not_uploaded",
                              f"证明材料 {sha[:12]}… 尚未上传，请先同步附件再提交答复")
                       for sha in dict.fromkeys(files) if sha.lower() not in self.uploaded]
            if not issues:
                self._set_case(case, state="answered", answered_on=today.isoformat(),
                               answer={"kind": "confirm", "opinion": opinion,
                                       "attachments": [f.lower() for f in files],
                                       "revision_id": None, "at": self.now})
        else:
            reason = op.get("reason")
            reason = reason.strip() if isinstance(reason, str) else ""
            if case["extension"] is not None:
                issues.append(_issue("extension_used", "每个案件只能申请一次延期"))
            elif today > _provider_due(case, self.calendar).date:
                issues.append(_issue("extension_too_late",
                                     f"{case['days']} 个工作日的核查期限已过，不能再申请延期"))
            if not reason:
                issues.append(_issue("extension_reason_missing", "申请延期须说明理由"))
            if not issues:
                self._set_case(case, extension="requested", extension_reason=reason)
                if self.central.auto_review:  # demo server: granted on arrival
                    self._set_case(case, extension="granted", days=EXTENDED_DAYS)
                    record = self.records[case["record_id"]]
                    self._case_events.append((case["agency"], "notice",
                                              _notice(case, record, self.calendar)))
        out: dict[str, Any] = {"idempotency_key": key,
                               "status": "rejected" if issues else "accepted",
                               "case_id": case["id"], "record_id": case["record_id"],
                               "case_state": case["state"]}
        if kind == "extend":
            out["extension"] = case["extension"]
        if issues:
            out["issues"] = issues
        return out

    def _item(self, catalog: Catalog, code: Any) -> Item | None:
        """The catalog's item ``code``, or None (looked up once per batch)."""
        if not isinstance(code, str):
            return None
        key = (catalog.version, code)
        if key not in self._items:
            self._items[key] = next((i for i in catalog.items if i.code == code), None)
        return self._items[key]

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = self.central._work_calendar(self.conn)
        return self._calendar

    def _set_case(self, case: dict[str, Any], **values: Any) -> None:
        if "answer" in values:
            values["answer"] = json.dumps(values["answer"], ensure_ascii=False)
        values["updated_at"] = self.now
        case.update(values)
        self._case_updates.setdefault(case["id"], {}).update(values)

    def _store(self, op: dict[str, Any], record: dict[str, Any] | None, status: str,
               normalized: Any, issues: list[dict[str, Any]], item: Item | None,
               payload_text: str | None = None) -> None:
        record_id, revision_id = str(op["record_id"]), str(op["revision_id"])
        kind = {"create": "create", "correct": "correction", "retract": "retraction"}[op["op"]]
        payload = normalized if isinstance(normalized, dict) else {}
        if payload_text is None or payload is not normalized:
            payload_text = _text(payload, sort_keys=True)
        number = int(op.get("revision_number") or 1)
        self._new_revisions.append({
            "id": revision_id, "record_id": record_id, "number": number, "kind": kind,
            "replaces_revision_id": op.get("replaces_revision_id"),
            "catalog_version": str(op["catalog_version"]),
            "payload": payload_text,
            "reason": op.get("reason"), "legal_basis": op.get("legal_basis"),
            "status": "received" if status == "accepted" else "rejected",
            "received_at": self.now, "reviewed_at": None if status == "accepted" else self.now,
            "review_reasons": _text(issues) if issues else None})
        if status == "accepted":
            state = "submitted"
        elif kind == "create":
            state = "rejected"
        else:
            state = record["state"] if record else "rejected"  # the revision in force stands
        values = {"state": state, "updated_at": self.now}
        if status == "accepted" or record is None:
            values["current_revision_id"] = revision_id
        if record is None:
            subject, document = _roles(item, payload)
            new = {"id": record_id, "agency": self.principal.agency, "item": str(op["item"]),
                   "accepted_revision_id": None, "current_revision_id": revision_id,
                   "subject_name": subject, "document_number": document} | values
            self._new_records.append(new)
            self.records[record_id] = new
        else:
            self._record_updates.setdefault(record_id, {}).update(values)
            record.update(values)

    def _auto_review(self) -> None:
        """Accept every revision this batch made "submitted", in the rows before they are written:
        the same outcome as Central._review, without a SELECT and three writes per record."""
        revisions_by_id = {r["id"]: r for r in self._new_revisions}
        touched = [r["id"] for r in self._new_records] + list(self._record_updates)
        reviewed = []
        for record_id in touched:
            record = self.records[record_id]
            if record["state"] != "submitted":
                continue
            revision = revisions_by_id[record["current_revision_id"]]
            state = "retracted" if revision["kind"] == "retraction" else "accepted"
            values = {"state": state, "accepted_revision_id": revision["id"],
                      "updated_at": self.now}
            record.update(values)
            if record_id in self._record_updates:
                self._record_updates[record_id].update(values)
            revision.update(status="accepted", reviewed_at=self.now, review_reasons="[]")
            reviewed.append((record["agency"], "review", {
                "record_id": record_id, "revision_id": revision["id"], "result": "accepted",
                "reasons": []}))
        self.central._emit(self.conn, reviewed)

    def _flush(self) -> None:
        if self.central.auto_review:
            self._auto_review()
        _insert_many(self.conn, records, self._new_records)
        _insert_many(self.conn, revisions, self._new_revisions)
        for record_id, values in self._record_updates.items():
            self.conn.execute(update(records).where(records.c.id == record_id).values(values))
        for case_id, values in self._case_updates.items():
            self.conn.execute(update(cases).where(cases.c.id == case_id).values(values))
        self.central._emit(self.conn, self._case_events)


# --- objection cases -------------------------------------------------------------------------

def _read_material(material: Path | str | tuple[str, bytes]) -> tuple[dict[str, Any], bytes]:
    """A material file's description and content, checked like evidence (EvidenceError)."""
    if isinstance(material, tuple):
        name, data = material
    else:
        path = Path(material)
        name = path.name
        try:
            size = path.stat().st_size
            if size > MAX_EVIDENCE_BYTES:  # refused before reading it all
                raise EvidenceError(f"材料“{name}”有 {size / 1024 / 1024:.1f} MB，每个文件不能超过 "
                                    f"{MAX_EVIDENCE_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as exc:
            raise EvidenceError(f"无法读取材料“{path}”：{exc.strerror or exc}") from None
    kind = check(data, name)
    return {"sha256": hashlib.sha256(data).hexdigest(), "name": name, "size": len(data),
            "media_type": kind}, data


def _require(case: Mapping[str, Any], states: Sequence[str], doing: str) -> None:
    if case["state"] not in states:
        raise Refused(f"案件 {case['id']} 的状态为“{CASE_STATE_LABELS[case['state']]}”，"
                      f"不能{doing}")


def _provider_due(case: Mapping[str, Any], calendar: WorkCalendar) -> DueDate:
    """The provider's deadline: ``days`` working days after the notice (art. 26)."""
    return calendar.add_working_days(dt.date.fromisoformat(case["sent_on"]), int(case["days"]))


def _notice(case: Mapping[str, Any], record: Mapping[str, Any],
            calendar: WorkCalendar) -> dict[str, Any]:
    """The body of a ``notice`` feed event (docs/protocol.md, Objections)."""
    due = _provider_due(case, calendar)
    return {"case_id": case["id"], "record_id": case["record_id"],
            "revision_id": case["revision_id"], "item": record["item"],
            "subject_name": record["subject_name"], "document_number": record["document_number"],
            "content": case["content"], "materials": json.loads(case["materials"]),
            "sent_on": case["sent_on"], "days": case["days"], "due": due.date.isoformat(),
            "due_estimated": due.estimated, "extension": case["extension"],
            "extension_note": case["extension_note"], "state": case["state"]}


def _case_view(row: Mapping[str, Any], calendar: WorkCalendar, today: dt.date) -> dict[str, Any]:
    """A case for the admin listing, with the deadline of the stage it is at."""
    stage, since = STAGES[row["state"]]
    due: DueDate | None = None
    if stage == "provider":
        due = _provider_due(row, calendar)
    elif since is not None and row[since]:
        due = calendar.add_working_days(dt.date.fromisoformat(row[since]), CENTRE_DAYS)
    return {
        "case": row["id"], "record": row["record_id"], "agency": row["agency"],
        "item": row["item"], "subject_name": row["subject_name"],
        "document_number": row["document_number"], "applicant": row["applicant"],
        "content": row["content"], "materials": json.loads(row["materials"]),
        "state": row["state"], "filed_on": row["filed_on"],
        "materials_note": row["materials_note"], "accepted_on": row["accepted_on"],
        "stage": stage, "stage_due": due.date.isoformat() if due else None,
        "due_estimated": due.estimated if due else False,
        "overdue": due is not None and today > due.date,
        "sent_on": row["sent_on"], "revision_id": row["revision_id"], "days": row["days"],
        "extension": row["extension"], "extension_reason": row["extension_reason"],
        "extension_note": row["extension_note"],
        "answer": json.loads(row["answer"]) if row["answer"] else None,
        "answered_on": row["answered_on"], "result": row["result"],
        "result_note": row["result_note"], "closed_on": row["closed_on"],
    }


def _rows_in(conn: Connection, table: Any, column: str,
             values: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``table`` whose ``column`` is one of ``values``, as dicts."""
    names = [c.name for c in table.c]
    return [dict(zip(names, row, strict=True)) for row in rows_in(
        conn, f"SELECT {', '.join(names)} FROM {table.name}", column, values)]


def _op_digest(op: dict[str, Any]) -> tuple[str, str | None]:
    """The operation's digest, to tell a resent operation from a different one under the same
    idempotency key, and its payload's sorted JSON, which the stored revision reuses.

    Version 2: SHA-256 of the compact sorted JSON that orjson writes, in unpadded base64url (43
    characters). Version 1 (64 hex characters): SHA-256 of ``json.dumps(op, ensure_ascii=False,
    sort_keys=True)``, which ygcentral wrote before, and still writes for an operation orjson
    cannot (an integer beyond 64 bits, text with a lone surrogate). A stored digest is compared
    in its own version (:func:`_same_digest`).
    """
    payload = op.get("payload")
    payload_text = _text(payload, sort_keys=True) if isinstance(payload, dict) else None
    try:
        text = orjson.dumps(op, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return _digest_v1(op), payload_text
    digest = base64.urlsafe_b64encode(hashlib.sha256(text).digest()).rstrip(b"=")
    return digest.decode("ascii"), payload_text


def _digest_v1(op: dict[str, Any]) -> str:
    return hashlib.sha256(_sorted_json(op).encode("utf-8", "surrogatepass")).hexdigest()


def _same_digest(stored: str, digest: str, op: dict[str, Any]) -> bool:
    """Whether ``op`` (whose digest is ``digest``) is the operation stored with ``stored``."""
    if len(stored) == len(digest):  # the same version
        return stored == digest
    # A version 1 digest stored by an older ygcentral: op's own, in that version. (A version 2
    # one stored, and op one that orjson cannot write: they differ, and so do the digests.)
    return stored == _digest_v1(op)


def _text(value: Any, *, sort_keys: bool = False) -> str:
    """Compact JSON of an answer, an event, a payload (see compact_json)."""
    return compact_json(value, sort_keys=sort_keys).decode("utf-8")


def _same_text(normalized: Any, payload: dict[str, Any]) -> bool:
    """Whether the engine's normalised payload is written as the payload was: equal, and no
    float among the values (an integer field makes 5.0 into 5: equal, written differently;
    every other value the engine returns is text, a list of text or an integer)."""
    return bool(normalized == payload) and float not in map(type, payload.values())


def _insert_many(conn: Connection, table: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """One INSERT for many rows straight through the driver (SQLAlchemy's per-row parameter
    handling costs more than SQLite's own work). Missing keys are NULL."""
    if not rows:
        return
    names = [c.name for c in table.c if c.name in rows[0]]
    mark = placeholder(conn)
    try:  # rows of one shape (the usual): the values picked in C
        params = (list(map(operator.itemgetter(*names), rows)) if len(names) > 1
                  else [(row[names[0]],) for row in rows])
    except KeyError:  # a row without some column: NULL there
        params = [tuple(map(row.get, names)) for row in rows]
    conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})",
        params)


def _roles(item: Item | None, payload: Mapping[str, Any]) -> tuple[str, str | None]:
    """Subject name and document number, by the roles the catalog gives its fields."""
    if item is None:
        return "", None
    roles = item.roles
    document = payload.get(roles.document_number) if roles.document_number else None
    return str(payload.get(roles.subject_name) or ""), str(document) if document else None


def _issue(code: str, message: str) -> dict[str, Any]:
    return {"field": None, "code": code, "severity": "error", "message": message}


def _error(key: str | None, code: str, message: str) -> dict[str, Any]:
    return {"idempotency_key": key, "status": "error", "code": code, "message": message}


def _locked(seconds: int) -> ProblemError:
    minutes = max(1, (seconds + 59) // 60)
    return ProblemError(423, "account-locked", "账户已锁定",
                        f"连续 {MAX_FAILED_LOGINS} 次密码错误，账户已锁定，请 {minutes} 分钟后再试",
                        headers={"Retry-After": str(seconds)}, retry_after=seconds)


def open_engine(url: str) -> Engine:
    """The central database; SQLite gets WAL and synchronous=FULL like the client's."""
    if url.startswith("sqlite"):
        bind_plainly(sqlite3)  # done when ygclient.store.db is imported; said here too
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Pooled connections: with a connection per request, each request's close would be the
        # database's last and checkpoint the WAL (automatic checkpoints still run).
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True)
    schema.metadata.create_all(engine)
    return engine


def count_records(central: Central) -> int:
    with central.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(records)).scalar_one())
