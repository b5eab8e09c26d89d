"""Check characters of the identifiers found in credit records.

Three standards are covered:

* GB 32100-2015 统一社会信用代码 (USCC), 18 characters, MOD 31 check;
* GB 11714-1997 组织机构代码, 8 body characters plus a MOD 11 check;
* GB 11643-1999 公民身份号码, 18 digits (ISO 7064 MOD 11-2 check) or the
  15-digit numbers issued before 1999.

Inputs are already normalised by the caller (no whitespace, half-width, upper
case, no hyphen in organisation codes). Every ``*_problems`` function returns an
empty tuple for a valid value; messages are Chinese and leave out the field label,
which the engine puts in front.

The validation engine calls these functions for every code field of every
record, so each one starts with a fast path that only proves a value valid;
the slower code that explains what is wrong runs for bad values only.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from operator import mul
from typing import Final

from ygclient.catalog.model import Severity

__all__ = [
    "CN_ID_MIN_BIRTH_DATE",
    "ORG_CODE_BODY_ALPHABET",
    "PROVINCE_CODES",
    "USCC_ALPHABET",
    "USCC_REGISTRATION_DEPTS",
    "Problem",
    "Severity",
    "cn_id_check_char",
    "cn_id_problems",
    "org_code_check_char",
    "org_code_problems",
    "uscc_check_char",
    "uscc_problems",
]

@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a value.

    ``code`` is stable and meant for programs (filters, statistics, tests);
    ``message`` is for the clerk and may be reworded.
    """

    code: str
    severity: Severity
    message: str


# Agency codes repeat in every record of a batch, so a modest cache turns most
# calls into a dict hit; distinct codes merely cycle through it.
_CACHE_SIZE: Final = 8192

# Marks a character outside an alphabet in the bytes.translate() tables below.
# No alphabet here has 255 symbols, so it can never be a real value.
_BAD: Final = 0xFF


def _translate_table(values: dict[str, int]) -> bytes:
    table = bytearray([_BAD]) * 256
    for char, value in values.items():
        table[ord(char)] = value
    return bytes(table)


def _shown(char: str) -> str:
    # An invisible character (zero-width space, control code) pasted from a web
    # page would print as empty quotes; the code point tells the clerk more.
    if char.isprintable() and not char.isspace():
        return char
    return f"U+{ord(char):04X}"


def _checksum_problem(expected: str, actual: str) -> Problem:
    return Problem("checksum", "error", f"校验位错误：应为 {expected}，实为 {_shown(actual)}")


# --- GB 32100-2015 统一社会信用代码 ------------------------------------------------

USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100; a character's value is its index."""

USCC_REGISTRATION_DEPTS: Final = frozenset("123456789ANY")
"""Allowed first characters (登记管理部门码)."""

_USCC_VALUES: Final = {char: value for value, char in enumerate(USCC_ALPHABET)}
_USCC_TABLE: Final = _translate_table(_USCC_VALUES)
_USCC_WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))
# With weight 1 for the check character, a valid code sums to 0 mod 31, which
# lets the fast path test all 18 characters in one pass.
_USCC_WEIGHTS_18: Final = (*_USCC_WEIGHTS, 1)
_USCC_EXCLUDED: Final = frozenset("IOZSV")


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters.

    Raises ValueError if ``first17`` is not 17 characters of the USCC alphabet.
    """
    if len(first17) != 17:
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    values = first17.encode("utf-8").translate(_USCC_TABLE)
    if len(values) != 17 or _BAD in values:
        raise ValueError(f"invalid character in {first17!r}")
    return USCC_ALPHABET[-sum(map(mul, values, _USCC_WEIGHTS)) % 31]


def _uscc_problems(code: str) -> tuple[Problem, ...]:
    if len(code) == 18 and code.isascii() and code[0] in USCC_REGISTRATION_DEPTS:
        values = code.encode("ascii").translate(_USCC_TABLE)
        if _BAD not in values and sum(map(mul, values, _USCC_WEIGHTS_18)) % 31 == 0:
            return ()
    return _uscc_explain(code)


def _uscc_explain(code: str) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    if len(code) != 18:
        problems.append(Problem("length", "error", f"长度应为18位，实为{len(code)}位"))
    bad = next((i for i, char in enumerate(code) if char not in _USCC_VALUES), -1)
    if bad >= 0:
        char = code[bad]
        if char in _USCC_EXCLUDED:
            reason = "统一社会信用代码不使用 I、O、Z、S、V"
        else:
            reason = "统一社会信用代码只能由数字和大写英文字母（不含 I、O、Z、S、V）组成"
        problems.append(
            Problem("charset", "error", f"第{bad + 1}位字符“{_shown(char)}”无效：{reason}")
        )
    # A first character outside the alphabet is already reported as charset.
    if code and code[0] in _USCC_VALUES and code[0] not in USCC_REGISTRATION_DEPTS:
        problems.append(
            Problem(
                "registration_dept",
                "error",
                f"第1位登记管理部门码“{code[0]}”无效：应为 1-9、A、N 或 Y",
            )
        )
    if len(code) == 18 and bad < 0:
        expected = uscc_check_char(code[:17])
        if expected != code[17]:
            problems.append(_checksum_problem(expected, code[17]))
    return tuple(problems)


uscc_problems: Final[Callable[[str], tuple[Problem, ...]]] = functools.lru_cache(
    maxsize=_CACHE_SIZE
)(_uscc_problems)
"""Problems of a 统一社会信用代码 under GB 32100-2015; empty when valid.

Checks length, alphabet, the 登记管理部门码 (1-9, A, N, Y) and the check character.
The region and the embedded organisation code are deliberately not checked:
codes whose region starts with 6, 7 or 8, or whose body does not pass GB 11714,
are issued and valid.
"""


# --- GB 11714-1997 组织机构代码 ---------------------------------------------------

ORG_CODE_BODY_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Body characters; digits count 0-9 and letters A-Z 10-35."""

_ORG_VALUES: Final = {char: value for value, char in enumerate(ORG_CODE_BODY_ALPHABET)}
_ORG_TABLE: Final = _translate_table(_ORG_VALUES)
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
# C = 11 - (S mod 11), written X for 10 and 0 for 11; equivalently S + C ≡ 0
# (mod 11) with X worth 10, which is what the fast path tests.
_ORG_CHECK_VALUES: Final = {**{str(d): d for d in range(10)}, "X": 10}
_ORG_CHECK_CHARS: Final = "0123456789X"


def org_code_check_char(first8: str) -> str:
    """Return the GB 11714 check character (0-9 or X) for the 8 body characters.

    Raises ValueError if ``first8`` is not 8 characters of 0-9, A-Z.
    """
    if len(first8) != 8:
        raise ValueError(f"expected 8 characters, got {len(first8)}")
    values = first8.encode("utf-8").translate(_ORG_TABLE)
    if len(values) != 8 or _BAD in values:
        raise ValueError(f"invalid character in {first8!r}")
    return _ORG_CHECK_CHARS[-sum(map(mul, values, _ORG_WEIGHTS)) % 11]


def _org_code_problems(code: str) -> tuple[Problem, ...]:
    if len(code) == 9 and code.isascii():
        check = _ORG_CHECK_VALUES.get(code[8])
        values = code[:8].encode("ascii").translate(_ORG_TABLE)
        if (
            check is not None
            and _BAD not in values
            and (sum(map(mul, values, _ORG_WEIGHTS)) + check) % 11 == 0
        ):
            return ()
    return _org_code_explain(code)


def _org_code_explain(code: str) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    if len(code) != 9:
        problems.append(Problem("length", "error", f"长度应为9位，实为{len(code)}位"))
    body = code[:8]
    bad = next((i for i, char in enumerate(body) if char not in _ORG_VALUES), -1)
    if bad >= 0:
        problems.append(
            Problem(
                "charset",
                "error",
                f"第{bad + 1}位字符“{_shown(body[bad])}”无效："
                "组织机构代码前8位只能由数字和大写英文字母组成",
            )
        )
    check_ok = len(code) < 9 or code[8] in _ORG_CHECK_VALUES
    if not check_ok:
        problems.append(
            Problem("charset", "error", f"第9位校验码“{_shown(code[8])}”无效：应为数字或 X")
        )
    if len(code) == 9 and bad < 0 and check_ok:
        expected = org_code_check_char(body)
        if expected != code[8]:
            problems.append(_checksum_problem(expected, code[8]))
    return tuple(problems)


org_code_problems: Final[Callable[[str], tuple[Problem, ...]]] = functools.lru_cache(
    maxsize=_CACHE_SIZE
)(_org_code_problems)
"""Problems of a 9-character 组织机构代码 (hyphen removed) under GB 11714-1997."""


# --- GB 11643-1999 公民身份号码 ---------------------------------------------------

PROVINCE_CODES: Final = frozenset(
    f"{n:02d}"
    for n in (
        *range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
        *range(50, 55), *range(61, 66), 71, 81, 82, 83,
    )
)  # fmt: skip
"""First two digits of every province-level division (GB/T 2260), plus 83 (台湾居民居住证)."""

CN_ID_MIN_BIRTH_DATE: Final = dt.date(1850, 1, 1)
"""Earlier birth dates are taken as typing errors (GB 11643's own example is born 1880)."""

_ID_WEIGHTS: Final = tuple(pow(2, 17 - i, 11) for i in range(17))
# The fast path sums the ASCII bytes instead of digit values; every digit then
# carries an extra 48 × weight, 48 × Σweights in all, taken off once.
_ID_ASCII_BIAS: Final = 48 * sum(_ID_WEIGHTS)
_ID_CHECK_CHARS: Final = "10X98765432"
_ID_CHECK_CHARSET: Final = frozenset("0123456789X")


def cn_id_check_char(first17: str) -> str:
    """Return the GB 11643 check character (0-9 or X) for the first 17 digits.

    Raises ValueError if ``first17`` is not 17 ASCII digits.
    """
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(map(mul, first17.encode("ascii"), _ID_WEIGHTS)) - _ID_ASCII_BIAS
    return _ID_CHECK_CHARS[total % 11]


_AreaEntry = tuple[int | None, int | None, str]


@functools.cache
def _area_table() -> dict[str, _AreaEntry]:
    # Loaded on first use: about 7,000 entries, needed only for ID numbers.
    resource = resources.files("ygclient.resources").joinpath("areas/gb2260.json")
    data = json.loads(resource.read_text(encoding="utf-8"))
    return {code: (start, end, name) for code, (start, end, name) in data["codes"].items()}


@functools.lru_cache(maxsize=1 << 16)
def _parse_birth(birth: str) -> dt.date | None:
    # Building a date costs more than the whole checksum, and a century of
    # birthdays is only 36,500 keys.
    try:
        return dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return None


def _birth_problems(area: str, birth: str, today: dt.date) -> list[Problem]:
    """Province, birth date and area timeline; ``birth`` is 8 ASCII digits."""
    problems: list[Problem] = []
    if area[:2] not in PROVINCE_CODES:
        problems.append(
            Problem("area_invalid", "error", f"地址码前两位“{area[:2]}”不是有效的省级行政区划代码")
        )
    born = _parse_birth(birth)
    if born is None:
        problems.append(Problem("birth_date", "error", f"出生日期 {birth} 不是有效日期"))
        return problems
    if born > today:
        problems.append(Problem("birth_date", "error", f"出生日期 {birth} 晚于今天"))
        return problems
    if born < CN_ID_MIN_BIRTH_DATE:
        problems.append(
            Problem("birth_date", "error", f"出生日期 {birth} 早于1850年1月1日，应为录入错误")
        )
        return problems
    entry = _area_table().get(area)
    # The table dates codes, not places: 阳春市 dates from 1994, but its code
    # 441781 from the 1995 list, so the message names the year the code came in.
    # A code missing from the table says nothing: the table stops at its data
    # year, and a district set up since must not turn valid numbers into warnings.
    if entry is not None and entry[0] is not None and entry[0] > born.year:
        problems.append(
            Problem(
                "area_not_yet",
                "warning",
                f"地址码 {area}（{entry[2]}）{entry[0]}年起启用，"
                "早于此年出生者通常不会使用该地址码，请核对",
            )
        )
    return problems


def _first_non_digit(text: str) -> int:
    # isdigit() alone would accept superscripts and other scripts' digits.
    return next((i for i, char in enumerate(text) if char not in "0123456789"), -1)


def _cn_id_problems(code: str, today: dt.date) -> tuple[Problem, ...]:
    problems: list[Problem]
    if len(code) == 18:
        head = code[:17]
        if not (head.isascii() and head.isdigit()):
            bad = _first_non_digit(head)
            return (
                Problem(
                    "charset",
                    "error",
                    f"第{bad + 1}位字符“{_shown(code[bad])}”无效：身份证号码前17位只能是数字",
                ),
            )
        problems = _birth_problems(code[:6], code[6:14], today)
        if code[17] not in _ID_CHECK_CHARSET:
            problems.append(
                Problem("charset", "error", f"第18位校验码“{_shown(code[17])}”无效：应为数字或 X")
            )
        else:
            total = sum(map(mul, head.encode("ascii"), _ID_WEIGHTS)) - _ID_ASCII_BIAS
            expected = _ID_CHECK_CHARS[total % 11]
            if expected != code[17]:
                problems.append(_checksum_problem(expected, code[17]))
        return tuple(problems)
    if len(code) == 15:
        if not (code.isascii() and code.isdigit()):
            bad = _first_non_digit(code)
            return (
                Problem(
                    "charset",
                    "error",
                    f"第{bad + 1}位字符“{_shown(code[bad])}”无效：15位身份证号码只能由数字组成",
                ),
            )
        problems = [Problem("legacy_15", "warning", "15位旧身份证号码，请更换为18位号码")]
        # 15-digit numbers carry a two-digit year; the standard reads it as 19YY.
        problems += _birth_problems(code[:6], "19" + code[6:12], today)
        return tuple(problems)
    return (Problem("length", "error", f"长度应为18位（旧号码为15位），实为{len(code)}位"),)


cn_id_problems: Final[Callable[[str, dt.date], tuple[Problem, ...]]] = functools.lru_cache(
    maxsize=_CACHE_SIZE
)(_cn_id_problems)
"""Problems of a 公民身份号码 under GB 11643-1999, judged as of ``today``.

18-digit numbers: digits, province, birth date (a real date between 1900-01-01
and ``today``) and check character. 15-digit numbers (birth year 19YY, no check
character) get a ``legacy_15`` warning and the same province and date checks.
An area code that the GB/T 2260 table says came into use after the birth year
gives an ``area_not_yet`` warning.
"""
