"""``Record``: the one conversion between records and the plain dicts the store keeps.

``to_dict`` encodes dates, enums and nested parts; ``from_dict`` decodes each field by its
annotation (postponed, so a string such as ``"dt.date"`` or ``"tuple[Topic, ...]"``) and refuses
a value of the wrong type. ``revise``, ``Record.replace`` and ``Record.revised`` change a record
while judging only the new values as input (see :mod:`copkit.model`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from copkit.errors import InputError
from copkit.model.enums import ActivityKind, Level, MeetingStatus, ValueCycle, Visibility
from copkit.model.parts import Activity, Gardener, Role, Topic, Tuning
from copkit.model.text import _ALREADY_STORED, _stored

_T = TypeVar("_T")


def _texts(value: Any) -> Iterator[str]:
    """Every piece of text in a record, its lists and nested records."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))


def revise(obj: _T, **changes: Any) -> _T:
    """``dataclasses.replace`` that judges only the new values: a record whose stored name
    holds a character copkit now refuses can still change level, leave or be forgotten."""
    held = frozenset(_texts(obj))
    with _stored(held.__contains__):
        # Every record and part is a dataclass, which Record (not one itself) cannot say.
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


class Record:
    """Shared conversion to and from the dicts the store keeps."""

    TABLE: ClassVar[str] = ""
    ID_PREFIX: ClassVar[str] = ""
    if TYPE_CHECKING:
        #: Every kind kept in a table has an id (a field of its own); the community, kept alone
        #: in the meta table, has none and is never asked for one.
        id: str

    def to_dict(self) -> dict[str, Any]:
        encoded: dict[str, Any] = _encode(self)
        return encoded

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, stored: bool = False) -> Self:
        """Rebuild a record from a dict, checking every field's type and value.

        ``stored=True`` is for the store reading its own file back: its text was accepted when
        it was written (perhaps by an older, looser copkit) and is not judged again. Anything
        else (an import, an edit) is new input and is checked in full.
        """
        if not isinstance(data, dict):
            raise InputError(f"a stored {cls.__name__.lower()} should be an object")
        known: Callable[[str], bool] = (lambda _text: True) if stored else _ALREADY_STORED.get()
        try:
            with _stored(known):
                return cls(**_decode_fields(cls, data))
        except TypeError as exc:
            raise InputError(f"a stored {cls.__name__.lower()} is incomplete ({exc})") from None

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed; only the changed values are judged as new input."""
        return revise(self, **changes)

    def revised(self, data: dict[str, Any]) -> Self:
        """A copy with some fields changed, given as ``to_dict`` stores them (an edit)."""
        held = frozenset(_texts(self))
        with _stored(held.__contains__):
            return type(self).from_dict(self.to_dict() | data)


def _decode_fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Turn stored strings back into dates, enums and nested records, by field annotation."""
    hints = {f.name: str(f.type) for f in dataclasses.fields(cls)}  # postponed: strings
    out: dict[str, Any] = {}
    for name, raw in data.items():
        if name not in hints:
            continue  # a field a later schema dropped: ignore rather than fail
        out[name] = _decode(hints[name], raw)
    return out


_DECODERS: dict[str, Any] = {
    "dt.date": dt.date.fromisoformat,
    "dt.datetime": dt.datetime.fromisoformat,
    "Level": Level,
    "Visibility": Visibility,
    "ActivityKind": ActivityKind,
    "MeetingStatus": MeetingStatus,
    "ValueCycle": ValueCycle,
}


_PLAIN_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "int": int,
    "bool": bool,
    "float": (int, float),
}


def _decode(annotation: str, raw: Any) -> Any:
    """Decode one stored value, refusing one of the wrong type (a hand-edited or damaged file)."""
    optional = annotation.endswith(" | None")
    base = annotation.removesuffix(" | None")
    if raw is None:
        if optional:
            return None
        raise InputError(f"a stored value is missing (expected {base})")
    if base.startswith("tuple["):
        if not isinstance(raw, list):
            raise InputError(f"a stored value should be a list, not {raw!r}")
        inner = base[len("tuple[") : -len(", ...]")]
        return tuple(_decode(inner, item) for item in raw)
    if base in _PLAIN_TYPES:
        expected = _PLAIN_TYPES[base]
        if not isinstance(raw, expected) or (base in ("int", "float") and isinstance(raw, bool)):
            raise InputError(f"a stored value should be {base}, not {raw!r}")
        return raw
    if base in _DECODERS:
        if not isinstance(raw, str):
            raise InputError(f"a stored value should be {base} text, not {raw!r}")
        try:
            return _DECODERS[base](raw)
        except ValueError:
            raise InputError(f"{raw!r} is not a valid {base.removeprefix('dt.')}") from None
    nested = _NESTED.get(base)
    if nested is not None:
        if not isinstance(raw, dict):
            raise InputError(f"a stored {base} should be an object, not {raw!r}")
        try:
            return nested(**_decode_fields(nested, raw))
        except TypeError as exc:
            raise InputError(f"a stored {base} is incomplete ({exc})") from None
    return raw


_NESTED: dict[str, type] = {
    "Activity": Activity,
    "Topic": Topic,
    "Role": Role,
    "Gardener": Gardener,
    "Tuning": Tuning,
}
