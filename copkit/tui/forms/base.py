"""A modal form that validates as you type and saves in one write session.

Subclasses say how to turn the fields into typed values (``check``, which raises
:class:`~copkit.errors.CopkitError` with the same message the CLI would print) and how to store
them (``save``, run by :meth:`CopkitApp.write`). A form that fails either step stays open with
the message shown, and nothing is written. A form is generic over what ``check`` builds
(``FormScreen[Member]``, ``FormScreen[HeldMeeting]``), so the call from ``save`` into the core
is type-checked.

As you type, the form also *rehearses* the save: it runs the same core function on an
in-memory copy of the community the dashboard already holds (:class:`copkit.storage.store.Held`),
whose changes are dropped, never written; the file is read and written once, on save. So the
rules that need the rest of the community (an email already in use, a meeting already
recorded, a day the rhythm does not meet) are reported while typing too, in the CLI's words,
not only after pressing save.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, SelectionList, Static

from copkit.errors import CopkitError
from copkit.model import Rhythm
from copkit.report.literal import visible

if TYPE_CHECKING:
    from copkit.storage.store import Session
    from copkit.tui.host import Dashboard

#: What a form's fields check into: what ``save`` hands the core.
T = TypeVar("T")


class FormScreen(ModalScreen[bool], Generic[T]):
    """A titled box of fields with a live error line and Save / Cancel.

    Dismissed with True once saved, False when cancelled; ``T`` is what ``check`` builds."""

    TITLE = ""
    SAVE_LABEL = "Save"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: The box's title: ``TITLE``, or one a form sets for the record it shows.
        self.heading: str = self.TITLE or ""
        self.touched = False
        self.armed = False  # fields report their first values on mount: that is not typing

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self._arm)

    def _arm(self) -> None:
        self.armed = True

    @property
    def copkit(self) -> Dashboard:
        return cast("Dashboard", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            # Titles and messages name people and rhythms: shown as typed, never as markup,
            # and escaped where a stored name holds what a terminal would obey.
            yield Label(Content(visible(self.heading)), classes="form-title")
            yield from self.fields()
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(self.SAVE_LABEL, variant="primary", id="form-save", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)
        yield Footer()

    def fields(self) -> ComposeResult:
        yield from ()

    def check(self) -> T:
        """Build what would be saved from the fields (never None); raise CopkitError if it
        cannot be built."""
        raise NotImplementedError

    def save(self, session: Session, checked: T) -> str:
        """Store ``checked``; return a one-line confirmation."""
        raise NotImplementedError

    # --- validation as you type -----------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        self.touched = self.touched or self.armed
        self.validate()

    def validate(self) -> T | None:
        """Show the current problem (or clear it); return what would be saved, or None."""
        try:
            checked = self.check()
            self.rehearse(checked)
        except CopkitError as exc:
            self.show_error(str(exc) if self.touched else "")
            return None
        self.show_error("")
        return checked

    def show_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Content(visible(message, multiline=True)))
        error.set_class(bool(message), "-shown")

    # --- saving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        self.touched = True
        checked = self.validate()
        if checked is None:
            return
        try:
            message = self.commit(checked)
        except CopkitError as exc:
            self.show_error(str(exc))
            return
        except OSError as exc:  # a full disk, a folder we may not write to
            self.show_error(f"could not save: {exc.strerror or exc}")
            return
        self.dismiss(True)
        self.copkit.notify(visible(message, multiline=True), title="Saved", markup=False)

    def rehearse(self, checked: T) -> None:
        """Try the save in memory, on the community the screen already shows (never written),
        to surface the core's refusals without reading the file on every keystroke."""
        with self.copkit.held.rehearse() as session:
            self.save(session, checked)

    def commit(self, checked: T) -> str:
        """Store what ``check`` built, in one write session (a form that writes no record,
        like exporting a file, overrides this)."""
        return self.copkit.write(lambda session: self.save(session, checked))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.submitted(event.input)

    def submitted(self, field: Input) -> None:
        """Enter in a field saves the form; a form with list fields may do otherwise."""
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)


def rhythm_select(rhythms: Sequence[Rhythm], chosen: Rhythm) -> Select[str]:
    """The rhythm picker shared by the record and cancel forms (names shown as typed)."""
    return Select(
        [(Text(visible(r.name)), r.id) for r in rhythms],
        value=chosen.id,
        allow_blank=False,
        id="rhythm",
        compact=True,
    )
