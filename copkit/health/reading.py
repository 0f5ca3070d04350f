"""What every principle's reading shares: the community at a date, and the shape of a reading.

Each principle is read in three steps, kept apart so none can contradict another: gather the
facts from the records (numbers and dates, no words), decide the signal from those facts and the
thresholds (no words either), then write the evidence and choose the prompt whose premise the
facts bear out. A :class:`Reading` carries the result and what ``--explain`` shows: the facts
counted, the rule, the thresholds used, and what would change the reading.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import msgspec

from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.ending import planned_ending
from copkit.health.findings import Explanation, Signal, Stage, ThresholdUse
from copkit.model import Level, Meeting, Member, Rhythm
from copkit.records import CommunityData

LATER_STAGES = (Stage.MATURING, Stage.STEWARDSHIP, Stage.TRANSFORMATION)


class Reading(msgspec.Struct, frozen=True):
    """A signal, the evidence it rests on, a prompt, and how it was reached."""

    signal: Signal
    evidence: tuple[str, ...]
    prompt: str
    facts: tuple[tuple[str, str], ...] = ()
    rule: str = ""
    thresholds: tuple[str, ...] = ()
    change: str = ""

    def explanation(self) -> Explanation:
        """The reading's own account of itself, each threshold with its value and source
        (a community's own value says so: see :func:`thresholds.tuned`)."""
        uses = tuple(
            ThresholdUse(name, th.value(name), th.SOURCES[name].meaning, th.SOURCES[name].source)
            for name in dict.fromkeys(self.thresholds)
        )
        return Explanation(self.facts, self.rule, uses, self.change)


class Context(msgspec.Struct, dict=True):
    """The community as it stood on ``as_of`` (records after it already removed).

    ``series`` are the rhythms set up by ``as_of`` including those already ended, which the cut
    view leaves out; they tell a planned ending from a community that stopped meeting.
    """

    data: CommunityData
    as_of: dt.date
    stage: Stage
    series: list[Rhythm] | None = None

    def since(self, days: int) -> dt.date:
        return self.as_of - dt.timedelta(days=days)

    @cached_property
    def all_series(self) -> list[Rhythm]:
        return self.data.rhythms if self.series is None else self.series

    @cached_property
    def members(self) -> list[Member]:
        return participation.current(self.data, self.as_of)

    @cached_property
    def held(self) -> list[Meeting]:
        return [m for m in self.data.meetings if m.held]

    @cached_property
    def levels(self) -> dict[str, Level | None]:
        return participation.observed_levels(self.data, self.as_of)

    @cached_property
    def gardeners(self) -> list[Member]:
        """The member records of everyone in the gardening role: by email, else by exactly
        the same name (see :meth:`Community.tended_by`)."""
        return [m for m in self.data.members if self.data.community.tended_by(m)]

    @cached_property
    def gardener(self) -> Member | None:
        """The lead gardener's member record, if the lead is among the members."""
        return self.gardeners[0] if self.gardeners else None

    @cached_property
    def role_shift(self) -> Shift | None:
        """Roles (chairing, hosting, welcoming, notes) at the earlier and the later half of the
        meetings that recorded them: taken by members, of all."""
        return shift([[r.by_member for r in m.roles] for m in self.held if m.roles])

    @cached_property
    def agenda_shift(self) -> Shift | None:
        """Topics with a known proposer at the earlier and the later half of the meetings
        that recorded them: proposed by members, of all."""
        known = [
            [t.by_member for t in m.topics if t.by_member or t.proposed_by is not None]
            for m in self.held
        ]
        return shift([k for k in known if k])

    @cached_property
    def closing(self) -> bool:
        """Every series ran to its planned end: the community is closing or changing form."""
        return planned_ending(self.data, self.all_series, self.as_of) is not None

    def held_since(self, days: int) -> list[Meeting]:
        start = self.since(days)
        return [m for m in self.held if m.start.date() > start]


class Shift(msgspec.Struct, frozen=True):
    """Who took something (roles, topics) at the earlier and the later half of the meetings:
    (by members, of all) for each half. Gray, Parker & Immins (2008) ask whether a community is
    working more independently; the PSDP facilitators' agenda moved from the leads to members."""

    meetings: int
    earlier: tuple[int, int]
    later: tuple[int, int]

    @property
    def change(self) -> float:
        (a, b), (c, d) = self.earlier, self.later
        return c / d - a / b

    @property
    def moving(self) -> bool:
        """Moving to members: the members' share rose by ``ROLES_SHIFT`` or more."""
        return self.change >= th.ROLES_SHIFT

    @property
    def back(self) -> bool:
        """Moving back to the gardeners by as much."""
        return self.change <= -th.ROLES_SHIFT


def shift(by_meeting: list[list[bool]]) -> Shift | None:
    """Split meetings (each a list of "taken by a member?") into an earlier and a later half;
    None until ``SHIFT_MEETINGS`` meetings give both halves enough to compare."""
    half = len(by_meeting) // 2
    if len(by_meeting) < th.SHIFT_MEETINGS:
        return None
    earlier = [x for items in by_meeting[:half] for x in items]
    later = [x for items in by_meeting[-half:] for x in items]
    return Shift(len(by_meeting), (sum(earlier), len(earlier)), (sum(later), len(later)))


def shift_text(shift: Shift, did: str, what: str) -> str:
    """``Members took 2 of 24 roles at the earlier 6 meetings and 20 of 24 at the later 6``."""
    half = shift.meetings // 2
    (a, b), (c, d) = shift.earlier, shift.later
    line = (
        f"Members {did} {a} of {b} {what} at the earlier {half} meetings and {c} of {d} at the "
        f"later {half}"
    )
    if shift.moving:
        return line + ": moving from the gardeners to members"
    if shift.back:
        return line + ": moving back to the gardeners"
    return line


def halves_text(found: Shift | None) -> str:
    """A shift as an explanation's fact: ``2 of 24 / 20 of 24``."""
    if found is None:
        return "-"
    (a, b), (c, d) = found.earlier, found.later
    return f"{a} of {b} / {c} of {d}"


def share_text(share: float) -> str:
    """A share as a person says it, for facts in an explanation."""
    return f"{round(share * 100)}%"
