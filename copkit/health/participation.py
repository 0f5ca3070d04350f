"""How members take part, read from the records: observed levels, movement, newcomers, shape.

Wenger's levels (core, active, peripheral) all belong in a community of practice, and people move
between them. The gardener declares a level for each member; this module derives the level the
records show (attendance, topics proposed, and conversation between meetings, over a rolling
window) so the two can be set side by side. Much of a community's life happens between its
meetings (issue 11): a member who replies on the channel every week but never comes to a meeting
takes part, and is never "silent". Nothing here ranks people: the health check reports counts,
and the only names it offers are of long-silent members, alphabetically, as people a gardener
might write to.

Every function takes ``as_of``: only records up to that day count, so the past can be replayed.
Conversation per person over a window lives in :mod:`copkit.health.talk`; its names are importable
from here.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING

import msgspec

from copkit import records
from copkit.conversations.read import load_log
from copkit.health import thresholds as th
from copkit.health.talk import Talk as Talk
from copkit.health.talk import talk_between as talk_between
from copkit.health.talk import talk_by_space as talk_by_space
from copkit.model import Level, Meeting, Member, Rhythm
from copkit.records import CommunityData

if TYPE_CHECKING:
    from copkit.storage.store import Session

LEVEL_ORDER = {Level.PERIPHERAL: 0, Level.ACTIVE: 1, Level.CORE: 2}


def read(session: Session) -> CommunityData:
    """The community with its conversation between meetings, for the faces that read how
    people take part (health, the dashboard, ``member list --silent``, the sponsor report).

    Other faces use :func:`copkit.records.snapshot` alone and never pay for reading it.
    """
    data = records.snapshot(session)
    return msgspec.structs.replace(data, conversation=load_log(session, data.members))


def upto(data: CommunityData, as_of: dt.date) -> CommunityData:
    """The community as its records stood at the end of ``as_of``.

    Members who joined later, meetings held after that day, and later stories, survey answers
    and sponsor updates are left out. A meeting called off for a later day is kept: it is a
    fact about what is coming up, read by the one rule for the next meetings
    (:func:`copkit.records.upcoming`), never counted as a meeting of the past. Conversation
    between meetings is kept whole: every reader windows it by ``as_of``
    (``start < day <= end``), so later days never count, and one log serves every date a
    check reads (see :func:`talk_between`). Spaces carry no date and are kept; for a past
    ``as_of``, rhythms are kept whose first meeting is not far beyond it
    (``thresholds.RHYTHM_LEAD_DAYS``); a rhythm that had ended by then is left out.
    """
    # Rhythms carry no "added on" date: today, every stored rhythm exists; in the past, one
    # whose first meeting was still far off is taken not to have been set up yet.
    lead = as_of + dt.timedelta(days=th.RHYTHM_LEAD_DAYS)
    today = as_of >= dt.date.today()
    kept = [r for r in data.rhythms if (today or r.start.date() <= lead) and r.running(as_of)]
    return msgspec.structs.replace(
        data,
        members=[m for m in data.members if m.joined <= as_of],
        rhythms=kept,
        set_aside=(*data.set_aside, *(r for r in data.rhythms if r not in kept)),
        meetings=[m for m in data.meetings if m.start.date() <= as_of or not m.held],
        stories=[s for s in data.stories if s.on <= as_of],
        survey=[s for s in data.survey if s.on <= as_of],
        sponsor_updates=[u for u in data.sponsor_updates if u.on <= as_of],
    )


def held_between(data: CommunityData, start: dt.date, end: dt.date) -> list[Meeting]:
    """Held meetings with ``start < day <= end``, in date order."""
    return [m for m in data.meetings if m.held and start < m.start.date() <= end]


def current(data: CommunityData, as_of: dt.date) -> list[Member]:
    """Members on ``as_of``: joined by then and not yet left."""
    return [m for m in data.members if m.is_current(as_of)]


def _level_for(attended: int, possible: int, created: int, responded: int, days: int) -> Level:
    """Meetings and conversation together: creating (a topic proposed, a thread started) counts
    as proposing a topic always did; replying on the channel is taking an active part; a
    creator who turns up in the conversation week in, week out is at the core, like one who
    comes to most meetings. Reactions alone keep a member at the edge, reading along."""
    share = attended / possible if possible else 0.0
    if share >= th.CORE_ATTENDANCE_ALONE or (
        created and (share >= th.CORE_ATTENDANCE_WITH_TOPIC or days >= th.CORE_CONVERSATION_DAYS)
    ):
        return Level.CORE
    if share >= th.ACTIVE_ATTENDANCE or created or responded:
        return Level.ACTIVE
    return Level.PERIPHERAL


def observed_levels(
    data: CommunityData,
    as_of: dt.date | None = None,
    window_days: int = th.PARTICIPATION_WINDOW_DAYS,
) -> dict[str, Level | None]:
    """Each current member's level as the records show it over the last ``window_days``:
    meetings attended and topics proposed, and posts, replies and reactions between meetings.

    A member is judged on the meetings held since they joined and on their conversation;
    ``None`` means neither a meeting since they joined nor any conversation in the window, so
    there is nothing to read yet.
    """
    as_of = as_of or dt.date.today()
    start = as_of - dt.timedelta(days=window_days)
    window = held_between(data, start, as_of)
    attended: Counter[str] = Counter()
    proposed: Counter[str] = Counter()
    for meeting in window:
        attended.update(meeting.attendees)
        proposed.update(t.proposed_by for t in meeting.topics if t.proposed_by)
    talk = talk_between(data, start, as_of)
    openings = Openings(data, window)
    levels: dict[str, Level | None] = {}
    for member in current(data, as_of):
        who = member.id
        possible = openings.count(member)
        said = talk.of(who)
        if not possible and not said.total:
            levels[who] = None
            continue
        levels[who] = _level_for(  # .get: a Counter's own lookup of a missing key is slower
            attended.get(who, 0),
            possible,
            proposed.get(who, 0) + said.posts,
            said.replies,
            talk.days.get(who, 0),
        )
    return levels


class Openings:
    """The meetings a member could have come to: held since they joined, of a series that
    invited them (a one-off meeting is open to all), or that they came to anyway. Attendance
    is read against these, never against every meeting: a private circle of eight is no
    measure of a core member who was never invited to it.

    Prepared once for a list of meetings and then asked of every member (a check asks it of
    300 members a dozen times over).

    Most meetings are open to every member who had joined by their day (a one-off, or a
    series that invites everyone): for those, how many were open to a member is counted from
    the sorted days, plus the ones they came to before they joined; only the meetings of a
    series meant for some are looked at one by one (tests/test_openings.py holds the count to
    the rule stated meeting by meeting).
    """

    def __init__(self, data: CommunityData, meetings: list[Meeting]) -> None:
        rhythms = {r.id: r for r in (*data.rhythms, *data.set_aside)}
        self._meetings = meetings
        # Per meeting: its day, who came, and its series (None: a one-off, open to all).
        self._shapes = [
            (m.start.date(), frozenset(m.attendees), rhythms.get(m.rhythm_id or ""))
            for m in meetings
        ]
        self._days_for_all: list[dt.date] = []
        self._came_to_all: dict[str, list[dt.date]] = {}
        self._for_some: list[tuple[dt.date, frozenset[str], Rhythm]] = []
        for day, came, series in self._shapes:
            if series is None or series.invites_everyone:
                self._days_for_all.append(day)
                for who in came:
                    self._came_to_all.setdefault(who, []).append(day)
            else:
                self._for_some.append((day, came, series))
        self._days_for_all.sort()

    def count(self, member: Member) -> int:
        """How many of the meetings were open to ``member``."""
        who, joined = member.id, member.joined
        days = self._days_for_all
        count = len(days) - bisect_left(days, joined)  # held since they joined
        count += sum(1 for day in self._came_to_all.get(who, ()) if day < joined)
        for day, came, series in self._for_some:
            count += who in came or (day >= joined and series.invites(who))
        return count


def anything_happened(data: CommunityData, start: dt.date, end: dt.date) -> bool:
    """Whether a meeting was held, or anything said between meetings, with
    ``start < day <= end``."""
    if held_between(data, start, end):
        return True
    talk = talk_between(data, start, end, days=False)
    return any(c.total for c in talk.counts.values())


def movement_readable(data: CommunityData, as_of: dt.date | None = None) -> bool:
    """Whether the month before ``as_of`` held a meeting or conversation: only then can
    anyone have moved between levels. Over a month where nothing happened the window only
    slides past older meetings, and a reading of movement would be an artefact of it."""
    as_of = as_of or dt.date.today()
    return anything_happened(data, as_of - dt.timedelta(days=th.MOVEMENT_STEP_DAYS), as_of)


def level_movement(
    data: CommunityData,
    as_of: dt.date | None = None,
    *,
    now: dict[str, Level | None] | None = None,
) -> dict[str, int]:
    """Month-on-month movement between observed levels, as the Orbit model counts it.

    ``moved_in``: towards the core; ``held``: same level; ``moved_out``: towards the periphery;
    ``new``: members with a level now and none a month ago (newly joined, or first meetings).
    All are 0 when the month held no meeting and no conversation (:func:`movement_readable`).
    ``now``: the observed levels on ``as_of``, when the caller has read them already.
    """
    as_of = as_of or dt.date.today()
    counts = {"moved_in": 0, "held": 0, "moved_out": 0, "new": 0}
    if not movement_readable(data, as_of):
        return counts
    now = observed_levels(data, as_of) if now is None else now
    before = observed_levels(data, as_of - dt.timedelta(days=th.MOVEMENT_STEP_DAYS))
    for member_id, level in now.items():
        if level is None:
            continue
        previous = before.get(member_id)
        if previous is None:
            counts["new"] += 1
        elif LEVEL_ORDER[level] > LEVEL_ORDER[previous]:
            counts["moved_in"] += 1
        elif LEVEL_ORDER[level] < LEVEL_ORDER[previous]:
            counts["moved_out"] += 1
        else:
            counts["held"] += 1
    return counts


def month_start(day: dt.date, back: int = 0) -> dt.date:
    """The first day of ``day``'s calendar month, or of the month ``back`` months before it
    (a negative ``back`` counts forwards): the months every monthly reading is bucketed by."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def attendance_trend(
    data: CommunityData, as_of: dt.date | None = None, months: int = 12
) -> list[tuple[dt.date, int]]:
    """Average attendance of held meetings per calendar month, oldest first, ``as_of``'s month last.

    A month without a held meeting reads 0, so a gap in the rhythm shows as a gap in the line.
    """
    as_of = as_of or dt.date.today()
    starts = [month_start(as_of, back) for back in range(months - 1, -1, -1)]
    totals: dict[dt.date, list[int]] = {start: [] for start in starts}
    for meeting in data.meetings:
        day = meeting.start.date()
        if meeting.held and day <= as_of:
            bucket = totals.get(month_start(day))
            if bucket is not None:
                bucket.append(meeting.attendance)
    return [(start, round(sum(v) / len(v)) if v else 0) for start, v in totals.items()]


def shape(data: CommunityData, as_of: dt.date | None = None) -> dict[str, dict[str, int]]:
    """How many current members sit at each level: declared by the gardener, and observed.

    ``observed["unknown"]`` counts members with no meeting to read yet.
    """
    as_of = as_of or dt.date.today()
    members = current(data, as_of)
    declared = Counter(m.level.value for m in members)
    observed = Counter(
        level.value if level else "unknown" for level in observed_levels(data, as_of).values()
    )
    names = [level.value for level in Level]
    return {
        "declared": {name: declared[name] for name in names},
        "observed": {name: observed[name] for name in [*names, "unknown"]},
    }


class Contribution(msgspec.Struct, frozen=True):
    """The 1/9/90 shape of the conversation between meetings, measured (Nielsen 2006,
    "participation inequality": in online communities about 1% create most content, 9%
    contribute now and then, 90% read).

    Nielsen's figures are about posting online, so only conversation between meetings is set
    against them; meetings are read against Wenger, McDermott & Snyder's levels instead
    (:func:`observed_levels`). Mixing the two made a forum with a bulletin read 2% / 51% / 46%
    because coming to a meeting counted as "responding". Over one window:

    * **create** (Nielsen's 1%): started a thread or a post on a channel;
    * **respond** (the 9%): replied or reacted on a channel without starting anything;
    * **read** (the 90%): current members who wrote nothing between meetings in the window,
      who may well be reading along; a legitimate way to belong (Lave & Wenger 1991), never a
      concern on its own.

    Everyone is counted once, in the most involved group they reached.
    """

    create: int
    respond: int
    read: int

    @property
    def members(self) -> int:
        return self.create + self.respond + self.read

    def share(self, group: str) -> float:
        """``create``, ``respond`` or ``read`` as a share of current members (0 with none)."""
        number: int = getattr(self, group)
        return number / self.members if self.members else 0.0


def contribution(
    data: CommunityData,
    as_of: dt.date | None = None,
    window_days: int = th.PARTICIPATION_WINDOW_DAYS,
) -> Contribution:
    """Current members who created, responded, or only read between meetings over the last
    ``window_days`` (meetings attended and topics proposed do not count here)."""
    as_of = as_of or dt.date.today()
    start = as_of - dt.timedelta(days=window_days)
    talk = talk_between(data, start, as_of, days=False)
    create = respond = read_only = 0
    for member in current(data, as_of):
        said = talk.of(member.id)
        if said.posts:
            create += 1
        elif said.replies or said.reactions:
            respond += 1
        else:
            read_only += 1
    return Contribution(create, respond, read_only)


class Turnout(msgspec.Struct, frozen=True):
    """Who came to one meeting: first-timers and people who had come before."""

    day: dt.date
    new: int
    returning: int


def turnout(data: CommunityData, as_of: dt.date | None = None, last: int = 6) -> list[Turnout]:
    """New versus returning attendees at the last ``last`` held meetings up to ``as_of``.

    Forgotten members count as returning (they came before they were forgotten); only named
    attendees can be first-timers.
    """
    as_of = as_of or dt.date.today()
    seen: set[str] = set()
    rows: list[Turnout] = []
    for meeting in data.meetings:
        if not meeting.held or meeting.start.date() > as_of:
            continue
        new = [a for a in meeting.attendees if a not in seen]
        rows.append(Turnout(meeting.start.date(), len(new), meeting.attendance - len(new)))
        seen.update(meeting.attendees)
    return rows[-last:] if last else rows


def silent_members(
    data: CommunityData, as_of: dt.date | None = None, days: int = th.SILENT_DAYS
) -> list[Member]:
    """Current members with no recorded activity for ``days``: no meeting attended, and no
    post, reply or reaction between meetings, while the community was meeting or talking.

    Offered alphabetically, as people a gardener might send a personal note to; never ranked.
    Members who joined less than ``days`` ago are not counted as silent.
    """
    as_of = as_of or dt.date.today()
    since = as_of - dt.timedelta(days=days)
    recent = held_between(data, since, as_of)
    talk = talk_between(data, since, as_of, days=False)
    if not recent and not talk.counts:
        return []
    came = {a for m in recent for a in m.attendees} | set(talk.counts)
    silent = [m for m in current(data, as_of) if m.joined <= since and m.id not in came]
    return sorted(silent, key=lambda m: m.name.lower())


def core_attendance_share(
    data: CommunityData,
    as_of: dt.date | None = None,
    *,
    levels: dict[str, Level | None] | None = None,
) -> float | None:
    """Share of the window's named attendances made by members observed as core (``levels``:
    the observed levels on ``as_of``, when the caller has read them already)."""
    as_of = as_of or dt.date.today()
    levels = observed_levels(data, as_of) if levels is None else levels
    window = held_between(data, as_of - dt.timedelta(days=th.PARTICIPATION_WINDOW_DAYS), as_of)
    counts = Counter(a for m in window for a in m.attendees if a in levels)
    total = sum(counts.values())
    if not total:
        return None
    return sum(n for a, n in counts.items() if levels[a] is Level.CORE) / total


def attendance_change(
    data: CommunityData, as_of: dt.date | None = None, days: int = th.RECENT_DAYS
) -> tuple[float, float] | None:
    """Average attendance over the last ``days`` and over the ``days`` before; None if either
    period held no meeting."""
    as_of = as_of or dt.date.today()
    recent = held_between(data, as_of - dt.timedelta(days=days), as_of)
    earlier = held_between(
        data, as_of - dt.timedelta(days=2 * days), as_of - dt.timedelta(days=days)
    )
    if not recent or not earlier:
        return None
    return (
        sum(m.attendance for m in recent) / len(recent),
        sum(m.attendance for m in earlier) / len(earlier),
    )
