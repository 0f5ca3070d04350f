"""Plan a coming meeting: its theme, agenda and host, which invites then carry.

Members choose meetings by their themes; the form sets them through the same core function
as `copkit meeting plan` (:func:`copkit.records.plan_meeting`), rehearsed on every keystroke,
so a host who has left or a date that no longer comes is refused in the CLI's words. Emptying
every field and saving removes the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

import msgspec
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Input, Label, Select, TextArea

from copkit import records
from copkit.model import MeetingPlan, Rhythm
from copkit.records import CommunityData
from copkit.report.literal import visible
from copkit.tui.forms.base import FormScreen

if TYPE_CHECKING:
    from copkit.storage.store import Session


class PlanChoice(msgspec.Struct, frozen=True):
    """What the form hands :func:`copkit.records.plan_meeting`: the theme, the agenda (one
    item a line) and the host's id ("" for nobody named); all three empty remove the plan."""

    theme: str
    agenda: str
    host: str

    @property
    def empty(self) -> bool:
        return not (self.theme or self.agenda or self.host)


class PlanForm(FormScreen[PlanChoice]):
    SAVE_LABEL = "Save the plan"
    DEFAULT_CSS: ClassVar[str] = """
    PlanForm #agenda {
        height: 5;
        margin-bottom: 1;
    }
    """

    def __init__(
        self, data: CommunityData, rhythm: Rhythm, day: dt.date, *, now: dt.datetime
    ) -> None:
        super().__init__()
        self.data = data
        self.rhythm = rhythm
        self.day = day
        self.now = now
        self.plan: MeetingPlan | None = records.plan_for(data.plans, rhythm, day)
        self.heading = f"Plan {rhythm.name} on {day:%a %d %b %Y}"

    def fields(self) -> ComposeResult:
        yield Label(
            "Members choose meetings by their themes: invites carry the plan for this meeting, "
            "and the public calendar shows the theme of a public one (never its agenda or "
            "host). Empty every field to remove the plan.",
            classes="form-note",
        )
        plan = self.plan
        hosts = [
            (Text(visible(m.name)), m.id)
            for m in sorted(self.data.members, key=lambda m: m.name.casefold())
            if not m.left_by(self.day)
        ]
        # No host: leave the value out, as Select's "nothing chosen" is named differently
        # across the textual versions copkit allows (BLANK before 8, NULL from 8 on).
        host = plan.host_id if plan is not None and plan.host_id else None
        with Grid(classes="form-grid"):
            yield Label("Theme")
            yield Input(
                plan.theme if plan else "", id="theme", compact=True, placeholder="e.g. risk"
            )
            yield Label("Host")
            picker: Select[str] = Select(hosts, prompt="nobody named", id="host", compact=True)
            if host is not None:
                picker.value = host
            yield picker
        yield Label("Agenda, one item a line")
        yield TextArea(plan.agenda if plan else "", id="agenda", compact=True)

    def on_mount(self) -> None:
        self.query_one("#theme", Input).focus()

    @on(TextArea.Changed, "#agenda")
    def _agenda_changed(self) -> None:
        self._changed()

    def check(self) -> PlanChoice:
        host = self.query_one("#host", Select)
        lines = self.query_one("#agenda", TextArea).text.splitlines()
        return PlanChoice(
            theme=self.query_one("#theme", Input).value.strip(),
            agenda="\n".join(line.strip() for line in lines if line.strip()),
            host="" if host.is_blank() else str(host.value),
        )

    def save(self, session: Session, checked: PlanChoice) -> str:
        planned = records.plan_meeting(
            session,
            rhythm=self.rhythm.id,
            on=self.day,
            theme=checked.theme,
            agenda=checked.agenda,
            host=checked.host,
            clear=checked.empty,
            now=self.now,
        )
        when = f"{planned.start:%a %d %b %Y}"
        if planned.plan is None:
            return f"No plan for {planned.rhythm.name} on {when}"
        what = f": {planned.plan.theme}" if planned.plan.theme else ""
        return f"Planned {planned.rhythm.name} on {when}{what}"
