"""Desktop app speed: start-up to the main window shown, and opening a generated form.

Goals (from the issue), each printed next to the figures measured:

* process start to main window shown ≤ 2× a bare PySide6 ``QMainWindow`` on the same machine
  in the same run — for a fresh data folder and for a store of 100,000 records;
* opening a generated 行政处罚 (CF) form ≤ 100 ms.

Start-up is measured in fresh child processes (offscreen platform): the parent notes
``time.perf_counter()`` (CLOCK_MONOTONIC, shared by all processes) just before it launches
the child and passes it along; the child prints the time elapsed since then when its window
receives its first paint event. The ygclient child goes the way ``run_gui`` does — settings,
translations, the CJK font, ``Store.open``, the session marker, ``AppContext``,
``MainWindow``, ``show()`` — and reports each phase. Each variant runs once to warm the disk
cache, then ``--repeat`` times; medians are shown. The form figures come from one more child:
``RecordForm`` alone and the ``RecordEditor`` that 新建记录 opens, constructed, shown and
painted, first (cold) and median of the following ones.

The 100,000-record store is the one bench_store builds (kept under --cache-dir, shared).
Figures are printed, never asserted.

Run: .venv/bin/python -m bench.bench_gui [--repeat N] [--records N] [--importtime]
"""

from __future__ import annotations

import os
import sys
import time

FORM_GOAL_MS = 100.0
STARTUP_GOAL_RATIO = 2.0

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
    """What run_gui does up to window.show(), with the time of each phase."""
    from pathlib import Path

    marks = [("interpreter", time.perf_counter())]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    from PySide6.QtCore import QTimer

    from ygclient.catalog import bundled_catalog
    from ygclient.ui.app import (
        application,
        choose_cjk_font,
        install_translations,
        mark_session,
        unclean_since,
    )
    from ygclient.ui.context import AppContext, AppSettings
    from ygclient.ui.dialogs import Dialogs
    from ygclient.ui.main_window import MainWindow
    mark("imports")
    folder = Path(data_dir)
    catalog = bundled_catalog()
    mark("catalog")
    app = application(sys.argv[:1])
    mark("QApplication")
    settings = AppSettings.load(folder)
    install_translations(app, settings.language)
    choose_cjk_font(app)
    mark("translations+font")
    from ygclient.store import Store, keys

    # The large store is bench_store's encrypted one: its key comes from the parent.
    bench_key = os.environ.get("YGBENCH_DATA_KEY")
    key = keys.DatabaseKey(bytes.fromhex(bench_key)) if bench_key else None
    store = Store.open(folder, catalog, actor="bench", key=key)
    unclean_since(folder)
    end_session = mark_session(folder)
    mark("Store.open")
    context = AppContext(store, folder)
    window = MainWindow(context, Dialogs(None))
    window.dialogs.parent = window
    mark("MainWindow")

    def painted() -> None:
        mark("first_paint")
        phases = {"interpreter": (marks[0][1] - t0) * 1000}
        phases.update({name: (t - previous) * 1000
                       for (name, t), (_, previous) in zip(marks[1:], marks, strict=False)})
        print("PHASES " + " ".join(f"{k}={v:.1f}" for k, v in phases.items()), flush=True)
        print(f"SHOWN {(time.perf_counter() - t0) * 1000:.1f}", flush=True)
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)

    spy = _first_paint(window, painted)
    window.show()
    try:
        app.exec()
    finally:
        store.close()
        end_session()
    del spy


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
        os.environ.setdefault("YGCLIENT_PASSPHRASE", "benchmark passphrase")
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
    """Run one child; returns what it printed (SHOWN ms, PHASES, FORMS) parsed."""
    import subprocess

    t0 = time.perf_counter()
    command = [sys.executable, "-m", "bench.bench_gui", "--child", args[0], f"{t0!r}", *args[1:]]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, object] = {"wall": (time.perf_counter() - t0) * 1000}
    for line in done.stdout.splitlines():
        key, _, rest = line.partition(" ")
        if key == "SHOWN":
            result["shown"] = float(rest)
        elif key in ("PHASES", "FORMS"):
            result[key.lower()] = dict(part.split("=") for part in rest.split())
    return result


def startup(args: list[str], env: dict[str, str], repeat: int,
            fresh_dir: object = None) -> tuple[float, dict[str, float]]:
    """Median ms to first paint over ``repeat`` runs (after one warm-up) and median phases."""
    import statistics
    import tempfile

    shown: list[float] = []
    phases: dict[str, list[float]] = {}
    for run in range(repeat + 1):
        if fresh_dir:
            with tempfile.TemporaryDirectory(prefix="ygclient-bench-gui-") as folder:
                result = launch([*args, folder], env)
        else:
            result = launch(args, env)
        if run == 0:
            continue  # warm-up: disk cache, .pyc files
        shown.append(float(result["shown"]))  # type: ignore[arg-type]
        for name, value in dict(result.get("phases", {})).items():  # type: ignore[call-overload]
            phases.setdefault(name, []).append(float(value))
    return statistics.median(shown), {k: statistics.median(v) for k, v in phases.items()}


def importtime(env: dict[str, str], top: int = 25) -> None:
    """Where the ygclient child's import time goes (python -X importtime), biggest first."""
    import subprocess

    done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                           "import ygclient.ui.app, ygclient.ui.main_window, "
                           "ygclient.ui.import_wizard"],
                          env=env, capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own_text, total_text, name = line.split(":", 1)[1].split("|", 2)
        rows.append((int(total_text), int(own_text), name.strip()))
    total = sum(s for _, s, _ in rows) / 1000
    print(f"\nImport time of ygclient.ui (python -X importtime, one run): {total:.0f} ms in all")
    print("  top-level packages by their own code (self time summed over submodules):")
    by_top: dict[str, int] = {}
    for _, own, module in rows:
        package = module.split(".")[0]
        by_top[package] = by_top.get(package, 0) + own
    for package, micros in sorted(by_top.items(), key=lambda kv: -kv[1])[:12]:
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

    env.setdefault("YGCLIENT_PASSPHRASE", "benchmark passphrase")  # fresh folders, no keyring
    large: Path | None = None
    large_env = env
    if args.records:
        from bench.bench_store import bench_key, cached_store
        from ygclient.catalog import bundled_catalog

        key = bench_key(args.cache_dir)
        large = cached_store(args.cache_dir, args.records, bundled_catalog(), rebuild=False,
                             key=key)
        large_env = env | {"YGBENCH_DATA_KEY": key.raw.hex()}

    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, offscreen platform; "
          f"median of {args.repeat} fresh processes after one warm-up each")
    bare, _ = startup(["bare"], env, args.repeat)
    print(f"  bare PySide6 QMainWindow shown           {bare:7.0f} ms   (baseline)")
    variants: list[tuple[str, float, dict[str, float]]] = []
    fresh, phases = startup(["app"], env, args.repeat, fresh_dir=True)
    variants.append(("ygclient, fresh data folder", fresh, phases))
    if large is not None:
        shown, phases = startup(["app", str(large)], large_env, args.repeat)
        variants.append((f"ygclient, {args.records:,} records", shown, phases))
    missed = False
    for label, shown, phases in variants:
        ratio = shown / bare
        met = ratio <= STARTUP_GOAL_RATIO
        missed |= not met
        print(f"  {label:<38} {shown:7.0f} ms   {ratio:.2f}× bare "
              f"(goal ≤ {STARTUP_GOAL_RATIO:g}×: {'met' if met else 'NOT met'})")
        print("      " + ", ".join(f"{name} {ms:.0f}" for name, ms in phases.items()) + " (ms)")

    forms = launch(["forms", str(args.form_repeat)], env)["forms"]
    print(f"\nOpening a generated 行政处罚 (CF) form, constructed + shown + painted "
          f"(first, then median of {args.form_repeat}):")
    labels = {"form": "RecordForm alone (empty)", "editor": "RecordEditor, new (新建记录 → CF)",
              "editor_filled": "RecordEditor, a filled-in record"}
    for key, value in dict(forms).items():  # type: ignore[call-overload]
        first, median = (float(x) for x in str(value).split(","))
        print(f"  {ljust(labels.get(key, key), 38)} first {first:6.1f} ms, median {median:6.1f} ms "
              f"(goal ≤ {FORM_GOAL_MS:.0f} ms: {'met' if median <= FORM_GOAL_MS else 'NOT met'})")

    if missed or args.importtime:
        importtime(env)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
