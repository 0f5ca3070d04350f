"""The figures behind every chart, computed from the core; :mod:`copkit.report.charts` draws them.

A chart must never disagree with the text beside it, so each figure here is read with the
functions the health check and the dashboard read (:mod:`copkit.health.participation`, the
survey lens, the planned ending, the dialogue principle's flow), under the thresholds the
community set for itself, and the numbers of the source bands come from
:mod:`copkit.health.thresholds` with their citations from :mod:`copkit.health.sources`.

:func:`health_figures` is what ``health --format html`` draws. :func:`sponsor_figures` is what
the sponsor report may draw: attendance, the participation shape and the survey, holding what
the sponsor report's text shows and nothing more (no conversation from a private space, not even
how busy it was; no name of a series, space or person). No figure ranks anyone.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from copkit.conversations.read import threads
from copkit.health import participation, survey
from copkit.health import thresholds as th
from copkit.health.checkup import set_up_by
from copkit.health.dialogue import flow
from copkit.health.ending import planned_ending
from copkit.health.gardening import gardener_ids
from copkit.model import Level
from copkit.model.principles import PRINCIPLES
from copkit.records import CommunityData

__all__ = [
    "FLOW_MONTHS",
    "MONTHS",
    "AttendanceFigure",
    "AttendanceMonth",
    "Band",
    "ConversationFigure",
    "Figures",
    "MovementFigure",
    "MovementMonth",
    "ShapeFigure",
    "SpaceMonth",
    "SurveyFigure",
    "SurveyPrinciple",
    "flows",
    "health_figures",
    "sponsor_figures",
]

#: Months of "one-way or two-way" the dashboard's home screen shows, oldest first.
FLOW_MONTHS = 6
#: Months every chart of a page covers: the last twelve, ``as_of``'s month last.
MONTHS = 12


class AttendanceMonth(msgspec.Struct, frozen=True):
    """One calendar month: the average attendance of its held meetings (as the dashboard's
    trend rounds it), how many were held and how many were called off."""

    month: dt.date
    average: int
    held: int
    cancelled: int


class AttendanceFigure(msgspec.Struct, frozen=True):
    months: tuple[AttendanceMonth, ...]
    #: The day the last series' last planned meeting fell, when every series ended as planned
    #: (:func:`copkit.health.ending.planned_ending`): months after it are not a lapse.
    ended: dt.date | None = None
    #: The series that ended as planned (empty on the sponsor's page: a name may be private).
    ended_series: tuple[str, ...] = ()


class Band(msgspec.Struct, frozen=True):
    """What a source finds typical for one group, as a share of members, with its citation."""

    group: str
    low: float
    high: float
    source: str


class ShapeFigure(msgspec.Struct, frozen=True):
    """Observed levels (:func:`participation.shape`) against Wenger, McDermott & Snyder's
    bands, and the 1/9/90 contribution shape against Nielsen's."""

    observed: dict[str, int]
    declared: dict[str, int]
    level_bands: tuple[Band, ...]
    #: The 1/9/90 shape of conversation, as the participation reading measures it.
    contribution: participation.Contribution
    contribution_bands: tuple[Band, ...]
    window_days: int
    #: Whether any conversation between meetings is recorded: 1/9/90 is about posting, so
    #: without it there is nothing to set against Nielsen's figures (as on the dashboard).
    talked: bool

    @property
    def known(self) -> int:
        """Members with an observed level: the denominator of the level shares."""
        return sum(self.observed[level.value] for level in Level)

    def share(self, level: str) -> float:
        """An observed level as a share of the members with one (0 with none)."""
        return self.observed[level] / self.known if self.known else 0.0


class SpaceMonth(msgspec.Struct, frozen=True):
    """Conversation in one space over one month: posts, replies, and how many of the posts
    started a two-way exchange (someone other than the starter replied, as the ecosystem map
    reads it) or stayed one-way."""

    space: str
    private: bool
    month: dt.date
    posts: int
    replies: int
    two_way: int
    one_way: int


class ConversationFigure(msgspec.Struct, frozen=True):
    #: Month start -> "one-way", "two-way", "partly two-way" or None, read as the dialogue
    #: principle reads it (:func:`flows`).
    flows: tuple[tuple[dt.date, str | None], ...]
    spaces: tuple[SpaceMonth, ...]


class SurveyPrinciple(msgspec.Struct, frozen=True):
    number: int
    key: str
    title: str
    responses: int
    agree_share: float | None


class SurveyFigure(msgspec.Struct, frozen=True):
    """The latest round as the health check reads it: per principle, who answered and the
    share agreeing, against the members on the survey date (the denominator)."""

    answered_on: dt.date | None
    respondents: int
    members: int | None
    stale: bool
    principles: tuple[SurveyPrinciple, ...]


class MovementMonth(msgspec.Struct, frozen=True):
    """Movement between observed levels over the month up to ``day``; ``readable`` is False
    when that month held no meeting and no conversation (nothing to move by)."""

    day: dt.date
    readable: bool
    moved_in: int
    held: int
    moved_out: int
    new: int


class MovementFigure(msgspec.Struct, frozen=True):
    months: tuple[MovementMonth, ...]


class Figures(msgspec.Struct, frozen=True):
    """Every chart of one page. The sponsor's carry no conversation and no movement."""

    as_of: dt.date
    name: str
    attendance: AttendanceFigure
    shape: ShapeFigure
    survey: SurveyFigure
    conversation: ConversationFigure | None = None
    movement: MovementFigure | None = None


def flows(
    data: CommunityData, as_of: dt.date, months: int = FLOW_MONTHS
) -> list[tuple[dt.date, str | None]]:
    """Which way conversation between meetings flowed in each of the last ``months`` calendar
    months (the current one up to ``as_of``), read as the dialogue principle reads it."""
    if data.conversation is None or data.conversation.empty:
        return []
    view = participation.upto(data, as_of)
    gardeners = gardener_ids(view)
    rows: list[tuple[dt.date, str | None]] = []
    for back in range(months - 1, -1, -1):
        first, last = _month_span(as_of, back)
        found = flow(view, first - dt.timedelta(days=1), last, gardeners)
        rows.append((first, found.way if found else None))
    return rows


def _month_span(as_of: dt.date, back: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the month ``back`` months before ``as_of``'s, cut at
    ``as_of``."""
    first = participation.month_start(as_of, back)
    last = min(participation.month_start(as_of, back - 1) - dt.timedelta(days=1), as_of)
    return first, last


def _attendance(
    view: CommunityData, as_of: dt.date, ended: tuple[dt.date, tuple[str, ...]] | None
) -> AttendanceFigure:
    trend = participation.attendance_trend(view, as_of, months=MONTHS)
    held: dict[dt.date, int] = {}
    cancelled: dict[dt.date, int] = {}
    for meeting in view.meetings:
        day = meeting.start.date()
        if day > as_of:
            continue
        tally = held if meeting.held else cancelled
        month = participation.month_start(day)
        tally[month] = tally.get(month, 0) + 1
    months = tuple(
        AttendanceMonth(month, average, held.get(month, 0), cancelled.get(month, 0))
        for month, average in trend
    )
    if ended is None:
        return AttendanceFigure(months)
    return AttendanceFigure(months, ended[0], ended[1])


def _shape(view: CommunityData, as_of: dt.date, talk: CommunityData | None = None) -> ShapeFigure:
    """The levels from ``view``; the 1/9/90 shape from the conversation of ``talk`` (default
    ``view``: the sponsor's reads public spaces alone)."""
    talk = talk or view
    found = participation.shape(view, as_of)
    made = participation.contribution(talk, as_of)
    wenger, nielsen = th.WENGER_2002, th.NIELSEN_2006
    return ShapeFigure(
        observed=found["observed"],
        declared=found["declared"],
        level_bands=(
            Band("core", th.CORE_SHARE_TYPICAL_LOW, th.CORE_SHARE_TYPICAL_HIGH, wenger),
            Band("active", th.ACTIVE_SHARE_TYPICAL_LOW, th.ACTIVE_SHARE_TYPICAL_HIGH, wenger),
            # "the rest peripheral": what the two bands above leave
            Band(
                "peripheral",
                round(1 - th.CORE_SHARE_TYPICAL_HIGH - th.ACTIVE_SHARE_TYPICAL_HIGH, 2),
                round(1 - th.CORE_SHARE_TYPICAL_LOW - th.ACTIVE_SHARE_TYPICAL_LOW, 2),
                wenger,
            ),
        ),
        contribution=made,
        contribution_bands=(
            Band("create", th.CREATE_SHARE_TYPICAL, th.CREATE_SHARE_TYPICAL, nielsen),
            Band("respond", th.RESPOND_SHARE_TYPICAL, th.RESPOND_SHARE_TYPICAL, nielsen),
            Band("read", th.READING_SHARE_TYPICAL, th.READING_SHARE_TYPICAL, nielsen),
        ),
        window_days=th.PARTICIPATION_WINDOW_DAYS,
        talked=talk.conversation is not None and not talk.conversation.empty,
    )


def _survey(data: CommunityData, view: CommunityData, as_of: dt.date) -> SurveyFigure:
    """Read as :func:`copkit.health.checkup.run` reads it, so the chart and the table agree."""
    answers = survey.latest_round(view.survey, as_of)
    answered = survey.round_day(answers)
    members = survey.members_on(data.members, answered) if answered else None
    rows = []
    for number, key, title in PRINCIPLES:
        lens = survey.lens(answers, key, members=members)
        rows.append(SurveyPrinciple(number, key, title, lens.responses, lens.agree_share))
    return SurveyFigure(
        answered_on=answered,
        respondents=len({r.respondent for r in answers}),
        members=members,
        stale=survey.is_stale(answers, as_of),
        principles=tuple(rows),
    )


def _spaces(view: CommunityData, as_of: dt.date) -> tuple[SpaceMonth, ...]:
    log = view.conversation
    if log is None or log.empty:
        return ()
    found = []
    for back in range(MONTHS - 1, -1, -1):
        first, last = _month_span(as_of, back)
        start = first - dt.timedelta(days=1)
        by_space = participation.talk_by_space(view, start, last)
        started = threads(log, start, last)
        for space in view.spaces:
            counts = by_space.get(space.id)
            if counts is None or not counts.posts + counts.replies:
                continue
            two_way = sum(
                1 for t in started if t.space_id == space.id and t.answered_by_others(last)
            )
            found.append(
                SpaceMonth(
                    space.name,
                    space.is_private,
                    first,
                    counts.posts,
                    counts.replies,
                    min(two_way, counts.posts),
                    max(counts.posts - two_way, 0),
                )
            )
    return tuple(found)


def _movement(view: CommunityData, as_of: dt.date) -> MovementFigure:
    step = dt.timedelta(days=th.MOVEMENT_STEP_DAYS)
    rows = []
    for back in range(MONTHS - 1, -1, -1):
        day = as_of - back * step
        readable = participation.movement_readable(view, day)
        moves = participation.level_movement(view, day)
        rows.append(
            MovementMonth(
                day, readable, moves["moved_in"], moves["held"], moves["moved_out"], moves["new"]
            )
        )
    return MovementFigure(tuple(rows))


def _ended(
    data: CommunityData, view: CommunityData, as_of: dt.date
) -> tuple[dt.date, tuple[str, ...]] | None:
    ending = planned_ending(view, set_up_by(data, as_of), as_of)
    return None if ending is None else (ending.last_planned, ending.names)


def health_figures(data: CommunityData, as_of: dt.date) -> Figures:
    """Every chart of ``health --format html`` for ``data`` as it stood on ``as_of``."""
    with th.tuned(data.community.tuning()):
        view = participation.upto(data, as_of)
        return Figures(
            as_of=as_of,
            name=data.community.name,
            attendance=_attendance(view, as_of, _ended(data, view, as_of)),
            shape=_shape(view, as_of),
            survey=_survey(data, view, as_of),
            conversation=ConversationFigure(
                tuple(flows(data, as_of, MONTHS)), _spaces(view, as_of)
            ),
            movement=_movement(view, as_of),
        )


def _public_talk(view: CommunityData) -> CommunityData:
    """``view`` with the conversation of its public spaces alone, as the sponsor report reads
    conversation: nothing said in a private space, not even how busy it was."""
    log = view.conversation
    if log is None or log.empty:
        return view
    public = frozenset(s.id for s in view.spaces if not s.is_private)
    return msgspec.structs.replace(view, conversation=log.in_spaces(public))


def sponsor_figures(data: CommunityData, as_of: dt.date) -> Figures:
    """The charts the sponsor may see: attendance, the participation shape and the survey.

    They hold exactly what the sponsor report's text lets through and nothing more, so a
    picture never disagrees with the words beside it: attendance and the levels are the
    report's aggregate figures (:func:`copkit.readings.sponsor_report.build_sponsor_report`
    reads ``trend`` and ``shape`` the same way, a private series counting by its figures alone,
    as "A private meeting series: 12 meetings"); the 1/9/90 shape reads the conversation of
    public spaces alone, as the report does; no series, space or person is named, nothing is
    ranked, and there is no chart of conversation per space or of movement."""
    with th.tuned(data.community.tuning()):
        view = participation.upto(data, as_of)
        ended = _ended(data, view, as_of)
        return Figures(
            as_of=as_of,
            name=data.community.name,
            attendance=_attendance(view, as_of, None if ended is None else (ended[0], ())),
            shape=_shape(view, as_of, _public_talk(view)),
            survey=_survey(data, view, as_of),
        )
