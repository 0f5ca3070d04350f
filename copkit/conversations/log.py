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

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec

from copkit.conversations.events import AuthorInfo, Export, Thread
from copkit.conversations.packing import _DIGITS as _DIGITS
from copkit.conversations.packing import _ENTRY as _ENTRY
from copkit.conversations.packing import State as State
from copkit.conversations.packing import Tallies as Tallies
from copkit.conversations.packing import Threads as Threads
from copkit.conversations.packing import ThreadState as ThreadState
from copkit.conversations.packing import _b36 as _b36
from copkit.conversations.packing import _day_in as _day_in
from copkit.conversations.packing import _number as _number
from copkit.conversations.packing import _save_buckets as _save_buckets
from copkit.conversations.packing import load_state as load_state
from copkit.conversations.packing import month_of as month_of
from copkit.conversations.packing import pack_tallies as pack_tallies
from copkit.conversations.packing import pack_threads as pack_threads
from copkit.conversations.packing import save_packed
from copkit.conversations.packing import thread_key as thread_key
from copkit.conversations.packing import unpack_tallies as unpack_tallies
from copkit.conversations.packing import unpack_threads as unpack_threads
from copkit.conversations.summaries import save_summaries
from copkit.errors import CopkitError, InputError
from copkit.model import ConversationAuthor, Member, Space, check_text
from copkit.model.refs import find_member, find_space

if TYPE_CHECKING:
    from copkit.storage.store import Session

#: Why an import left out what an erased identity did, as its summary says it.
ERASED_REASON = "erased (member forget)"


def save_state(session: Session, state: State) -> None:
    """Write the packed tallies and threads that changed, and the monthly summaries derived
    from them (:mod:`copkit.conversations.summaries`), so the two never disagree."""
    save_packed(session, state)
    save_summaries(session, state)


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


class Unmatched(msgspec.Struct, frozen=True):
    """An author no member matches, and how many messages and reactions they have."""

    author: ConversationAuthor
    count: int


class ImportResult(msgspec.Struct, frozen=True):
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
    active = export.active_channels()
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
    by_identity = _store_authors(session, exports, _erased_authors(session, exports))
    counted = _Counted()
    for export, mapping in exports:
        counted.add(export, mapping, by_identity)
    state = load_state(session)
    new = _merge(state, counted)
    counted.tallies.clear()  # now held by the state: the tables alone are ~50 bytes a tally
    counted.threads.clear()
    save_state(session, state)
    spaces = {s.id: s.name for s in session.all(Space)}
    return ImportResult(
        counted=sum(counted.per_author.values()),
        new=new,
        spaces=tuple(spaces[s] for s in sorted(counted.used_spaces)),
        unmatched=_unmatched(session, counted.per_author),
        skipped=dict(counted.skipped),
        left_out=tuple(sorted(counted.left_out)),
    )


def _erased_authors(
    session: Session, exports: Sequence[tuple[Export, Mapping[str, Space]]]
) -> set[tuple[str, str]]:
    """(platform, identity) of the authors not stored yet that answer to an identity ``member
    forget`` erased and that no current member is (see :mod:`copkit.conversations.erased`)."""
    from copkit.conversations.erased import erased_identities

    erased = erased_identities(session)
    if not erased:
        return set()
    stored = {(a.platform, a.key) for a in session.all(ConversationAuthor)}
    members = session.all(Member)
    found: set[tuple[str, str]] = set()
    for export, mapping in exports:
        for key in export.active_authors(mapping):
            author = _author(export.platform, export.authors[key])
            known = (export.platform, key) in stored
            # someone who came back, and was added again, is counted
            if not known and erased.erased(author) and not resolve([author], members):
                found.add((export.platform, key))
    return found


def _store_authors(
    session: Session,
    exports: Sequence[tuple[Export, Mapping[str, Space]]],
    erased: set[tuple[str, str]],
) -> dict[tuple[str, str], ConversationAuthor]:
    """(platform, identity) -> author record, storing the authors not seen before; an erased
    one is neither stored nor returned, so what they did is left out."""
    by_identity = {(a.platform, a.key): a for a in session.all(ConversationAuthor)}
    fresh: dict[tuple[str, str], ConversationAuthor] = {}
    for export, mapping in exports:
        # Only people whose activity is imported: a workspace's user list holds many more.
        for name in export.active_authors(mapping):
            identity = (export.platform, name)
            if identity not in by_identity and identity not in fresh and identity not in erased:
                fresh[identity] = _author(export.platform, export.authors[name])
    for stored in session.add_many(list(fresh.values())):
        by_identity[(stored.platform, stored.key)] = stored
    _fill_in(session, by_identity, exports)
    return by_identity


class _Counted(msgspec.Struct):
    """What the exports of one import hold, summed before it is merged with the file."""

    tallies: Tallies = msgspec.field(default_factory=dict)
    threads: Threads = msgspec.field(default_factory=dict)
    per_author: Counter[str] = msgspec.field(default_factory=Counter)
    left_out: set[str] = msgspec.field(default_factory=set)
    skipped: Counter[str] = msgspec.field(default_factory=Counter)
    used_spaces: set[str] = msgspec.field(default_factory=set)

    def add(
        self,
        export: Export,
        mapping: Mapping[str, Space],
        by_identity: Mapping[tuple[str, str], ConversationAuthor],
    ) -> None:
        """Sum what ``export`` counted into its spaces and authors' numbers. The export's sums
        are taken out as they are added, so the two are never both held whole."""
        self.skipped.update(export.skipped)
        numbers = {
            k: _number(by_identity[(export.platform, k)].id)
            for k in export.authors
            if (export.platform, k) in by_identity
        }
        for channel, day, key, counts in export.take_tallies():
            target = mapping.get(channel)
            if target is None:
                self.left_out.add(channel)
                continue
            author = numbers.get(key)
            if author is None:
                self.skipped[ERASED_REASON] += sum(counts)  # an identity member forget erased
                continue
            self.used_spaces.add(target.id)
            self.per_author[by_identity[(export.platform, key)].id] += sum(counts)
            slot = (target.id, day, author)
            tally = self.tallies.get(slot)
            if tally is None:
                self.tallies[slot] = counts
            else:
                for index, count in enumerate(counts):
                    tally[index] += count
        for channel, thread_id, thread in export.take_threads():
            target = mapping.get(channel)
            if target is not None and thread.repliers:  # else a post: its tally says enough
                self._thread(target.id, thread_key(export.platform, thread_id), thread, numbers)

    def _thread(self, space_id: str, key: str, thread: Thread, numbers: Mapping[str, int]) -> None:
        """A thread by authors' numbers, what an erased author did left out: who started it,
        who answered, from which day."""
        starter = numbers.get(thread.starter) if thread.starter is not None else None
        repliers = {
            numbers[who]: day for who, day in (thread.repliers or {}).items() if who in numbers
        }
        if not repliers:
            return  # everyone who answered was erased: a post, whose tally says enough
        days = [*repliers.values()]
        if starter is not None and thread.posted is not None:
            days.append(thread.posted)
        if thread.day is not None:
            days.append(thread.day)
        state = ThreadState(min(days), starter, repliers)
        where = (space_id, key)
        if where in self.threads:
            self.threads[where].merge(state)
        else:
            self.threads[where] = state


def _merge(state: State, counted: _Counted) -> int:
    """Merge what an import counted into what is stored; return how much of it was new.
    ``counted`` is left empty: what it held is the state's now."""
    if not state.tallies and not state.threads:  # a first import: nothing to merge with
        state.tallies, counted.tallies = counted.tallies, {}
        state.threads, counted.threads = counted.threads, {}
        return sum(sum(counts) for counts in state.tallies.values())
    new = 0
    for slot, counts in counted.tallies.items():
        held = state.tallies.get(slot)
        if held is None:
            state.tallies[slot] = counts
            new += sum(counts)
            continue
        for index, count in enumerate(counts):
            if count > held[index]:
                new += count - held[index]
                held[index] = count
    for where, thread in counted.threads.items():
        if not thread.repliers:
            continue  # a post nobody answered (in this export): its tally says enough
        if where in state.threads:
            state.threads[where].merge(thread)
        else:
            state.threads[where] = thread
    return new


def _unmatched(session: Session, per_author: Counter[str]) -> tuple[Unmatched, ...]:
    """The authors no member matches, most active first."""
    owners = resolve(session.all(ConversationAuthor), session.all(Member))
    by_id = {a.id: a for a in session.all(ConversationAuthor)}
    return tuple(
        Unmatched(by_id[author_id], count)
        for author_id, count in sorted(per_author.items(), key=lambda i: (-i[1], i[0]))
        if author_id not in owners
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
    thread only they replied to becomes a plain post), and keep the digests of every identity
    that was theirs so no later import brings them back (:mod:`copkit.conversations.erased`).
    Returns how many identities went.
    Call before the member record itself goes (it needs their email and aliases)."""
    from copkit.conversations.erased import author_identities, member_identities, remember_erased

    authors = session.all(ConversationAuthor)
    owners = resolve(authors, session.all(Member))
    gone = {a.id for a in authors if owners.get(a.id) == member.id}
    identities = member_identities(member)
    identities.update(*(author_identities(a) for a in authors if a.id in gone))
    remember_erased(session, identities)  # so the next import of an old export leaves them out
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
