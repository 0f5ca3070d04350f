"""A home a team shares: communities in a real PostgreSQL database (issue 20).

Every test here runs against a throwaway cluster (tests/postgres.py, the ``pg_cluster``
fixture), never a mock; the tour runs on both kinds of home (``run_in``) and must print the
same. Skipped, saying why, where PostgreSQL cannot be started (never in CI).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import orjson
import psycopg
import pytest
from click.testing import CliRunner
from conftest import Run

from copkit.cli import cli
from copkit.errors import CopkitError, StoreError
from copkit.model import Member
from copkit.storage.postgres import display_url
from copkit.storage.store import SCHEMA_VERSION

TOUR = [
    ("init", "Test CoP", "--domain", "Reflective supervision", "--gardener", "Ann Lee",
     "--gardener-email", "ann@example.org", "--sponsor", "Dr Price"),
    ("member", "add", "Ann Lee", "--email", "ann@example.org", "--level", "core",
     "--org", "Riverside", "--joined", "2025-01-01"),
    ("member", "add", "Bo Chan", "--email", "bo@example.org", "--level", "active",
     "--joined", "2025-01-01"),
    ("member", "add", "Cy Dee", "--email", "cy@example.org", "--joined", "2025-01-01"),
    ("space", "add", "Circle", "--private", "--platform", "Teams"),
    ("rhythm", "add", "Supervision circle", "--space", "Circle",
     "--every", "every 4 weeks on Tuesday 14:00", "--start", "2026-09-08"),
    ("meeting", "record", "--space", "Circle", "--on", "2026-11-10T14:00",
     "--attended", "Ann,Bo", "--topic", "A hard case", "--proposed-by", "Ann"),
    ("member", "edit", "Cy", "--level", "active"),
    ("member", "list", "--json"),
    ("meeting", "list", "--json"),
    ("health", "--format", "json"),
    ("communities", "--json"),
]  # fmt: skip


def tour(run: Run) -> list[str]:
    """The tour's outputs, with the home's own name taken out of them."""
    outputs = []
    for step in TOUR:
        result = run(*step)
        assert result.exit_code == 0, (step, result.output)
        outputs.append(result.stdout if "--json" in step or "json" in step else "")
    return outputs


@pytest.fixture(scope="module")
def folder_tour(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    home = tmp_path_factory.mktemp("folder-tour")
    return tour(lambda *args: CliRunner().invoke(cli, ["--home", str(home), *args]))


def test_the_tour_prints_the_same_on_both_kinds_of_home(
    run_in: Run, folder_tour: list[str]
) -> None:
    assert tour(run_in) == folder_tour
    assert orjson.loads(folder_tour[-4])[0]["name"] == "Ann Lee"  # the listings said something


def test_a_database_home_keeps_records_as_rows_of_the_files_json(pg_home: str) -> None:
    run = CliRunner()
    for step in TOUR[:4]:
        assert run.invoke(cli, ["--home", pg_home, *step]).exit_code == 0
    with psycopg.connect(pg_home) as conn:
        rows = conn.execute(
            "SELECT kind, number, doc FROM copkit_records WHERE slug = 'test-cop' "
            "AND kind = %s ORDER BY number",
            (Member.TABLE,),
        ).fetchall()
        schema = conn.execute("SELECT schema FROM copkit_communities").fetchone()
    assert [(kind, number, doc["name"]) for kind, number, doc in rows] == [
        (Member.TABLE, 1, "Ann Lee"),
        (Member.TABLE, 2, "Bo Chan"),
        (Member.TABLE, 3, "Cy Dee"),
    ]
    assert schema == (SCHEMA_VERSION,)


@pytest.fixture
def started(pg_home: str) -> str:
    for step in TOUR[:4]:
        result = CliRunner().invoke(cli, ["--home", pg_home, *step])
        assert result.exit_code == 0, result.output
    return pg_home


def names(url: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--home", url, "member", "list", "--json"])
    assert result.exit_code == 0, result.output
    return [m["name"] for m in orjson.loads(result.stdout)]


def test_a_failed_command_changes_nothing(started: str) -> None:
    from copkit import community_store, records

    store = community_store(home=started)
    with pytest.raises(RuntimeError), store.write() as session:
        records.add_member(session, Member(name="Dee Fox", email="dee@example.org"))
        raise RuntimeError("the command failed half-way")
    assert names(started) == ["Ann Lee", "Bo Chan", "Cy Dee"]


def test_a_connection_dropped_mid_command_leaves_the_community_as_it_was(started: str) -> None:
    from copkit import community_store, records

    store = community_store(home=started)
    with (
        pytest.raises(StoreError, match="lost the connection") as caught,
        store.write() as session,
    ):
        records.add_member(session, Member(name="Dee Fox", email="dee@example.org"))
        with psycopg.connect(started, autocommit=True) as other:
            other.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'copkit' AND pid <> pg_backend_pid()"
            )
    assert "nothing was changed" in str(caught.value)
    assert names(started) == ["Ann Lee", "Bo Chan", "Cy Dee"]


def test_ids_are_never_reused_after_a_member_is_forgotten(started: str) -> None:
    run = CliRunner()
    assert run.invoke(cli, ["--home", started, "member", "forget", "Cy", "--yes"]).exit_code == 0
    added = run.invoke(
        cli, ["--home", started, "member", "add", "Dee Fox", "--email", "dee@example.org"]
    )
    assert added.exit_code == 0, added.output
    listing = orjson.loads(run.invoke(cli, ["--home", started, "member", "list", "--json"]).stdout)
    assert [(m["id"], m["name"]) for m in listing] == [
        ("m1", "Ann Lee"),
        ("m2", "Bo Chan"),
        ("m4", "Dee Fox"),
    ]


def test_a_community_of_a_newer_schema_is_refused_and_left_untouched(started: str) -> None:
    with psycopg.connect(started) as conn:
        conn.execute("UPDATE copkit_communities SET schema = %s", (SCHEMA_VERSION + 1,))
    result = CliRunner().invoke(
        cli, ["--home", started, "member", "add", "Dee Fox", "--email", "dee@example.org"]
    )
    assert result.exit_code == 1
    assert "newer copkit" in result.output and "left untouched" in result.output
    with psycopg.connect(started) as conn:
        count = conn.execute("SELECT count(*) FROM copkit_records WHERE kind = 'members'")
        assert count.fetchone() == (3,)


def test_a_community_of_an_older_schema_is_migrated_at_its_next_write(started: str) -> None:
    with psycopg.connect(started) as conn:  # schema 2 had no erased identities: the same rows
        conn.execute("UPDATE copkit_communities SET schema = 2")
    assert names(started) == ["Ann Lee", "Bo Chan", "Cy Dee"]  # read, migrated in memory
    with psycopg.connect(started) as conn:
        assert conn.execute("SELECT schema FROM copkit_communities").fetchone() == (2,)
    added = CliRunner().invoke(
        cli, ["--home", started, "member", "add", "Dee", "--email", "dee@example.org"]
    )
    assert added.exit_code == 0, added.output
    with psycopg.connect(started) as conn:
        assert conn.execute("SELECT schema FROM copkit_communities").fetchone() == (SCHEMA_VERSION,)


WORKER = """
import sys, time
from pathlib import Path
from copkit.cli import cli
url, worker, count, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.01)
for n in range(count):
    cli.main(["--home", url, "member", "add", f"Worker{worker} Person{n}",
              "--email", f"w{worker}.p{n}@example.org"], prog_name="copkit", standalone_mode=False)
"""


def test_eight_gardeners_adding_fifty_members_each_at_once_lose_nothing(
    started: str, tmp_path: Path
) -> None:
    workers, each = 8, 50
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, started, str(w), str(each), str(go)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    time.sleep(0.3)
    go.touch()
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * workers, errors
    listing = orjson.loads(
        CliRunner().invoke(cli, ["--home", started, "member", "list", "--json"]).stdout
    )
    wanted = {f"w{w}.p{n}@example.org" for w in range(workers) for n in range(each)}
    assert wanted <= {m["email"] for m in listing}  # 400 of 400 kept
    assert len(listing) == len(wanted) + 3
    assert len({m["id"] for m in listing}) == len(listing)
    with psycopg.connect(started) as conn:  # each write in the trail, 3 versions kept
        added = conn.execute(
            "SELECT count(DISTINCT txid) FROM copkit_audit WHERE kind = 'members' "
            "AND action = 'added'"
        ).fetchone()
        kept = conn.execute("SELECT count(*) FROM copkit_versions").fetchone()
    assert added == (len(listing),) and kept == (3,)


def test_setup_twice_changes_nothing_and_an_unprepared_database_says_how(
    pg_cluster: object,
) -> None:
    url = pg_cluster.new_database()  # type: ignore[attr-defined]
    result = CliRunner().invoke(cli, ["--home", url, "member", "list"])
    assert result.exit_code == 1
    assert "not a copkit home yet" in result.output and "copkit home setup" in result.output
    first = CliRunner().invoke(cli, ["home", "setup", url])
    assert first.exit_code == 0 and "Set up a copkit home" in first.output
    again = CliRunner().invoke(cli, ["home", "setup", url])
    assert again.exit_code == 0 and "already a copkit home" in again.output
    empty = CliRunner().invoke(cli, ["--home", url, "communities"])
    assert empty.exit_code == 0 and "No communities yet" in empty.output


def test_a_server_that_is_down_or_refuses_is_one_line_and_no_password_is_shown(
    pg_home: str,
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = f"postgresql://amara:s3cret-pw@127.0.0.1:{port}/copkit"
    result = CliRunner().invoke(cli, ["--home", down, "member", "list"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot open the copkit home postgresql://amara@")
    assert len(result.output.strip().splitlines()) == 1
    assert "s3cret" not in result.output
    refused = pg_home.replace("copkit_test@", "nobody:s3cret-pw@")
    result = CliRunner().invoke(cli, ["--home", refused, "member", "list"])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "s3cret" not in result.output and "nobody" in result.output


def test_display_url_never_shows_a_password() -> None:
    shown = display_url("postgresql://amara:pw@db.example.org:5433/copkit?sslmode=require")
    assert shown == "postgresql://amara@db.example.org:5433/copkit"
    assert display_url("postgresql:///copkit?service=team") == "postgresql:///copkit?service=team"


def test_the_python_api_opens_a_database_home(started: str) -> None:
    import copkit

    data = copkit.open_community(home=started)
    assert [m.name for m in data.members] == ["Ann Lee", "Bo Chan", "Cy Dee"]
    with pytest.raises(CopkitError, match="no community 'elsewhere'"):
        copkit.open_community("elsewhere", home=started)
