"""The home screen's figures: the health check and participation, computed together once.

Computing never renders (docs/architecture.md): this module calls the core and bundles results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from copkit import participation
from copkit.health import check
from copkit.health.findings import HealthReport
from copkit.records import CommunityData
from copkit.tui.views import Attendance, attendance_between


@dataclass(frozen=True)
class Insight:
    report: HealthReport
    trend: list[tuple[dt.date, int]]
    shape: dict[str, dict[str, int]]
    movement: dict[str, int]
    #: Attendance per meeting over the trend's months (None when nothing was held).
    attendance: Attendance | None


def compute(data: CommunityData, as_of: dt.date) -> Insight:
    trend = participation.attendance_trend(data, as_of, months=12)
    return Insight(
        report=check(data, as_of),
        trend=trend,
        shape=participation.shape(data, as_of),
        movement=participation.level_movement(data, as_of),
        attendance=attendance_between(data, trend[0][0], as_of) if trend else None,
    )
