"""A series meant for some (issue 21): `rhythm add/edit --invite` names who a series invites,
its invites go to them alone, and attendance is read against the meetings a member was invited
to, so a core member is not read as active because of a private circle they are not part of.

Communities are built through the CLI; "today" is the suite's fixed 25 Nov 2026.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run
from icalendar import Calendar

from copkit.model import Rhythm
from copkit.storage.store import Store

#: Weekly Tuesdays of the 90 days before 25 Nov 2026 the circle met on.
CIRCLE_DAYS = [f"2026-{m:02d}-{d:02d}" for m, d in
               [(9, 1), (9, 8), (9, 15), (9, 22), (9, 29), (10, 6), (10, 13), (10, 20),
                (10, 27), (11, 3), (11, 10), (11, 17)]]  # fmt: skip
FORUM_DAYS = ["2026-09-03", "2026-10-01", "2026-11-05"]


@pytest.fixture
def circle(community: Run) -> Run:
    """Ann and Cy meet weekly in a private circle of their own; Bo, declared core, comes to
    every monthly open forum and is never invited to the circle."""
    steps = [
        ("member", "edit", "Bo Chan", "--level", "core"),
        ("rhythm", "add", "Circle", "--space", "Circle", "--every", "weekly on Tuesday",
         "--start", "2026-09-01T14:00", "--invite", "Ann Lee,cy@example.org"),
        ("rhythm", "add", "Forum", "--space", "Cafe", "--every", "monthly on the 1st Thursday",
         "--start", "2026-09-03T12:00"),
        *(("meeting", "record", "--rhythm", "Circle", "--on", day, "--attended", "Ann,Cy")
          for day in CIRCLE_DAYS),
        *(("meeting", "record", "--rhythm", "Forum", "--on", day, "--attended", "Ann,Bo")
          for day in FORUM_DAYS),
    ]  # fmt: skip
    for step in steps:
        result = community(*step)
        assert result.exit_code == 0, result.output
    return community


def levels_line(run: Run) -> str:
    result = run("health", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    participation = next(p for p in report["principles"] if p["key"] == "participation")
    return str(participation["evidence"][0])


def test_attendance_is_read_against_the_meetings_a_member_was_invited_to(circle: Run) -> None:
    # Bo came to 3 of the 3 meetings open to him: core, as declared. Counting the circle's
    # twelve meetings he was never invited to would read him at 3 of 15, at the edge. (Ann
    # came to all 15: core; Cy to the 12 of the circle, none of the forum: active.)
    assert "Over the last 90 days: 2 core, 1 active, 0 peripheral" in levels_line(circle)


def test_a_series_for_everyone_again_counts_every_meeting(circle: Run) -> None:
    result = circle("rhythm", "edit", "Circle", "--invite-everyone")
    assert result.exit_code == 0, result.output
    assert "Over the last 90 days: 1 core, 1 active, 1 peripheral" in levels_line(circle)


def test_invites_go_to_the_members_the_series_names(circle: Run, tmp_path: Path) -> None:
    out = tmp_path / "circle.ics"
    result = circle("invite", "Circle", "-o", str(out))
    assert result.exit_code == 0, result.output
    event = next(c for c in Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    attendees = sorted(str(a).removeprefix("mailto:") for a in event.get("attendee"))
    assert attendees == ["ann@example.org", "cy@example.org"]
    shown = circle("rhythm", "show", "Circle")
    assert "invites: Ann Lee, Cy Dee" in shown.output
    listed = json.loads(circle("rhythm", "show", "Circle", "--json").output)
    assert len(listed["invited"]) == 2


def test_an_unknown_member_is_refused_and_nothing_is_written(circle: Run, home: Path) -> None:
    before = (home / "test-cop.json").read_bytes()
    result = circle("rhythm", "edit", "Circle", "--invite", "Nobody Here")
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and "Nobody Here" in result.output
    assert (home / "test-cop.json").read_bytes() == before
    both = circle("rhythm", "edit", "Circle", "--invite", "Bo", "--invite-everyone")
    assert both.exit_code == 2 and "say one of them" in both.output


def test_forgetting_the_only_invitee_never_opens_the_series_to_everyone(
    community: Run, home: Path
) -> None:
    added = community("rhythm", "add", "Pair", "--space", "Circle", "--every", "weekly on Monday",
                      "--start", "2026-12-07T10:00", "--invite", "Cy Dee")  # fmt: skip
    assert added.exit_code == 0, added.output
    forgot = community("member", "forget", "Cy Dee", "--yes")
    assert forgot.exit_code == 0, forgot.output
    with Store(home / "test-cop.json").read() as session:
        pair = next(r for r in session.all(Rhythm) if r.name == "Pair")
    assert pair.invited and not pair.invites("m1") and not pair.invites("m2")
    assert "cy" not in json.dumps(pair.to_dict()).lower()
    shown = community("rhythm", "show", "Pair")
    assert "invites: no one now" in shown.output


def test_narrowing_a_series_cancels_it_for_those_no_longer_invited(community: Run) -> None:
    """Through a real SMTP server: Bo and Cy hold the series; once it invites only Cy, Bo's
    calendar gets a CANCEL that says why, and Cy an update."""
    from servers import MailServer

    def ok(*args: str) -> str:
        result = community(*args)
        assert result.exit_code == 0, result.output
        return result.output

    ok("rhythm", "add", "Circle", "--space", "Circle", "--every",
       "monthly on the 2nd Tuesday at 14:00", "--start", "2026-12-01")  # fmt: skip
    with MailServer() as server:
        ok("config", "smtp", "--host", "127.0.0.1", "--port", str(server.port),
           "--security", "none")  # fmt: skip
        ok("invite", "Circle", "--send")
        assert sorted(r.recipients[0] for r in server.received) == [
            "bo@example.org", "cy@example.org"
        ]  # fmt: skip
        ok("rhythm", "edit", "Circle", "--invite", "Ann,Cy", "--send")
        sent = {r.recipients[0]: r.message for r in server.received[2:]}
    assert sorted(sent) == ["bo@example.org", "cy@example.org"]
    assert sent["bo@example.org"]["Subject"] == "Cancelled for you: Circle"
    text = sent["bo@example.org"].get_body(("plain",)).get_content()
    assert "Circle is now for a smaller group" in text
    assert sent["cy@example.org"]["Subject"] == "Updated invitation: Circle"
    invite = Calendar.from_ical(sent["cy@example.org"].get_body(("calendar",)).get_content())
    attendees = {str(a) for a in invite.walk("VEVENT")[0].get("attendee")}
    assert attendees == {"mailto:ann@example.org", "mailto:cy@example.org"}
