"""The audit trail (issue 20): PostgreSQL keeps who changed which community when, and
`copkit log` shows it. Real logins in a throwaway cluster (tests/postgres.py)."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import psycopg
import pytest
from test_database_grants import copkit, login, ok


@pytest.fixture
def started(pg_home: str) -> str:
    ok(pg_home, "init", "Test CoP", "--domain", "Supervision")
    ok(pg_home, "member", "add", "Ann Lee", "--email", "ann@example.org")
    ok(pg_home, "init", "Other CoP", "--domain", "Other")
    ok(pg_home, "--community", "other-cop", "member", "add", "Cy Dee", "--email", "cy@x.org")
    return pg_home


def trail(url: str, *args: str, slug: str = "test-cop") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = orjson.loads(
        ok(url, "--community", slug, "log", "--json", *args).stdout
    )
    return found


def test_each_command_is_one_entry_naming_the_login_and_the_records(
    pg_cluster: Any, started: str
) -> None:
    bea, as_bea = login(pg_cluster, started, "bea")
    ok(started, "home", "grant", "test-cop", bea)
    ok(as_bea, "member", "add", "Bo Chan", "--email", "bo@example.org")
    ok(as_bea, "member", "edit", "Ann", "--level", "core")
    ok(started, "--community", "test-cop", "member", "forget", "Bo Chan", "--yes")
    entries = trail(as_bea)
    assert [(e["login"], e["command"], e["changes"]) for e in entries] == [
        ("copkit_test", "init", [{"action": "added", "kind": "community", "record": "community"}]),
        ("copkit_test", "member add", [{"action": "added", "kind": "members", "record": "m1"}]),
        (bea, "member add", [{"action": "added", "kind": "members", "record": "m2"}]),
        (bea, "member edit", [{"action": "changed", "kind": "members", "record": "m1"}]),
        (
            "copkit_test",
            "member forget",
            [
                {"action": "removed", "kind": "members", "record": "m2"},
                {"action": "added", "kind": "erased_identities", "record": "ei1"},
                {"action": "added", "kind": "erased_identities", "record": "ei2"},
            ],
        ),
    ]  # within one command, in the order the rows were written
    assert all(e["at"].endswith("Z") for e in entries)
    text = ok(as_bea, "--community", "test-cop", "log").stdout.splitlines()
    assert text[2].endswith(f"UTC  {bea}  member add: added member m2")
    assert text[3].endswith("member edit: changed member m1")
    with psycopg.connect(started) as conn:  # the trail names no one, not even before forget
        kept = conn.execute("SELECT * FROM copkit_audit").fetchall()
    assert "Bo" not in repr(kept) and "example.org" not in repr(kept)
    assert trail(as_bea, "--since", "2999-01-01") == []
    later = ok(as_bea, "--community", "test-cop", "log", "--since", "2999-01-01")
    assert later.stdout == "" and "No changes recorded since 2999-01-01." in later.stderr


def test_nobody_changes_the_trail_and_each_reads_only_their_communities(
    pg_cluster: Any, started: str
) -> None:
    bea, as_bea = login(pg_cluster, started, "bea")
    ok(started, "home", "grant", "test-cop", bea, "--read-only")
    assert len(trail(as_bea)) == 2  # a read-only login reads it
    refused = copkit(as_bea, "--community", "other-cop", "log")
    assert refused.exit_code == 1 and "no community 'other-cop'" in refused.output
    with psycopg.connect(as_bea, autocommit=True) as conn:
        slugs = conn.execute("SELECT DISTINCT slug FROM copkit_audit").fetchall()
        assert slugs == [("test-cop",)]
        for statement in (
            "INSERT INTO copkit_audit (slug, kind, number, action) "
            "VALUES ('test-cop', 'members', 9, 'added')",
            "UPDATE copkit_audit SET login = 'someone'",
            "DELETE FROM copkit_audit",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(started, autocommit=True) as conn:  # not even the owner
        for statement in ("UPDATE copkit_audit SET login = 'someone'", "DELETE FROM copkit_audit"):
            with pytest.raises(psycopg.errors.RaiseException, match="kept as written"):
                conn.execute(statement)
    assert len(trail(started)) == 2


def test_a_login_name_is_shown_escaped(pg_cluster: Any, started: str) -> None:
    odd = f"bea\x1b[2J{uuid.uuid4().hex[:6]}"
    with psycopg.connect(started, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{odd}\" LOGIN PASSWORD 'pw'")
    ok(started, "home", "grant", "test-cop", odd)
    database = started.rsplit("/", 1)[1]
    as_odd = f"host=127.0.0.1 port={pg_cluster.port} dbname={database} password=pw"
    with psycopg.connect(as_odd, user=odd) as conn:  # its own change, written with plain SQL
        conn.execute(
            'UPDATE copkit_records SET doc = doc || \'{"level": "core"}\' '
            "WHERE slug = 'test-cop' AND kind = 'members'"
        )
    shown = ok(started, "--community", "test-cop", "log").stdout
    assert "\x1b" not in shown and "bea\\x1b[2J" in shown
    assert shown.splitlines()[-1].endswith("  changed member m1")  # no command: plain SQL


def test_a_folder_home_has_no_trail_and_says_so(run: Any) -> None:
    assert run("init", "Test CoP", "--domain", "Supervision").exit_code == 0
    result = run("log")
    assert result.exit_code == 1 and "is a folder: the audit trail is kept" in result.output
