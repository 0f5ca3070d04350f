"""Times at the edges: the last years a calendar can hold, and the hours the clocks skip or repeat.

A rhythm is typed once and then lands in every member's calendar, so a start no calendar can
hold, or a local time that names no moment (or two), must be refused when it is typed, with
times that would work; and one such rhythm already on file must not take the calendar of the
whole community down.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from click.testing import Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.model import Rhythm
from copkit.schedule.parsing import LocalTimeError, local_time
from copkit.storage.home import Home

LONDON = ZoneInfo("Europe/London")


def _file(home: Path) -> Path:
    return home / "test-cop.json"


def _refused(run, home: Path, *args: str, code: int = 1) -> str:
    """A one-line error (no traceback), the given exit status, and the file untouched."""
    before = _file(home).read_bytes()
    result: Result = run(*args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert _file(home).read_bytes() == before
    return " ".join(result.stderr.split())


def _ok(run, *args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def _add(run, name: str, *args: str) -> Result:
    return run("rhythm", "add", name, "--space", "Cafe", *args)


def _feed(run) -> icalendar.Calendar:
    result = _ok(run, "calendar")
    return icalendar.Calendar.from_ical(result.stdout_bytes)


# --- the end of the calendar -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--rrule", "FREQ=YEARLY;BYMONTH=1", "--start", "9989-06-01T10:00"),
        ("--every", "monthly on the 15th at 10:00", "--start", "9989-12-20"),
    ],
)
def test_a_rhythm_that_would_first_meet_after_9989_is_refused(
    community, home: Path, args: tuple[str, ...]
) -> None:
    """Whatever the phrase, a series whose first meeting leaves no room before 9999 is refused
    with the last start that works, and nothing is written; that last start works, and
    calendar clients expand it."""
    message = _refused(community, home, "rhythm", "add", "Far", "--space", "Cafe", *args)
    assert "would run past the year 9999" in message
    assert "start it by 31 Dec 9989" in message
    assert _feed(community).walk("VEVENT") == []
    _ok(community, "rhythm", "add", "Late", "--space", "Cafe", "--rrule", "FREQ=YEARLY",
        "--start", "9989-12-31T10:00")  # fmt: skip
    found = recurring_ical_events.of(_feed(community)).between(
        dt.date(9989, 1, 1), dt.date(9995, 1, 1)
    )
    assert [e["DTSTART"].dt.replace(tzinfo=None) for e in found] == [
        dt.datetime(year, 12, 31, 10) for year in range(9989, 9995)
    ]


@pytest.mark.parametrize(
    "start",
    ["9999-12-31T10:00", "9990-01-01T10:00", "1899-12-31T10:00", "0001-01-01T00:30"],
)
def test_a_start_outside_the_years_copkit_takes_is_a_usage_error(
    community, home: Path, start: str
) -> None:
    """`--rrule FREQ=DAILY --start 9999-12-31T10:00` was stored, and then every calendar of the
    community crashed; now it is refused before anything is opened."""
    message = _refused(
        community, home, "rhythm", "add", "Far", "--space", "Cafe", "--rrule", "FREQ=DAILY",
        "--start", start, code=2,
    )  # fmt: skip
    assert "is out of range: copkit takes dates from 1900-01-01 to 9989-12-31" in message


def test_editing_a_rhythm_past_the_end_is_refused(community, home: Path) -> None:
    _ok(community, "rhythm", "add", "Weekly", "--space", "Cafe", "--every", "weekly on Friday",
        "--start", "2026-01-02T10:00")  # fmt: skip
    message = _refused(
        community, home, "rhythm", "edit", "Weekly", "--every", "monthly on the 1st Monday",
        "--start", "9989-12-31T10:00",
    )  # fmt: skip
    assert "would run past the year 9999" in message


@pytest.mark.parametrize(
    "args",
    [
        ("meeting", "cancel", "--rhythm", "Weekly", "--on", "9999-12-31"),
        ("rhythm", "show", "Weekly", "--from", "9999-12-31"),
        ("rhythm", "end", "Weekly", "--on", "9999-12-31"),
        ("rhythm", "add", "Until", "--space", "Cafe", "--every", "daily at 10:00",
         "--start", "2026-01-01", "--until", "9999-12-31"),
        ("health", "--as-of", "9999-12-31"),
        ("overview", "--as-of", "9999-12-31"),
        ("health", "--as-of", "1899-12-31"),
    ],
)  # fmt: skip
def test_days_at_the_end_of_the_calendar_are_refused_as_usage_errors(
    community, home: Path, args: tuple[str, ...]
) -> None:
    """These crashed with a traceback (the day after 31 Dec 9999 does not exist)."""
    _ok(community, "rhythm", "add", "Weekly", "--space", "Cafe", "--every", "weekly on Friday",
        "--start", "2026-01-02T10:00")  # fmt: skip
    assert "is out of range" in _refused(community, home, *args, code=2)


def _store_far_rhythm(home: Path) -> None:
    """What an older copkit let through: a daily rhythm that first meets on 31 Dec 9999."""
    store = Home(home).store_for("test-cop")
    with store.write() as session:
        far = session.add(Rhythm("Far", "s2", "FREQ=DAILY", dt.datetime(2026, 1, 1, 10), 60))
        session.put(far.replace(start=dt.datetime(9999, 12, 31, 10)))


def test_a_stored_rhythm_past_the_end_leaves_the_rest_of_the_calendar_working(
    community, home: Path
) -> None:
    _ok(community, "rhythm", "add", "Weekly", "--space", "Cafe", "--every", "weekly on Friday",
        "--start", "2026-01-02T10:00")  # fmt: skip
    _store_far_rhythm(home)
    result = _ok(community, "calendar")
    feed = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Weekly"]
    assert "Left out Far (r2) first meets on Fri 31 Dec 9999" in result.stderr
    invite = community("invite", "Weekly")
    assert invite.exit_code == 0
    far = community("invite", "Far")
    assert far.exit_code == 1 and "Traceback" not in far.output
    assert far.stderr.startswith("Error: Far (r2) first meets on Fri 31 Dec 9999, too late")
    assert "copkit rhythm edit r2 --start" in far.stderr


# --- the hours the clocks skip or repeat ------------------------------------------------------


SKIPPED = (
    "01:30 on Sun 28 Mar 2027 does not exist in Europe/London: clocks go from 01:00 to 02:00; "
    "try 00:30 or 02:30"
)
TWICE = (
    "01:30 on Sun 25 Oct 2026 happens twice in Europe/London: clocks go back from 02:00 to "
    "01:00; give a time outside 01:00-02:00, e.g. 00:30 or 02:30"
)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--rrule", "FREQ=WEEKLY", "--start", "2027-03-28T01:30"), SKIPPED),
        (("--rrule", "FREQ=WEEKLY", "--start", "2026-10-25T01:30"), TWICE),
        (("--every", "weekly on Sunday at 01:30", "--start", "2027-03-22"), SKIPPED),
        (("--every", "weekly on Sunday 1:30am", "--start", "2026-10-19"), TWICE),
    ],
)
def test_a_rhythm_start_the_clocks_skip_or_repeat_is_refused_with_times_nearby(
    community, home: Path, args: tuple[str, ...], words: str
) -> None:
    assert _refused(community, home, "rhythm", "add", "Night", "--space", "Cafe", *args) == (
        f"Error: {words}"
    )
    offered = words.rsplit(" ", 1)[-1]  # 02:30: after the change, it happens once
    _ok(community, "rhythm", "add", "Night", "--space", "Cafe", "--rrule", "FREQ=WEEKLY",
        "--start", f"{args[-1][:10]}T{offered}")  # fmt: skip
    shown = json.loads(_ok(community, "rhythm", "show", "Night", "--from", args[-1][:10],
                           "--next", "1", "--json").output)  # fmt: skip
    assert shown["next"][0][11:16] == offered


@pytest.mark.parametrize(
    ("on", "words"), [("2027-03-28T01:30", SKIPPED), ("2026-10-25T01:30", TWICE)]
)
def test_a_meeting_time_the_clocks_skip_or_repeat_is_refused(
    community, home: Path, on: str, words: str
) -> None:
    message = _refused(community, home, "meeting", "record", "--space", "Cafe", "--on", on)
    assert message == f"Error: {words}"


def test_a_new_zone_where_the_start_does_not_exist_is_refused(community, home: Path) -> None:
    """02:30 on 14 Mar 2027 is a London time, but New York skips from 02:00 to 03:00 that day."""
    _ok(community, "rhythm", "add", "Night", "--space", "Cafe", "--rrule", "FREQ=WEEKLY",
        "--start", "2027-03-14T02:30")  # fmt: skip
    message = _refused(community, home, "rhythm", "edit", "Night", "--timezone", "America/New_York")
    assert message == (
        "Error: 02:30 on Sun 14 Mar 2027 does not exist in America/New_York: clocks go from 02:00 "
        "to 03:00; try 01:30 or 03:30"
    )


ZONES = [
    "Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham",
    "America/Santiago", "Asia/Tehran", "Africa/Casablanca", "Antarctica/Troll", "Asia/Kolkata",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9989, 12, 31)),
    st.sampled_from(ZONES),
)
@example(dt.datetime(2027, 3, 28, 1, 30), "Europe/London")
@example(dt.datetime(2026, 10, 25, 1, 30), "Europe/London")
@example(dt.datetime(2026, 10, 4, 2, 15), "Australia/Lord_Howe")
def test_a_local_time_is_one_moment_or_refused(moment: dt.datetime, zone_name: str) -> None:
    """Accepted: it comes back from UTC as typed, and either fold names the same moment.
    Refused: with a message, and every time offered instead is itself accepted."""
    zone = ZoneInfo(zone_name)
    naive = moment.replace(second=0, microsecond=0)
    try:
        aware = local_time(naive, zone)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        for other in exc.nearby if isinstance(exc, LocalTimeError) else ():
            assert local_time(other, zone).replace(tzinfo=None) == other
        return
    assert aware.replace(tzinfo=None) == naive
    assert aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == naive
    assert naive.replace(tzinfo=zone, fold=1).utcoffset() == aware.utcoffset()


# --- ending a series that has not begun, and moving it to another hour -------------------------


def _circle(run) -> None:
    _ok(run, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-09-01")  # fmt: skip


def test_ending_a_series_moved_to_a_later_start_cancels_it_whole(
    community, home: Path, tmp_path: Path
) -> None:
    """The README's own steps: move the circle to 15:00 from December, then end it today.

    The move splits the series (Sep to Nov stay as they were), so ending it cancels the part
    from December whole, and the feed keeps only the meetings that took place."""
    _circle(community)
    _ok(community, "rhythm", "edit", "circle", "--start", "2026-12-08T15:00")
    notice = tmp_path / "end.ics"
    result = _ok(community, "rhythm", "end", "circle", "--ics", str(notice))
    assert result.output.startswith("Circle never meets: called off from 2026-11-25")
    assert "The whole series is cancelled" in result.output
    cancel = icalendar.Calendar.from_ical(notice.read_bytes())
    assert cancel["METHOD"] == "CANCEL" and cancel.events[0]["STATUS"] == "CANCELLED"
    kept = recurring_ical_events.of(_feed(community)).between(
        dt.date(2026, 1, 1), dt.date(2028, 1, 1)
    )
    assert [e["DTSTART"].dt.strftime("%d %b %H:%M") for e in kept] == [
        "08 Sep 14:00", "13 Oct 14:00", "10 Nov 14:00"
    ]  # fmt: skip
    assert json.loads(_ok(community, "meeting", "list", "--upcoming", "--json").output) == []


def test_a_time_of_day_alone_moves_every_meeting_and_keeps_the_dates(community) -> None:
    _circle(community)
    before = recurring_ical_events.of(_feed(community)).between(
        dt.date(2026, 9, 1), dt.date(2027, 6, 1)
    )
    result = _ok(community, "rhythm", "edit", "circle", "--start", "13:00")
    assert "from Tue 08 Sep 2026 at 13:00" in result.output
    after = recurring_ical_events.of(_feed(community)).between(
        dt.date(2026, 9, 1), dt.date(2027, 6, 1)
    )
    assert [e["DTSTART"].dt.date() for e in after] == [e["DTSTART"].dt.date() for e in before]
    assert {e["DTSTART"].dt.strftime("%H:%M %Z") for e in after} >= {"13:00 GMT", "13:00 BST"}
    assert {e["DTSTART"].dt.strftime("%H:%M") for e in after} == {"13:00"}
    assert all(e["DTEND"].dt - e["DTSTART"].dt == dt.timedelta(minutes=90) for e in after)


def test_a_date_alone_keeps_the_time_of_day(community) -> None:
    _circle(community)
    result = _ok(community, "rhythm", "edit", "circle", "--start", "2026-12-01")
    assert "from Tue 08 Dec 2026 at 14:00" in result.output
