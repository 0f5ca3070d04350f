"""The overview a folder home keeps as people write (issue 20, as a database home keeps it):
after every kind of change the overview, read from the summaries, is byte for byte the rows a
full reading of every community gives; a summary left behind by a write that kept none is
seen to be stale; a forgotten member leaves no trace in any summary."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import orjson
from conftest import TODAY, Run
from test_conversation_import import slack_zip

from copkit import community_store, records
from copkit.model import Member
from copkit.readings.overview import summarise, with_shared_members
from copkit.storage import summaries
from copkit.storage.home import Home

CHANGES: list[tuple[str, ...]] = [
    ("init", "Test CoP", "--domain", "Supervision"),
    ("member", "add", "Ann Lee", "--email", "ann@example.org", "--level", "core",
     "--joined", "2025-01-01"),
    ("member", "add", "Bo Chan", "--email", "bo@example.org", "--joined", "2025-01-01"),
    ("init", "Other CoP", "--domain", "Other"),
    ("-c", "other-cop", "member", "add", "Bo Chan", "--email", "bo@example.org", "--joined",
     "2025-01-01"),
    ("-c", "test-cop", "space", "add", "Circle", "--private", "--platform", "Teams"),
    ("-c", "test-cop", "rhythm", "add", "Circle", "--space", "Circle", "--every",
     "every 4 weeks on Tuesday 14:00", "--start", "2026-09-08"),
    ("-c", "test-cop", "meeting", "record", "--space", "Circle", "--on", "2026-11-10T14:00",
     "--attended", "Ann,Bo", "--topic", "A hard case", "--proposed-by", "Ann"),
    ("-c", "test-cop", "member", "edit", "Bo", "--level", "active"),
    ("-c", "test-cop", "community", "edit", "--name", "Test CoP North"),
    ("-c", "test-cop", "conversation", "import", "{slack}", "--channel", "general=Circle",
     "--channel", "circle=Circle"),
    ("-c", "other-cop", "member", "leave", "Bo", "--on", "2026-11-20"),
    ("-c", "test-cop", "member", "import", "{csv}", "--dry-run"),
    ("-c", "test-cop", "member", "import", "{csv}"),
    ("-c", "test-cop", "restore", "--from", "1"),
    ("-c", "test-cop", "member", "forget", "Bo", "--yes"),
]  # fmt: skip


def full_reading(home: Path) -> bytes:
    """The overview read from every community file in full, as before summaries were kept."""
    rows = [summarise(home / f"{slug}.json", TODAY) for slug in Home(home).slugs()]
    return orjson.dumps([row.to_dict() for row in with_shared_members(rows)])


def overview_json(run: Run) -> bytes:
    result = run("overview", "--json")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return orjson.dumps(orjson.loads(result.stdout))


def kept_current(home: Path) -> set[str]:
    """The communities whose summary of today was made from their file as it is now."""
    return set(summaries.current(home, Home(home).slugs(), TODAY))


def summary_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((home / summaries.FOLDER).glob("*")))


def test_after_every_kind_of_change_the_kept_overview_is_the_full_reading(
    run: Run, home: Path, tmp_path: Path
) -> None:
    (tmp_path / "m.csv").write_text("name,email\nCy Dee,cy@example.org\nDi Ek,di@example.org\n")
    files = {"{slack}": str(slack_zip(tmp_path / "s.zip")), "{csv}": str(tmp_path / "m.csv")}
    for change in CHANGES:
        before = kept_current(home)
        result = run(*(files.get(word, word) for word in change))
        assert result.exit_code == 0, (change, result.output)
        if change[0] != "init":  # every write keeps its summary as it writes
            slug = change[1] if change[0] == "-c" else "test-cop"
            assert kept_current(home) >= before | {slug}, change
        assert overview_json(run) == full_reading(home), change
        assert kept_current(home) == set(Home(home).slugs()), change  # all kept for the next
    # a community copied in from another home, and one imported, keep theirs as they are made
    elsewhere = tmp_path / "elsewhere"
    assert run("--home", str(elsewhere), "init", "Far CoP", "--domain", "X").exit_code == 0
    far = ("--home", str(elsewhere), "-c", "far-cop")
    assert run(*far, "member", "add", "Ann Lee", "--email", "ann@example.org").exit_code == 0
    assert run("home", "copy", str(elsewhere), str(home)).exit_code == 0
    assert run("-c", "test-cop", "export", "-o", str(tmp_path / "t.json")).exit_code == 0
    assert run("import-community", str(tmp_path / "t.json"), "--slug", "third").exit_code == 0
    assert kept_current(home) == {"far-cop", "other-cop", "test-cop", "third"}
    assert overview_json(run) == full_reading(home)
    shared = {r["slug"]: r["shared_members"] for r in orjson.loads(overview_json(run))}
    assert shared == {"far-cop": 1, "other-cop": 0, "test-cop": 1, "third": 1}


def test_a_summary_left_behind_is_read_again_in_full(run: Run, home: Path) -> None:
    for name in ("North CoP", "South CoP"):
        assert run("init", name, "--domain", "Supervision").exit_code == 0
        assert run("-c", name.split()[0].lower() + "-cop", "member", "add", "Ann Lee",
                   "--email", "ann@example.org").exit_code == 0  # fmt: skip
    assert kept_current(home) == {"north-cop", "south-cop"}
    # what the overview shows is read from the summaries: one edited (its file unchanged) shows
    kept = home / summaries.FOLDER / "north-cop.json"
    original = kept.read_bytes()
    kept.write_bytes(original.replace(b'"name":"North CoP"', b'"name":"Kept CoP"'))
    assert [r["name"] for r in orjson.loads(overview_json(run))] == ["Kept CoP", "South CoP"]
    kept.write_bytes(original)
    # a script changes a community through the Python API, which keeps no summary
    with community_store("north-cop", home).write() as session:
        records.add_member(session, Member("Bo Chan", "bo@example.org", joined=TODAY))
    assert kept_current(home) == {"south-cop"}
    rows = {r["slug"]: r for r in orjson.loads(overview_json(run))}
    assert rows["north-cop"]["members"] == 2
    assert overview_json(run) == full_reading(home)
    assert kept_current(home) == {"north-cop", "south-cop"}  # read in full once, kept again
    # an overview while a writer holds the community's lock waits for nothing and keeps no
    # summary over the writer's, which keeps its own
    with community_store("north-cop", home).write() as session:
        records.add_member(session, Member("Cy Dee", "cy@example.org", joined=TODAY))
    with community_store("north-cop", home).write() as session:
        assert overview_json(run) == full_reading(home)
        assert kept_current(home) == {"south-cop"}
        records.add_member(session, Member("Di Ek", "di@example.org", joined=TODAY))
    assert overview_json(run) == full_reading(home)
    assert kept_current(home) == {"north-cop", "south-cop"}
    # a file copied in: over a community (its times kept, as `cp -p` does) and as a new one
    shutil.copy2(home / "north-cop.json", home / "south-cop.json")
    shutil.copy2(home / "north-cop.json", home / "west-cop.json")
    assert kept_current(home) == {"north-cop"}
    rows = orjson.loads(overview_json(run))  # each copy names itself north-cop inside
    assert [(r["slug"], r["members"]) for r in rows] == [("north-cop", 4)] * 3
    assert overview_json(run) == full_reading(home)
    # a summary of yesterday is read again; an overview of another day keeps none of its own
    kept.write_bytes(kept.read_bytes().replace(TODAY.isoformat().encode(), b"2026-11-24"))
    assert overview_json(run) == full_reading(home)
    assert "north-cop" in kept_current(home)
    today = summary_bytes(home)
    result = run("overview", "--json", "--as-of", "2026-06-01")
    assert result.exit_code == 0
    assert summary_bytes(home) == today
    # a community taken away takes its summary with it, as does a killed writer's half-written
    # one; a writer's of the last minutes is left to it
    (home / "west-cop.json").unlink()
    killed, writing = (home / summaries.FOLDER / f".north-cop.json.{n}.tmp" for n in (1, 2))
    killed.write_bytes(b'{"people":["a digest"')
    writing.write_bytes(b'{"people":["a digest"')
    os.utime(killed, (1e9, 1e9))
    assert overview_json(run) == full_reading(home)
    assert sorted(p.name for p in (home / summaries.FOLDER).iterdir()) == [
        writing.name,
        "north-cop.json",
        "south-cop.json",
    ]


def test_a_forgotten_member_leaves_no_trace_in_any_summary(run: Run, home: Path) -> None:
    assert run("init", "Test CoP", "--domain", "Supervision").exit_code == 0
    for name, email in (("Ann Lee", "ann@example.org"), ("Bo Chan", "bo@example.org")):
        assert run("member", "add", name, "--email", email).exit_code == 0
    assert run("init", "Other CoP", "--domain", "Other").exit_code == 0
    assert run("-c", "other-cop", "member", "add", "Bo Chan", "--email", "bo@example.org",
               "--org", "Northgate").exit_code == 0  # fmt: skip
    overview_json(run)
    bo = hashlib.sha256(b"bo@example.org").hexdigest().encode()
    kept = summary_bytes(home)
    assert kept.count(bo) == 2
    assert b"@example.org" not in kept and b"Bo Chan" not in kept  # digests, never addresses
    assert run("-c", "test-cop", "member", "forget", "Bo", "--yes").exit_code == 0
    assert run("-c", "other-cop", "member", "forget", "Bo", "--yes").exit_code == 0
    assert bo not in summary_bytes(home)
    assert overview_json(run) == full_reading(home)
    assert bo not in summary_bytes(home)
    folder = home / summaries.FOLDER
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert {stat.S_IMODE(os.stat(p).st_mode) for p in folder.iterdir()} == {0o600}


WRITER = """
import sys
from click.testing import CliRunner
from copkit.cli import cli
home, slug, who = sys.argv[1:]
for n in range(6):
    args = ["--home", home, "-c", slug, "member", "add", f"{who} {n}", "--email",
            f"{who}{n}@example.org"]
    assert CliRunner().invoke(cli, args).exit_code == 0
"""


def test_writers_of_the_same_and_other_communities_at_once_leave_a_true_overview(
    run: Run, home: Path
) -> None:
    import subprocess
    import sys

    for name in ("North CoP", "South CoP"):
        assert run("init", name, "--domain", "Supervision").exit_code == 0
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(home), slug, who])
        for slug, who in (("north-cop", "ann"), ("north-cop", "bo"), ("south-cop", "cy"),
                          ("south-cop", "ann"))
    ]  # fmt: skip
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0, 0]
    rows = orjson.loads(overview_json(run))
    assert [(r["slug"], r["members"], r["shared_members"]) for r in rows] == [
        ("north-cop", 12, 6),
        ("south-cop", 12, 6),
    ]
    assert overview_json(run) == full_reading(home)
    assert kept_current(home) == {"north-cop", "south-cop"}
