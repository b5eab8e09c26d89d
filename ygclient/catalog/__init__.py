"""The catalog (信用信息目录) and the one validation engine built from it.

Pure Python: no Qt, no database, no network. The forms, the importer, the
CLI and ygcentral all validate records through :meth:`Catalog.validator`.
"""

from ygclient.catalog.engine import FieldState, Issue, ItemValidator, ValidationResult
from ygclient.catalog.loader import CatalogError, bundled_catalog, load_catalog, parse_catalog
from ygclient.catalog.model import (
    Catalog,
    CodeList,
    CodeValue,
    Condition,
    Field,
    Item,
    Rule,
    Severity,
    UnknownItemError,
)
from ygclient.catalog.workdays import CalendarError, DueDate, WorkCalendar, WorkdayCount

__all__ = [
    "CalendarError",
    "Catalog",
    "CatalogError",
    "CodeList",
    "CodeValue",
    "Condition",
    "DueDate",
    "Field",
    "FieldState",
    "Issue",
    "Item",
    "ItemValidator",
    "Rule",
    "Severity",
    "UnknownItemError",
    "ValidationResult",
    "WorkCalendar",
    "WorkdayCount",
    "bundled_catalog",
    "load_catalog",
    "parse_catalog",
]
