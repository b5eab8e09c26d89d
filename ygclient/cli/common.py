"""Pieces every command shares: exit codes, argument parsing in Chinese, tables, JSON input."""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from ygclient.catalog import Catalog, bundled_catalog, load_catalog
from ygclient.jsontext import JsonInputError, parse_json
from ygclient.oserror import os_reason
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


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            message = re.sub(pattern, replacement, message)
        self.exit(EXIT_USAGE, f"{self.prog}：用法错误：{message}（使用 --help 查看用法）\n")


def fail(message: str) -> None:
    print(f"ygclient：{message}", file=sys.stderr)


def data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(args.data_dir)


def load_catalog_for(args: argparse.Namespace) -> Catalog:
    """--catalog, else the catalog downloaded into the data folder, else the bundled demo."""
    if args.catalog:
        return load_catalog(args.catalog)
    downloaded = current_catalog_path(data_dir(args))
    if downloaded.is_file():
        return load_catalog(downloaded)
    return bundled_catalog()


def print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - display_width(text))


def print_table(rows: Sequence[Sequence[str]], out: TextIO, max_width: int = 40) -> None:
    # Every column but the last is clipped so that the last (a description) can run on.
    clipped = [[c if display_width(c) <= max_width or i == len(row) - 1
                else c[: max_width // 2 - 1] + "…" for i, c in enumerate(row)] for row in rows]
    widths = [max(display_width(row[i]) for row in clipped) for i in range(len(rows[0]))]
    for row in clipped:
        print("  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


def read_json_input(name: str) -> Any:
    """Read JSON from a file or ``-`` (stdin); unreadable input raises UsageError."""
    label = "标准输入" if name == "-" else f"文件 {name}"
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取{label}：{os_reason(exc)}") from None
    try:
        return parse_json(raw, label)
    except JsonInputError as exc:
        raise UsageError(str(exc)) from None


