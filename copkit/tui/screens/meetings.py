"""Rhythms and meetings: what is coming up, what was held, and the actions on both."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label

from copkit.model import Rhythm
from copkit.records import CommunityData, Upcoming
from copkit.report.literal import visible
from copkit.tui import views
from copkit.tui.screens.base import CopkitScreen, highlighted_key

UPCOMING_PER_RHYTHM = 4


class MeetingsScreen(CopkitScreen):
    AREA = "Rhythms and meetings"
    BODY = "#upcoming, #past"
    FOCUS = "#upcoming"
    HELP = (
        "Upcoming occurrences of every rhythm, with each one's theme and members' answers to "
        "the invite, and the meetings already recorded. Highlight an upcoming meeting to plan "
        "its theme, agenda and host, to cancel it or to export its rhythm's calendar invite; "
        "record a held meeting (who came, topics and who proposed them, activities, guests) in "
        "one form."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "record", "Record held"),
        Binding("p", "plan", "Plan theme"),
        Binding("c", "cancel", "Cancel one"),
        Binding("i", "export", "Invite .ics"),
        Binding("tab", "app.focus_next", "Next table", show=False),
    ]

    def body(self) -> ComposeResult:
        yield Label("Upcoming", classes="table-title")
        upcoming: DataTable[str | Text] = DataTable(id="upcoming", cursor_type="row")
        upcoming.add_columns("When", "Rhythm", "Kind", "Theme", "Answers", "Length")
        yield upcoming
        yield Label("Recorded meetings, latest first", classes="table-title", id="past-title")
        past: DataTable[str | Text] = DataTable(id="past", cursor_type="row", zebra_stripes=True)
        past.add_columns("When", "Rhythm", "Kind", "Came", "Topics", "Status")
        yield past

    def show(self, data: CommunityData) -> None:
        upcoming = self.query_one("#upcoming", DataTable)
        keep = highlighted_key(upcoming)
        upcoming.clear()
        from copkit import records

        for item in records.upcoming(data, now=self.copkit.now, per_rhythm=UPCOMING_PER_RHYTHM):
            key = f"{item.rhythm.id}|{item.start.date().isoformat()}"
            plan = records.plan_for(data.plans, item.rhythm, item.start.date())
            upcoming.add_row(  # names as Text: a DataTable reads a plain string as markup
                f"{item.start:%a %d %b %Y %H:%M}",
                Text(visible(item.rhythm.name)),
                _kind(item.space.is_private),
                Text(visible(plan.theme)) if plan and plan.theme else Text("-", style="dim"),
                _answers(data, item),
                f"{item.rhythm.duration_minutes}m",
                key=key,
            )
        if keep is not None and keep in upcoming.rows:
            upcoming.move_cursor(row=upcoming.get_row_index(keep), animate=False)
        rhythms = {r.id: r.name for r in data.rhythms}
        past = self.query_one("#past", DataTable)
        past.clear()
        meetings = views.past_meetings(data, self.copkit.now)
        for meeting in meetings:
            space = data.space(meeting.space_id)
            status = "held" if meeting.held else Text("cancelled", style="italic")
            if not meeting.held and meeting.reason:
                status = Text(visible(f"cancelled: {meeting.reason}"), style="italic")
            past.add_row(
                f"{meeting.start:%a %d %b %Y %H:%M}",
                Text(visible(rhythms.get(meeting.rhythm_id or "", f"one-off in {space.name}"))),
                _kind(space.is_private),
                str(meeting.attendance) if meeting.held else "-",
                str(len(meeting.topics)) if meeting.held else "-",
                status,
                key=meeting.id,
            )
        held = sum(1 for m in meetings if m.held)
        self.query_one("#past-title", Label).update(
            f"Recorded meetings, latest first ({held} held, {len(meetings) - held} cancelled)"
        )

    def highlighted(self) -> tuple[Rhythm | None, str | None]:
        """The rhythm and ISO date of the highlighted upcoming row (or the first rhythm)."""
        key = highlighted_key(self.query_one("#upcoming", DataTable))
        rhythms = self.copkit.data.rhythms
        if key is None:
            return (rhythms[0] if rhythms else None), None
        rhythm_id, day = key.split("|")
        return next(r for r in rhythms if r.id == rhythm_id), day

    def action_record(self) -> None:
        from copkit.tui.forms.meeting import MeetingForm

        rhythm, _ = self.highlighted()
        if rhythm is None:
            self.notify("No rhythm yet: add one with `copkit rhythm add`.", severity="warning")
            return
        self.app.push_screen(MeetingForm(self.copkit.data, rhythm, now=self.copkit.now))

    def action_plan(self) -> None:
        from copkit.tui.forms.plan import PlanForm

        rhythm, day = self.highlighted()
        if rhythm is None or day is None:
            self.notify("No upcoming meeting to plan.", severity="warning")
            return
        self.app.push_screen(
            PlanForm(self.copkit.data, rhythm, dt.date.fromisoformat(day), now=self.copkit.now)
        )

    def action_cancel(self) -> None:
        from copkit.tui.forms.cancel import CancelForm

        rhythm, day = self.highlighted()
        if rhythm is None or day is None:
            self.notify("No upcoming meeting to cancel.", severity="warning")
            return
        self.app.push_screen(CancelForm(self.copkit.data, rhythm, dt.date.fromisoformat(day)))

    def action_export(self) -> None:
        from copkit.tui.forms.export import ExportForm

        rhythm, _ = self.highlighted()
        if rhythm is None:
            self.notify("No rhythm yet: add one with `copkit rhythm add`.", severity="warning")
            return
        self.app.push_screen(ExportForm(rhythm))


def _answers(data: CommunityData, item: Upcoming) -> Text:
    """Members' answers to the invite for one meeting, once any have come back (before
    that, "no answer" from everyone would only say that nobody was asked yet)."""
    if not any(a.rhythm_id == item.rhythm.id for a in data.rsvps):
        return Text("-", style="dim")
    from copkit.reach.rsvp import answers

    said = answers(data, list(data.rsvps), item.rhythm, item.start)
    parts = [f"{said.accepted} yes", f"{said.declined} no"]
    if said.tentative:
        parts.append(f"{said.tentative} maybe")
    parts.append(f"{said.none} no answer")
    return Text(", ".join(parts))


def _kind(private: bool) -> Text:
    return Text("private", style="bold") if private else Text("public")
