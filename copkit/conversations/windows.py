"""The tally windows of a conversation log, scanned from the packed month strings.

A health check reads a dozen windows of at most a year and a half of a history that may be
years long; :class:`PackedTallies` answers "who did what, on how many days, in which space,
with ``start < day <= end``" from the stored text without unpacking it, sharing each month's
split and totals between windows. It stands alone because it is the fast path, with its own
caches and its own reading of the byte layout (:mod:`copkit.conversations.packing`), while
:class:`copkit.conversations.read.ConversationLog` is the API the readings call.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from copkit.conversations.log import _b36, _number
from copkit.conversations.packing import month_of
from copkit.conversations.summaries import Sums, read_summary
from copkit.model import ConversationAuthor, ConversationMonth, ConversationSummary


class _Who(dict[str, str]):
    """An author's number in base 36, as packed, -> who (the id of the member who owns the
    author, else the author's own id).

    Filled with the canonical numbers of the author records; a number written another way in
    a hand-edited file (``08c`` for ``8c``) resolves like its canonical form, and one with no
    author record stands for itself, as :attr:`~copkit.conversations.read.ConversationLog.tallies`
    reads them."""

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


def _length(month: str) -> int:
    """How many days ``month`` (YYYY-MM) has."""
    return calendar.monthrange(int(month[:4]), int(month[5:7]))[1]


class PackedTallies:
    """The tally months of a log, scanned per month (and per window, once) when a window asks.

    What it returns is cached for the next window that asks and must not be changed.
    """

    def __init__(
        self,
        months: Sequence[ConversationMonth],
        who: _Who,
        summaries: Sequence[ConversationSummary] = (),
    ) -> None:
        self._by_month: dict[str, list[ConversationMonth]] = {}
        self._summary_text = {record.month: record.totals for record in summaries}
        self._summaries: dict[str, tuple[Sums, dict[str, int]] | None] = {}
        for record in months:
            self._by_month.setdefault(record.month, []).append(record)
        self._who = who
        #: A tally entry as packed -> (who, posts, replies, reactions); None when malformed.
        self._entries: dict[str, tuple[str, int, int, int] | None] = {}
        #: A tally entry -> who ("" when malformed): the day sets are mapped through it in C.
        self._whose: dict[str, str] = {}
        self._space_parts: dict[tuple[str, int, int], dict[str, tuple[int, int, int]]] = {}
        self._days_of: dict[str, list[list[str]]] = {}
        self._whos_of: dict[str, list[set[str] | None]] = {}
        self._month_totals: dict[str, dict[str, list[int]]] = {}

    def space_sums(self, start: dt.date | None, end: dt.date) -> dict[str, list[int]]:
        """Space id -> posts, replies, reactions with ``start < day <= end``."""
        sums: dict[str, list[int]] = {}
        for part in self._parts_between(start, end):
            for space_id, totals in self._space_part(*part).items():
                held = sums.setdefault(space_id, [0, 0, 0])
                for index, count in enumerate(totals):
                    held[index] += count
        return sums

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

    def window_sums(self, start: dt.date | None, end: dt.date) -> dict[str, list[int]]:
        """Who -> posts, replies, reactions with ``start < day <= end``: the totals of the
        months wholly inside (each summed once per log, windows share them) and the days of
        the edge months, counted together."""
        edges: list[list[str]] = []
        whole: list[dict[str, list[int]]] = []
        for month, low, high in self._parts_between(start, end):
            summary = self._summary(month, low, high)
            if summary is not None:
                whole.append(summary[0])
                continue
            days = self._month_days(month)
            if low == 0 and not any(days[high + 1 :]):
                whole.append(self._month_sums(month))
            elif low == 0 and (summary := self._summary(month, 0, _length(month))):
                whole.append(self._all_but(summary[0], days[high + 1 :]))
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

    def _summary(self, month: str, low: int, high: int) -> tuple[Sums, dict[str, int]] | None:
        """The stored totals of ``month`` when the window holds all of it and they can be
        read (see :func:`copkit.conversations.summaries.read_summary`), else None."""
        if low or high < _length(month) or month not in self._summary_text:
            return None
        if month not in self._summaries:
            self._summaries[month] = read_summary(self._summary_text[month], self._who.__getitem__)
        return self._summaries[month]

    def _all_but(self, totals: Sums, tail: list[list[str]]) -> dict[str, list[int]]:
        """A month's ``totals`` less its ``tail`` days: the first days of a month with a
        summary, read from it and the few days after them rather than from every day."""
        less = self._sums(tail)
        kept: dict[str, list[int]] = {}
        for who, found in totals.items():
            gone = less.get(who)
            if gone is not None:
                found = [found[0] - gone[0], found[1] - gone[1], found[2] - gone[2]]
            if any(found):
                kept[who] = found
        return kept

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

    def active(self, start: dt.date | None, end: dt.date) -> Counter[str]:
        """Who -> distinct active days ``start < day <= end`` (any space): one set of who per
        day (two spaces, or two identities of one member, on one day make one day), kept per
        day and counted in C. The window's entries must already be parsed (its counts)."""
        sets: list[set[str]] = []
        less: list[set[str]] = []  # the days after a window's end in a month read as a whole
        active: Counter[str] = Counter()
        for month, low, high in self._parts_between(start, end):
            summary = self._summary(month, low, high)
            if summary is not None:
                active.update(summary[1])
                continue
            days = self._month_days(month)
            if low == 0 and any(days[high + 1 :]):
                summary = self._summary(month, 0, _length(month))
            if summary is not None:  # as window_sums reads it: the whole month less its tail
                active.update(summary[1])
                less.extend(self._day_whos(month, day) for day in range(high + 1, len(days)))
                continue
            sets.extend(self._day_whos(month, day) for day in range(low + 1, high + 1))
        active.update(itertools.chain.from_iterable(sets))
        if less:
            active.subtract(itertools.chain.from_iterable(less))
            for who in [who for who, n in active.items() if n <= 0]:
                del active[who]
        active.pop("", None)  # the entries not in the form
        return active

    def _day_whos(self, month: str, day: int) -> set[str]:
        """Who was active on ``day`` of ``month`` (cached; its entries already parsed)."""
        days = self._month_days(month)
        whos = self._whos_of.setdefault(month, [None] * len(days))
        found = whos[day]
        if found is None:
            found = whos[day] = set(map(self._whose.__getitem__, days[day]))
        return found

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
        first = month_of(start) if start is not None else min(self._by_month)
        last = month_of(end)
        parts = []
        for month in sorted(m for m in self._by_month if first <= m <= last):
            low = start.day if start is not None and month == first else 0
            high = end.day if month == last else 31
            if low < high:
                parts.append((month, low, high))
        return parts
