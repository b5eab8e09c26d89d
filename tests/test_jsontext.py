"""json_encoder writes what json.dumps writes with the same options, whichever core runs."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ygclient import jsontext
from ygclient.jsontext import json_encoder

SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=6), max_leaves=20)
OPTIONS = [{}, {"sort_keys": True}, {"sort_keys": True, "separators": (",", ":")}]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@given(value=VALUES)
def test_the_text_is_json_dumps(options: dict[str, Any], value: Any) -> None:
    assert json_encoder(**options)(value) == json.dumps(value, ensure_ascii=False, **options)


@pytest.mark.parametrize("c_core", [True, False], ids=["C core", "pure Python"])
def test_what_is_not_json_is_refused_unless_a_default_says_otherwise(
        c_core: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not c_core:  # an interpreter without the C accelerator
        monkeypatch.setattr(jsontext, "_c_make_encoder", None)
    value = {"when": dt.date(2026, 11, 26), "名称": "阳江"}
    with pytest.raises(TypeError, match="date"):
        json_encoder()(value)
    assert json_encoder(sort_keys=True, default=str)(value) == \
        '{"when": "2026-11-26", "名称": "阳江"}'


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 63, 2 ** 64 - 1) | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=6), max_leaves=20)


@pytest.mark.parametrize("sort_keys", [False, True])
@given(value=JSON_VALUES)
def test_compact_json_reads_back_as_the_value(sort_keys: bool, value: Any) -> None:
    from ygclient.jsontext import compact_json, parse_compact

    raw = compact_json(value, sort_keys=sort_keys)
    assert parse_compact(raw) == json.loads(raw) == value
    if isinstance(value, dict) and sort_keys:
        assert list(json.loads(raw)) == sorted(value)


@pytest.mark.parametrize("value", [{"big": 2 ** 70, "名称": "阳江"}, {"s": "\ud800阳"},
                                   {"b": [2 ** 70], "a": 1}])
def test_what_orjson_refuses_the_standard_library_writes(value: Any) -> None:
    from ygclient.jsontext import compact_json

    raw = compact_json(value, sort_keys=True)
    assert raw == json.dumps(value, sort_keys=True, separators=(",", ":")).encode("ascii")
    assert json.loads(raw) == value


@pytest.mark.parametrize("raw", [b'{"a": NaN}', b"[Infinity]", b'["\\ud800"]', b"{", b""])
def test_parse_compact_is_strict(raw: bytes) -> None:
    from ygclient.jsontext import parse_compact

    with pytest.raises(json.JSONDecodeError):
        parse_compact(raw)
