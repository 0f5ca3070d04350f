"""Spaces, rhythms and meetings from the terminal, and the communities they belong to.

A rhythm is what keeps a community alive (principle 7): its dates must be the ones a calendar
client shows, at the same wall-clock time all year round, and every mistake a gardener types
must be refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
from click.testing import Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.schedule.parsing import parse_date, parse_datetime

Run = Callable[..., Result]


def community_file(home: Path, slug: str | None = None) -> Path:
    if slug:
        return home / f"{slug}.json"
    return next(p for p in home.glob("*.json") if p.name != "config.json")


def ok(run: Run, *args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def as_json(run: Run, *args: str) -> object:
    return orjson.loads(ok(run, *args, "--json").stdout)


def refused(run: Run, home: Path, *args: str, code: int = 1) -> str:
    """Run a command that must fail cleanly without touching the file; return its message."""
    path = community_file(home)
    before = path.read_bytes()
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(("Error: ", "Usage: "))
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    return result.stderr


MONTHLY = ("rhythm", "add", "Monthly circle", "--space", "Circle", "--every",
           "monthly on the 2nd Tuesday", "--start", "2026-01-13T14:00",
           "--duration", "90m")  # fmt: skip


# --- spaces -------------------------------------------------------------------------------------


def test_spaces_are_listed_with_their_kind(community: Run) -> None:
    ok(community, "space", "add", "Walk", "--public", "--location", "Riverside park",
       "--url", "https://example.org/walk")  # fmt: skip
    spaces = {s["name"]: s for s in as_json(community, "space", "list")}
    assert spaces["Circle"]["visibility"] == "private"
    assert spaces["Circle"]["platform"] == "Teams"
    assert spaces["Cafe"]["visibility"] == "public"
    assert spaces["Walk"]["location"] == "Riverside park"
    assert spaces["Walk"]["url"] == "https://example.org/walk"
    table = ok(community, "space", "list").stdout
    for words in ("Circle", "private", "Cafe", "public", "Walk"):
        assert words in table


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("space", "add", "Garden"), 2, "--public or --private"),
        (("space", "add", "circle", "--public"), 1, "already a space"),
        (("space", "add", "Garden", "--public", "--url", "example.org"), 1, "not a web address"),
        (("space", "add", "", "--private"), 1, "cannot be empty"),
    ],
)
def test_bad_spaces_are_refused(
    community: Run, home: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    assert words in refused(community, home, *args, code=code)


# --- rhythms ------------------------------------------------------------------------------------


def test_every_phrase_and_raw_rrule_give_the_same_dates(community: Run) -> None:
    start = "2026-01-13T10:00"  # a Tuesday: both rules move on to the first Thursday
    ok(community, "rhythm", "add", "Phrase", "--space", "Cafe", "--every",
       "every 2 weeks on Thursday", "--start", start)  # fmt: skip
    ok(community, "rhythm", "add", "Raw", "--space", "Cafe", "--rrule",
       "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "--start", start)  # fmt: skip
    phrase, raw = (
        as_json(community, "rhythm", "show", name, "--next", "8", "--from", "2026-01-01")
        for name in ("Phrase", "Raw")
    )
    assert phrase["rrule"] == raw["rrule"]
    assert phrase["next"] == raw["next"]
    days = [dt.datetime.fromisoformat(t) for t in phrase["next"]]
    assert days[0].date() == dt.date(2026, 1, 15)
    assert {d.strftime("%a %H:%M") for d in days} == {"Thu 10:00"}
    assert {(b.date() - a.date()).days for a, b in zip(days, days[1:], strict=False)} == {14}


def test_time_and_length_can_be_said_in_the_phrase(community: Run) -> None:
    ok(community, "rhythm", "add", "Lunch", "--space", "Cafe", "--every",
       "first Monday of each month at 12:30 for 1h", "--start", "2026-02-01")  # fmt: skip
    lunch = as_json(community, "rhythm", "show", "Lunch", "--next", "2", "--from", "2026-02-01")
    assert lunch["duration_minutes"] == 60
    assert lunch["next"][:2] == ["2026-02-02T12:30:00+00:00", "2026-03-02T12:30:00+00:00"]


def test_rhythms_are_listed_with_their_space(community: Run) -> None:
    ok(community, *MONTHLY)
    [listed] = as_json(community, "rhythm", "list")
    assert listed["name"] == "Monthly circle"
    assert listed["space"] == "Circle"
    assert listed["rrule"] == "FREQ=MONTHLY;BYDAY=2TU"
    assert "Monthly circle" in ok(community, "rhythm", "list").stdout


def test_second_tuesdays_stay_at_14_00_across_both_clock_changes(community: Run) -> None:
    ok(community, *MONTHLY)
    shown = as_json(community, "rhythm", "show", "Monthly circle", "--next", "12",
                    "--from", "2026-01-01")  # fmt: skip
    assert shown["zone"] == "Europe/London"
    dates = [dt.datetime.fromisoformat(t) for t in shown["next"]]
    assert len(dates) == 12
    assert [d.month for d in dates] == list(range(1, 13))
    for moment in dates:
        assert moment.weekday() == 1 and 8 <= moment.day <= 14  # the 2nd Tuesday
        assert (moment.hour, moment.minute) == (14, 0)  # on the wall clock, all year
    offsets = {d.month: d.utcoffset() for d in dates}
    gmt, bst = dt.timedelta(0), dt.timedelta(hours=1)
    # Clocks go forward on 29 March and back on 25 October 2026.
    assert (offsets[3], offsets[4]) == (gmt, bst)
    assert (offsets[10], offsets[11]) == (bst, gmt)
    utc_hours = {d.month: d.astimezone(dt.UTC).hour for d in dates}
    assert (utc_hours[3], utc_hours[4], utc_hours[10], utc_hours[11]) == (14, 13, 13, 14)
    # and the zone agrees with the real London clock for each date
    for moment in dates:
        assert moment.utcoffset() == moment.replace(tzinfo=ZoneInfo("Europe/London")).utcoffset()


def test_a_rhythm_in_another_zone_keeps_its_own_wall_clock(community: Run) -> None:
    ok(community, "rhythm", "add", "Transatlantic", "--space", "Cafe", "--every",
       "weekly on Wednesday", "--start", "2026-03-04T09:00",
       "--timezone", "America/New_York")  # fmt: skip
    shown = as_json(community, "rhythm", "show", "Transatlantic", "--next", "3",
                    "--from", "2026-03-01")  # fmt: skip
    assert shown["zone"] == "America/New_York"
    dates = [dt.datetime.fromisoformat(t) for t in shown["next"]]
    assert [d.strftime("%d %H:%M") for d in dates] == ["04 09:00", "11 09:00", "18 09:00"]
    # New York changes its clocks on 8 March, London only on 29 March
    assert [d.utcoffset() for d in dates] == [dt.timedelta(hours=-5), *[dt.timedelta(hours=-4)] * 2]


def test_until_ends_the_rhythm(community: Run) -> None:
    ok(community, "rhythm", "add", "Short", "--space", "Cafe", "--every", "weekly on Friday",
       "--start", "2026-01-02T16:00", "--until", "2026-01-23")  # fmt: skip
    shown = as_json(community, "rhythm", "show", "Short", "--next", "10", "--from", "2026-01-01")
    assert [t[:10] for t in shown["next"]] == [
        "2026-01-02",
        "2026-01-09",
        "2026-01-16",
        "2026-01-23",
    ]


RHYTHM_MISTAKES = {
    "unknown space": (
        ("--space", "Garden", "--every", "weekly", "--start", "2026-01-13T14:00"),
        "no space 'Garden'",
    ),
    "unknown time zone": (
        ("--space", "Circle", "--every", "weekly", "--start", "2026-01-13T14:00",
         "--timezone", "Europe/Londn"),
        "unknown time zone",
    ),
    "until before start": (
        ("--space", "Circle", "--every", "weekly", "--start", "2026-01-13T14:00",
         "--until", "2025-12-31"),
        "before the start",
    ),
    "both --every and --rrule": (
        ("--space", "Circle", "--every", "weekly", "--rrule", "FREQ=WEEKLY",
         "--start", "2026-01-13T14:00"),
        "either --every",
    ),
    "neither --every nor --rrule": (
        ("--space", "Circle", "--start", "2026-01-13T14:00"), "either --every",
    ),
    "bad rrule": (
        ("--space", "Circle", "--rrule", "FREQ=SOMETIMES", "--start", "2026-01-13T14:00"),
        "FREQ",
    ),
    "bad start": (("--space", "Circle", "--every", "weekly", "--start", "13/01/2026"), "date"),
    "date without a time": (
        ("--space", "Circle", "--every", "weekly", "--start", "2026-01-13"), "give --start a time",
    ),
    "bad duration": (
        ("--space", "Circle", "--every", "weekly", "--start", "2026-01-13T14:00",
         "--duration", "all afternoon"),
        "duration",
    ),
    "bad until": (
        ("--space", "Circle", "--every", "weekly", "--start", "2026-01-13T14:00",
         "--until", "next year"),
        "not a date",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(RHYTHM_MISTAKES))
def test_rhythm_mistakes_are_refused_and_nothing_is_written(
    community: Run, home: Path, case: str
) -> None:
    args, words = RHYTHM_MISTAKES[case]
    code = 2 if case in ("bad until", "bad start") else 1  # a malformed date: usage error
    assert words in refused(community, home, "rhythm", "add", "New", *args, code=code)


def test_an_unreadable_every_phrase_says_what_it_can_read(community: Run, home: Path) -> None:
    message = refused(community, home, "rhythm", "add", "New", "--space", "Circle",
                      "--every", "whenever we feel like it",
                      "--start", "2026-01-13T14:00")  # fmt: skip
    assert "whenever we feel like it" in message
    assert "monthly on the 2nd Tuesday" in message
    assert "every 2 weeks on Thursday" in message


def test_a_rhythm_name_is_used_once(community: Run, home: Path) -> None:
    ok(community, *MONTHLY)
    assert "already a rhythm" in refused(community, home, *MONTHLY)


def test_unknown_rhythm_names_the_ones_there_are(community: Run, home: Path) -> None:
    ok(community, *MONTHLY)
    message = refused(community, home, "rhythm", "show", "Weekly")
    assert "Monthly circle" in message


# --- meetings -----------------------------------------------------------------------------------


def test_recording_a_meeting_with_everything_in_it(community: Run) -> None:
    ok(community, *MONTHLY)
    ok(community, "meeting", "record", "--rhythm", "Monthly circle", "--on", "2026-01-13",
       "--attended", "Ann, bo@example.org,Cy", "--activity", "familiar:case discussion",
       "--activity", "stimulating:guest talk", "--topic", "Working with fathers",
       "--proposed-by", "Bo", "--topic", "Next term", "--proposed-by", "Ann Lee",
       "--guest", "Prof Adeyemi")  # fmt: skip
    [held] = as_json(community, "meeting", "list", "--past")
    members = {m["email"]: m["id"] for m in as_json(community, "member", "list")}
    assert held["start"] == "2026-01-13T14:00:00"  # the rhythm's time, as the date was enough
    assert held["status"] == "held"
    assert held["attendance"] == 3
    assert set(held["attendees"]) == set(members.values())
    assert held["activities"] == [
        {"kind": "familiar", "label": "case discussion"},
        {"kind": "stimulating", "label": "guest talk"},
    ]
    assert held["topics"] == [
        # Bo is a member; Ann is the gardener, so her topic is not "proposed by a member"
        {"text": "Working with fathers", "proposed_by": members["bo@example.org"],
         "by_member": True, "themes": []},
        {"text": "Next term", "proposed_by": members["ann@example.org"], "by_member": False,
         "themes": []},
    ]  # fmt: skip
    assert held["guests"] == ["Prof Adeyemi"]


def test_an_ad_hoc_meeting_on_a_space(community: Run) -> None:
    ok(community, "meeting", "record", "--space", "Cafe", "--on", "2026-02-20T12:30",
       "--attended", "Cy", "--topic", "Open questions")  # fmt: skip
    [held] = as_json(community, "meeting", "list", "--past")
    assert held["start"] == "2026-02-20T12:30:00"
    assert held["rhythm_id"] is None
    assert held["topics"] == [
        {"text": "Open questions", "proposed_by": None, "by_member": False, "themes": []}
    ]


MEETING_MISTAKES = {
    "more topics than proposers": (
        ("--rhythm", "Monthly circle", "--on", "2026-01-13", "--topic", "A", "--topic", "B",
         "--proposed-by", "Bo"),
        "--proposed-by: 1 given for 2 topics",
    ),
    "a proposer without a topic": (
        ("--rhythm", "Monthly circle", "--on", "2026-01-13", "--proposed-by", "Bo"),
        "--proposed-by: 1 given for 0 topics",
    ),
    "unknown attendee": (
        ("--rhythm", "Monthly circle", "--on", "2026-01-13", "--attended", "Ann,Zoe"),
        "no member matches 'Zoe'",
    ),
    "ambiguous attendee": (
        ("--rhythm", "Monthly circle", "--on", "2026-01-13", "--attended", "e"), "could mean",
    ),
    "unknown proposer": (
        ("--rhythm", "Monthly circle", "--on", "2026-01-13", "--topic", "A",
         "--proposed-by", "Zoe"),
        "no member matches 'Zoe'",
    ),
    "activity of no kind": (
        ("--rhythm", "Monthly circle", "--on", "2026-01-13", "--activity", "fun:quiz"),
        "familiar:LABEL or stimulating:LABEL",
    ),
    "activity without a label": (
        ("--rhythm", "Monthly circle", "--on", "2026-01-13", "--activity", "familiar"),
        "not an activity",
    ),
    "unknown rhythm": (("--rhythm", "Weekly", "--on", "2026-01-13"), "no rhythm 'Weekly'"),
    "unknown space": (("--space", "Garden", "--on", "2026-01-13T14:00"), "no space 'Garden'"),
    "no rhythm or space": (("--on", "2026-01-13T14:00",), "--rhythm NAME or --space SPACE"),
    "both rhythm and space": (
        ("--rhythm", "Monthly circle", "--space", "Cafe", "--on", "2026-01-13T14:00"),
        "--rhythm NAME or --space SPACE",
    ),
    "ad hoc without a time": (("--space", "Cafe", "--on", "2026-01-13"), "not a date and time"),
    "a zone offset": (
        ("--space", "Cafe", "--on", "2026-01-13T14:00+01:00"), "zone offset",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MEETING_MISTAKES))
def test_meeting_mistakes_are_refused_and_nothing_is_written(
    community: Run, home: Path, case: str
) -> None:
    ok(community, *MONTHLY)
    args, words = MEETING_MISTAKES[case]
    code = 2 if case == "a zone offset" else 1  # an --on that cannot be read: usage error
    assert words in refused(community, home, "meeting", "record", *args, code=code)


def test_the_same_meeting_is_not_recorded_twice(community: Run, home: Path) -> None:
    ok(community, *MONTHLY)
    ok(community, "meeting", "record", "--rhythm", "Monthly circle", "--on", "2026-01-13")
    message = refused(community, home, "meeting", "record", "--rhythm", "Monthly circle",
                      "--on", "2026-01-13T14:00")  # fmt: skip
    assert "already recorded" in message


def test_held_and_still_to_come_are_judged_by_the_now_the_caller_gives(
    community: Run, home: Path
) -> None:
    """The core never reads the clock: a script that replays 1 Nov 2026 is told the meeting of
    10 Nov has not happened yet, and may still plan it, whatever day the machine says."""
    from copkit import records
    from copkit.errors import CopkitError
    from copkit.storage.home import Home

    ok(community, *MONTHLY)
    first_of_november = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    held = Home(home).store_for("test-cop").hold()
    with held.rehearse() as session, pytest.raises(CopkitError, match="has not happened yet"):
        records.record_meeting(
            session, on=dt.date(2026, 11, 10), rhythm="Monthly circle", now=first_of_november
        )
    with held.rehearse() as session:
        planned = records.plan_meeting(
            session,
            rhythm="Monthly circle",
            on=dt.date(2026, 11, 10),
            theme="Holding uncertainty",
            now=first_of_november,
        )
    assert planned.plan is not None and planned.plan.theme == "Holding uncertainty"


def test_cancelling_needs_a_date_the_rhythm_meets_on(community: Run, home: Path) -> None:
    ok(community, *MONTHLY)
    message = refused(community, home, "meeting", "cancel", "--rhythm", "Monthly circle",
                      "--on", "2026-02-11")  # fmt: skip
    assert "does not meet on 2026-02-11" in message
    assert "not a date" in refused(
        community,
        home,
        "meeting",
        "cancel",
        "--rhythm",
        "Monthly circle",
        "--on",
        "Feb 10",
        code=2,
    )


def test_a_cancelled_date_leaves_the_upcoming_list(community: Run, home: Path) -> None:
    first = dt.date.today() + dt.timedelta(days=1)
    ok(community, "rhythm", "add", "Weekly cafe", "--space", "Cafe", "--every", "weekly",
       "--start", f"{first}T12:00", "--duration", "45m")  # fmt: skip
    before = as_json(community, "meeting", "list", "--upcoming")
    assert len(before) == 3
    assert [u["rhythm"] for u in before] == ["Weekly cafe"] * 3
    assert before[0]["start"].startswith(f"{first}T12:00")
    assert before[0]["visibility"] == "public"

    cancelled_day = before[1]["start"][:10]
    ok(community, "meeting", "cancel", "--rhythm", "Weekly cafe", "--on", cancelled_day,
       "--reason", "room closed")  # fmt: skip
    after = as_json(community, "meeting", "list", "--upcoming")
    assert cancelled_day not in {u["start"][:10] for u in after}
    assert len(after) == 3  # the next date takes its place
    assert after[0] == before[0]
    assert after[1] == before[2]

    assert as_json(community, "meeting", "list", "--past") == []  # still to come (issue 21)
    [record] = as_json(community, "meeting", "list")["cancelled_ahead"]
    assert (record["status"], record["reason"]) == ("cancelled", "room closed")
    shown = as_json(community, "rhythm", "show", "Weekly cafe")
    assert shown["cancelled"] == [cancelled_day]
    assert shown["sequence"] == 1  # calendar clients take the change as an update

    again = refused(community, home, "meeting", "cancel", "--rhythm", "Weekly cafe",
                    "--on", cancelled_day)  # fmt: skip
    assert "already cancelled" in again
    held = refused(community, home, "meeting", "record", "--rhythm", "Weekly cafe",
                   "--on", cancelled_day)  # fmt: skip
    assert "was cancelled" in held


def test_meeting_list_shows_past_and_upcoming_together(community: Run) -> None:
    ok(community, *MONTHLY)
    ok(community, "meeting", "record", "--rhythm", "Monthly circle", "--on", "2026-01-13",
       "--attended", "Ann,Bo")  # fmt: skip
    both = as_json(community, "meeting", "list")
    assert [m["attendance"] for m in both["past"]] == [2]
    assert all(u["rhythm"] == "Monthly circle" for u in both["upcoming"])
    now = dt.datetime.now(dt.UTC)
    assert all(dt.datetime.fromisoformat(u["start"]) >= now for u in both["upcoming"])
    table = ok(community, "meeting", "list").stdout
    assert "Monthly circle" in table


# --- communities ------------------------------------------------------------------------------


def test_several_communities_and_switching_between_them(run: Run, home: Path) -> None:
    ok(run, "init", "North CoP", "--domain", "Supervision")
    ok(run, "init", "South CoP", "--domain", "Kinship care", "--timezone", "Europe/Dublin")
    listed = as_json(run, "communities")
    assert {c["slug"]: c["current"] for c in listed} == {"north-cop": False, "south-cop": True}
    assert {c["name"] for c in listed} == {"North CoP", "South CoP"}

    ok(run, "use", "north-cop")
    ok(run, "member", "add", "Ann Lee", "--email", "ann@example.org")
    assert b"ann@example.org" in (home / "north-cop.json").read_bytes()
    assert b"ann@example.org" not in (home / "south-cop.json").read_bytes()
    ok(run, "--community", "south-cop", "member", "add", "Bo Chan", "--email", "bo@example.org")
    assert b"bo@example.org" in (home / "south-cop.json").read_bytes()
    text = ok(run, "communities").stdout
    assert "* north-cop" in text


def test_community_mistakes_are_refused(run: Run, home: Path) -> None:
    ok(run, "init", "North CoP", "--domain", "Supervision")
    before = (home / "north-cop.json").read_bytes()
    for args, words in [
        (("init", "North CoP", "--domain", "Other"), "already a community 'north-cop'"),
        (("init", "West CoP", "--domain", "d", "--timezone", "Europe/Lundon"), "time zone"),
        (("init", "West CoP", "--domain", "d", "--timezone", "GMT+1"), "time zone"),
        (("init", "West CoP", "--domain", "d", "--slug", "West CoP"), "short name"),
        (("init", "West CoP", "--domain", "  "), "domain cannot be empty"),
        (("init", "West CoP", "--domain", "d", "--gardener-email", "g@example.org"), "--gardener"),
        (("init", "West CoP", "--domain", "d", "--gardener", "G", "--gardener-email", "g"),
         "not an email"),
        (("use", "west-cop"), "no community 'west-cop'"),
        (("--community", "west-cop", "member", "list"), "no community 'west-cop'"),
    ]:  # fmt: skip
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith("Error: ") and words in result.stderr, result.stderr
    assert sorted(p.name for p in home.glob("*.json")) == ["config.json", "north-cop.json"]
    assert (home / "north-cop.json").read_bytes() == before


def test_commands_in_an_empty_home_say_how_to_start(run: Run) -> None:
    result = run("member", "list")
    assert result.exit_code == 1
    assert "copkit init" in result.stderr


def test_with_several_communities_and_no_choice_copkit_asks(run: Run, home: Path) -> None:
    ok(run, "init", "North CoP", "--domain", "Supervision")
    ok(run, "init", "South CoP", "--domain", "Kinship care")
    (home / "config.json").unlink()
    result = run("member", "list")
    assert result.exit_code == 1
    assert "copkit use" in result.stderr
    assert "north-cop" in result.stderr and "south-cop" in result.stderr


# --- parsing: garbage in, clean refusal out ---------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
@example("2026-W03-2")  # an ISO week date: not the YYYY-MM-DD copkit asks for
@example("2026-02-29")
@example("２０２６-01-13")
@example(" 2026-01-13\n")
def test_parse_date_reads_yyyy_mm_dd_or_refuses(text: str) -> None:
    try:
        value = parse_date(text)
    except InputError as exc:
        assert "YYYY-MM-DD" in str(exc)
        return
    assert value.isoformat() == text.strip()


@given(st.dates())
def test_every_date_round_trips(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"  {day.isoformat()} ") == day


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
@example("2026-01-13T14:00+01:00")
@example("2026-01-13T24:00")
@example("2026-W03-2T14:00")
@example("2026-03-29T01:30")  # does not exist on a London wall clock, but it is a wall time
def test_parse_datetime_gives_a_wall_clock_minute_or_refuses(text: str) -> None:
    try:
        value = parse_datetime(text)
    except InputError as exc:
        assert "YYYY-MM-DDTHH:MM" in str(exc) or "zone offset" in str(exc)
        return
    assert value.tzinfo is None
    assert value.second == value.microsecond == 0
    assert value.isoformat(timespec="minutes") == text.strip().replace(" ", "T", 1)[:16]


@given(st.datetimes(), st.sampled_from(["T", " "]))
def test_every_wall_clock_minute_round_trips(moment: dt.datetime, separator: str) -> None:
    minute = moment.replace(second=0, microsecond=0)
    assert parse_datetime(minute.isoformat(sep=separator, timespec="minutes")) == minute
    assert parse_datetime(minute.isoformat()) == minute


@given(st.dates(), st.times())
def test_a_bare_date_takes_the_default_time(day: dt.date, time: dt.time) -> None:
    assert parse_datetime(day.isoformat(), default_time=time) == dt.datetime.combine(day, time)
    with pytest.raises(InputError):
        parse_datetime(day.isoformat())
