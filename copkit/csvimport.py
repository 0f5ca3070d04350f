"""Reading members from a spreadsheet export, checking every row before anything is stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping

from copkit.errors import CopkitError, InputError
from copkit.model import Level, Member
from copkit.parsing import parse_date

HEADER = ("name", "email", "org", "role", "level", "external", "interests", "joined")
REQUIRED = ("name", "email")
TRUE_WORDS = {"yes", "y", "true", "1", "external", "x"}
FALSE_WORDS = {"", "no", "n", "false", "0", "internal"}


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise InputError(f"external should be yes or no, not {text!r}")


def _row_to_member(row: dict[str, str]) -> Member:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    level = cell("level").lower() or Level.PERIPHERAL.value
    if level not in {lv.value for lv in Level}:
        raise InputError(f"level should be core, active or peripheral, not {cell('level')!r}")
    return Member(
        name=cell("name"),
        email=cell("email"),
        org=cell("org"),
        role=cell("role"),
        level=Level(level),
        external=_flag(cell("external")),
        interests=tuple(i.strip() for i in cell("interests").split(";") if i.strip()),
        joined=parse_date(cell("joined")) if cell("joined") else dt.date.today(),
    )


def read_members_csv(text: str, known: Mapping[str, str] | None = None) -> list[tuple[int, Member]]:
    """Parse the CSV; return (line number, member) pairs, or raise with every bad row listed.

    ``known`` maps the community's emails to names, so that a row repeating an existing member
    is reported along with every other bad row, not after they are fixed.
    """
    known = known or {}
    seen: dict[str, int] = {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(
            f"the CSV needs a header with {', '.join(missing)} (expected: {','.join(HEADER)})"
        )
    unknown = [name for name in header if name not in HEADER]
    if unknown:
        raise InputError(f"unknown column(s) {', '.join(unknown)} (expected: {','.join(HEADER)})")
    reader.fieldnames = header
    members: list[tuple[int, Member]] = []
    problems: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append(f"line {line}: more cells than the header has")
                continue
            if not any((value or "").strip() for value in row.values()):
                continue  # a blank line in a spreadsheet export
            try:
                member = _row_to_member(row)
            except CopkitError as exc:
                problems.append(f"line {line}: {exc}")
                continue
            if member.email in known:
                problems.append(
                    f"line {line}: {member.email} already belongs to {known[member.email]}"
                )
            elif member.email in seen:
                problems.append(f"line {line}: {member.email} is also on line {seen[member.email]}")
            seen.setdefault(member.email, line)
            members.append((line, member))
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: {exc}")
    if problems:
        raise InputError("nothing was imported:\n  " + "\n  ".join(problems))
    return members
