"""Recurrence phrases: what people type must become the RRULE they meant, or a helpful error."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.schedule.phrases import (
    READABLE_EXAMPLES,
    EveryPhrase,
    parse_duration,
    parse_every,
    rrule_from_text,
)

START = dt.datetime(2026, 1, 1)  # a Thursday

PHRASES = [
    ("monthly on the 2nd Tuesday", "FREQ=MONTHLY;BYDAY=2TU"),
    ("every 2 weeks on Thursday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
    ("fortnightly on Thursday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
    ("every other Thursday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
    ("weekly on Mon and Wed", "FREQ=WEEKLY;BYDAY=MO,WE"),
    ("weekly on Mon, Wed", "FREQ=WEEKLY;BYDAY=MO,WE"),
    ("every Monday and Wednesday", "FREQ=WEEKLY;BYDAY=MO,WE"),
    ("weekly on We, Mo, and mondays", "FREQ=WEEKLY;BYDAY=MO,WE"),
    ("first Monday of each month", "FREQ=MONTHLY;BYDAY=1MO"),
    ("the first Monday of every month", "FREQ=MONTHLY;BYDAY=1MO"),
    ("every first Monday", "FREQ=MONTHLY;BYDAY=1MO"),
    ("last Friday of the month", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("monthly on the -1 fri", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("monthly on the fifth Sunday", "FREQ=MONTHLY;BYDAY=5SU"),
    ("every 3 months on the 1st Tuesday", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"),
    ("monthly on the 1st and 3rd Tuesdays", "FREQ=MONTHLY;BYDAY=1TU,3TU"),
    ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("on the 15th of each month", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("on the last day of the month", "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ("daily", "FREQ=DAILY"),
    ("every day", "FREQ=DAILY"),
    ("every 2 days", "FREQ=DAILY;INTERVAL=2"),
    ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("weekly", "FREQ=WEEKLY"),
    ("monthly", "FREQ=MONTHLY"),
    ("every Thursday", "FREQ=WEEKLY;BYDAY=TH"),
    ("each thurs", "FREQ=WEEKLY;BYDAY=TH"),
    ("quarterly on the 1st Monday", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO"),
    ("every second month on the 2nd Tu", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"),
    ("  EVERY   2  WEEKS   ON   THURSDAYS  ", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
]


@pytest.mark.parametrize(("text", "rrule"), PHRASES)
def test_phrases_become_rrules(text: str, rrule: str) -> None:
    assert parse_every(text) == EveryPhrase(rrule)


@pytest.mark.parametrize(
    ("text", "time", "minutes"),
    [
        ("monthly on the 2nd Tuesday at 14:00 for 90m", dt.time(14, 0), 90),
        ("monthly on the 2nd Tuesday for 90m at 14:00", dt.time(14, 0), 90),
        ("every Thursday at 2pm", dt.time(14, 0), None),
        ("every Thursday at 2:30pm", dt.time(14, 30), None),
        ("every Thursday at 14.30", dt.time(14, 30), None),
        ("every Thursday at 12am", dt.time(0, 0), None),
        ("every Thursday at 12 pm", dt.time(12, 0), None),
        ("daily for 1h 30m", None, 90),
        ("weekly on Mon, at 9:05am, for 2 hours", dt.time(9, 5), 120),
    ],
)
def test_time_and_duration_clauses(text: str, time: dt.time | None, minutes: int | None) -> None:
    phrase = parse_every(text)
    assert phrase.time == time
    assert phrase.duration == (None if minutes is None else dt.timedelta(minutes=minutes))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "sometimes",
        "every",
        "every 2",
        "every 0 weeks",
        "every 100 weeks",
        "on the 32nd",
        "on the 0th",
        "6th Monday",
        "monthly on Tuesday",  # which Tuesday? refused rather than guessed
        "weekly on the 2nd Tuesday",
        "every 2 weeks on the 15th",
        "daily on Monday",
        "every Monday of the month",
        "monthly on the 2nd Tuesday and the 15th",
        "monthly at 25:00",
        "monthly at 9",  # am or pm is a guess
        "monthly at 13pm",
        "monthly at 14:60",
        "monthly at",
        "monthly at 2pm at 3pm",
        "monthly for 0m",
        "monthly for 25h",
        "at 2pm",
        "of the month",
        "every first Monday of month , and",
    ],
)
def test_unreadable_phrases_explain_themselves(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_every(text)
    message = str(caught.value)
    assert message.startswith(f'could not read "{" ".join(text.split())}"')
    assert f'"{READABLE_EXAMPLES[0]}"' in message


def test_error_message_shape() -> None:
    with pytest.raises(
        InputError, match=r'^could not read "sometimes".*: try phrases like "monthly'
    ):
        parse_every("sometimes")


@pytest.mark.parametrize("example", READABLE_EXAMPLES)
def test_every_readable_example_reads(example: str) -> None:
    parse_every(example)


@pytest.mark.parametrize(("text", "rrule"), PHRASES)
def test_rrules_are_valid_and_already_canonical(text: str, rrule: str) -> None:
    rrulestr("RRULE:" + rrule, dtstart=START)
    assert rrule_from_text(rrule) == rrule


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("monthly on the 2nd Tuesday", ["2026-01-13", "2026-02-10", "2026-03-10"]),
        ("last Friday of the month", ["2026-01-30", "2026-02-27", "2026-03-27"]),
        ("every 2 weeks on Thursday", ["2026-01-01", "2026-01-15", "2026-01-29"]),
        ("every weekday", ["2026-01-01", "2026-01-02", "2026-01-05"]),
        ("on the 15th of each month", ["2026-01-15", "2026-02-15", "2026-03-15"]),
        ("quarterly on the 1st Monday", ["2026-01-05", "2026-04-06", "2026-07-06"]),
        ("on the last day of the month", ["2026-01-31", "2026-02-28", "2026-03-31"]),
    ],
)
def test_first_dates(text: str, first: list[str]) -> None:
    rule = rrulestr("RRULE:" + parse_every(text).rrule, dtstart=START)
    assert [d.date().isoformat() for d in itertools.islice(rule, 3)] == first


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("1h30m", 90),
        ("6h", 360),
        ("1h 30m", 90),
        ("90 minutes", 90),
        ("2 hours", 120),
        ("45min", 45),
        ("45", 45),
        ("1 hour and 15 mins", 75),
        ("1h30", 90),
        ("24h", 1440),
        (" 2 HOURS ", 120),
    ],
)
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["", "0m", "0", "24h1m", "25h", "1.5h", "h", "m", "an hour", "-5m"]
)
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(InputError, match="could not read duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("FREQ=WEEKLY;BYDAY=TH", "FREQ=WEEKLY;BYDAY=TH"),
        ("RRULE:FREQ=WEEKLY;BYDAY=TH", "FREQ=WEEKLY;BYDAY=TH"),
        ("rrule:freq=monthly;byday=2tu", "FREQ=MONTHLY;BYDAY=2TU"),
        (" FREQ=WEEKLY ; BYDAY=WE,MO,MO ; INTERVAL=1 ;", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("BYMONTHDAY=15;INTERVAL=2;FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15"),
        ("FREQ=MONTHLY;BYDAY=+2TU", "FREQ=MONTHLY;BYDAY=2TU"),
        ("FREQ=WEEKLY;COUNT=10", "FREQ=WEEKLY;COUNT=10"),
        ("FREQ=WEEKLY;UNTIL=20261231T000000Z", "FREQ=WEEKLY;UNTIL=20261231T000000Z"),
    ],
)
def test_rrule_from_text(text: str, canonical: str) -> None:
    assert rrule_from_text(text) == canonical


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("RRULE:", "empty"),
        ("FREQ=SOMETIMES", "invalid 'FREQ'"),  # dateutil's own reason, passed on
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY=XX"),
        ("FREQ=WEEKLY;FOO=1", "unknown parameter"),
        ("BYDAY=TH", "FREQ is missing"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("DTSTART:20260101T000000\nRRULE:FREQ=WEEKLY", "DTSTART"),
        ("FREQ=WEEKLY;DTSTART=20260101", "DTSTART"),
        ("FREQ=WEEKLY\nEXDATE=20260108", "one line"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20261231T000000Z", "not both"),
        ("FREQ=WEEKLY;BYDAY=2TH", "numbered days"),
        ("FREQ=MONTHLY;BYDAY=6TU", "out of range"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "out of range"),
        ("FREQ=YEARLY;BYMONTH=13", "out of range"),
        ("FREQ=WEEKLY;BYHOUR=1_2", "one line"),
        ("FREQ=WEEKLY;BYSETPOS=0", "bysetpos"),
        ("FREQ=WEEKLY;UNTIL=someday", "UNTIL must be a UTC time"),
        ("FREQ=WEEKLY;UNTIL=0000001", "UNTIL must be a UTC time"),
        ("FREQ=WEEKLY;UNTIL=20261231", "UNTIL must be a UTC time"),  # zoned starts need UTC
        ("FREQ=WEEKLY;UNTIL=20261231T235959", "UNTIL must be a UTC time"),
        ("FREQ=WEEKLY;UNTIL=20261399T000000Z", "invalid 'UNTIL'"),
    ],
)
def test_rrule_from_text_refuses(text: str, reason: str) -> None:
    with pytest.raises(InputError, match="could not read RRULE") as caught:
        rrule_from_text(text)
    assert reason in str(caught.value)


# --- properties -------------------------------------------------------------------------------

WORDS = [
    "every", "each", "other", "the", "on", "of", "month", "months", "week", "weeks", "day",
    "days", "daily", "weekly", "monthly", "fortnightly", "quarterly", "fortnight", "weekday",
    "weekends", "and", ",", "&", "at", "for", "first", "second", "last", "fifth", "1st", "2nd",
    "3rd", "4th", "5th", "6th", "15th", "31st", "32nd", "-1", "-7", "0", "1", "2", "3", "99",
    "100", "monday", "tue", "wed", "th", "fridays", "sat", "sun", "14:00", "2pm", "9", "noon",
    "90m", "1h30m", "2", "hours", "min", "25:00", "12am",
]  # fmt: skip


def _check_every(text: str) -> None:
    """Either a readable rule that dateutil accepts and that is already canonical, or InputError."""
    try:
        phrase = parse_every(text)
    except InputError:
        return
    rrulestr("RRULE:" + phrase.rrule, dtstart=START)
    assert rrule_from_text(phrase.rrule) == phrase.rrule


@given(st.text())
def test_parse_every_on_any_text(text: str) -> None:
    _check_every(text)


@given(st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join))
def test_parse_every_on_word_salad(text: str) -> None:
    _check_every(text)


@given(
    st.text() | st.lists(st.sampled_from(["1", "30", "h", "m", "hours", " ", "and"])).map("".join)
)
def test_parse_duration_on_any_text(text: str) -> None:
    try:
        length = parse_duration(text)
    except InputError:
        return
    assert dt.timedelta(0) < length <= dt.timedelta(hours=24)


@given(st.integers(0, 30), st.integers(0, 200))
def test_parse_duration_hours_and_minutes(hours: int, minutes: int) -> None:
    total = hours * 60 + minutes
    if 0 < total <= 24 * 60:
        assert parse_duration(f"{hours}h{minutes}m") == dt.timedelta(minutes=total)
    else:
        with pytest.raises(InputError):
            parse_duration(f"{hours}h{minutes}m")


RRULE_PARTS = [
    "FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY", "FREQ=HOURLY", "INTERVAL=2",
    "INTERVAL=0", "COUNT=3", "UNTIL=20261231", "UNTIL=20261231T000000Z", "BYDAY=MO,TU",
    "BYDAY=2TU", "BYDAY=-1FR", "BYDAY=53SU", "BYMONTHDAY=15", "BYMONTHDAY=-1", "BYMONTH=2",
    "BYYEARDAY=100", "BYWEEKNO=20", "BYSETPOS=1", "BYHOUR=9", "WKST=SU", "BYEASTER=0", "X=1",
]  # fmt: skip


@given(st.text() | st.lists(st.sampled_from(RRULE_PARTS), max_size=5).map(";".join))
def test_rrule_from_text_on_any_text(text: str) -> None:
    try:
        canonical = rrule_from_text(text)
    except InputError:
        return
    rrulestr("RRULE:" + canonical, dtstart=START.replace(tzinfo=dt.UTC))  # as rhythms use it
    assert rrule_from_text(canonical) == canonical


DAY_SPELLINGS = {
    "MO": ["Monday", "Mondays", "Mon", "mo"],
    "TU": ["Tuesday", "Tuesdays", "Tue", "tues", "TU"],
    "WE": ["Wednesday", "Wednesdays", "Wed", "we"],
    "TH": ["Thursday", "Thursdays", "Thu", "thurs", "Th"],
    "FR": ["Friday", "Fridays", "Fri", "fr"],
    "SA": ["Saturday", "Saturdays", "Sat", "sa"],
    "SU": ["Sunday", "Sundays", "Sun", "SU"],
}
SPELLED_DAYS = st.sampled_from(sorted(DAY_SPELLINGS)).flatmap(
    lambda code: st.tuples(st.just(code), st.sampled_from(DAY_SPELLINGS[code]))
)


@given(st.integers(1, 99), SPELLED_DAYS)
def test_every_n_weeks_on_a_day_round_trips(n: int, day: tuple[str, str]) -> None:
    code, spelling = day
    interval = "" if n == 1 else f";INTERVAL={n}"
    phrase = parse_every(f"every {n} weeks on {spelling}")
    assert phrase == EveryPhrase(f"FREQ=WEEKLY{interval};BYDAY={code}")


@given(st.integers(100, 10**6) | st.just(0), SPELLED_DAYS)
def test_every_n_weeks_out_of_range(n: int, day: tuple[str, str]) -> None:
    with pytest.raises(InputError):
        parse_every(f"every {n} weeks on {day[1]}")


@pytest.mark.parametrize(
    ("text", "rrule", "time"),
    [
        ("every 2 weeks on Thursday 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", dt.time(10)),
        ("monthly on the 2nd Tuesday 2pm", "FREQ=MONTHLY;BYDAY=2TU", dt.time(14)),
        ("weekly on Mon 9:30am", "FREQ=WEEKLY;BYDAY=MO", dt.time(9, 30)),
    ],
)
def test_a_clock_time_needs_no_at(text: str, rrule: str, time: dt.time) -> None:
    """The example in docs/architecture.md: "every 2 weeks on Thursday 10:00"."""
    phrase = parse_every(text)
    assert (phrase.rrule, phrase.time) == (rrule, time)


@pytest.mark.parametrize(
    "rule", ["FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=30", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9"]
)
def test_rules_finer_than_a_day_are_refused(rule: str) -> None:
    """A SECONDLY rhythm once made every plan walk each second since its start (a minute)."""
    with pytest.raises(InputError, match="daily at most|time comes from the start"):
        rrule_from_text(rule)
