"""Compiled conditions (requiredWhen, emptyWhen, rules' when) decide as the definition does,
whatever shortcut the compiler takes (plain loops for all/any, one look-up for "field contains
one of these")."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ygclient.catalog.engine import _predicate
from ygclient.catalog.model import Condition

FIELDS = st.sampled_from(["CF_CFLB", "CF_XDR_LB"])
TEXT = st.text(alphabet="没收吊销罚款", max_size=3)
VALUE = st.none() | TEXT | st.lists(TEXT, max_size=3)


def holds(cond: Condition, values: dict[str, Any]) -> bool:
    """The definition (docs/catalog-format.md, conditions), evaluated directly."""
    if cond.field is not None:
        value = values.get(cond.field)
        if cond.filled is not None:
            return (value is not None) is cond.filled
        if cond.equals is not None:
            return bool(value == cond.equals)
        if cond.in_ is not None:
            return isinstance(value, str) and value in cond.in_
        return value is not None and cond.contains in value
    if cond.all is not None:
        return all(holds(c, values) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, values) for c in cond.any)
    assert cond.not_ is not None
    return not holds(cond.not_, values)


LEAF = st.one_of(
    st.builds(lambda f, t: Condition(field=f, contains=t), FIELDS, TEXT.filter(bool)),
    st.builds(lambda f, t: Condition(field=f, equals=t), FIELDS, TEXT),
    st.builds(lambda f, t: Condition(field=f, in_=tuple(t)), FIELDS, st.lists(TEXT, max_size=3)),
    st.builds(lambda f, b: Condition(field=f, filled=b), FIELDS, st.booleans()),
)
# "Contains one of these" on one field, the form the compiler folds into one look-up.
CONTAINS_ANY = st.builds(
    lambda f, texts: Condition(any=tuple(Condition(field=f, contains=t) for t in texts)),
    FIELDS, st.lists(TEXT.filter(bool), min_size=1, max_size=4))
CONDITIONS = st.recursive(
    LEAF | CONTAINS_ANY,
    lambda inner: st.lists(inner, min_size=1, max_size=3).map(
        lambda cs: Condition(all=tuple(cs)))
    | st.lists(inner, min_size=1, max_size=3).map(lambda cs: Condition(any=tuple(cs)))
    | inner.map(lambda c: Condition(not_=c)),
    max_leaves=8)


@given(CONDITIONS, st.fixed_dictionaries({"CF_CFLB": VALUE, "CF_XDR_LB": VALUE}))
def test_a_compiled_condition_decides_as_the_definition(cond: Condition,
                                                        values: dict[str, Any]) -> None:
    present = {k: v for k, v in values.items() if v is not None}
    assert _predicate(cond)(present) is holds(cond, present)


def test_contains_any_on_one_field() -> None:
    cond = Condition(any=(Condition(field="CF_CFLB", contains="没收违法所得"),
                          Condition(field="CF_CFLB", contains="没收非法财物")))
    applies = _predicate(cond)
    assert applies({"CF_CFLB": ["罚款", "没收非法财物"]})
    assert applies({"CF_CFLB": "罚款；没收违法所得"})
    assert not applies({"CF_CFLB": ["罚款"]})
    assert not applies({})
