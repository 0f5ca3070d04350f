"""Principles 1 and 5, read from the agenda: who proposes topics, and what they are about.

Organic evolution (1): topics increasingly proposed by members rather than the gardener, new
topics appearing, the purpose revisited. Domain (5): a domain and a member-benefit statement,
topics touching the domain or members' interests. Word-stem matching misses topics in members'
own words ("anti-racist practice" under a domain about supervision), so principle 5 never holds
a member-proposed topic that does not match against the community: the more members shape the
agenda the better principle 1 reads, and principle 5 must not read worse for it. Themes on
topics, given when a topic is recorded, come first (``_touches``): a topic carrying a theme of
the domain, or one of members' interests, touches it; a topic with themes but none of those does
not; only a topic without themes falls back on the stems.

Principle 1 also compares the earlier half of the meetings with the later half: is the agenda
moving from the gardeners to members (Gray, Parker & Immins 2008; the PSDP facilitators)?
"""

from __future__ import annotations

import datetime as dt

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
    number,
    share_text,
    shift_text,
)
from copkit.health.text import stems
from copkit.health.words import count, day, percent, the_last
from copkit.model import Topic

YEAR = the_last(th.YEAR_DAYS)
HALF = the_last(th.RECENT_DAYS)


def _known_proposer(topic: Topic) -> bool:
    """A topic whose proposer was recorded: the gardener, a member, or a forgotten member."""
    return topic.by_member or topic.proposed_by is not None


def _member_share(topics: list[Topic]) -> tuple[int, int]:
    recent = topics[-th.RECENT_TOPICS :]
    return sum(1 for t in recent if t.by_member), len(recent)


class AgendaFacts(msgspec.Struct, frozen=True):
    by_members: int
    total: int
    before: tuple[int, int] | None
    fresh: int
    discussed: int
    unknown: int
    last_known: dt.date | None
    recorded: int
    shift: Shift | None
    roles: Shift | None


def gather_agenda(ctx: Context) -> AgendaFacts:
    dated = [(m.start.date(), t) for m in ctx.held for t in m.topics]
    year_ago, half_ago = ctx.since(th.YEAR_DAYS), ctx.since(th.RECENT_DAYS)
    # Only a living agenda counts: topics of a community that stopped meeting are history.
    known = [t for d, t in dated if _known_proposer(t) and d > year_ago]
    earlier = [t for d, t in dated if d <= year_ago and _known_proposer(t)]
    recent_texts = {t.text.lower() for d, t in dated if d > half_ago}
    older_texts = {t.text.lower() for d, t in dated if d <= half_ago}
    older_known = [d for d, t in dated if _known_proposer(t)]
    by_members, total = _member_share(known)
    return AgendaFacts(
        by_members=by_members,
        total=total,
        before=_member_share(earlier) if earlier else None,
        fresh=len(recent_texts - older_texts),
        discussed=len(recent_texts),
        unknown=sum(1 for _, t in dated if not _known_proposer(t)),
        last_known=older_known[-1] if older_known else None,
        recorded=len(dated),
        shift=ctx.agenda_shift,
        roles=ctx.role_shift,
    )


def agenda_rule(facts: AgendaFacts, stage: Stage) -> Rule:
    """Organic evolution as named clauses: members' share of the agenda (or its rise) for
    growing; the stage's thriving share and a new topic for thriving."""
    by, total = facts.by_members, facts.total
    share = by / total if total else 0.0
    rise = False
    if facts.before is not None:
        rise = share - facts.before[0] / facts.before[1] >= th.MEMBER_TOPICS_RISE
    moving = facts.shift is not None and facts.shift.moving
    band = th.member_topic_share(stage)
    growing = (
        Clause(
            "members-share",
            share >= band.growing or rise or moving,
            f"members proposed {percent(band.growing)} or more of the last "
            f"{th.RECENT_TOPICS} topics with a known proposer in {YEAR} (at the {stage.value} "
            f"stage), or their share rose by {percent(th.MEMBER_TOPICS_RISE)} on a year "
            f"earlier, or by {percent(th.ROLES_SHIFT)} from the earlier half of the meetings "
            f"to the later half (read once {th.SHIFT_MEETINGS} meetings recorded proposers)",
            f"{at_least(band.growing, total)} of the last {total} topics proposed by members "
            f"(now {by})",
        ),
    )
    thriving = (
        Clause(
            "members-lead",
            share >= band.thriving,
            f"members proposed {percent(band.thriving)} or more of them",
            f"{at_least(band.thriving, total)} of the last {total} topics proposed by members "
            f"(now {by})",
        ),
        Clause("fresh", bool(facts.fresh), f"a new topic came up in {HALF}",
               f"a new topic (none in {HALF})"),
    )  # fmt: skip
    return Rule(
        Signal.ATTENTION,
        ((Signal.GROWING, growing), (Signal.THRIVING, thriving)),
        f"{th.GRAY_2008} ask whether the community is working more independently; in "
        f"{th.PSDP} the agenda moved from the leads to members.",
    )


def decide_agenda(facts: AgendaFacts, ctx: Context) -> Signal:
    if not facts.total:
        return Signal.NO_DATA
    return agenda_rule(facts, ctx.stage).signal


def purpose_line(ctx: Context) -> str:
    """The stated purpose revisited over time: recorded with `community edit`."""
    reviewed = ctx.data.community.purpose_reviewed
    if reviewed is None or reviewed > ctx.as_of:
        return (
            "No record of the community revisiting its purpose "
            "(note one with `copkit community edit --purpose-reviewed`)"
        )
    return f"The community last revisited its domain and purpose on {day(reviewed)}"


def _share_line(facts: AgendaFacts) -> str:
    line = f"{facts.by_members} of the last {facts.total} topics were proposed by members"
    if facts.before is None:
        return line
    before, before_total = facts.before
    share, old = facts.by_members / facts.total, before / before_total
    trend = "up from" if share > old else "down from" if share < old else "as"
    return line + f", {trend} {before} of {before_total} a year earlier"


def write_agenda(facts: AgendaFacts, ctx: Context) -> list[str]:
    if not facts.total:
        lines = [
            f"No topics with a proposer in {YEAR} (the last on {day(facts.last_known)})"
            if facts.last_known
            else "No topics with a proposer recorded yet"
        ]
    else:
        lines = [_share_line(facts)]
        if facts.discussed:
            lines.append(
                f"{count(facts.fresh, 'new topic')} in {HALF}"
                + (f" (of {facts.discussed} discussed)" if facts.fresh != facts.discussed else "")
            )
        else:
            lines.append(f"No topic discussed in {HALF}")
    if facts.shift is not None:
        lines.append(shift_text(facts.shift, "proposed", "topics"))
    if facts.roles is not None:
        lines.append(shift_text(facts.roles, "took", "meeting roles"))
    if facts.unknown:
        lines.append(f"{count(facts.unknown, 'topic')} recorded without a proposer")
    return [*lines, purpose_line(ctx)]


AGENDA_PROMPTS = {
    Signal.THRIVING: "Members are shaping the agenda. What could the gardener now hand over "
    "too: chairing, welcoming, choosing guests?",
    Signal.GROWING: "Who else could bring a question from their practice to the next "
    "meeting, and what would make that easy?",
    Signal.ATTENTION: "The agenda comes mostly from the gardener, so the exchange runs one "
    "way. What might change if members chose the next topics, even just one per meeting, so it "
    "runs both ways?",
    Signal.NO_DATA: "Record topics with who proposed them (`meeting record --topic ... "
    "--proposed-by ...`) to see how the agenda evolves.",
}
#: When members shape the agenda and already take the meeting roles, the prompt must not ask
#: what the gardener could hand over: it has been handed over.
HANDED_OVER_PROMPT = (
    "Members set the agenda and take the meeting roles: the community is working more "
    "independently. Is the gardening role now supporting rather than directing, and what does "
    "the community still need from it?"
)
AGENDA_GATE = "No data yet without a topic whose proposer was recorded in {year}."
AGENDA_NO_DATA = "Topics recorded with who proposed them would give a reading."


def organic_evolution(ctx: Context) -> Reading:
    """Topics increasingly proposed by members rather than the gardener; new topics appearing."""
    facts = gather_agenda(ctx)
    signal = decide_agenda(facts, ctx)
    band = th.member_topic_share(ctx.stage)
    share = facts.by_members / facts.total if facts.total else 0.0
    explained = (
        ("topics read", str(facts.total)),
        ("proposed by members", f"{facts.by_members} ({share_text(share)})"),
        (f"new topics in {HALF}", str(facts.fresh)),
        ("member topics, earlier / later meetings", halves_text(facts.shift)),
        ("member roles, earlier / later meetings", halves_text(facts.roles)),
        ("stage", ctx.stage.value),
    )
    prompt = AGENDA_PROMPTS[signal]
    if signal is Signal.THRIVING and facts.roles is not None and facts.roles.moving:
        prompt = HANDED_OVER_PROMPT
    return Reading(
        signal, tuple(write_agenda(facts, ctx)), prompt, explained,
        thresholds=("RECENT_TOPICS", "YEAR_DAYS", "RECENT_DAYS", *band.names,
                    "MEMBER_TOPICS_RISE", "ROLES_SHIFT", "SHIFT_MEETINGS"),
        change=AGENDA_NO_DATA if signal is Signal.NO_DATA else "",
        clauses=agenda_rule(facts, ctx.stage), gate=AGENDA_GATE.format(year=YEAR),
    )  # fmt: skip


class DomainFacts(msgspec.Struct, frozen=True):
    benefit: bool
    topics: int
    touching: int
    unmatched_by_members: int
    with_interests: int
    interests_met: int
    themed: int = 0
    on_domain_themes: int = 0

    @property
    def readable(self) -> int:
        """Topics word matching can read: those that match, and unmatched ones not proposed by
        members (a member's topic in their own words is not counted against the domain)."""
        return self.topics - self.unmatched_by_members

    @property
    def relevance(self) -> float | None:
        return self.touching / self.readable if self.readable else None


def _touches(topic: Topic, focus: set[str], themes: set[str]) -> bool | None:
    """Whether a topic touches the domain or members' interests.

    Its themes decide when it has any: one of the domain's themes or of members' interests
    (``themes``, casefolded) touches, others do not. Without themes the words are compared
    by stem with ``focus``; a topic they do not match returns None (cannot tell), which the
    reading leaves unread when a member proposed it.
    """
    if topic.themes:
        return any(t.casefold() in themes for t in topic.themes)
    return True if stems(topic.text) & focus else None


def gather_domain(ctx: Context) -> DomainFacts:
    community = ctx.data.community
    interests = {m.id: set().union(*(stems(i) for i in m.interests)) for m in ctx.members}
    focus = stems(community.domain) | stems(community.benefit)
    focus |= set().union(*interests.values()) if interests else set()
    for theme in community.themes:
        focus |= stems(theme)
    themes = {t.casefold() for t in community.themes}
    themes |= {i.casefold() for m in ctx.members for i in m.interests}
    year = [t for m in ctx.held_since(th.YEAR_DAYS) for t in m.topics]
    topics = year[-th.RECENT_TOPICS :]
    read = [(t, _touches(t, focus, themes)) for t in topics]
    year_stems = {s for t in year for s in stems(t.text)}
    year_themes = {theme.casefold() for t in year for theme in t.themes}
    with_interests = [mid for mid, found in interests.items() if found]
    by_id = {m.id: m for m in ctx.members}
    return DomainFacts(
        benefit=bool(community.benefit),
        topics=len(topics),
        touching=sum(1 for _, touches in read if touches),
        unmatched_by_members=sum(1 for t, touches in read if t.by_member and touches is None),
        with_interests=len(with_interests),
        interests_met=sum(
            1
            for mid in with_interests
            if interests[mid] & year_stems
            or {i.casefold() for i in by_id[mid].interests} & year_themes
        ),
        themed=sum(1 for t in topics if t.themes),
        on_domain_themes=sum(
            1 for t in topics if {x.casefold() for x in t.themes} & {
                d.casefold() for d in community.themes}
        ),
    )  # fmt: skip


def domain_rule(facts: DomainFacts) -> Rule:
    """The domain as named clauses: a benefit statement, and the readable topics close to
    the domain. Too few readable topics are not read at all: two topics the gardener proposed
    say little about a domain, so they never flag it; thriving waits for enough to read."""
    readable, touching = facts.readable, facts.touching
    few = readable < th.DOMAIN_TOPICS_TO_READ
    enough = max(readable, th.DOMAIN_TOPICS_TO_READ)
    relevance = facts.relevance or 0.0
    read_once = (
        f"read once {number(th.DOMAIN_TOPICS_TO_READ)} or more of the last {th.RECENT_TOPICS} "
        f"topics of {YEAR} can be read against it"
    )
    growing = (
        Clause(
            "benefit",
            facts.benefit,
            "a member-benefit statement is written down",
            "a member-benefit statement (`community edit --benefit`): what members take back "
            "to their work",
        ),
        Clause(
            "on-domain",
            few or relevance >= th.TOPIC_RELEVANCE_GROWING,
            f"{percent(th.TOPIC_RELEVANCE_GROWING)} or more of the readable topics touch the "
            f"domain or members' interests ({read_once})",
            f"{at_least(th.TOPIC_RELEVANCE_GROWING, readable)} of the {readable} readable topics "
            f"touching the domain or members' interests (now {touching})",
        ),
    )
    thriving = (
        Clause(
            "enough", not few,
            f"{number(th.DOMAIN_TOPICS_TO_READ)} or more of the recent topics can be read: "
            "they carry themes, or share words with the domain",
            f"{count(th.DOMAIN_TOPICS_TO_READ - readable, 'more topic')} that can be read "
            f"against the domain (now {readable} of {facts.topics}): themes on topics "
            "(`meeting record --theme`) let members' own words count; meanwhile, ask members "
            "whether the agenda serves what they came for",
        ),
        Clause(
            "close", not few and relevance >= th.TOPIC_RELEVANCE_THRIVING,
            f"{percent(th.TOPIC_RELEVANCE_THRIVING)} or more of them touch it",
            f"{at_least(th.TOPIC_RELEVANCE_THRIVING, enough)} of {enough} readable topics "
            f"touching the domain or members' interests (now {touching} of {readable})",
        ),
    )  # fmt: skip
    return Rule(
        Signal.ATTENTION,
        ((Signal.GROWING, growing), (Signal.THRIVING, thriving)),
        "A topic with themes touches when one is a theme of the domain or a member's "
        f"interest; one without, when it shares a word stem (the first {th.STEM_LETTERS} "
        f"letters of words of {th.STEM_SHORTEST_WORD} letters or more) with the domain, its "
        "themes, the benefit or members' interests. A member's topic without themes that does "
        "not match is left unread, never held against the community: stems miss members' own "
        "words.",
    )


def decide_domain(facts: DomainFacts) -> Signal:
    return domain_rule(facts).signal


def too_few(facts: DomainFacts) -> bool:
    """Topics were recorded, but too few can be read against the domain to tell."""
    return bool(facts.topics) and facts.readable < th.DOMAIN_TOPICS_TO_READ


def write_domain(facts: DomainFacts, ctx: Context) -> list[str]:
    community = ctx.data.community
    lines = [f"Domain: {community.domain}"]
    if community.benefit:
        lines.append(f"Benefit to members: {community.benefit}")
    else:
        lines.append("No member-benefit statement: what's in it for members is not written down")
    if not facts.topics:
        return [*lines, "No topics recorded yet to compare with the domain"]
    if community.themes:
        lines.append(f"Themes of the domain: {'; '.join(community.themes)}")
    if too_few(facts):
        lines.append(
            f"Only {facts.readable} of the last {count(facts.topics, 'topic')} can be read "
            "against the domain: too few to tell whether the agenda stays close to it"
        )
    elif facts.readable == facts.topics:
        lines.append(
            f"{facts.touching} of the last {facts.topics} topics touch the domain or members' "
            "interests"
        )
    else:
        lines.append(
            f"{facts.touching} of the {facts.readable} topics that can be read, of the last "
            f"{facts.topics}, touch the domain or members' interests"
        )
    if facts.themed:
        lines.append(
            f"{facts.themed} of them carry themes; {facts.on_domain_themes} a theme of the domain"
        )
    if facts.unmatched_by_members:
        lines.append(
            f"{count(facts.unmatched_by_members, 'topic')} proposed by members in their own "
            "words and without themes: word matching cannot tell whether they touch the domain, "
            "so they are not counted against it (`meeting record --theme` gives topics themes)"
        )
    if facts.with_interests:
        lines.append(
            f"{facts.interests_met} of {count(facts.with_interests, 'member')} who listed "
            f"interests saw one of them on the agenda in {YEAR}"
        )
    return lines


DOMAIN_PROMPTS = {
    Signal.THRIVING: "The agenda stays close to what members care about. When did the "
    "community last revisit its domain together?",
    Signal.GROWING: "What's in it for members? Ask a few what they took back to their work "
    "from the last meeting.",
    Signal.ATTENTION: "Is the domain still what members come for? A short conversation "
    "about purpose and benefit could refocus the next few meetings.",
}
NO_BENEFIT_PROMPT = (
    "What's in it for members is not written down yet. What would members say they take back "
    "to their work, and could that become the community's benefit statement?"
)
TOO_FEW_PROMPT = (
    "Too few of the recent topics can be read against the domain to tell how close the agenda "
    "stays to it. Ask a few members: does the agenda serve what they came for, and what would "
    "they put on it?"
)


def domain(ctx: Context) -> Reading:
    """A domain and a member-benefit statement exist; topics relate to the domain and to
    members' interests, read leniently where word matching cannot tell."""
    facts = gather_domain(ctx)
    signal = decide_domain(facts)
    prompt = NO_BENEFIT_PROMPT if not facts.benefit else DOMAIN_PROMPTS[signal]
    if facts.benefit and too_few(facts):
        prompt = TOO_FEW_PROMPT
    relevance = facts.relevance
    explained = (
        ("benefit statement", "yes" if facts.benefit else "no"),
        ("topics read", str(facts.topics)),
        ("touching the domain or interests", str(facts.touching)),
        ("carrying themes / a theme of the domain", f"{facts.themed} / {facts.on_domain_themes}"),
        ("member topics left unread", str(facts.unmatched_by_members)),
        ("share of readable topics", "-" if relevance is None else share_text(relevance)),
    )
    return Reading(
        signal, tuple(write_domain(facts, ctx)), prompt, explained,
        thresholds=("RECENT_TOPICS", "YEAR_DAYS", "STEM_LETTERS", "STEM_SHORTEST_WORD",
                    "DOMAIN_TOPICS_TO_READ", "TOPIC_RELEVANCE_THRIVING",
                    "TOPIC_RELEVANCE_GROWING"),
        clauses=domain_rule(facts),
    )  # fmt: skip
