"""A database home's layout (issue 20): a home set up by an older copkit is brought forward by
`copkit home setup`, its communities kept; one set up by a newer copkit is refused, untouched."""

from __future__ import annotations

from typing import Any

import orjson
import psycopg
import pytest
from test_database_grants import copkit, login, names, ok

from copkit.storage.pg_layout import LAYOUT_VERSION

LAYOUT_3 = (
    "DROP TABLE copkit_audit, copkit_summaries, copkit_overviewers",
    "DROP FUNCTION copkit_audit_row, copkit_audit_kept, copkit_sees_overview CASCADE",
)


def started(url: str) -> str:
    ok(url, "init", "Test CoP", "--domain", "Supervision")
    ok(url, "member", "add", "Ann Lee", "--email", "ann@example.org")
    ok(url, "member", "add", "Bo Chan", "--email", "bo@example.org")
    return url


def test_a_home_of_layout_2_is_refused_until_setup_brings_it_forward(
    pg_cluster: Any, pg_home: str
) -> None:
    assert LAYOUT_VERSION == 4
    started(pg_home)
    bea, as_bea = login(pg_cluster, pg_home, "bea")
    ok(pg_home, "home", "grant", "test-cop", bea)
    with psycopg.connect(pg_home) as conn:  # layout 2: grants, no overview logins nor trail
        for statement in LAYOUT_3:
            conn.execute(statement)
        conn.execute("UPDATE copkit_home SET value = '2' WHERE key = 'layout'")
        conn.execute(f'REVOKE ALL ON copkit_records FROM "{bea}"')  # as layout 2 granted
        conn.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON copkit_records TO "{bea}"')
    refused = copkit(pg_home, "member", "list")
    assert refused.exit_code == 1 and "older copkit (layout 2)" in refused.output
    assert "Brought the copkit home" in ok(pg_home, "home", "setup", pg_home).output
    assert names(pg_home, "test-cop") == ["Ann Lee", "Bo Chan"]
    ok(pg_home, "member", "add", "Cy Dee", "--email", "cy@example.org")
    with psycopg.connect(pg_home) as conn:  # the trail runs from the first change after
        trail = conn.execute("SELECT kind, number, action FROM copkit_audit").fetchall()
        layout = conn.execute("SELECT value FROM copkit_home WHERE key = 'layout'").fetchone()
    assert trail == [("members", 3, "added")] and layout == (4,)
    # a login granted before reads the trail too: setup gave it what layout 3 grants
    log = ok(as_bea, "log").stdout
    assert log.endswith("copkit_test  member add: added member m3\n")


def test_a_home_of_layout_3_keeps_its_overview_login_from_the_members_digests(
    pg_cluster: Any, pg_home: str
) -> None:
    started(pg_home)
    nat, as_nat = login(pg_cluster, pg_home, "nat")
    ok(pg_home, "home", "grant", "--overview", nat)
    with psycopg.connect(pg_home) as conn:  # layout 3: summaries whole, read by the owner's
        conn.execute("ALTER TABLE copkit_summaries DROP COLUMN people, DROP COLUMN changed")
        conn.execute("DROP FUNCTION copkit_overview()")
        conn.execute(f'GRANT SELECT ON copkit_summaries TO "{nat}"')  # as layout 3 granted
        conn.execute("UPDATE copkit_home SET value = '3' WHERE key = 'layout'")
    assert copkit(as_nat, "overview").exit_code == 1
    ok(pg_home, "home", "setup", pg_home)
    ok(pg_home, "member", "add", "Cy Dee", "--email", "cy@example.org")
    rows = orjson.loads(ok(as_nat, "overview", "--json").stdout)
    assert [(r["slug"], r["members"]) for r in rows] == [("test-cop", 3)]
    with psycopg.connect(as_nat) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT people FROM copkit_summaries")


def test_a_home_of_a_newer_layout_is_refused_and_left_untouched(pg_home: str) -> None:
    started(pg_home)
    newer = LAYOUT_VERSION + 1
    with psycopg.connect(pg_home) as conn:
        conn.execute("UPDATE copkit_home SET value = %s WHERE key = 'layout'", (str(newer),))
        before = conn.execute("SELECT count(*) FROM copkit_records").fetchone()
    for args in (("member", "list"), ("home", "setup", pg_home)):
        refused = copkit(pg_home, *args)
        assert refused.exit_code == 1 and f"newer copkit (layout {newer}" in refused.output
    with psycopg.connect(pg_home) as conn:
        assert conn.execute("SELECT count(*) FROM copkit_records").fetchone() == before
        layout = conn.execute("SELECT value FROM copkit_home WHERE key = 'layout'").fetchone()
        assert layout == (newer,)
