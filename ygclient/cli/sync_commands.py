"""Commands that talk to the central system: login, sync, logout, catalog pull."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from pathlib import Path
from typing import Any

from ygclient.cli.common import EXIT_OK, UsageError, data_dir, print_json
from ygclient.cli.record_commands import open_store
from ygclient.heap import settle
from ygclient.progress import Progress
from ygclient.sync import (
    AuthRequired,
    Credentials,
    Session,
    SyncEngine,
    SyncError,
    SyncSettings,
    SyncSummary,
    new_device_id,
)

EXIT_SYNC = 3  # the central system could not be reached or finished with; nothing was lost


def register(commands: Any) -> None:
    login = commands.add_parser("login", help="登录市信用信息系统（密码不会被保存）")
    login.add_argument("--server", required=True, metavar="URL", help="如 https://xyxx.example")
    login.add_argument("--agency", required=True, metavar="USCC", help="本单位的统一社会信用代码")
    login.add_argument("--user", dest="login_user", required=True, metavar="NAME")
    login.add_argument("--ca", metavar="FILE", help="单位提供的 CA 证书文件（PEM）")
    login.add_argument("--client-cert", metavar="FILE", help="客户端证书（双向 TLS）")
    login.add_argument("--client-key", metavar="FILE")
    login.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    login.set_defaults(handler=login_command)

    sync = commands.add_parser("sync", help="同步：下载目录、报送排队的记录、接收审核结果和通知")
    sync.add_argument("--json", action="store_true",
                      help="以 JSON 输出摘要"
                           "（sent、accepted、rejected、duplicates、conflicts、notices…）")
    sync.add_argument("--password-stdin", action="store_true",
                      help="需要登录时从标准输入读取密码（没有系统密钥环时使用）")
    sync.set_defaults(handler=sync_command)

    logout = commands.add_parser("logout", help="退出登录并删除保存的登录凭据")
    logout.set_defaults(handler=logout_command)


def _settings(args: argparse.Namespace) -> SyncSettings:
    settings = SyncSettings.load(data_dir(args))
    if settings is None:
        raise UsageError("还没有登录过：请先运行 ygclient login --server … --agency … --user …")
    return settings


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError("标准输入中没有密码")
        return line
    if sys.stdin.isatty():
        return getpass.getpass("密码：")
    raise UsageError("需要密码：请在终端中运行，或使用 --password-stdin")


def login_command(args: argparse.Namespace) -> int:
    folder = data_dir(args)
    previous = SyncSettings.load(folder)
    settings = SyncSettings(
        server=args.server.strip().rstrip("/"), agency=args.agency.strip().upper(),
        user=args.login_user.strip(),
        device=previous.device if previous else new_device_id(),
        ca_file=str(Path(args.ca).resolve()) if args.ca else None,
        client_cert=str(Path(args.client_cert).resolve()) if args.client_cert else None,
        client_key=str(Path(args.client_key).resolve()) if args.client_key else None)
    with settings.client() as client:
        session = Session(client, settings)
        answer = session.login(_password(args.password_stdin))
    settings.save(folder)
    agency = answer.get("agency") or {}
    name = agency.get("name", settings.agency)
    print(f"已登录：{name}（{settings.agency}），用户 {settings.user}")
    if not session.credentials.persistent:
        print("注意：本机没有可用的系统密钥环，登录状态不会保存；"
              "同步时请按提示输入密码，或使用 --password-stdin", file=sys.stderr)
    return EXIT_OK


def sync_command(args: argparse.Namespace) -> int:
    settings = _settings(args)
    progress = _terminal_progress if sys.stderr.isatty() and not args.json else None
    summary = run_sync(args, settings, progress=progress, password_stdin=args.password_stdin)
    if args.json:
        print_json(summary.to_dict(), sys.stdout)
    else:
        print(summary.describe())
        for note in summary.skipped[:10]:
            print(f"  提示：{note}", file=sys.stderr)
    return EXIT_OK


def run_sync(args: argparse.Namespace, settings: SyncSettings, *, progress: Any = None,
             password_stdin: bool = False, catalog_only: bool = False) -> SyncSummary:
    folder = data_dir(args)
    with settings.client() as client, open_store(args, actor=settings.user) as store:
        session = Session(client, settings, Credentials(settings))
        engine = SyncEngine(store, client, folder,
                            **({"progress": progress} if progress else {}))
        logged_in = False
        settle()  # the store, the catalog and the modules stay; the sync makes and drops
        try:
            if password_stdin and not session.credentials.load():
                session.login(_password(True))
                logged_in = True
            try:
                return _run(engine, catalog_only)
            except AuthRequired:
                if password_stdin and not logged_in:
                    # The kept session is dead; the password waiting on stdin revives it.
                    session.login(_password(True))
                elif password_stdin or not sys.stdin.isatty():
                    if not session.credentials.persistent:
                        raise AuthRequired(
                            "需要登录：本机没有系统密钥环，登录状态不能保存；"
                            "请用 --password-stdin 提供密码，或在终端中运行") from None
                    raise
                else:
                    print("登录已过期，请重新输入密码。", file=sys.stderr)
                    session.login(_password(False))
                logged_in = True
                return _run(engine, catalog_only)
        finally:
            if logged_in and not session.credentials.persistent:
                # Nowhere to keep the session: end it on the server rather than leave its
                # tokens valid until they expire.
                with contextlib.suppress(SyncError):
                    session.logout()


def _run(engine: SyncEngine, catalog_only: bool) -> SyncSummary:
    if catalog_only:
        summary = SyncSummary()
        engine.pull_catalog(summary)
        return summary
    return engine.run()


def catalog_pull_command(args: argparse.Namespace) -> int:
    summary = run_sync(args, _settings(args), catalog_only=True,
                       password_stdin=args.password_stdin)
    if summary.catalog_updated:
        print(f"已下载新目录：版本 {summary.catalog_version}")
    else:
        print(f"目录没有变化：版本 {summary.catalog_version}")
    return EXIT_OK


def logout_command(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with settings.client() as client:
        Session(client, settings).logout()
    print("已退出登录")
    return EXIT_OK


def _terminal_progress(progress: Progress) -> None:
    total = f"/{progress.total}" if progress.total is not None else ""
    end = "\n" if progress.total is not None and progress.done >= progress.total else ""
    print(f"\r{progress.label or progress.phase} {progress.done}{total}    ", end=end,
          file=sys.stderr, flush=True)

