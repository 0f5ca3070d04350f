"""Export a rhythm's calendar invite (.ics) to a file the gardener chooses.

The file lists members' email addresses, so it is written like a community file: atomically,
readable by its owner only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Input, Label, Select

from copkit.errors import InputError
from copkit.model import Rhythm
from copkit.storage.fileio import atomic_write
from copkit.storage.home import slugify
from copkit.tui.forms.base import FormScreen

if TYPE_CHECKING:
    from copkit.calendar import Method  # a Literal; icalendar loads only when exporting

METHODS = [
    ("invite members (REQUEST)", "REQUEST"),
    ("calendar feed, no attendees (PUBLISH)", "PUBLISH"),
]


class ExportTarget(msgspec.Struct, frozen=True):
    """Where the invite goes, and as which calendar method."""

    path: Path
    method: Method


class ExportForm(FormScreen[ExportTarget]):
    TITLE = "Export a calendar invite"
    SAVE_LABEL = "Export"

    def __init__(self, rhythm: Rhythm, folder: Path | None = None) -> None:
        super().__init__()
        self.rhythm = rhythm
        self.default = (folder or Path.cwd()) / f"{slugify(rhythm.name)}.ics"
        self.heading = f"Export the invite for {rhythm.name}"

    def fields(self) -> ComposeResult:
        with Grid(classes="form-grid"):
            yield Label("Save to")
            yield Input(str(self.default), id="path", compact=True, placeholder="FILE.ics")
            yield Label("As")
            yield Select(METHODS, value="REQUEST", allow_blank=False, id="method", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def check(self) -> ExportTarget:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise InputError("say where to save the invite, e.g. circle.ics")
        path = Path(text).expanduser()
        if path.is_dir():
            raise InputError(f"{path} is a folder: add a file name, e.g. {path / 'invite.ics'}")
        if not path.parent.is_dir():
            raise InputError(f"there is no folder {path.parent}")
        chosen = str(self.query_one("#method", Select).value)
        method: Method = "PUBLISH" if chosen == "PUBLISH" else "REQUEST"  # the two choices
        return ExportTarget(path=path, method=method)

    def _invite(self, method: Method) -> bytes:
        from copkit.calendar import series_invite, to_ics

        return to_ics(series_invite(self.copkit.data, self.rhythm.id, method=method))

    def rehearse(self, checked: ExportTarget) -> None:
        """Build the invite without saving it: refusals (no gardener email, nobody to invite)
        show before Export is pressed."""
        self._invite(checked.method)

    def commit(self, checked: ExportTarget) -> str:
        path, method = checked.path, checked.method
        calendar = self._invite(method)
        try:
            atomic_write(path, calendar)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
        return f"Saved the {method} invite for {self.rhythm.name} to {path}"
