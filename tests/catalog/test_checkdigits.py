"""Tests for ygclient.catalog.checkdigits (GB 32100, GB 11714, GB 11643)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ygclient.catalog.checkdigits import (
    ORG_CODE_BODY_ALPHABET,
    PROVINCE_CODES,
    USCC_ALPHABET,
    USCC_REGISTRATION_DEPTS,
    Problem,
    cn_id_check_char,
    cn_id_problems,
    org_code_check_char,
    org_code_problems,
    uscc_check_char,
    uscc_problems,
)

# Fixed so that results do not change with the day the tests run.
TODAY = dt.date(2025, 6, 30)

# No example database: it would write .hypothesis/ into the checkout.
PROPERTY = settings(database=None, deadline=None)


def codes(problems: tuple[Problem, ...]) -> list[str]:
    return [p.code for p in problems]


def with_id_check(first17: str) -> str:
    return first17 + cn_id_check_char(first17)


# --- reference vectors (credit-data-reference.md section 3) --------------------------

USCC_VECTORS = [
    "91110000600037341L",
    "91441700MA4W12346H",
    "92441702L12345674B",
    "114417000070012332",
    "12441700456789011N",
    "52441700MJL000016K",
    "93441721MA51ABCD46",
    "N2441781MF1234567E",
    "91441700100000040Y",
    "9144170010000018XJ",
]
ORG_VECTORS = ["724743766", "100000040", "10000018X"]
ID_VECTORS = [
    "11010519491231002X",
    "441702199506151231",
    "441781200001010020",
    "44172120011231467X",
]


@pytest.mark.parametrize("code", USCC_VECTORS)
def test_uscc_vectors(code: str) -> None:
    assert uscc_check_char(code[:17]) == code[17]
    assert uscc_problems(code) == ()


def test_uscc_reference_sum() -> None:
    # The worked example: Σ = 538, 538 mod 31 = 11, 31 − 11 = 20 → L.
    values = [USCC_ALPHABET.index(c) for c in "91110000600037341"]
    weights = [pow(3, i, 31) for i in range(17)]
    assert weights == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert sum(v * w for v, w in zip(values, weights, strict=True)) == 538
    assert USCC_ALPHABET[20] == "L"


@pytest.mark.parametrize("code", ORG_VECTORS)
def test_org_code_vectors(code: str) -> None:
    assert org_code_check_char(code[:8]) == code[8]
    assert org_code_problems(code) == ()


@pytest.mark.parametrize("code", ID_VECTORS)
def test_cn_id_vectors(code: str) -> None:
    assert cn_id_check_char(code[:17]) == code[17]
    assert cn_id_problems(code, TODAY) == ()


def test_cn_id_standard_example_born_1880() -> None:
    # GB 11643's own example: an 1880 birth date is a real past date, so no error;
    # its area code 440524 only came into use in 1983, which is worth a warning.
    code = "440524188001010014"
    assert cn_id_check_char(code[:17]) == "4"
    assert [(p.code, p.severity) for p in cn_id_problems(code, TODAY)] == [
        ("area_not_yet", "warning")
    ]


def test_cn_id_birth_before_1850_is_a_typing_error() -> None:
    body = "44052418490101001"
    code = body + cn_id_check_char(body)
    assert cn_id_problems(code, TODAY) == (
        Problem("birth_date", "error", "出生日期 18490101 早于1850年1月1日，应为录入错误"),
    )


# --- GB 32100 messages -----------------------------------------------------------


def test_uscc_checksum_message() -> None:
    assert uscc_problems("91441700MA4W123464") == (
        Problem("checksum", "error", "校验位错误：应为 H，实为 4"),
    )


def test_uscc_length() -> None:
    assert uscc_problems("91441700MA4W12346") == (
        Problem("length", "error", "长度应为18位，实为17位"),
    )
    assert codes(uscc_problems("")) == ["length"]
    assert codes(uscc_problems("91441700MA4W12346HH")) == ["length"]


def test_uscc_excluded_letter() -> None:
    assert uscc_problems("91I41700MA4W12346H") == (
        Problem("charset", "error", "第3位字符“I”无效：统一社会信用代码不使用 I、O、Z、S、V"),
    )


@pytest.mark.parametrize("char", list("IOZSV"))
def test_uscc_each_excluded_letter(char: str) -> None:
    (problem,) = uscc_problems("914417" + char + "0MA4W12346H")
    assert problem.code == "charset"
    assert problem.message.startswith(f"第7位字符“{char}”无效")


def test_uscc_other_bad_characters() -> None:
    (problem,) = uscc_problems("9144170*MA4W12346H")
    assert problem == Problem(
        "charset",
        "error",
        "第8位字符“*”无效：统一社会信用代码只能由数字和大写英文字母（不含 I、O、Z、S、V）组成",
    )
    # Invisible characters are named by code point rather than shown as "“”".
    (problem,) = uscc_problems("9144170\u200bMA4W12346H")
    assert "第8位字符“U+200B”无效" in problem.message
    # Lower case is not normalised here; the engine upper-cases first.
    assert codes(uscc_problems("91441700ma4w12346h")) == ["charset"]


def test_uscc_length_and_charset_together() -> None:
    assert codes(uscc_problems("91I41700MA4W1234")) == ["length", "charset"]


@pytest.mark.parametrize("first", ["0", "B", "M", "X"])
def test_uscc_registration_dept(first: str) -> None:
    body = first + "1441700MA4W12346"
    code = body + uscc_check_char(body)
    assert uscc_problems(code) == (
        Problem(
            "registration_dept",
            "error",
            f"第1位登记管理部门码“{first}”无效：应为 1-9、A、N 或 Y",
        ),
    )


@pytest.mark.parametrize("first", sorted(USCC_REGISTRATION_DEPTS))
def test_uscc_all_registration_depts_accepted(first: str) -> None:
    body = first + "1441700MA4W12346"
    assert uscc_problems(body + uscc_check_char(body)) == ()


@pytest.mark.parametrize("region", ["610000", "710000", "810000", "820000", "999999", "000000"])
def test_uscc_region_not_checked(region: str) -> None:
    body = "91" + region + "MA4W12346"
    assert uscc_problems(body + uscc_check_char(body)) == ()


def test_uscc_embedded_org_code_not_checked() -> None:
    body = "91441700" + "724743765"  # the embedded code's own check digit is wrong
    assert org_code_problems("724743765") != ()
    assert uscc_problems(body + uscc_check_char(body)) == ()


def test_uscc_placeholder_is_not_valid() -> None:
    # The all-zero placeholder seen in public data must be allowed by the catalog,
    # never by the check itself.
    assert codes(uscc_problems("00000000000000000X")) == ["registration_dept", "checksum"]


def test_uscc_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        uscc_check_char("9144170")
    with pytest.raises(ValueError):
        uscc_check_char("91441700MA4W1234I")
    with pytest.raises(ValueError):
        uscc_check_char("91441700MA4W1234Ａ")


# --- GB 11714 messages -----------------------------------------------------------


def test_org_code_checksum_message() -> None:
    assert org_code_problems("724743765") == (
        Problem("checksum", "error", "校验位错误：应为 6，实为 5"),
    )
    assert org_code_problems("100000041") == (
        Problem("checksum", "error", "校验位错误：应为 0，实为 1"),
    )
    assert org_code_problems("100000180") == (
        Problem("checksum", "error", "校验位错误：应为 X，实为 0"),
    )


def test_org_code_shape_errors() -> None:
    assert org_code_problems("72474376") == (Problem("length", "error", "长度应为9位，实为8位"),)
    assert codes(org_code_problems("72474376-6")) == ["length", "charset"]
    assert org_code_problems("7247437A9") == ()  # letters are allowed in the body
    assert org_code_problems("72474376A") == (
        Problem("charset", "error", "第9位校验码“A”无效：应为数字或 X"),
    )
    assert org_code_problems("72#743766") == (
        Problem(
            "charset", "error", "第3位字符“#”无效：组织机构代码前8位只能由数字和大写英文字母组成"
        ),
    )


def test_org_code_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        org_code_check_char("7247437")
    with pytest.raises(ValueError):
        org_code_check_char("7247437-")


# --- GB 11643 messages -----------------------------------------------------------


def test_cn_id_checksum_message() -> None:
    assert cn_id_problems("110105194912310021", TODAY) == (
        Problem("checksum", "error", "校验位错误：应为 X，实为 1"),
    )


def test_cn_id_impossible_date() -> None:
    code = with_id_check("44170220230230123")
    assert cn_id_problems(code, TODAY) == (
        Problem("birth_date", "error", "出生日期 20230230 不是有效日期"),
    )


@pytest.mark.parametrize("birth", ["20250701", "20990101"])
def test_cn_id_future_birth(birth: str) -> None:
    code = with_id_check("441702" + birth + "123")
    assert cn_id_problems(code, TODAY) == (
        Problem("birth_date", "error", f"出生日期 {birth} 晚于今天"),
    )
    # The same number is fine once that day has come.
    later = dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    assert cn_id_problems(code, later) == ()


def test_cn_id_born_today_is_fine() -> None:
    assert cn_id_problems(with_id_check("44170220250630123"), TODAY) == ()


def test_cn_id_before_1850() -> None:
    assert codes(cn_id_problems(with_id_check("11010518491231123"), TODAY)) == ["birth_date"]
    assert cn_id_problems(with_id_check("11010518500101123"), TODAY) == ()


def test_cn_id_area_warning() -> None:
    code = with_id_check("44178119900101123")
    assert cn_id_problems(code, TODAY) == (
        Problem(
            "area_not_yet",
            "warning",
            "地址码 441781（阳春市）1995年起启用，早于此年出生者通常不会使用该地址码，请核对",
        ),
    )


def test_cn_id_area_no_warning_after_establishment() -> None:
    assert cn_id_problems(with_id_check("44178119950101123"), TODAY) == ()
    assert cn_id_problems(with_id_check("44170219880101123"), TODAY) == ()


def test_cn_id_area_warning_jiangcheng() -> None:
    (problem,) = cn_id_problems(with_id_check("44170219870101123"), TODAY)
    assert problem.code == "area_not_yet"
    assert "441702（江城区）1988年起启用" in problem.message


def test_cn_id_area_years_are_those_of_the_code() -> None:
    # 阳春市 was set up in 1994 as 449027; 441781 is in the lists from 1995 on.
    assert codes(cn_id_problems(with_id_check("44178119940601123"), TODAY)) == ["area_not_yet"]
    assert cn_id_problems(with_id_check("44902719940601123"), TODAY) == ()
    # 阳东: 441703 阳东区 1988-1990, 441723 阳东县 1991-2013, 441704 阳东区 from 2014.
    assert cn_id_problems(with_id_check("44170319880601123"), TODAY) == ()
    assert codes(cn_id_problems(with_id_check("44172319900601123"), TODAY)) == ["area_not_yet"]
    assert cn_id_problems(with_id_check("44172319910601123"), TODAY) == ()
    assert codes(cn_id_problems(with_id_check("44170420100601123"), TODAY)) == ["area_not_yet"]
    # Codes no longer in use stay valid: numbers are kept for life.
    assert cn_id_problems(with_id_check("44172320200601123"), TODAY) == ()


def test_cn_id_unknown_area_says_nothing() -> None:
    # 441799 is not in the table; the table may lag behind new districts.
    assert cn_id_problems(with_id_check("44179919900101123"), TODAY) == ()


@pytest.mark.parametrize("province", ["99", "00", "10", "16", "47", "72", "84", "90"])
def test_cn_id_invalid_province(province: str) -> None:
    code = with_id_check(province + "170219900101123")
    assert cn_id_problems(code, TODAY) == (
        Problem("area_invalid", "error", f"地址码前两位“{province}”不是有效的省级行政区划代码"),
    )


def test_province_codes() -> None:
    expected = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
        44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ]  # fmt: skip
    assert sorted(int(code) for code in PROVINCE_CODES) == expected


def test_cn_id_several_errors_at_once() -> None:
    assert codes(cn_id_problems("991702202302301231", TODAY)) == [
        "area_invalid",
        "birth_date",
        "checksum",
    ]


def test_cn_id_shape_errors() -> None:
    assert cn_id_problems("4417021995061512", TODAY) == (
        Problem("length", "error", "长度应为18位（旧号码为15位），实为16位"),
    )
    assert cn_id_problems("4417021995061512X1", TODAY) == (
        Problem("charset", "error", "第17位字符“X”无效：身份证号码前17位只能是数字"),
    )
    assert codes(cn_id_problems("44170219950615123Y", TODAY)) == ["charset"]
    assert cn_id_problems("44170219950615123x", TODAY)[0].message == (
        "第18位校验码“x”无效：应为数字或 X"
    )
    # Digits of other scripts pass str.isdigit() but are not ASCII digits.
    assert codes(cn_id_problems("44170219950615123²", TODAY)) == ["charset"]
    assert codes(cn_id_problems("４41702199506151231", TODAY)) == ["charset"]


def test_cn_id_legacy_15() -> None:
    legacy = Problem("legacy_15", "warning", "15位旧身份证号码，请更换为18位号码")
    assert cn_id_problems("441702950615123", TODAY) == (legacy,)
    assert cn_id_problems("441781900101123", TODAY) == (
        legacy,
        Problem(
            "area_not_yet",
            "warning",
            "地址码 441781（阳春市）1995年起启用，早于此年出生者通常不会使用该地址码，请核对",
        ),
    )
    assert cn_id_problems("441702950230123", TODAY) == (
        legacy,
        Problem("birth_date", "error", "出生日期 19950230 不是有效日期"),
    )
    assert codes(cn_id_problems("991702950615123", TODAY)) == ["legacy_15", "area_invalid"]
    assert codes(cn_id_problems("44170295061512X", TODAY)) == ["charset"]


def test_cn_id_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        cn_id_check_char("4417021995061512")
    with pytest.raises(ValueError):
        cn_id_check_char("4417021995061512X")


# --- area table ------------------------------------------------------------------


def test_area_table_resource() -> None:
    resource = resources.files("ygclient.resources").joinpath("areas/gb2260.json")
    raw = resource.read_bytes()
    assert len(raw) < 1_000_000
    table = json.loads(raw)
    assert table["source"]["license"] == "MIT"
    assert table["complete"] is False
    areas = table["codes"]
    assert areas["441700"] == [1988, None, "阳江市"]
    assert areas["441702"] == [1988, None, "江城区"]
    assert areas["441704"] == [2014, None, "阳东区"]
    assert areas["441721"] == [1988, None, "阳西县"]
    assert areas["441723"] == [1991, 2013, "阳东县"]
    assert areas["441781"] == [1995, None, "阳春市"]
    # Every province-level code is there, and every entry is well formed.
    assert {code[:2] for code in areas} == PROVINCE_CODES
    for code, (start, end, name) in areas.items():
        assert len(code) == 6 and code.isdigit()
        assert start is None or 1981 <= start <= 2100
        assert end is None or 1980 <= end <= 2100
        assert start is None or end is None or start <= end
        assert isinstance(name, str) and name


# --- properties ------------------------------------------------------------------

uscc_bodies = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(sorted(USCC_REGISTRATION_DEPTS)),
    st.text(alphabet=USCC_ALPHABET, min_size=16, max_size=16),
)


@PROPERTY
@given(uscc_bodies)
def test_uscc_generated_codes_are_valid(body: str) -> None:
    assert uscc_problems(body + uscc_check_char(body)) == ()


@PROPERTY
@given(uscc_bodies)
def test_uscc_every_single_substitution_is_caught(body: str) -> None:
    # Weights 3^i mod 31 are never 0 and two symbols differ by 1..30, so their
    # product is never a multiple of the prime 31: the sum always moves.
    code = body + uscc_check_char(body)
    for position in range(18):
        for char in USCC_ALPHABET:
            if char == code[position]:
                continue
            changed = code[:position] + char + code[position + 1 :]
            assert "checksum" in codes(uscc_problems(changed)), changed


org_bodies = st.text(alphabet=ORG_CODE_BODY_ALPHABET, min_size=8, max_size=8)


@PROPERTY
@given(org_bodies)
def test_org_code_generated_codes_are_valid(body: str) -> None:
    assert org_code_problems(body + org_code_check_char(body)) == ()


@PROPERTY
@given(org_bodies)
def test_org_code_single_substitutions(body: str) -> None:
    # MOD 11 over 36 body symbols cannot catch everything: swapping symbols whose
    # values differ by 11, 22 or 33 (0↔B↔M↔X, 1↔C↔N↔Y, …, A↔L↔W) keeps the sum
    # mod 11. Every other substitution, digit-for-digit in particular, is caught.
    code = body + org_code_check_char(body)
    value = ORG_CODE_BODY_ALPHABET.index
    for position in range(8):
        for char in ORG_CODE_BODY_ALPHABET:
            if char == code[position]:
                continue
            changed = code[:position] + char + code[position + 1 :]
            caught = (value(char) - value(code[position])) % 11 != 0
            assert (org_code_problems(changed) != ()) is caught, changed
    for char in "0123456789X":
        if char != code[8]:
            assert codes(org_code_problems(code[:8] + char)) == ["checksum"]


def test_org_code_blind_spot_example() -> None:
    # 7 → I (18) changes the weighted sum by 3 × 11: a limit of GB 11714 itself.
    assert org_code_problems("I24743766") == ()


def id_numbers(min_year: int = 1900) -> st.SearchStrategy[str]:
    return st.builds(
        lambda area, born, seq: with_id_check(f"{area}{born:%Y%m%d}{seq:03d}"),
        st.builds(
            lambda province, rest: province + rest,
            st.sampled_from(sorted(PROVINCE_CODES)),
            st.text(alphabet="0123456789", min_size=4, max_size=4),
        ),
        st.dates(min_value=dt.date(min_year, 1, 1), max_value=TODAY),
        st.integers(min_value=0, max_value=999),
    )


@PROPERTY
@given(id_numbers())
def test_cn_id_generated_numbers_have_no_errors(code: str) -> None:
    # Random area codes may come before their first year: a warning, never an error.
    assert set(codes(cn_id_problems(code, TODAY))) <= {"area_not_yet"}


@PROPERTY
@given(
    st.sampled_from(["110105", "440000", "441700", "441702", "441721", "441781", "441799"]),
    st.dates(min_value=dt.date(1995, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
)
def test_cn_id_generated_numbers_are_valid(area: str, born: dt.date, seq: int) -> None:
    assert cn_id_problems(with_id_check(f"{area}{born:%Y%m%d}{seq:03d}"), TODAY) == ()


@PROPERTY
@given(id_numbers())
def test_cn_id_every_single_digit_substitution_is_caught(code: str) -> None:
    # Weights 2^k mod 11 are never 0 and two digits differ by 1..9, so the
    # weighted sum always moves mod 11; in the last place each character stands
    # for a different residue.
    for position in range(18):
        for char in "0123456789X" if position == 17 else "0123456789":
            if char == code[position]:
                continue
            changed = code[:position] + char + code[position + 1 :]
            assert "checksum" in codes(cn_id_problems(changed, TODAY)), changed
