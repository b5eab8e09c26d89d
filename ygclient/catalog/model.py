"""The catalog (信用信息目录) as immutable Python objects.

The JSON form is described in docs/catalog-format.md and checked by
resources/catalog/catalog.schema.json; loader.py turns one into the other.
Nothing here validates records: see engine.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ygclient.catalog.engine import ItemValidator
    from ygclient.catalog.workdays import WorkCalendar
    from ygclient.clock import Clock

Severity = Literal["error", "warning"]

FIELD_TYPES = (
    "string", "integer", "number", "date", "code", "uscc", "org_code", "cn_id", "id_document",
)
FieldType = Literal[
    "string", "integer", "number", "date", "code", "uscc", "org_code", "cn_id", "id_document",
]
# Types whose values are identifiers: normalised to half-width upper case
# without spaces, and never accepted as spreadsheet numbers (digits are lost).
IDENTIFIER_TYPES = frozenset({"uscc", "org_code", "cn_id", "id_document"})

SUBJECT_TYPES = ("企业", "事业单位", "社会组织", "个人")  # art. 13, by subject
CATEGORIES = ("基本信息", "行政许可与行政处罚", "司法判决", "信用评价", "资质资格")  # art. 13
OPENNESS = ("依法公开", "授权查询", "行政机关共享")  # art. 14
SHARING = ("无条件共享", "有条件共享", "不予共享")


@dataclass(frozen=True, slots=True)
class DocumentFormat:
    """How an ID document number is checked once its 证件类型 is known."""

    check: Literal["cn_id"] | None = None
    pattern: str | None = None
    hint: str | None = None
    severity: Severity = "error"


@dataclass(frozen=True, slots=True)
class CodeValue:
    code: str
    label: str
    aliases: tuple[str, ...] = ()
    # 其他 without saying what it is: rejected unless written 其他-<detail>.
    needs_detail: bool = False
    # Accepted from old (2015/16) data, with a warning to use a current code.
    deprecated: bool = False
    replaced_by: tuple[str, ...] = ()
    document_format: DocumentFormat | None = None


@dataclass(frozen=True, slots=True)
class CodeList:
    id: str
    title: str
    values: tuple[CodeValue, ...]
    # Free text after this prefix is a value of its own ("其他-备案").
    other_prefix: str | None = None

    def value(self, code: str) -> CodeValue | None:
        for value in self.values:
            if value.code == code:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on other fields of the same record, evaluated on normalised values.

    Exactly one form is used: a leaf (``field`` with ``equals`` / ``in_`` /
    ``contains`` / ``filled``) or a combination (``all`` / ``any`` / ``not_``).
    """

    field: str | None = None
    equals: str | None = None
    in_: tuple[str, ...] | None = None
    contains: str | None = None
    filled: bool | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = None

    def fields(self) -> frozenset[str]:
        """Every field this condition reads."""
        names: set[str] = {self.field} if self.field else set()
        for sub in (*(self.all or ()), *(self.any or ()), *((self.not_,) if self.not_ else ())):
            names |= sub.fields()
        return frozenset(names)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    title: str
    type: FieldType
    description: str = ""
    required: bool = False
    required_when: Condition | None = None
    max_length: int | None = None
    min_length: int | None = None
    minimum: str | None = None  # decimal text, or an ISO date for date fields
    maximum: str | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    unit: str | None = None
    decimal_places: int | None = None
    code_list: str | None = None
    multiple: bool = False
    document_type_field: str | None = None
    no_future: bool = False
    sensitive: bool = False
    placeholders: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    example: str | None = None


RuleType = Literal["required", "empty", "dateOrder", "compare", "unitMixup"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A cross-field rule; which attributes are set depends on ``type``."""

    id: str
    type: RuleType
    severity: Severity = "error"
    message: str | None = None
    description: str | None = None
    when: Condition | None = None
    fields: tuple[str, ...] = ()  # required, empty
    earlier: str | None = None  # dateOrder
    later: str | None = None
    allow_equal: bool = True
    field: str | None = None  # compare
    op: Literal["<", "<=", ">", ">=", "==", "!="] | None = None
    value: str | None = None
    amount_field: str | None = None  # unitMixup
    text_field: str | None = None
    keyword: str | None = None


@dataclass(frozen=True, slots=True)
class Disclosure:
    """Art. 18: how long a record is disclosed before it goes to the archive."""

    basis: str
    permanent: bool = False
    start_field: str | None = None
    end_field: str | None = None
    min_months: int | None = None
    max_months: int | None = None


@dataclass(frozen=True, slots=True)
class Roles:
    """Which fields play the parts the store and the importer need to know."""

    subject_name: str
    subject_codes: tuple[str, ...]
    document_number: str | None = None
    decision_date: str | None = None
    subject_type: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One 信用信息目录条目 with every art. 8 attribute."""

    code: str
    name: str
    provider: str
    coverage: tuple[str, ...]
    category: str
    update_cycle: str
    reporting_deadline_days: int
    change_deadline_days: int
    sharing: str
    openness: str
    disclosure: Disclosure
    roles: Roles
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    description: str = ""
    reporting_deadline_from: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _by_name: Mapping[str, Field] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True, eq=False)
class Catalog:
    version: str
    published: dt.date
    title: str
    publisher: str
    code_lists: Mapping[str, CodeList]
    items: tuple[Item, ...]
    calendar: WorkCalendar | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)
    _validators: dict[str, ItemValidator] = field(default_factory=dict, repr=False)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise UnknownItemError(code, tuple(i.code for i in self.items))

    def validator(self, code: str, *, clock: Clock | None = None) -> ItemValidator:
        """The item's compiled validator; compiled on first use and kept (for the system clock)."""
        from ygclient.catalog.engine import ItemValidator

        if clock is not None:
            return ItemValidator(self, self.item(code), clock=clock)
        validator = self._validators.get(code)
        if validator is None:
            validator = ItemValidator(self, self.item(code))
            self._validators[code] = validator
        return validator


class UnknownItemError(LookupError):
    def __init__(self, code: str, known: tuple[str, ...]) -> None:
        self.code = code
        super().__init__(f"目录中没有代码为“{code}”的条目；可用的条目代码：{'、'.join(known)}")
