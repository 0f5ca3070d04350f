"""Long listings as plain aligned columns, written line by line.

A Rich table lays out every cell of every row (measuring, wrapping, padding) before it prints
its first line: half a millisecond a row, so `member list` of 50,000 members took 26 seconds.
Nobody reads such a listing on screen; it goes to a pager, a file or grep. Past
:data:`LONG_LISTING` rows, listings are printed here instead: the same title, columns and
order as the table, each cell shown as :func:`~copkit.report.literal.visible` shows it, one
line per record, in time proportional to the rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len

from copkit.health.words import count
from copkit.model import Member
from copkit.report.literal import visible

#: More rows than this and a listing is printed as plain columns rather than a Rich table.
LONG_LISTING = 1_000
#: A column is padded to its longest cell up to this width; a longer cell runs on past it.
WIDEST_COLUMN = 40
MEMBER_COLUMNS = ("id", "name", "email", "org", "role", "level", "joined")


def member_order(member: Member) -> tuple[bool, bool, str]:
    """Core first, then active, then the rest, each by name (as the member table)."""
    return (member.level != "core", member.level != "active", member.name)


def member_lines(members: Sequence[Member]) -> Iterator[str]:
    """The title, the header and one line per member, core first, then by name."""
    header = [_measured(column) for column in MEMBER_COLUMNS]
    rows = [_member_cells(m) for m in sorted(members, key=member_order)]
    columns = zip(header, *rows, strict=True)
    widths = [min(WIDEST_COLUMN, max(width for _, width in column)) for column in columns]
    rule = [("-" * width, width) for width in widths]
    yield count(len(members), "member")
    yield ""
    for row in (header, rule, *rows):
        yield _line(row, widths)


def _member_cells(member: Member) -> list[tuple[str, int]]:
    name = member.name + (" (external)" if member.external else "")
    joined = f"{member.joined}" + (f" → left {member.left}" if member.left else "")
    cells = (member.id, name, member.email, member.org, member.role, member.level.value, joined)
    return [_measured(cell) for cell in cells]


def _measured(text: str) -> tuple[str, int]:
    """The text as :func:`visible` shows it, and its width on screen.

    Printable ASCII, nearly every cell, needs no closer look: it is shown as it is, one
    column a character. (Every character ``visible`` escapes is unprintable.)
    """
    if text.isascii() and text.isprintable():
        return text, len(text)
    shown = text if text.isprintable() else visible(text)
    return shown, cell_len(shown)


def _line(cells: Sequence[tuple[str, int]], widths: Sequence[int]) -> str:
    pairs = zip(cells, widths, strict=True)
    return "  ".join(text + " " * (width - used) for (text, used), width in pairs).rstrip()
