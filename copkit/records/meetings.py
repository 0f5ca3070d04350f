"""Meetings held and called off, and the occurrences still to come."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from copkit.errors import CopkitError, InputError
from copkit.model import Meeting, MeetingStatus, Member, Rhythm, Space, Topic
from copkit.parsing import local_time, parse_activity, parse_datetime
from copkit.records.data import CommunityData
from copkit.records.members import find_member
from copkit.records.rhythms import find_rhythm, find_space
from copkit.rhythm import next_occurrences, occurs_on, zone_of
from copkit.store import Session


@dataclass(frozen=True)
class RecordedMeeting:
    """A meeting just recorded, and the attendees whose join date it moved back to its day."""

    meeting: Meeting
    joins_moved: tuple[Member, ...] = ()

    def notes(self) -> list[str]:
        """One line per member moved, as every face says it."""
        return [
            f"Moved {m.name}'s join date back to {m.joined.day} {m.joined:%b %Y}, the first "
            "meeting they attended"
            for m in self.joins_moved
        ]


def record_meeting(
    session: Session,
    *,
    on: str | dt.date | dt.datetime,
    rhythm: str | None = None,
    space: str | None = None,
    attended: Sequence[str] = (),
    activities: Sequence[str] = (),
    topics: Sequence[str] = (),
    proposed_by: Sequence[str] = (),
    guests: Sequence[str] = (),
) -> RecordedMeeting:
    """Record a held meeting, of a rhythm (time defaults to the rhythm's) or ad hoc on a space.

    Someone who attended was taking part that day, whatever their join date says: join dates
    default to the day a member is added, so a gardener entering past meetings would otherwise
    leave every attendee a non-member of their own meetings (and the health check would count
    nobody). An attendee's join date therefore moves back to the meeting's day, and the result
    names each member moved, so every face can say so.
    """

    if (rhythm is None) == (space is None):
        raise InputError("say where the meeting was: --rhythm NAME or --space SPACE")
    if proposed_by and len(proposed_by) != len(topics):
        raise InputError(
            f"{len(topics)} topic(s) but {len(proposed_by)} --proposed-by: give one for every "
            "topic, or none at all"
        )
    community = session.community()
    members = session.all(Member)
    found_rhythm = find_rhythm(session.all(Rhythm), rhythm) if rhythm else None
    if found_rhythm is not None:
        start = _meeting_start(on, found_rhythm.start.time())
        local_time(start, zone_of(found_rhythm, community))
        space_id = found_rhythm.space_id
        if not found_rhythm.running(start.date()):
            raise CopkitError(f"{found_rhythm.name} was called off from {found_rhythm.ended}")
        if occurs_on(found_rhythm, zone_of(found_rhythm, community), start.date()) is None:
            space_name = next(s.name for s in session.all(Space) if s.id == space_id)
            raise CopkitError(
                f"{found_rhythm.name} does not meet on {start:%Y-%m-%d} (see `copkit rhythm "
                f"show`); record a moved or extra meeting with --space {space_name!r}"
            )
    else:
        start = _meeting_start(on, None)
        local_time(start, community.zone)
        space_id = find_space(session.all(Space), space or "").id
    attendees = [find_member(members, ref).id for ref in attended]
    gardener = community.gardener_email
    topic_records = []
    for index, text in enumerate(topics):
        proposer = find_member(members, proposed_by[index]) if proposed_by else None
        by_member = proposer is not None and proposer.email != gardener
        topic_records.append(Topic(text, proposer.id if proposer else None, by_member))
    for existing in session.all(Meeting):
        if existing.start == start and existing.space_id == space_id and existing.held:
            raise CopkitError(
                f"a meeting at {start:%Y-%m-%d %H:%M} is already recorded ({existing.id})"
            )
        if (
            found_rhythm
            and existing.rhythm_id == found_rhythm.id
            and existing.status is MeetingStatus.CANCELLED
            and existing.start.date() == start.date()
        ):
            raise CopkitError(f"the {start:%Y-%m-%d} meeting of {found_rhythm.name} was cancelled")
    zone = zone_of(found_rhythm, community) if found_rhythm else community.zone
    now = dt.datetime.now(zone).replace(tzinfo=None)
    if start > now:
        raise CopkitError(
            f"the meeting of {start:%Y-%m-%d %H:%M} has not happened yet: record it once it is held"
        )
    meeting = Meeting(
        start=start,
        space_id=space_id,
        rhythm_id=found_rhythm.id if found_rhythm else None,
        attendees=tuple(attendees),
        activities=tuple(parse_activity(a) for a in activities),
        topics=tuple(topic_records),
        guests=tuple(guests),
    )
    stored = session.add(meeting)
    moved = []
    for member in members:
        if member.id in attendees and member.joined > start.date():
            moved.append(session.put(member.replace(joined=start.date())))
    return RecordedMeeting(stored, tuple(moved))


def _meeting_start(on: str | dt.date | dt.datetime, default_time: dt.time | None) -> dt.datetime:
    """A meeting's wall-clock start from ``--on``: a bare date takes the rhythm's time."""
    if isinstance(on, str):
        return parse_datetime(on, default_time=default_time)
    if isinstance(on, dt.datetime):
        return on.replace(second=0, microsecond=0)
    if default_time is None:
        raise InputError(f"'{on}' is not a date and time: a meeting on a space needs its time")
    return dt.datetime.combine(on, default_time)


def cancel_meeting(session: Session, *, rhythm: str, on: dt.date, reason: str = "") -> Meeting:
    """Cancel one occurrence of a rhythm; it must be a date the rhythm actually meets on."""
    community = session.community()
    found = find_rhythm(session.all(Rhythm), rhythm)
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


@dataclass(frozen=True)
class Upcoming:
    """A future occurrence of a rhythm, zone-aware."""

    rhythm: Rhythm
    space: Space
    start: dt.datetime

    @property
    def end(self) -> dt.datetime:
        return self.start + self.rhythm.duration


def upcoming(data: CommunityData, *, now: dt.datetime, per_rhythm: int = 3) -> list[Upcoming]:
    """The next occurrences of every rhythm, minus cancelled ones, in date order."""
    cancelled = {(m.rhythm_id, m.start.date()) for m in data.meetings if not m.held and m.rhythm_id}
    found: list[Upcoming] = []
    for rhythm in data.rhythms:
        zone = zone_of(rhythm, data.community)
        space = data.space(rhythm.space_id)
        candidates = next_occurrences(rhythm, zone, now.astimezone(zone), per_rhythm + 24)
        kept = [
            t
            for t in candidates
            if (rhythm.id, t.date()) not in cancelled and rhythm.running(t.date())
        ][:per_rhythm]
        found.extend(Upcoming(rhythm, space, t) for t in kept)
    return sorted(found, key=lambda u: u.start)
