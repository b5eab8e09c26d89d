"""Masking of personal identifiers wherever records are listed or printed."""

from __future__ import annotations


def mask_id(code: str | None) -> str:
    """Keep the first and last four characters: 441702199506151231 → 4417**********1231."""
    if not code:
        return ""
    if len(code) <= 8:
        return "*" * len(code)
    return code[:4] + "*" * (len(code) - 8) + code[-4:]
