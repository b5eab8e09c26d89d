"""Names and helpers shared by the template writer, the importer, the report and the export."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ygclient.catalog import Field
from ygclient.catalog.textnorm import fold_name

DATA_SHEET = "数据"
HELP_SHEET = "填写说明"
CODES_SHEET = "代码表"
META_SHEET = "_ygclient"
TEMPLATE_FORMAT = "ygclient-template/1"
REQUIRED_MARK = "*"


def header_label(fld: Field) -> str:
    """The header a template shows: required columns carry a leading *."""
    return f"{REQUIRED_MARK}{fld.title}" if fld.required else fld.title


def header_key(text: object) -> str:
    """How a header cell is compared with keys, labels and aliases."""
    value = fold_name(str(text or ""))
    for mark in ("*", "＊", "(必填)", "（必填）"):
        value = value.replace(fold_name(mark), "")
    return value


def save_atomically(workbook: Any, path: Path) -> Path:
    """Write next to the target and rename: a crash never leaves half a workbook behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial",
                                         dir=path.parent)
    os.close(handle)
    try:
        with temporary_files_in(path.parent):
            workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


_where = threading.local()


@contextmanager
def temporary_files_in(folder: Path) -> Iterator[None]:
    """openpyxl's temporary sheet files go to ``folder`` (beside the workbook being written)
    instead of the system temp folder, in this thread.

    openpyxl writes every worksheet's XML to a ``NamedTemporaryFile`` in the system temp
    folder before zipping it, rows of personal data included; a crash or a kill would leave
    them there. Beside the workbook they sit with the file they become part of.
    """
    _redirect_openpyxl_temporary_files()
    previous = getattr(_where, "folder", None)
    _where.folder = Path(folder)
    try:
        yield
    finally:
        _where.folder = previous


def _redirect_openpyxl_temporary_files() -> None:
    # openpyxl has no option for this: its WorksheetWriter calls the module-level
    # create_temporary_file(), which we replace once with a thread-aware version that keeps
    # openpyxl's bookkeeping (ALL_TEMP_FILES, removed by cleanup() and at exit).
    from openpyxl.worksheet import _writer

    original = _writer.create_temporary_file
    if getattr(original, "ygclient", False):
        return

    def create_temporary_file(suffix: str = "") -> str:
        folder = getattr(_where, "folder", None)
        if folder is None:
            return str(original(suffix))
        handle, name = tempfile.mkstemp(prefix=".openpyxl-", suffix=suffix + ".partial",
                                        dir=folder)
        os.close(handle)
        _writer.ALL_TEMP_FILES.append(name)
        return name

    create_temporary_file.ygclient = True  # type: ignore[attr-defined]
    _writer.create_temporary_file = create_temporary_file
