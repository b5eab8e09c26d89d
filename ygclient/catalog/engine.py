"""The validation engine: one compiled validator per catalog item.

The forms, the importer, the CLI and ygcentral all call :meth:`ItemValidator.validate`;
nothing else in the project decides whether a record is valid. A validator
normalises a record (trimmed text, half-width upper-case codes, ISO dates,
canonical decimals, canonical code-list values) and lists every issue with
the field, a stable code, a severity and a Chinese message naming the field.

Compilation turns each field into a closure chosen for its type, so that
validating a record is a loop of dictionary look-ups and calls; see
bench/bench_validate.py for the figures.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from ygclient.catalog import checkdigits
from ygclient.catalog.model import Catalog, CodeList, CodeValue, Condition, Field, Item, Rule
from ygclient.catalog.model import Severity as Severity
from ygclient.catalog.textnorm import (
    DateParseError,
    NumberParseError,
    compact_code,
    decimal_places,
    decimal_text,
    fold_name,
    halfwidth,
    parse_date,
    parse_decimal,
    type_name,
)
from ygclient.clock import SYSTEM_CLOCK, Clock


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding about a record. ``field`` is None for whole-record issues."""

    field: str | None
    code: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "code": self.code, "severity": self.severity,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    normalized: dict[str, Any]
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        """True when no issue is an error (warnings do not block submission)."""
        return not any(issue.severity == "error" for issue in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    def for_field(self, name: str) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.field == name)


@dataclass(frozen=True, slots=True)
class FieldState:
    """What a form shows for a field given the values entered so far."""

    visible: bool
    required: bool


# A compiled field: takes a non-empty raw value, returns the normalised value
# (None when it cannot be normalised) and appends issues to the list it is given.
_Normalizer = Callable[[object, list[Issue], dt.date], Any]
_RuleCheck = Callable[[dict[str, Any], set[str], list[Issue]], None]
_Predicate = Callable[[Mapping[str, Any]], bool]

_MAX_EXACT_FLOAT: Final = 10**15  # beyond this a float no longer holds every digit
_SEPARATORS: Final = re.compile(r"[;；,，、|\n]+")
_OPS: Final = {
    "<": "小于", "<=": "不大于", ">": "大于", ">=": "不小于", "==": "等于", "!=": "不等于",
}


def _q(title: str) -> str:
    return f"「{title}」"


class ItemValidator:
    """Validates and normalises records of one catalog item."""

    def __init__(self, catalog: Catalog, item: Item, *, clock: Clock | None = None) -> None:
        self.catalog = catalog
        self.item = item
        self._clock = clock or SYSTEM_CLOCK
        self._fields = {f.name: f for f in item.fields}
        self._normalizers: dict[str, _Normalizer] = {
            f.name: self._compile_field(f) for f in item.fields
        }
        self._required_names = tuple(f.name for f in item.fields if f.required)
        self._required_set = frozenset(self._required_names)
        self._rules: list[_RuleCheck] = []
        self._required_rules: list[tuple[_Predicate, tuple[str, ...]]] = []
        self._empty_rules: list[tuple[_Predicate, tuple[str, ...]]] = []
        for fld in item.fields:
            if fld.required_when is not None:
                rule = Rule(id=f"{fld.name}.requiredWhen", type="required",
                            when=fld.required_when, fields=(fld.name,))
                self._rules.append(self._compile_rule(rule))
        for rule in item.rules:
            self._rules.append(self._compile_rule(rule))
        self._rules.extend(self._compile_document_checks())
        disclosure_check = self._compile_disclosure()
        if disclosure_check is not None:
            self._rules.append(disclosure_check)

    # --- public API ----------------------------------------------------------

    def validate(self, record: object, *, today: dt.date | None = None) -> ValidationResult:
        """Normalise ``record`` (a mapping of field key to raw value) and list its issues.

        ``today``: the clock's date, where the caller validates many records at one moment
        (it is read once per record otherwise)."""
        issues: list[Issue] = []
        if not isinstance(record, Mapping):
            issues.append(Issue(None, "record_type", "error",
                                f"记录应为对象（信息项代码 → 值），实为{type_name(record)}"))
            return ValidationResult({}, tuple(issues))
        if today is None:
            today = self._clock.today()
        normalized: dict[str, Any] = {}
        failed: list[str] = []  # given, but not normalisable: present, yet without a value
        normalizers = self._normalizers
        for key, value in record.items():
            if value is None:
                continue
            if type(value) is str:
                value = value.strip()
                if not value:
                    continue
            elif isinstance(value, list | tuple) and not value:
                continue
            normalize = normalizers.get(key)
            if normalize is None:
                issues.append(self._unknown_field(key))
                continue
            result = normalize(value, issues, today)
            if result is None:
                failed.append(key)
            else:
                normalized[key] = result
        present = normalized.keys() | failed
        if not self._required_set.issubset(present):
            for name in self._required_names:
                if name not in present:
                    issues.append(Issue(name, "required", "error", f"{self._title(name)}为必填项"))
        for check in self._rules:
            check(normalized, present, issues)
        return ValidationResult(normalized, tuple(issues))

    def field_states(self, normalized: Mapping[str, Any]) -> dict[str, FieldState]:
        """Which fields a form should show and mark required for these (normalised) values."""
        values = dict(normalized)
        hidden: set[str] = set()
        for applies, names in self._empty_rules:
            if applies(values):
                hidden.update(names)
        required = set(self._required_set)
        for applies, names in self._required_rules:
            if applies(values):
                required.update(names)
        return {
            f.name: FieldState(visible=f.name not in hidden, required=f.name in required)
            for f in self.item.fields
        }

    def suggest_disclosure_end(self, normalized: Mapping[str, Any]) -> dt.date | None:
        """The earliest lawful end of disclosure (art. 18), for the form to propose."""
        rule = self.item.disclosure
        if rule.start_field is None or rule.min_months is None:
            return None
        start = normalized.get(rule.start_field)
        if not isinstance(start, str):
            return None
        return add_months(dt.date.fromisoformat(start), rule.min_months)

    def describe_rule(self, rule: Rule) -> str:
        """The rule in a sentence a clerk understands (for help texts and templates)."""
        if rule.description:
            return rule.description
        when = f"{self._describe(rule.when)}时，" if rule.when is not None else ""
        names = "、".join(self._title(n) for n in rule.fields)
        if rule.type == "required":
            return f"{when}{names}必填"
        if rule.type == "empty":
            return f"{when}{names}应为空"
        if rule.type == "dateOrder":
            assert rule.earlier is not None and rule.later is not None
            relation = "不能早于" if rule.allow_equal else "应晚于"
            return f"{when}{self._title(rule.later)}{relation}{self._title(rule.earlier)}"
        if rule.type == "compare":
            assert rule.field is not None and rule.op is not None
            return f"{when}{self._title(rule.field)}应{_OPS[rule.op]} {rule.value}"
        assert rule.amount_field is not None and rule.text_field is not None
        unit = self._fields[rule.amount_field].unit
        return (f"{when}{self._title(rule.amount_field)}以{unit}为单位，"
                f"应与{self._title(rule.text_field)}中写明的{rule.keyword}金额一致")

    # --- compiling fields ------------------------------------------------------

    def _unknown_field(self, key: object) -> Issue:
        shown = key if isinstance(key, str) else repr(key)
        return Issue(str(key), "unknown_field", "error",
                     f"条目 {self.item.label} 没有信息项“{shown}”（应使用信息项代码，如 "
                     f"{self.item.fields[0].name}）")

    def _compile_field(self, fld: Field) -> _Normalizer:
        builders = {
            "string": self._compile_string,
            "integer": self._compile_integer,
            "number": self._compile_number,
            "date": self._compile_date,
            "code": self._compile_code,
            "uscc": self._compile_identifier,
            "org_code": self._compile_identifier,
            "cn_id": self._compile_identifier,
            "id_document": self._compile_identifier,
        }
        return builders[fld.type](fld)

    def _compile_string(self, fld: Field) -> _Normalizer:
        name, label = fld.name, _q(fld.title)
        max_length, min_length = fld.max_length, fld.min_length
        pattern = re.compile(fld.pattern) if fld.pattern else None
        hint = fld.pattern_hint or (f"应匹配 {fld.pattern}" if fld.pattern else "")
        placeholders = frozenset(fld.placeholders)

        def normalize(value: object, issues: list[Issue], today: dt.date) -> Any:
            if type(value) is not str:
                text = _number_as_text(value)
                if text is None:
                    issues.append(_type_issue(name, label, "文本", value))
                    return None
                value = text
            assert isinstance(value, str)
            if value in placeholders:
                return value
            size = len(value)
            if max_length is not None and size > max_length:
                issues.append(Issue(name, "max_length", "error",
                                    f"{label}最多 {max_length} 个字，实为 {size} 个字"))
            elif min_length is not None and size < min_length:
                issues.append(Issue(name, "min_length", "error",
                                    f"{label}至少 {min_length} 个字，实为 {size} 个字"))
            if pattern is not None and pattern.fullmatch(value) is None:
                issues.append(Issue(name, "pattern", "error", f"{label}格式不正确：{hint}"))
            return value

        return normalize

    def _compile_integer(self, fld: Field) -> _Normalizer:
        name, label = fld.name, _q(fld.title)
        check_range = _range_checker(fld, label)

        def normalize(value: object, issues: list[Issue], today: dt.date) -> Any:
            if type(value) is int:
                number = value
            else:
                try:
                    parsed = parse_decimal(value, fld.unit)
                except NumberParseError as exc:
                    issues.append(Issue(name, "type", "error", f"{label}应为整数：{exc.reason}"))
                    return None
                if parsed != parsed.to_integral_value():
                    issues.append(Issue(name, "type", "error",
                                        f"{label}应为整数，实为 {decimal_text(parsed)}"))
                    return None
                number = int(parsed)
            problem = check_range(Decimal(number))
            if problem:
                issues.append(Issue(name, "range", "error", problem))
            return number

        return normalize

    def _compile_number(self, fld: Field) -> _Normalizer:
        name, label, unit = fld.name, _q(fld.title), fld.unit
        places = fld.decimal_places
        check_range = _range_checker(fld, label)

        def normalize(value: object, issues: list[Issue], today: dt.date) -> Any:
            try:
                number = parse_decimal(value, unit)
            except NumberParseError as exc:
                issues.append(Issue(name, "type", "error",
                                    _number_message(label, unit, value, exc.reason)))
                return None
            if places is not None and decimal_places(number) > places:
                issues.append(Issue(
                    name, "decimal_places", "error",
                    f"{label}最多保留 {places} 位小数，实为 {decimal_text(number)}"))
            problem = check_range(number)
            if problem:
                issues.append(Issue(name, "range", "error", problem))
            return decimal_text(number)

        return normalize

    def _compile_date(self, fld: Field) -> _Normalizer:
        name, label = fld.name, _q(fld.title)
        minimum = fld.minimum or "1900-01-01"
        maximum = fld.maximum or "2099-12-31"
        no_future = fld.no_future

        def normalize(value: object, issues: list[Issue], today: dt.date) -> Any:
            day: dt.date | None = None
            if type(value) is str and len(value) == 10 and value[4] == "-" == value[7]:
                try:
                    day, text = dt.date.fromisoformat(value), value  # already canonical
                except ValueError:
                    day = None  # parse_date below says precisely what is wrong
            if day is None:
                try:
                    day = parse_date(value)
                except DateParseError as exc:
                    issues.append(Issue(name, "date", "error", f"{label}：{exc.reason}"))
                    return None
                text = day.isoformat()
            if text < minimum or text > maximum:
                issues.append(Issue(name, "range", "error",
                                    f"{label}应在 {minimum} 至 {maximum} 之间，实为 {text}"))
            elif no_future and day > today:
                issues.append(Issue(name, "future_date", "error",
                                    f"{label}不能晚于今天（{today.isoformat()}），实为 {text}"))
            return text

        return normalize

    def _compile_code(self, fld: Field) -> _Normalizer:
        assert fld.code_list is not None
        code_list = self.catalog.code_lists[fld.code_list]
        name, label = fld.name, _q(fld.title)
        lookup = _code_lookup(code_list)
        exact = {spelling: value for value in code_list.values
                 for spelling in (value.code, value.label, *value.aliases)}

        def one(text: str, issues: list[Issue]) -> str | None:
            value = exact.get(text) or lookup.get(fold_name(text))
            if value is not None:
                if value.needs_detail:
                    issues.append(Issue(name, "code_detail", "error",
                                        f"{label}选“{value.label}”时须写明具体类别，"
                                        f"如“{code_list.other_prefix}xxx”"))
                elif value.deprecated:
                    instead = "、".join(value.replaced_by) or "现行代码"
                    issues.append(Issue(name, "code_deprecated", "warning",
                                        f"{label}“{value.code}”是旧版代码，请改用 {instead}"))
                return value.code
            other = _other_value(text, code_list.other_prefix)
            if other is not None:
                return other
            allowed = "、".join(v.code for v in code_list.values[:12])
            more = " 等" if len(code_list.values) > 12 else ""
            if code_list.other_prefix:
                more += f"，或“{code_list.other_prefix}具体名称”"
            issues.append(Issue(name, "code", "error",
                                f"{label}“{text[:20]}”不在代码表中，应为：{allowed}{more}"))
            return None

        if not fld.multiple:
            def normalize(value: object, issues: list[Issue], today: dt.date) -> Any:
                if type(value) is not str:
                    text = _number_as_text(value)
                    if text is None:
                        issues.append(_type_issue(name, label, "代码表中的值", value))
                        return None
                    value = text
                assert isinstance(value, str)
                return one(value, issues)

            return normalize

        def normalize_many(value: object, issues: list[Issue], today: dt.date) -> Any:
            parts: Iterable[object]
            if isinstance(value, str):
                parts = _SEPARATORS.split(halfwidth(value))
            elif isinstance(value, list | tuple):
                parts = value
            else:
                issues.append(_type_issue(name, label, "代码值或代码值列表", value))
                return None
            codes: list[str] = []
            for part in parts:
                if not isinstance(part, str):
                    issues.append(_type_issue(name, label, "代码值", part))
                    continue
                part = part.strip()
                if part:
                    code = one(part, issues)
                    if code is not None and code not in codes:
                        codes.append(code)
            return codes or None

        return normalize_many

    def _compile_identifier(self, fld: Field) -> _Normalizer:
        name, label, ftype = fld.name, _q(fld.title), fld.type
        placeholders = frozenset(fld.placeholders)
        check: Callable[[str, dt.date], tuple[checkdigits.Problem, ...]] | None
        if ftype == "uscc":
            def check(code: str, today: dt.date) -> tuple[checkdigits.Problem, ...]:
                return checkdigits.uscc_problems(code)
        elif ftype == "org_code":
            def check(code: str, today: dt.date) -> tuple[checkdigits.Problem, ...]:
                return checkdigits.org_code_problems(code)
        elif ftype == "cn_id":
            check = checkdigits.cn_id_problems
        else:
            check = None  # id_document: checked once its 证件类型 is known
        max_length = fld.max_length

        def normalize(value: object, issues: list[Issue], today: dt.date) -> Any:
            if type(value) is not str:
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    issues.append(Issue(name, "number_as_code", "error",
                                        f"{label}应以文本填写：以数字形式保存的代码可能已丢失位数"
                                        f"或末位 X，请把单元格设为文本后重新填写"))
                else:
                    issues.append(_type_issue(name, label, "文本", value))
                return None
            assert isinstance(value, str)
            code = compact_code(value)
            if ftype == "org_code" and len(code) == 10 and code[8] == "-":
                code = code[:8] + code[9]
            if code in placeholders:
                return code
            if max_length is not None and len(code) > max_length:
                issues.append(Issue(name, "max_length", "error",
                                    f"{label}最多 {max_length} 位，实为 {len(code)} 位"))
            elif check is not None:
                for problem in check(code, today):
                    issues.append(_problem_issue(name, label, problem))
            return code

        return normalize

    # --- compiling rules -------------------------------------------------------

    def _title(self, name: str) -> str:
        return _q(self._fields[name].title)

    def _describe(self, cond: Condition) -> str:
        """A condition in words: 「行政相对人类别」为“自然人”."""
        if cond.all is not None:
            return "且".join(self._describe(c) for c in cond.all)
        if cond.any is not None:
            return "或".join(self._describe(c) for c in cond.any)
        if cond.not_ is not None:
            inner = cond.not_
            if inner.field is not None and inner.filled is None:
                title = self._title(inner.field)
                if inner.contains is not None:
                    return f"{title}不含“{inner.contains}”"
                values = (inner.equals,) if inner.equals is not None else inner.in_ or ()
                return f"{title}不为" + "或".join(f"“{v}”" for v in values)
            return f"并非（{self._describe(inner)}）"
        assert cond.field is not None
        title = self._title(cond.field)
        if cond.equals is not None:
            return f"{title}为“{cond.equals}”"
        if cond.in_ is not None:
            return f"{title}为" + "或".join(f"“{v}”" for v in cond.in_)
        if cond.contains is not None:
            return f"{title}含“{cond.contains}”"
        return f"{title}{'已填写' if cond.filled else '未填写'}"

    def _compile_rule(self, rule: Rule) -> _RuleCheck:
        when = rule.when
        applies = _predicate(when)
        because = f"（因为{self._describe(when)}）" if when is not None else ""
        severity = rule.severity
        rule_message = rule.message

        def message(default: str) -> str:
            return rule_message or default

        if rule.type == "required":
            self._required_rules.append((applies, rule.fields))
            targets = [(n, self._title(n)) for n in rule.fields]

            def check_required(values: dict[str, Any], present: set[str],
                               issues: list[Issue]) -> None:
                if not applies(values):
                    return
                for target, title in targets:
                    if target not in present:
                        issues.append(Issue(target, "required", severity,
                                            message(f"{title}为必填项{because}")))

            return check_required

        if rule.type == "empty":
            self._empty_rules.append((applies, rule.fields))
            targets = [(n, self._title(n)) for n in rule.fields]

            def check_empty(values: dict[str, Any], present: set[str],
                            issues: list[Issue]) -> None:
                if not applies(values):
                    return
                for target, title in targets:
                    if target in present:
                        issues.append(Issue(target, "must_be_empty", severity,
                                            message(f"{title}应为空{because}")))

            return check_empty

        if rule.type == "dateOrder":
            assert rule.earlier is not None and rule.later is not None
            earlier, later, allow_equal = rule.earlier, rule.later, rule.allow_equal
            earlier_title, later_title = self._title(earlier), self._title(later)
            relation = "不能早于" if allow_equal else "应晚于"

            def check_order(values: dict[str, Any], present: set[str],
                            issues: list[Issue]) -> None:
                first, second = values.get(earlier), values.get(later)
                if first is None or second is None or not applies(values):
                    return
                if second < first or (second == first and not allow_equal):
                    issues.append(Issue(later, "date_order", severity, message(
                        f"{later_title}（{second}）{relation}{earlier_title}（{first}）")))

            return check_order

        if rule.type == "compare":
            assert rule.field is not None and rule.op is not None and rule.value is not None
            target, op = rule.field, rule.op
            title = self._title(target)
            kind = self._fields[target].type
            bound: Any = rule.value if kind == "date" else Decimal(rule.value)
            compare = _comparison(op)

            def check_compare(values: dict[str, Any], present: set[str],
                              issues: list[Issue]) -> None:
                raw = values.get(target)
                if raw is None or not applies(values):
                    return
                actual = raw if kind == "date" else Decimal(raw)
                if not compare(actual, bound):
                    issues.append(Issue(target, "compare", severity, message(
                        f"{title}应{_OPS[op]} {rule.value}{because}，实为 {raw}")))

            return check_compare

        assert rule.type == "unitMixup"
        assert rule.amount_field and rule.text_field and rule.keyword
        return self._compile_unit_mixup(rule, message)

    def _compile_unit_mixup(self, rule: Rule, message: Callable[[str], str]) -> _RuleCheck:
        assert rule.amount_field and rule.text_field and rule.keyword
        amount_field, text_field = rule.amount_field, rule.text_field
        unit = self._fields[amount_field].unit or "万元"
        per_unit = Decimal(10000) if unit == "万元" else Decimal(1)
        amount_title, text_title = self._title(amount_field), self._title(text_field)
        applies, severity = _predicate(rule.when), rule.severity
        # 罚款2000元 / 罚款人民币2,000.00元 / 罚款0.2万元 / 罚款 3 万元
        mention = re.compile(
            re.escape(rule.keyword)
            + r"(?:人民币|金额|款)?\s*[:：]?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元)"
        )

        def check_units(values: dict[str, Any], present: set[str], issues: list[Issue]) -> None:
            amount_text, text = values.get(amount_field), values.get(text_field)
            if amount_text is None or text is None or not applies(values):
                return
            mentions = mention.findall(halfwidth(text))
            if not mentions:
                return
            yuan = sum(
                (Decimal(n.replace(",", "")) * (10000 if u == "万元" else 1) for n, u in mentions),
                Decimal(0),
            )
            amount = Decimal(amount_text)
            if amount * per_unit == yuan:
                return
            stated = f"{decimal_text(yuan)} 元"
            expected = decimal_text(yuan / per_unit)
            if amount == yuan and per_unit != 1:
                text_ = (f"{amount_title}填的是 {amount_text}，但{text_title}写明"
                         f"{rule.keyword} {stated}，按{unit}计应填 {expected}；请核对单位")
            else:
                text_ = (f"{amount_title}（{amount_text} {unit}）与{text_title}中的"
                         f"{rule.keyword} {stated}（{expected} {unit}）不一致")
            issues.append(Issue(amount_field, "unit_mixup", severity, message(text_)))

        return check_units

    def _compile_document_checks(self) -> list[_RuleCheck]:
        checks: list[_RuleCheck] = []
        for fld in self.item.fields:
            if fld.type != "id_document":
                continue
            assert fld.document_type_field is not None
            type_field = self._fields[fld.document_type_field]
            assert type_field.code_list is not None
            code_list = self.catalog.code_lists[type_field.code_list]
            checks.append(self._document_check(fld, code_list))
        return checks

    def _document_check(self, fld: Field, code_list: CodeList) -> _RuleCheck:
        name, label = fld.name, _q(fld.title)
        type_name_ = fld.document_type_field
        formats = {v.code: v.document_format for v in code_list.values if v.document_format}
        patterns = {code: re.compile(f.pattern) for code, f in formats.items() if f.pattern}
        placeholders = frozenset(fld.placeholders)

        def check_document(values: dict[str, Any], present: set[str],
                           issues: list[Issue]) -> None:
            number = values.get(name)
            doc_type = values.get(type_name_ or "")
            if number is None or doc_type is None or number in placeholders:
                return
            fmt = formats.get(doc_type)
            if fmt is None:
                return
            if fmt.check == "cn_id":
                for problem in checkdigits.cn_id_problems(number, self._clock.today()):
                    issues.append(_problem_issue(name, label, problem))
            pattern = patterns.get(doc_type)
            if pattern is not None and pattern.fullmatch(number) is None:
                issues.append(Issue(name, "document_format", fmt.severity,
                                    f"{label}不像有效的{doc_type}号码"
                                    + (f"：{fmt.hint}" if fmt.hint else "")))

        return check_document

    def _compile_disclosure(self) -> _RuleCheck | None:
        rule = self.item.disclosure
        if rule.start_field is None or rule.end_field is None:
            return None
        if rule.min_months is None and rule.max_months is None:
            return None
        start_field, end_field = rule.start_field, rule.end_field
        start_title, end_title = self._title(start_field), self._title(end_field)
        low, high = rule.min_months, rule.max_months

        @functools.lru_cache(maxsize=4096)  # decision dates repeat across a batch
        def bounds(start_text: str) -> tuple[str | None, str | None]:
            start = dt.date.fromisoformat(start_text)
            return (add_months(start, low).isoformat() if low is not None else None,
                    add_months(start, high).isoformat() if high is not None else None)

        def check_period(values: dict[str, Any], present: set[str], issues: list[Issue]) -> None:
            start_text, end_text = values.get(start_field), values.get(end_field)
            if start_text is None or end_text is None:
                return
            earliest, latest = bounds(start_text)
            if (earliest and end_text < earliest) or (latest and end_text > latest):
                span = f"{earliest or start_text} 至 {latest or '不限'}"
                issues.append(Issue(end_field, "disclosure_period", "error",
                                    f"{end_title}应在{start_title}后 {low or 0} 至 "
                                    f"{high if high is not None else '不限'} 个月内（{span}），"
                                    f"实为 {end_text}（依据：{rule.basis}）"))

        return check_period


# --- helpers -------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (08-31 + 6 → 02-28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def _always(values: Mapping[str, Any]) -> bool:
    return True


def _predicate(cond: Condition | None) -> _Predicate:
    """Compile a condition into a function of the normalised record (run for every record)."""
    if cond is None:
        return _always
    name = cond.field
    if name is not None:
        if cond.filled is not None:
            filled = cond.filled
            return lambda values: (values.get(name) is not None) is filled
        if cond.equals is not None:
            expected = cond.equals
            return lambda values: values.get(name) == expected
        if cond.in_ is not None:
            options = frozenset(cond.in_)

            def is_in(values: Mapping[str, Any]) -> bool:
                value = values.get(name)
                return isinstance(value, str) and value in options

            return is_in
        assert cond.contains is not None
        return _contains_any(name, (cond.contains,))
    # all/any as plain loops: a generator for any()/all() costs more than the parts' own work
    # here, and these run for every record an import, a form or ygcentral validates.
    if cond.all is not None:
        every = tuple(_predicate(c) for c in cond.all)

        def all_of(values: Mapping[str, Any]) -> bool:
            for part in every:  # noqa: SIM110 (see above: no generator)
                if not part(values):
                    return False
            return True

        return all_of
    if cond.any is not None:
        texts = _contained_texts(cond.any)
        if texts is not None:  # "field contains one of these" (处罚类别含…): one look-up
            return _contains_any(*texts)
        some = tuple(_predicate(c) for c in cond.any)

        def any_of(values: Mapping[str, Any]) -> bool:
            for part in some:  # noqa: SIM110
                if part(values):
                    return True
            return False

        return any_of
    negated = _predicate(cond.not_)
    return lambda values: not negated(values)


def _contains_any(field: str, needles: tuple[str, ...]) -> _Predicate:
    """The field's value (text, or a multi-value code list) contains one of ``needles``."""

    def contains_any(values: Mapping[str, Any]) -> bool:
        value = values.get(field)
        if value is None:
            return False
        for needle in needles:  # noqa: SIM110 (no generator: see _predicate)
            if needle in value:
                return True
        return False

    return contains_any


def _contained_texts(conditions: Sequence[Condition]) -> tuple[str, tuple[str, ...]] | None:
    """(field, texts) where every condition is "field contains text" on one field, else None."""
    field = conditions[0].field if conditions else None
    needles = tuple(c.contains for c in conditions if c.field == field and c.contains is not None
                    and c.filled is None and c.equals is None and c.in_ is None)
    if field is None or len(needles) != len(conditions):
        return None
    return field, needles


def _comparison(op: str) -> Callable[[Any, Any], bool]:
    return {
        "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    }[op]


def _range_checker(fld: Field, label: str) -> Callable[[Decimal], str | None]:
    low = Decimal(fld.minimum) if fld.minimum is not None else None
    high = Decimal(fld.maximum) if fld.maximum is not None else None
    unit = fld.unit or ""

    def check(value: Decimal) -> str | None:
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{fld.minimum if low is not None else '不限'} 至 " \
                   f"{fld.maximum if high is not None else '不限'}"
            return f"{label}应在 {span}{unit} 之间，实为 {decimal_text(value)}{unit}"
        return None

    return check


def _code_lookup(code_list: CodeList) -> dict[str, CodeValue]:
    lookup: dict[str, CodeValue] = {}
    for value in code_list.values:
        for spelling in (value.code, value.label, *value.aliases):
            lookup[fold_name(spelling)] = value
    return lookup


def _other_value(text: str, prefix: str | None) -> str | None:
    """``其他-备案`` (or 其他：备案, 其他－备案) in the code list's canonical spelling."""
    if not prefix:
        return None
    head = prefix.rstrip("-:：")
    text = halfwidth(text).strip()
    if not text.startswith(head):
        return None
    detail = text[len(head):].lstrip("-:： ").strip()
    if not detail or detail == text[len(head):]:
        return None  # 其他 alone, or 其他备案 without a separator: not recognisably free text
    return f"{prefix}{detail}"


def _number_as_text(value: object) -> str | None:
    """A spreadsheet number in a text column (文书号 12345) as the text it was typed as."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < _MAX_EXACT_FLOAT:
        return str(int(value))
    return None


def _number_message(label: str, unit: str | None, value: object, reason: str) -> str:
    if unit == "万元" and isinstance(value, str):
        text = halfwidth(value).strip().replace(",", "")
        if text.endswith("元"):
            try:
                yuan = Decimal(text[:-1])
            except ArithmeticError:
                pass
            else:
                return (f"{label}应以万元为单位填写数字：{decimal_text(yuan)} 元应填 "
                        f"{decimal_text(yuan / 10000)}")
    return f"{label}应为数字{('（单位：' + unit + '）') if unit else ''}：{reason}"


def _type_issue(name: str, label: str, expected: str, value: object) -> Issue:
    return Issue(name, "type", "error", f"{label}应为{expected}，实为{type_name(value)}")


def _problem_issue(name: str, label: str, problem: checkdigits.Problem) -> Issue:
    return Issue(name, problem.code, problem.severity, f"{label}{problem.message}")
