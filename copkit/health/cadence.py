"""Principle 7, rhythm: a recurring series, regular gaps, few cancellations, steady attendance.

A series that ran to the end its rule set (COUNT, UNTIL, ``rhythm end``) with meetings held up
to that end is complete, not lapsed: the rhythm reads "completed" and the community moves to the
transformation stage. A community that simply stopped meeting, with no planned end, still reads
as quiet, unless members keep talking between meetings: conversation on the community's
channels within one usual gap counts as the community being alive, per space, so meetings that
paused while the channel carries on read as a pause (growing), not a stalled rhythm.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit import records
from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.ending import PlannedEnd, last_planned, planned_ending
from copkit.health.findings import Signal
from copkit.health.reading import Clause, Context, Reading, Rule, and_join, number
from copkit.health.words import ago, count, day, percent, since_span, the_last
from copkit.schedule.rhythm import regularity

YEAR = the_last(th.YEAR_DAYS)
HALF = the_last(th.RECENT_DAYS)


class SeriesRun(msgspec.Struct, frozen=True):
    """One series' (or the unscheduled meetings') last year: meetings, usual gap, spread."""

    label: str
    meetings: int
    gap: float | None
    spread: float | None
    #: The day of the series' last planned meeting, once it has passed: a series that ran to
    #: the end its rule set (the PSDP's whole days before the move online) is not irregular
    #: for holding too few meetings in the year to read a rhythm from.
    ended: dt.date | None = None


class RhythmFacts(msgspec.Struct, frozen=True):
    running: tuple[str, ...]
    next_meeting: tuple[str, dt.date] | None
    runs: tuple[SeriesRun, ...]
    gap: float | None
    silence: int | None
    usual: float
    cancelled: int
    planned: int
    change: tuple[float, float] | None
    ending: PlannedEnd | None
    anything: bool
    #: Space name -> posts, replies and reactions there within one usual gap of ``as_of``.
    talking: tuple[tuple[str, int], ...] = ()

    @property
    def alive(self) -> bool:
        """Members talked between meetings within one usual gap."""
        return any(n for _, n in self.talking)


def _runs(ctx: Context) -> tuple[SeriesRun, ...]:
    series = {r.id: r.name for r in ctx.all_series}
    ends = {r.id: last_planned(r, ctx.data, ctx.as_of) for r in ctx.all_series}
    groups: dict[str | None, list[dt.datetime]] = {}
    for m in ctx.held_since(th.YEAR_DAYS):
        groups.setdefault(m.rhythm_id if m.rhythm_id in series else None, []).append(m.start)
    runs = []
    for rid, starts in groups.items():
        found = regularity(starts)
        label = series.get(rid or "", "Meetings outside a series")
        gap, spread = found or (None, None)
        runs.append(SeriesRun(label, len(starts), gap, spread, ends.get(rid or "")))
    return tuple(runs)


def _talking(ctx: Context, usual: float) -> tuple[tuple[str, int], ...]:
    """Activity between meetings per space within one usual gap, busiest first."""
    log = ctx.data.conversation
    if log is None or log.empty:
        return ()
    since = ctx.as_of - dt.timedelta(days=max(round(usual), 1))
    names = {s.id: s.name for s in ctx.data.spaces}
    found = participation.talk_by_space(ctx.data, since, ctx.as_of)
    rows = [(names.get(sid, sid), c.total) for sid, c in found.items() if c.total]
    return tuple(sorted(rows, key=lambda row: (-row[1], row[0])))


def gather(ctx: Context) -> RhythmFacts:
    data = ctx.data
    now = dt.datetime.combine(
        ctx.as_of + dt.timedelta(days=1), dt.time(), tzinfo=data.community.zone
    )
    coming = records.upcoming(data, now=now, per_rhythm=1) if data.rhythms else []
    runs = _runs(ctx)
    gaps = [r.gap for r in runs if r.gap is not None]
    gap = min(gaps) if gaps else None
    whole = regularity([m.start for m in ctx.held])
    usual = gap or (whole[0] if whole else th.YEAR_DAYS / th.STALLED_GAPS)
    cancelled = sum(
        1
        for m in data.meetings
        if not m.held and ctx.since(th.YEAR_DAYS) < m.start.date() <= ctx.as_of
    )
    return RhythmFacts(
        running=tuple(r.name for r in data.rhythms),
        next_meeting=(coming[0].rhythm.name, coming[0].start.date()) if coming else None,
        runs=runs,
        gap=gap,
        silence=(ctx.as_of - ctx.held[-1].start.date()).days if ctx.held else None,
        usual=usual,
        cancelled=cancelled,
        planned=sum(r.meetings for r in runs) + cancelled,
        change=participation.attendance_change(data, ctx.as_of),
        ending=planned_ending(data, ctx.all_series, ctx.as_of),
        anything=bool(ctx.all_series or ctx.held),
        talking=_talking(ctx, usual),
    )


def _delta(facts: RhythmFacts) -> float | None:
    if facts.change is None:
        return None
    recent, earlier = facts.change
    return (recent - earlier) / earlier if earlier else 0.0


def rule(facts: RhythmFacts) -> Rule:
    """The rhythm rule as named clauses, once a series is running and has not reached its
    planned end. The first step's clauses each rule out a condition worth a conversation,
    keyed by it (``stalled``: meetings have not stopped with nobody talking)."""
    delta = _delta(facts)
    share = facts.cancelled / facts.planned if facts.planned else 0.0
    silent = facts.silence is not None and facts.silence > th.STALLED_GAPS * facts.usual
    uneven = [
        r.label for r in facts.runs if r.spread is not None and r.spread > th.IRREGULAR_SPREAD
    ]
    irregular = [
        r.label
        for r in facts.runs
        if (r.gap is None and r.ended is None) or (r.spread or 0.0) > th.REGULAR_SPREAD
    ]
    cancelled = f"{facts.cancelled} of {facts.planned} in {YEAR}"
    recent, earlier = facts.change or (0.0, 0.0)
    attendance = f"{recent:.1f} a meeting over {HALF}, {earlier:.1f} before"
    quiet = f"none for {ago(facts.silence or 0)}, against a usual gap of {round(facts.usual)} days"
    growing = (
        Clause(
            "no-series",
            bool(facts.running),
            "a recurring series is set up",
            "a recurring series (`rhythm add`)",
        ),
        Clause(
            "no-next",
            not facts.running or facts.next_meeting is not None,
            "a next meeting is scheduled",
            "a next meeting in diaries",
        ),
        Clause(
            "uneven",
            not uneven,
            f"no series meets at very uneven intervals (gaps straying from the usual one by "
            f"{percent(th.IRREGULAR_SPREAD)} of it or more, on average)",
            f"{and_join(uneven)} meeting at steadier intervals",
        ),
        Clause(
            "stalled",
            not silent or facts.alive,
            f"a meeting was held within {number(th.STALLED_GAPS)} usual gaps, or members "
            "talked between meetings within the last one",
            f"a meeting again ({quiet}), or members talking between meetings",
        ),
        Clause(
            "cancelled",
            share <= th.CANCELLED_ATTENTION,
            f"no more than {percent(th.CANCELLED_ATTENTION)} of the meetings of {YEAR} were "
            "cancelled",
            f"fewer cancellations ({cancelled})",
        ),
        Clause(
            "fell",
            delta is None or delta > th.ATTENDANCE_DROP_ATTENTION,
            f"average attendance over {HALF} has not fallen by "
            f"{percent(-th.ATTENDANCE_DROP_ATTENTION)} or more on the half year before",
            f"attendance recovering ({attendance})",
        ),
    )
    thriving = (
        Clause(
            "paused",
            not silent,
            f"no silence longer than {number(th.STALLED_GAPS)} usual gaps",
            f"meetings resuming ({quiet})",
        ),
        Clause(
            "regular",
            not irregular and facts.gap is not None,
            f"each series met regularly in {YEAR} (gaps within "
            f"{percent(th.REGULAR_SPREAD)} of the usual one, on average)",
            f"regular gaps ({and_join(irregular)})"
            if irregular
            else "a few meetings of a series to read a rhythm from",
        ),
        Clause(
            "few-cancelled",
            share <= th.CANCELLED_GROWING,
            f"no more than {percent(th.CANCELLED_GROWING)} of them were cancelled",
            f"fewer cancellations ({cancelled})",
        ),
        Clause(
            "steady",
            delta is None or delta > th.ATTENDANCE_DROP_GROWING,
            f"average attendance has not fallen by {percent(-th.ATTENDANCE_DROP_GROWING)} or more",
            f"attendance recovering ({attendance})",
        ),
    )
    return Rule(Signal.ATTENTION, ((Signal.GROWING, growing), (Signal.THRIVING, thriving)))


def concerns(facts: RhythmFacts) -> list[str]:
    """Condition keys worth a conversation, in the order their sentences are written: the
    first step's clauses that failed."""
    return [c.key for c in rule(facts).steps[0][1] if not c.holds]


def decide(facts: RhythmFacts) -> Signal:
    if not facts.anything:
        return Signal.NO_DATA
    if facts.ending is not None:
        return Signal.COMPLETED
    return rule(facts).signal


_CONCERN_LINES = {
    "no-series": "No recurring series: each meeting is arranged one at a time",
    "no-next": "No next meeting is scheduled",
    "cancelled": "Many meetings were cancelled",
    "fell": "Attendance has fallen sharply",
}

PROMPTS = {
    Signal.THRIVING: "The rhythm is steady. Does its pace still suit members' workloads, "
    "or would a change of season suit them better?",
    Signal.GROWING: "Could the next few meetings be fixed in diaries now, so the rhythm "
    "carries people rather than effort?",
    Signal.ATTENTION: "A steady rhythm is what keeps people coming. What gets in the way "
    "of meeting regularly, and what time would work for most?",
    Signal.NO_DATA: "Set up a recurring series (`rhythm add`) and record meetings to see "
    "the rhythm.",
    Signal.COMPLETED: "The series ran to the end it set. What carries on from the community's "
    "work, where will members go next, and what should the sponsor hear about it?",
}

#: Prompts whose premise is a particular condition rather than the signal alone.
CONDITION_PROMPTS = {
    "no-series": "Meetings are arranged one at a time. Would a recurring series (`rhythm "
    "add`) carry people with less effort, and what time would work for most?",
    "stalled": "Meetings have stopped for now. Is the community resting, changing form, or "
    "waiting for someone to pick the rhythm up again?",
}


def _run_line(run: SeriesRun) -> str:
    line = f"{run.label}: {count(run.meetings, 'meeting')} in {YEAR}"
    if run.ended is not None:
        line += f", ran to the end its rule set on {day(run.ended)}"
    if run.gap is None or run.spread is None:
        return line
    word = "regular" if run.spread <= th.REGULAR_SPREAD else "irregular"
    return line + f", about every {round(run.gap)} days ({word})"


def _attendance_line(change: tuple[float, float]) -> str:
    recent, earlier = change
    delta = (recent - earlier) / earlier if earlier else 0.0
    steady = abs(delta) <= th.ATTENDANCE_STEADY
    direction = "steady" if steady else "up" if delta > 0 else "down"
    return (
        f"Average attendance {recent:.1f} over {HALF}, {earlier:.1f} the "
        f"{since_span(th.RECENT_DAYS).split()[0]} before"
        f" ({direction}{'' if steady else ' ' + percent(abs(delta))})"
    )


def write(facts: RhythmFacts) -> list[str]:
    """The evidence, in the order a gardener would read it."""
    lines = []
    if facts.running:
        lines.append(
            f"{count(len(facts.running), 'recurring series', 'recurring series')}: "
            + ", ".join(facts.running)
        )
    if facts.next_meeting:
        lines.append(f"Next meeting: {facts.next_meeting[0]} on {day(facts.next_meeting[1])}")
    if facts.ending:
        lines.append(
            f"{', '.join(facts.ending.names)} ran to the end its rule set: the last planned "
            f"meeting was on {day(facts.ending.last_planned)}, and meetings were held up to "
            f"{day(facts.ending.last_held)}"
        )
    lines += [_run_line(run) for run in facts.runs]
    if facts.planned:
        lines.append(_cancelled_line(facts))
    if facts.change is not None:
        lines.append(_attendance_line(facts.change))
    if facts.alive:
        lines.append(_talking_line(facts))
    if facts.ending:
        return lines
    return lines + _concern_lines(facts)


def _cancelled_line(facts: RhythmFacts) -> str:
    return (
        f"{facts.cancelled} of {count(facts.planned, 'meeting')} in {YEAR} "
        f"{'was' if facts.cancelled == 1 else 'were'} cancelled "
        f"({percent(facts.cancelled / facts.planned)})"
    )


def _talking_line(facts: RhythmFacts) -> str:
    total = sum(n for _, n in facts.talking)
    where = ", ".join(f"{name} {n}" for name, n in facts.talking)
    return (
        f"Between meetings, in the last {round(facts.usual)} days (one usual gap): "
        f"{count(total, 'post, reply or reaction', 'posts, replies and reactions')} ({where})"
    )


def _concern_lines(facts: RhythmFacts) -> list[str]:
    """A paused rhythm whose members keep talking, then each concern, in order."""
    lines = []
    if facts.alive and facts.silence is not None and facts.silence > th.STALLED_GAPS * facts.usual:
        lines.append(
            f"No meeting for {ago(facts.silence)}, but members kept talking between meetings: "
            "the community is alive, its meetings paused"
        )
    for key in concerns(facts):
        if key == "uneven":
            lines += [
                f"{r.label} meets at very uneven intervals"
                for r in facts.runs
                if r.spread is not None and r.spread > th.IRREGULAR_SPREAD
            ]
        elif key == "stalled" and facts.silence is not None:
            lines.append(
                f"No meeting for {ago(facts.silence)}, against a usual gap of "
                f"{round(facts.usual)} days"
            )
        elif key in _CONCERN_LINES:
            lines.append(_CONCERN_LINES[key])
    return lines


PAUSED_PROMPT = (
    "Meetings have paused while members keep talking between them. Is it time to meet again, "
    "or has the conversation become the community's rhythm for now?"
)


def _prompt(facts: RhythmFacts, signal: Signal) -> str:
    paused = facts.silence is not None and facts.silence > th.STALLED_GAPS * facts.usual
    if signal is Signal.GROWING and paused and facts.alive:
        return PAUSED_PROMPT
    if signal is Signal.ATTENTION:
        for key in concerns(facts):
            if key in CONDITION_PROMPTS:
                return CONDITION_PROMPTS[key]
    return PROMPTS[signal]


GATE = (
    "Completed when every series reached the end its rule set (COUNT, UNTIL or `rhythm end`) "
    "with meetings held up to within {gaps} usual gaps of it; no data yet without a series or "
    "a meeting. Otherwise:"
)
THRESHOLDS = (
    "YEAR_DAYS", "RECENT_DAYS", "REGULAR_SPREAD", "IRREGULAR_SPREAD",
    "STALLED_GAPS", "CANCELLED_GROWING", "CANCELLED_ATTENTION", "ATTENDANCE_STEADY",
    "ATTENDANCE_DROP_GROWING", "ATTENDANCE_DROP_ATTENTION",
)  # fmt: skip
GATE_CHANGE = {
    Signal.NO_DATA: "A recurring series and recorded meetings would give a reading.",
    Signal.COMPLETED: "A new series (`rhythm add`) would start a new rhythm to read.",
}


def rhythm(ctx: Context) -> Reading:
    """A recurring series with a next meeting; regular gaps; few cancellations; steady
    attendance; or a series that ran to its planned end."""
    facts = gather(ctx)
    signal = decide(facts)
    evidence = write(facts) if facts.anything else ["No rhythm and no meeting yet"]
    explained = (
        ("running series", str(len(facts.running))),
        (
            "series that reached their planned end",
            str(
                len(facts.ending.names)
                if facts.ending
                else sum(1 for r in facts.runs if r.ended is not None)
            ),
        ),
        ("usual gap in days", str(round(facts.usual))),
        ("days since the last meeting", "-" if facts.silence is None else str(facts.silence)),
        (
            "posts, replies and reactions between meetings in the last usual gap",
            str(sum(n for _, n in facts.talking)),
        ),
        (f"meetings cancelled in {YEAR}", f"{facts.cancelled} of {facts.planned}"),
    )
    return Reading(
        signal, tuple(evidence), _prompt(facts, signal), explained, thresholds=THRESHOLDS,
        change=GATE_CHANGE.get(signal, ""), clauses=rule(facts),
        gate=GATE.format(gaps=number(th.STALLED_GAPS)),
    )  # fmt: skip
