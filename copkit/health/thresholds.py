"""Every number the health check compares against, named, explained and sourced, in one place.

These are conversation starters, not standards: each marks where a pattern in the records becomes
worth looking at. Each constant has an entry in :data:`SOURCES` saying what it means and where it
comes from: a figure from the literature behind the nine principles (``../shared/DOMAIN.md``) or,
where the sources give no number, :data:`COPKIT_DEFAULT`, so a gardener reading
``copkit health --explain`` can tell a published figure from copkit's own judgement (the table
lives in :mod:`copkit.health.sources`; its names are importable from here). Where the literature
says a healthy pattern depends on the lifecycle stage (Wenger, McDermott & Snyder
2002), there is one constant for the early stages and one for later ones.

The readings never write a number inline: periods quoted in their sentences ("the last 90 days",
"six months") are written from the same constants by :func:`copkit.health.words.the_last`.
"""

from __future__ import annotations

import threading
import typing
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import msgspec

from copkit.errors import InputError
from copkit.health.findings import Stage
from copkit.health.sources import CITATIONS as CITATIONS
from copkit.health.sources import COPKIT_DEFAULT as COPKIT_DEFAULT
from copkit.health.sources import GRAY_2008 as GRAY_2008
from copkit.health.sources import HERSEY_BLANCHARD as HERSEY_BLANCHARD
from copkit.health.sources import LAVE_WENGER as LAVE_WENGER
from copkit.health.sources import NIELSEN_2006 as NIELSEN_2006
from copkit.health.sources import PSDP as PSDP
from copkit.health.sources import SET_BY_COMMUNITY as SET_BY_COMMUNITY
from copkit.health.sources import SOURCES as SOURCES
from copkit.health.sources import STAEMPFLI_2016 as STAEMPFLI_2016
from copkit.health.sources import WALES as WALES
from copkit.health.sources import WENGER_2002 as WENGER_2002
from copkit.health.sources import Note as Note
from copkit.model.parts import Tuning, tuning_name
from copkit.model.words import STEM_LETTERS as STEM_LETTERS
from copkit.model.words import STEM_SHORTEST_WORD as STEM_SHORTEST_WORD
from copkit.records.survey import SURVEY_ROUND_DAYS as SURVEY_ROUND_DAYS

if typing.TYPE_CHECKING:  # not TYPE_CHECKING: every upper-case number here is a threshold
    from copkit.storage.store import Session

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
#: The latest survey round: responses recorded within this many days of the newest one
#: (SURVEY_ROUND_DAYS, imported above: its home is records.survey, which refuses an answer
#: given twice in one round).

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

#: Readable topics among the most recent before their closeness to the domain is read at all:
#: fewer are too few to tell (two topics the gardener proposed say little about the domain).
DOMAIN_TOPICS_TO_READ = 4
#: Share of the readable recent topics touching the domain or members' interests.
TOPIC_RELEVANCE_THRIVING = 0.6
TOPIC_RELEVANCE_GROWING = 0.3
#: Word stems: the first letters kept of each word, and the shortest word read
#: (STEM_LETTERS and STEM_SHORTEST_WORD, imported above: their home is the normaliser,
#: model.words, whose theme suggestions use them too).

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
    wanted = tuning_name(name)
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


def retune(session: Session, changes: Iterable[tuple[str, float | None]]) -> tuple[Tuning, ...]:
    """The thresholds the community sets for itself once ``changes`` are made, in order, on top
    of those it set before: a (name, number) sets that threshold (refused by
    :func:`check_tuning` if copkit does not know it or it cannot take the number), a
    (name, None) returns it to copkit's default. What ``thresholds`` becomes in
    :func:`copkit.records.edit_community`; every face sets thresholds here."""
    tunings = {t.name: t for t in session.community().thresholds}
    for name, number in changes:
        if number is None:
            tunings.pop(tuning_name(name), None)
            continue
        found, checked = check_tuning(name, number)
        tunings[found] = Tuning(found, checked)
    return tuple(tunings.values())


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


class Band(msgspec.Struct, frozen=True):
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
