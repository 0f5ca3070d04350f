"""Schema migrations: every earlier version of the community file opens in this copkit.

`tests/fixtures/schema-N.json` is a community file as copkit wrote it at schema N. When the
schema changes, add the new fixture, a function in `copkit.storage.store.MIGRATIONS`, and nothing
here
needs to change: each fixture must open, migrate and read back its members and meetings.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import orjson
import pytest

from copkit.model import Meeting, Member, Space
from copkit.storage import store as store_module
from copkit.storage.store import SCHEMA_VERSION, Store

FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("schema-*.json"))


def test_there_is_a_fixture_for_every_schema_version_so_far() -> None:
    versions = sorted(int(p.stem.split("-")[1]) for p in FIXTURES)
    assert versions == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_earlier_schema_opens_and_is_written_forward(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    shutil.copyfile(fixture, path)
    with Store(path).read() as session:
        members, meetings = session.all(Member), session.all(Meeting)
    assert len(members) == 25 and len(meetings) == 24
    with Store(path).write() as session:
        session.put_community(session.community().replace(name="Migrated"))
    document = orjson.loads(path.read_bytes())
    assert document["_copkit"]["1"]["schema"] == SCHEMA_VERSION


def test_a_migration_runs_in_order_and_the_old_file_is_kept_as_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The machinery, with a made-up next schema that renames a field."""

    def rename_role_to_job(document: dict) -> dict:
        for member in document.get("members", {}).values():
            member["job"] = member.pop("role", "")
        return document

    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES[-1], path)
    original = path.read_bytes()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, SCHEMA_VERSION, rename_role_to_job)
    store = Store(path)
    with store.write() as session:
        session.put_community(session.community().replace(name="Moved on"))
    document = orjson.loads(path.read_bytes())
    assert document["_copkit"]["1"]["schema"] == SCHEMA_VERSION + 1
    assert all("job" in m and "role" not in m for m in document["members"].values())
    assert store.backup_path(1).read_bytes() == original


def test_a_file_from_a_newer_copkit_is_refused_and_left_alone(run, home: Path) -> None:
    document = orjson.loads(FIXTURES[-1].read_bytes())
    document["_copkit"]["1"]["schema"] = SCHEMA_VERSION + 1
    path = home / "riverside.json"
    path.write_bytes(orjson.dumps(document))
    before = path.read_bytes()
    result = run("member", "add", "New Person", "--email", "new@example.org")
    assert result.exit_code == 1
    assert "newer copkit" in result.output
    assert path.read_bytes() == before


def test_a_schema_1_gardener_becomes_the_first_of_the_gardeners(tmp_path: Path) -> None:
    """Schema 2 keeps a list of gardeners; a schema-1 file's lone gardener leads it."""
    old = orjson.loads(FIXTURES[0].read_bytes())["community"]["1"]
    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES[0], path)
    with Store(path).write() as session:
        community = session.community()
        session.put_community(community.replace(name="Migrated"))
    assert [(g.name, g.email) for g in community.gardeners] == [
        (old["gardener"], old["gardener_email"])
    ]
    written = orjson.loads(path.read_bytes())["community"]["1"]
    assert written["gardeners"] == [{"name": old["gardener"], "email": old["gardener_email"]}]
    assert "gardener" not in written and "gardener_email" not in written


def test_a_schema_3_space_reads_with_the_purpose_its_room_or_link_suggests(tmp_path: Path) -> None:
    """Schema 4 gives spaces a purpose and a retired day; a schema-3 space has neither and
    reads as schema 3 read it: in use, a channel for discussion, a room for meetings."""
    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES[2], path)
    with Store(path).read() as session:
        spaces = {s.name: s for s in session.all(Space)}
    assert spaces["Supervision circle"].purpose == "discussion"
    assert spaces["Practice café"].purpose == "meetings"
    assert all(s.retired is None for s in spaces.values())


def test_a_schema_4_space_keeps_its_purpose_and_retired_day(tmp_path: Path) -> None:
    path = tmp_path / "four.json"
    shutil.copyfile(FIXTURES[3], path)
    with Store(path).read() as session:
        news = next(s for s in session.all(Space) if s.name == "Riverside news")
    assert news.purpose == "announcements" and news.announces
    assert news.retired == dt.date(2026, 6, 1)
    assert news.in_use(dt.date(2026, 5, 31)) and not news.in_use(dt.date(2026, 6, 1))
