"""Members from the terminal: what a gardener sees, what they are refused, and real erasure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from click.testing import Result

Run = Callable[..., Result]


def community_file(home: Path) -> Path:
    return next(p for p in home.glob("*.json") if p.name != "config.json")


def members_json(run: Run, *extra: str) -> list[dict]:
    result = run("member", "list", "--json", *extra)
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout)


def by_email(run: Run) -> dict[str, dict]:
    return {m["email"]: m for m in members_json(run, "--all")}


# --- add, list, show -------------------------------------------------------------------------


def test_added_member_shows_in_the_table_and_in_json(
    community: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # a wide terminal, so that names are not folded
    result = community(
        "member", "add", "Dana Evans", "--email", "Dana.Evans@Example.org",
        "--org", "Eastfield Trust", "--role", "practice supervisor", "--level", "active",
        "--external", "--interest", "neglect", "--interest", "supervision",
        "--joined", "2025-03-04",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Dana Evans" in result.stdout

    table = community("member", "list")
    assert table.exit_code == 0
    for shown in ("Dana Evans", "Ann Lee", "Bo Chan", "Cy Dee", "Eastfield Trust"):
        assert shown in table.stdout
    assert "4 members" in table.stdout

    dana = by_email(community)["dana.evans@example.org"]  # emails are kept lower-case
    assert dana["name"] == "Dana Evans"
    assert dana["org"] == "Eastfield Trust"
    assert dana["role"] == "practice supervisor"
    assert dana["level"] == "active"
    assert dana["external"] is True
    assert dana["interests"] == ["neglect", "supervision"]
    assert dana["joined"] == "2025-03-04"
    assert dana["left"] is None
    assert dana["id"]


def test_list_filters_by_level_and_org(community: Run) -> None:
    assert [m["name"] for m in members_json(community, "--level", "core")] == ["Ann Lee"]
    assert [m["name"] for m in members_json(community, "--org", "northgate")] == ["Bo Chan"]


def test_show_finds_a_member_by_id_email_or_part_of_the_name(community: Run) -> None:
    bo = by_email(community)["bo@example.org"]
    for ref in (bo["id"], "bo@example.org", "BO@example.org", "Chan", "bo c"):
        result = community("member", "show", ref, "--json")
        assert result.exit_code == 0, (ref, result.output)
        assert orjson.loads(result.stdout) == bo
    panel = community("member", "show", "Bo")
    assert panel.exit_code == 0
    assert "Bo Chan" in panel.stdout
    assert "Northgate" in panel.stdout


def test_json_listing_is_json_and_nothing_else(community: Run) -> None:
    result = community("member", "list", "--json")
    assert isinstance(orjson.loads(result.stdout), list)
    assert result.stderr == ""


# --- edit and leave ----------------------------------------------------------------------------


def test_edit_changes_only_what_is_given(community: Run) -> None:
    before = by_email(community)["cy@example.org"]
    result = community("member", "edit", "Cy", "--level", "active", "--org", "Westbrook")
    assert result.exit_code == 0, result.output
    after = by_email(community)["cy@example.org"]
    assert after == before | {"level": "active", "org": "Westbrook"}


def test_edit_can_rename_and_change_email(community: Run) -> None:
    result = community("member", "edit", "cy@example.org", "--name", "Cy Dean", "--email",
                       "cy.dean@example.org")  # fmt: skip
    assert result.exit_code == 0, result.output
    members = by_email(community)
    assert "cy@example.org" not in members
    assert members["cy.dean@example.org"]["name"] == "Cy Dean"


def test_interests_differing_only_by_case_are_one_interest(community: Run) -> None:
    """The first spelling is kept, as for themes and aliases: "Supervision" and "supervision"
    are one interest, not two that a listing shows and a reading counts twice."""
    added = community(
        "member", "add", "Dana Evans", "--email", "dana@example.org",
        "--interest", "Supervision", "--interest", "neglect", "--interest", "supervision",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert by_email(community)["dana@example.org"]["interests"] == ["Supervision", "neglect"]
    edited = community(
        "member", "edit", "Bo", "--interest", "Risk", "--interest", "RISK", "--interest", "Risk ",
    )  # fmt: skip
    assert edited.exit_code == 0, edited.output
    assert by_email(community)["bo@example.org"]["interests"] == ["Risk"]


def test_a_file_holding_both_spellings_of_an_interest_still_opens(
    community: Run, home: Path
) -> None:
    """A file written before interests were compared whatever their case opens as it is:
    the member reads back with the first spelling, and their next change stores only it."""
    path = community_file(home)
    document = orjson.loads(path.read_bytes())
    bo = next(m for m in document["members"].values() if m["email"] == "bo@example.org")
    bo["interests"] = ["Supervision", "supervision", "neglect"]
    path.write_bytes(orjson.dumps(document))
    before = path.read_bytes()

    shown = community("member", "show", "Bo", "--json")
    assert shown.exit_code == 0, shown.output
    assert orjson.loads(shown.stdout)["interests"] == ["Supervision", "neglect"]
    assert path.read_bytes() == before, "reading writes nothing"
    assert community("member", "edit", "Bo", "--org", "Eastbrook").exit_code == 0
    document = orjson.loads(path.read_bytes())
    bo = next(m for m in document["members"].values() if m["email"] == "bo@example.org")
    assert bo["interests"] == ["Supervision", "neglect"]
    assert bo["org"] == "Eastbrook"


def test_leave_keeps_the_member_but_out_of_the_current_list(community: Run) -> None:
    result = community("member", "leave", "Bo", "--on", "2025-06-01")
    assert result.exit_code == 0, result.output
    assert "Bo Chan" not in {m["name"] for m in members_json(community)}
    bo = by_email(community)["bo@example.org"]
    assert bo["left"] == "2025-06-01"
    again = community("member", "leave", "Bo", "--on", "2025-07-01")
    assert again.exit_code == 1
    assert "already left" in again.stderr


# --- bad input never changes the file -------------------------------------------------------

BAD_INPUT = {
    "unknown member (show)": (("member", "show", "Zoe"), 1, "no member matches"),
    "unknown member (edit)": (("member", "edit", "Zoe", "--org", "X"), 1, "no member matches"),
    "unknown member (leave)": (("member", "leave", "Zoe"), 1, "no member matches"),
    "unknown member (forget)": (("member", "forget", "Zoe", "--yes"), 1, "no member matches"),
    "ambiguous name": (("member", "edit", "e", "--org", "X"), 1, "could mean"),
    "duplicate email on add": (
        ("member", "add", "Ann Other", "--email", "ANN@example.org"), 1, "already belongs to Ann",
    ),
    "duplicate email on edit": (
        ("member", "edit", "Bo", "--email", "cy@example.org"), 1, "already belongs to Cy",
    ),
    "malformed email on add": (
        ("member", "add", "Di Eve", "--email", "di at example.org"), 1, "not an email address",
    ),
    "email without a domain": (
        ("member", "add", "Di Eve", "--email", "di@example"), 1, "not an email address",
    ),
    "malformed email on edit": (
        ("member", "edit", "Bo", "--email", "bo@@example.org"), 1, "not an email address",
    ),
    "malformed joined date": (
        ("member", "add", "Di Eve", "--email", "di@example.org", "--joined", "2026-02-30"),
        2, "not a date",
    ),
    "American date": (
        ("member", "add", "Di Eve", "--email", "di@example.org", "--joined", "02/03/2026"),
        2, "YYYY-MM-DD",
    ),
    "malformed leaving date": (("member", "leave", "Bo", "--on", "yesterday"), 2, "not a date"),
    "left before joined": (
        ("member", "leave", "Bo", "--on", "2024-12-31"), 1, "before joining",
    ),
    "empty name": (("member", "add", "  ", "--email", "di@example.org"), 1, "cannot be empty"),
    "unknown level": (
        ("member", "add", "Di Eve", "--email", "di@example.org", "--level", "lurker"), 2, "lurker",
    ),
    "edit with nothing to change": (("member", "edit", "Bo"), 2, "nothing to change"),
    "forget without --yes": (("member", "forget", "Bo"), 2, "--yes"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_refused_cleanly_and_changes_nothing(
    community: Run, home: Path, case: str
) -> None:
    command, code, words = BAD_INPUT[case]
    path = community_file(home)
    before = path.read_bytes()
    result = community(*command)
    assert result.exit_code == code, result.output
    assert "Error: " in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert path.read_bytes() == before


def test_joining_after_leaving_is_refused(community: Run, home: Path) -> None:
    assert community("member", "leave", "Bo", "--on", "2026-01-01").exit_code == 0
    before = community_file(home).read_bytes()
    result = community("member", "edit", "Bo", "--joined", "2030-01-01")
    assert result.exit_code == 1
    assert "before joining" in result.stderr
    assert community_file(home).read_bytes() == before


def test_ambiguous_name_lists_the_candidates(community: Run) -> None:
    community("member", "add", "Bo Lund", "--email", "bo.lund@example.org")
    result = community("member", "show", "Bo")
    assert result.exit_code == 1
    assert "Bo Chan" in result.stderr
    assert "Bo Lund" in result.stderr
    # the full name is not ambiguous, however many others share a part of it
    assert community("member", "show", "Bo Lund", "--json").exit_code == 0


# --- forget --------------------------------------------------------------------------------------


def _meetings_with_bo(community: Run) -> None:
    steps = [
        ("rhythm", "add", "Monthly circle", "--space", "Circle", "--every",
         "monthly on the 2nd Tuesday", "--start", "2026-01-13T14:00", "--duration", "90m"),
        ("meeting", "record", "--rhythm", "Monthly circle", "--on", "2026-01-13",
         "--attended", "Ann, Bo Chan, Cy", "--topic", "Case mapping", "--proposed-by", "Bo",
         "--topic", "Welcome", "--proposed-by", "Ann", "--activity", "familiar:check-in"),
        ("meeting", "record", "--rhythm", "Monthly circle", "--on", "2026-02-10",
         "--attended", "bo@example.org,Cy", "--topic", "Supervision stories",
         "--proposed-by", "bo@example.org"),
        ("meeting", "record", "--space", "Cafe", "--on", "2026-02-20T12:30",
         "--attended", "Ann", "--guest", "Prof Adeyemi"),
        ("story", "add", "Bo Chan tried the genogram with a family", "--member", "Bo",
         "--on", "2026-02-11"),
    ]  # fmt: skip
    for step in steps:
        result = community(*step)
        assert result.exit_code == 0, result.output


def _past(community: Run) -> list[dict]:
    result = community("meeting", "list", "--past", "--json")
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout)


def _personal_bytes(home: Path) -> bytes:
    """Every byte copkit keeps in the home: the file, its backups, config."""
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def test_forget_erases_the_person_everywhere_and_keeps_the_counts(
    community: Run, home: Path
) -> None:
    _meetings_with_bo(community)
    before = _past(community)
    assert b"Bo Chan" in _personal_bytes(home)

    result = community("member", "forget", "Bo Chan", "--yes")
    assert result.exit_code == 0, result.output

    stored = _personal_bytes(home)
    for trace in (b"Bo Chan", b"bo@example.org", b"Northgate"):
        assert trace not in stored
    after = _past(community)
    assert [m["attendance"] for m in after] == [m["attendance"] for m in before] == [3, 2, 1]
    assert [[t["text"] for t in m["topics"]] for m in after] == [
        [t["text"] for t in m["topics"]] for m in before
    ]
    # topics Bo proposed still count as proposed by a member (organic evolution stays right)
    assert [[t["by_member"] for t in m["topics"]] for m in after] == [
        [t["by_member"] for t in m["topics"]] for m in before
    ]
    assert "bo@example.org" not in by_email(community)
    assert community("member", "show", "Bo").exit_code == 1
    # everyone else is untouched
    assert {m["name"] for m in members_json(community)} == {"Ann Lee", "Cy Dee"}


def test_forgetting_the_gardener_erases_them_from_the_community_record(
    community: Run, home: Path
) -> None:
    _meetings_with_bo(community)
    assert community("member", "forget", "ann@example.org", "--yes").exit_code == 0
    stored = _personal_bytes(home)
    assert b"Ann Lee" not in stored
    assert b"ann@example.org" not in stored
    assert [m["attendance"] for m in _past(community)] == [3, 2, 1]


def test_forgetting_a_gardener_named_without_email(run: Run, home: Path) -> None:
    steps = [
        ("init", "Small CoP", "--domain", "Supervision", "--gardener", "Ann Lee"),
        ("member", "add", "Ann Lee", "--email", "ann@example.org"),
        ("member", "forget", "Ann Lee", "--yes"),
    ]
    for step in steps:
        assert run(*step).exit_code == 0
    assert b"Ann Lee" not in _personal_bytes(home)


def test_forget_without_yes_changes_nothing(community: Run, home: Path) -> None:
    _meetings_with_bo(community)
    path = community_file(home)
    before = path.read_bytes()
    result = community("member", "forget", "Bo Chan")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert path.read_bytes() == before
