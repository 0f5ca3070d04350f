"""Principle 3, participation at various levels: core, active and peripheral all belong.

Levels are observed from meetings and from conversation between them (posts, replies and
reactions on the community's channels), and so is movement between levels. The 1/9/90 shape is
measured, not assumed: who created, who responded and who only read (see
:class:`copkit.health.participation.Contribution` for how records map onto Nielsen's groups).

A quiet periphery is the expected shape (Wenger, McDermott & Snyder 2002; Nielsen's 1/9/90),
not a problem: long-silent members are counted for a gentle personal note, never a concern on
their own. What the sources flag instead, and this reading does: a shrinking core, nobody moving
inwards over a year, newcomers who never come back, or a core that carries everything.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import msgspec

from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.findings import Signal, Stage
from copkit.health.reading import (
    LATER_STAGES,
    Clause,
    Context,
    Reading,
    Rule,
    at_least,
    number,
    share_text,
)
from copkit.health.words import count, day, percent, the_last
from copkit.model import Level

WINDOW = the_last(th.PARTICIPATION_WINDOW_DAYS)
HALF = the_last(th.RECENT_DAYS)
YEAR = the_last(th.YEAR_DAYS)


class LevelFacts(msgspec.Struct, frozen=True):
    stage: Stage
    window: int
    any_held: bool
    observed: Counter[Level]
    declared: Counter[Level]
    more: int
    less: int
    month: dict[str, int]
    moving: bool
    turnout_new: int
    turnout_returning: int
    turnout_meetings: int
    silent: int
    members: int
    carried: float | None
    recent_new: int
    core_year_ago: int
    moved_in_year: int
    newcomers_year: int
    returned_year: int
    closing: bool
    contribution: participation.Contribution
    talked: bool
    year_readable: bool = True

    @property
    def known(self) -> int:
        return sum(self.observed.values())

    def share(self, level: Level) -> float:
        return self.observed[level] / self.known if self.known else 0.0


def _year_readable(ctx: Context) -> bool:
    """Whether the window a year ago held a meeting or conversation: before a community first
    met there is no earlier level to have moved from (as :func:`participation.movement_readable`
    says for the month)."""
    then = ctx.since(th.YEAR_DAYS)
    start = then - dt.timedelta(days=th.PARTICIPATION_WINDOW_DAYS)
    return participation.anything_happened(ctx.data, start, then)


def _year_movement(ctx: Context) -> tuple[int, int]:
    """Observed core a year ago, and members who moved towards the core since (none where
    nothing happened a year ago to compare with)."""
    if not _year_readable(ctx):
        return 0, 0
    before = participation.observed_levels(ctx.data, ctx.since(th.YEAR_DAYS))
    order = participation.LEVEL_ORDER
    moved = 0
    for mid, level in ctx.levels.items():
        if level is None or level is Level.PERIPHERAL:
            continue
        earlier = before.get(mid)
        moved += earlier is None or order[level] > order[earlier]
    return sum(1 for lv in before.values() if lv is Level.CORE), moved


def _newcomers(ctx: Context) -> tuple[int, int]:
    """First-time attendees in the last year who had a meeting since, and those who came back."""
    first: dict[str, dt.date] = {}
    again: set[str] = set()
    for meeting in ctx.held:
        for who in meeting.attendees:
            if who in first:
                again.add(who)
            else:
                first[who] = meeting.start.date()
    last = ctx.held[-1].start.date() if ctx.held else ctx.as_of
    readable = [w for w, d in first.items() if d > ctx.since(th.YEAR_DAYS) and d < last]
    return len(readable), sum(1 for w in readable if w in again)


def _window_start(ctx: Context) -> dt.date:
    return ctx.since(th.PARTICIPATION_WINDOW_DAYS)


def gather(ctx: Context) -> LevelFacts:
    levels = ctx.levels
    by_id = {m.id: m for m in ctx.members}
    order = participation.LEVEL_ORDER
    turnout = participation.turnout(ctx.data, ctx.as_of)
    core_before, moved_in = _year_movement(ctx)
    newcomers, returned = _newcomers(ctx)
    return LevelFacts(
        stage=ctx.stage,
        window=len(ctx.held_since(th.PARTICIPATION_WINDOW_DAYS)),
        any_held=bool(ctx.held),
        observed=Counter(level for level in levels.values() if level is not None),
        declared=Counter(m.level for m in ctx.members),
        more=sum(1 for mid, lv in levels.items() if lv and order[lv] > order[by_id[mid].level]),
        less=sum(1 for mid, lv in levels.items() if lv and order[lv] < order[by_id[mid].level]),
        month=participation.level_movement(ctx.data, ctx.as_of, now=levels),
        moving=participation.movement_readable(ctx.data, ctx.as_of),
        turnout_new=sum(t.new for t in turnout),
        turnout_returning=sum(t.returning for t in turnout),
        turnout_meetings=len(turnout),
        silent=len(participation.silent_members(ctx.data, ctx.as_of)),
        members=len(ctx.members),
        carried=participation.core_attendance_share(ctx.data, ctx.as_of, levels=levels),
        recent_new=sum(
            t.new
            for t in participation.turnout(ctx.data, ctx.as_of, last=0)
            if t.day > ctx.since(th.RECENT_DAYS)
        ),
        core_year_ago=core_before,
        moved_in_year=moved_in,
        newcomers_year=newcomers,
        returned_year=returned,
        closing=ctx.closing,
        contribution=participation.contribution(ctx.data, ctx.as_of),
        talked=bool(participation.talk_between(ctx.data, _window_start(ctx), ctx.as_of).counts),
        year_readable=_year_readable(ctx),
    )


#: Conditions read only from maturing on (Wenger, McDermott & Snyder's stages).
LATER_ONLY = frozenset({"shrinking", "no-core", "closed"})


def rule(facts: LevelFacts) -> Rule:
    """The participation rule as named clauses. The first step's clauses each rule out a
    condition the sources flag, keyed by it (``shrinking``: the core has not shrunk); a quiet
    periphery is never one of them."""
    later = facts.stage in LATER_STAGES
    core = facts.observed[Level.CORE]
    before = facts.core_year_ago
    shrank = later and before >= th.CORE_SHRINK_FROM and (core - before) / before <= -th.CORE_SHRINK
    newcomers, back = facts.newcomers_year, facts.returned_year
    leave = newcomers >= th.NEWCOMERS_TO_READ and back / newcomers < th.NEWCOMERS_RETURN
    others = facts.observed[Level.ACTIVE] + facts.observed[Level.PERIPHERAL]
    carries = th.core_carries_everything(facts.stage)
    carried = (
        bool(others)
        and facts.carried is not None
        and facts.carried > carries
        and not facts.moved_in_year
        and not facts.newcomers_year
    )
    low, high = th.core_share_range(facts.stage)
    share = facts.share(Level.CORE)
    kept = math.floor(before * (1 - th.CORE_SHRINK)) + 1
    growing: tuple[Clause, ...] = (
        Clause(
            "shrinking",
            not shrank,
            f"the observed core has not fallen by {percent(th.CORE_SHRINK)} "
            f"or more on a year earlier (read once it had {number(th.CORE_SHRINK_FROM)} people "
            "or more)",
            f"{kept} or more people observed at the core (now {core}, {before} a year earlier)",
        ),
        Clause(
            "newcomers-leave",
            not leave,
            f"at least {percent(th.NEWCOMERS_RETURN)} of those who came for the first time in "
            f"{YEAR} came back (read once {number(th.NEWCOMERS_TO_READ)} or more came)",
            f"{at_least(th.NEWCOMERS_RETURN, newcomers)} of the {newcomers} newcomers of "
            f"{YEAR} coming back (now {back})",
        ),
        Clause(
            "no-core",
            not (later and core == 0),
            "someone is observed at the core",
            "someone taking part at the core",
        ),
        Clause(
            "closed",
            not (
                later
                and not facts.closing
                and facts.observed[Level.PERIPHERAL] == 0
                and facts.recent_new == 0
            ),
            f"someone takes part at the edge or came for the first time in {HALF} (not asked "
            "of a community at its planned end)",
            "a newcomer, or someone taking part at the edge",
        ),
        Clause(
            "carries",
            not carried,
            f"the core does not make over {percent(carries)} of attendances while nobody moves "
            f"inwards and no newcomer comes in {YEAR}",
            f"someone moving towards the core, or a newcomer, in {YEAR}",
        ),
    )
    if later and facts.year_readable:
        inwards = Clause(
            "inwards",
            bool(facts.moved_in_year),
            f"someone took a bigger part than a year before, in {YEAR}",
            f"someone taking a bigger part than a year before (none in {YEAR})",
        )
    else:
        inwards = Clause(
            "inwards",
            bool(
                facts.month["moved_in"]
                or facts.recent_new
                or facts.moved_in_year
                or facts.newcomers_year
            ),
            "someone moved towards the core or came for the first time",
            "someone moving towards the core, or a newcomer",
        )
    thriving = (
        Clause(
            "one-meeting",
            facts.window != 1,
            f"levels rest on more than one meeting in {WINDOW}",
            f"two or more meetings in {WINDOW} to read levels from (there was 1: one meeting "
            "cannot tell the core from those who came once)",
        ),
        Clause(
            "core-share",
            low <= share <= high,
            f"the observed core is {percent(low)}-{percent(high)} of those taking part",
            f"the observed core within {percent(low)}-{percent(high)} of those taking part "
            f"(it is {percent(share)}: {core} of {facts.known})",
        ),
        inwards,
    )
    if not later:  # a young community's core is its founders: these are not read yet
        growing = tuple(c for c in growing if c.key not in LATER_ONLY)
    return Rule(
        Signal.ATTENTION,
        ((Signal.GROWING, growing), (Signal.THRIVING, thriving)),
        _note(),
    )  # fmt: skip


def concerns(facts: LevelFacts) -> list[str]:
    """What the sources flag, as condition keys, most telling first: the first step's
    clauses that failed."""
    return [c.key for c in rule(facts).steps[0][1] if not c.holds]


def decide(facts: LevelFacts) -> Signal:
    if not facts.window and not facts.talked:
        return Signal.NO_DATA
    return rule(facts).signal


def _concern_line(key: str, facts: LevelFacts) -> str:
    return {
        "shrinking": f"The core has shrunk: {facts.observed[Level.CORE]} observed at the core, "
        f"against {facts.core_year_ago} a year earlier",
        "newcomers-leave": f"Newcomers rarely come back: {facts.returned_year} of the "
        f"{facts.newcomers_year} who came for the first time in {YEAR} came again",
        "no-core": "No one is observed at the core",
        "closed": f"No peripheral way in: no one at the edge and no newcomer in {HALF}",
        "carries": f"The core carries everything: {percent(facts.carried or 0.0)} of "
        f"attendances, with nobody moving inwards and no newcomer in {YEAR}",
    }[key]


def _levels_line(facts: LevelFacts) -> str:
    return (
        f"Over {WINDOW}: "
        + ", ".join(f"{facts.observed[lv]} {lv.value}" for lv in Level)
        + " (declared: "
        + ", ".join(f"{facts.declared[lv]} {lv.value}" for lv in Level)
        + ")"
    )


def _shape_line(facts: LevelFacts) -> str:
    return (
        f"{percent(facts.share(Level.CORE))} observed core, "
        f"{percent(facts.share(Level.ACTIVE))} active, "
        f"{percent(facts.share(Level.PERIPHERAL))} peripheral; Wenger, McDermott & Snyder find "
        f"a core of about {percent(th.CORE_SHARE_TYPICAL_LOW)}-"
        f"{percent(th.CORE_SHARE_TYPICAL_HIGH)} and an active group of "
        f"{percent(th.ACTIVE_SHARE_TYPICAL_LOW)}-{percent(th.ACTIVE_SHARE_TYPICAL_HIGH)}, and "
        f"in the 1/9/90 pattern about {percent(th.READING_SHARE_TYPICAL)} mostly read: a quiet "
        "periphery is the expected shape"
    )


def _contribution_line(facts: LevelFacts) -> str:
    """Conversation alone against Nielsen's 1/9/90, which is about posting online; meetings
    are read against Wenger, McDermott & Snyder's levels in the lines above."""
    shape = facts.contribution
    return (
        f"Between meetings over {WINDOW}, {shape.create} started a thread or post, "
        f"{shape.respond} only replied or reacted and {shape.read} only read: "
        f"{percent(shape.share('create'))} / {percent(shape.share('respond'))} / "
        f"{percent(shape.share('read'))}, against Nielsen's {percent(th.CREATE_SHARE_TYPICAL)} "
        f"/ {percent(th.RESPOND_SHARE_TYPICAL)} / {percent(th.READING_SHARE_TYPICAL)} for "
        "posting online (meetings are set against the levels above)"
    )


def write(facts: LevelFacts, as_of: dt.date) -> list[str]:
    lines = [_levels_line(facts)]
    if facts.more or facts.less:
        lines.append(
            f"{count(facts.more + facts.less, 'member takes', 'members take')} part at another "
            f"level than the one declared ({facts.more} more, {facts.less} less)"
        )
    month, step = facts.month, as_of - dt.timedelta(days=th.MOVEMENT_STEP_DAYS)
    if facts.moving:
        lines.append(
            f"Since {day(step)}: {month['moved_in']} moved towards the core, {month['held']} "
            f"held their level, {month['moved_out']} moved out"
            + (f", {month['new']} took part for the first time" if month["new"] else "")
        )
    else:
        lines.append(
            f"Since {day(step)}: no meeting was held and nothing was said between meetings, "
            "so there is no movement between levels to read"
        )
    lines.append(
        f"The last {count(facts.turnout_meetings, 'meeting')}: {facts.turnout_new} first-time "
        f"and {facts.turnout_returning} returning attendances"
    )
    moved = (
        f"{facts.moved_in_year} took a bigger part than a year before"
        if facts.year_readable
        else "nothing was held or said a year before, so no one's part can be compared with it"
    )
    lines.append(
        f"In {YEAR}: {moved}; {facts.newcomers_year} came for the first time with a meeting "
        f"since, {facts.returned_year} of them came back"
    )
    lines.append(_shape_line(facts))
    if facts.window == 1:
        lines.append(
            f"Only 1 meeting in {WINDOW}: one meeting cannot tell those at the core from those "
            "who came once, so these levels are not read as a spread"
        )
    if facts.talked:
        lines.append(_contribution_line(facts))
    if facts.silent:
        not_seen = "not come to a meeting"
        if facts.talked:
            not_seen += " or written between meetings"
        lines.append(
            f"{count(facts.silent, 'member has', 'members have')} {not_seen} since "
            f"{day(as_of - dt.timedelta(days=th.SILENT_DAYS))}: reading along is a legitimate "
            "way to belong; if a personal note would be welcome, `copkit member list --silent` "
            "lists them"
        )
    return lines + [_concern_line(key, facts) for key in concerns(facts)]


PROMPTS = {
    Signal.THRIVING: "People are moving between levels. Who on the edge might welcome an "
    "invitation to lead a discussion?",
    Signal.GROWING: "Peripheral membership is legitimate. Is there an easy next step for "
    "someone who mostly listens, and an easy way back for someone busy?",
    Signal.NO_DATA: "Record who attends meetings to see how people take part.",
}
CONCERN_PROMPTS = {
    "shrinking": "The core is smaller than a year ago. Who might be ready to take a bigger "
    "part, and what would make that easy?",
    "newcomers-leave": "Newcomers come once and rarely again. What would make a second visit "
    "easy: a welcome, a buddy, a note after the first meeting?",
    "no-core": "No one is taking part at the core. Who could help carry the community with "
    "the gardening role, for a season?",
    "closed": "There is no easy way in for someone new. How could the community open a door: "
    "an open session, an invitation to a colleague?",
    "carries": "The same few carry every meeting, and nobody has moved inwards for a year. "
    "What small part could someone on the edge take next time?",
}
CLOSING_PROMPT = (
    "As the series ends, where will members go next to keep learning together, and who "
    "would like to stay in touch?"
)
NOTE = (
    "Levels are observed over {window} from meetings a member was invited to and conversation "
    "between them: core at {alone} of those meetings, or, having proposed a topic or started "
    "a thread, at {with_topic} of them or active between meetings on {days} days; active at "
    "{active}, having created something, or having replied. A quiet periphery is never a "
    "concern: most members of a healthy community mostly read ({wenger}; {nielsen})."
)
NO_DATA_CHANGE = "Attendance recorded at meetings, or conversation imported, would give a reading."
GATE = (
    "No data yet until a meeting is held, or members talk between meetings, in {window}. "
    "At the {stage} stage:"
)


def _note() -> str:
    return NOTE.format(
        window=WINDOW,
        alone=percent(th.CORE_ATTENDANCE_ALONE),
        with_topic=percent(th.CORE_ATTENDANCE_WITH_TOPIC),
        days=th.CORE_CONVERSATION_DAYS,
        active=percent(th.ACTIVE_ATTENDANCE),
        wenger=th.WENGER_2002,
        nielsen=th.NIELSEN_2006,
    )


def _prompt(facts: LevelFacts, signal: Signal) -> str:
    if facts.closing and signal is not Signal.NO_DATA:
        return CLOSING_PROMPT
    found = concerns(facts)
    return CONCERN_PROMPTS[found[0]] if found else PROMPTS[signal]


def participation_levels(ctx: Context) -> Reading:
    """Observed levels beside declared ones, movement, newcomers, silence, and the shape."""
    facts = gather(ctx)
    signal = decide(facts)
    if signal is Signal.NO_DATA:
        what = f"No meeting held in {WINDOW}" if facts.any_held else "No meeting held yet"
        evidence: list[str] = [what]
    else:
        evidence = write(facts, ctx.as_of)
    explained = (
        ("observed core / active / peripheral", " / ".join(
            str(facts.observed[lv]) for lv in Level)),
        ("observed core share", share_text(facts.share(Level.CORE))),
        ("core a year earlier", str(facts.core_year_ago)),
        (f"moved inwards in {YEAR}", str(facts.moved_in_year)),
        (f"newcomers in {YEAR} / came back", f"{facts.newcomers_year} / {facts.returned_year}"),
        ("long-silent members (not a concern)", str(facts.silent)),
        ("created / responded / only read", f"{facts.contribution.create} / "
         f"{facts.contribution.respond} / {facts.contribution.read}"),
        ("stage", ctx.stage.value),
    )  # fmt: skip
    names = (
        "PARTICIPATION_WINDOW_DAYS", "CORE_ATTENDANCE_ALONE", "CORE_ATTENDANCE_WITH_TOPIC",
        "ACTIVE_ATTENDANCE", "CORE_CONVERSATION_DAYS", "MOVEMENT_STEP_DAYS", "YEAR_DAYS",
        "RECENT_DAYS", "SILENT_DAYS",
        "CORE_SHARE_TYPICAL_LOW", "CORE_SHARE_TYPICAL_HIGH", "ACTIVE_SHARE_TYPICAL_LOW",
        "ACTIVE_SHARE_TYPICAL_HIGH", "READING_SHARE_TYPICAL", "CREATE_SHARE_TYPICAL",
        "RESPOND_SHARE_TYPICAL", *th.core_share_names(ctx.stage),
        th.core_carries_name(ctx.stage), "CORE_SHRINK", "CORE_SHRINK_FROM", "NEWCOMERS_TO_READ",
        "NEWCOMERS_RETURN",
    )  # fmt: skip
    gate = GATE.format(window=WINDOW, stage=ctx.stage.value)
    return Reading(
        signal, tuple(evidence), _prompt(facts, signal), explained, thresholds=names,
        clauses=rule(facts), gate=gate,
        change=NO_DATA_CHANGE if signal is Signal.NO_DATA else "",
    )  # fmt: skip
