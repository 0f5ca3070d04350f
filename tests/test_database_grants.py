"""Each person sees only their communities (issue 20): grants on a database home, enforced by
PostgreSQL's row-level security and tested with real logins that connect on their own."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import psycopg
import pytest
from click.testing import CliRunner, Result

from copkit.cli import cli


def copkit(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--home", url, *args])


def ok(url: str, *args: str) -> Result:
    result = copkit(url, *args)
    assert result.exit_code == 0, (args, result.output)
    return result


def login(pg_cluster: Any, owner_url: str, prefix: str) -> tuple[str, str]:
    """A new real PostgreSQL login (name, the home's URL as it): roles are the cluster's, so
    each test makes its own."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD 'pw-{name}'")
    database = owner_url.rsplit("/", 1)[1]
    url = pg_cluster.url(database, user=name).replace(f"{name}@", f"{name}:pw-{name}@")
    return name, url


@pytest.fixture
def two(pg_home: str) -> str:
    """A home with two communities, as its owner made them."""
    ok(pg_home, "init", "Test CoP", "--domain", "Supervision")
    ok(pg_home, "member", "add", "Ann Lee", "--email", "ann@example.org")
    ok(pg_home, "member", "add", "Bo Chan", "--email", "bo@example.org")
    ok(pg_home, "init", "Other CoP", "--domain", "Other")
    ok(pg_home, "--community", "other-cop", "member", "add", "Cy Dee", "--email", "cy@x.org")
    return pg_home


def counts(url: str) -> tuple[int, int]:
    """What a login reads with plain SQL: (communities, records), with no help from copkit."""
    with psycopg.connect(url) as conn:
        communities = conn.execute("SELECT count(*) FROM copkit_communities").fetchone()
        records = conn.execute("SELECT count(*) FROM copkit_records").fetchone()
    assert communities is not None and records is not None
    return communities[0], records[0]


def names(url: str, slug: str) -> list[str]:
    listing = ok(url, "--community", slug, "member", "list", "--json").stdout
    return [m["name"] for m in orjson.loads(listing)]


def test_a_login_without_a_grant_reads_nothing_even_with_plain_sql(
    pg_cluster: Any, two: str
) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    with (  # not even the tables, before any grant
        psycopg.connect(as_bea) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT count(*) FROM copkit_records")
    ok(two, "home", "grant", "other-cop", bea)
    assert counts(as_bea) == (1, 2)  # other-cop's community and member rows, nothing of test-cop
    with psycopg.connect(as_bea) as conn:
        slugs = conn.execute("SELECT DISTINCT slug FROM copkit_records").fetchall()
        assert slugs == [("other-cop",)]
        changed = conn.execute("UPDATE copkit_records SET doc = '{}' WHERE slug = 'test-cop'")
        assert changed.rowcount == 0
    refused = copkit(as_bea, "--community", "test-cop", "member", "list")
    assert refused.exit_code == 1 and "no community 'test-cop'" in refused.output
    assert "test-cop" not in ok(as_bea, "communities").output
    assert names(two, "test-cop") == ["Ann Lee", "Bo Chan"]  # untouched


def test_a_read_only_login_reads_but_cannot_change_and_is_told_in_one_line(
    pg_cluster: Any, two: str
) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    ok(two, "home", "grant", "test-cop", bea, "--read-only")
    assert names(as_bea, "test-cop") == ["Ann Lee", "Bo Chan"]
    refused = copkit(
        as_bea, "--community", "test-cop", "member", "add", "Eve", "--email", "e@x.org"
    )
    assert refused.exit_code == 1
    assert refused.output == "Error: you may read but not change test-cop\n"
    with psycopg.connect(as_bea) as conn:  # the database refuses it too, not only copkit
        changed = conn.execute("UPDATE copkit_records SET doc = '{}' WHERE slug = 'test-cop'")
        assert changed.rowcount == 0
        removed = conn.execute("DELETE FROM copkit_records WHERE slug = 'test-cop'")
        assert removed.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO copkit_records (slug, kind, number, doc) "
                "VALUES ('test-cop', 'members', 99, '{}')"
            )
    assert names(two, "test-cop") == ["Ann Lee", "Bo Chan"]


def test_two_logins_each_see_and_change_only_their_own(pg_cluster: Any, two: str) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    cal, as_cal = login(pg_cluster, two, "cal")
    ok(two, "home", "grant", "test-cop", bea)
    ok(two, "home", "grant", "other-cop", cal)
    ok(as_bea, "use", "test-cop")
    ok(as_bea, "member", "add", "Dee Fox", "--email", "dee@example.org")
    ok(as_cal, "member", "add", "Eve Gold", "--email", "eve@example.org")  # its only one
    assert names(two, "test-cop") == ["Ann Lee", "Bo Chan", "Dee Fox"]
    assert names(two, "other-cop") == ["Cy Dee", "Eve Gold"]
    assert counts(as_bea) == (1, 4) and counts(as_cal) == (1, 3)
    refused = copkit(as_cal, "--community", "test-cop", "member", "list")
    assert refused.exit_code == 1 and "no community 'test-cop'" in refused.output


def test_who_grant_again_and_revoke(pg_cluster: Any, two: str) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    cal, _ = login(pg_cluster, two, "cal")
    ok(two, "home", "grant", "test-cop", bea)
    ok(two, "home", "grant", "test-cop", cal, "--read-only")
    listing = orjson.loads(ok(two, "home", "who", "test-cop", "--json").stdout)
    assert listing == [
        {"login": "copkit_test", "may": "owner"},
        *sorted(
            [{"login": bea, "may": "may change"}, {"login": cal, "may": "read only"}],
            key=lambda row: row["login"],
        ),
    ]
    assert f"{cal}  read only" in ok(two, "home", "who", "test-cop").stdout
    own = orjson.loads(ok(as_bea, "home", "who", "test-cop", "--json").stdout)
    assert own == [{"login": "copkit_test", "may": "owner"}, {"login": bea, "may": "may change"}]
    assert "read but not change" in ok(two, "home", "grant", "test-cop", bea, "--read-only").output
    assert copkit(as_bea, "member", "add", "Dee", "--email", "d@x.org").exit_code == 1
    assert "may no longer open test-cop" in ok(two, "home", "revoke", "test-cop", bea).output
    assert "nothing was changed" in ok(two, "home", "revoke", "test-cop", bea).output
    alone = copkit(as_bea, "communities")
    assert alone.exit_code == 1 and "grants this login no community" in alone.output
    with psycopg.connect(as_bea) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM copkit_records")


def test_only_the_owner_grants_or_starts_a_community(pg_cluster: Any, two: str) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    cal, _ = login(pg_cluster, two, "cal")
    ok(two, "home", "grant", "test-cop", bea)
    for args in (("home", "grant", "test-cop", cal), ("home", "revoke", "test-cop", bea)):
        refused = copkit(as_bea, *args)
        assert refused.exit_code == 1, refused.output
        assert refused.output.startswith("Error: only the owner of postgresql://")
        assert len(refused.output.strip().splitlines()) == 1
    started = copkit(as_bea, "init", "Bea CoP", "--domain", "Bea")
    assert started.exit_code == 1 and "only the owner" in started.output
    assert "Traceback" not in started.output


def test_what_a_grant_needs_is_said_in_one_line(pg_cluster: Any, two: str, home: Any) -> None:
    missing = copkit(two, "home", "grant", "test-cop", "nobody_here")
    assert missing.exit_code == 1 and "no login 'nobody_here'" in missing.output
    unknown = copkit(two, "home", "grant", "no-such-cop", "copkit_test")
    assert unknown.exit_code == 1 and "no community 'no-such-cop'" in unknown.output
    folder = CliRunner().invoke(cli, ["--home", str(home), "home", "who", "x"])
    assert folder.exit_code == 1 and "is a folder" in folder.output


def test_a_login_cannot_trick_the_policies_with_tables_of_its_own(
    pg_cluster: Any, two: str
) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    ok(two, "home", "grant", "test-cop", bea, "--read-only")
    database = two.rsplit("/", 1)[1]
    with psycopg.connect(two, autocommit=True) as conn:
        conn.execute(f'GRANT CREATE, TEMPORARY ON DATABASE "{database}" TO "{bea}"')
    with psycopg.connect(as_bea, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA mine")
        for where in ("mine.", "pg_temp."):  # a schema first on its path, or a temporary table
            conn.execute(
                f"CREATE TABLE {where}copkit_grants (slug text, login text, may_change boolean)"
            )
            conn.execute(
                f"INSERT INTO {where}copkit_grants VALUES ('test-cop', current_user, true)"
            )
            conn.execute(f"CREATE TABLE {where}copkit_records (n int)")  # as if it owned them
        for path in ("mine, public", "pg_temp, public"):
            conn.execute(f"SET search_path = {path}")
            changed = conn.execute(
                "UPDATE public.copkit_records SET doc = '{}' WHERE slug = 'test-cop'"
            )
            assert changed.rowcount == 0
            other = conn.execute(
                "SELECT count(*) FROM public.copkit_records WHERE slug <> 'test-cop'"
            )
            assert other.fetchone() == (0,)
    assert names(two, "test-cop") == ["Ann Lee", "Bo Chan"]


def test_an_owner_who_is_no_superuser_does_everything(pg_cluster: Any, pg_home: str) -> None:
    """As on a managed service: the database's owner is a plain login, not a superuser."""
    keeper, as_keeper = login(pg_cluster, pg_home, "keeper")
    bea, as_bea = login(pg_cluster, pg_home, "bea")
    database = f"copkit_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}" OWNER "{keeper}"')
    as_keeper = as_keeper.rsplit("/", 1)[0] + f"/{database}"
    as_bea = as_bea.rsplit("/", 1)[0] + f"/{database}"
    with psycopg.connect(as_keeper, autocommit=True) as conn:  # PostgreSQL 15 on: public is
        conn.execute(f'CREATE SCHEMA copkit AUTHORIZATION "{keeper}"')  # not everyone's
        conn.execute(f'ALTER DATABASE "{database}" SET search_path = copkit')
    assert "Set up a copkit home" in ok(pg_home, "home", "setup", as_keeper).output
    ok(as_keeper, "init", "Test CoP", "--domain", "Supervision")
    ok(as_keeper, "member", "add", "Ann Lee", "--email", "ann@example.org")
    ok(as_keeper, "home", "grant", "test-cop", bea, "--read-only")
    assert names(as_bea, "test-cop") == ["Ann Lee"]
    refused = copkit(as_bea, "member", "add", "Eve", "--email", "e@x.org")
    assert refused.output == "Error: you may read but not change test-cop\n"
    ok(as_keeper, "home", "grant", "test-cop", bea)
    ok(as_bea, "member", "add", "Eve", "--email", "e@x.org")
    assert names(as_keeper, "test-cop") == ["Ann Lee", "Eve"]
    listing = orjson.loads(ok(as_keeper, "home", "who", "test-cop", "--json").stdout)
    assert listing == [{"login": keeper, "may": "owner"}, {"login": bea, "may": "may change"}]


def test_a_read_only_login_can_run_what_only_reads(pg_cluster: Any, two: str) -> None:
    bea, as_bea = login(pg_cluster, two, "bea")
    ok(two, "home", "grant", "test-cop", bea, "--read-only")
    ok(as_bea, "use", "test-cop")
    for args in (
        ("communities",),
        ("member", "list"),
        ("health",),
        ("health", "--format", "json"),
        ("home", "who", "test-cop"),
    ):
        ok(as_bea, *args)


def test_a_home_of_the_first_layout_is_refused_until_its_owner_brings_it_up_to_date(
    pg_cluster: Any, two: str
) -> None:
    with psycopg.connect(two) as conn:  # layout 1: no grants, no row-level security
        conn.execute("DROP TABLE copkit_grants CASCADE")
        for table in ("copkit_communities", "copkit_records", "copkit_current"):
            conn.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        conn.execute("UPDATE copkit_home SET value = '1' WHERE key = 'layout'")
    refused = copkit(two, "--community", "test-cop", "member", "list")
    assert refused.exit_code == 1 and "older copkit (layout 1)" in refused.output
    assert "copkit home setup URL" in refused.output
    assert "up to date" in ok(two, "home", "setup", two).output
    assert "nothing was changed" in ok(two, "home", "setup", two).output
    assert names(two, "test-cop") == ["Ann Lee", "Bo Chan"]
    bea, as_bea = login(pg_cluster, two, "bea")
    ok(two, "home", "grant", "other-cop", bea)
    assert counts(as_bea) == (1, 2)
