"""The dashboard application: one snapshot of the community, four screens, one way to write.

The app reads the community once into :attr:`CopkitApp.data`. Every change goes through
:meth:`CopkitApp.write`, which runs a function of :mod:`copkit.records` inside one locked write
session (exactly as a CLI command does), then reads the file again, so screens always show what
is stored, including changes the CLI made meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from copkit.health import participation
from copkit.records import CommunityData
from copkit.report.literal import visible
from copkit.tui.screens.base import CopkitScreen
from copkit.tui.screens.home import HomeScreen
from copkit.tui.screens.meetings import MeetingsScreen
from copkit.tui.screens.members import MembersScreen
from copkit.tui.screens.spaces import SpacesScreen

if TYPE_CHECKING:
    from copkit.storage.store import Session, Store
    from copkit.tui.insight import Insight

T = TypeVar("T")

#: (mode, screen action, palette title, palette help): every action has a palette entry.
PALETTE_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("home", "open_principle", "Principle details", "Full evidence and prompt for a principle"),
    ("members", "add", "Add member", "Add a person to the community"),
    ("members", "edit", "Edit member", "Change the highlighted member's details"),
    ("members", "level", "Change level", "Core, active or peripheral for the highlighted member"),
    ("members", "leave", "Mark member as left", "Record that the highlighted member left"),
    ("members", "filter", "Filter members", "Type to narrow the member table"),
    ("members", "sort", "Sort members", "Sort by the next column: name, level, org, joined"),
    ("members", "toggle_left", "Show or hide former members", "Include members who have left"),
    ("meetings", "record", "Record a held meeting", "Attendance, topics, activities and guests"),
    ("meetings", "plan", "Plan a meeting", "Theme, agenda and host of the highlighted meeting"),
    ("meetings", "cancel", "Cancel an occurrence", "Call off the highlighted upcoming meeting"),
    ("meetings", "export", "Export invite (.ics)", "Save the highlighted rhythm's calendar invite"),
)


class CopkitApp(App[None]):
    """The copkit dashboard for one community.

    ``today`` and ``now`` may be fixed, so that tests and snapshots do not change from day to
    day; by default they are the real date and time in the community's zone.
    """

    CSS_PATH = "copkit.tcss"
    TITLE = "copkit"
    MODES: ClassVar[dict[str, Any]] = {
        "home": HomeScreen,
        "members": MembersScreen,
        "meetings": MeetingsScreen,
        "spaces": SpacesScreen,
    }
    DEFAULT_MODE = "home"
    # Screens get these classes by terminal size; the stylesheet gives wide and tall
    # terminals more detail, and keeps 80x24 uncluttered.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # typed by textual's App
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        # Navigation is shown in the bar at the top, so the footer keeps room for each
        # screen's own keys.
        Binding("h", "switch_mode('home')", "Home", show=False),
        Binding("m", "switch_mode('members')", "Members", show=False),
        Binding("r", "switch_mode('meetings')", "Rhythms and meetings", show=False),
        Binding("s", "switch_mode('spaces')", "Spaces", show=False),
        Binding("question_mark", "help", "Help", key_display="?", show=False),
        Binding("ctrl+r", "reload", "Reload", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self, store: Store, *, today: dt.date | None = None, now: dt.datetime | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.version = 0
        self.data = self._read()
        zone = self.data.community.zone
        if now is None and today is not None:
            now = dt.datetime.combine(today, dt.time(9, 0), tzinfo=zone)
        self._fixed_now = now
        self._insight_cache: tuple[int, Insight] | None = None
        self.title = visible(self.data.community.name)

    # --- data -----------------------------------------------------------------------------

    @property
    def now(self) -> dt.datetime:
        """Aware current time (fixed when the app was given one)."""
        zone = self.data.community.zone
        return (self._fixed_now or dt.datetime.now(zone)).astimezone(zone)

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def _read(self) -> CommunityData:
        """Read the file once: the snapshot screens show, and the document forms rehearse on."""
        self._stamp = self._file_stamp()
        self.held = self.store.hold()
        with self.held.rehearse() as session:
            # with conversation between meetings: the home and members screens read it
            return participation.read(session)

    def _file_stamp(self) -> tuple[int, int]:
        try:
            stat = self.store.path.stat()
        except OSError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_size)

    def reload_if_changed(self) -> None:
        """Pick up what the CLI (or another dashboard) wrote since the last read.

        Called whenever a screen comes into view: a stat is cheap, and the file is replaced
        atomically on every write, so a changed stamp means a changed community.
        """
        if self._file_stamp() != self._stamp:
            self.reload()

    def reload(self) -> None:
        """Read the file again (another face may have changed it) and mark screens stale."""
        self.data = self._read()
        self.version += 1
        self.title = visible(self.data.community.name)

    def write(self, change: Callable[[Session], T]) -> T:
        """Run ``change`` in one locked write session, then reload. A CopkitError writes nothing
        and reaches the caller, which shows its message."""
        with self.store.write() as session:
            result = change(session)
        self.reload()
        return result

    def insight(self) -> Insight:
        """The health check and participation figures, computed once per version of the data."""
        from copkit.tui.insight import compute

        if self._insight_cache is None or self._insight_cache[0] != self.version:
            self._insight_cache = (self.version, compute(self.data, self.today))
        return self._insight_cache[1]

    # --- actions --------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Read the community file again, e.g. after a command changed it."""
        self.reload()
        screen = self.screen
        if isinstance(screen, CopkitScreen):
            screen.sync()
        self.notify("Read the community file again.")

    def action_help(self) -> None:
        from copkit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def run_in_mode(self, mode: str, action: str) -> None:
        """Switch to a screen and run one of its actions (what a palette entry does)."""
        if self.current_mode != mode:
            await self.switch_mode(mode)
        await self.screen.run_action(action)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        titles = {"home": "Home", "members": "Members", "meetings": "Rhythms and meetings"}
        titles["spaces"] = "Spaces"
        for mode, title in titles.items():
            yield SystemCommand(
                f"Go to {title}", f"Show the {title.lower()} screen", self._switcher(mode)
            )
        for mode, action, title, help_text in PALETTE_ACTIONS:
            yield SystemCommand(title, help_text, self._runner(mode, action))
        yield SystemCommand("Help", "Keys and what each screen does", self.action_help)
        yield SystemCommand(
            "Reload", "Read the community file again (after a CLI change)", self.action_reload
        )
        yield from super().get_system_commands(screen)

    def _switcher(self, mode: str) -> Callable[[], Any]:
        return lambda: self.switch_mode(mode)

    def _runner(self, mode: str, action: str) -> Callable[[], Any]:
        return lambda: self.run_in_mode(mode, action)
