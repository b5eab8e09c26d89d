"""The audit chain: hashing of entries and of record snapshots, and verification.

Each entry's hash covers the previous entry's hash, so removing, reordering or
editing an entry breaks every hash after it. Each entry about a record also
carries the SHA-256 of the record's snapshot after the change, so a record or
revision edited behind the program's back no longer matches its last entry.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ygclient.jsontext import json_encoder

GENESIS = "0" * 64

# What a record's snapshot covers: every column that says what the record is, where it
# stands and who did what. Left out: derived columns the program recomputes (search text,
# reporting deadline after a calendar update) and autosaved input, which is no decision.
SNAPSHOT_RECORD_FIELDS = (
    "id", "item_code", "state", "resolution", "current_revision_id", "accepted_revision_id",
    "catalog_version", "subject_name", "subject_code", "subject_is_person", "document_number",
    "decision_date", "disclosure_end", "server_reasons", "created_at", "created_by",
    "updated_at", "updated_by", "row_version",
)
SNAPSHOT_REVISION_FIELDS = (
    "id", "record_id", "number", "kind", "replaces_revision_id", "catalog_version",
    "payload_sha256", "reason", "legal_basis", "created_at", "created_by", "frozen_at",
)
_BOOLEAN_FIELDS = frozenset({"subject_is_person"})  # SQLite answers 0/1, PostgreSQL true/false
ENTRY_FIELDS = (
    "seq", "at", "actor", "action", "record_id", "revision_id", "before_sha256",
    "after_sha256", "reason", "detail",
)


# One spelling per value: sorted keys, no spaces, UTF-8 text kept as it is; anything that is
# not JSON (a date) as its str().
canonical_json = json_encoder(sort_keys=True, separators=(",", ":"), default=str)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Digests serialise the values joined by a unit separator, NUL standing for "no value": far
# cheaper than JSON on the bulk-import path, and the same whether the values come from memory
# or from the database. Should a value itself contain the separator or NUL, that digest is
# taken over a length-prefixed form instead (marked so it cannot equal a plain one): the
# serialisation stays unambiguous whatever the text holds.
def _serial(values: Sequence[Any]) -> str:
    return _joined(_texts(values))


def _texts(values: Iterable[Any]) -> list[str]:
    # None → NUL, booleans → 1/0, anything else its str(); inline, as this runs for every
    # value of every row of a bulk import.
    return ["\x00" if v is None else ("1" if v else "0") if v is True or v is False
            else str(v) for v in values]


def _joined(texts: Sequence[str]) -> str:
    joined = "\x1f".join(texts)
    if joined.count("\x1f") == len(texts) - 1 and joined.count("\x00") <= len(texts):
        return joined
    return "\x02" + "".join(f"{len(t)}:{t}" for t in texts)


_record_values = operator.itemgetter(*SNAPSHOT_RECORD_FIELDS)
_revision_values = operator.itemgetter(*SNAPSHOT_REVISION_FIELDS)
_BOOLEAN_AT = tuple(SNAPSHOT_RECORD_FIELDS.index(k) for k in _BOOLEAN_FIELDS)
_RECORD_AT = {name: at for at, name in enumerate(SNAPSHOT_RECORD_FIELDS)}


def snapshot_digest(record: Mapping[Any, Any], revisions: Iterable[Mapping[Any, Any]], *,
                    revisions_text: str | None = None) -> str:
    """The digest of a record and its revisions; ``revisions_text`` is
    :func:`revisions_serial` of ``revisions`` where the caller has it already."""
    rest = revisions_serial(revisions) if revisions_text is None else revisions_text
    return record_digest(record_texts(record), rest)


# A state change digests the record before and after it, and changes only a few of its
# values: the record is serialised value by value once (record_texts), the changed values
# again (retext), and each digest joins the texts (record_digest). The same digest as
# snapshot_digest of the changed record, which a test holds.
def record_texts(record: Mapping[Any, Any]) -> list[str]:
    """The record's part of a snapshot, value by value, in SNAPSHOT_RECORD_FIELDS order."""
    values = _record_values(record)
    texts = _texts(values)
    for at in _BOOLEAN_AT:  # whatever the database answers (0/1, true/false): 1 or 0
        texts[at] = "1" if values[at] else "0"
    return texts


def retext(texts: list[str], changes: Mapping[str, Any]) -> None:
    """Update ``texts`` (from record_texts) in place for the record's changed values."""
    for name, value in changes.items():
        at = _RECORD_AT.get(name)
        if at is None:
            continue
        if name in _BOOLEAN_FIELDS:
            texts[at] = "1" if value else "0"
        else:  # _texts of one value, inline: this runs for every value a transition changes
            texts[at] = "\x00" if value is None else ("1" if value else "0") \
                if value is True or value is False else str(value)


def record_digest(texts: Sequence[str], revisions_text: str) -> str:
    """snapshot_digest from record_texts and revisions_serial."""
    text = _joined(texts)
    return sha256_text(text + "\x1e" + revisions_text if revisions_text else text)


def revisions_serial(revisions: Iterable[Mapping[Any, Any]]) -> str:
    """The revisions' part of a snapshot, in revision order (a state change digests the same
    revisions before and after: serialised once)."""
    if isinstance(revisions, list) and len(revisions) == 1:  # most records: not sorted
        return _revision_serial(revisions[0])
    return "\x1e".join(_revision_serial(revision)
                       for revision in sorted(revisions, key=lambda r: int(r["number"])))


def _revision_serial(revision: Mapping[Any, Any]) -> str:
    values = _revision_values(revision)
    if revision.get("case_id"):  # revision 0006; absent before, so older digests hold
        values = (*values, revision["case_id"])
    return _serial(values)


_entry_values = operator.itemgetter(*ENTRY_FIELDS)


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    try:  # the store's entries have every field: picked in one C call
        text = _serial(_entry_values(entry))
    except KeyError:  # a missing field counts as None
        text = _serial([entry.get(k) for k in ENTRY_FIELDS])
    return sha256_text(prev_hash + "\x1e" + text)


def chain(prev_seq: int, prev_hash: str, entries: Sequence[dict[str, Any]]) -> str:
    """Number and hash ``entries`` in place after (prev_seq, prev_hash); return the new head."""
    for entry in entries:
        prev_seq += 1
        entry["seq"] = prev_seq
        entry["prev_hash"] = prev_hash
        entry["hash"] = prev_hash = entry_hash(prev_hash, entry)
    return prev_hash


@dataclass
class AuditReport:
    entries: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)
    first_broken_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def broken(self, message: str, seq: int | None = None) -> None:
        self.problems.append(message)
        if seq is not None and (self.first_broken_seq is None or seq < self.first_broken_seq):
            self.first_broken_seq = seq
