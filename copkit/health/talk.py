"""Conversation between meetings over a window, per person: what the participation readings
count of the channels (posts, replies, reactions, active days).

It stands alone because it is the one place the readings touch the conversation log: windows
of the packed months (:meth:`copkit.conversations.read.ConversationLog.talk`).
:mod:`copkit.health.participation` re-exports every name here, so ``participation.talk_between``
still
reads the same.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

import msgspec

from copkit.conversations.read import Counts

if TYPE_CHECKING:
    from copkit.records import CommunityData

#: Everyone who said nothing in a window: one value, rather than a new one built on every
#: lookup (a health check looks up each member a dozen times, most of them silent).
_SILENT = Counts()


class Talk(msgspec.Struct, frozen=True):
    """What people did between meetings in a window: each one's counts and active days."""

    counts: dict[str, Counts]
    days: Counter[str]

    def of(self, who: str) -> Counts:
        return self.counts.get(who, _SILENT)


def talk_between(
    data: CommunityData, start: dt.date | None, end: dt.date, *, days: bool = True
) -> Talk:
    """Conversation activity with ``start < day <= end``, per person (member id when matched),
    scanned from the packed months once per window (see ``ConversationLog.talk``). Without
    ``days`` (a reading that only counts), the active days may come back empty."""
    log = data.conversation
    if log is None or log.empty:
        return Talk({}, Counter())
    counts, active = log.talk(start, end, days=days)
    return Talk(dict(counts), Counter(active))


def talk_by_space(data: CommunityData, start: dt.date | None, end: dt.date) -> dict[str, Counts]:
    """Space id -> everyone's activity there with ``start < day <= end`` (is it alive?)."""
    log = data.conversation
    if log is None or log.empty:
        return {}
    return dict(log.by_space(start, end))
