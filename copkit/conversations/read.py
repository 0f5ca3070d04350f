"""The read API the readings use: who created, who responded, which threads got answers.

Everything takes a :class:`ConversationLog` (read once per command with :func:`load_log`) and a
window ``start < day <= end`` (the convention of ``copkit.health.participation.held_between``;
``start=None`` means from the beginning), so ``health --as-of`` sees conversation exactly as it
stood on that day. "Who" is a member id when a member matches the author (see
:func:`copkit.conversations.log.resolve`), else the author's own id (``ca12``), so unmatched
activity is counted, never dropped, and never mistaken for a member's.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from copkit.model import (
    ConversationAuthor,
    ConversationMonth,
    ConversationSummary,
    ConversationThreads,
    Member,
)

# What reads the packed months (the log, its packing, the tally windows and the thread shapes)
# loads when a log has something to read: a community with no conversation, and every reading
# that asks `empty` first, never pays for it.
if TYPE_CHECKING:
    from copkit.conversations.log import State, ThreadState
    from copkit.conversations.shapes import PackedThreads
    from copkit.conversations.shapes import Shape as Shape
    from copkit.conversations.windows import PackedTallies, _Who
    from copkit.storage.store import Session


def __getattr__(name: str) -> Any:
    """``Shape`` stays importable from here, loaded with :mod:`copkit.conversations.shapes`."""
    if name == "Shape":
        from copkit.conversations.shapes import Shape

        return Shape
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Counts(msgspec.Struct, frozen=True):
    """Posts (creating), replies (responding) and reactions (responding, lightly)."""

    posts: int = 0
    replies: int = 0
    reactions: int = 0

    @property
    def total(self) -> int:
        return self.posts + self.replies + self.reactions

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.posts + other.posts,
            self.replies + other.replies,
            self.reactions + other.reactions,
        )


class Tally(msgspec.Struct, frozen=True):
    """One author's activity in one space on one day."""

    space_id: str
    day: dt.date
    who: str
    counts: Counts


class Thread(msgspec.Struct, frozen=True):
    """A thread that had replies: who started it (None: not in any export, or forgotten) and
    each replier with the day of their first reply."""

    space_id: str
    day: dt.date
    starter: str | None
    replies: tuple[tuple[str, dt.date], ...]

    def repliers(self, end: dt.date | None = None) -> tuple[str, ...]:
        """Who had replied by ``end`` (everyone, without it), the starter included if they
        answered in their own thread."""
        return tuple(who for who, day in self.replies if end is None or day <= end)

    def answered_by_others(self, end: dt.date | None = None) -> bool:
        """Two-way: someone other than the starter replied (by ``end``)."""
        return any(who != self.starter for who in self.repliers(end))


class ConversationLog:
    """All conversation records of a community, resolved to members, unpacked only as read.

    A health check reads a dozen windows of at most a year and a half of a history that may be
    years long, so the stored month strings are kept as they are and scanned per month (and
    per window, once) when a window asks; ``tallies`` and ``threads`` unpack everything, for
    the commands that list the whole history.
    """

    def __init__(
        self,
        authors: dict[str, ConversationAuthor],
        owners: dict[str, str],
        months: Sequence[ConversationMonth],
        thread_months: Sequence[ConversationThreads],
        summaries: Sequence[ConversationSummary] = (),
    ) -> None:
        self.authors = authors
        self.owners = owners
        self._months = tuple(months)
        self._thread_months = tuple(thread_months)
        self._summaries = tuple(summaries)
        self._talks: dict[tuple[dt.date | None, dt.date], dict[str, Counts]] = {}
        self._days: dict[tuple[dt.date | None, dt.date], Counter[str]] = {}
        self._spaces: dict[tuple[dt.date | None, dt.date], dict[str, Counts]] = {}
        self._parts: dict[frozenset[str], ConversationLog] = {}

    def in_spaces(self, space_ids: frozenset[str]) -> ConversationLog:
        """The same log over some spaces only, read as fast as the whole (the dialogue reads
        discussion apart from announcements); made once per set of spaces. The monthly
        summaries add up every space, so the part sums its own months instead."""
        part = self._parts.get(space_ids)
        if part is None:
            part = self._parts[space_ids] = ConversationLog(
                self.authors,
                self.owners,
                [m for m in self._months if m.space_id in space_ids],
                [t for t in self._thread_months if t.space_id in space_ids],
            )
        return part

    @property
    def empty(self) -> bool:
        return not any(record.tallies for record in self._months)

    @functools.cached_property
    def _who(self) -> _Who:
        from copkit.conversations.windows import _Who

        return _Who(self.authors, self.owners)

    @functools.cached_property
    def _packed(self) -> PackedTallies:
        from copkit.conversations.windows import PackedTallies

        return PackedTallies(self._months, self._who, self._summaries)

    @functools.cached_property
    def _shapes(self) -> PackedThreads:
        from copkit.conversations.shapes import PackedThreads

        return PackedThreads(self._thread_months, self._who.__getitem__, self._name)

    @functools.cached_property
    def _state(self) -> State:
        from copkit.conversations.packing import state_of

        return state_of(self._months, self._thread_months)

    def _name(self, number: int) -> str:
        author_id = f"{ConversationAuthor.ID_PREFIX}{number}"
        return self.owners.get(author_id, author_id)

    @functools.cached_property
    def tallies(self) -> tuple[Tally, ...]:
        """Every tally, by day: the whole history unpacked (for listings, not for health)."""
        found = sorted(
            (
                Tally(space_id, day, self._name(author), Counts(*counts))
                for (space_id, day, author), counts in self._state.tallies.items()
            ),
            key=lambda t: (t.day, t.space_id, t.who),
        )
        return tuple(found)

    @functools.cached_property
    def threads(self) -> tuple[Thread, ...]:
        """Every thread that had replies, by day: the whole history unpacked."""
        return tuple(self._build_threads(self._state.threads.items()))

    def _build_threads(self, items: Iterable[tuple[tuple[str, str], ThreadState]]) -> list[Thread]:
        name = self._name
        return sorted(
            (
                Thread(
                    space_id,
                    thread.day,
                    None if thread.starter is None else name(thread.starter),
                    tuple(sorted((name(n), d) for n, d in thread.repliers.items())),
                )
                for (space_id, _key), thread in items
            ),
            key=lambda t: (t.day, t.space_id),
        )

    def threads_between(self, start: dt.date | None, end: dt.date | None) -> list[Thread]:
        """The threads started with ``start < day <= end``, unpacking only their months; in
        the order of :attr:`threads`."""
        if "threads" in self.__dict__ or start is None or end is None:
            return [t for t in _window(self.threads, start, end) if isinstance(t, Thread)]
        from copkit.conversations.packing import month_of, unpack_threads

        low, high = month_of(start), month_of(end)
        items = [
            ((bucket.space_id, key), thread)
            for bucket in self._thread_months
            if low <= bucket.month <= high
            for key, thread in unpack_threads(bucket)
        ]
        return [t for t in self._build_threads(items) if start < t.day <= end]

    def thread_shapes(self, start: dt.date, end: dt.date) -> list[Shape]:
        """The threads started with ``start < day <= end``, each reduced to its :data:`Shape`,
        with how many threads have it: what :func:`threads` gives for the window, for a reading
        that only counts (see :class:`copkit.conversations.shapes.PackedThreads`)."""
        return self._shapes.shapes(start, end)

    def talk(
        self, start: dt.date | None, end: dt.date, *, days: bool = True
    ) -> tuple[dict[str, Counts], Counter[str]]:
        """Who -> their counts, and who -> their active days (any space), with
        ``start < day <= end``: what :func:`copkit.health.participation.talk_between` reads. The
        days
        are counted only when ``days`` asks (else they come back empty). Do not change what is
        returned: it is kept for the next caller of the same window."""
        key = (start, end)
        counts = self._talks.get(key)
        if counts is None:
            counts = self._talks[key] = {
                who: Counts(n[0], n[1], n[2])
                for who, n in sorted(self._packed.window_sums(start, end).items())
                if n[0] or n[1] or n[2]
            }
        if not days:
            return counts, Counter()
        active = self._days.get(key)
        if active is None:
            active = self._days[key] = self._packed.active(start, end)
        return counts, active

    def by_space(self, start: dt.date | None, end: dt.date) -> dict[str, Counts]:
        """Space id -> everyone's counts there with ``start < day <= end`` (shared; do not
        change it)."""
        found = self._spaces.get((start, end))
        if found is not None:
            return found
        sums = self._packed.space_sums(start, end)
        result = {space_id: Counts(*n) for space_id, n in sums.items()}
        self._spaces[(start, end)] = result
        return result


def load_log(session: Session, members: Sequence[Member] | None = None) -> ConversationLog:
    """Read and resolve the conversation records; the packed counts stay packed until a
    window is read (cheap for a file with none, and for one with years of them)."""
    authors = {a.id: a for a in session.all(ConversationAuthor)}
    owners: dict[str, str] = {}
    if authors:  # no author, no owner: the log need not load to find none
        from copkit.conversations.log import resolve

        owners = resolve(authors.values(), members if members is not None else session.all(Member))
    return ConversationLog(
        authors,
        owners,
        session.all(ConversationMonth),
        session.all(ConversationThreads),
        session.all(ConversationSummary),
    )


def _window(
    items: Sequence[Tally] | Sequence[Thread], start: dt.date | None, end: dt.date | None
) -> Iterable[Tally | Thread]:
    """Items with ``start < day <= end``; both sequences are sorted by day."""
    days = [item.day for item in items]
    low = 0 if start is None else bisect.bisect_right(days, start)
    high = len(items) if end is None else bisect.bisect_right(days, end)
    return items[low:high]


def tallies(
    log: ConversationLog,
    start: dt.date | None,
    end: dt.date | None,
    *,
    space_id: str | None = None,
) -> list[Tally]:
    return [
        t
        for t in _window(log.tallies, start, end)
        if isinstance(t, Tally) and (space_id is None or t.space_id == space_id)
    ]


def conversation_activity(
    log: ConversationLog,
    start: dt.date | None,
    end: dt.date | None,
    *,
    space_id: str | None = None,
) -> dict[str, Counts]:
    """Who -> their posts, replies and reactions in the window (all spaces, or one)."""
    found: dict[str, Counts] = {}
    for tally in tallies(log, start, end, space_id=space_id):
        found[tally.who] = found.get(tally.who, Counts()) + tally.counts
    return found


def activity_by_space(
    log: ConversationLog, start: dt.date | None, end: dt.date | None
) -> dict[str, Counts]:
    """Space id -> everyone's activity there in the window (is the space alive between
    meetings?)."""
    found: dict[str, Counts] = {}
    for tally in tallies(log, start, end):
        found[tally.space_id] = found.get(tally.space_id, Counts()) + tally.counts
    return found


def threads(
    log: ConversationLog,
    start: dt.date | None,
    end: dt.date | None,
    *,
    space_id: str | None = None,
) -> list[Thread]:
    """Threads started in the window that had a reply by ``end``; replies after ``end`` are
    left out of each, so the past reads as it stood."""
    found: list[Thread] = []
    for thread in log.threads_between(start, end):
        if space_id is not None and thread.space_id != space_id:
            continue
        if end is None or all(day <= end for _who, day in thread.replies):
            found.append(thread)  # nothing to leave out: no need for a copy
            continue
        kept = tuple((who, day) for who, day in thread.replies if day <= end)
        if kept:
            found.append(Thread(thread.space_id, thread.day, thread.starter, kept))
    return found


def unmatched(log: ConversationLog) -> list[tuple[ConversationAuthor, Counts]]:
    """Authors no member matches, with everything they did, most active first."""
    activity = conversation_activity(log, None, None)
    rows = [
        (author, activity.get(author_id, Counts()))
        for author_id, author in log.authors.items()
        if author_id not in log.owners
    ]
    return sorted(rows, key=lambda row: (-row[1].total, row[0].name.casefold(), row[0].id))
