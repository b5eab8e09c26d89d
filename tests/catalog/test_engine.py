"""The validation engine on the demo catalog: normalisation, field checks, cross-field rules."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.catalog import Catalog, ItemValidator, bundled_catalog
from ygclient.catalog.loader import parse_catalog, resource_text
from ygclient.clock import FixedClock

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture(scope="module")
def cf(catalog: Catalog) -> ItemValidator:
    return catalog.validator("CF", clock=FixedClock(TODAY))


@pytest.fixture(scope="module")
def xk(catalog: Catalog) -> ItemValidator:
    return catalog.validator("XK", clock=FixedClock(TODAY))


def codes(result: Any) -> list[tuple[str | None, str, str]]:
    return [(i.field, i.code, i.severity) for i in result.issues]


def only_issue(result: Any) -> Any:
    assert len(result.issues) == 1, result.issues
    return result.issues[0]


# --- valid records ---------------------------------------------------------------

def test_valid_company_penalty(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_company())
    assert result.issues == ()
    assert result.valid
    assert result.normalized["CF_CFLB"] == ["警告", "罚款"]
    assert result.normalized["CF_NR_FK"] == "0.2"


def test_valid_person_penalty(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_person())
    assert result.issues == ()


def test_empty_values_count_as_absent(cf: ItemValidator) -> None:
    record = penalty_for_company() | {"BZ": "   ", "CF_XDR_GSZC": None, "CF_XDR_ZZJG": ""}
    result = cf.validate(record)
    assert result.valid
    assert "BZ" not in result.normalized and "CF_XDR_ZZJG" not in result.normalized


# --- normalisation ----------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    "2026-03-05", "2026/3/5", "2026.03.05", "2026年3月5日", "20260305", " 2026-03-05 ",
    "２０２６－０３－０５", "2026-03-05 00:00:00", 46086, 46086.0, dt.date(2026, 3, 5),
    dt.datetime(2026, 3, 5, 0, 0),
])
def test_dates_in_every_accepted_form(cf: ItemValidator, raw: object) -> None:
    result = cf.validate(penalty_for_company() | {"CF_JDRQ": raw})
    assert result.valid, result.issues
    assert result.normalized["CF_JDRQ"] == "2026-03-05"


@pytest.mark.parametrize(("raw", "fragment"), [
    ("2026-02-30", "2026年没有2月30日"),
    ("2026/13/01", "2026年没有13月1日"),
    ("三月五日", "不是可识别的日期"),
    ("05/03/2026", "不是可识别的日期"),
    (True, "真/假值"),
    (12, "超出可用范围"),
])
def test_bad_dates_say_what_was_expected(cf: ItemValidator, raw: object, fragment: str) -> None:
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_JDRQ": raw}))
    assert (issue.field, issue.code) == ("CF_JDRQ", "date")
    assert issue.message.startswith("「处罚决定日期」")
    assert fragment in issue.message


def test_codes_are_compacted_to_half_width_upper_case(cf: ItemValidator) -> None:
    record = penalty_for_company() | {
        "CF_XDR_SHXYM": "９１４４１７００ｍａ４ｗ１２３４６ｈ",
        "CF_XDR_ZZJG": " ma4w1234-6 ",
    }
    result = cf.validate(record)
    assert result.normalized["CF_XDR_SHXYM"] == "91441700MA4W12346H"
    assert result.normalized["CF_XDR_ZZJG"] == "MA4W12346"
    assert result.valid, result.issues


def test_code_lists_accept_labels_and_aliases(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_company() | {
        "CF_XDR_LB": "法人", "CF_CFLB": "警告、罚款；罚款",
    })
    assert result.normalized["CF_XDR_LB"] == "法人及非法人组织"
    assert result.normalized["CF_CFLB"] == ["警告", "罚款"]
    person = cf.validate(penalty_for_person() | {"CF_XDR_ZJLX": "居民身份证"})
    assert person.normalized["CF_XDR_ZJLX"] == "身份证"
    assert person.valid


def test_amounts_normalise_to_canonical_decimal_text(cf: ItemValidator) -> None:
    record = penalty_for_company() | {"CF_NR": "罚款12345元", "CF_NR_FK": "1.2345万元"}
    assert cf.validate(record).normalized["CF_NR_FK"] == "1.2345"
    assert cf.validate(penalty_for_company() | {"CF_NR_FK": 0.2}).normalized["CF_NR_FK"] == "0.2"
    record = penalty_for_company() | {"CF_NR": "罚款12,000元", "CF_NR_FK": "1.20"}
    assert cf.validate(record).normalized["CF_NR_FK"] == "1.2"


def test_yuan_in_a_wan_yuan_field_says_what_to_enter(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_NR_FK": "2000元"}))
    assert issue.code == "type"
    assert issue.message == "「罚款金额（万元）」应以万元为单位填写数字：2000 元应填 0.2"


def test_spreadsheet_number_in_a_text_field_becomes_text(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_company() | {"BZ": 12345.0, "CF_XDR_GSZC": 441700000012345})
    assert result.normalized["BZ"] == "12345"
    assert result.normalized["CF_XDR_GSZC"] == "441700000012345"


def test_code_typed_as_number_lost_digits(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_person() | {"CF_XDR_ZJHM": 4.41702199506151e17}))
    assert (issue.field, issue.code) == ("CF_XDR_ZJHM", "number_as_code")
    assert "丢失位数" in issue.message
    assert "4417" not in issue.message  # never echo an ID number


# --- single-field checks ------------------------------------------------------------

def test_required_fields(cf: ItemValidator) -> None:
    record = penalty_for_company()
    del record["CF_WSH"]
    issue = only_issue(cf.validate(record))
    assert (issue.field, issue.code, issue.severity) == ("CF_WSH", "required", "error")
    assert issue.message == "「行政处罚决定书文号」为必填项"


def test_uscc_check_digit_message_names_the_field(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_XDR_SHXYM": "91441700MA4W123464"}))
    assert issue.message == "「行政相对人代码_1(统一社会信用代码)」校验位错误：应为 H，实为 4"


def test_placeholder_only_where_the_catalog_allows_it(cf: ItemValidator) -> None:
    placeholder = "00000000000000000X"
    assert cf.validate(penalty_for_company() | {"CF_SJLYDM": placeholder}).valid
    result = cf.validate(penalty_for_company() | {"CF_XDR_SHXYM": placeholder})
    assert not result.valid
    assert {i.field for i in result.issues} == {"CF_XDR_SHXYM"}


def test_max_length_counts_characters(cf: ItemValidator) -> None:
    assert cf.validate(penalty_for_company() | {"BZ": "备" * 512}).valid
    issue = only_issue(cf.validate(penalty_for_company() | {"BZ": "备" * 513}))
    assert issue.message == "「备注」最多 512 个字，实为 513 个字"


def test_unknown_code_lists_the_allowed_values(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_XDR_LB": "公司"}))
    assert issue.code == "code"
    assert "法人及非法人组织、自然人、个体工商户" in issue.message


def test_other_must_name_the_kind(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_CFLB": "其他"}))
    assert issue.code == "code_detail"
    assert "其他-" in issue.message
    result = cf.validate(penalty_for_company() | {"CF_CFLB": "罚款;其他－责令改正"})
    assert result.valid
    assert result.normalized["CF_CFLB"] == ["罚款", "其他-责令改正"]


def test_legacy_penalty_kind_is_accepted_with_a_warning(cf: ItemValidator) -> None:
    record = penalty_for_company() | {
        "CF_CFLB": "暂扣或者吊销许可证、暂扣或者吊销执照", "CF_NR": "吊销食品经营许可证。",
        "CF_NR_ZKDX": "食品经营许可证 JY14417020012345",
    }
    del record["CF_NR_FK"]
    result = cf.validate(record)
    assert result.valid
    assert [i.code for i in result.issues] == ["code_deprecated", "code_deprecated"]
    assert "暂扣许可证件、吊销许可证件" in result.issues[0].message


def test_decision_date_cannot_be_in_the_future(cf: ItemValidator) -> None:
    record = penalty_for_company() | {"CF_JDRQ": "2026-11-27", "CF_YXQ": "2027-11-27",
                                      "CF_GSJZQ": "2027-03-01"}
    issue = only_issue(cf.validate(record))
    assert (issue.field, issue.code) == ("CF_JDRQ", "future_date")
    assert "2026-11-26" in issue.message
    # The clock's date read once by a caller that validates many records (ygcentral's batch).
    assert cf.validate(record, today=TODAY + dt.timedelta(days=1)).valid


def test_decimal_places_and_range(cf: ItemValidator) -> None:
    record = penalty_for_company() | {"CF_NR": "罚款。"}
    issue = only_issue(cf.validate(record | {"CF_NR_FK": "0.1234567"}))
    assert issue.code == "decimal_places"
    result = cf.validate(penalty_for_company() | {"CF_NR_FK": "-1"})
    assert {i.code for i in result.issues} >= {"range"}


def test_unknown_field_and_wrong_record_type(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_XYZ": "1"}))
    assert (issue.field, issue.code) == ("CF_XYZ", "unknown_field")
    result = cf.validate(["not", "a", "record"])
    assert [i.code for i in result.issues] == ["record_type"]
    assert not result.valid


def test_wrong_value_types(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_company() | {"CF_WSH": {"a": 1}, "CF_XDR_LB": ["x"],
                                                   "CF_NR_FK": True})
    assert {(i.field, i.code) for i in result.issues} >= {
        ("CF_WSH", "type"), ("CF_XDR_LB", "type"), ("CF_NR_FK", "type"),
    }
    assert all(i.message.startswith("「") for i in result.issues)


# --- ID documents -----------------------------------------------------------------------

def test_id_card_checked_by_gb11643(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_person() | {"CF_XDR_ZJHM": "441702199506151232"}))
    assert (issue.field, issue.code) == ("CF_XDR_ZJHM", "checksum")
    assert issue.message == "「证件号码」校验位错误：应为 1，实为 2"


def test_id_card_area_younger_than_holder_is_a_warning(cf: ItemValidator) -> None:
    body = "44178119900101002"
    from ygclient.catalog.checkdigits import cn_id_check_char

    result = cf.validate(penalty_for_person() | {"CF_XDR_ZJHM": body + cn_id_check_char(body)})
    assert result.valid
    assert [(i.code, i.severity) for i in result.issues] == [("area_not_yet", "warning")]


def test_legacy_15_digit_id_is_a_warning(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_person() | {"CF_XDR_ZJHM": "441702950615123"})
    assert result.valid
    assert [i.code for i in result.issues] == ["legacy_15"]


def test_passport_pattern_is_a_warning(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_person() | {"CF_XDR_ZJLX": "护照", "CF_XDR_ZJHM": "E1"})
    assert result.valid
    assert [(i.code, i.severity) for i in result.issues] == [("document_format", "warning")]
    assert cf.validate(penalty_for_person() | {"CF_XDR_ZJLX": "护照",
                                               "CF_XDR_ZJHM": "E12345678"}).issues == ()


def test_other_document_types_are_free_text(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_person() | {"CF_XDR_ZJLX": "其他-军官证",
                                                 "CF_XDR_ZJHM": "南字第123456号"})
    assert result.issues == ()


# --- cross-field rules ---------------------------------------------------------------------

def test_natural_person_needs_id_and_no_company_codes(cf: ItemValidator) -> None:
    record = penalty_for_person()
    del record["CF_XDR_ZJHM"]
    record["CF_FRDB"] = "某某"
    result = cf.validate(record)
    assert codes(result) == [
        ("CF_XDR_ZJHM", "required", "error"),
        ("CF_FRDB", "must_be_empty", "error"),
    ]
    assert result.issues[0].message == "「证件号码」为必填项（因为「行政相对人类别」为“自然人”）"
    assert result.issues[1].message == "「法定代表人」应为空（因为「行政相对人类别」为“自然人”）"


def test_company_needs_uscc_and_legal_representative(cf: ItemValidator) -> None:
    record = penalty_for_company()
    del record["CF_XDR_SHXYM"], record["CF_FRDB"]
    assert {i.field for i in cf.validate(record).errors} == {"CF_XDR_SHXYM", "CF_FRDB"}


def test_fine_amount_required_and_positive_when_fined(cf: ItemValidator) -> None:
    record = penalty_for_company()
    del record["CF_NR_FK"]
    assert codes(cf.validate(record)) == [("CF_NR_FK", "required", "error")]
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_NR": "罚款。", "CF_NR_FK": "0"}))
    assert issue.code == "compare"
    assert issue.message == "「罚款金额（万元）」应大于 0（因为「处罚类别」含“罚款”），实为 0"


def test_yuan_wan_yuan_mixup_is_a_warning(cf: ItemValidator) -> None:
    result = cf.validate(penalty_for_company() | {"CF_NR_FK": "2000"})
    assert result.valid
    issue = only_issue(result)
    assert (issue.code, issue.severity) == ("unit_mixup", "warning")
    assert issue.message == ("「罚款金额（万元）」填的是 2000，但「处罚内容」写明罚款 2000 元，"
                             "按万元计应填 0.2；请核对单位")
    other = only_issue(cf.validate(penalty_for_company() | {"CF_NR_FK": "0.3"}))
    assert other.code == "unit_mixup" and "不一致" in other.message


def test_date_order(xk: ItemValidator) -> None:
    record = licence()
    record["XK_YXQZI"] = "2025-12-31"
    issue = only_issue(xk.validate(record))
    assert (issue.field, issue.code) == ("XK_YXQZI", "date_order")
    assert issue.message == "「有效期至」（2025-12-31）不能早于「有效期自」（2026-01-10）"


def test_date_order_warning_uses_the_catalog_message(xk: ItemValidator) -> None:
    record = licence() | {"XK_YXQZ": "2026-01-01"}
    issue = only_issue(xk.validate(record))
    assert issue.severity == "warning"
    assert issue.message == "「有效期自」通常不早于「许可决定日期」，请核对"


def test_disclosure_period_follows_order_58(cf: ItemValidator) -> None:
    issue = only_issue(cf.validate(penalty_for_company() | {"CF_GSJZQ": "2026-05-01"}))
    assert (issue.field, issue.code) == ("CF_GSJZQ", "disclosure_period")
    assert "2026-06-05 至 2029-03-05" in issue.message
    assert cf.validate(penalty_for_company() | {"CF_GSJZQ": "2029-03-05"}).valid
    assert not cf.validate(penalty_for_company() | {"CF_GSJZQ": "2029-03-06"}).valid
    assert cf.suggest_disclosure_end(cf.validate(penalty_for_company()).normalized) == \
        dt.date(2026, 6, 5)


def test_field_states_follow_the_subject_type(cf: ItemValidator) -> None:
    person = cf.field_states({"CF_XDR_LB": "自然人"})
    assert person["CF_XDR_ZJHM"].visible and person["CF_XDR_ZJHM"].required
    assert not person["CF_FRDB"].visible
    company = cf.field_states({"CF_XDR_LB": "法人及非法人组织", "CF_CFLB": ["罚款"]})
    assert not company["CF_XDR_ZJHM"].visible
    assert company["CF_XDR_SHXYM"].required and company["CF_NR_FK"].required
    blank = cf.field_states({})
    assert blank["CF_WSH"].required and not blank["CF_XDR_ZJHM"].required


def licence() -> dict[str, Any]:
    return {
        "XK_XDR_MC": "阳江市阳东区海岸餐饮店", "XK_XDR_LB": "个体工商户",
        "XK_XDR_SHXYM": "92441702L12345674B", "XK_FRDB": "黄伟",
        "XK_XKWS": "食品经营许可决定书", "XK_WSH": "JY24417020012345", "XK_XKLB": "普通",
        "XK_NR": "食品经营：热食类食品制售", "XK_JDRQ": "2026-01-08", "XK_YXQZ": "2026-01-10",
        "XK_YXQZI": "2031-01-09", "XK_XKJG": "阳江市江城区市场监督管理局",
        "XK_XKJGDM": "114417000070012332", "XK_ZT": "有效", "XK_LYDW": "阳江市江城区市场监督管理局",
        "XK_LYDWDM": "00000000000000000X",
    }


def test_valid_licence(xk: ItemValidator) -> None:
    result = xk.validate(licence())
    assert result.issues == ()
    assert result.normalized["XK_ZT"] == "1"


# --- robustness -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=5,
)


@given(field=st.sampled_from([f.name for f in bundled_catalog().item("CF").fields]),
       value=json_values)
def test_any_json_value_in_any_field_gives_issues_not_exceptions(field: str, value: Any) -> None:
    validator = bundled_catalog().validator("CF", clock=FixedClock(TODAY))
    result = validator.validate(penalty_for_company() | {field: value})
    for issue in result.issues:
        assert issue.message.startswith("「"), issue
        assert issue.severity in ("error", "warning")


def test_rules_are_described_in_words(cf: ItemValidator) -> None:
    rules = {r.id: r for r in cf.item.rules}
    assert cf.describe_rule(rules["CF-FK-POSITIVE"]) == \
        "「处罚类别」含“罚款”时，「罚款金额（万元）」应大于 0"
    assert cf.describe_rule(rules["CF-VALIDITY-ORDER"]) == "「处罚有效期」不能早于「处罚决定日期」"


def test_negated_conditions_in_messages_and_checks() -> None:
    from tests.catalog.test_loader import demo_json, item_of
    from ygclient.catalog import parse_catalog

    data = demo_json()
    item_of(data, "FYZX")["rules"].append({
        "id": "T-NOT", "type": "required", "fields": ["FYZX_ZXYJ"],
        "when": {"not": {"field": "FYZX_SSDW", "equals": "申请执行人"}},
    })
    validator = parse_catalog(data).validator("FYZX", clock=FixedClock(TODAY))
    rule = validator.item.rules[-1]
    assert validator.describe_rule(rule) == "「诉讼地位」不为“申请执行人”时，「执行依据文号」必填"
    record = {"FYZX_DSR": "阳江市某公司", "FYZX_DSRLB": "法人及非法人组织",
              "FYZX_SHXYM": "91441700MA4W12346H", "FYZX_AH": "（2026）粤1702执123号",
              "FYZX_AY": "买卖合同纠纷", "FYZX_SSDW": "被执行人",
              "FYZX_SLFY": "阳江市江城区人民法院",
              "FYZX_LASJ": "2026-05-06"}
    assert [(i.field, i.code) for i in validator.validate(record).issues] == [
        ("FYZX_ZXYJ", "required")]
    assert validator.validate(record | {"FYZX_SSDW": "申请执行人"}).issues == ()


# --- field types the demo catalog does not use ------------------------------------------------

@pytest.fixture(scope="module")
def staff() -> ItemValidator:
    """The individual item (GRZYZG) with two more fields: an integer with a range and a plain
    resident ID number (type cn_id, not the document-by-type kind)."""
    data = json.loads(resource_text("catalog/yangjiang-demo.json"))
    item = next(i for i in data["items"] if i["code"] == "GRZYZG")
    item["fields"] += [
        {"name": "GRZYZG_NX", "title": "从业年限", "type": "integer",
         "constraints": {"minimum": "0", "maximum": "60"}},
        {"name": "GRZYZG_JHR", "title": "监护人身份证号", "type": "cn_id", "sensitive": True},
    ]
    return parse_catalog(data).validator("GRZYZG", clock=FixedClock(TODAY))


def staff_record(**fields: Any) -> dict[str, Any]:
    return {"GRZYZG_XM": "林小梅", "GRZYZG_ZJLX": "身份证", "GRZYZG_ZJHM": "441702199003070026",
            "GRZYZG_ZGMC": "执业药师", "GRZYZG_ZSBH": "ZY-2026-0001",
            "GRZYZG_FZRQ": "2026-03-05", "GRZYZG_FZJG": "广东省药品监督管理局",
            "GRZYZG_ZT": "有效", **fields}


def test_integer_field_range_and_form(staff: ItemValidator) -> None:
    base = staff.validate(staff_record())
    assert base.valid, base.issues  # the item's own required fields are satisfied
    assert staff.validate(staff_record(GRZYZG_NX="12")).normalized["GRZYZG_NX"] == 12
    assert staff.validate(staff_record(GRZYZG_NX=12.0)).normalized["GRZYZG_NX"] == 12
    result = staff.validate(staff_record(GRZYZG_NX="61"))
    assert not result.valid and any("从业年限" in i.message and "60" in i.message
                                    for i in result.issues)
    result = staff.validate(staff_record(GRZYZG_NX="3.5"))
    assert not result.valid and any(i.field == "GRZYZG_NX" for i in result.issues)


def test_cn_id_field_check_digit(staff: ItemValidator) -> None:
    ok = staff.validate(staff_record(GRZYZG_JHR="44170219900307000x"))
    assert ok.valid and ok.normalized["GRZYZG_JHR"] == "44170219900307000X"
    bad = staff.validate(staff_record(GRZYZG_JHR="441702199003070001"))
    (issue,) = [i for i in bad.issues if i.field == "GRZYZG_JHR"]
    assert issue.severity == "error" and "监护人身份证号" in issue.message
    assert "校验位" in issue.message and "X" in issue.message
