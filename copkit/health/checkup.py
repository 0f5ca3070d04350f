"""Run the nine readings, add the survey lens and the movement since last quarter."""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.health import participation, survey
from copkit.health import thresholds as th
from copkit.health.findings import PRINCIPLES, Finding, HealthReport, Signal, Stage
from copkit.health.principles import READERS, Context
from copkit.health.stage import estimate_stage
from copkit.health.words import day
from copkit.model import Rhythm
from copkit.records import CommunityData

#: How signals compare for "better / same / worse"; no-data has no place on the scale.
RANK = {Signal.ATTENTION: 0, Signal.GROWING: 1, Signal.THRIVING: 2}


def run(data: CommunityData, as_of: dt.date, *, with_movement: bool = True) -> HealthReport:
    """Read every principle on ``as_of``, then compare with the check a quarter earlier, with
    the thresholds the community set for itself in place of copkit's."""
    with th.tuned(data.community.tuning()):
        return _run(data, as_of, with_movement=with_movement)


def _run(data: CommunityData, as_of: dt.date, *, with_movement: bool) -> HealthReport:
    if as_of < data.started:
        return _before_the_start(data, as_of)
    view = participation.upto(data, as_of)
    series = set_up_by(data, as_of)
    stage, stage_evidence = estimate_stage(view, as_of, series)
    ctx = Context(view, as_of, stage, series)
    answers = survey.latest_round(view.survey, as_of)
    answered = survey.round_day(answers)
    members = survey.members_on(data.members, answered) if answered else None
    stale = survey.is_stale(answers, as_of)
    findings = []
    for number, key, title in PRINCIPLES:
        reading = READERS[key](ctx)
        findings.append(
            Finding(
                number=number,
                key=key,
                title=title,
                signal=reading.signal,
                evidence=reading.evidence,
                prompt=reading.prompt,
                survey=survey.lens(answers, key, members=members, stale=stale),
                explanation=reading.explanation(),
            )
        )
    previous_day = as_of - dt.timedelta(days=th.QUARTER_DAYS)
    if with_movement and previous_day >= data.started:
        previous = _run(data, previous_day, with_movement=False)
        findings = [
            _with_movement(now, before)
            for now, before in zip(findings, previous.findings, strict=True)
        ]
    return HealthReport(
        slug=data.community.slug,
        name=data.community.name,
        as_of=as_of,
        stage=stage,
        stage_evidence=stage_evidence,
        findings=tuple(findings),
        observed=_observed(ctx),
    )


def _observed(ctx: Context) -> dict[str, int]:
    """How many current members the records show at each level (the participation reading's
    own levels, already computed)."""
    counts = dict.fromkeys(("core", "active", "peripheral", "unseen"), 0)
    for level in ctx.levels.values():
        counts[level.value if level is not None else "unseen"] += 1
    return counts


def set_up_by(data: CommunityData, as_of: dt.date) -> list[Rhythm]:
    """Every rhythm set up by ``as_of``, ended ones included: ``participation.upto`` leaves out
    ended series, but a series that reached its planned end is what makes a closing."""
    lead = as_of + dt.timedelta(days=th.RHYTHM_LEAD_DAYS)
    return [r for r in data.rhythms if r.start.date() <= lead]


def _before_the_start(data: CommunityData, as_of: dt.date) -> HealthReport:
    """A date before any record: nothing to read, and nothing is guessed."""
    why = (
        f"Nothing was recorded by {day(as_of)}: the community's records begin on "
        f"{day(data.started)}"
    )
    prompt = "Choose a date from the community's start on to see how it was doing then."
    return HealthReport(
        slug=data.community.slug,
        name=data.community.name,
        as_of=as_of,
        stage=Stage.POTENTIAL,
        stage_evidence=(why,),
        findings=tuple(
            Finding(number, key, title, Signal.NO_DATA, (why,), prompt, survey.lens([], key))
            for number, key, title in PRINCIPLES
        ),
    )


def _with_movement(now: Finding, before: Finding) -> Finding:
    if now.signal not in RANK or before.signal not in RANK:
        return now
    difference = RANK[now.signal] - RANK[before.signal]
    movement = "better" if difference > 0 else "worse" if difference < 0 else "same"
    return msgspec.structs.replace(now, movement=movement)
