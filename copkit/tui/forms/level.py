"""Change a member's level: core, active or peripheral, all of which belong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from copkit import records
from copkit.model import Level, Member
from copkit.tui.forms.base import FormScreen

if TYPE_CHECKING:
    from copkit.storage.store import Session

MEANINGS = {
    Level.CORE: "takes part in most meetings and helps shape the agenda",
    Level.ACTIVE: "comes regularly and contributes, without leading",
    Level.PERIPHERAL: "follows and learns from the edge, which is legitimate",
}


class LevelForm(FormScreen[Level]):
    """Pick a level with the arrow keys and Enter (or ctrl+s)."""

    def __init__(self, member: Member) -> None:
        super().__init__()
        self.member = member
        self.heading = f"Level for {member.name} (now {member.level.value})"

    def fields(self) -> ComposeResult:
        yield Label("How does this member take part now?")
        options = [
            Option(f"[b]{level.value}[/b]  {MEANINGS[level]}", id=level.value) for level in Level
        ]
        yield OptionList(*options, id="levels")

    def on_mount(self) -> None:
        levels = self.query_one("#levels", OptionList)
        levels.highlighted = list(Level).index(self.member.level)
        levels.focus()

    @on(OptionList.OptionSelected, "#levels")
    def _chosen(self) -> None:
        self.action_save()

    def check(self) -> Level:
        index = self.query_one("#levels", OptionList).highlighted or 0
        return list(Level)[index]

    def save(self, session: Session, checked: Level) -> str:
        stored = records.edit_member(session, self.member.id, level=checked)
        return f"{stored.name} is now a {stored.level} member"
