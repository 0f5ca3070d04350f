"""Every community in a home, at a glance: what an organisation or a national body looks at.

Each write keeps its community's row of the day as a summary (a folder home beside its file,
:mod:`copkit.storage.summaries`; a database home in a table), made by :func:`summary_of`, so
the overview of today reads the summaries and reads in full only a community whose summary is
missing, of another day or made from an earlier version. Each community is read and checked
on its own, so that work spreads over processes when there are many: a worker returns a
small, plain :class:`CommunityRow`, never the community itself. A file that cannot be read
becomes a row that says why, not a failed overview.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from copkit.errors import CopkitError
from copkit.storage.home import Home, Place

if TYPE_CHECKING:
    from copkit.model import Member
    from copkit.storage.home import CommunityStore
    from copkit.storage.postgres import DatabaseHome, Kept
    from copkit.storage.store import Session

#: Below this many communities, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


class CommunityRow(msgspec.Struct, frozen=True):
    slug: str
    name: str = ""
    members: int = 0
    #: Current members at each level as the gardener declared them.
    shape: dict[str, int] = msgspec.field(default_factory=dict)
    stage: str = ""
    next_meeting: str | None = None
    signals: dict[str, str] = msgspec.field(default_factory=dict)
    problem: str | None = None
    #: Current members who also belong to another community in the home (people choose
    #: between groups: most in the Wales mapping were in seven or more).
    shared_members: int = 0
    #: Current members' emails, only to count ``shared_members`` (never shown or written).
    emails: frozenset[str] = msgspec.field(default_factory=frozenset)
    #: Current members at each level as the records show them (``unseen``: nothing to read
    #: yet), the levels the health check reads; ``shape`` holds the declared ones.
    observed: dict[str, int] = msgspec.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Every field but ``emails``, the dicts copies (the row keeps its own)."""
        data = msgspec.structs.asdict(self)
        del data["emails"]
        return data | {
            "shape": dict(self.shape),
            "signals": dict(self.signals),
            "observed": dict(self.observed),
        }

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        """Every field but ``emails``: members' personal data, never shown, not even in a
        traceback or a pretty-printed row."""
        return [(n, getattr(self, n)) for n in self.__struct_fields__ if n != "emails"]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__rich_repr__())
        return f"CommunityRow({shown})"


def summarise(path: Path, as_of: dt.date) -> CommunityRow:
    """Read one community file and check its health (runs in a worker process)."""
    from copkit.storage.store import Store

    return summarise_store(Store(path), path.stem, as_of)


def summarise_store(store: CommunityStore, slug: str, as_of: dt.date) -> CommunityRow:
    """Read one community, wherever it is kept, and check its health."""
    try:
        with store.read() as session:
            return summarise_session(session, as_of)
    except CopkitError as exc:
        return CommunityRow(slug=slug, problem=str(exc))


def summarise_session(session: Session, as_of: dt.date) -> CommunityRow:
    """The overview row of the community a session holds, as of a day (raises CopkitError
    when it cannot be read)."""
    from copkit import records
    from copkit.health import check, participation

    data = participation.read(session)  # with conversation, as ``health`` reads it
    report = check(data, as_of)
    current = records.current_members(data.members, as_of)
    shape = {
        level: sum(1 for m in current if m.level == level)
        for level in ("core", "active", "peripheral")
    }
    now = dt.datetime.combine(as_of, dt.time(), tzinfo=data.community.zone)
    coming = records.upcoming(data, now=now, per_rhythm=1)
    return CommunityRow(
        slug=data.community.slug,
        name=data.community.name,
        members=len(current),
        shape=shape,
        stage=report.stage.value,
        next_meeting=coming[0].start.isoformat() if coming else None,
        signals={f.key: f.signal.value for f in report.findings},
        emails=member_emails(data.members, as_of),
        observed=dict(report.observed),
    )


def summary_of(session: Session, as_of: dt.date) -> tuple[dict[str, Any], frozenset[str]]:
    """What a home keeps of a community for the overview when a command writes it: the
    overview row (no emails; ``shared_members`` is counted when the overview is read) and its
    current members' emails, which the home keeps only as digests."""
    try:
        row = summarise_session(session, as_of)
    except CopkitError as exc:
        row = CommunityRow(slug=session.community().slug, problem=str(exc))
    return row.to_dict(), row.emails


def overview(
    home: Place,
    *,
    as_of: dt.date | None = None,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    notes: list[str] | None = None,
) -> list[CommunityRow]:
    """One row per community, in slug order. ``on_progress(done, total)`` as they are read
    (those already summarised count as done at once). ``notes``: where a database home's
    overview says, in a sentence, that some rows are older than the day asked for (see
    :func:`shared_overview`)."""
    as_of = as_of or dt.date.today()
    if not isinstance(home, Home):
        return shared_overview(home, as_of=as_of, on_progress=on_progress, notes=notes)
    return folder_overview(home, as_of=as_of, workers=workers, on_progress=on_progress)


def folder_overview(
    home: Home,
    *,
    as_of: dt.date,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[CommunityRow]:
    """The overview of a folder home: the summaries its writes kept for ``as_of``
    (:mod:`copkit.storage.summaries`), and every community without a current one read in
    full, in worker processes when there are many; of today, each one read is summarised and
    kept for the next overview. The same rows as reading every community in full."""
    from collections import Counter

    from copkit.storage import summaries

    slugs = home.slugs()
    keep = as_of == dt.date.today()
    if keep:
        summaries.sweep(home.path, slugs)
    kept = summaries.current(home.path, slugs, as_of)
    behind = [home.path / f"{slug}.json" for slug in slugs if slug not in kept]
    total, done = len(slugs), len(kept)
    read: dict[str, tuple[CommunityRow, list[str]]] = {}
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if on_progress and done:
        on_progress(done, total)
    if len(behind) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(behind) // (workers * 8))
            found = pool.map(_read_in_full, behind, [as_of] * len(behind), [keep] * len(behind),
                             chunksize=chunk)  # fmt: skip
            for path, row in zip(behind, found, strict=True):
                read[path.stem] = row
                if on_progress:
                    on_progress(done + len(read), total)
    else:
        for path in behind:
            read[path.stem] = _read_in_full(path, as_of, keep)
            if on_progress:
                on_progress(done + len(read), total)
    decode = msgspec.json.Decoder(CommunityRow).decode
    rows = [
        read[slug] if slug in read else (decode(kept[slug].row), kept[slug].people)
        for slug in slugs
    ]
    seen = Counter(person for _row, people in rows for person in people)
    return [
        msgspec.structs.replace(row, shared_members=sum(seen[p] > 1 for p in people))
        for row, people in rows
    ]


def _read_in_full(path: Path, as_of: dt.date, keep: bool) -> tuple[CommunityRow, list[str]]:
    """One community file read in full (in a worker process when there are many): its row
    without emails and its current members' email digests; with ``keep``, its summary kept
    unless the file changed since it was read."""
    from copkit.storage import summaries

    before = summaries.stamp_of(path)
    row = summarise(path, as_of)
    if keep and row.problem is None and before is not None:
        summaries.keep_unless_changed(path, before, as_of, row.to_dict(), row.emails)
    people = [summaries.digest(email) for email in row.emails]
    return msgspec.structs.replace(row, emails=frozenset()), people


def shared_overview(
    home: Place,
    *,
    as_of: dt.date,
    on_progress: Callable[[int, int], None] | None = None,
    notes: list[str] | None = None,
) -> list[CommunityRow]:
    """The overview of a database home.

    Each write keeps its community's summary of that day (:func:`summary_of`), so the owner's
    overview of today reads the summaries, reading in full only a community whose summary is
    of an earlier day or was left behind by a write that kept none (and keeping the new one):
    the same rows as reading every community, in one query once the day's are kept. An
    overview login (``copkit home grant --overview``) may read no record, so it reads the
    summaries as kept, and ``notes`` says which are of an earlier day. Anyone else, and the
    owner on another day, reads each community they may open, as in a folder."""
    from copkit.storage.postgres import DatabaseHome

    if not isinstance(home, DatabaseHome):
        raise CopkitError(f"{home.where} is neither a folder nor a database home")
    if home.overview_only():
        return _as_kept(home, as_of, notes)
    slugs = home.slugs()
    if as_of == dt.date.today() and home.is_owner():
        return _kept_current(home, slugs, as_of, on_progress)
    rows: list[CommunityRow] = []
    for slug in slugs:
        rows.append(summarise_store(home.store_for(slug), slug, as_of))
        if on_progress:
            on_progress(len(rows), len(slugs))
    return with_shared_members(rows)


def _kept_current(
    home: DatabaseHome,
    slugs: list[str],
    as_of: dt.date,
    on_progress: Callable[[int, int], None] | None,
) -> list[CommunityRow]:
    """The owner's overview of today from the kept summaries, those behind made again."""
    kept = {k.slug: k for k in home.kept_summaries()}
    behind = [s for s in slugs if s not in kept or not kept[s].current or kept[s].day != as_of]
    unread: dict[str, CommunityRow] = {}
    workers = min(os.cpu_count() or 1, 8)
    if len(behind) >= PARALLEL_FROM and workers > 1:  # each worker its own connection
        with ProcessPoolExecutor(max_workers=workers) as pool:
            urls = [home.url] * len(behind)
            found = pool.map(_refreshed, urls, behind, chunksize=max(1, len(behind) // 32))
            for done, (slug, problem) in enumerate(zip(behind, found, strict=True), start=1):
                if problem is not None:
                    unread[slug] = CommunityRow(slug=slug, problem=problem)
                if on_progress:  # the communities already summarised count as done
                    on_progress(len(slugs) - len(behind) + done, len(slugs))
    else:
        for done, slug in enumerate(behind, start=1):
            problem = _refreshed_in(home, slug)
            if problem is not None:
                unread[slug] = CommunityRow(slug=slug, problem=problem)
            if on_progress:
                on_progress(len(slugs) - len(behind) + done, len(slugs))
    if behind:
        kept = {k.slug: k for k in home.kept_summaries()}
    return [unread[slug] if slug in unread else _row(kept[slug]) for slug in slugs]


def _refreshed_in(home: DatabaseHome, slug: str) -> str | None:
    """Make ``slug``'s summary of today again; what stopped it, as a folder's overview says
    why a file could not be read, or None."""
    try:
        home.store_for(slug).refresh_summary(summary_of)
    except CopkitError as exc:
        return str(exc)
    return None


def _refreshed(url: str, slug: str) -> str | None:
    """:func:`_refreshed_in`, in a worker process (which opens the home again by its URL)."""
    from copkit.storage.postgres import DatabaseHome

    return _refreshed_in(DatabaseHome(url), slug)


def _row(kept: Kept) -> CommunityRow:
    if kept.summary is None:
        return CommunityRow(slug=kept.slug, problem="not summarised yet")
    row = msgspec.json.decode(kept.summary, type=CommunityRow)
    return msgspec.structs.replace(row, shared_members=kept.shared)


def _as_kept(home: DatabaseHome, as_of: dt.date, notes: list[str] | None) -> list[CommunityRow]:
    """What an overview login reads: every summary as kept; a note for those of an earlier
    day (or left behind by a write that kept none), refused for a day before them."""
    from copkit.health.words import count

    kept = home.kept_summaries()
    days = [k.day for k in kept if k.day is not None]
    if not days:
        raise CopkitError(
            f"no community of {home.where} has been summarised yet: each change keeps one, "
            "and its owner's `copkit overview` keeps every one"
        )
    if max(days) > as_of:
        raise CopkitError(
            f"the overview of {home.where} is kept as of {max(days)}: it cannot look back to "
            f"{as_of}"
        )
    behind = [k for k in kept if k.day is None or k.day < as_of or not k.current]
    if behind and notes is not None:
        older = [k.day for k in behind if k.day is not None]
        oldest = f", the oldest on {min(older)}" if older else ""
        notes.append(
            f"{count(len(behind), 'community', 'communities')} of {len(kept)} shown as last "
            f"read{oldest}, not {as_of}: their owner's `copkit overview` brings every one up "
            "to date"
        )
    return [_row(k) for k in kept]


def member_emails(members: Iterable[Member], on: dt.date) -> frozenset[str]:
    """The emails of the members current on ``on``: a member two communities of a home share is
    one whose email both count among their current members, whichever reading counts them
    (the overview's shared members, the map's neighbours)."""
    return frozenset(m.email for m in members if m.is_current(on))


def neighbours(
    home: Place, slug: str, emails: frozenset[str], on: dt.date
) -> dict[str, tuple[str, int]]:
    """The other communities in the home: slug -> (name, how many of ``emails``, the
    :func:`member_emails` of community ``slug``, are their current members on ``on``). A file
    that cannot be read is passed over (`copkit communities` names it)."""
    from copkit import records

    found: dict[str, tuple[str, int]] = {}
    for other in home.slugs():
        if other == slug:
            continue
        try:
            with home.store_for(other).read() as session:
                name = session.community().name
                theirs = member_emails(records.all_members(session), on)
        except CopkitError:
            continue
        found[other] = (name, len(emails & theirs))
    return found


def with_shared_members(rows: list[CommunityRow]) -> list[CommunityRow]:
    """Each row with how many of its members (:func:`member_emails`) belong to another
    community in the home."""
    from collections import Counter

    seen = Counter(email for row in rows for email in row.emails)
    return [
        msgspec.structs.replace(row, shared_members=sum(seen[e] > 1 for e in row.emails))
        for row in rows
    ]


def sort_rows(rows: list[CommunityRow], by: str) -> list[CommunityRow]:
    """Sort by name, size or stage: neutral orders, never a ranking by principle."""
    if by == "size":
        return sorted(rows, key=lambda r: (-r.members, r.name.lower()))
    if by == "stage":
        from copkit.health.findings import Stage

        order = {stage.value: n for n, stage in enumerate(Stage)}
        return sorted(rows, key=lambda r: (order.get(r.stage, 99), r.name.lower()))
    return sorted(rows, key=lambda r: r.name.lower())


def group_rows(rows: list[CommunityRow], by: str) -> list[tuple[str, list[CommunityRow]]]:
    """Groups a network lead can act on, each in name order: by lifecycle stage, or by the
    principle where a conversation may help (a community may sit in several groups, or in
    none). A grouping, not a league table: no group or row is ranked above another."""
    from copkit.health.findings import PRINCIPLES, Stage

    rows = sort_rows(rows, "name")
    if by == "stage":
        groups = [(s.value, [r for r in rows if r.stage == s.value]) for s in Stage]
    else:
        groups = [
            (f"where a conversation about {title.lower()} may help",
             [r for r in rows if r.signals.get(key) == "attention"])
            for _n, key, title in PRINCIPLES
        ]  # fmt: skip
        quiet = [r for r in rows if "attention" not in r.signals.values() and not r.problem]
        groups.append(("nothing flagged for a conversation", quiet))
    unread = [r for r in rows if r.problem]
    if unread:
        groups.append(("could not be read", unread))
    return [(label, members) for label, members in groups if members]
