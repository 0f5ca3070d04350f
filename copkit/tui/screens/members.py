"""Members: a sortable, filterable table, and forms to add, edit, change level and mark left."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from copkit.health import thresholds as th
from copkit.model import Member
from copkit.records import CommunityData
from copkit.report.literal import visible
from copkit.tui import views
from copkit.tui.screens.base import CopkitScreen, highlighted_key

LEVEL_STYLE = {"core": "bold", "active": "", "peripheral": "dim"}
WINDOW = f"{th.PARTICIPATION_WINDOW_DAYS} days"
# Email last: the table scrolls sideways on a narrow terminal and the rest stays in view.
# "Taking part" sets meetings and conversation between them side by side, over the window the
# health check reads levels from: a member who only writes on the channel shows as taking part.
COLUMNS: tuple[tuple[str, str], ...] = (("name", "Name"), ("level", "Level"))
COLUMNS += (("org", "Organisation"), ("role", "Role"))
COLUMNS += (("joined", "Joined"), ("taking", f"Last {WINDOW}: meetings · talk"))
COLUMNS += (("email", "Email"),)


class MembersScreen(CopkitScreen):
    """Everyone in the community, with who they are and how they take part."""

    AREA = "Members"
    BODY = "#members"
    FOCUS = "#members"
    HELP = (
        "Everyone in the community. Type in the filter to narrow the table (every word must "
        "match a name, email, organisation, role or level); sort by a column with o or by "
        "clicking its header. Forms check what you type as you type it, with the same messages "
        "as the command line; nothing is saved until you press ctrl+s."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("l", "level", "Level"),
        Binding("x", "leave", "Mark left"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("o", "sort", "Sort"),
        Binding("t", "toggle_left", "Former"),
        Binding("escape", "focus_table", "Back to the table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_column = "name"
        self.sort_reverse = False
        self.include_left = False

    def body(self) -> ComposeResult:
        with Horizontal(id="member-bar"):
            yield Input(
                placeholder="/ to filter: name, email, org, role or level",
                id="filter",
                compact=True,
            )
            yield Label("", id="member-count")
        table: DataTable[str | Text] = DataTable(
            id="members", cursor_type="row", zebra_stripes=True
        )
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        yield table

    def show(self, data: CommunityData) -> None:
        table = self.query_one("#members", DataTable)
        keep = highlighted_key(table)
        query = self.query_one("#filter", Input).value
        shown = views.filter_members(
            data.members, query, on=self.copkit.today, include_left=self.include_left
        )
        shown = views.sort_members(shown, self.sort_column, reverse=self.sort_reverse)
        table.clear()
        taking = views.taking_part(data, self.copkit.today)
        for member in shown:
            table.add_row(*self._cells(member, taking.get(member.id, "")), key=member.id)
        if keep is not None and keep in {m.id for m in shown}:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        arrow = "↓" if not self.sort_reverse else "↑"
        former = ", with former members" if self.include_left else ""
        self.query_one("#member-count", Label).update(
            f"{len(shown)} of {len(data.members)} · by {self.sort_column} {arrow}{former}"
        )

    def _cells(self, member: Member, taking: str) -> tuple[Text, ...]:
        """Rich ``Text`` cells: a DataTable reads a plain string as markup, and people's
        names and organisations are shown as typed (anything a terminal obeys, escaped)."""
        name = member.name + (" (external)" if member.external else "")
        joined = str(member.joined) + (f" → left {member.left}" if member.left else "")
        level = Text(member.level.value, style=LEVEL_STYLE[member.level.value])
        plain = (member.org, member.role, joined, member.email)
        *shown, email = (Text(visible(value)) for value in plain)
        return (Text(visible(name)), level, *shown, Text(taking), email)

    def redraw(self) -> None:
        if self.copkit.ready:  # typing in the filter while the community is read
            self.show(self.copkit.data)

    @on(Input.Changed, "#filter")
    def _filtered(self) -> None:
        self.redraw()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#members", DataTable).focus()

    @on(DataTable.HeaderSelected, "#members")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        if column not in views.MEMBER_SORTS:
            return
        self.sort_reverse = not self.sort_reverse if column == self.sort_column else False
        self.sort_column = column
        self.redraw()

    @on(DataTable.RowSelected, "#members")
    def _selected(self) -> None:
        self.action_edit()

    def selected(self) -> Member | None:
        key = highlighted_key(self.query_one("#members", DataTable))
        return self.copkit.data.member(key) if key else None

    # --- actions --------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#members", DataTable).focus()

    def action_sort(self) -> None:
        order = views.MEMBER_SORTS
        self.sort_column = order[(order.index(self.sort_column) + 1) % len(order)]
        self.sort_reverse = False
        self.redraw()

    def action_toggle_left(self) -> None:
        self.include_left = not self.include_left
        self.redraw()

    def action_add(self) -> None:
        from copkit.tui.forms.member import MemberForm

        self.app.push_screen(MemberForm(None, today=self.copkit.today))

    def action_edit(self) -> None:
        from copkit.tui.forms.member import MemberForm

        if member := self._need_member():
            self.app.push_screen(MemberForm(member, today=self.copkit.today))

    def action_level(self) -> None:
        from copkit.tui.forms.level import LevelForm

        if member := self._need_member():
            self.app.push_screen(LevelForm(member))

    def action_leave(self) -> None:
        from copkit.tui.forms.leave import LeaveForm

        if member := self._need_member():
            self.app.push_screen(LeaveForm(member, today=self.copkit.today))

    def _need_member(self) -> Member | None:
        member = self.selected()
        if member is None:
            self.notify("No member is highlighted.", severity="warning")
        return member
