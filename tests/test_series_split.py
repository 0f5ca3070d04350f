"""`rhythm edit --start` with a new date splits the series, as calendar clients do.

Members must keep the meetings that already took place: the old UID ends with an UNTIL before
the change, a new UID starts from it, and both invites are sent. Read back with icalendar,
recurring-ical-events and vobject.
"""

from __future__ import annotations

import datetime as dt
import json

import recurring_ical_events
import vobject
from icalendar import Calendar


def _ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def _circle(run) -> None:
    _ok(run, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-09-01")  # fmt: skip


def _starts(ics: bytes) -> list[str]:
    events = recurring_ical_events.of(Calendar.from_ical(ics)).between(
        dt.date(2026, 1, 1), dt.date(2027, 4, 1)
    )
    return sorted(e["DTSTART"].dt.strftime("%Y-%m-%d %H:%M") for e in events)


def test_a_later_first_date_splits_the_series_and_keeps_past_meetings(community) -> None:
    _circle(community)
    before_uid = Calendar.from_ical(_ok(community, "invite", "Circle").stdout_bytes).events[0]
    result = _ok(community, "rhythm", "edit", "Circle", "--start", "2027-01-12T15:00")
    assert "Split the series: Circle (to 08 Dec 2026) (r1) keeps the meetings up to Tue 08 Dec" in (
        result.output
    )
    assert "Circle (r2) goes on" in result.output and "copkit invite r1" in result.output

    old = Calendar.from_ical(_ok(community, "invite", "r1").stdout_bytes).events[0]
    new = Calendar.from_ical(_ok(community, "invite", "Circle").stdout_bytes).events[0]
    assert old["UID"] == before_uid["UID"] and new["UID"] != old["UID"]
    assert int(old["SEQUENCE"]) == int(before_uid["SEQUENCE"]) + 1 and int(new["SEQUENCE"]) == 0
    until = old["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == dt.timedelta(0)  # UTC, RFC 5545
    assert _starts(_ok(community, "invite", "r1").stdout_bytes) == [
        "2026-09-08 14:00", "2026-10-13 14:00", "2026-11-10 14:00", "2026-12-08 14:00"
    ]  # fmt: skip
    assert _starts(_ok(community, "invite", "Circle").stdout_bytes)[:3] == [
        "2027-01-12 15:00", "2027-02-09 15:00", "2027-03-09 15:00"
    ]  # fmt: skip
    # vobject reads the ended part with its UNTIL too
    ended = vobject.readOne(_ok(community, "invite", "r1").stdout_bytes.decode()).vevent
    assert len(list(ended.getrruleset())) == 4
    # the members' calendar holds both parts; plans show the new series
    assert len(_starts(_ok(community, "calendar").stdout_bytes)) == 4 + 3
    shown = json.loads(_ok(community, "rhythm", "show", "Circle", "--next", "1", "--json").output)
    assert shown["id"] == "r2" and shown["next"] == ["2027-01-12T15:00:00+00:00"]


def test_a_cancellation_after_the_split_moves_to_the_new_series(community) -> None:
    _circle(community)
    _ok(community, "meeting", "cancel", "--rhythm", "Circle", "--on", "2027-02-09")
    _ok(community, "rhythm", "edit", "Circle", "--start", "2027-01-12T15:00")
    starts = _starts(_ok(community, "invite", "Circle").stdout_bytes)
    assert "2027-02-09 15:00" not in starts and "2027-03-09 15:00" in starts
    shown = json.loads(_ok(community, "rhythm", "show", "Circle", "--json").output)
    assert shown["cancelled"] == ["2027-02-09"]


def test_a_series_that_has_not_met_yet_moves_whole(community) -> None:
    _ok(community, "rhythm", "add", "Later", "--space", "Cafe", "--every",
        "monthly on the 1st Monday at 12:00", "--start", "2027-01-01")  # fmt: skip
    result = _ok(community, "rhythm", "edit", "Later", "--start", "2027-03-01")
    assert result.output.startswith("Updated Later (r1)")
    assert "r2" not in _ok(community, "rhythm", "list", "--json").output


def test_the_split_is_decided_on_the_day_the_caller_gives(community, home) -> None:
    """series.edit_rhythm takes its day from the face (the CLI passes today): the same edit
    moves a series whole on a day before it first met, and splits it on a day after."""
    from copkit.records import series
    from copkit.storage.home import Home

    _circle(community)  # first meeting Tue 8 Sep 2026
    store = Home(home).store_for("test-cop")
    later = dt.datetime(2026, 12, 1, 14, 0)
    with store.write() as session:
        edited = series.edit_rhythm(session, "Circle", today=dt.date(2026, 9, 1), start=later)
        session.discard()
    assert edited.ended is None and edited.rhythm.id == "r1"
    with store.write() as session:
        edited = series.edit_rhythm(session, "Circle", today=dt.date(2026, 10, 20), start=later)
    assert edited.ended is not None and edited.rhythm.id == "r2"
    assert edited.last_before is not None
    assert edited.last_before.date() == dt.date(2026, 11, 10)  # kept up to the new start
