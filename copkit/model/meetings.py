"""Where and when the community meets: spaces, rhythms, the meetings held or cancelled, the
plans for coming ones, and the invites sent and answers read back for them.

The calendar side of the records: everything :mod:`copkit.calendar` and :mod:`copkit.reach.imip`
turn into iCalendar, apart from the community and its people.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from msgspec.structs import force_setattr

from copkit.errors import InputError
from copkit.model.base import Record
from copkit.model.enums import MeetingStatus, Visibility
from copkit.model.parts import Activity, Role, Topic
from copkit.model.text import check_text, check_timezone

#: What a space is for: a conversation among members, a channel the gardeners post news to (one
#: way on purpose, read by its reach), or a place where meetings are held.
SPACE_PURPOSES = ("discussion", "announcements", "meetings")


def default_purpose(location: str, url: str) -> str:
    """A space with a room or an address and no joining link is where meetings are held; any
    other (a channel, a list, an online room) is for discussion until it is said otherwise."""
    return "meetings" if location and not url else "discussion"


class Space(Record, frozen=True):
    """Where the community meets: a room, a Teams channel, a walk in the park.

    ``purpose`` (:data:`SPACE_PURPOSES`) says how its conversation is read: dialogue is read
    where members are meant to talk, an announcements channel by its reach. Left empty (a file
    written before spaces had one) it is :func:`default_purpose`, so old files read unchanged.
    ``retired`` is the day the space stopped being used: its meetings and conversation stay
    attached and still count in past readings, but readings from that day on leave it out.
    """

    TABLE: ClassVar[str] = "spaces"
    ID_PREFIX: ClassVar[str] = "s"

    name: str
    visibility: Visibility
    id: str = ""
    platform: str = ""
    location: str = ""
    url: str = ""
    purpose: str = ""
    retired: dt.date | None = None

    def __post_init__(self) -> None:
        force_setattr(self, "name", check_text(self.name, "a space's name", limit=200))
        force_setattr(self, "visibility", Visibility(self.visibility))
        for attr in ("platform", "location", "url"):
            force_setattr(self, attr, check_text(getattr(self, attr), attr, required=False))
        if self.url and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", self.url, re.I):
            raise InputError(f"{self.url!r} is not a web address (expected https://...)")
        if not self.purpose:
            force_setattr(self, "purpose", default_purpose(self.location, self.url))
        elif self.purpose not in SPACE_PURPOSES:
            raise InputError(
                f"{self.purpose!r} is not a space's purpose (say {', '.join(SPACE_PURPOSES)})"
            )

    @property
    def is_private(self) -> bool:
        return self.visibility is Visibility.PRIVATE

    @property
    def announces(self) -> bool:
        """A channel the gardeners post news to: one way on purpose, read by its reach."""
        return self.purpose == "announcements"

    def in_use(self, on: dt.date) -> bool:
        """Whether the space is still used on a given day (it may have been retired)."""
        return self.retired is None or on < self.retired


class Rhythm(Record, frozen=True):
    """A recurring series of meetings on one space (docs/architecture.md).

    ``start`` is a wall-clock time in ``timezone`` (or the community's), so a 14:00 meeting
    stays at 14:00 across daylight-saving changes. ``sequence`` rises whenever time, place or
    rule changes, so calendar clients apply an update instead of duplicating the series.
    """

    TABLE: ClassVar[str] = "rhythms"
    ID_PREFIX: ClassVar[str] = "r"

    name: str
    space_id: str
    rrule: str
    start: dt.datetime
    duration_minutes: int
    id: str = ""
    timezone: str | None = None
    sequence: int = 0
    #: The day the series was called off as a whole (no meetings from then on).
    ended: dt.date | None = None
    #: The members (ids) its invites go to, for a series meant for some (a private circle of
    #: eight); empty: every member. Attendance is read against the meetings a member was
    #: invited to, so a core member is not made "active" by a circle they are not part of.
    invited: tuple[str, ...] = ()

    #: What ``invited`` holds once every member it named was forgotten: the series still
    #: invites someone in particular (now no one), never every member.
    NONE_LEFT: ClassVar[str] = "none-left"

    def __post_init__(self) -> None:
        force_setattr(self, "name", check_text(self.name, "a rhythm's name", limit=200))
        if self.start.tzinfo is not None:
            raise InputError("a rhythm's start is a wall-clock time, without a zone offset")
        if not 0 < self.duration_minutes <= 24 * 60:
            raise InputError("a meeting lasts between one minute and 24 hours")
        if self.timezone is not None:
            check_timezone(self.timezone)

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def meets_before_end(self) -> bool:
        """False only for a series called off before its first meeting."""
        return self.ended is None or self.ended > self.start.date()

    def running(self, on: dt.date) -> bool:
        """Whether the series still meets on a given day (it may have been ended)."""
        return self.ended is None or on < self.ended

    @property
    def invites_everyone(self) -> bool:
        """Whether the series' invites go to every member (it names none in particular)."""
        return not self.invited

    def invites(self, member_id: str) -> bool:
        """Whether the series' invites go to this member (every member, unless it names some)."""
        return self.invites_everyone or member_id in self.invited

    def without_invitee(self, member_id: str) -> Rhythm:
        """The series with a forgotten member taken off its invitations (erasure is real)."""
        kept = tuple(i for i in self.invited if i != member_id)
        return self.replace(invited=kept or (self.NONE_LEFT,))


class Meeting(Record, frozen=True):
    """One occurrence: held (with who came and what happened) or cancelled (with why).

    ``anonymous_attendees`` counts attendees who were later forgotten, so attendance figures of
    past meetings stay true after erasure.
    """

    TABLE: ClassVar[str] = "meetings"
    ID_PREFIX: ClassVar[str] = "mt"

    start: dt.datetime
    space_id: str
    id: str = ""
    rhythm_id: str | None = None
    status: MeetingStatus = MeetingStatus.HELD
    reason: str = ""
    attendees: tuple[str, ...] = ()
    anonymous_attendees: int = 0
    activities: tuple[Activity, ...] = ()
    topics: tuple[Topic, ...] = ()
    guests: tuple[str, ...] = ()
    #: Who chaired, hosted, welcomed newcomers and took notes (shared leadership, principle 8).
    roles: tuple[Role, ...] = ()

    def __post_init__(self) -> None:
        force_setattr(self, "status", MeetingStatus(self.status))
        force_setattr(self, "attendees", tuple(dict.fromkeys(self.attendees)))
        guests = tuple(check_text(g, "a guest's name", limit=200) for g in self.guests)
        force_setattr(self, "guests", guests)
        force_setattr(self, "reason", check_text(self.reason, "the reason", required=False))
        if self.status is MeetingStatus.CANCELLED and (self.attendees or self.topics or self.roles):
            raise InputError("a cancelled meeting has no attendance, topics or roles")

    @property
    def held(self) -> bool:
        return self.status is MeetingStatus.HELD

    @property
    def attendance(self) -> int:
        return len(self.attendees) + self.anonymous_attendees


#: What an iTIP message did for one attendee (RFC 5546): the series itself, or a cancellation.
ITIP_METHODS = ("REQUEST", "CANCEL")
#: The answers a member can send to an invite (iTIP REPLY, PARTSTAT).
PARTSTATS = ("ACCEPTED", "DECLINED", "TENTATIVE")


class SentInvite(Record, frozen=True):
    """What one member last received of one series by email, so sending again goes only where
    it is needed: a calendar ignores an update whose SEQUENCE it already holds (copkit.reach.imip).

    ``method`` REQUEST is the series itself; CANCEL with an ``occurrence`` struck one meeting
    from a series they hold; CANCEL without one took the whole series from their calendar.
    """

    TABLE: ClassVar[str] = "sent_invites"
    ID_PREFIX: ClassVar[str] = "si"

    rhythm_id: str
    member_id: str
    method: str
    sequence: int
    sent: dt.datetime
    id: str = ""
    occurrence: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.method not in ITIP_METHODS:
            raise InputError(f"a sent invite is REQUEST or CANCEL, not {self.method!r}")
        if self.sequence < 0:
            raise InputError("a SEQUENCE starts at 0")

    @property
    def holds_series(self) -> bool:
        """Whether the member's calendar holds the series after this message."""
        return self.method == "REQUEST" or self.occurrence is not None


class Rsvp(Record, frozen=True):
    """A member's answer to an invite (iTIP REPLY): for the whole series, or for the one
    meeting whose original start is ``occurrence`` (RECURRENCE-ID, wall-clock time).

    ``replied`` is the reply's DTSTAMP: of two answers for the same meeting the later wins,
    whatever order the files are imported in.
    """

    TABLE: ClassVar[str] = "rsvps"
    ID_PREFIX: ClassVar[str] = "rv"

    rhythm_id: str
    member_id: str
    partstat: str
    replied: dt.datetime
    id: str = ""
    occurrence: dt.datetime | None = None

    def __post_init__(self) -> None:
        force_setattr(self, "partstat", str(self.partstat).upper())
        if self.partstat not in PARTSTATS:
            raise InputError(
                f"an answer is accepted, declined or tentative, not {self.partstat.lower()!r}"
            )


class MeetingPlan(Record, frozen=True):
    """What one coming meeting of a rhythm is about: its theme, agenda and host.

    ``start`` is the occurrence's original start (wall-clock, as the rhythm meets), which is
    its RECURRENCE-ID in invites: the override event carries the theme in its own DESCRIPTION.
    """

    TABLE: ClassVar[str] = "meeting_plans"
    ID_PREFIX: ClassVar[str] = "mp"

    rhythm_id: str
    start: dt.datetime
    id: str = ""
    theme: str = ""
    agenda: str = ""
    host_id: str | None = None

    def __post_init__(self) -> None:
        force_setattr(self, "theme", check_text(self.theme, "the theme", required=False))
        force_setattr(
            self, "agenda", check_text(self.agenda, "the agenda", required=False, multiline=True)
        )
        if self.start.tzinfo is not None:
            raise InputError("a planned meeting's start is a wall-clock time, without an offset")
