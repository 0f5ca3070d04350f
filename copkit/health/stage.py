"""Where the community is in its life (Wenger, McDermott & Snyder 2002), with the evidence.

Potential: people are finding each other around a domain. Coalescing: the first meetings, a
few founders carry things. Maturing: a settled rhythm, a core, members setting the agenda.
Stewardship: years of keeping going. Transformation: activity falling away, or the community
changing shape. The estimate reads age, size, rhythm and participation; it is a starting point
for the gardener's own judgement, and the thresholds depend on it.
"""

from __future__ import annotations

import datetime as dt

from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.ending import planned_ending
from copkit.health.findings import Stage
from copkit.health.words import ago, count, day, days_ago, the_last
from copkit.model import Level, Meeting, Rhythm
from copkit.records import CommunityData


def estimate_stage(
    data: CommunityData, as_of: dt.date, series: list[Rhythm] | None = None
) -> tuple[Stage, tuple[str, ...]]:
    """The lifecycle stage of ``data`` (already cut at ``as_of``) and the facts behind it.

    ``series`` are the rhythms set up by then, ended ones included: when every one ran to its
    planned end the community is closing or changing form (transformation), not lapsing.
    """
    age = (as_of - data.started).days
    held = [m for m in data.meetings if m.held]
    members = participation.current(data, as_of)
    levels = participation.observed_levels(data, as_of)
    engaged = sum(1 for level in levels.values() if level in (Level.CORE, Level.ACTIVE))
    evidence = _opening(data, age, len(members), held)
    if len(held) < th.STAGE_POTENTIAL_MEETINGS:
        return Stage.POTENTIAL, tuple(evidence)
    ending = planned_ending(data, data.rhythms if series is None else series, as_of)
    if ending is not None:
        evidence.append(
            f"Every recurring series ran to its planned end (the last planned meeting on "
            f"{day(ending.last_planned)}): the community may be closing or changing form"
        )
        return Stage.TRANSFORMATION, tuple(evidence)
    evidence.append(
        f"{engaged} taking part as core or active over {the_last(th.PARTICIPATION_WINDOW_DAYS)}"
    )
    return _running_stage(data, as_of, age, held, engaged, evidence), tuple(evidence)


def _opening(data: CommunityData, age: int, members: int, held: list[Meeting]) -> list[str]:
    """The first facts of every estimate: age, members, meetings held."""
    evidence = [
        f"Started {day(data.started)} ({days_ago(age)}), {count(members, 'current member')}"
    ]
    if held:
        evidence.append(
            f"{count(len(held), 'meeting')} held, the last on {day(held[-1].start.date())}"
        )
    else:
        evidence.append("No meeting held yet")
    return evidence


def _running_stage(
    data: CommunityData,
    as_of: dt.date,
    age: int,
    held: list[Meeting],
    engaged: int,
    evidence: list[str],
) -> Stage:
    """The stage of a community past potential and not at a planned end; adds its evidence."""
    change = participation.attendance_change(data, as_of)
    silence = (as_of - held[-1].start.date()).days
    established = age >= th.STAGE_MATURING_DAYS and len(held) >= th.STAGE_MATURING_MEETINGS
    if established and silence >= th.STAGE_TRANSFORMATION_SILENCE_DAYS:
        evidence.append(f"No meeting for {ago(silence)}")
        return Stage.TRANSFORMATION
    if change is not None:
        recent, earlier = change
        evidence.append(
            f"Average attendance {recent:.1f} over {the_last(th.RECENT_DAYS)}, {earlier:.1f} before"
        )
        if established and earlier and (recent - earlier) / earlier <= th.STAGE_TRANSFORMATION_DROP:
            return Stage.TRANSFORMATION
    if not established or engaged < th.STAGE_MATURING_ENGAGED:
        return Stage.COALESCING
    if age >= th.STAGE_STEWARDSHIP_DAYS:
        return Stage.STEWARDSHIP
    return Stage.MATURING
