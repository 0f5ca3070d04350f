"""Threads reduced to their shapes: who started one and who had replied, counted.

The dialogue reading (:mod:`copkit.health.dialogue`) only counts threads: a half-year holds
thousands of them but fewer distinct shapes, and a health check reads two overlapping
half-years (now, and a quarter ago for the movement). :class:`PackedThreads` therefore reads
each packed month once per log, in C, and keeps what it read for every window that touches
the month. It stands alone because it reads the packed thread layout itself
(:mod:`copkit.conversations.packing`), apart from the tally windows
(:mod:`copkit.conversations.windows`) and the unpacked threads the listings read
(:class:`copkit.conversations.read.ConversationLog`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from copkit.conversations.packing import month_of, unpack_threads
from copkit.model import ConversationThreads

#: A whole, well-formed thread entry ``KEY.DAY.STARTER.REPLIER[+DAYS],...``: day, starter and
#: repliers. Possessive (``++``, ``*+``, ``?+``): each part ends where a character of another
#: class starts, so giving a character back could never lead to a match, and the regex engine
#: is told not to try (a third faster on a year of threads; the same matches).
_THREAD_ENTRY = re.compile(
    r"(?:^| )[A-Za-z0-9_-]++\.([1-9]|[12]\d|3[01])\.([0-9a-z]*+)\."
    r"((?:[0-9a-z]++(?:\+[0-9a-z]++)?+(?:,[0-9a-z]++(?:\+[0-9a-z]++)?+)*+)?+)(?= |$)"
)
#: How long a reply waited (``+3``): the longest tells whether a window holds the month's
#: replies.
_WAIT = re.compile(r"\+([0-9a-z]++)")
#: A wait where the form has one, at the end of a replier: taken out of a month read whole.
_WAIT_AT_END = re.compile(r"\+[0-9a-z]++(?=,| |$)")
#: An entry without its waits: the day, and its shape ``STARTER.REPLIER,...`` as one string,
#: which many threads share. Every entry of a month in the form matches, waits taken out.
_SHAPE = re.compile(
    r"(?:^| )[A-Za-z0-9_-]++\.([1-9]|[12]\d|3[01])\."
    r"([0-9a-z]*+\.(?:[0-9a-z]++(?:,[0-9a-z]++)*+)?+)(?= |$)"
)
#: A thread reduced to who started it (None: unknown) and who had replied (repeats kept, as
#: two identities of one member each count), with how many threads have that shape: what the
#: dialogue reading needs of them.
Shape = tuple[str | None, tuple[str, ...], int]


class _Month:
    """One packed month of one space, matched once: for each thread, the day it started and
    its shape with every reply (``STARTER.REPLIER,...``, waits left out)."""

    def __init__(self, bucket: ConversationThreads, first: dt.date, found: list[tuple[str, str]]):
        self.bucket = bucket
        self.first = first
        self.found = found
        length = ((first + dt.timedelta(days=31)).replace(day=1) - first).days
        waits = set(_WAIT.findall(bucket.threads)) if "+" in bucket.threads else ()
        #: No reply of the month comes later than this: its last day plus the longest wait.
        self.latest = first + dt.timedelta(
            days=length - 1 + max((int(w, 36) for w in waits), default=0)
        )
        #: Whether every day is one the month has (else the listing's reading skips some).
        self.days_fit = max(map(int, {day for day, _shape in found})) <= length

    def shapes(self, start: dt.date, end: dt.date) -> Iterable[str]:
        """The shapes of the threads started with ``start < day <= end``, each with the
        replies it had by ``end``."""
        after = (start - self.first).days + 1  # ``start`` as a day of the month (maybe 0 or less)
        if self.latest <= end:
            if after < 1:
                return map(_SHAPE_OF, self.found)
            return [shape for day, shape in self.found if int(day) > after]
        last = (end - self.first).days + 1  # ``end`` as a day of the month (maybe past it)
        kept = []
        for day, starter, repliers in _THREAD_ENTRY.findall(self.bucket.threads):
            opened = int(day)
            if not after < opened <= last:
                continue
            if "+" in repliers:
                repliers = ",".join(
                    who
                    for who, _, wait in (r.partition("+") for r in repliers.split(","))
                    if opened + int(wait or "0", 36) <= last
                )
            kept.append(f"{starter}.{repliers}")
        return kept


_SHAPE_OF = operator.itemgetter(1)


def _read_month(bucket: ConversationThreads) -> _Month | None:
    """A month matched in C: None unless every entry is in the form with a day the month has;
    the listing's reading then goes entry by entry."""
    text = bucket.threads
    found = _SHAPE.findall(_WAIT_AT_END.sub("", text) if "+" in text else text)
    if not found or len(found) != len(text.split()):
        return None
    try:
        first = dt.date(int(bucket.month[:4]), int(bucket.month[5:7]), 1)
    except ValueError:
        return None
    month = _Month(bucket, first, found)
    return month if month.days_fit else None


class PackedThreads:
    """The thread months of a log, each read once, counted per window as windows ask."""

    def __init__(
        self,
        thread_months: Sequence[ConversationThreads],
        who: Callable[[str], str],
        name: Callable[[int], str],
    ) -> None:
        self._buckets = thread_months
        self._who = who
        self._name = name
        #: Bucket index -> the month read, or None when an entry is not in the form.
        self._months: dict[int, _Month | None] = {}
        #: Packed repliers and starters -> who they are: many threads share them.
        self._groups: dict[str, tuple[str, ...]] = {}
        self._starters: dict[str, str | None] = {"": None}

    def shapes(self, start: dt.date, end: dt.date) -> list[Shape]:
        """The threads started with ``start < day <= end``, each reduced to its :data:`Shape`
        (who started it, who had replied by ``end``), with how many threads have it (one shape
        may come in several rows); threads with no reply by ``end`` are left out.

        A month is matched in C once, and every window that holds its replies takes the shapes
        of the threads it started after ``start`` from what was matched. A month whose replies
        may run past ``end`` is filtered thread by thread, and a month with an entry not in the
        form is read as :func:`copkit.conversations.read.threads` reads it.
        """
        low, high = month_of(start), month_of(end)
        parts: list[Iterable[str]] = []
        shapes: list[Shape] = []
        for index, bucket in enumerate(self._buckets):
            if not (low <= bucket.month <= high and bucket.threads):
                continue
            month = self._month(index)
            if month is None:
                _shape_slowly(bucket, self._name, start, end, shapes)
                continue
            parts.append(month.shapes(start, end))
        return shapes + self._named(Counter(itertools.chain.from_iterable(parts)))

    def _month(self, index: int) -> _Month | None:
        if index not in self._months:
            self._months[index] = _read_month(self._buckets[index])
        return self._months[index]

    def _named(self, packed: Counter[str]) -> list[Shape]:
        """Packed shapes -> shapes naming who: each distinct starter and group once per log."""
        who, groups, starters = self._who, self._groups, self._starters
        shapes: list[Shape] = []
        for shape, count in packed.items():
            starter, _, repliers = shape.partition(".")
            if repliers:
                group = groups.get(repliers)
                if group is None:
                    group = groups[repliers] = tuple(map(who, repliers.split(",")))
                known = starters.get(starter, "")
                if known == "":
                    known = starters[starter] = who(starter)
                shapes.append((known, group, count))
        return shapes


def _shape_slowly(
    bucket: ConversationThreads,
    name: Callable[[int], str],
    start: dt.date,
    end: dt.date,
    shapes: list[Shape],
) -> None:
    """:meth:`PackedThreads.shapes` for a month with an entry not in the form (a hand-edited
    file): unpacked entry by entry, skipping what cannot be read, as ``threads`` does."""
    for _key, thread in unpack_threads(bucket):
        if start < thread.day <= end:
            replied = sorted(thread.repliers.items())
            repliers = tuple(name(n) for n, day in replied if day <= end)
            if repliers:
                starter = None if thread.starter is None else name(thread.starter)
                shapes.append((starter, repliers, 1))
