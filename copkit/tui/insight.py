"""The home screen's figures: the health check and participation, computed together once.

Computing never renders (docs/architecture.md): this module calls the core and bundles results.
Which way conversation flowed month by month (:func:`copkit.readings.figures.flows`) is read
in the core, where the health page's charts read it too.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.health import check, participation
from copkit.health.findings import HealthReport
from copkit.readings.figures import FLOW_MONTHS as FLOW_MONTHS
from copkit.readings.figures import flows
from copkit.records import CommunityData
from copkit.tui.views import Attendance, attendance_between


class Insight(msgspec.Struct, frozen=True):
    report: HealthReport
    trend: list[tuple[dt.date, int]]
    shape: dict[str, dict[str, int]]
    movement: dict[str, int]
    #: Attendance per meeting over the trend's months (None when nothing was held).
    attendance: Attendance | None
    #: The 1/9/90 shape measured: who created, responded, only read.
    contribution: participation.Contribution
    #: Month start -> "one-way", "two-way", "partly two-way", or None (too little to tell);
    #: empty when no conversation between meetings is recorded.
    flows: list[tuple[dt.date, str | None]]


def compute(data: CommunityData, as_of: dt.date) -> Insight:
    trend = participation.attendance_trend(data, as_of, months=12)
    return Insight(
        report=check(data, as_of),
        trend=trend,
        shape=participation.shape(data, as_of),
        movement=participation.level_movement(data, as_of),
        attendance=attendance_between(data, trend[0][0], as_of) if trend else None,
        contribution=participation.contribution(data, as_of),
        flows=flows(data, as_of),
    )
