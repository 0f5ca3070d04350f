"""One function per design principle: what the records show, and a question worth asking.

Each function reads a :class:`Context` (the community cut at the as-of date, with its lifecycle
stage) and returns a :class:`Reading`: a signal, the evidence it rests on (numbers and dates),
and a reflective prompt. The evidence is the point; the signal only says where to look first.
"No data yet" is said whenever the records cannot support a reading, rather than guessing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from copkit import participation, records, text
from copkit.health import thresholds as th
from copkit.health.findings import Signal, Stage
from copkit.health.words import ago, count, day, percent
from copkit.model import ActivityKind, Level, Meeting, Member, Topic
from copkit.records import CommunityData
from copkit.rhythm import regularity

LATER_STAGES = (Stage.MATURING, Stage.STEWARDSHIP, Stage.TRANSFORMATION)


@dataclass(frozen=True)
class Reading:
    signal: Signal
    evidence: tuple[str, ...]
    prompt: str


@dataclass
class Context:
    """The community as it stood on ``as_of`` (records after it already removed)."""

    data: CommunityData
    as_of: dt.date
    stage: Stage

    def since(self, days: int) -> dt.date:
        return self.as_of - dt.timedelta(days=days)

    @cached_property
    def members(self) -> list[Member]:
        return participation.current(self.data, self.as_of)

    @cached_property
    def held(self) -> list[Meeting]:
        return [m for m in self.data.meetings if m.held]

    @cached_property
    def levels(self) -> dict[str, Level | None]:
        return participation.observed_levels(self.data, self.as_of)

    @cached_property
    def gardener(self) -> Member | None:
        """The gardener's member record: by email, else by exactly the same name."""
        community = self.data.community
        email, name = community.gardener_email, community.gardener.lower()
        by_email = [m for m in self.data.members if email and m.email == email]
        by_name = [m for m in self.data.members if name and m.name.lower() == name]
        return (by_email or by_name or [None])[0]

    def held_since(self, days: int) -> list[Meeting]:
        start = self.since(days)
        return [m for m in self.held if m.start.date() > start]


def _pick(signal: Signal, prompts: dict[Signal, str]) -> str:
    return prompts.get(signal) or prompts[Signal.GROWING]


# --- 1. organic evolution ----------------------------------------------------------------------


def _known_proposer(topic: Topic) -> bool:
    """A topic whose proposer was recorded: the gardener, a member, or a since-forgotten member."""
    return topic.by_member or topic.proposed_by is not None


def _member_share(topics: list[Topic]) -> tuple[int, int]:
    recent = topics[-th.RECENT_TOPICS :]
    return sum(1 for t in recent if t.by_member), len(recent)


def organic_evolution(ctx: Context) -> Reading:
    """Topics increasingly proposed by members rather than the gardener; new topics appearing."""
    dated = [(m.start.date(), t) for m in ctx.held for t in m.topics]
    year_ago = ctx.since(th.YEAR_DAYS)
    # Only a living agenda counts: topics of a community that stopped meeting are history.
    known = [t for d, t in dated if _known_proposer(t) and d > year_ago]
    prompts = {
        Signal.THRIVING: "Members are shaping the agenda. What could the gardener now hand over "
        "too: chairing, welcoming, choosing guests?",
        Signal.GROWING: "Who else could bring a question from their practice to the next "
        "meeting, and what would make that easy?",
        Signal.ATTENTION: "The agenda comes mostly from the gardener. What might change if "
        "members chose the next topics, even just one per meeting?",
        Signal.NO_DATA: "Record topics with who proposed them (`meeting record --topic ... "
        "--proposed-by ...`) to see how the agenda evolves.",
    }
    if not known:
        older = [d for d, t in dated if _known_proposer(t)]
        evidence = [
            f"No topics with a proposer in the last year (the last on {day(older[-1])})"
            if older
            else "No topics with a proposer recorded yet"
        ]
        if dated:
            evidence.append(f"{count(len(dated), 'topic')} recorded without a proposer")
        evidence.append(_purpose_line(ctx))
        return Reading(Signal.NO_DATA, tuple(evidence), prompts[Signal.NO_DATA])
    by_members, total = _member_share(known)
    share = by_members / total
    line = f"{by_members} of the last {total} topics were proposed by members"
    earlier = [t for d, t in dated if d <= year_ago and _known_proposer(t)]
    rising = False
    if earlier:
        before, before_total = _member_share(earlier)
        old_share = before / before_total
        trend = "up from" if share > old_share else "down from" if share < old_share else "as"
        rising = share - old_share >= 0.15
        line += f", {trend} {before} of {before_total} a year earlier"
    evidence = [line]
    recent_texts = {t.text.lower() for d, t in dated if d > ctx.since(th.RECENT_DAYS)}
    older_texts = {t.text.lower() for d, t in dated if d <= ctx.since(th.RECENT_DAYS)}
    fresh = recent_texts - older_texts
    if recent_texts:
        evidence.append(
            f"{count(len(fresh), 'new topic')} in the last six months"
            + (f" (of {len(recent_texts)} discussed)" if fresh != recent_texts else "")
        )
    else:
        evidence.append("No topic discussed in the last six months")
    unknown = len(dated) - len([t for _, t in dated if _known_proposer(t)])
    if unknown:
        evidence.append(f"{count(unknown, 'topic')} recorded without a proposer")
    evidence.append(_purpose_line(ctx))
    band = th.member_topic_share(ctx.stage)
    if share >= band.thriving and fresh:
        signal = Signal.THRIVING
    elif share >= band.growing or rising:
        signal = Signal.GROWING
    else:
        signal = Signal.ATTENTION
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


def _purpose_line(ctx: Context) -> str:
    """The stated purpose revisited over time: recorded with `community edit`."""
    reviewed = ctx.data.community.purpose_reviewed
    if reviewed is None or reviewed > ctx.as_of:
        return (
            "No record of the community revisiting its purpose "
            "(note one with `copkit community edit --purpose-reviewed`)"
        )
    return f"The community last revisited its domain and purpose on {day(reviewed)}"


# --- 2. internal and external dialogue ---------------------------------------------------------


def dialogue(ctx: Context) -> Reading:
    """Members from several organisations and roles; external members; guests at meetings."""
    prompts = {
        Signal.THRIVING: "Many voices are in the room. Whose perspective is still missing: "
        "families, another profession, research?",
        Signal.GROWING: "Who outside the community could bring a fresh view to a question "
        "members are stuck on?",
        Signal.ATTENTION: "Everyone shares one vantage point. Which neighbouring organisation "
        "or profession could you invite, as a guest or a member?",
        Signal.NO_DATA: "Add members with their organisation and role to see who is talking "
        "with whom.",
    }
    members = ctx.members
    if not members:
        return Reading(Signal.NO_DATA, ("No members recorded yet",), prompts[Signal.NO_DATA])
    orgs = Counter(m.org for m in members if m.org)
    roles = {m.role.lower() for m in members if m.role}
    external = [m for m in members if m.external]
    evidence = []
    if orgs:
        evidence.append(
            f"Members come from {count(len(orgs), 'organisation')}"
            + (f" and {count(len(roles), 'role')}" if roles else "")
        )
    else:
        evidence.append("No organisation recorded for any member")
    if external:
        evidence.append(f"{count(len(external), 'member is', 'members are')} external")
    recent = ctx.held_since(th.RECENT_DAYS)
    with_guests = [m for m in recent if m.guests]
    guests = {g.lower() for m in with_guests for g in m.guests}
    if with_guests:
        evidence.append(
            f"{len(with_guests)} of {count(len(recent), 'meeting')} in the last six months had "
            f"external guests ({count(len(guests), 'guest')} in all)"
        )
    elif recent:
        evidence.append(
            f"No external guest at the {count(len(recent), 'meeting')} of the last six months"
        )
    outside = bool(external or with_guests)
    if len(orgs) >= th.ORGANISATIONS_THRIVING and outside:
        signal = Signal.THRIVING
    elif len(orgs) >= 2 or outside:
        signal = Signal.GROWING
    else:
        signal = Signal.ATTENTION
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


# --- 3. participation at various levels --------------------------------------------------------


def participation_levels(ctx: Context) -> Reading:
    """Observed levels beside declared ones, movement, newcomers, silence, and the shape."""
    prompts = {
        Signal.THRIVING: "People are moving between levels. Who on the edge might welcome an "
        "invitation to lead a discussion?",
        Signal.GROWING: "Peripheral membership is legitimate. Is there an easy next step for "
        "someone who mostly listens, and an easy way back for someone busy?",
        Signal.ATTENTION: "What would make it easier to come to one meeting, or to bring one "
        "question? A personal note to someone who has been quiet can mean a lot.",
        Signal.NO_DATA: "Record who attends meetings to see how people take part.",
    }
    window = ctx.held_since(th.PARTICIPATION_WINDOW_DAYS)
    if not window:
        what = "No meeting held in the last 90 days" if ctx.held else "No meeting held yet"
        return Reading(Signal.NO_DATA, (what,), prompts[Signal.NO_DATA])
    levels = ctx.levels
    observed = Counter(level for level in levels.values() if level is not None)
    declared = Counter(m.level for m in ctx.members)
    evidence = [
        "Over the last 90 days: "
        + ", ".join(f"{observed[lv]} {lv.value}" for lv in Level)
        + " (declared: "
        + ", ".join(f"{declared[lv]} {lv.value}" for lv in Level)
        + ")"
    ]
    order = participation.LEVEL_ORDER
    by_id = {m.id: m for m in ctx.members}
    more = sum(1 for mid, lv in levels.items() if lv and order[lv] > order[by_id[mid].level])
    less = sum(1 for mid, lv in levels.items() if lv and order[lv] < order[by_id[mid].level])
    if more or less:
        evidence.append(
            f"{count(more + less, 'member takes', 'members take')} part at another level than "
            f"the one declared ({more} more, {less} less)"
        )
    move = participation.level_movement(ctx.data, ctx.as_of)
    evidence.append(
        f"Since {day(ctx.since(th.MOVEMENT_STEP_DAYS))}: {move['moved_in']} moved towards the "
        f"core, {move['held']} held their level, {move['moved_out']} moved out"
        + (f", {move['new']} took part for the first time" if move["new"] else "")
    )
    turnout = participation.turnout(ctx.data, ctx.as_of)
    newcomers = sum(t.new for t in turnout)
    evidence.append(
        f"The last {count(len(turnout), 'meeting')}: {newcomers} first-time and "
        f"{sum(t.returning for t in turnout)} returning attendances"
    )
    silent = participation.silent_members(ctx.data, ctx.as_of)
    if silent:
        evidence.append(
            f"{count(len(silent), 'member has', 'members have')} not come to a meeting since "
            f"{day(ctx.since(th.SILENT_DAYS))}; a personal note might be welcome "
            "(`copkit member list --silent` names them)"
        )
    known = sum(observed.values())
    core_share = observed[Level.CORE] / known if known else 0.0
    low, high = th.core_share_range(ctx.stage)
    carried = participation.core_attendance_share(ctx.data, ctx.as_of)
    spread = {lv: observed[lv] / known if known else 0.0 for lv in Level}
    evidence.append(
        f"{percent(spread[Level.CORE])} observed core, {percent(spread[Level.ACTIVE])} active, "
        f"{percent(spread[Level.PERIPHERAL])} peripheral; a small community of practice "
        "typically has a core of 10-30%, and the 1/9/90 pattern says most members mostly listen"
    )
    concerns = []
    others = observed[Level.ACTIVE] + observed[Level.PERIPHERAL]
    if others and carried is not None and carried > th.core_carries_everything(ctx.stage):
        concerns.append(f"the core carries everything: {percent(carried)} of attendances")
    recent_new = sum(
        t.new
        for t in participation.turnout(ctx.data, ctx.as_of, last=0)
        if t.day > ctx.since(th.RECENT_DAYS)
    )
    if ctx.stage in LATER_STAGES:
        if observed[Level.CORE] == 0:
            concerns.append("no one is observed at the core")
        if observed[Level.PERIPHERAL] == 0 and recent_new == 0:
            concerns.append(
                "no peripheral way in: no one at the edge and no newcomer in six months"
            )
    if ctx.members and len(silent) / len(ctx.members) > th.SILENT_SHARE_ATTENTION:
        concerns.append("more than half the members have been silent for six months")
    evidence += [c[0].upper() + c[1:] for c in concerns]
    if concerns:
        signal = Signal.ATTENTION
    elif (
        low <= core_share <= high
        and (move["moved_in"] or recent_new)
        and len(silent) <= len(ctx.members) / 4
    ):
        signal = Signal.THRIVING
    else:
        signal = Signal.GROWING
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


# --- 4. public and private spaces --------------------------------------------------------------


def spaces(ctx: Context) -> Reading:
    """At least one space of each kind, and meetings actually held in each."""
    prompts = {
        Signal.THRIVING: "Both kinds of space are in use. Does the private one still feel safe "
        "enough to test half-formed ideas?",
        Signal.GROWING: "One kind of space is quieter. What would bring members to it: a "
        "different time, a different format?",
        Signal.ATTENTION: "Trust grows in private spaces; openness and fun in public ones. "
        "Which kind is missing, and could members help design it?",
        Signal.NO_DATA: "Add the places the community meets (`space add --public|--private`).",
    }
    if not ctx.data.spaces:
        return Reading(Signal.NO_DATA, ("No meeting space recorded yet",), prompts[Signal.NO_DATA])
    evidence = []
    used_recently = {}
    for private in (True, False):
        kind = "private" if private else "public"
        mine = [s for s in ctx.data.spaces if s.is_private == private]
        if not mine:
            evidence.append(f"No {kind} space")
            continue
        ids = {s.id for s in mine}
        held = [m for m in ctx.held if m.space_id in ids]
        recent = [m for m in held if m.start.date() > ctx.since(th.RECENT_DAYS)]
        used_recently[kind] = bool(recent)
        names = ", ".join(s.name for s in mine)
        line = f"{count(len(mine), kind + ' space')} ({names}): {count(len(held), 'meeting')}"
        line += f", the last on {day(held[-1].start.date())}" if held else " held so far"
        evidence.append(line)
    if not any(used_recently.values()):
        signal = Signal.ATTENTION
        if used_recently:
            evidence.append("No meeting in any space in the last six months")
    elif len(used_recently) < 2:
        signal = Signal.ATTENTION
    elif all(used_recently.values()):
        signal = Signal.THRIVING
    else:
        signal = Signal.GROWING
        quiet = [k for k, used in used_recently.items() if not used]
        evidence.append(f"No meeting in the {' or '.join(quiet)} space in the last six months")
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


# --- 5. focus on the domain and its benefits ---------------------------------------------------


def domain(ctx: Context) -> Reading:
    """A domain and a member-benefit statement exist; topics relate to the domain and to
    members' interests."""
    prompts = {
        Signal.THRIVING: "The agenda stays close to what members care about. When did the "
        "community last revisit its domain together?",
        Signal.GROWING: "What's in it for members? Ask a few what they took back to their work "
        "from the last meeting.",
        Signal.ATTENTION: "Is the domain still what members come for? A short conversation "
        "about purpose and benefit could refocus the next few meetings.",
    }
    community = ctx.data.community
    evidence = [f"Domain: {community.domain}"]
    if community.benefit:
        evidence.append(f"Benefit to members: {community.benefit}")
    else:
        evidence.append("No member-benefit statement: what's in it for members is not written down")
    interests = {m.id: set().union(*(text.stems(i) for i in m.interests)) for m in ctx.members}
    focus = text.stems(community.domain) | text.stems(community.benefit)
    focus |= set().union(*interests.values()) if interests else set()
    topics = [t for m in ctx.held_since(th.YEAR_DAYS) for t in m.topics][-th.RECENT_TOPICS :]
    relevance = None
    if topics:
        touching = sum(1 for t in topics if text.stems(t.text) & focus)
        relevance = touching / len(topics)
        evidence.append(
            f"{touching} of the last {len(topics)} topics touch the domain or members' interests"
        )
        said = [t.text for m in ctx.held_since(th.YEAR_DAYS) for t in m.topics]
        year = {s for said_text in said for s in text.stems(said_text)}
        with_interests = [mid for mid, stems in interests.items() if stems]
        if with_interests:
            met = sum(1 for mid in with_interests if interests[mid] & year)
            evidence.append(
                f"{met} of {count(len(with_interests), 'member')} who listed interests saw one "
                "of them on the agenda in the last year"
            )
    else:
        evidence.append("No topics recorded yet to compare with the domain")
    if not community.benefit:
        signal = Signal.ATTENTION
    elif relevance is None or relevance >= th.TOPIC_RELEVANCE_GROWING:
        signal = (
            Signal.THRIVING
            if relevance is not None and relevance >= th.TOPIC_RELEVANCE_THRIVING
            else Signal.GROWING
        )
    else:
        signal = Signal.ATTENTION
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


# --- 6. familiar and stimulating activities ----------------------------------------------------


def activities(ctx: Context) -> Reading:
    """The mix of familiar and stimulating activities across recent meetings."""
    prompts = {
        Signal.THRIVING: "A good mix of the familiar and the new. Which new method tried lately "
        "deserves to become a routine?",
        Signal.GROWING: "Is the balance right? Routines settle people; something new (a guest, "
        "a visit, a method) opens perspectives.",
        Signal.ATTENTION: "Meetings lean to one kind of activity. What would members like to "
        "try, or to keep as a steady routine?",
        Signal.NO_DATA: "Record activities with meetings (`--activity familiar:case discussion`, "
        "`--activity stimulating:guest speaker`).",
    }
    recent = ctx.held_since(th.YEAR_DAYS)[-th.RECENT_MEETINGS :]
    if not any(m.activities for m in recent):
        if recent:
            what = f"No activities recorded at the last {count(len(recent), 'meeting')}"
        elif ctx.held:
            what = f"No meeting in the last year (the last on {day(ctx.held[-1].start.date())})"
        else:
            what = "No meeting held yet"
        return Reading(Signal.NO_DATA, (what,), prompts[Signal.NO_DATA])
    evidence = []
    shares = {}
    for kind in ActivityKind:
        meetings = [m for m in recent if any(a.kind is kind for a in m.activities)]
        labels = Counter(a.label for m in recent for a in m.activities if a.kind is kind)
        shares[kind] = len(meetings) / len(recent)
        named = ", ".join(label for label, _ in labels.most_common(3))
        evidence.append(
            f"{len(meetings)} of the last {count(len(recent), 'meeting')} had {kind.value} "
            f"activities" + (f" ({named})" if named else "")
        )
    fam, stim = shares[ActivityKind.FAMILIAR], shares[ActivityKind.STIMULATING]
    if fam >= th.FAMILIAR_SHARE and stim >= th.STIMULATING_SHARE:
        signal = Signal.THRIVING
    elif fam and stim:
        signal = Signal.GROWING
    else:
        signal = Signal.ATTENTION
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


# --- 7. rhythm -----------------------------------------------------------------------------------


def rhythm(ctx: Context) -> Reading:
    """A recurring series with a next meeting; regular gaps; few cancellations; steady
    attendance."""
    prompts = {
        Signal.THRIVING: "The rhythm is steady. Does its pace still suit members' workloads, "
        "or would a change of season suit them better?",
        Signal.GROWING: "Could the next few meetings be fixed in diaries now, so the rhythm "
        "carries people rather than effort?",
        Signal.ATTENTION: "A steady rhythm is what keeps people coming. What gets in the way "
        "of meeting regularly, and what time would work for most?",
        Signal.NO_DATA: "Set up a recurring series (`rhythm add`) and record meetings to see "
        "the rhythm.",
    }
    data = ctx.data
    if not data.rhythms and not ctx.held:
        return Reading(Signal.NO_DATA, ("No rhythm and no meeting yet",), prompts[Signal.NO_DATA])
    concerns: list[str] = []
    good = True
    evidence = []
    if data.rhythms:
        evidence.append(
            f"{count(len(data.rhythms), 'recurring series', 'recurring series')}: "
            + ", ".join(r.name for r in data.rhythms)
        )
        zone = data.community.zone
        now = dt.datetime.combine(ctx.as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        coming = records.upcoming(data, now=now, per_rhythm=1)
        if coming:
            evidence.append(
                f"Next meeting: {coming[0].rhythm.name} on {day(coming[0].start.date())}"
            )
        else:
            concerns.append("No next meeting is scheduled")
    else:
        concerns.append("No recurring series: each meeting is arranged one at a time")
    year = ctx.held_since(th.YEAR_DAYS)
    series = {r.id: r.name for r in data.rhythms}
    groups: dict[str | None, list[dt.datetime]] = {}
    for m in year:
        groups.setdefault(m.rhythm_id if m.rhythm_id in series else None, []).append(m.start)
    gap = None
    for rid, starts in groups.items():
        found = regularity(starts)
        label = series.get(rid or "", "Meetings outside a series")
        if found is None:
            evidence.append(f"{label}: {count(len(starts), 'meeting')} in the last year")
            good = False
            continue
        median, spread = found
        gap = median if gap is None else min(gap, median)
        word = "regular" if spread <= th.REGULAR_SPREAD else "irregular"
        evidence.append(
            f"{label}: {count(len(starts), 'meeting')} in the last year, about every "
            f"{round(median)} days ({word})"
        )
        if spread > th.IRREGULAR_SPREAD:
            concerns.append(f"{label} meets at very uneven intervals")
        elif spread > th.REGULAR_SPREAD:
            good = False
    if ctx.held:
        silence = (ctx.as_of - ctx.held[-1].start.date()).days
        usual = gap
        if usual is None:  # a quiet year: the usual gap comes from the whole history
            found = regularity([m.start for m in ctx.held])
            usual = found[0] if found else th.YEAR_DAYS / th.STALLED_GAPS
        if silence > th.STALLED_GAPS * usual:
            concerns.append(
                f"No meeting for {ago(silence)}, against a usual gap of {round(usual)} days"
            )
    cancelled = [
        m for m in data.meetings if not m.held and ctx.since(th.YEAR_DAYS) < m.start.date()
    ]
    planned = len(year) + len(cancelled)
    if planned:
        rate = len(cancelled) / planned
        evidence.append(
            f"{len(cancelled)} of {count(planned, 'meeting')} in the last year "
            f"{'was' if len(cancelled) == 1 else 'were'} cancelled ({percent(rate)})"
        )
        if rate > th.CANCELLED_ATTENTION:
            concerns.append("Many meetings were cancelled")
        elif rate > th.CANCELLED_GROWING:
            good = False
    change = participation.attendance_change(data, ctx.as_of)
    if change is not None:
        recent, earlier = change
        delta = (recent - earlier) / earlier if earlier else 0.0
        direction = "up" if delta > 0.05 else "down" if delta < -0.05 else "steady"
        evidence.append(
            f"Average attendance {recent:.1f} over the last six months, {earlier:.1f} the six "
            f"before ({direction}{'' if direction == 'steady' else ' ' + percent(abs(delta))})"
        )
        if delta <= th.ATTENDANCE_DROP_ATTENTION:
            concerns.append("Attendance has fallen sharply")
        elif delta <= th.ATTENDANCE_DROP_GROWING:
            good = False
    evidence += concerns
    if concerns:
        signal = Signal.ATTENTION
    elif good and gap is not None:
        signal = Signal.THRIVING
    else:
        signal = Signal.GROWING
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


# --- 8. a community gardener ---------------------------------------------------------------------


def gardener(ctx: Context) -> Reading:
    """A named gardener who attends; newcomers joining and welcomed; members per gardener."""
    prompts = {
        Signal.THRIVING: "The community is well tended. Who might share the gardening, so it "
        "does not rest on one person's caseload?",
        Signal.GROWING: "What support would help the gardener welcome newcomers and keep "
        "the thread between meetings?",
        Signal.ATTENTION: "Every community needs someone to tend it. Who could take the role, "
        "or share it, and what time would they need?",
    }
    community = ctx.data.community
    if not community.gardener:
        return Reading(
            Signal.ATTENTION,
            ("No gardener named (`copkit community edit --gardener NAME --gardener-email EMAIL`)",),
            prompts[Signal.ATTENTION],
        )
    evidence = []
    concerns = []
    good = True
    window = ctx.held_since(th.PARTICIPATION_WINDOW_DAYS)
    person = ctx.gardener
    if person is None:
        evidence.append(
            f"{community.gardener} is the named gardener, not among the member records, so "
            "their attendance cannot be seen"
        )
        good = False
    elif window:
        came = sum(1 for m in window if person.id in m.attendees)
        evidence.append(
            f"{community.gardener} is the named gardener and came to {came} of the "
            f"{count(len(window), 'meeting')} of the last 90 days"
        )
        if came == 0:
            concerns.append("The gardener has not been at a meeting for 90 days")
        elif came / len(window) < th.GARDENER_ATTENDANCE:
            good = False
    else:
        evidence.append(f"{community.gardener} is the named gardener; no meeting in 90 days")
        good = False
    newcomers = [m for m in ctx.members if m.joined > ctx.since(th.RECENT_DAYS)]
    if newcomers:
        came = {
            a for m in ctx.held if m.start.date() > ctx.since(th.RECENT_DAYS) for a in m.attendees
        }
        welcomed = sum(1 for m in newcomers if m.id in came)
        latest = max(m.joined for m in newcomers)
        evidence.append(
            f"{count(len(newcomers), 'newcomer')} joined in the last six months (the latest on "
            f"{day(latest)}); {welcomed} of them have come to a meeting"
        )
    else:
        evidence.append("No newcomer joined in the last six months")
        if ctx.stage is not Stage.STEWARDSHIP:
            good = False
    ratio = len(ctx.members)
    evidence.append(f"{count(ratio, 'current member')} for one named gardener")
    if ratio > th.MEMBERS_PER_GARDENER:
        good = False
        evidence.append("More members than one person can welcome personally")
    evidence += concerns
    signal = Signal.ATTENTION if concerns else Signal.THRIVING if good else Signal.GROWING
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


# --- 9. sponsorship ------------------------------------------------------------------------------


def sponsorship(ctx: Context) -> Reading:
    """A named sponsor, resources recorded, and a recent update sent to the sponsor."""
    prompts = {
        Signal.THRIVING: "The sponsor is informed. Which member's story would show them best "
        "what the community makes possible?",
        Signal.GROWING: "When will the sponsor next hear from the community? `copkit report "
        "sponsor` drafts a short update.",
        Signal.ATTENTION: "Time, a room and recognition come from a sponsor. Who senior could "
        "champion the community, and what would they want to hear?",
    }
    community = ctx.data.community
    evidence = []
    if community.sponsor:
        evidence.append(f"Sponsor: {community.sponsor}")
    else:
        evidence.append("No sponsor named (`copkit community edit --sponsor NAME`)")
    if community.resources:
        evidence.append(
            f"{count(len(community.resources), 'resource')} recorded: "
            + "; ".join(community.resources)
        )
    else:
        evidence.append(
            "No resources recorded: protected time, a room, recognition "
            "(`copkit community edit --resource TEXT`)"
        )
    updates = sorted(u.on for u in ctx.data.sponsor_updates)
    since = None
    if updates:
        since = (ctx.as_of - updates[-1]).days
        evidence.append(f"Last update to the sponsor on {day(updates[-1])} ({ago(since)} ago)")
    else:
        evidence.append("No update to the sponsor recorded yet")
    if not community.sponsor or since is None or since > th.SPONSOR_UPDATE_GROWING_DAYS:
        signal = Signal.ATTENTION
    elif since <= th.SPONSOR_UPDATE_THRIVING_DAYS and community.resources:
        signal = Signal.THRIVING
    else:
        signal = Signal.GROWING
    return Reading(signal, tuple(evidence), _pick(signal, prompts))


#: key -> the function reading that principle, in principle order.
READERS: dict[str, Callable[[Context], Reading]] = {
    "organic-evolution": organic_evolution,
    "dialogue": dialogue,
    "participation": participation_levels,
    "spaces": spaces,
    "domain": domain,
    "activities": activities,
    "rhythm": rhythm,
    "gardener": gardener,
    "sponsorship": sponsorship,
}
