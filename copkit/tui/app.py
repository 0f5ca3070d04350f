"""The dashboard application: one snapshot of the community, four screens, one way to write.

The app reads the community into :attr:`CopkitApp.data` in a worker thread, and runs the health
check the home screen shows in another, so a large community or a slow disk never freezes the
screen: until a reading lands, the screens show a loading state. Every change goes through
:meth:`CopkitApp.write`, which runs a function of :mod:`copkit.records` inside one locked write
session (exactly as a CLI command does), then reads the file again, so screens always show what
is stored, including changes the CLI made meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import msgspec
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from copkit.errors import CopkitError
from copkit.health import participation
from copkit.records import CommunityData
from copkit.report.literal import visible
from copkit.tui.host import PALETTE_ACTIONS
from copkit.tui.screens.base import CopkitScreen
from copkit.tui.screens.home import HomeScreen
from copkit.tui.screens.meetings import MeetingsScreen
from copkit.tui.screens.members import MembersScreen
from copkit.tui.screens.spaces import SpacesScreen

if TYPE_CHECKING:
    from copkit.storage.home import CommunityStore
    from copkit.storage.store import Held, Session
    from copkit.tui.host import Dashboard
    from copkit.tui.insight import Insight

T = TypeVar("T")

#: How long the message that the file could not be read stays up: it names the way back (a
#: restore command), several lines to read, where textual's usual five seconds are too few.
READ_ERROR_SECONDS = 20.0


class Snapshot(msgspec.Struct, frozen=True):
    """One reading of the community file: what screens show, and the document forms rehearse
    on (:class:`~copkit.storage.store.Held`), read together in a worker."""

    data: CommunityData
    held: Held


class CopkitApp(App[None]):
    """The copkit dashboard for one community.

    ``today`` and ``now`` may be fixed, so that tests and snapshots do not change from day to
    day; by default they are the real date and time in the community's zone.

    The community is read when the app starts, in a worker: :attr:`ready` says whether a
    snapshot has landed, :attr:`reading` whether a reading is under way. A file that cannot be
    read at start ends the app with :attr:`failure`, which :meth:`run` raises once the terminal
    is restored, so ``copkit tui`` prints the same ``Error: ...`` line as every other command.
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
        self, store: CommunityStore, *, today: dt.date | None = None, now: dt.datetime | None = None
    ) -> None:
        super().__init__()
        self.store = store
        #: Moves on whenever a new snapshot lands; a screen redraws when it has not shown it.
        self.version = 0
        self._snapshot: Snapshot | None = None
        self._today = today
        self._fixed_now = now
        #: The reading under way (None when none is), and the file's stamp when it was asked.
        self._reading: Worker[Snapshot] | None = None
        self._asked: tuple[int, int] | None = None
        self._announce = False
        #: The health check under way, for which version; and the last one that landed.
        self._checking: Worker[Insight] | None = None
        self._checking_version = -1
        self._insight_cache: tuple[int, Insight | CopkitError] | None = None
        #: What stopped the first reading of the file (see :meth:`run`).
        self.failure: CopkitError | OSError | None = None

    # --- data -----------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether a snapshot of the community has landed (screens show loading until then)."""
        return self._snapshot is not None

    @property
    def reading(self) -> bool:
        """Whether the file is being read (again) in a worker."""
        return self._reading is not None

    @property
    def data(self) -> CommunityData:
        """The latest snapshot of the community; only once :attr:`ready`."""
        return self._landed().data

    @property
    def held(self) -> Held:
        """The document of the latest snapshot, for forms to rehearse on."""
        return self._landed().held

    def _landed(self) -> Snapshot:
        if self._snapshot is None:
            raise RuntimeError("the community file is still being read")
        return self._snapshot

    @property
    def now(self) -> dt.datetime:
        """Aware current time (fixed when the app was given one)."""
        zone = self.data.community.zone
        if self._fixed_now is not None:
            return self._fixed_now.astimezone(zone)
        if self._today is not None:
            return dt.datetime.combine(self._today, dt.time(9, 0), tzinfo=zone)
        return dt.datetime.now(zone)

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def on_mount(self) -> None:
        if self._reading is None and not self.ready:  # a screen may have asked already
            self.reload()

    def _read(self) -> Snapshot:
        """Read the file once (in a worker thread): the snapshot screens show, and the
        document forms rehearse on."""
        held = self.store.hold()
        with held.rehearse() as session:
            # with conversation between meetings: the home and members screens read it
            return Snapshot(data=participation.read(session), held=held)

    def _file_stamp(self) -> tuple[int, int]:
        """What tells a changed community: a file's modification time and size, or when a
        database home's community was last written (its ``changed``, one small query)."""
        from copkit.storage.store import Store

        if not isinstance(self.store, Store):
            try:
                changed = self.store.changed_at()
            except CopkitError:
                return (0, 0)
            return (int(changed.timestamp() * 1_000_000), 0)
        try:
            stat = self.store.path.stat()
        except OSError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_size)

    def reload_if_changed(self) -> None:
        """Pick up what the CLI (or another dashboard) wrote since the file was last read.

        Called whenever a screen comes into view: a stat is cheap, and the file is replaced
        atomically on every write, so a changed stamp means a changed community.
        """
        if self._file_stamp() != self._asked:
            self.reload()

    def reload(self) -> None:
        """Read the file again in a worker (another face may have changed it); the snapshot
        replaces :attr:`data` when it lands, and screens redraw. A newer reading cancels an
        older one, so what lands last is never older than what is shown."""
        self._asked = self._file_stamp()
        self._reading = self.run_worker(
            self._read,
            name="read the community file",
            group="snapshot",
            exclusive=True,
            exit_on_error=False,
            thread=True,
        )

    def write(self, change: Callable[[Session], T]) -> T:
        """Run ``change`` in one locked write session, then reload. A CopkitError writes nothing
        and reaches the caller, which shows its message."""
        with self.store.write() as session:
            result = change(session)
        self.reload()
        return result

    def insight(self) -> Insight | None:
        """The health check and participation figures for :attr:`data`, or None while a
        worker computes them (the screen in view redraws when they land). Computed once per
        version of the data; a CopkitError the check raised is raised again here."""
        landed = self._insight_cache
        if landed is not None and landed[0] == self.version:
            if isinstance(landed[1], CopkitError):
                raise landed[1]
            return landed[1]
        if self._checking is None or self._checking_version != self.version:
            from copkit.tui.insight import compute

            self._checking_version = self.version
            self._checking = self.run_worker(
                partial(compute, self.data, self.today),
                name="health check",
                group="insight",
                exclusive=True,
                exit_on_error=False,
                thread=True,
            )
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A reading or a health check finished: keep what it found, if it is still the
        latest one asked for, and show it. A stale worker (cancelled by a newer one) is
        ignored."""
        reading, checking = self._reading, self._checking
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return  # the worker's earlier states, told after the fact: it may be done already
        if reading is not None and event.worker is reading:
            self._reading = None
            if event.state == WorkerState.SUCCESS and reading.result is not None:
                self._landed_snapshot(reading.result)
            elif event.state == WorkerState.ERROR:
                self._unreadable(reading.error)
        elif checking is not None and event.worker is checking:
            self._checking = None
            if event.state == WorkerState.SUCCESS and checking.result is not None:
                self._insight_cache = (self._checking_version, checking.result)
            elif event.state == WorkerState.ERROR:
                error = checking.error
                if not isinstance(error, CopkitError):
                    raise error or RuntimeError("the health check failed")
                self._insight_cache = (self._checking_version, error)
        else:
            return
        screen = self.screen
        if isinstance(screen, CopkitScreen):
            screen.sync()

    def _landed_snapshot(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self.version += 1
        self.title = visible(snapshot.data.community.name)
        if self._announce:
            self._announce = False
            self.notify("Read the community file again.")

    def _unreadable(self, error: BaseException | None) -> None:
        """The file could not be read: at start, the app ends and :meth:`run` raises the error
        (``copkit tui`` prints it as every command does); later, the screens keep the last
        snapshot and the error shows in one line."""
        self._announce = False
        if isinstance(error, CopkitError):
            message = str(error)
        elif isinstance(error, OSError) and error.filename is not None:
            reason = "permission denied" if isinstance(error, PermissionError) else error.strerror
            message = f"cannot use {error.filename}: {reason or error}"  # the CLI's words
        else:
            raise error or RuntimeError("reading the community file failed")
        if not self.ready:
            self.failure = error
            self.exit(return_code=1)
            return
        self.notify(
            visible(message, multiline=True),
            title="Could not read the community file",
            severity="error",
            timeout=READ_ERROR_SECONDS,
            markup=False,
        )

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run the dashboard; a community file that could not be read at start is raised
        here, once the terminal is restored (see :attr:`failure`)."""
        result = super().run(*args, **kwargs)  # what the app exited with (a test's screenshot)
        if self.failure is not None:
            raise self.failure
        return result

    # --- actions --------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Read the community file again, e.g. after a command changed it; say so once the
        new snapshot is shown."""
        self.reload()
        self._announce = True
        screen = self.screen
        if isinstance(screen, CopkitScreen):
            screen.sync()

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


if TYPE_CHECKING:

    def _is_a_dashboard(app: CopkitApp) -> Dashboard:
        """mypy holds the app to what its screens and forms ask of it (:mod:`copkit.tui.host`)."""
        return app
