"""Every number the health check compares against, named and explained, in one place.

These are conversation starters, not standards: each marks where a pattern in the records becomes
worth looking at. Where the literature says a healthy pattern depends on the community's
lifecycle stage (Wenger, McDermott & Snyder 2002), the threshold is a function of the stage; a
coalescing community with few core members and a gardener-led agenda is doing what it should.
"""

from __future__ import annotations

from dataclasses import dataclass

from copkit.health.findings import Stage

# --- windows of time -------------------------------------------------------------------------

#: Days of attendance and contributions behind a member's observed level: about a quarter,
#: long enough that one missed meeting of a monthly rhythm does not change anyone's level.
PARTICIPATION_WINDOW_DAYS = 90

#: Month-on-month movement between levels (the Orbit model) compares levels a month apart.
MOVEMENT_STEP_DAYS = 30

#: Days without attending while meetings went on, after which a member is "long silent".
#: Six months: a peripheral member may lurk for a season, but half a year is worth a note.
SILENT_DAYS = 180

#: "Recent" for activity mix, guests, spaces used, newcomers: the last half year.
RECENT_DAYS = 182

#: A year: the span for rhythm regularity, cancellations and "a year earlier" comparisons.
YEAR_DAYS = 365

#: Movement per principle compares with the check as it looked one quarter earlier.
QUARTER_DAYS = 91

#: The latest survey round: responses recorded within this many days of the newest one.
SURVEY_ROUND_DAYS = 60

# --- observed participation levels -----------------------------------------------------------

#: Share of the meetings held in the window (since the member joined) a member attended to be
#: observed as core, provided they also proposed a topic; or alone, at the higher share below.
CORE_ATTENDANCE_WITH_TOPIC = 0.67
CORE_ATTENDANCE_ALONE = 0.85

#: Share attended (or any topic proposed) to be observed as active; below it, peripheral, which
#: is a legitimate way to belong (most members of any community read more than they speak).
ACTIVE_ATTENDANCE = 0.25

# --- principle 1: organic evolution ------------------------------------------------------------

#: How many of the most recent topics (with a known proposer) to look at.
RECENT_TOPICS = 12


@dataclass(frozen=True)
class Band:
    """A share at or above ``thriving`` reads as thriving, at or above ``growing`` as growing."""

    thriving: float
    growing: float


def member_topic_share(stage: Stage) -> Band:
    """Share of recent topics proposed by members rather than the gardener.

    Situational leadership (Hersey & Blanchard): early on the gardener directs and sets most of
    the agenda; as a community matures members should set more of it, so the bar rises.
    """
    if stage in (Stage.POTENTIAL, Stage.COALESCING):
        return Band(thriving=0.35, growing=0.15)
    return Band(thriving=0.5, growing=0.3)


# --- principle 2: dialogue ---------------------------------------------------------------------

#: Organisations among current members for the community to hear several perspectives inside.
ORGANISATIONS_THRIVING = 3

# --- principle 3: participation ------------------------------------------------------------------


def core_share_range(stage: Stage) -> tuple[float, float]:
    """The share of observed-core members that reads as a healthy spread of levels.

    The 1/9/90 pattern holds for large online communities; a small CoP usually has a core of
    10-30%. A coalescing community is often mostly core (a handful of founders), so the upper
    bound is relaxed while it coalesces.
    """
    if stage in (Stage.POTENTIAL, Stage.COALESCING):
        return (0.05, 0.8)
    return (0.05, 0.4)


def core_carries_everything(stage: Stage) -> float:
    """Share of attendances made by observed-core members above which "the core carries
    everything" and others are not finding a way in. A coalescing community is mostly its
    founders, so only a core doing practically everything is worth a conversation then."""
    if stage in (Stage.POTENTIAL, Stage.COALESCING):
        return 0.95
    return 0.8


#: Share of current members long silent above which the participation signal asks attention.
SILENT_SHARE_ATTENTION = 0.5

# --- principle 4: spaces (no numbers: at least one of each kind, meetings held in each) -------

# --- principle 5: domain -----------------------------------------------------------------------

#: Share of recent topics touching the domain or members' interests for a thriving signal.
TOPIC_RELEVANCE_THRIVING = 0.6
TOPIC_RELEVANCE_GROWING = 0.3

# --- principle 6: activities ---------------------------------------------------------------------

#: How many recent held meetings to read the activity mix from.
RECENT_MEETINGS = 8

#: Share of recent meetings with a stimulating activity (new perspectives) and with a familiar
#: one (stability) for a thriving mix.
STIMULATING_SHARE = 0.25
FAMILIAR_SHARE = 0.5

# --- principle 7: rhythm -------------------------------------------------------------------------

#: Regularity: mean distance of gaps from the median gap, as a share of it (0 = clockwork).
REGULAR_SPREAD = 0.25
IRREGULAR_SPREAD = 0.6

#: Share of a year's meetings cancelled: a few is life, many tells members it is optional.
CANCELLED_GROWING = 0.15
CANCELLED_ATTENTION = 0.3

#: Change in average attendance, last half year against the half year before.
ATTENDANCE_DROP_GROWING = -0.15
ATTENDANCE_DROP_ATTENTION = -0.35

#: A meeting gap this many times the usual one means the rhythm has stalled.
STALLED_GAPS = 3.0

#: A rhythm whose first meeting is this many days after the as-of date did not exist yet
#: (copkit does not record when a rhythm was added).
RHYTHM_LEAD_DAYS = 45

# --- principle 8: gardener -----------------------------------------------------------------------

#: Share of the window's meetings the gardener attended to read as present and active.
GARDENER_ATTENDANCE = 0.5

#: Members per gardener beyond which one person can no longer welcome everyone personally;
#: practitioners' accounts put it around a few dozen, after which co-gardeners help.
MEMBERS_PER_GARDENER = 40

# --- principle 9: sponsorship --------------------------------------------------------------------

#: Days since the last update to the sponsor: quarterly is the usual rhythm of such reports.
SPONSOR_UPDATE_THRIVING_DAYS = 100
SPONSOR_UPDATE_GROWING_DAYS = 200

# --- lifecycle stage -----------------------------------------------------------------------------

#: Held meetings before a group is more than potential.
STAGE_POTENTIAL_MEETINGS = 3
#: Age (days) and meetings before a community can be maturing rather than coalescing.
STAGE_MATURING_DAYS = 270
STAGE_MATURING_MEETINGS = 8
#: Age (days) of a settled community that has kept going: stewardship.
STAGE_STEWARDSHIP_DAYS = 3 * 365
#: Attendance falling by this share (half year on half year), or no meeting for this many days,
#: in an established community: it is transforming (closing, merging or changing shape).
STAGE_TRANSFORMATION_DROP = -0.5
STAGE_TRANSFORMATION_SILENCE_DAYS = 120
