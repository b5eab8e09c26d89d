"""Regenerate resources/calendar/cn-workdays.json, the bundled working-day calendar.

Run by a maintainer each November, once the State Council has published next year's
holiday schedule and `chinesecalendar` has a release carrying it (docs/working-days.md):

    pip install -e '.[calendar-data]'
    python tools/build_calendar.py            # or: --output some/other/file.json

Years `chinesecalendar` covers are written as authoritative; the years after it, up to
LAST_ESTIMATED_YEAR, come from `holidays` (statutory days and their 补假 only, no 调休 working
weekends) and are marked estimated. The script refuses to write anything that fails a cross-check.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import chinese_calendar
import chinese_calendar.constants
import holidays

if TYPE_CHECKING:
    from ygclient.catalog.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "resources" / "calendar" / "cn-workdays.json"
RUNTIME_MODULE = ROOT / "ygclient" / "catalog" / "workdays.py"

# Deadlines reach weeks ahead, disclosure ends up to 3 years ahead; estimates to 2035 leave a
# margin. Move it on when a regeneration leaves fewer than about five estimated years.
LAST_ESTIMATED_YEAR = 2035

# The reference (credit-data-reference.md §6) records that both packages give these totals;
# if a new release disagrees, something changed upstream and a person has to look.
EXPECTED_WORKING_DAYS = {2024: 251, 2025: 248, 2026: 248}

# Days where chinesecalendar is wrong and the official notice says otherwise:
# date -> (is a working day, why). Each is checked against `holidays` like every other day.
CORRECTIONS: dict[datetime.date, tuple[bool, str]] = {
    datetime.date(2005, 12, 31): (
        True,
        "国办发明电〔2005〕35号 (2006 schedule): 元旦 ... 12月31日（星期六）上班. chinesecalendar "
        "1.11.0 misses this cross-year 调休 day: "
        "https://github.com/liriansu-opus/chinese-calendar/issues/125",
    ),
}


class BuildError(RuntimeError):
    pass


def days_of(year: int) -> Iterator[datetime.date]:
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def chinesecalendar_years() -> range:
    cc_holidays = chinese_calendar.constants.holidays
    first = min(cc_holidays).year
    last = max(cc_holidays).year
    have = {d.year for d in cc_holidays}
    gaps = sorted(set(range(first, last + 1)) - have)
    if gaps:
        raise BuildError(f"chinesecalendar has no holidays at all for {gaps}: broken release?")
    return range(first, last + 1)


def chinesecalendar_year(year: int) -> tuple[list[datetime.date], list[datetime.date]]:
    """Weekday days off and weekend working days of ``year``, with CORRECTIONS applied."""
    off = {d for d in chinese_calendar.constants.holidays if d.year == year and d.weekday() < 5}
    work = {d for d in chinese_calendar.constants.workdays if d.year == year}
    odd = sorted(d for d in work if d.weekday() < 5)
    if odd:
        raise BuildError(f"chinesecalendar lists weekdays as 调休 workdays: {odd}")
    for day, (working, _why) in CORRECTIONS.items():
        if day.year != year:
            continue
        if chinese_calendar.is_workday(day) == working:
            print(f"note: chinesecalendar now has {day} right; drop it from CORRECTIONS")
        weekend = day.weekday() >= 5
        if weekend and working:
            work.add(day)
        elif weekend:
            work.discard(day)
        elif working:
            off.discard(day)
        else:
            off.add(day)
    return sorted(off), sorted(work)


def holidays_year(
    year: int,
) -> tuple[list[datetime.date], list[datetime.date], holidays.HolidayBase]:
    """Weekday days off and weekend working days of ``year`` according to `holidays`."""
    table = holidays.country_holidays("CN", years=year)
    off = sorted(d for d in table if d.year == year and d.weekday() < 5)
    # weekend_workdays also holds cross-year dates of other years' notices: keep this year's.
    work = sorted(d for d in table.weekend_workdays if d.year == year)
    return off, work, table


def cross_check(year: int, off: list[datetime.date], work: list[datetime.date]) -> None:
    """Fail if `holidays` disagrees with the authoritative data about any day of ``year``."""
    h_off, h_work, table = holidays_year(year)
    if work and not h_work:
        print(
            f"warning: holidays {holidays.__version__} has no 调休 data for {year} yet; "
            "that year is not cross-checked"
        )
        return
    off_set, work_set = set(off), set(work)
    wrong = []
    for day in days_of(year):
        ours = day in work_set if day.weekday() >= 5 else day not in off_set
        if ours != table.is_working_day(day):
            wrong.append(f"{day} ({'working' if ours else 'off'} here)")
    if wrong:
        raise BuildError(f"chinesecalendar and holidays disagree on {year}: {', '.join(wrong)}")


def year_entry(
    authoritative: bool, off: list[datetime.date], work: list[datetime.date]
) -> dict[str, object]:
    return {
        "authoritative": authoritative,
        "holidays": [d.isoformat() for d in off],
        "workdays": [d.isoformat() for d in work],
    }


def build(today: datetime.date) -> dict[str, object]:
    authoritative = chinesecalendar_years()
    years: dict[str, object] = {}
    for year in authoritative:
        off, work = chinesecalendar_year(year)
        cross_check(year, off, work)
        years[str(year)] = year_entry(True, off, work)
    for year in range(authoritative.stop, LAST_ESTIMATED_YEAR + 1):
        off, work, _table = holidays_year(year)
        if work:
            print(
                f"note: holidays knows 调休 for {year} but chinesecalendar does not: "
                f"{year} stays estimated until it does (or the centre publishes it)"
            )
        years[str(year)] = year_entry(False, off, work)
    return {
        "format": "ygclient.workdays",
        "version": 1,
        "generated": today.isoformat(),
        "source": {
            "chinesecalendar": importlib.metadata.version("chinesecalendar"),
            "holidays": importlib.metadata.version("holidays"),
        },
        "years": years,
    }


def load_runtime() -> ModuleType:
    # Load the runtime module by path: it is stdlib-only, but ygclient's package __init__ files
    # may import things this maintainer environment does not have.
    spec = importlib.util.spec_from_file_location("_ygclient_workdays", RUNTIME_MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def verify(doc: dict[str, object]) -> None:
    """Read the document back the way the client will, and check it day by day."""
    runtime = load_runtime()
    calendar: WorkCalendar = runtime.WorkCalendar.from_dict(json.loads(json.dumps(doc)))
    for year in chinesecalendar_years():
        for day in days_of(year):
            expected = CORRECTIONS.get(day, (chinese_calendar.is_workday(day), ""))[0]
            if calendar.is_working_day(day) != expected:
                raise BuildError(f"{day}: the generated table disagrees with chinesecalendar")
    for year, expected_count in EXPECTED_WORKING_DAYS.items():
        count = calendar.working_days_between(
            datetime.date(year - 1, 12, 31), datetime.date(year, 12, 31)
        )
        if (count.days, count.estimated) != (expected_count, False):
            raise BuildError(
                f"{year}: {count.days} working days (estimated={count.estimated}), "
                f"expected {expected_count} from authoritative data"
            )


def dump(doc: dict[str, object]) -> str:
    """JSON with one year per line: compact, and a yearly update is a one-line diff."""
    years = doc["years"]
    assert isinstance(years, dict)
    head = {k: v for k, v in doc.items() if k != "years"}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "years": {')
    body = [f"    {json.dumps(year)}: {json.dumps(entry)}" for year, entry in years.items()]
    lines.append(",\n".join(body))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; a packaged resource must be world-readable
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    try:
        doc = build(datetime.date.today())
        verify(doc)
    except BuildError as e:
        print(f"error: {e}\nnothing written", file=sys.stderr)
        return 1
    text = dump(doc)
    if json.loads(text) != json.loads(json.dumps(doc)):
        raise AssertionError("dump() changed the data")
    write_atomically(args.output, text)
    years = doc["years"]
    assert isinstance(years, dict)
    known = [y for y, e in years.items() if e["authoritative"]]
    first, last = known[0], int(known[-1])
    print(
        f"wrote {args.output} ({len(text.encode()):,} bytes): "
        f"authoritative {first}–{last}, estimated {last + 1}–{LAST_ESTIMATED_YEAR}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
