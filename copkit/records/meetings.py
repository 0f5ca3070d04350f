"""Meetings held and called off, and the occurrences still to come."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import msgspec

from copkit.errors import CopkitError, InputError
from copkit.model import (
    MEETING_ROLES,
    Activity,
    Community,
    Meeting,
    MeetingStatus,
    Member,
    Rhythm,
    Role,
    Space,
    Topic,
)
from copkit.model.counts import count
from copkit.model.words import stems
from copkit.records.data import CommunityData
from copkit.records.members import find_member
from copkit.records.rhythms import find_rhythm, space_in_use
from copkit.schedule.parsing import local_time
from copkit.schedule.rhythm import next_occurrences, occurs_on, zone_of

if TYPE_CHECKING:
    from copkit.storage.store import Session


class RecordedMeeting(msgspec.Struct, frozen=True):
    """A meeting just recorded, and the attendees whose join date it moved back to its day."""

    meeting: Meeting
    joins_moved: tuple[Member, ...] = ()

    def summary(self) -> str:
        """The meeting recorded, as every face says it: when, its id, who came, its topics."""
        held = self.meeting
        return (
            f"Recorded the meeting of {held.start:%a %d %b %Y %H:%M} ({held.id}): "
            f"{held.attendance} attended, {count(len(held.topics), 'topic')}"
        )

    def notes(self) -> list[str]:
        """One line per member moved, as every face says it."""
        return [
            f"Moved {m.name}'s join date back to {m.joined.day} {m.joined:%b %Y}, the first "
            "meeting they attended"
            for m in self.joins_moved
        ]

    def said(self) -> list[str]:
        """Every line a face says once the meeting is recorded: the summary, then the notes."""
        return [self.summary(), *self.notes()]


def paired_topics(
    texts: Sequence[str],
    proposers: Sequence[str],
    *,
    called: str = "proposers",
    themes: Sequence[Sequence[str]] = (),
    themes_called: str = "theme lists",
) -> list[Topic]:
    """Topics from their texts, their proposers' refs and their themes, paired in order.

    A face that asks for topics, proposers and themes as lists (the CLI's ``--topic``,
    ``--proposed-by`` and ``--theme``) pairs them here, so the rule "one for every topic, or
    none at all" is worded and applied in one place; ``called`` and ``themes_called`` name the
    lists as that face asks for them. A topic's themes may be empty.
    """
    _one_proposer_each(len(texts), len(proposers), called)
    _one_proposer_each(len(texts), len(themes), themes_called)
    return [
        Topic(
            text,
            proposers[n] if proposers else None,
            themes=tuple(themes[n]) if themes else (),
        )
        for n, text in enumerate(texts)
    ]


def suggest_themes(text: str, community: Community, members: Sequence[Member]) -> list[str]:
    """Themes a topic's words suggest: the domain's themes and current members' interests
    sharing a word stem with it, the domain's first. A suggestion only: the gardener gives a
    topic its themes (principle 5 reads those, not the words)."""
    words = stems(text)
    candidates = [*community.themes, *(i for m in members if m.left is None for i in m.interests)]
    found: dict[str, str] = {}
    for candidate in candidates:
        if stems(candidate) & words:
            found.setdefault(candidate.casefold(), candidate)
    return list(found.values())


def paired_roles(
    chair: Sequence[str] = (),
    host: Sequence[str] = (),
    welcome: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> list[Role]:
    """Roles from the refs of who took each (``--chair``, ``--host``, ``--welcome``,
    ``--notes-by``); refs are looked up by :func:`record_meeting`."""
    given = {"chair": chair, "host": host, "welcome": welcome, "notes": notes}
    return [Role(role, ref) for role in MEETING_ROLES for ref in given[role] if ref]


def _one_proposer_each(topics: int, proposers: int, called: str) -> None:
    """The agenda's rule: who proposed what is known for every topic, or for none.

    A half-known agenda would skew the share of member-proposed topics (principle 1).
    """
    if proposers and proposers != topics:
        raise InputError(
            f"{called}: {proposers} given for {count(topics, 'topic')}; give one for every topic, "
            "or none at all"
        )


def record_meeting(
    session: Session,
    *,
    on: dt.date | dt.datetime,
    rhythm: str | None = None,
    space: str | None = None,
    attended: Sequence[str] = (),
    activities: Sequence[Activity] = (),
    topics: Sequence[Topic] = (),
    guests: Sequence[str] = (),
    roles: Sequence[Role] = (),
    now: dt.datetime,
) -> RecordedMeeting:
    """Record a held meeting, of a rhythm (time defaults to the rhythm's) or ad hoc on a space.

    ``rhythm``, ``space``, ``attended`` and each topic's ``proposed_by`` are refs (an id, an
    email, a name or part of one), looked up here so every face finds the same record; a topic's
    proposer is stored by id, and whether a member (not the gardener) proposed it is decided
    here. ``on`` may be a bare date only for a rhythm, which gives the time, and must have begun
    by ``now`` (zone-aware: the face's clock). Each role's ``member_id`` is a ref too, stored by
    id, with whether a member, not a gardener, took it (shared leadership, principle 8).

    Someone who attended was taking part that day, whatever their join date says: join dates
    default to the day a member is added, so a gardener entering past meetings would otherwise
    leave every attendee a non-member of their own meetings (and the health check would count
    nobody). An attendee's join date therefore moves back to the meeting's day, and the result
    names each member moved, so every face can say so.
    """
    if (rhythm is None) == (space is None):
        raise InputError("say where the meeting was: --rhythm NAME or --space SPACE")
    _one_proposer_each(len(topics), sum(1 for t in topics if t.proposed_by), "proposers")
    community = session.community()
    members = session.all(Member)
    found_rhythm, start, space_id = _when_and_where(session, community, on, rhythm, space)
    attendees = [find_member(members, ref).id for ref in attended]
    proposed = [_proposed(members, topic, community) for topic in topics]
    taken = [_taken(members, role, community) for role in roles]
    _refuse_recorded(session, start, space_id, found_rhythm)
    _refuse_future(start, found_rhythm, community, now)
    meeting = Meeting(
        start=start,
        space_id=space_id,
        rhythm_id=found_rhythm.id if found_rhythm else None,
        attendees=tuple(attendees),
        activities=tuple(activities),
        topics=tuple(proposed),
        guests=tuple(guests),
        roles=tuple(taken),
    )
    return RecordedMeeting(session.add(meeting), _move_joins(session, members, attendees, start))


def _when_and_where(
    session: Session,
    community: Community,
    on: dt.date | dt.datetime,
    rhythm: str | None,
    space: str | None,
) -> tuple[Rhythm | None, dt.datetime, str]:
    """The rhythm a held meeting belongs to (if any), when it started and the space it met in:
    a rhythm gives its time and space; an ad hoc meeting needs a time that exists locally."""
    found_rhythm = (
        find_rhythm(
            session.all(Rhythm), rhythm, on=on if not isinstance(on, dt.datetime) else on.date()
        )
        if rhythm
        else None
    )
    if found_rhythm is not None:
        return found_rhythm, _rhythm_meeting_start(session, found_rhythm, on), found_rhythm.space_id
    start = _meeting_start(on, None)
    local_time(start, community.zone)
    return None, start, space_in_use(session.all(Space), space or "", start.date()).id


def _refuse_future(
    start: dt.datetime, rhythm: Rhythm | None, community: Community, now: dt.datetime
) -> None:
    """A meeting is recorded once it is held (by ``now``, in its own zone), never before."""
    zone = zone_of(rhythm, community) if rhythm else community.zone
    if start > now.astimezone(zone).replace(tzinfo=None):
        raise CopkitError(
            f"the meeting of {start:%Y-%m-%d %H:%M} has not happened yet: record it once it is held"
        )


def _rhythm_meeting_start(
    session: Session, rhythm: Rhythm, on: dt.date | dt.datetime
) -> dt.datetime:
    """When a rhythm's meeting started; refused unless the rhythm meets then and still runs."""
    zone = zone_of(rhythm, session.community())
    start = _meeting_start(on, rhythm.start.time())
    local_time(start, zone)
    if not rhythm.running(start.date()):
        raise CopkitError(f"{rhythm.name} was called off from {rhythm.ended}")
    if occurs_on(rhythm, zone, start.date()) is None:
        space_name = next(s.name for s in session.all(Space) if s.id == rhythm.space_id)
        raise CopkitError(
            f"{rhythm.name} does not meet on {start:%Y-%m-%d} (see `copkit rhythm "
            f"show`); record a moved or extra meeting with --space {space_name!r}"
        )
    return start


def _proposed(members: Sequence[Member], topic: Topic, community: Community) -> Topic:
    """A topic as stored: its proposer's ref becomes their id, and ``by_member`` says whether
    a member other than a gardener or a lead proposed it (principle 1 counts those)."""
    if not topic.proposed_by:
        return Topic(topic.text, themes=topic.themes)
    proposer = find_member(members, topic.proposed_by)
    return Topic(topic.text, proposer.id, not community.leading(proposer), topic.themes)


def _taken(members: Sequence[Member], role: Role, community: Community) -> Role:
    """A role as stored: who took it by id, and whether they are a member, not a gardener or
    a lead."""
    person = find_member(members, role.member_id or "")
    return Role(role.role, person.id, not community.leading(person))


def _refuse_recorded(
    session: Session, start: dt.datetime, space_id: str, rhythm: Rhythm | None
) -> None:
    """A meeting is recorded once, and never on a day its rhythm was cancelled."""
    meetings = session.all(Meeting)
    for existing in meetings:
        if existing.start == start and existing.space_id == space_id and existing.held:
            raise CopkitError(
                f"a meeting at {start:%Y-%m-%d %H:%M} is already recorded ({existing.id})"
            )
    if rhythm and start.date() in cancelled_days(meetings, rhythm):
        raise CopkitError(f"the {start:%Y-%m-%d} meeting of {rhythm.name} was cancelled")


def _move_joins(
    session: Session, members: Sequence[Member], attendees: Sequence[str], start: dt.datetime
) -> tuple[Member, ...]:
    """Attendees who joined after the meeting's day join on that day instead (see
    :func:`record_meeting`); returns them as stored."""
    day = start.date()
    return tuple(
        session.put(member.replace(joined=day))
        for member in members
        if member.id in attendees and member.joined > day
    )


def _meeting_start(on: dt.date | dt.datetime, default_time: dt.time | None) -> dt.datetime:
    """A meeting's wall-clock start, to the minute: a bare date takes the rhythm's time."""
    if isinstance(on, dt.datetime):
        return on.replace(second=0, microsecond=0)
    if default_time is None:
        raise InputError(f"'{on}' is not a date and time: a meeting on a space needs its time")
    return dt.datetime.combine(on, default_time)


def cancel_meeting(session: Session, *, rhythm: str, on: dt.date, reason: str = "") -> Meeting:
    """Cancel one occurrence of a rhythm; it must be a date the rhythm actually meets on."""
    community = session.community()
    found = find_rhythm(session.all(Rhythm), rhythm, on=on)
    if not found.running(on):
        raise CopkitError(f"{found.name} was called off from {found.ended}")
    occurrence = occurs_on(found, zone_of(found, community), on)
    if occurrence is None:
        raise CopkitError(f"{found.name} does not meet on {on} (see `copkit rhythm show`)")
    start = occurrence.replace(tzinfo=None)
    for existing in session.all(Meeting):
        if existing.rhythm_id == found.id and existing.start.date() == on:
            state = "cancelled" if not existing.held else "recorded as held"
            raise CopkitError(f"the {on} meeting of {found.name} is already {state}")
    meeting = Meeting(
        start=start,
        space_id=found.space_id,
        rhythm_id=found.id,
        status=MeetingStatus.CANCELLED,
        reason=reason,
    )
    stored = session.add(meeting)
    # Clients only apply a change whose SEQUENCE is higher than the one they hold.
    session.put(found.replace(sequence=found.sequence + 1))
    return stored


class Upcoming(msgspec.Struct, frozen=True):
    """A future occurrence of a rhythm, zone-aware."""

    rhythm: Rhythm
    space: Space
    start: dt.datetime

    @property
    def end(self) -> dt.datetime:
        return self.start + self.rhythm.duration


def cancelled_days(meetings: Iterable[Meeting], rhythm: Rhythm) -> frozenset[dt.date]:
    """The days on which a meeting of ``rhythm`` was called off.

    Matched by day, not by hour (like plans, :func:`copkit.records.plan_for`): a cancellation
    survives the rhythm being moved to another hour. Every rule that asks whether a meeting was
    called off asks here: recording and planning one, what is coming up, `rhythm show`, the
    invites' EXDATEs and overrides.
    """
    return frozenset(m.start.date() for m in meetings if m.rhythm_id == rhythm.id and not m.held)


def coming_starts(
    data: CommunityData, rhythm: Rhythm, *, now: dt.datetime, count: int
) -> list[dt.datetime]:
    """The next ``count`` meetings of ``rhythm`` from ``now`` that will take place (neither
    cancelled nor after the rhythm ended), zone-aware in the rhythm's zone."""
    zone = zone_of(rhythm, data.community)
    cancelled = cancelled_days(data.meetings, rhythm)
    candidates = next_occurrences(rhythm, zone, now.astimezone(zone), count + 24)
    kept = [t for t in candidates if t.date() not in cancelled and rhythm.running(t.date())]
    return kept[:count]


def _ahead(data: CommunityData, meeting: Meeting, now: dt.datetime) -> bool:
    """Whether a recorded meeting is still to come at ``now``: only a cancelled one can be."""
    if meeting.held:
        return False
    rhythm = next((r for r in data.rhythms if r.id == meeting.rhythm_id), None)
    zone = zone_of(rhythm, data.community) if rhythm else data.community.zone
    return meeting.start > now.astimezone(zone).replace(tzinfo=None)


def past_meetings(data: CommunityData, *, now: dt.datetime) -> list[Meeting]:
    """Recorded meetings that began before ``now``, held or cancelled, in date order.

    A meeting called off for a later day is not a past one (:func:`cancelled_ahead`): every
    face that lists or counts past meetings asks here.
    """
    return [m for m in data.meetings if not _ahead(data, m, now)]


def cancelled_ahead(data: CommunityData, *, now: dt.datetime) -> list[Meeting]:
    """Meetings called off for a time after ``now``, in date order: what :func:`upcoming`
    leaves out."""
    return [m for m in data.meetings if _ahead(data, m, now)]


def upcoming(data: CommunityData, *, now: dt.datetime, per_rhythm: int = 3) -> list[Upcoming]:
    """The next occurrences of every rhythm, minus cancelled ones, in date order: the one rule
    for "the next meetings" that every face (`meeting list`, `rhythm show`, `overview`,
    `health`, the dashboard) reads. A reading of a past day passes records that still hold the
    meetings called off after it (see :func:`copkit.health.participation.upto`)."""
    found: list[Upcoming] = []
    for rhythm in data.rhythms:
        space = data.space(rhythm.space_id)
        starts = coming_starts(data, rhythm, now=now, count=per_rhythm)
        found.extend(Upcoming(rhythm, space, t) for t in starts)
    return sorted(found, key=lambda u: u.start)


class RhythmDates(msgspec.Struct, frozen=True):
    """What `rhythm show` lists: a rhythm's next dates while it still runs, in its zone,
    cancelled ones among them (``cancelled`` holds every day a meeting of it was called off)."""

    zone: ZoneInfo
    dates: tuple[dt.datetime, ...]
    cancelled: frozenset[dt.date]


def rhythm_dates(
    data: CommunityData,
    rhythm: Rhythm,
    *,
    count: int,
    now: dt.datetime,
    start: dt.date | None = None,
) -> RhythmDates:
    """The next ``count`` dates of ``rhythm`` from the start of ``start`` (a day, in the
    rhythm's zone) or else from ``now``, leaving out those after it ended, and the days it was
    cancelled on: the face marks a cancelled date rather than hiding it."""
    zone = zone_of(rhythm, data.community)
    after = dt.datetime.combine(start, dt.time(), tzinfo=zone) if start else now.astimezone(zone)
    dates = [d for d in next_occurrences(rhythm, zone, after, count) if rhythm.running(d.date())]
    return RhythmDates(zone, tuple(dates), cancelled_days(data.meetings, rhythm))
