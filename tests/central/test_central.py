"""ygcentral's service and admin commands, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.catalog.records import penalty_for_company
from ygcentral.cli import main
from ygcentral.schema import users
from ygcentral.service import Central, Principal, ProblemError

AGENCY = "114417000070012332"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "yangjiang-demo.json"


@pytest.fixture(params=["sqlite", "postgresql"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    url = (f"sqlite:///{tmp_path / 'central.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    service = Central.open(url)
    service.create_agency(AGENCY, "阳江市市场监督管理局")
    service.create_user(AGENCY, "clerk", "correct horse battery")
    service.publish_catalog(DEMO.read_bytes())
    try:
        yield service
    finally:
        service.close()


def op(key: str, record: str, **extra: object) -> dict[str, object]:
    return {"idempotency_key": key, "op": "create", "record_id": record,
            "revision_id": f"{record}-v1", "revision_number": 1, "item": "CF",
            "catalog_version": "2026.11-demo", "payload": penalty_for_company()} | extra


def test_operations_review_and_feed(central: Central) -> None:
    tokens = central.login(AGENCY, "clerk", "correct horse battery", "device-0001")
    who = central.authenticate(tokens["access_token"])
    answer = central.submit(who, {"operations": [op("k1", "r1"), op("k2", "r2", payload={})]})
    assert [r["status"] for r in answer["results"]] == ["accepted", "rejected"]
    again = central.submit(who, {"operations": [op("k1", "r1")]})
    assert again["results"][0]["status"] == "duplicate"
    assert again["results"][0]["original"]["status"] == "accepted"
    assert central.review("r1", accept=True) == "accepted"
    events = central.feed(who, None)["events"]
    assert [e["type"] for e in events] == ["catalog_published", "review"]
    assert central.feed(who, central.feed(who, None)["next"])["events"] == []
    assert {r["id"]: r["state"] for r in central.list_records(AGENCY)} == {
        "r1": "accepted", "r2": "rejected"}


def test_the_revision_keeps_the_payload_as_the_engine_normalised_it(central: Central) -> None:
    who = central.authenticate(
        central.login(AGENCY, "clerk", "correct horse battery", "device-0001")["access_token"])
    raw = penalty_for_company() | {"CF_WSH": "  阳市监罚〔2026〕12号 "}
    answer = central.submit(who, {"operations": [op("k1", "r1"), op("k2", "r2", payload=raw)]})
    assert [r["status"] for r in answer["results"]] == ["accepted", "accepted"]
    first, trimmed = (central.revisions_of(r)[0]["payload"] for r in ("r1", "r2"))
    assert first["CF_CFLB"] == ["警告", "罚款"]  # "警告;罚款" as sent
    assert trimmed["CF_WSH"] == "阳市监罚〔2026〕12号" and trimmed == first
    # Sent as normalised already (what the client sends): kept as it is.
    central.submit(who, {"operations": [op("k3", "r3", payload=first)]})
    assert central.revisions_of("r3")[0]["payload"] == first


def test_warm_up_compiles_the_catalog_in_force_before_any_request(central: Central,
                                                                   tmp_path: Path) -> None:
    central.warm_up()  # what serve does before it listens
    assert list(central._catalogs) == ["2026.11-demo"]
    items = {item.code for item in central._catalogs["2026.11-demo"].items}
    assert {item for _, item in central._validators} == items
    empty = Central.open(f"sqlite:///{tmp_path / 'empty.sqlite3'}")  # nothing published yet
    try:
        empty.warm_up()
        assert not empty._catalogs and not empty._validators
    finally:
        empty.close()


def test_passwords_are_stored_as_scrypt_hashes(central: Central) -> None:
    with central.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert stored.startswith("scrypt$") and "correct horse battery" not in stored


def test_revoked_device_cannot_use_its_tokens(central: Central) -> None:
    tokens = central.login(AGENCY, "clerk", "correct horse battery", "lost-laptop-1")
    assert central.revoke_device("lost-laptop-1") == 1
    with pytest.raises(ProblemError) as err:
        central.authenticate(tokens["access_token"])
    assert err.value.code == "device-revoked"
    with pytest.raises(ProblemError):
        central.refresh(tokens["refresh_token"])


def test_a_replaced_refresh_token_lasts_one_more_minute(central: Central) -> None:
    import datetime as dt

    from ygclient.clock import FixedClock

    clock = FixedClock(dt.datetime(2026, 11, 26, 9, 0))
    central.clock = clock
    tokens = central.login(AGENCY, "clerk", "correct horse battery", "device-0002")
    central.refresh(tokens["refresh_token"])
    central.refresh(tokens["refresh_token"])  # the first answer may have been lost
    clock.advance(dt.timedelta(seconds=61))
    with pytest.raises(ProblemError) as err:
        central.refresh(tokens["refresh_token"])
    assert err.value.status == 401


def test_batch_limits(central: Central) -> None:
    who = Principal(1, AGENCY, "clerk", "device-0003")
    with pytest.raises(ProblemError) as err:
        central.submit(who, {"operations": [op(f"k{i}", f"r{i}") for i in range(1001)]})
    assert err.value.status == 413
    with pytest.raises(ProblemError) as err:
        central.submit(who, ["not", "a", "batch"])
    assert err.value.status == 422


# --- admin command line ---------------------------------------------------------------------

def admin(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str,
          stdin: str = "") -> tuple[int, str, str]:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(["--data-dir", str(tmp_path / "c"), "admin", *argv])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def test_admin_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = admin(capsys, tmp_path, "create-agency", "--code", "114417000070012333",
                         "--name", "x")
    assert code == 2 and "校验位错误" in err
    assert admin(capsys, tmp_path, "create-agency", "--code", AGENCY, "--name", "阳江")[0] == 0
    code, _, err = admin(capsys, tmp_path, "create-user", "--agency", AGENCY, "--user", "a",
                         stdin="short\n")
    assert code == 2 and "至少 8 个字符" in err
    assert admin(capsys, tmp_path, "create-user", "--agency", AGENCY, "--user", "a",
                 stdin="long enough password\n")[0] == 0
    assert admin(capsys, tmp_path, "publish-catalog", str(DEMO))[0] == 0
    code, _, err = admin(capsys, tmp_path, "publish-catalog", str(DEMO))
    assert code == 2 and "已发布过" in err
    code, out, _ = admin(capsys, tmp_path, "records", "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = admin(capsys, tmp_path, "review", "nope", "--reject")
    assert code == 1 and "退回须说明理由" in err


@pytest.mark.parametrize("op", [
    {"op": "create", "idempotency_key": "k", "payload": penalty_for_company()},
    {"op": "create", "payload": {"b": ["阳江", "x"], "a": "1"}, "z": None, "item": "CF"},
    {"op": "answer", "payload": "not an object"},
    {"op": "answer"},
])
def test_an_operation_digest_is_taken_over_its_sorted_json(op: dict[str, object]) -> None:
    import base64
    import hashlib

    from ygcentral.service import _op_digest

    digest, payload_text = _op_digest(op)
    compact = json.dumps(op, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert digest == base64.urlsafe_b64encode(
        hashlib.sha256(compact.encode()).digest()).rstrip(b"=").decode()
    assert _op_digest(dict(reversed(op.items())))[0] == digest  # key order does not count
    payload = op.get("payload")
    assert payload_text == (json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":"))
                            if isinstance(payload, dict) else None)


@pytest.mark.parametrize("odd", [2 ** 70, "\ud800"], ids=["big integer", "lone surrogate"])
def test_what_orjson_cannot_write_is_digested_in_version_1(odd: object) -> None:
    import hashlib

    from ygcentral.service import _op_digest, _same_digest

    op = {"op": "create", "payload": {"CF_NR": odd}}
    digest, payload_text = _op_digest(op)
    assert digest == hashlib.sha256(json.dumps(op, ensure_ascii=False, sort_keys=True)
                                    .encode("utf-8", "surrogatepass")).hexdigest()
    assert payload_text is not None and json.loads(payload_text) == op["payload"]
    assert _same_digest(digest, digest, op)
    assert not _same_digest(_op_digest({"op": "create", "payload": {}})[0], digest, op)


def test_a_digest_stored_by_an_older_ygcentral_still_tells_a_resend_from_a_change(
        central: Central) -> None:
    """Before orjson, ygcentral stored version 1 digests (sha256 of json.dumps with sort_keys):
    an operation sent again after the upgrade is still a duplicate, a changed one still refused."""
    import hashlib

    from ygcentral.schema import operations

    who = central.authenticate(
        central.login(AGENCY, "clerk", "correct horse battery", "device-0001")["access_token"])
    first = op("k1", "r1")
    answer = central.submit(who, {"operations": [first]})["results"][0]
    with central.engine.begin() as conn:  # as the older version wrote it
        conn.execute(operations.update().where(operations.c.idempotency_key == "k1").values(
            body_sha256=hashlib.sha256(json.dumps(first, ensure_ascii=False, sort_keys=True)
                                       .encode()).hexdigest()))
    again = central.submit(who, {"operations": [first]})["results"][0]
    assert again == {"idempotency_key": "k1", "status": "duplicate", "original": answer}
    changed = op("k1", "r1", payload=penalty_for_company() | {"CF_NR": "警告。罚款。"})
    refused = central.submit(who, {"operations": [changed]})["results"][0]
    assert (refused["status"], refused["code"]) == ("error", "idempotency-mismatch")


@pytest.mark.parametrize(("normalized", "payload", "same"), [
    ({"a": "x", "b": ["1", "2"]}, {"b": ["1", "2"], "a": "x"}, True),
    ({"n": 5}, {"n": 5}, True),
    ({"n": 5}, {"n": 5.0}, False),  # an integer field: equal, but written "5" and "5.0"
    ({"a": "x"}, {"a": " x "}, False),
])
def test_a_payload_is_kept_as_sent_only_where_its_text_is_the_normalised_one(
        normalized: dict[str, object], payload: dict[str, object], same: bool) -> None:
    from ygcentral.service import _same_text, _sorted_json

    assert _same_text(normalized, payload) is same
    if same:
        assert _sorted_json(normalized) == _sorted_json(payload)


def test_rows_inserted_together_may_lack_a_column_of_the_first(tmp_path: Path) -> None:
    from sqlalchemy import Column, MetaData, Table, Text, create_engine

    from ygcentral.service import _insert_many

    table = Table("t", MetaData(), Column("a", Text), Column("b", Text), Column("c", Text))
    engine = create_engine(f"sqlite:///{tmp_path / 't.sqlite3'}")
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        _insert_many(conn, table, [{"a": "1", "b": "2"}, {"b": "3", "a": "4"}])
        _insert_many(conn, table, [{"a": "5", "b": "6"}, {"a": "7"}])  # b: NULL
        _insert_many(conn, table, [{"c": "8"}, {"c": "9"}])  # one column
    with engine.connect() as conn:
        assert conn.execute(select(table.c.a, table.c.b, table.c.c)).all() == [
            ("1", "2", None), ("4", "3", None), ("5", "6", None), ("7", None, None),
            (None, None, "8"), (None, None, "9")]
    engine.dispose()
