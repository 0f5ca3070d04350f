"""Record a held meeting in one form: who came, topics and proposers, activities, guests, and
who chaired, hosted, welcomed newcomers and took notes (shared leadership, principle 8).

It asks for what ``copkit meeting record`` asks for and stores it with the same core function,
so both faces refuse the same things (a meeting already recorded, a cancelled date).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

import msgspec
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from copkit import records
from copkit.errors import CopkitError, InputError
from copkit.model import Activity, ActivityKind, Member, Rhythm, Role, Topic
from copkit.records import CommunityData
from copkit.report.literal import visible
from copkit.schedule.parsing import parse_date, parse_datetime, split_list
from copkit.tui import views
from copkit.tui.forms.base import FormScreen, rhythm_select

if TYPE_CHECKING:
    from copkit.storage.store import Session

PLACEHOLDER = "YYYY-MM-DD[THH:MM]"
#: The meeting roles the form asks about, in the order ``meeting record`` names them.
ROLE_LABELS = {"chair": "Chaired", "host": "Hosted", "welcome": "Welcomed", "notes": "Notes by"}
ALL_RECORDED = "every recent meeting is recorded: YYYY-MM-DD[THH:MM]"


class HeldMeeting(msgspec.Struct, frozen=True):
    """What the form hands :func:`copkit.records.record_meeting`, as the core's typed values:
    the rhythm's id, when it was held, and refs (ids) of who came and who took each role."""

    rhythm: str
    on: dt.datetime
    attended: tuple[str, ...]
    activities: tuple[Activity, ...]
    topics: tuple[Topic, ...]
    guests: tuple[str, ...]
    roles: tuple[Role, ...]


class MeetingForm(FormScreen[HeldMeeting]):
    TITLE = "Record a held meeting"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+u", "drop_topic", "Remove last topic"),
    ]

    def __init__(self, data: CommunityData, rhythm: Rhythm, *, now: dt.datetime) -> None:
        super().__init__()
        self.data = data
        self.now = now
        self.rhythm = rhythm
        self.topics: list[tuple[str, str]] = []  # (text, proposer's id or "")
        self.attending: set[str] = set()

    def fields(self) -> ComposeResult:
        day = views.last_unrecorded(self.data, self.rhythm, self.now)
        names = sorted({m.name for m in self.data.members})
        with Grid(classes="form-grid"):
            yield Label("Rhythm")
            yield rhythm_select(self.data.rhythms, self.rhythm)
            yield Label("On")
            yield Input(
                day.isoformat() if day else "",
                id="on",
                compact=True,
                placeholder=PLACEHOLDER if day else ALL_RECORDED,
            )
            yield Label("Who came")
            yield Input(id="who", compact=True, placeholder="type to find; space ticks")
        yield SelectionList[str](id="attendees")
        yield Label("", id="attending-count", classes="form-note")
        with Grid(classes="form-grid"):
            yield Label("Topic")
            yield Input(id="topic", compact=True, placeholder="Enter adds it to the agenda")
            yield Label("Proposed by")
            yield Input(
                id="proposer",
                compact=True,
                placeholder="member (name, email or id)",
                suggester=SuggestFromList(names, case_sensitive=False),
            )
        yield Static("", id="topic-list", classes="form-note")
        with Grid(classes="form-grid"):
            yield Label("Familiar")
            yield Input(id="familiar", compact=True, placeholder="check-in, case discussion")
            yield Label("Stimulating")
            yield Input(id="stimulating", compact=True, placeholder="guest speaker, new method")
            yield Label("Guests")
            yield Input(id="guests", compact=True, placeholder="names, comma-separated")
        with Grid(classes="form-grid"):
            for role, label in ROLE_LABELS.items():
                yield Label(label)
                yield Input(
                    id=f"role-{role}",
                    compact=True,
                    placeholder="members, comma-separated",
                    suggester=SuggestFromList(names, case_sensitive=False),
                )

    def on_mount(self) -> None:
        self._fill_attendees()
        self._show_topics()
        self.query_one("#attendees", SelectionList).focus()

    # --- attendees ------------------------------------------------------------------------

    def _day(self) -> dt.date:
        try:
            return parse_date(self.query_one("#on", Input).value[:10])
        except InputError:
            return self.now.date()

    def _fill_attendees(self) -> None:
        words = self.query_one("#who", Input).value.lower().split()
        day = self._day()
        people = sorted(records.current_members(self.data.members, day), key=lambda m: m.name)
        shown = [m for m in people if all(w in f"{m.name} {m.org}".lower() for w in words)]
        attendees = self.query_one("#attendees", SelectionList)
        attendees.clear_options()
        attendees.add_options(Selection(_label(m), m.id, m.id in self.attending) for m in shown)
        if shown:
            attendees.highlighted = 0
        self._count()

    def _count(self) -> None:
        self.query_one("#attending-count", Label).update(f"{len(self.attending)} ticked as present")

    @on(SelectionList.SelectedChanged, "#attendees")
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        attendees = event.selection_list
        chosen = set(attendees.selected)
        for index in range(attendees.option_count):
            value = attendees.get_option_at_index(index).value
            if value in chosen:
                self.attending.add(value)
            else:
                self.attending.discard(value)
        self._count()

    @on(Input.Changed, "#who")
    def _who(self) -> None:
        self._fill_attendees()

    @on(Input.Changed, "#on")
    def _on_changed(self) -> None:
        self._fill_attendees()

    @on(Select.Changed, "#rhythm")
    def _rhythm_changed(self, event: Select.Changed) -> None:
        chosen = next(r for r in self.data.rhythms if r.id == event.value)
        if chosen.id != self.rhythm.id:
            self.rhythm = chosen
            day = views.last_unrecorded(self.data, chosen, self.now)
            on_field = self.query_one("#on", Input)
            on_field.value = day.isoformat() if day else ""
            on_field.placeholder = PLACEHOLDER if day else ALL_RECORDED

    # --- topics ---------------------------------------------------------------------------

    def submitted(self, field: Input) -> None:
        if field.id in ("topic", "proposer"):
            self._add_topic()
        elif field.id == "who":
            self.query_one("#attendees", SelectionList).focus()
        else:
            self.action_save()

    def _add_topic(self) -> None:
        topic = self.query_one("#topic", Input)
        proposer = self.query_one("#proposer", Input)
        if not topic.value.strip():
            topic.focus()
            return
        try:
            built = self._topic(topic.value, proposer.value)
        except CopkitError as exc:  # an unknown proposer: the same words as the CLI
            self.show_error(str(exc))
            return
        self.topics.append((built.text, built.proposed_by or ""))
        topic.value = ""
        proposer.value = ""
        topic.focus()
        self._show_topics()
        self.validate()

    def action_drop_topic(self) -> None:
        if self.topics:
            self.topics.pop()
            self._show_topics()
            self.validate()

    def _show_topics(self) -> None:
        if not self.topics:
            shown = Content.from_markup("[dim]No topics yet.[/]")
        else:
            shown = Content("\n").join(
                Content.from_markup(
                    f"{n}. $text" + (" [dim]— $who[/]" if who else ""),
                    text=visible(text),
                    who=visible(who),
                )
                for n, (text, who) in enumerate(self._named_topics(), 1)
            )
        self.query_one("#topic-list", Static).update(shown)

    def _named_topics(self) -> list[tuple[str, str]]:
        named = []
        for text, member_id in self.topics:
            member = self.data.member(member_id) if member_id else None
            named.append((text, member.name if member else ""))
        return named

    def _topic(self, text: str, proposer: str) -> Topic:
        """A topic with its proposer's id: an unknown proposer is refused as it is added."""
        member: Member | None = (
            records.find_member(self.data.members, proposer) if proposer.strip() else None
        )
        return Topic(text, member.id if member else None)

    # --- checking and saving --------------------------------------------------------------

    def check(self) -> HeldMeeting:
        """The form's fields as the core's typed values; the core's rules (one proposer for
        every topic or none, a day the rhythm meets) are left to it, through the rehearsal."""
        start = parse_datetime(
            self.query_one("#on", Input).value, default_time=self.rhythm.start.time()
        )
        topics = list(self.topics)
        pending = self.query_one("#topic", Input).value.strip()
        if pending:  # typed but not yet added: a gardener would expect it to count
            topics.append((pending, self.query_one("#proposer", Input).value.strip()))
        activities = tuple(
            Activity(kind, label)
            for kind, widget in (
                (ActivityKind.FAMILIAR, "#familiar"),
                (ActivityKind.STIMULATING, "#stimulating"),
            )
            for label in split_list(self.query_one(widget, Input).value)
        )
        roles = records.paired_roles(
            *(split_list(self.query_one(f"#role-{role}", Input).value) for role in ROLE_LABELS)
        )
        return HeldMeeting(
            rhythm=self.rhythm.id,
            on=start,
            attended=tuple(sorted(self.attending)),
            activities=activities,
            topics=tuple(self._topic(text, who) for text, who in topics),
            guests=tuple(split_list(self.query_one("#guests", Input).value)),
            roles=tuple(roles),
        )

    def save(self, session: Session, checked: HeldMeeting) -> str:
        stored = records.record_meeting(
            session,
            on=checked.on,
            rhythm=checked.rhythm,
            attended=checked.attended,
            activities=checked.activities,
            topics=checked.topics,
            guests=checked.guests,
            roles=checked.roles,
            now=self.copkit.now,
        )
        return "\n".join(stored.said())


def _label(member: Member) -> Content:
    """A member's name and organisation, as typed (never read as markup)."""
    org = " [dim]· $org[/]" if member.org else ""
    return Content.from_markup(f"$name{org}", name=visible(member.name), org=visible(member.org))
