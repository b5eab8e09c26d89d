"""Commands about the catalog and single records: catalog show/check, validate, deadline."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ygclient.catalog import Catalog, ValidationResult, WorkCalendar, load_catalog
from ygclient.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    Parser,
    UsageError,
    load_catalog_for,
    pad,
    print_json,
    print_table,
    read_json_input,
)
from ygclient.clock import SYSTEM_CLOCK


def register(commands: Any) -> None:
    catalog = commands.add_parser("catalog", help="查看或检查信用信息目录")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", metavar="ACTION",
                                              parser_class=Parser, required=True)
    show = catalog_commands.add_parser(
        "show", help="列出目录条目，或显示一个条目的全部属性和信息项")
    show.add_argument("item", nargs="?", metavar="ITEM", help="条目代码，如 CF")
    show.add_argument("--json", action="store_true", help="以 JSON 输出（目录文件中的原样内容）")
    check = catalog_commands.add_parser("check", help="检查一个目录文件是否有效")
    check.add_argument("file", metavar="FILE")
    pull = catalog_commands.add_parser("pull", help="从市信用信息系统下载最新目录（需已登录）")
    pull.add_argument("--password-stdin", action="store_true",
                      help="需要登录时从标准输入读取密码（没有系统密钥环时使用）")
    pull.set_defaults(catalog_command="pull")
    catalog.set_defaults(handler=catalog_command)

    validate = commands.add_parser(
        "validate", help="校验记录（JSON 对象或对象数组）",
        description="按目录条目校验记录。FILE 为 JSON 文件，内容是一条记录（对象）"
                    "或记录数组；- 表示标准输入。",
    )
    validate.add_argument("--item", required=True, metavar="CODE", help="条目代码，如 CF")
    validate.add_argument("file", metavar="FILE|-")
    validate.add_argument("--json", action="store_true",
                          help="以 JSON 数组输出：[{index, valid, issues, normalized}]")
    validate.set_defaults(handler=validate_command)

    deadline = commands.add_parser(
        "deadline", help="计算工作日期限（如核查通知：收到之日后 10 个工作日）",
        description="从 START 的次日起数 N 个工作日（法定节假日休息，调休上班日计入）。",
    )
    deadline.add_argument("start", metavar="START", help="起算日期，如 2026-12-24")
    deadline.add_argument("days", metavar="N", type=int, help="工作日数")
    deadline.add_argument("--json", action="store_true")
    deadline.set_defaults(handler=deadline_command)


def catalog_command(args: argparse.Namespace) -> int:
    if args.catalog_command == "pull":
        from ygclient.cli.sync_commands import catalog_pull_command

        return catalog_pull_command(args)
    if args.catalog_command == "check":
        catalog = load_catalog(args.file)
        print(f"目录有效：{catalog.title}，版本 {catalog.version}，发布日期 {catalog.published}，"
              f"{len(catalog.items)} 个条目")
        return EXIT_OK
    catalog = load_catalog_for(args)
    out = sys.stdout
    if args.item:
        item = catalog.item(args.item)
        if args.json:
            print_json(item.raw, out)
        else:
            _show_item(catalog, args.item, out)
        return EXIT_OK
    if args.json:
        print_json(catalog.raw, out)
        return EXIT_OK
    print(f"{catalog.title}  版本 {catalog.version}  发布日期 {catalog.published}  "
          f"发布单位 {catalog.publisher}", file=out)
    rows = [("代码", "名称", "类别", "覆盖范围", "公开属性", "更新周期")]
    for item in catalog.items:
        rows.append((item.code, item.name, item.category, "、".join(item.coverage),
                     item.openness, item.update_cycle))
    print_table(rows, out)
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
        print(f"{pad(label, 18)} {value}", file=out)
    if item.description:
        print(f"{pad('说明', 18)} {item.description}", file=out)
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
    print_table(rows, out)
    if item.rules:
        print(file=out)
        print("校验规则：", file=out)
        validator = catalog.validator(item.code)
        for rule in item.rules:
            level = "错误" if rule.severity == "error" else "警告"
            print(f"  [{level}] {validator.describe_rule(rule)}  ({rule.id})", file=out)


# --- validate --------------------------------------------------------------------

def validate_command(args: argparse.Namespace) -> int:
    catalog = load_catalog_for(args)
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
        print_json([_result_json(i, r) for i, r in enumerate(results)], sys.stdout)
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

def deadline_command(args: argparse.Namespace) -> int:
    try:
        start = dt.date.fromisoformat(args.start)
    except ValueError:
        raise UsageError(f"起算日期“{args.start}”无效，应为 YYYY-MM-DD") from None
    if args.days < 0:
        raise UsageError("工作日数不能为负数")
    calendar = WorkCalendar.bundled()
    catalog = load_catalog_for(args)
    if catalog.calendar is not None:
        calendar = calendar.overlay(catalog.calendar)
    try:
        due = calendar.add_working_days(start, args.days)
    except OverflowError:
        raise UsageError(f"{start.isoformat()} 之后第 {args.days} 个工作日已超出可表示的日期"
                         "范围（9999-12-31），请检查起算日期和工作日数") from None
    left = calendar.working_days_between(SYSTEM_CLOCK.today(), due.date)
    if args.json:
        print_json({"start": start.isoformat(), "workingDays": args.days,
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
