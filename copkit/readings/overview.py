"""Every community in a home, at a glance: what an organisation or a national body looks at.

Each community is read and checked on its own (one file each), so the work spreads over
processes when there are many: a worker returns a small, plain :class:`CommunityRow`, never the
community itself. A file that cannot be read becomes a row that says why, not a failed overview.
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

#: Below this many communities, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


class CommunityRow(msgspec.Struct, frozen=True):
    slug: str
    name: str = ""
    members: int = 0
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

    def to_dict(self) -> dict[str, Any]:
        """Every field but ``emails``, the dicts copies (the row keeps its own)."""
        data = msgspec.structs.asdict(self)
        del data["emails"]
        return data | {"shape": dict(self.shape), "signals": dict(self.signals)}

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
    from copkit import records
    from copkit.health import check, participation

    try:
        with store.read() as session:
            data = participation.read(session)  # with conversation, as ``health`` reads it
    except CopkitError as exc:
        return CommunityRow(slug=slug, problem=str(exc))
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
    )


def overview(
    home: Place,
    *,
    as_of: dt.date | None = None,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    latest: bool = False,
) -> list[CommunityRow]:
    """One row per community, in slug order. ``on_progress(done, total)`` after each one.
    ``latest``: this is today's reading, which a database home keeps for its overview logins
    when its owner reads it (see :func:`shared_overview`)."""
    as_of = as_of or dt.date.today()
    if not isinstance(home, Home):
        return shared_overview(home, as_of=as_of, on_progress=on_progress, latest=latest)
    paths = [home.store_for(slug).path for slug in home.slugs()]
    total = len(paths)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    rows: list[CommunityRow] = []
    if total >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, total // (workers * 8))
            for row in pool.map(summarise, paths, [as_of] * total, chunksize=chunk):
                rows.append(row)
                if on_progress:
                    on_progress(len(rows), total)
    else:
        for path in paths:
            rows.append(summarise(path, as_of))
            if on_progress:
                on_progress(len(rows), total)
    return with_shared_members(rows)


def shared_overview(
    home: Place,
    *,
    as_of: dt.date,
    on_progress: Callable[[int, int], None] | None = None,
    latest: bool = False,
) -> list[CommunityRow]:
    """The overview of a database home. An overview login (``copkit home grant --overview``)
    may read no record, so it reads the rows the owner's last overview kept: the database
    lets it read nothing else. Anyone else reads each community they may open, as in a
    folder; the owner's reading of today is kept for the overview logins."""
    from copkit.storage.postgres import DatabaseHome

    if not isinstance(home, DatabaseHome):
        raise CopkitError(f"{home.where} is neither a folder nor a database home")
    if home.overview_only():
        day, kept = home.summaries()
        if day is None:
            raise CopkitError(
                f"the owner of {home.where} has not read its overview yet: `copkit overview` "
                "as the owner keeps it (each day, to keep it current)"
            )
        if day != as_of:
            raise CopkitError(
                f"the overview of {home.where} was last read by its owner on {day}: ask for "
                f"that day with --as-of {day}"
            )
        return [msgspec.convert(summary, CommunityRow) for summary in kept]
    slugs = home.slugs()
    rows: list[CommunityRow] = []
    for slug in slugs:
        rows.append(summarise_store(home.store_for(slug), slug, as_of))
        if on_progress:
            on_progress(len(rows), len(slugs))
    rows = with_shared_members(rows)
    if latest:
        home.keep_summaries(as_of, [row.to_dict() for row in rows])
    return rows


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
