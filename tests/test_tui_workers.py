"""The dashboard never freezes (issue 18): it reads the community file, and runs the health
check, in workers. Until each lands, what it fills in shows a loading indicator and the keys
keep working; a file that cannot be read says so in the one line every command prints.

A slow disk is played by a store whose reading waits for the test to let it finish, so what
the screen shows meanwhile is checked without racing the worker.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_tui import screen_text, settle
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from copkit.errors import InputError
from copkit.records import CommunityData, current_members
from copkit.storage.store import Held, Store
from copkit.tui import insight
from copkit.tui.app import CopkitApp
from copkit.tui.screens.home import HomeScreen
from copkit.tui.screens.members import MembersScreen

TODAY = dt.date(2026, 11, 25)
NAME = "Riverside Reflective Supervision CoP"
#: Seconds a held-back worker, or a test waiting for the dashboard, waits at most (a busy
#: machine running the suite in parallel is slow; a test that passes waits far less).
WAIT = 60


class SlowStore(Store):
    """A community file on a slow disk: each reading, once it has read the file, waits for the
    next gate in ``gates`` (what it read may be out of date by the time it lands)."""

    def __init__(self, path: Path, gates: list[threading.Event]) -> None:
        super().__init__(path)
        self.gates = gates

    def hold(self) -> Held:
        held = super().hold()
        if self.gates:
            assert self.gates.pop(0).wait(WAIT), "the test never let the reading finish"
        return held


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Pause until ``condition`` holds (a worker the test holds back is still running)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the dashboard never got there"
        await pilot.pause(0.02)


def nav(app: CopkitApp) -> str:
    return str(app.screen.query_one("#nav", Static).render())


def members(app: CopkitApp) -> set[str]:
    table = app.screen.query_one("#members", DataTable)
    return {str(table.get_row(key)[0]) for key in table.rows}


def test_the_screen_shows_loading_and_answers_keys_until_the_community_is_read(
    example_home: Path,
) -> None:
    gate = threading.Event()
    app = CopkitApp(SlowStore(example_home / "riverside.json", [gate]), today=TODAY)

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen)
            assert not app.ready
            assert home.query_one("#home-body").loading
            assert "reading the community" in nav(app)
            # Keys still work while the file is read: the members screen opens, loading too,
            # and an action that needs the community waits (dimmed) instead of failing.
            await pilot.press("m")
            assert isinstance(app.screen, MembersScreen)
            assert app.screen.query_one("#members", DataTable).loading
            await pilot.press("a")
            assert isinstance(app.screen, MembersScreen)  # no form before there is a community
            await pilot.press("h")
            assert app.screen is home
            gate.set()
            await settle(pilot)
            assert app.ready
            assert not home.query_one("#home-body").loading
            assert not home.query_one("#principles-pane").loading
            principles = home.query_one("#principles", OptionList)
            assert principles.option_count == 9
            assert app.focused is principles  # the keyboard starts where it always did
            assert NAME in nav(app)
            await pilot.press("m")
            assert len(members(app)) == len(current_members(app.data.members, TODAY))

    asyncio.run(go())
    assert app.title == NAME


def test_the_next_meetings_show_while_the_health_check_runs(
    example_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    compute = insight.compute

    def slow_compute(data: CommunityData, as_of: dt.date) -> insight.Insight:
        assert gate.wait(WAIT), "the test never let the health check finish"
        return compute(data, as_of)

    monkeypatch.setattr(insight, "compute", slow_compute)
    app = CopkitApp(Store(example_home / "riverside.json"), today=TODAY)

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.ready)
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen)
            assert not home.query_one("#home-body").loading
            next_meetings = str(home.query_one("#next", Static).render())
            assert "Dec" in next_meetings  # the community is shown: its coming meetings
            for checked in ("#summary", "#principles-pane", "#trend", "#shape"):
                assert home.query_one(checked).loading, checked
            assert home.query_one("#principles", OptionList).option_count == 0
            await pilot.press("e")  # the evidence of a principle not yet checked: nothing
            assert app.screen is home
            gate.set()
            await settle(pilot)
            for checked in ("#summary", "#principles-pane", "#trend", "#shape"):
                assert not home.query_one(checked).loading, checked
            assert home.query_one("#principles", OptionList).option_count == 9
            assert "Stage:" in str(home.query_one("#summary", Static).render())

    asyncio.run(go())


def test_a_health_check_that_refuses_says_why_on_the_home_screen(
    example_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusing(data: CommunityData, as_of: dt.date) -> insight.Insight:
        raise InputError("the survey statements do not match the principles")

    monkeypatch.setattr(insight, "compute", refusing)
    app = CopkitApp(Store(example_home / "riverside.json"), today=TODAY)

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            home = app.screen
            assert isinstance(home, HomeScreen)
            summary = str(home.query_one("#summary", Static).render())
            assert "The health check could not run: the survey statements do not" in summary
            assert not home.query_one("#principles-pane").loading
            assert "Dec" in str(home.query_one("#next", Static).render())  # the rest shows
            await pilot.press("m", "h")  # and the app goes on
            assert app.screen is home

    asyncio.run(go())


def test_a_stale_reading_never_replaces_a_newer_one(community, run, home: Path) -> None:
    """The file is read again (ctrl+r) and the reading is slow; meanwhile the CLI adds a
    member and the file is read once more. The newer reading lands first; the older one,
    finishing later with what it read before the member was added, is dropped."""
    path = home / "test-cop.json"
    slow = threading.Event()
    store = SlowStore(path, [])
    app = CopkitApp(store, today=TODAY)

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("m")
            store.gates.append(slow)
            await pilot.press("ctrl+r")  # the slow reading: Fay is not in the file yet
            await until(pilot, lambda: not store.gates)  # it has read the file
            assert app.screen.query_one("#members", DataTable).loading
            added = run("member", "add", "Fay Gee", "--email", "fay@example.org")
            assert added.exit_code == 0, added.output
            await pilot.press("ctrl+r")  # reads the file with Fay in it, at once
            await until(pilot, lambda: "Fay Gee" in members(app))
            slow.set()  # the older reading finishes now, with the file as it was before
            await settle(pilot)
            assert "Fay Gee" in members(app)
            assert any(m.name == "Fay Gee" for m in app.data.members)
            assert not app.screen.query_one("#members", DataTable).loading

    asyncio.run(go())


def damage(path: Path) -> None:
    """Cut the file short, as a crash in an editor would."""
    path.write_bytes(path.read_bytes()[:-40])


def test_a_damaged_file_ends_copkit_tui_with_the_same_one_line_error(
    community, run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage(home / "test-cop.json")
    expected = run("member", "list")
    assert expected.exit_code == 1 and expected.stderr.count("\n") == 1
    assert "not a readable copkit file" in expected.stderr
    # `copkit tui` as a gardener runs it, with no terminal to draw on
    monkeypatch.setattr(
        "textual.constants.DRIVER", "textual.drivers.headless_driver:HeadlessDriver"
    )
    result = run("tui")
    assert result.exit_code == 1
    assert result.stderr == expected.stderr  # one line, the CLI's, no traceback

    app = CopkitApp(Store(home / "test-cop.json"), today=TODAY)

    async def go() -> None:
        async with app.run_test() as pilot:
            await until(pilot, lambda: app.failure is not None)

    asyncio.run(go())
    assert app.return_code == 1
    assert expected.stderr == f"Error: {app.failure}\n"


def test_a_file_damaged_while_open_keeps_the_last_community_and_says_why(
    community, run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = home / "test-cop.json"
    app = CopkitApp(Store(path), today=TODAY)
    notes: list[tuple[str, str]] = []
    notify = app.notify

    def noted(message: str, **options: object) -> None:
        notes.append((message, str(options.get("severity", ""))))
        notify(message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", noted)

    async def go() -> None:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("m")
            shown = members(app)
            damage(path)
            await pilot.press("h", "m")  # a screen coming into view reads the changed file
            await until(pilot, lambda: "Could not read the community file" in screen_text(app))
            await settle(pilot)
            assert isinstance(app.screen, MembersScreen)
            assert members(app) == shown  # the last community read stays on screen
            assert not app.screen.query_one("#members", DataTable).loading

    asyncio.run(go())
    expected = run("member", "list")
    assert [(f"Error: {message}\n", severity) for message, severity in notes] == [
        (expected.stderr, "error")
    ]
