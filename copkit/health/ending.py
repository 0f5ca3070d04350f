"""A planned ending: every series ran to the end its rule set, with meetings held up to it.

Rhythm (principle 7), the lifecycle stage and every reading that asks whether a community is
closing read the same answer from here: a series that ended as planned is complete, not lapsed.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.health import thresholds as th
from copkit.model import Rhythm
from copkit.records import CommunityData
from copkit.schedule.rhythm import next_occurrences, occurrences_between, regularity, zone_of


class PlannedEnd(msgspec.Struct, frozen=True):
    """Every series reached the end its rule set, and meetings were held up to it."""

    names: tuple[str, ...]
    last_planned: dt.date
    last_held: dt.date


def last_planned(rhythm: Rhythm, data: CommunityData, as_of: dt.date) -> dt.date | None:
    """The day of a series' last planned meeting if it has passed by ``as_of``; else None."""
    zone = zone_of(rhythm, data.community)
    first = rhythm.start.replace(tzinfo=zone)
    after = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    if rhythm.ended is not None and rhythm.ended <= as_of:
        after = dt.datetime.combine(rhythm.ended, dt.time(), tzinfo=zone)
    elif next_occurrences(rhythm, zone, after, 1):
        return None
    before = occurrences_between(rhythm, zone, first, after)
    return before[-1].date() if before else None


def planned_ending(data: CommunityData, series: list[Rhythm], as_of: dt.date) -> PlannedEnd | None:
    """The planned ending the records show on ``as_of``, or None (a series still runs, none was
    set up, or meetings stopped well before the end: that is a quiet community, not a closing)."""
    ends = []
    for rhythm in series:
        if not rhythm.meets_before_end:
            continue
        last = last_planned(rhythm, data, as_of)
        if last is None:
            return None
        ends.append((rhythm.name, last))
    held = [m.start for m in data.meetings if m.held and m.start.date() <= as_of]
    if not ends or not held:
        return None
    latest = max(last for _, last in ends)
    found = regularity(held)
    usual = found[0] if found else th.YEAR_DAYS / th.STALLED_GAPS
    if (latest - held[-1].date()).days > th.STALLED_GAPS * usual:
        return None
    return PlannedEnd(tuple(name for name, _ in ends), latest, held[-1].date())
