"""What a gardener does to the records: the rules every face (CLI, TUI, scripts) shares.

Functions here take an open :class:`~copkit.store.Session` so that a command's whole
read-modify-write happens inside one lock, and raise :class:`~copkit.errors.CopkitError` with a
message a person can act on. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from copkit.errors import CopkitError, InputError, NotFound
from copkit.model import (
    Community,
    Meeting,
    MeetingStatus,
    Member,
    Rhythm,
    Space,
    SponsorUpdate,
    Story,
    SurveyResponse,
    Topic,
    revise,
)
from copkit.parsing import local_time, parse_activity, parse_datetime
from copkit.rhythm import build_rule, cut_before, move_until, next_occurrences, occurs_on, zone_of
from copkit.store import Session


@dataclass(frozen=True)
class CommunityData:
    """Everything in one community, read once: what the health check, calendar and TUI read."""

    community: Community
    members: list[Member]
    spaces: list[Space]
    rhythms: list[Rhythm]
    meetings: list[Meeting]
    stories: list[Story]
    survey: list[SurveyResponse]
    sponsor_updates: list[SponsorUpdate]

    def space(self, space_id: str) -> Space:
        return next(s for s in self.spaces if s.id == space_id)

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    @property
    def started(self) -> dt.date:
        """The day the community started: the earliest sign of life in its records (its file's
        creation, a member joining, a meeting). One answer for `community show`, the health
        check and every other face: a gardener who enters last month's meetings today started
        last month, not today."""
        days = [self.community.created]
        days += [m.joined for m in self.members]
        days += [m.start.date() for m in self.meetings]
        return min(days)


def snapshot(session: Session) -> CommunityData:
    return CommunityData(
        community=session.community(),
        members=session.all(Member),
        spaces=session.all(Space),
        rhythms=session.all(Rhythm),
        meetings=sorted(session.all(Meeting), key=lambda m: m.start),
        stories=session.all(Story),
        survey=session.all(SurveyResponse),
        sponsor_updates=session.all(SponsorUpdate),
    )


# --- members -------------------------------------------------------------------------------


def find_member(members: Sequence[Member], ref: str) -> Member:
    """A member by id, email, or an unambiguous part of the name (case-insensitive)."""
    ref = ref.strip()
    if not ref:
        raise InputError("an empty member name")
    lowered = ref.lower()
    for member in members:
        if member.id == ref or member.email == lowered:
            return member
    exact = [m for m in members if m.name.lower() == lowered]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [m for m in members if lowered in m.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise NotFound(f"no member matches {ref!r}")
    names = ", ".join(f"{m.name} ({m.id})" for m in partial[:6])
    raise CopkitError(f"{ref!r} could mean {names}; use the id or the email")


def _check_email_free(session: Session, email: str, *, except_id: str = "") -> None:
    for member in session.all(Member):
        if member.email == email.lower() and member.id != except_id:
            raise CopkitError(f"{email} already belongs to {member.name} ({member.id})")


def add_member(session: Session, member: Member) -> Member:
    _check_email_free(session, member.email)
    return session.add(member)


def edit_member(session: Session, ref: str, **changes: Any) -> Member:
    """Change some fields of a member; the record is re-validated as a whole."""
    member = find_member(session.all(Member), ref)
    updated = member.revised(_plain(changes))
    if updated.email != member.email:
        _check_email_free(session, updated.email, except_id=member.id)
    return session.put(updated)


def _plain(changes: dict[str, Any]) -> dict[str, Any]:
    """Values as ``to_dict`` would store them, so ``from_dict`` can decode them again."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple | list):
            value = list(value)
        out[key] = value
    return out


def leave_member(session: Session, ref: str, on: dt.date | None = None) -> Member:
    member = find_member(session.all(Member), ref)
    if member.left is not None:
        raise CopkitError(f"{member.name} already left on {member.left}")
    return session.put(member.replace(left=on or dt.date.today()))


def forget_member(session: Session, ref: str) -> Member:
    """Erase a member's personal data from every record, keeping past counts right.

    The member record goes; in each meeting they attended their id becomes one anonymous
    attendee; topics they proposed lose the proposer but keep that a member proposed them; a
    guest entry under their name goes. Stories go if they were told about them, or if their text
    names them, by full name or by surname (three letters or more; a whole word, in any case):
    a story that names a person is about that person, however it was filed. If they were the
    gardener, the community forgets that too. The file's backups are dropped once the erasure
    is written, since each of them still holds the person.
    """

    def spaced(text: str) -> str:
        """The words of ``text`` in lower case, between single spaces: " ulla marsh "."""
        letters = "".join(c if c.isalpha() else " " for c in text.casefold())
        return f" {' '.join(letters.split())} "

    member = find_member(session.all(Member), ref)
    name = member.name.casefold().strip()
    for meeting in session.all(Meeting):
        attended = member.id in meeting.attendees
        proposed = any(t.proposed_by == member.id for t in meeting.topics)
        guest = any(g.casefold().strip() == name for g in meeting.guests)
        if not (attended or proposed or guest):
            continue
        session.put(
            meeting.replace(
                attendees=tuple(a for a in meeting.attendees if a != member.id),
                anonymous_attendees=meeting.anonymous_attendees + int(attended),
                topics=tuple(
                    t if t.proposed_by != member.id else revise(t, proposed_by=None)
                    for t in meeting.topics
                ),
                guests=tuple(g for g in meeting.guests if g.casefold().strip() != name),
            )
        )
    parts = spaced(member.name).split()
    marks = [f" {' '.join(parts)} "] if parts else []
    if len(parts) > 1 and len(parts[-1]) >= 3:
        marks.append(f" {parts[-1]} ")
    for story in session.all(Story):
        text = spaced(story.text)
        if story.member_id == member.id or any(mark in text for mark in marks):
            session.remove(Story, story.id)
    community = session.community()
    named = not community.gardener_email and community.gardener.lower() == member.name.lower()
    if community.gardener_email == member.email or named:
        session.put_community(community.replace(gardener="", gardener_email=""))
    session.remove(Member, member.id)
    session.purge_backups_after_write()
    return member


def import_members(session: Session, members: Sequence[tuple[int, Member]]) -> list[Member]:
    """Add members read from a CSV (line number, member); all or nothing.

    Every row is checked against the store and the rest of the file before anything is added,
    and every problem is reported at once, each with its line number.
    """
    known = {m.email: m for m in session.all(Member)}
    seen: dict[str, int] = {}
    problems: list[str] = []
    for line, member in members:
        if member.email in known:
            problems.append(
                f"line {line}: {member.email} already belongs to {known[member.email].name}"
            )
        elif member.email in seen:
            problems.append(f"line {line}: {member.email} is also on line {seen[member.email]}")
        seen.setdefault(member.email, line)
    if problems:
        raise InputError("nothing was imported:\n  " + "\n  ".join(problems))
    return session.add_many([member for _, member in members])


def current_members(members: Iterable[Member], on: dt.date | None = None) -> list[Member]:
    return [m for m in members if m.is_current(on)]


# --- spaces and rhythms --------------------------------------------------------------------


def find_space(spaces: Sequence[Space], ref: str) -> Space:
    lowered = ref.strip().lower()
    for space in spaces:
        if space.id == ref or space.name.lower() == lowered:
            return space
    matches = [s for s in spaces if lowered and lowered in s.name.lower()]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(s.name for s in spaces) or "none yet; add one with `copkit space add`"
    raise NotFound(f"no space {ref!r} (spaces: {known})")


def add_space(session: Session, space: Space) -> Space:
    if any(s.name.lower() == space.name.lower() for s in session.all(Space)):
        raise CopkitError(f"there is already a space called {space.name!r}")
    return session.add(space)


def find_rhythm(rhythms: Sequence[Rhythm], ref: str) -> Rhythm:
    lowered = ref.strip().lower()
    for rhythm in rhythms:
        if rhythm.id == ref or rhythm.name.lower() == lowered:
            return rhythm
    matches = [r for r in rhythms if lowered and lowered in r.name.lower()]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(r.name for r in rhythms) or "none yet; add one with `copkit rhythm add`"
    raise NotFound(f"no rhythm {ref!r} (rhythms: {known})")


def add_rhythm(
    session: Session,
    *,
    name: str,
    space: str,
    start: dt.datetime | dt.date,
    duration: dt.timedelta | None,
    every: str | None = None,
    rrule: str | None = None,
    timezone: str | None = None,
    until: dt.date | None = None,
) -> Rhythm:
    community = session.community()
    found_space = find_space(session.all(Space), space)
    if any(r.name.lower() == name.strip().lower() for r in session.all(Rhythm)):
        raise CopkitError(f"there is already a rhythm called {name!r}")
    probe = Rhythm(
        name, found_space.id, "FREQ=DAILY", dt.datetime(2000, 1, 1), 60, timezone=timezone
    )
    spec = build_rule(
        every=every, raw_rrule=rrule, start=start, zone=zone_of(probe, community), until=until
    )
    length = duration or spec.duration or dt.timedelta(hours=1)
    rhythm = Rhythm(
        name=name,
        space_id=found_space.id,
        rrule=spec.rrule,
        start=spec.start,
        duration_minutes=int(length.total_seconds() // 60),
        timezone=timezone,
    )
    return session.add(rhythm)


#: What a change to a rhythm must resend: calendars apply it only with a higher SEQUENCE.
_SENT_FIELDS = ("name", "space_id", "rrule", "start", "duration_minutes", "timezone", "ended")


def edit_rhythm(
    session: Session,
    ref: str,
    *,
    name: str | None = None,
    space: str | None = None,
    every: str | None = None,
    rrule: str | None = None,
    start: dt.datetime | dt.date | dt.time | None = None,
    duration: dt.timedelta | None = None,
    timezone: str | None = None,
    until: dt.date | None = None,
) -> Rhythm:
    """Change a rhythm's name, place, rule, time or length; SEQUENCE rises if anything sent out
    changed, so calendars update the series they hold.

    ``start`` may be a time of day alone (the series moves to that time and keeps its dates)
    or a date alone (it keeps its time of day, unless a new ``every`` says one)."""
    community = session.community()
    rhythms = session.all(Rhythm)
    found = find_rhythm(rhythms, ref)
    if found.ended is not None:
        raise CopkitError(
            f"{found.name} was called off from {found.ended}; start a new rhythm instead"
        )
    if name and any(r.name.lower() == name.strip().lower() and r.id != found.id for r in rhythms):
        raise CopkitError(f"there is already a rhythm called {name!r}")
    updated = found.replace(
        name=name or found.name,
        space_id=find_space(session.all(Space), space).id if space else found.space_id,
        timezone=timezone if timezone is not None else found.timezone,
        duration_minutes=(
            int(duration.total_seconds() // 60) if duration else found.duration_minutes
        ),
    )
    old_zone, new_zone = zone_of(found, community), zone_of(updated, community)
    if new_zone != old_zone:  # the same last local day, in the new zone
        updated = updated.replace(rrule=move_until(found.rrule, old_zone, new_zone))
    if every or rrule or start or until:
        existing = updated.rrule
        if until is not None and every is None and rrule is None:
            existing = ";".join(p for p in existing.split(";") if not p.startswith("UNTIL="))
        spec = build_rule(
            every=every,
            raw_rrule=rrule if (rrule or every) else existing,
            start=_new_start(found, start),
            zone=zone_of(updated, community),
            until=until,
            default_time=found.start.time(),
        )
        updated = updated.replace(rrule=spec.rrule, start=spec.start)
        if duration is None and spec.duration is not None:
            updated = updated.replace(duration_minutes=int(spec.duration.total_seconds() // 60))
    if all(getattr(updated, f) == getattr(found, f) for f in _SENT_FIELDS):
        raise CopkitError(f"nothing changed in {found.name}")
    if new_zone != old_zone:  # the same wall-clock start may not exist in the new zone
        local_time(updated.start, new_zone)
    return session.put(updated.replace(sequence=found.sequence + 1))


def _new_start(
    found: Rhythm, start: dt.datetime | dt.date | dt.time | None
) -> dt.datetime | dt.date:
    """What ``rhythm edit --start`` means: a time alone keeps the series' first date."""
    if start is None:
        return found.start
    if isinstance(start, dt.time):
        return dt.datetime.combine(found.start.date(), start)
    return start


def end_rhythm(session: Session, ref: str, on: dt.date | None = None) -> Rhythm:
    """Call a whole series off from ``on`` (default today).

    Meetings before that day stand: the rule gets an UNTIL at the last of them, so calendars
    keep those and drop the rest. A series called off on or before its first meeting (one
    just moved to a later start, say) has none left: it is cancelled whole
    (``meets_before_end`` turns false), while meetings already recorded stay on record.
    """
    found = find_rhythm(session.all(Rhythm), ref)
    if found.ended is not None:
        raise CopkitError(f"{found.name} was already called off from {found.ended}")
    day = on or dt.date.today()
    rule = cut_before(found, zone_of(found, session.community()), day)
    return session.put(found.replace(ended=day, rrule=rule, sequence=found.sequence + 1))


def edit_community(session: Session, **changes: Any) -> Community:
    """Change the community's details. A new time zone moves every rhythm that follows the
    community's zone, so their SEQUENCE rises (calendars must take the new time) and their
    UNTIL keeps its local day."""
    before = session.community()
    updated = before.replace(**changes)
    session.put_community(updated)
    if updated.timezone != before.timezone:
        for rhythm in session.all(Rhythm):
            if rhythm.timezone is None:
                rule = move_until(rhythm.rrule, before.zone, updated.zone)
                session.put(rhythm.replace(rrule=rule, sequence=rhythm.sequence + 1))
    return updated


# --- meetings ------------------------------------------------------------------------------


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
