"""What screens and forms ask of the dashboard app: named by shape, so they need not import it.

:class:`copkit.tui.app.CopkitApp` is the one implementation. The app imports its screens to
install them; were the screens to import the app back, the two would form an import circle
(import-linter forbids one), so a screen reaches the app through this :class:`Dashboard` and
the palette's actions live here, where the help screen reads them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from copkit.records import CommunityData
    from copkit.storage.store import Held, Session
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


class Dashboard(Protocol):
    """The dashboard as its screens and forms use it."""

    @property
    def ready(self) -> bool: ...

    @property
    def reading(self) -> bool: ...

    @property
    def version(self) -> int: ...

    @property
    def data(self) -> CommunityData: ...

    @property
    def held(self) -> Held: ...

    @property
    def now(self) -> dt.datetime: ...

    @property
    def today(self) -> dt.date: ...

    @property
    def current_mode(self) -> str: ...

    def reload_if_changed(self) -> None: ...

    def write(self, change: Callable[[Session], T]) -> T: ...

    def insight(self) -> Insight | None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...
