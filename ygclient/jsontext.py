"""JSON text: decoding what people supply (record files, catalogs) with messages they can act
on, and encoding fast (:func:`json_encoder`; :func:`compact_json` and :func:`parse_compact`
through orjson)."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from typing import Any

import orjson

_REASONS = {
    "Expecting value": "此处应为一个值",
    "Extra data": "JSON 结束后还有多余内容",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Unterminated string starting at": "字符串没有结束引号",
    "Expecting property name enclosed in double quotes": "属性名应使用双引号",
    "Invalid control character at": "字符串中含有控制字符",
    "Invalid \\escape": "无效的转义字符",
}


class JsonInputError(ValueError):
    """The input is not UTF-8 JSON; the message (Chinese) says where it goes wrong."""


def parse_json(raw: bytes | str, label: str) -> Any:
    """Decode UTF-8 (with or without BOM) and parse JSON; ``label`` names the input in messages."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonInputError(
                f"{label}不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）；"
                "请另存为 UTF-8 后重试"
            ) from None
    if not raw.strip():
        raise JsonInputError(f"{label}是空的")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        reason = _REASONS.get(exc.msg, exc.msg)
        raise JsonInputError(
            f"{label}不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{reason}"
        ) from None
    except RecursionError:
        raise JsonInputError(f"{label}嵌套层数过多") from None


# --- encoding -------------------------------------------------------------------------------
# json.dumps (and JSONEncoder.encode) build the encoder's C core anew on every call: a fifth of
# the time of encoding a record, paid a thousand times a batch by the store, the sync and
# ygcentral. json_encoder makes it once; the text is what json.dumps writes with the same
# options (tests hold it to that).

_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)  # not in typeshed


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def json_encoder(*, sort_keys: bool = False, separators: tuple[str, str] = (", ", ": "),
                 default: Callable[[Any], Any] = _refuse) -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, sort_keys=…, separators=…, default=…)`` as a
    function. No circular check: our values are trees (a cycle ends in RecursionError
    instead of ValueError)."""
    item, key = separators
    if _c_make_encoder is None:  # an interpreter without the C accelerator
        encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys,
                                   separators=separators, default=default)
        return encoder.encode
    # (markers, default, encoder, indent, key separator, item separator, sort_keys, skipkeys,
    # allow_nan), as JSONEncoder.iterencode passes them.
    core = _c_make_encoder(None, default, json.encoder.encode_basestring, None, key, item,
                           sort_keys, False, True)

    def encode(value: Any) -> str:
        return "".join(core(value, 0))

    return encode


# --- compact JSON through orjson -------------------------------------------------------------
# ygcentral writes and digests a thousand operations, their answers and events a batch: orjson
# does that four to ten times faster than the standard library (docs/protocol.md).

def compact_json(value: Any, *, sort_keys: bool = False) -> bytes:
    """Compact UTF-8 JSON of ``value`` (no spaces, non-ASCII text as it is), through orjson.

    What orjson will not write — an integer beyond 64 bits, text that is not valid Unicode (a
    lone surrogate), a key that is not text — the standard library writes instead, with every
    non-ASCII character escaped (valid JSON either way; the spelling differs). Unlike the
    standard library, orjson also writes dates, UUIDs and dataclasses, and a NaN or an infinity
    as null (not JSON: no request can carry one, see :func:`parse_compact`)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else None)
    except orjson.JSONEncodeError:
        return json.dumps(value, sort_keys=sort_keys, separators=(",", ":")).encode("ascii")


def parse_compact(raw: bytes | str) -> Any:
    """Strict JSON (RFC 8259) through orjson: NaN, Infinity and text that is not valid Unicode
    are refused. Errors are ``json.JSONDecodeError`` (orjson's is a subclass)."""
    return orjson.loads(raw)
