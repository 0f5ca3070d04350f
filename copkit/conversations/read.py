"""The read API the readings use: who created, who responded, which threads got answers.

Everything takes a :class:`ConversationLog` (read once per command with :func:`load_log`) and a
window ``start < day <= end`` (the convention of ``copkit.participation.held_between``;
``start=None`` means from the beginning), so ``health --as-of`` sees conversation exactly as it
stood on that day. "Who" is a member id when a member matches the author (see
:func:`copkit.conversations.log.resolve`), else the author's own id (``ca12``), so unmatched
activity is counted, never dropped, and never mistaken for a member's.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from copkit.conversations.log import load_state, resolve
from copkit.model import ConversationAuthor, Member
from copkit.store import Session


@dataclass(frozen=True)
class Counts:
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


@dataclass(frozen=True)
class Tally:
    """One author's activity in one space on one day."""

    space_id: str
    day: dt.date
    who: str
    counts: Counts


@dataclass(frozen=True)
class Thread:
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


@dataclass(frozen=True)
class ConversationLog:
    """All conversation records of a community, unpacked and resolved to members."""

    authors: dict[str, ConversationAuthor]
    owners: dict[str, str]
    tallies: tuple[Tally, ...]
    threads: tuple[Thread, ...]

    @property
    def empty(self) -> bool:
        return not self.tallies

    def who(self, author_id: str) -> str:
        return self.owners.get(author_id, author_id)

    def is_member(self, who: str) -> bool:
        return who not in self.authors


def load_log(session: Session, members: Sequence[Member] | None = None) -> ConversationLog:
    """Read and resolve the conversation records (one pass; cheap for a file with none)."""
    authors = {a.id: a for a in session.all(ConversationAuthor)}
    owners = resolve(authors.values(), members if members is not None else session.all(Member))
    state = load_state(session)
    prefix = ConversationAuthor.ID_PREFIX

    def who(number: int) -> str:
        author_id = f"{prefix}{number}"
        return owners.get(author_id, author_id)

    tallies = sorted(
        (
            Tally(space_id, day, who(author), Counts(*counts))
            for (space_id, day, author), counts in state.tallies.items()
        ),
        key=lambda t: (t.day, t.space_id, t.who),
    )
    threads = sorted(
        (
            Thread(
                space_id,
                thread.day,
                None if thread.starter is None else who(thread.starter),
                tuple(sorted((who(n), d) for n, d in thread.repliers.items())),
            )
            for (space_id, _key), thread in state.threads.items()
        ),
        key=lambda t: (t.day, t.space_id),
    )
    return ConversationLog(authors, owners, tuple(tallies), tuple(threads))


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


def active_days(
    log: ConversationLog, start: dt.date | None, end: dt.date | None, who: str
) -> list[dt.date]:
    """The days someone wrote or reacted anywhere, in order (for "last seen" and rhythm)."""
    return sorted({t.day for t in tallies(log, start, end) if t.who == who})


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
    for thread in _window(log.threads, start, end):
        if not isinstance(thread, Thread):
            continue
        if space_id is not None and thread.space_id != space_id:
            continue
        kept = tuple((who, day) for who, day in thread.replies if end is None or day <= end)
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
