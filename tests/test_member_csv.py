"""`member list --csv`: members out to a spreadsheet that opens them safely, and back in whole.

Export from one community and import into a fresh one gives the same people, field for field;
no cell starts with a character a spreadsheet would run as a formula; a large import still
checks every row; a long listing stays one line a member.
"""

from __future__ import annotations

import csv
import io
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result
from conftest import TODAY
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copkit.cli import cli
from copkit.errors import InputError
from copkit.model import Level, Member
from copkit.records.csvimport import (
    FORMULA_START,
    HEADER,
    decode_cell,
    encode_cell,
    read_members_csv,
    write_members_csv,
)
from copkit.schedule.parsing import FIRST_DAY, LAST_DAY

Run = Callable[..., Result]

#: Values a spreadsheet would run, and values that merely look close to them.
TRICKY = [
    ('=HYPERLINK("http://evil.example","Click")', "=1@example.org", "+44 Trust", "-lead"),
    ("@SUM(A1:A9)", "-dash@example.org", "'=already quoted", "'tis a role"),
    ("O'Neill, Siobhán", "plus+tag@example.org", "'", "''=twice"),
    ("-Minus Person", "at@example.org", "Org; with semicolon", "@role"),
]


def fresh_home(tmp_path: Path, name: str) -> Run:
    """A second copkit home with a new, empty community: where an export is imported."""
    home = tmp_path / name
    home.mkdir()

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, ["--home", str(home), *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    assert invoke("init", "Fresh CoP", "--domain", "Somewhere new").exit_code == 0
    return invoke


def people(run: Run, *args: str) -> list[dict[str, Any]]:
    """Every member as `member list --json` shows them, without the id a community gives."""
    listing = orjson.loads(run("member", "list", "--json", *args).stdout)
    return [{k: v for k, v in m.items() if k != "id"} for m in listing]


def add_tricky(run: Run) -> None:
    for index, (name, email, org, role) in enumerate(TRICKY):
        result = run(
            "member", "add", "--email", email, "--org", org, "--role", role,
            "--interest", "=cmd|' /C calc'!A0", "--interest", "a;b", "--interest", f"t{index};",
            "--level", "active", "--external", "--joined", "2025-06-0" + str(index + 1),
            "--", name,
        )  # fmt: skip
        assert result.exit_code == 0, result.output


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_export_then_import_into_a_fresh_community_gives_the_same_people(
    community: Run, tmp_path: Path
) -> None:
    add_tricky(community)
    target = tmp_path / "members.csv"
    result = community("member", "list", "--csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Wrote 7 members to {target}" in result.stdout

    again = fresh_home(tmp_path, "elsewhere")
    imported = again("member", "import", str(target))
    assert imported.exit_code == 0, imported.output
    assert people(again) == people(community)
    assert {p["name"] for p in people(again)} >= {name for name, *_ in TRICKY}


def test_the_csv_has_the_import_header_and_goes_to_stdout_without_a_file(
    community: Run, tmp_path: Path
) -> None:
    result = community("member", "list", "--csv")
    assert result.exit_code == 0, result.output
    rows = cells(result.stdout)
    assert tuple(rows[0]) == HEADER
    assert [r[1] for r in rows[1:]] == ["ann@example.org", "bo@example.org", "cy@example.org"]
    target = tmp_path / "members.csv"
    community("member", "list", "--csv", "-o", str(target))
    written = target.read_text(encoding="utf-8")
    assert written.startswith("\ufeff")  # so a spreadsheet reads accents as UTF-8
    assert cells(written) == rows


def test_no_exported_cell_begins_with_a_formula_character(community: Run) -> None:
    add_tricky(community)
    rows = cells(community("member", "list", "--csv").stdout)
    assert len(rows) == 1 + 7
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["'=1@example.org"][0] == '\'=HYPERLINK("http://evil.example","Click")'
    assert by_email["'-dash@example.org"][2:4] == ["''=already quoted", "'tis a role"]
    assert by_email["plus+tag@example.org"][3] == "'''=twice"


def test_former_members_are_exported_with_the_day_they_left(community: Run, tmp_path: Path) -> None:
    assert community("member", "leave", "Bo Chan", "--on", "2026-03-01").exit_code == 0
    current = cells(community("member", "list", "--csv").stdout)
    assert tuple(current[0]) == HEADER
    assert "bo@example.org" not in {row[1] for row in current}

    target = tmp_path / "everyone.csv"
    assert community("member", "list", "--csv", "--all", "-o", str(target)).exit_code == 0
    rows = cells(target.read_text(encoding="utf-8"))
    assert rows[0] == [*HEADER, "left"]
    assert {row[1]: row[-1] for row in rows[1:]}["bo@example.org"] == "2026-03-01"

    again = fresh_home(tmp_path, "elsewhere")
    assert again("member", "import", str(target)).exit_code == 0
    assert people(again, "--all") == people(community, "--all")
    assert "bo@example.org" not in {p["email"] for p in people(again)}


def test_every_listing_can_go_to_a_file(community: Run, tmp_path: Path) -> None:
    table, data = tmp_path / "members.txt", tmp_path / "members-list.json"
    assert community("member", "list", "-o", str(table)).exit_code == 0
    assert community("member", "list", "--json", "-o", str(data)).exit_code == 0
    assert "3 members" in table.read_text(encoding="utf-8")
    assert "Bo Chan" in table.read_text(encoding="utf-8")
    assert orjson.loads(data.read_bytes()) == orjson.loads(
        community("member", "list", "--json").stdout
    )


def test_csv_and_json_together_is_a_usage_error(community: Run) -> None:
    result = community("member", "list", "--csv", "--json")
    assert result.exit_code == 2
    assert "--json" in result.output and "--csv" in result.output


def test_a_hand_made_sheet_with_quoted_formulas_and_semicolons_reads_as_meant() -> None:
    text = (
        "name,email,interests\n"
        "'=Ann,ann@example.org,neglect;supervision\n"
        "O'Neill,oneill@example.org,'-risk; a;;b\n"
    )
    (_, ann), (_, oneill) = read_members_csv(text, today=TODAY)
    assert (ann.name, ann.interests) == ("=Ann", ("neglect", "supervision"))
    assert (oneill.name, oneill.interests) == ("O'Neill", ("-risk", "a;b"))


# --- any values survive ------------------------------------------------------------------

#: Text a person could type: any letters, marks, symbols and punctuation, no control
#: characters; the formula characters and quotes are made common, so they are tried often.
typed = st.text(
    alphabet=st.one_of(
        st.sampled_from("=+-@';, \"x"),
        st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    ),
    max_size=30,
)
addresses = st.builds(
    "{}@{}.org".format,
    st.text(alphabet=string.ascii_letters + string.digits + "=+-'_!#$%&*/?^`{|}~", min_size=1),
    st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8),
)


@st.composite
def members(draw: st.DrawFn) -> Member:
    try:
        return Member(
            name=draw(typed.filter(str.strip)),
            email=draw(addresses),
            org=draw(typed),
            role=draw(typed),
            level=draw(st.sampled_from(Level)),
            external=draw(st.booleans()),
            interests=tuple(draw(st.lists(typed.filter(str.strip), max_size=4))),
            joined=draw(st.dates(FIRST_DAY, LAST_DAY)),  # the years every date option takes
        )
    except InputError:  # a value the model refuses is not a member to export
        return draw(st.nothing())


def fields(member: Member) -> dict[str, Any]:
    return {k: v for k, v in member.to_dict().items() if k != "id"}


@settings(max_examples=300, deadline=None)
@given(st.lists(members(), max_size=5, unique_by=lambda m: m.email))
@example(
    [
        Member("'=x", "'@a.org", org="''", role="@", interests=("a;", ";b", "=c")),
        Member("-", "=@b.org", org="'tis", role="''-", interests=(";",)),
    ]
)
def test_any_member_values_survive_export_and_import(listed: list[Member]) -> None:
    exported = write_members_csv(listed)
    read = read_members_csv(exported, today=TODAY)
    assert [fields(m) for _, m in read] == [fields(m) for m in listed]


@given(st.text())
def test_a_cell_reads_back_as_written_and_never_starts_a_formula(value: str) -> None:
    cell = encode_cell(value)
    assert decode_cell(cell) == value
    assert not cell.startswith(FORMULA_START)


# --- large imports -------------------------------------------------------------------------


def many_rows(count: int) -> list[str]:
    return [
        f"Person {i:04d},person{i}@example.org,Org {i % 7},,peripheral,no,,2025-01-01"
        for i in range(count)
    ]


def test_a_large_import_still_checks_every_row(community: Run, tmp_path: Path) -> None:
    rows = many_rows(3000)
    rows[2500] = "Late Copy,person7@example.org,,,,,,"  # line 2502 repeats line 9
    rows[2998] = "Ann Again,ANN@example.org,,,,,,"  # line 3000 is an existing member
    rows[1234] = "Bad Level,bad@example.org,,,chief,,,"  # line 1236
    path = tmp_path / "big.csv"
    path.write_text(",".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = community("member", "import", str(path))
    assert result.exit_code != 0
    assert "line 2502: person7@example.org is also on line 9" in result.output
    assert "line 3000: ann@example.org already belongs to Ann Lee" in result.output
    assert "line 1236: level should be core, active or peripheral" in result.output
    assert len(people(community, "--all")) == 3


def test_a_large_import_adds_everyone_in_order_and_says_so_briefly(
    community: Run, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(",".join(HEADER) + "\n" + "\n".join(many_rows(3000)) + "\n")
    result = community("member", "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Added 3000 members: Person 0000, Person 0001,")
    assert result.stdout.rstrip().endswith("Person 0009 and 2,990 more")
    listing = orjson.loads(community("member", "list", "--json").stdout)
    assert [m["id"] for m in listing[3:]] == [f"m{i}" for i in range(4, 3004)]
    assert [m["email"] for m in listing[3:6]] == [f"person{i}@example.org" for i in range(3)]
    added = community("member", "add", "Next One", "--email", "next@example.org")
    assert "(m3004)" in added.stdout


def test_a_long_listing_keeps_every_member_whole_on_one_line(
    community: Run, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    rows = many_rows(1500)
    rows[0] = "Person 0000 [b]not bold[/b],person0.with.a.long.address@example.org,,,core,,,"
    path.write_text(",".join(HEADER) + "\n" + "\n".join(rows) + "\n")
    assert community("member", "import", str(path)).exit_code == 0
    lines = community("member", "list").stdout.splitlines()
    assert lines[0] == "1503 members"
    ids = [line.split()[0] for line in lines[4:]]
    assert len(ids) == 1503 and len(set(ids)) == 1503
    assert ids[:2] == ["m1", "m4"]  # core first (Ann, then the core person), then by name
    first = lines[5]
    assert "Person 0000 [b]not bold[/b]" in first
    assert "person0.with.a.long.address@example.org" in first
    assert "person1499@example.org" in next(line for line in lines if line.startswith("m1503 "))


@pytest.mark.parametrize("year", ["0001", "1653", "9999"])
def test_member_import_keeps_to_the_years_a_date_option_takes(
    community: Run, tmp_path: Path, year: str
) -> None:
    path = tmp_path / "people.csv"
    """Issue 19: the one range of copkit.schedule.parsing, what `--joined` takes, for import."""
    path.write_text(f"name,email,joined\nDi Ng,di@example.org,{year}-06-01\n")
    result = community("member", "import", str(path))
    assert result.exit_code == 1 and "line 2" in result.output
    assert f"'{year}-06-01' is out of range: copkit takes dates from {FIRST_DAY} to {LAST_DAY}" in (
        result.output
    )
    assert "Di Ng" not in community("member", "list").output
