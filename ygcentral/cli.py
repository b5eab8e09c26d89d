"""``ygcentral``: run the reference central server, and act as the credit centre (admin).

Exit codes: 0 done; 1 refused (e.g. the record is not awaiting review, the case is not at a
stage that allows the act); 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ygcentral import __version__
from ygcentral.service import CASE_RESULTS, CASE_STATE_LABELS, Central, ProblemError, Refused
from ygclient.cli.common import print_json
from ygclient.heap import settle

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def default_data_dir() -> Path:
    if os.environ.get("YGCENTRAL_HOME"):
        return Path(os.environ["YGCENTRAL_HOME"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("ygcentral", appauthor=False))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ygcentral",
                                     description="阳江市信用信息系统（参考实现）：服务端与管理命令")
    parser.add_argument("--version", action="version", version=f"ygcentral {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="数据文件夹（默认取 YGCENTRAL_HOME，否则为系统用户数据目录）")
    parser.add_argument("--db", metavar="URL",
                        help="数据库地址（默认为数据文件夹中的 SQLite 文件）")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="运行服务端")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    tls = serve.add_mutually_exclusive_group()
    tls.add_argument("--dev-tls", action="store_true",
                     help="在数据文件夹中生成开发用 CA 和服务器证书，并打印 CA 文件路径")
    tls.add_argument("--tls-cert", metavar="FILE")
    serve.add_argument("--tls-key", metavar="FILE")
    serve.add_argument("--auto-review", action="store_true",
                       help="收到即采纳（演示和性能测试用；正式审核用 admin review）")
    serve.add_argument("--access-ttl", type=int, default=900, help="访问令牌有效秒数")
    serve.set_defaults(handler=_serve)

    admin = commands.add_parser("admin", help="市信用中心的管理操作")
    sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    agency = sub.add_parser("create-agency", help="登记信用信息提供单位")
    agency.add_argument("--code", required=True, metavar="USCC")
    agency.add_argument("--name", required=True)
    user = sub.add_parser("create-user", help="为单位创建用户；密码从标准输入读取")
    user.add_argument("--agency", required=True, metavar="USCC")
    user.add_argument("--user", required=True, metavar="NAME")
    publish = sub.add_parser("publish-catalog", help="发布信用信息目录")
    publish.add_argument("file", metavar="FILE")
    listing = sub.add_parser("records", help="列出收到的记录")
    listing.add_argument("--agency", metavar="USCC")
    listing.add_argument("--json", action="store_true")
    review = sub.add_parser("review", help="审核一条已报送的记录")
    review.add_argument("record", metavar="RECORD")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true")
    decision.add_argument("--reject", action="store_true")
    review.add_argument("--reason", action="append", default=[], metavar="TEXT",
                        help="退回理由（可重复）")
    revoke = sub.add_parser("revoke-device",
                            help="停用一台设备（如丢失的笔记本电脑）：令牌全部失效，不能再登录")
    revoke.add_argument("device", metavar="DEVICE", nargs="?",
                        help="设备标识（admin devices 可查）")
    revoke.add_argument("--agency", metavar="USCC", help="与 --user 同用：停用该用户的所有设备")
    revoke.add_argument("--user", metavar="NAME")
    devices = sub.add_parser("devices", help="列出登录过的设备（最近使用的在前）")
    devices.add_argument("--agency", metavar="USCC")
    devices.add_argument("--json", action="store_true")
    alerts = sub.add_parser("audit-alerts", help="列出审计链异常（客户端本地记录可能被改写）")
    alerts.add_argument("--json", action="store_true")
    _objection_parser(sub)
    admin.set_defaults(handler=_admin)
    return parser


def _objection_parser(sub: Any) -> None:
    objection = sub.add_parser("objection", help="异议案件（办法第二十三至二十七条）")
    cmd = objection.add_subparsers(dest="objection_command", metavar="ACTION", required=True)
    file = cmd.add_parser("file", help="登记异议申请")
    file.add_argument("--record", required=True, metavar="ID", help="被提出异议的记录")
    file.add_argument("--content", required=True, metavar="TEXT", help="异议内容")
    file.add_argument("--applicant", metavar="NAME", help="申请人")
    file.add_argument("--material", nargs="+", action="extend", default=[], metavar="FILE",
                      help="证明材料（PDF、JPEG 或 PNG，每个不超过 20 MB）")
    file.add_argument("--refer", action="store_true", help="登记后立即向提供单位发出核查通知")
    listing = cmd.add_parser("list", help="列出未办结的案件，最紧急的在前")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--all", action="store_true", help="包括已办结的案件")
    accept = cmd.add_parser("accept", help="受理（第二十四条）")
    accept.add_argument("case", metavar="CASE")
    materials = cmd.add_parser("request-materials", help="一次性告知申请人补正材料（第二十四条）")
    materials.add_argument("case", metavar="CASE")
    materials.add_argument("--note", required=True, metavar="TEXT", help="需要补正的材料")
    refer = cmd.add_parser("refer", help="向提供单位发出核查通知（第二十五条）")
    refer.add_argument("case", metavar="CASE")
    extension = cmd.add_parser("extension", help="决定提供单位的延期申请（第二十六条）")
    extension.add_argument("case", metavar="CASE")
    decision = extension.add_mutually_exclusive_group(required=True)
    decision.add_argument("--grant", action="store_true", help="批准：期限延长至 20 个工作日")
    decision.add_argument("--deny", action="store_true", help="不批准（须用 --note 说明理由）")
    extension.add_argument("--note", metavar="TEXT")
    close = cmd.add_parser("close", help="办结（第二十七条）")
    close.add_argument("case", metavar="CASE")
    close.add_argument("--result", required=True, choices=CASE_RESULTS,
                       help="corrected 已更正 | maintained 维持 | revoked 已撤销")
    close.add_argument("--note", metavar="TEXT")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (ValueError, ProblemError, OSError) as exc:
        print(f"ygcentral：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    return f"sqlite:///{_data_dir(args) / 'ygcentral.sqlite3'}"


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ygcentral.app import create_app

    ssl: dict[str, Any] = {}
    scheme = "http"
    if args.dev_tls:
        from ygcentral.tls import ensure_dev_tls

        tls = ensure_dev_tls(_data_dir(args) / "tls", hosts=("localhost", "127.0.0.1",
                                                             args.host))
        ssl = {"ssl_certfile": str(tls.cert_file), "ssl_keyfile": str(tls.key_file)}
        print(f"开发用 CA 证书：{tls.ca_file}", flush=True)
        scheme = "https"
    elif args.tls_cert:
        if not args.tls_key:
            raise ValueError("--tls-cert 须与 --tls-key 一起使用")
        ssl = {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
        scheme = "https"
    central = Central.open(_url(args), auto_review=args.auto_review, access_ttl=args.access_ttl)
    print(f"ygcentral {__version__} 监听 {scheme}://{args.host}:{args.port}", flush=True)
    app = create_app(central)
    central.warm_up()
    settle()  # the modules, the app, its routes and the catalog live as long as the server
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                access_log=False, timeout_graceful_shutdown=5, **ssl)
    central.close()
    return EXIT_OK


def _admin(args: argparse.Namespace) -> int:
    central = Central.open(_url(args))
    try:
        return _admin_command(central, args)
    finally:
        central.close()


def _admin_command(central: Central, args: argparse.Namespace) -> int:
    command = args.admin_command
    if command == "create-agency":
        central.create_agency(args.code, args.name)
        print(f"已登记单位 {args.code.strip().upper()}")
    elif command == "create-user":
        central.create_user(args.agency, args.user, _read_password())
        print(f"已创建用户 {args.user}")
    elif command == "publish-catalog":
        version = central.publish_catalog(Path(args.file).read_bytes())
        print(f"已发布目录版本 {version}")
    elif command == "records":
        rows = central.list_records(args.agency)
        if args.json:
            print_json(rows, sys.stdout)
        else:
            for row in rows:
                print(f"{row['id']}  {row['agency']}  {row['item']}  {row['state']}  "
                      f"第 {row['revision']} 版  {row['subject_name']}")
            print(f"共 {len(rows)} 条")
    elif command == "review":
        try:
            state = central.review(args.record, args.accept, args.reason)
        except ValueError as exc:
            print(f"ygcentral：{exc}", file=sys.stderr)
            return EXIT_REFUSED
        print(f"记录 {args.record} 审核完毕：{state}")
    elif command == "revoke-device":
        return _revoke(central, args)
    elif command == "devices":
        found = central.list_devices(args.agency)
        if args.json:
            print_json(found, sys.stdout)
        else:
            for row in found:
                state = "已停用" if row["revoked"] else "有效"
                print(f"{row['device']}  {row['agency']}  {row['user']}  "
                      f"最近使用 {row['last_seen'] or '—'}  {state}")
            print(f"共 {len(found)} 台设备")
    elif command == "audit-alerts":
        alerts = central.audit_alerts()
        if args.json:
            print_json(alerts, sys.stdout)
        else:
            for alert in alerts:
                print(f"{alert['at']}  {alert['agency']}  设备 {alert['device']}  "
                      f"{alert['detail']}")
            print(f"共 {len(alerts)} 条")
    elif command == "objection":
        try:
            _objection(central, args)
        except Refused as exc:
            print(f"ygcentral：{exc}", file=sys.stderr)
            return EXIT_REFUSED
    return EXIT_OK


def _revoke(central: Central, args: argparse.Namespace) -> int:
    if bool(args.device) == bool(args.agency or args.user):
        print("ygcentral：请给出设备标识 DEVICE，或用 --agency 和 --user 指定用户（二者选一）",
              file=sys.stderr)
        return EXIT_USAGE
    if args.device:
        if not central.revoke_device(args.device):
            print(f"ygcentral：没有设备 {args.device}（admin devices 可列出设备）",
                  file=sys.stderr)
            return EXIT_REFUSED
        print(f"已停用设备 {args.device}：其令牌全部失效，该设备不能再登录")
        return EXIT_OK
    if not (args.agency and args.user):
        print("ygcentral：--agency 和 --user 须同时给出", file=sys.stderr)
        return EXIT_USAGE
    revoked = central.revoke_user_devices(args.agency.strip().upper(), args.user)
    if not revoked:
        print(f"ygcentral：用户 {args.user} 没有有效的设备", file=sys.stderr)
        return EXIT_REFUSED
    print(f"已停用用户 {args.user} 的 {len(revoked)} 台设备：{'，'.join(revoked)}")
    return EXIT_OK


STAGE_LABELS = {"accept": "受理", "materials": "等待申请人补正材料", "verify": "核查",
                "provider": "提供单位核查反馈", "reply": "反馈申请人", "closed": "已办结"}
RESULT_LABELS = {"corrected": "已更正", "maintained": "维持原状", "revoked": "已撤销"}


def _objection(central: Central, args: argparse.Namespace) -> None:
    command, case = args.objection_command, str(getattr(args, "case", ""))
    if command == "file":
        case = central.file_objection(args.record, args.content, applicant=args.applicant,
                                      materials=[Path(m) for m in args.material])
        print(f"已登记异议 {case}")
        if args.refer:
            _print_notice(central.refer_case(case))
    elif command == "list":
        rows = central.list_cases(include_closed=args.all)
        if args.json:
            print_json(rows, sys.stdout)
            return
        for row in rows:
            due = f"期限 {row['stage_due'] or '—'}"
            if row["stage_due"] and row["due_estimated"]:
                due += "（预计）"
            if row["closed_on"]:
                due = f"办结于 {row['closed_on']}"
            stage = STAGE_LABELS[row["stage"]]
            if row["stage"] == "closed":
                stage += f"：{RESULT_LABELS[row['result']]}"
            elif row["stage"] == "provider":
                stage += f"（{row['days']} 个工作日"
                stage += {"requested": "，申请延期待决定", "granted": "，已延期",
                          "denied": "，延期未获批准"}.get(row["extension"] or "", "")
                stage += "）"
            print(f"{row['case']}  {'已超期 ' if row['overdue'] else ''}{stage}  {due}  "
                  f"{row['agency']}  {row['item']} {row['subject_name']}  记录 {row['record']}")
        print(f"共 {len(rows)} 件")
    elif command == "accept":
        central.accept_case(case)
        print(f"已受理案件 {case}")
    elif command == "request-materials":
        central.request_materials(case, args.note)
        print(f"已告知申请人补正材料（案件 {case}）")
    elif command == "refer":
        _print_notice(central.refer_case(case))
    elif command == "extension":
        _print_notice(central.decide_extension(case, args.grant, args.note))
    elif command == "close":
        central.close_case(case, args.result, args.note)
        print(f"案件 {case} 已办结：{RESULT_LABELS[args.result]}")


def _print_notice(notice: dict[str, Any]) -> None:
    estimated = "（预计）" if notice["due_estimated"] else ""
    extension = {"granted": "，已批准延期", "denied": "，延期未获批准"}.get(
        notice["extension"] or "", "")
    print(f"案件 {notice['case_id']}：已向提供单位发出核查通知（{notice['sent_on']}），"
          f"{notice['days']} 个工作日内反馈，期限 {notice['due']}{estimated}{extension}；"
          f"状态：{CASE_STATE_LABELS[notice['state']]}")


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("密码：")
        if getpass.getpass("再输入一次：") != first:
            raise ValueError("两次输入的密码不一致")
        return first
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise ValueError("标准输入中没有密码")
    return line


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
