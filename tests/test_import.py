"""`member import`: a spreadsheet of people goes in whole or not at all, every problem named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import orjson
from click.testing import Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.model import Level, Member
from copkit.records.csvimport import HEADER, read_members_csv

Run = Callable[..., Result]

GOOD = """\
name,email,org,role,level,external,interests,joined
Dana Evans,dana@example.org,Eastfield Trust,Supervisor,core,no,neglect;supervision,2025-02-03
Eli Ford,ELI@example.org,Northgate,Social worker,active,yes,,2025-03-04
"Fox, Gail",gail@example.org,,,,,,
"""


def community_file(home: Path) -> Path:
    return next(p for p in home.glob("*.json") if p.name != "config.json")


def write_csv(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def emails(run: Run) -> set[str]:
    listing = orjson.loads(run("member", "list", "--all", "--json").stdout)
    return {m["email"] for m in listing}


def test_import_with_the_documented_header(community: Run, tmp_path: Path) -> None:
    assert ",".join(HEADER) == GOOD.splitlines()[0]  # the header docs/architecture.md documents
    result = community("member", "import", str(write_csv(tmp_path, GOOD)))
    assert result.exit_code == 0, result.output
    assert "3 members" in result.stdout
    listing = orjson.loads(community("member", "list", "--json").stdout)
    people = {m["email"]: m for m in listing}
    dana = people["dana@example.org"]
    assert (dana["org"], dana["role"], dana["level"]) == (
        "Eastfield Trust",
        "Supervisor",
        "core",
    )
    assert dana["interests"] == ["neglect", "supervision"]
    assert dana["joined"] == "2025-02-03"
    assert dana["external"] is False
    assert people["eli@example.org"]["external"] is True
    assert people["gail@example.org"]["name"] == "Fox, Gail"
    assert people["gail@example.org"]["level"] == "peripheral"


def test_spreadsheet_exports_with_bom_blank_lines_and_crlf_are_read(
    community: Run, tmp_path: Path
) -> None:
    text = "\ufeff" + GOOD.replace("\n", "\r\n") + "\r\n,,,,,,,\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8"))
    result = community("member", "import", str(path))
    assert result.exit_code == 0, result.output
    assert {"dana@example.org", "eli@example.org", "gail@example.org"} <= emails(community)


def test_bad_rows_are_all_reported_by_line_and_nothing_is_added(
    community: Run, home: Path, tmp_path: Path
) -> None:
    text = GOOD + (
        "Bad Email,not-an-email,,,,,,\n"  # line 5
        "Bad Date,bd@example.org,,,,,,2025-13-01\n"  # line 6
        "Bad Level,bl@example.org,,,boss,,,\n"  # line 7
        "Copy Of Dana,DANA@example.org,,,,,,\n"  # line 8: duplicate inside the file
        "Ann Again,ann@example.org,,,,,,\n"  # line 9: already a member
        "Too Many,tm@example.org,,,,,,,extra\n"  # line 10
        "Odd Flag,of@example.org,,,,perhaps,,\n"  # line 11
    )
    before = community_file(home).read_bytes()
    result = community("member", "import", str(write_csv(tmp_path, text)))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "nothing was imported" in result.stderr
    for line, words in [
        (5, "not an email"),
        (6, "not a date"),
        (7, "boss"),
        (8, "line 2"),
        (9, "Ann Lee"),
        (10, "more cells"),
        (11, "perhaps"),
    ]:
        assert f"line {line}: " in result.stderr, line
        report = result.stderr.split(f"line {line}: ", 1)[1].split("\n", 1)[0]
        assert words in report, (line, report)
    for good_line in (2, 3, 4):
        assert f"line {good_line}: " not in result.stderr
    assert community_file(home).read_bytes() == before


def test_duplicates_inside_the_file_are_refused(community: Run, tmp_path: Path) -> None:
    text = GOOD + "Dana Again,dana@example.org,,,,,,\n"
    result = community("member", "import", str(write_csv(tmp_path, text)))
    assert result.exit_code == 1
    assert "line 5: dana@example.org is also on line 2" in result.stderr
    assert "dana@example.org" not in emails(community)


def test_duplicates_against_the_community_are_refused(community: Run, tmp_path: Path) -> None:
    text = GOOD + "Bo Again,BO@example.org,,,,,,\n"
    result = community("member", "import", str(write_csv(tmp_path, text)))
    assert result.exit_code == 1
    assert "line 5: bo@example.org already belongs to Bo Chan" in result.stderr
    assert "dana@example.org" not in emails(community)


def test_importing_the_same_file_twice_adds_nobody_twice(community: Run, tmp_path: Path) -> None:
    path = write_csv(tmp_path, GOOD)
    assert community("member", "import", str(path)).exit_code == 0
    count = len(emails(community))
    again = community("member", "import", str(path))
    assert again.exit_code == 1
    assert len(emails(community)) == count


def test_dry_run_writes_nothing_but_says_what_it_would_add(
    community: Run, home: Path, tmp_path: Path
) -> None:
    before = community_file(home).read_bytes()
    result = community("member", "import", str(write_csv(tmp_path, GOOD)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would add 3 members" in result.stdout
    for name in ("Dana Evans", "Eli Ford", "Fox, Gail"):
        assert name in result.stdout
    assert community_file(home).read_bytes() == before


def test_dry_run_reports_bad_rows_too(community: Run, home: Path, tmp_path: Path) -> None:
    before = community_file(home).read_bytes()
    text = GOOD + "Bo Again,bo@example.org,,,,,,\n"
    result = community("member", "import", str(write_csv(tmp_path, text)), "--dry-run")
    assert result.exit_code == 1
    assert "line 5:" in result.stderr
    assert community_file(home).read_bytes() == before


def test_wrong_header_says_what_is_expected(community: Run, tmp_path: Path) -> None:
    for text, words in [
        ("full name,mail\nAnn,ann@example.org\n", "needs a header with name, email"),
        ("name,email,phone\nDi,di@example.org,0123\n", "columns copkit does not know: phone"),
        ("", "needs a header"),
    ]:
        result = community("member", "import", str(write_csv(tmp_path, text)))
        assert result.exit_code == 1, text
        assert words in result.stderr
        assert "name,email,org,role,level,external,interests,joined" in result.stderr


def test_a_file_that_is_not_text_is_refused(community: Run, home: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"PK\x03\x04\xff\xfe\x00binary")
    before = community_file(home).read_bytes()
    result = community("member", "import", str(path))
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr
    assert community_file(home).read_bytes() == before


def test_a_missing_file_is_a_usage_error(community: Run, tmp_path: Path) -> None:
    result = community("member", "import", str(tmp_path / "nowhere.csv"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# --- property: whatever the text, a clean refusal or valid members ----------------------------


def _garbage_or(*good: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(good), st.text(max_size=12))


COLUMNS = {
    "name": _garbage_or("Ann Lee", "Bo", "  Cy Dee  "),
    "email": st.one_of(
        st.emails().map(str), _garbage_or("a@example.org", "A@Example.org", "a@b", "@x.org")
    ),
    "org": _garbage_or("", "Northgate"),
    "role": _garbage_or("", "Social worker"),
    "level": _garbage_or("", "core", "Active", "PERIPHERAL", "lurker"),
    "external": _garbage_or("", "yes", "No", "x", "maybe"),
    "interests": _garbage_or("", "neglect;supervision", ";;"),
    "joined": st.one_of(st.dates().map(dt.date.isoformat), _garbage_or("", "2025-02-30")),
}
HEADERS = st.lists(st.sampled_from(HEADER[2:]), unique=True).flatmap(
    lambda rest: st.permutations(["name", "email", *rest])
)


def _as_csv(header: list[str], rows: list[dict[str, str]]) -> str:
    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell

    lines = [header, *[[row[column] for column in header] for row in rows]]
    return "\n".join(",".join(quote(c) for c in line) for line in lines)


def _check(text: str) -> None:
    try:
        result = read_members_csv(text, today=dt.date(2026, 11, 25))
    except InputError as exc:
        assert str(exc)  # a message a person can read
        return
    lines = [line for line, _ in result]
    assert lines == sorted(lines)
    assert len(set(lines)) == len(lines)
    for _line, member in result:
        assert isinstance(member, Member)
        assert member.name and "@" in member.email
        assert member.level in set(Level)
    found = [m.email for _, m in result]
    assert len(found) == len(set(found))  # no duplicates slip through


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
@example("name,email\n\x00,\x00")
@example('name,email\n"unterminated,a@b.org')
@example("name,email,name\nA,a@example.org,B")
@example("name,email,\nA,a@example.org,")
@example("name,email\r\nA,a@example.org\rB,b@example.org")
def test_arbitrary_text_gives_a_clean_error_or_valid_members(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(header=HEADERS, rows=st.lists(st.fixed_dictionaries(COLUMNS), max_size=6))
def test_well_formed_csv_with_arbitrary_cells_gives_a_clean_error_or_valid_members(
    header: list[str], rows: list[dict[str, str]]
) -> None:
    _check(_as_csv(list(header), rows))
