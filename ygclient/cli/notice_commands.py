"""Verification notices (核查通知, art. 25-27): list them and answer them, offline.

Answers are queued like any other operation and go out with the next ``ygclient sync``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ygclient.cli.common import EXIT_OK, Parser, UsageError, data_dir, print_json, print_table
from ygclient.cli.record_commands import _records_from, _report_issues, open_store
from ygclient.evidence import MAX_OPINION_CHARS, EvidenceError, add_evidence
from ygclient.paths import attachments_dir
from ygclient.store.objections import ANSWER_KINDS, EXTENSIONS, RESULTS, NoticeView

URGENCY = {"overdue": "已逾期", "due_soon": "即将到期"}


def register(commands: Any) -> None:
    notices = commands.add_parser("notices", help="核查通知（异议核查）：列出、查看、答复")
    sub = notices.add_subparsers(dest="notices_command", metavar="ACTION", parser_class=Parser,
                                 required=True)

    listing = sub.add_parser("list", help="列出待答复和已答复的核查通知（最紧急的在前）")
    listing.add_argument("--all", action="store_true", help="也列出已办结的")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_command)

    show = sub.add_parser("show", help="查看一件核查通知：异议内容、材料、期限和答复")
    show.add_argument("case", metavar="CASE")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_command)

    answer = sub.add_parser(
        "answer", help="答复核查通知（联网同步时发送）",
        description="四种答复选一：--correct 有误并更正；--confirm 无误（附证明材料和意见）；"
                    "--extend 申请延期；--revoke 撤销记录。")
    answer.add_argument("case", metavar="CASE")
    kind = answer.add_mutually_exclusive_group(required=True)
    kind.add_argument("--correct", metavar="FILE|-",
                      help="有误：更正后的记录（JSON 对象），须同时用 --reason 说明变更原因")
    kind.add_argument("--confirm", action="store_true",
                      help="无误：须附 --evidence 证明材料和 --opinion 核查意见")
    kind.add_argument("--extend", action="store_true",
                      help="情况复杂，申请把期限延长到 20 个工作日（每件一次），须附 --reason")
    kind.add_argument("--revoke", action="store_true",
                      help="撤销该记录，须附 --reason 和 --basis")
    answer.add_argument("--evidence", nargs="+", metavar="FILE", default=[],
                        help="证明材料：PDF、JPEG 或 PNG，每个不超过 20 MB")
    answer.add_argument("--opinion", metavar="TEXT",
                        help=f"核查意见（至多 {MAX_OPINION_CHARS} 字）")
    answer.add_argument("--reason", metavar="TEXT", help="变更原因、延期理由或撤销原因")
    answer.add_argument("--basis", metavar="TEXT", help="撤销的法律依据")
    answer.add_argument("--json", action="store_true")
    answer.set_defaults(handler=answer_command)


def list_command(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        views = store.objections.inbox(include_closed=args.all)
    if args.json:
        print_json([v.to_json() for v in views], sys.stdout)
        return EXIT_OK
    if not views:
        print("没有核查通知")
        return EXIT_OK
    rows = [["通知编号", "状态", "收到日期", "答复期限", "剩余工作日", "主体名称", "记录"]]
    rows += [[v.case_id, _state(v), v.sent_on, _due(v), _left(v), v.subject_name, v.record_id]
             for v in views]
    print_table(rows, sys.stdout)
    return EXIT_OK


def show_command(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        view = store.objections.get(args.case)
    if args.json:
        print_json(view.to_json(), sys.stdout)
        return EXIT_OK
    lines = [
        f"核查通知 {view.case_id}：{_state(view)}",
        f"记录：{view.item_code} {view.subject_name} {view.document_number or ''}"
        f"（{view.record_id}{'' if view.record_state else '，本机没有这条记录'}）",
        f"异议内容：{view.content}",
        f"收到日期：{view.sent_on}　答复期限：{_due(view)}（{view.days} 个工作日）"
        f"　剩余：{_left(view)}",
    ]
    for material in view.materials:
        lines.append(f"申请人材料：{material.get('name')}（{int(material.get('size', 0)):,} 字节，"
                     f"{material.get('sha256', '')[:12]}…）")
    if view.extension:
        lines.append(f"延期：{EXTENSIONS.get(view.extension, view.extension)}"
                     + (f"（{view.extension_note}）" if view.extension_note else ""))
    if view.answer_kind:
        lines.append(f"答复：{ANSWER_KINDS.get(view.answer_kind, view.answer_kind)}")
    for problem in view.answer_problems:
        lines.append(f"中心未接受答复：{problem.get('message', problem)}")
    if view.result:
        lines.append(f"办结结果：{RESULTS.get(view.result, view.result)}"
                     + (f"（{view.result_note}）" if view.result_note else ""))
    print("\n".join(lines))
    return EXIT_OK


def answer_command(args: argparse.Namespace) -> int:
    _check_combination(args)
    with open_store(args) as store:
        if args.correct:
            raws, _ = _records_from(argparse.Namespace(file=args.correct))
            if len(raws) != 1:
                raise UsageError("更正时文件中应只有一条记录")
            saved = store.objections.correct(args.case, args.reason, raws[0])
            if not any(i.severity == "error" for i in saved.issues):
                store.submit([saved.record.id])
                message = "已提交更正（有误），联网同步时发送"
            else:
                _report_issues("更正后的记录", saved.issues)
                message = "更正已保存为变更草稿，但还有错误，改正后用 records submit 报送"
        elif args.confirm:
            folder = attachments_dir(data_dir(args))
            try:
                evidence = [add_evidence(folder, Path(name), store.key)
                            for name in args.evidence]
            except EvidenceError as exc:
                raise UsageError(str(exc)) from None
            store.objections.confirm(args.case, args.opinion or "", evidence)
            message = f"已提交无误答复（证明材料 {len(evidence)} 份），联网同步时发送"
        elif args.extend:
            store.objections.request_extension(args.case, args.reason or "")
            message = "已提交延期申请，联网同步时发送；中心批准后期限改为 20 个工作日"
        else:
            store.objections.revoke(args.case, args.reason or "", args.basis or "")
            message = "已提交撤销（答复核查通知），联网同步时发送"
        view = store.objections.get(args.case)
    if args.json:
        print_json(view.to_json(), sys.stdout)
    else:
        print(message)
    return EXIT_OK


def _check_combination(args: argparse.Namespace) -> None:
    """Say which option is missing before anything is read or written."""
    reason = (args.reason or "").strip()
    if args.correct and not reason:
        raise UsageError("更正须用 --reason 说明变更原因")
    if args.confirm:
        if not args.evidence:
            raise UsageError("无误答复须用 --evidence 附证明材料（决定书、复议决定书、判决书等）")
        if not (args.opinion or "").strip():
            raise UsageError("无误答复须用 --opinion 填写核查意见")
    if args.extend and not reason:
        raise UsageError("申请延期须用 --reason 说明理由")
    if args.revoke and (not reason or not (args.basis or "").strip()):
        raise UsageError("撤销须用 --reason 填写原因、用 --basis 填写法律依据")
    stray = [name for name, used, allowed in (
        ("--evidence", bool(args.evidence), args.confirm),
        ("--opinion", args.opinion is not None, args.confirm),
        ("--basis", args.basis is not None, args.revoke)) if used and not allowed]
    if stray:
        raise UsageError(f"{'、'.join(stray)} 不适用于这种答复")


def _state(view: NoticeView) -> str:
    text = view.state.label
    if view.urgency:
        text += f"（{URGENCY[view.urgency]}）"
    if view.extension in ("queued", "requested", "granted"):
        text += f"，{EXTENSIONS[view.extension]}"
    return text


def _due(view: NoticeView) -> str:
    return view.due + ("（预计）" if view.due_estimated else "")


def _left(view: NoticeView) -> str:
    if not view.owed:
        return "—"
    if view.urgency == "overdue":
        return f"已逾期 {-view.days_left} 个工作日" if view.days_left else "已逾期"
    return f"{view.days_left} 个工作日" if view.days_left else "今天到期"
