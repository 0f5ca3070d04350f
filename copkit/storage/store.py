"""The community file: the only module that touches TinyDB.

TinyDB's stock ``JSONStorage`` rewrites its file in place (seek, write, truncate): a crash
mid-write leaves a broken file, and two processes silently lose each other's changes. copkit
gives TinyDB a storage of its own instead:

* a **session** holds the whole document in memory; TinyDB reads and writes that copy;
* a **writing session** first takes a file lock, then reads, then lets the command do all of its
  read-modify-write, and on success writes the file once, atomically, keeping the version it
  replaces as a backup (:mod:`copkit.storage.backups`); a failed command writes nothing;
* reading needs no lock: an atomic replace means a reader always sees a whole file;
* the file carries a schema version; an older file is migrated forward in memory
  (:mod:`copkit.storage.migrations`), a newer or corrupt one is refused and never touched;
* opening a file decodes the records that point at each other and checks they fit together
  (:mod:`copkit.storage.filecheck`), so a hand-edited file with a dangling reference is refused at
  once,
  not half-way through a listing; the session then reuses those decoded records.

Records are stored with their numeric id as TinyDB's document id, so a lookup by id is a dict
access, and ids come from a counter that only grows: an id is never reused, even after erasure.
A session reads the document's dicts itself and starts TinyDB only for its first change, so a
command that only reads never imports it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import orjson

from copkit.errors import NotFound, StoreError
from copkit.model import Community, Record
from copkit.storage.backups import DEFAULT_BACKUPS as DEFAULT_BACKUPS
from copkit.storage.backups import Backups, write_file
from copkit.storage.filecheck import (
    META_TABLE,
    DamagedFile,
    Decoded,
    check_document,
    load_record,
    schema_of,
)
from copkit.storage.fileio import OWNER_ONLY
from copkit.storage.ids import id_number, take_number, with_id
from copkit.storage.migrations import MIGRATIONS as MIGRATIONS
from copkit.storage.migrations import migrate

SCHEMA_VERSION = 4
LOCK_TIMEOUT_SECONDS = 15.0

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.table import Document

R = TypeVar("R", bound=Record)


class _SessionStorage:
    """Hands TinyDB the in-memory document and notes whether it changed (TinyDB's storage
    interface: read, write, close)."""

    def __init__(self, document: dict[str, Any], decoded: Decoded | None = None) -> None:
        self.document = document
        self.decoded: Decoded = decoded if decoded is not None else {}
        self.changed = False
        self.discarded = False
        self.purge_backups = False

    def read(self) -> dict[str, Any]:
        return self.document

    def write(self, data: dict[str, Any]) -> None:
        self.document = data
        self.changed = True

    def close(self) -> None:
        pass


def _parse(path: Path, raw: bytes) -> tuple[dict[str, Any], Decoded]:
    """Decode, check and migrate a community document; refuse anything doubtful.

    Returns the document and the records decoded while checking it, so a session need not
    decode them a second time.
    """
    version, document = schema_of(path, raw)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer copkit (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade copkit to open it. The file was left untouched"
        )
    document = migrate(document, version, SCHEMA_VERSION)
    return document, check_document(path, document)


def _document(data: dict[str, Any], doc_id: int) -> Document:
    """A record as TinyDB stores it under its numeric id."""
    from tinydb.table import Document

    return Document(data, doc_id=doc_id)


class Session:
    """Typed access to one community document while a session is open.

    Reading looks the records up in the document's dicts, as TinyDB itself would (a table is
    ``{"<id>": record}``, kept in the storage, which every change replaces); TinyDB starts with
    the first change.
    """

    def __init__(self, storage: _SessionStorage) -> None:
        self._storage = storage

    @cached_property
    def _db(self) -> TinyDB:
        from tinydb import TinyDB  # only a change needs it

        storage = self._storage
        return TinyDB(storage=lambda: storage)

    def _table(self, name: str) -> dict[str, dict[str, Any]]:
        table: dict[str, dict[str, Any]] = self._storage.document.get(name, {})
        return table

    @property
    def _meta(self) -> dict[str, Any]:
        return self._table(META_TABLE)["1"]  # checked on open

    def community(self) -> Community:
        stored = self._table(Community.TABLE)["1"]  # there since the file was checked
        return Community.from_dict(stored, stored=True)

    def put_community(self, community: Community) -> None:
        self._db.table(Community.TABLE).upsert(_document(community.to_dict(), 1))

    def all(self, kind: type[R]) -> list[R]:
        """Every record of a kind, in stored order; decoded once per session until it changes."""
        decoded = self._storage.decoded
        if kind not in decoded:
            table = self._table(kind.TABLE)
            decoded[kind] = [load_record(kind, doc, key) for key, doc in table.items()]
        return list(cast("list[R]", decoded[kind]))  # decoded[kind] holds only records of kind

    def _changed(self, kind: type[Record]) -> None:
        self._storage.decoded.pop(kind, None)

    def get(self, kind: type[R], record_id: str) -> R:
        number = id_number(record_id, kind.ID_PREFIX)
        doc = self._table(kind.TABLE).get(str(number)) if number is not None else None
        if doc is None:
            raise NotFound(f"no {kind.__name__.lower()} with id {record_id!r}")
        return load_record(kind, doc, str(number))

    def add(self, record: R) -> R:
        """Store a new record under the next never-used id and return it with that id."""
        return self.add_many([record])[0]

    def insert_as_is(self, record: R) -> R:
        """Store a record under the id it already has (import of a whole community).

        The id counter moves past it, so later records still never reuse an id.
        """
        number = id_number(record.id, record.ID_PREFIX)
        if number is None or record.id != f"{record.ID_PREFIX}{number}":
            raise StoreError(f"{record.id!r} is not an id of a {type(record).__name__.lower()}")
        table = self._db.table(record.TABLE)
        if table.contains(doc_id=number):
            raise StoreError(f"two records share the id {record.id!r}")
        table.insert(_document(record.to_dict(), number))
        self._changed(type(record))
        counters = self.counters()
        counters[record.ID_PREFIX] = max(counters.get(record.ID_PREFIX, 1), number + 1)
        self.set_counters(counters)
        return record

    def counters(self) -> dict[str, int]:
        """The next unused number for each kind of id."""
        return dict(self._meta.get("next", {}))

    def set_counters(self, counters: dict[str, int]) -> None:
        """Move counters forward only: an id once given is never given again."""
        current = self.counters()
        merged = {k: max(v, current.get(k, 1)) for k, v in counters.items()}
        self._db.table(META_TABLE).upsert(
            _document(dict(self._meta) | {"next": current | merged}, 1)
        )

    def add_many(self, records: Sequence[R]) -> list[R]:
        """Store new records under the next never-used ids, in order; return them with those ids.

        A batch, not a loop over ``add``: TinyDB rewrites a whole table on every insert, so
        adding n records one by one costs n² (a 50,000-row member import took 12 minutes).
        Here the ids are taken in one go, the counter is written once, and each kind is
        inserted with one table operation.
        """
        counters = self.counters()
        stored = [with_id(record, take_number(counters, record.ID_PREFIX)) for record in records]
        if not stored:
            return []
        self.set_counters(counters)
        for kind in dict.fromkeys(type(record) for record in stored):
            self._db.table(kind.TABLE).insert_multiple(
                _document(record.to_dict(), int(record.id[len(kind.ID_PREFIX) :]))
                for record in stored
                if type(record) is kind
            )
            self._changed(kind)
        return stored

    def put(self, record: R) -> R:
        """Replace a stored record (matched by id) with this version of it."""
        number = id_number(record.id, record.ID_PREFIX)
        table = self._db.table(record.TABLE)
        if number is None or not table.contains(doc_id=number):
            raise NotFound(f"no {type(record).__name__.lower()} with id {record.id!r}")
        table.upsert(_document(record.to_dict(), number))
        self._changed(type(record))
        return record

    def remove(self, kind: type[R], record_id: str) -> None:
        number = id_number(record_id, kind.ID_PREFIX)
        table = self._db.table(kind.TABLE)
        if number is None or not table.contains(doc_id=number):
            raise NotFound(f"no {kind.__name__.lower()} with id {record_id!r}")
        table.remove(doc_ids=[number])
        self._changed(kind)

    def remove_many(self, kind: type[R], record_ids: Sequence[str]) -> None:
        """Remove several records of a kind in one table operation (see ``add_many``: one
        ``remove`` per record would rewrite the table each time)."""
        table = self._db.table(kind.TABLE)
        numbers = [id_number(record_id, kind.ID_PREFIX) for record_id in record_ids]
        missing = [
            rid
            for rid, n in zip(record_ids, numbers, strict=True)
            if n is None or not table.contains(doc_id=n)
        ]
        if missing:
            raise NotFound(f"no {kind.__name__.lower()} with id {missing[0]!r}")
        if numbers:
            table.remove(doc_ids=[n for n in numbers if n is not None])
            self._changed(kind)

    def purge_backups_after_write(self) -> None:
        """Erasure must be real: once this write lands, no backup may still hold what it erased."""
        self._storage.purge_backups = True

    def discard(self) -> None:
        """Throw away this session's changes (``--dry-run``): nothing will be written."""
        self._storage.discarded = True


class Held:
    """A community document read once and kept in memory, for a face that shows it (the
    dashboard) and checks what would be saved on every keystroke.

    A rehearsal runs the core on a private copy of the document: it sees exactly what a write
    session would, without reading, parsing and checking the file again, and nothing it changes
    reaches the file or this copy. TinyDB replaces a table's dict on every change and updates
    a record's dict in place, so copying the tables and their records is enough.
    """

    def __init__(self, document: dict[str, Any], decoded: Decoded) -> None:
        self._document = document
        self._decoded = decoded

    @contextlib.contextmanager
    def rehearse(self) -> Iterator[Session]:
        """A session over a private copy; whatever it changes is dropped at the end."""
        copied = {
            name: {key: dict(doc) for key, doc in table.items()}
            for name, table in self._document.items()
        }
        yield Session(_SessionStorage(copied, dict(self._decoded)))


def open_session(document: dict[str, Any], decoded: Decoded) -> tuple[Session, _SessionStorage]:
    """A session over a document already read and checked, and the storage that says whether
    the session changed it (for a home that keeps communities elsewhere than in a file:
    :mod:`copkit.storage.postgres`)."""
    storage = _SessionStorage(document, decoded)
    return Session(storage), storage


class Store:
    """One community file in the copkit home."""

    def __init__(
        self,
        path: Path,
        *,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
        backups: int = DEFAULT_BACKUPS,
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.backups = backups

    @property
    def backup_set(self) -> Backups:
        """This file's backups, as many as ``backups`` says (see :mod:`copkit.storage.backups`)."""
        return Backups(self.path, self.backups)

    def backup_path(self, generation: int) -> Path:
        """Generation 1 is the version just before the latest write, 2 the one before, ..."""
        return self.backup_set.path(generation)

    def backup_generations(self) -> list[int]:
        """The generations on disk, newest first."""
        return self.backup_set.generations()

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def where(self) -> str:
        """How messages name this community: its file."""
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def changed_at(self) -> dt.datetime:
        """When the file was last written (UTC)."""
        return dt.datetime.fromtimestamp(self.path.stat().st_mtime, dt.UTC)

    @classmethod
    def create(cls, path: Path, community: Community) -> Store:
        """Write a new community file; refuse to overwrite one that exists."""
        store = cls(path)
        store.path.parent.mkdir(parents=True, exist_ok=True)
        with store._locked():
            if store.path.exists():
                raise StoreError(f"a community file already exists at {store.path}")
            document = {
                META_TABLE: {"1": {"schema": SCHEMA_VERSION, "next": {}}},
                Community.TABLE: {"1": community.to_dict()},
            }
            write_file(store.path, orjson.dumps(document))
        return store

    def _read_document(self) -> tuple[dict[str, Any], Decoded]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no community file at {self.path}") from None
        with self._pointing_at_backups():
            return _parse(self.path, raw)

    @contextlib.contextmanager
    def _pointing_at_backups(self) -> Iterator[None]:
        """A damaged live file's message says how to get an earlier version back, if any."""
        try:
            yield
        except DamagedFile as exc:
            if not self.backup_generations():
                raise
            command = f"copkit --community {self.path.stem} restore"
            raise DamagedFile(
                f"{exc}. copkit kept earlier versions of it: `{command} --list` shows them, "
                f"`{command} --from N` brings one back"
            ) from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout  # writers only: reading takes no lock

        lock = FileLock(str(self.lock_path), timeout=self.lock_timeout, mode=OWNER_ONLY)
        try:
            with lock:
                yield
        except Timeout:
            raise StoreError(
                f"{self.path.name} is being changed by another copkit (waited "
                f"{self.lock_timeout:g}s for {self.lock_path}); try again"
            ) from None

    def hold(self) -> Held:
        """Read and check the file once, to rehearse changes on in memory (see :class:`Held`)."""
        return Held(*self._read_document())

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only view of the file as it is now; nothing is written."""
        storage = _SessionStorage(*self._read_document())
        with self._pointing_at_backups():  # a record decoded later may turn out damaged too
            yield Session(storage)

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A locked read-modify-write: the file is written once, only if the block succeeds."""
        with self._locked():
            storage = _SessionStorage(*self._read_document())
            with self._pointing_at_backups():
                yield Session(storage)
            if storage.changed and not storage.discarded:
                self._save(storage.document)
                if storage.purge_backups:
                    self.drop_backups()

    def _save(self, document: dict[str, Any]) -> None:
        """Write the new version, keeping the one it replaces (see :meth:`Backups.save`)."""
        self.backup_set.save(orjson.dumps(document))

    def drop_backups(self) -> None:
        self.backup_set.drop()

    def read_backup(self, generation: int) -> dict[str, Any]:
        """A backup generation's document, checked like the live file."""
        path = self.backup_path(generation)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no backup {generation} of {self.path.stem}") from None
        return _parse(path, raw)[0]

    def restore(self, generation: int) -> None:
        """Bring a backup back; the version it replaces becomes backup 1, so this can be undone."""
        with self._locked():
            document = self.read_backup(generation)
            self._save(document)


def file_mode(path: Path) -> int:
    """The permission bits of a file: the tests check that every file copkit writes is 0600."""
    return os.stat(path).st_mode & 0o777
