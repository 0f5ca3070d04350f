"""Join dates follow attendance, and the community's start date is the same everywhere.

A gardener who starts copkit today and enters the last few meetings adds members first, so
their join dates say "today" (25 Nov 2026 in the suite). Someone who attended a meeting was
taking part that day: the meeting moves their join date back and the command says so, in one
line per member. Otherwise the health check on that day would find no members at all and the
gardener "not among the member records".
"""

from __future__ import annotations

import datetime as dt
import json

from click.testing import Result
from conftest import Run

from copkit import records
from copkit.model import Member
from copkit.storage.home import Home


def fresh(run: Run) -> Run:
    """A community started today, as a new user starts one: members with no --joined."""
    steps = [
        ("init", "Riverside", "--domain", "Reflective supervision", "--gardener", "Amara Okafor",
         "--gardener-email", "amara@example.org"),
        ("member", "add", "Amara Okafor", "--email", "amara@example.org", "--level", "core"),
        ("member", "add", "Bo Chan", "--email", "bo@example.org", "--level", "active"),
        ("member", "add", "Cy Dee", "--email", "cy@example.org"),
        ("space", "add", "Circle", "--private"),
        ("rhythm", "add", "Circle", "--space", "Circle",
         "--every", "monthly on the 2nd Tuesday at 14:00", "--start", "2026-09-01"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
    return run


def record(run: Run, day: str, attended: str) -> Result:
    """Record the Circle's meeting of ``day``, attended by ``attended``."""
    return run("meeting", "record", "--rhythm", "Circle", "--on", day, "--attended", attended)


def joined(run: Run, ref: str) -> str:
    result = run("member", "show", ref, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["joined"]


def test_attending_before_joining_moves_the_join_date_back_and_says_so(run: Run) -> None:
    fresh(run)
    run("member", "add", "Di Ray", "--email", "di@example.org", "--joined", "2026-01-05")
    result = record(run, "2026-11-10", "Amara, Bo, Di")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Moved Amara Okafor's join date back to 10 Nov 2026, the first meeting they attended",
        "Moved Bo Chan's join date back to 10 Nov 2026, the first meeting they attended",
    ]
    assert joined(run, "Amara") == "2026-11-10"
    assert joined(run, "Bo") == "2026-11-10"
    assert joined(run, "Di") == "2026-01-05", "a member since before the meeting stays one"
    assert joined(run, "Cy") == "2026-11-25", "someone who did not attend keeps their date"


def test_the_health_check_on_a_recorded_day_counts_those_who_attended(run: Run) -> None:
    fresh(run)
    record(run, "2026-11-10", "Amara, Bo")
    result = run("health", "--as-of", "2026-11-10")
    assert result.exit_code == 0, result.output
    assert "2 current members" in result.output
    assert "not among the member records" not in result.output


def test_an_earlier_meeting_moves_it_further_back_a_later_or_refused_one_does_not(run: Run) -> None:
    fresh(run)
    record(run, "2026-10-13", "Bo")
    later = record(run, "2026-11-10", "Bo")
    assert later.exit_code == 0, later.output
    assert "Moved" not in later.output
    assert joined(run, "Bo") == "2026-10-13"
    earlier = record(run, "2026-09-08", "Bo")
    assert "Moved Bo Chan's join date back to 8 Sep 2026" in earlier.output
    assert joined(run, "Bo") == "2026-09-08"
    refused = record(run, "2026-12-08", "Bo, Cy")  # not held yet: nothing changes
    assert refused.exit_code == 1
    assert "Moved" not in refused.output
    assert joined(run, "Cy") == "2026-11-25"


def test_the_dashboard_saves_through_the_same_rule(run: Run, home) -> None:
    """The TUI's meeting form calls records.record_meeting: the core moves the date and names
    the member, so the dashboard's confirmation can say it too."""
    fresh(run)
    store = Home(home).store_for("riverside")
    with store.write() as session:
        recorded = records.record_meeting(
            session,
            on=dt.date(2026, 11, 10),
            rhythm="Circle",
            attended=["Cy"],
            now=dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC),
        )
    assert recorded.notes() == [
        "Moved Cy Dee's join date back to 10 Nov 2026, the first meeting they attended"
    ]
    with store.read() as session:
        cy = records.find_member(session.all(Member), "Cy")
    assert cy.joined.isoformat() == "2026-11-10"


def test_community_show_and_health_agree_on_when_it_started(run: Run) -> None:
    fresh(run)
    record(run, "2026-10-13", "Amara")
    shown = run("community", "show")
    assert "started: 2026-10-13" in shown.output
    assert json.loads(run("community", "show", "--json").output)["started"] == "2026-10-13"
    health = run("health", "--as-of", "2026-11-10")
    assert "Started 13 Oct 2026" in health.output


def test_an_edit_cannot_move_a_join_date_past_a_meeting_they_attended(run: Run, home) -> None:
    """The other way round: `member edit --joined` refuses a date after the member's first
    meeting, names that meeting's day, and writes nothing."""
    fresh(run)
    record(run, "2026-10-13", "Bo")
    record(run, "2026-11-10", "Bo")
    before = (home / "riverside.json").read_bytes()
    refused = run("member", "edit", "Bo", "--joined", "2026-11-01")
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        "Error: Bo Chan attended a meeting on 2026-10-13; a join date after it would not be true"
    ]
    assert (home / "riverside.json").read_bytes() == before
    assert run("member", "edit", "Bo", "--joined", "2026-10-13").exit_code == 0
    assert run("member", "edit", "Bo", "--joined", "2026-09-01").exit_code == 0
    assert joined(run, "Bo") == "2026-09-01"
    assert run("member", "edit", "Cy", "--joined", "2026-11-20").exit_code == 0, "no meetings"
