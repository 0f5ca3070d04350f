"""Each author's totals per month, every space together: derived from the packed tallies.

A health check reads a dozen windows, most of them whole months; summing a month from its
day-by-day tallies means looking at every distinct entry of every day. So whenever an import
or an erasure saves the tallies, each month's totals (posts, replies, reactions and active
days per author) are written beside them as one :class:`ConversationSummary`, and a window
sums the summaries of its whole months and reads only its edge months day by day
(:mod:`copkit.conversations.windows`). It stands apart from :mod:`copkit.conversations.packing`
because it is derived, never merged: the merge rules stay those of the tallies, and a file
written before summaries (or a month whose summary is missing) is summed from its tallies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from copkit.conversations.packing import State, _b36, month_of
from copkit.model import ConversationSummary

if TYPE_CHECKING:
    from copkit.storage.store import Session

#: One whole entry of a summary: author, posts, replies, reactions (each as packed, "" when
#: absent), active days. Possessive: no part can give a character back to the next (see
#: :data:`copkit.conversations.shapes._THREAD_ENTRY`).
_SUMMARY_ENTRY = re.compile(r"(?:^| )([0-9a-z]++)(P\d*+)?+(R\d*+)?+(X\d*+)?+\.(\d++)(?= |$)")
#: Who -> posts, replies, reactions.
Sums = dict[str, list[int]]


class _Counts(dict[str, int]):
    """A count as a summary packs it (``P``, ``R12``; "" when absent) -> the number: a month
    holds few distinct ones, each read once."""

    def __missing__(self, packed: str) -> int:
        found = self[packed] = int(packed[1:] or 1) if packed else 0
        return found


_COUNT = _Counts()


def pack_summary(totals: dict[int, tuple[list[int], set[dt.date]]]) -> str:
    """One month's summary: author -> their counts and active days, packed."""
    out = []
    for author in sorted(totals):
        counts, days = totals[author]
        cells = "".join(
            letter + ("" if count == 1 else str(count))
            for letter, count in zip("PRX", counts, strict=True)
            if count
        )
        out.append(f"{_b36(author)}{cells}.{len(days)}")
    return " ".join(out)


def summarise(state: State) -> dict[str, str]:
    """Month -> its packed summary, from the merged tallies."""
    months: dict[str, dict[int, tuple[list[int], set[dt.date]]]] = defaultdict(dict)
    for (_space_id, day, author), counts in state.tallies.items():
        if not any(counts):
            continue
        held = months[month_of(day)].setdefault(author, ([0, 0, 0], set()))
        for index, count in enumerate(counts):
            held[0][index] += count
        held[1].add(day)
    return {month: pack_summary(totals) for month, totals in months.items()}


def save_summaries(session: Session, state: State) -> None:
    """Rewrite the summaries that changed; a month with no tallies left loses its summary."""
    packed = summarise(state)
    stored = {r.month: r for r in session.all(ConversationSummary)}
    changed = [r.id for month, r in stored.items() if packed.get(month) != r.totals]
    session.remove_many(ConversationSummary, changed)
    session.add_many(
        [
            ConversationSummary(month=month, totals=text)
            for month, text in sorted(packed.items())
            if month not in stored or stored[month].id in changed
        ]
    )


def read_summary(text: str, who: Callable[[str], str]) -> tuple[Sums, dict[str, int]] | None:
    """A stored summary: who -> counts, and who -> active days (None when two identities of
    one person share the month, whose days may overlap, or an entry is not in the form: the
    caller then counts the month from its tallies)."""
    found = _SUMMARY_ENTRY.findall(text)
    if len(found) != len(text.split()):
        return None
    if not found:
        return {}, {}
    authors, posts, replies, reactions, active = zip(*found, strict=True)
    people = list(map(who, authors))
    if len(set(people)) != len(people):
        return None
    count = _COUNT.__getitem__
    counts = zip(map(count, posts), map(count, replies), map(count, reactions), strict=True)
    sums: Sums = dict(zip(people, map(list, counts), strict=True))
    days = dict(zip(people, map(int, active), strict=True))
    return sums, days
