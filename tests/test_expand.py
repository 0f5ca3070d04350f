"""Daily and weekly rules expanded without dateutil give exactly what dateutil gives.

copkit.schedule.expand stands in for dateutil's rrule for the rules copkit writes most, so that
a command expanding them need not load dateutil. Whatever the rule of that kind, the start
(any zone, any day from 1900 to 9999, a wall-clock time a clock change skips or repeats) and
the window asked about, its occurrences must be dateutil's, compared the way copkit compares
them; any other rule is left to dateutil.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.schedule.expand import simple_rule

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ZONES = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


@st.composite
def rules(draw: st.DrawFn) -> str:
    parts = [f"FREQ={draw(st.sampled_from(['DAILY', 'WEEKLY']))}"]
    interval = draw(st.sampled_from([None, 1, 2, 3, 7, 52]))
    if interval is not None:
        parts.append(f"INTERVAL={interval}")
    if parts[0] == "FREQ=WEEKLY" and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    end = draw(st.sampled_from(["", "count", "until"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    elif end == "until":
        until = draw(st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}Z")
    return ";".join(parts)


_TIMES = st.sampled_from(
    [dt.time(0, 30), dt.time(1, 30), dt.time(2, 30), dt.time(14), dt.time(23, 59, 59)]
)
_DAYS_FROM = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
    st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),  # around today's clock changes
    st.dates(dt.date(9999, 11, 1), dt.date(9999, 12, 31)),  # the end of the calendar
)


@st.composite
def starts(draw: st.DrawFn) -> dt.datetime:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    return dt.datetime.combine(draw(_DAYS_FROM), draw(_TIMES), zone)


def outcome(expand: Callable[..., Iterable[dt.datetime]], *args: Any, **kwargs: Any) -> object:
    """What a call gives: its occurrences, or the kind of error it raised (at the end of
    9999 a week that runs into the year 10000 fails, in dateutil and here alike)."""
    try:
        return list(expand(*args, **kwargs))
    except (ValueError, OverflowError) as exc:
        return type(exc)


@settings(max_examples=300, deadline=None)
@given(rule=rules(), start=starts(), offset=st.integers(-30, 4000), length=st.integers(0, 400))
def test_a_simple_rule_expands_as_dateutil_expands_it(
    rule: str, start: dt.datetime, offset: int, length: int
) -> None:
    ours = simple_rule(rule, start)
    assert ours is not None
    theirs = rrulestr(f"RRULE:{rule}", dtstart=start)
    assert outcome(itertools.islice, ours, 60) == outcome(itertools.islice, theirs, 60)
    for zone in (start.tzinfo, dt.UTC):  # copkit asks in the rhythm's zone, and in UTC
        try:
            after = (start + dt.timedelta(days=offset)).astimezone(zone)
            before = after + dt.timedelta(days=length, hours=length % 24)
        except OverflowError:
            continue
        for inc in (True, False):
            assert outcome(ours.between, after, before, inc=inc) == outcome(
                theirs.between, after, before, inc=inc
            )
            assert outcome(ours.xafter, after, count=5, inc=inc) == outcome(
                theirs.xafter, after, count=5, inc=inc
            )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=WEEKLY;BYDAY=1TU",
        "FREQ=DAILY;BYDAY=MO",
        "FREQ=WEEKLY;WKST=SU",
        "FREQ=WEEKLY;COUNT=2;UNTIL=20261231T235959Z",
        "FREQ=WEEKLY;UNTIL=20261231",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;INTERVAL=02",
        "FREQ=YEARLY",
        "FREQ=WEEKLY;FREQ=WEEKLY",
        "FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO,TU",
    ],
)
def test_any_other_rule_is_left_to_dateutil(rule: str) -> None:
    assert simple_rule(rule, dt.datetime(2026, 1, 1, 14, tzinfo=ZoneInfo("Europe/London"))) is None


def test_a_fortnightly_series_meets_at_its_local_time_across_a_clock_change() -> None:
    """What a gardener sees: 14:00 in London before and after the clocks go back."""
    start = dt.datetime(2026, 10, 15, 14, tzinfo=ZoneInfo("Europe/London"))
    rule = simple_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", start)
    assert rule is not None
    first = list(itertools.islice(rule, 3))
    assert [m.date() for m in first] == [
        dt.date(2026, 10, 15),
        dt.date(2026, 10, 29),
        dt.date(2026, 11, 12),
    ]
    assert {m.hour for m in first} == {14}
    assert [m.utcoffset() for m in first] == [
        dt.timedelta(hours=1),
        dt.timedelta(0),
        dt.timedelta(0),
    ]
