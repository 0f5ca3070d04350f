"""Where and when a community meets: its spaces and its rhythms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from copkit.errors import CopkitError
from copkit.model import Community, Member, Rhythm, Space
from copkit.model.refs import find_member
from copkit.model.refs import find_rhythm as find_rhythm
from copkit.model.refs import find_space as find_space
from copkit.schedule.parsing import local_time
from copkit.schedule.rhythm import build_rule, cut_before, move_until, zone_of

if TYPE_CHECKING:
    from copkit.schedule.phrases import EveryPhrase
    from copkit.storage.store import Session


def all_spaces(session: Session) -> list[Space]:
    """Every space, in the order they were added."""
    return session.all(Space)


def space_in_use(spaces: Sequence[Space], ref: str, on: dt.date | None = None) -> Space:
    """The space ``ref`` names, refused if it was retired (by ``on``, when a day is given):
    nothing new is planned or recorded in a space the community no longer uses."""
    found = find_space(spaces, ref)
    if found.retired is not None and (on is None or not found.in_use(on)):
        raise CopkitError(
            f"{found.name} was retired on {found.retired}: choose a space in use "
            "(`copkit space list`)"
        )
    return found


def add_space(session: Session, space: Space) -> Space:
    if any(s.name.lower() == space.name.lower() for s in session.all(Space)):
        raise CopkitError(f"there is already a space called {space.name!r}")
    return session.add(space)


def add_rhythm(
    session: Session,
    *,
    name: str,
    space: str,
    start: dt.datetime | dt.date,
    duration: dt.timedelta | None,
    rule: EveryPhrase,
    timezone: str | None = None,
    until: dt.date | None = None,
    invited: Sequence[str] = (),
) -> Rhythm:
    """Add a rhythm meeting by ``rule`` (a phrase or a raw RRULE, as read by
    :mod:`copkit.schedule.phrases`) on the space named ``space``, first at or after ``start``.

    ``invited`` names the members its invites go to (refs: an id, an email or a name), for a
    series meant for some; none: every member."""
    community = session.community()
    found_space = space_in_use(session.all(Space), space)
    if any(r.name.lower() == name.strip().lower() for r in session.all(Rhythm)):
        raise CopkitError(f"there is already a rhythm called {name!r}")
    probe = Rhythm(
        name, found_space.id, "FREQ=DAILY", dt.datetime(2000, 1, 1), 60, timezone=timezone
    )
    spec = build_rule(phrase=rule, start=start, zone=zone_of(probe, community), until=until)
    length = duration or spec.duration or dt.timedelta(hours=1)
    rhythm = Rhythm(
        name=name,
        space_id=found_space.id,
        rrule=spec.rrule,
        start=spec.start,
        duration_minutes=int(length.total_seconds() // 60),
        timezone=timezone,
        invited=invited_ids(session.all(Member), invited),
    )
    return session.add(rhythm)


def invited_ids(members: Sequence[Member], refs: Sequence[str]) -> tuple[str, ...]:
    """The ids of the members ``refs`` name, each once, in the order given."""
    found: dict[str, None] = {}
    for ref in refs:
        found[find_member(members, ref).id] = None
    return tuple(found)


#: What a change to a rhythm must resend: calendars apply it only with a higher SEQUENCE.
_SENT_FIELDS = (
    "name",
    "space_id",
    "rrule",
    "start",
    "duration_minutes",
    "timezone",
    "ended",
    "invited",
)


def edit_rhythm(
    session: Session,
    ref: str,
    *,
    name: str | None = None,
    space: str | None = None,
    rule: EveryPhrase | None = None,
    start: dt.datetime | dt.date | dt.time | None = None,
    duration: dt.timedelta | None = None,
    timezone: str | None = None,
    until: dt.date | None = None,
    invited: Sequence[str] | None = None,
) -> Rhythm:
    """Change a rhythm's name, place, rule, time, length or who it invites; SEQUENCE rises if
    anything sent out changed, so calendars update the series they hold.

    ``invited`` replaces the members the series invites (an empty sequence: every member);
    ``None`` keeps them.

    ``start`` may be a time of day alone (the series moves to that time and keeps its dates)
    or a date alone (it keeps its time of day, unless a new ``rule`` says one)."""
    community = session.community()
    rhythms = session.all(Rhythm)
    found = find_rhythm(rhythms, ref)
    _refuse_edit(found, rhythms, name)
    updated = found.replace(
        name=name or found.name,
        space_id=space_in_use(session.all(Space), space).id if space else found.space_id,
        timezone=timezone if timezone is not None else found.timezone,
        duration_minutes=(
            int(duration.total_seconds() // 60) if duration else found.duration_minutes
        ),
        invited=(found.invited if invited is None else invited_ids(session.all(Member), invited)),
    )
    old_zone, new_zone = zone_of(found, community), zone_of(updated, community)
    if new_zone != old_zone:  # the same last local day, in the new zone
        updated = updated.replace(rrule=move_until(found.rrule, old_zone, new_zone))
    if rule or start or until:
        updated = _rescheduled(
            found, updated, community, rule=rule, start=start, until=until, duration=duration
        )
    if all(getattr(updated, f) == getattr(found, f) for f in _SENT_FIELDS):
        raise CopkitError(f"nothing changed in {found.name}")
    if new_zone != old_zone:  # the same wall-clock start may not exist in the new zone
        local_time(updated.start, new_zone)
    return session.put(updated.replace(sequence=found.sequence + 1))


def _refuse_edit(found: Rhythm, rhythms: Sequence[Rhythm], name: str | None) -> None:
    """A rhythm called off is not edited, and a new name must not be another rhythm's."""
    if found.ended is not None:
        raise CopkitError(
            f"{found.name} was called off from {found.ended}; start a new rhythm instead"
        )
    if name and any(r.name.lower() == name.strip().lower() and r.id != found.id for r in rhythms):
        raise CopkitError(f"there is already a rhythm called {name!r}")


def _rescheduled(
    found: Rhythm,
    updated: Rhythm,
    community: Community,
    *,
    rule: EveryPhrase | None,
    start: dt.datetime | dt.date | dt.time | None,
    until: dt.date | None,
    duration: dt.timedelta | None,
) -> Rhythm:
    """``updated`` with its rule rebuilt from a new rule, start or end: the stored rule is kept
    (without its end if a new one is given) when no new rule is."""
    if rule is None:
        existing = updated.rrule
        if until is not None:
            existing = ";".join(p for p in existing.split(";") if not p.startswith("UNTIL="))
        from copkit.schedule.phrases import EveryPhrase, rrule_from_text  # when a rule changes

        rule = EveryPhrase(rrule_from_text(existing))
    spec = build_rule(
        phrase=rule,
        start=_new_start(found, start),
        zone=zone_of(updated, community),
        until=until,
        default_time=found.start.time(),
    )
    updated = updated.replace(rrule=spec.rrule, start=spec.start)
    if duration is None and spec.duration is not None:
        updated = updated.replace(duration_minutes=int(spec.duration.total_seconds() // 60))
    return updated


def _new_start(
    found: Rhythm, start: dt.datetime | dt.date | dt.time | None
) -> dt.datetime | dt.date:
    """What ``rhythm edit --start`` means: a time alone keeps the series' first date."""
    if start is None:
        return found.start
    if isinstance(start, dt.time):
        return dt.datetime.combine(found.start.date(), start)
    return start


def end_rhythm(session: Session, ref: str, on: dt.date) -> Rhythm:
    """Call a whole series off from ``on`` (a face gives the day; `rhythm end` defaults to
    today).

    Meetings before that day stand: the rule gets an UNTIL at the last of them, so calendars
    keep those and drop the rest. A series called off on or before its first meeting (one
    just moved to a later start, say) has none left: it is cancelled whole
    (``meets_before_end`` turns false), while meetings already recorded stay on record.
    """
    found = find_rhythm(session.all(Rhythm), ref)
    if found.ended is not None:
        raise CopkitError(f"{found.name} was already called off from {found.ended}")
    rule = cut_before(found, zone_of(found, session.community()), on)
    return session.put(found.replace(ended=on, rrule=rule, sequence=found.sequence + 1))
