"""Validation speed for 行政处罚 (CF) records, on one core.

Goal (issue #2): at least 50,000 records/s. Printed next to two baselines
measured in the same run on the same records:

* floor      — the least any validator must do: visit every value and trim it;
* jsonschema — the usual generic alternative: a JSON Schema derived from the
               catalog item (types, lengths, enums, required), with no check
               digits, no normalisation and no cross-field rules.

Run: .venv/bin/python -m bench.bench_validate [--records N] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.catalog import Item, bundled_catalog
from ygclient.catalog.checkdigits import USCC_ALPHABET, cn_id_check_char, uscc_check_char


def make_records(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """Distinct, valid CF records: a quarter against natural persons, the rest companies."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        if n % 4 == 0:
            record = penalty_for_person()
            body = f"441702{rng.randint(1960, 2005)}{rng.randint(1, 12):02d}" \
                   f"{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
            record["CF_XDR_ZJHM"] = body + cn_id_check_char(body)
            record["CF_XDR_MC"] = f"林{n}"
        else:
            record = penalty_for_company()
            body = "914417" + "".join(rng.choice(USCC_ALPHABET) for _ in range(11))
            record["CF_XDR_SHXYM"] = body + uscc_check_char(body)
            record["CF_XDR_MC"] = f"阳江市第{n}贸易有限公司"
            fine = rng.randint(1, 500) * 100
            record["CF_NR"] = f"警告，并处罚款{fine}元。"
            record["CF_NR_FK"] = str(fine / 10000)
        record["CF_WSH"] = f"阳市监罚〔2026〕{n}号"
        records.append(record)
    return records


def json_schema_for(item: Item) -> dict[str, Any]:
    catalog = bundled_catalog()
    properties: dict[str, Any] = {}
    for fld in item.fields:
        prop: dict[str, Any] = {"type": "string"}
        if fld.max_length:
            prop["maxLength"] = fld.max_length
        if fld.code_list and not fld.multiple:
            prop["enum"] = [v.code for v in catalog.code_lists[fld.code_list].values]
        if fld.type == "date":
            prop["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
        properties[fld.name] = prop
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": [f.name for f in item.fields if f.required]}


def rate(label: str, work: Callable[[Sequence[dict[str, Any]]], int],
         records: Sequence[dict[str, Any]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        checked = work(records)
        best = min(best, time.perf_counter() - started)
    assert checked == len(records)
    per_second = len(records) / best
    micros = best * 1e6 / len(records)
    print(f"{label:<34} {per_second:>12,.0f} records/s   ({micros:6.1f} µs/record)")
    return per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import jsonschema

    catalog = bundled_catalog()
    validator = catalog.validator("CF")
    records = make_records(args.records)
    invalid = sum(not validator.validate(r).valid for r in records[:1000])
    assert invalid == 0, f"{invalid} of the generated records are invalid"
    schema_validator = jsonschema.Draft202012Validator(json_schema_for(catalog.item("CF")))

    def floor(batch: Sequence[dict[str, Any]]) -> int:
        for record in batch:
            {k: v.strip() for k, v in record.items() if isinstance(v, str)}
        return len(batch)

    def schema(batch: Sequence[dict[str, Any]]) -> int:
        for record in batch:
            schema_validator.is_valid(record)
        return len(batch)

    def engine(batch: Sequence[dict[str, Any]]) -> int:
        valid = 0
        for record in batch:
            valid += validator.validate(record).valid
        return len(batch)

    print(f"CF (行政处罚) records, {args.records:,} distinct, best of {args.repeat}, one core")
    baseline = rate("baseline: floor (trim every value)", floor, records, args.repeat)
    generic = rate("baseline: jsonschema (no rules)", schema, records, args.repeat)
    ours = rate("ygclient engine", engine, records, args.repeat)
    print(f"engine vs jsonschema: {ours / generic:.1f}×; floor is {baseline / ours:.1f}× the "
          f"engine; goal ≥ 50,000 records/s: {'met' if ours >= 50_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
