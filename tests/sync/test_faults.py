"""Sync through a faulty network: whatever breaks, nothing is lost and nothing is doubled.

The client talks to the real ygcentral through tests/sync/faultproxy.py, which drops
connections (before or after the server committed), answers 5xx/429 or a captive portal's
page, or holds answers back. Every case finishes the sync and then checks the server's
records, revisions and operations against what was queued locally.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.catalog.records import penalty_for_company
from tests.sync.conftest import (
    AGENCY,
    FAST_RETRY,
    PASSWORD,
    CentralServer,
    Client,
    MemoryKeyring,
    connect,
    settings_for,
)
from tests.sync.faultproxy import (
    FaultProxy,
    delay,
    drop_after,
    drop_before,
    html_page,
    json_answer,
    passthrough,
    rewrite,
    status,
)
from ygcentral.schema import operations, tokens
from ygcentral.tls import ensure_dev_tls
from ygclient.progress import Progress
from ygclient.store import State, Store
from ygclient.store.schema import outbox
from ygclient.sync import (
    AuthRequired,
    CentralClient,
    NetworkError,
    RetryPolicy,
    ServerError,
    Session,
    SyncError,
    Timeouts,
    TLSError,
    ssl_context,
)

OPERATIONS = "/api/v1/operations"
GIVE_UP_SOON = RetryPolicy(attempts=3, base=0.05, cap=0.1, retry_after_cap=1)


def queue(store: Store, count: int) -> list[str]:
    """``count`` valid records (distinct document numbers), submitted: in the outbox."""
    ids = [store.create("CF", penalty_for_company() | {"CF_WSH": f"阳市监罚〔2026〕{100 + n}号"}
                        ).record.id for n in range(count)]
    store.submit(ids)
    return ids


def assert_delivered_once(central: CentralServer, store: Store, ids: list[str]) -> None:
    """Every queued record is on the server exactly once, with one revision — the local one."""
    admin = central.admin()
    try:
        rows = admin.list_records(AGENCY)
        assert sorted(r["id"] for r in rows) == sorted(ids)
        for row in rows:
            assert row["revision"] == 1
            revisions = admin.revisions_of(row["id"])
            assert [r["id"] for r in revisions] == [store.get(row["id"]).current_revision_id]
        with admin.engine.connect() as conn:
            keys = list(conn.execute(select(operations.c.idempotency_key)).scalars())
        assert len(keys) == len(ids)  # one stored operation per queued one
    finally:
        admin.close()
    assert {store.get(i).state for i in ids} == {State.SUBMITTED}
    assert store.pending_operations() == 0
    assert store.verify_audit().ok


def assert_still_queued(central: CentralServer, store: Store, ids: list[str],
                        on_server: int = 0) -> None:
    """After a failed sync: every record waits locally to be sent again."""
    assert store.pending_operations() == len(ids)
    assert {store.get(i).state for i in ids} == {State.QUEUED}
    assert store.verify_audit().ok
    admin = central.admin()
    try:
        assert len(admin.list_records(AGENCY)) == on_server
    finally:
        admin.close()


@pytest.fixture
def proxy(central: CentralServer) -> Iterator[FaultProxy]:
    with FaultProxy.for_central(central) as faulty:
        yield faulty


@pytest.fixture
def proxied(store: Store, client_dir: Path, central: CentralServer, proxy: FaultProxy,
            memory_keyring: MemoryKeyring) -> Iterator[Client]:
    """A logged-in client whose every request goes through the fault proxy."""
    connected = connect(store, client_dir, proxy.url, central.ca_file, batch=2)
    try:
        yield connected
    finally:
        connected.http.close()


def test_connection_dropped_after_the_server_committed(
        store: Store, proxied: Client, proxy: FaultProxy, central: CentralServer) -> None:
    ids = queue(store, 5)  # batches of 2, 2 and 1
    proxy.add(drop_after("POST", OPERATIONS),  # batch 1: committed, then FIN
              passthrough("POST", OPERATIONS, times=2),  # its retry, batch 2
              drop_after("POST", OPERATIONS, reset=True))  # batch 3: committed, then RST
    summary = proxied.engine.run()
    assert (summary.sent, summary.accepted, summary.rejected) == (5, 5, 0)
    assert summary.duplicates == 2 + 1  # the retries of the two dropped batches
    assert [s.status for s in proxy.requests("POST", OPERATIONS)] == [None, 200, 200, None, 200]
    assert_delivered_once(central, store, ids)


def test_5xx_answers_are_retried(store: Store, proxied: Client, proxy: FaultProxy,
                                 central: CentralServer) -> None:
    ids = queue(store, 2)
    proxy.add(status("GET", "/api/v1/catalog", 502), status("POST", OPERATIONS, 500),
              status("POST", OPERATIONS, 503), status("GET", "/api/v1/feed", 504))
    summary = proxied.engine.run()
    assert (summary.sent, summary.accepted, summary.duplicates) == (2, 2, 0)
    assert [s.status for s in proxy.requests("POST", OPERATIONS)] == [500, 503, 200]
    assert summary.catalog_version == "2026.11-demo"
    assert_delivered_once(central, store, ids)


def test_429_waits_as_long_as_retry_after_says_within_the_cap(
        store: Store, client_dir: Path, central: CentralServer, proxy: FaultProxy,
        memory_keyring: MemoryKeyring) -> None:
    ids = queue(store, 1)
    retry = RetryPolicy(attempts=5, base=0.05, cap=0.1, retry_after_cap=1.5)
    proxy.add(status("POST", OPERATIONS, 429, retry_after="1"),
              status("POST", OPERATIONS, 429, retry_after="3600"))
    client = connect(store, client_dir, proxy.url, central.ca_file, retry=retry)
    try:
        summary = client.engine.run()
    finally:
        client.http.close()
    assert (summary.sent, summary.accepted) == (1, 1)
    first, second, third = (s.at for s in proxy.requests("POST", OPERATIONS))
    assert 1.0 <= second - first < 1.5  # Retry-After: 1, not the 0.1 s backoff
    assert 1.5 <= third - second < 2.5  # Retry-After: 3600, capped at 1.5 s
    assert_delivered_once(central, store, ids)


def test_read_timeout_after_the_server_committed(
        store: Store, client_dir: Path, central: CentralServer, proxy: FaultProxy,
        memory_keyring: MemoryKeyring) -> None:
    ids = queue(store, 3)
    client = connect(store, client_dir, proxy.url, central.ca_file, batch=2,
                     timeouts=Timeouts(connect=2, read=1, write=2, pool=2))
    proxy.add(delay("POST", OPERATIONS, 3))  # the first batch's answer never comes in time
    try:
        started = time.monotonic()
        summary = client.engine.run()
        took = time.monotonic() - started
    finally:
        client.http.close()
    assert (summary.sent, summary.accepted, summary.duplicates) == (3, 3, 2)
    assert 1 <= took < 3  # gave up after the read timeout, did not wait for the answer
    assert_delivered_once(central, store, ids)


def test_an_html_page_with_200_is_never_success(
        store: Store, client_dir: Path, proxied: Client, proxy: FaultProxy,
        central: CentralServer) -> None:
    ids = queue(store, 3)
    # A captive portal that gives up after a while: every kind of request is retried.
    proxy.add(html_page("GET", "/api/v1/catalog"), html_page("POST", OPERATIONS),
              html_page("GET", "/api/v1/feed"))
    summary = proxied.engine.run()
    assert (summary.sent, summary.accepted, summary.duplicates) == (3, 3, 0)
    assert [s.status for s in proxy.requests("GET", "/api/v1/catalog")] == [200, 200]
    assert (client_dir / "catalog" / "current.json").read_bytes().startswith(b"{")
    assert_delivered_once(central, store, ids)

    # One that stays: the sync fails with a clear message and nothing counts as sent.
    more = queue(store, 2)
    proxy.add(html_page("POST", OPERATIONS, times=-1))
    proxied.http.retry = GIVE_UP_SOON
    with pytest.raises(ServerError, match="代理服务器或网关的网页") as err:
        proxied.engine.run()
    assert err.value.status == 200
    assert store.pending_operations() == 2
    assert {store.get(i).state for i in more} == {State.QUEUED}
    proxy.clear()
    assert proxied.engine.run().accepted == 2
    assert_delivered_once(central, store, ids + more)


@pytest.mark.parametrize(("fault", "error", "message", "committed"), [
    (lambda: status("POST", OPERATIONS, 503, times=-1), ServerError,
     "市信用信息系统暂时不可用（HTTP 503）", False),
    (lambda: drop_before("POST", OPERATIONS, times=-1), NetworkError, "连接中断", False),
    (lambda: drop_after("POST", OPERATIONS, times=-1), NetworkError, "连接中断", True),
], ids=["503", "dropped-before", "dropped-after"])
def test_a_fault_that_stays_loses_nothing(
        fault, error, message, committed, store: Store, proxied: Client, proxy: FaultProxy,
        central: CentralServer) -> None:
    ids = queue(store, 3)
    proxied.engine.batch = 1000
    proxied.http.retry = GIVE_UP_SOON
    proxy.add(fault())
    with pytest.raises(error, match=message) as err:
        proxied.engine.run()
    assert "未发送的记录都已保留" in str(err.value)
    assert len(proxy.requests("POST", OPERATIONS)) == GIVE_UP_SOON.attempts
    assert_still_queued(central, store, ids, on_server=3 if committed else 0)
    proxy.clear()  # the network is back
    summary = proxied.engine.run()
    assert (summary.sent, summary.accepted) == (3, 3)
    assert summary.duplicates == (3 if committed else 0)
    assert_delivered_once(central, store, ids)


def test_a_batch_behind_one_that_failed_is_not_sent(
        store: Store, proxied: Client, proxy: FaultProxy, central: CentralServer) -> None:
    """Batches of 2: the second waits on the worker behind the first, to go the moment the
    first is answered. The first never is (503 until the retries run out): the second must not
    go out at all, and every record waits for the next sync with the first error."""
    ids = queue(store, 5)
    proxied.http.retry = GIVE_UP_SOON
    proxy.add(status("POST", OPERATIONS, 503, times=-1))
    with pytest.raises(ServerError, match="HTTP 503"):
        proxied.engine.run()
    assert len(proxy.requests("POST", OPERATIONS)) == GIVE_UP_SOON.attempts
    assert_still_queued(central, store, ids)
    with store.engine.connect() as conn:
        errors = list(conn.execute(select(outbox.c.last_error).order_by(outbox.c.seq))
                      .scalars())
    # Both claimed batches keep the first error (not "the batch before failed"); the fifth
    # operation was never claimed.
    assert all("HTTP 503" in str(e) for e in errors[:4]) and errors[4] is None
    proxy.clear()
    summary = proxied.engine.run()
    assert (summary.sent, summary.accepted, summary.duplicates) == (5, 5, 0)
    assert_delivered_once(central, store, ids)


@pytest.mark.parametrize("how", [
    "killed",
    # uvicorn's graceful shutdown waits up to 5 s for the client's idle keep-alive connection.
    pytest.param("restarted", marks=pytest.mark.slow),
])
def test_server_restart_mid_sync(how: str, store: Store, client_dir: Path,
                                 central: CentralServer, memory_keyring: MemoryKeyring) -> None:
    """After the first batch the server goes away: killed and started again while the client
    retries (connection refused), or restarted gracefully before the next batch (the pooled
    connection is stale)."""
    ids = queue(store, 6)
    client = connect(store, client_dir, central.url, central.ca_file, batch=2,
                     retry=RetryPolicy(attempts=12, base=0.2, cap=1.0))
    coming_back: list[threading.Thread] = []

    def on_progress(progress: Progress) -> None:
        if progress.phase != "push" or progress.done != 2 or coming_back:
            return
        if how == "restarted":
            coming_back.append(threading.Thread(target=lambda: None))
            central.restart()
        else:
            central.stop(kill=True)
            coming_back.append(threading.Thread(target=central.start))
        coming_back[0].start()

    client.engine.progress = on_progress
    try:
        summary = client.engine.run()
    finally:
        client.http.close()
        for thread in coming_back:
            thread.join()
    assert coming_back, "the server was never stopped"
    assert (summary.sent, summary.accepted) == (6, 6)
    # The second batch is already on the wire when the first one's answer arrives (the push
    # is pipelined): the server may have stored it just before it went away, and then answers
    # the resent batch "duplicate". Either way each record is delivered exactly once.
    assert summary.duplicates in (0, 2)
    assert_delivered_once(central, store, ids)


def _past_expiry_of_token_issued_before(moment: float) -> None:
    """Sleep until an access token (TTL 1 s, issued before ``moment``) has surely expired,
    landing just after a whole second so that the next token lives almost a full second."""
    time.sleep(max(0.0, math.floor(moment) + 2.02 - time.time()))


@pytest.mark.slow
@pytest.mark.parametrize("server_options", [("--access-ttl", "1")])
def test_expired_access_token_one_refresh_then_login(
        store: Store, proxied: Client, proxy: FaultProxy, central: CentralServer,
        memory_keyring: MemoryKeyring) -> None:
    issued = time.time()
    ids = queue(store, 2)
    (first_refresh_token,) = memory_keyring.items.values()
    _past_expiry_of_token_issued_before(issued)
    summary = proxied.engine.run()
    assert summary.accepted == 2
    assert len(proxy.requests("POST", "/api/v1/session/refresh")) == 1
    assert len(proxy.requests("POST", "/api/v1/session/login")) == 1  # only connect()'s
    assert [s.status for s in proxy.requests("GET", "/api/v1/catalog")] == [401, 200]
    admin = central.admin()
    try:
        with admin.engine.connect() as conn:
            refresh = sorted(conn.execute(select(tokens.c.expires_at).where(
                tokens.c.kind == "refresh")).scalars().all())
    finally:
        admin.close()
    # Rotated: the first one now lasts only the minute's grace a lost answer needs.
    first, second = (dt.datetime.fromisoformat(t) for t in refresh)
    assert second - first > dt.timedelta(days=29)
    assert list(memory_keyring.items.values()) != [first_refresh_token]
    assert_delivered_once(central, store, ids)

    # The refresh token is revoked (by the centre): the clerk must log in again.
    issued = time.time()
    more = queue(store, 1)
    admin = central.admin()
    try:
        with admin.engine.begin() as conn:
            conn.execute(update(tokens).where(tokens.c.kind == "refresh").values(revoked=True))
    finally:
        admin.close()
    _past_expiry_of_token_issued_before(issued)
    with pytest.raises(AuthRequired, match="请重新登录"):
        proxied.engine.run()
    assert memory_keyring.items == {}  # the dead token is forgotten
    assert_still_queued(central, store, more, on_server=2)
    proxied.session.login(PASSWORD)
    assert proxied.engine.run().accepted == 1
    assert_delivered_once(central, store, ids + more)


def test_tls_failures_are_specific_and_never_retried(
        central: CentralServer, tmp_path: Path) -> None:
    retry = RetryPolicy(attempts=5, base=0.05, cap=0.1)
    other = ensure_dev_tls(tmp_path / "other-ca", hosts=("example.invalid",))

    def login(url: str, ca_file: Path | None) -> None:
        settings = settings_for(url, ca_file)
        with CentralClient(settings.server, context=ssl_context(ca_file), retry=retry) as http:
            Session(http, settings).login(PASSWORD)

    # The real server's certificate, but the client does not know the dev CA.
    with pytest.raises(TLSError, match=r"^服务器证书不受信任（签发机构未知）.*--ca"):
        login(central.url, None)
    with FaultProxy.for_central(central) as proxy:
        with pytest.raises(TLSError, match="服务器证书不受信任"):
            login(proxy.url, None)
        assert proxy.connections == 1  # not retried
        login(proxy.url, central.ca_file)  # the same proxy with the right CA: fine
    # A certificate for another name, from a CA the client trusts.
    with FaultProxy(central.url, central.ca_file, cert=other.cert_file,
                    key=other.key_file) as proxy:
        with pytest.raises(TLSError, match="证书与地址不符：证书不是为 127.0.0.1 签发的"):
            login(proxy.url, other.ca_file)
        assert proxy.connections == 1
    # Plain HTTP: refused before connecting, and found out when the port speaks it.
    with pytest.raises(TLSError, match="必须以 https:// 开头"):
        login(f"http://127.0.0.1:{central.port}", central.ca_file)
    with FaultProxy(central.url, central.ca_file) as plain:
        assert plain.url.startswith("http://")
        with pytest.raises(TLSError, match="的这个端口不是 HTTPS 服务（可能端口填错了）"):
            login(plain.url.replace("http://", "https://"), central.ca_file)
        assert plain.connections == 1


# --- misbehaviour the client must survive (these found bugs) ------------------------------------

def _without_last_result(body: bytes) -> bytes:
    answer = json.loads(body)
    answer["results"] = answer["results"][:-1]
    return json.dumps(answer).encode()


def test_an_answer_without_results_is_an_error(
        store: Store, proxied: Client, proxy: FaultProxy, central: CentralServer) -> None:
    """A 200 JSON answer that lists no results (a gateway's, a stub's): the operations must go
    back to the queue with a clear error. Today the store is asked to record an empty list of
    answers, SQLAlchemy fails (StatementError, an internal error for the clerk) and the
    records stay "sending" until the next sync."""
    ids = queue(store, 2)
    proxy.add(json_answer("POST", OPERATIONS, b'{"results": []}', times=-1))
    with pytest.raises(ServerError):
        proxied.engine.run()
    assert_still_queued(central, store, ids)


def test_an_answer_missing_results_is_not_resent_in_a_loop(
        store: Store, proxied: Client, proxy: FaultProxy, central: CentralServer) -> None:
    """An answer that leaves out an operation: that one goes back to the queue — and the same
    run claims it again at once, without backoff or limit. With a server (or middlebox) that
    keeps doing this, sync never ends; here it stops only because the fault runs out."""
    ids = queue(store, 2)
    proxied.engine.batch = 1000
    proxy.add(rewrite("POST", OPERATIONS, _without_last_result, times=20))
    with contextlib.suppress(SyncError):
        proxied.engine.run()
    posts = len(proxy.requests("POST", OPERATIONS))
    assert posts <= FAST_RETRY.attempts, f"the unanswered operation was sent {posts} times"
    assert store.get(ids[0]).state == State.SUBMITTED  # what was answered is kept
    assert store.pending_operations() == 1
    proxy.clear()
    assert proxied.engine.run().sent == 1
    assert_delivered_once(central, store, ids)


def test_a_lost_refresh_answer_does_not_log_the_clerk_out(
        store: Store, proxied: Client, proxy: FaultProxy, central: CentralServer,
        memory_keyring: MemoryKeyring) -> None:
    """The refresh is committed (the old refresh token is used up) but its answer is lost;
    the client retries with the old token, is told it is invalid, and forgets the session:
    one dropped connection forces the clerk to type the password again."""
    ids = queue(store, 1)
    proxied.http.tokens.access = "expired"
    proxy.add(drop_after("POST", "/api/v1/session/refresh"))
    assert proxied.engine.run().accepted == 1
    assert memory_keyring.items != {}
    assert_delivered_once(central, store, ids)


def test_a_dead_session_is_explained_once(store: Store, client: Client,
                                          central: CentralServer) -> None:
    """When the refresh fails the server's own explanation gets "（请重新登录）" appended: the
    clerk reads "…请重新登录（请重新登录）", and for a revoked device — where logging in
    cannot help — "…请联系管理员（请重新登录）"."""
    queue(store, 1)
    admin = central.admin()
    try:
        with admin.engine.begin() as conn:
            conn.execute(update(tokens).where(tokens.c.kind == "refresh").values(revoked=True))
        client.http.tokens.access = "expired"
        with pytest.raises(AuthRequired) as expired:
            client.engine.run()
        client.session.login(PASSWORD)
        admin.revoke_device(client.settings.device)
    finally:
        admin.close()
    client.http.tokens.access = "expired"
    with pytest.raises(SyncError) as revoked:
        client.engine.run()
    assert store.pending_operations() == 1  # either way nothing is lost
    assert "设备已被市信用中心停用" in str(revoked.value)
    assert str(expired.value).count("重新登录") == 1, str(expired.value)
    assert "重新登录" not in str(revoked.value), str(revoked.value)
