"""A known-good record of the bundled demo catalog: the installer's self-check proves the
validation engine with it, and the tests and benchmarks start from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

SAMPLE_ITEM = "CF"
# Dates are checked against "today": the record is valid with today fixed to SAMPLE_DAY.
SAMPLE_DAY = dt.date(2026, 11, 26)
_PENALTY_FOR_COMPANY: dict[str, str] = {
    "CF_XDR_MC": "阳江市江城区海韵贸易有限公司",
    "CF_XDR_LB": "法人及非法人组织",
    "CF_XDR_SHXYM": "91441700MA4W12346H",
    "CF_FRDB": "陈海",
    "CF_WSH": "阳市监罚〔2026〕12号",
    "CF_WFXW": "销售不符合食品安全标准的食品",
    "CF_SY": "当事人于2026年1月销售过期食品。",
    "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
    "CF_CFLB": "警告;罚款",
    "CF_NR": "警告，并处罚款2000元。",
    "CF_NR_FK": "0.2",
    "CF_JDRQ": "2026-03-05",
    "CF_YXQ": "2026-09-05",
    "CF_GSJZQ": "2026-06-05",
    "CF_CFJG": "阳江市市场监督管理局",
    "CF_CFJGDM": "114417000070012332",
    "CF_SJLY": "阳江市市场监督管理局",
    "CF_SJLYDM": "114417000070012332",
}


def penalty_for_company() -> dict[str, Any]:
    """A 行政处罚 (CF) record against a company, valid on SAMPLE_DAY; a fresh copy each call."""
    return dict(_PENALTY_FOR_COMPANY)
