"""What every dashboard screen shares: a header, a footer, and showing fresh data.

A screen remembers which version of the app's data it last showed; whenever it comes back into
view (on first mount, after a form closes, after switching screens) or a new snapshot lands, it
redraws only if the data changed meanwhile, so switching screens costs nothing when nothing
changed. While the community is read (in a worker), the widgets that show it are covered by a
loading indicator, and the screen's own actions wait (dimmed in the footer) until there is a
community to act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from copkit.records import CommunityData
from copkit.report.literal import visible

if TYPE_CHECKING:
    from copkit.tui.host import Dashboard


NAV: tuple[tuple[str, str, str], ...] = (("home", "h", "Home"), ("members", "m", "Members"))
NAV += (("meetings", "r", "Rhythms"),)
NAV += (("spaces", "s", "Spaces"),)


class CopkitScreen(Screen[None]):
    """A full screen of the dashboard. Subclasses write ``body`` and ``show``."""

    #: Shown by the help screen: what this screen is for, in a gardener's words.
    HELP = ""
    #: Shown in the header beside the community's name.
    AREA = ""
    #: The widgets that show the community: covered by a loading indicator while it is read.
    BODY: ClassVar[str] = ""
    #: Where the keyboard starts on this screen, once there is something to show.
    FOCUS: ClassVar[str] = ""
    # Nothing is focused while the community is read: textual would focus the first field it
    # can (the members filter), and keys meant for the screen would be typed into it.
    AUTO_FOCUS: ClassVar[str | None] = ""

    def __init__(self) -> None:
        super().__init__()
        self.shown_version = -1
        self.was_ready = False

    @property
    def copkit(self) -> Dashboard:
        return cast("Dashboard", self.app)

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
        if not self.copkit.ready:
            template = " ".join(parts) + "  [b] ? [/] Help  [dim]reading the community…[/]"
            return Content.from_markup(template)
        template = " ".join(parts) + "  [b] ? [/] Help  [b $text-accent]❧ $name[/]"
        return Content.from_markup(template, name=visible(self.copkit.data.community.name))

    def on_screen_resume(self) -> None:
        self.sync()

    def sync(self) -> None:
        app = self.copkit
        app.reload_if_changed()
        self.query_one("#nav", Static).update(self._nav())
        self.show_loading(self.BODY, not app.ready or app.reading)
        if not app.ready:
            return
        if not self.was_ready:
            self.was_ready = True
            self.refresh_bindings()  # the screen's actions, dimmed until now
        if self.shown_version != app.version:
            first = self.shown_version < 0
            self.shown_version = app.version
            self.show(app.data)
            if first and self.FOCUS:  # once there is something in it to move through
                self.query_one(self.FOCUS).focus()

    def show_loading(self, selector: str, loading: bool) -> None:
        """Cover the widgets ``selector`` names with a loading indicator, or uncover them."""
        if selector:
            for widget in self.query(selector):
                widget.loading = loading

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A screen's own actions act on the community: until it is read they are shown
        dimmed and do nothing (textual's own, like focus moves, always run)."""
        if self.copkit.ready or hasattr(Screen, f"action_{action}"):
            return True
        return None


def highlighted_key(table: DataTable[Any]) -> str | None:
    """The row key under the cursor of a table, or None when the table is empty."""
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return row_key.value
