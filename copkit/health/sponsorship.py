"""Principle 9, sponsorship: a named sponsor, resources recorded, and the sponsor kept informed.

The prompt speaks to what is actually missing: a community with a named sponsor is never asked
who senior could champion it, only when the sponsor will next hear from it.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.health import thresholds as th
from copkit.health.findings import Signal
from copkit.health.reading import Clause, Context, Reading, Rule
from copkit.health.words import count, day, days_ago


class SponsorFacts(msgspec.Struct, frozen=True):
    sponsor: str
    resources: tuple[str, ...]
    last_update: dt.date | None
    since: int | None
    closing: bool


def gather(ctx: Context) -> SponsorFacts:
    community = ctx.data.community
    updates = sorted(u.on for u in ctx.data.sponsor_updates)
    last = updates[-1] if updates else None
    return SponsorFacts(
        sponsor=community.sponsor,
        resources=tuple(community.resources),
        last_update=last,
        since=(ctx.as_of - last).days if last else None,
        closing=ctx.closing,
    )


def rule(facts: SponsorFacts) -> Rule:
    """The sponsorship rule as named clauses: a sponsor and an update within the longer span
    for growing; an update within the shorter one and resources recorded for thriving."""
    since = facts.since
    late = f" (the last was {days_ago(since)})" if since is not None else " (none recorded yet)"
    growing = (
        Clause("sponsor", bool(facts.sponsor), "a sponsor is named", "a named sponsor"),
        Clause(
            "updated",
            since is not None and since <= th.SPONSOR_UPDATE_GROWING_DAYS,
            f"the sponsor heard from the community within {th.SPONSOR_UPDATE_GROWING_DAYS} days",
            f"an update to the sponsor{late}",
        ),
    )
    thriving = (
        Clause(
            "recent",
            since is not None and since <= th.SPONSOR_UPDATE_THRIVING_DAYS,
            f"the last update was within {th.SPONSOR_UPDATE_THRIVING_DAYS} days (about quarterly)",
            f"an update within {th.SPONSOR_UPDATE_THRIVING_DAYS} days{late}",
        ),
        Clause(
            "resources",
            bool(facts.resources),
            "what the sponsor provides is recorded (time, a room, recognition)",
            "the resources the sponsor provides recorded (`community edit --resource`)",
        ),
    )
    return Rule(Signal.ATTENTION, ((Signal.GROWING, growing), (Signal.THRIVING, thriving)))


def decide(facts: SponsorFacts) -> tuple[Signal, str]:
    """The signal and the condition its prompt must speak to."""
    found = rule(facts)
    failing = {c.key for c in found.failing}
    if found.signal is Signal.ATTENTION:
        if "sponsor" in failing:
            return Signal.ATTENTION, "no-sponsor"
        return Signal.ATTENTION, "never-updated" if facts.since is None else "stale"
    if found.signal is Signal.THRIVING:
        return Signal.THRIVING, "informed"
    return Signal.GROWING, "no-resources" if "resources" in failing else "informed-lately"


PROMPTS = {
    "no-sponsor": "Time, a room and recognition come from a sponsor. Who senior could "
    "champion the community, and what would they want to hear?",
    "never-updated": "The sponsor has not heard from the community yet. What would they want "
    "to know? `copkit report sponsor` drafts a short update.",
    "stale": "It has been a while since the sponsor heard from the community. What has it "
    "made possible since? `copkit report sponsor` drafts a short update.",
    "informed": "The sponsor is informed. Which member's story would show them best what the "
    "community makes possible?",
    "informed-lately": "When will the sponsor next hear from the community? `copkit report "
    "sponsor` drafts a short update.",
    "no-resources": "What does the sponsor provide: protected time, a room, recognition? "
    "Recording it (`community edit --resource`) shows what the community rests on.",
    "closing": "The community's series has ended. What should the sponsor hear about what it "
    "made possible, and what could carry on?",
}


def _evidence(facts: SponsorFacts) -> list[str]:
    lines = [
        f"Sponsor: {facts.sponsor}"
        if facts.sponsor
        else "No sponsor named (`copkit community edit --sponsor NAME`)"
    ]
    if facts.resources:
        lines.append(
            f"{count(len(facts.resources), 'resource')} recorded: " + "; ".join(facts.resources)
        )
    else:
        lines.append(
            "No resources recorded: protected time, a room, recognition "
            "(`copkit community edit --resource TEXT`)"
        )
    if facts.last_update is not None and facts.since is not None:
        lines.append(
            f"Last update to the sponsor on {day(facts.last_update)} ({days_ago(facts.since)})"
        )
    else:
        lines.append("No update to the sponsor recorded yet")
    return lines


def sponsorship(ctx: Context) -> Reading:
    """A named sponsor, resources recorded, and a recent update sent to the sponsor."""
    facts = gather(ctx)
    signal, condition = decide(facts)
    if facts.closing and facts.sponsor:
        condition = "closing"
    explained = (
        ("sponsor named", "yes" if facts.sponsor else "no"),
        ("resources recorded", str(len(facts.resources))),
        ("days since the last update", "-" if facts.since is None else str(facts.since)),
    )
    return Reading(
        signal, tuple(_evidence(facts)), PROMPTS[condition], explained,
        thresholds=("SPONSOR_UPDATE_THRIVING_DAYS", "SPONSOR_UPDATE_GROWING_DAYS"),
        clauses=rule(facts),
    )  # fmt: skip
