"""What each health-check threshold means and where its number comes from.

Kept apart from :mod:`copkit.health.thresholds` because it is prose, not numbers: the table
is most of the length, and the readings never need it, only ``copkit health --explain`` and a
tuned check (which rewrites an entry's source while it runs). Every name here stays importable
from :mod:`copkit.health.thresholds`, and that module refuses to load if a constant and this
table disagree.
"""

from __future__ import annotations

import msgspec

#: Said of a number the sources do not give: copkit's own judgement, open to tuning.
COPKIT_DEFAULT = "copkit default"
#: Said of a number a community set for itself (``community edit --threshold``).
SET_BY_COMMUNITY = "set by this community"

#: Each work by the short name a threshold's source gives; its full reference is in
#: :data:`CITATIONS`, which ``--explain`` lists once under the thresholds.
WENGER_2002 = "Wenger, McDermott & Snyder (2002)"
NIELSEN_2006 = "Nielsen (2006)"
PSDP = "Staempfli (2021)"
WALES = "Social Finance (2022)"
STAEMPFLI_2016 = "Staempfli et al. (2016)"
GRAY_2008 = "Gray, Parker & Immins (2008)"
HERSEY_BLANCHARD = "Hersey & Blanchard"
LAVE_WENGER = "Lave & Wenger (1991)"

#: Short name -> the full reference and what copkit takes from it (../shared/DOMAIN.md).
CITATIONS: dict[str, str] = {
    WENGER_2002: (
        "Wenger, McDermott & Snyder (2002), Cultivating communities of practice, ch. 3: a core "
        "of about 10-15% of the whole community, an active group of another 15-20%, the rest "
        "peripheral, which is legitimate"
    ),
    NIELSEN_2006: (
        "Nielsen (2006), participation inequality: in online communities about 90% read, 9% "
        "contribute now and then, 1% create most content (the 1/9/90 rule)"
    ),
    PSDP: (
        "Staempfli (2021), evaluating the PSDP facilitators' community of practice (Research "
        "in Practice blog, 24 May 2021; the programme is run by Research in Practice): 6 "
        "whole-day meetings, then 12 shorter online ones; the agenda moved from the leads to "
        "the members"
    ),
    WALES: (
        "Social Finance (2022), mapping communities for Social Care Wales: practitioners chose "
        "meetings by theme; groups met periodically in person with one-way communication"
    ),
    STAEMPFLI_2016: (
        "Staempfli et al. (2016), the nine design principles of a community of practice"
    ),
    GRAY_2008: (
        "Gray, Parker & Immins (2008), Leading communities of practice in social work, "
        "Groupwork 18(2)"
    ),
    HERSEY_BLANCHARD: (
        "Hersey & Blanchard, situational leadership (direct, coach, support, delegate)"
    ),
    LAVE_WENGER: (
        "Lave & Wenger (1991), legitimate peripheral participation: newcomers learn by "
        "watching first"
    ),
}


class Note(msgspec.Struct, frozen=True):
    """What a threshold means and where its number comes from."""

    meaning: str
    source: str


_WINDOW = "a window long enough that one missed meeting of a monthly rhythm changes nothing"

#: Every constant of :mod:`copkit.health.thresholds`: its meaning and its source ("copkit
#: default" when no source gives it).
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
        "conversation (newcomers learn by watching first)",
        f"{COPKIT_DEFAULT} (legitimate peripheral participation: {LAVE_WENGER})",
    ),
    "DOMAIN_TOPICS_TO_READ": Note(
        "readable topics, among the most recent, before their closeness to the domain is read "
        "(fewer are too few to tell: members are asked instead)",
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
