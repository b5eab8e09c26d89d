"""Screenshots of the desktop app for the README (``make screenshots``).

Builds the same starting point as ``ygclient demo`` (an embedded ygcentral, the demo agency,
records already through review), opens the real main window on a real X server and saves
``docs/screenshots/*.png``: the dashboard, the 已报送 list with a rejected record selected, the
record editor of a 行政处罚 record with its validation messages, the import page after a dry
run with errors, and the catalog page.

It needs an X display, never the offscreen platform (that is what the pictures are for):

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshots.py

(Debian: ``xvfb libxcb-icccm4 libxcb-keysyms1`` and a Chinese font, ``fonts-wqy-microhei``;
``QT_DEBUG_PLUGINS=1`` names a library the xcb plugin misses.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1200, 780)
SCREEN = "1400x900x24"
# What Qt's xcb platform plugin links against (PySide6 6.11), and the Debian 12 package of each;
# the offscreen libraries (tools/check_system.py) are needed as well.
XCB_LIBRARIES = {
    "libX11-xcb.so.1": "libx11-xcb1", "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

# A 行政处罚 record as a clerk might have typed it: the fine written in 元 where the field
# wants 万元, a date that does not exist, 公示截止期 left out, a mistyped check character in the
# authority's credit code. The editor is scrolled to those fields (EDITOR_SCROLL_TO).
EDITOR_VALUES = {
    "CF_XDR_MC": "阳江市江城区海韵贸易有限公司", "CF_XDR_LB": "法人及非法人组织",
    "CF_XDR_SHXYM": "91441700MA4W12346H", "CF_FRDB": "陈海",
    "CF_WSH": "阳市监罚〔2026〕131号", "CF_WFXW": "销售不符合食品安全标准的食品",
    "CF_SY": "当事人于2026年10月销售过期食品。",
    "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条", "CF_CFLB": "警告;罚款",
    "CF_NR": "警告，并处罚款2000元。", "CF_NR_FK": "2000", "CF_JDRQ": "2026-13-05",
    "CF_YXQ": "2027-06-30", "CF_CFJG": "阳江市市场监督管理局",
    "CF_CFJGDM": "114417000070012335", "CF_SJLY": "阳江市市场监督管理局",
    "CF_SJLYDM": "114417000070012332",
}
EDITOR_SCROLL_TO = "CF_CFLB"


def import_rows(check_char: Callable[[str], str]) -> list[dict[str, str]]:
    """Rows for the import workbook: most are fine, a few carry the usual mistakes."""
    rows = []
    names = ["阳江市江城区海滨食品店", "阳江市阳东区金鹰五金厂", "阳春市合水镇兴旺农资店",
             "阳西县沙扒镇海景酒店", "阳江市江城区诚信药房", "阳江高新区明达电子有限公司",
             "阳江市阳东区东城镇好又多超市", "阳春市春城街道美佳服装店"]
    for n, name in enumerate(names):
        body = f"91441700MA4X{n:04d}0"
        fine = (n + 1) * 1000
        rows.append({
            "CF_XDR_MC": name, "CF_XDR_LB": "法人及非法人组织",
            "CF_XDR_SHXYM": body + check_char(body), "CF_FRDB": "张" + "一二三四五六七八"[n],
            "CF_WSH": f"阳市监罚〔2026〕{201 + n}号", "CF_WFXW": "销售不符合食品安全标准的食品",
            "CF_SY": "当事人销售过期食品。", "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
            "CF_CFLB": "警告;罚款", "CF_NR": f"警告，并处罚款{fine}元。",
            "CF_NR_FK": str(fine / 10000), "CF_JDRQ": f"2026-11-{10 + n:02d}",
            "CF_YXQ": "2027-06-30", "CF_GSJZQ": "2027-02-28", "CF_CFJG": "阳江市市场监督管理局",
            "CF_CFJGDM": "114417000070012332", "CF_SJLY": "阳江市市场监督管理局",
            "CF_SJLYDM": "114417000070012332"})
    rows[2]["CF_XDR_SHXYM"] = rows[2]["CF_XDR_SHXYM"][:-1] + "0"  # wrong check character
    rows[4]["CF_JDRQ"] = "2026/11/31"  # no such day
    rows[5]["CF_CFLB"] = "罚金"  # not in the code list
    del rows[6]["CF_WSH"]  # required
    return rows


def write_import_book(catalog: Any, path: Path) -> Path:
    """The CF template from the catalog, filled in the way a clerk fills it."""
    from openpyxl import load_workbook

    from ygclient.catalog.checkdigits import uscc_check_char
    from ygclient.sheets.safety import literal
    from ygclient.sheets.template import write_template
    from ygclient.sheets.workbook import DATA_SHEET

    write_template(catalog, "CF", path)
    book = load_workbook(path)
    sheet = book[DATA_SHEET]
    keys = [f.name for f in catalog.item("CF").fields]
    for row, record in enumerate(import_rows(uscc_check_char), start=2):
        for column, key in enumerate(keys, start=1):
            if key in record:
                literal(sheet.cell(row=row, column=column), record[key])
    book.save(path)
    book.close()
    return path


class Shooter:
    """Waits for Qt to draw, then takes the window's pixels from the X server."""

    def __init__(self, app: Any, out: Path) -> None:
        self.app, self.out = app, out
        self.saved: list[Path] = []

    def settle(self, ms: int = 400) -> None:
        deadline = time.monotonic() + ms / 1000
        while time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            self.app.processEvents()
            time.sleep(0.02)

    def shoot(self, widget: Any, name: str) -> Path:
        widget.raise_()
        widget.activateWindow()
        self.settle()
        screen = widget.screen()
        pixmap = screen.grabWindow(widget.winId()) if screen is not None else None
        if pixmap is None or pixmap.isNull():
            pixmap = widget.grab()
        path = self.out / f"{name}.png"
        if not pixmap.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        self.saved.append(path)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  "
              f"{pixmap.width()}×{pixmap.height()}", flush=True)
        return path


def run(out: Path, language: str) -> list[Path]:
    from importlib import resources

    from PySide6.QtWidgets import QScrollArea

    from ygclient.catalog import bundled_catalog
    from ygclient.store import State, Store
    from ygclient.ui.app import application, choose_cjk_font, install_translations
    from ygclient.ui.context import AppContext
    from ygclient.ui.demo import DEMO_USER, demo_passphrase, prepare, start_central
    from ygclient.ui.dialogs import Dialogs
    from ygclient.ui.main_window import MainWindow

    demo_passphrase()
    app = application([sys.argv[0]])
    app.setStyle("Fusion")  # the same pictures whatever desktop the maker runs
    install_translations(app, language)
    if choose_cjk_font(app) is None:
        raise SystemExit("no font with Chinese glyphs: sudo apt install fonts-wqy-microhei")
    out.mkdir(parents=True, exist_ok=True)
    shooter = Shooter(app, out)
    root = Path(tempfile.mkdtemp(prefix="ygclient-screenshots-"))
    catalog = bundled_catalog()
    raw = resources.files("ygclient.resources").joinpath(
        "catalog/yangjiang-demo.json").read_bytes()
    demo = start_central(root / "central", raw)
    try:
        data_dir = root / "client"
        session = prepare(data_dir, catalog, demo)
        store = Store.open(data_dir, catalog, actor=DEMO_USER)
        try:
            context = AppContext(store, data_dir)
            context.session, context.client = session, session.client
            window = MainWindow(context, Dialogs(None))
            window.dialogs.parent = window
            window.resize(*WINDOW_SIZE)
            window.move(0, 0)
            window.show()
            shooter.wait_for(window.isVisible, "the main window")
            task = context.start_sync()  # as a clerk would first thing: F5
            assert task is not None
            shooter.wait_for(lambda: task.done, "the first sync")
            shooter.settle()

            window.show_page("home")
            shooter.shoot(window, "dashboard")

            window.show_page("sent")
            page: Any = window.pages["sent"]
            shooter.settle()
            rows = [r for r in range(page.model.rowCount())
                    if page.model.record(r).state == State.REJECTED]
            if rows:
                page.view.setCurrentIndex(page.model.index(rows[0], 3))
            shooter.shoot(window, "records-sent-rejected")

            book = write_import_book(catalog, root / "导入" / "2026年11月行政处罚.xlsx")
            window.show_page("import")
            importer: Any = window.pages["import"]
            importer.set_file(book)
            shooter.wait_for(lambda: importer.run.isEnabled(), "reading the workbook")
            importer.start(dry_run=True)
            shooter.wait_for(lambda: importer.result is not None, "the dry run")
            shooter.shoot(window, "import-dry-run")

            window.show_page("objections")
            notices: Any = window.pages["objections"]
            notices.reload()
            if notices.model.rowCount():
                notices.view.selectRow(0)
            shooter.settle()
            shooter.shoot(window, "objections-inbox")

            window.show_page("catalog")
            catalog_page: Any = window.pages["catalog"]
            codes = [item.code for item in catalog.items]
            catalog_page.table.selectRow(codes.index("CF") if "CF" in codes else 0)
            shooter.shoot(window, "catalog")

            window.show_page("home")
            editor = window.new_record("CF")
            assert editor is not None
            editor.move(40, 20)
            editor.form.set_values(EDITOR_VALUES)
            editor.submit()  # invalid: shows every message and says how many errors
            shooter.settle(100)
            scroll = editor.form.findChild(QScrollArea)
            if scroll is not None:
                top = editor.form.rows[EDITOR_SCROLL_TO].label
                scroll.verticalScrollBar().setValue(max(0, top.y() - 6))
            shooter.shoot(editor, "editor-cf-validation")
            editor.close()
            window.close()
            shooter.settle(100)
        finally:
            store.close()
    finally:
        demo.stop()
        shutil.rmtree(root, ignore_errors=True)
    return shooter.saved


def missing_packages() -> list[str]:
    """Debian packages this machine lacks for ``make screenshots`` (xvfb-run, xcb, a font)."""
    import ctypes

    missing = [package for command, package in (("xvfb-run", "xvfb"), ("xauth", "xauth"))
               if shutil.which(command) is None]
    for soname, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tools.check_system import CJK_FONT_PACKAGE, has_cjk_font

    if not has_cjk_font():
        missing.append(CJK_FONT_PACKAGE)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/screenshots.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    parser.add_argument("--language", default="zh_CN", help="zh_CN (default) or en")
    parser.add_argument("--platform", default="xcb",
                        help="Qt platform plugin (default xcb: a real X server, e.g. Xvfb)")
    parser.add_argument("--check", action="store_true",
                        help="only say which Debian packages are missing (exit 1 if any)")
    args = parser.parse_args(argv)
    if args.check:
        missing = missing_packages() if sys.platform.startswith("linux") else []
        if missing:
            print("make screenshots 缺少系统软件包 / needs: " + " ".join(missing) + "\n"
                  "  sudo apt install -y --no-install-recommends " + " ".join(missing),
                  file=sys.stderr)
        return 1 if missing else 0
    os.environ["QT_QPA_PLATFORM"] = args.platform
    # Clock times as a clerk in Yangjiang sees them, whatever zone the maker's machine is in.
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    if args.platform == "xcb" and not os.environ.get("DISPLAY"):
        print("tools/screenshots.py needs an X display. On a headless machine:\n"
              f"  xvfb-run -a -s '-screen 0 {SCREEN}' .venv/bin/python tools/screenshots.py\n"
              "(tools/screenshots.py --check names the Debian packages missing)", file=sys.stderr)
        return 2
    run(args.out.resolve(), args.language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
