"""Themes and agendas for coming meetings: `meeting plan`, and what calendars make of it.

Members choose meetings by their themes, so a plan must reach their calendars as an override of
that one occurrence (same UID, a RECURRENCE-ID, its own DESCRIPTION) that clients accept (the
series' SEQUENCE, raised by the change). The invites are read back with icalendar and expanded
with recurring-ical-events, which apply the override as a calendar client does; the public
feed must carry the theme of a public meeting and nothing else of a plan.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar
from servers import MailServer

from copkit import records
from copkit.reach import publish
from copkit.storage.home import Home

LONDON = ZoneInfo("Europe/London")
#: Words that must never leave the members' calendars (the public feed, a public collection).
CANARY_AGENDA = "Case of the Okafor family"
CANARY_THEME = "Private circle canary theme"


def _ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def planned(community):
    """A private monthly circle and a public monthly café; the circle's 12 Jan 2027 meeting
    planned with a theme, two agenda items and Bo as host."""
    _ok(community, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-09-01")  # fmt: skip
    _ok(community, "rhythm", "add", "Cafe", "--space", "Cafe", "--every",
        "monthly on the 1st Thursday at 12:30 for 45m", "--start", "2026-09-01")  # fmt: skip
    result = _ok(community, "meeting", "plan", "--rhythm", "Circle", "--on", "2027-01-12",
                 "--theme", CANARY_THEME, "--agenda", "Check-in", "--agenda", CANARY_AGENDA,
                 "--host", "Bo")  # fmt: skip
    assert result.output == (
        f"Planned Circle on Tue 12 Jan 2027 14:00 (mp1): theme {CANARY_THEME!r}, host Bo Chan, "
        "2 agenda items\nSend it to members' calendars with `copkit invite r1 --send`\n"
    )
    return community


def _snapshot(home: Path) -> records.CommunityData:
    place = Home(home)
    with place.store_for(place.current()).read() as session:
        return records.snapshot(session)


def _expand(ics: bytes, first: dt.date, last: dt.date) -> dict[dt.date, object]:
    events = recurring_ical_events.of(Calendar.from_ical(ics)).between(first, last)
    return {event.start.date(): event for event in events}


def test_the_invite_carries_the_plan_as_an_override_of_that_meeting(planned) -> None:
    before = _ok(planned, "invite", "Circle", "--method", "publish").stdout_bytes
    cal = Calendar.from_ical(before)
    series, override = cal.walk("VEVENT")
    assert override["UID"] == series["UID"] == "r1.test-cop@copkit"
    assert override["RECURRENCE-ID"].dt == dt.datetime(2027, 1, 12, 14, tzinfo=LONDON)
    assert override["RECURRENCE-ID"].params["TZID"] == "Europe/London"
    assert "RRULE" not in override and "RRULE" in series
    # a plan is a change: the series and its override go out with a SEQUENCE clients apply
    assert int(override["SEQUENCE"]) == int(series["SEQUENCE"]) == 1

    meetings = _expand(before, dt.date(2026, 12, 1), dt.date(2027, 6, 1))
    assert len(meetings) == 6  # the override replaces its occurrence, it adds none
    planned_one = meetings.pop(dt.date(2027, 1, 12))
    text = str(planned_one["DESCRIPTION"])
    assert text.startswith(f"Theme: {CANARY_THEME}\nHost: Bo Chan\nAgenda:\nCheck-in\n")
    assert CANARY_AGENDA in text and "Community of practice: Test CoP" in text
    assert str(planned_one["SUMMARY"]) == f"Circle: {CANARY_THEME}"
    assert planned_one.start == dt.datetime(2027, 1, 12, 14, tzinfo=LONDON)
    assert planned_one.end - planned_one.start == dt.timedelta(minutes=90)
    assert str(planned_one["LOCATION"]) == str(series["LOCATION"])
    for other in meetings.values():  # every other meeting is the series, unchanged
        assert str(other["DESCRIPTION"]) == str(series["DESCRIPTION"])
        assert str(other["SUMMARY"]) == "Circle"
        assert (other.start.hour, other.start.minute) == (14, 0)


def test_the_request_override_invites_the_same_people(planned) -> None:
    cal = Calendar.from_ical(_ok(planned, "invite", "Circle").stdout_bytes)
    series, override = cal.walk("VEVENT")
    assert cal["METHOD"] == "REQUEST"
    assert str(override["ORGANIZER"]) == str(series["ORGANIZER"]) == "mailto:ann@example.org"
    assert sorted(map(str, override["ATTENDEE"])) == sorted(map(str, series["ATTENDEE"]))


def test_the_public_feed_shows_public_themes_only(planned, home: Path) -> None:
    _ok(planned, "meeting", "plan", "--rhythm", "Cafe", "--on", "2026-12-03",
        "--theme", "Court skills", "--agenda", CANARY_AGENDA, "--host", "Cy")  # fmt: skip
    _ok(planned, "meeting", "plan", "--rhythm", "Cafe", "--on", "2027-01-07", "--host", "Bo")
    feed = _ok(planned, "calendar", "--public").stdout_bytes
    for secret in (CANARY_THEME, CANARY_AGENDA, "Cy Dee", "Bo Chan", "Host:", "Agenda"):
        assert secret.encode() not in feed.replace(b"\r\n ", b"")
    cal = Calendar.from_ical(feed)
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert uids == {"r2.test-cop@copkit"}
    overrides = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert len(overrides) == 1  # a plan with a host alone has no theme to show
    meetings = _expand(feed, dt.date(2026, 12, 1), dt.date(2027, 3, 1))
    assert str(meetings[dt.date(2026, 12, 3)]["SUMMARY"]) == "Cafe: Court skills"
    assert str(meetings[dt.date(2026, 12, 3)]["DESCRIPTION"]).startswith("Theme: Court skills\n\n")
    assert str(meetings[dt.date(2027, 1, 7)]["SUMMARY"]) == "Cafe"

    # the public collection on a CalDAV server is the same feed, resource by resource
    data = _snapshot(home)
    now = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    public = publish.resources(data, members=False, now=now, today=now.date())
    assert list(public) == ["r2.test-cop@copkit"]
    assert CANARY_AGENDA.encode() not in public["r2.test-cop@copkit"].replace(b"\r\n ", b"")
    assert b"RECURRENCE-ID" in public["r2.test-cop@copkit"]

    # the members' calendar carries every plan whole
    members = _ok(planned, "calendar").stdout_bytes.replace(b"\r\n ", b"")
    assert CANARY_THEME.encode() in members and CANARY_AGENDA.encode() in members
    assert b"Host: Cy Dee" in members
    own = publish.resources(data, members=True, now=now, today=now.date())
    assert CANARY_THEME.encode() in own["r1.test-cop@copkit"].replace(b"\r\n ", b"")


def test_only_a_coming_meeting_of_the_rhythm_can_be_planned(planned) -> None:
    refusals = {
        ("--on", "2027-01-13", "--theme", "x"): "Circle does not meet on 2027-01-13",
        ("--on", "2026-11-10", "--theme", "x"): "has already begun",
        ("--on", "2027-02-09"): "say what the meeting is about",
    }
    for args, message in refusals.items():
        result = planned("meeting", "plan", "--rhythm", "Circle", *args)
        assert result.exit_code == 1 and message in result.output, result.output
    _ok(planned, "meeting", "cancel", "--rhythm", "Circle", "--on", "2027-02-09")
    result = planned("meeting", "plan", "--rhythm", "Circle", "--on", "2027-02-09", "--theme", "x")
    assert result.exit_code == 1 and "is cancelled" in result.output
    _ok(planned, "member", "leave", "Cy", "--on", "2026-12-01")
    result = planned("meeting", "plan", "--rhythm", "Circle", "--on", "2027-03-09", "--host", "Cy")
    assert result.exit_code == 1 and "Cy Dee left on 2026-12-01" in result.output
    result = planned("meeting", "plan", "--theme", "x")
    assert result.exit_code == 2 and "--rhythm NAME --on YYYY-MM-DD" in result.output


def test_a_plan_is_edited_part_by_part_and_cleared(planned, home: Path) -> None:
    plan = ("meeting", "plan", "--rhythm", "Circle", "--on", "2027-01-12")
    result = _ok(planned, *plan, "--theme", "Working with risk")
    assert "theme 'Working with risk', host Bo Chan, 2 agenda items" in result.output
    assert _snapshot(home).rhythms[0].sequence == 2
    same = _ok(planned, *plan, "--theme", "Working with risk")
    assert "already says that" in same.output and "--send" not in same.output
    assert _snapshot(home).rhythms[0].sequence == 2  # nothing changed, nothing to send

    _ok(planned, *plan, "--host", "", "--agenda", "")
    (stored,) = _snapshot(home).plans
    assert (stored.theme, stored.agenda, stored.host_id) == ("Working with risk", "", None)

    listed = json.loads(_ok(planned, "meeting", "plan", "--list", "--json").output)
    assert [(p["rhythm"], p["start"], p["theme"]) for p in listed] == [
        ("Circle", "2027-01-12T14:00:00", "Working with risk")
    ]
    table = _ok(planned, "meeting", "plan", "--list").output
    assert "1 planned meeting" in table and "Working with risk" in table

    cleared = _ok(planned, *plan, "--clear")
    assert cleared.output.startswith("No plan for Circle on Tue 12 Jan 2027 14:00 any more")
    assert _snapshot(home).plans == ()
    assert json.loads(_ok(planned, "meeting", "plan", "--list", "--json").output) == []
    ics = _ok(planned, "invite", "Circle").stdout_bytes
    assert ics.count(b"BEGIN:VEVENT") == 1  # the meeting is the series' own again


def test_cancelling_a_planned_meeting_drops_its_override(planned) -> None:
    _ok(planned, "meeting", "cancel", "--rhythm", "Circle", "--on", "2027-01-12")
    ics = _ok(planned, "invite", "Circle").stdout_bytes
    assert b"RECURRENCE-ID" not in ics and b"EXDATE" in ics
    assert json.loads(_ok(planned, "meeting", "plan", "--list", "--json").output) == []


def test_forgetting_the_host_leaves_the_theme(planned, home: Path) -> None:
    _ok(planned, "member", "forget", "Bo", "--yes")
    ics = _ok(planned, "invite", "Circle").stdout_bytes.replace(b"\r\n ", b"")
    assert CANARY_THEME.encode() in ics and b"Bo Chan" not in ics and b"Host:" not in ics


def test_moving_the_series_takes_its_plans_along(planned, home: Path) -> None:
    _ok(planned, "rhythm", "edit", "Circle", "--start", "2026-12-01T15:00")
    data = _snapshot(home)
    fresh = next(r for r in data.rhythms if r.ended is None and r.name == "Circle")
    (plan,) = data.plans
    assert plan.rhythm_id == fresh.id and plan.start == dt.datetime(2027, 1, 12, 15, 0)
    ics = _ok(planned, "invite", fresh.id, "--method", "publish").stdout_bytes
    meetings = _expand(ics, dt.date(2027, 1, 1), dt.date(2027, 2, 1))
    assert meetings[dt.date(2027, 1, 12)].start.hour == 15
    assert CANARY_THEME in str(meetings[dt.date(2027, 1, 12)]["SUMMARY"])


def test_invite_send_brings_the_plan_to_members_who_hold_the_series(community) -> None:
    _ok(community, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-09-01")  # fmt: skip
    with MailServer() as server:
        _ok(community, "config", "smtp", "--host", "127.0.0.1", "--port", str(server.port),
            "--security", "none")  # fmt: skip
        _ok(community, "invite", "Circle", "--send")
        assert len(server.received) == 2
        _ok(community, "meeting", "plan", "--rhythm", "Circle", "--on", "2026-12-08",
            "--theme", "Supervising after a review")  # fmt: skip
        _ok(community, "invite", "Circle", "--send")
        update = server.received[2:]
        assert sorted(r.recipients[0] for r in update) == ["bo@example.org", "cy@example.org"]
        message = update[0].message
        assert message["Subject"] == "Updated invitation: Circle"
        text, part = message.iter_parts()
        assert "Tue 08 Dec 2026 14:00 (Supervising after a review)" in text.get_content()
        series, override = Calendar.from_ical(part.get_content()).walk("VEVENT")
        assert int(series["SEQUENCE"]) == int(override["SEQUENCE"]) == 1
        assert str(override["DESCRIPTION"]).startswith("Theme: Supervising after a review\n")
        assert "Nothing to send" in _ok(community, "invite", "Circle", "--send").output
