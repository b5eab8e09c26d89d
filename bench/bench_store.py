"""Store speed: list and search pages over a large store, and bulk inserts.

Goals (from the issue), each printed next to the figures measured:

* with 1,000,000 records in the store, the first page of a state filter in
  ≤ 20 ms and the first page of a substring search in ≤ 50 ms;
* inserting 100,000 validated records (with their audit entries and search index) in
  ≤ 1.5× the time plain ``sqlite3`` ``executemany`` takes for the same rows in the same run.
  "The same rows" are the rows the store writes — records, revisions, audit entries, the
  full-text and bigram indexes — written by bare ``sqlite3`` into the same schema in the same
  chunks (:func:`insert_same_rows_raw`): the ratio is the cost of the store itself. Printed
  beside it for reference: ``executemany`` of the records alone into one naive table (the
  columns of ``records`` plus the payload JSON; a fresh file, WAL, ``synchronous=FULL``, one
  transaction), and how far above that the same rows alone already are — the floor for any
  store that keeps an audit entry and a search index per record.

The large store is built once and kept under ``--cache-dir`` (default
/tmp/ygclient-bench), keyed by record count, Alembic head and generator
version; later runs reuse it. Timings are medians over ``--repeat`` calls
after one warm-up call (warm cache). Figures are printed, never asserted.

The stores are plain SQLite by default (the figures of the store issue); ``--encrypted``
runs everything on SQLCipher stores under a data key kept in the cache folder, and
``bench/bench_encryption.py`` runs both side by side and prints the ratios.

Run: .venv/bin/python -m bench.bench_store [--records N] [--insert M] [--profile] [--encrypted]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.catalog import Catalog, ValidationResult, bundled_catalog
from ygclient.catalog.checkdigits import USCC_ALPHABET, cn_id_check_char, uscc_check_char
from ygclient.clock import FixedClock
from ygclient.store import State, Store, keys
from ygclient.store import db as store_db
from ygclient.store.audit import canonical_json
from ygclient.store.db import bigrams
from ygclient.store.ids import uuid7

# The day the generated records are valid on (validation looks at "today").
BENCH_DAY = dt.date(2026, 11, 26)
# Bump when make_records changes, so that cached stores are rebuilt.
GENERATOR_VERSION = 1
BUILD_CHUNK = 10_000
FILTER_GOAL_MS = 20.0
SEARCH_GOAL_MS = 50.0
INSERT_GOAL_RATIO = 1.5

# --- realistic records --------------------------------------------------------------------

# (place prefix of company names, division code for USCCs and ID numbers, weight)
AREAS = (
    ("阳江市", "441700", 30), ("阳江市江城区", "441702", 25), ("阳江市阳东区", "441704", 15),
    ("阳西县", "441721", 10), ("阳春市", "441781", 15), ("阳江高新技术产业开发区", "441700", 3),
    ("阳江市海陵试验区", "441700", 2),
)
BRAND_FIRST = "海鸿金华盛泰永兴福祥德宏瑞通信恒新嘉佳龙凤明丰源安东南湾岭江林春和美益康利隆达宝"
BRAND_SECOND = "韵达泰兴源发盛丰利华通顺成昌荣茂祥隆鑫森辉宇航海江山峰林湖城港湾星月阳光明景"
# Company trades, most frequent first (Zipf-like weights).
TRADES = (
    "贸易", "食品", "五金制品", "餐饮管理", "建材", "水产", "刀剪", "电子科技", "物流",
    "服装", "医药", "酒店管理", "房地产开发", "建筑工程", "农业发展", "汽车维修", "化工",
    "陶瓷", "家具", "网络科技", "文化传媒", "环保科技", "海产品加工", "茶叶", "装饰工程",
    "教育咨询", "石油化工", "渔业", "饲料", "不锈钢制品",
)
TRADE_WEIGHTS = tuple(1 / (rank + 1) for rank in range(len(TRADES)))
COMPANY_FORMS = (("有限公司", 60), ("有限责任公司", 12), ("股份有限公司", 3), ("商行", 8),
                 ("经营部", 7), ("厂", 5), ("店", 5))
SURNAMES = (("陈", 14), ("林", 10), ("李", 8), ("黄", 8), ("梁", 7), ("张", 6), ("王", 5),
            ("吴", 5), ("刘", 5), ("杨", 4), ("冯", 4), ("关", 3), ("谭", 3), ("许", 3),
            ("何", 3), ("莫", 2), ("欧阳", 0.4), ("司徒", 0.3))
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰志红梅海燕建国文晓小婷雪"
# (abbreviation used in 文书号, weight)
AGENCIES = (("阳市监罚", 30), ("阳江城市监罚", 12), ("阳东市监罚", 8), ("阳西市监罚", 6),
            ("阳春市监罚", 8), ("阳环罚", 8), ("阳税稽罚", 6), ("阳应急罚", 4),
            ("阳城管罚", 6), ("阳交执罚", 5), ("阳卫医罚", 4), ("阳消行罚", 3))
OFFENCES = (
    ("销售不符合食品安全标准的食品", "当事人销售超过保质期的食品。"),
    ("未按规定公示年度报告", "当事人未按规定期限公示年度报告。"),
    ("超标排放大气污染物", "当事人锅炉废气排放浓度超过排放标准。"),
    ("未依法取得许可从事经营活动", "当事人未取得许可证即从事经营。"),
    ("虚假宣传", "当事人在经营场所发布与实际情况不符的宣传内容。"),
    ("违反安全生产规定", "当事人未按规定对从业人员进行安全生产教育和培训。"),
)


def _weighted(pairs: Sequence[tuple[str, float]]) -> tuple[list[str], list[float]]:
    return [p[0] for p in pairs], [float(p[1]) for p in pairs]


def make_records(count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """Distinct, valid CF records: a quarter against natural persons, the rest companies.

    Names, codes and document numbers vary the way a city's penalties do:
    a few thousand company brands across the districts and trades, common and
    rare surnames, numbering of 文书号 per agency and year.
    """
    rng = random.Random(seed)
    area_names = [a[0] for a in AREAS]
    area_weights = [float(a[2]) for a in AREAS]
    forms, form_weights = _weighted(COMPANY_FORMS)
    surnames, surname_weights = _weighted(SURNAMES)
    agencies, agency_weights = _weighted(AGENCIES)
    divisions = {a[0]: a[1] for a in AREAS}
    numbering: dict[tuple[str, int], int] = {}
    first_day = dt.date(2023, 1, 1).toordinal()
    last_day = (BENCH_DAY - dt.timedelta(days=1)).toordinal()
    for n in range(count):
        area = rng.choices(area_names, area_weights)[0]
        decided = dt.date.fromordinal(first_day + (last_day - first_day) * n // max(count, 1))
        if n % 4 == 0:
            record = penalty_for_person()
            birth = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
            body = f"{divisions[area]}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
            record["CF_XDR_ZJHM"] = body + cn_id_check_char(body)
            given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            record["CF_XDR_MC"] = rng.choices(surnames, surname_weights)[0] + given
        else:
            record = penalty_for_company()
            body = "91" + divisions[area] + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
            record["CF_XDR_SHXYM"] = body + uscc_check_char(body)
            brand = rng.choice(BRAND_FIRST) + rng.choice(BRAND_SECOND)
            trade = rng.choices(TRADES, TRADE_WEIGHTS)[0]
            form = rng.choices(forms, form_weights)[0]
            record["CF_XDR_MC"] = f"{area}{brand}{trade}{form}"
            record["CF_FRDB"] = rng.choice(surnames[:12]) + rng.choice(GIVEN)
            fine = rng.randint(1, 500) * 100
            record["CF_NR"] = f"警告，并处罚款{fine}元。"
            record["CF_NR_FK"] = str(fine / 10000)
        offence, facts = rng.choice(OFFENCES)
        record["CF_WFXW"] = offence
        record["CF_SY"] = facts
        agency = rng.choices(agencies, agency_weights)[0]
        number = numbering[agency, decided.year] = numbering.get((agency, decided.year), 0) + 1
        record["CF_WSH"] = f"{agency}〔{decided.year}〕{number}号"
        record["CF_JDRQ"] = decided.isoformat()
        record["CF_YXQ"] = (decided + dt.timedelta(days=180)).isoformat()
        record["CF_GSJZQ"] = (decided + dt.timedelta(days=rng.choice((92, 183, 365)))).isoformat()
        yield record


def validated(catalog: Catalog, records: Iterator[dict[str, Any]],
              ) -> list[tuple[dict[str, Any], ValidationResult]]:
    validator = catalog.validator("CF", clock=FixedClock(BENCH_DAY))
    return [(record, validator.validate(record)) for record in records]


def chunks(count: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, count, size):
        yield start, min(start + size, count)


# --- the large store ---------------------------------------------------------------------------

# Lifecycle states of the bench store, by share of records (per mille). The newest 2 %
# are still on their way to the credit centre; older ones have mostly been accepted.
OLD_STATES = ((State.ACCEPTED, 600), (State.DISCLOSURE_ENDED, 250), (State.REJECTED, 25),
              (State.RETRACTED, 10), (State.CORRECTION, 5), (State.UNDER_OBJECTION, 3),
              (State.RESOLVED, 7), (State.SUBMITTED, 40), (State.READY, 40), (State.DRAFT, 20))
NEW_STATES = ((State.DRAFT, 150), (State.READY, 450), (State.QUEUED, 50),
              (State.SUBMITTED, 300), (State.REJECTED, 50))
ACCEPTED_ONCE = (State.ACCEPTED, State.DISCLOSURE_ENDED, State.RETRACTED, State.CORRECTION,
                 State.UNDER_OBJECTION, State.RESOLVED)


def _state_case(shares: Sequence[tuple[State, int]]) -> str:
    assert sum(share for _, share in shares) == 1000
    arms, upper = [], 0
    for state, share in shares:
        upper += share
        arms.append(f"WHEN (seq * 7919) % 1000 < {upper} THEN '{state.value}'")
    return "CASE " + " ".join(arms) + " END"


def open_store(folder: Path, catalog: Catalog, key: keys.DatabaseKey | None,
               **options: Any) -> Store:
    """A store in ``folder``: encrypted with ``key``, else a plain SQLite file."""
    url = None if key else f"sqlite:///{folder / store_db.DB_FILENAME}"
    return Store.open(folder, catalog, actor="bench", url=url, key=key, **options)


def connect(path: Path | str, key: keys.DatabaseKey | None, **options: Any) -> Any:
    """A DB-API connection outside the store (plain sqlite3, or SQLCipher with ``key``)."""
    return store_db.raw_connect(path, key.sqlcipher if key else None, **options)


def bench_key(cache_dir: Path) -> keys.DatabaseKey:
    """The data key of the encrypted benchmark stores (synthetic data), kept for reuse."""
    path = cache_dir / "bench-data-key.hex"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(keys.KEY_BYTES).hex())
    return keys.DatabaseKey(bytes.fromhex(path.read_text()), "passphrase", "bench")


def spread_states(path: Path, count: int, key: keys.DatabaseKey | None = None) -> None:
    """Give the records their lifecycle states with plain SQL.

    Benchmark only: bulk_create stores records as ready or draft, and walking a
    million records through submit/accept would take hours. The states are set
    behind the store's back, so this database's audit chain is NOT meant to
    verify (verify_audit reports every changed record).
    """
    newest = count - count // 50
    conn = connect(path, key, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"UPDATE records SET state = {_state_case(OLD_STATES)} WHERE seq <= ?",
                     (newest,))
        conn.execute(f"UPDATE records SET state = {_state_case(NEW_STATES)} WHERE seq > ?",
                     (newest,))
        accepted = ", ".join(f"'{s.value}'" for s in ACCEPTED_ONCE)
        conn.execute("UPDATE records SET accepted_revision_id = current_revision_id "
                     f"WHERE state IN ({accepted})")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build_store(target: Path, count: int, catalog: Catalog,
                key: keys.DatabaseKey | None = None) -> float:
    """Fill a new store under ``target`` with ``count`` records; return the seconds taken."""
    unfinished = target.with_name(target.name + ".partial")
    shutil.rmtree(unfinished, ignore_errors=True)
    started = time.perf_counter()
    records = make_records(count)
    with open_store(unfinished, catalog, key, clock=FixedClock(BENCH_DAY)) as store:
        for start, end in chunks(count, BUILD_CHUNK):
            rows = validated(catalog, (next(records) for _ in range(end - start)))
            store.bulk_create("CF", rows)
            if end % 100_000 == 0 or end == count:
                elapsed = time.perf_counter() - started
                print(f"  built {end:>9,} records in {elapsed:6.0f} s "
                      f"({end / elapsed:,.0f} records/s)", flush=True)
    spread_states(unfinished / store_db.DB_FILENAME, count, key)
    seconds = time.perf_counter() - started
    (unfinished / "bench.json").write_text(json.dumps(
        {"records": count, "build_seconds": seconds, "sqlite": sqlite3.sqlite_version}))
    shutil.rmtree(target, ignore_errors=True)
    unfinished.rename(target)
    return seconds


def cached_store(cache_dir: Path, count: int, catalog: Catalog, rebuild: bool,
                 key: keys.DatabaseKey | None = None) -> Path:
    name = f"cf-{count}-alembic{store_db.head_revision()}-gen{GENERATOR_VERSION}"
    target = cache_dir / (name + ("-sqlcipher" if key else ""))
    info = target / "bench.json"
    if info.exists() and not rebuild:
        seconds = json.loads(info.read_text())["build_seconds"]
        print(f"Store of {count:,} records reused from {target} (building it took {seconds:.0f} s)")
        return target
    print(f"Building a store of {count:,} records in {target} (cached for later runs)…")
    seconds = build_store(target, count, catalog, key)
    size = (target / store_db.DB_FILENAME).stat().st_size
    print(f"Building took {seconds:.0f} s ({count / seconds:,.0f} records/s, "
          f"validation and state spreading included); file size {size / 2**30:.2f} GiB")
    return target


# --- timing ---------------------------------------------------------------------------------

def ljust(text: str, width: int) -> str:
    """Pad to ``width`` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def median_ms(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, minimum) of ``repeat`` timed calls after one untimed warm-up call."""
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def count_matches(path: Path, search: str | None, state: State | None,
                  key: keys.DatabaseKey | None = None) -> int:
    """How many records a query finds in all (untimed, for context)."""
    conn = connect(f"file:{path}?mode=ro", key, uri=True)
    try:
        if state is not None:
            sql, args = "SELECT count(*) FROM records WHERE state = ?", [state.value]
        elif search is not None and len(search) >= 3:
            sql = "SELECT count(*) FROM record_search WHERE record_search MATCH ?"
            args = ['"' + search.replace('"', '""') + '"']
        elif search is not None:
            sql, args = "SELECT count(*) FROM records WHERE instr(search_text, ?) > 0", [search]
        else:
            sql, args = "SELECT count(*) FROM records", []
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        conn.close()


def bench_queries(data_dir: Path, catalog: Catalog, repeat: int,
                  key: keys.DatabaseKey | None = None, *, quiet: bool = False
                  ) -> dict[str, float]:
    """Median ms of each query (label → ms); printed unless ``quiet``."""
    started = time.perf_counter()
    store = open_store(data_dir, catalog, key, clock=FixedClock(BENCH_DAY))
    opened = (time.perf_counter() - started) * 1000
    medians = {"Store.open (integrity check, migration check)": opened}
    if not quiet:
        print(f"Store.open (integrity check, migration check): {opened:,.0f} ms")
    path = data_dir / store_db.DB_FILENAME
    with store:
        accepted = store.list_records(states=[State.ACCEPTED], limit=50).next_cursor
        common = "贸易有限公司"
        common_next = store.list_records(search=common, limit=50).next_cursor
        # (label, list_records arguments, goal in ms)
        cases: list[tuple[str, dict[str, Any], float]] = [
            ("state = accepted, page 1", {"states": [State.ACCEPTED]}, FILTER_GOAL_MS),
            ("state = accepted, page 2", {"states": [State.ACCEPTED], "before": accepted},
             FILTER_GOAL_MS),
            ("state = rejected, page 1", {"states": [State.REJECTED]}, FILTER_GOAL_MS),
            ("item = CF, page 1", {"item": "CF"}, FILTER_GOAL_MS),
            (f"search common “{common}”", {"search": common}, SEARCH_GOAL_MS),
            (f"search common “{common}”, page 2", {"search": common, "before": common_next},
             SEARCH_GOAL_MS),
        ]
        for label, term in (
            ("search rare", "鸿达建材"),
            ("search, no match", "珠海市香洲区"),
            ("search ID number part", "19850612"),
            ("search USCC part", "914417"),
            ("search 文书号 part", "阳环罚〔2025〕12"),
            ("search 2 chars (bigram index)", "贸易"),
            ("search 2 chars, rare (bigram index)", "司徒"),
            ("search 2 chars, no match (bigrams)", "珠海"),
            ("search 1 char (plain scan)", "鸿"),
        ):
            cases.append((f"{label} “{term}”", {"search": term}, SEARCH_GOAL_MS))
        if not quiet:
            print(f"\nPages of 50, newest first: median and fastest of {repeat} calls after "
                  "a warm-up; matches = in the whole store")
            print(f"{ljust('query', 46)} {'matches':>9} {'median':>9} {'fastest':>9}   goal")
        for label, arguments, goal in cases:
            median, fastest = median_ms(partial(store.list_records, limit=50, **arguments),
                                        repeat)
            medians[label] = median
            if quiet:
                continue
            matches = count_matches(path, arguments.get("search"),
                                    arguments.get("states", [None])[0], key)
            verdict = "met" if median <= goal else "NOT met"
            print(f"{ljust(label, 46)} {matches:>9,} {median:>6.1f} ms {fastest:>6.1f} ms"
                  f"   ≤ {goal:.0f} ms: {verdict}")
    return medians


# --- inserting ---------------------------------------------------------------------------------

def naive_row(catalog: Catalog, raw: dict[str, Any], result: ValidationResult,
              now: str) -> tuple[Any, ...]:
    """What a single-table store writes: the columns of ``records`` plus the payload JSON."""
    values = result.normalized
    name = values.get("CF_XDR_MC") or ""
    code = values.get("CF_XDR_SHXYM") or values.get("CF_XDR_ZJHM")
    document = values.get("CF_WSH")
    return (uuid7(), "CF", "ready" if result.valid else "draft", None, uuid7(), None,
            catalog.version, name, code, "CF_XDR_ZJHM" in values, document,
            values.get("CF_JDRQ"), values.get("CF_JDRQ"), False, values.get("CF_GSJZQ"), None,
            f"{name}\n{code or ''}\n{document or ''}", now, "bench", now, "bench", 1,
            canonical_json(values))


NAIVE_COLUMNS = (
    "id", "item_code", "state", "resolution", "current_revision_id", "accepted_revision_id",
    "catalog_version", "subject_name", "subject_code", "subject_is_person", "document_number",
    "decision_date", "reporting_due", "reporting_due_estimated", "disclosure_end",
    "server_reasons", "search_text", "created_at", "created_by", "updated_at", "updated_by",
    "row_version", "payload",
)


def insert_baseline(rows: Sequence[tuple[Any, ...]], folder: Path) -> float:
    """Seconds for one executemany of ``rows`` into a fresh naive table, committed."""
    conn = sqlite3.connect(folder / "naive.sqlite3", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        columns = ", ".join(f"{c} TEXT" for c in NAIVE_COLUMNS)
        conn.execute(f"CREATE TABLE records (seq INTEGER PRIMARY KEY, {columns})")
        marks = ", ".join("?" for _ in NAIVE_COLUMNS)
        sql = f"INSERT INTO records ({', '.join(NAIVE_COLUMNS)}) VALUES ({marks})"
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def insert_ours(rows: Sequence[tuple[dict[str, Any], ValidationResult]], catalog: Catalog,
                folder: Path, chunk: int, profile: cProfile.Profile | None = None,
                key: keys.DatabaseKey | None = None) -> float:
    """Seconds for Store.bulk_create of ``rows`` in chunks of ``chunk``, on a fresh store."""
    with open_store(folder / f"store-{chunk}", catalog, key,
                    clock=FixedClock(BENCH_DAY)) as store:
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        for start, end in chunks(len(rows), chunk):
            store.bulk_create("CF", rows[start:end])
        if profile is not None:
            profile.disable()
        return time.perf_counter() - started


def insert_same_rows_raw(source: Path, catalog: Catalog, folder: Path, chunk: int,
                         key: keys.DatabaseKey | None = None) -> float:
    """Seconds for plain sqlite3 writing exactly the rows the store wrote (records, revisions,
    audit entries, search indexes) into the same schema, in the same chunks: the store's own
    overhead is what remains of ours once this is taken away."""
    with open_store(folder / "raw", catalog, key):
        pass  # a migrated, empty database with the same schema, indexes and triggers
    tables = ("records", "revisions", "audit")
    read = connect(source, key)
    try:
        data = {t: read.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        columns = {t: [r[1] for r in read.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        read.close()
    conn = connect(folder / "raw" / "ygclient.sqlite3", key, isolation_level=None)
    conn.create_function("ygc_bigrams", 1, bigrams, deterministic=True)
    try:
        conn.execute("PRAGMA synchronous=FULL")
        sql = {t: f"INSERT INTO {t} ({', '.join(columns[t])}) "
                  f"VALUES ({', '.join('?' for _ in columns[t])})" for t in tables}
        started = time.perf_counter()
        for start, end in chunks(len(data["records"]), chunk):
            conn.execute("BEGIN IMMEDIATE")
            for table in tables:
                conn.executemany(sql[table], data[table][start:end])
            low, high = data["records"][start][0], data["records"][end - 1][0]
            conn.execute("INSERT INTO record_search(rowid, search_text) SELECT seq, "
                         "search_text FROM records WHERE seq BETWEEN ? AND ?", (low, high))
            conn.execute("INSERT INTO record_bigrams(rowid, grams) SELECT seq, "
                         "ygc_bigrams(search_text) FROM records WHERE seq BETWEEN ? AND ?",
                         (low, high))
            conn.execute("UPDATE audit_head SET seq = ?, hash = ?",
                         (data["audit"][end - 1][0], data["audit"][end - 1][-1]))
            conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def bench_inserts(catalog: Catalog, count: int, repeat: int, profile: bool,
                  key: keys.DatabaseKey | None = None) -> None:
    started = time.perf_counter()
    rows = validated(catalog, make_records(count, seed=7))
    print(f"\nInserting {count:,} validated CF records (validation beforehand, untimed: "
          f"{time.perf_counter() - started:.1f} s) into fresh files in {tempfile.gettempdir()}; "
          f"baseline best of {max(3, repeat)}, ours best of {repeat}")
    now = FixedClock(BENCH_DAY).now().isoformat(timespec="seconds")
    naive = [naive_row(catalog, raw, result, now) for raw, result in rows]
    if hasattr(os, "sync"):
        os.sync()  # writes still pending from building the large store would skew the fsyncs
    results: list[tuple[str, float]] = []
    baseline = float("inf")
    for _ in range(max(3, repeat)):
        with tempfile.TemporaryDirectory(prefix="ygclient-bench-") as tmp:
            baseline = min(baseline, insert_baseline(naive, Path(tmp)))
    print(f"{'reference: sqlite3 executemany, 1 naive table':<42} {count / baseline:>9,.0f} "
          f"rows/s   {baseline:6.2f} s")
    same_rows: dict[int, float] = {}
    for chunk in (1_000, 5_000):
        best = raw_best = float("inf")
        for _ in range(repeat):
            with tempfile.TemporaryDirectory(prefix="ygclient-bench-") as tmp:
                best = min(best, insert_ours(rows, catalog, Path(tmp), chunk, key=key))
                written = Path(tmp) / f"store-{chunk}" / "ygclient.sqlite3"
                raw_best = min(raw_best, insert_same_rows_raw(written, catalog, Path(tmp),
                                                              chunk, key))
        results.append((f"Store.bulk_create, chunks of {chunk:,}", best))
        same_rows[chunk] = raw_best
    for (label, seconds), chunk in zip(results, (1_000, 5_000), strict=True):
        raw = same_rows[chunk]
        ratio = seconds / raw
        verdict = "met" if ratio <= INSERT_GOAL_RATIO else "NOT met"
        print(f"{'  sqlite3 writing the same rows, same schema':<42} "
              f"{count / raw:>9,.0f} rows/s   {raw:6.2f} s   "
              f"(floor: {raw / baseline:3.1f}× the naive table)")
        print(f"{label:<42} {count / seconds:>9,.0f} rows/s   {seconds:6.2f} s   "
              f"{ratio:4.2f}× the same rows (goal ≤ {INSERT_GOAL_RATIO}×: {verdict}); "
              f"{seconds / baseline:3.1f}× the naive table")
    if profile:
        profile_inserts(rows, catalog, key)


# Where bulk_create's time goes: (label, function name, file suffix, measure), measure being
# "cum" (the function and all it calls) or "own" (its own time). The unindented parts do not
# overlap; SQLAlchemy's share is Connection.execute less the sqlite3 calls it makes.
PROFILE_PARTS = (
    ("building rows (Store._new_rows)", "_new_rows", "store.py", "cum"),
    ("  of which derived columns, deadlines (_derived)", "_derived", "store.py", "cum"),
    ("snapshot digests of the audit entries", "snapshot_digest", "audit.py", "cum"),
    ("audit chain hashes (chain)", "chain", "audit.py", "cum"),
    ("uuid7", "uuid7", "ids.py", "cum"),
    ("SQLAlchemy Core around the driver", "execute", "sqlalchemy/engine/base.py", "cum"),
    ("sqlite3 executemany: SQLite, FTS trigger, indexes",
     "<method 'executemany' of 'sqlite3.Cursor' objects>", "~", "own"),
    ("sqlite3 execute (audit head, BEGIN)",
     "<method 'execute' of 'sqlite3.Cursor' objects>", "~", "own"),
    ("COMMIT: FTS flush, WAL write, fsync",
     "<method 'commit' of 'sqlite3.Connection' objects>", "~", "own"),
    ("across the parts above: canonical_json", "canonical_json", "audit.py", "cum"),
    ("across the parts above: sha256_text", "sha256_text", "audit.py", "cum"),
)


def profile_inserts(rows: Sequence[tuple[dict[str, Any], ValidationResult]],
                    catalog: Catalog, key: keys.DatabaseKey | None = None) -> None:
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="ygclient-bench-") as tmp:
        wall = insert_ours(rows, catalog, Path(tmp), 5_000, profiler, key)
    stats: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = \
        pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in stats.values())

    def seconds(name: str, file_suffix: str, measure: str) -> float:
        return sum(ct if measure == "cum" else tt
                   for (file, _line, func), (_cc, _nc, tt, ct, _callers) in stats.items()
                   if func == name and file.endswith(file_suffix))

    parts = {label: seconds(name, suffix, measure)
             for label, name, suffix, measure in PROFILE_PARTS}
    driver = [label for label in parts if label.startswith("sqlite3 ex")]
    parts["SQLAlchemy Core around the driver"] -= sum(parts[label] for label in driver)
    across = {label: parts.pop(label) for label in list(parts) if label.startswith("across")}
    parts["other (bulk_create itself, transaction)"] = total - sum(
        value for label, value in parts.items() if not label.startswith("  "))
    parts |= across
    print(f"\nProfile of Store.bulk_create, chunks of 5,000: {wall:.1f} s with cProfile "
          "(which inflates the Python parts)")
    for label, value in parts.items():
        print(f"  {ljust(label, 56)} {value:6.2f} s  {100 * value / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000,
                        help="records in the store that is listed and searched")
    parser.add_argument("--insert", type=int, default=100_000,
                        help="records inserted in the insert benchmark (0: skip it)")
    parser.add_argument("--repeat", type=int, default=9, help="timed calls per query")
    parser.add_argument("--insert-repeat", type=int, default=1,
                        help="runs of each insert variant (best is shown)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one bulk insert and show where the time goes")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/ygclient-bench"))
    parser.add_argument("--rebuild", action="store_true", help="build the large store anew")
    parser.add_argument("--encrypted", action="store_true",
                        help="SQLCipher stores (as the clerk's data folder has) instead of plain")
    args = parser.parse_args()
    key = bench_key(args.cache_dir) if args.encrypted else None

    catalog = bundled_catalog()
    sample = validated(catalog, make_records(2_000))
    invalid = sum(not result.valid for _, result in sample)
    assert invalid == 0, f"{invalid} of the generated records are invalid"
    print(f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cores; "
          f"goals: filter ≤ {FILTER_GOAL_MS:.0f} ms, search ≤ {SEARCH_GOAL_MS:.0f} ms "
          f"(with 1,000,000 records), insert ≤ {INSERT_GOAL_RATIO}× sqlite3 executemany of the "
          f"same rows")
    if args.records:
        data_dir = cached_store(args.cache_dir, args.records, catalog, args.rebuild, key)
        bench_queries(data_dir, catalog, args.repeat, key)
    if args.insert:
        bench_inserts(catalog, args.insert, args.insert_repeat, args.profile, key)


if __name__ == "__main__":
    main()
