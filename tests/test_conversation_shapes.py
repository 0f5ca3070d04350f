"""Thread shapes, the dialogue reading's fast path, against the threads the listings unpack.

``ConversationLog.thread_shapes`` reads each packed month once and counts shapes from it for
every window; ``threads`` unpacks every thread. For any history and any window, hand-edited
months included, both must describe the same threads: who started each and who had replied by
the window's end.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.conversations.packing import ThreadState, month_of, pack_threads
from copkit.conversations.read import ConversationLog, threads
from copkit.model import ConversationThreads

FIRST = dt.date(2026, 1, 1)

thread_strategy = st.tuples(
    st.sampled_from(["s1", "s2"]),
    st.integers(0, 150),  # the day it started, from FIRST
    st.one_of(st.none(), st.integers(0, 40)),  # its starter
    st.dictionaries(
        st.integers(0, 40), st.one_of(st.just(0), st.integers(0, 45)), min_size=1, max_size=5
    ),
)


def buckets(
    found: list[tuple[str, int, int | None, dict[int, int]]], edits: int
) -> list[ConversationThreads]:
    """The threads packed by space and month as copkit stores them; ``edits`` months get their
    entries shuffled, as a hand-edited file might, and one gets an entry for a day its month
    does not have (read as the listings read it: that entry skipped)."""
    by_bucket: dict[tuple[str, str], list[tuple[str, ThreadState]]] = defaultdict(list)
    for index, (space, offset, starter, waits) in enumerate(found):
        day = FIRST + dt.timedelta(days=offset)
        repliers = {who: day + dt.timedelta(days=wait) for who, wait in waits.items()}
        by_bucket[(space, month_of(day))].append((f"k{index}", ThreadState(day, starter, repliers)))
    records = []
    chance = random.Random(edits)
    for number, ((space, month), items) in enumerate(sorted(by_bucket.items())):
        text = pack_threads(items)
        if number < edits:
            entries = text.split()
            chance.shuffle(entries)
            text = " ".join(entries)
        if number == edits and month.endswith(("-02", "-04")):
            text += " bad.31.1.2"
        data = {"space_id": space, "month": month, "threads": text, "id": f"ct{number}"}
        records.append(ConversationThreads.from_dict(data, stored=True))
    return records


def as_listed(log: ConversationLog, start: dt.date, end: dt.date) -> Counter[tuple[object, ...]]:
    return Counter(
        (thread.starter, tuple(sorted(thread.repliers(end))))
        for thread in threads(log, start, end)
        if thread.repliers(end)
    )


def as_shaped(log: ConversationLog, start: dt.date, end: dt.date) -> Counter[tuple[object, ...]]:
    found: Counter[tuple[object, ...]] = Counter()
    for starter, repliers, times in log.thread_shapes(start, end):
        found[(starter, tuple(sorted(repliers)))] += times
    return found


@settings(max_examples=150, deadline=None)
@given(
    found=st.lists(thread_strategy, max_size=60),
    edits=st.integers(0, 3),
    windows=st.lists(st.tuples(st.integers(-10, 200), st.integers(0, 200)), min_size=1, max_size=4),
)
def test_thread_shapes_count_the_threads_the_listing_unpacks(
    found: list[tuple[str, int, int | None, dict[int, int]]],
    edits: int,
    windows: list[tuple[int, int]],
) -> None:
    log = ConversationLog({}, {}, (), buckets(found, edits))
    for begin, length in windows:  # one log, several windows: the later reuse what is read
        start = FIRST + dt.timedelta(days=begin)
        end = start + dt.timedelta(days=length)
        assert as_shaped(log, start, end) == as_listed(log, start, end)


def test_a_window_ending_before_the_replies_leaves_them_out() -> None:
    found = [("s1", 10, 1, {2: 0, 3: 20}), ("s1", 12, 4, {5: 40}), ("s1", 16, 6, {7: 0})]
    log = ConversationLog({}, {}, (), buckets(found, 0))
    start, end = FIRST, FIRST + dt.timedelta(days=15)  # the third thread starts a day later
    assert as_shaped(log, start, end) == Counter({("ca1", ("ca2",)): 1})
    later = FIRST + dt.timedelta(days=60)
    assert as_shaped(log, start, later) == Counter(
        {("ca1", ("ca2", "ca3")): 1, ("ca4", ("ca5",)): 1, ("ca6", ("ca7",)): 1}
    )
