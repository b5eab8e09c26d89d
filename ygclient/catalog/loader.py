"""Reading a catalog file: JSON Schema first, then the checks a schema cannot express.

Every failure is a :class:`CatalogError` whose message says, in Chinese,
which item, which field (or code list, or rule) and what is wrong, so that
whoever edits the catalog can find the spot without a debugger.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, cast

from ygclient.catalog.model import (
    Catalog,
    CodeList,
    CodeValue,
    Condition,
    Disclosure,
    DocumentFormat,
    Field,
    Item,
    Roles,
    Rule,
)
from ygclient.catalog.textnorm import fold_name
from ygclient.catalog.workdays import CalendarError, WorkCalendar
from ygclient.jsontext import JsonInputError, parse_json
from ygclient.oserror import os_reason

FORMAT = "ygclient-catalog/1"
DEMO_CATALOG = "catalog/yangjiang-demo.json"
SCHEMA = "catalog/catalog.schema.json"


class CatalogError(ValueError):
    """The catalog cannot be used; the message says where and why (Chinese)."""


def resource_text(name: str) -> str:
    """A bundled resource file (resources/… in a checkout, inside the bundle when frozen)."""
    return resources.files("ygclient.resources").joinpath(name).read_text(encoding="utf-8")


@functools.cache
def catalog_schema() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(resource_text(SCHEMA)))


def bundled_catalog() -> Catalog:
    """The demo catalog shipped with the program."""
    return parse_catalog(resource_text(DEMO_CATALOG), source="内置演示目录")


def load_catalog(path: str | Path) -> Catalog:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"无法读取目录文件 {path}：{os_reason(exc)}") from None
    return parse_catalog(raw, source=str(path))


def parse_catalog(raw: bytes | str | Mapping[str, Any], *, source: str = "目录") -> Catalog:
    """Parse and check a catalog given as bytes, text or an already decoded object."""
    if isinstance(raw, bytes | str):
        try:
            data = parse_json(raw, f"{source} ")
        except JsonInputError as exc:
            raise CatalogError(str(exc)) from None
    else:
        data = raw
    check_schema(data, source)
    return _Builder(data, source).build()


def check_schema(data: object, source: str = "目录") -> None:
    """Validate against the JSON Schema; raise with the most relevant error, located."""
    import jsonschema  # imported here: only loading a catalog needs it

    validator = _schema_validator()
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return
    where = _describe_path(data, list(error.absolute_path))
    raise CatalogError(f"{source} 无效：{where}{_describe_schema_error(error)}")


@functools.cache
def _schema_validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(catalog_schema())


def _describe_path(data: object, path: Sequence[object]) -> str:
    """Turn ['items', 3, 'fields', 5, 'type'] into 条目 CF（行政处罚信息）› 信息项 … › 属性 type."""
    parts: list[str] = []
    node: Any = data
    i = 0
    while i < len(path):
        key = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if key in ("items", "fields", "rules", "values") and isinstance(nxt, int):
            try:
                element = node[key][nxt]
            except (KeyError, IndexError, TypeError):
                element = None
            parts.append(_describe_element(str(key), nxt, element))
            node = element
            i += 2
            continue
        if key == "codeLists" and isinstance(nxt, str):
            parts.append(f"代码表 {nxt}")
            node = node.get(key, {}).get(nxt) if isinstance(node, dict) else None
            i += 2
            continue
        parts.append(f"属性 {'.'.join(str(p) for p in path[i:])}")
        break
    return " › ".join(parts) + "：" if parts else ""


def _describe_element(kind: str, index: int, element: object) -> str:
    e = element if isinstance(element, dict) else {}
    if kind == "items":
        code, name = e.get("code"), e.get("name")
        return f"条目 {code}（{name}）" if code and name else f"第 {index + 1} 个条目"
    if kind == "fields":
        name, title = e.get("name"), e.get("title")
        return f"信息项 {name}（{title}）" if name and title else f"第 {index + 1} 个信息项"
    if kind == "rules":
        rule_id = e.get("id")
        return f"规则 {rule_id}" if rule_id else f"第 {index + 1} 条规则"
    code = e.get("code")
    return f"代码值 {code}" if code else f"第 {index + 1} 个代码值"


def _describe_schema_error(error: Any) -> str:
    validator, value, instance = error.validator, error.validator_value, error.instance
    if validator == "required":
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        return f"缺少必填属性 {'、'.join(missing)}"
    if validator == "additionalProperties":
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return f"未知属性 {'、'.join(extra)}（属性名区分大小写，见 docs/catalog-format.md）"
    if validator == "enum":
        return f"取值 {json.dumps(instance, ensure_ascii=False)} 无效，应为以下之一：" + "、".join(
            str(v) for v in value
        )
    if validator == "const":
        return f"取值 {json.dumps(instance, ensure_ascii=False)} 无效，应为 {value}"
    if validator == "type":
        names = {"string": "文本", "integer": "整数", "object": "对象", "array": "数组",
                 "boolean": "true/false", "number": "数字"}
        return f"类型应为{names.get(value, value)}，实为 {json.dumps(instance, ensure_ascii=False)}"
    if validator == "pattern":
        return f"取值 {json.dumps(instance, ensure_ascii=False)} 格式不符（应匹配 {value}）"
    if validator in ("minItems", "minLength", "minProperties"):
        return "不能为空"
    if validator in ("minimum", "maximum"):
        return f"取值 {instance} 超出允许范围（{validator} {value}）"
    if validator == "uniqueItems":
        return "列表中有重复的值"
    return str(error.message)


class _Builder:
    """Turns checked JSON into model objects, doing the cross-reference checks."""

    def __init__(self, data: Mapping[str, Any], source: str) -> None:
        self.data = data
        self.source = source
        self.code_lists: dict[str, CodeList] = {}

    def fail(self, where: str, what: str) -> CatalogError:
        return CatalogError(f"{self.source} 无效：{where}：{what}")

    def build(self) -> Catalog:
        data = self.data
        published = self._date(data["published"], "属性 published")
        for list_id, raw_list in data["codeLists"].items():
            self.code_lists[list_id] = self._code_list(list_id, raw_list)
        items: list[Item] = []
        seen: set[str] = set()
        for raw_item in data["items"]:
            item = self._item(raw_item)
            if item.code in seen:
                raise self.fail(f"条目 {item.code}（{item.name}）", "条目代码重复")
            seen.add(item.code)
            items.append(item)
        calendar = None
        if "calendar" in data:
            try:
                calendar = WorkCalendar.from_dict(data["calendar"])
            except CalendarError as exc:
                raise self.fail("工作日历（calendar）", str(exc)) from None
        return Catalog(
            version=data["version"],
            published=published,
            title=data["title"],
            publisher=data["publisher"],
            code_lists=self.code_lists,
            items=tuple(items),
            calendar=calendar,
            raw=data,
        )

    def _date(self, text: str, where: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise self.fail(where, f"“{text}”不是有效日期（应为 YYYY-MM-DD）") from None

    # --- code lists ----------------------------------------------------------

    def _code_list(self, list_id: str, raw: Mapping[str, Any]) -> CodeList:
        where = f"代码表 {list_id}（{raw['title']}）"
        values: list[CodeValue] = []
        spellings: dict[str, str] = {}
        for raw_value in raw["values"]:
            fmt = raw_value.get("documentFormat")
            document_format = None
            if fmt is not None:
                if "pattern" in fmt:
                    self._regex(fmt["pattern"], f"{where} › 代码值 {raw_value['code']}")
                document_format = DocumentFormat(
                    check=fmt.get("check"),
                    pattern=fmt.get("pattern"),
                    hint=fmt.get("hint"),
                    severity=fmt.get("severity", "error"),
                )
            value = CodeValue(
                code=raw_value["code"],
                label=raw_value["label"],
                aliases=tuple(raw_value.get("aliases", ())),
                needs_detail=raw_value.get("needsDetail", False),
                deprecated=raw_value.get("deprecated", False),
                replaced_by=tuple(raw_value.get("replacedBy", ())),
                document_format=document_format,
            )
            for spelling in (value.code, value.label, *value.aliases):
                key = fold_name(spelling)
                owner = spellings.setdefault(key, value.code)
                if owner != value.code:
                    raise self.fail(
                        f"{where} › 代码值 {value.code}",
                        f"写法“{spelling}”与代码值 {owner} 重复，导入时无法区分",
                    )
            values.append(value)
        if any(v.needs_detail for v in values) and "otherPrefix" not in raw:
            raise self.fail(
                where, "有代码值设置了 needsDetail，代码表必须设置 otherPrefix（如“其他-”）"
            )
        codes = {v.code for v in values}
        for value in values:
            unknown = [c for c in value.replaced_by if c not in codes]
            if unknown:
                raise self.fail(
                    f"{where} › 代码值 {value.code}",
                    f"replacedBy 引用了不存在的代码值 {'、'.join(unknown)}",
                )
        return CodeList(
            id=list_id, title=raw["title"], values=tuple(values),
            other_prefix=raw.get("otherPrefix"),
        )

    # --- items ------------------------------------------------------------------

    def _item(self, raw: Mapping[str, Any]) -> Item:
        where = f"条目 {raw['code']}（{raw['name']}）"
        fields: list[Field] = []
        names: dict[str, Field] = {}
        for raw_field in raw["fields"]:
            fld = self._field(raw_field, where)
            if fld.name in names:
                raise self.fail(f"{where} › 信息项 {fld.name}", "信息项代码重复")
            names[fld.name] = fld
            fields.append(fld)
        self._check_spellings(where, fields)
        for fld in fields:
            self._check_field_refs(where, fld, names)
        rules = tuple(self._rule(r, where, names) for r in raw.get("rules", ()))
        rule_ids = [r.id for r in rules]
        duplicates = sorted({r for r in rule_ids if rule_ids.count(r) > 1})
        if duplicates:
            raise self.fail(where, f"规则编号重复：{'、'.join(duplicates)}")
        disclosure = self._disclosure(raw["disclosure"], where, names)
        roles = self._roles(raw["roles"], where, names)
        deadline_from = raw.get("reportingDeadlineFrom")
        if deadline_from is not None:
            self._need_field(where, "reportingDeadlineFrom", deadline_from, names, ("date",))
        return Item(
            code=raw["code"],
            name=raw["name"],
            description=raw.get("description", ""),
            provider=raw["provider"],
            coverage=tuple(raw["coverage"]),
            category=raw["category"],
            update_cycle=raw["updateCycle"],
            reporting_deadline_days=raw["reportingDeadlineDays"],
            reporting_deadline_from=deadline_from,
            change_deadline_days=raw["changeDeadlineDays"],
            sharing=raw["sharing"],
            openness=raw["openness"],
            disclosure=disclosure,
            roles=roles,
            fields=tuple(fields),
            rules=rules,
            raw=raw,
        )

    def _field(self, raw: Mapping[str, Any], item_where: str) -> Field:
        where = f"{item_where} › 信息项 {raw['name']}（{raw['title']}）"
        ftype = raw["type"]
        constraints: Mapping[str, Any] = raw.get("constraints", {})

        def only_for(attribute: str, present: bool, types: Iterable[str]) -> None:
            if present and ftype not in types:
                raise self.fail(where, f"属性 {attribute} 不适用于类型 {ftype}")

        only_for("unit", "unit" in raw, ("number", "integer"))
        only_for("decimalPlaces", "decimalPlaces" in raw, ("number",))
        only_for("codeList", "codeList" in raw, ("code", "id_document"))
        only_for("multiple", "multiple" in raw, ("code",))
        only_for("documentTypeField", "documentTypeField" in raw, ("id_document",))
        only_for("noFuture", "noFuture" in raw, ("date",))
        only_for("placeholders", "placeholders" in raw,
                 ("string", "uscc", "org_code", "cn_id", "id_document"))
        only_for("minimum", "minimum" in constraints, ("number", "integer", "date"))
        only_for("maximum", "maximum" in constraints, ("number", "integer", "date"))
        only_for("pattern", "pattern" in constraints, ("string",))
        if ftype == "code" and "codeList" not in raw:
            raise self.fail(where, "类型 code 必须用 codeList 指定代码表")
        if ftype == "id_document" and "documentTypeField" not in raw:
            raise self.fail(where, "类型 id_document 必须用 documentTypeField 指定证件类型信息项")
        code_list = raw.get("codeList")
        if code_list is not None and code_list not in self.code_lists:
            raise self.fail(where, f"引用了不存在的代码表 {code_list}")
        for bound in ("minimum", "maximum"):
            if bound in constraints:
                self._bound(constraints[bound], ftype, f"{where} › 属性 constraints.{bound}")
        if "pattern" in constraints:
            self._regex(constraints["pattern"], where)
        if constraints.get("minLength", 0) > constraints.get("maxLength", 1 << 30):
            raise self.fail(where, "minLength 大于 maxLength")
        if constraints.get("required") and "requiredWhen" in raw:
            raise self.fail(where, "不能同时设置 required 与 requiredWhen")
        return Field(
            name=raw["name"],
            title=raw["title"],
            type=ftype,
            description=raw.get("description", ""),
            required=constraints.get("required", False),
            required_when=self._condition(raw["requiredWhen"]) if "requiredWhen" in raw else None,
            max_length=constraints.get("maxLength"),
            min_length=constraints.get("minLength"),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            pattern=constraints.get("pattern"),
            pattern_hint=raw.get("patternHint"),
            unit=raw.get("unit"),
            decimal_places=raw.get("decimalPlaces"),
            code_list=code_list,
            multiple=raw.get("multiple", False),
            document_type_field=raw.get("documentTypeField"),
            no_future=raw.get("noFuture", False),
            sensitive=raw.get("sensitive", False),
            placeholders=tuple(raw.get("placeholders", ())),
            aliases=tuple(raw.get("aliases", ())),
            example=raw.get("example"),
        )

    def _bound(self, text: str, ftype: str, where: str) -> None:
        if ftype == "date":
            self._date(text, where)
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise self.fail(where, f"“{text}”不是数字") from None
        if ftype == "integer" and value != value.to_integral_value():
            raise self.fail(where, f"“{text}”不是整数")

    def _regex(self, pattern: str, where: str) -> None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise self.fail(where, f"正则表达式 {pattern} 无效：{exc}") from None

    def _check_spellings(self, where: str, fields: Sequence[Field]) -> None:
        # The importer matches a column by key, label or alias; two fields
        # answering to the same spelling would make a column ambiguous.
        owners: dict[str, str] = {}
        for fld in fields:
            for spelling in {fld.name, fld.title, *fld.aliases}:
                owner = owners.setdefault(fold_name(spelling), fld.name)
                if owner != fld.name:
                    raise self.fail(
                        f"{where} › 信息项 {fld.name}（{fld.title}）",
                        f"名称或别名“{spelling}”与信息项 {owner} 重复，导入时无法区分列",
                    )

    def _check_field_refs(self, where: str, fld: Field, names: Mapping[str, Field]) -> None:
        here = f"{where} › 信息项 {fld.name}（{fld.title}）"
        if fld.document_type_field is not None:
            sibling = names.get(fld.document_type_field)
            if sibling is None or sibling.type != "code" or sibling.multiple:
                raise self.fail(
                    here,
                    f"documentTypeField {fld.document_type_field} 应为本条目中的单值代码信息项",
                )
        if fld.required_when is not None:
            self._check_condition(here, fld.required_when, names)

    def _need_field(
        self, where: str, attribute: str, name: str | None, names: Mapping[str, Field],
        types: Iterable[str] | None = None,
    ) -> Field:
        fld = names.get(name or "")
        if fld is None:
            raise self.fail(where, f"{attribute} 引用了不存在的信息项 {name}")
        allowed = tuple(types or ())
        if allowed and fld.type not in allowed:
            raise self.fail(
                where,
                f"{attribute} 引用的信息项 {name} 类型为 {fld.type}，应为 {'/'.join(allowed)}",
            )
        return fld

    # --- conditions and rules ---------------------------------------------------

    def _condition(self, raw: Mapping[str, Any]) -> Condition:
        if "all" in raw:
            return Condition(all=tuple(self._condition(c) for c in raw["all"]))
        if "any" in raw:
            return Condition(any=tuple(self._condition(c) for c in raw["any"]))
        if "not" in raw:
            return Condition(not_=self._condition(raw["not"]))
        return Condition(
            field=raw["field"],
            equals=raw.get("equals"),
            in_=tuple(raw["in"]) if "in" in raw else None,
            contains=raw.get("contains"),
            filled=raw.get("filled"),
        )

    def _check_condition(self, where: str, cond: Condition, names: Mapping[str, Field]) -> None:
        for sub in (*(cond.all or ()), *(cond.any or ()), *((cond.not_,) if cond.not_ else ())):
            self._check_condition(where, sub, names)
        if cond.field is None:
            return
        fld = self._need_field(where, "条件", cond.field, names)
        if fld.code_list is None:
            return
        code_list = self.code_lists[fld.code_list]
        wanted = [cond.equals, cond.contains, *(cond.in_ or ())]
        for value in wanted:
            if value is not None and code_list.value(value) is None:
                raise self.fail(
                    where,
                    f"条件中的“{value}”不是代码表 {code_list.id} 的代码值"
                    "（应写代码，而非名称或别名）",
                )

    def _rule(self, raw: Mapping[str, Any], item_where: str, names: Mapping[str, Field]) -> Rule:
        where = f"{item_where} › 规则 {raw['id']}"
        when = self._condition(raw["when"]) if "when" in raw else None
        if when is not None:
            self._check_condition(where, when, names)
        rtype = raw["type"]
        if rtype in ("required", "empty"):
            for name in raw["fields"]:
                self._need_field(where, "fields", name, names)
        elif rtype == "dateOrder":
            self._need_field(where, "earlier", raw["earlier"], names, ("date",))
            self._need_field(where, "later", raw["later"], names, ("date",))
        elif rtype == "compare":
            fld = self._need_field(where, "field", raw["field"], names,
                                   ("number", "integer", "date"))
            self._bound(raw["value"], fld.type, f"{where} › 属性 value")
        elif rtype == "unitMixup":
            amount = self._need_field(where, "amountField", raw["amountField"], names, ("number",))
            self._need_field(where, "textField", raw["textField"], names, ("string",))
            if amount.unit not in ("万元", "元"):
                raise self.fail(where, f"amountField {amount.name} 的单位应为 万元 或 元")
        return Rule(
            id=raw["id"],
            type=rtype,
            severity=raw.get("severity", "error"),
            message=raw.get("message"),
            description=raw.get("description"),
            when=when,
            fields=tuple(raw.get("fields", ())),
            earlier=raw.get("earlier"),
            later=raw.get("later"),
            allow_equal=raw.get("allowEqual", True),
            field=raw.get("field"),
            op=raw.get("op"),
            value=raw.get("value"),
            amount_field=raw.get("amountField"),
            text_field=raw.get("textField"),
            keyword=raw.get("keyword"),
        )

    def _disclosure(
        self, raw: Mapping[str, Any], item_where: str, names: Mapping[str, Field]
    ) -> Disclosure:
        where = f"{item_where} › 公示期限（disclosure）"
        for attribute in ("startField", "endField"):
            if attribute in raw:
                self._need_field(where, attribute, raw[attribute], names, ("date",))
        if raw.get("permanent") and ("maxMonths" in raw or "endField" in raw):
            raise self.fail(where, "长期公示（permanent）不能再设置 maxMonths 或 endField")
        if ("minMonths" in raw or "maxMonths" in raw) and "startField" not in raw:
            raise self.fail(where, "设置公示月数时必须用 startField 指定起算日期")
        if raw.get("minMonths", 0) > raw.get("maxMonths", 1 << 30):
            raise self.fail(where, "minMonths 大于 maxMonths")
        return Disclosure(
            basis=raw["basis"],
            permanent=raw.get("permanent", False),
            start_field=raw.get("startField"),
            end_field=raw.get("endField"),
            min_months=raw.get("minMonths"),
            max_months=raw.get("maxMonths"),
        )

    def _roles(self, raw: Mapping[str, Any], item_where: str, names: Mapping[str, Field]) -> Roles:
        where = f"{item_where} › 字段角色（roles）"
        self._need_field(where, "subjectName", raw["subjectName"], names, ("string",))
        for name in raw["subjectCodes"]:
            self._need_field(where, "subjectCodes", name, names,
                             ("uscc", "org_code", "cn_id", "id_document", "string"))
        if "subjectType" in raw:
            self._need_field(where, "subjectType", raw["subjectType"], names, ("code",))
        if "documentNumber" in raw:
            self._need_field(where, "documentNumber", raw["documentNumber"], names, ("string",))
        if "decisionDate" in raw:
            self._need_field(where, "decisionDate", raw["decisionDate"], names, ("date",))
        return Roles(
            subject_name=raw["subjectName"],
            subject_codes=tuple(raw["subjectCodes"]),
            subject_type=raw.get("subjectType"),
            document_number=raw.get("documentNumber"),
            decision_date=raw.get("decisionDate"),
        )
