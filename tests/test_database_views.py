"""The analysts' read-only views of a database home (issue 20): plain SQL a reporting tool can
point at, each login seeing only its communities (row-level security still holds)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from test_database_grants import login, ok


@pytest.fixture
def two(pg_home: str) -> str:
    ok(pg_home, "init", "Test CoP", "--domain", "Supervision")
    ok(pg_home, "member", "add", "Ann Lee", "--email", "ann@example.org", "--level", "core",
       "--joined", "2025-01-01")  # fmt: skip
    ok(pg_home, "member", "add", "Bo Chan", "--email", "bo@example.org")
    ok(pg_home, "space", "add", "Circle", "--private", "--platform", "Teams")
    ok(pg_home, "meeting", "record", "--space", "Circle", "--on", "2026-11-10T14:00",
       "--attended", "Ann,Bo")  # fmt: skip
    ok(pg_home, "init", "Other CoP", "--domain", "Other")
    ok(pg_home, "--community", "other-cop", "member", "add", "Cy Dee", "--email", "cy@x.org")
    return pg_home


def test_a_login_reads_its_communities_through_the_views_and_changes_nothing(
    pg_cluster: Any, two: str
) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    ok(two, "home", "grant", "test-cop", bea)
    with psycopg.connect(as_bea, autocommit=True) as conn:
        communities = conn.execute("SELECT slug, name, domain FROM copkit_view_communities")
        assert communities.fetchall() == [("test-cop", "Test CoP", "Supervision")]
        members = conn.execute(
            "SELECT slug, id, name, email, level, joined::text FROM copkit_view_members ORDER BY id"
        ).fetchall()
        assert members[0] == ("test-cop", "m1", "Ann Lee", "ann@example.org", "core",
                              "2025-01-01")  # fmt: skip
        assert [m[2] for m in members] == ["Ann Lee", "Bo Chan"]  # not other-cop's Cy
        meetings = conn.execute("SELECT slug, id, status, attended FROM copkit_view_meetings")
        assert meetings.fetchall() == [("test-cop", "mt1", "held", 2)]
        for statement in (
            "DELETE FROM copkit_view_members",
            "UPDATE copkit_view_members SET slug = 'x'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    nat, as_nat = login(pg_cluster, two, "nat")
    ok(two, "home", "grant", "--overview", nat)
    with (  # an overview login reads no member through them either
        psycopg.connect(as_nat) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT count(*) FROM copkit_view_members")
    with psycopg.connect(two) as conn:
        everyone = conn.execute("SELECT count(*) FROM copkit_view_members").fetchone()
    assert everyone == (3,)
