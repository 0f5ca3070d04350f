"""When something fails (a full disk, a closed pipe, a damaged file), the gardener gets one clear
line and keeps their history; never a traceback.

Real mechanisms, not mocks: output goes to /dev/full and into a pipe whose reader is gone; a
write is made to fail by a real file-size limit (RLIMIT_FSIZE) in the copkit process.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

#: Commands whose product goes to stdout, in each of its forms.
PRINTING = [
    ("member", "list"),
    ("member", "list", "--json"),
    ("health",),
    ("calendar",),
    ("export",),
]


def _file_size_limit(limit: int) -> Callable[[], None]:
    """Run in the child: writing past ``limit`` bytes fails with EFBIG (as on a full disk)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _copkit(
    home: Path, *args: str, stdout: int | None = subprocess.PIPE, limit: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "copkit", "--home", str(home), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=_file_size_limit(limit) if limit is not None else None,
        timeout=120,
    )


def _one_error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The run failed with exactly one `Error: ...` line on stderr; return it."""
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    return lines[0]


def _backups(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((home / ".backups").rglob("*")) if p.is_file()}


# --- a failed write keeps the history ------------------------------------------------------------


def test_failed_writes_on_a_full_disk_leave_file_and_backups_as_they_were(
    community: Run, home: Path, tmp_path: Path
) -> None:
    """Three failed imports on a full disk once left backups 1 to 3 identical."""
    live = home / "test-cop.json"
    listing = community("restore", "--list", "--json").output
    assert [b["backup"] for b in json.loads(listing)] == [1, 2, 3]
    before = (live.read_bytes(), _backups(home))
    sheet = tmp_path / "many.csv"
    rows = [f"Person {n},person{n}@example.org" for n in range(200)]
    sheet.write_text("name,email\n" + "\n".join(rows) + "\n")
    for _ in range(3):
        result = _copkit(home, "member", "import", str(sheet), limit=live.stat().st_size + 200)
        assert "File too large" in _one_error_line(result)
    assert (live.read_bytes(), _backups(home)) == before
    assert community("restore", "--list", "--json").output == listing
    assert community("member", "import", str(sheet)).exit_code == 0  # room again: it works
    assert len(_backups(home)) == 3 and _backups(home)["1.json"] == before[0]


# --- output that cannot be written ---------------------------------------------------------------


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_output_to_a_full_device_is_one_clear_line(example_home: Path, args: tuple) -> None:
    with open("/dev/full", "wb") as full:
        result = _copkit(example_home, *args, stdout=full.fileno())
    assert "No space left on device" in _one_error_line(result)


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_output_into_a_closed_pipe_ends_quietly(example_home: Path, args: tuple) -> None:
    """`copkit ... | head -0`, made certain: the reading end is closed before copkit starts."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = _copkit(example_home, *args, stdout=writing)
    finally:
        os.close(writing)
    assert result.returncode == 1
    assert result.stderr == b""


def test_help_to_a_full_device_is_one_clear_line(home: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = _copkit(home, "--help", stdout=full.fileno())
    assert "No space left on device" in _one_error_line(result)


# --- files and folders copkit cannot use ---------------------------------------------------------
#
# A read-only file system cannot be made without privileges, and root (the test user) ignores
# folder modes. These use failures root really gets, on the same paths an EROFS or EACCES takes:
# the lock file cannot be created (its name is too long for the file system: ENAMETOOLONG), and
# config.json cannot be written (a file-size limit: EFBIG, as on a full disk).


def test_a_lock_file_that_cannot_be_created_is_one_clear_line(example_home: Path) -> None:
    slug = "a" * 250  # the community file's name fits in 255 bytes; with ".lock" it does not
    live = example_home / f"{slug}.json"
    (example_home / "riverside.json").rename(live)
    before = live.read_bytes()
    result = _copkit(example_home, "member", "add", "Eve Ng", "--email", "eve@example.org")
    line = _one_error_line(result)
    assert "cannot use" in line and ".json.lock" in line and "too long" in line
    assert live.read_bytes() == before


def test_use_that_cannot_write_its_choice_is_one_clear_line(run: Run, home: Path) -> None:
    assert run("init", "North CoP", "--domain", "Supervision").exit_code == 0
    assert run("init", "South CoP", "--domain", "Kinship care").exit_code == 0
    config = (home / "config.json").read_bytes()
    result = _copkit(home, "use", "north-cop", limit=0)
    line = _one_error_line(result)
    assert "config.json" in line and "File too large" in line
    assert (home / "config.json").read_bytes() == config
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".")) == []


# --- hand-damaged metadata ------------------------------------------------------------------------


def _set_counters(home: Path, change: Callable[[dict], None]) -> bytes:
    live = home / "test-cop.json"
    document = json.loads(live.read_text())
    change(document["_copkit"]["1"])
    live.write_text(json.dumps(document))
    return live.read_bytes()


DAMAGED_COUNTERS: dict[str, Callable[[dict], None]] = {
    "a string": lambda meta: meta["next"].update(m="4"),
    "a negative number": lambda meta: meta["next"].update(m=-1),
    "a list": lambda meta: meta["next"].update(m=[4]),
    "true": lambda meta: meta["next"].update(m=True),
    "counters as a list": lambda meta: meta.update(next=[4, 3]),
    "a counter that would reuse an id": lambda meta: meta["next"].update(m=2),
    "a missing counter with members stored": lambda meta: meta["next"].pop("m"),
}


@pytest.mark.parametrize("damage", list(DAMAGED_COUNTERS))
def test_damaged_id_counters_are_refused_and_the_file_left_alone(
    community: Run, home: Path, damage: str
) -> None:
    before = _set_counters(home, DAMAGED_COUNTERS[damage])
    for args in (("member", "add", "Eve Ng", "--email", "eve@example.org"), ("member", "list")):
        result = community(*args)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ") and "id counters" in result.output
    assert (home / "test-cop.json").read_bytes() == before


def test_every_kind_of_record_has_its_counter_checked(community: Run, home: Path) -> None:
    """The erased identities ``member forget`` keeps are numbered like every other record."""
    assert community("member", "forget", "Cy", "--yes").exit_code == 0
    before = _set_counters(home, lambda meta: meta["next"].update(ei=1))
    result = community("member", "list")
    assert result.exit_code == 1 and "id counters would give the id ei" in result.output
    assert (home / "test-cop.json").read_bytes() == before


# --- damaged files: the rest is listed, and the way back is named ---------------------------------


def test_communities_lists_the_rest_and_names_the_damaged_file(run: Run, home: Path) -> None:
    assert run("init", "North CoP", "--domain", "Supervision").exit_code == 0
    assert run("init", "South CoP", "--domain", "Kinship care").exit_code == 0
    (home / "north-cop.json").write_bytes(b'{"_copkit": ')
    result = run("communities")
    assert result.exit_code == 0, result.output
    assert "South CoP" in result.stdout and "north-cop" in result.stdout
    assert "north-cop.json is not a readable copkit file" in result.stderr
    rows = {row["slug"]: row for row in json.loads(run("communities", "--json").stdout)}
    assert rows["south-cop"]["name"] == "South CoP" and rows["south-cop"]["problem"] is None
    assert "not a readable copkit file" in rows["north-cop"]["problem"]


def test_a_damaged_file_points_at_its_backups_and_they_bring_it_back(
    community: Run, home: Path
) -> None:
    live = home / "test-cop.json"
    good = json.loads(community("member", "list", "--json").output)
    live.write_bytes(live.read_bytes()[:-40])  # cut short, as a crash in an editor would
    result = community("member", "list")
    assert result.exit_code == 1 and "not a readable copkit file" in result.output
    assert "`copkit --community test-cop restore --list`" in result.output
    listing = community("restore", "--list")
    assert listing.exit_code == 0 and " 1  " in listing.output
    assert community("restore", "--from", "1").exit_code == 0
    assert json.loads(community("member", "list", "--json").output) == good
    after = json.loads(community("restore", "--list", "--json").output)
    assert "problem" in after[0] and "members" in after[1]  # the damaged version, kept as 1


def test_without_backups_a_damaged_file_does_not_promise_any(run: Run, home: Path) -> None:
    assert run("init", "North CoP", "--domain", "Supervision").exit_code == 0
    (home / "north-cop.json").write_bytes(b"[]")
    result = run("member", "list")
    assert result.exit_code == 1 and "not a copkit community file" in result.output
    assert "restore" not in result.output


# --- a mistyped command ---------------------------------------------------------------------------


def test_a_mistyped_command_suggests_the_nearest_one(run: Run) -> None:
    result = run("memebr", "list")
    assert result.exit_code == 2
    assert "No such command 'memebr'. Did you mean 'member'?" in result.output
    assert "Did you mean" not in run("xyzzy").output
