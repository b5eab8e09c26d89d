"""Names and helpers shared by the template writer, the importer, the report and the export."""

from __future__ import annotations

import os
import tempfile
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
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
