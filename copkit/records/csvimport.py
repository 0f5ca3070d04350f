"""Members to and from a spreadsheet: the CSV `member import` reads and `member list --csv` writes.

Reading checks every row before anything is stored. Writing produces a file that `member
import` reads back into the same people (export, then import into a fresh community, gives
the same names, emails, organisations, roles, levels, interests and dates), and that a
spreadsheet can open safely. Both directions pass every cell through :func:`encode_cell` /
:func:`decode_cell` and every list of interests through :func:`join_interests` /
:func:`split_interests`, so the two can never drift apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping

import msgspec

from copkit.errors import CopkitError, InputError
from copkit.model import Level, Member
from copkit.schedule.parsing import parse_day

HEADER = ("name", "email", "org", "role", "level", "external", "interests", "joined")
#: Read when present; written only when a listed member has a leaving date (`member list --all`).
OPTIONAL = ("left",)
REQUIRED = ("name", "email")
_LEVELS = frozenset(level.value for level in Level)
TRUE_WORDS = {"yes", "y", "true", "1", "external", "x"}
FALSE_WORDS = {"", "no", "n", "false", "0", "internal"}

#: What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The prefix that makes a spreadsheet keep a cell as text.
TEXT_MARK = "'"
#: Between interests in one cell; a ";" inside an interest is written twice.
INTEREST_SEPARATOR = "; "
_INTEREST = re.compile(r"(?:[^;]|;;)+")
#: The first characters worth a closer look (most cells start with none of them).
_FIRST_LOOK = frozenset((TEXT_MARK, *FORMULA_START))


def _formula_like(text: str) -> bool:
    """Whether ``text``, once any leading quotes are set aside, starts like a formula."""
    return text[:1] in _FIRST_LOOK and text.lstrip(TEXT_MARK).startswith(FORMULA_START)


def encode_cell(value: str) -> str:
    """A value as a CSV cell a spreadsheet shows as text and never runs as a formula.

    The rule (one quote, added or taken away, in one place):

    * writing, a value that starts with ``= + - @``, a tab or a carriage return, after any
      quotes it already starts with, gets one more ``'`` in front: ``=SUM(A1)`` is written
      ``'=SUM(A1)``, and ``'=SUM(A1)`` (a value that really starts with a quote) is written
      ``''=SUM(A1)``;
    * reading (:func:`decode_cell`), a cell of that same shape (a ``'``, then perhaps more
      quotes, then a formula character) loses exactly its first ``'``;
    * any other value is written and read as it is, so ``'tis`` or ``O'Neill`` stay untouched.

    So no written cell begins with a formula character, and every value reads back as it was:
    the quote is added exactly when the value has the shape that reading takes one from. A
    hand-made spreadsheet cell typed as ``'=x`` (a quote to keep it text) reads as ``=x``.
    """
    return TEXT_MARK + value if _formula_like(value) else value


def decode_cell(cell: str) -> str:
    """A cell's value: :func:`encode_cell` undone (see the rule there)."""
    return cell[1:] if cell.startswith(TEXT_MARK) and _formula_like(cell) else cell


def join_interests(interests: Iterable[str]) -> str:
    """Interests in one cell, ``"; "`` between them, a ``;`` inside one written ``;;``."""
    return INTEREST_SEPARATOR.join(i.replace(";", ";;") for i in interests)


def split_interests(cell: str) -> tuple[str, ...]:
    """The interests in a cell: split at a single ``;``, with ``;;`` read as a ``;`` inside one.

    ``neglect;supervision`` and ``neglect; supervision`` are two interests; blanks are
    dropped. (An interest never starts or ends with a space, so the space after each separator
    keeps a ``;`` at an interest's edge apart from the separator.)
    """
    found = (part.replace(";;", ";").strip() for part in _INTEREST.findall(cell))
    return tuple(part for part in found if part)


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise InputError(f"external should be yes or no, not {text!r}")


def _row_to_member(row: dict[str, str], today: dt.date) -> Member:
    cells = {name: decode_cell((value or "").strip()) for name, value in row.items()}
    level = cells.get("level", "").lower() or Level.PERIPHERAL.value
    if level not in _LEVELS:
        raise InputError(f"level should be core, active or peripheral, not {cells['level']!r}")
    joined, left = cells.get("joined"), cells.get("left")
    return Member(
        name=cells["name"],
        email=cells["email"],
        org=cells.get("org", ""),
        role=cells.get("role", ""),
        level=Level(level),
        external=_flag(cells.get("external", "")),
        interests=split_interests(cells.get("interests", "")),
        joined=parse_day(joined) if joined else today,
        left=parse_day(left) if left else None,
    )


def _member_to_row(member: Member, columns: tuple[str, ...]) -> list[str]:
    values = {
        "name": member.name,
        "email": member.email,
        "org": member.org,
        "role": member.role,
        "level": member.level.value,
        "external": "yes" if member.external else "no",
        "interests": join_interests(member.interests),
        "joined": member.joined.isoformat(),
        "left": member.left.isoformat() if member.left else "",
    }
    return [encode_cell(values[column]) for column in columns]


def write_members_csv(members: Iterable[Member]) -> str:
    """The members as CSV with the import's header (and ``left`` if anyone listed has left).

    ``member import`` reads it back into the same people; see :func:`encode_cell` for how a
    cell that a spreadsheet would run as a formula is kept as text.
    """
    members = list(members)
    columns = HEADER + (OPTIONAL if any(m.left for m in members) else ())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(_member_to_row(member, columns) for member in members)
    return buffer.getvalue()


def _read_header(reader: csv.DictReader[str]) -> list[str]:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    expected = ",".join(HEADER)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(f"the CSV needs a header with {', '.join(missing)} (expected: {expected})")
    unknown = [name for name in header if name not in HEADER + OPTIONAL]
    if unknown:
        raise InputError(
            f"columns copkit does not know: {', '.join(unknown)} (expected: {expected})"
        )
    return header


class MembersFile(msgspec.Struct, frozen=True):
    """A members CSV as read: each member with its line, and each line that could not be read.

    Reading never consults the community; :func:`copkit.records.import_members` then applies
    the rules that need it (an email already a member's, or twice in the file), so a file is
    reported whole, every problem in line order.
    """

    members: tuple[tuple[int, Member], ...]
    problems: tuple[tuple[int, str], ...]


def read_members_file(text: str, *, today: dt.date) -> MembersFile:
    """Read the CSV's rows into members, each with its line; a bad row becomes a problem.
    A row without a join date joins ``today`` (the face's day), as `member add` does.

    A header that is not the import's is refused at once. A file of any length is read in time
    proportional to it.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames = _read_header(reader)
    members: list[tuple[int, Member]] = []
    problems: list[tuple[int, str]] = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append((line, "more cells than the header has"))
                continue
            if not any((value or "").strip() for value in row.values()):
                continue  # a blank line in a spreadsheet export
            try:
                members.append((line, _row_to_member(row, today)))
            except CopkitError as exc:
                problems.append((line, str(exc)))
    except csv.Error as exc:
        problems.append((reader.line_num, str(exc)))
    return MembersFile(tuple(members), tuple(problems))


def read_members_csv(text: str, *, today: dt.date) -> list[tuple[int, Member]]:
    """The CSV's (line number, member) pairs, checked as a file alone (no community): raise
    with every bad row listed, an email given twice among them."""
    return checked_members(read_members_file(text, today=today), known={})


def checked_members(read: MembersFile, *, known: Mapping[str, str]) -> list[tuple[int, Member]]:
    """The (line, member) pairs of a file read, if every row passes; all or nothing.

    ``known`` maps the community's emails to names: a row repeating a member, or an email
    given on an earlier line, is refused, and reported with every row that could not be read,
    in line order.
    """
    seen: dict[str, int] = {}
    problems = list(read.problems)
    for line, member in read.members:
        if member.email in known:
            problems.append((line, f"{member.email} already belongs to {known[member.email]}"))
        elif member.email in seen:
            problems.append((line, f"{member.email} is also on line {seen[member.email]}"))
        seen.setdefault(member.email, line)
    if problems:
        problems.sort(key=lambda problem: problem[0])
        shown = (f"line {line}: {problem}" for line, problem in problems)
        raise InputError("nothing was imported:\n  " + "\n  ".join(shown))
    return list(read.members)
