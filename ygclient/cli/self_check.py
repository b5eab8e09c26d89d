"""``ygclient self-check``: does this installation work? Each part is tried for real, once.

Meant for the administrator after installing or upgrading (and run by tests/test_installer.py
against the bundle): the resources, the catalog, a fresh database in a temporary folder
(migrations included), the database drivers, the validation engine, a template workbook
written and read back, the keyring backends and the Qt platform. The user's own database is
never opened. Exit code 0 when every step passed, 1 otherwise; a failed step says why.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ygclient import __version__
from ygclient.catalog.samples import SAMPLE_DAY, SAMPLE_ITEM, penalty_for_company
from ygclient.cli.common import EXIT_INVALID, EXIT_OK, UsageError, data_dir, load_catalog_for
from ygclient.paths import portable_data_dir, program_dir

RESOURCES = ("catalog/yangjiang-demo.json", "catalog/catalog.schema.json",
             "calendar/cn-workdays.json", "areas/gb2260.json", "i18n/ygclient_en.qm",
             "i18n/ygclient_zh_CN.qm", "icons/ygclient-256.png")
QT_PROBE_TIMEOUT_S = 60
OK_LABEL, FAILED_LABEL = "正常 ok", "失败 failed"


class CheckFailed(Exception):
    """A step did not work; the message (Chinese) says why."""


@dataclass
class Step:
    name: str
    title: str
    ok: bool
    detail: str
    seconds: float


def register(commands: Any) -> None:
    check = commands.add_parser(
        "self-check", help="自检：逐项检查本机安装能否正常工作（不读写现有数据）",
        description="在临时文件夹中新建数据库、加载目录、校验示例记录、生成并读回模板、"
                    "启动 Qt 图形平台，逐项报告结果。全部正常时退出码为 0，否则为 1。")
    check.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    check.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)
    check.set_defaults(handler=self_check_command)


def self_check_command(args: argparse.Namespace) -> int:
    if args.qt_probe:
        return _qt_probe()
    context: dict[str, Any] = {}
    steps: list[Step] = []
    if not args.json:
        print(f"ygclient {__version__} 自检 / self-check")
        print(f"  程序 / program: {_describe_program()}")
        print(f"  数据文件夹 / data folder: {_describe_data_dir(args)}")
    checks: list[tuple[str, str, Callable[[], str]]] = [
        ("resources", "程序资源", _check_resources),
        ("catalog", "信用信息目录", lambda: _check_catalog(args, context)),
        ("database", "新建数据库", lambda: _check_database(context)),
        ("drivers", "数据库驱动", _check_drivers),
        ("validation", "校验示例记录", _check_validation),
        ("workbook", "模板工作簿", _check_workbook),
        ("keyring", "密钥环", _check_keyring),
        ("qt", "Qt 图形平台", _check_qt),
    ]
    for name, title, check in checks:
        step = _run(name, title, check)
        steps.append(step)
        if not args.json:
            label = OK_LABEL if step.ok else FAILED_LABEL
            print(f"  {label:<12} {title}：{step.detail}", flush=True)
    failed = [s for s in steps if not s.ok]
    if args.json:
        json.dump({"version": __version__, "ok": not failed,
                   "steps": [asdict(s) for s in steps]}, sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    elif failed:
        print(f"自检未通过：{len(failed)} 项失败（{'、'.join(s.title for s in failed)}） / "
              f"{len(failed)} failed")
    else:
        print(f"自检通过：{len(steps)} 项全部正常 / all {len(steps)} checks passed")
    return EXIT_INVALID if failed else EXIT_OK


def _run(name: str, title: str, check: Callable[[], str]) -> Step:
    started = time.monotonic()
    try:
        detail, ok = check(), True
    except CheckFailed as exc:
        detail, ok = str(exc), False
    except Exception as exc:  # noqa: BLE001 - every failure is a result here, not a crash
        detail, ok = _describe_error(exc), False
    return Step(name, title, ok, detail, round(time.monotonic() - started, 3))


def _describe_error(exc: BaseException) -> str:
    """Our own errors already speak Chinese to the user; anything else is named by its type."""
    from ygclient.catalog import CatalogError
    from ygclient.sheets.safety import SheetError
    from ygclient.store.errors import StoreError

    # A KeyError's str() is the repr of its key; its message is the bare argument.
    bare = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    text = str(bare).strip().splitlines()
    if isinstance(exc, CatalogError | StoreError | SheetError | UsageError) and text:
        return text[0]
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _describe_program() -> str:
    folder = program_dir()
    if folder is None:
        return f"Python {sys.version.split()[0]}（源代码或 pip 安装） {sys.executable}"
    return f"安装包 / bundle {folder}"


def _describe_data_dir(args: argparse.Namespace) -> str:
    folder = data_dir(args)
    portable = portable_data_dir(program_dir())
    return f"{folder}（便携模式 / portable）" if portable == folder else str(folder)


# --- the steps -----------------------------------------------------------------------------

def _check_resources() -> str:
    from importlib import resources

    root = resources.files("ygclient.resources")
    missing = [name for name in RESOURCES if not root.joinpath(name).is_file()]
    if missing:
        raise CheckFailed(f"缺少文件：{'、'.join(missing)}（安装不完整，请重新安装）")
    return f"{len(RESOURCES)} 个文件齐全（目录、工作日历、行政区划代码、翻译、图标）"


def _check_catalog(args: argparse.Namespace, context: dict[str, Any]) -> str:
    catalog = load_catalog_for(args)
    context["catalog"] = catalog
    return f"{catalog.title}，版本 {catalog.version}，{len(catalog.items)} 个信息项"


def _check_database(context: dict[str, Any]) -> str:
    from ygclient.catalog import bundled_catalog
    from ygclient.store import Store, keys
    from ygclient.store.db import current_revision

    catalog = context.get("catalog") or bundled_catalog()
    # A throwaway data key, handed in directly: the keyring must not collect self-check keys.
    key = keys.DatabaseKey(secrets.token_bytes(keys.KEY_BYTES), "passphrase", "self-check")
    with tempfile.TemporaryDirectory(prefix="ygclient-self-check-",
                                     ignore_cleanup_errors=True) as folder:
        store = Store.open(Path(folder), catalog, actor="self-check", key=key)
        try:
            revision = current_revision(store.engine)
            count = len(store.list_records(limit=1).rows)
        finally:
            store.close()
    if count:
        raise CheckFailed(f"新数据库中竟有 {count} 条记录")
    return f"临时文件夹中的加密 SQLite 数据库已建立，迁移到 {revision}"


def _check_drivers() -> str:
    import sqlite3

    import psycopg
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        cipher = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    if not cipher or not cipher[0]:
        raise CheckFailed("sqlcipher3 不支持加密（PRAGMA cipher_version 无结果）")
    return (f"SQLite {sqlite3.sqlite_version}，SQLCipher {cipher[0]}，"
            f"psycopg {psycopg.__version__}（{psycopg.pq.__impl__}）")


def _sample_validator() -> Any:
    from ygclient.catalog import bundled_catalog
    from ygclient.clock import FixedClock

    return bundled_catalog().validator(SAMPLE_ITEM, clock=FixedClock(SAMPLE_DAY))


def _check_validation() -> str:
    validator = _sample_validator()
    record = penalty_for_company()
    result = validator.validate(record)
    if not result.valid:
        first = result.errors[0]
        raise CheckFailed(f"有效的示例记录被判为无效：{first.field} {first.code}")
    broken = dict(record, CF_XDR_SHXYM=record["CF_XDR_SHXYM"][:-1] + "4")
    codes = {(i.field, i.code) for i in validator.validate(broken).errors}
    if ("CF_XDR_SHXYM", "checksum") not in codes:
        raise CheckFailed("校验位错误的统一社会信用代码没有被发现")
    return "有效记录通过，校验位错误被发现（内置演示目录，行政处罚）"


def _check_workbook() -> str:
    from openpyxl import load_workbook

    from ygclient.catalog import bundled_catalog
    from ygclient.sheets.reader import open_sheet
    from ygclient.sheets.template import write_template
    from ygclient.sheets.workbook import DATA_SHEET

    catalog = bundled_catalog()
    item = catalog.item(SAMPLE_ITEM)
    with tempfile.TemporaryDirectory(prefix="ygclient-self-check-",
                                     ignore_cleanup_errors=True) as folder:
        path = write_template(catalog, SAMPLE_ITEM, Path(folder) / "self-check.xlsx")
        workbook = load_workbook(path)
        try:
            sheet = workbook[DATA_SHEET]
            record = penalty_for_company()
            for column, fld in enumerate(item.fields, start=1):
                value = record.get(fld.name)
                if value is not None:
                    sheet.cell(row=2, column=column, value=value).data_type = "s"
            workbook.save(path)
        finally:
            workbook.close()
        parsed = open_sheet(path, catalog)
        try:
            rows = [raw for _, raw, _, _ in parsed.rows()]
        finally:
            parsed.close()
    if parsed.item.code != SAMPLE_ITEM or len(rows) != 1:
        raise CheckFailed(f"读回的工作簿不对：信息项 {parsed.item.code}，{len(rows)} 行")
    result = _sample_validator().validate(rows[0])
    if not result.valid:
        raise CheckFailed(f"读回的记录无效：{result.errors[0].field} {result.errors[0].code}")
    return f"已生成行政处罚模板（{len(item.fields)} 列），填入示例记录后读回并校验通过"


def _check_keyring() -> str:
    from importlib.metadata import entry_points

    import keyring

    found = sorted(ep.name for ep in entry_points(group="keyring.backends"))
    if not found:
        raise CheckFailed("找不到任何密钥环后端（安装包缺少 keyring 的元数据）")
    from keyring.backends import chainer, fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    usable = not isinstance(backend, fail.Keyring) and \
        (not isinstance(backend, chainer.ChainerBackend) or bool(backend.backends))
    if not usable:
        return (f"后端 {name}：本机没有可用的系统密钥库，本地数据改用口令加密，"
                "登录只在本次运行有效")
    return f"后端 {name}"


def _check_qt() -> str:
    """Start Qt in a child process: a platform plugin that cannot load aborts the process."""
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not env.get("QT_QPA_PLATFORM") and \
            not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    if program_dir() is not None or getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        command = [sys.executable, "-c",
                   "import sys; from ygclient.cli import main; sys.exit(main(sys.argv[1:]))"]
    command += ["self-check", "--qt-probe"]
    try:
        child = subprocess.run(command, env=env, capture_output=True, text=True,
                               encoding="utf-8", errors="replace", timeout=QT_PROBE_TIMEOUT_S,
                               check=False)
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"{QT_PROBE_TIMEOUT_S} 秒内没有启动完成") from None
    lines = [line for line in child.stdout.splitlines() if line.strip()]
    if child.returncode == 0 and lines:
        return lines[-1]
    messages = [line.strip() for line in (child.stderr + child.stdout).splitlines()
                if line.strip()]
    reason = " / ".join(messages[-3:]) or f"退出码 {child.returncode}"
    hint = ""
    if sys.platform.startswith("linux"):
        hint = ("；Linux 上多为图形会话不可用，或缺少系统图形库"
                "（如 libegl1 libgl1 libfontconfig1 libxkbcommon-x11-0）")
    raise CheckFailed(f"无法启动：{reason.rstrip('.。')}{hint}")


def _qt_probe() -> int:
    """In the child: a QApplication, a widget rendered once, a font with Chinese glyphs."""
    from PySide6.QtGui import QFontDatabase, QGuiApplication
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([sys.argv[0]])
    label = QLabel("阳江市公共信用信息报送客户端")
    pixmap = label.grab()
    if pixmap.isNull():
        print("Qt 无法绘制窗口", file=sys.stderr)
        return EXIT_INVALID
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        print("没有中文字体，界面中的汉字会显示为方框；请安装中文字体"
              "（如 Debian/UOS/麒麟：fonts-wqy-microhei）", file=sys.stderr)
        return EXIT_INVALID
    platform = QGuiApplication.platformName()
    label.deleteLater()
    del app
    print(f"平台 {platform}，窗口已绘制，中文字体 {chinese[0]} 等 {len(chinese)} 种")
    return EXIT_OK
