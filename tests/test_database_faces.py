"""What a folder home did alone, on a database home too (issue 20): `import-community`, the
mail settings with `invite --send`, and the dashboard. Against a real throwaway PostgreSQL
(tests/postgres.py), never a mock.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result
from conftest import TODAY, Run
from servers import MailServer
from test_database_grants import login
from test_tui import send, settle, type_text

from copkit.cli import cli
from copkit.storage.places import open_home
from copkit.tui.app import CopkitApp
from copkit.tui.screens.members import MembersScreen


def _ok(run: Run, *args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (args, result.output)
    return result


def _on(url: str) -> Run:
    def invoke(*args: str, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, ["--home", url, *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


def test_a_community_exported_from_a_folder_imports_into_a_database_byte_for_byte(
    community: Run, pg_home: str, tmp_path: Path
) -> None:
    exported = tmp_path / "test-cop.json"
    _ok(community, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00", "--start", "2026-09-01")  # fmt: skip
    _ok(community, "export", "-o", str(exported))
    database = _on(pg_home)
    assert _ok(database, "import-community", str(exported)).output == (
        "Imported Test CoP (test-cop)\n"
    )
    assert _ok(database, "export").stdout_bytes == exported.read_bytes()
    again = database("import-community", str(exported))
    assert again.exit_code == 1
    assert "already a community 'test-cop'" in again.stderr
    _ok(database, "import-community", str(exported), "--slug", "test-cop-2")
    assert [c["slug"] for c in json.loads(_ok(database, "communities", "--json").stdout)] == [
        "test-cop",
        "test-cop-2",
    ]
    # ids never repeat after the import: the counters came along
    added = _ok(database, "-c", "test-cop-2", "member", "add", "Dee Ewe", "--email", "d@e.org")
    assert "m4" in added.output


def test_a_gardener_who_is_not_the_owner_cannot_import_and_nothing_is_left(
    community: Run, pg_cluster, pg_home: str, tmp_path: Path
) -> None:
    exported = tmp_path / "test-cop.json"
    _ok(community, "export", "-o", str(exported))
    _, url = login(pg_cluster, pg_home, "importer")
    refused = _on(url)("import-community", str(exported))
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: ") and "owner" in refused.stderr
    with psycopg.connect(pg_home) as conn:
        assert conn.execute("SELECT count(*) FROM copkit_records").fetchone() == (0,)


def test_mail_settings_of_a_database_home_stay_on_the_gardeners_machine(
    community: Run,
    pg_home: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The SMTP login is one gardener's; the database is the team's: the settings go to this
    machine's copkit settings, never into the database, and `invite --send` uses them."""
    machine = tmp_path / "config-of-this-machine"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(machine))
    exported = tmp_path / "test-cop.json"
    _ok(community, "export", "-o", str(exported))
    database = _on(pg_home)
    _ok(database, "import-community", str(exported))
    _ok(database, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00", "--start", "2026-09-01")  # fmt: skip
    with MailServer() as server:
        port = str(server.port)
        said = _ok(database, "config", "smtp", "--host", "127.0.0.1", "--port", port,
                   "--security", "none", "--sender", "team@example.org")  # fmt: skip
        assert said.output.startswith("Invites go through 127.0.0.1:")
        saved = json.loads((machine / "copkit" / "config.json").read_text())["smtp"]
        assert saved["host"] == "127.0.0.1" and saved["sender"] == "team@example.org"
        assert "127.0.0.1" in _ok(database, "config", "smtp").output
        sent = _ok(database, "invite", "Circle", "--send")
        assert sent.output.startswith("Sent 2 invite") and "Circle" in sent.output
        assert sorted(r.recipients[0] for r in server.received) == [
            "bo@example.org",
            "cy@example.org",
        ]
        assert {r.envelope_from for r in server.received} == {"team@example.org"}
    with psycopg.connect(pg_home) as conn:
        tables = conn.execute("SELECT string_agg(doc::text, ' ') FROM copkit_records").fetchone()
    assert tables is not None and "127.0.0.1" not in (tables[0] or "")
    # what was sent is recorded in the community, for everyone who tends it
    assert _ok(database, "invite", "Circle", "--send").output.startswith("Nothing to send")
    # a folder home keeps its own settings, in its config.json
    folder = community("config", "smtp")
    assert folder.exit_code == 1 and "no mail server yet" in folder.stderr


def test_the_dashboard_opens_a_database_home_and_saves_a_change(
    community: Run, pg_home: str, tmp_path: Path
) -> None:
    exported = tmp_path / "test-cop.json"
    _ok(community, "export", "-o", str(exported))
    database = _on(pg_home)
    _ok(database, "import-community", str(exported))
    store = open_home(pg_home).store_for("test-cop")
    app = CopkitApp(store, today=TODAY)

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.data.community.name == "Test CoP"
            await pilot.press("m", "a")
            await type_text(pilot, "Dee Ewe")
            await send(pilot, "tab")
            await type_text(pilot, "dee@example.org")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MembersScreen)
            # a change made elsewhere (the CLI, another gardener) shows when a screen returns
            _ok(database, "member", "add", "Eve Fox", "--email", "eve@example.org")
            await pilot.press("h")
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)

    asyncio.run(go())
    listed = json.loads(_ok(database, "member", "list", "--json").stdout)
    assert {m["email"] for m in listed} >= {"dee@example.org", "eve@example.org"}
    assert any(m.email == "eve@example.org" for m in app.data.members)
