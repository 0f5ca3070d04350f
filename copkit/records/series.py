"""Moving a series to a new first date without erasing the meetings it already had.

Calendar clients hold a series by its UID. Sending the same UID with a later DTSTART moves the
whole series, so every meeting before the new start vanishes from members' calendars (and the
record of what they attended with it). Clients that "change this and following" split instead:
the old UID ends with an UNTIL before the change, and a new UID starts from it. copkit does the
same when a rhythm's first date moves past meetings that already took place:

* the existing rhythm keeps its id (and so its UID), ends at its last meeting before the new
  start (``ended`` is the new start's day), is renamed "NAME (to 10 Nov 2026)" and its
  SEQUENCE rises, so calendars apply the end;
* a new rhythm with the edited rule, time and place takes over the name, with a new id (a new
  UID) and SEQUENCE 0; cancellations, meeting plans and members' answers already recorded for
  its days move to it.

A series that has not met yet, or a change that keeps the first date, is edited in place.
Either way a member's answer for one meeting follows that meeting to its new start (a
cancellation or a plan is found by its day; an answer is kept at the meeting's start, as the
RECURRENCE-ID of the reply that gave it names the meeting).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from copkit import records
from copkit.model import Meeting, MeetingPlan, Rhythm, Rsvp
from copkit.schedule.rhythm import cut_before, occurrences_between, occurs_on, zone_of

if TYPE_CHECKING:
    from copkit.storage.store import Session

__all__ = ["Edited", "edit_rhythm"]

_NAME_LIMIT = 200


class Edited(msgspec.Struct, frozen=True):
    """The rhythm as edited; when the series was split, ``ended`` is the part that stays
    behind (old UID) and ``rhythm`` the part that goes on (new UID)."""

    rhythm: Rhythm
    ended: Rhythm | None = None
    last_before: dt.datetime | None = None

    @property
    def to_send(self) -> list[Rhythm]:
        """What members' calendars must get again: both parts after a split."""
        return [self.ended, self.rhythm] if self.ended is not None else [self.rhythm]


def edit_rhythm(session: Session, ref: str, *, today: dt.date, **changes: Any) -> Edited:
    """``records.edit_rhythm``, splitting the series when its first date moves past meetings
    that already took place by ``today`` (the face's day; see the module docstring). Takes the
    same keyword arguments."""
    before = records.find_rhythm(session.all(Rhythm), ref)
    updated = records.edit_rhythm(session, ref, **changes)
    zone = zone_of(before, session.community())
    new_first = updated.start.date()
    cut = min(new_first, today)
    first = before.start.replace(tzinfo=zone)
    held_before = occurrences_between(
        before, zone, first, dt.datetime.combine(cut, dt.time(), zone)
    )
    if new_first <= before.start.date() or not held_before:
        _move_answers(session, before, updated, dt.date.min)
        return Edited(updated)
    kept = occurrences_between(before, zone, first, dt.datetime.combine(new_first, dt.time(), zone))
    last = kept[-1]
    suffix = f" (to {last:%d %b %Y})"
    old = before.replace(
        name=before.name[: _NAME_LIMIT - len(suffix)] + suffix,
        rrule=cut_before(before, zone, new_first),
        ended=new_first,
        sequence=before.sequence + 1,
    )
    session.put(old)
    fresh = session.add(updated.replace(id="", sequence=0))
    _move_cancellations(session, old, fresh, new_first)
    _move_plans(session, old, fresh, new_first)
    _move_answers(session, old, fresh, new_first)
    return Edited(fresh, old, last)


def _move_cancellations(session: Session, old: Rhythm, new: Rhythm, day: dt.date) -> None:
    """A meeting already called off on a day the new series meets belongs to the new series,
    so its invites carry the EXDATE (at the new series' time)."""
    zone = zone_of(new, session.community())
    for meeting in session.all(Meeting):
        if meeting.rhythm_id != old.id or meeting.held or meeting.start.date() < day:
            continue
        start = occurs_on(new, zone, meeting.start.date())
        if start is not None:
            session.put(
                meeting.replace(
                    rhythm_id=new.id, space_id=new.space_id, start=start.replace(tzinfo=None)
                )
            )


def _move_plans(session: Session, old: Rhythm, new: Rhythm, day: dt.date) -> None:
    """A coming meeting's plan (theme, agenda, host) on a day the new series meets belongs to
    the new series, so its invites carry the override; one on a day it no longer meets stays
    behind with the old series, whose invites no longer reach that day."""
    zone = zone_of(new, session.community())
    for plan in session.all(MeetingPlan):
        if plan.rhythm_id != old.id or plan.start.date() < day:
            continue
        start = occurs_on(new, zone, plan.start.date())
        if start is not None:
            session.put(plan.replace(rhythm_id=new.id, start=start.replace(tzinfo=None)))


def _move_answers(session: Session, old: Rhythm, new: Rhythm, day: dt.date) -> None:
    """A member's answer for one meeting of ``old`` from ``day`` on follows it: on a day
    ``new`` meets, to its start there (and to ``new`` after a split), so a decline for 9
    February still counts once the series meets at 16:00. An answer for a day it no longer
    meets stays behind, like a plan; an answer to the whole series stays with the series it
    answered. Of two answers that come to name the same meeting, the later is kept."""
    zone = zone_of(new, session.community())
    on = dt.datetime.combine(day, dt.time())
    kept: dict[tuple[str, dt.datetime], Rsvp] = {}
    for answer in sorted(session.all(Rsvp), key=lambda a: a.replied):
        if answer.rhythm_id != old.id or answer.occurrence is None or answer.occurrence < on:
            continue
        start = occurs_on(new, zone, answer.occurrence.date())
        if start is None:
            continue
        key = (answer.member_id, start.replace(tzinfo=None))
        if key in kept:
            session.remove(Rsvp, kept[key].id)
        kept[key] = answer.replace(rhythm_id=new.id, occurrence=key[1])
    for answer in kept.values():
        session.put(answer)
