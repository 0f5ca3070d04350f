"""Add or edit a member: the fields of ``copkit member add`` / ``member edit``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Checkbox, Input, Label, Select

from copkit import records
from copkit.model import Level, Member
from copkit.report.literal import visible
from copkit.schedule.parsing import parse_day, split_list
from copkit.tui.forms.base import FormScreen

if TYPE_CHECKING:
    from copkit.storage.store import Session

LEVEL_CHOICES = [(level.value, level.value) for level in Level]


class MemberForm(FormScreen[Member]):
    """``member`` None adds a new member; otherwise the form edits that one."""

    def __init__(self, member: Member | None, *, today: dt.date) -> None:
        super().__init__()
        self.member = member
        self.today = today
        self.heading = f"Edit {member.name} ({member.id})" if member else "Add a member"

    def fields(self) -> ComposeResult:
        """The fields, filled in from the member being edited. A stored value holding what a
        terminal would obey (an older file) is filled in escaped (``visible``): the gardener
        sees it, and saving keeps the harmless escaped spelling."""
        m = self.member
        with Grid(classes="form-grid"):
            yield Label("Name")
            yield Input(
                visible(m.name) if m else "", id="name", compact=True, placeholder="Full name"
            )
            yield Label("Email")
            yield Input(
                visible(m.email) if m else "",
                id="email",
                compact=True,
                placeholder="name@example.org",
            )
            yield Label("Organisation")
            yield Input(visible(m.org) if m else "", id="org", compact=True)
            yield Label("Role")
            yield Input(visible(m.role) if m else "", id="role", compact=True)
            yield Label("Level")
            yield Select(
                LEVEL_CHOICES,
                value=(m.level.value if m else Level.PERIPHERAL.value),
                allow_blank=False,
                id="level",
                compact=True,
            )
            yield Label("External")
            yield Checkbox(
                "from outside the organisations that run the community",
                m.external if m else False,
                id="external",
            )
            yield Label("Interests")
            yield Input(
                visible(", ".join(m.interests)) if m else "",
                id="interests",
                compact=True,
                placeholder="comma-separated topics",
            )
            yield Label("Joined")
            yield Input(
                str(m.joined if m else self.today),
                id="joined",
                compact=True,
                placeholder="YYYY-MM-DD",
            )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def check(self) -> Member:
        base = self.member
        return Member(
            name=self._value("name"),
            email=self._value("email"),
            id=base.id if base else "",
            org=self._value("org"),
            role=self._value("role"),
            level=Level(str(self.query_one("#level", Select).value)),
            external=self.query_one("#external", Checkbox).value,
            interests=tuple(split_list(self._value("interests"))),
            joined=parse_day(self._value("joined")),
            left=base.left if base else None,
        )

    def save(self, session: Session, checked: Member) -> str:
        if self.member is None:
            stored = records.add_member(session, checked)
            return f"Added {stored.name} ({stored.id}) as a {stored.level} member"
        stored = records.edit_member(
            session,
            self.member.id,
            name=checked.name,
            email=checked.email,
            org=checked.org,
            role=checked.role,
            level=checked.level,
            external=checked.external,
            interests=checked.interests,
            joined=checked.joined,
        )
        return f"Updated {stored.name} ({stored.id})"
