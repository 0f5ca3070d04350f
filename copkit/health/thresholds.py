"""Every number the health check compares against, named, explained and sourced, in one place.

These are conversation starters, not standards: each marks where a pattern in the records becomes
worth looking at. Each constant has an entry in :data:`SOURCES` saying what it means and where it
comes from: a figure from the literature behind the nine principles (``../shared/DOMAIN.md``) or,
where the sources give no number, :data:`COPKIT_DEFAULT`, so a gardener reading
``copkit health --explain`` can tell a published figure from copkit's own judgement. Where the
literature says a healthy pattern depends on the lifecycle stage (Wenger, McDermott & Snyder
2002), there is one constant for the early stages and one for later ones.

The readings never write a number inline: periods quoted in their sentences ("the last 90 days",
"six months") are written from the same constants by :func:`copkit.health.words.the_last`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from copkit.errors import InputError
from copkit.health.findings import Stage

#: Said of a number the sources do not give: copkit's own judgement, open to tuning.
COPKIT_DEFAULT = "copkit default"
#: Said of a number a community set for itself (``community edit --threshold``).
SET_BY_COMMUNITY = "set by this community"

WENGER_2002 = (
    "Wenger, McDermott & Snyder (2002, ch. 3): a core of about 10-15% of the whole community, "
    "an active group of another 15-20%, the rest peripheral, which is legitimate"
)
NIELSEN_2006 = (
    "Nielsen (2006), participation inequality: about 90% read, 9% contribute now and then, "
    "1% create most content (the 1/9/90 rule)"
)
PSDP = (
    "PSDP facilitators' community of practice (Research in Practice 2020): 6 whole-day "
    "meetings, then 12 shorter online ones; the agenda moved from the leads to the members"
)
WALES = (
    "Social Care Wales mapping (Social Finance 2022): practitioners chose meetings by theme; "
    "groups met periodically in person with one-way communication"
)
STAEMPFLI_2016 = "Staempfli et al. (2016), the nine design principles"
GRAY_2008 = "Gray, Parker & Immins (2008), leading communities of practice in social work"
HERSEY_BLANCHARD = "Hersey & Blanchard, situational leadership (direct, coach, support, delegate)"

# --- windows of time -------------------------------------------------------------------------

#: Days of attendance and contributions behind a member's observed level.
PARTICIPATION_WINDOW_DAYS = 90
#: Month-on-month movement between levels compares levels this many days apart.
MOVEMENT_STEP_DAYS = 30
#: Days without attending while meetings went on, after which a member is "long silent".
SILENT_DAYS = 180
#: "Recent" for activity mix, guests, spaces used, newcomers: the last half year.
RECENT_DAYS = 182
#: A year: the span for rhythm regularity, cancellations, movement inwards, "a year earlier".
YEAR_DAYS = 365
#: Movement per principle compares with the check as it looked one quarter earlier.
QUARTER_DAYS = 91
#: The latest survey round: responses recorded within this many days of the newest one.
SURVEY_ROUND_DAYS = 60

# --- observed participation levels -----------------------------------------------------------

#: Share of the window's meetings attended to be observed as core with a topic proposed...
CORE_ATTENDANCE_WITH_TOPIC = 0.67
#: ...or without one.
CORE_ATTENDANCE_ALONE = 0.85
#: Share attended (or any topic proposed) to be observed as active; below it, peripheral.
ACTIVE_ATTENDANCE = 0.25
#: Days with posts, replies or reactions between meetings, in the window, that make a member
#: who also starts threads (or proposes topics) core: about weekly over the 90 days.
CORE_CONVERSATION_DAYS = 12

# --- principle 1: organic evolution ----------------------------------------------------------

#: How many of the most recent topics (with a known proposer) to look at.
RECENT_TOPICS = 12
#: Share of member-proposed topics, early stages (potential, coalescing): thriving / growing.
MEMBER_TOPICS_EARLY_THRIVING = 0.35
MEMBER_TOPICS_EARLY_GROWING = 0.15
#: The same, once a community is maturing or later: members should set more of the agenda.
MEMBER_TOPICS_LATER_THRIVING = 0.5
MEMBER_TOPICS_LATER_GROWING = 0.3
#: A rise of this share in member-proposed topics over a year reads as growing on its own.
MEMBER_TOPICS_RISE = 0.15

# --- principle 2: dialogue -------------------------------------------------------------------

#: Organisations among current members for several perspectives inside the community.
ORGANISATIONS_THRIVING = 3
#: Organisations for some exchange between perspectives.
ORGANISATIONS_GROWING = 2
#: Posts between meetings, in the recent window, before the conversation's direction is read.
CONVERSATION_POSTS_TO_READ = 3
#: Share of the gardeners' threads that members answered, and share of posts written by members
#: rather than the gardeners, at or above which the conversation flows both ways...
TWO_WAY_ANSWERED = 0.5
TWO_WAY_MEMBER_POSTS = 0.5
#: ...and below which (both) it flows one way, from the gardeners to members.
ONE_WAY_ANSWERED = 0.2
ONE_WAY_MEMBER_POSTS = 0.2

# --- principle 3: participation --------------------------------------------------------------

#: The typical core and active shares the literature describes (shown beside the community's).
CORE_SHARE_TYPICAL_LOW = 0.10
CORE_SHARE_TYPICAL_HIGH = 0.15
ACTIVE_SHARE_TYPICAL_LOW = 0.15
ACTIVE_SHARE_TYPICAL_HIGH = 0.20
#: The share that mostly reads in an online community (1/9/90): lurking is the expected shape.
READING_SHARE_TYPICAL = 0.90
#: The shares that create and that respond in an online community (the 1 and the 9 of 1/9/90).
CREATE_SHARE_TYPICAL = 0.01
RESPOND_SHARE_TYPICAL = 0.09
#: The share of observed core read as a healthy spread: early stages (a handful of founders is
#: most of a young community) and later ones (a small community's core is a larger share).
CORE_SHARE_EARLY_LOW = 0.05
CORE_SHARE_EARLY_HIGH = 0.8
CORE_SHARE_LATER_LOW = 0.05
CORE_SHARE_LATER_HIGH = 0.4
#: Share of attendances made by the observed core above which, with nobody moving inwards and
#: no newcomer for a year, the core carries everything: early stages, later stages.
CORE_CARRIES_EARLY = 0.95
CORE_CARRIES_LATER = 0.8
#: The observed core shrinking by this share against a year earlier is worth a conversation...
CORE_SHRINK = 0.5
#: ...when it had at least this many people a year earlier.
CORE_SHRINK_FROM = 2
#: First-time attendees in a year, with a meeting since to come back to, before "newcomers who
#: never come back" is read at all...
NEWCOMERS_TO_READ = 3
#: ...and the share of them who came back below which it is worth a conversation.
NEWCOMERS_RETURN = 0.25

# --- principle 4: spaces (no numbers: at least one of each kind, meetings held in each) ------

# --- principle 5: domain ---------------------------------------------------------------------

#: Share of the readable recent topics touching the domain or members' interests.
TOPIC_RELEVANCE_THRIVING = 0.6
TOPIC_RELEVANCE_GROWING = 0.3
#: Word stems: the first letters kept of each word, and the shortest word read.
STEM_LETTERS = 6
STEM_SHORTEST_WORD = 4

# --- principle 6: activities -----------------------------------------------------------------

#: How many recent held meetings to read the activity mix from.
RECENT_MEETINGS = 8
#: Share of recent meetings with a stimulating and with a familiar activity for a thriving mix.
STIMULATING_SHARE = 0.25
FAMILIAR_SHARE = 0.5
#: Activity labels named in the evidence, most frequent first.
LABELS_SHOWN = 3

# --- principle 7: rhythm ---------------------------------------------------------------------

#: Regularity: mean distance of gaps from the median gap, as a share of it (0 = clockwork).
REGULAR_SPREAD = 0.25
IRREGULAR_SPREAD = 0.6
#: Share of a year's meetings cancelled: growing above the first, worth a conversation above
#: the second.
CANCELLED_GROWING = 0.15
CANCELLED_ATTENTION = 0.3
#: Change in average attendance, last half year against the half year before.
ATTENDANCE_STEADY = 0.05
ATTENDANCE_DROP_GROWING = -0.15
ATTENDANCE_DROP_ATTENTION = -0.35
#: A meeting gap this many times the usual one means the rhythm has stalled (or, for a series
#: that reached its planned end, that meetings stopped well before it).
STALLED_GAPS = 3.0
#: A rhythm whose first meeting is this many days after the as-of date did not exist yet.
RHYTHM_LEAD_DAYS = 45

# --- principle 8: gardener -------------------------------------------------------------------

#: Share of the window's meetings at which the gardening role was covered.
GARDENER_ATTENDANCE = 0.5
#: Members per gardener beyond which one person can no longer welcome everyone personally.
MEMBERS_PER_GARDENER = 40

#: Share of roles (chairing, hosting, welcoming, notes) taken by members rather than the
#: gardeners that rises, from the earlier meetings to the later ones, for "moving to members";
#: the same rise of member-proposed topics reads as the agenda moving.
ROLES_SHIFT = 0.15
#: Meetings recording roles (or topics with a proposer) before that movement is read at all.
SHIFT_MEETINGS = 6

# --- principle 9: sponsorship ----------------------------------------------------------------

#: Days since the last update to the sponsor: thriving within the first, growing the second.
SPONSOR_UPDATE_THRIVING_DAYS = 100
SPONSOR_UPDATE_GROWING_DAYS = 200

# --- lifecycle stage -------------------------------------------------------------------------

#: Held meetings before a group is more than potential.
STAGE_POTENTIAL_MEETINGS = 3
#: Age (days) and meetings before a community can be maturing rather than coalescing.
STAGE_MATURING_DAYS = 270
STAGE_MATURING_MEETINGS = 8
#: Members taking part as core or active before a community can be maturing.
STAGE_MATURING_ENGAGED = 2
#: Age (days) of a settled community that has kept going: stewardship.
STAGE_STEWARDSHIP_DAYS = 3 * 365
#: Attendance falling by this share (half year on half year), or no meeting for this many days,
#: in an established community: it is transforming (closing, merging or changing shape).
STAGE_TRANSFORMATION_DROP = -0.5
STAGE_TRANSFORMATION_SILENCE_DAYS = 120


@dataclass(frozen=True)
class Note:
    """What a threshold means and where its number comes from."""

    meaning: str
    source: str


_WINDOW = "a window long enough that one missed meeting of a monthly rhythm changes nothing"

#: Every constant above: its meaning and its source ("copkit default" when no source gives it).
SOURCES: dict[str, Note] = {
    "PARTICIPATION_WINDOW_DAYS": Note(f"days behind an observed level: {_WINDOW}", COPKIT_DEFAULT),
    "MOVEMENT_STEP_DAYS": Note("days between the levels compared for movement", COPKIT_DEFAULT),
    "SILENT_DAYS": Note(
        "days without attending before a member is offered for a personal note "
        "(never a concern on its own)",
        COPKIT_DEFAULT,
    ),
    "RECENT_DAYS": Note("days counted as recent (half a year)", COPKIT_DEFAULT),
    "YEAR_DAYS": Note(
        "days in the year read for regularity, cancellations and movement "
        "inwards; the sources flag nobody moving inwards over a year",
        f"{COPKIT_DEFAULT} (the span follows {STAEMPFLI_2016})",
    ),
    "QUARTER_DAYS": Note("days back to the check compared for movement", COPKIT_DEFAULT),
    "SURVEY_ROUND_DAYS": Note(
        "days of answers counted as one survey round",
        f"{COPKIT_DEFAULT} (the survey form follows {PSDP})",
    ),
    "CORE_ATTENDANCE_WITH_TOPIC": Note(
        "share of meetings attended, with a topic proposed, to be observed as core", COPKIT_DEFAULT
    ),
    "CORE_ATTENDANCE_ALONE": Note(
        "share of meetings attended to be observed as core", COPKIT_DEFAULT
    ),
    "ACTIVE_ATTENDANCE": Note(
        "share of meetings attended to be observed as active", COPKIT_DEFAULT
    ),
    "CORE_CONVERSATION_DAYS": Note(
        "days with activity between meetings that, with a thread started or a topic proposed, "
        "make a member observed as core (about weekly)",
        COPKIT_DEFAULT,
    ),
    "RECENT_TOPICS": Note("most recent topics read", COPKIT_DEFAULT),
    "MEMBER_TOPICS_EARLY_THRIVING": Note(
        "member-proposed share of topics, thriving, early stages",
        f"{COPKIT_DEFAULT} (direction: {HERSEY_BLANCHARD})",
    ),
    "MEMBER_TOPICS_EARLY_GROWING": Note(
        "member-proposed share of topics, growing, early stages",
        f"{COPKIT_DEFAULT} (direction: {HERSEY_BLANCHARD})",
    ),
    "MEMBER_TOPICS_LATER_THRIVING": Note(
        "member-proposed share of topics, thriving, maturing and later",
        f"{COPKIT_DEFAULT} (direction: {PSDP})",
    ),
    "MEMBER_TOPICS_LATER_GROWING": Note(
        "member-proposed share of topics, growing, maturing and later",
        f"{COPKIT_DEFAULT} (direction: {PSDP})",
    ),
    "MEMBER_TOPICS_RISE": Note(
        "rise over a year in the member-proposed share read as growing", COPKIT_DEFAULT
    ),
    "ORGANISATIONS_THRIVING": Note(
        "organisations among members, with an outside voice, for thriving", COPKIT_DEFAULT
    ),
    "ORGANISATIONS_GROWING": Note("organisations among members for growing", COPKIT_DEFAULT),
    "CONVERSATION_POSTS_TO_READ": Note(
        "posts between meetings before the conversation is read as one-way or two-way",
        COPKIT_DEFAULT,
    ),
    "TWO_WAY_ANSWERED": Note(
        "share of the gardeners' threads answered by members for a two-way conversation",
        f"{COPKIT_DEFAULT} (one-way against two-way: {WALES})",
    ),
    "TWO_WAY_MEMBER_POSTS": Note(
        "share of posts written by members rather than the gardeners for a two-way conversation",
        f"{COPKIT_DEFAULT} (one-way against two-way: {WALES})",
    ),
    "ONE_WAY_ANSWERED": Note(
        "share of the gardeners' threads answered by members below which, with few member "
        "posts, the conversation is one-way",
        f"{COPKIT_DEFAULT} (one-way against two-way: {WALES})",
    ),
    "ONE_WAY_MEMBER_POSTS": Note(
        "share of posts written by members below which, with few answers, the conversation is "
        "one-way",
        f"{COPKIT_DEFAULT} (one-way against two-way: {WALES})",
    ),
    "CORE_SHARE_TYPICAL_LOW": Note("typical core share, low end", WENGER_2002),
    "CORE_SHARE_TYPICAL_HIGH": Note("typical core share, high end", WENGER_2002),
    "ACTIVE_SHARE_TYPICAL_LOW": Note("typical active share, low end", WENGER_2002),
    "ACTIVE_SHARE_TYPICAL_HIGH": Note("typical active share, high end", WENGER_2002),
    "READING_SHARE_TYPICAL": Note("typical share of members who mostly read", NIELSEN_2006),
    "CREATE_SHARE_TYPICAL": Note("typical share of members who create content", NIELSEN_2006),
    "RESPOND_SHARE_TYPICAL": Note(
        "typical share of members who contribute now and then", NIELSEN_2006
    ),
    "CORE_SHARE_EARLY_LOW": Note(
        "lowest observed core share read as a healthy spread, early stages", COPKIT_DEFAULT
    ),
    "CORE_SHARE_EARLY_HIGH": Note(
        "highest observed core share read as a healthy spread, early "
        "stages (a handful of founders)",
        COPKIT_DEFAULT,
    ),
    "CORE_SHARE_LATER_LOW": Note(
        "lowest observed core share read as a healthy spread, maturing and later",
        f"{COPKIT_DEFAULT} (widened from {WENGER_2002})",
    ),
    "CORE_SHARE_LATER_HIGH": Note(
        "highest observed core share read as a healthy spread, "
        "maturing and later (a small community's core is a larger "
        "share)",
        f"{COPKIT_DEFAULT} (widened from {WENGER_2002})",
    ),
    "CORE_CARRIES_EARLY": Note(
        "core's share of attendances for 'the core carries everything', early stages",
        COPKIT_DEFAULT,
    ),
    "CORE_CARRIES_LATER": Note(
        "core's share of attendances for 'the core carries everything', maturing and later",
        COPKIT_DEFAULT,
    ),
    "CORE_SHRINK": Note(
        "fall in the observed core against a year earlier read as shrinking", COPKIT_DEFAULT
    ),
    "CORE_SHRINK_FROM": Note(
        "people at the core a year earlier before shrinking is read", COPKIT_DEFAULT
    ),
    "NEWCOMERS_TO_READ": Note(
        "first-time attendees in a year before their return is read", COPKIT_DEFAULT
    ),
    "NEWCOMERS_RETURN": Note(
        "share of newcomers coming back below which it is worth a "
        "conversation (legitimate peripheral participation: newcomers "
        "learn by watching first, Lave & Wenger 1991)",
        COPKIT_DEFAULT,
    ),
    "TOPIC_RELEVANCE_THRIVING": Note(
        "share of readable topics touching the domain, thriving", COPKIT_DEFAULT
    ),
    "TOPIC_RELEVANCE_GROWING": Note(
        "share of readable topics touching the domain, growing", COPKIT_DEFAULT
    ),
    "STEM_LETTERS": Note(
        "letters kept of each word when matching topics to the domain", COPKIT_DEFAULT
    ),
    "STEM_SHORTEST_WORD": Note("shortest word read when matching topics", COPKIT_DEFAULT),
    "RECENT_MEETINGS": Note("recent meetings read for the activity mix", COPKIT_DEFAULT),
    "STIMULATING_SHARE": Note(
        "share of meetings with a stimulating activity for thriving", COPKIT_DEFAULT
    ),
    "FAMILIAR_SHARE": Note(
        "share of meetings with a familiar activity for thriving", COPKIT_DEFAULT
    ),
    "LABELS_SHOWN": Note("activity labels named in the evidence", COPKIT_DEFAULT),
    "REGULAR_SPREAD": Note(
        "spread of gaps (share of the usual gap) still read as regular", COPKIT_DEFAULT
    ),
    "IRREGULAR_SPREAD": Note("spread of gaps read as very uneven", COPKIT_DEFAULT),
    "CANCELLED_GROWING": Note(
        "share of a year's meetings cancelled above which the rhythm is "
        "growing rather than thriving",
        COPKIT_DEFAULT,
    ),
    "CANCELLED_ATTENTION": Note(
        "share of a year's meetings cancelled above which it is worth a conversation",
        COPKIT_DEFAULT,
    ),
    "ATTENDANCE_STEADY": Note("change in average attendance still read as steady", COPKIT_DEFAULT),
    "ATTENDANCE_DROP_GROWING": Note("fall in average attendance read as growing", COPKIT_DEFAULT),
    "ATTENDANCE_DROP_ATTENTION": Note(
        "fall in average attendance worth a conversation", COPKIT_DEFAULT
    ),
    "STALLED_GAPS": Note(
        "a silence this many usual gaps long reads as a stalled rhythm", COPKIT_DEFAULT
    ),
    "RHYTHM_LEAD_DAYS": Note(
        "days ahead a rhythm's first meeting may be and still count as set up", COPKIT_DEFAULT
    ),
    "GARDENER_ATTENDANCE": Note(
        "share of meetings at which the gardening role was covered", COPKIT_DEFAULT
    ),
    "ROLES_SHIFT": Note(
        "rise in the members' share of roles or topics, earlier meetings to later ones, read as "
        "moving to members",
        f"{COPKIT_DEFAULT} (direction: {GRAY_2008} ask whether the community is working more "
        f"independently; {HERSEY_BLANCHARD})",
    ),
    "SHIFT_MEETINGS": Note(
        "meetings recording roles or proposers before their movement to members is read "
        "(the PSDP facilitators' first 6 meetings were their first phase)",
        f"{COPKIT_DEFAULT} (after {PSDP})",
    ),
    "MEMBERS_PER_GARDENER": Note(
        "members one gardener can welcome personally",
        f"{COPKIT_DEFAULT} (the need for several gardeners: {WALES}, "
        "which then hired four community managers)",
    ),
    "SPONSOR_UPDATE_THRIVING_DAYS": Note(
        "days since the last sponsor update, thriving (about quarterly)", COPKIT_DEFAULT
    ),
    "SPONSOR_UPDATE_GROWING_DAYS": Note(
        "days since the last sponsor update, growing", COPKIT_DEFAULT
    ),
    "STAGE_POTENTIAL_MEETINGS": Note(
        "meetings held before a group is more than potential", COPKIT_DEFAULT
    ),
    "STAGE_MATURING_DAYS": Note("age in days before a community can be maturing", COPKIT_DEFAULT),
    "STAGE_MATURING_MEETINGS": Note(
        "meetings held before a community can be maturing",
        f"{COPKIT_DEFAULT} (the facilitators' first 6 whole-day "
        f"meetings were its coalescing: {PSDP})",
    ),
    "STAGE_MATURING_ENGAGED": Note(
        "members taking part as core or active before maturing", COPKIT_DEFAULT
    ),
    "STAGE_STEWARDSHIP_DAYS": Note("age in days of a community in stewardship", COPKIT_DEFAULT),
    "STAGE_TRANSFORMATION_DROP": Note("fall in attendance read as transformation", COPKIT_DEFAULT),
    "STAGE_TRANSFORMATION_SILENCE_DAYS": Note(
        "days without a meeting read as transformation", COPKIT_DEFAULT
    ),
}


def value(name: str) -> float:
    """The number a constant of this module holds, looked up by name for ``--explain``."""
    number = globals()[name]
    if not isinstance(number, int | float):
        raise KeyError(name)
    return number


# --- a community's own thresholds ------------------------------------------------------------

#: Windows of time are written into the readings' sentences when copkit loads ("the last six
#: months"), so a community cannot tune them: the words would no longer match the numbers.
_FIXED = frozenset(
    {
        "PARTICIPATION_WINDOW_DAYS",
        "MOVEMENT_STEP_DAYS",
        "SILENT_DAYS",
        "RECENT_DAYS",
        "YEAR_DAYS",
        "QUARTER_DAYS",
        "SURVEY_ROUND_DAYS",
        "STEM_LETTERS",
        "STEM_SHORTEST_WORD",
    }
)
#: The defaults, as copkit ships them (the module's globals change while a tuned check runs).
DEFAULTS: dict[str, float] = {name: value(name) for name in SOURCES}
#: Sources as copkit ships them, for the same reason.
_SHIPPED: dict[str, Note] = dict(SOURCES)


def tunable() -> list[str]:
    """The thresholds a community may set for itself."""
    return [name for name in SOURCES if name not in _FIXED]


def allowed_range(name: str) -> tuple[float, float]:
    """The values a threshold may take: a share between 0 and 1 (a fall between -1 and 0), a
    count or a number of days from 1, a multiple of a gap from 1."""
    default = DEFAULTS[name]
    if isinstance(default, float) and default < 0:
        return (-1.0, 0.0)
    if isinstance(default, float) and default <= 1:
        return (0.0, 1.0)
    return (1.0, 10_000.0)


def check_tuning(name: str, number: float) -> tuple[str, float]:
    """A threshold a community wants to set, refused with a reason when copkit does not know
    the name, or the value falls outside what the threshold can mean."""
    wanted = name.strip().upper().replace("-", "_")
    if wanted not in SOURCES:
        raise InputError(
            f"{name!r} is not a threshold of the health check (see `copkit health --explain`)"
        )
    if wanted in _FIXED:
        raise InputError(f"{wanted} is a window of time the readings' words are written from")
    low, high = allowed_range(wanted)
    if not low <= number <= high:
        raise InputError(f"{wanted} must lie between {low:g} and {high:g}, not {number:g}")
    if isinstance(DEFAULTS[wanted], int) and number != int(number):
        raise InputError(f"{wanted} is a whole number, not {number:g}")
    return wanted, int(number) if isinstance(DEFAULTS[wanted], int) else float(number)


_TUNING_LOCK = threading.RLock()


@contextmanager
def tuned(overrides: Mapping[str, float]) -> Iterator[None]:
    """Run a health check with a community's own thresholds in place of copkit's.

    The readings look their numbers up in this module as they run, so the values are set here
    for the check's length and restored after; a lock keeps two checks in one process from
    seeing each other's. Each tuned number's source says it was set by this community, with
    copkit's default and its source beside it. Names copkit no longer knows are ignored (a file
    written by another version).
    """
    with _TUNING_LOCK:
        module = globals()
        known = {k: v for k, v in overrides.items() if k in SOURCES and k not in _FIXED}
        try:
            for name, number in known.items():
                module[name] = number
                shipped = _SHIPPED[name]
                SOURCES[name] = Note(
                    shipped.meaning,
                    f"{SET_BY_COMMUNITY} (copkit's default {DEFAULTS[name]:g}: {shipped.source})",
                )
            yield
        finally:
            for name in known:
                module[name] = DEFAULTS[name]
                SOURCES[name] = _SHIPPED[name]


EARLY_STAGES = (Stage.POTENTIAL, Stage.COALESCING)


def early(stage: Stage) -> bool:
    """Potential and coalescing: a few founders carry things and that is what should happen."""
    return stage in EARLY_STAGES


@dataclass(frozen=True)
class Band:
    """A share at or above ``thriving`` reads as thriving, at or above ``growing`` as growing.

    ``names`` are the constants behind the two numbers, so an explanation can cite them."""

    thriving: float
    growing: float
    names: tuple[str, str]


def member_topic_share(stage: Stage) -> Band:
    """Share of recent topics proposed by members rather than the gardener.

    Situational leadership: early on the gardener directs and sets most of the agenda; as a
    community matures members set more of it (as the PSDP facilitators' agenda did).
    """
    if early(stage):
        names = ("MEMBER_TOPICS_EARLY_THRIVING", "MEMBER_TOPICS_EARLY_GROWING")
    else:
        names = ("MEMBER_TOPICS_LATER_THRIVING", "MEMBER_TOPICS_LATER_GROWING")
    return Band(value(names[0]), value(names[1]), names)


def core_share_names(stage: Stage) -> tuple[str, str]:
    """The constants of the healthy core share for a stage: (low, high)."""
    if early(stage):
        return ("CORE_SHARE_EARLY_LOW", "CORE_SHARE_EARLY_HIGH")
    return ("CORE_SHARE_LATER_LOW", "CORE_SHARE_LATER_HIGH")


def core_share_range(stage: Stage) -> tuple[float, float]:
    """The share of observed-core members read as a healthy spread of levels at ``stage``."""
    low, high = core_share_names(stage)
    return value(low), value(high)


def core_carries_name(stage: Stage) -> str:
    """The constant of "the core carries everything" for a stage."""
    return "CORE_CARRIES_EARLY" if early(stage) else "CORE_CARRIES_LATER"


def core_carries_everything(stage: Stage) -> float:
    """Share of attendances by the observed core above which it may carry everything."""
    return value(core_carries_name(stage))
