"""Finding a record by what a person calls it: an id, an email, a name or part of one.

A *ref* is how a gardener names a member, a space or a rhythm on the command line, in the
dashboard or in an export's channel map. Finding one is a lookup among records, not parsing,
so it lives with the records and every package (the rules, the conversation imports, the
calendar) finds the same one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from copkit.errors import CopkitError, InputError, NotFound
from copkit.model.meetings import Rhythm, Space
from copkit.model.people import Member

__all__ = ["find_member", "find_rhythm", "find_space"]


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


def find_rhythm(rhythms: Sequence[Rhythm], ref: str, *, on: dt.date | None = None) -> Rhythm:
    """A rhythm by id, full name, or an unambiguous part of the name (case-insensitive).

    A split (``rhythm edit --start`` past meetings already held) leaves the old part behind as
    "NAME (to 10 Nov 2026)", ended, beside the series that goes on under NAME; a short name
    matching both picks the one that goes on, so the README's ``circle`` keeps working; given
    the day of a meeting (``on``: recording, cancelling or planning one), it picks the part that
    meets on that day. Parts that still match after that, two or more, are named in the error,
    never guessed between.
    """
    lowered = ref.strip().lower()
    for rhythm in rhythms:
        if rhythm.id == ref or rhythm.name.lower() == lowered:
            return rhythm
    matches = [r for r in rhythms if lowered and lowered in r.name.lower()]
    if len(matches) == 1:
        return matches[0]
    if on is not None:
        that_day = [
            r for r in matches if r.start.date() <= on and (r.ended is None or on < r.ended)
        ]
        matches = that_day or matches
    going_on = [r for r in matches if r.ended is None]
    if len(matches) == 1:
        return matches[0]
    if len(going_on) == 1:
        return going_on[0]
    if matches:
        names = ", ".join(r.name for r in (going_on or matches)[:6])
        raise CopkitError(f"{ref!r} could mean {names}; use more of the name")
    known = ", ".join(r.name for r in rhythms) or "none yet; add one with `copkit rhythm add`"
    raise NotFound(f"no rhythm {ref!r} (rhythms: {known})")
