"""Known-good records of the demo catalog, shared by tests and the benchmark."""

from __future__ import annotations

from typing import Any

from ygclient.catalog.samples import penalty_for_company

__all__ = ["penalty_for_company", "penalty_for_person"]


def penalty_for_person() -> dict[str, Any]:
    """A 行政处罚 record against a natural person (自然人)."""
    record = penalty_for_company()
    for key in ("CF_XDR_SHXYM", "CF_FRDB"):
        del record[key]
    record.update({
        "CF_XDR_MC": "林小梅",
        "CF_XDR_LB": "自然人",
        "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": "441702199506151231",
        "CF_CFLB": "警告",
        "CF_NR": "警告。",
    })
    del record["CF_NR_FK"]
    return record
