"""Invites that real calendar clients read: checked with parsers copkit does not use to write.

copkit writes with the icalendar library; these tests read the bytes back with icalendar,
expand them with recurring-ical-events and vobject, and import them into khal, and compare every
date with copkit's own `rhythm show`. The community fixture meets in Europe/London, so a year of
2nd-Tuesday meetings crosses both daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from copkit import calendar, records
from copkit.errors import CopkitError, InputError
from copkit.storage.home import Home

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def circle(community, home: Path):
    """The community plus awkward names and a monthly 2nd-Tuesday rhythm on the private space."""
    for step in [
        ("member", "add", "Chan, Bo", "--email", "chan.bo@example.org", "--joined", "2025-01-01"),
        ("member", "add", "Siobhán Ní Bhriain", "--email", "siobhan@example.org",
         "--joined", "2025-01-01"),
        ("rhythm", "add", "Case circle; reflective, deep", "--space", "Circle",
         "--every", "monthly on the 2nd Tuesday at 14:00", "--start", "2026-01-01",
         "--duration", "90m"),
        ("rhythm", "add", "Open café", "--space", "Cafe",
         "--every", "monthly on the 1st Thursday at 12:30", "--start", "2026-01-01",
         "--duration", "45m"),
    ]:  # fmt: skip
        result = community(*step)
        assert result.exit_code == 0, result.output
    return community


def snapshot(home: Path) -> records.CommunityData:
    place = Home(home)
    with place.store_for(place.current()).read() as session:
        return records.snapshot(session)


def ics_of(run, *args: str) -> bytes:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def rhythm_show(run, name: str, *, count: int, start: str) -> dict:
    result = run("rhythm", "show", name, "--next", str(count), "--from", start, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def expected_starts(shown: dict) -> list[str]:
    """`rhythm show` lists cancelled dates too (marked); an invite must leave them out."""
    return [t for t in shown["next"] if t[:10] not in shown["cancelled"]]


def expand(ics: bytes, first: dt.date, last: dt.date) -> list[dt.datetime]:
    events = recurring_ical_events.of(Calendar.from_ical(ics)).between(first, last)
    return sorted(event.start for event in events)


# --- round trips through independent parsers -----------------------------------------------


def test_invite_reads_back_as_one_series_with_organiser_and_every_member(circle):
    cal = Calendar.from_ical(ics_of(circle, "invite", "Case circle"))
    assert cal["METHOD"] == "REQUEST"
    assert cal["VERSION"] == "2.0"
    (event,) = cal.events
    assert event["UID"] == "r1.test-cop@copkit"
    assert event.start == dt.datetime(2026, 1, 13, 14, 0, tzinfo=LONDON)
    assert event.end - event.start == dt.timedelta(minutes=90)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/London"]
    assert str(event["RRULE"].to_ical(), "ascii") == "FREQ=MONTHLY;BYDAY=2TU"
    assert str(event["ORGANIZER"]) == "mailto:ann@example.org"
    assert event["ORGANIZER"].params["CN"] == "Ann Lee"
    people = {str(a).removeprefix("mailto:"): a.params for a in event["ATTENDEE"]}
    assert set(people) == {
        "ann@example.org", "bo@example.org", "cy@example.org",
        "chan.bo@example.org", "siobhan@example.org",
    }  # fmt: skip
    assert people["chan.bo@example.org"]["CN"] == "Chan, Bo"
    assert people["siobhan@example.org"]["CN"] == "Siobhán Ní Bhriain"
    for email, params in people.items():
        assert params["CUTYPE"] == "INDIVIDUAL"
        if email == "ann@example.org":  # the gardener sends it: chair, already accepted
            assert (params["ROLE"], params["PARTSTAT"]) == ("CHAIR", "ACCEPTED")
        else:
            assert params["ROLE"] == "REQ-PARTICIPANT"
            assert params["PARTSTAT"] == "NEEDS-ACTION"
            assert params["RSVP"] == "TRUE"
    assert event["SUMMARY"] == "Case circle; reflective, deep"
    description = str(event["DESCRIPTION"])
    assert "Reflective supervision" in description  # the domain
    assert "Teams" in description  # the space's platform


def test_expansion_matches_rhythm_show_across_daylight_saving(circle):
    shown = rhythm_show(circle, "Case circle", count=12, start="2026-01-01")
    starts = expand(
        ics_of(circle, "invite", "Case circle"), dt.date(2026, 1, 1), dt.date(2027, 1, 1)
    )
    assert [t.isoformat() for t in starts] == expected_starts(shown)
    assert len(starts) == 12
    # 14:00 on the wall clock all year, in GMT (March, November) and in BST (April-October).
    assert {t.astimezone(LONDON).time() for t in starts} == {dt.time(14, 0)}
    offsets = {t.month: t.utcoffset() for t in starts}
    assert offsets[3] == offsets[11] == dt.timedelta(0)
    assert offsets[4] == offsets[10] == dt.timedelta(hours=1)


def test_vobject_reads_the_invite_with_the_same_wall_clock_dates(circle):
    circle("meeting", "cancel", "--rhythm", "Case circle", "--on", "2026-06-09")
    text = ics_of(circle, "invite", "Case circle").decode("utf-8")
    event = vobject.readOne(text).vevent
    assert len(event.attendee_list) == 5
    assert {a.params["CN"][0] for a in event.attendee_list} >= {"Chan, Bo", "Siobhán Ní Bhriain"}
    assert [d.replace(tzinfo=None) for d in event.exdate.value] == [dt.datetime(2026, 6, 9, 14)]
    assert str(event.exdate.value[0].tzinfo) == "Europe/London"
    # vobject expands with pytz zones, which dateutil cannot move across a DST change (dateutil
    # issues #102, #641: wontfix), so only its wall-clock times are comparable, not instants.
    dates = [t.replace(tzinfo=None) for t in event.getrruleset() if t.year == 2026]
    shown = rhythm_show(circle, "Case circle", count=12, start="2026-01-01")
    assert dates == [dt.datetime.fromisoformat(t).replace(tzinfo=None) for t in shown["next"]]


def test_cancelled_occurrence_becomes_an_exdate_and_leaves_the_expansion(circle):
    before = Calendar.from_ical(ics_of(circle, "invite", "Case circle")).events[0]
    assert "EXDATE" not in before
    result = circle("meeting", "cancel", "--rhythm", "Case circle", "--on", "2026-04-14")
    assert result.exit_code == 0, result.output
    ics = ics_of(circle, "invite", "Case circle")
    after = Calendar.from_ical(ics).events[0]
    assert after["EXDATE"].params["TZID"] == "Europe/London"
    assert [d.dt for d in after["EXDATE"].dts] == [dt.datetime(2026, 4, 14, 14, tzinfo=LONDON)]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["UID"] == before["UID"]
    days = {t.date() for t in expand(ics, dt.date(2026, 3, 1), dt.date(2026, 6, 1))}
    assert days == {dt.date(2026, 3, 10), dt.date(2026, 5, 12)}
    shown = rhythm_show(circle, "Case circle", count=5, start="2026-03-01")
    assert shown["cancelled"] == ["2026-04-14"]


def test_cancellation_notice_names_the_occurrence_the_clients_hold(circle, tmp_path: Path):
    invite = Calendar.from_ical(ics_of(circle, "invite", "Case circle")).events[0]
    notice_path = tmp_path / "cancel.ics"
    result = circle(
        "meeting", "cancel", "--rhythm", "Case circle", "--on", "2026-11-10",
        "--reason", "Room closed; sorry, everyone", "--ics", str(notice_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(notice_path.read_bytes())
    assert cal["METHOD"] == "CANCEL"
    (event,) = cal.events
    assert event["UID"] == invite["UID"]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] > invite["SEQUENCE"]
    assert event["RECURRENCE-ID"].params["TZID"] == "Europe/London"
    assert event["RECURRENCE-ID"].dt == dt.datetime(2026, 11, 10, 14, tzinfo=LONDON)
    assert "Room closed; sorry, everyone" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:ann@example.org"
    assert len(event["ATTENDEE"]) == 5
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/London"]
    assert vobject.readOne(notice_path.read_text("utf-8")).vevent.status.value == "CANCELLED"


def test_series_cancellation_outranks_every_invite_sent(circle, home: Path):
    circle("meeting", "cancel", "--rhythm", "Case circle", "--on", "2026-02-10")
    data = snapshot(home)
    cal = calendar.series_cancellation(data, "Case circle")
    (event,) = cal.events
    stored = records.find_rhythm(data.rhythms, "Case circle").sequence
    assert cal["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == stored + 1
    assert event["UID"] == "r1.test-cop@copkit"


def test_an_ending_rule_keeps_its_utc_until_and_ends_where_copkit_says(circle):
    result = circle(
        "rhythm", "add", "Pilot", "--space", "Cafe", "--every", "weekly on Wednesday at 10:00",
        "--start", "2026-10-01", "--until", "2026-11-11",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ics = ics_of(circle, "invite", "Pilot")
    rule = Calendar.from_ical(ics).events[0]["RRULE"].to_ical().decode()
    assert "UNTIL=20261111T235959Z" in rule  # RFC 5545: UTC when DTSTART has a TZID
    starts = expand(ics, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    shown = rhythm_show(circle, "Pilot", count=20, start="2026-10-01")
    assert [t.isoformat() for t in starts] == shown["next"]
    assert starts[-1].date() == dt.date(2026, 11, 11)
    assert {t.utcoffset() for t in starts} == {dt.timedelta(0), dt.timedelta(hours=1)}


def test_a_rhythm_in_another_zone_brings_its_own_vtimezone(circle):
    result = circle(
        "rhythm", "add", "Transatlantic", "--space", "Cafe", "--every", "weekly on Monday",
        "--start", "2026-03-02T09:00", "--timezone", "America/New_York",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ics = ics_of(circle, "calendar")
    cal = Calendar.from_ical(ics)
    assert [tz.tz_name for tz in cal.timezones] == ["America/New_York", "Europe/London"]
    assert cal.get_missing_tzids() == set()
    event = next(e for e in cal.events if e["SUMMARY"] == "Transatlantic")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    starts = expand(ics, dt.date(2026, 3, 1), dt.date(2026, 3, 20))
    new_york = [t for t in starts if str(t.tzinfo) == "America/New_York"]
    # 09:00 in New York before and after its DST change on 8 March.
    assert [(t.day, t.hour, t.utcoffset().total_seconds() / 3600) for t in new_york] == [
        (2, 9, -5.0), (9, 9, -4.0), (16, 9, -4.0),
    ]  # fmt: skip
    assert ics_of(circle, "calendar") == ics


# --- what the bytes look like ----------------------------------------------------------------


def test_text_is_escaped_folded_at_75_octets_with_crlf(circle):
    circle("member", "add", "Zoë Ångström-Øvergaard, Ph.D.; Lead Practitioner", "--email",
           "zoe@example.org")  # fmt: skip
    ics = ics_of(circle, "invite", "Case circle")
    assert ics.endswith(b"\r\n")
    physical = ics.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert max(len(line) for line in physical) <= 75
    for line in physical:  # a fold never splits a UTF-8 character
        line.decode("utf-8")
    unfolded = ics.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Case circle\\; reflective\\, deep\r\n" in unfolded
    assert 'CN="Chan, Bo"' in unfolded
    assert 'CN="Zoë Ångström-Øvergaard, Ph.D.; Lead Practitioner"' in unfolded
    assert "\\n" in unfolded.split("DESCRIPTION:")[1].split("\r\n")[0]  # newlines escaped
    names = {a.params["CN"] for a in Calendar.from_ical(ics).events[0]["ATTENDEE"]}
    assert "Zoë Ångström-Øvergaard, Ph.D.; Lead Practitioner" in names


def test_no_floating_times_and_dtstamp_in_utc(circle):
    circle("meeting", "cancel", "--rhythm", "Open café", "--on", "2026-03-05")
    ics = ics_of(circle, "calendar").replace(b"\r\n ", b"").decode("utf-8")
    in_events = ics[ics.index("BEGIN:VEVENT") :]
    timed = [ln for ln in in_events.split("\r\n") if ln.split(";")[0].split(":")[0]
             in {"DTSTART", "DTEND", "EXDATE", "RECURRENCE-ID"}]  # fmt: skip
    assert len(timed) == 5
    assert all(ln.startswith(("DTSTART;TZID=", "DTEND;TZID=", "EXDATE;TZID=")) for ln in timed)
    stamps = [ln for ln in in_events.split("\r\n") if ln.startswith("DTSTAMP")]
    assert len(stamps) == 2 and all(ln.endswith("Z") for ln in stamps)


def test_same_data_same_bytes_and_a_change_moves_the_stamp(circle, home: Path):
    first = ics_of(circle, "invite", "Case circle")
    assert ics_of(circle, "invite", "Case circle") == first
    assert ics_of(circle, "calendar") == ics_of(circle, "calendar")
    store_file = home / "test-cop.json"
    hour_ago = store_file.stat().st_mtime - 3600
    os.utime(store_file, (hour_ago, hour_ago))
    older = Calendar.from_ical(ics_of(circle, "invite", "Case circle")).events[0]
    circle("member", "add", "Dee Newcomer", "--email", "dee@example.org")
    newer = Calendar.from_ical(ics_of(circle, "invite", "Case circle")).events[0]
    assert newer["DTSTAMP"].dt > older["DTSTAMP"].dt
    assert "mailto:dee@example.org" in [str(a) for a in newer["ATTENDEE"]]
    assert newer["UID"] == older["UID"]


def test_members_who_left_are_not_invited(circle):
    circle("member", "leave", "Cy Dee", "--on", "2026-01-01")
    event = Calendar.from_ical(ics_of(circle, "invite", "Case circle")).events[0]
    assert "mailto:cy@example.org" not in [str(a) for a in event["ATTENDEE"]]
    assert len(event["ATTENDEE"]) == 4


# --- feeds and privacy -----------------------------------------------------------------------


def test_publish_feed_lists_no_attendees(circle):
    cal = Calendar.from_ical(ics_of(circle, "invite", "Open café", "--method", "publish"))
    assert cal["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in cal.events[0]
    assert cal.events[0]["LOCATION"] == "Room 1"


def test_public_calendar_never_carries_anything_from_a_private_space(circle):
    word = "Quillwort"
    for step in [
        ("space", "add", f"{word} room", "--private", "--platform", f"{word} Teams",
         "--location", f"{word} House", "--url", f"https://example.org/{word.lower()}"),
        ("rhythm", "add", f"{word} supervision", "--space", f"{word} room",
         "--every", "weekly on Friday at 09:00", "--start", "2026-01-01"),
    ]:  # fmt: skip
        assert circle(*step).exit_code == 0
    full = ics_of(circle, "calendar").replace(b"\r\n ", b"").decode("utf-8")
    assert word in full  # the private rhythm is there for members...
    public = ics_of(circle, "calendar", "--public").replace(b"\r\n ", b"").decode("utf-8")
    assert word.lower() not in public.lower()  # ...and nowhere in what the world may see
    assert "Case circle" not in public  # the fixture's private rhythm is left out as well
    assert "teams" not in public.lower()
    assert "ATTENDEE" not in public and "ORGANIZER" not in public and "@example.org" not in public
    cal = Calendar.from_ical(public)
    assert [e["SUMMARY"] for e in cal.events] == ["Open café"]
    assert cal["METHOD"] == "PUBLISH"


# --- refusals ------------------------------------------------------------------------------


def test_request_needs_an_organiser_but_a_feed_does_not(run, tmp_path: Path):
    for step in [
        ("init", "No Gardener", "--domain", "Practice"),
        ("member", "add", "Bo Chan", "--email", "bo@example.org"),
        ("space", "add", "Room", "--public"),
        ("rhythm", "add", "Lunch", "--space", "Room", "--every", "weekly on Monday at 12:00",
         "--start", "2026-01-01"),
    ]:  # fmt: skip
        assert run(*step).exit_code == 0
    target = tmp_path / "lunch.ics"
    refused = run("invite", "Lunch", "-o", str(target))
    assert refused.exit_code == 1
    assert "organiser" in refused.stderr and "Traceback" not in refused.output
    assert not target.exists()
    fed = run("invite", "Lunch", "--method", "publish", "-o", str(target))
    assert fed.exit_code == 0, fed.output
    assert Calendar.from_ical(target.read_bytes())["METHOD"] == "PUBLISH"
    notice = tmp_path / "cancel.ics"
    cancel = run(
        "meeting", "cancel", "--rhythm", "Lunch", "--on", "2026-01-05", "--ics", str(notice)
    )
    assert cancel.exit_code == 1 and "organiser" in cancel.stderr
    assert not notice.exists()
    shown = json.loads(run("rhythm", "show", "Lunch", "--from", "2026-01-01", "--json").output)
    assert shown["cancelled"] == []  # no notice, no cancellation


def test_api_refuses_a_naive_now(circle, home: Path):
    with pytest.raises(InputError):
        calendar.series_invite(snapshot(home), "Case circle", now=dt.datetime(2026, 1, 1))
    with pytest.raises(CopkitError):
        calendar.series_invite(snapshot(home), "no such rhythm")


def test_api_stamp_without_now_is_the_same_on_every_run(circle, home: Path):
    data = snapshot(home)
    first = calendar.to_ics(calendar.community_calendar(data))
    assert calendar.to_ics(calendar.community_calendar(snapshot(home))) == first
    event = Calendar.from_ical(first).events[0]
    assert event["DTSTAMP"].dt == calendar.data_stamp(data)


# --- a real client ---------------------------------------------------------------------------


def test_khal_imports_the_invite_and_lists_the_occurrence(circle, tmp_path: Path):
    """khal (a terminal calendar from PyPI) with a throwaway config: nothing of the user's."""
    circle("meeting", "cancel", "--rhythm", "Case circle", "--on", "2026-04-14")
    invite = tmp_path / "circle.ics"
    assert circle("invite", "Case circle", "-o", str(invite)).exit_code == 0
    folder = tmp_path / "khal"
    (folder / "cal").mkdir(parents=True)
    config = folder / "config"
    config.write_text(
        f"[calendars]\n[[copkit]]\npath = {folder / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "default_timezone = Europe/London\nlocal_timezone = Europe/London\n"
        f"[sqlite]\npath = {folder / 'khal.db'}\n"
    )
    found = shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")
    assert found, "khal is part of the test extra: pip install -e '.[test]'"
    khal = [found, "-c", str(config)]
    env = os.environ | {"HOME": str(folder), "XDG_CONFIG_HOME": str(folder), "TZ": "UTC"}

    def khal_run(*args: str) -> str:
        done = subprocess.run([*khal, *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    khal_run("import", "--batch", "-a", "copkit", str(invite))
    listed = khal_run(
        "list", "2026-03-01", "2026-11-30", "--format", "{start} {end} {title}", "--day-format", ""
    )
    lines = [line for line in listed.splitlines() if line.strip()]
    # March and November in GMT, the rest in BST: always 14:00-15:30 on the wall clock.
    assert "2026-03-10 14:00 2026-03-10 15:30 Case circle; reflective, deep" in lines
    assert "2026-11-10 14:00 2026-11-10 15:30 Case circle; reflective, deep" in lines
    assert "2026-07-14 14:00 2026-07-14 15:30 Case circle; reflective, deep" in lines
    assert not any(line.startswith("2026-04-14") for line in lines)  # cancelled
    assert len(lines) == 8  # March to November, less the cancelled April
