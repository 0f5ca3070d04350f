"""Earlier versions on a database home (issue 20): `restore --list` and `restore --from N` as on
a folder, each undoable, and `member forget` leaves no earlier version holding the person."""

from __future__ import annotations

import orjson
import psycopg
from test_database_grants import copkit, names, ok


def versions(url: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = orjson.loads(ok(url, "restore", "--list", "--json").stdout)
    return found


def test_restore_brings_an_earlier_version_back_and_can_be_undone(pg_home: str) -> None:
    ok(pg_home, "init", "Test CoP", "--domain", "Supervision")
    assert versions(pg_home) == []
    for name in ("Ann Lee", "Bo Chan", "Cy Dee", "Dee Fox"):
        ok(pg_home, "member", "add", name, "--email", f"{name.split()[0].lower()}@example.org")
    kept = versions(pg_home)
    assert [(v["backup"], v["members"]) for v in kept] == [(1, 3), (2, 2), (3, 1)]  # 3 kept
    assert "Restored backup 2 of test-cop" in ok(pg_home, "restore", "--from", "2").output
    assert names(pg_home, "test-cop") == ["Ann Lee", "Bo Chan"]
    assert versions(pg_home)[0]["members"] == 4  # what it replaced, so it can be undone
    ok(pg_home, "restore", "--from", "1")
    assert names(pg_home, "test-cop") == ["Ann Lee", "Bo Chan", "Cy Dee", "Dee Fox"]
    ok(pg_home, "member", "add", "Eve Gold", "--email", "eve@example.org")
    listing = ok(pg_home, "member", "list", "--json").stdout
    assert orjson.loads(listing)[-1]["id"] == "m5"  # the counters came back with m3 and m4
    missing = copkit(pg_home, "restore", "--from", "9")
    assert missing.exit_code == 1 and missing.output == "Error: no backup 9 of test-cop\n"
    trail = ok(pg_home, "log").stdout.splitlines()
    assert trail[-3:-1] == [
        trail[-3][:22] + "copkit_test  restore: removed member m3, m4",
        trail[-2][:22] + "copkit_test  restore: added member m3, m4",
    ]


def test_forget_leaves_no_earlier_version_holding_the_person(pg_home: str) -> None:
    ok(pg_home, "init", "Test CoP", "--domain", "Supervision")
    ok(pg_home, "member", "add", "Ann Lee", "--email", "ann@example.org")
    ok(pg_home, "member", "add", "Bo Chan", "--email", "bo@example.org")
    assert len(versions(pg_home)) == 2
    ok(pg_home, "member", "forget", "Bo Chan", "--yes")
    assert versions(pg_home) == []
    with psycopg.connect(pg_home) as conn:
        everything = [
            conn.execute(f"SELECT * FROM {table}").fetchall()
            for table in ("copkit_records", "copkit_versions", "copkit_audit", "copkit_summaries")
        ]
    assert "Bo" not in repr(everything) and "bo@" not in repr(everything)
    ok(pg_home, "member", "add", "Cy Dee", "--email", "cy@example.org")
    assert [v["members"] for v in versions(pg_home)] == [1]
