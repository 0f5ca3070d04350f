"""Principle 2: who is talking with whom.

Members from several organisations and roles, external members, guests, and whether
conversation between meetings flows one way (the gardeners post, members read) or both ways
(:class:`Flow`): the Social Care Wales mapping found "limited one-way communication" and little
interaction between meetings, which is what this reading looks for. It stands alone (it was
half of ``health/people.py`` with the gardener reading) because it is the one reading that
reads the threads between meetings; it shares only :func:`copkit.health.gardening.gardener_ids`
with the gardening role. The reading speaks of the role, never the person: no member's name
appears in its evidence.

Spaces have a purpose (:attr:`copkit.model.Space.purpose`): dialogue is read where members are
meant to talk (discussion spaces, and any chat in a meetings space), never in an announcements
channel, which is one way on purpose and is read by its reach instead (:class:`Reach`: how many
members reacted or replied). A space retired by the day read is left out; before that day it
still counts. With conversation in more than one space, each space's flow is shown, as the
ecosystem map draws it. A community whose only channel is a coordinator's bulletin still reads
one-way: a bulletin left in a discussion space is a conversation nobody answered.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.health import thresholds as th
from copkit.health.findings import Signal
from copkit.health.gardening import gardener_ids
from copkit.health.reading import (
    Clause,
    Context,
    Reading,
    Rule,
    number,
    share_text,
)
from copkit.health.words import count, percent, the_last
from copkit.model import Space
from copkit.records import CommunityData

HALF = the_last(th.RECENT_DAYS)


class Flow(msgspec.Struct, frozen=True):
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


def flow(
    data: CommunityData,
    start: dt.date,
    end: dt.date,
    gardeners: set[str],
    spaces: frozenset[str] | None = None,
) -> Flow | None:
    """Conversation between meetings with ``start < day <= end``, in every space or only in
    ``spaces`` (ids); None when nobody posted."""
    log = data.conversation
    if log is None or log.empty:
        return None
    if spaces is not None:  # some spaces only: the same packed windows, over their months
        log = log.in_spaces(spaces)
        if log.empty:
            return None
    activity = log.talk(start, end, days=False)[0]
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
    answering: dict[tuple[str, ...], set[str]] = {}  # repliers -> the members among them
    for starter, repliers, times in log.thread_shapes(start, end):
        voice = starter in gardeners if gardeners else starter is not None
        if voice:
            among = answering.get(repliers)
            if among is None:
                among = answering[repliers] = {who for who in repliers if who in members}
            if len(among) > 1 or (among and starter not in among):
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


class Reach(msgspec.Struct, frozen=True):
    """An announcements space over a window: news sent out one way on purpose, and how many
    members (not the gardening role) reacted to it or replied (counts only, no names)."""

    name: str
    posts: int
    reactions: int
    replies: int
    members: int


def reach(
    data: CommunityData, space: Space, start: dt.date, end: dt.date, gardeners: set[str]
) -> Reach | None:
    """What an announcements space reached with ``start < day <= end``; None when silent."""
    log = data.conversation
    if log is None or log.empty:
        return None
    activity = log.in_spaces(frozenset({space.id})).talk(start, end, days=False)[0]
    if not activity:
        return None
    members = {m.id for m in data.members}
    return Reach(
        space.name,
        sum(c.posts for c in activity.values()),
        sum(c.reactions for c in activity.values()),
        sum(c.replies for c in activity.values()),
        sum(
            1
            for who, c in activity.items()
            if who in members and who not in gardeners and (c.reactions or c.replies)
        ),
    )


class SpaceFlow(msgspec.Struct, frozen=True):
    """One discussion space's flow, shown beside the others' as the ecosystem map draws it."""

    name: str
    flow: Flow


class DialogueFacts(msgspec.Struct, frozen=True):
    members: int
    orgs: int
    roles: int
    external: int
    recent: int
    with_guests: int
    guests: int
    flow: Flow | None = None
    #: Announcements spaces written in over the window, by their reach.
    reach: tuple[Reach, ...] = ()
    #: Each discussion space's flow, when more than one was written in.
    per_space: tuple[SpaceFlow, ...] = ()
    #: Whether members have a place to talk between meetings (a discussion space in use).
    discussion: bool = True

    @property
    def bulletin_only(self) -> bool:
        """News goes out between meetings and there is no place where members talk: what the
        Wales mapping found wanting (one way by design is fine beside a place to talk)."""
        return bool(self.reach) and self.flow is None and not self.discussion

    @property
    def outside(self) -> bool:
        """An outside voice: an external member, or guests at a recent meeting."""
        return bool(self.external or self.with_guests)

    @property
    def one_way(self) -> bool:
        """Conversation between meetings flows one way, or news goes out with no place where
        members talk: what the Wales mapping found wanting."""
        return self.bulletin_only or (self.flow is not None and self.flow.way == "one-way")


def _conversation(ctx: Context) -> tuple[Flow | None, tuple[Reach, ...], tuple[SpaceFlow, ...]]:
    """Dialogue from the spaces meant for it, the announcements spaces by their reach, and
    each discussion space's own flow when there are several."""
    data, start, end = ctx.data, ctx.since(th.RECENT_DAYS), ctx.as_of
    gardeners = gardener_ids(data)
    log = data.conversation
    written = set() if log is None or log.empty else set(log.by_space(start, end))
    used = [s for s in data.spaces if s.in_use(end) and s.id in written]
    talking = [s for s in used if not s.announces]
    announcing = [s for s in used if s.announces]
    if len(talking) == len(written):  # every space written in is for talk: the packed path
        found = flow(data, start, end, gardeners)
    else:
        found = flow(data, start, end, gardeners, frozenset(s.id for s in talking))
    reached = tuple(
        r for s in announcing if (r := reach(data, s, start, end, gardeners)) is not None
    )
    per_space: tuple[SpaceFlow, ...] = ()
    if len(talking) > 1:
        per_space = tuple(
            SpaceFlow(s.name, f)
            for s in talking
            if (f := flow(data, start, end, gardeners, frozenset({s.id}))) is not None
        )
    return found, reached, per_space


def gather_dialogue(ctx: Context) -> DialogueFacts:
    members = ctx.members
    recent = ctx.held_since(th.RECENT_DAYS)
    with_guests = [m for m in recent if m.guests]
    found, reached, per_space = _conversation(ctx)
    discussion = any(s.purpose == "discussion" and s.in_use(ctx.as_of) for s in ctx.data.spaces)
    return DialogueFacts(
        members=len(members),
        orgs=len({m.org for m in members if m.org}),
        roles=len({m.role.lower() for m in members if m.role}),
        external=sum(1 for m in members if m.external),
        recent=len(recent),
        with_guests=len(with_guests),
        guests=len({g.lower() for m in with_guests for g in m.guests}),
        flow=found,
        reach=reached,
        per_space=per_space,
        discussion=discussion,
    )


def rule(facts: DialogueFacts) -> Rule:
    """The dialogue rule as named clauses: several organisations or an outside voice, and
    talk between meetings that is not one-way, for growing; more organisations, an outside
    voice and no one-way talk for thriving. One-way talk lowers the reading a step, so with
    many voices in the room it keeps it from thriving only (the first step's ``one-way``)."""
    orgs, outside = facts.orgs, facts.outside
    many = orgs >= th.ORGANISATIONS_THRIVING and outside
    growing_orgs, thriving_orgs = (
        number(th.ORGANISATIONS_GROWING),
        number(th.ORGANISATIONS_THRIVING),
    )
    voice = f"an outside voice (an external member, or guests at a meeting in {HALF})"
    two_way = (
        "the conversation between meetings is not one-way, and news does not go out with no "
        "place where members talk"
    )
    heard = _heard(facts)
    growing = (
        Clause(
            "voices",
            orgs >= th.ORGANISATIONS_GROWING or outside,
            f"members come from {growing_orgs} organisations or more, or there is {voice}",
            _more_orgs(orgs, th.ORGANISATIONS_GROWING) + f", or {voice}",
        ),
        Clause(
            "one-way",
            not facts.one_way or many,
            f"{two_way} (with members from {thriving_orgs} organisations or more and an "
            "outside voice, one-way talk keeps the reading from thriving only)",
            heard,
        ),
    )
    thriving = (
        Clause(
            "organisations",
            orgs >= th.ORGANISATIONS_THRIVING,
            f"members come from {thriving_orgs} organisations or more",
            _more_orgs(orgs, th.ORGANISATIONS_THRIVING),
        ),
        Clause("outside", outside, f"there is {voice}", f"{voice} (none now)"),
        Clause("two-way", not facts.one_way, two_way, heard),
    )
    note = (
        f"Conversation between meetings in {HALF} is read in the spaces meant for discussion "
        f"once {th.CONVERSATION_POSTS_TO_READ} posts were written there: two-way when members "
        f"answered {percent(th.TWO_WAY_ANSWERED)} of the gardening role's threads or wrote "
        f"{percent(th.TWO_WAY_MEMBER_POSTS)} of the posts, one-way when they answered fewer "
        f"than {percent(th.ONE_WAY_ANSWERED)} and wrote fewer than "
        f"{percent(th.ONE_WAY_MEMBER_POSTS)}. An announcements space is one way by design and is "
        "read by its reach (members who reacted or replied), never as a failed conversation; "
        f"{th.WALES} found one-way communication wanting."
    )
    return Rule(Signal.ATTENTION, ((Signal.GROWING, growing), (Signal.THRIVING, thriving)), note)


def _more_orgs(orgs: int, wanted: int) -> str:
    """What it would take to have members from ``wanted`` organisations, from ``orgs``."""
    if not orgs:
        return (
            f"members' organisations recorded (`member edit --org`), {number(wanted)} or more "
            "of them (none recorded yet)"
        )
    more = max(wanted - orgs, 1)
    return f"members from {count(more, 'more organisation')} (now {count(orgs, 'organisation')})"


def _heard(facts: DialogueFacts) -> str:
    """What would make the talk between meetings more than one-way, from these facts."""
    if facts.bulletin_only:
        return (
            "a space for discussion where members talk between meetings (`copkit space add NAME "
            "--purpose discussion`), with members writing there"
        )
    found = facts.flow
    if found is None:
        return "members answering threads between meetings, or starting their own"
    started = found.gardener_posts if found.gardeners else found.posts
    whose = "the gardening role's threads" if found.gardeners else "the threads posted"
    return (
        f"members answering {whose}, or starting their own (they answered {found.answered} of "
        f"{count(started, 'thread')} in {HALF})"
    )


def decide_dialogue(facts: DialogueFacts) -> tuple[Signal, str]:
    """The signal, decided from the rule, and the condition its prompt must speak to."""
    if not facts.members:
        return Signal.NO_DATA, "no-members"
    signal = rule(facts).signal
    if facts.one_way:
        return signal, "bulletin" if facts.bulletin_only else "one-way"
    if signal is Signal.THRIVING:
        return signal, "many"
    if signal is Signal.GROWING:
        return signal, "some"
    return signal, "one" if facts.orgs else "unknown"


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
    "bulletin": "Between meetings news goes out and members have no place to answer. Where "
    "could members talk with each other between meetings: a channel, a list, a thread after "
    "each bulletin?",
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
            f"{found.crossing} of {count(found.pairs, 'reply')} between members "
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
    lines += [_space_line(each) for each in facts.per_space]
    lines += [_reach_line(each) for each in facts.reach]
    if facts.bulletin_only:
        lines.append(
            "No place where members talk between meetings: the only channel is for "
            "announcements, so news goes out one way"
        )
    return lines


def _space_line(each: SpaceFlow) -> str:
    """One discussion space's flow, as the ecosystem map draws it."""
    found = each.flow
    way = found.way or "too few posts to tell which way"
    started = found.gardener_posts if found.gardeners else found.posts
    answered = f"members answered {found.answered} of {count(started, 'thread')}" if started else ""
    return f"In {each.name} ({count(found.posts, 'post')}): {way}" + (
        f", {answered}" if answered else ""
    )


def _reach_line(each: Reach) -> str:
    """An announcements space by its reach: one way on purpose, never a failed conversation."""
    answers = count(each.reactions, "reaction")
    if each.replies:
        answers += f" and {count(each.replies, 'reply')}"
    return (
        f"{each.name} is for announcements, one way by design: {count(each.posts, 'post')} in "
        f"{HALF} reached {count(each.members, 'member')} who reacted or replied ({answers})"
    )


def _reach_facts(facts: DialogueFacts) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"announcements in {r.name}: posts / members who reacted or replied",
         f"{r.posts} / {r.members}")
        for r in facts.reach
    )  # fmt: skip


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


GATE = "No data yet without a member recorded."
NO_DATA_CHANGE = "Members recorded with their organisation would give a reading."


def dialogue(ctx: Context) -> Reading:
    """Members from several organisations and roles; external members; guests at meetings."""
    facts = gather_dialogue(ctx)
    signal, condition = decide_dialogue(facts)
    explained = (
        ("organisations", str(facts.orgs)),
        ("external members", str(facts.external)),
        (f"meetings with guests in {HALF}", f"{facts.with_guests} of {facts.recent}"),
        *_flow_facts(facts.flow),
        *_reach_facts(facts),
    )
    return Reading(
        signal, tuple(_dialogue_evidence(facts)), DIALOGUE_PROMPTS[condition], explained,
        thresholds=("ORGANISATIONS_THRIVING", "ORGANISATIONS_GROWING", "RECENT_DAYS",
                    "CONVERSATION_POSTS_TO_READ", "TWO_WAY_ANSWERED", "TWO_WAY_MEMBER_POSTS",
                    "ONE_WAY_ANSWERED", "ONE_WAY_MEMBER_POSTS"),
        change=NO_DATA_CHANGE if signal is Signal.NO_DATA else "",
        clauses=rule(facts), gate=GATE,
    )  # fmt: skip
