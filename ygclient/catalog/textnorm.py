"""Normalisation of raw cell and form values: full-width forms, dates, decimals.

Everything here is on the validation hot path (tens of thousands of records
per second), so the common case — ASCII text, ISO dates — takes the shortest
route and the slower, more forgiving parsers only run when it fails.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Final

# Full-width ASCII variants (U+FF01..U+FF5E) map onto U+0021..U+007E; the
# ideographic space becomes an ordinary space. Clerks paste codes from Word
# documents and web pages typed with a Chinese input method in full-width mode.
# Dashes people type for the hyphen in 72474376-6 or 其他-备案 map to "-" as well.
_HALFWIDTH: Final = (
    {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    | {0x3000: 0x20}
    | dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63), 0x2D)
)
_WHITESPACE_RE: Final = re.compile(r"\s+")


def halfwidth(text: str) -> str:
    """Full-width letters, digits, punctuation and spaces to their ASCII forms."""
    if text.isascii():
        return text
    return text.translate(_HALFWIDTH)


def fold_name(text: str) -> str:
    """How names and code spellings are compared: half-width, no spaces, any case."""
    return halfwidth(text).replace(" ", "").casefold()


def compact_code(text: str) -> str:
    """Normalise an identifier: half-width, upper case, no whitespace at all."""
    text = halfwidth(text).upper()
    if " " in text or not text.isprintable():
        text = _WHITESPACE_RE.sub("", text)
    return text


# --- dates -----------------------------------------------------------------

# Excel's 1900 date system counts from 1899-12-30 once the fictitious
# 1900-02-29 (serial 60) is behind it; earlier serials are never real
# decision dates, so they are simply out of range.
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
_EXCEL_MIN_SERIAL: Final = 61
_EXCEL_MAX_SERIAL: Final = 2958465  # 9999-12-31

_DATE_RES: Final = (
    # 2024-01-05, 2024/1/5, 2024.01.05, optionally followed by a midnight time
    # as database exports write it.
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]0{1,2}:0{2}(?::0{2}(?:\.0+)?)?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


class DateParseError(ValueError):
    """The text is not a date in any accepted form; ``reason`` is Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


DATE_FORMATS_HINT: Final = "YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD、YYYY年M月D日 或 YYYYMMDD"


def excel_serial_to_date(serial: float) -> dt.date:
    """Convert an Excel (1900 system) serial day number; the time of day is dropped."""
    day = int(serial)
    if not _EXCEL_MIN_SERIAL <= day <= _EXCEL_MAX_SERIAL:
        raise DateParseError(f"Excel 日期序号 {serial:g} 超出可用范围")
    return _EXCEL_EPOCH + dt.timedelta(days=day)


def parse_date(value: object) -> dt.date:
    """Parse a date from text, an Excel serial number, or a date object."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateParseError("应为日期，实为真/假值")
    if isinstance(value, int | float):
        return excel_serial_to_date(value)
    if not isinstance(value, str):
        raise DateParseError(f"应为日期，实为{type_name(value)}")
    text = value.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # fall through to the precise message below
    text = halfwidth(text).replace(" ", "") if not text.isascii() else text
    for pattern in _DATE_RES:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise DateParseError(
                    f"“{text}”不是有效日期（{year}年没有{month}月{day}日）"
                ) from None
    raise DateParseError(f"“{_clip(text)}”不是可识别的日期，应为 {DATE_FORMATS_HINT}")


# --- numbers ---------------------------------------------------------------

class NumberParseError(ValueError):
    """The text is not a number; ``reason`` is Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_decimal(value: object, unit: str | None = None) -> Decimal:
    """Parse a decimal from a number or text (thousands separators, full-width, unit suffix)."""
    if isinstance(value, bool):
        raise NumberParseError("应为数字，实为真/假值")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr() gives the shortest text that round-trips, so 0.1 stays 0.1
        # instead of 0.1000000000000000055511151231257827.
        result = Decimal(repr(value))
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        text = halfwidth(value).strip().replace(",", "").replace(" ", "")
        if unit and text.endswith(unit):
            text = text[: -len(unit)]
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise NumberParseError(f"“{_clip(value.strip())}”不是数字") from None
    else:
        raise NumberParseError(f"应为数字，实为{type_name(value)}")
    if not result.is_finite():
        raise NumberParseError("应为有限的数字")
    return result


def decimal_text(value: Decimal) -> str:
    """Canonical text of a decimal: no exponent, no trailing zeros (2E+3 → 2000, 0.20 → 0.2)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# --- messages ----------------------------------------------------------------

_TYPE_NAMES: Final = {
    "str": "文本", "int": "整数", "float": "数字", "bool": "真/假值", "list": "列表",
    "dict": "对象", "NoneType": "空值", "Decimal": "数字",
}


def type_name(value: object) -> str:
    """Chinese name of a JSON-ish value's type, for messages."""
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _clip(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
