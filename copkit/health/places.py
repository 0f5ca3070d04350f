"""Principles 4 and 6: where the community meets, and what it does when it does.

Spaces (4): at least one private space (trust, half-formed ideas) and one public one (openness,
informal contact), used: a meeting held there, or conversation on its channel between meetings
(a private channel's activity counts for the private kind, a public one's for the public kind).
A planned change of space is not a lapse: a kind of space whose series all ran to the end their
rules set (:mod:`copkit.health.ending`; the PSDP facilitators' whole-day meetings in person, then
online ones) reads as completed, not quiet, and when every series has ended as planned the
reading is completed as the rhythm's is. A space retired by the day read
(:meth:`copkit.model.Space.in_use`) is no longer one of the community's spaces: it is not a
quieter space, though a reading of a day before it was retired still counts it.
Activities (6): familiar activities that stabilise and stimulating ones that open new
perspectives, across recent meetings.
"""

from __future__ import annotations

from collections import Counter

import msgspec

from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.ending import planned_ending
from copkit.health.findings import Signal
from copkit.health.reading import Clause, Context, Reading, Rule, at_least, number
from copkit.health.words import count, day, percent, since_span, the_last
from copkit.model import ActivityKind, Rhythm, Space

HALF = the_last(th.RECENT_DAYS)
YEAR = the_last(th.YEAR_DAYS)


class SpaceKind(msgspec.Struct, frozen=True):
    kind: str
    names: tuple[str, ...]
    held: int
    last: str | None
    recent: int
    #: Posts, replies and reactions on the kind's channels within RECENT_DAYS.
    talk: int = 0
    #: When the kind is quiet: the series held in it, every one of which ran to the end its
    #: rule set (a planned change of space, or a planned ending), with the spaces they met in.
    completed: tuple[str, ...] = ()
    ended_in: tuple[str, ...] = ()

    @property
    def used(self) -> bool:
        return bool(self.recent or self.talk)

    @property
    def present(self) -> bool:
        """The community has a space of this kind, or had one whose series ended as planned."""
        return bool(self.names or self.completed)


def gather_spaces(ctx: Context) -> list[SpaceKind]:
    by_space = participation.talk_by_space(ctx.data, ctx.since(th.RECENT_DAYS), ctx.as_of)
    kinds = []
    for private in (True, False):
        every = [s for s in ctx.data.spaces if s.is_private == private]
        mine = [s for s in every if s.in_use(ctx.as_of)]
        ids = {s.id for s in mine}
        held = [m for m in ctx.held if m.space_id in ids]
        recent = [m for m in held if m.start.date() > ctx.since(th.RECENT_DAYS)]
        kind = SpaceKind(
            "private" if private else "public",
            tuple(s.name for s in mine),
            len(held),
            day(held[-1].start.date()) if held else None,
            len(recent),
            sum(c.total for sid, c in by_space.items() if sid in ids),
        )
        if not kind.used:
            kind = _ended_as_planned(ctx, kind, every)
        kinds.append(kind)
    return kinds


def _ended_as_planned(ctx: Context, kind: SpaceKind, every: list[Space]) -> SpaceKind:
    """A quiet kind whose series (in its spaces, retired ones too) all ran to the end their
    rules set, with meetings held up to it, or whose spaces that held meetings were all
    retired: the kind completed, it did not lapse (a planned change of space)."""
    places = {s.id: s for s in every}
    held = [m for m in ctx.held if m.space_id in places]
    series = [r for r in ctx.all_series if r.space_id in places and r.meets_before_end]
    if series and all(_series_ended(ctx, r) for r in series):
        completed = tuple(f"the series {r.name}" for r in series)
        ended_in = tuple(dict.fromkeys(places[r.space_id].name for r in series))
    else:
        used = {m.space_id for m in held}
        retired = [s for s in every if s.id in used and not s.in_use(ctx.as_of)]
        if not retired or kind.names:
            return kind
        completed = tuple(f"{s.name} (retired on {day(s.retired)})" for s in retired if s.retired)
        ended_in = ()
    return msgspec.structs.replace(
        kind,
        held=len(held),
        last=day(held[-1].start.date()) if held else kind.last,
        completed=completed,
        ended_in=ended_in,
    )


def _series_ended(ctx: Context, rhythm: Rhythm) -> bool:
    """Whether one series ran to its planned end, read over its own meetings alone."""
    alone = msgspec.structs.replace(
        ctx.data, meetings=[m for m in ctx.data.meetings if m.rhythm_id == rhythm.id]
    )
    return planned_ending(alone, [rhythm], ctx.as_of) is not None


def spaces_rule(kinds: list[SpaceKind]) -> Rule:
    """The spaces rule as named clauses: a space of each kind, and one of them used, for
    growing; each kind used, or moved from as planned (a planned change of space), for
    thriving. Read once a space is recorded and while some series has not ended as planned."""
    present = [k for k in kinds if k.present]
    missing = [k.kind for k in kinds if not k.present]
    quiet = [k.kind for k in present if not k.used and not k.completed]
    used = "a meeting held there, or conversation on its channel between meetings"
    add = " or ".join(f"`copkit space add NAME --{kind}`" for kind in missing)
    growing = (
        Clause(
            "missing",
            not missing,
            "the community has a private space and a public one (or had one whose series ran "
            "to the end their rules set)",
            f"a {' and a '.join(missing)} space ({add})" if missing else "a space of each kind",
        ),
        Clause(
            "unused",
            any(k.used for k in present),
            f"a space was used in {HALF} ({used})",
            f"a meeting in any space, or members talking on a space's channel (none in {HALF})",
        ),
    )
    thriving = (
        Clause(
            "quiet",
            not quiet,
            f"each kind of space was used in {HALF}, or its series ran to the end their rules "
            "set while the other is in use (a planned change of space)",
            f"a meeting, or conversation between meetings, in the {' or '.join(quiet)} space "
            f"(none in {HALF})"
            if quiet
            else f"each kind of space used in {HALF}",
        ),
    )
    return Rule(
        Signal.ATTENTION,
        ((Signal.GROWING, growing), (Signal.THRIVING, thriving)),
        "A retired space is left out from the day it was retired. No number beyond the window: "
        f"{th.STAEMPFLI_2016} ask for both kinds of space.",
    )


def decide_spaces(kinds: list[SpaceKind], closing: bool = False) -> tuple[Signal, str]:
    """The signal, decided from the rule, and the condition its prompt must speak to.
    ``closing``: every series ran to its planned end
    (:attr:`copkit.health.reading.Context.closing`)."""
    if not any(k.present for k in kinds):
        return Signal.NO_DATA, "none"
    if closing:  # every series ran to its planned end: completed, as the rhythm reads it
        return Signal.COMPLETED, "completed"
    found = spaces_rule(kinds)
    failing = {c.key for c in found.failing}
    if found.signal is Signal.ATTENTION:
        return Signal.ATTENTION, "missing" if "missing" in failing else "unused"
    if found.signal is Signal.GROWING:
        return Signal.GROWING, "quiet"
    return Signal.THRIVING, "both" if all(k.used for k in kinds if k.present) else "moved"


SPACE_PROMPTS = {
    "none": "Add the places the community meets (`space add --public|--private`).",
    "missing": "Trust grows in private spaces; openness and fun in public ones. Could members "
    "help design the kind of space the community does not have yet?",
    "unused": "Neither space has been used lately. Where and when would members like to meet "
    "again?",
    "both": "Both kinds of space are in use. Does the private one still feel safe enough to "
    "test half-formed ideas?",
    "moved": "The community moved where it meets as planned. Does the space it meets in now "
    "still offer what the earlier one did: trust to test half-formed ideas, or openness to "
    "newcomers?",
    "completed": "The community's series ran to the end they set. Where do members meet now, "
    "and which space, private or public, carries on what the community started?",
    "quiet": "One kind of space is quieter. What would bring members to it: a different time, "
    "a different format?",
}
SPACES_GATE = (
    "No data yet without a space recorded; completed when every series ran to its planned end, "
    "as the rhythm reads it. Otherwise:"
)
SPACE_CHANGE = {
    "none": "Recording the community's spaces would give a reading.",
    "completed": "A new series (`rhythm add`) in one of the community's spaces would give a "
    "reading of spaces in use.",
}


def _kind_line(k: SpaceKind) -> str:
    """One kind of space: its spaces, meetings and talk, or the series that ended in it."""
    if not k.names:
        ended = (
            f"{', '.join(k.completed)} in {', '.join(k.ended_in)} ran to the end its rule set"
            if k.ended_in
            else ", ".join(k.completed)
        )
        return f"No {k.kind} space in use now: {ended} ({count(k.held, 'meeting')}" + (
            f", the last on {k.last})" if k.last else ")"
        )
    line = f"{count(len(k.names), k.kind + ' space')} ({', '.join(k.names)}): "
    line += count(k.held, "meeting")
    line += f", the last on {k.last}" if k.last else " held so far"
    if k.talk:
        line += f"; {count(k.talk, 'post, reply or reaction', 'posts, replies and reactions')}"
        line += f" between meetings in {HALF}"
    if k.completed:
        line += f"; {', '.join(k.completed)} ran to the end its rule set"
    return line


def _spaces_evidence(kinds: list[SpaceKind], condition: str) -> list[str]:
    evidence = [_kind_line(k) if k.present else f"No {k.kind} space" for k in kinds]
    talked = any(k.talk for k in kinds)
    between = " and no conversation between meetings" if talked else ""
    if condition == "unused":
        evidence.append(f"No meeting in any space in {HALF}")
    if condition == "quiet":
        quiet = " or ".join(k.kind for k in kinds if k.present and not k.used and not k.completed)
        evidence.append(f"No meeting in the {quiet} space in {HALF}{between}")
    if condition == "moved":
        moved = next(k for k in kinds if k.completed)
        evidence.append(
            f"The meetings in the {moved.kind} space ended as planned and the community meets "
            "on elsewhere: a planned change of space, not a lapse"
        )
    return evidence


def spaces(ctx: Context) -> Reading:
    """At least one space of each kind, and meetings actually held in each."""
    kinds = gather_spaces(ctx)
    signal, condition = decide_spaces(kinds, ctx.closing)
    if signal is Signal.NO_DATA:
        evidence = ["No meeting space recorded yet"]
    else:
        evidence = _spaces_evidence(kinds, condition)
    explained = tuple(
        (
            f"{k.kind} spaces / meetings / posts, replies and reactions in {HALF}",
            f"{len(k.names)} / {k.recent} / {k.talk}",
        )
        for k in kinds
    )
    return Reading(
        signal, tuple(evidence), SPACE_PROMPTS[condition], explained,
        thresholds=("RECENT_DAYS",), change=SPACE_CHANGE.get(condition, ""),
        clauses=spaces_rule(kinds), gate=SPACES_GATE,
    )  # fmt: skip


class ActivityFacts(msgspec.Struct, frozen=True):
    meetings: int
    with_kind: dict[ActivityKind, int]
    labels: dict[ActivityKind, list[str]]
    any_recorded: bool
    last_held: str | None


def gather_activities(ctx: Context) -> ActivityFacts:
    recent = ctx.held_since(th.YEAR_DAYS)[-th.RECENT_MEETINGS :]
    with_kind, labels = {}, {}
    for kind in ActivityKind:
        with_kind[kind] = sum(1 for m in recent if any(a.kind is kind for a in m.activities))
        found = Counter(a.label for m in recent for a in m.activities if a.kind is kind)
        labels[kind] = [label for label, _ in found.most_common(th.LABELS_SHOWN)]
    return ActivityFacts(
        meetings=len(recent),
        with_kind=with_kind,
        labels=labels,
        any_recorded=any(m.activities for m in recent),
        last_held=day(ctx.held[-1].start.date()) if ctx.held else None,
    )


def activities_rule(facts: ActivityFacts) -> Rule:
    """The activities rule as named clauses: both kinds at some of the recent meetings for
    growing; each kind at its share of them for thriving."""
    meetings = facts.meetings
    growing, thriving = [], []
    for kind, share, like in (
        (ActivityKind.FAMILIAR, th.FAMILIAR_SHARE, "a case discussion, a check-in"),
        (ActivityKind.STIMULATING, th.STIMULATING_SHARE, "a guest, a visit, a new method"),
    ):
        found = facts.with_kind[kind]
        name = kind.value
        growing.append(
            Clause(
                name,
                bool(found),
                f"one or more of those meetings had a {name} activity",
                f"a {name} activity ({like}) at one of the next meetings (none at the last "
                f"{count(meetings, 'meeting')})",
            )
        )
        thriving.append(
            Clause(
                f"{name}-share",
                bool(meetings) and found / meetings >= share,
                f"{percent(share)} or more of them had a {name} activity",
                f"{name} activities at {at_least(share, meetings)} of the last "
                f"{count(meetings, 'meeting')} (now {found})",
            )
        )
    return Rule(
        Signal.ATTENTION,
        ((Signal.GROWING, tuple(growing)), (Signal.THRIVING, tuple(thriving))),
        f"The last {number(th.RECENT_MEETINGS)} meetings within {since_span(th.YEAR_DAYS)} are "
        "read.",
    )


def decide_activities(facts: ActivityFacts) -> Signal:
    if not facts.any_recorded:
        return Signal.NO_DATA
    return activities_rule(facts).signal


ACTIVITY_PROMPTS = {
    Signal.THRIVING: "A good mix of the familiar and the new. Which new method tried lately "
    "deserves to become a routine?",
    Signal.GROWING: "Is the balance right? Routines settle people; something new (a guest, "
    "a visit, a method) opens perspectives.",
    Signal.ATTENTION: "Meetings lean to one kind of activity. What would members like to "
    "try, or to keep as a steady routine?",
    Signal.NO_DATA: "Record activities with meetings (`--activity familiar:case discussion`, "
    "`--activity stimulating:guest speaker`).",
}
ACTIVITIES_GATE = "No data yet without activities recorded at the meetings of {year}."
ACTIVITY_NO_DATA = "Activities recorded with meetings would give a reading."


def _activity_evidence(facts: ActivityFacts) -> list[str]:
    if not facts.any_recorded:
        if facts.meetings:
            return [f"No activities recorded at the last {count(facts.meetings, 'meeting')}"]
        if facts.last_held:
            return [f"No meeting in {YEAR} (the last on {facts.last_held})"]
        return ["No meeting held yet"]
    return [
        f"{facts.with_kind[kind]} of the last {count(facts.meetings, 'meeting')} had "
        f"{kind.value} activities"
        + (f" ({', '.join(facts.labels[kind])})" if facts.labels[kind] else "")
        for kind in ActivityKind
    ]


def activities(ctx: Context) -> Reading:
    """The mix of familiar and stimulating activities across recent meetings."""
    facts = gather_activities(ctx)
    signal = decide_activities(facts)
    explained = (
        ("recent meetings read", str(facts.meetings)),
        *((f"with {kind.value} activities", str(facts.with_kind[kind])) for kind in ActivityKind),
    )
    return Reading(
        signal, tuple(_activity_evidence(facts)), ACTIVITY_PROMPTS[signal], explained,
        thresholds=("RECENT_MEETINGS", "YEAR_DAYS", "FAMILIAR_SHARE", "STIMULATING_SHARE"),
        change=ACTIVITY_NO_DATA if signal is Signal.NO_DATA else "",
        clauses=activities_rule(facts), gate=ACTIVITIES_GATE.format(year=YEAR),
    )  # fmt: skip
