"""Working-day calendar: the bundled data, the counting rule, overlay and validation."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ygclient.catalog.workdays import (
    FORMAT,
    VERSION,
    CalendarError,
    DueDate,
    WorkCalendar,
    WorkdayCount,
)

D = dt.date
ONE_DAY = dt.timedelta(days=1)
BUNDLED = WorkCalendar.bundled()
CJK = re.compile(r"[\u4e00-\u9fff]")


def days_in(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + ONE_DAY * i for i in range((last - first).days + 1)]


def calendar_doc(years: dict[str, object], **top: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "format": FORMAT,
        "version": VERSION,
        "generated": "2026-11-20",
        "source": {"publisher": "阳江市公共信用信息中心"},
        "years": years,
    }
    doc.update(top)
    return doc


def year(authoritative: bool, holidays: list[str], workdays: list[str]) -> dict[str, object]:
    return {"authoritative": authoritative, "holidays": holidays, "workdays": workdays}


# -- the bundled table -----------------------------------------------------------------------


def test_bundled_is_loaded_once() -> None:
    assert WorkCalendar.bundled() is WorkCalendar.bundled()


def test_bundled_years_authoritative_2004_to_2026_estimated_to_2035() -> None:
    assert [y for y in range(1990, 2050) if BUNDLED.is_authoritative(y)] == list(range(2004, 2027))
    doc = BUNDLED.to_dict()
    assert isinstance(doc["years"], dict)
    assert list(doc["years"]) == [str(y) for y in range(2004, 2036)]


def test_bundled_file_is_compact_and_round_trips() -> None:
    raw = resources.files("ygclient.resources").joinpath("calendar/cn-workdays.json").read_bytes()
    assert len(raw) < 200_000
    assert json.loads(raw) == BUNDLED.to_dict()


@pytest.mark.parametrize(("year_", "expected"), [(2024, 251), (2025, 248), (2026, 248)])
def test_working_days_per_year(year_: int, expected: int) -> None:
    # The totals both chinesecalendar and holidays give (credit-data-reference.md §6).
    assert BUNDLED.working_days_between(D(year_ - 1, 12, 31), D(year_, 12, 31)) == WorkdayCount(
        expected, False
    )
    assert sum(BUNDLED.is_working_day(d) for d in days_in(D(year_, 1, 1), D(year_, 12, 31))) == (
        expected
    )


def test_2005_12_31_is_the_corrected_working_saturday() -> None:
    # 国办发明电〔2005〕35号: 12月31日（星期六）上班; chinesecalendar 1.11.0 misses it and
    # tools/build_calendar.py corrects it.
    assert BUNDLED.is_working_day(D(2005, 12, 31))
    assert not BUNDLED.is_working_day(D(2006, 1, 3))


def test_spring_festival_2026() -> None:
    # 2026 春节: off Sun 15 Feb - Mon 23 Feb; Saturdays 14 Feb and 28 Feb are 调休 working days.
    off = [D(2026, 2, d) for d in (15, 16, 17, 18, 19, 20, 21, 22, 23)]
    assert not any(BUNDLED.is_working_day(d) for d in off)
    assert BUNDLED.is_working_day(D(2026, 2, 14))
    assert BUNDLED.is_working_day(D(2026, 2, 28))
    assert BUNDLED.add_working_days(D(2026, 2, 13), 1) == DueDate(D(2026, 2, 14), False)
    assert BUNDLED.add_working_days(D(2026, 2, 13), 2) == DueDate(D(2026, 2, 24), False)
    # Tue 24 - Fri 27 are 4 days, the working Saturday the 5th.
    assert BUNDLED.add_working_days(D(2026, 2, 23), 5) == DueDate(D(2026, 2, 28), False)
    assert BUNDLED.working_days_between(D(2026, 2, 13), D(2026, 2, 28)).days == 6


def test_national_day_2026() -> None:
    # 2026 国庆/中秋: off Thu 1 Oct - Wed 7 Oct (and Fri 25 Sep, 中秋); Sun 20 Sep and
    # Sat 10 Oct are 调休 working days.
    assert not any(BUNDLED.is_working_day(d) for d in days_in(D(2026, 10, 1), D(2026, 10, 7)))
    assert not BUNDLED.is_working_day(D(2026, 9, 25))
    assert BUNDLED.add_working_days(D(2026, 9, 18), 1) == DueDate(D(2026, 9, 20), False)
    assert BUNDLED.add_working_days(D(2026, 9, 30), 3) == DueDate(D(2026, 10, 10), False)
    # A 核查通知 received on 30 Sep: 10 working days are 8, 9, 10 Oct and 12-16, 19, 20 Oct.
    assert BUNDLED.add_working_days(D(2026, 9, 30), 10) == DueDate(D(2026, 10, 20), False)


def test_start_day_never_counts_even_on_a_holiday() -> None:
    # chinese_calendar.find_workday(1, 2026-10-01) counts the holiday itself and is a day late.
    assert BUNDLED.add_working_days(D(2026, 10, 1), 1).date == D(2026, 10, 8)
    assert BUNDLED.add_working_days(D(2026, 10, 4), 1).date == D(2026, 10, 8)
    assert BUNDLED.add_working_days(D(2026, 10, 8), 1).date == D(2026, 10, 9)


def test_notice_of_2026_12_24_crosses_into_unpublished_2027() -> None:
    # Thu 24 Dec 2026 + 10: Fri 25, Mon 28 - Thu 31 Dec are 5; Fri 1 Jan 2027 is 元旦 (from the
    # estimated 2027 data: statutory days only); Mon 4 - Fri 8 Jan are 6-10. 2027's schedule is
    # not published, so the answer is labelled 预计.
    assert BUNDLED.add_working_days(D(2026, 12, 24), 10) == DueDate(D(2027, 1, 8), True)
    assert BUNDLED.add_working_days(D(2026, 12, 24), 5) == DueDate(D(2026, 12, 31), False)
    assert BUNDLED.add_working_days(D(2026, 12, 24), 6) == DueDate(D(2027, 1, 4), True)
    assert BUNDLED.working_days_between(D(2026, 12, 24), D(2027, 1, 8)) == WorkdayCount(10, True)


def test_start_on_a_working_saturday_or_a_holiday() -> None:
    # The start day is outside the count whatever it is.
    assert BUNDLED.add_working_days(D(2026, 2, 14), 1) == DueDate(D(2026, 2, 24), False)
    assert BUNDLED.working_days_between(D(2026, 2, 14), D(2026, 2, 24)).days == 1
    assert BUNDLED.working_days_between(D(2026, 2, 24), D(2026, 2, 14)).days == -1
    assert BUNDLED.working_days_between(D(2026, 10, 1), D(2026, 10, 8)).days == 1
    assert BUNDLED.working_days_between(D(2026, 10, 9), D(2026, 10, 10)).days == 1


def test_estimated_looks_only_at_the_days_counted() -> None:
    # (a, b]: a itself is not examined, so a start in an unknown year does not make it a guess.
    assert not BUNDLED.working_days_between(D(2003, 12, 31), D(2004, 1, 5)).estimated
    assert BUNDLED.working_days_between(D(2003, 12, 30), D(2004, 1, 5)).estimated
    assert not BUNDLED.working_days_between(D(2026, 12, 24), D(2026, 12, 31)).estimated
    assert BUNDLED.working_days_between(D(2026, 12, 31), D(2027, 1, 1)).estimated
    # Reversed, the days examined are (end, start].
    assert not BUNDLED.working_days_between(D(2004, 1, 5), D(2003, 12, 31)).estimated
    assert BUNDLED.working_days_between(D(2027, 1, 1), D(2026, 12, 31)).estimated


def test_zero_days_is_the_start_day_and_never_estimated() -> None:
    # No day is counted, so nothing about it can be wrong, whatever the year.
    for start in (D(2026, 10, 1), D(2040, 6, 1), D(1999, 1, 1)):
        assert BUNDLED.add_working_days(start, 0) == DueDate(start, False)
        assert BUNDLED.working_days_between(start, start) == WorkdayCount(0, False)


def test_negative_or_fractional_n_is_refused() -> None:
    with pytest.raises(ValueError):
        BUNDLED.add_working_days(D(2026, 1, 5), -1)
    with pytest.raises(TypeError):
        BUNDLED.add_working_days(D(2026, 1, 5), 1.5)  # type: ignore[arg-type]


def test_days_left_and_overdue() -> None:
    due = D(2026, 9, 30)
    assert BUNDLED.working_days_between(D(2026, 9, 28), due) == WorkdayCount(2, False)
    assert BUNDLED.working_days_between(due, due) == WorkdayCount(0, False)
    # 1-7 Oct are off, so on 8 Oct the deadline of 30 Sep is one working day overdue.
    assert BUNDLED.working_days_between(D(2026, 10, 8), due) == WorkdayCount(-1, False)
    assert BUNDLED.working_days_between(D(2026, 10, 7), due) == WorkdayCount(0, False)


def test_years_outside_the_table_count_monday_to_friday_and_never_raise() -> None:
    mon_fri_2040 = sum(d.weekday() < 5 for d in days_in(D(2040, 1, 1), D(2040, 12, 31)))
    assert BUNDLED.working_days_between(D(2039, 12, 31), D(2040, 12, 31)) == WorkdayCount(
        mon_fri_2040, True
    )
    assert BUNDLED.working_days_between(D(1999, 1, 1), D(1999, 1, 8)) == WorkdayCount(5, True)
    assert BUNDLED.working_days_between(D(1999, 1, 1), D(2040, 1, 1)).estimated
    assert BUNDLED.working_days_between(dt.date.max, dt.date.min).days < 0
    # Fri 6 Jan 2040 + 1 is Monday; a Mon-Fri guess is still a guess.
    assert BUNDLED.add_working_days(D(2040, 1, 6), 1) == DueDate(D(2040, 1, 9), True)
    # 2003 is before the table: estimated. From 31 Dec 2003 only 2004 days are examined, and
    # 1 Jan 2004 is 元旦: exact.
    assert BUNDLED.add_working_days(D(2003, 12, 30), 1) == DueDate(D(2003, 12, 31), True)
    assert BUNDLED.add_working_days(D(2003, 12, 31), 1) == DueDate(D(2004, 1, 2), False)


def test_no_room_after_9999_12_31() -> None:
    with pytest.raises(OverflowError):
        BUNDLED.add_working_days(dt.date.max, 1)
    with pytest.raises(OverflowError):
        BUNDLED.add_working_days(D(9999, 12, 1), 100)


# -- the centre's published calendar ------------------------------------------------------------


def test_published_2027_makes_the_year_end_case_exact() -> None:
    published = WorkCalendar.from_dict(calendar_doc({"2027": year(True, ["2027-01-01"], [])}))
    merged = BUNDLED.overlay(published)
    assert merged.is_authoritative(2027)
    assert merged.add_working_days(D(2026, 12, 24), 10) == DueDate(D(2027, 1, 8), False)


def test_published_2027_with_a_working_saturday_moves_the_date() -> None:
    # Fictional schedule: Sat 2 Jan 2027 is a 调休 working day, so the 10th working day after
    # 24 Dec is Thu 7 Jan instead of Fri 8 Jan, and it is no longer an estimate.
    published = WorkCalendar.from_dict(
        calendar_doc({"2027": year(True, ["2027-01-01"], ["2027-01-02"])})
    )
    merged = BUNDLED.overlay(published)
    assert merged.add_working_days(D(2026, 12, 24), 10) == DueDate(D(2027, 1, 7), False)
    assert merged.working_days_between(D(2026, 12, 24), D(2027, 1, 7)) == WorkdayCount(10, False)
    # The bundled calendar itself is untouched.
    assert BUNDLED.add_working_days(D(2026, 12, 24), 10) == DueDate(D(2027, 1, 8), True)


def test_overlay_replaces_year_by_year() -> None:
    published = WorkCalendar.from_dict(
        calendar_doc(
            {
                # An amended 2026 (fictional): 31 Dec is given off as well.
                "2026": year(True, ["2026-01-01", "2026-12-31"], []),
                "2036": year(True, [], []),
            }
        )
    )
    merged = BUNDLED.overlay(published)
    assert not merged.is_working_day(D(2026, 12, 31))
    # The whole of 2026 is the published one: the bundled Spring Festival is gone with it.
    assert merged.is_working_day(D(2026, 2, 17))
    assert merged.is_authoritative(2036)
    # Years the centre did not publish stay as bundled.
    assert not merged.is_working_day(D(2025, 10, 1))
    assert not merged.is_authoritative(2030)
    assert merged.generated == D(2026, 11, 20)
    bundled_source = BUNDLED.to_dict()["source"]
    assert isinstance(bundled_source, dict)
    assert "chinesecalendar" in bundled_source
    assert merged.to_dict()["source"] == {**bundled_source, "publisher": "阳江市公共信用信息中心"}


def test_estimated_published_year_never_overrides_an_authoritative_one() -> None:
    published = WorkCalendar.from_dict(
        calendar_doc(
            {"2026": year(False, [], []), "2027": year(False, ["2027-01-01", "2027-01-04"], [])}
        )
    )
    merged = BUNDLED.overlay(published)
    assert merged.is_authoritative(2026)
    assert not merged.is_working_day(D(2026, 10, 1))
    # ... but it does replace a bundled estimate.
    assert not merged.is_working_day(D(2027, 1, 4))
    assert merged.add_working_days(D(2026, 12, 24), 10) == DueDate(D(2027, 1, 11), True)


# -- validation ------------------------------------------------------------------------------


def _good() -> dict[str, object]:
    return calendar_doc(
        {
            "2026": year(True, ["2026-10-01", "2026-10-02"], ["2026-10-10"]),
            "2027": year(False, ["2027-01-01"], []),
        }
    )


def _set(path: tuple[str, ...], value: object) -> Callable[[dict[str, object]], None]:
    def mutate(doc: dict[str, object]) -> None:
        target: dict[str, object] = doc
        for key in path[:-1]:
            nxt = target[key]
            assert isinstance(nxt, dict)
            target = nxt
        target[path[-1]] = value

    return mutate


def _del(key: str) -> Callable[[dict[str, object]], None]:
    def mutate(doc: dict[str, object]) -> None:
        del doc[key]

    return mutate


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_set(("2027", "holidays"), ["2027-13-01"]), "2027 年的 holidays 第 1 项"),
        (_set(("2027", "holidays"), ["2027-02-30"]), "2027-02-30"),
        (_set(("2027", "holidays"), ["20270101"]), "应为 YYYY-MM-DD"),
        (_set(("2027", "holidays"), [20270101]), "不是有效日期"),
        (_set(("2026", "holidays"), ["2026-10-01", "2027-01-01"]), "2027-01-01 不属于 2026 年"),
        (_set(("2026", "holidays"), ["2026-10-01", "2026-10-01"]), "2026-10-01 重复出现"),
        (_set(("2026", "holidays"), ["2026-10-03"]), "2026-10-03 是星期六"),
        (_set(("2026", "workdays"), ["2026-10-09"]), "2026-10-09 是星期五"),
        (_set(("2026", "workdays"), "2026-10-10"), "应为日期数组"),
        (_set(("2026", "authoritative"), "true"), "authoritative 应为 true 或 false"),
        (_set(("2026", "names"), {}), "无法识别的项 names"),
        (_set(("2026",), {"authoritative": True, "holidays": []}), "缺少 workdays"),
        (_set(("2026",), []), "2026 年的数据应为对象"),
        (_set(("26",), year(True, [], [])), "不是四位数年份"),
    ],
)
def test_from_dict_names_the_bad_year_and_date(
    mutate: Callable[[dict[str, object]], None], expected: str
) -> None:
    doc = _good()
    years = doc["years"]
    assert isinstance(years, dict)
    mutate(years)
    with pytest.raises(CalendarError, match=re.escape(expected)) as info:
        WorkCalendar.from_dict(doc)
    assert CJK.search(str(info.value))
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_set(("format",), "ygclient.catalog"), "格式标记 format"),
        (_del("format"), "缺少必填项 format"),
        (_set(("version",), 2), "请升级客户端"),
        (_set(("version",), True), "version 应为整数"),
        (_set(("version",), "1"), "version 应为整数"),
        (_set(("generated",), "2026/11/20"), "生成日期 generated"),
        (_set(("source",), {"holidays": 0.109}), "source"),
        (_set(("years",), [2026]), "years 应为以年份为键的对象"),
        (_set(("calendar",), {}), "无法识别的项 calendar"),
    ],
)
def test_from_dict_checks_the_envelope(
    mutate: Callable[[dict[str, object]], None], expected: str
) -> None:
    doc = _good()
    mutate(doc)
    with pytest.raises(CalendarError, match=re.escape(expected)) as info:
        WorkCalendar.from_dict(doc)
    assert CJK.search(str(info.value))


def test_from_dict_refuses_what_is_not_an_object() -> None:
    with pytest.raises(CalendarError, match="应为 JSON 对象"):
        WorkCalendar.from_dict([])  # type: ignore[arg-type]


def test_a_bad_year_rejects_the_whole_calendar() -> None:
    # 2027 is fine, 2028 is not: nothing of the document may be used, and the input is untouched.
    doc = calendar_doc(
        {"2027": year(True, ["2027-01-01"], []), "2028": year(True, ["2028-02-31"], [])}
    )
    before = copy.deepcopy(doc)
    calendar = BUNDLED
    with pytest.raises(CalendarError, match="2028 年"):
        calendar = calendar.overlay(WorkCalendar.from_dict(doc))
    assert doc == before
    assert calendar is BUNDLED
    assert not calendar.is_authoritative(2027)


def test_empty_calendar_is_monday_to_friday() -> None:
    empty = WorkCalendar.from_dict(calendar_doc({}))
    assert empty.add_working_days(D(2026, 9, 30), 1) == DueDate(D(2026, 10, 1), True)
    assert not empty.is_working_day(D(2026, 10, 10))


def test_runtime_needs_no_calendar_package_and_no_qt() -> None:
    code = (
        "import sys, ygclient.catalog.workdays as w; w.WorkCalendar.bundled();"
        "bad = {'chinese_calendar', 'holidays', 'PySide6'} & set(sys.modules);"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- invariants, on the bundled table and on random valid tables -------------------------------


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    if draw(st.booleans()):
        return BUNDLED
    years: dict[str, object] = {}
    for y in draw(st.sets(st.integers(2020, 2030), max_size=6)):
        days = draw(st.sets(st.sampled_from(days_in(D(y, 1, 1), D(y, 12, 31))), max_size=120))
        years[str(y)] = year(
            draw(st.booleans()),
            sorted(d.isoformat() for d in days if d.weekday() < 5),
            sorted(d.isoformat() for d in days if d.weekday() >= 5),
        )
    return WorkCalendar.from_dict(calendar_doc(years))


def _edges() -> list[dt.date]:
    """Days where an off-by-one would show: every listed day, and the turn of each year."""
    doc = BUNDLED.to_dict()
    assert isinstance(doc["years"], dict)
    listed = [
        D.fromisoformat(d)
        for entry in doc["years"].values()
        for d in entry["holidays"] + entry["workdays"]
    ]
    turns = [D(y, 1, 1) + ONE_DAY * k for y in range(2003, 2037) for k in (-1, 0)]
    return listed + turns


near = st.one_of(st.dates(D(2017, 1, 1), D(2033, 12, 31)), st.sampled_from(_edges()))
anywhere = st.dates(D(1, 1, 1), D(9990, 12, 31))


@given(calendars(), near, st.integers(1, 400))
def test_add_then_count_gives_n(cal: WorkCalendar, start: dt.date, n: int) -> None:
    due = cal.add_working_days(start, n)
    assert due.date > start
    assert cal.is_working_day(due.date)
    assert cal.working_days_between(start, due.date) == WorkdayCount(n, due.estimated)
    # The first day reaching n: one day earlier there are only n - 1.
    assert cal.working_days_between(start, due.date - ONE_DAY).days == n - 1


@given(calendars(), anywhere, st.integers(0, 200))
def test_add_is_strictly_monotonic(cal: WorkCalendar, start: dt.date, n: int) -> None:
    assert cal.add_working_days(start, n).date < cal.add_working_days(start, n + 1).date


@given(calendars(), near, st.integers(-500, 500))
def test_count_matches_day_by_day(cal: WorkCalendar, a: dt.date, span: int) -> None:
    b = a + ONE_DAY * span
    lo, hi = min(a, b), max(a, b)
    examined = days_in(lo + ONE_DAY, hi) if lo < hi else []
    days = sum(cal.is_working_day(d) for d in examined)
    estimated = any(not cal.is_authoritative(d.year) for d in examined)
    assert cal.working_days_between(a, b) == WorkdayCount(days if b >= a else -days, estimated)


@given(calendars(), anywhere, anywhere, anywhere)
def test_count_is_antisymmetric_and_additive(
    cal: WorkCalendar, a: dt.date, b: dt.date, c: dt.date
) -> None:
    ab, ba = cal.working_days_between(a, b), cal.working_days_between(b, a)
    assert ab.days == -ba.days
    assert ab.estimated == ba.estimated
    assert ab.days + cal.working_days_between(b, c).days == cal.working_days_between(a, c).days


@given(calendars())
def test_round_trip(cal: WorkCalendar) -> None:
    again = WorkCalendar.from_dict(json.loads(json.dumps(cal.to_dict())))
    assert again.to_dict() == cal.to_dict()
