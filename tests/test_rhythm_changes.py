"""Changing a rhythm and calling a series off: calendars follow, plans and checks too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import recurring_ical_events


def _rhythm(run) -> None:
    result = run(
        "rhythm",
        "add",
        "Circle",
        "--space",
        "Circle",
        "--every",
        "monthly on the 2nd Tuesday",
        "--start",
        "2026-01-13T14:00",
        "--duration",
        "90m",
    )
    assert result.exit_code == 0, result.output


def _invite(run, tmp_path: Path, name: str = "invite.ics") -> icalendar.Calendar:
    out = tmp_path / name
    result = run("invite", "Circle", "-o", str(out))
    assert result.exit_code == 0, result.output
    return icalendar.Calendar.from_ical(out.read_bytes())


def test_moving_a_rhythm_raises_the_sequence_and_calendars_see_the_new_time(
    run, community, tmp_path: Path
) -> None:
    _rhythm(run)
    before = _invite(run, tmp_path, "before.ics")
    result = run("rhythm", "edit", "Circle", "--start", "2026-01-13T15:30", "--space", "Cafe")
    assert result.exit_code == 0, result.output
    after = _invite(run, tmp_path, "after.ics")
    old_event, new_event = before.events[0], after.events[0]
    assert new_event["UID"] == old_event["UID"]
    assert int(new_event["SEQUENCE"]) == int(old_event["SEQUENCE"]) + 1
    march = recurring_ical_events.of(after).between(dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    assert [e["DTSTART"].dt.strftime("%d %H:%M") for e in march] == ["10 15:30"]
    shown = json.loads(
        run("rhythm", "show", "Circle", "--from", "2026-03-01", "--next", "1", "--json").output
    )
    assert shown["next"] == ["2026-03-10T15:30:00+00:00"] and shown["space"] == "Cafe"


def test_a_new_rule_replaces_the_old_one(run, community) -> None:
    _rhythm(run)
    run("rhythm", "edit", "Circle", "--every", "every 2 weeks on Thursday")
    shown = json.loads(
        run("rhythm", "show", "Circle", "--from", "2026-02-01", "--next", "2", "--json").output
    )
    days = [dt.datetime.fromisoformat(d) for d in shown["next"]]
    assert all(d.weekday() == 3 and d.hour == 14 for d in days)
    assert (days[1] - days[0]).days == 14


def test_an_edit_that_changes_nothing_or_breaks_the_rule_writes_nothing(
    run, community, home: Path
) -> None:
    _rhythm(run)
    before = (home / "test-cop.json").read_bytes()
    for args in (
        ["--duration", "90m"],
        ["--every", "now and then"],
        ["--space", "Nowhere"],
        ["--until", "2025-01-01"],
    ):
        result = run("rhythm", "edit", "Circle", *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ")
    assert (home / "test-cop.json").read_bytes() == before


def test_calling_a_series_off_mid_way_keeps_the_meetings_before_it(
    run, community, tmp_path: Path
) -> None:
    _rhythm(run)  # 2nd Tuesdays from 13 Jan 2026
    sent = _invite(run, tmp_path)
    notice = tmp_path / "end.ics"
    result = run("rhythm", "end", "Circle", "--on", "2026-06-01", "--ics", str(notice))
    assert result.exit_code == 0, result.output
    update = icalendar.Calendar.from_ical(notice.read_bytes())
    assert update["METHOD"] == "REQUEST"
    event = update.events[0]
    assert event["UID"] == sent.events[0]["UID"]
    assert int(event["SEQUENCE"]) > int(sent.events[0]["SEQUENCE"])
    kept = recurring_ical_events.of(update).between(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert [e["DTSTART"].dt.date().isoformat() for e in kept] == [
        "2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12"
    ]  # fmt: skip
    upcoming = json.loads(run("meeting", "list", "--upcoming", "--json").output)
    assert all(u["rhythm"] != "Circle" for u in upcoming)
    feed = icalendar.Calendar.from_ical(run("calendar").stdout_bytes)
    assert (
        len(recurring_ical_events.of(feed).between(dt.date(2026, 6, 1), dt.date(2027, 1, 1))) == 0
    )
    for args in (["meeting", "cancel", "--rhythm", "Circle", "--on", "2026-07-14"],
                 ["rhythm", "end", "Circle"]):  # fmt: skip
        refused = run(*args)
        assert refused.exit_code == 1 and "called off" in refused.output


def test_calling_a_series_off_before_it_met_cancels_it_whole(
    run, community, tmp_path: Path
) -> None:
    _rhythm(run)
    notice = tmp_path / "end.ics"
    result = run("rhythm", "end", "Circle", "--on", "2026-01-13", "--ics", str(notice))
    assert result.exit_code == 0, result.output
    cancel = icalendar.Calendar.from_ical(notice.read_bytes())
    assert cancel["METHOD"] == "CANCEL" and cancel.events[0]["STATUS"] == "CANCELLED"
    assert b"VEVENT" not in run("calendar").stdout_bytes
    refused = run("invite", "Circle")
    assert refused.exit_code == 1 and "called off" in refused.output


def test_a_cancellation_survives_moving_the_rhythm_to_another_hour(
    run, community, tmp_path: Path
) -> None:
    _rhythm(run)
    run("meeting", "cancel", "--rhythm", "Circle", "--on", "2026-03-10")
    run("rhythm", "edit", "Circle", "--start", "2026-01-13T15:00")
    march = recurring_ical_events.of(_invite(run, tmp_path)).between(
        dt.date(2026, 3, 1), dt.date(2026, 4, 1)
    )
    assert march == []


def test_a_new_community_time_zone_moves_rhythms_and_raises_their_sequence(
    run, community, tmp_path: Path
) -> None:
    _rhythm(run)
    before = _invite(run, tmp_path, "before.ics").events[0]
    run("community", "edit", "--timezone", "America/New_York")
    after = _invite(run, tmp_path, "after.ics").events[0]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["DTSTART"].dt.tzinfo.key == "America/New_York"
    assert after["DTSTART"].dt.hour == 14


def test_a_series_called_off_no_longer_counts_as_a_rhythm_in_the_health_check(
    run, community
) -> None:
    _rhythm(run)

    def rhythm_evidence(as_of: str) -> str:
        report = json.loads(run("health", "--format", "json", "--as-of", as_of).output)
        return " ".join(report["principles"][6]["evidence"])

    assert "Circle" in rhythm_evidence("2026-05-01")
    run("rhythm", "end", "Circle", "--on", "2026-06-01")
    assert "Circle" in rhythm_evidence("2026-05-01")
    assert "Circle" not in rhythm_evidence("2026-07-01")


def test_a_meeting_is_recorded_once_it_has_happened(run, community, home: Path) -> None:
    _rhythm(run)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    before = (home / "test-cop.json").read_bytes()
    result = run("meeting", "record", "--space", "Cafe", "--on", f"{tomorrow}T10:00")
    assert result.exit_code == 1 and "has not happened yet" in result.output
    assert (home / "test-cop.json").read_bytes() == before
    today = run("meeting", "record", "--space", "Cafe", "--on", f"{dt.date.today()}T00:01")
    assert today.exit_code == 0, today.output


def test_a_rhythm_meeting_must_fall_on_one_of_its_dates(run, community, home: Path) -> None:
    _rhythm(run)  # 2nd Tuesdays from 13 Jan 2026
    before = (home / "test-cop.json").read_bytes()
    wrong = run("meeting", "record", "--rhythm", "Circle", "--on", "2026-01-14")
    assert wrong.exit_code == 1
    assert "does not meet on 2026-01-14" in wrong.output and "--space 'Circle'" in wrong.output
    assert (home / "test-cop.json").read_bytes() == before
    moved = run("meeting", "record", "--space", "Circle", "--on", "2026-01-14T14:00")
    assert moved.exit_code == 0, moved.output
    right = run("meeting", "record", "--rhythm", "Circle", "--on", "2026-02-10")
    assert right.exit_code == 0, right.output


def test_a_new_zone_keeps_the_last_local_day_of_a_rule() -> None:
    from zoneinfo import ZoneInfo

    from copkit.schedule.rhythm import move_until, until_in_utc

    london, auckland = ZoneInfo("Europe/London"), ZoneInfo("Pacific/Auckland")
    rule = f"FREQ=WEEKLY;BYDAY=TH;UNTIL={until_in_utc(dt.date(2026, 12, 31), london)}"
    moved = move_until(rule, london, auckland)
    assert moved == f"FREQ=WEEKLY;BYDAY=TH;UNTIL={until_in_utc(dt.date(2026, 12, 31), auckland)}"
    assert move_until("FREQ=DAILY", london, auckland) == "FREQ=DAILY"
