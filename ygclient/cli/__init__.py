"""The ``ygclient`` command line: a thin face over the core functions.

Exit codes: 0 success; 1 a record is invalid or the operation is refused (state, checks);
2 usage, file, catalog or database errors; 3 the central system could not be reached or
refused the session (nothing is lost; try again); 70 an internal error (logged, never shown
as a traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from ygclient import __version__
from ygclient.paths import login_name, resolve_data_dir

if TYPE_CHECKING:
    from ygclient.catalog import Catalog

# The command modules, and with them the store, the sync client and the catalog, are imported
# by build_parser() and when an error is reported: the desktop app (no command, or ``gui``)
# starts without them and shows its window first (see ygclient.ui.app).


def build_parser() -> argparse.ArgumentParser:
    from ygclient.cli import (
        catalog_commands,
        notice_commands,
        record_commands,
        self_check,
        sheet_commands,
        sync_commands,
    )
    from ygclient.cli.common import Parser

    parser = Parser(
        prog="ygclient",
        description="阳江市公共信用信息报送客户端（ygclient）",
        epilog="退出码：0 成功；1 记录无效或操作被拒绝；2 用法、文件、目录或数据库错误。",
    )
    parser.add_argument("--version", action="version", version=f"ygclient {__version__}")
    _global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    catalog_commands.register(commands)
    record_commands.register(commands)
    sync_commands.register(commands)
    sheet_commands.register(commands)
    notice_commands.register(commands)
    self_check.register(commands)
    gui = commands.add_parser("gui", help="打开桌面程序（不带命令时也是如此）")
    gui.set_defaults(handler=gui_command)
    demo = commands.add_parser("demo", help="演示：连接内置的本机 ygcentral，使用临时数据文件夹")
    demo.set_defaults(handler=demo_command)
    return parser


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="数据文件夹（默认取环境变量 YGCLIENT_HOME，否则为系统用户数据目录）")
    parser.add_argument("--catalog", metavar="FILE",
                        help="使用指定的目录文件（默认：已下载的目录，未下载时用内置演示目录）")
    parser.add_argument("--db-url", metavar="URL",
                        help="数据库地址（默认为数据文件夹中的 SQLite 文件；多人共用时可用 "
                             "postgresql+psycopg://…；也可用环境变量 YGCLIENT_DB_URL）")
    parser.add_argument("--user", metavar="NAME",
                        help="记入审计记录的操作人"
                             "（默认取环境变量 YGCLIENT_USER，否则为系统登录名）")


class _NotOnlyGui(Exception):
    pass


class _GuiParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotOnlyGui(message)


def gui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when all they ask is the desktop app (no command, or ``gui``, with the
    global options), parsed without building the full parser — which imports every command
    and with them the store and the catalog; None for anything else (help and mistakes
    included), which the full parser then handles as always."""
    parser = _GuiParser(prog="ygclient", add_help=False)
    _global_options(parser)
    # The same shape as build_parser()'s, so that the same arguments mean the same.
    commands = parser.add_subparsers(dest="command", parser_class=_GuiParser)
    commands.add_parser("gui", add_help=False)
    try:
        args = parser.parse_args(list(argv))
    except _NotOnlyGui:
        return None
    args.handler = gui_command
    return args


def gui_command(args: argparse.Namespace) -> int:
    """The desktop app. The catalog is loaded by run_gui once the window is on screen."""
    try:
        from ygclient.ui.app import run_gui
    except ImportError as exc:  # Qt libraries missing on this machine
        from ygclient.cli.common import UsageError

        raise UsageError(f"无法启动图形界面：{exc}；请安装 Qt 运行库"
                         "（Debian：sudo apt install libegl1 libgl1 libxkbcommon0 libfontconfig1）"
                         ) from None
    import os

    def catalog() -> Catalog:
        from ygclient.cli.common import load_catalog_for

        return load_catalog_for(args)

    actor = args.user or os.environ.get("YGCLIENT_USER") or login_name()
    return run_gui(resolve_data_dir(args.data_dir), catalog, actor=actor,
                   url=args.db_url or os.environ.get("YGCLIENT_DB_URL"))


def demo_command(args: argparse.Namespace) -> int:
    from ygclient.ui.demo import run_demo

    return run_demo()


def main(argv: Sequence[str] | None = None) -> int:
    args = gui_arguments(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return gui_command(args)
        return int(args.handler(args))
    except KeyboardInterrupt:
        from ygclient.cli.common import EXIT_INTERRUPTED, fail

        fail("已中断")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        return _failed(args, exc)


def _failed(args: argparse.Namespace, exc: Exception) -> int:
    """The exit code for ``exc``, having said what went wrong (never a traceback)."""
    from ygclient.catalog import CatalogError, UnknownItemError
    from ygclient.cli import sync_commands
    from ygclient.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, fail
    from ygclient.store import (
        FrozenRevisionError,
        StoreError,
        TransitionError,
        ValidationFailedError,
    )
    from ygclient.sync import SyncError

    if isinstance(exc, TransitionError | ValidationFailedError | FrozenRevisionError):
        fail(str(exc))
        return EXIT_INVALID
    if isinstance(exc, SyncError):
        fail(str(exc))
        return sync_commands.EXIT_SYNC
    if isinstance(exc, UsageError | CatalogError | UnknownItemError | StoreError):
        fail(str(exc))
        return EXIT_USAGE
    if isinstance(exc, BrokenPipeError):
        return EXIT_OK  # `ygclient ... | head` closed the pipe: not an error
    return _internal_error(args, exc)


def _internal_error(args: argparse.Namespace, exc: BaseException) -> int:
    from ygclient.cli.common import EXIT_INTERNAL, fail

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
    fail(f"内部错误（{type(exc).__name__}），操作未完成{where}。请把该文件发给系统维护人员。")
    return EXIT_INTERNAL
