"""Principle 9, sponsorship: a named sponsor, resources recorded, and the sponsor kept informed.

The prompt speaks to what is actually missing: a community with a named sponsor is never asked
who senior could champion it, only when the sponsor will next hear from it.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.health import thresholds as th
from copkit.health.findings import Signal
from copkit.health.reading import Context, Reading
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


def decide(facts: SponsorFacts) -> tuple[Signal, str]:
    """The signal and the condition its prompt must speak to."""
    if not facts.sponsor:
        return Signal.ATTENTION, "no-sponsor"
    if facts.since is None:
        return Signal.ATTENTION, "never-updated"
    if facts.since > th.SPONSOR_UPDATE_GROWING_DAYS:
        return Signal.ATTENTION, "stale"
    if facts.since <= th.SPONSOR_UPDATE_THRIVING_DAYS and facts.resources:
        return Signal.THRIVING, "informed"
    return Signal.GROWING, "informed-lately" if facts.resources else "no-resources"


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
CHANGE = {
    Signal.THRIVING: "No update to the sponsor for over SPONSOR_UPDATE_THRIVING_DAYS days "
    "would lower it.",
    Signal.GROWING: "A recent update, with the resources the sponsor provides recorded, would "
    "make it thriving.",
    Signal.ATTENTION: "A named sponsor and an update within SPONSOR_UPDATE_GROWING_DAYS days "
    "would lift it.",
}
RULE = (
    "Worth a conversation without a named sponsor, or with no update within "
    "SPONSOR_UPDATE_GROWING_DAYS days; thriving with an update within "
    "SPONSOR_UPDATE_THRIVING_DAYS days and resources recorded; growing otherwise."
)


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
        signal, tuple(_evidence(facts)), PROMPTS[condition], explained, RULE,
        ("SPONSOR_UPDATE_THRIVING_DAYS", "SPONSOR_UPDATE_GROWING_DAYS"), CHANGE[signal],
    )  # fmt: skip
