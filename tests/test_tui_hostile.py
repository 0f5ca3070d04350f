"""The dashboard never sends a stored name raw to the terminal.

A community file from an older copkit may hold a member's name with an ESC sequence (which
would clear or recolour the screen) or a right-to-left override (which would reverse what
follows). The file still opens, and every screen shows those characters escaped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from test_tui import settle
from textual.widgets import DataTable, Input

from copkit.model import BIDI_CONTROLS
from copkit.storage.store import Store
from copkit.tui.app import CopkitApp
from copkit.tui.forms.member import MemberForm

Run = Callable[..., Result]
TODAY = dt.date(2026, 11, 25)
NAME = "Bo\x1b[2J\x1b[31m Chan\u202e"
SHOWN = "Bo\\x1b[2J\\x1b[31m Chan\\u202e"


def raw_controls(text: str) -> set[str]:
    return {
        c for c in text if c != "\n" and (unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS)
    }


def hostile_file(community: Run, home: Path) -> Path:
    """The test community, with Bo's name, the community's name and a space as an older copkit
    could have stored them."""
    path = home / "test-cop.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    bo = next(m for m in document["members"].values() if m["name"] == "Bo Chan")
    bo["name"] = NAME
    bo["org"] = "North\x9bgate"
    document["community"]["1"]["name"] = "Test\u202e CoP"
    document["spaces"]["2"]["name"] = "Cafe\x1b[5m"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_dashboard_shows_a_hostile_name_escaped(community: Run, home: Path) -> None:
    app = CopkitApp(Store(hostile_file(community, home)), today=TODAY)
    seen: dict[str, str] = {}

    async def go() -> None:
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)  # the file is read, and the health check run, in workers
            seen["home"] = app.export_screenshot()
            await pilot.press("m")
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            seen["cells"] = "\n".join(
                str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)
            )
            seen["members"] = app.export_screenshot()
            await pilot.press("s")
            await pilot.pause()
            seen["spaces"] = app.export_screenshot()
            app.push_screen(MemberForm(app.data.member("m2"), today=TODAY))
            await pilot.pause()
            seen["form"] = app.export_screenshot()
            seen["field"] = app.screen.query_one("#name", Input).value

    asyncio.run(go())
    assert app.title == "Test\\u202e CoP"
    assert SHOWN in seen["cells"] and "North\\x9bgate" in seen["cells"]
    assert seen["field"] == SHOWN
    for screen in ("home", "members", "spaces", "form"):
        assert not raw_controls(seen[screen]), screen
    assert "\\x1b[2J\\x1b[31m" in seen["members"]
    assert "Cafe\\x1b[5m" in seen["spaces"]
    assert "Test\\u202e" in seen["home"]
