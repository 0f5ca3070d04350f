"""Principles 2 and 8: who is talking with whom, and the gardening role.

Dialogue (2): members from several organisations and roles, external members, guests, and
whether conversation between meetings flows one way (the gardeners post, members read) or both
ways (:class:`Flow`): the Social Care Wales mapping found "limited one-way communication" and
little interaction between meetings, which is what this part of the reading looks for. Gardener
(8): the gardening role named (one person or several) and covered at meetings, newcomers joining
and welcomed, and the meeting roles (chairing, hosting, welcoming, notes) moving from the
gardeners to members as the community matures. The readings speak of the role, never the person:
no member's name appears in their evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from copkit import participation
from copkit.health import thresholds as th
from copkit.health.findings import Signal, Stage
from copkit.health.reading import (
    Context,
    Reading,
    Shift,
    halves_text,
    share_text,
    shift_text,
)
from copkit.health.words import count, day, percent, the_last
from copkit.model import Meeting
from copkit.records import CommunityData

HALF = the_last(th.RECENT_DAYS)
WINDOW = the_last(th.PARTICIPATION_WINDOW_DAYS)


@dataclass(frozen=True)
class Flow:
    """Which way conversation between meetings flowed over a window (counts only, no names).

    ``gardener_posts``: threads the gardening role started; ``answered``: those a member other
    than the starter replied to; ``member_posts``: threads started by members who are not
    gardeners; ``pairs``/``crossing``: replies between two members whose organisations are both
    known, and those where the organisations differ. With no gardener among the member records,
    every thread counts as the voice that may or may not be answered (``gardeners`` is False).
    """

    posts: int
    gardeners: bool
    gardener_posts: int
    member_posts: int
    answered: int
    pairs: int
    crossing: int

    @property
    def answered_share(self) -> float | None:
        voice = self.gardener_posts if self.gardeners else self.posts
        return self.answered / voice if voice else None

    @property
    def member_share(self) -> float | None:
        written = self.gardener_posts + self.member_posts
        return self.member_posts / written if self.gardeners and written else None

    @property
    def way(self) -> str | None:
        """``one-way``, ``two-way`` or ``partly two-way``; None with too few posts to say."""
        if self.posts < th.CONVERSATION_POSTS_TO_READ:
            return None
        answered, members = self.answered_share, self.member_share
        if (answered is not None and answered >= th.TWO_WAY_ANSWERED) or (
            members is not None and members >= th.TWO_WAY_MEMBER_POSTS
        ):
            return "two-way"
        if (answered is None or answered < th.ONE_WAY_ANSWERED) and (
            members is None or members < th.ONE_WAY_MEMBER_POSTS
        ):
            return "one-way"
        return "partly two-way"


def gardener_ids(data: CommunityData) -> set[str]:
    """The member ids of everyone in the gardening role."""
    return {m.id for m in data.members if data.community.tended_by(m)}


def flow(data: CommunityData, start: dt.date, end: dt.date, gardeners: set[str]) -> Flow | None:
    """Conversation between meetings with ``start < day <= end``; None when nobody posted."""
    log = data.conversation
    if log is None or log.empty:
        return None
    activity = participation.talk_between(data, start, end, days=False).counts
    posts = sum(c.posts for c in activity.values())
    if not posts:
        return None
    members = {m.id: m for m in data.members}
    gardener_posts = sum(c.posts for who, c in activity.items() if who in gardeners)
    member_posts = sum(
        c.posts for who, c in activity.items() if who in members and who not in gardeners
    )
    answered = pairs = crossing = 0
    # Threads reduced to who started them and who replied, counted: thousands of threads in a
    # half-year, far fewer shapes (issue 11, "Speed and size"). Orgs are read here, from the
    # member records as they stand, never stored with the conversation.
    orgs = {m.id: m.org.casefold() for m in data.members if m.org}
    for starter, repliers, times in log.thread_shapes(start, end):
        voice = starter in gardeners if gardeners else starter is not None
        if voice and any(who != starter and who in members for who in repliers):
            answered += times
        home = orgs.get(starter or "")
        if home is None:
            continue
        for who in repliers:
            org = orgs.get(who)
            if org is not None and who != starter:
                pairs += times
                crossing += times * (org != home)
    return Flow(posts, bool(gardeners), gardener_posts, member_posts, answered, pairs, crossing)


@dataclass(frozen=True)
class DialogueFacts:
    members: int
    orgs: int
    roles: int
    external: int
    recent: int
    with_guests: int
    guests: int
    flow: Flow | None = None


def gather_dialogue(ctx: Context) -> DialogueFacts:
    members = ctx.members
    recent = ctx.held_since(th.RECENT_DAYS)
    with_guests = [m for m in recent if m.guests]
    return DialogueFacts(
        members=len(members),
        orgs=len({m.org for m in members if m.org}),
        roles=len({m.role.lower() for m in members if m.role}),
        external=sum(1 for m in members if m.external),
        recent=len(recent),
        with_guests=len(with_guests),
        guests=len({g.lower() for m in with_guests for g in m.guests}),
        flow=flow(ctx.data, ctx.since(th.RECENT_DAYS), ctx.as_of, gardener_ids(ctx.data)),
    )


def decide_dialogue(facts: DialogueFacts) -> tuple[Signal, str]:
    if not facts.members:
        return Signal.NO_DATA, "no-members"
    outside = bool(facts.external or facts.with_guests)
    if facts.orgs >= th.ORGANISATIONS_THRIVING and outside:
        signal, condition = Signal.THRIVING, "many"
    elif facts.orgs >= th.ORGANISATIONS_GROWING or outside:
        signal, condition = Signal.GROWING, "some"
    else:
        signal, condition = Signal.ATTENTION, "one" if facts.orgs else "unknown"
    if facts.flow is not None and facts.flow.way == "one-way":
        # One-way communication is what the Wales mapping found wanting: a step lower.
        lower = Signal.GROWING if signal is Signal.THRIVING else Signal.ATTENTION
        return lower, "one-way"
    return signal, condition


DIALOGUE_PROMPTS = {
    "no-members": "Add members with their organisation and role to see who is talking with whom.",
    "many": "Many voices are in the room. Whose perspective is still missing: families, "
    "another profession, research?",
    "some": "Who outside the community could bring a fresh view to a question members are "
    "stuck on?",
    "one": "Everyone shares one vantage point. Which neighbouring organisation or profession "
    "could you invite, as a guest or a member?",
    "unknown": "Where do members work? Recording their organisations (`member edit --org`) "
    "shows which perspectives are in the room and which are missing.",
    "one-way": "Between meetings the conversation flows one way: the gardening role posts and "
    "few answer. What question could invite members to reply, or to start a thread of their "
    "own?",
}


def _flow_lines(found: Flow) -> list[str]:
    lines = []
    voice = "the gardening role" if found.gardeners else "anyone"
    started = found.gardener_posts if found.gardeners else found.posts
    if started:
        lines.append(
            f"Between meetings in {HALF}: members answered {found.answered} of the "
            f"{count(started, 'thread')} {voice} started"
        )
    if found.member_share is not None:
        lines.append(
            f"{percent(found.member_share)} of posts were written by members rather than the "
            "gardening role"
        )
    if found.pairs:
        lines.append(
            f"{found.crossing} of {count(found.pairs, 'reply', 'replies')} between members "
            "crossed organisations"
        )
    if found.way is not None:
        lines.append(f"The conversation between meetings reads as {found.way}")
    else:
        lines.append(
            f"{count(found.posts, 'post')} between meetings in {HALF}: too few to tell which "
            "way the conversation flows"
        )
    return lines


def _dialogue_evidence(facts: DialogueFacts) -> list[str]:
    if not facts.members:
        return ["No members recorded yet"]
    lines = [
        f"Members come from {count(facts.orgs, 'organisation')}"
        + (f" and {count(facts.roles, 'role')}" if facts.roles else "")
        if facts.orgs
        else "No organisation recorded for any member"
    ]
    if facts.external:
        lines.append(f"{count(facts.external, 'member is', 'members are')} external")
    if facts.with_guests:
        lines.append(
            f"{facts.with_guests} of {count(facts.recent, 'meeting')} in {HALF} had "
            f"external guests ({count(facts.guests, 'guest')} in all)"
        )
    elif facts.recent:
        lines.append(f"No external guest at the {count(facts.recent, 'meeting')} of {HALF}")
    if facts.flow is not None:
        lines += _flow_lines(facts.flow)
    return lines


def _flow_facts(found: Flow | None) -> tuple[tuple[str, str], ...]:
    if found is None:
        return (("conversation between meetings", "none recorded"),)
    started = found.gardener_posts if found.gardeners else found.posts
    member_share = found.member_share
    return (
        ("conversation between meetings", found.way or "too few posts to tell"),
        ("threads answered by members", f"{found.answered} of {started}"),
        (
            "posts by members rather than the gardening role",
            "-" if member_share is None else share_text(member_share),
        ),
        ("replies between members across organisations", f"{found.crossing} of {found.pairs}"),
    )


def dialogue(ctx: Context) -> Reading:
    """Members from several organisations and roles; external members; guests at meetings."""
    facts = gather_dialogue(ctx)
    signal, condition = decide_dialogue(facts)
    explained = (
        ("organisations", str(facts.orgs)),
        ("external members", str(facts.external)),
        (f"meetings with guests in {HALF}", f"{facts.with_guests} of {facts.recent}"),
        *_flow_facts(facts.flow),
    )
    rule = (
        "Thriving with members from ORGANISATIONS_THRIVING organisations or more and an outside "
        "voice (an external member, or guests within RECENT_DAYS); growing with "
        "ORGANISATIONS_GROWING organisations or an outside voice; worth a conversation otherwise. "
        "Conversation between meetings over RECENT_DAYS, once CONVERSATION_POSTS_TO_READ posts "
        "were written, is two-way when members answered TWO_WAY_ANSWERED of the gardening "
        "role's threads or wrote TWO_WAY_MEMBER_POSTS of the posts, one-way when they answered "
        "fewer than ONE_WAY_ANSWERED and wrote fewer than ONE_WAY_MEMBER_POSTS; one-way "
        "conversation lowers the reading a step."
    )
    change = {
        Signal.THRIVING: "Losing the outside voices, or members from all but one organisation, "
        "would lower it.",
        Signal.GROWING: "Members from more organisations, with a guest or external member, "
        "would make it thriving.",
        Signal.ATTENTION: "A member from another organisation, or a guest, would lift it.",
        Signal.NO_DATA: "Members recorded with their organisation would give a reading.",
    }
    if condition == "one-way":
        change[signal] = (
            "Members answering the gardening role's threads, or starting their own, would lift it."
        )
    return Reading(
        signal, tuple(_dialogue_evidence(facts)), DIALOGUE_PROMPTS[condition], explained, rule,
        ("ORGANISATIONS_THRIVING", "ORGANISATIONS_GROWING", "RECENT_DAYS",
         "CONVERSATION_POSTS_TO_READ", "TWO_WAY_ANSWERED", "TWO_WAY_MEMBER_POSTS",
         "ONE_WAY_ANSWERED", "ONE_WAY_MEMBER_POSTS"), change[signal],
    )  # fmt: skip


@dataclass(frozen=True)
class GardenerFacts:
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


def decide_gardener(facts: GardenerFacts) -> tuple[Signal, str]:
    if not facts.named:
        return Signal.ATTENTION, "unnamed"
    if facts.on_record and facts.window and not facts.covered:
        return Signal.ATTENTION, "uncovered"
    wobbles = [
        not facts.on_record or not facts.window,
        bool(facts.window) and facts.covered / facts.window < th.GARDENER_ATTENDANCE,
        not facts.newcomers and facts.stage is not Stage.STEWARDSHIP and not facts.closing,
        facts.members > th.MEMBERS_PER_GARDENER * max(facts.gardeners, 1),
    ]
    if any(wobbles):
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
        lines.append(f"Meeting roles recorded at {facts.with_roles} of the meetings of {WINDOW}")
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
    rule = (
        "Worth a conversation when no gardener is named, or the role was covered (a gardener "
        "came, or someone chaired or welcomed) at none of the meetings of "
        "PARTICIPATION_WINDOW_DAYS; thriving when it was covered at GARDENER_ATTENDANCE of them "
        "or more, newcomers joined within RECENT_DAYS (not needed in stewardship or at a "
        "planned ending) and there are no more than MEMBERS_PER_GARDENER members per gardener; "
        "growing otherwise. Roles taken by members at the later half of the meetings against "
        "the earlier half (from SHIFT_MEETINGS meetings, a rise of ROLES_SHIFT) show the "
        "community working more independently (Gray, Parker & Immins 2008; Hersey & Blanchard)."
    )
    change = {
        Signal.THRIVING: f"The role going uncovered, or no newcomers in {HALF}, would lower it.",
        Signal.GROWING: "The role covered at most meetings, with newcomers welcomed, would make "
        "it thriving.",
        Signal.ATTENTION: "Naming the role, or covering it at the next meetings, would lift it.",
    }
    return Reading(
        signal, tuple(_gardener_evidence(facts)), GARDENER_PROMPTS[condition], explained, rule,
        ("PARTICIPATION_WINDOW_DAYS", "GARDENER_ATTENDANCE", "RECENT_DAYS",
         "MEMBERS_PER_GARDENER", "SHIFT_MEETINGS", "ROLES_SHIFT"), change[signal],
    )  # fmt: skip
