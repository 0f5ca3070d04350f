"""What the health check returns: a Finding per principle, bundled in a HealthReport.

Signals describe conditions in the community, never people. ``attention`` is shown to humans as
"worth a conversation".
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import msgspec

from copkit.model.principles import PRINCIPLE_KEYS as PRINCIPLE_KEYS
from copkit.model.principles import PRINCIPLES as PRINCIPLES


class Signal(StrEnum):
    THRIVING = "thriving"
    GROWING = "growing"
    ATTENTION = "attention"
    NO_DATA = "no-data"
    #: A series that ran to the end its rule set: complete, not lapsed (rhythm only).
    COMPLETED = "completed"

    @property
    def words(self) -> str:
        """How the signal reads to a gardener."""
        return SIGNAL_WORDS[self]

    @property
    def glyph(self) -> str:
        """A mark that differs in shape, not only colour, so it reads in monochrome too."""
        return SIGNAL_GLYPHS[self]


#: From empty to full as a community grows into a principle; a dot for no data yet.
SIGNAL_GLYPHS = {
    Signal.THRIVING: "●",
    Signal.GROWING: "◐",
    Signal.ATTENTION: "○",
    Signal.NO_DATA: "·",
    Signal.COMPLETED: "✓",
}

SIGNAL_WORDS = {
    Signal.THRIVING: "thriving",
    Signal.GROWING: "growing",
    Signal.ATTENTION: "worth a conversation",
    Signal.NO_DATA: "no data yet",
    Signal.COMPLETED: "completed",
}


class Stage(StrEnum):
    """Lifecycle stages (Wenger, McDermott & Snyder 2002)."""

    POTENTIAL = "potential"
    COALESCING = "coalescing"
    MATURING = "maturing"
    STEWARDSHIP = "stewardship"
    TRANSFORMATION = "transformation"


class SurveyLens(msgspec.Struct, frozen=True):
    """Members' own view of a principle: distinct respondents and the share scoring 4 or 5.

    ``members`` is the denominator the evaluations gave (members on the survey date: "18 of 20
    members"), ``stale`` marks a round older than a year on the day of the check."""

    responses: int
    agree_share: float | None
    members: int | None = None
    stale: bool = False


class ThresholdUse(msgspec.Struct, frozen=True):
    """A number a reading compared against: its constant, value, meaning and source."""

    name: str
    value: float
    meaning: str
    source: str


class ClauseUse(msgspec.Struct, frozen=True):
    """One clause of a rule as the facts met it: the step it belongs to (the signal it leads
    to), whether it held, and the condition in words."""

    key: str
    step: str
    holds: bool
    says: str


class Explanation(msgspec.Struct, frozen=True):
    """Why a reading came out as it did (`copkit health --explain`): the facts counted, the
    rule applied (and, for a rule of named clauses, each clause as the facts met it), the
    thresholds with their sources, what would change the reading, and the works cited, once
    each."""

    facts: tuple[tuple[str, str], ...]
    rule: str
    thresholds: tuple[ThresholdUse, ...]
    change: str
    clauses: tuple[ClauseUse, ...] = ()
    sources: tuple[str, ...] = ()
    #: For a rule of named clauses: what the rule reads beside its clauses (when there is no
    #: data yet, what levels mean), shown above the clauses in place of the whole sentence.
    basis: str = ""


class Finding(msgspec.Struct, frozen=True):
    number: int
    key: str
    title: str
    signal: Signal
    evidence: tuple[str, ...]
    prompt: str
    survey: SurveyLens | None = None
    movement: str | None = None  # "better" | "same" | "worse" against the previous quarter
    explanation: Explanation | None = None


class HealthReport(msgspec.Struct, frozen=True):
    slug: str
    name: str
    as_of: dt.date
    stage: Stage
    stage_evidence: tuple[str, ...]
    findings: tuple[Finding, ...] = msgspec.field(default_factory=tuple)
    #: Current members at each level as the records show them (``core``, ``active``,
    #: ``peripheral``, and ``unseen``: nothing to read yet), the levels principle 3 reads; the
    #: overview shows them beside the declared ones.
    observed: dict[str, int] = msgspec.field(default_factory=dict)
