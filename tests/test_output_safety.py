"""`-o FILE` never damages what is there: links, devices, FIFOs, planted temporary names."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

from conftest import Run

ICS_START = b"BEGIN:VCALENDAR"


def _read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    """A reader at the other end of a named pipe, as `cat fifo` would be."""

    def read() -> None:
        with open(fifo, "rb") as handle:
            into.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def _release(fifo: Path, reader: threading.Thread) -> None:
    """If nothing ever wrote to the FIFO, open it once so the reader thread can end."""
    if reader.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)


def test_a_link_is_written_through_and_stays_a_link(
    run: Run, example_home: Path, tmp_path: Path
) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    real = feeds / "riverside.ics"
    real.write_bytes(b"last week's feed")
    link = tmp_path / "calendar.ics"
    link.symlink_to(real)
    result = run("calendar", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.readlink() == real
    assert real.read_bytes().startswith(ICS_START)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in feeds.iterdir()) == ["riverside.ics"], "no temp file left"


def test_a_dangling_link_gets_its_target_written(
    run: Run, example_home: Path, tmp_path: Path
) -> None:
    real = tmp_path / "published" / "feed.ics"
    real.parent.mkdir()
    link = tmp_path / "feed.ics"
    link.symlink_to(real)
    assert run("calendar", "--public", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_bytes().startswith(ICS_START)


def test_a_device_behind_a_link_stays_a_device(
    run: Run, example_home: Path, tmp_path: Path
) -> None:
    quiet = tmp_path / "quiet.ics"
    quiet.symlink_to(os.devnull)
    result = run("calendar", "-o", str(quiet))
    assert result.exit_code == 0, result.output
    assert quiet.is_symlink()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_to_dev_null_leaves_it_a_device(run: Run, example_home: Path) -> None:
    """The reported case: as root, `calendar -o /dev/null` turned /dev/null into a file."""
    for args in (("calendar", "-o", os.devnull), ("export", "-o", os.devnull)):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert not list(Path(os.devnull).parent.glob(".null.*"))


def test_a_fifo_is_fed_not_replaced(run: Run, example_home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "feed.ics"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    try:
        result = run("calendar", "-o", str(fifo))
        reader.join(timeout=10)
    finally:
        _release(fifo, reader)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(ICS_START)


def test_dash_writes_the_product_to_stdout_and_the_confirmation_elsewhere(
    run: Run, example_home: Path
) -> None:
    result = run("calendar", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(ICS_START) and b"Wrote" not in result.stdout_bytes
    exported = run("export", "-o", "-")
    assert json.loads(exported.stdout)["community"]["slug"] == "riverside"
    assert not (Path.cwd() / "-").exists()


def test_dev_stdout_reaches_the_pipe_it_stands_for(example_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "copkit", "--home", str(example_home), "calendar"]
        + ["-o", "/dev/stdout"],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(ICS_START)
    assert b"Traceback" not in result.stderr


def test_a_link_planted_under_the_old_temporary_name_is_not_followed(
    run: Run, example_home: Path, tmp_path: Path
) -> None:
    """The old temporary name `.{name}.{pid}.tmp` could be guessed; a link there was followed."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"someone else's file")
    output = tmp_path / "feed.ics"
    planted = tmp_path / f".feed.ics.{os.getpid()}.tmp"
    planted.symlink_to(victim)
    result = run("calendar", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert victim.read_bytes() == b"someone else's file"
    assert not output.is_symlink() and output.read_bytes().startswith(ICS_START)


def test_a_link_to_a_community_file_is_refused(
    run: Run, example_home: Path, tmp_path: Path
) -> None:
    community_file = example_home / "riverside.json"
    before = community_file.read_bytes()
    disguised = tmp_path / "notes.md"
    disguised.symlink_to(community_file)
    result = run("health", "--format", "markdown", "-o", str(disguised))
    assert result.exit_code == 1 and "copkit keeps its own files" in result.output
    assert community_file.read_bytes() == before and disguised.is_symlink()


def test_a_regular_file_is_still_replaced_whole_and_private(
    run: Run, example_home: Path, tmp_path: Path
) -> None:
    output = tmp_path / "feed.ics"
    output.write_bytes(b"old")
    output.chmod(0o644)
    assert run("calendar", "-o", str(output)).exit_code == 0
    assert output.read_bytes().startswith(ICS_START)
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
