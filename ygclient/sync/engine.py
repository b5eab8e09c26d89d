"""One sync: pull the catalog, upload attachments, push the outbox, pull the feed.

Resumable at any point: operations left "sending" by a crash are sent again with the same
idempotency keys (the centre answers "duplicate" with its original answer), and the feed
cursor moves in the same transaction as the events it covers.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ygclient.catalog import Catalog, CatalogError, parse_catalog
from ygclient.evidence import EvidenceError, keep_downloaded, read_evidence
from ygclient.paths import attachments_dir, current_catalog_path
from ygclient.progress import CancelToken, Progress, ProgressCallback, ignore_progress
from ygclient.store import Store
from ygclient.sync.http import CentralClient, ServerError, SyncError

BATCH = 1000
FEED_PAGE = 1000
log = logging.getLogger(__name__)

# The centre's per-operation status → what the store records.
_OUTCOMES = {"accepted": "submitted", "rejected": "rejected", "conflict": "conflict",
             "error": "conflict"}


@dataclass
class SyncSummary:
    sent: int = 0
    accepted: int = 0  # received by the centre, awaiting (or past) review
    rejected: int = 0
    duplicates: int = 0
    conflicts: int = 0
    notices: int = 0
    reviews_accepted: int = 0
    reviews_rejected: int = 0
    catalog_version: str | None = None
    catalog_updated: bool = False
    attachments_uploaded: int = 0
    materials_downloaded: int = 0
    feed_events: int = 0
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        parts = [f"发送 {self.sent} 条：中心接收 {self.accepted}，退回 {self.rejected}，"
                 f"重复 {self.duplicates}，冲突 {self.conflicts}"]
        if self.reviews_accepted or self.reviews_rejected:
            parts.append(f"审核结果：采纳 {self.reviews_accepted}，退回 {self.reviews_rejected}")
        if self.notices:
            parts.append(f"新的核查通知 {self.notices} 件")
        if self.materials_downloaded:
            parts.append(f"下载异议材料 {self.materials_downloaded} 份")
        if self.catalog_updated:
            parts.append(f"已下载新目录（版本 {self.catalog_version}）")
        return "；".join(parts)


class _NotSent(SyncError):
    """A batch left unsent because the one before it did not get through."""


@dataclass
class _Flight:
    """A claimed batch and the answer to its POST, to come from the worker thread."""

    ops: list[Any]
    answer: Future[dict[str, Any]]


class SyncEngine:
    def __init__(self, store: Store, client: CentralClient, data_dir: Path, *,
                 progress: ProgressCallback = ignore_progress,
                 cancel: CancelToken | None = None, batch: int = BATCH) -> None:
        self.store = store
        self.client = client
        self.data_dir = data_dir
        self.progress = progress
        self.cancel = cancel or client.cancel
        self.client.cancel = self.cancel
        self.batch = batch

    def run(self) -> SyncSummary:
        summary = SyncSummary()
        self.pull_catalog(summary)
        self.upload_attachments(summary)
        self.push(summary)
        self.pull_feed(summary)
        self.fetch_materials(summary)
        return summary

    # --- catalog -----------------------------------------------------------------------

    def pull_catalog(self, summary: SyncSummary) -> Catalog | None:
        """Download the catalog when it changed (ETag); a bad one is refused, the old kept."""
        self.progress(Progress("catalog", 0, 1, "检查信用信息目录"))
        path = current_catalog_path(self.data_dir)
        etag_file = path.with_suffix(".etag")
        headers = {}
        if path.is_file() and etag_file.is_file():
            headers["If-None-Match"] = etag_file.read_text(encoding="ascii").strip()
        response = self.client.request("GET", "/api/v1/catalog", headers=headers)
        summary.catalog_version = self.store.catalog.version
        self.progress(Progress("catalog", 1, 1, "检查信用信息目录"))
        if response.status_code == 304:
            return None
        try:
            catalog = parse_catalog(response.content, source="市信用中心发布的目录")
        except CatalogError as exc:
            raise ServerError(f"{exc}；继续使用原有目录") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, data in ((path, response.content),
                             (etag_file, response.headers.get("ETag", "").encode("ascii"))):
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(data)
            partial.replace(target)
        summary.catalog_version = catalog.version
        summary.catalog_updated = catalog.version != self.store.catalog.version
        if catalog.calendar is not None:
            self.store.calendar = self.store.calendar.overlay(catalog.calendar)
            self.store.recompute_deadlines()
        return catalog

    # --- attachments -----------------------------------------------------------------------

    def upload_attachments(self, summary: SyncSummary) -> None:
        """Evidence files the queued operations refer to, content-addressed and idempotent."""
        folder = attachments_dir(self.data_dir)
        wanted = self.store.pending_attachments()
        for done, sha in enumerate(wanted, start=1):
            self.cancel.check()
            head = self.client.request("HEAD", f"/api/v1/attachments/{sha}", ok=(200, 404),
                                       expect_json=False)
            if head.headers.get("ETag", "").strip('"') != sha:
                try:
                    data = read_evidence(folder, sha, self.store.key)
                except EvidenceError as exc:
                    raise SyncError(str(exc)) from None
                self.client.request("PUT", f"/api/v1/attachments/{sha}", content=data,
                                    headers={"Content-Type": "application/octet-stream"})
                summary.attachments_uploaded += 1
            self.progress(Progress("attachments", done, len(wanted), "上传证明材料"))

    # --- push ----------------------------------------------------------------------------------

    def push(self, summary: SyncSummary) -> None:
        """Claim, send and record batch after batch, the network overlapping the store's work.

        Two batches are claimed ahead: one on the wire and the next queued behind it on the
        same worker thread, which sends it the moment the first one's answer is in (one
        request on the wire at a time, in order), while this thread records that answer and
        claims the batch after. A batch whose predecessor did not get through is not sent.
        """
        released = self.store.release_in_flight()
        if released:
            log.info("re-sending %d operations left in flight by an interrupted sync", released)
        total = self.store.pending_operations()
        done = 0
        self.progress(Progress("push", 0, total, "报送"))
        flights: deque[_Flight] = deque()
        # The store's work on one connection while pushing (Store.pinned): held open, it also
        # keeps every transaction's close from being the database's last one, which would
        # checkpoint the WAL each time (automatic checkpoints still run).
        with self.store.pinned(), \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="ygclient-push") as pool:

            def launch() -> None:
                self.cancel.check()
                ops = self.store.claim_outbox(self.batch)
                if ops:
                    flights.append(self._send(pool, ops, flights[-1].answer if flights
                                              else None))

            try:
                launch()
                if flights:
                    launch()
                while flights:
                    flight = flights[0]
                    answer = flight.answer.result()
                    flights.popleft()
                    summary.sent += len(flight.ops)
                    self._record(flight.ops, answer, summary)
                    done += len(flight.ops)
                    self.progress(Progress("push", done, max(total, done), "报送"))
                    launch()
            except BaseException as exc:
                self._abandon(flights, exc, summary)
                raise

    def _send(self, pool: ThreadPoolExecutor, ops: list[Any],
              after: Future[dict[str, Any]] | None) -> _Flight:
        """Queue ``ops`` for the wire on the worker thread, behind the batch ``after`` (not
        sent if that one failed), with the audit-chain head as it is now. The worker builds
        the body from the operations' stored JSON as it is: this thread has the store's work
        to do meanwhile (and the worker can do it while the database has the GIL released)."""
        seq, head = self.store.audit_head()

        def post() -> dict[str, Any]:
            if after is not None and (after.cancelled() or after.exception() is not None):
                raise _NotSent("前一批没有送达")
            body = (f'{{"audit_head":{json.dumps({"seq": seq, "hash": head})},"operations":['
                    + ",".join(op.wire_json() for op in ops) + "]}").encode("utf-8")
            return self.client.json("POST", "/api/v1/operations", content=body,
                                    headers={"Content-Type": "application/json"})

        return _Flight(ops, pool.submit(post))

    def _abandon(self, flights: deque[_Flight], exc: BaseException,
                 summary: SyncSummary) -> None:
        """The push stops: a batch that gets its answer is recorded; whatever is not answered
        goes back to the queue with the same idempotency keys."""
        for flight in flights:
            try:
                answer = flight.answer.result()
            except _NotSent:
                self._unclaim(flight.ops, exc)  # the first error is the one to keep
                continue
            except BaseException as flight_exc:
                # Not delivered, or we cannot know: the same keys go again next time.
                self._unclaim(flight.ops, flight_exc)
                continue
            summary.sent += len(flight.ops)
            with contextlib.suppress(Exception):  # the first error is the one to report
                self._record(flight.ops, answer, summary)
        flights.clear()

    def _unclaim(self, ops: list[Any], exc: BaseException) -> None:
        if ops:
            self.store.outbox_failed([op.idempotency_key for op in ops], _short(exc))

    def _record(self, ops: list[Any], answer: dict[str, Any], summary: SyncSummary) -> None:
        results = {r.get("idempotency_key"): r for r in answer.get("results") or []
                   if isinstance(r, dict)}
        answers, missing = [], []
        for op in ops:
            result = results.get(op.idempotency_key)
            if result is None:
                missing.append(op.idempotency_key)
                continue
            status = result.get("status")
            if status == "duplicate":
                summary.duplicates += 1
                result = result.get("original") or {}
                status = result.get("status")
            if status == "accepted":
                summary.accepted += 1
            elif status == "rejected":
                summary.rejected += 1
            else:
                summary.conflicts += 1
            reasons = result.get("issues") or ([{"message": result["message"]}]
                                               if result.get("message") else [])
            answers.append((op, _OUTCOMES.get(str(status), "conflict"), reasons))
        self.store.outbox_results(answers)
        if missing:
            # Back in the queue for the next sync — not this one: a server that keeps leaving
            # them out must not keep us sending in a loop.
            self.store.outbox_failed(missing, "服务器的答复中缺少这些操作的结果")
            summary.sent -= len(missing)
            raise ServerError(f"服务器的答复中缺少 {len(missing)} 个操作的结果；"
                              "这些记录已保留，下次同步时重新发送")

    # --- case materials ----------------------------------------------------------------------

    def fetch_materials(self, summary: SyncSummary) -> None:
        """The applicants' materials of verification notices, kept for reading offline."""
        folder = attachments_dir(self.data_dir)
        wanted = self.store.objections.missing_materials(folder)
        for done, sha in enumerate(wanted, start=1):
            self.cancel.check()
            response = self.client.request("GET", f"/api/v1/attachments/{sha}", ok=(200, 404),
                                           expect_json=False)
            if response.status_code == 404:
                summary.skipped.append(f"中心没有提供材料 {sha[:12]}…")
                continue
            try:
                keep_downloaded(folder, sha, response.content, self.store.key)
            except EvidenceError as exc:
                summary.skipped.append(str(exc))
                continue
            summary.materials_downloaded += 1
            self.progress(Progress("materials", done, len(wanted), "下载异议材料"))

    # --- feed ------------------------------------------------------------------------------------

    def pull_feed(self, summary: SyncSummary) -> None:
        cursor = self.store.feed_cursor()
        while True:
            self.cancel.check()
            query = f"?limit={FEED_PAGE}" + (f"&after={cursor}" if cursor else "")
            page = self.client.json("GET", f"/api/v1/feed{query}")
            events = [e for e in page.get("events", []) if isinstance(e, dict)]
            cursor = str(page.get("next") or cursor or "")
            result = self.store.apply_feed(events, cursor)
            summary.feed_events += len(events)
            summary.notices += result.notices
            summary.reviews_accepted += result.reviews_accepted
            summary.reviews_rejected += result.reviews_rejected
            summary.skipped += result.skipped
            self.progress(Progress("feed", summary.feed_events, None, "接收审核结果和通知"))
            if not page.get("more"):
                return


def _short(exc: BaseException) -> str:
    return str(exc)[:300] or type(exc).__name__

