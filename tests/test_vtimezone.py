"""Time zones that hold as long as a series runs: yearly RRULE transitions, never RDATE lists.

A series that repeats forever must land at the right hour in 2045 as in 2026 in a client that
trusts the VTIMEZONE in the file (Outlook desktop) rather than its own zone database. Checked
by reading the zone back with icalendar and with vobject (which keeps only the first RDATE of
a list, so a list-based zone would be wrong for it from the second year on).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar, Event

from copkit.calendar.vtimezone import with_yearly_rules


def test_the_invite_writes_yearly_rules_that_hold_after_2038(community) -> None:
    result = community(
        "rhythm", "add", "Practice café", "--space", "Cafe",
        "--every", "last Friday of the month at 12:30", "--start", "2026-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ics = community("invite", "Practice café").stdout_bytes
    assert b"RDATE" not in ics
    zone = Calendar.from_ical(ics).timezones[0]
    rules = {str(sub["TZNAME"]): sub["RRULE"] for sub in zone.walk() if "RRULE" in sub}
    assert rules["BST"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert b"COUNT" not in rules["GMT"].to_ical() and b"UNTIL" not in rules["GMT"].to_ical()
    tz = zone.to_tz()
    london = ZoneInfo("Europe/London")
    for moment in (dt.datetime(2045, 7, 28, 12, 30), dt.datetime(2060, 12, 31, 12, 30)):
        assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=london).utcoffset()
    # vobject builds its zone from the file: summer time in 2045 too (with RDATE lists it
    # stopped after 2037 and put July 2045 at +00:00).
    read_back = vobject.readOne(ics.decode()).vtimezone.gettzinfo()
    summers = [dt.datetime(year, 7, 1, 12, tzinfo=read_back) for year in (2026, 2040, 2045)]
    assert {t.utcoffset() for t in summers} == {dt.timedelta(hours=1)}
    assert dt.datetime(2045, 1, 1, 12, tzinfo=read_back).utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    "name",
    ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Jerusalem", "Asia/Tokyo",
     "America/Santiago", "Pacific/Auckland"],
)  # fmt: skip
def test_every_hour_of_the_next_decades_has_the_offset_zoneinfo_gives(name: str) -> None:
    """Southern zones, 'the Friday before the last Sunday' (Jerusalem), and no DST at all."""
    zone = ZoneInfo(name)
    cal = Calendar()
    event = Event()
    event.add("uid", "probe@copkit")
    event.add("dtstart", dt.datetime(2026, 1, 13, 14, tzinfo=zone))
    cal.add_component(event)
    cal.add_missing_timezones(first_date=dt.date(2026, 1, 1), last_date=dt.date(2038, 1, 1))
    with_yearly_rules(cal)
    assert b"RDATE" not in cal.to_ical()
    tz = Calendar.from_ical(cal.to_ical()).timezones[0].to_tz()
    for year in range(2026, 2071, 3):
        for month in range(1, 13):
            moment = dt.datetime(year, month, 15, 12)
            assert (
                moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=zone).utcoffset()
            ), moment
