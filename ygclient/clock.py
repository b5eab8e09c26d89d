"""Time as an injected dependency, so deadlines and date checks are testable on any day."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

# Yangjiang keeps China Standard Time all year; deadlines count in local days.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "CST")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware."""
        ...

    def today(self) -> dt.date:
        """Today's date in China Standard Time."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(CHINA_TZ)

    def today(self) -> dt.date:
        return self.now().date()


class FixedClock:
    """A clock that stays where it is put (tests, demos, replays)."""

    def __init__(self, at: dt.datetime | dt.date) -> None:
        if not isinstance(at, dt.datetime):
            at = dt.datetime(at.year, at.month, at.day, 9, 0, tzinfo=CHINA_TZ)
        elif at.tzinfo is None:
            at = at.replace(tzinfo=CHINA_TZ)
        self._at = at

    def now(self) -> dt.datetime:
        return self._at

    def today(self) -> dt.date:
        return self._at.astimezone(CHINA_TZ).date()

    def advance(self, delta: dt.timedelta) -> None:
        self._at += delta


SYSTEM_CLOCK = SystemClock()
