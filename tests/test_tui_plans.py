"""The dashboard's meetings screen: each coming meeting's theme and members' answers, and the
form that plans a meeting through the same core function as `copkit meeting plan`.

Driven as in tests/test_tui.py: the app runs headless inside ``asyncio.run`` with the date
pinned, and what it saved is checked through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_rsvp import reply
from test_tui import drive, error_text, send, settle, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TextArea

from copkit.tui.app import PALETTE_ACTIONS
from copkit.tui.forms.plan import PlanForm

LONDON = ZoneInfo("Europe/London")


def _ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def circle(community, home: Path) -> Path:
    """A monthly circle (2nd Tuesday, 14:00) whose 12 Jan 2027 meeting has a plan, and
    answers from Bo (accepts the series) and Cy (declines 8 Dec)."""
    _ok(community, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-09-01")  # fmt: skip
    _ok(community, "meeting", "plan", "--rhythm", "Circle", "--on", "2027-01-12",
        "--theme", "Holding risk", "--agenda", "Check-in", "--host", "Bo")  # fmt: skip
    replies = home.parent / "replies"
    replies.mkdir()
    (replies / "bo.ics").write_bytes(reply("bo@example.org", "ACCEPTED"))
    december = dt.datetime(2026, 12, 8, 14, tzinfo=LONDON)
    (replies / "cy.ics").write_bytes(reply("cy@example.org", "DECLINED", on=december))
    _ok(community, "rsvp", "import", str(replies / "bo.ics"), str(replies / "cy.ics"))
    return home / "test-cop.json"


def _rows(pilot: Pilot) -> dict[str, list[str]]:
    table = pilot.app.screen.query_one("#upcoming", DataTable)
    return {key.value or "": [str(cell) for cell in table.get_row(key)] for key in table.rows}


def _plans(run) -> list[dict]:
    return json.loads(_ok(run, "meeting", "plan", "--list", "--json").output)


def test_each_coming_meeting_shows_its_theme_and_answers(circle: Path) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("r")
        rows = _rows(pilot)
        table = pilot.app.screen.query_one("#upcoming", DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["When", "Rhythm", "Kind", "Theme", "Answers", "Length"]
        # Ann, the gardener, sends the invites and is not counted
        assert rows["r1|2026-12-08"][3:5] == ["-", "1 yes, 1 no, 0 no answer"]
        assert rows["r1|2027-01-12"][3:5] == ["Holding risk", "1 yes, 0 no, 1 no answer"]

    drive(circle, steps)


def test_plan_the_highlighted_meeting(circle: Path, run) -> None:
    before = circle.read_bytes()

    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "p")  # the first coming meeting: 8 Dec
        form = pilot.app.screen
        assert isinstance(form, PlanForm) and form.day == dt.date(2026, 12, 8)
        await type_text(pilot, "Supervising after a review")
        form.query_one("#host", Select).value = "m3"  # Cy
        form.query_one("#agenda", TextArea).focus()
        await pilot.pause()
        await type_text(pilot, "Check-in")
        await send(pilot, "enter")
        await type_text(pilot, "The review's findings")
        assert circle.read_bytes() == before  # rehearsed as typed, never written
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, PlanForm)
        assert _rows(pilot)["r1|2026-12-08"][3] == "Supervising after a review"

    drive(circle, steps)
    first = _plans(run)[0]
    assert (first["start"], first["theme"], first["host"]) == (
        "2026-12-08T14:00:00",
        "Supervising after a review",
        "Cy Dee",
    )
    assert first["agenda"] == "Check-in\nThe review's findings"
    # a plan is a change members' calendars must apply: the series' SEQUENCE rose again
    rhythm = json.loads(_ok(run, "rhythm", "list", "--json").output)[0]
    assert rhythm["sequence"] == 2
    ics = _ok(run, "invite", "Circle").stdout_bytes.replace(b"\r\n ", b"")
    assert b"SUMMARY:Circle: Supervising after a review" in ics


def test_the_form_shows_the_plan_and_emptying_it_removes_it(circle: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("r")
        table = pilot.app.screen.query_one("#upcoming", DataTable)
        table.move_cursor(row=table.get_row_index("r1|2027-01-12"))
        await pilot.press("p")
        form = pilot.app.screen
        theme = form.query_one("#theme", Input)
        assert theme.value == "Holding risk"
        assert form.query_one("#host", Select).value == "m2"
        assert form.query_one("#agenda", TextArea).text == "Check-in"
        theme.value = ""
        form.query_one("#host", Select).clear()
        form.query_one("#agenda", TextArea).clear()
        await pilot.pause()
        assert error_text(pilot.app) == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _rows(pilot)["r1|2027-01-12"][3] == "-"

    drive(circle, steps)
    assert _plans(run) == []


def test_a_refusal_shows_in_the_cli_words_and_nothing_is_written(circle: Path, run) -> None:
    before = circle.read_bytes()

    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "p")
        await type_text(pilot, "A theme")
        # the meeting is called off from the command line while the form is open
        _ok(run, "meeting", "cancel", "--rhythm", "Circle", "--on", "2026-12-08")
        pilot.app.reload()
        await settle(pilot)  # read in a worker: the form rehearses on what it read
        await type_text(pilot, "!")
        assert "the 2026-12-08 meeting of Circle is cancelled" in error_text(pilot.app)
        await pilot.press("ctrl+s")
        assert isinstance(pilot.app.screen, PlanForm)

    drive(circle, steps)
    assert all(p["start"] != "2026-12-08T14:00:00" for p in _plans(run))
    assert circle.read_bytes() != before  # the cancellation only
    assert b"Holding risk" in circle.read_bytes() and b"A theme" not in circle.read_bytes()


def test_planning_is_in_the_command_palette() -> None:
    assert ("meetings", "plan") in {(mode, action) for mode, action, _, _ in PALETTE_ACTIONS}
