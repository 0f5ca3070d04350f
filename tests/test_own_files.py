"""copkit never overwrites its own files by accident: the community files, config and backups."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from copkit.storage.example import example_path


def test_output_files_may_not_replace_a_community_file(run, example_home: Path) -> None:
    community_file = example_home / "riverside.json"
    before = community_file.read_bytes()
    for args in (
        ("health", "--format", "markdown", "-o", str(community_file)),
        ("export", "-o", str(example_home / "copy.json")),
        ("overview", "--format", "html", "-o", str(example_home / "config.json")),
    ):
        result = run(*args)
        assert result.exit_code == 1 and "copkit keeps its own files" in result.output, args
    assert community_file.read_bytes() == before
    assert sorted(p.name for p in example_home.iterdir()) == ["riverside.json"]
    assert run("invite", "Supervision circle", "-o", str(example_home / "c.ics")).exit_code == 0


def test_demo_keep_never_overwrites_a_community(run, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copyfile(example_path(), folder / "riverside.json")
    mine = folder / "riverside.json"
    mine.write_bytes(mine.read_bytes().replace(b"Riverside Reflective", b"My Own"))
    before = mine.read_bytes()
    result = run("demo", "--keep", str(folder))
    assert result.exit_code == 1 and "already exists" in result.output
    assert mine.read_bytes() == before


def test_a_community_cannot_take_the_name_of_the_config_file(run, home: Path) -> None:
    result = run("init", "Config", "--domain", "Anything")
    assert result.exit_code == 1 and "keeps for itself" in result.output
    assert list(home.iterdir()) == []
    assert run("init", "Config", "--domain", "Anything", "--slug", "config-cop").exit_code == 0


def test_a_meeting_later_today_has_not_happened_yet(run, community) -> None:
    later = dt.datetime.now() + dt.timedelta(hours=2)
    if later.date() != dt.date.today():  # too close to midnight for "later today"
        later = dt.datetime.now() + dt.timedelta(minutes=5)
    result = run("meeting", "record", "--space", "Cafe", "--on", later.strftime("%Y-%m-%dT%H:%M"))
    assert result.exit_code == 1 and "has not happened yet" in result.output


def test_forgetting_someone_points_at_the_other_communities_that_hold_them(run, community):
    run("init", "Second CoP", "--domain", "Adult safeguarding", "--slug", "second")
    run("-c", "second", "member", "add", "Cy Dee", "--email", "cy@example.org")
    result = run("-c", "test-cop", "member", "forget", "Cy", "--yes")
    assert result.exit_code == 0
    assert "also a member of second" in result.stderr
    # and the other community is not touched without being asked
    assert run("-c", "second", "member", "show", "cy@example.org").exit_code == 0
