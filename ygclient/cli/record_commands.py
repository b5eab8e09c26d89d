"""Commands over the local store: records, audit verify, backup and restore."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from ygclient.catalog import Catalog
from ygclient.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    Parser,
    UsageError,
    data_dir,
    fail,
    load_catalog_for,
    print_json,
    print_table,
    read_json_input,
)
from ygclient.paths import login_name
from ygclient.privacy import mask_id
from ygclient.store import RecordView, RevisionView, State, Store, keys

# Corrections start from these states; editing there means a 变更 (art. 11).
_CORRECTABLE = {State.ACCEPTED, State.RESOLVED, State.UNDER_OBJECTION}


def register(commands: Any) -> None:
    records = commands.add_parser("records", help="本地记录：列出、查看、新建、修改、报送、撤销")
    sub = records.add_subparsers(dest="records_command", metavar="ACTION", parser_class=Parser,
                                 required=True)

    listing = sub.add_parser("list", help="列出记录（最新的在前）")
    listing.add_argument("--state", choices=[s.value for s in State], action="append",
                         help="只列出此状态的记录（可重复）")
    listing.add_argument("--item", metavar="ITEM", help="只列出此条目的记录，如 CF")
    listing.add_argument("--search", metavar="TEXT", help="按主体名称、代码或文书号查找")
    listing.add_argument("--overdue", action="store_true", help="只列出已超过报送期限的记录")
    listing.add_argument("--limit", type=int, default=50, help="最多列出多少条（默认 50）")
    _unmask_arguments(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_command)

    show = sub.add_parser("show", help="查看一条记录的内容、版本历史和审核意见")
    show.add_argument("id", metavar="ID")
    _unmask_arguments(show)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_command)

    new = sub.add_parser("new", help="新建记录：校验通过为“待报送”，否则存为草稿")
    new.add_argument("--item", required=True, metavar="ITEM")
    new.add_argument("file", metavar="FILE|-", help="JSON 对象（一条记录）或数组（多条）")
    new.add_argument("--json", action="store_true")
    new.set_defaults(handler=new_command)

    edit = sub.add_parser("edit", help="修改记录；已采纳的记录修改即为变更，须填写原因")
    edit.add_argument("id", metavar="ID")
    edit.add_argument("file", metavar="FILE|-")
    edit.add_argument("--reason", metavar="TEXT", help="修改或变更原因")
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler=edit_command)

    submit = sub.add_parser("submit", help="提交报送（联网时由同步发送）")
    submit.add_argument("ids", nargs="*", metavar="ID")
    submit.add_argument("--all-ready", action="store_true", help="提交所有“待报送”的记录")
    submit.set_defaults(handler=submit_command)

    retract = sub.add_parser("retract",
                             help="撤销已采纳的记录（办法第十一条），须填写原因和法律依据")
    retract.add_argument("id", metavar="ID")
    retract.add_argument("--reason", required=True, metavar="TEXT")
    retract.add_argument("--basis", metavar="TEXT", help="法律依据，如撤销决定的文号")
    retract.set_defaults(handler=retract_command)

    changes = sub.add_parser("changes",
                             help="变更与撤销（办法第十一条）：原因、依据、报送期限、状态")
    changes.add_argument("--json", action="store_true")
    changes.set_defaults(handler=changes_command)

    audit = commands.add_parser("audit", help="审计记录")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=Parser,
                                     required=True)
    verify = audit_sub.add_parser("verify", help="核验审计链和每条记录是否被改动过")
    verify.set_defaults(handler=verify_command)

    backup = commands.add_parser(
        "backup", help="备份本地数据库：加密的副本，凭备份口令可在任何电脑上恢复")
    backup.add_argument("file", metavar="FILE")
    _passphrase_argument(backup, "备份口令")
    backup.set_defaults(handler=backup_command)

    restore = commands.add_parser(
        "restore", help="从备份恢复本地数据库（被替换的数据库保留在 backups 文件夹中）")
    restore.add_argument("file", metavar="FILE")
    _passphrase_argument(restore, "备份口令")
    restore.add_argument("--force", action="store_true",
                         help="本地已有记录时也恢复（替换全部本地数据）")
    restore.set_defaults(handler=restore_command)


def _passphrase_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--passphrase-env", metavar="VAR",
                        help=f"从环境变量 VAR 读取{what}（不给则在终端中询问）")


def _unmask_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unmask", action="store_true",
                        help="显示完整的证件号码（会记入审计记录）")
    parser.add_argument("--unmask-reason", "--reason", metavar="TEXT", dest="unmask_reason",
                        help="显示完整证件号码的原因（与 --unmask 同用，必填，记入审计记录）")


def open_store(args: argparse.Namespace, catalog: Catalog | None = None, *,
               actor: str | None = None) -> Store:
    folder = data_dir(args)
    actor = args.user or actor or os.environ.get("YGCLIENT_USER") or login_name()
    url = args.db_url or os.environ.get("YGCLIENT_DB_URL")
    passphrase = None if url else database_passphrase(folder)
    return Store.open(folder, catalog or load_catalog_for(args), actor=actor, url=url,
                      passphrase=passphrase)


def database_passphrase(folder: Path) -> str | None:
    """The passphrase of the data folder's key, asked in the terminal when one is needed
    and neither the keyring nor YGCLIENT_PASSPHRASE provides it."""
    need = keys.passphrase_needed(folder)
    if need is None or os.environ.get(keys.PASSPHRASE_ENV) or not sys.stdin.isatty():
        return None  # the store says what is missing, if anything
    if need == "existing":
        return getpass.getpass("本机数据已加密，请输入口令：")
    print("本机没有系统密钥库，本地数据将用口令加密。请设定口令（至少 "
          f"{keys.MIN_PASSPHRASE} 个字符）；以后每次启动都要输入，遗失则数据无法恢复。",
          file=sys.stderr)
    return _new_passphrase("口令")


def _new_passphrase(what: str) -> str:
    first = getpass.getpass(f"设定{what}：")
    keys.check_new_passphrase(first)
    if getpass.getpass(f"再输入一次{what}：") != first:
        raise UsageError(f"两次输入的{what}不一致")
    return first


def _passphrase_from(args: argparse.Namespace, *, new: bool) -> str | None:
    """--passphrase-env VAR, else asked in the terminal; None when neither is possible."""
    if args.passphrase_env:
        value = os.environ.get(args.passphrase_env)
        if not value:
            raise UsageError(f"环境变量 {args.passphrase_env} 未设置或为空")
        return value
    if not sys.stdin.isatty():
        return None
    return _new_passphrase("备份口令") if new else getpass.getpass("备份口令：")


def _unmask(store: Store, args: argparse.Namespace, count: int) -> bool:
    if not args.unmask:
        return False
    store.audit_event("unmask", reason=unmask_reason(args),
                      detail={"command": args.records_command, "records": count})
    return True


def unmask_reason(args: argparse.Namespace) -> str:
    """The reason an unmask must give (audited with who and when); UsageError without one."""
    reason = (args.unmask_reason or "").strip()
    if not reason:
        raise UsageError("显示完整证件号码须说明原因：请加 --reason TEXT（会记入审计记录）")
    return reason


# --- list and show ------------------------------------------------------------------------

_DEADLINE = {"overdue": "已逾期", "due_soon": "即将到期"}


def list_command(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit 应为正整数")
    with open_store(args) as store:
        states = [State(s) for s in args.state] if args.state else None
        page = store.list_records(states=states, item=args.item, search=args.search,
                                  overdue=args.overdue, limit=args.limit)
        unmask = _unmask(store, args, len(page.rows))
    if args.json:
        print_json([row.to_json(unmask=unmask) for row in page.rows], sys.stdout)
        return EXIT_OK
    rows = [("ID", "条目", "状态", "版本", "主体名称", "主体代码", "文书号", "报送期限")]
    for view in page.rows:
        due = view.reporting_due or ""
        if due and view.reporting_due_estimated:
            due += "（预计）"
        if view.deadline:
            due += f" {_DEADLINE[view.deadline]}"
        rows.append((view.id, view.item_code, view.state.label, str(view.revision_number),
                     view.subject_name, view.shown_subject_code(unmask=unmask),
                     view.document_number or "", due))
    print_table(rows, sys.stdout)
    more = "；还有更多，请用 --limit 或筛选条件" if page.next_cursor is not None else ""
    print(f"共列出 {len(page.rows)} 条{more}")
    return EXIT_OK


def show_command(args: argparse.Namespace) -> int:
    catalog = load_catalog_for(args)
    with open_store(args, catalog) as store:
        view = store.get(args.id)
        history = store.revision_history(args.id)
        unmask = _unmask(store, args, 1)
    sensitive = _sensitive_fields(catalog, view.item_code)
    if args.json:
        print_json(view.to_json(unmask=unmask) | {"revisions": [
            _revision_json(r, sensitive, unmask) | {"sent": _sent(view, r)} for r in history]},
            sys.stdout)
        return EXIT_OK
    _print_record(catalog, view, history, sensitive, unmask, sys.stdout)
    return EXIT_OK


def _sensitive_fields(catalog: Catalog, item_code: str) -> set[str]:
    try:
        item = catalog.item(item_code)
    except LookupError:
        return set()
    return {f.name for f in item.fields if f.type in ("cn_id", "id_document")}


def _masked(payload: dict[str, Any], sensitive: set[str], unmask: bool) -> dict[str, Any]:
    if unmask:
        return payload
    return {k: mask_id(v) if k in sensitive and isinstance(v, str) else v
            for k, v in payload.items()}


def _revision_json(rev: RevisionView, sensitive: set[str], unmask: bool) -> dict[str, Any]:
    return {"id": rev.id, "number": rev.number, "kind": rev.kind,
            "replaces_revision_id": rev.replaces_revision_id,
            "catalog_version": rev.catalog_version, "reason": rev.reason,
            "legal_basis": rev.legal_basis, "created_at": rev.created_at,
            "created_by": rev.created_by, "payload": _masked(rev.payload, sensitive, unmask)}


def _sent(view: RecordView, rev: RevisionView) -> bool:
    """Frozen (submitted), and not the revision the record still waits in the queue with."""
    return rev.frozen_at is not None and not (
        view.state == State.QUEUED and rev.id == view.current_revision_id)


_KINDS = {"create": "新增", "correction": "变更", "retraction": "撤销"}


def _print_record(catalog: Catalog, view: RecordView, history: list[RevisionView],
                  sensitive: set[str], unmask: bool, out: TextIO) -> None:
    print(f"记录 {view.id}", file=out)
    print(f"  条目：{view.item_code}  状态：{view.state.label}  "
          f"当前版本：第 {view.revision_number} 版  目录版本：{view.catalog_version}", file=out)
    print(f"  主体：{view.subject_name}  {view.shown_subject_code(unmask=unmask)}", file=out)
    if view.reporting_due:
        estimated = "（预计）" if view.reporting_due_estimated else ""
        flag = f"，{_DEADLINE[view.deadline]}" if view.deadline else ""
        print(f"  报送期限：{view.reporting_due}{estimated}{flag}", file=out)
    if view.disclosure_end:
        print(f"  公示截止：{view.disclosure_end}", file=out)
    for reason in view.server_reasons:
        print(f"  退回意见：{reason.get('message', reason)}", file=out)
    current = next(r for r in history if r.id == view.current_revision_id)
    try:
        titles = {f.name: f.title for f in catalog.item(view.item_code).fields}
    except LookupError:
        titles = {}
    payload = _masked(current.payload, sensitive, unmask)
    # The catalog's field order, then anything a newer or older catalog had.
    order = [k for k in titles if k in payload] + [k for k in payload if k not in titles]
    print("  内容：", file=out)
    for key in order:
        value = payload[key]
        shown = "；".join(value) if isinstance(value, list) else value
        print(f"    {titles.get(key, key)}：{shown}", file=out)
    print("  版本历史：", file=out)
    for rev in history:
        sent = "已报送" if _sent(view, rev) else "待发送" if rev.frozen_at else "未报送"
        note = f"  原因：{rev.reason}" if rev.reason else ""
        basis = f"  依据：{rev.legal_basis}" if rev.legal_basis else ""
        print(f"    第 {rev.number} 版 {_KINDS.get(rev.kind, rev.kind)} {rev.created_at} "
              f"{rev.created_by} {sent}{note}{basis}", file=out)


# --- new, edit, submit, retract ---------------------------------------------------------------

def _records_from(args: argparse.Namespace) -> tuple[list[dict[str, Any]], bool]:
    """The records in FILE, and whether FILE held an array."""
    data = read_json_input(args.file)
    records = data if isinstance(data, list) else [data]
    if not records or not all(isinstance(r, dict) for r in records):
        raise UsageError("记录文件的内容应为 JSON 对象（一条记录）或对象数组（多条记录）")
    return records, isinstance(data, list)


def _report_issues(label: str, issues: tuple[Any, ...]) -> None:
    for issue in issues:
        level = "错误" if issue.severity == "error" else "警告"
        print(f"  {label}{level}：{issue.message}", file=sys.stderr)


def new_command(args: argparse.Namespace) -> int:
    raws, many = _records_from(args)
    catalog = load_catalog_for(args)
    catalog.item(args.item)  # an unknown item fails before the database is touched
    results = []
    with open_store(args, catalog) as store:
        for number, raw in enumerate(raws, start=1):
            saved = store.create(args.item, raw)
            results.append(saved)
            if not args.json:
                print(saved.record.id)
                _report_issues(f"第 {number} 条记录" if many else "", saved.issues)
    if args.json:
        out = [{"id": r.record.id, "state": r.record.state.value,
                "issues": [i.to_dict() for i in r.issues]} for r in results]
        print_json(out if many else out[0], sys.stdout)
    else:
        drafts = sum(r.record.state == State.DRAFT for r in results)
        summary = (f"已保存 {len(results)} 条：{len(results) - drafts} 条待报送，"
                   f"{drafts} 条草稿（有错误，请修改后再报送）") if drafts \
            else f"已保存 {len(results)} 条，均为待报送"
        print(summary, file=sys.stderr)
    return EXIT_OK


def edit_command(args: argparse.Namespace) -> int:
    raws, _ = _records_from(args)
    if len(raws) != 1:
        raise UsageError("修改时文件中应只有一条记录")
    with open_store(args) as store:
        view = store.get(args.id)
        if view.state in _CORRECTABLE:
            if not (args.reason or "").strip():
                raise UsageError("这条记录已被采纳，修改即为变更（办法第十一条），"
                                 "请用 --reason 说明原因")
            saved = store.start_correction(args.id, args.reason, raws[0])
        else:
            saved = store.edit(args.id, raws[0], reason=args.reason)
    if args.json:
        print_json({"id": saved.record.id, "state": saved.record.state.value,
                    "revision": saved.record.revision_number,
                    "issues": [i.to_dict() for i in saved.issues]}, sys.stdout)
    else:
        print(f"已保存：{saved.record.state.label}，第 {saved.record.revision_number} 版")
        _report_issues("", saved.issues)
    return EXIT_OK


def submit_command(args: argparse.Namespace) -> int:
    if bool(args.ids) == bool(args.all_ready):
        raise UsageError("请给出记录 ID，或使用 --all-ready（二者选一）")
    with open_store(args) as store:
        ids = list(args.ids)
        if args.all_ready:
            ids = []
            before = None
            while True:
                page = store.list_records(states=[State.READY], before=before, limit=500)
                ids += [r.id for r in page.rows]
                if page.next_cursor is None:
                    break
                before = page.next_cursor
        if not ids:
            print("没有待报送的记录")
            return EXIT_OK
        done = store.submit(ids)
    print(f"已提交 {len(done)} 条，联网同步时发送")
    return EXIT_OK


def retract_command(args: argparse.Namespace) -> int:
    if not (args.basis or "").strip():
        raise UsageError("撤销须填写法律依据，请用 --basis 给出"
                         "（如撤销决定书的文号或所依据的条款）")
    with open_store(args) as store:
        view = store.start_retraction(args.id, args.reason, args.basis)
        store.submit([view.id])
    print(f"已提交撤销：{view.id}，联网同步时发送")
    return EXIT_OK


def changes_command(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        changes = store.changes()
    if args.json:
        print_json([c.to_json() for c in changes], sys.stdout)
        return EXIT_OK
    if not changes:
        print("没有变更或撤销")
        return EXIT_OK
    rows = [["类型", "状态", "报送期限", "记录", "主体名称", "原因", "依据"]]
    for change in changes:
        due = (change.due or "—") + ("（预计）" if change.due_estimated else "") \
            + ("（已逾期）" if change.overdue else "")
        rows.append(["变更" if change.kind == "correction" else "撤销", change.status_label, due,
                     change.record_id, change.subject_name, change.reason or "",
                     change.legal_basis or ""])
    print_table(rows, sys.stdout)
    return EXIT_OK


# --- audit and backup ---------------------------------------------------------------------------

def verify_command(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = store.verify_audit()
    if report.ok:
        print(f"审计链完整：{report.entries} 条审计记录，{report.records} 条记录均与审计记录相符")
        return EXIT_OK
    where = f"（第一处问题在第 {report.first_broken_seq} 条审计记录）" \
        if report.first_broken_seq else ""
    fail(f"审计核验未通过{where}：")
    for problem in report.problems[:20]:
        print(f"  {problem}", file=sys.stderr)
    if len(report.problems) > 20:
        print(f"  ……共 {len(report.problems)} 处问题", file=sys.stderr)
    return EXIT_INVALID


def backup_command(args: argparse.Namespace) -> int:
    target = Path(args.file)
    if target.exists():
        raise UsageError(f"文件 {target} 已存在；为免覆盖，请换一个文件名")
    passphrase = _passphrase_from(args, new=True)
    if passphrase is None:
        raise UsageError("备份须用口令加密：请用 --passphrase-env VAR 提供，"
                         "或在终端中运行以输入口令")
    with open_store(args) as store:
        path = store.backup(target, passphrase=passphrase)
    print(f"已备份到 {path}（已用备份口令加密；恢复时需要该口令：ygclient restore {path}）")
    return EXIT_OK


def restore_command(args: argparse.Namespace) -> int:
    if args.db_url or os.environ.get("YGCLIENT_DB_URL"):
        raise UsageError("restore 只恢复数据文件夹中的本机数据库；共用的 PostgreSQL 数据库请用 "
                         "pg_restore")
    source = Path(args.file)
    folder = data_dir(args)
    key = keys.database_key(folder, database_passphrase(folder))
    try:  # a backup under this folder's data key (backups/) needs no passphrase
        passphrase = _passphrase_from(args, new=False) if args.passphrase_env else None
        kept = Store.restore(folder, source, passphrase=passphrase, key=key, force=args.force)
    except keys.PassphraseRequired:
        passphrase = _passphrase_from(args, new=False)
        if passphrase is None:
            raise
        kept = Store.restore(folder, source, passphrase=passphrase, key=key, force=args.force)
    with open_store(args) as store:  # upgrades an older backup, checks everything
        report = store.verify_audit()
        store.audit_event("restore", detail={"file": str(source),
                                             "replaced": str(kept) if kept else None})
    print(f"已从 {source} 恢复：{report.records} 条记录")
    if kept:
        print(f"被替换的数据库保留在 {kept}")
    if not report.ok:
        fail("注意：恢复的数据库审计核验未通过，请运行 ygclient audit verify 查看")
        return EXIT_INVALID
    return EXIT_OK
