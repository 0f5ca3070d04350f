"""Principles 4 and 6: where the community meets, and what it does when it does.

Spaces (4): at least one private space (trust, half-formed ideas) and one public one (openness,
informal contact), used: a meeting held there, or conversation on its channel between meetings
(a private channel's activity counts for the private kind, a public one's for the public kind).
Activities (6): familiar activities that stabilise and stimulating ones that open new
perspectives, across recent meetings.
"""

from __future__ import annotations

from collections import Counter

import msgspec

from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.findings import Signal
from copkit.health.reading import Context, Reading
from copkit.health.words import count, day, the_last
from copkit.model import ActivityKind

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

    @property
    def used(self) -> bool:
        return bool(self.recent or self.talk)


def gather_spaces(ctx: Context) -> list[SpaceKind]:
    by_space = participation.talk_by_space(ctx.data, ctx.since(th.RECENT_DAYS), ctx.as_of)
    kinds = []
    for private in (True, False):
        mine = [s for s in ctx.data.spaces if s.is_private == private]
        ids = {s.id for s in mine}
        held = [m for m in ctx.held if m.space_id in ids]
        recent = [m for m in held if m.start.date() > ctx.since(th.RECENT_DAYS)]
        kinds.append(
            SpaceKind(
                "private" if private else "public",
                tuple(s.name for s in mine),
                len(held),
                day(held[-1].start.date()) if held else None,
                len(recent),
                sum(c.total for sid, c in by_space.items() if sid in ids),
            )
        )
    return kinds


def decide_spaces(kinds: list[SpaceKind]) -> tuple[Signal, str]:
    """The signal and the condition its prompt must speak to."""
    present = [k for k in kinds if k.names]
    if not present:
        return Signal.NO_DATA, "none"
    if len(present) < len(kinds):
        return Signal.ATTENTION, "missing"
    if not any(k.used for k in present):
        return Signal.ATTENTION, "unused"
    if all(k.used for k in present):
        return Signal.THRIVING, "both"
    return Signal.GROWING, "quiet"


SPACE_PROMPTS = {
    "none": "Add the places the community meets (`space add --public|--private`).",
    "missing": "Trust grows in private spaces; openness and fun in public ones. Could members "
    "help design the kind of space the community does not have yet?",
    "unused": "Neither space has been used lately. Where and when would members like to meet "
    "again?",
    "both": "Both kinds of space are in use. Does the private one still feel safe enough to "
    "test half-formed ideas?",
    "quiet": "One kind of space is quieter. What would bring members to it: a different time, "
    "a different format?",
}
SPACE_CHANGE = {
    "none": "Recording the community's spaces would give a reading.",
    "missing": "A space of the missing kind, with a meeting held in it, would lift it.",
    "unused": "A meeting in either space would lift it.",
    "both": "Six months without a meeting in one kind of space would lower it.",
    "quiet": "A meeting in the quieter space would make it thriving.",
}


def spaces(ctx: Context) -> Reading:
    """At least one space of each kind, and meetings actually held in each."""
    kinds = gather_spaces(ctx)
    signal, condition = decide_spaces(kinds)
    if signal is Signal.NO_DATA:
        evidence = ["No meeting space recorded yet"]
    else:
        evidence = []
        for k in kinds:
            if not k.names:
                evidence.append(f"No {k.kind} space")
                continue
            line = f"{count(len(k.names), k.kind + ' space')} ({', '.join(k.names)}): "
            line += count(k.held, "meeting")
            line += f", the last on {k.last}" if k.last else " held so far"
            if k.talk:
                line += (
                    f"; {count(k.talk, 'post, reply or reaction', 'posts, replies and reactions')}"
                )
                line += f" between meetings in {HALF}"
            evidence.append(line)
        talked = any(k.talk for k in kinds)
        between = " and no conversation between meetings" if talked else ""
        if condition == "unused":
            evidence.append(f"No meeting in any space in {HALF}")
        if condition == "quiet":
            quiet = " or ".join(k.kind for k in kinds if not k.used)
            evidence.append(f"No meeting in the {quiet} space in {HALF}{between}")
    explained = tuple(
        (
            f"{k.kind} spaces / meetings / posts, replies and reactions in {HALF}",
            f"{len(k.names)} / {k.recent} / {k.talk}",
        )
        for k in kinds
    )
    rule = (
        "Thriving with a space of each kind and each used within RECENT_DAYS (a meeting held "
        "there, or conversation on its channel between meetings); growing when one kind has been "
        "quiet that long; worth a conversation when a kind is missing "
        f"or no space was used. No number beyond the window: {th.STAEMPFLI_2016} ask for both."
    )
    return Reading(
        signal, tuple(evidence), SPACE_PROMPTS[condition], explained, rule, ("RECENT_DAYS",),
        SPACE_CHANGE[condition],
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


def decide_activities(facts: ActivityFacts) -> Signal:
    if not facts.any_recorded:
        return Signal.NO_DATA
    fam = facts.with_kind[ActivityKind.FAMILIAR] / facts.meetings
    stim = facts.with_kind[ActivityKind.STIMULATING] / facts.meetings
    if fam >= th.FAMILIAR_SHARE and stim >= th.STIMULATING_SHARE:
        return Signal.THRIVING
    return Signal.GROWING if fam and stim else Signal.ATTENTION


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
ACTIVITY_CHANGE = {
    Signal.THRIVING: "Recent meetings leaning to one kind of activity would lower it.",
    Signal.GROWING: "Familiar activities at FAMILIAR_SHARE and stimulating ones at "
    "STIMULATING_SHARE of recent meetings would make it thriving.",
    Signal.ATTENTION: "Some meetings with the kind of activity that is missing would lift it.",
    Signal.NO_DATA: "Activities recorded with meetings would give a reading.",
}


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
    rule = (
        "Of the last RECENT_MEETINGS meetings within a year: thriving when at least "
        "FAMILIAR_SHARE had a familiar activity and STIMULATING_SHARE a stimulating one; "
        "growing when both kinds appear; worth a conversation when only one does."
    )
    return Reading(
        signal, tuple(_activity_evidence(facts)), ACTIVITY_PROMPTS[signal], explained, rule,
        ("RECENT_MEETINGS", "YEAR_DAYS", "FAMILIAR_SHARE", "STIMULATING_SHARE"),
        ACTIVITY_CHANGE[signal],
    )  # fmt: skip
