"""Cancel one occurrence of a rhythm, with a reason for the record and the notice."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import msgspec
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Input, Label, Select

from copkit import records
from copkit.model import Rhythm
from copkit.records import CommunityData
from copkit.schedule.parsing import parse_day
from copkit.tui.forms.base import FormScreen, rhythm_select

if TYPE_CHECKING:
    from copkit.storage.store import Session


class Cancellation(msgspec.Struct, frozen=True):
    """What the form hands :func:`copkit.records.cancel_meeting`: which rhythm, on which day,
    and why ("" for no reason)."""

    rhythm: str
    on: dt.date
    reason: str


class CancelForm(FormScreen[Cancellation]):
    TITLE = "Cancel one meeting"
    SAVE_LABEL = "Cancel the meeting"

    def __init__(self, data: CommunityData, rhythm: Rhythm, day: dt.date) -> None:
        super().__init__()
        self.data = data
        self.rhythm = rhythm
        self.day = day

    def fields(self) -> ComposeResult:
        yield Label(
            "Members keep the rest of the series; the calendar sequence goes up so their "
            "calendars update.",
            classes="form-note",
        )
        with Grid(classes="form-grid"):
            yield Label("Rhythm")
            yield rhythm_select(self.data.rhythms, self.rhythm)
            yield Label("On")
            yield Input(self.day.isoformat(), id="on", compact=True, placeholder="YYYY-MM-DD")
            yield Label("Reason")
            yield Input(id="reason", compact=True, placeholder="optional, e.g. summer leave")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def check(self) -> Cancellation:
        return Cancellation(
            rhythm=str(self.query_one("#rhythm", Select).value),
            on=parse_day(self.query_one("#on", Input).value),
            reason=self.query_one("#reason", Input).value,
        )

    def save(self, session: Session, checked: Cancellation) -> str:
        stored = records.cancel_meeting(
            session, rhythm=checked.rhythm, on=checked.on, reason=checked.reason
        )
        return f"Cancelled the meeting of {stored.start:%a %d %b %Y %H:%M}"
