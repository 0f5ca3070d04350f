"""Conversation activity in the community file: packed counts, idempotent merges, erasure.

Storage (the community file must grow by a few bytes per message, and never hold a word of
what was written):

* ``conversation_authors``: one :class:`~copkit.model.ConversationAuthor` per platform identity
  (a Slack user id, a Graph user id, an email address, a CSV name). Authors are resolved to
  members when read (:func:`resolve`: by email, then by a member's aliases), never when
  stored, so an author matched later (``member edit --alias``, ``conversation match``) counts
  at once without importing again, and unmatched activity is kept, not dropped.
* ``conversation_months``: per space and month, one packed string of day tallies,
  ``DAY:ENTRY,ENTRY DAY:ENTRY``, one entry per author with activity that day: the number of the
  author's id in base 36 (``ca300`` -> ``8c``) then ``P``, ``R`` and ``X`` for posts, replies and
  reactions, each followed by its count unless it is 1 (``8cP2X``: two posts, one reaction).
* ``conversation_threads``: per space and month, the threads that had replies, packed as
  ``KEY.DAY.STARTER.REPLIER[+DAYS],...`` (numbers in base 36): the thread's key (a 36-bit hash
  of the platform's id for its first message; two threads of one space sharing a key would
  merge, which for thousands of threads is a chance in hundreds, and costs one thread's
  replies at most), the day it started, who started it (empty if that message was not in
  any export, or its author was forgotten), and each replier with the days from the start to
  their first reply. A thread nobody replied to is just a post and is not listed: the post
  tallies count it.

The merge rule (why importing twice adds nothing and overlapping exports merge): an export of
a channel holds every message of each day it covers, so the same day read twice must give the
same count. Each tally (space, day, author, kind) is therefore merged as the **maximum** of
what is stored and what the import counted; a thread is merged by key as the **earliest** day
either saw, the starter whichever knows it, and the **union** of repliers, each at their
earliest first reply. Maximum, minimum and union are idempotent, commutative and associative:
importing A then B, B then A, or A twice gives the same file. The price: two files that each
hold *part* of the same day (say two pages of one Graph listing) must be imported in one
command (``conversation import page1.json page2.json``), which sums them first.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from copkit.conversations.events import AuthorInfo, Export, Kind
from copkit.errors import CopkitError, InputError
from copkit.model import (
    ConversationAuthor,
    ConversationMonth,
    ConversationThreads,
    Member,
    Space,
    check_text,
)
from copkit.store import Session

#: (space id, day, author number) -> [posts, replies, reactions]
Tallies = dict[tuple[str, dt.date, int], list[int]]
_KIND_INDEX = {Kind.POST: 0, Kind.REPLY: 1, Kind.REACTION: 2}


@dataclass
class ThreadState:
    """A thread while merging: absolute days, so a thread moving to an earlier start is easy."""

    day: dt.date
    starter: int | None = None
    repliers: dict[int, dt.date] = field(default_factory=dict)

    def merge(self, other: ThreadState) -> None:
        self.day = min(self.day, other.day)
        if self.starter is None:
            self.starter = other.starter
        for who, day in other.repliers.items():
            self.repliers[who] = min(day, self.repliers.get(who, day))
        self.day = min([self.day, *self.repliers.values()])


#: (space id, thread key) -> thread
Threads = dict[tuple[str, str], ThreadState]


@dataclass
class State:
    """Everything stored, unpacked: what a merge or an erasure works on."""

    tallies: Tallies = field(default_factory=dict)
    threads: Threads = field(default_factory=dict)


def thread_key(platform: str, thread: str) -> str:
    """A short, stable key for a platform's thread id (6 characters, 36 bits)."""
    digest = hashlib.blake2b(f"{platform}\0{thread}".encode(), digest_size=6).digest()
    return base64.urlsafe_b64encode(digest).decode()[:6]


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _b36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
        if not number:
            return text


def _number(author_id: str) -> int:
    return int(author_id[len(ConversationAuthor.ID_PREFIX) :])


# --- packing -------------------------------------------------------------------------------


def _month(day: dt.date) -> str:
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
    out = []
    for key, thread in sorted(entries, key=lambda e: (e[1].day, e[0])):
        repliers = ",".join(
            _b36(who) + (f"+{_b36((day - thread.day).days)}" if day != thread.day else "")
            for who, day in sorted(thread.repliers.items())
        )
        starter = "" if thread.starter is None else _b36(thread.starter)
        out.append(f"{key}.{thread.day.day}.{starter}.{repliers}")
    return " ".join(out)


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


def load_state(session: Session) -> State:
    state = State()
    for month in session.all(ConversationMonth):
        for day, author, counts in unpack_tallies(month):
            state.tallies[(month.space_id, day, author)] = counts
    for bucket in session.all(ConversationThreads):
        for key, thread in unpack_threads(bucket):
            state.threads[(bucket.space_id, key)] = thread
    return state


def save_state(session: Session, state: State) -> None:
    """Write every bucket that changed; a bucket left empty goes. One table operation per kind
    and change (``add_many``/``remove_many``), whatever the size of the import."""
    tallies: dict[tuple[str, str], list[tuple[dt.date, int, Sequence[int]]]] = defaultdict(list)
    for (space_id, day, author), counts in state.tallies.items():
        if any(counts):
            tallies[(space_id, _month(day))].append((day, author, counts))
    threads: dict[tuple[str, str], list[tuple[str, ThreadState]]] = defaultdict(list)
    for (space_id, key), thread in state.threads.items():
        if thread.repliers:
            threads[(space_id, _month(thread.day))].append((key, thread))
    _save_buckets(
        session, ConversationMonth, {k: pack_tallies(v) for k, v in tallies.items()}, "tallies"
    )
    _save_buckets(
        session, ConversationThreads, {k: pack_threads(v) for k, v in threads.items()}, "threads"
    )


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


# --- resolving authors to members ----------------------------------------------------------


def resolve(authors: Iterable[ConversationAuthor], members: Iterable[Member]) -> dict[str, str]:
    """Author id -> member id, for the authors some member matches.

    By email first (the author's address, or an identity that is an address), then by a
    member's aliases against the author's identity, display name or address, ignoring case.
    """
    members = list(members)
    by_email = {m.email: m.id for m in members}
    by_alias: dict[str, str] = {}
    for member in members:
        for alias in member.aliases:
            by_alias.setdefault(alias.casefold(), member.id)
    owners: dict[str, str] = {}
    for author in authors:
        found = by_email.get(author.email) or by_email.get(author.key.lower())
        if found is None:
            for name in (author.key, author.name, author.email):
                if name and name.casefold() in by_alias:
                    found = by_alias[name.casefold()]
                    break
        if found is not None:
            owners[author.id] = found
    return owners


# --- importing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unmatched:
    """An author no member matches, and how many messages and reactions they have."""

    author: ConversationAuthor
    count: int


@dataclass(frozen=True)
class ImportResult:
    """What an import changed: counted (read from the exports), new (not stored before)."""

    counted: int
    new: int
    spaces: tuple[str, ...]
    unmatched: tuple[Unmatched, ...]
    skipped: Mapping[str, int]
    left_out: tuple[str, ...]


def map_channels(
    export: Export,
    spaces: Sequence[Space],
    *,
    space: str | None,
    channels: Mapping[str, str],
) -> dict[str, Space]:
    """Channel -> space. ``--space`` for an export of one channel; ``--channel NAME=SPACE`` for
    several (channels not named are left out). A private channel only goes to a private space:
    what was said there must never count as public activity."""
    from copkit.records import find_space

    active = sorted({event.channel for event in export.events})
    mapping: dict[str, Space] = {}
    for name, ref in channels.items():
        channel = name.lstrip("#")
        if channel not in export.channels and channel not in active:
            known = ", ".join(sorted(export.channels)) or "none"
            raise InputError(f"the export has no channel {name!r} (channels: {known})")
        mapping[channel] = find_space(spaces, ref)
    if space is not None:
        rest = [c for c in active if c not in mapping]
        if len(rest) > 1:
            raise InputError(
                f"the export holds {len(rest)} channels ({', '.join(rest)}): say which space "
                "each belongs to with --channel NAME=SPACE"
            )
        for channel in rest:
            mapping[channel] = find_space(spaces, space)
    if not mapping:
        raise InputError(
            "say where the conversation belongs: --space SPACE or --channel NAME=SPACE"
        )
    for channel, target in mapping.items():
        if export.channels.get(channel) and not target.is_private:
            raise CopkitError(
                f"{channel} is a private channel: its activity can only count in a private "
                f"space, and {target.name} is public"
            )
    return mapping


def import_exports(
    session: Session, exports: Sequence[tuple[Export, Mapping[str, Space]]]
) -> ImportResult:
    """Merge exports into the file (see the module docstring for the rule). Nothing is written
    unless the session ends well; call only once every export has been read whole."""
    authors = session.all(ConversationAuthor)
    by_identity = {(a.platform, a.key): a for a in authors}
    fresh: dict[tuple[str, str], ConversationAuthor] = {}
    for export, mapping in exports:
        # Only people whose activity is imported: a workspace's user list holds many more.
        for name in dict.fromkeys(e.author for e in export.events if e.channel in mapping):
            identity = (export.platform, name)
            if identity not in by_identity and identity not in fresh:
                fresh[identity] = _author(export.platform, export.authors[name])
    for stored in session.add_many(list(fresh.values())):
        by_identity[(stored.platform, stored.key)] = stored
    _fill_in(session, by_identity, exports)

    counted: Tallies = {}
    threads: Threads = {}
    per_author: Counter[str] = Counter()
    left_out: set[str] = set()
    skipped: Counter[str] = Counter()
    used_spaces: set[str] = set()
    for export, mapping in exports:
        skipped.update(export.skipped)
        numbers = {
            k: _number(by_identity[(export.platform, k)].id)
            for k in export.authors
            if (export.platform, k) in by_identity
        }
        for event in export.events:
            target = mapping.get(event.channel)
            if target is None:
                left_out.add(event.channel)
                continue
            used_spaces.add(target.id)
            author = numbers[event.author]
            per_author[by_identity[(export.platform, event.author)].id] += 1
            tally = counted.setdefault((target.id, event.day, author), [0, 0, 0])
            tally[_KIND_INDEX[event.kind]] += 1
            if event.thread is None or event.kind is Kind.REACTION:
                continue
            where = (target.id, thread_key(export.platform, event.thread))
            thread = threads.get(where)
            if thread is None:
                thread = threads[where] = ThreadState(event.thread_day or event.day)
            if event.kind is Kind.POST:
                thread.starter = author
                thread.day = min(thread.day, event.day)
            else:
                if event.thread_day is not None:
                    thread.day = min(thread.day, event.thread_day)
                thread.repliers[author] = min(event.day, thread.repliers.get(author, event.day))
                thread.day = min(thread.day, event.day)

    state = load_state(session)
    new = 0
    for slot, counts in counted.items():
        held = state.tallies.get(slot)
        if held is None:
            state.tallies[slot] = counts
            new += sum(counts)
            continue
        for index, count in enumerate(counts):
            if count > held[index]:
                new += count - held[index]
                held[index] = count
    for where, thread in threads.items():
        if not thread.repliers:
            continue  # a post nobody answered (in this export): its tally says enough
        if where in state.threads:
            state.threads[where].merge(thread)
        else:
            state.threads[where] = thread
    save_state(session, state)

    owners = resolve(session.all(ConversationAuthor), session.all(Member))
    by_id = {a.id: a for a in session.all(ConversationAuthor)}
    unmatched = tuple(
        Unmatched(by_id[author_id], count)
        for author_id, count in sorted(per_author.items(), key=lambda i: (-i[1], i[0]))
        if author_id not in owners
    )
    spaces = {s.id: s.name for s in session.all(Space)}
    return ImportResult(
        counted=sum(per_author.values()),
        new=new,
        spaces=tuple(spaces[s] for s in sorted(used_spaces)),
        unmatched=unmatched,
        skipped=dict(skipped),
        left_out=tuple(sorted(left_out)),
    )


def _author(platform: str, info: AuthorInfo) -> ConversationAuthor:
    """A new author record; a name or address a platform wrote oddly is dropped, not fatal."""
    email = ""
    if info.email:
        try:
            from copkit.model import check_email

            email = check_email(info.email)
        except InputError:
            email = ""
    try:
        name = check_text(info.name, "a name", required=False, limit=200)
    except InputError:
        name = ""
    try:
        return ConversationAuthor(platform=platform, key=info.key, name=name, email=email)
    except InputError as exc:
        raise InputError(f"an author's identity cannot be stored ({exc})") from None


def _fill_in(
    session: Session,
    by_identity: dict[tuple[str, str], ConversationAuthor],
    exports: Sequence[tuple[Export, Mapping[str, Space]]],
) -> None:
    """An author stored without a name or address gets one when a later export has it."""
    for export, _mapping in exports:
        for info in export.authors.values():
            stored = by_identity.get((export.platform, info.key))
            if stored is None:
                continue
            newer = _author(export.platform, info)
            if (not stored.name and newer.name) or (not stored.email and newer.email):
                updated = stored.replace(
                    name=stored.name or newer.name, email=stored.email or newer.email
                )
                by_identity[(export.platform, info.key)] = session.put(updated)


# --- matching and forgetting ---------------------------------------------------------------


def find_authors(authors: Iterable[ConversationAuthor], ref: str) -> list[ConversationAuthor]:
    """Authors whose identity, name or address is ``ref`` (ignoring case)."""
    wanted = ref.strip().casefold()
    return [
        a
        for a in authors
        if wanted in (a.key.casefold(), a.name.casefold(), a.email.casefold(), a.id)
    ]


def add_aliases(session: Session, ref: str, aliases: Sequence[str]) -> tuple[Member, list[str]]:
    """Give a member more aliases; return them and the authors that now resolve to them.

    An alias another member already has (or another member's email) is refused: one name
    must never count for two people.
    """
    from copkit.records import find_member

    members = session.all(Member)
    member = find_member(members, ref)
    for alias in aliases:
        folded = check_text(alias, "an alias", limit=200).casefold()
        for other in members:
            if other.id == member.id:
                continue
            if folded == other.email or folded in (a.casefold() for a in other.aliases):
                raise CopkitError(f"{alias!r} already stands for {other.name} ({other.id})")
    before = resolve(session.all(ConversationAuthor), members)
    updated = session.put(member.replace(aliases=(*member.aliases, *aliases)))
    after = resolve(session.all(ConversationAuthor), session.all(Member))
    gained = [a for a, owner in after.items() if owner == member.id and before.get(a) != owner]
    return updated, gained


def forget_conversations(session: Session, member: Member) -> int:
    """Erase a member's conversation records: their author identities, their tallies, their
    place in threads (a thread they started keeps its replies under an unknown starter; a
    thread only they replied to becomes a plain post). Returns how many identities went.
    Call before the member record itself goes (it needs their email and aliases)."""
    authors = session.all(ConversationAuthor)
    if not authors:
        return 0
    owners = resolve(authors, session.all(Member))
    gone = {a.id for a in authors if owners.get(a.id) == member.id}
    if not gone:
        return 0
    numbers = {_number(a) for a in gone}
    state = load_state(session)
    state.tallies = {k: v for k, v in state.tallies.items() if k[2] not in numbers}
    for thread in state.threads.values():
        if thread.starter in numbers:
            thread.starter = None
        for number in numbers & thread.repliers.keys():
            del thread.repliers[number]
    save_state(session, state)
    session.remove_many(ConversationAuthor, sorted(gone))
    return len(gone)
