"""`copkit home copy FROM TO` (issue 20): every community of a folder home into a database home
and back, `copkit export` of each byte-for-byte the same on the way back. Against a real
throwaway PostgreSQL (tests/postgres.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner, Result
from conftest import Run
from test_database_grants import login

from copkit.cli import cli


def copkit(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def ok(*args: str) -> Result:
    result = copkit(*args)
    assert result.exit_code == 0, (args, result.output)
    return result


def exports(where: str) -> dict[str, bytes]:
    """`copkit export` of every community in a home, by slug."""
    slugs = [
        row["slug"] for row in orjson.loads(ok("--home", where, "communities", "--json").stdout)
    ]
    return {slug: ok("--home", where, "--community", slug, "export").stdout_bytes for slug in slugs}


def test_a_folder_home_goes_into_a_database_and_back_unchanged(
    community: Run, example_home: Path, pg_home: str, tmp_path: Path
) -> None:
    for step in (
        ("member", "add", "Dee Fox", "--email", "d@x.org"),
        ("member", "forget", "Dee Fox", "--yes"),
        ("story", "add", "A first story", "--member", "Ann"),
    ):
        assert community("--community", "test-cop", *step).exit_code == 0, step
    before = exports(str(example_home))
    assert sorted(before) == ["riverside", "test-cop"]
    into = ok("home", "copy", str(example_home), pg_home)
    assert into.output.startswith(f"Copied 2 communities from {example_home} to postgresql://")
    assert exports(pg_home) == before
    trail = orjson.loads(ok("--home", pg_home, "--community", "test-cop", "log", "--json").stdout)
    assert {entry["command"] for entry in trail} == {"home copy"}
    back = tmp_path / "back"
    copied = orjson.loads(ok("home", "copy", pg_home, str(back), "--json").stdout)
    assert copied["made"] == ["riverside", "test-cop"] and copied["replaced"] == []
    assert copied["from"].startswith("postgresql://") and copied["to"] == str(back)
    assert exports(str(back)) == before
    # ids never repeat in the copy either: the next member takes the number after Dee's
    added = ok("--home", pg_home, "--community", "test-cop", "member", "add", "Eve", "--email",
               "e@x.org")  # fmt: skip
    listing = ok("--home", pg_home, "--community", "test-cop", "member", "list", "--json")
    assert [m["id"] for m in orjson.loads(listing.stdout)][-1] == "m5", added.output


def test_a_community_the_other_home_has_is_refused_unless_replace(
    community: Run, home: Path, pg_home: str
) -> None:
    ok("home", "copy", str(home), pg_home)
    community("member", "add", "Dee Fox", "--email", "d@x.org")
    refused = copkit("home", "copy", str(home), pg_home)
    assert refused.exit_code == 1
    assert refused.output.endswith(
        "already has test-cop; nothing was copied. Copy with --replace to overwrite them\n"
    )
    names = ok("--home", pg_home, "member", "list", "--json").stdout
    assert "Dee Fox" not in names  # untouched
    replaced = orjson.loads(ok("home", "copy", str(home), pg_home, "--replace", "--json").stdout)
    assert replaced["made"] == [] and replaced["replaced"] == ["test-cop"]
    assert exports(pg_home) == exports(str(home))
    # and back over the folder: the version replaced there is kept as a backup
    ok("--home", pg_home, "member", "add", "Eve Gold", "--email", "e@x.org")
    ok("home", "copy", pg_home, str(home), "--replace")
    assert exports(str(home)) == exports(pg_home)
    backups = orjson.loads(ok("--home", str(home), "restore", "--list", "--json").stdout)
    assert backups[0]["members"] == 4  # Ann, Bo, Cy, Dee: before Eve came over


def test_only_the_owner_copies_new_communities_into_a_database(
    pg_cluster: Any, community: Run, home: Path, pg_home: str
) -> None:
    bea, as_bea = login(pg_cluster, pg_home, "bea")
    ok("--home", pg_home, "init", "Other CoP", "--domain", "Other")
    ok("--home", pg_home, "home", "grant", "other-cop", bea)
    refused = copkit("home", "copy", str(home), as_bea)
    assert refused.exit_code == 1
    assert refused.output.endswith("may start a community; nothing was copied there\n")
    listed = orjson.loads(ok("--home", pg_home, "communities", "--json").stdout)
    assert [row["slug"] for row in listed] == ["other-cop"]


def test_copy_says_what_is_wrong_in_one_line(home: Path, pg_home: str, tmp_path: Path) -> None:
    nothing = ok("home", "copy", str(home), pg_home)
    assert "has no community to copy; nothing was changed" in nothing.output
    same = copkit("home", "copy", str(home), str(home))
    assert same.exit_code == 1 and "name two homes" in same.output
    down = copkit("home", "copy", "postgresql://nobody@127.0.0.1:9/none", str(tmp_path / "x"))
    assert down.exit_code == 1 and down.output.startswith("Error: cannot open the copkit home")
    assert len(down.output.splitlines()) == 1
