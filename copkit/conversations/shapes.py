"""Threads reduced to their shapes: who started one and who had replied, counted.

The dialogue reading (:mod:`copkit.health.dialogue`) only counts threads: a half-year holds
thousands of them but far fewer distinct shapes, and a month wholly inside a window can be
matched and counted in C from its packed text. It stands alone because it reads the packed
thread layout itself (:mod:`copkit.conversations.packing`), apart from the tally windows
(:mod:`copkit.conversations.windows`) and the unpacked threads the listings read
(:class:`copkit.conversations.read.ConversationLog`).
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable

from copkit.conversations.log import unpack_threads
from copkit.conversations.packing import month_of
from copkit.model import ConversationThreads

#: A whole, well-formed thread entry ``KEY.DAY.STARTER.REPLIER[+DAYS],...``: day, starter and
#: repliers. A month whose every entry matches is read in C; any other goes entry by entry.
#: Possessive (``++``, ``*+``, ``?+``): each part ends where a character of another class
#: starts, so giving a character back could never lead to a match, and the regex engine is
#: told not to try (a third faster on a year of threads; the same matches).
_THREAD_ENTRY = re.compile(
    r"(?:^| )[A-Za-z0-9_-]++\.([1-9]|[12]\d|3[01])\.([0-9a-z]*+)\."
    r"((?:[0-9a-z]++(?:\+[0-9a-z]++)?+(?:,[0-9a-z]++(?:\+[0-9a-z]++)?+)*+)?+)(?= |$)"
)
_OFFSET = re.compile(r"\+([0-9a-z]++)")
#: A reply's offset in the form: a ``+`` left after these are taken out is not.
_OFFSET_AT_END = re.compile(r"\+[0-9a-z]++(?=,| |$)")
#: A thread reduced to who started it (None: unknown) and who had replied (repeats kept, as
#: two identities of one member each count), with how many threads have that shape: what the
#: dialogue reading needs of them.
Shape = tuple[str | None, tuple[str, ...], int]


def thread_shapes(
    thread_months: Iterable[ConversationThreads],
    who: Callable[[str], str],
    name: Callable[[int], str],
    start: dt.date,
    end: dt.date,
) -> list[Shape]:
    """The threads started with ``start < day <= end``, each reduced to its :data:`Shape`
    (who started it, who had replied by ``end``), with how many threads have it (one shape
    may come in several rows); threads with no reply by ``end`` are left out. ``who`` names
    an author by their packed number, ``name`` by their number.

    A month wholly inside the window (its latest replies too) is matched and counted in C;
    the months at the window's edges, and any month with an entry not in the form, are
    read entry by entry, exactly as :func:`copkit.conversations.read.threads` reads them.
    """
    low, high = month_of(start), month_of(end)
    packed: Counter[tuple[str, str]] = Counter()
    shapes: list[Shape] = []
    for bucket in thread_months:
        inside = low <= bucket.month <= high and bucket.threads
        if inside and not _count_month(bucket, start, end, packed):
            _shape_slowly(bucket, name, start, end, shapes)
    groups: dict[str, tuple[str, ...]] = {}  # many threads share their repliers
    starters: dict[str, str | None] = {"": None}  # and their starters
    for (starter, repliers), count in packed.items():
        if repliers:
            group = groups.get(repliers)
            if group is None:
                group = groups[repliers] = tuple(map(who, repliers.split(",")))
            known = starters.get(starter, "")
            if known == "":
                known = starters[starter] = who(starter)
            shapes.append((known, group, count))
    return shapes


def _count_month(
    bucket: ConversationThreads,
    start: dt.date,
    end: dt.date,
    packed: Counter[tuple[str, str]],
) -> bool:
    """Count the month's threads into ``packed`` as (starter, repliers) in packed numbers;
    False, with nothing counted, when an entry is not in the form."""
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
        return False
    if whole:
        packed.update(map(operator.itemgetter(1, 2), found))
        return True
    _count_edge(found, first.toordinal() - 1, start, end, packed)
    return True


def _count_edge(
    found: list[tuple[str, str, str]],
    base: int,
    start: dt.date,
    end: dt.date,
    packed: Counter[tuple[str, str]],
) -> None:
    """The matched entries of a month at the window's edge: those started in the window, each
    with the replies it had by ``end``."""
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


def _shape_slowly(
    bucket: ConversationThreads,
    name: Callable[[int], str],
    start: dt.date,
    end: dt.date,
    shapes: list[Shape],
) -> None:
    """:func:`thread_shapes` for a month with an entry not in the form (a hand-edited
    file): unpacked entry by entry, skipping what cannot be read, as ``threads`` does."""
    for _key, thread in unpack_threads(bucket):
        if start < thread.day <= end:
            replied = sorted(thread.repliers.items())
            repliers = tuple(name(n) for n, day in replied if day <= end)
            if repliers:
                starter = None if thread.starter is None else name(thread.starter)
                shapes.append((starter, repliers, 1))
