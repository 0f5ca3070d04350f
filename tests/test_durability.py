"""Data that survives anything: killed writers, concurrent writers, damaged imports."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.model import Community
from copkit.storage.store import Store

WRITER = """
import sys
from copkit.model import Member
from copkit.storage.store import Store
store = Store(sys.argv[1], backups=int(sys.argv[4]))
tag, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    with store.write() as session:
        session.add(Member(name=f"{tag} {i}", email=f"{tag}{i}@example.org"))
"""


def _new_store(path: Path) -> Store:
    return Store.create(path, Community(slug=path.stem, name="Durable", domain="Testing"))


def _members(path: Path) -> list[dict]:
    document = orjson.loads(path.read_bytes())
    return list(document.get("members", {}).values())


def _writer(path: Path, tag: str, count: int, backups: int = 3) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag, str(count), str(backups)]
    )


def test_a_writer_killed_at_any_moment_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    path = tmp_path / "crash.json"
    _new_store(path)
    rng = random.Random(5)
    written = 0
    for run in range(25):
        before = path.read_bytes()
        child = _writer(path, f"r{run}x", 1000)
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        members = _members(path)  # always a whole, parseable file
        names = [m["name"] for m in members]
        # This run's members form an unbroken prefix r{run}x 0..n-1: each write is whole.
        mine = [n for n in names if n.startswith(f"r{run}x ")]
        assert mine == [f"r{run}x {i}" for i in range(len(mine))]
        assert len(members) >= written, "a kill never loses what earlier writes stored"
        written = len(members)
        assert path.read_bytes() != b"" and (mine or path.read_bytes() == before)
    with Store(path).write() as session:  # the next write sweeps stale temporary files
        session.put_community(session.community().replace(name="Durable still"))
    assert not list(tmp_path.glob(".crash.json.*.tmp"))


def test_four_processes_writing_fifty_changes_each_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "busy.json"
    _new_store(path)
    writers = [_writer(path, f"p{n}x", 50, backups=0) for n in range(4)]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    members = _members(path)
    assert len(members) == 200
    assert len({m["id"] for m in members}) == 200
    for n in range(4):
        assert sorted(m["name"] for m in members if m["name"].startswith(f"p{n}x ")) == sorted(
            f"p{n}x {i}" for i in range(50)
        )


def test_the_file_and_its_backups_are_readable_by_their_owner_only(run, home: Path) -> None:
    run("init", "Private", "--domain", "Testing")
    run("member", "add", "Ann Lee", "--email", "ann@example.org")
    run("member", "add", "Bo Chan", "--email", "bo@example.org")
    files = [home / "private.json", *(home / ".backups" / "private").glob("*.json")]
    assert len(files) == 3
    for file in files:
        assert os.stat(file).st_mode & 0o777 == 0o600


def test_restore_brings_back_an_earlier_version_and_can_be_undone(run, community) -> None:
    before = json.loads(run("member", "list", "--json").output)
    run("member", "add", "Dee Eff", "--email", "dee@example.org")
    listing = run("restore", "--list", "--json")
    assert json.loads(listing.output)[0]["backup"] == 1
    result = run("restore", "--from", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(run("member", "list", "--json").output) == before
    run("restore", "--from", "1")  # the version the restore replaced is backup 1
    names = [m["name"] for m in json.loads(run("member", "list", "--json").output)]
    assert "Dee Eff" in names


def test_forgetting_someone_erases_them_from_the_backups_too(run, community, home: Path) -> None:
    run("member", "edit", "Cy", "--role", "Advocate")
    assert any(b"cy@example.org" in p.read_bytes() for p in (home / ".backups").rglob("*.json"))
    assert run("member", "forget", "Cy", "--yes").exit_code == 0
    for file in home.rglob("*"):
        if file.is_file():
            assert b"cy@example.org" not in file.read_bytes(), file


def test_export_and_import_round_trip_exactly(run, example_home: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert run("export", "-o", str(first)).exit_code == 0
    result = run("import-community", str(first), "--slug", "copy")
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.json"
    run("--community", "copy", "export", "-o", str(second))
    exported, again = orjson.loads(first.read_bytes()), orjson.loads(second.read_bytes())
    assert again["community"].pop("slug") == "copy"
    exported["community"].pop("slug")
    assert again == exported
    assert len(exported["members"]) == 25 and len(exported["meetings"]) > 20
    # ids are never reused after an import either
    added = run("--community", "copy", "member", "add", "New One", "--email", "new@example.org")
    assert "(m26)" in added.output


def test_a_moved_community_still_knows_whom_it_forgot(run, example_home: Path, tmp_path) -> None:
    """The erased identities travel with an export, so an import of an old Slack export into
    the moved community cannot bring the person back; a format-1 export (before them) still
    imports."""
    assert run("member", "forget", "m3", "--yes").exit_code == 0
    exported = tmp_path / "e.json"
    assert run("export", "-o", str(exported)).exit_code == 0
    document = orjson.loads(exported.read_bytes())
    assert document["format_version"] >= 2 and len(document["erased_identities"]) >= 2
    assert run("import-community", str(exported), "--slug", "moved").exit_code == 0
    again = tmp_path / "again.json"
    run("--community", "moved", "export", "-o", str(again))
    assert orjson.loads(again.read_bytes())["erased_identities"] == document["erased_identities"]
    del document["erased_identities"]
    document["format_version"] = 1
    exported.write_bytes(orjson.dumps(document))
    result = run("import-community", str(exported), "--slug", "older")
    assert result.exit_code == 0, result.output


def test_importing_over_an_existing_community_is_refused(run, example_home: Path, tmp_path):
    exported = tmp_path / "e.json"
    run("export", "-o", str(exported))
    before = (example_home / "riverside.json").read_bytes()
    result = run("import-community", str(exported))
    assert result.exit_code == 1 and "already a community" in result.output
    assert (example_home / "riverside.json").read_bytes() == before


def _first_with(rows: list[dict], key: str) -> dict:
    return next(row for row in rows if row.get(key))


#: Exports that copkit's own commands could never have written, and what the refusal names.
CRAFTED = {
    "two members with one email": (
        lambda d: d["members"][1].update(email=d["members"][0]["email"]),
        "same email",
    ),
    "a topic proposed by an unknown member": (
        lambda d: _first_with(_first_with(d["meetings"], "topics")["topics"], "proposed_by").update(
            proposed_by="m999"
        ),
        "m999",
    ),
    "a story about an unknown member": (
        lambda d: _first_with(d["stories"], "member_id").update(member_id="m999"),
        "m999",
    ),
    "an unknown attendee": (
        lambda d: _first_with(d["meetings"], "attendees")["attendees"].append("m999"),
        "m999",
    ),
    "a rule copkit cannot use": (lambda d: d["rhythms"][0].update(rrule="FREQ=BOGUS"), "BOGUS"),
}


@pytest.mark.parametrize("kind", list(CRAFTED))
def test_an_export_that_does_not_hold_together_is_refused_whole(
    run, example_home: Path, tmp_path: Path, kind: str
) -> None:
    exported = tmp_path / "e.json"
    assert run("export", "-o", str(exported)).exit_code == 0
    document = orjson.loads(exported.read_bytes())
    damage, named = CRAFTED[kind]
    damage(document)
    exported.write_bytes(orjson.dumps(document))
    result = run("import-community", str(exported), "--slug", "copy")
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert named in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in example_home.glob("*.json")) == ["riverside.json"]


def test_lowering_backups_in_the_config_drops_the_older_generations(
    run, community, home: Path
) -> None:
    for n in range(4):
        run("member", "add", f"Extra {n}", "--email", f"extra{n}@example.org")
    listing = json.loads(run("restore", "--list", "--json").output)
    assert [b["backup"] for b in listing] == [1, 2, 3]
    config = json.loads((home / "config.json").read_text())
    (home / "config.json").write_text(json.dumps(config | {"backups": 1}))
    run("member", "add", "One More", "--email", "one.more@example.org")
    listing = json.loads(run("restore", "--list", "--json").output)
    assert [b["backup"] for b in listing] == [1]
    assert run("restore", "--from", "1").exit_code == 0  # the one kept is the latest before
    emails = {m["email"] for m in json.loads(run("member", "list", "--json").output)}
    assert "extra3@example.org" in emails and "one.more@example.org" not in emails


def _damage(document: dict, data: st.DataObject) -> dict:
    """Replace one value somewhere in the document with something else."""
    paths: list[tuple] = []

    def walk(node, trail):
        paths.append(trail)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*trail, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*trail, index))

    walk(document, ())
    trail = data.draw(st.sampled_from(paths[1:]))
    junk = data.draw(
        st.one_of(
            st.none(),
            st.integers(),
            st.text(max_size=5),
            st.lists(st.integers(), max_size=2),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        )
    )
    node = document
    for key in trail[:-1]:
        node = node[key]
    node[trail[-1]] = junk
    return document


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_export_is_refused_cleanly_or_imported_whole(
    data: st.DataObject, run, example_home: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.json"
    if not source.exists():
        run("export", "-o", str(source))
    document = _damage(orjson.loads(source.read_bytes()), data)
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(document))
    slug = f"t{abs(hash(damaged.read_bytes())) % 10**8}"
    result = run("import-community", str(damaged), "--slug", slug)
    target = example_home / f"{slug}.json"
    if result.exit_code == 0:
        # Accepted: then it is a whole community copkit can read back.
        assert run("--community", slug, "member", "list", "--json").exit_code == 0
        target.unlink()
    else:
        assert result.exit_code == 1 and result.output.startswith("Error: ")
        assert not target.exists(), "nothing written on a refused import"
