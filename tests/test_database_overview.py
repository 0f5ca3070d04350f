"""A national role sees the overview and no member (issue 20): `copkit home grant --overview
LOGIN`, enforced by the database, tested with a real second login that connects on its own."""

from __future__ import annotations

from typing import Any

import orjson
import psycopg
import pytest
from test_database_grants import copkit, login, ok


@pytest.fixture
def two(pg_home: str) -> str:
    """A home with two communities and a meeting ahead, as its owner made them."""
    ok(pg_home, "init", "Test CoP", "--domain", "Supervision")
    ok(pg_home, "member", "add", "Ann Lee", "--email", "ann@example.org", "--level", "core")
    ok(pg_home, "member", "add", "Bo Chan", "--email", "bo@example.org")
    ok(pg_home, "space", "add", "Circle", "--private", "--platform", "Teams")
    ok(pg_home, "rhythm", "add", "Circle", "--space", "Circle", "--every",
       "every 4 weeks on Tuesday 14:00", "--start", "2026-09-08")  # fmt: skip
    ok(pg_home, "init", "Other CoP", "--domain", "Other")
    ok(pg_home, "--community", "other-cop", "member", "add", "Ann Lee", "--email",
       "ann@example.org")  # fmt: skip
    return pg_home


def everything_readable(url: str) -> str:
    """All a login can read with plain SQL from every copkit table, as one text."""
    found = []
    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 'copkit_%' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            columns = conn.execute(
                "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                "WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped "
                "AND has_column_privilege(attrelid, attnum, 'SELECT')",
                (table,),
            ).fetchone()
            if columns is None or columns[0] is None:
                continue
            rows = conn.execute(f"SELECT {columns[0]} FROM {table}").fetchall()
            found.append(f"{table}: {rows!r}")
    return "\n".join(found)


def test_an_overview_login_sees_the_overview_and_no_member(pg_cluster: Any, two: str) -> None:
    nat, as_nat = login(pg_cluster, two, "nat")
    assert "may now read the overview" in ok(two, "home", "grant", "--overview", nat).output
    owners = orjson.loads(ok(two, "overview", "--json").stdout)
    theirs = orjson.loads(ok(as_nat, "overview", "--json").stdout)
    assert theirs == owners
    assert [(r["slug"], r["members"], r["shared_members"]) for r in theirs] == [
        ("other-cop", 1, 1),
        ("test-cop", 2, 1),
    ]
    assert theirs[1]["next_meeting"] == "2026-12-01T14:00:00+00:00"
    assert theirs[1]["shape"]["core"] == 1 and theirs[1]["signals"]
    assert "Test CoP" in ok(as_nat, "overview").stdout
    # the database holds the line, not copkit: plain SQL reads no record, name or address
    readable = everything_readable(as_nat)
    assert "copkit_summaries" in readable
    for secret in ("Ann", "Bo Chan", "example.org", "Supervision"):
        assert secret not in readable
    with psycopg.connect(as_nat) as conn:
        for table in ("copkit_records", "copkit_communities", "copkit_audit"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {table}")
            conn.rollback()
    refused = copkit(as_nat, "--community", "test-cop", "member", "list")
    assert refused.exit_code == 1 and "may read only the overview of" in refused.output
    assert len(refused.output.splitlines()) == 1


def test_the_overview_stays_current_as_people_write(pg_cluster: Any, two: str) -> None:
    nat, as_nat = login(pg_cluster, two, "nat")
    bea, as_bea = login(pg_cluster, two, "bea")
    ok(two, "home", "grant", "--overview", nat)
    ok(two, "home", "grant", "test-cop", bea)
    ok(as_bea, "member", "add", "Cy Dee", "--email", "cy@x.org")  # a gardener, not the owner
    kept = orjson.loads(ok(as_nat, "overview", "--json").stdout)
    assert [(r["slug"], r["members"], r["shared_members"]) for r in kept] == [
        ("other-cop", 1, 1),
        ("test-cop", 3, 1),
    ]
    ok(as_bea, "member", "add", "Ann Two", "--email", "cy2@x.org")
    ok(two, "-c", "other-cop", "member", "add", "Cy Dee", "--email", "cy@x.org")
    kept = orjson.loads(ok(as_nat, "overview", "--json").stdout)
    assert [(r["slug"], r["members"], r["shared_members"]) for r in kept] == [
        ("other-cop", 2, 2),  # Cy now in both: counted by the database, from digests
        ("test-cop", 4, 2),
    ]
    assert kept == orjson.loads(ok(two, "overview", "--json").stdout)  # the owner's, in full
    forgotten = ok(two, "-c", "other-cop", "member", "forget", "Cy Dee", "--yes")
    assert forgotten.exit_code == 0
    kept = orjson.loads(ok(as_nat, "overview", "--json").stdout)
    assert [(r["members"], r["shared_members"]) for r in kept] == [(1, 1), (4, 1)]
    with psycopg.connect(two) as conn:  # nothing of a forgotten person stays in the summaries
        people = conn.execute(
            "SELECT people FROM copkit_summaries WHERE slug = 'other-cop'"
        ).fetchone()
    assert people is not None and len(people[0]) == 1
    asked = copkit(as_nat, "overview", "--as-of", "2026-10-01")
    assert asked.exit_code == 1
    assert asked.output.endswith("kept as of 2026-11-25: it cannot look back to 2026-10-01\n")
    assert "had no overview" in ok(two, "home", "revoke", "--overview", "nobody").output
    assert "may no longer read the overview" in ok(two, "home", "revoke", "--overview", nat).output
    gone = copkit(as_nat, "overview")
    assert gone.exit_code == 1 and len(gone.output.splitlines()) == 1


def test_a_summary_of_an_earlier_day_is_said_and_the_owner_brings_it_to_today(
    pg_cluster: Any, two: str
) -> None:
    nat, as_nat = login(pg_cluster, two, "nat")
    ok(two, "home", "grant", "--overview", nat)
    with psycopg.connect(two) as conn:  # as if nobody had changed test-cop for a week
        conn.execute("UPDATE copkit_summaries SET day = '2026-11-18' WHERE slug = 'test-cop'")
    later = copkit(as_nat, "overview", "--json")
    assert later.exit_code == 0
    assert later.stderr == (
        "1 community of 2 shown as last read, the oldest on 2026-11-18, not 2026-11-25: their "
        "owner's `copkit overview` brings every one up to date\n"
    )
    ok(two, "overview")
    assert copkit(as_nat, "overview", "--json").stderr == ""
    with psycopg.connect(two) as conn:  # a write that kept no summary (an older copkit)
        conn.execute("UPDATE copkit_communities SET changed = now() WHERE slug = 'other-cop'")
    assert "1 community of 2 shown as last read" in copkit(as_nat, "overview").stderr
    owners = orjson.loads(ok(two, "overview", "--json").stdout)
    assert orjson.loads(ok(as_nat, "overview", "--json").stdout) == owners


def test_a_login_with_communities_reads_its_own_and_keeps_only_their_summaries(
    pg_cluster: Any, two: str
) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    cal, as_cal = login(pg_cluster, two, "cal")
    ok(two, "home", "grant", "test-cop", bea)
    ok(two, "home", "grant", "other-cop", cal, "--read-only")
    ok(as_bea, "member", "add", "Cy Dee", "--email", "cy@x.org")
    rows = orjson.loads(ok(as_bea, "overview", "--json").stdout)
    assert [(r["slug"], r["members"]) for r in rows] == [("test-cop", 3)]
    with psycopg.connect(as_bea) as conn:  # the database lets it keep only its own
        changed = conn.execute("UPDATE copkit_summaries SET day = '2026-01-01'").rowcount
        assert changed == 1
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO copkit_summaries (slug, day, summary) "
                "VALUES ('other-cop', '2026-01-01', '{}')"
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM copkit_overview()")
    with psycopg.connect(as_cal) as conn:  # read only: no summary either
        assert conn.execute("UPDATE copkit_summaries SET day = '2026-01-01'").rowcount == 0


def test_grant_overview_is_said_as_it_is_used(pg_cluster: Any, two: str) -> None:
    for args in (("--overview",), ("--overview", "test-cop", "nat"), ("test-cop",)):
        wrong = copkit(two, "home", "grant", *args)
        assert wrong.exit_code == 2, args
    missing = copkit(two, "home", "grant", "--overview", "nobody_here")
    assert missing.exit_code == 1 and "no login 'nobody_here'" in missing.output
    bea, as_bea = login(pg_cluster, two, "bea")
    ok(two, "home", "grant", "test-cop", bea)
    refused = copkit(as_bea, "home", "grant", "--overview", bea)
    assert refused.exit_code == 1 and "only the owner" in refused.output


def test_the_owners_overview_of_a_database_is_the_folders(two: str, home: Any) -> None:
    ok(two, "home", "copy", two, str(home))
    assert ok(two, "overview", "--json").stdout == ok(str(home), "overview", "--json").stdout
    assert ok(two, "overview").stdout == ok(str(home), "overview").stdout
