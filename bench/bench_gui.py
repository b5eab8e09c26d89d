"""Desktop app speed: start-up to the main window shown, and opening a generated form.

Goals (from the issue), each printed next to the figures measured:

* process start to main window shown ≤ 2× a bare PySide6 ``QMainWindow`` on the same machine
  in the same run — for a fresh data folder and for a store of 100,000 records;
* opening a generated 行政处罚 (CF) form ≤ 100 ms.

Start-up is measured in fresh child processes (offscreen platform): the parent notes
``time.perf_counter()`` (CLOCK_MONOTONIC, shared by all processes) just before it launches
the child and passes it along; the child prints times elapsed since then.

The ygclient child runs the real program: ``ygclient --data-dir DIR gui`` through
``ygclient.cli.main``, exactly as the installed ``ygclient`` command does, creating nothing
itself. It watches through the one seam made for that (and for tests): the optional
``observe(stage, window)`` callback of ``ygclient.ui.app.run_gui``, which it binds with
``functools.partial`` before calling main() (it imports ygclient.ui.app first to do so — a
module the command imports anyway). At the "frame" stage it installs a first-paint event
filter on the window, like the bare child's: **shown** (the goal figure) is that first paint,
of the frame; at "attached" (store open, catalog loaded, pages built) another one: **ready**
is the first paint of the filled window, after which it closes the window as a clerk would.
It also times run_gui's ``open_store`` by wrapping it (unchanged): "imports+catalog" is the
time from "opening" to that call (importing the store, SQLAlchemy, the catalog engine, and
loading the catalog), "store_open" the call itself (the data key, then ``Store.open``).

The data folders are opened the way a clerk's are on this machine class (no OS keyring):
the data key wrapped with a passphrase (YGCLIENT_PASSPHRASE), scrypt and all. The fresh
folder is a new temporary one per run (the first start: the key is made, the database
created and migrated). The 100,000-record store is the one bench_store builds (kept under
--cache-dir, shared, encrypted with the benchmark key); the app opens it from a folder next
to it that holds a symbolic link to that database file and a key file wrapping the same key
under the passphrase.

Each variant runs once to warm the disk cache, then ``--repeat`` times; medians are shown.
The form figures come from one more child: ``RecordForm`` alone and the ``RecordEditor`` that
新建记录 opens, constructed, shown and painted, first (cold) and median of the following ones.
Figures are printed, never asserted.

Run: .venv/bin/python -m bench.bench_gui [--repeat N] [--records N] [--importtime]
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ygclient.store.keys import DatabaseKey

FORM_GOAL_MS = 100.0
STARTUP_GOAL_RATIO = 2.0
PASSPHRASE = "benchmark passphrase"

# --- children (keep their imports minimal: the bare child is the baseline) ----------------


def _first_paint(window: object, on_paint: object) -> object:
    """An event filter calling ``on_paint()`` once, at the window's first paint event."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                on_paint()  # type: ignore[operator]
            return False

    spy = FirstPaint()
    window.installEventFilter(spy)  # type: ignore[attr-defined]
    return spy


def child_bare(t0: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1200, 780)

    def painted() -> None:
        print(f"SHOWN {(time.perf_counter() - t0) * 1000:.1f}", flush=True)
        QTimer.singleShot(0, app.quit)

    spy = _first_paint(window, painted)
    window.show()
    app.exec()
    del spy


def child_app(t0: float, data_dir: str) -> None:
    """``ygclient --data-dir DIR gui``, watched through run_gui's ``observe`` seam."""
    started = time.perf_counter()
    import functools

    import ygclient.ui.app as gui

    marks: dict[str, float] = {"interpreter": started}
    spies: list[object] = []

    def mark(name: str) -> None:
        marks[name] = time.perf_counter()

    def observe(stage: str, window: object) -> None:
        mark(stage)
        if stage == "frame":
            spies.append(_first_paint(window, lambda: mark("shown")))
        elif stage == "attached":
            from PySide6.QtCore import QTimer

            def ready() -> None:
                mark("ready")
                QTimer.singleShot(0, window.close)  # type: ignore[attr-defined]

            spies.append(_first_paint(window, ready))

    open_store = gui.open_store

    def timed_open_store(*args: object, **kwargs: object) -> object:
        # run_gui imports the store, then loads the catalog, just before it calls open_store
        mark("imports+catalog")
        try:
            return open_store(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            mark("store_open")  # the data key (scrypt in passphrase mode) and Store.open

    gui.open_store = timed_open_store  # type: ignore[assignment]
    gui.run_gui = functools.partial(gui.run_gui, observe=observe)
    from ygclient.cli import main

    code = main(["--data-dir", data_dir, "gui"])
    if code != 0 or "ready" not in marks:
        raise SystemExit(f"ygclient gui ended with {code}, stages seen: {sorted(marks)}")
    # Phases in the order they happen, each the time since the one before.
    order = ("interpreter", "frame", "shown", "opening", "imports+catalog", "store_open",
             "attached", "ready")
    previous = t0
    phases = {}
    for name in order:
        phases[name] = (marks[name] - previous) * 1000
        previous = marks[name]
    print("PHASES " + " ".join(f"{k}={v:.1f}" for k, v in phases.items()), flush=True)
    print(f"SHOWN {(marks['shown'] - t0) * 1000:.1f}", flush=True)
    print(f"READY {(marks['ready'] - t0) * 1000:.1f}", flush=True)


def child_forms(repeat: int) -> None:
    import statistics
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    from tests.catalog.records import penalty_for_company
    from ygclient.catalog import bundled_catalog
    from ygclient.forms.qt import RecordForm
    from ygclient.forms.state import FormState
    from ygclient.store import Store
    from ygclient.ui.app import application, choose_cjk_font, install_translations
    from ygclient.ui.context import AppContext
    from ygclient.ui.editor import RecordEditor

    app = application(sys.argv[:1])
    install_translations(app, "zh_CN")
    choose_cjk_font(app)
    catalog = bundled_catalog()

    class Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    def shown(build: object) -> float:
        """ms to construct, show and paint a top-level widget made by ``build()``."""
        spy = Painted()
        started = time.perf_counter()
        widget: QWidget = build()  # type: ignore[operator]
        widget.installEventFilter(spy)
        widget.show()
        deadline = started + 10
        while not spy.seen and time.perf_counter() < deadline:
            app.processEvents()
        elapsed = (time.perf_counter() - started) * 1000
        widget.close()
        widget.deleteLater()
        app.processEvents()
        return elapsed

    def form() -> QWidget:
        state = FormState(catalog.validator("CF"), {})
        widget = RecordForm(catalog, state)
        widget.resize(760, 660)
        return widget

    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("YGCLIENT_PASSPHRASE", PASSPHRASE)
        store = Store.open(Path(folder), catalog, actor="bench")
        context = AppContext(store, Path(folder))
        try:
            results = {}
            record = penalty_for_company()
            for name, build in (("form", form),
                                ("editor", lambda: RecordEditor(context, "CF")),
                                ("editor_filled", lambda: RecordEditor(context, "CF",
                                                                       values=record))):
                times = [shown(build) for _ in range(repeat + 1)]
                results[name] = (times[0], statistics.median(times[1:]))
            print("FORMS " + " ".join(f"{k}={first:.1f},{median:.1f}"
                                      for k, (first, median) in results.items()), flush=True)
        finally:
            context.shutdown()
            store.close()


def child_main(argv: list[str]) -> None:
    kind, t0 = argv[0], float(argv[1])
    if kind == "bare":
        child_bare(t0)
    elif kind == "app":
        child_app(t0, argv[2])
    elif kind == "forms":
        child_forms(int(argv[2]))
    else:
        raise SystemExit(f"unknown child {kind}")


# --- parent ---------------------------------------------------------------------------------


def launch(args: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run one child; returns what it printed (SHOWN/READY ms, PHASES, FORMS) parsed."""
    import subprocess

    t0 = time.perf_counter()
    command = [sys.executable, "-m", "bench.bench_gui", "--child", args[0], f"{t0!r}", *args[1:]]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed ({done.returncode}):\n{done.stdout}\n"
                         f"{done.stderr}")
    result: dict[str, object] = {"wall": (time.perf_counter() - t0) * 1000}
    for line in done.stdout.splitlines():
        key, _, rest = line.partition(" ")
        if key in ("SHOWN", "READY"):
            result[key.lower()] = float(rest)
        elif key in ("PHASES", "FORMS"):
            result[key.lower()] = dict(part.split("=") for part in rest.split())
    return result


class Variant:
    """One kind of start-up child and what its runs measured."""

    def __init__(self, label: str, args: list[str], env: dict[str, str],
                 fresh_dir: bool = False) -> None:
        self.label, self.args, self.env, self.fresh_dir = label, args, env, fresh_dir
        self.shown: list[float] = []
        self.ready: list[float] = []
        self.phases: dict[str, list[float]] = {}

    def run(self, keep: bool) -> None:
        import tempfile

        if self.fresh_dir:
            with tempfile.TemporaryDirectory(prefix="ygclient-bench-gui-") as folder:
                result = launch([*self.args, folder], self.env)
        else:
            result = launch(self.args, self.env)
        if not keep:
            return  # warm-up: disk cache, .pyc files, the store's integrity-check marker
        self.shown.append(float(result["shown"]))  # type: ignore[arg-type]
        if "ready" in result:
            self.ready.append(float(result["ready"]))  # type: ignore[arg-type]
        for name, value in dict(result.get("phases", {})).items():  # type: ignore[call-overload]
            self.phases.setdefault(name, []).append(float(value))

    def median(self, values: list[float]) -> float:
        import statistics

        return statistics.median(values)


def startup(variants: list[Variant], repeat: int) -> None:
    """One warm-up run of each variant, then ``repeat`` rounds that run each variant in
    turn, so that a machine busier at one moment weighs on all of them alike."""
    for variant in variants:
        variant.run(keep=False)
    for _ in range(repeat):
        for variant in variants:
            variant.run(keep=True)


def gui_folder(store_dir: Path, key: DatabaseKey) -> Path:
    """A data folder the app opens the way a clerk's is opened without an OS keyring, over
    bench_store's encrypted store: a symbolic link to its database file (SQLite follows it, so
    the WAL stays next to the real file) and a key file wrapping the benchmark key under
    PASSPHRASE. Made once next to the store, remade when the store was rebuilt."""
    import json

    from ygclient.store import keys
    from ygclient.store.db import DB_FILENAME

    folder = store_dir.with_name(store_dir.name + "-gui")
    link, target = folder / DB_FILENAME, store_dir / DB_FILENAME
    if not (link.is_symlink() and link.resolve() == target.resolve()):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(DB_FILENAME + "*"):
            old.unlink()
        link.symlink_to(target)
    key_file = keys.key_file(folder)
    if not key_file.exists():
        info = keys.passphrase_key_info(key, PASSPHRASE)
        partial = key_file.with_name(key_file.name + ".partial")
        partial.write_text(json.dumps(info, indent=2), encoding="utf-8")
        partial.replace(key_file)
    return folder


def importtime(env: dict[str, str], label: str, statement: str, top: int = 15) -> None:
    """Where import time goes (python -X importtime, one run), biggest first."""
    import subprocess

    done = subprocess.run([sys.executable, "-X", "importtime", "-c", statement],
                          env=env, capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own_text, total_text, name = line.split(":", 1)[1].split("|", 2)
        rows.append((int(total_text), int(own_text), name.strip()))
    total = sum(s for _, s, _ in rows) / 1000
    print(f"\nImport time, {label} (python -X importtime -c '{statement}', one run): "
          f"{total:.0f} ms in all")
    print("  top-level packages by their own code (self time summed over submodules):")
    by_top: dict[str, int] = {}
    for _, own, module in rows:
        package = module.split(".")[0]
        by_top[package] = by_top.get(package, 0) + own
    for package, micros in sorted(by_top.items(), key=lambda kv: -kv[1])[:10]:
        print(f"    {package:<24} {micros / 1000:7.1f} ms")
    print(f"  biggest imports by cumulative time (top {top}):")
    for total_us, _, module in sorted(rows, reverse=True)[:top]:
        print(f"    {total_us / 1000:7.1f} ms  {module}")


def main() -> None:
    import argparse
    from pathlib import Path

    from bench.bench_store import ljust

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per variant")
    parser.add_argument("--records", type=int, default=100_000,
                        help="records in the large store (0: skip that variant)")
    parser.add_argument("--form-repeat", type=int, default=20)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/ygclient-bench"))
    parser.add_argument("--importtime", action="store_true",
                        help="also show where import time goes (always shown when the "
                             "start-up goal is missed)")
    args = parser.parse_args()
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH"))
                                          if p))
    env.pop("QT_DEBUG_PLUGINS", None)
    env["YGCLIENT_PASSPHRASE"] = PASSPHRASE  # no keyring on this machine class

    variants = [Variant("bare PySide6 QMainWindow", ["bare"], env),
                Variant("ygclient, fresh data folder", ["app"], env, fresh_dir=True)]
    if args.records:
        from bench.bench_store import bench_key, cached_store
        from ygclient.catalog import bundled_catalog

        key = bench_key(args.cache_dir)
        large = cached_store(args.cache_dir, args.records, bundled_catalog(), rebuild=False,
                             key=key)
        variants.append(Variant(f"ygclient, {args.records:,} records",
                                ["app", str(gui_folder(large, key))], env))

    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, offscreen platform; "
          f"median of {args.repeat} fresh processes per variant, after one warm-up each, "
          "the variants taking turns")
    print("Start-up: process start to the main window's first paint (shown: the frame, the "
          "goal figure);\n  ready: the window filled in (store open, pages built) and painted")
    startup(variants, args.repeat)
    bare = variants[0].median(variants[0].shown)
    print(f"  {ljust(variants[0].label, 30)} shown {bare:6.0f} ms   (baseline)")
    missed = False
    for variant in variants[1:]:
        shown, ready = variant.median(variant.shown), variant.median(variant.ready)
        ratio = shown / bare
        met = ratio <= STARTUP_GOAL_RATIO
        missed |= not met
        print(f"  {ljust(variant.label, 30)} shown {shown:6.0f} ms = {ratio:4.2f}× bare "
              f"(goal ≤ {STARTUP_GOAL_RATIO:g}×: {'met' if met else 'NOT met'});  "
              f"ready {ready:6.0f} ms = {ready / bare:4.1f}× bare")
        print("      phases (ms, each since the one before): " + ", ".join(
            f"{name} {variant.median(values):.0f}" for name, values in variant.phases.items()))

    forms = launch(["forms", str(args.form_repeat)], env)["forms"]
    print(f"\nOpening a generated 行政处罚 (CF) form, constructed + shown + painted "
          f"(first, then median of {args.form_repeat}):")
    labels = {"form": "RecordForm alone (empty)", "editor": "RecordEditor, new (新建记录 → CF)",
              "editor_filled": "RecordEditor, a filled-in record"}
    for key_, value in dict(forms).items():  # type: ignore[call-overload]
        first, median = (float(x) for x in str(value).split(","))
        print(f"  {ljust(labels.get(key_, key_), 38)} first {first:6.1f} ms, "
              f"median {median:6.1f} ms "
              f"(goal ≤ {FORM_GOAL_MS:.0f} ms: {'met' if median <= FORM_GOAL_MS else 'NOT met'})")

    if missed or args.importtime:
        importtime(env, "before the window is shown",
                   "import ygclient.cli, ygclient.ui.app")
        importtime(env, "the whole window", "import ygclient.cli, ygclient.ui.app, "
                   "ygclient.cli.common, ygclient.ui.context, ygclient.ui.pages, "
                   "ygclient.ui.notices, ygclient.ui.lock, ygclient.ui.import_wizard")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
