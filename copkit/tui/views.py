"""What the screens show, computed from a community snapshot: no Textual, no rendering.

Keeping the arithmetic here lets the screens stay thin and lets tests check the numbers without
running an app.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import msgspec

from copkit import records
from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.words import count
from copkit.model import Meeting, Member, Rhythm, Space
from copkit.records import CommunityData, Upcoming
from copkit.schedule.rhythm import occurrences_between, zone_of

#: Member columns a gardener can sort by, in the order the sort key cycles through them.
MEMBER_SORTS: tuple[str, ...] = ("name", "level", "org", "joined")


def filter_members(
    members: Sequence[Member], query: str, *, on: dt.date, include_left: bool = False
) -> list[Member]:
    """Members whose name, email, organisation, role or level contain every word typed."""
    words = query.lower().split()
    kept = []
    for member in members:
        if not include_left and not member.is_current(on):
            continue
        haystack = " ".join(
            (member.name, member.email, member.org, member.role, member.level.value)
        ).lower()
        if all(word in haystack for word in words):
            kept.append(member)
    return kept


def sort_members(members: Sequence[Member], column: str, *, reverse: bool = False) -> list[Member]:
    """Sort by one column, then by name, so equal values keep a predictable order."""
    keys = {
        "name": lambda m: (m.name.lower(),),
        # participation ranks the edge lowest; the table lists the core first.
        "level": lambda m: (-participation.LEVEL_ORDER[m.level], m.name.lower()),
        "org": lambda m: (m.org.lower(), m.name.lower()),
        "joined": lambda m: (m.joined, m.name.lower()),
    }
    return sorted(members, key=keys[column], reverse=reverse)


def taking_part(data: CommunityData, on: dt.date) -> dict[str, str]:
    """Member id -> meetings attended and conversation between meetings over the window the
    health check reads levels from, side by side ("3 meetings · 2 posts, 5 replies").

    Counts only, as the gardener sees them; never a ranking (the table sorts by other columns).
    """
    start = on - dt.timedelta(days=th.PARTICIPATION_WINDOW_DAYS)
    came: Counter[str] = Counter(
        a for m in participation.held_between(data, start, on) for a in m.attendees
    )
    talk = participation.talk_between(data, start, on)
    cells = {}
    for member in data.members:
        said = talk.of(member.id)
        parts = [
            count(n, word)
            for n, word in (
                (said.posts, "post"),
                (said.replies, "reply"),
                (said.reactions, "reaction"),
            )
            if n
        ]
        wrote = ", ".join(parts) if parts else "no conversation"
        cells[member.id] = f"{count(came[member.id], 'meeting')} · {wrote}"
    return cells


def next_per_rhythm(data: CommunityData, now: dt.datetime) -> list[Upcoming]:
    """The next occurrence of every rhythm that still has one, soonest first."""
    return records.upcoming(data, now=now, per_rhythm=1)


def past_meetings(data: CommunityData, now: dt.datetime, limit: int | None = None) -> list[Meeting]:
    """Recorded meetings that began before ``now``, latest first (one called off for a later
    day is not a past one: :func:`copkit.records.past_meetings`)."""
    latest = list(reversed(records.past_meetings(data, now=now)))
    return latest[:limit] if limit else latest


def last_unrecorded(data: CommunityData, rhythm: Rhythm, now: dt.datetime) -> dt.date | None:
    """The day a gardener most likely wants to record: the rhythm's latest past occurrence
    with nothing recorded yet (in the last four months), or None when every one is recorded.

    Never today by default: a rhythm seldom meets today, and a date it does not meet on would
    greet the gardener with a refusal.
    """
    zone = zone_of(rhythm, data.community)
    local_now = now.astimezone(zone)
    done = {m.start.date() for m in data.meetings if m.rhythm_id == rhythm.id}
    window = local_now - dt.timedelta(days=120)
    past = occurrences_between(rhythm, zone, window, local_now)
    for moment in reversed(past):
        if moment.date() not in done:
            return moment.date()
    return None


class Attendance(msgspec.Struct, frozen=True):
    """How many came to the meetings held in a stretch of time."""

    meetings: int
    typical: int  # the mean per meeting, rounded
    fewest: int
    most: int


def attendance_between(data: CommunityData, first: dt.date, last: dt.date) -> Attendance | None:
    """Attendance at meetings held from ``first`` to ``last`` (inclusive), counted per
    meeting: a month with one small meeting weighs no more than any other single meeting,
    and no rounded monthly figure is averaged again. None when nothing was held."""
    counts = [m.attendance for m in data.meetings if m.held and first <= m.start.date() <= last]
    if not counts:
        return None
    return Attendance(len(counts), round(sum(counts) / len(counts)), min(counts), max(counts))


class SpaceRow(msgspec.Struct, frozen=True):
    space: Space
    rhythms: tuple[str, ...]
    held: int


def space_rows(data: CommunityData) -> list[SpaceRow]:
    """Each space with the rhythms that meet there and how many meetings were held in it."""
    rows = []
    for space in data.spaces:
        rhythms = tuple(r.name for r in data.rhythms if r.space_id == space.id)
        held = sum(1 for m in data.meetings if m.space_id == space.id and m.held)
        rows.append(SpaceRow(space, rhythms, held))
    return rows
