"""What coming meetings are about: a theme, an agenda and a host for one occurrence.

Members choose which meetings to attend by their themes (the Wales mapping), so a theme only
helps if it reaches their calendars before the meeting. A plan is therefore kept for a *coming*
occurrence of a rhythm only, and every change to it raises the rhythm's SEQUENCE: invites
carry the plan as an override event of that occurrence (:mod:`copkit.calendar`), and calendar
clients apply an update only when its SEQUENCE is higher than the one they hold (and
``invite --send`` sends only to members who hold an older one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import msgspec

from copkit.errors import CopkitError
from copkit.model import Meeting, MeetingPlan, Member, Rhythm
from copkit.records.data import CommunityData
from copkit.records.meetings import cancelled_days
from copkit.records.members import find_member
from copkit.records.rhythms import find_rhythm
from copkit.schedule.rhythm import occurs_on, zone_of

if TYPE_CHECKING:
    from copkit.storage.store import Session

__all__ = ["Planned", "coming_plans", "plan_for", "plan_meeting"]


class Planned(msgspec.Struct, frozen=True):
    """The outcome of :func:`plan_meeting`: the plan as stored (None once it was cleared),
    the rhythm as it now stands and whether anything changed (nothing to send if not)."""

    rhythm: Rhythm
    start: dt.datetime
    plan: MeetingPlan | None
    changed: bool


def plan_for(plans: Sequence[MeetingPlan], rhythm: Rhythm, day: dt.date) -> MeetingPlan | None:
    """The plan for ``rhythm``'s meeting on ``day``, if there is one.

    Matched by day, like cancellations: a rhythm moved to another hour keeps its plans.
    """
    return next((p for p in plans if p.rhythm_id == rhythm.id and p.start.date() == day), None)


def plan_meeting(
    session: Session,
    *,
    rhythm: str,
    on: dt.date,
    theme: str | None = None,
    agenda: str | None = None,
    host: str | None = None,
    clear: bool = False,
    now: dt.datetime,
) -> Planned:
    """Set, edit or clear what the meeting of ``rhythm`` on ``on`` is about.

    ``theme``, ``agenda`` and ``host`` left as None keep what the plan already says; an empty
    string clears that part. ``host`` is a member ref (id, email or part of a name) of someone
    who has not left by that day. ``clear`` removes the plan, and so does clearing every part
    of it. The day must be one the rhythm meets on, still to come, neither cancelled nor after
    the rhythm ended by ``now`` (zone-aware): the face's clock, never read here.
    """
    community = session.community()
    found = find_rhythm(session.all(Rhythm), rhythm, on=on)
    zone = zone_of(found, community)
    moment = now.astimezone(zone)
    start = _coming_start(session, found, on, zone, moment)
    existing = plan_for(session.all(MeetingPlan), found, on)
    if clear:
        theme, agenda, host = "", "", ""
    wanted = _wanted(session, found, start, on, existing, theme=theme, agenda=agenda, host=host)
    empty = not (wanted.theme or wanted.agenda or wanted.host_id)
    if existing is None and empty:
        if clear:
            return Planned(found, start, None, False)
        raise CopkitError("say what the meeting is about: a theme, an agenda or a host")
    if existing is not None and wanted == existing:
        return Planned(found, start, existing, False)
    stored = _store(session, existing, wanted, empty=empty)
    # Calendars apply the override only when its SEQUENCE is higher than the one they hold.
    bumped = session.put(found.replace(sequence=found.sequence + 1))
    return Planned(bumped, start, stored, True)


def _wanted(
    session: Session,
    rhythm: Rhythm,
    start: dt.datetime,
    on: dt.date,
    existing: MeetingPlan | None,
    *,
    theme: str | None,
    agenda: str | None,
    host: str | None,
) -> MeetingPlan:
    """The plan as it should be: each part given replaces the existing one ("" clears it), each
    part left as None keeps it."""
    host_id = existing.host_id if existing is not None else None
    if host is not None:
        host_id = _host(session.all(Member), host, on) if host else None
    return MeetingPlan(
        rhythm_id=rhythm.id,
        start=start,
        id=existing.id if existing is not None else "",
        theme=theme if theme is not None else (existing.theme if existing else ""),
        agenda=agenda if agenda is not None else (existing.agenda if existing else ""),
        host_id=host_id,
    )


def _store(
    session: Session, existing: MeetingPlan | None, wanted: MeetingPlan, *, empty: bool
) -> MeetingPlan | None:
    """Add, replace or (once every part is cleared) remove the plan; what is stored now."""
    if empty and existing is not None:
        session.remove(MeetingPlan, existing.id)
        return None
    if existing is not None:
        return session.put(wanted)
    return session.add(wanted)


def _coming_start(
    session: Session, rhythm: Rhythm, on: dt.date, zone: ZoneInfo, now: dt.datetime
) -> dt.datetime:
    """The wall-clock start of the rhythm's meeting on ``on``; refused unless it is still to
    come and will take place (a plan for a meeting that will not happen reaches nobody)."""
    if not rhythm.running(on):
        raise CopkitError(f"{rhythm.name} was called off from {rhythm.ended}")
    occurrence = occurs_on(rhythm, zone, on)
    if occurrence is None:
        raise CopkitError(
            f"{rhythm.name} does not meet on {on} (see `copkit rhythm show {rhythm.id}` for "
            "its coming dates)"
        )
    if occurrence <= now:
        raise CopkitError(
            f"the meeting of {occurrence:%Y-%m-%d %H:%M} has already begun: plan a coming one"
        )
    if on in cancelled_days(session.all(Meeting), rhythm):
        raise CopkitError(f"the {on} meeting of {rhythm.name} is cancelled")
    return occurrence.replace(tzinfo=None)


def _host(members: Sequence[Member], ref: str, on: dt.date) -> str:
    """The host's id: a member who is still in the community on the meeting's day."""
    person = find_member(members, ref)
    if person.left_by(on):
        raise CopkitError(f"{person.name} left on {person.left}: choose a current member as host")
    return person.id


def coming_plans(data: CommunityData, *, now: dt.datetime) -> list[MeetingPlan]:
    """Plans for meetings still to come (not cancelled, rhythm still running), soonest first:
    what `meeting plan --list` shows; plans of meetings already held are history."""
    by_id = {r.id: r for r in data.rhythms}
    cancelled = {r.id: cancelled_days(data.meetings, r) for r in data.rhythms}
    found = []
    for plan in data.plans:
        rhythm = by_id.get(plan.rhythm_id)
        if rhythm is None or not rhythm.running(plan.start.date()):
            continue
        if plan.start.date() in cancelled[rhythm.id]:
            continue
        if plan.start.replace(tzinfo=zone_of(rhythm, data.community)) > now:
            found.append(plan)
    return sorted(found, key=lambda p: (p.start, p.rhythm_id))
