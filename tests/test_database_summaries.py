"""The overview a database home keeps as people write (issue 20): after every kind of change,
the summaries an overview login reads are byte for byte the rows a full reading of every
community gives, against a real PostgreSQL (tests/postgres.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from conftest import TODAY
from test_database_grants import copkit, login, ok

from copkit.readings.overview import summarise_store, with_shared_members
from copkit.storage.postgres import DatabaseHome

CHANGES: list[tuple[str, ...]] = [
    ("init", "Test CoP", "--domain", "Supervision"),
    ("member", "add", "Ann Lee", "--email", "ann@example.org", "--level", "core",
     "--joined", "2025-01-01"),
    ("member", "add", "Bo Chan", "--email", "bo@example.org", "--joined", "2025-01-01"),
    ("init", "Other CoP", "--domain", "Other"),
    ("-c", "other-cop", "member", "add", "Bo Chan", "--email", "bo@example.org", "--joined",
     "2025-01-01"),
    ("-c", "test-cop", "space", "add", "Circle", "--private", "--platform", "Teams"),
    ("-c", "test-cop", "rhythm", "add", "Circle", "--space", "Circle", "--every",
     "every 4 weeks on Tuesday 14:00", "--start", "2026-09-08"),
    ("-c", "test-cop", "meeting", "record", "--space", "Circle", "--on", "2026-11-10T14:00",
     "--attended", "Ann,Bo", "--topic", "A hard case", "--proposed-by", "Ann"),
    ("-c", "test-cop", "member", "edit", "Bo", "--level", "active"),
    ("-c", "test-cop", "community", "edit", "--name", "Test CoP North"),
    ("-c", "other-cop", "member", "leave", "Bo", "--on", "2026-11-20"),
    ("-c", "test-cop", "restore", "--from", "1"),
    ("-c", "test-cop", "member", "forget", "Bo", "--yes"),
]  # fmt: skip


def full_reading(url: str) -> bytes:
    """The overview read from every community in full, as a folder's is."""
    home = DatabaseHome(url)
    rows = [summarise_store(home.store_for(s), s, TODAY) for s in home.slugs()]
    return orjson.dumps([row.to_dict() for row in with_shared_members(rows)])


def test_after_every_kind_of_change_the_kept_overview_is_the_full_reading(
    pg_cluster: Any, pg_home: str, tmp_path: Path
) -> None:
    nat, as_nat = login(pg_cluster, pg_home, "nat")
    for number, change in enumerate(CHANGES):
        result = copkit(pg_home, *change)
        assert result.exit_code == 0, (change, result.output)
        if number == 0:
            ok(pg_home, "home", "grant", "--overview", nat)
        kept = copkit(as_nat, "overview", "--json")
        assert (kept.exit_code, kept.stderr) == (0, ""), change
        assert orjson.dumps(orjson.loads(kept.stdout)) == full_reading(pg_home), change
    # a copy back in (home copy --replace) and an import keep theirs too
    folder = tmp_path / "folder"
    ok(pg_home, "home", "copy", pg_home, str(folder))
    ok(str(folder), "-c", "test-cop", "member", "add", "Dee Fox", "--email", "dee@x.org")
    ok(str(folder), "-c", "test-cop", "export", "-o", str(tmp_path / "test-cop.json"))
    ok(pg_home, "home", "copy", str(folder), pg_home, "--replace")
    ok(pg_home, "import-community", str(tmp_path / "test-cop.json"), "--slug", "third")
    kept = copkit(as_nat, "overview", "--json")
    assert (kept.exit_code, kept.stderr) == (0, "")
    assert orjson.dumps(orjson.loads(kept.stdout)) == full_reading(pg_home)
    assert [r["slug"] for r in orjson.loads(kept.stdout)] == ["other-cop", "test-cop", "third"]


def test_the_first_overview_of_a_day_reads_the_summaries_behind_in_workers(
    pg_home: str, monkeypatch: Any
) -> None:
    import psycopg

    from copkit.readings import overview

    for name in ("One CoP", "Two CoP", "Three CoP"):
        ok(pg_home, "init", name, "--domain", "Supervision")
        ok(pg_home, "member", "add", "Ann Lee", "--email", "ann@example.org")
    with psycopg.connect(pg_home) as conn:  # as if nobody wrote since yesterday
        conn.execute("UPDATE copkit_summaries SET day = day - 1")
        conn.execute("UPDATE copkit_communities SET changed = now() WHERE slug = 'two-cop'")
    monkeypatch.setattr(overview, "PARALLEL_FROM", 2)
    rows = orjson.loads(ok(pg_home, "overview", "--json").stdout)
    assert [(r["slug"], r["members"], r["shared_members"]) for r in rows] == [
        ("one-cop", 1, 1),
        ("three-cop", 1, 1),
        ("two-cop", 1, 1),
    ]
    assert orjson.dumps(rows) == full_reading(pg_home)
    with psycopg.connect(pg_home) as conn:
        days = conn.execute("SELECT DISTINCT day FROM copkit_summaries").fetchall()
    assert days == [(TODAY,)]
