"""What a community document must hold before any session opens it, checked when it is read.

A hand-edited or half-copied file must be refused at once, with the record at fault named, and
never half-read by a listing or written over by a command. These checks run on the parsed
(and migrated) document: every table a set of records, a readable community record, id
counters that cannot give an id out twice, and the records that point at each other decoded
and checked together (:mod:`copkit.storage.integrity`). The decoded records are handed back, so a
session need not decode them a second time.

Kept apart from :mod:`copkit.storage.store`, which reads and writes the file and owns the schema and
its migrations; nothing here imports TinyDB.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import orjson

from copkit.errors import InputError, StoreError
from copkit.model import (
    RECORD_TYPES,
    Community,
    Meeting,
    MeetingPlan,
    Member,
    Record,
    Rhythm,
    Rsvp,
    SentInvite,
    Space,
    Story,
)
from copkit.storage.integrity import check_references

META_TABLE = "_copkit"

R = TypeVar("R", bound=Record)

#: Records already decoded from a session's document, by kind (see ``Session.all``).
Decoded = dict[type[Record], list[Record]]

#: The kinds whose records point at each other: decoded when a file is opened, so a dangling
#: reference or an unusable rule is refused there rather than crashing a listing later.
LINKED_KINDS: tuple[type[Record], ...] = (
    Member,
    Space,
    Rhythm,
    Meeting,
    Story,
    SentInvite,
    Rsvp,
    MeetingPlan,
)

#: Every kind whose ids come from a counter in the ``_copkit`` table (see ``Session.add``): every
#: kind kept in a table, so a kind added to the model is checked without being listed again.
COUNTED_KINDS: tuple[type[Record], ...] = RECORD_TYPES


class DamagedFile(StoreError):
    """A file copkit cannot trust: not JSON, not a community file, or records that do not fit.

    Set apart from other store errors so the message can point at the backups (a file from a
    newer copkit is not damaged, and restoring an old version would not help).
    """


def schema_of(path: Path, raw: bytes) -> tuple[int, dict[str, Any]]:
    """The schema version a file says it has, and its document; refused unless it is JSON and
    a copkit community file."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DamagedFile(
            f"{path} is not a readable copkit file ({exc}); it was left untouched"
        ) from None
    meta = document.get(META_TABLE) if isinstance(document, dict) else None
    meta = meta.get("1") if isinstance(meta, dict) else None
    version = meta.get("schema") if isinstance(meta, dict) else None
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or version < 1
        or "community" not in document
    ):
        raise DamagedFile(f"{path} is not a copkit community file; it was left untouched")
    return version, document


def check_document(path: Path | str, document: dict[str, Any]) -> Decoded:
    """Refuse a damaged file up front, so no command reads half of it or writes over it."""
    for name, table in document.items():
        if not isinstance(table, dict) or not all(
            key.isdigit() and isinstance(doc, dict) for key, doc in table.items()
        ):
            raise DamagedFile(
                f"{path} is damaged (its {name!r} table is not a set of records); "
                "it was left untouched"
            )
    try:
        Community.from_dict(document[Community.TABLE]["1"], stored=True)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise DamagedFile(
            f"{path} is damaged (its community record is missing or unreadable); "
            "it was left untouched"
        ) from None
    problem = _counter_problem(document)
    if problem:
        raise DamagedFile(f"{path} is damaged (its id counters {problem}); it was left untouched")
    return _check_records(path, document)


def _counter_problem(document: dict[str, Any]) -> str | None:
    """What is wrong with the ``next`` id counters, if anything.

    A counter that is not a whole number from 1 up, or that is not past the highest id already
    stored, would make the next ``add`` crash or give an id out a second time.
    """
    counters = document[META_TABLE]["1"].get("next", {})
    if not isinstance(counters, dict):
        return f"are {counters!r}, not a table of numbers"
    for prefix, value in counters.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            return f"hold {value!r} for {prefix!r}, not a whole number from 1 up"
    for kind in COUNTED_KINDS:
        highest = max((int(key) for key in document.get(kind.TABLE, {})), default=0)
        if counters.get(kind.ID_PREFIX, 1) <= highest:
            return f"would give the id {kind.ID_PREFIX}{highest} out a second time"
    return None


def _check_records(path: Path | str, document: dict[str, Any]) -> Decoded:
    """Decode the linked records and check they fit together (see
    :mod:`copkit.storage.integrity`)."""
    decoded: Decoded = {}
    for kind in LINKED_KINDS:
        records = decoded[kind] = []
        for key, doc in document.get(kind.TABLE, {}).items():
            record = load_record(kind, doc, key)
            if record.id != f"{kind.ID_PREFIX}{key}":
                raise DamagedFile(
                    f"{path} is damaged ({kind.__name__.lower()} record {key} carries the id "
                    f"{record.id!r}); it was left untouched"
                )
            records.append(record)
    try:
        check_references(record for records in decoded.values() for record in records)
    except InputError as exc:
        raise DamagedFile(f"{path} is damaged ({exc}); it was left untouched") from None
    return decoded


def load_record(kind: type[R], doc: dict[str, Any], number: str | None = None) -> R:
    """Decode one stored record; a hand-edited, broken one is a clear error, not a traceback."""
    try:
        return kind.from_dict(doc, stored=True)
    except (TypeError, ValueError, AttributeError) as exc:
        number = number if number is not None else getattr(doc, "doc_id", "?")
        raise DamagedFile(
            f"the community file is damaged: {kind.__name__.lower()} record {number} cannot be "
            f"read ({exc}); nothing was changed"
        ) from None
