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

from ygclient.store.audit import (
    ENTRY_FIELDS,
    SNAPSHOT_RECORD_FIELDS,
    SNAPSHOT_REVISION_FIELDS,
    canonical_json,
    chain,
    entry_hash,
    record_digest,
    record_texts,
    retext,
    revisions_serial,
    sha256_text,
    snapshot_digest,
)

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


# --- snapshot digests and the chain -----------------------------------------------------------

def serial_reference(values: list[Any]) -> str:
    """The definition: str() of each value (NUL for None, 1/0 for booleans) joined by a unit
    separator; where a value holds the separator or NULs, length-prefixed and marked."""
    texts = ["\x00" if v is None else ("1" if v else "0") if isinstance(v, bool) else str(v)
             for v in values]
    joined = "\x1f".join(texts)
    if joined.count("\x1f") == len(texts) - 1 and joined.count("\x00") <= len(texts):
        return joined
    return "\x02" + "".join(f"{len(t)}:{t}" for t in texts)


def digest_reference(record: dict[str, Any], revisions: list[dict[str, Any]]) -> str:
    values = [bool(record[k]) if k == "subject_is_person" else record[k]
              for k in SNAPSHOT_RECORD_FIELDS]
    rest = "\x1e".join(serial_reference([r[k] for k in SNAPSHOT_REVISION_FIELDS])
                       for r in sorted(revisions, key=lambda r: r["number"]))
    text = serial_reference(values)
    return sha256_text(text + "\x1e" + rest if rest else text)


# Text that may hold the separators, NULs and Chinese; numbers; nothing.
VALUE = st.none() | st.text(alphabet=st.sampled_from("ab阳江\x1f\x00\x1e-:1"), max_size=6) \
    | st.integers(-5, 10**6)
RECORDS = st.fixed_dictionaries({k: VALUE for k in SNAPSHOT_RECORD_FIELDS}
                                | {"subject_is_person": st.sampled_from([0, 1, True, False])})
REVISIONS = st.lists(st.fixed_dictionaries({k: VALUE for k in SNAPSHOT_REVISION_FIELDS}
                                           | {"number": st.integers(1, 9)}), max_size=3)
CHANGES = st.dictionaries(st.sampled_from([*SNAPSHOT_RECORD_FIELDS, "search_text"]), VALUE
                          | st.booleans(), max_size=6)


@given(RECORDS, REVISIONS, CHANGES)
def test_a_state_change_digests_the_record_as_snapshot_digest_would(
        record: dict[str, Any], revisions: list[dict[str, Any]], changes: dict[str, Any]) -> None:
    rest = revisions_serial(revisions)
    texts = record_texts(record)
    assert record_digest(texts, rest) == snapshot_digest(record, revisions) \
        == digest_reference(record, revisions)
    retext(texts, changes)  # only the changed values are serialised again
    after = record | changes
    assert record_digest(texts, rest) == snapshot_digest(after, revisions) \
        == digest_reference(after, revisions)


@given(st.lists(st.dictionaries(st.sampled_from(ENTRY_FIELDS[1:]), VALUE), max_size=4),
       st.booleans())
def test_chain_hashes_each_entry_as_entry_hash_does(entries: list[dict[str, Any]],
                                                    complete: bool) -> None:
    if complete:  # the store's entries have every field; others may lack some
        entries = [dict.fromkeys(ENTRY_FIELDS[1:]) | e for e in entries]
    head = chain(7, "0" * 64, entries)
    expected = "0" * 64
    for seq, entry in enumerate(entries, start=8):
        assert (entry["seq"], entry["prev_hash"]) == (seq, expected)
        expected = entry_hash(expected, entry)
        assert entry["hash"] == expected == sha256_text(
            entry["prev_hash"] + "\x1e" + serial_reference([entry.get(k) for k in ENTRY_FIELDS]))
    assert head == expected
