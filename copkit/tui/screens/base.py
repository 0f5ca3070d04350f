"""What every dashboard screen shares: a header, a footer, and showing fresh data.

A screen remembers which version of the app's data it last showed; whenever it comes back into
view (on first mount, after a form closes, after switching screens) it redraws only if the data
changed meanwhile, so switching screens costs nothing when nothing changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from copkit.records import CommunityData
from copkit.report.literal import visible

if TYPE_CHECKING:
    from copkit.tui.app import CopkitApp


NAV: tuple[tuple[str, str, str], ...] = (("home", "h", "Home"), ("members", "m", "Members"))
NAV += (("meetings", "r", "Rhythms"),)
NAV += (("spaces", "s", "Spaces"),)


class CopkitScreen(Screen[None]):
    """A full screen of the dashboard. Subclasses write ``body`` and ``show``."""

    #: Shown by the help screen: what this screen is for, in a gardener's words.
    HELP = ""
    #: Shown in the header beside the community's name.
    AREA = ""

    def __init__(self) -> None:
        super().__init__()
        self.shown_version = -1

    @property
    def copkit(self) -> CopkitApp:
        return cast("CopkitApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="nav")
        yield from self.body()
        yield Footer()

    def body(self) -> ComposeResult:
        yield from ()

    def show(self, data: CommunityData) -> None:
        """Fill the widgets from a snapshot."""

    def on_mount(self) -> None:
        self.sub_title = self.AREA
        self.sync()

    def _nav(self) -> Content:
        """The community's name and the four areas, each clickable, the current one marked.

        The name is a template variable, inserted as typed: never read as markup, and
        anything a terminal would obey in it shown escaped (``visible``)."""
        parts = []
        for mode, key, label in NAV:
            style = "reverse b" if mode == self.copkit.current_mode else "b"
            parts.append(f"[@click=app.switch_mode('{mode}')][{style}] {key} [/] {label}[/]")
        template = " ".join(parts) + "  [b] ? [/] Help  [b $text-accent]❧ $name[/]"
        return Content.from_markup(template, name=visible(self.copkit.data.community.name))

    def on_screen_resume(self) -> None:
        self.sync()

    def sync(self) -> None:
        self.copkit.reload_if_changed()
        self.query_one("#nav", Static).update(self._nav())
        if self.shown_version != self.copkit.version:
            self.shown_version = self.copkit.version
            self.show(self.copkit.data)


def highlighted_key(table: DataTable[Any]) -> str | None:
    """The row key under the cursor of a table, or None when the table is empty."""
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return row_key.value
