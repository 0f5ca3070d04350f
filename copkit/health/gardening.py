"""Principle 8: the gardening role.

The gardening role named (one person or several) and covered at meetings, newcomers joining and
welcomed, and the meeting roles (chairing, hosting, welcoming, notes) moving from the gardeners
to members as the community matures. It stands alone (it was half of ``health/people.py`` with
the dialogue reading) because it reads meetings and member records only, never the
conversation between meetings. The reading speaks of the role, never the person: no member's
name appears in its evidence.
"""

from __future__ import annotations

import msgspec

from copkit.health import thresholds as th
from copkit.health.findings import Signal, Stage
from copkit.health.reading import (
    Clause,
    Context,
    Reading,
    Rule,
    Shift,
    at_least,
    halves_text,
    shift_text,
)
from copkit.health.words import count, day, percent, the_last
from copkit.model import Meeting
from copkit.records import CommunityData

HALF = the_last(th.RECENT_DAYS)
WINDOW = the_last(th.PARTICIPATION_WINDOW_DAYS)


def gardener_ids(data: CommunityData) -> set[str]:
    """The member ids of everyone in the gardening role."""
    return {m.id for m in data.members if data.community.tended_by(m)}


class GardenerFacts(msgspec.Struct, frozen=True):
    named: bool
    on_record: bool
    window: int
    covered: int
    newcomers: int
    welcomed: int
    latest: str | None
    members: int
    stage: Stage
    closing: bool
    gardeners: int = 1
    roles: Shift | None = None
    with_roles: int = 0

    @property
    def shared(self) -> bool:
        """Leadership is shared: several gardeners, or roles moving to members."""
        return self.gardeners > 1 or (self.roles is not None and self.roles.moving)


def gather_gardener(ctx: Context) -> GardenerFacts:
    window = ctx.held_since(th.PARTICIPATION_WINDOW_DAYS)
    tending = {m.id for m in ctx.gardeners}
    newcomers = [m for m in ctx.members if m.joined > ctx.since(th.RECENT_DAYS)]
    came = {a for m in ctx.held_since(th.RECENT_DAYS) for a in m.attendees}
    return GardenerFacts(
        named=bool(ctx.data.community.gardeners),
        on_record=bool(tending),
        window=len(window),
        covered=sum(1 for m in window if _covered(m, tending)),
        newcomers=len(newcomers),
        welcomed=sum(1 for m in newcomers if m.id in came),
        latest=day(max(m.joined for m in newcomers)) if newcomers else None,
        members=len(ctx.members),
        stage=ctx.stage,
        closing=ctx.closing,
        gardeners=len(ctx.data.community.gardeners),
        roles=ctx.role_shift,
        with_roles=sum(1 for m in window if m.roles),
    )


def _covered(meeting: Meeting, tending: set[str]) -> bool:
    """The gardening role was covered: a gardener came, or someone chaired or welcomed (the
    role shared with members is still the role covered)."""
    return bool(tending & set(meeting.attendees)) or any(
        r.role in ("chair", "welcome") for r in meeting.roles
    )


def rule(facts: GardenerFacts) -> Rule:
    """The gardening rule as named clauses: named and covered at some meeting for growing;
    covered at most meetings, newcomers, and few enough members per gardener for thriving."""
    per = th.MEMBERS_PER_GARDENER * max(facts.gardeners, 1)
    covered = f"{facts.covered} of {count(facts.window, 'meeting')}"
    growing = (
        Clause("named", facts.named, "the gardening role is named", "naming the gardening role"),
        Clause(
            "uncovered",
            not (facts.on_record and facts.window and not facts.covered),
            f"the role was covered (a gardener came, or someone chaired or welcomed) at one or "
            f"more of the meetings of {WINDOW}",
            f"the role covered at one of the next meetings (none of the {facts.window})",
        ),
    )
    needed = at_least(th.GARDENER_ATTENDANCE, facts.window)
    thriving = (
        Clause(
            "seen",
            facts.on_record and bool(facts.window),
            f"a gardener is among the members and a meeting was held in {WINDOW}",
            "the gardener recorded as a member (by email or name), with a meeting held"
            if not facts.on_record
            else f"a meeting held in {WINDOW}",
        ),
        Clause(
            "covered",
            not facts.window or facts.covered / facts.window >= th.GARDENER_ATTENDANCE,
            f"the role was covered at {percent(th.GARDENER_ATTENDANCE)} of those meetings or more",
            f"the role covered at {needed} of the {facts.window} meetings (now {covered})",
        ),
        Clause(
            "newcomers",
            bool(facts.newcomers) or facts.stage is Stage.STEWARDSHIP or facts.closing,
            f"a newcomer joined in {HALF} (not asked of a community in stewardship or at its "
            "planned end)",
            f"a newcomer joining (none in {HALF})",
        ),
        Clause(
            "span",
            facts.members <= per,
            f"there are no more than {th.MEMBERS_PER_GARDENER} members for each person in the "
            "gardening role",
            f"someone more sharing the gardening role ({facts.members} members for "
            f"{count(facts.gardeners, 'person', 'people')})",
        ),
    )
    return Rule(
        Signal.ATTENTION,
        ((Signal.GROWING, growing), (Signal.THRIVING, thriving)),
        f"Roles taken by members at the later half of the meetings against the earlier half "
        f"(once {th.SHIFT_MEETINGS} meetings recorded them; a rise of "
        f"{percent(th.ROLES_SHIFT)}) show the community working more independently "
        f"({th.GRAY_2008}; {th.HERSEY_BLANCHARD}).",
    )


def decide_gardener(facts: GardenerFacts) -> tuple[Signal, str]:
    found = rule(facts)
    if found.signal is Signal.ATTENTION:
        return Signal.ATTENTION, "unnamed" if not facts.named else "uncovered"
    if found.signal is Signal.GROWING:
        return Signal.GROWING, "support"
    return Signal.THRIVING, "shared" if facts.shared else "tended"


GARDENER_PROMPTS = {
    "unnamed": "Every community needs someone to tend it. Who could take the gardening role, "
    "or share it, and what time would they need?",
    "uncovered": "The gardening role has not been at meetings lately. Could someone cover it "
    "for a while, or could the role be shared?",
    "support": "What support would help the gardening role welcome newcomers and keep the "
    "thread between meetings?",
    "tended": "The community is well tended. Who might share the gardening, so it does not "
    "rest on one caseload?",
    "shared": "The gardening is shared and members take the meeting roles. As the community "
    "works more independently, is the role now supporting and delegating rather than "
    "directing?",
    "closing": "As the series ends, who will keep the thread for members who want to carry "
    "on, and how will they find each other?",
}


def _gardener_evidence(facts: GardenerFacts) -> list[str]:
    if not facts.named:
        return [
            "No gardener named (`copkit community edit --gardener NAME --gardener-email EMAIL`)"
        ]
    if not facts.on_record:
        lines = [
            "The gardening role is named, but not among the member records, so whether it was "
            "covered at meetings cannot be seen"
        ]
    elif facts.window == 1:  # not covered there: said below, as at any number of meetings
        lines = [f"The gardening role was covered at the 1 meeting of {WINDOW}"]
        if not facts.covered:
            lines = []
    elif facts.window:
        lines = [
            f"The gardening role was covered at {facts.covered} of the "
            f"{count(facts.window, 'meeting')} of {WINDOW}"
        ]
    else:
        lines = [f"The gardening role is named; no meeting in {WINDOW}"]
    if facts.newcomers:
        lines.append(
            f"{count(facts.newcomers, 'newcomer')} joined in {HALF} (the latest on "
            f"{facts.latest}); {facts.welcomed} of them have come to a meeting"
        )
    else:
        lines.append(f"No newcomer joined in {HALF}")
    roles = count(facts.gardeners, "named gardening role", "people sharing the gardening role")
    lines.append(f"{count(facts.members, 'current member')} for {roles}")
    if facts.roles is not None:
        lines.append(shift_text(facts.roles, "took", "meeting roles"))
    elif facts.with_roles:
        at = "the 1 meeting" if facts.window == 1 else f"{facts.with_roles} of the meetings"
        lines.append(f"Meeting roles recorded at {at} of {WINDOW}")
    if facts.members > th.MEMBERS_PER_GARDENER * max(facts.gardeners, 1):
        lines.append("More members than the gardening role can welcome personally")
    if facts.on_record and facts.window and not facts.covered:
        lines.append(f"The gardening role was not covered at any meeting of {WINDOW}")
    return lines


def gardener(ctx: Context) -> Reading:
    """The gardening role named and covered at meetings; newcomers joining and welcomed."""
    facts = gather_gardener(ctx)
    signal, condition = decide_gardener(facts)
    if facts.closing and facts.named:
        condition = "closing"
    explained = (
        ("gardening role named", "yes" if facts.named else "no"),
        (f"meetings of {WINDOW} with the role covered", f"{facts.covered} of {facts.window}"),
        (f"newcomers in {HALF} / came to a meeting", f"{facts.newcomers} / {facts.welcomed}"),
        ("current members", str(facts.members)),
        ("people in the gardening role", str(facts.gardeners)),
        ("member roles, earlier / later meetings", halves_text(facts.roles)),
    )
    return Reading(
        signal, tuple(_gardener_evidence(facts)), GARDENER_PROMPTS[condition], explained,
        thresholds=("PARTICIPATION_WINDOW_DAYS", "GARDENER_ATTENDANCE", "RECENT_DAYS",
                    "MEMBERS_PER_GARDENER", "SHIFT_MEETINGS", "ROLES_SHIFT"),
        clauses=rule(facts),
    )  # fmt: skip
