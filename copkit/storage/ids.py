"""Record ids as the store gives them: ``PREFIX`` then a number that is never reused.

Apart from :mod:`copkit.storage.store` so that module stays about the file and its sessions; these
touch no TinyDB, only the ids themselves (the number behind an id, the next one a counter
gives, a record under its new id).
"""

from __future__ import annotations

import copy
from typing import TypeVar

from msgspec.structs import force_setattr

from copkit.model import Record

R = TypeVar("R", bound=Record)


def id_number(record_id: str, prefix: str) -> int | None:
    """The number in ``record_id`` after ``prefix``, or None when it is not such an id."""
    digits = record_id[len(prefix) :] if record_id.startswith(prefix) else ""
    return int(digits) if digits.isdigit() else None


def take_number(counters: dict[str, int], prefix: str) -> int:
    """The next unused number for ``prefix``, moving the counter past it."""
    number = counters.get(prefix, 1)
    counters[prefix] = number + 1
    return number


def with_id(record: R, number: int) -> R:
    """The record under its new id, without checking it again.

    It was checked in full when it was built, and the id is the store's own; checking every
    field a second time would cost as much as building it (a tenth of a large import).
    """
    stored = copy.copy(record)  # a Struct's copy runs no __post_init__
    force_setattr(stored, "id", f"{record.ID_PREFIX}{number}")
    return stored
