"""Mark a member as having left: their history stays, they drop out of current counts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Input, Label

from copkit import records
from copkit.model import Member
from copkit.schedule.parsing import parse_day
from copkit.tui.forms.base import FormScreen

if TYPE_CHECKING:
    from copkit.storage.store import Session


class LeaveForm(FormScreen[dt.date]):
    SAVE_LABEL = "Mark as left"

    def __init__(self, member: Member, *, today: dt.date) -> None:
        super().__init__()
        self.member = member
        self.today = today
        self.heading = f"{member.name} left the community"

    def fields(self) -> ComposeResult:
        yield Label(
            "Their attendance and topics stay in the record; use the CLI's "
            "`member forget` to erase personal data.",
            classes="form-note",
        )
        with Grid(classes="form-grid"):
            yield Label("Left on")
            yield Input(str(self.today), id="on", compact=True, placeholder="YYYY-MM-DD")

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()

    def check(self) -> dt.date:
        on_day = parse_day(self.query_one("#on", Input).value)
        self.member.replace(left=on_day)  # the model refuses leaving before joining
        return on_day

    def save(self, session: Session, checked: dt.date) -> str:
        stored = records.leave_member(session, self.member.id, checked)
        return f"{stored.name} left on {stored.left}"
