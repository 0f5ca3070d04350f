"""What every principle's reading shares: the community at a date, and the shape of a reading.

Each principle is read in three steps, kept apart so none can contradict another: gather the
facts from the records (numbers and dates, no words), decide the signal from those facts and the
thresholds (no words either), then write the evidence and choose the prompt whose premise the
facts bear out. A :class:`Reading` carries the result and what ``--explain`` shows: the facts
counted, the rule, the thresholds used, and what would change the reading.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from functools import cached_property

import msgspec

from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.ending import planned_ending
from copkit.health.findings import ClauseUse, Explanation, Signal, Stage, ThresholdUse
from copkit.model import Level, Meeting, Member, Rhythm
from copkit.records import CommunityData

LATER_STAGES = (Stage.MATURING, Stage.STEWARDSHIP, Stage.TRANSFORMATION)


class Clause(msgspec.Struct, frozen=True):
    """One condition of a principle's rule, read against the facts.

    ``says`` is the condition as the rule states it, its numbers written in ("members from
    three organisations or more"); ``would`` is what meeting it would take, from these facts
    ("members proposing 2 more of the next 12 topics"). A reading's "what would change" is
    written from the ``would`` of the clauses that failed, and only those."""

    key: str
    holds: bool
    says: str
    would: str


class Rule(msgspec.Struct, frozen=True):
    """A principle's rule as named clauses: the signal is decided from them.

    ``steps`` climb from ``floor``: a step's signal is reached when its clauses and those of
    every step below hold (``((GROWING, (...)), (THRIVING, (...)))`` over ATTENTION). ``note``
    follows the sentence (what is never a concern, whom the rule follows)."""

    floor: Signal
    steps: tuple[tuple[Signal, tuple[Clause, ...]], ...]
    note: str = ""

    @property
    def signal(self) -> Signal:
        reached = self.floor
        for signal, clauses in self.steps:
            if not all(c.holds for c in clauses):
                break
            reached = signal
        return reached

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for _, clauses in self.steps for c in clauses)

    @property
    def failing(self) -> tuple[Clause, ...]:
        """The clauses that keep the reading from the next step up: what would change it."""
        for _signal, clauses in self.steps:
            missing = tuple(c for c in clauses if not c.holds)
            if missing:
                return missing
        return ()

    @property
    def next_step(self) -> Signal | None:
        for signal, clauses in self.steps:
            if not all(c.holds for c in clauses):
                return signal
        return None

    def sentence(self) -> str:
        """The rule in one paragraph: each step's clauses, numbers written in."""
        parts = []
        for index, (signal, clauses) in enumerate(self.steps):
            also = " also" if index else ""
            parts.append(f"{signal.words} when{also} {and_join([c.says for c in clauses])}")
        text = "; ".join(parts) + f"; {self.floor.words} otherwise."
        text = text[0].upper() + text[1:]
        return f"{text} {self.note}" if self.note else text

    def change(self) -> str:
        """What would change the reading, from the failing clauses alone."""
        found, step = self.failing, self.next_step
        if step is None:
            return (
                "Every part of the rule holds; it would read lower only if one of them "
                "stopped holding."
            )
        wanted = and_join([c.would for c in found])
        return f"To read {step.words}: {wanted}."


def and_join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def at_least(share: float, total: int) -> int:
    """The fewest of ``total`` that make ``share`` or more (exact, unlike ``share * total``,
    whose 7.000000000000001 would ask for 8 of 20 at 35%)."""
    return math.ceil(Fraction(share).limit_denominator(10_000) * total)


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(value: float) -> str:
    """A whole number as a sentence says it: ``three``, ``12``."""
    whole = int(value)
    return _SMALL[whole] if whole == value and 0 <= whole < len(_SMALL) else f"{value:g}"


class Reading(msgspec.Struct, frozen=True):
    """A signal, the evidence it rests on, a prompt, and how it was reached.

    A reading built from a :class:`Rule` (``clauses``) takes its rule sentence and its "what
    would change" from it; ``rule`` and ``change`` are for readings still written as text."""

    signal: Signal
    evidence: tuple[str, ...]
    prompt: str
    facts: tuple[tuple[str, str], ...] = ()
    rule: str = ""
    thresholds: tuple[str, ...] = ()
    change: str = ""
    clauses: Rule | None = None
    #: Said before the rule's sentence, and instead of its "what would change", when the
    #: reading did not come from the clauses (no data yet, a completed series).
    gate: str = ""

    def explanation(self) -> Explanation:
        """The reading's own account of itself, each threshold with its value and source
        (a community's own value says so: see :func:`thresholds.tuned`), each work cited once."""
        names = list(dict.fromkeys(self.thresholds))
        uses = tuple(
            ThresholdUse(name, th.value(name), th.SOURCES[name].meaning, th.SOURCES[name].source)
            for name in names
        )
        rule, change, basis = spoken(self.rule), spoken(self.change), ""
        checked: tuple[ClauseUse, ...] = ()
        ladder = self.signal in (Signal.ATTENTION, Signal.GROWING, Signal.THRIVING)
        if self.clauses is not None:
            rule = self.clauses.sentence()
            basis = f"{self.clauses.note} {self.gate}".strip() if ladder else ""
            change = self.change or self.clauses.change()
            checked = tuple(
                ClauseUse(c.key, signal.value, c.holds, c.says)
                for signal, clauses in self.clauses.steps
                for c in clauses
                if ladder  # no data yet, or completed: the clauses were not what decided
            )
        if self.gate:
            rule = f"{self.gate} {rule}".strip()
        if self.clauses is not None and self.clauses.note:
            rule = rule.removesuffix(f" {self.clauses.note}")
            rule = f"{self.clauses.note} {rule}"
        cited = cited_works([rule, *(u.source for u in uses)])
        return Explanation(self.facts, rule, uses, change, checked, cited, basis)


def spoken(text: str) -> str:
    """A rule still written with constants' names, with their values in their place: the
    names stay in the thresholds list, for those who tune them."""
    for name in sorted(th.SOURCES, key=len, reverse=True):
        if name in text:
            value = th.value(name)
            said = (
                share_text(value) if isinstance(value, float) and abs(value) <= 1 else number(value)
            )
            text = text.replace(name, said)
    return text


def cited_works(texts: list[str]) -> tuple[str, ...]:
    """The full reference of every work the texts cite by its short name, once each."""
    return tuple(full for short, full in th.CITATIONS.items() if any(short in t for t in texts))


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
        return shift([[r.by_member for r in m.roles] for m in self.held if m.roles], self.leaders)

    @cached_property
    def agenda_shift(self) -> Shift | None:
        """Topics with a known proposer at the earlier and the later half of the meetings
        that recorded them: proposed by members, of all."""
        known = [
            [t.by_member for t in m.topics if t.by_member or t.proposed_by is not None]
            for m in self.held
        ]
        return shift([k for k in known if k], self.leaders)

    @cached_property
    def leaders(self) -> str:
        """Who leads apart from the members, as the evidence names them."""
        return "the gardeners and leads" if self.data.community.leads else "the gardeners"

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
    #: Who the members took over from: the gardeners, and the leads where a community names
    #: them (a programme's steering group).
    leaders: str = "the gardeners"

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
        """Moving back to the gardeners (and leads) by as much."""
        return self.change <= -th.ROLES_SHIFT


def shift(by_meeting: list[list[bool]], leaders: str = "the gardeners") -> Shift | None:
    """Split meetings (each a list of "taken by a member?") into an earlier and a later half;
    None until ``SHIFT_MEETINGS`` meetings give both halves enough to compare."""
    half = len(by_meeting) // 2
    if len(by_meeting) < th.SHIFT_MEETINGS:
        return None
    earlier = [x for items in by_meeting[:half] for x in items]
    later = [x for items in by_meeting[-half:] for x in items]
    return Shift(len(by_meeting), (sum(earlier), len(earlier)), (sum(later), len(later)), leaders)


def shift_text(shift: Shift, did: str, what: str) -> str:
    """``Members took 2 of 24 roles at the earlier 6 meetings and 20 of 24 at the later 6``."""
    half = shift.meetings // 2
    (a, b), (c, d) = shift.earlier, shift.later
    line = (
        f"Members {did} {a} of {b} {what} at the earlier {half} meetings and {c} of {d} at the "
        f"later {half}"
    )
    if shift.moving:
        return line + f": moving from {shift.leaders} to members"
    if shift.back:
        return line + f": moving back to {shift.leaders}"
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
