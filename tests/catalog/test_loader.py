"""Catalog files: the demo catalog, the JSON Schema, and clear errors for broken catalogs."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from ygclient.catalog import CatalogError, UnknownItemError, bundled_catalog, parse_catalog
from ygclient.catalog.loader import check_schema

# Reference §1.1 and §1.2: the 2019+ national 双公示 field lists, key and label exactly.
PARTY = [
    ("XDR_MC", "行政相对人名称"), ("XDR_LB", "行政相对人类别"),
    ("XDR_SHXYM", "行政相对人代码_1(统一社会信用代码)"),
    ("XDR_GSZC", "行政相对人代码_2(工商注册号)"),
    ("XDR_ZZJG", "行政相对人代码_3(组织机构代码)"), ("XDR_SWDJ", "行政相对人代码_4(税务登记号)"),
    ("XDR_SYDW", "行政相对人代码_5(事业单位证书号)"),
    ("XDR_SHZZ", "行政相对人代码_6(社会组织登记证号)"),
    ("FRDB", "法定代表人"), ("FR_ZJLX", "法定代表人证件类型"), ("FR_ZJHM", "法定代表人证件号码"),
    ("XDR_ZJLX", "证件类型"), ("XDR_ZJHM", "证件号码"),
]
XK_FIELDS = [(f"XK_{k}", t) for k, t in PARTY] + [
    ("XK_XKWS", "行政许可决定文书名称"), ("XK_WSH", "行政许可决定文书号"), ("XK_XKLB", "许可类别"),
    ("XK_XKZS", "许可证书名称"), ("XK_XKBH", "许可编号"), ("XK_NR", "许可内容"),
    ("XK_JDRQ", "许可决定日期"), ("XK_YXQZ", "有效期自"), ("XK_YXQZI", "有效期至"),
    ("XK_XKJG", "许可机关"), ("XK_XKJGDM", "许可机关统一社会信用代码"), ("XK_ZT", "当前状态"),
    ("XK_LYDW", "数据来源单位"), ("XK_LYDWDM", "数据来源单位统一社会信用代码"), ("BZ", "备注"),
]
CF_FIELDS = [(f"CF_{k}", t) for k, t in PARTY] + [
    ("CF_WSH", "行政处罚决定书文号"), ("CF_WFXW", "违法行为类型"), ("CF_SY", "违法事实"),
    ("CF_YJ", "处罚依据"), ("CF_CFLB", "处罚类别"), ("CF_NR", "处罚内容"),
    ("CF_NR_FK", "罚款金额（万元）"), ("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）"),
    ("CF_NR_ZKDX", "暂扣或吊销证照名称及编号"), ("CF_JDRQ", "处罚决定日期"),
    ("CF_YXQ", "处罚有效期"),
    ("CF_GSJZQ", "公示截止期"), ("CF_CFJG", "处罚机关"), ("CF_CFJGDM", "处罚机关统一社会信用代码"),
    ("CF_SJLY", "数据来源单位"), ("CF_SJLYDM", "数据来源单位统一社会信用代码"), ("BZ", "备注"),
]
# Reference §1.5: legacy 2015/16 names the importer must recognise, and where they land.
LEGACY = {
    "XK": {"XK_XDR": "XK_XDR_MC", "XK_XDR_ZDM": "XK_XDR_ZZJG", "XK_XDR_GSDJ": "XK_XDR_GSZC",
           "XK_XDR_SFZ": "XK_XDR_ZJHM", "XK_FR": "XK_FRDB", "XK_JZQ": "XK_YXQZI",
           "XK_XZJG": "XK_XKJG", "XK_SPLB": "XK_XKLB", "XK_XMMC": "XK_XKWS",
           "行政许可决定书文号": "XK_WSH", "法定代表人姓名": "XK_FRDB",
           "居民身份证号": "XK_XDR_ZJHM"},
    "CF": {"CF_XDR_ZDM": "CF_XDR_ZZJG", "CF_XDR_GSDJ": "CF_XDR_GSZC", "CF_XDR_SFZ": "CF_XDR_ZJHM",
           "CF_FR": "CF_FRDB", "CF_JG": "CF_NR", "CF_XZJG": "CF_CFJG", "CF_CFLB1": "CF_CFLB",
           "CF_CFLB2": "CF_CFLB", "处罚事由": "CF_SY", "处罚结果": "CF_NR"},
}


def demo_json() -> dict[str, Any]:
    text = resources.files("ygclient.resources").joinpath("catalog/yangjiang-demo.json")
    data: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return data


def shipped_catalogs() -> list[str]:
    folder = resources.files("ygclient.resources").joinpath("catalog")
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith(".json") and not p.name.endswith(".schema.json"))


@pytest.mark.parametrize("name", shipped_catalogs())
def test_every_shipped_catalog_passes_the_schema(name: str) -> None:
    folder = resources.files("ygclient.resources").joinpath("catalog")
    data = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
    check_schema(data, name)
    parse_catalog(data, source=name)


def test_demo_catalog_covers_every_category_and_subject_type() -> None:
    catalog = bundled_catalog()
    assert len(catalog.items) >= 8
    assert {i.category for i in catalog.items} == {
        "基本信息", "行政许可与行政处罚", "司法判决", "信用评价", "资质资格"}
    covered = set().union(*(i.coverage for i in catalog.items))
    assert covered == {"企业", "事业单位", "社会组织", "个人"}
    assert any(i.coverage == ("个人",) for i in catalog.items)
    names = " ".join(i.name for i in catalog.items)
    for expected in ("严重失信主体名单", "守信激励名单", "资质", "信用评价", "法院执行"):
        assert expected in names
    for item in catalog.items:  # every art. 8 attribute is filled in
        assert item.provider and item.update_cycle and item.sharing and item.openness
        assert item.disclosure.basis and item.reporting_deadline_days > 0


@pytest.mark.parametrize(("code", "expected"), [("XK", XK_FIELDS), ("CF", CF_FIELDS)])
def test_shuang_gongshi_items_match_the_national_lists(code: str, expected: list[Any]) -> None:
    item = bundled_catalog().item(code)
    assert [(f.name, f.title) for f in item.fields] == expected


@pytest.mark.parametrize("code", ["XK", "CF"])
def test_legacy_names_are_aliases(code: str) -> None:
    item = bundled_catalog().item(code)
    owner = {alias: f.name for f in item.fields for alias in f.aliases}
    for legacy, current in LEGACY[code].items():
        assert owner.get(legacy) == current, legacy


def test_id_numbers_are_marked_sensitive() -> None:
    for item in bundled_catalog().items:
        for fld in item.fields:
            if fld.type in ("cn_id", "id_document"):
                assert fld.sensitive, (item.code, fld.name)


def test_unknown_item_lists_the_known_ones() -> None:
    with pytest.raises(UnknownItemError) as err:
        bundled_catalog().item("QQ")
    assert "没有代码为“QQ”的条目" in str(err.value) and "CF" in str(err.value)


# --- broken catalogs: each message says where and what ------------------------------------

def field_of(data: dict[str, Any], item: str, name: str) -> dict[str, Any]:
    it = next(i for i in data["items"] if i["code"] == item)
    return next(f for f in it["fields"] if f["name"] == name)


def item_of(data: dict[str, Any], item: str) -> dict[str, Any]:
    return next(i for i in data["items"] if i["code"] == item)


Mutation = Callable[[dict[str, Any]], None]
BROKEN: list[tuple[str, Mutation, list[str]]] = [
    ("bad field type", lambda d: field_of(d, "CF", "CF_NR_FK").update(type="decmal"),
     ["条目 CF（行政处罚信息）", "信息项 CF_NR_FK", "decmal"]),
    ("missing label", lambda d: field_of(d, "CF", "CF_WSH").pop("title"),
     ["条目 CF（行政处罚信息）", "缺少必填属性 title"]),
    ("misspelt attribute", lambda d: field_of(d, "XK", "XK_NR").update(maxLenght=5),
     ["条目 XK（行政许可信息）", "信息项 XK_NR（许可内容）", "未知属性 maxLenght"]),
    ("unknown code list", lambda d: field_of(d, "CF", "CF_CFLB").update(codeList="nope"),
     ["信息项 CF_CFLB（处罚类别）", "不存在的代码表 nope"]),
    ("duplicate field", lambda d: item_of(d, "ZZ")["fields"].append(
        copy.deepcopy(field_of(d, "ZZ", "ZZ_ZSH"))), ["条目 ZZ（资质信息）", "ZZ_ZSH", "重复"]),
    ("rule on missing field", lambda d: item_of(d, "XK")["rules"].append(
        {"id": "X1", "type": "dateOrder", "earlier": "XK_JDRQ", "later": "XK_NOPE"}),
     ["条目 XK（行政许可信息）", "规则 X1", "不存在的信息项 XK_NOPE"]),
    ("condition with a label instead of a code", lambda d: field_of(d, "CF", "CF_NR_FK").update(
        requiredWhen={"field": "CF_XDR_LB", "equals": "法人"}),
     ["信息项 CF_NR_FK", "“法人”不是代码表 xdr_lb 的代码值"]),
    ("bad regex", lambda d: field_of(d, "CF", "CF_WSH").setdefault("constraints", {}).update(
        pattern="(["), ["信息项 CF_WSH", "正则表达式"]),
    ("unit on a date", lambda d: field_of(d, "CF", "CF_JDRQ").update(unit="天"),
     ["信息项 CF_JDRQ（处罚决定日期）", "unit 不适用于类型 date"]),
    ("bad coverage", lambda d: item_of(d, "CF").update(coverage=["公司"]),
     ["条目 CF（行政处罚信息）", "coverage", "企业、事业单位、社会组织、个人"]),
    ("wrong format", lambda d: d.update(format="other/2"), ["format", "ygclient-catalog/1"]),
    ("bad published date", lambda d: d.update(published="2026-13-01"), ["published", "2026-13-01"]),
    ("ambiguous alias", lambda d: field_of(d, "CF", "BZ").update(aliases=["处罚内容"]),
     ["信息项 BZ（备注）", "“处罚内容”与信息项 CF_NR 重复"]),
    ("document type is not a code", lambda d: field_of(d, "CF", "CF_XDR_ZJHM").update(
        documentTypeField="CF_XDR_MC"), ["信息项 CF_XDR_ZJHM", "documentTypeField"]),
    ("bad calendar", lambda d: d.update(calendar={"format": "nope"}), ["工作日历"]),
    ("bad disclosure months", lambda d: item_of(d, "CF")["disclosure"].update(minMonths=40),
     ["条目 CF（行政处罚信息）", "minMonths 大于 maxMonths"]),
]


@pytest.mark.parametrize(("mutate", "fragments"), [(m, f) for _, m, f in BROKEN],
                         ids=[name for name, _, _ in BROKEN])
def test_broken_catalog_is_rejected_with_a_located_message(
    mutate: Mutation, fragments: list[str]
) -> None:
    data = demo_json()
    mutate(data)
    with pytest.raises(CatalogError) as err:
        parse_catalog(data, source="测试目录")
    message = str(err.value)
    assert message.startswith("测试目录 无效：")
    for fragment in fragments:
        assert fragment in message, message


def test_non_utf8_and_non_json_catalog_files() -> None:
    with pytest.raises(CatalogError, match="不是 UTF-8 编码"):
        parse_catalog("阳江".encode("gbk"), source="x.json")
    with pytest.raises(CatalogError, match="第 1 行第 2 列"):
        parse_catalog(b"{oops", source="x.json")
