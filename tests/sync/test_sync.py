"""Sync against a real ygcentral over TLS: the whole round trip, review, feed, catalog, sessions."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.catalog.records import penalty_for_company, penalty_for_person
from tests.sync.conftest import (
    AGENCY,
    PASSWORD,
    CentralServer,
    Client,
    MemoryKeyring,
    connect,
)
from ygclient.store import State, Store
from ygclient.sync import AuthRequired, ServerError, ssl_context


def queue(store: Store, *records: dict[str, object]) -> list[str]:
    ids = [store.create("CF", r).record.id for r in records]
    store.submit(ids)
    return ids


def server_records(central: CentralServer) -> list[dict[str, object]]:
    admin = central.admin()
    try:
        return admin.list_records(AGENCY)
    finally:
        admin.close()


def test_push_review_and_feed_round_trip(store: Store, client: Client,
                                         central: CentralServer) -> None:
    company, person = queue(store, penalty_for_company(), penalty_for_person())
    summary = client.engine.run()
    assert (summary.sent, summary.accepted, summary.rejected) == (2, 2, 0)
    assert {store.get(i).state for i in (company, person)} == {State.SUBMITTED}
    on_server = {r["id"]: r for r in server_records(central)}
    assert set(on_server) == {company, person}
    assert on_server[company]["revision_id"] == store.get(company).current_revision_id

    admin = central.admin()
    try:
        admin.review(company, accept=True)
        admin.review(person, accept=False, reasons=["证件号码与户籍信息不一致"])
    finally:
        admin.close()
    summary = client.engine.run()
    assert (summary.sent, summary.reviews_accepted, summary.reviews_rejected) == (0, 1, 1)
    assert store.get(company).state == State.ACCEPTED
    rejected = store.get(person)
    assert rejected.state == State.REJECTED
    assert rejected.server_reasons[0]["message"] == "证件号码与户籍信息不一致"
    # The feed cursor moved with the events: nothing is applied twice.
    again = client.engine.run()
    assert again.feed_events == 0
    assert store.verify_audit().ok


def test_server_validation_rejects_with_the_same_engine(store: Store, client: Client,
                                                        central: CentralServer) -> None:
    good, bad = queue(store, penalty_for_company(), penalty_for_company())
    # A record the client thought was clean but the centre's catalog says is not: simulated
    # by a future decision date the server's clock also sees as invalid.
    with store.engine.begin() as conn:
        from sqlalchemy import select, update

        from ygclient.store.schema import outbox, outbox_bodies

        row = conn.execute(select(outbox_bodies).join(outbox)
                           .where(outbox.c.record_id == bad)).one()
        body = json.loads(row.body)
        body["payload"]["CF_XDR_SHXYM"] = "91441700MA4W123464"
        conn.execute(update(outbox_bodies).where(outbox_bodies.c.seq == row.seq)
                     .values(body=json.dumps(body, ensure_ascii=False)))
    summary = client.engine.run()
    assert (summary.accepted, summary.rejected) == (1, 1)
    view = store.get(bad)
    assert view.state == State.REJECTED
    assert "校验位错误：应为 H，实为 4" in view.server_reasons[0]["message"]
    assert store.get(good).state == State.SUBMITTED  # one bad record never blocks the rest


def test_correction_and_conflict(store: Store, client: Client, central: CentralServer) -> None:
    (record_id,) = queue(store, penalty_for_company())
    client.engine.run()
    admin = central.admin()
    try:
        admin.review(record_id, accept=True)
    finally:
        admin.close()
    client.engine.run()
    store.start_correction(record_id, "文书号录入错误")
    store.edit(record_id, penalty_for_company() | {"CF_WSH": "阳市监罚〔2026〕13号"})
    store.submit([record_id])
    summary = client.engine.run()
    assert summary.accepted == 1
    revisions = central.admin().revisions_of(record_id)
    assert [r["kind"] for r in revisions] == ["create", "correction"]
    assert revisions[1]["replaces_revision_id"] == revisions[0]["id"]
    # A second correction still based on the first revision: a conflict, nothing deleted.
    with store.engine.begin() as conn:
        from sqlalchemy import update

        from ygclient.store.schema import records

        conn.execute(update(records).where(records.c.id == record_id).values(state="accepted"))
    store.start_correction(record_id, "再改一次")
    store.submit([record_id])
    summary = client.engine.run()
    assert summary.conflicts == 1
    assert [op.record_id for op in store.conflicts()] == [record_id]
    assert len(central.admin().revisions_of(record_id)) == 2


def test_catalog_is_downloaded_once_and_kept(client: Client, client_dir: Path) -> None:
    summary = client.engine.run()
    assert summary.catalog_version == "2026.11-demo"
    saved = client_dir / "catalog" / "current.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["version"] == "2026.11-demo"
    before = saved.stat().st_mtime_ns
    response = client.http.request("GET", "/api/v1/catalog", headers={
        "If-None-Match": (client_dir / "catalog" / "current.etag").read_text()})
    assert response.status_code == 304
    client.engine.run()
    assert saved.stat().st_mtime_ns == before


def test_refresh_token_goes_to_the_keyring_never_to_a_file(
        client: Client, memory_keyring: MemoryKeyring, client_dir: Path, tmp_path: Path) -> None:
    (token,) = memory_keyring.items.values()
    assert len(token) > 30
    client.settings.save(client_dir)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_expired_access_token_is_refreshed_once(store: Store, client: Client) -> None:
    client.http.tokens.access = "expired-or-forged"
    queue(store, penalty_for_company())
    assert client.engine.run().accepted == 1  # one refresh, then on


def test_no_refresh_token_means_login_again(store: Store, client: Client,
                                            memory_keyring: MemoryKeyring) -> None:
    client.http.tokens.access = "expired"
    client.session.credentials.forget()
    with pytest.raises(AuthRequired, match="登录"):
        client.engine.run()


def test_five_wrong_passwords_lock_the_account(store: Store, client_dir: Path,
                                               central: CentralServer,
                                               memory_keyring: MemoryKeyring) -> None:
    wrong = connect(store, client_dir, central.url, central.ca_file, login=False)
    messages = []
    for _ in range(5):
        with pytest.raises(ServerError) as err:
            wrong.session.login("not the password")
        messages.append(str(err.value))
    assert "再错 4 次将锁定账户" in messages[0]
    assert "账户已锁定，请 1 分钟后再试" in messages[4]
    with pytest.raises(ServerError, match="账户已锁定"):
        wrong.session.login(PASSWORD)  # even the right password waits out the lock
    wrong.http.close()


def test_logout_revokes_the_session(store: Store, client: Client,
                                    memory_keyring: MemoryKeyring) -> None:
    token = client.http.tokens.access
    client.session.logout()
    assert memory_keyring.items == {}
    client.http.tokens.access = token
    with pytest.raises(AuthRequired):
        client.http.json("GET", "/api/v1/feed")


def test_attachments_are_content_addressed(client: Client) -> None:
    import hashlib

    pdf = b"%PDF-1.7\n" + b"x" * 1000
    sha = hashlib.sha256(pdf).hexdigest()
    head = client.http.request("HEAD", f"/api/v1/attachments/{sha}", ok=(200, 404),
                               expect_json=False)
    assert head.status_code == 404
    first = client.http.request("PUT", f"/api/v1/attachments/{sha}", content=pdf)
    second = client.http.request("PUT", f"/api/v1/attachments/{sha}", content=pdf)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["media_type"] == "application/pdf"
    exe = b"MZ\x90\x00" + b"\x00" * 100
    with pytest.raises(ServerError, match="只能是 PDF、JPEG 或 PNG"):
        client.http.request("PUT", f"/api/v1/attachments/{hashlib.sha256(exe).hexdigest()}",
                            content=exe)
    with pytest.raises(ServerError, match="SHA-256"):
        client.http.request("PUT", f"/api/v1/attachments/{'0' * 64}", content=pdf)


def test_same_key_different_payload_is_refused_never_overwritten(
        store: Store, client: Client, central: CentralServer) -> None:
    (record_id,) = queue(store, penalty_for_company())
    op = store.claim_outbox()[0]
    body = {"operations": [op.body | {"idempotency_key": op.idempotency_key}]}
    first = client.http.json("POST", "/api/v1/operations", json_body=body)
    assert first["results"][0]["status"] == "accepted"
    tampered = json.loads(json.dumps(body))
    tampered["operations"][0]["payload"]["CF_NR"] = "改过的内容"
    answer = client.http.json("POST", "/api/v1/operations", json_body=tampered)
    assert answer["results"][0]["status"] == "error"
    assert answer["results"][0]["code"] == "idempotency-mismatch"
    stored = central.admin().revisions_of(record_id)[0]["payload"]
    assert stored["CF_NR"] == "警告，并处罚款2000元。"


def test_operation_answers_keep_to_the_documented_shape(store: Store, client: Client) -> None:
    """The server writes its answer without the response model's validation (for speed): every
    kind of answer must still be what OperationsResponse documents, and no more."""
    from ygcentral.app import OperationResult, OperationsResponse

    queue(store, penalty_for_company(), penalty_for_company() | {"CF_WSH": "阳市监罚〔2026〕2号"})
    good, other = (op.body | {"idempotency_key": op.idempotency_key}
                   for op in store.claim_outbox())
    invalid = other | {"payload": other["payload"] | {"CF_XDR_SHXYM": "123"}}
    client.http.json("POST", "/api/v1/operations", json_body={"operations": [good]})
    answer = client.http.json("POST", "/api/v1/operations", json_body={
        "audit_head": {"seq": 1, "hash": "0" * 64},
        "operations": [good, invalid, {"op": "create"}, good | {"op": "teleport",
                                                                  "idempotency_key": "k2"},
                       good | {"op": "correct", "idempotency_key": "k3",
                               "revision_id": "0193a4e0-0000-7000-8000-000000000003"},
                       *[good | {"idempotency_key": f"k{n}", "item": item,
                                 "record_id": f"0193a4e0-0000-7000-8000-00000000001{n}",
                                 "revision_id": f"0193a4e0-0000-7000-8000-00000000002{n}"}
                         for n, item in ((4, "NOPE"), (5, ["CF"]))]]})
    statuses = [r["status"] for r in answer["results"]]
    assert statuses == ["duplicate", "rejected", "error", "error", "conflict", "rejected",
                        "rejected"]
    assert [r["issues"][0]["code"] for r in answer["results"][-2:]] == ["unknown_item"] * 2
    assert OperationsResponse.model_validate(answer).results[1].issues
    for result in answer["results"] + [answer["results"][0]["original"]]:
        assert set(result) <= set(OperationResult.model_fields), result


def test_problem_details_and_openapi(central: CentralServer) -> None:
    with httpx.Client(base_url=central.url, verify=ssl_context(central.ca_file)) as http:
        response = http.get("/api/v1/feed")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/not-logged-in"
        # Bodies are parsed as strict JSON, before the token is looked at: NaN is not JSON,
        # nor is a lone surrogate (a lenient parser would let them through to the 401).
        for body in (b'{"operations": [{"payload": {"CF_NR_FK": NaN}}]}',
                     b'{"operations": [{"payload": {"CF_NR": "\\ud800"}}]}', b'{"operations": '):
            response = http.post("/api/v1/operations", content=body,
                                 headers={"Content-Type": "application/json"})
            assert response.status_code == 422, body
            assert response.json()["type"] == "/problems/malformed-request"
        spec = http.get("/openapi.json").json()
    assert {"/api/v1/session/login", "/api/v1/operations", "/api/v1/feed",
            "/api/v1/attachments/{sha256}", "/api/v1/catalog"} <= set(spec["paths"])
    body_schema = spec["paths"]["/api/v1/operations"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/OperationsRequest"}


def test_audit_head_rewind_is_flagged_at_the_centre(store: Store, client: Client,
                                                    central: CentralServer) -> None:
    queue(store, penalty_for_company())
    client.engine.run()
    op = {"operations": [], "audit_head": {"seq": 1, "hash": "f" * 64}}
    answer = client.http.json("POST", "/api/v1/operations", json_body=op)
    assert answer["audit_head_ok"] is False
    alerts = central.admin().audit_alerts()
    assert len(alerts) == 1 and "可能被改写" in alerts[0]["detail"]


def test_cancel_stops_between_batches_and_loses_nothing(
        store: Store, client: Client, client_dir: Path, central: CentralServer) -> None:
    from ygclient.progress import Cancelled, CancelToken, Progress
    from ygclient.sync import SyncEngine

    ids = queue(store, *[penalty_for_company() | {"CF_WSH": f"阳市监罚〔2026〕{n}号"}
                         for n in range(5)])
    token = CancelToken()
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        if progress.phase == "push" and progress.done >= 2:
            token.cancel()

    engine = SyncEngine(store, client.http, client_dir, progress=on_progress, cancel=token,
                        batch=2)
    with pytest.raises(Cancelled):
        engine.run()
    assert [p.done for p in seen if p.phase == "push"] == [0, 2]
    assert [p.total for p in seen if p.phase == "push"][0] == 5
    # The push is pipelined: when the first answer came back the second batch was already
    # on the wire, so its answer is recorded too; the fifth record was never claimed.
    assert store.pending_operations() == 1
    assert store.verify_audit().ok
    client.http.cancel = CancelToken()
    summary = SyncEngine(store, client.http, client_dir).run()
    assert summary.sent == 1
    assert {r["id"] for r in server_records(central)} == set(ids)
