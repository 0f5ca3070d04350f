"""The community file: private, written whole or not at all, never guessed at.

A gardener's file holds personal data of public-sector staff and a year of meeting records. These
tests check what they would notice: who can read it, that a crash or a bad file costs nothing,
and that two terminals (or a cron job and a person) writing at once lose nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from click.testing import Result

from copkit.errors import StoreError
from copkit.model import Community, Member
from copkit.storage.store import SCHEMA_VERSION, Store, file_mode

PYTHON = sys.executable
Run = Callable[..., Result]


def community_file(home: Path) -> Path:
    files = [p for p in home.glob("*.json") if p.name != "config.json"]
    assert len(files) == 1, files
    return files[0]


def leftovers(home: Path) -> list[str]:
    """Temporary files anywhere in the home: an interrupted write must not leave any."""
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if ".tmp" in p.name)


def assert_refused(result, path: Path, before: bytes) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


# --- privacy ----------------------------------------------------------------------------------


def test_new_community_file_and_config_are_owner_only(run: Run, home: Path) -> None:
    old_umask = os.umask(0)  # even a careless umask must not make the file world-readable
    try:
        assert run("init", "Test CoP", "--domain", "Supervision").exit_code == 0
    finally:
        os.umask(old_umask)
    path = community_file(home)
    assert file_mode(path) == 0o600
    assert file_mode(home / "config.json") == 0o600


def test_file_stays_owner_only_after_writes(community: Run, home: Path) -> None:
    path = community_file(home)
    os.chmod(path, 0o644)  # e.g. restored from a backup with loose permissions
    assert community("member", "add", "Di Eve", "--email", "di@example.org").exit_code == 0
    assert file_mode(path) == 0o600


# --- atomic writes ----------------------------------------------------------------------------


def test_failure_inside_a_write_session_leaves_the_file_untouched(
    community: Run, home: Path
) -> None:
    path = community_file(home)
    before = path.read_bytes()
    with pytest.raises(RuntimeError), Store(path).write() as session:
        session.add(Member("Di Eve", "di@example.org"))
        raise RuntimeError("the command failed half-way")
    assert path.read_bytes() == before
    assert leftovers(home) == []


def test_disk_failure_while_saving_leaves_the_old_file_and_no_temp_file(
    community: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = community_file(home)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", disk_full)
        with pytest.raises(StoreError, match="No space left"), Store(path).write() as session:
            session.add(Member("Di Eve", "di@example.org"))
        assert path.read_bytes() == before
        assert leftovers(home) == []
        result = community("member", "add", "Di Eve", "--email", "di@example.org")
        assert_refused(result, path, before)  # a one-line message, not a traceback
        assert "No space left on device" in result.stderr
        assert leftovers(home) == []
    # once there is room again, the file still works
    assert community("member", "add", "Di Eve", "--email", "di@example.org").exit_code == 0


def test_read_only_commands_and_refused_commands_do_not_rewrite(community: Run, home: Path) -> None:
    path = community_file(home)
    before = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    assert community("member", "list", "--json").exit_code == 0
    assert community("member", "add", "Ann Again", "--email", "ann@example.org").exit_code == 1
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stamp


# --- corrupt and newer files ------------------------------------------------------------------

CORRUPT = {
    "truncated JSON": None,  # filled in from a real file below
    "random bytes": bytes(range(256)) * 3,
    "empty file": b"",
    "a JSON list": b"[1, 2, 3]",
    "a plain TinyDB file": b'{"_default": {"1": {"name": "Ann"}}}',
    "an address book": b'{"contacts": [{"name": "Ann", "email": "ann@example.org"}]}',
    "a broken copkit header": b'{"_copkit": [], "community": {}}',
    "no community record": b'{"_copkit": {"1": {"schema": 1, "next": {}}}, "community": {}}',
    "a table that is a list": (
        b'{"_copkit": {"1": {"schema": 1, "next": {}}}, "community": {"1": {"slug": "t",'
        b' "name": "T", "domain": "d"}}, "members": [1, 2]}'
    ),
}


@pytest.mark.parametrize("kind", list(CORRUPT))
@pytest.mark.parametrize(
    "command",
    [
        ("member", "list"),
        ("member", "add", "Di Eve", "--email", "di@example.org"),
        ("space", "add", "Garden", "--public"),
    ],
    ids=["read", "add member", "add space"],
)
def test_corrupt_file_is_refused_clearly_and_left_byte_identical(
    community: Run, home: Path, kind: str, command: tuple[str, ...]
) -> None:
    path = community_file(home)
    content = CORRUPT[kind]
    if content is None:
        content = path.read_bytes()[:-40]
    path.write_bytes(content)
    result = community(*command)
    assert_refused(result, path, content)
    assert path.name in result.stderr
    assert result.stderr.count("\n") == 1  # one line, a person's message
    assert leftovers(home) == []


def test_damaged_member_record_is_refused_not_a_traceback(community: Run, home: Path) -> None:
    path = community_file(home)
    document = orjson.loads(path.read_bytes())
    del document["members"]["2"]["email"]  # a hand edit gone wrong
    damaged = orjson.dumps(document)
    path.write_bytes(damaged)
    for command in [
        ("member", "list"),
        ("member", "add", "Di Eve", "--email", "di@example.org"),
    ]:
        assert_refused(community(*command), path, damaged)


def test_file_from_a_newer_copkit_is_refused_and_left_untouched(community: Run, home: Path) -> None:
    path = community_file(home)
    document = orjson.loads(path.read_bytes())
    document["_copkit"]["1"]["schema"] = SCHEMA_VERSION + 1
    newer = orjson.dumps(document)
    path.write_bytes(newer)
    for command in [
        ("member", "list", "--json"),
        ("member", "add", "Di Eve", "--email", "di@example.org"),
    ]:
        result = community(*command)
        assert_refused(result, path, newer)
        assert "newer copkit" in result.stderr
        assert "upgrade" in result.stderr


@pytest.mark.parametrize("schema", [0, -1, True])
def test_file_with_an_impossible_schema_is_refused_and_left_untouched(
    community: Run, home: Path, schema: object
) -> None:
    path = community_file(home)
    document = orjson.loads(path.read_bytes())
    document["_copkit"]["1"]["schema"] = schema
    damaged = orjson.dumps(document)
    path.write_bytes(damaged)
    for command in [("member", "list"), ("member", "add", "Di Eve", "--email", "di@example.org")]:
        result = community(*command)
        assert_refused(result, path, damaged)
        assert "not a copkit community file" in result.stderr


# --- records that do not fit together ---------------------------------------------------------


@pytest.fixture
def linked(community: Run) -> Run:
    """The small community with a rhythm, a held meeting with a proposed topic, and a story."""
    steps = [
        ("rhythm", "add", "Monthly circle", "--space", "Circle", "--every",
         "monthly on the 2nd Tuesday at 14:00", "--start", "2026-01-13", "--duration", "90m"),
        ("meeting", "record", "--rhythm", "Monthly circle", "--on", "2026-02-10",
         "--attended", "Ann,Bo", "--topic", "Chronologies", "--proposed-by", "Bo"),
        ("story", "add", "Bo changed how supervision opens", "--member", "Bo"),
    ]  # fmt: skip
    for step in steps:
        result = community(*step)
        assert result.exit_code == 0, result.output
    return community


def _only(table: dict) -> dict:
    assert len(table) == 1
    return next(iter(table.values()))


#: A hand edit gone wrong, and the record id the refusal must name.
DAMAGE: dict[str, tuple[Callable[[dict], None], str]] = {
    "rhythm on a missing space": (lambda d: _only(d["rhythms"]).update(space_id="s99"), "r1"),
    "meeting on a missing space": (lambda d: _only(d["meetings"]).update(space_id="s99"), "mt1"),
    "meeting of a missing rhythm": (
        lambda d: _only(d["meetings"]).update(rhythm_id="r99"),
        "mt1",
    ),
    "unusable rule": (lambda d: _only(d["rhythms"]).update(rrule="FREQ=BOGUS"), "r1"),
    "rule that never ends a loop": (
        lambda d: _only(d["rhythms"]).update(rrule="FREQ=WEEKLY;INTERVAL=0"),
        "r1",
    ),
    "rule dateutil cannot read as stored": (
        lambda d: _only(d["rhythms"]).update(rrule="FREQ=MONTHLY; BYDAY=2TU"),
        "r1",
    ),
    "unknown attendee": (lambda d: _only(d["meetings"]).update(attendees=["m1", "m99"]), "mt1"),
    "unknown topic proposer": (
        lambda d: _only(d["meetings"])["topics"][0].update(proposed_by="m99"),
        "mt1",
    ),
    "story about an unknown member": (
        lambda d: _only(d["stories"]).update(member_id="m99"),
        "st1",
    ),
    "two members with one email": (
        lambda d: d["members"]["2"].update(email="ann@example.org"),
        "m2",
    ),
    "record stored under another id": (lambda d: d["members"]["2"].update(id="m3"), "m3"),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_records_that_do_not_fit_together_are_refused_naming_the_record(
    linked: Run, home: Path, kind: str
) -> None:
    path = community_file(home)
    assert linked("rhythm", "list").exit_code == 0
    damage, record = DAMAGE[kind]
    document = orjson.loads(path.read_bytes())
    damage(document)
    damaged = orjson.dumps(document)
    path.write_bytes(damaged)
    for command in [
        ("rhythm", "list"),
        ("meeting", "list", "--json"),
        ("member", "add", "Di Eve", "--email", "di@example.org"),
    ]:
        result = linked(*command)
        assert_refused(result, path, damaged)
        assert record in result.stderr
        assert path.name in result.stderr
        assert result.stderr.count("\n") == 1


# --- ids ----------------------------------------------------------------------------------------


def test_ids_are_never_reused_after_a_member_is_forgotten(community: Run) -> None:
    def ids() -> dict[str, str]:
        listing = orjson.loads(community("member", "list", "--json").stdout)
        return {m["email"]: m["id"] for m in listing}

    before = ids()
    cy_id = before["cy@example.org"]
    assert community("member", "forget", "cy@example.org", "--yes").exit_code == 0
    assert community("member", "add", "Di Eve", "--email", "di@example.org").exit_code == 0
    assert community("member", "add", "Cy Dee", "--email", "cy@example.org").exit_code == 0
    after = ids()
    assert after["di@example.org"] not in before.values()
    assert after["cy@example.org"] != cy_id  # a returning person is a new record
    assert len(set(after.values())) == len(after)


# --- the lock ---------------------------------------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from filelock import FileLock
    from pathlib import Path
    with FileLock(sys.argv[1]):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
        Path(sys.argv[3]).touch()  # about to let go
    """
)


def hold_lock(store: Store, seconds: float) -> subprocess.Popen[str]:
    """Another process (another terminal, a cron job) holding the community's lock.

    Just before it lets go it creates ``<lock>.released``, so a test can tell whether a writer
    really waited for it.
    """
    released = store.lock_path.with_name(store.lock_path.name + ".released")
    holder = subprocess.Popen(
        [PYTHON, "-c", HOLD_LOCK, str(store.lock_path), str(seconds), str(released)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_writer_waits_for_another_process_then_gives_a_clear_error(
    community: Run, home: Path
) -> None:
    path = community_file(home)
    before = path.read_bytes()
    holder = hold_lock(Store(path), 30)
    try:
        started = time.monotonic()
        with (
            pytest.raises(StoreError, match="being changed by another copkit"),
            Store(path, lock_timeout=0.3).write() as session,
        ):
            session.add(Member("Di Eve", "di@example.org"))
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.wait()
    assert path.read_bytes() == before


def test_locked_file_through_the_cli_is_a_one_line_error(
    community: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = community_file(home)
    before = path.read_bytes()
    monkeypatch.setitem(Store.__init__.__kwdefaults__, "lock_timeout", 0.2)
    holder = hold_lock(Store(path), 30)
    try:
        result = community("member", "add", "Di Eve", "--email", "di@example.org")
        # reading needs no lock: a gardener can still look while another copkit writes
        assert community("member", "list", "--json").exit_code == 0
    finally:
        holder.kill()
        holder.wait()
    assert_refused(result, path, before)
    assert "try again" in result.stderr


def test_writer_waits_its_turn_and_then_succeeds(community: Run, home: Path) -> None:
    path = community_file(home)
    store = Store(path, lock_timeout=10)
    holder = hold_lock(store, 0.3)
    try:
        with store.write() as session:
            # inside the session only once the other process has let go
            assert store.lock_path.with_name(store.lock_path.name + ".released").exists()
            session.add(Member("Di Eve", "di@example.org"))
    finally:
        holder.wait()
    with Store(path).read() as session:
        assert "di@example.org" in {m.email for m in session.all(Member)}


# --- concurrency --------------------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from copkit.cli import cli

    home, worker, count, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():  # start together, so the writes really overlap
        time.sleep(0.005)
    for n in range(count):
        cli.main(
            ["--home", home, "member", "add", f"Worker{worker} Person{n}",
             "--email", f"w{worker}.p{n}@example.org"],
            prog_name="copkit", standalone_mode=False,
        )
    """
)


def test_concurrent_processes_adding_members_lose_nothing(
    community: Run, home: Path, tmp_path: Path
) -> None:
    workers, each = 6, 6
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [PYTHON, "-c", WORKER, str(home), str(w), str(each), str(go)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    time.sleep(0.3)  # let every interpreter start and wait at the line
    go.touch()
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * workers, errors

    listing = orjson.loads(community("member", "list", "--json").stdout)
    emails = {m["email"] for m in listing}
    wanted = {f"w{w}.p{n}@example.org" for w in range(workers) for n in range(each)}
    assert wanted <= emails  # no lost update
    assert len(listing) == len(wanted) + 3  # plus Ann, Bo and Cy from the fixture
    assert len({m["id"] for m in listing}) == len(listing)
    assert file_mode(community_file(home)) == 0o600
    assert leftovers(home) == []


def test_concurrent_copkit_commands_lose_nothing(community: Run, home: Path) -> None:
    """The same as a gardener would do it: several `copkit member add` at once."""
    people = [(f"Parallel Person{n}", f"parallel{n}@example.org") for n in range(6)]
    procs = [
        subprocess.Popen(
            [PYTHON, "-m", "copkit", "--home", str(home), "member", "add", name, "--email", email],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, email in people
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), outputs
    listing = orjson.loads(community("member", "list", "--json").stdout)
    assert {email for _, email in people} <= {m["email"] for m in listing}


def test_store_create_refuses_to_overwrite(community: Run, home: Path) -> None:
    path = community_file(home)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="already exists"):
        Store.create(path, Community(slug="test-cop", name="Another", domain="d"))
    assert path.read_bytes() == before
