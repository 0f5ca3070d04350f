"""The dashboard, driven by key presses, checked through the core and the CLI.

Each test runs the app headless with ``App.run_test()`` inside ``asyncio.run``, so no async
test plugin is needed. The date is pinned so that "the last meeting to record" and "the next
occurrence" do not move from day to day.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from copkit import records
from copkit.health import check
from copkit.storage.store import Store
from copkit.tui.app import PALETTE_ACTIONS, CopkitApp
from copkit.tui.forms.base import FormScreen
from copkit.tui.screens.help import HelpScreen
from copkit.tui.screens.home import HomeScreen
from copkit.tui.screens.meetings import MeetingsScreen
from copkit.tui.screens.members import MembersScreen
from copkit.tui.screens.principle import PrincipleScreen
from copkit.tui.screens.spaces import SpacesScreen
from copkit.tui.widgets import column_chart

TODAY = dt.date(2026, 11, 25)
Steps = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    """Let the dashboard finish what its workers do (reading the file, the health check) and
    show it: a worker that lands may start another (the health check of what was read)."""
    await pilot.pause()
    while len(pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def drive(path: Path, steps: Steps, *, size: tuple[int, int] = (120, 40)) -> CopkitApp:
    """Open the dashboard on a community file, once it is read, and run ``steps`` against it."""
    app = CopkitApp(Store(path), today=TODAY)

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await steps(pilot)
            await settle(pilot)

    asyncio.run(go())
    return app


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused field: one key event per character, as a terminal sends them.

    ``pilot.press`` waits for the app to go idle after every key, which makes typing a
    sentence take seconds; these keys are queued together and the app handles them in order.
    """
    for char in text:
        pilot.app.post_message(events.Key(_character_to_key(char), char))
    await pilot.pause()


async def send(pilot: Pilot, *keys: str) -> None:
    """Press keys that stay on one screen (tab, arrows, space) without idling after each."""
    for key in keys:
        char = {"space": " "}.get(key, key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(key, char))
    await pilot.pause()


async def clear_field(pilot: Pilot) -> None:
    await send(pilot, "end", "ctrl+u")


def cli_json(run, *args: str):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def test_cop(community, home: Path) -> Path:
    return home / "test-cop.json"


@pytest.fixture
def with_rhythm(community, test_cop: Path) -> Path:
    result = community(
        "rhythm", "add", "Circle meets", "--space", "Circle",
        "--every", "monthly on the 2nd Tuesday", "--start", "2025-01-14T14:00",
        "--duration", "90m",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return test_cop


def error_text(app: CopkitApp) -> str:
    return str(app.screen.query_one("#form-error", Static).render())


# --- members ---------------------------------------------------------------------------------


def test_add_member_by_keys_shows_in_cli(test_cop: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("m", "a")
        await type_text(pilot, "Dee Ewe")
        await send(pilot, "tab")
        await type_text(pilot, "dee@example.org")
        await send(pilot, "tab")
        await type_text(pilot, "Westvale Council")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MembersScreen)

    app = drive(test_cop, steps)
    added = next(m for m in cli_json(run, "member", "list") if m["email"] == "dee@example.org")
    assert added["name"] == "Dee Ewe"
    assert added["org"] == "Westvale Council"
    assert added["level"] == "peripheral"
    assert added["joined"] == str(TODAY)
    assert app.data.member(added["id"]) is not None  # the table shows what is stored


def test_edit_member_changes_only_what_was_typed(test_cop: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("m", "slash")
        await type_text(pilot, "Bo Chan")
        await pilot.press("enter", "e")
        assert isinstance(pilot.app.screen, FormScreen)
        await send(pilot, "tab", "tab")  # name -> email -> organisation (all selected on focus)
        await type_text(pilot, "Eastbrook Trust")
        await pilot.press("enter")
        await pilot.pause()

    drive(test_cop, steps)
    bo = cli_json(run, "member", "show", "bo@example.org")
    assert bo["org"] == "Eastbrook Trust"
    assert bo["name"] == "Bo Chan"
    assert bo["level"] == "active"


def test_change_level_by_keys(test_cop: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("m", "slash")
        await type_text(pilot, "cy")
        await pilot.press("enter", "l", "up", "enter")
        await pilot.pause()

    drive(test_cop, steps)
    assert cli_json(run, "member", "show", "Cy Dee")["level"] == "active"


def test_mark_left_by_keys(test_cop: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("m", "slash")
        await type_text(pilot, "bo")
        await pilot.press("enter", "x", "enter")
        await settle(pilot)  # the file is read again after the save, in a worker
        table = pilot.app.screen.query_one("#members", DataTable)
        assert table.row_count == 0  # the filter "bo" matches nobody current now
        await pilot.press("t")  # show former members too
        (row,) = [table.get_row(key) for key in table.rows]
        assert str(row[0]) == "Bo Chan" and f"left {TODAY}" in str(row[4])

    drive(test_cop, steps)
    assert cli_json(run, "member", "show", "Bo Chan")["left"] == str(TODAY)
    current = [m["name"] for m in cli_json(run, "member", "list")]
    assert "Bo Chan" not in current


def test_forms_refuse_bad_input_and_write_nothing(test_cop: Path) -> None:
    before = test_cop.read_bytes()

    async def steps(pilot: Pilot) -> None:
        app = pilot.app
        await pilot.press("m", "a")
        await type_text(pilot, "Eve")
        await send(pilot, "tab")
        await type_text(pilot, "eve-at-example")
        await pilot.pause()
        # Checked as typed, with the CLI's words, before any save is tried.
        assert "'eve-at-example' is not an email address" in error_text(app)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, FormScreen)
        # An email already in use needs the rest of the community to tell: the form rehearses
        # the core's add on a read-only session as you type, so this shows before saving.
        await clear_field(pilot)
        await type_text(pilot, "ann@example.org")
        assert "ann@example.org already belongs to Ann Lee" in error_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ann@example.org already belongs to Ann Lee" in error_text(app)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        # Leaving before joining is refused too.
        await pilot.press("slash")
        await type_text(pilot, "cy")
        await pilot.press("enter", "x")
        await clear_field(pilot)
        await type_text(pilot, "2024-12-31")
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot leave (2024-12-31) before joining (2025-01-01)" in error_text(app)
        await pilot.press("escape")

    drive(test_cop, steps)
    assert test_cop.read_bytes() == before


def test_edit_form_refuses_a_join_date_after_a_meeting_attended(test_cop: Path, run) -> None:
    """The form edits through records.edit_member: the core's refusal shows as the form's
    error line, in the CLI's words, while typing and on save; nothing is written."""
    recorded = run(
        "meeting", "record", "--space", "Circle", "--on", "2025-03-05T10:00", "--attended", "Bo"
    )
    assert recorded.exit_code == 0, recorded.output
    before = test_cop.read_bytes()
    refusal = "Bo Chan attended a meeting on 2025-03-05; a join date after it would not be true"

    async def steps(pilot: Pilot) -> None:
        app = pilot.app
        await pilot.press("m", "slash")
        await type_text(pilot, "Bo Chan")
        await pilot.press("enter", "e")
        assert isinstance(app.screen, FormScreen)
        await send(pilot, *["tab"] * 7)  # name, email, org, role, level, external, interests
        await clear_field(pilot)
        await type_text(pilot, "2025-06-01")
        assert refusal in error_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert refusal in error_text(app)
        await pilot.press("escape")

    drive(test_cop, steps)
    assert test_cop.read_bytes() == before


def test_filter_and_sort_members(example_home: Path) -> None:
    path = example_home / "riverside.json"
    with Store(path).read() as session:
        data = records.snapshot(session)
    northgate = [m for m in records.current_members(data.members, TODAY) if "Northgate" in m.org]

    async def steps(pilot: Pilot) -> None:
        table = pilot.app.screen_stack[-1]
        await pilot.press("m", "slash")
        await type_text(pilot, "northgate")
        await pilot.press("enter")
        table = pilot.app.screen.query_one("#members", DataTable)
        assert table.row_count == len(northgate)
        await pilot.press("o")  # name -> level
        first = data.member(str(table.coordinate_to_cell_key((0, 0)).row_key.value))
        assert first is not None and first.level == "core"

    drive(path, steps)


def test_dashboard_shows_what_the_cli_changed(test_cop: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("m")
        result = run("member", "add", "Fay Gee", "--email", "fay@example.org")
        assert result.exit_code == 0
        await pilot.press("h", "m")
        await settle(pilot)
        table = pilot.app.screen.query_one("#members", DataTable)
        assert pilot.app.data.member(next(iter(table.rows)).value) is not None
        names = {str(table.get_row(key)[0]) for key in table.rows}
        assert "Fay Gee" in names

    drive(test_cop, steps)


# --- rhythms and meetings --------------------------------------------------------------------


def test_record_meeting_in_one_form(with_rhythm: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "n")
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press("space", "down", "space", "tab")  # tick Ann Lee and Bo Chan
        await type_text(pilot, "Holding risk")
        await send(pilot, "tab")
        await type_text(pilot, "Bo")
        await pilot.press("enter")  # adds the topic and moves back to the topic field
        await type_text(pilot, "Workload")
        await send(pilot, "tab")
        await type_text(pilot, "ann")
        await pilot.press("enter", "tab", "tab")
        await type_text(pilot, "check-in")
        await send(pilot, "tab")
        await type_text(pilot, "guest speaker")
        await send(pilot, "tab")
        await type_text(pilot, "Dr Jo Hart")
        await send(pilot, "tab")
        await type_text(pilot, "Bo")  # chaired
        await send(pilot, "tab", "tab")
        await type_text(pilot, "Bo")  # welcomed newcomers
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MeetingsScreen)

    drive(with_rhythm, steps)
    meetings = cli_json(run, "meeting", "list", "--past")
    assert len(meetings) == 1
    assert [(r["role"], r["by_member"]) for r in meetings[0]["roles"]] == [
        ("chair", True),
        ("welcome", True),
    ]
    held = meetings[0]
    ids = {m["email"]: m["id"] for m in cli_json(run, "member", "list")}
    # The latest occurrence before the pinned day: the 2nd Tuesday of November 2026.
    assert held["start"] == "2026-11-10T14:00:00"
    assert held["status"] == "held"
    assert set(held["attendees"]) == {ids["ann@example.org"], ids["bo@example.org"]}
    assert [(t["text"], t["proposed_by"]) for t in held["topics"]] == [
        ("Holding risk", ids["bo@example.org"]),
        ("Workload", ids["ann@example.org"]),
    ]
    assert [(a["kind"], a["label"]) for a in held["activities"]] == [
        ("familiar", "check-in"),
        ("stimulating", "guest speaker"),
    ]
    assert held["guests"] == ["Dr Jo Hart"]


def test_meeting_form_refuses_unknown_proposer(with_rhythm: Path) -> None:
    before = with_rhythm.read_bytes()

    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "n", "tab")
        await type_text(pilot, "Risk")
        await send(pilot, "tab")
        await type_text(pilot, "Zed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "no member matches 'Zed'" in error_text(pilot.app)
        assert isinstance(pilot.app.screen, FormScreen)

    drive(with_rhythm, steps)
    assert with_rhythm.read_bytes() == before


def test_cancel_form_refuses_a_day_the_rhythm_does_not_meet(with_rhythm: Path) -> None:
    before = with_rhythm.read_bytes()

    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "c", "shift+tab")  # from the reason back to the date
        await clear_field(pilot)
        await type_text(pilot, "2026-12-09")
        assert "Circle meets does not meet on 2026-12-09" in error_text(pilot.app)
        await pilot.press("ctrl+s")
        assert isinstance(pilot.app.screen, FormScreen)

    drive(with_rhythm, steps)
    assert with_rhythm.read_bytes() == before


def test_cancel_highlighted_occurrence(with_rhythm: Path, run) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "c")
        await type_text(pilot, "Team away day")
        await pilot.press("enter")
        await settle(pilot)
        upcoming = pilot.app.screen.query_one("#upcoming", DataTable)
        assert not any(key.value.endswith("2026-12-08") for key in upcoming.rows)

    drive(with_rhythm, steps)
    assert cli_json(run, "meeting", "list", "--past") == []  # still to come (issue 21)
    (cancelled,) = cli_json(run, "meeting", "list")["cancelled_ahead"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["start"] == "2026-12-08T14:00:00"
    assert cancelled["reason"] == "Team away day"
    assert cli_json(run, "rhythm", "list")[0]["sequence"] == 1


def test_export_invite_to_chosen_path(with_rhythm: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "circle.ics"
    target.parent.mkdir()

    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "i")
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await pilot.pause()

    drive(with_rhythm, steps)
    text = target.read_bytes().decode()
    assert "METHOD:REQUEST" in text
    assert "SUMMARY:Circle meets" in text
    assert "mailto:bo@example.org" in text.replace("\r\n ", "").lower()
    assert target.stat().st_mode & 0o077 == 0  # it lists members' emails


# --- home, spaces, help, palette -------------------------------------------------------------


def test_home_shows_the_health_check_and_opens_a_principle(example_home: Path) -> None:
    path = example_home / "riverside.json"
    with Store(path).read() as session:
        report = check(records.snapshot(session), TODAY)

    async def steps(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        options = screen.query_one("#principles", OptionList)
        assert options.option_count == 9
        for index, finding in enumerate(report.findings):
            prompt = str(options.get_option_at_index(index).prompt)
            assert finding.title in prompt and finding.signal.words in prompt
        await pilot.press("down", "down", "enter")
        assert isinstance(pilot.app.screen, PrincipleScreen)
        shown = str(pilot.app.screen.query_one("#principle-text", Static).render())
        third = report.findings[2]
        assert third.prompt in shown.replace("\n", " ")
        assert all(line in shown.replace("\n", " ") for line in third.evidence[:1])
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)

    drive(path, steps)


def test_attendance_chart_starts_from_zero() -> None:
    """Steady attendance must not look like a collapse (Textual's Sparkline scales from the
    smallest value), and a month without a meeting must look different from a small one."""
    chart = column_chart([10, 9, 0, 1], ["Jan", "Feb", "Mar", "Apr"], height=2, width=1)
    top, bottom, labels = chart.split("\n")
    assert labels == "JFMA"
    assert top[0] == "█" and top[1] != " "  # 9 of 10 still reaches the upper row
    assert bottom[:2] == "██"
    assert bottom[2] == "·"  # no meeting that month
    assert bottom[3] not in (" ", "·")  # one person came: a low bar, not nothing


def test_spaces_are_marked_public_or_private(test_cop: Path) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("s")
        table = pilot.app.screen.query_one("#spaces", DataTable)
        kinds = {str(table.get_row(k)[1]): str(table.get_row(k)[0]) for k in table.rows}
        assert "PRIVATE" in kinds["Circle"]
        assert "public" in kinds["Cafe"] and "PRIVATE" not in kinds["Cafe"]

    drive(test_cop, steps)


def test_question_mark_shows_help_for_the_screen(test_cop: Path) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("m", "question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = str(pilot.app.screen.query_one("#help-text", Static).render())
        assert "Add member" in text and "Mark member as left" in text and "ctrl+p" in text
        assert "Rhythms and meetings" in text  # the keys that work everywhere
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MembersScreen)

    drive(test_cop, steps)


def test_mouse_works_too(test_cop: Path, run) -> None:
    """Click the Members link in the top bar, a column header to sort, and Save in a form."""

    async def steps(pilot: Pilot) -> None:
        nav = pilot.app.screen.query_one("#nav", Static)
        offset = str(nav.render()).index("Members")
        await pilot.click("#nav", offset=(offset + 1, 0))
        assert isinstance(pilot.app.screen, MembersScreen)
        table = pilot.app.screen.query_one("#members", DataTable)
        name, level = table.ordered_columns[:2]
        level_x = name.get_render_width(table) + level.get_render_width(table) // 2
        await pilot.click("#members", offset=(level_x, 0))
        await pilot.click("#members", offset=(level_x, 0))  # again: the other way round
        assert str(table.get_row_at(0)[0]) == "Cy Dee"  # peripheral first
        await pilot.press("a")
        await type_text(pilot, "Hal Ide")
        await send(pilot, "tab")
        await type_text(pilot, "hal@example.org")
        await pilot.click("#form-save")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MembersScreen)

    drive(test_cop, steps)
    assert cli_json(run, "member", "show", "hal@example.org")["name"] == "Hal Ide"


def test_a_new_empty_community_opens_on_every_screen(run, home: Path) -> None:
    assert run("init", "Fresh CoP", "--domain", "Anything").exit_code == 0

    async def steps(pilot: Pilot) -> None:
        next_text = str(pilot.app.screen.query_one("#next", Static).render())
        assert "No rhythm yet" in next_text
        await pilot.press("m", "e", "l", "x")  # nobody to edit: a note, not a crash
        assert isinstance(pilot.app.screen, MembersScreen)
        await pilot.press("r", "n", "c", "i", "s")
        assert isinstance(pilot.app.screen, SpacesScreen)

    drive(home / "fresh-cop.json", steps)


def test_tui_without_a_community_says_how_to_start(run) -> None:
    result = run("tui")
    assert result.exit_code == 1
    assert "Error: no community yet" in result.output


def test_every_screen_action_has_a_palette_entry() -> None:
    in_palette = {(mode, action) for mode, action, _, _ in PALETTE_ACTIONS}
    for mode, screen in CopkitApp.MODES.items():
        for binding in vars(screen).get("BINDINGS", []):
            action = binding.action
            if action.startswith("app.") or not binding.show:  # focus moves, not actions
                continue
            assert (mode, action) in in_palette, f"{mode}: {action} is missing from the palette"


def test_palette_runs_an_action_on_another_screen(test_cop: Path) -> None:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("ctrl+p")
        await type_text(pilot, "Add member")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        assert pilot.app.current_mode == "members"

    drive(test_cop, steps)


def test_readable_at_80x24_on_every_screen(example_home: Path) -> None:
    """Every screen opens at 80x24 on a light theme as on a dark one, without an error."""

    async def steps(pilot: Pilot) -> None:
        for theme in ("textual-light", "textual-dark"):
            pilot.app.theme = theme
            for key, screen in (("m", MembersScreen), ("r", MeetingsScreen), ("s", SpacesScreen)):
                await pilot.press(key)
                assert isinstance(pilot.app.screen, screen)
            await pilot.press("h")
            assert isinstance(pilot.app.screen, HomeScreen)

    drive(example_home / "riverside.json", steps, size=(80, 24))


# --- people's words are shown as typed -------------------------------------------------------


def screen_text(app: CopkitApp) -> str:
    """What the terminal shows, line by line, read back from a screenshot."""
    import html
    import re

    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', app.export_screenshot()
    ):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(part for _, part in sorted(row)) for _, row in sorted(rows.items()))


#: Rich markup, Textual-only markup (upper case, theme variables, actions) and a lone closing tag.
BRACKETS = "[/b] [red]{0}[/red] [B]{0}[/B] [$accent]{0} [@click=app.quit]{0}[/]"


def test_brackets_in_peoples_words_are_shown_as_typed(test_cop: Path, run) -> None:
    """A member named with a closing tag used to be saved and then crash the members table;
    "[red]x[/red]" was silently restyled. Every screen shows such text literally."""
    steps = [
        ("community", "edit", "--domain", "Domain " + BRACKETS.format("DOM")),
        ("space", "add", "Nook " + BRACKETS.format("NOOK"), "--private"),
        ("rhythm", "add", "Talk " + BRACKETS.format("TALK"), "--space", "Nook", "--every",
         "monthly on the 2nd Tuesday", "--start", "2026-01-13T14:00", "--duration", "90m"),
    ]  # fmt: skip
    for step in steps:
        assert run(*step).exit_code == 0, step
    name = "Zed " + BRACKETS.format("ZED")

    def shown(app: CopkitApp, *labels: str) -> None:
        text = screen_text(app)
        for label in labels:
            for token in ("[red]{}[/red]", "[B]{}[/B]", "[$accent]{}", "[@click=app.quit]{}"):
                assert token.format(label) in text, f"{token.format(label)} missing:\n{text}"

    async def steps_(pilot: Pilot) -> None:
        await pilot.press("m", "a")
        await type_text(pilot, name)
        await send(pilot, "tab")
        await type_text(pilot, "zed@example.org")
        await send(pilot, "tab")
        await type_text(pilot, "Org " + BRACKETS.format("ORG"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MembersScreen)
        shown(pilot.app, "ZED", "ORG")
        await pilot.press("slash")
        await type_text(pilot, "zed@")
        await pilot.press("enter", "e")  # the edit form's title names the member
        assert isinstance(pilot.app.screen, FormScreen)
        shown(pilot.app, "ZED")
        await pilot.press("escape", "h")
        await settle(pilot)  # the health check of the new member's community
        assert isinstance(pilot.app.screen, HomeScreen)
        shown(pilot.app, "DOM", "TALK")
        await pilot.press("r")
        assert isinstance(pilot.app.screen, MeetingsScreen)
        shown(pilot.app, "TALK")
        await pilot.press("s")
        assert isinstance(pilot.app.screen, SpacesScreen)
        shown(pilot.app, "NOOK")
        assert "[red]TALK[/red]" in screen_text(pilot.app)  # the rhythms column is cut short

    drive(test_cop, steps_, size=(160, 40))
    assert cli_json(run, "member", "show", "zed@example.org")["name"] == name


def test_record_form_date_is_empty_when_every_recent_meeting_is_recorded(
    with_rhythm: Path, run
) -> None:
    """Today is no default: the rhythm does not meet on it, so the form would open refusing."""
    for day in ("2026-08-11", "2026-09-08", "2026-10-13", "2026-11-10"):
        assert run("meeting", "record", "--rhythm", "Circle meets", "--on", day).exit_code == 0

    async def steps(pilot: Pilot) -> None:
        await pilot.press("r", "n")
        field = pilot.app.screen.query_one("#on", Input)
        assert field.value == ""
        assert "recorded" in str(field.placeholder)

    drive(with_rhythm, steps)


def test_typical_attendance_counts_meetings_not_monthly_averages(community, test_cop: Path) -> None:
    """Four meetings of three in October and one of one in November: about 3 a meeting
    (13 people over 5 meetings), not 2 (the average of the monthly averages 3 and 1)."""
    for day in ("2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22"):
        result = community("meeting", "record", "--space", "Cafe", "--on", f"{day}T18:00",
                           "--attended", "Ann,Bo,Cy")  # fmt: skip
        assert result.exit_code == 0, result.output
    result = community("meeting", "record", "--space", "Cafe", "--on", "2026-11-05T18:00",
                       "--attended", "Ann")  # fmt: skip
    assert result.exit_code == 0, result.output

    async def steps(pilot: Pilot) -> None:
        caption = str(pilot.app.screen.query_one("#trend-caption", Static).render())
        assert "about 3 a meeting (1–3)" in caption

    drive(test_cop, steps)
