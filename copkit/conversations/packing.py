"""Conversation activity packed into the community file, and unpacked again.

The formats are described in :mod:`copkit.conversations.log`, which merges and erases what
this module reads and writes. They live apart because they are the file's byte layout, not a
rule about activity: :mod:`copkit.conversations.read` unpacks them too, and a change here is a
change of schema. Every name stays importable from :mod:`copkit.conversations.log`.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import msgspec

from copkit.model import ConversationAuthor, ConversationMonth, ConversationThreads

if TYPE_CHECKING:
    from copkit.storage.store import Session

#: (space id, day, author number) -> [posts, replies, reactions]
Tallies = dict[tuple[str, dt.date, int], list[int]]


class ThreadState(msgspec.Struct):
    """A thread while merging: absolute days, so a thread moving to an earlier start is easy."""

    day: dt.date
    starter: int | None = None
    repliers: dict[int, dt.date] = msgspec.field(default_factory=dict)

    def merge(self, other: ThreadState) -> None:
        self.day = min(self.day, other.day)
        if self.starter is None:
            self.starter = other.starter
        for who, day in other.repliers.items():
            self.repliers[who] = min(day, self.repliers.get(who, day))
        self.day = min([self.day, *self.repliers.values()])


#: (space id, thread key) -> thread
Threads = dict[tuple[str, str], ThreadState]


class State(msgspec.Struct):
    """Everything stored, unpacked: what a merge or an erasure works on."""

    tallies: Tallies = msgspec.field(default_factory=dict)
    threads: Threads = msgspec.field(default_factory=dict)


def thread_key(platform: str, thread: str) -> str:
    """A short, stable key for a platform's thread id (6 characters, 36 bits): the first
    six characters of the URL-safe base64 of a 6-byte BLAKE2b digest."""
    # only importing an export names threads: OpenSSL takes a few ms to load
    import hashlib
    from binascii import b2a_base64

    digest = hashlib.blake2b(f"{platform}\0{thread}".encode(), digest_size=6).digest()
    return b2a_base64(digest, newline=False)[:6].translate(_URL_SAFE).decode()


#: base64's "+" and "/" as its URL-safe alphabet writes them (base64.urlsafe_b64encode)
_URL_SAFE = bytes.maketrans(b"+/", b"-_")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
        if not number:
            return text


#: Every number of one or two digits, written once: author numbers and day offsets.
_SHORT = tuple(_base36(n) for n in range(36 * 36))


def _b36(number: int) -> str:
    return _SHORT[number] if 0 <= number < 1296 else _base36(number)


def _number(author_id: str) -> int:
    return int(author_id[len(ConversationAuthor.ID_PREFIX) :])


# --- packing -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def month_of(day: dt.date) -> str:
    """The month a day's activity is packed under (``2026-11``)."""
    return f"{day.year:04d}-{day.month:02d}"


def _day_in(month: str, day_of_month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), int(day_of_month))


def pack_tallies(entries: Iterable[tuple[dt.date, int, Sequence[int]]]) -> str:
    by_day: dict[int, list[str]] = defaultdict(list)
    for day, author, counts in sorted(entries, key=lambda e: (e[0], e[1])):
        cells = "".join(
            letter + ("" if count == 1 else str(count))
            for letter, count in zip("PRX", counts, strict=True)
            if count
        )
        by_day[day.day].append(_b36(author) + cells)
    return " ".join(f"{day}:{','.join(items)}" for day, items in by_day.items())


_ENTRY = re.compile(r"([0-9a-z]+)((?:P\d*)?)((?:R\d*)?)((?:X\d*)?)")


def unpack_tallies(record: ConversationMonth) -> Iterable[tuple[dt.date, int, list[int]]]:
    for group in record.tallies.split():
        day_text, _, items = group.partition(":")
        try:
            day = _day_in(record.month, day_text)
        except ValueError:
            continue  # hand-edited beyond the form: read what can be read (see model)
        for item in items.split(","):
            found = _ENTRY.fullmatch(item)
            if found is None:
                continue  # hand-edited beyond the form: read what can be read (see model)
            counts = [(int(c[1:]) if len(c) > 1 else 1) if c else 0 for c in found.groups()[1:]]
            yield day, int(found.group(1), 36), counts


def pack_threads(entries: Iterable[tuple[str, ThreadState]]) -> str:
    b36 = _b36
    items = [(thread.day, key, thread) for key, thread in entries]
    items.sort(key=_DAY_AND_KEY)  # a key is one thread's in its bucket: never a tie
    out = []
    for day, key, thread in items:
        if len(thread.repliers) == 1:  # most threads: no sorting, no joining
            ((who, when),) = thread.repliers.items()
            repliers = b36(who) if when == day else f"{b36(who)}+{b36((when - day).days)}"
        else:
            repliers = ",".join(
                b36(who) if when == day else f"{b36(who)}+{b36((when - day).days)}"
                for who, when in sorted(thread.repliers.items())
            )
        starter = "" if thread.starter is None else b36(thread.starter)
        out.append(f"{key}.{day.day}.{starter}.{repliers}")
    return " ".join(out)


_DAY_AND_KEY = operator.itemgetter(0, 1)


def unpack_threads(record: ConversationThreads) -> Iterable[tuple[str, ThreadState]]:
    for entry in record.threads.split():
        try:
            key, day_text, starter, replier_text = entry.split(".")
            day = _day_in(record.month, day_text)
            repliers: dict[int, dt.date] = {}
            for item in filter(None, replier_text.split(",")):
                who, _, offset = item.partition("+")
                repliers[int(who, 36)] = day + dt.timedelta(days=int(offset or "0", 36))
        except ValueError:
            continue  # hand-edited beyond the form: read what can be read (see model)
        yield key, ThreadState(day, int(starter, 36) if starter else None, repliers)


def state_of(
    months: Iterable[ConversationMonth], thread_months: Iterable[ConversationThreads]
) -> State:
    """Packed tally months and thread buckets, unpacked into one state."""
    state = State()
    for month in months:
        for day, author, counts in unpack_tallies(month):
            state.tallies[(month.space_id, day, author)] = counts
    for bucket in thread_months:
        for key, thread in unpack_threads(bucket):
            state.threads[(bucket.space_id, key)] = thread
    return state


def load_state(session: Session) -> State:
    return state_of(session.all(ConversationMonth), session.all(ConversationThreads))


def save_packed(session: Session, state: State) -> None:
    """Write every bucket that changed; a bucket left empty goes. One table operation per kind
    and change (``add_many``/``remove_many``), whatever the size of the import. The monthly
    summaries derived from them are written by :func:`copkit.conversations.log.save_state`."""
    # the state's own keys, grouped: an entry per tally or thread is made a bucket at a time
    slots: dict[tuple[str, str], list[tuple[str, dt.date, int]]] = defaultdict(list)
    for slot, counts in state.tallies.items():
        if any(counts):
            slots[(slot[0], month_of(slot[1]))].append(slot)
    wheres: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for where, thread in state.threads.items():
        if thread.repliers:
            wheres[(where[0], month_of(thread.day))].append(where)
    packed = {
        bucket: pack_tallies((slot[1], slot[2], state.tallies[slot]) for slot in keys)
        for bucket, keys in slots.items()
    }
    _save_buckets(session, ConversationMonth, packed, "tallies")
    packed = {
        bucket: pack_threads((where[1], state.threads[where]) for where in keys)
        for bucket, keys in wheres.items()
    }
    _save_buckets(session, ConversationThreads, packed, "threads")


def _save_buckets(
    session: Session,
    kind: type[ConversationMonth] | type[ConversationThreads],
    packed: dict[tuple[str, str], str],
    attribute: str,
) -> None:
    stored = {(r.space_id, r.month): r for r in session.all(kind)}
    changed = [r.id for key, r in stored.items() if packed.get(key) != getattr(r, attribute)]
    new = [
        kind(space_id=space_id, month=month, **{attribute: text})
        for (space_id, month), text in sorted(packed.items())
        if (space_id, month) not in stored or stored[(space_id, month)].id in changed
    ]
    session.remove_many(kind, changed)
    session.add_many(new)
