"""Rich tables and panels for listings: members, spaces, rhythms, meetings.

Every cell goes through :func:`~copkit.report.literal.add_row`, so names, organisations, topics
and reasons are shown as typed, never read as markup, with anything a terminal would obey
(an ESC sequence, a bidirectional override) written out as an escape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from copkit.health.words import count
from copkit.model import Meeting, Member, Rhythm, Space
from copkit.report.literal import add_row, visible

if TYPE_CHECKING:  # a type only: rendering imports nothing that computes
    from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult

    from copkit.records import Upcoming

LEVEL_STYLE = {"core": "bold", "active": "", "peripheral": "dim"}


#: Short columns that read badly when wrapped ("2025-09-0" / "1"): they keep their width.
NO_WRAP = {"id", "level", "joined", "kind", "length", "status", "attended", "topics"}


def _table(title: str, *columns: str) -> Table:
    table = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", padding=(0, 1)
    )
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in NO_WRAP)
    return table


def member_table(members: Sequence[Member], *, width: int = 120) -> Table:
    """Members, core first. Below 110 columns the role and joined date step aside (see
    `member show`), so names and emails stay readable on an 80-column terminal."""
    wide = width >= 110
    columns = ["id", "name", "email", "org", "role", "level", "joined"]
    if not wide:
        columns = ["id", "name", "email", "org", "level"]
    table = _table(count(len(members), "member"), *columns)
    for m in sorted(members, key=lambda m: (m.level != "core", m.level != "active", m.name)):
        name = m.name + (" (external)" if m.external else "")
        left = f" → left {m.left}" if m.left else ""
        level = Text(m.level.value, style=LEVEL_STYLE[m.level.value])
        if wide:
            add_row(table, m.id, name, m.email, m.org, m.role, level, f"{m.joined}{left}")
        else:
            add_row(table, m.id, name + left, m.email, m.org, level)
    return table


def member_listing(members: Sequence[Member], note: str | None = None) -> Group:
    """The member table as wide as where it is printed (a terminal, or a file's 120 columns:
    see :func:`member_table`), then ``note`` if one is given."""
    from rich.console import Group  # the console machinery, only for a listing on show

    table = _AtWidth(lambda width: member_table(members, width=width))
    return Group(table, *([Text(note)] if note else []))


class _AtWidth:
    """A renderable built for the width it is printed at, known only once it is printed."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def member_panel(member: Member) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    rows = [
        ("email", member.email),
        ("organisation", member.org or "-"),
        ("role", member.role or "-"),
        ("level", member.level.value),
        ("external", "yes" if member.external else "no"),
        ("interests", ", ".join(member.interests) or "-"),
        ("joined", str(member.joined)),
        ("left", str(member.left) if member.left else "-"),
    ]
    for label, value in rows:
        add_row(grid, label, value)
    title = Text(visible(f"{member.name} ({member.id})"))
    return Panel(grid, title=title, title_align="left", expand=False)


def space_table(spaces: Sequence[Space]) -> Table:
    table = _table(
        count(len(spaces), "space"), "id", "name", "kind", "for", "platform", "location", "url"
    )
    for s in spaces:
        kind = Text("private", style="italic") if s.is_private else Text("public")
        used = s.purpose if s.retired is None else f"{s.purpose}, retired {s.retired:%d %b %Y}"
        add_row(table, s.id, s.name, kind, used, s.platform, s.location, s.url)
    return table


def rhythm_table(rows: Sequence[tuple[Rhythm, Space, dt.datetime | None]]) -> Table:
    table = _table(count(len(rows), "rhythm"), "id", "name", "space", "rule", "length", "next")
    for rhythm, space, upcoming in rows:
        add_row(
            table,
            rhythm.id,
            rhythm.name,
            space.name,
            rhythm.rrule,
            f"{rhythm.duration_minutes}m",
            f"{upcoming:%a %d %b %Y %H:%M}" if upcoming else "-",
        )
    return table


def meeting_table(title: str, rows: Sequence[tuple[Meeting, str, str]]) -> Table:
    """Meetings with the names of their rhythm and space already looked up."""
    table = _table(title, "id", "when", "rhythm", "space", "status", "attended", "topics")
    for meeting, rhythm_name, space_name in rows:
        status = (
            "held"
            if meeting.held
            else f"cancelled{': ' + meeting.reason if meeting.reason else ''}"
        )
        add_row(
            table,
            meeting.id or "-",
            f"{meeting.start:%a %d %b %Y %H:%M}",
            rhythm_name,
            space_name,
            status,
            str(meeting.attendance) if meeting.held else "-",
            str(len(meeting.topics)) if meeting.held else "-",
        )
    return table


def upcoming_table(items: Sequence[Upcoming]) -> Table:
    table = _table(f"{len(items)} upcoming", "when", "rhythm", "space", "length")
    for item in items:
        add_row(
            table,
            f"{item.start:%a %d %b %Y %H:%M}",
            item.rhythm.name,
            item.space.name + (" (private)" if item.space.is_private else ""),
            f"{item.rhythm.duration_minutes}m",
        )
    return table
