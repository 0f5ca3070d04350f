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
import functools
import itertools
import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from copkit.conversations.log import (
    State,
    ThreadState,
    _b36,
    _number,
    resolve,
    unpack_tallies,
    unpack_threads,
)
from copkit.model import ConversationAuthor, ConversationMonth, ConversationThreads, Member
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


class _Who(dict[str, str]):
    """An author's number in base 36, as packed, -> who (see :meth:`ConversationLog.who`).

    Filled with the canonical numbers of the author records; a number written another way in
    a hand-edited file (``08c`` for ``8c``) resolves like its canonical form, and one with no
    author record stands for itself, as :attr:`ConversationLog.tallies` reads them."""

    def __init__(self, authors: Iterable[str], owners: dict[str, str]) -> None:
        super().__init__((_b36(_number(a)), owners.get(a, a)) for a in authors)
        self.owners = owners

    def __missing__(self, number: str) -> str:
        author_id = f"{ConversationAuthor.ID_PREFIX}{int(number, 36)}"
        found = self[number] = self.owners.get(author_id, author_id)
        return found


#: One tally entry (``8cP2X``, see :mod:`copkit.conversations.log`): author, then the counts.
_ENTRY = re.compile(r"([0-9a-z]+)(?:P(\d*))?(?:R(\d*))?(?:X(\d*))?")
#: Posts, replies and reactions of one space in a window, straight from the packed text.
_COUNT = {kind: re.compile(rf"{kind}(\d+)") for kind in "PRX"}
#: A whole, well-formed thread entry ``KEY.DAY.STARTER.REPLIER[+DAYS],...``: day, starter and
#: repliers. A month whose every entry matches is read in C; any other goes entry by entry.
_THREAD_ENTRY = re.compile(
    r"(?:^| )[A-Za-z0-9_-]+\.([1-9]|[12]\d|3[01])\.([0-9a-z]*)\."
    r"((?:[0-9a-z]+(?:\+[0-9a-z]+)?(?:,[0-9a-z]+(?:\+[0-9a-z]+)?)*)?)(?= |$)"
)
_OFFSET = re.compile(r"\+([0-9a-z]+)")
#: A reply's offset in the form: a ``+`` left after these are taken out is not.
_OFFSET_AT_END = re.compile(r"\+[0-9a-z]+(?=,| |$)")
#: A thread reduced to who started it (None: unknown) and who had replied (repeats kept, as
#: two identities of one member each count), with how many threads have that shape: what the
#: dialogue reading needs of them.
Shape = tuple[str | None, tuple[str, ...], int]


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
    ) -> None:
        self.authors = authors
        self.owners = owners
        self._months = tuple(months)
        self._thread_months = tuple(thread_months)
        self._by_month: dict[str, list[ConversationMonth]] = {}
        for record in self._months:
            self._by_month.setdefault(record.month, []).append(record)
        self._who = _Who(authors, owners)
        #: A tally entry as packed -> (who, posts, replies, reactions); None when malformed.
        self._entries: dict[str, tuple[str, int, int, int] | None] = {}
        #: A tally entry -> who ("" when malformed): the day sets are mapped through it in C.
        self._whose: dict[str, str] = {}
        self._space_parts: dict[tuple[str, int, int], dict[str, tuple[int, int, int]]] = {}
        self._days_of: dict[str, list[list[str]]] = {}
        self._whos_of: dict[str, list[set[str] | None]] = {}
        self._month_totals: dict[str, dict[str, list[int]]] = {}
        self._talks: dict[tuple[dt.date | None, dt.date], dict[str, Counts]] = {}
        self._days: dict[tuple[dt.date | None, dt.date], Counter[str]] = {}
        self._spaces: dict[tuple[dt.date | None, dt.date], dict[str, Counts]] = {}

    @property
    def empty(self) -> bool:
        return not any(record.tallies for record in self._months)

    def who(self, author_id: str) -> str:
        return self.owners.get(author_id, author_id)

    def is_member(self, who: str) -> bool:
        return who not in self.authors

    @functools.cached_property
    def _state(self) -> State:
        state = State()
        for month in self._months:
            for day, author, counts in unpack_tallies(month):
                state.tallies[(month.space_id, day, author)] = counts
        for bucket in self._thread_months:
            for key, thread in unpack_threads(bucket):
                state.threads[(bucket.space_id, key)] = thread
        return state

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
        low, high = _month_of(start), _month_of(end)
        items = [
            ((bucket.space_id, key), thread)
            for bucket in self._thread_months
            if low <= bucket.month <= high
            for key, thread in unpack_threads(bucket)
        ]
        return [t for t in self._build_threads(items) if start < t.day <= end]

    def thread_shapes(self, start: dt.date, end: dt.date) -> list[Shape]:
        """The threads started with ``start < day <= end``, each reduced to its :data:`Shape`
        (who started it, who had replied by ``end``), with how many threads have it (one shape
        may come in several rows); threads with no reply by ``end`` are left out. What
        :func:`threads` gives for the window, for a reading that only counts: a half-year holds
        thousands of threads but far fewer distinct shapes.

        A month wholly inside the window (its latest replies too) is matched and counted in C;
        the months at the window's edges, and any month with an entry not in the form, are
        read entry by entry, exactly as :func:`threads` reads them.
        """
        low, high = _month_of(start), _month_of(end)
        packed: Counter[tuple[str, str]] = Counter()
        shapes: list[Shape] = []
        for bucket in self._thread_months:
            if not low <= bucket.month <= high or not bucket.threads:
                continue
            text = bucket.threads
            first = dt.date(int(bucket.month[:4]), int(bucket.month[5:7]), 1)
            length = ((first + dt.timedelta(days=32)).replace(day=1) - first).days
            latest = first + dt.timedelta(days=length - 1)
            offsets = set(_OFFSET.findall(text)) if "+" in text else set()
            if offsets:
                latest += dt.timedelta(days=max(int(n, 36) for n in offsets))
            whole = start < first and latest <= end
            # A month wholly inside the window loses its reply offsets before it is matched:
            # they cannot leave a reply out, and shapes without them are fewer.
            read = _OFFSET_AT_END.sub("", text) if whole and offsets else text
            found = _THREAD_ENTRY.findall(read)
            if (
                len(found) != len(text.split())
                or (whole and "+" in read)
                or (found and max(map(int, {day for day, _s, _r in found})) > length)
            ):
                self._shape_slowly(bucket, start, end, shapes)
                continue
            if whole:
                packed.update(map(operator.itemgetter(1, 2), found))
                continue
            base = first.toordinal() - 1
            for day, starter, repliers in found:
                opened = base + int(day)
                if not start.toordinal() < opened <= end.toordinal():
                    continue
                if "+" in repliers:
                    repliers = ",".join(
                        who
                        for who, _, offset in (r.partition("+") for r in repliers.split(","))
                        if opened + int(offset or "0", 36) <= end.toordinal()
                    )
                packed[(starter, repliers)] += 1
        who = self._who.__getitem__
        groups: dict[str, tuple[str, ...]] = {}  # many threads share their repliers
        for (starter, repliers), count in packed.items():
            if repliers:
                group = groups.get(repliers)
                if group is None:
                    group = groups[repliers] = tuple(map(who, repliers.split(",")))
                shapes.append((who(starter) if starter else None, group, count))
        return shapes

    def _shape_slowly(
        self,
        bucket: ConversationThreads,
        start: dt.date,
        end: dt.date,
        shapes: list[Shape],
    ) -> None:
        """:meth:`thread_shapes` for a month with an entry not in the form (a hand-edited
        file): unpacked entry by entry, skipping what cannot be read, as :func:`threads`."""
        name = self._name
        for _key, thread in unpack_threads(bucket):
            if start < thread.day <= end:
                replied = sorted(thread.repliers.items())
                repliers = tuple(name(n) for n, day in replied if day <= end)
                if repliers:
                    starter = None if thread.starter is None else name(thread.starter)
                    shapes.append((starter, repliers, 1))

    # --- windows, scanned from the packed strings ------------------------------------------

    def _month_days(self, month: str) -> list[list[str]]:
        """Each day of ``month`` (index 1 to 31; 0 stays empty), every space: the day's
        entries as packed. Split once per log and month: every window that touches the month
        takes its days as a slice of this rather than splitting the text again."""
        found = self._days_of.get(month)
        if found is not None:
            return found
        by_day: list[list[str]] = [[] for _ in range(32)]
        for record in self._by_month.get(month, ()):
            for group in record.tallies.split():
                colon = group.find(":")
                day = group[:colon]
                if day.isdigit() and 0 < int(day) <= 31:
                    by_day[int(day)].append(group[colon + 1 :])
        days = [",".join(items).split(",") if items else [] for items in by_day]
        self._days_of[month] = days
        return days

    def _window_sums(self, start: dt.date | None, end: dt.date) -> dict[str, list[int]]:
        """Who -> posts, replies, reactions with ``start < day <= end``: the totals of the
        months wholly inside (each summed once per log, windows share them) and the days of
        the edge months, counted together."""
        edges: list[list[str]] = []
        whole: list[dict[str, list[int]]] = []
        for month, low, high in self._parts_between(start, end):
            days = self._month_days(month)
            if low == 0 and not any(days[high + 1 :]):
                whole.append(self._month_sums(month))
            else:
                edges.extend(entries for entries in days[low + 1 : high + 1] if entries)
        sums = self._sums(edges)
        for totals in whole:
            for who, found in totals.items():
                held = sums.get(who)
                if held is None:
                    sums[who] = found.copy()
                else:
                    held[0] += found[0]
                    held[1] += found[1]
                    held[2] += found[2]
        return sums

    def _month_sums(self, month: str) -> dict[str, list[int]]:
        """Who -> posts, replies, reactions over the whole of ``month`` (cached; not to be
        changed)."""
        found = self._month_totals.get(month)
        if found is None:
            found = self._month_totals[month] = self._sums(self._month_days(month))
        return found

    def _sums(self, days: list[list[str]]) -> dict[str, list[int]]:
        """Who -> posts, replies, reactions over ``days``.

        All the days' entries are counted as strings in C at once; only the distinct entries
        (a few per author and month) are looked at in Python, and each is parsed once per log.
        """
        sums: dict[str, list[int]] = {}
        entries, whose = self._entries, self._whose
        counted = Counter(itertools.chain.from_iterable(days))
        for entry in counted.keys() - entries.keys():
            parsed = entries[entry] = self._parse(entry)
            whose[entry] = "" if parsed is None else parsed[0]
        for entry, n in counted.items():
            parsed = entries[entry]
            if parsed is None:
                continue
            who, p, r, x = parsed
            held = sums.get(who)
            if held is None:
                sums[who] = [p * n, r * n, x * n]
            else:
                held[0] += p * n
                held[1] += r * n
                held[2] += x * n
        return sums

    def _active(self, start: dt.date | None, end: dt.date) -> Counter[str]:
        """Who -> distinct active days ``start < day <= end`` (any space): one set of who per
        day (two spaces, or two identities of one member, on one day make one day), kept per
        day and counted in C. The window's entries must already be parsed (its counts)."""
        get = self._whose.__getitem__
        sets: list[set[str]] = []
        for month, low, high in self._parts_between(start, end):
            days = self._month_days(month)
            whos = self._whos_of.setdefault(month, [None] * len(days))
            for day in range(low + 1, high + 1):
                found = whos[day]
                if found is None:
                    found = whos[day] = set(map(get, days[day]))
                sets.append(found)
        active = Counter(itertools.chain.from_iterable(sets))
        active.pop("", None)  # the entries not in the form
        return active

    def _space_part(self, month: str, low: int, high: int) -> dict[str, tuple[int, int, int]]:
        """Days ``low < day <= high`` of ``month``: space id -> posts, replies, reactions,
        counted in the packed text (cached; only the readings of spaces ask)."""
        found = self._space_parts.get((month, low, high))
        if found is not None:
            return found
        spaces: dict[str, tuple[int, int, int]] = {}
        for record in self._by_month.get(month, ()):
            kept = " ".join(
                group
                for group in record.tallies.split()
                if (day := group[: group.find(":")]).isdigit() and low < int(day) <= high
            )
            if kept:
                totals = tuple(
                    kept.count(k) + sum(int(n) - 1 for n in _COUNT[k].findall(kept)) for k in "PRX"
                )
                old = spaces.get(record.space_id, (0, 0, 0))
                spaces[record.space_id] = (
                    old[0] + totals[0],
                    old[1] + totals[1],
                    old[2] + totals[2],
                )
        self._space_parts[(month, low, high)] = spaces
        return spaces

    def _parse(self, entry: str) -> tuple[str, int, int, int] | None:
        """One tally entry: who, posts, replies, reactions (None if it is not in the form)."""
        found = _ENTRY.fullmatch(entry)
        if found is None:
            return None
        author, p, r, x = found.groups()
        return (
            self._who[author],
            0 if p is None else int(p) if p else 1,
            0 if r is None else int(r) if r else 1,
            0 if x is None else int(x) if x else 1,
        )

    def _parts_between(self, start: dt.date | None, end: dt.date) -> list[tuple[str, int, int]]:
        """The months a window touches, each with its days ``low < day <= high``."""
        if not self._by_month:
            return []
        first = _month_of(start) if start is not None else min(self._by_month)
        last = _month_of(end)
        parts = []
        for month in sorted(m for m in self._by_month if first <= m <= last):
            low = start.day if start is not None and month == first else 0
            high = end.day if month == last else 31
            if low < high:
                parts.append((month, low, high))
        return parts

    def talk(
        self, start: dt.date | None, end: dt.date, *, days: bool = True
    ) -> tuple[dict[str, Counts], Counter[str]]:
        """Who -> their counts, and who -> their active days (any space), with
        ``start < day <= end``: what :func:`copkit.participation.talk_between` reads. The days
        are counted only when ``days`` asks (else they come back empty). Do not change what is
        returned: it is kept for the next caller of the same window."""
        key = (start, end)
        counts = self._talks.get(key)
        if counts is None:
            counts = self._talks[key] = {
                who: Counts(n[0], n[1], n[2])
                for who, n in sorted(self._window_sums(start, end).items())
                if n[0] or n[1] or n[2]
            }
        if not days:
            return counts, Counter()
        active = self._days.get(key)
        if active is None:
            active = self._days[key] = self._active(start, end)
        return counts, active

    def by_space(self, start: dt.date | None, end: dt.date) -> dict[str, Counts]:
        """Space id -> everyone's counts there with ``start < day <= end`` (shared; do not
        change it)."""
        found = self._spaces.get((start, end))
        if found is not None:
            return found
        sums: dict[str, list[int]] = {}
        for part in self._parts_between(start, end):
            for space_id, totals in self._space_part(*part).items():
                held = sums.setdefault(space_id, [0, 0, 0])
                for index, count in enumerate(totals):
                    held[index] += count
        result = {space_id: Counts(*n) for space_id, n in sums.items()}
        self._spaces[(start, end)] = result
        return result


def _month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def load_log(session: Session, members: Sequence[Member] | None = None) -> ConversationLog:
    """Read and resolve the conversation records; the packed counts stay packed until a
    window is read (cheap for a file with none, and for one with years of them)."""
    authors = {a.id: a for a in session.all(ConversationAuthor)}
    owners = resolve(authors.values(), members if members is not None else session.all(Member))
    return ConversationLog(
        authors, owners, session.all(ConversationMonth), session.all(ConversationThreads)
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
