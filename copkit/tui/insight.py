"""The home screen's figures: the health check and participation, computed together once.

Computing never renders (docs/architecture.md): this module calls the core and bundles results.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.health import check, participation
from copkit.health.dialogue import flow
from copkit.health.findings import HealthReport
from copkit.health.gardening import gardener_ids
from copkit.records import CommunityData
from copkit.tui.views import Attendance, attendance_between

#: Months of "one-way or two-way" the home screen shows, oldest first.
FLOW_MONTHS = 6


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


def flows(
    data: CommunityData, as_of: dt.date, months: int = FLOW_MONTHS
) -> list[tuple[dt.date, str | None]]:
    """Which way conversation between meetings flowed in each of the last ``months`` calendar
    months (the current one up to ``as_of``), read as the dialogue principle reads it."""
    if data.conversation is None or data.conversation.empty:
        return []
    view = participation.upto(data, as_of)
    gardeners = gardener_ids(view)
    rows: list[tuple[dt.date, str | None]] = []
    for back in range(months - 1, -1, -1):
        first = participation.month_start(as_of, back)
        last = min(participation.month_start(as_of, back - 1) - dt.timedelta(days=1), as_of)
        found = flow(view, first - dt.timedelta(days=1), last, gardeners)
        rows.append((first, found.way if found else None))
    return rows


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
