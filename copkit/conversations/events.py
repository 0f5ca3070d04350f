"""What every reader produces: activity without content.

A reader turns one export into an :class:`Export`: each :class:`Event` (author, day, channel,
kind, thread) summed as it is read, and the authors as the platform names them. Text,
subjects and attachments are never read into these structures, so nothing downstream can
store them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from copkit.errors import InputError


class Kind(StrEnum):
    """Creating, responding, reacting: the 1 / 9 / 90 shape is read from these."""

    POST = "post"
    REPLY = "reply"
    REACTION = "reaction"


class Event(NamedTuple):
    """One message or reaction, reduced to what the readings need.

    ``thread`` is the platform's id of the thread's first message (for a post, its own id), so
    replies in this export and in later ones find the same thread; ``None`` for a reaction.
    ``thread_day`` is the day that first message was written, when the export says so even
    without holding it (Slack's ``thread_ts``).
    """

    channel: str
    author: str
    day: dt.date
    kind: Kind
    thread: str | None = None
    thread_day: dt.date | None = None


class AuthorInfo(msgspec.Struct, frozen=True):
    """An author as the platform names them (``key`` is the platform's stable id)."""

    key: str
    name: str = ""
    email: str = ""


class Thread(msgspec.Struct, gc=False):
    """A thread as one export tells it, by the platform's author keys.

    ``posted`` is the day its first message was written and ``starter`` who wrote it, when the
    export holds that message; ``day`` is the earliest day the replies give for it (their own,
    or the thread's day they carry); ``repliers`` each replier's first reply."""

    posted: dt.date | None = None
    starter: str | None = None
    day: dt.date | None = None
    repliers: dict[str, dt.date] | None = None

    def merge(self, other: Thread) -> None:
        self.posted = _earliest(self.posted, other.posted)
        self.starter = self.starter or other.starter
        self.day = _earliest(self.day, other.day)
        if other.repliers:
            mine = self.repliers = self.repliers or {}
            for who, day in other.repliers.items():
                mine[who] = min(day, mine.get(who, day))


def _earliest(one: dt.date | None, other: dt.date | None) -> dt.date | None:
    return other if one is None else one if other is None else min(one, other)


#: Where each kind is counted in a tally, as :meth:`Export.count` takes it.
POSTS, REPLIES, REACTIONS = 0, 1, 2
_INDEX = {Kind.POST: POSTS, Kind.REPLY: REPLIES, Kind.REACTION: REACTIONS}


class Export(msgspec.Struct):
    """One export, summed as it is read, before anything is stored.

    Readers :meth:`add` each :class:`Event`; what is kept grows with the authors, days and
    threads, never with the messages: ``tallies`` counts posts, replies and reactions per
    channel, day and author key, and ``threads`` holds each thread of each channel.
    ``channels`` maps each channel the export holds to whether it is
    private; ``skipped`` counts what was left out on purpose (bots, joins, deleted messages),
    by reason.
    """

    platform: str
    #: (channel, day) -> author key -> [posts, replies, reactions]
    tallies: dict[tuple[str, dt.date], dict[str, list[int]]] = msgspec.field(default_factory=dict)
    #: channel -> the platform's thread id -> what the export tells of the thread
    threads: dict[str, dict[str, Thread]] = msgspec.field(default_factory=dict)
    authors: dict[str, AuthorInfo] = msgspec.field(default_factory=dict)
    channels: dict[str, bool] = msgspec.field(default_factory=dict)
    skipped: dict[str, int] = msgspec.field(default_factory=dict)
    #: (channel, author key), in the order each first had anything counted
    first: dict[tuple[str, str], None] = msgspec.field(default_factory=dict)
    #: one object per author key and per day, however many messages name it
    seen: dict[str | dt.date, Any] = msgspec.field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def add(self, event: Event) -> None:
        """Count one message or reaction."""
        self.count(
            event.channel,
            event.author,
            event.day,
            _INDEX[event.kind],
            None if event.kind is Kind.REACTION else event.thread,
            event.thread_day,
        )

    def count(
        self,
        channel: str,
        author: str,
        day: dt.date,
        kind: int,
        thread: str | None = None,
        thread_day: dt.date | None = None,
    ) -> None:
        """Count one message or reaction: :meth:`add` without the :class:`Event`, for the
        readers of a million messages. ``kind`` is :data:`POSTS`, :data:`REPLIES` or
        :data:`REACTIONS` (whose ``thread`` is not read)."""
        seen = self.seen
        day = seen.setdefault(day, day)
        by_author = self.tallies.get((channel, day))
        if by_author is None:
            by_author = self.tallies[(channel, day)] = {}
        tally = by_author.get(author)
        if tally is None:
            author = seen.setdefault(author, author)
            tally = by_author[author] = [0, 0, 0]
            self.first.setdefault((channel, author))
        tally[kind] += 1
        if thread is None or kind == 2:
            return
        threads = self.threads.get(channel)
        if threads is None:
            threads = self.threads[channel] = {}
        known = threads.get(thread)
        if known is None:
            known = threads[thread] = Thread()
        if kind == 0:
            if known.posted is None or day < known.posted:
                known.posted = day
            if not known.starter:
                known.starter = seen.setdefault(author, author)
            return
        if thread_day is not None:
            known.day = _earliest(known.day, seen.setdefault(thread_day, thread_day))
        repliers = known.repliers
        if repliers is None:
            repliers = known.repliers = {}
        first = repliers.get(author)
        if first is None:
            repliers[seen.setdefault(author, author)] = day
        elif day < first:
            repliers[author] = day

    def counted(self) -> int:
        """How many messages and reactions were counted."""
        return sum(sum(c) for by_author in self.tallies.values() for c in by_author.values())

    def active_channels(self) -> list[str]:
        """The channels with anything counted, by name."""
        return sorted({channel for channel, _day in self.tallies})

    def active_authors(self, channels: Collection[str]) -> list[str]:
        """The authors with anything counted in ``channels``, in the order they first appear."""
        return list(dict.fromkeys(a for c, a in self.first if c in channels))

    def take_tallies(self) -> Iterator[tuple[str, dt.date, str, list[int]]]:
        """(channel, day, author key, [posts, replies, reactions]) for each tally, each taken
        out of the export as it is given, so what it becomes is never held beside it."""
        while self.tallies:
            (channel, day), by_author = self.tallies.popitem()
            for author, counts in by_author.items():
                yield channel, day, author, counts

    def take_threads(self) -> Iterator[tuple[str, str, Thread]]:
        """(channel, thread id, thread) for each thread, taken out as :meth:`take_tallies`."""
        while self.threads:
            channel, threads = self.threads.popitem()
            while threads:
                thread_id, thread = threads.popitem()
                yield channel, thread_id, thread

    def extend(self, other: Export) -> None:
        """Add a second file of the same platform (pages of one Graph listing): summed."""
        for slot, by_author in other.tallies.items():
            mine = self.tallies.setdefault(slot, {})
            for author, counts in by_author.items():
                tally = mine.setdefault(author, [0, 0, 0])
                for index, count in enumerate(counts):
                    tally[index] += count
        for channel, threads in other.threads.items():
            ours = self.threads.setdefault(channel, {})
            for thread_id, thread in threads.items():
                if thread_id in ours:
                    ours[thread_id].merge(thread)
                else:
                    ours[thread_id] = thread
        self.first.update(other.first)
        for key, info in other.authors.items():
            self.authors.setdefault(key, info)
        for channel, private in other.channels.items():
            self.channels[channel] = self.channels.get(channel, False) or private
        for reason, count in other.skipped.items():
            self.skipped[reason] = self.skipped.get(reason, 0) + count

    def nothing_counted(self) -> str:
        """Why an export with nothing counted has nothing: said in a gardener's words."""
        if not self.skipped:
            return "holds no messages"
        total = sum(self.skipped.values())
        if set(self.skipped) == {"bot"}:
            return f"holds nothing to import: every message ({total:,}) was from a bot"
        reasons = ", ".join(f"{n:,} {why}" for why, n in sorted(self.skipped.items()))
        return f"holds nothing to import: every message ({total:,}) was left out ({reasons})"


class ExportError(InputError):
    """An export copkit cannot read: one line naming the file and the entry at fault."""

    def __init__(self, path: Path | str, entry: str, problem: str) -> None:
        where = f"{path}: {entry}: " if entry else f"{path}: "
        super().__init__(f"{where}{problem}; nothing was imported")
