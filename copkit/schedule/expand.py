"""Daily and weekly rules expanded without dateutil, exactly as dateutil expands them.

Most rhythms are daily or weekly ("fortnightly on Thursday", "every weekday"). dateutil's
``rrule`` expands any RFC 5545 rule, but loading it (with six and calendar) costs a health check
about 2 ms of its start-up. :func:`simple_rule` reads a rule of only FREQ=DAILY or WEEKLY,
INTERVAL, plain weekdays in BYDAY (weekly), and COUNT or UNTIL, and returns a :class:`SimpleRule`
that yields the very datetimes dateutil yields, through the three calls copkit makes of it
(iteration, ``between``, ``xafter``); tests/test_expand.py holds the two side by side. Any other
rule gives None, and :mod:`copkit.schedule.rhythm` hands it to dateutil.

As in dateutil with a zone-aware start: each occurrence is the start's wall-clock time on its
day, in the start's zone (a 14:00 meeting stays at 14:00 across daylight-saving changes); weeks
begin on Monday (dateutil's default, RFC 5545's WKST=MO); and the series stops at UNTIL (a UTC
moment), after COUNT occurrences, or at the end of the year 9999.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_LAST_DAY = dt.date.max.toordinal()


class SimpleRule:
    """A daily or weekly series from a zone-aware start (see the module docstring)."""

    def __init__(
        self,
        start: dt.datetime,
        *,
        days: int,
        weekdays: frozenset[int] | None,
        count: int | None,
        until: dt.datetime | None,
    ) -> None:
        self._start = start.replace(microsecond=0)
        self._step = days  # 1 for daily, 7 for weekly, times INTERVAL
        self._weekdays = weekdays  # weekly only: the days of each week it meets on
        self._count = count
        self._until = until
        self._time = dt.time(start.hour, start.minute, start.second, tzinfo=start.tzinfo)

    def _days(self) -> Iterator[int]:
        """The ordinals of the days the series may meet on, from its start on."""
        first = self._start.toordinal()
        if self._weekdays is None:
            yield from range(first, _LAST_DAY + 1, self._step)
            return
        # Weeks run from Monday; the first is what is left of the start's week. A week that
        # runs past 31 Dec 9999 fails on its first meeting day there, as dateutil's does.
        monday = first - self._start.weekday()
        week_start = first
        while week_start <= _LAST_DAY:
            for day in range(week_start, monday + 7):
                if (day - monday) in self._weekdays:
                    if day > _LAST_DAY:
                        raise ValueError("year 10000 is out of range")
                    yield day
            monday += self._step
            week_start = monday

    def __iter__(self) -> Iterator[dt.datetime]:
        left = self._count
        for day in self._days():
            moment = dt.datetime.combine(dt.date.fromordinal(day), self._time)
            if self._until is not None and moment > self._until:
                return
            if moment >= self._start:
                if left is not None:
                    left -= 1
                    if left < 0:
                        return
                yield moment

    def between(
        self, after: dt.datetime, before: dt.datetime, inc: bool = False
    ) -> list[dt.datetime]:
        """The occurrences after ``after`` and before ``before`` (both included with ``inc``),
        compared as dateutil compares them (``>=`` is not ``> or ==`` for a moment a clock
        change repeats)."""
        found: list[dt.datetime] = []
        for moment in self:
            if (moment > before) if inc else (moment >= before):
                break
            if found or ((moment >= after) if inc else (moment > after)):
                found.append(moment)
        return found

    def xafter(
        self, when: dt.datetime, count: int | None = None, inc: bool = False
    ) -> Iterator[dt.datetime]:
        """The occurrences after ``when`` (or at it, with ``inc``), at most ``count`` of them."""
        given = 0
        for moment in self:
            if (moment >= when) if inc else (moment > when):
                given += 1
                if count is not None and given > count:
                    return
                yield moment


def simple_rule(rule: str, start: dt.datetime) -> SimpleRule | None:
    """The rule ``rule`` (an RRULE value, no prefix) from ``start`` (zone-aware), if it is a
    daily or weekly one this module expands; None for any other."""
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        key, sep, value = part.partition("=")
        if not sep or key in parts or key not in ("FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL"):
            return None
        parts[key] = value
    freq = parts.get("FREQ")
    interval = _whole(parts.get("INTERVAL", "1"))
    count = _whole(parts["COUNT"]) if "COUNT" in parts else None
    until = _utc(parts["UNTIL"]) if "UNTIL" in parts else None
    if (
        freq not in ("DAILY", "WEEKLY")
        or interval is None
        or ("COUNT" in parts and (count is None or "UNTIL" in parts))
        or ("UNTIL" in parts and until is None)
        or start.tzinfo is None
    ):
        return None
    weekdays: frozenset[int] | None = None
    if freq == "WEEKLY":
        codes = parts["BYDAY"].split(",") if "BYDAY" in parts else [None]
        if not all(code is None or code in _WEEKDAYS for code in codes):
            return None
        weekdays = frozenset(start.weekday() if c is None else _WEEKDAYS[c] for c in codes)
    elif "BYDAY" in parts:
        return None
    step = interval * (7 if freq == "WEEKLY" else 1)
    return SimpleRule(start, days=step, weekdays=weekdays, count=count, until=until)


def _whole(text: str) -> int | None:
    """A whole number from 1 to 9999, as copkit's rules hold them."""
    if text.isascii() and text.isdigit() and len(text) <= 4 and text[0] != "0":
        return int(text)
    return None


def _utc(text: str) -> dt.datetime | None:
    """An UNTIL such as 20261231T235959Z, as the UTC moment it is."""
    if len(text) != 16 or not text.endswith("Z"):
        return None
    try:
        return dt.datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
