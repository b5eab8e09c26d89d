"""The canonical spellings the audit chain and payload digests stand on: they must never
change, whichever way they are computed."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ygclient.store.audit import canonical_json

SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=6), max_leaves=20)


def reference(value: Any) -> str:
    """The definition: json.dumps with sorted keys, no spaces, text unescaped."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


@given(VALUES)
def test_canonical_json_is_json_dumps_with_sorted_keys(value: Any) -> None:
    assert canonical_json(value) == reference(value)


@pytest.mark.parametrize("value", [
    {"CF_XDR_MC": "阳江市海鸿贸易有限公司", "CF_NR_FK": "0.2", "b": None, "a": [1, True]},
    {"when": dt.date(2026, 11, 26), "amount": Decimal("12.50")},  # not JSON: str() of them
    "引号\"与\\反斜杠\n换行\u2028",
    [],
    {},
])
def test_canonical_json_examples(value: Any) -> None:
    assert canonical_json(value) == reference(value)
    if isinstance(value, dict):
        assert list(json.loads(canonical_json(value))) == sorted(map(str, value))
