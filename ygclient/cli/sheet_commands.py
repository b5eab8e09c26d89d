"""Spreadsheet commands: template, import, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ygclient.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    load_catalog_for,
    print_json,
)
from ygclient.cli.record_commands import open_store, unmask_reason
from ygclient.progress import Progress, ignore_progress
from ygclient.sheets.importer import MODES, import_workbook
from ygclient.sheets.report import export_records, write_error_report
from ygclient.sheets.safety import SheetError
from ygclient.sheets.template import write_template
from ygclient.store import State


def register(commands: Any) -> None:
    template = commands.add_parser("template", help="生成某个目录条目的 Excel 导入模板")
    template.add_argument("item", metavar="ITEM")
    template.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    template.set_defaults(handler=template_command)

    imp = commands.add_parser("import", help="从 Excel 工作簿批量导入记录")
    imp.add_argument("file", nargs="?", metavar="FILE.xlsx")
    imp.add_argument("--item", metavar="ITEM", help="目录条目代码（默认从模板或列名判断）")
    imp.add_argument("--sheet", metavar="NAME", help="工作表名称（默认为模板的数据表或第一个表）")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不保存任何记录")
    imp.add_argument("--mode", choices=MODES, default="all-or-nothing",
                     help="all-or-nothing：有任何错误就一条都不导入（默认）；"
                          "valid-rows：导入无误的行，有错的行写入错误报告")
    imp.add_argument("--queue", action="store_true", help="导入后直接提交报送")
    imp.add_argument("--report", metavar="OUT.xlsx",
                     help="错误报告文件（有错误时默认写在原文件旁边）")
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--rollback", metavar="BATCH", help="撤回一个导入批次（其中的记录都未报送时）")
    imp.set_defaults(handler=import_command)

    export = commands.add_parser("export", help="导出本单位的记录到 Excel")
    export.add_argument("--item", required=True, metavar="ITEM")
    export.add_argument("--state", choices=[s.value for s in State], action="append")
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    export.add_argument("--unmask", action="store_true",
                        help="导出完整的证件号码（须用 --reason 说明原因，会记入审计记录）")
    export.add_argument("--unmask-reason", "--reason", metavar="TEXT", dest="unmask_reason")
    export.set_defaults(handler=export_command)


def _xlsx(path: str) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件应以 .xlsx 结尾：{path}")
    return target


def template_command(args: argparse.Namespace) -> int:
    catalog = load_catalog_for(args)
    path = write_template(catalog, args.item, _xlsx(args.output))
    print(f"已生成模板：{path}（{catalog.item(args.item).name}，目录版本 {catalog.version}）")
    return EXIT_OK


def import_command(args: argparse.Namespace) -> int:
    if args.rollback:
        with open_store(args) as store:
            removed = store.rollback_import(args.rollback)
        print(f"已撤回导入批次 {args.rollback}：删除了 {removed} 条未报送的记录")
        return EXIT_OK
    if not args.file:
        raise UsageError("请给出要导入的 .xlsx 文件")
    path = Path(args.file)
    progress = _bar if sys.stderr.isatty() and not args.json else ignore_progress
    try:
        with open_store(args) as store:
            result = import_workbook(store, path, item=args.item, sheet=args.sheet,
                                     mode=args.mode, dry_run=args.dry_run, queue=args.queue,
                                     progress=progress)
    except SheetError as exc:
        raise UsageError(str(exc)) from None
    if result.errors:
        report = Path(args.report) if args.report else path.with_name(f"{path.stem}-错误报告.xlsx")
        result.report = str(write_error_report(result, _xlsx(str(report))))
    if args.json:
        print_json(result.to_json(), sys.stdout)
    else:
        _describe(result)
    return EXIT_OK if result.clean else EXIT_INVALID


def _describe(result: Any) -> None:
    if result.already_imported:
        info = result.already_imported
        print(f"这个文件已于 {info['at']} 由 {info['by']} 导入（批次 {info['batch']}，"
              f"{info['imported']} 条），本次没有重复导入")
        return
    verb = "检查" if result.dry_run else "导入"
    print(f"{verb} {Path(result.file).name}（{result.item}，工作表“{result.sheet}”）："
          f"共 {result.rows} 行，无误 {result.valid} 行，有错 {result.invalid} 行，"
          f"重复 {result.duplicates} 行；已保存 {result.imported} 条")
    if result.resumed_rows:
        print(f"接着上次中断的导入继续：其中 {result.resumed_rows} 行上次已保存")
    if result.mode == "all-or-nothing" and not result.clean and not result.dry_run:
        print("因为有错误或重复，按“全部或全不”方式，本次一条都没有保存")
    if result.unknown_columns:
        print(f"未识别的列（已忽略）：{'、'.join(result.unknown_columns)}", file=sys.stderr)
    if result.catalog_note:
        print(f"提示：{result.catalog_note}", file=sys.stderr)
    for error in result.errors[:10]:
        print(f"  第 {error.row} 行：{error.message}", file=sys.stderr)
    if len(result.errors) > 10:
        print(f"  ……共 {len(result.errors)} 处问题", file=sys.stderr)
    if result.report:
        print(f"错误报告：{result.report}")


def export_command(args: argparse.Namespace) -> int:
    states = [State(s) for s in args.state] if args.state else None
    reason = unmask_reason(args) if args.unmask else None
    with open_store(args) as store:
        count = export_records(store, args.item, _xlsx(args.output), states=states,
                               unmask=args.unmask, reason=reason)
    masked = "" if args.unmask else "（证件号码已隐去中间部分）"
    print(f"已导出 {count} 条记录到 {args.output}{masked}")
    return EXIT_OK


def _bar(progress: Progress) -> None:
    total = progress.total or 0
    width = 30
    filled = int(width * progress.done / total) if total else 0
    end = "\n" if total and progress.done >= total else ""
    print(f"\r{progress.label} [{'#' * filled}{'.' * (width - filled)}] "
          f"{progress.done}/{total}", end=end, file=sys.stderr, flush=True)
