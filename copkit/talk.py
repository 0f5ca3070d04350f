"""Conversation between meetings over a window, per person: what the participation readings
count of the channels (posts, replies, reactions, active days).

It stands alone because it is the one place the readings touch the conversation log: windows
of the packed months (:meth:`copkit.conversations.read.ConversationLog.talk`) or, for a reading
of some spaces only, a day index built once per log. :mod:`copkit.participation` re-exports
every name here, so ``participation.talk_between`` still reads the same.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from copkit.conversations.read import Counts

if TYPE_CHECKING:
    from copkit.conversations.read import ConversationLog
    from copkit.records import CommunityData


@dataclass(frozen=True)
class Talk:
    """What people did between meetings in a window: each one's counts and active days."""

    counts: dict[str, Counts]
    days: Counter[str]

    def of(self, who: str) -> Counts:
        return self.counts.get(who, Counts())


#: One tally row: who, space id, posts, replies, reactions.
Row = tuple[str, str, int, int, int]


@dataclass(frozen=True)
class _DayIndex:
    """A log's tallies by day, built once: a health check reads a dozen windows of the same
    log (levels now, a month and a year ago, the quarter before), and a bisect per window keeps
    each one proportional to its own days rather than to the whole history."""

    days: list[dt.date]
    rows: list[Row]
    starts: list[int]

    def between(self, start: dt.date | None, end: dt.date) -> list[tuple[dt.date, Row]]:
        low = 0 if start is None else bisect.bisect_right(self.days, start)
        high = bisect.bisect_right(self.days, end)
        return [
            (self.days[i], row)
            for i in range(low, high)
            for row in self.rows[self.starts[i] : self.starts[i + 1]]
        ]


_INDEXES: dict[int, tuple[ConversationLog, _DayIndex]] = {}


def _index(log: ConversationLog) -> _DayIndex:
    """The day index of ``log`` (kept for the few logs a process reads)."""
    found = _INDEXES.get(id(log))
    if found is not None and found[0] is log:
        return found[1]
    days: list[dt.date] = []
    rows: list[Row] = []
    starts: list[int] = []
    for tally in log.tallies:  # sorted by day
        if not days or days[-1] != tally.day:
            days.append(tally.day)
            starts.append(len(rows))
        c = tally.counts
        rows.append((tally.who, tally.space_id, c.posts, c.replies, c.reactions))
    starts.append(len(rows))
    index = _DayIndex(days, rows, starts)
    if len(_INDEXES) > 4:
        _INDEXES.clear()
    _INDEXES[id(log)] = (log, index)
    return index


def talk_between(
    data: CommunityData,
    start: dt.date | None,
    end: dt.date,
    *,
    spaces: set[str] | None = None,
    days: bool = True,
) -> Talk:
    """Conversation activity with ``start < day <= end``, per person (member id when matched),
    in every space or in ``spaces``. Without ``days`` (a reading that only counts), the active
    days of every space may come back empty."""
    log = data.conversation
    if log is None or log.empty:
        return Talk({}, Counter())
    if spaces is None:  # scanned from the packed months, once per window (see ConversationLog)
        counts, active = log.talk(start, end, days=days)
        return Talk(dict(counts), Counter(active))
    active_days: Counter[str] = Counter()
    sums: dict[str, list[int]] = {}
    seen: set[tuple[str, dt.date]] = set()
    for day, (who, space_id, posts, replies, reactions) in _index(log).between(start, end):
        if spaces is not None and space_id not in spaces:
            continue
        found = sums.get(who)
        if found is None:
            sums[who] = [posts, replies, reactions]
        else:
            found[0] += posts
            found[1] += replies
            found[2] += reactions
        if (who, day) not in seen:
            seen.add((who, day))
            active_days[who] += 1
    return Talk({who: Counts(*n) for who, n in sums.items()}, active_days)


def talk_by_space(data: CommunityData, start: dt.date | None, end: dt.date) -> dict[str, Counts]:
    """Space id -> everyone's activity there with ``start < day <= end`` (is it alive?)."""
    log = data.conversation
    if log is None or log.empty:
        return {}
    return dict(log.by_space(start, end))
