"""What every principle's reading shares: the community at a date, and the shape of a reading.

Each principle is read in three steps, kept apart so none can contradict another: gather the
facts from the records (numbers and dates, no words), decide the signal from those facts and the
thresholds (no words either), then write the evidence and choose the prompt whose premise the
facts bear out. A :class:`Reading` carries the result and what ``--explain`` shows: the facts
counted, the rule, the thresholds used, and what would change the reading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from copkit import participation
from copkit.health import thresholds as th
from copkit.health.findings import Explanation, Signal, Stage, ThresholdUse
from copkit.model import Level, Meeting, Member, Rhythm
from copkit.records import CommunityData

LATER_STAGES = (Stage.MATURING, Stage.STEWARDSHIP, Stage.TRANSFORMATION)


@dataclass(frozen=True)
class Reading:
    """A signal, the evidence it rests on, a prompt, and how it was reached."""

    signal: Signal
    evidence: tuple[str, ...]
    prompt: str
    facts: tuple[tuple[str, str], ...] = ()
    rule: str = ""
    thresholds: tuple[str, ...] = ()
    change: str = ""

    def explanation(self) -> Explanation:
        """The reading's own account of itself, each threshold with its value and source."""
        uses = tuple(
            ThresholdUse(name, th.value(name), th.SOURCES[name].meaning, th.SOURCES[name].source)
            for name in dict.fromkeys(self.thresholds)
        )
        return Explanation(self.facts, self.rule, uses, self.change)


@dataclass
class Context:
    """The community as it stood on ``as_of`` (records after it already removed).

    ``series`` are the rhythms set up by ``as_of`` including those already ended, which the cut
    view leaves out; they tell a planned ending from a community that stopped meeting.
    """

    data: CommunityData
    as_of: dt.date
    stage: Stage
    series: list[Rhythm] | None = field(default=None)

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
    def gardener(self) -> Member | None:
        """The gardening role's member record: by email, else by exactly the same name."""
        community = self.data.community
        email, name = community.gardener_email, community.gardener.lower()
        by_email = [m for m in self.data.members if email and m.email == email]
        by_name = [m for m in self.data.members if name and m.name.lower() == name]
        found = by_email or by_name
        return found[0] if found else None

    @cached_property
    def closing(self) -> bool:
        """Every series ran to its planned end: the community is closing or changing form."""
        from copkit.health.cadence import planned_ending

        return planned_ending(self.data, self.all_series, self.as_of) is not None

    def held_since(self, days: int) -> list[Meeting]:
        start = self.since(days)
        return [m for m in self.held if m.start.date() > start]


def share_text(share: float) -> str:
    """A share as a person says it, for facts in an explanation."""
    return f"{round(share * 100)}%"
