"""Sync speed: push queued 行政处罚 (CF) records to a local ygcentral over loopback TLS.

Goals (from the issue), each printed next to the figures measured:

* at least 10,000 records/s end to end: ``SyncEngine.push`` of N queued records to a real
  ``ygcentral serve --dev-tls`` (its own process, its own SQLite file; the records then wait
  for the centre's review, as they would on the real system);
* at least 40 % of the bare figure, measured in the same run: the same N operation bodies
  posted with bare httpx in batches of 1,000, over the same TLS (same dev certificate,
  same uvicorn settings), to a trivial FastAPI endpoint that only inserts them into
  SQLite (WAL, ``synchronous=FULL``, one transaction per batch);
* client peak memory under 300 MB: the peak resident set (VmHWM) of the client process,
  which does nothing but the sync: a fresh interpreter that opens the store, logs in and
  runs catalog, attachments, push and feed like ``SyncEngine.run``.

A copy of the same queue is then pushed to the demo server (``--auto-review``: the centre
accepts every record inside the same request and emits a review event for it), whose push is
printed beside the first; the feed phase of that second sync (the review events, 1,000 per
page, applied to the store) is reported as a figure of its own. Setting up (validating,
``Store.bulk_create``, ``Store.submit``, copying the queue) is not timed. The clients run in
child processes of their own so that none inherits another's heap; a server not in use is
stopped. The baseline runs before and after ours, and the faster run is the reference, so
that other load on the machine shows. Next to the rates: CPU time per 1,000 records of each
client and server (which other load hardly changes), and where the push's wall time goes on
the client (claim_outbox, the POST including the server's time, outbox_results). With
``--profile``, ``Central.submit`` is also timed and profiled in this process on batches of
1,000.
Figures are printed, never asserted. Everything lives in a temporary folder that is
removed at the end.

Run: .venv/bin/python -m bench.bench_sync [--records N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import resource
import shutil
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

PUSH_GOAL = 10_000  # records/s
RATIO_GOAL = 0.40  # of the bare figure
MEMORY_GOAL_MB = 300
BATCH = 1_000
SETUP_CHUNK = 5_000
DEVICE = "device-0000-bench"
RESULT_MARK = "BENCH-RESULT "


# --- the baseline server: only inserts what it is sent ---------------------------------------

def serve_baseline(port: int, folder: Path, tls_dir: Path) -> None:
    """A trivial FastAPI app over the same dev certificate, in the foreground (a child)."""
    import threading

    import uvicorn
    from fastapi import FastAPI
    from pydantic import BaseModel

    conn = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None,
                           check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS operations "
                 "(idempotency_key TEXT PRIMARY KEY, body TEXT NOT NULL)")
    lock = threading.Lock()
    app = FastAPI()

    class Batch(BaseModel):  # the same request shape as ygcentral's OperationsRequest
        audit_head: dict[str, Any] | None = None
        operations: list[dict[str, Any]]

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    def operations(batch: Batch) -> dict[str, int]:
        rows = [(str(op["idempotency_key"]), json.dumps(op, ensure_ascii=False))
                for op in batch.operations]
        with lock:  # one writer, like SQLite itself; requests run in a thread pool
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO operations VALUES (?, ?)", rows)
            conn.execute("COMMIT")
        return {"stored": len(rows)}

    # The model is local: give FastAPI the class itself, not the postponed annotation.
    operations.__annotations__["batch"] = Batch
    app.post("/operations")(operations)

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=5, ssl_certfile=str(tls_dir / "server.pem"),
                ssl_keyfile=str(tls_dir / "server-key.pem"))


class BaselineServer:
    def __init__(self, folder: Path, port: int, tls_dir: Path) -> None:
        self.folder, self.port, self.tls_dir = folder, port, tls_dir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bench.bench_sync", "--serve-baseline", str(self.port),
                 "--dir", str(self.folder), "--tls-dir", str(self.tls_dir)],
                stdout=log, stderr=subprocess.STDOUT)
        context = _context(self.tls_dir / "dev-ca.pem")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.folder / "server.log").read_text(errors="replace"))
            try:
                with httpx.Client(verify=context, timeout=1) as probe:
                    if probe.get(f"{self.url}/health").status_code == 200:
                        return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError("the baseline server did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


def _context(ca_file: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca_file))


# --- the clients, each in a child process ----------------------------------------------------

def run_child(mode: str, spec: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Run ``--client MODE`` in a fresh interpreter; its last result line is the answer."""
    spec_file = folder / f"{mode}-spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    env = os.environ | {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = subprocess.run([sys.executable, "-m", "bench.bench_sync", "--client", mode,
                           "--spec", str(spec_file)], env=env, stdout=subprocess.PIPE,
                          check=True)
    lines = [line for line in done.stdout.decode().splitlines() if line.startswith(RESULT_MARK)]
    return dict(json.loads(lines[-1][len(RESULT_MARK):]))


def _peak_mb() -> float:
    """Peak resident memory of this process since it started, in MB.

    VmHWM (Linux), not ru_maxrss: a child's ru_maxrss starts from the RSS its parent had when
    it was forked (the kernel carries the old high-water mark across exec), and the parent
    here holds the generated records.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _bodies(client_dir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The audit head and the operation bodies exactly as SyncEngine.push sends them (read
    through the store: the data folder's database is encrypted)."""
    from ygclient.catalog import bundled_catalog
    from ygclient.store import Store
    from ygclient.store import db as store_db

    with Store.open(client_dir, bundled_catalog(), actor="bench") as store, \
            store_db.reading(store.engine) as conn:
        seq, head = conn.exec_driver_sql("SELECT seq, hash FROM audit_head").one()
        ops = [json.loads(body) | {"idempotency_key": key} for key, body in conn.exec_driver_sql(
            "SELECT o.idempotency_key, b.body FROM outbox o JOIN outbox_bodies b "
            "ON b.seq = o.seq ORDER BY o.seq")]
    return {"seq": seq, "hash": head}, ops


def client_bare(spec: dict[str, Any]) -> dict[str, Any]:
    """Bare httpx: one TLS connection, POST 1,000 operations at a time."""
    audit_head, ops = _bodies(Path(spec["client_dir"]))
    stored = 0
    with httpx.Client(base_url=spec["url"], verify=_context(Path(spec["ca_file"])),
                      timeout=60) as http:
        http.get("/health").raise_for_status()  # the handshake is not part of the figure
        cpu_before = time.process_time(), _cpu_seconds(spec["server_pid"])
        started = time.perf_counter()
        for start in range(0, len(ops), BATCH):
            response = http.post("/operations", json={
                "audit_head": audit_head, "operations": ops[start:start + BATCH]})
            response.raise_for_status()
            stored += int(response.json()["stored"])
        seconds = time.perf_counter() - started
        cpu = {"client": time.process_time() - cpu_before[0],
               "server": _cpu_seconds(spec["server_pid"]) - cpu_before[1]}
    return {"records": stored, "seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb()}


class Stopwatch:
    """Wall time spent in wrapped methods, by label (cheap enough to leave on)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, obj: object, name: str,
             label: Callable[..., str] | None = None) -> None:
        method = getattr(obj, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            key = label(*args, **kwargs) if label else name
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - started
                self.calls[key] += 1

        setattr(obj, name, timed)


def client_ours(spec: dict[str, Any]) -> dict[str, Any]:
    """What ``ygclient sync`` does, phase by phase, with the push's parts timed."""
    from ygclient.catalog import bundled_catalog
    from ygclient.heap import settle
    from ygclient.store import Store
    from ygclient.sync import (
        CentralClient,
        Credentials,
        Session,
        SyncEngine,
        SyncSettings,
        SyncSummary,
        ssl_context,
    )

    data_dir = Path(spec["client_dir"])
    settings = SyncSettings(server=spec["url"], agency=spec["agency"], user=spec["user"],
                            device=DEVICE, ca_file=spec["ca_file"])
    store = Store.open(data_dir, bundled_catalog(), actor=spec["user"])
    http = CentralClient(settings.server, context=ssl_context(settings.ca_file))
    session = Session(http, settings, Credentials(settings))
    session.login(spec["password"])
    engine = SyncEngine(store, http, data_dir, batch=BATCH)
    settle()  # as ygclient sync does before it starts
    watch = Stopwatch()
    for name in ("claim_outbox", "outbox_results", "outbox_failed", "audit_head",
                 "apply_feed", "feed_cursor"):
        watch.wrap(store, name)
    watch.wrap(http, "json", lambda method, path, **_: f"{method} {path.split('?')[0]}")
    summary = SyncSummary()
    phases: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peaks: dict[str, float] = {"after login": _peak_mb()}
    for phase, work in (("catalog", engine.pull_catalog), ("attachments",
                                                          engine.upload_attachments),
                        ("push", engine.push), ("feed", engine.pull_feed)):
        before = dict(watch.seconds)
        cpu_before = time.process_time(), _cpu_seconds(spec["server_pid"])
        started = time.perf_counter()
        work(summary)
        phases[phase] = time.perf_counter() - started
        cpu[f"{phase}: client"] = time.process_time() - cpu_before[0]
        cpu[f"{phase}: server"] = _cpu_seconds(spec["server_pid"]) - cpu_before[1]
        peaks[f"after {phase}"] = _peak_mb()
        if phase in ("push", "feed"):
            phases |= {f"{phase}: {k}": v - before.get(k, 0.0)
                       for k, v in watch.seconds.items() if v - before.get(k, 0.0) > 0}
    http.close()
    store.close()
    return {"summary": summary.to_dict(), "phases": phases, "cpu": cpu, "peaks": peaks,
            "peak_mb": _peak_mb()}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of another process (Linux /proc; 0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- setting up (untimed) ------------------------------------------------------------------------

def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def build_queue(client_dir: Path, count: int, user: str) -> dict[str, float]:
    """A client store with ``count`` distinct valid CF records, all queued for sending."""
    from bench.bench_validate import make_records
    from ygclient.catalog import bundled_catalog
    from ygclient.store import Store

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with Store.open(client_dir, bundled_catalog(), actor=user) as store:
        validator = store.validator("CF")
        rows = [(raw, validator.validate(raw)) for raw in make_records(count)]
        invalid = sum(not result.valid for _, result in rows)
        assert invalid == 0, f"{invalid} of the generated records are invalid"
        seconds["validate"] = time.perf_counter() - started
        started = time.perf_counter()
        ids: list[str] = []
        for chunk in chunks(rows, SETUP_CHUNK):
            ids += store.bulk_create("CF", chunk)
        del rows
        seconds["bulk_create"] = time.perf_counter() - started
        started = time.perf_counter()
        for chunk in chunks(ids, BATCH):
            store.submit(chunk)
        seconds["submit"] = time.perf_counter() - started
        assert store.pending_operations() == count
    gc.collect()
    return seconds


# --- the server side in-process (--profile) --------------------------------------------------

def profile_central(folder: Path, ops: list[dict[str, Any]], audit_head: dict[str, Any],
                    batches: int) -> None:
    """Central.submit on batches of 1,000 in this process: timed plainly, then under cProfile."""
    from tests.sync.conftest import AGENCY, PASSWORD, USER, CentralServer, prepare
    from ygcentral.service import Central
    from ygcentral.service import open_engine as central_engine

    print(f"\nServer side in this process: Central.submit on {batches} batches of {BATCH:,} "
          "(the same bodies), a fresh database each time")
    for auto_review in (False, True):
        label = "with auto-review" if auto_review else "without review"
        for profiler in (None, cProfile.Profile()):
            server = CentralServer(folder / f"central-{auto_review}-{profiler is not None}")
            server.data_dir.mkdir(parents=True)
            prepare(server)
            central = Central(central_engine(server.db_url), auto_review=auto_review)
            who = central.authenticate(
                central.login(AGENCY, USER, PASSWORD, DEVICE)["access_token"])
            times = []
            for n in range(batches):
                body = {"audit_head": audit_head,
                        "operations": ops[n * BATCH:(n + 1) * BATCH]}
                started = time.perf_counter()
                if profiler is not None:
                    profiler.enable()
                central.submit(who, body)
                if profiler is not None:
                    profiler.disable()
                times.append(time.perf_counter() - started)
            central.close()
            if profiler is None:
                times.sort()
                median = times[len(times) // 2]
                print(f"  {label:<17} median {median * 1000:6.1f} ms per batch "
                      f"({BATCH / median:,.0f} records/s), fastest {times[0] * 1000:.1f} ms")
            else:
                show_profile(profiler, f"{label}, under cProfile (which inflates the Python "
                             "parts); parts include what they call and may overlap:")


# (label, function name, file suffix, measure): "cum" = with all it calls, "own" = itself.
SERVER_PARTS = (
    ("compiling validators (ItemValidator.__init__)", "__init__",
     "ygclient/catalog/engine.py", "cum"),
    ("validating (ItemValidator.validate)", "validate", "ygclient/catalog/engine.py", "cum"),
    ("auto-review, record by record (Central._review)", "_review", "ygcentral/service.py",
     "cum"),
    ("SQL through SQLAlchemy Core (Connection.execute)", "execute",
     "sqlalchemy/engine/base.py", "cum"),
    ("json.dumps (digests, payloads, answers, events)", "dumps", "json/__init__.py", "cum"),
    ("COMMIT", "<method 'commit' of 'sqlite3.Connection' objects>", "~", "own"),
)


def show_profile(profiler: cProfile.Profile, title: str) -> None:
    stats: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = \
        pstats.Stats(profiler).stats  # type: ignore[attr-defined]

    def seconds(name: str, suffix: str, measure: str) -> float:
        return sum(ct if measure == "cum" else tt
                   for (file, _line, func), (_cc, _nc, tt, ct, _callers) in stats.items()
                   if func == name and file.endswith(suffix))

    total = seconds("submit", "ygcentral/service.py", "cum")
    print(f"  {title}")
    for label, name, suffix, measure in SERVER_PARTS:
        value = seconds(name, suffix, measure)
        print(f"    {ljust(label, 52)} {value:6.2f} s  {100 * value / total:5.1f} %")
    print(f"    {ljust('Central.submit in all', 52)} {total:6.2f} s")


def ljust(text: str, width: int) -> str:
    """Pad to ``width`` terminal columns (CJK characters take two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


# --- the run ------------------------------------------------------------------------------

def per_batch(seconds: float, count: int) -> str:
    return f"{seconds * 1000 * BATCH / count:.0f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true",
                        help="also time and profile Central.submit in this process")
    parser.add_argument("--profile-batches", type=int, default=10)
    parser.add_argument("--serve-baseline", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--client", choices=("ours", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tls-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    # The data folder's database is encrypted; without a keyring the data key is wrapped with a
    # passphrase (benchmark folders are throwaway).
    os.environ.setdefault("YGCLIENT_PASSPHRASE", "benchmark passphrase")
    if args.serve_baseline:
        serve_baseline(args.serve_baseline, args.dir, args.tls_dir)
        return
    if args.client:
        spec = json.loads(args.spec.read_text(encoding="utf-8"))
        result = (client_ours if args.client == "ours" else client_bare)(spec)
        print(RESULT_MARK + json.dumps(result), flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="ygclient-bench-sync-") as tmp:
        run(Path(tmp), args.records, args.profile, args.profile_batches)


def run(folder: Path, count: int, profile: bool, profile_batches: int) -> None:
    from tests.sync.conftest import AGENCY, PASSWORD, USER, CentralServer, free_port, prepare
    from ygcentral.tls import ensure_dev_tls

    print(f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}, httpx {httpx.__version__}; {count:,} CF (行政处罚) "
          f"records, batches of {BATCH:,}, loopback TLS (dev CA); files in {folder}")
    client_dir = folder / "client"
    started = time.perf_counter()
    setup = build_queue(client_dir, count, USER)
    print("Setup (untimed): " + ", ".join(f"{k} {v:.1f} s" for k, v in setup.items())
          + f"; {time.perf_counter() - started:.0f} s in all", flush=True)

    # The measurement: a plain ``ygcentral serve`` (records wait for the centre's
    # review). Then the demo server, which accepts every record inside the same request, from
    # a copy of the same queue: its push shows what that costs, and its feed carries a review
    # event per record, so the feed phase is measured there.
    demo_dir = folder / "client-demo"
    shutil.copytree(client_dir, demo_dir)
    central = CentralServer(folder / "central")
    demo = CentralServer(folder / "central-demo", extra=("--auto-review",))
    for server in (central, demo):
        server.data_dir.mkdir()
        prepare(server)
    # Every server presents the same certificate: make it before any starts.
    tls = ensure_dev_tls(central.data_dir / "tls", hosts=("localhost", "127.0.0.1",
                                                          "127.0.0.1"))
    shutil.copytree(tls.cert_file.parent, demo.data_dir / "tls")
    spec = {"client_dir": str(client_dir),
            "ca_file": str(tls.ca_file), "agency": AGENCY, "user": USER, "password": PASSWORD}

    def baseline(name: str) -> dict[str, Any]:
        server = BaselineServer(folder / name, free_port(), tls.cert_file.parent)
        server.start()
        assert server.process is not None
        try:
            return run_child("bare", spec | {"url": server.url,
                                             "server_pid": server.process.pid}, folder)
        finally:
            server.stop()

    def push(server: CentralServer, data: Path) -> dict[str, Any]:
        server.start()
        assert server.process is not None
        try:
            return run_child("ours", spec | {"client_dir": str(data), "url": server.url,
                                             "server_pid": server.process.pid}, folder)
        finally:
            server.stop()

    # The baseline runs before and after ours (a fresh database each time), so that a change
    # in the machine's load during the run shows; the faster one is the reference.
    bare = [baseline("baseline-before")]
    ours = push(central, client_dir)
    bare.append(baseline("baseline-after"))
    ours_demo = push(demo, demo_dir)
    report(count, bare, ours, ours_demo)
    if profile:
        audit_head, ops = _bodies(client_dir)
        profile_central(folder / "profile", ops, audit_head,
                        min(profile_batches, len(ops) // BATCH))


def report(count: int, bares: list[dict[str, Any]], ours: dict[str, Any],
           demo: dict[str, Any]) -> None:
    phases, summary, cpu = ours["phases"], ours["summary"], ours["cpu"]
    assert all(bare["records"] == count for bare in bares), bares
    assert summary["sent"] == summary["accepted"] == count, summary
    assert summary["reviews_accepted"] == 0, summary  # the plain server reviews nothing itself
    assert demo["summary"]["sent"] == demo["summary"]["reviews_accepted"] == count, demo
    bare = min(bares, key=lambda b: float(b["seconds"]))
    bare_rate = count / bare["seconds"]
    push_rate = count / phases["push"]
    demo_rate = count / demo["phases"]["push"]
    feed_rate = demo["summary"]["feed_events"] / demo["phases"]["feed"]
    ratio = push_rate / bare_rate
    peak_mb = max(ours["peak_mb"], demo["peak_mb"])
    rows = (
        *((f"baseline: bare httpx → trivial FastAPI + SQLite, {when}",
           f"{count / run['seconds']:,.0f}/s", f"{run['seconds']:.2f} s", "")
          for when, run in zip(("before", "after"), bares, strict=True)),
        ("ygclient SyncEngine.push → ygcentral", f"{push_rate:,.0f}/s", f"{phases['push']:.2f} s",
         f"≥ {PUSH_GOAL:,}/s: {verdict(push_rate >= PUSH_GOAL)}"),
        ("push / faster baseline", f"{100 * ratio:.0f} %", "",
         f"≥ {100 * RATIO_GOAL:.0f} %: {verdict(ratio >= RATIO_GOAL)}"),
        ("demo server (--auto-review): push", f"{demo_rate:,.0f}/s",
         f"{demo['phases']['push']:.2f} s", f"{100 * demo_rate / bare_rate:.0f} % of the baseline"),
        (f"demo server: feed, {demo['summary']['feed_events']:,} events", f"{feed_rate:,.0f}/s",
         f"{demo['phases']['feed']:.2f} s", ""),
        ("client peak memory (VmHWM of the sync process)", f"{peak_mb:.0f} MB", "",
         f"< {MEMORY_GOAL_MB} MB: {verdict(peak_mb < MEMORY_GOAL_MB)}"),
    )
    print(f"\n{ljust('', 56)} {'records/s':>10} {'time':>9}   goal")
    for label, figure, seconds, goal in rows:
        print(f"{ljust(label, 56)} {figure:>10} {seconds:>9}   {goal}")
    sync = ("catalog", "attachments", "push", "feed")
    for name, run in (("plain server", ours), ("demo server", demo)):
        times = run["phases"]
        print(f"\nThe whole sync ({name}) took {sum(times[p] for p in sync):.2f} s ("
              + ", ".join(f"{p} {times[p]:.2f} s" for p in sync) + "); client memory peak "
              "after " + ", ".join(f"{k[6:]} {v:.0f} MB" for k, v in run["peaks"].items()))
    print("CPU per 1,000 records (user + system: other load on the machine does not count, "
          "waiting does not count):")
    print(f"  {'':18} {'client':>8} {'server':>8}")
    for label, client, server in (
            ("baseline", bare["cpu"]["client"], bare["cpu"]["server"]),
            ("push", cpu["push: client"], cpu["push: server"]),
            ("push, demo server", demo["cpu"]["push: client"], demo["cpu"]["push: server"]),
            ("feed, demo server", demo["cpu"]["feed: client"], demo["cpu"]["feed: server"])):
        print(f"  {label:18} {per_batch(client, count):>8} {per_batch(server, count):>8}")
    for phase, run in (("push", ours), ("feed", demo)):
        times = run["phases"]
        print(f"\nWhere the {phase} phase goes{' (demo server)' if run is demo else ''} "
              "(client wall time; an HTTP call includes the server's time):")
        parts = {k.split(": ", 1)[1]: v for k, v in times.items()
                 if k.startswith(f"{phase}: ")}
        rest = times[phase] - sum(parts.values())
        if rest >= 0:
            parts["rest (bodies, answers, progress)" if phase == "push" else "rest"] = rest
        for label, value in parts.items():
            print(f"  {ljust(label, 50)} {value:6.2f} s  {100 * value / times[phase]:5.1f} %  "
                  f"{per_batch(value, count)} per 1,000")
        if rest < 0:  # an engine that overlaps them (the HTTP call on another thread)
            print(f"  the parts ran concurrently: they add up to {times[phase] - rest:.2f} s "
                  f"in {times[phase]:.2f} s")


if __name__ == "__main__":
    main()
