"""The overview summaries a folder home keeps beside its communities (issue 20), as a database
home keeps them in ``copkit_summaries``: `copkit overview` of hundreds of communities reads
these small files rather than every community in full.

Each write of a community through a home opened with a summariser (every command's: the faces
pass :func:`copkit.readings.overview.summary_of`, which this layer cannot import) stores
``.overview/<slug>.json`` in the home: the overview row of that day, its current members'
emails as SHA-256 digests only (to count who two communities share; never an address), and
the community file's :class:`Stamp` it was made from. A summary whose stamp is not the file's
stamp now was left behind by a write that kept none (the Python API, an older copkit, a file
copied in or edited by hand), and the overview reads that community in full instead, and
keeps a new one. ``member forget`` rewrites the summary, so no digest of the person stays;
a summary that cannot be rewritten is removed.

A summary is one file per community, written atomically by whoever holds that community's
lock: writers of different communities never share a file, and the summary last written is
always of the file last written, so a member just forgotten cannot come back in a slower
writer's summary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import orjson

from copkit.errors import StoreError
from copkit.storage.fileio import atomic_write
from copkit.storage.store import Store

if TYPE_CHECKING:
    from copkit.storage.store import Session

#: The hidden folder of a home that holds the summaries (owner only, as the files in it).
FOLDER = ".overview"
#: The summary file's layout; a file of another is read as no summary.
LAYOUT = 1

#: How a write summarises its community for the overview: the session after the command and
#: the day, to the overview row (as a dict, without emails) and its current members' emails.
Summariser = Callable[["Session", dt.date], tuple[dict[str, Any], frozenset[str]]]


class Stamp(msgspec.Struct, frozen=True, array_like=True):
    """What tells one version of a community file from another without reading it. copkit
    replaces a file whole (a new inode each time); a copy or a hand edit changes its
    modification and change times (the change time cannot be set back, even by ``cp -p``)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


class Summary(msgspec.Struct, frozen=True):
    """One community's summary file: ``row``, the overview row's JSON as made (the reading
    decodes it); ``people``, its current members' email digests, sorted."""

    layout: int
    made_from: Stamp
    day: dt.date
    row: msgspec.Raw
    people: list[str]


_decode = msgspec.json.Decoder(Summary).decode


def stamp_of(path: Path) -> Stamp | None:
    """The stamp of the file at ``path`` now, or None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return Stamp(found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def digest(email: str) -> str:
    """What a summary keeps of a member's email, only to count who two communities share: the
    same digest a database home keeps, never the address itself."""
    import hashlib  # OpenSSL, about 3 ms: only when a summary is written, not on every open

    return hashlib.sha256(email.encode("utf-8")).hexdigest()


def summary_path(community: Path) -> Path:
    """Where the summary of the community file ``community`` is kept."""
    return community.parent / FOLDER / community.name


def keep(
    community: Path, made_from: Stamp, day: dt.date, row: dict[str, Any], emails: frozenset[str]
) -> None:
    """Store the summary of ``community`` made from its version ``made_from`` on ``day``.
    A summary that cannot be written is removed rather than left behind (it may still count
    a member just forgotten); either way the overview can read the community in full."""
    target = summary_path(community)
    summary = {
        "layout": LAYOUT,
        "made_from": made_from,
        "day": day,
        "row": msgspec.Raw(orjson.dumps(row)),
        "people": sorted(digest(email) for email in emails),
    }
    try:
        target.parent.mkdir(mode=0o700, exist_ok=True)
        atomic_write(target, msgspec.json.encode(summary))
    except OSError:
        drop(community)


def drop(community: Path) -> None:
    """Remove the summary of ``community``, if any (best effort: a home on a read-only disk
    keeps what it has, which its stamp shows to be stale once the file changes)."""
    with contextlib.suppress(OSError):
        summary_path(community).unlink(missing_ok=True)


def current(home: Path, slugs: list[str], day: dt.date) -> dict[str, Summary]:
    """The summaries of ``day`` that were made from each community file as it is now, by
    slug; a community without one (none kept, of another day, left behind by a write that
    kept none, unreadable) is not in it."""
    folder = home / FOLDER
    found: dict[str, Summary] = {}
    for slug in slugs:
        community = home / f"{slug}.json"
        try:
            summary = _decode((folder / community.name).read_bytes())
        except (OSError, msgspec.ValidationError, msgspec.DecodeError):
            continue
        fresh = summary.layout == LAYOUT and summary.day == day
        if fresh and summary.made_from == stamp_of(community):
            found[slug] = summary
    return found


#: A temporary file of a summary older than this was left by a writer that was killed.
STALE_TEMP_SECONDS = 600


def sweep(home: Path, slugs: list[str]) -> None:
    """Remove the summaries of communities no longer in the home (a file deleted or moved
    away by hand), and what a killed writer left half-written: their members' digests go
    with them. A writer's temporary file of the last minutes is its own, still being
    written."""
    import time

    folder = home / FOLDER
    names = {f"{slug}.json" for slug in slugs}
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            with contextlib.suppress(OSError):
                temporary = path.name.startswith(".")
                if temporary and time.time() - path.stat().st_mtime < STALE_TEMP_SECONDS:
                    continue
                if path.name not in names:
                    path.unlink()


def keep_unless_changed(
    community: Path, made_from: Stamp, day: dt.date, row: dict[str, Any], emails: frozenset[str]
) -> None:
    """:func:`keep`, for a reader (the overview) that made the summary from the version
    ``made_from`` of ``community``: under the community's lock, and only if the file is still
    that version. A writer holding the lock keeps its own summary, so this one is not kept."""
    try:
        with Store(community, lock_timeout=0)._locked():
            if stamp_of(community) == made_from:
                keep(community, made_from, day, row, emails)
    except (StoreError, OSError):
        return


class SummarisedStore(Store):
    """A community file whose every write also keeps its overview summary (see the module's
    docstring), made from the session the write stored, before the lock is let go."""

    def __init__(self, path: Path, *, backups: int, summarise: Summariser) -> None:
        super().__init__(path, backups=backups)
        self.summarise = summarise
        self._holding = False

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """The file's lock, which :meth:`write` and :meth:`restore` take around the store's
        own write so as to read the stamp of what it wrote; taken once."""
        if self._holding:
            yield
            return
        with super()._locked():
            self._holding = True
            try:
                yield
            finally:
                self._holding = False

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        with self._locked():
            before = stamp_of(self.path)
            with super().write() as session:
                yield session
            after = stamp_of(self.path)
            # Kept only when this write stored the file (the store's own account of it): one
            # that changed nothing leaves the summary as it was (stale, if a file was copied
            # over it meanwhile).
            storage = session._storage
            wrote = storage.changed and not storage.discarded
            if wrote and after is not None and after != before:
                self._keep(session, after)

    def restore(self, generation: int) -> None:
        with self._locked():
            super().restore(generation)
            after = stamp_of(self.path)
            with self.read() as session:
                if after is not None:
                    self._keep(session, after)

    def _keep(self, session: Session, made_from: Stamp) -> None:
        """Keep the summary; if making it fails for any reason, drop it instead. The write
        has already been stored, and a summary is only a shortcut: a missing one is read
        again in full by the overview, so a fault here must never fail the command."""
        try:
            self._keep_or_raise(session, made_from)
        except Exception:  # noqa: BLE001  (see the docstring: the write has been stored)
            drop(self.path)

    def _keep_or_raise(self, session: Session, made_from: Stamp) -> None:
        day = dt.date.today()
        row, emails = self.summarise(session, day)
        if row.get("problem") is not None:  # the overview reads it in full and says why
            drop(self.path)
            return
        keep(self.path, made_from, day, row, emails)
