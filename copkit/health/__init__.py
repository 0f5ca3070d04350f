"""The health check against the nine design principles (Staempfli et al. 2016).

``check(data, as_of)`` reads a community as its records stood on ``as_of`` and returns a
:class:`HealthReport`: the lifecycle stage with its evidence, and for each principle a signal,
the evidence behind it, a reflective prompt, the survey lens and the movement since the check
one quarter earlier. It describes conditions; it never grades people.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from copkit.health.findings import (
    PRINCIPLE_KEYS,
    PRINCIPLES,
    Finding,
    HealthReport,
    Signal,
    Stage,
    SurveyLens,
)

if TYPE_CHECKING:
    from copkit.records import CommunityData

__all__ = [
    "PRINCIPLES",
    "PRINCIPLE_KEYS",
    "Finding",
    "HealthReport",
    "Signal",
    "Stage",
    "SurveyLens",
    "check",
]


def check(data: CommunityData, as_of: dt.date | None = None) -> HealthReport:
    """The health check of ``data`` as it would have looked on ``as_of`` (default: today).

    Only records up to ``as_of`` count. Findings come in principle order 1..9; ``movement`` is
    filled (better, same, worse) against the check one quarter earlier when there is history.
    """
    from copkit.health.checkup import run

    return run(data, as_of or dt.date.today())
