"""Form logic without Qt: what a generated form shows, decided by the catalog engine.

The Qt half (ygclient.forms.qt) renders a :class:`FormState`: which fields are visible and
required, what each field's messages are, whether the record may be saved as ready, and —
in correction mode — which fields differ from the revision being replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ygclient.catalog import Field, FieldState, Issue, Item, ItemValidator, ValidationResult


@dataclass(frozen=True, slots=True)
class FieldView:
    """Everything a widget needs to render one field right now."""

    field: Field
    visible: bool
    required: bool
    issues: tuple[Issue, ...]
    previous: Any = None  # correction mode: the replaced revision's value
    changed: bool = False

    @property
    def error(self) -> str | None:
        return next((i.message for i in self.issues if i.severity == "error"), None)

    @property
    def warning(self) -> str | None:
        return next((i.message for i in self.issues if i.severity == "warning"), None)


@dataclass
class FormState:
    """The values being typed into one record, and what the engine says about them."""

    validator: ItemValidator
    values: dict[str, Any] = field(default_factory=dict)
    previous: Mapping[str, Any] | None = None  # correction mode
    touched: set[str] = field(default_factory=set)
    result: ValidationResult = field(init=False)
    states: dict[str, FieldState] = field(init=False)

    def __post_init__(self) -> None:
        self.values = {k: v for k, v in self.values.items() if v not in (None, "", [])}
        self._recompute()

    @property
    def item(self) -> Item:
        return self.validator.item

    def set(self, name: str, value: Any) -> None:
        """A field changed; everything that depends on it is recomputed."""
        if value in (None, "", []):
            self.values.pop(name, None)
        else:
            self.values[name] = value
        self.touched.add(name)
        self._recompute()

    def touch_all(self) -> None:
        """Show every message (the clerk pressed save or submit)."""
        self.touched.update(f.name for f in self.item.fields)

    def _recompute(self) -> None:
        self.result = self.validator.validate(self.values)
        self.states = self.validator.field_states(self.result.normalized)

    def view(self, name: str) -> FieldView:
        fld = self.item.field(name)
        state = self.states[name]
        shown = name in self.touched
        issues = tuple(i for i in self.result.issues if i.field == name) if shown else ()
        previous = self.previous.get(name) if self.previous is not None else None
        changed = self.previous is not None and \
            self.result.normalized.get(name) != self.previous.get(name)
        return FieldView(fld, state.visible or name in self.values, state.required, issues,
                         previous, changed)

    def views(self) -> list[FieldView]:
        return [self.view(f.name) for f in self.item.fields]

    @property
    def valid(self) -> bool:
        return self.result.valid

    @property
    def errors(self) -> tuple[Issue, ...]:
        return self.result.errors

    def record_issues(self) -> tuple[Issue, ...]:
        """Issues not about a single field of this item (shown above the form)."""
        names = {f.name for f in self.item.fields}
        return tuple(i for i in self.result.issues if i.field not in names)

    def changed_fields(self) -> list[str]:
        """Correction mode: the fields whose normalised value differs from the replaced one."""
        if self.previous is None:
            return []
        normalized = self.result.normalized
        return [f.name for f in self.item.fields
                if normalized.get(f.name) != self.previous.get(f.name)]
