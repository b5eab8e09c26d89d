"""The ``ygclient`` command line: a thin face over the core functions.

Exit codes: 0 success; 1 some record is invalid; 2 usage, file or catalog
errors; 70 an internal error (logged, never shown as a traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import traceback
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from ygclient import __version__
from ygclient.catalog import (
    Catalog,
    CatalogError,
    UnknownItemError,
    ValidationResult,
    WorkCalendar,
    bundled_catalog,
    load_catalog,
)
from ygclient.clock import SYSTEM_CLOCK
from ygclient.jsontext import JsonInputError, parse_json
from ygclient.paths import current_catalog_path, resolve_data_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130


class UsageError(Exception):
    """Bad arguments or unreadable input: one line on stderr, exit code 2."""


# argparse speaks English; these are the messages a user can actually trigger.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"参数 \1 的取值 \3 无效"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"argument (\S+): ambiguous option: (.*)", r"参数 \1 有歧义：\2"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            message = re.sub(pattern, replacement, message)
        self.exit(EXIT_USAGE, f"{self.prog}：用法错误：{message}（使用 --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ygclient",
        description="阳江市公共信用信息报送客户端（ygclient）",
        epilog="退出码：0 成功；1 存在无效记录；2 用法、文件或目录错误。",
    )
    parser.add_argument("--version", action="version", version=f"ygclient {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="数据文件夹（默认取环境变量 YGCLIENT_HOME，否则为系统用户数据目录）")
    parser.add_argument("--catalog", metavar="FILE",
                        help="使用指定的目录文件（默认：已下载的目录，未下载时用内置演示目录）")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    catalog = commands.add_parser("catalog", help="查看或检查信用信息目录")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", metavar="ACTION",
                                              parser_class=_Parser, required=True)
    show = catalog_commands.add_parser(
        "show", help="列出目录条目，或显示一个条目的全部属性和信息项")
    show.add_argument("item", nargs="?", metavar="ITEM", help="条目代码，如 CF")
    show.add_argument("--json", action="store_true", help="以 JSON 输出（目录文件中的原样内容）")
    check = catalog_commands.add_parser("check", help="检查一个目录文件是否有效")
    check.add_argument("file", metavar="FILE")

    validate = commands.add_parser(
        "validate", help="校验记录（JSON 对象或对象数组）",
        description="按目录条目校验记录。FILE 为 JSON 文件，内容是一条记录（对象）"
                    "或记录数组；- 表示标准输入。",
    )
    validate.add_argument("--item", required=True, metavar="CODE", help="条目代码，如 CF")
    validate.add_argument("file", metavar="FILE|-")
    validate.add_argument("--json", action="store_true",
                          help="以 JSON 数组输出：[{index, valid, issues, normalized}]")

    deadline = commands.add_parser(
        "deadline", help="计算工作日期限（如核查通知：收到之日后 10 个工作日）",
        description="从 START 的次日起数 N 个工作日（法定节假日休息，调休上班日计入）。",
    )
    deadline.add_argument("start", metavar="START", help="起算日期，如 2026-12-24")
    deadline.add_argument("days", metavar="N", type=int, help="工作日数")
    deadline.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        handler = {"catalog": _catalog_command, "validate": _validate_command,
                   "deadline": _deadline_command}[args.command]
        return handler(args)
    except (UsageError, CatalogError, UnknownItemError) as exc:
        _fail(str(exc).strip("'\""))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _fail("已中断")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK  # `ygclient ... | head` closed the pipe: not an error
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        return _internal_error(args, exc)


def _fail(message: str) -> None:
    print(f"ygclient：{message}", file=sys.stderr)


def _internal_error(args: argparse.Namespace, exc: BaseException) -> int:
    where = "（未能写入日志）"
    try:
        log_dir = resolve_data_dir(args.data_dir) / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        log = log_dir / f"crash-{stamp}.log"
        # Exception type and location only: messages may carry record values.
        frames = traceback.format_tb(exc.__traceback__)
        log.write_text(f"ygclient {__version__}\n{type(exc).__name__}\n{''.join(frames)}",
                       encoding="utf-8")
        where = f"，详情已记录在 {log}"
    except OSError:
        pass
    _fail(f"内部错误（{type(exc).__name__}），操作未完成{where}。请把该文件发给系统维护人员。")
    return EXIT_INTERNAL


# --- catalog ---------------------------------------------------------------------

def _load_catalog(args: argparse.Namespace) -> Catalog:
    if args.catalog:
        return load_catalog(args.catalog)
    downloaded = current_catalog_path(resolve_data_dir(args.data_dir))
    if downloaded.is_file():
        return load_catalog(downloaded)
    return bundled_catalog()


def _catalog_command(args: argparse.Namespace) -> int:
    if args.catalog_command == "check":
        catalog = load_catalog(args.file)
        print(f"目录有效：{catalog.title}，版本 {catalog.version}，发布日期 {catalog.published}，"
              f"{len(catalog.items)} 个条目")
        return EXIT_OK
    catalog = _load_catalog(args)
    out = sys.stdout
    if args.item:
        item = catalog.item(args.item)
        if args.json:
            _print_json(item.raw, out)
        else:
            _show_item(catalog, args.item, out)
        return EXIT_OK
    if args.json:
        _print_json(catalog.raw, out)
        return EXIT_OK
    print(f"{catalog.title}  版本 {catalog.version}  发布日期 {catalog.published}  "
          f"发布单位 {catalog.publisher}", file=out)
    rows = [("代码", "名称", "类别", "覆盖范围", "公开属性", "更新周期")]
    for item in catalog.items:
        rows.append((item.code, item.name, item.category, "、".join(item.coverage),
                     item.openness, item.update_cycle))
    _print_table(rows, out)
    return EXIT_OK


_TYPE_LABELS = {
    "string": "文本", "integer": "整数", "number": "数值", "date": "日期", "code": "代码",
    "uscc": "统一社会信用代码", "org_code": "组织机构代码", "cn_id": "身份证号",
    "id_document": "证件号码",
}


def _show_item(catalog: Catalog, code: str, out: TextIO) -> None:
    item = catalog.item(code)
    disclosure = item.disclosure
    period = "长期" if disclosure.permanent else (
        f"{disclosure.min_months or 0}～{disclosure.max_months}个月"
        if disclosure.max_months else "见依据")
    deadline = f"{item.reporting_deadline_days} 个工作日"
    if item.reporting_deadline_from:
        deadline += f"（自「{item.field(item.reporting_deadline_from).title}」起算）"
    attributes = [
        ("名称", item.name), ("代码", item.code), ("提供方", item.provider),
        ("覆盖范围", "、".join(item.coverage)), ("信息类别", item.category),
        ("更新周期", item.update_cycle), ("报送时限", deadline),
        ("变更、撤销报送时限", f"{item.change_deadline_days} 个工作日"),
        ("共享属性", item.sharing), ("开放属性", item.openness),
        ("公示期限", f"{period}；{disclosure.basis}"),
    ]
    for label, value in attributes:
        print(f"{_pad(label, 18)} {value}", file=out)
    if item.description:
        print(f"{_pad('说明', 18)} {item.description}", file=out)
    print(file=out)
    rows = [("信息项代码", "名称", "类型", "必填", "说明")]
    for fld in item.fields:
        kind = _TYPE_LABELS[fld.type]
        if fld.code_list:
            kind += f"：{catalog.code_lists[fld.code_list].title}"
            kind += "（可多选）" if fld.multiple else ""
        if fld.unit:
            kind += f"（{fld.unit}）"
        if fld.max_length and fld.type in ("string", "id_document"):
            kind += f"，≤{fld.max_length}字"
        required = "是" if fld.required else ("视情况" if fld.required_when else "")
        rows.append((fld.name, fld.title, kind, required, fld.description))
    _print_table(rows, out)
    if item.rules:
        print(file=out)
        print("校验规则：", file=out)
        validator = catalog.validator(item.code)
        for rule in item.rules:
            level = "错误" if rule.severity == "error" else "警告"
            print(f"  [{level}] {validator.describe_rule(rule)}  ({rule.id})", file=out)


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _print_table(rows: Sequence[Sequence[str]], out: TextIO, max_width: int = 40) -> None:
    # Every column but the last is clipped so that the last (a description) can run on.
    clipped = [[c if _width(c) <= max_width or i == len(row) - 1 else c[: max_width // 2 - 1] + "…"
                for i, c in enumerate(row)] for row in rows]
    widths = [max(_width(row[i]) for row in clipped) for i in range(len(rows[0]))]
    for row in clipped:
        print("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


# --- validate --------------------------------------------------------------------

def read_json_input(name: str) -> Any:
    """Read JSON from a file or ``-`` (stdin); unreadable input raises UsageError."""
    label = "标准输入" if name == "-" else f"文件 {name} "
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取{label}：{exc.strerror or exc}") from None
    try:
        return parse_json(raw, label)
    except JsonInputError as exc:
        raise UsageError(str(exc)) from None


def _validate_command(args: argparse.Namespace) -> int:
    catalog = _load_catalog(args)
    validator = catalog.validator(args.item)
    data = read_json_input(args.file)
    if isinstance(data, dict):
        records: list[Any] = [data]
    elif isinstance(data, list):
        records = data
    else:
        raise UsageError("记录文件的内容应为 JSON 对象（一条记录）或数组（多条记录）")
    results = [validator.validate(record) for record in records]
    if args.json:
        _print_json([_result_json(i, r) for i, r in enumerate(results)], sys.stdout)
    else:
        _print_results(results, sys.stdout)
    return EXIT_OK if all(r.valid for r in results) else EXIT_INVALID


def _result_json(index: int, result: ValidationResult) -> dict[str, Any]:
    return {"index": index, "valid": result.valid,
            "issues": [issue.to_dict() for issue in result.issues],
            "normalized": result.normalized}


def _print_results(results: Sequence[ValidationResult], out: TextIO) -> None:
    # Values are never echoed: an ID number must not end up in a terminal log.
    for number, result in enumerate(results, start=1):
        errors, warnings = len(result.errors), len(result.warnings)
        if result.valid:
            state = "有效" + (f"（{warnings} 个警告）" if warnings else "")
        else:
            state = f"无效（{errors} 个错误" + (f"，{warnings} 个警告）" if warnings else "）")
        print(f"记录 {number}：{state}", file=out)
        for issue in result.issues:
            level = "错误" if issue.severity == "error" else "警告"
            print(f"  {level}  {issue.message}  [{issue.field or '-'} {issue.code}]", file=out)
    valid = sum(r.valid for r in results)
    print(f"共 {len(results)} 条记录：{valid} 条有效，{len(results) - valid} 条无效", file=out)


# --- deadline --------------------------------------------------------------------

def _deadline_command(args: argparse.Namespace) -> int:
    try:
        start = dt.date.fromisoformat(args.start)
    except ValueError:
        raise UsageError(f"起算日期“{args.start}”无效，应为 YYYY-MM-DD") from None
    if args.days < 0:
        raise UsageError("工作日数不能为负数")
    calendar = WorkCalendar.bundled()
    catalog = _load_catalog(args)
    if catalog.calendar is not None:
        calendar = calendar.overlay(catalog.calendar)
    due = calendar.add_working_days(start, args.days)
    left = calendar.working_days_between(SYSTEM_CLOCK.today(), due.date)
    if args.json:
        _print_json({"start": start.isoformat(), "workingDays": args.days,
                     "due": due.date.isoformat(), "estimated": due.estimated,
                     "workingDaysLeft": left.days}, sys.stdout)
        return EXIT_OK
    weekday = "一二三四五六日"[due.date.weekday()]
    print(f"{start.isoformat()} 之后第 {args.days} 个工作日："
          f"{due.date.isoformat()}（星期{weekday}）")
    if left.days >= 0:
        print(f"距今天还有 {left.days} 个工作日")
    else:
        print(f"已超过期限 {-left.days} 个工作日")
    if due.estimated or left.estimated:
        print("预计：期间含尚未公布节假日安排的年份，以市信用中心公布的日历为准")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
