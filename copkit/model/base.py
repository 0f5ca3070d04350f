"""``Record``: the one conversion between records and the plain dicts the store keeps.

Every record and part is a frozen :class:`msgspec.Struct`, used as a record type only (none is
encoded or decoded by msgspec): a Struct class is defined in microseconds where a frozen
dataclass costs half a millisecond, and every command that opens a community defines dozens.
``to_dict`` encodes dates, enums and nested parts; ``from_dict`` decodes each field by its
annotation (postponed, so a string such as ``"dt.date"`` or ``"tuple[Topic, ...]"``) and refuses
a value of the wrong type. ``revise``, ``Record.replace`` and ``Record.revised`` change a record
while judging only the new values as input (see :mod:`copkit.model`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

import msgspec

from copkit.errors import InputError
from copkit.model.enums import ActivityKind, Level, MeetingStatus, ValueCycle, Visibility
from copkit.model.parts import Activity, Gardener, Role, Topic, Tuning
from copkit.model.text import _ALREADY_STORED, _stored

_S = TypeVar("_S", bound=msgspec.Struct)


def _any_text(_text: str) -> bool:
    """Text read back from the store: accepted when it was written, never judged again."""
    return True


def _texts(value: Any) -> Iterator[str]:
    """Every piece of text in a record, its lists and nested records."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from _texts(getattr(value, name))


def revise(obj: _S, **changes: Any) -> _S:
    """``msgspec.structs.replace`` (which runs ``__post_init__`` again) that judges only the
    new values: a record whose stored name holds a character copkit now refuses can still
    change level, leave or be forgotten."""
    held = frozenset(_texts(obj))
    with _stored(held.__contains__):
        return msgspec.structs.replace(obj, **changes)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, msgspec.Struct):
        return {name: _encode(getattr(value, name)) for name in value.__struct_fields__}
    return value


class Record(msgspec.Struct, frozen=True):
    """Shared conversion to and from the dicts the store keeps; no fields of its own."""

    TABLE: ClassVar[str] = ""
    ID_PREFIX: ClassVar[str] = ""
    if TYPE_CHECKING:
        # Every kind kept in a table has an id (a field of its own); the community, kept alone
        # in the meta table, has none and is never asked for one. A property, not a field, so
        # the type checker does not take it for a field of every record.
        @property
        def id(self) -> str: ...

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
        # what _stored does, without a context manager's cost on each of many records
        token = _ALREADY_STORED.set(_any_text if stored else _ALREADY_STORED.get())
        try:
            return cls(**_decode_fields(cls, data))
        except TypeError as exc:
            raise InputError(f"a stored {cls.__name__.lower()} is incomplete ({exc})") from None
        finally:
            _ALREADY_STORED.reset(token)

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed; only the changed values are judged as new input."""
        return revise(self, **changes)

    def revised(self, data: dict[str, Any]) -> Self:
        """A copy with some fields changed, given as ``to_dict`` stores them (an edit)."""
        held = frozenset(_texts(self))
        with _stored(held.__contains__):
            return type(self).from_dict(self.to_dict() | data)


def _decode_fields(cls: type[msgspec.Struct], data: dict[str, Any]) -> dict[str, Any]:
    """Turn stored strings back into dates, enums and nested records, by field annotation."""
    decoders = _FIELD_DECODERS.get(cls) or _field_decoders(cls)
    # a field a later schema dropped is ignored rather than failing
    return {name: decoders[name](raw) for name, raw in data.items() if name in decoders}


_Decoder = Callable[[Any], Any]
#: Each record or part kind -> its fields' decoders, made from the annotations on first use.
_FIELD_DECODERS: dict[type, dict[str, _Decoder]] = {}


def _field_decoders(cls: type[msgspec.Struct]) -> dict[str, _Decoder]:
    # postponed annotations: strings such as "dt.date | None" or "tuple[Topic, ...]", read
    # from the classes themselves (msgspec.structs.fields would evaluate them, slowly)
    notes: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        notes.update(vars(klass).get("__annotations__", {}))
    made = {name: _decoder(str(notes[name])) for name in cls.__struct_fields__}
    _FIELD_DECODERS[cls] = made
    return made


_CONVERTERS: dict[str, _Decoder] = {
    "dt.date": dt.date.fromisoformat,
    "dt.datetime": dt.datetime.fromisoformat,
}
_ENUMS: dict[str, type[StrEnum]] = {
    "Level": Level,
    "Visibility": Visibility,
    "ActivityKind": ActivityKind,
    "MeetingStatus": MeetingStatus,
    "ValueCycle": ValueCycle,
}


_STR_ONLY = frozenset({str})
_PLAIN_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "int": int,
    "bool": bool,
    "float": (int, float),
}


def _decoder(annotation: str) -> _Decoder:
    """What decodes one stored value of this annotation, refusing one of the wrong type (a
    hand-edited or damaged file): None only where the annotation allows it."""
    base = annotation.removesuffix(" | None")
    decode = _base_decoder(base)
    if base == annotation:
        return decode

    def optional(raw: Any) -> Any:
        return None if raw is None else decode(raw)

    return optional


def _base_decoder(base: str) -> _Decoder:
    if base.startswith("tuple["):
        return _tuple_decoder(base, _decoder(base[len("tuple[") : -len(", ...]")]))
    if base in _PLAIN_TYPES:
        return _plain_decoder(base, _PLAIN_TYPES[base])
    if base in _CONVERTERS or base in _ENUMS:
        return _text_decoder(base)
    if base in _NESTED:
        return _nested_decoder(base, _NESTED[base])

    def as_is(raw: Any) -> Any:
        return _refuse(base, raw) if raw is None else raw

    return as_is


def _refuse(base: str, raw: Any, should_be: str = "") -> Any:
    """Raise for a stored value of the wrong type: a missing one, or ``should_be``'s words."""
    if raw is None:
        raise InputError(f"a stored value is missing (expected {base})")
    raise InputError(f"a stored {should_be}, not {raw!r}")


def _tuple_decoder(base: str, item: _Decoder) -> _Decoder:
    texts = base == "tuple[str, ...]"  # ids and words: kept as they are when all are text

    def decode(raw: Any) -> Any:
        if not isinstance(raw, list):
            return _refuse(base, raw, "value should be a list")
        if texts and {*map(type, raw)} <= _STR_ONLY:
            return tuple(raw)
        return tuple([item(value) for value in raw])

    return decode


def _plain_decoder(base: str, expected: type | tuple[type, ...]) -> _Decoder:
    number = base in ("int", "float")

    def decode(raw: Any) -> Any:
        if isinstance(raw, expected) and not (number and isinstance(raw, bool)):
            return raw
        return _refuse(base, raw, f"value should be {base}")

    return decode


def _text_decoder(base: str) -> _Decoder:
    """Dates and enums, stored as text; an enum by a lookup of its values."""
    enum = _ENUMS.get(base)
    convert = _CONVERTERS[base] if enum is None else enum
    members = {} if enum is None else {member.value: member for member in enum}

    def decode(raw: Any) -> Any:
        if not isinstance(raw, str):
            return _refuse(base, raw, f"value should be {base} text")
        found = members.get(raw)
        if found is not None:
            return found
        try:
            return convert(raw)
        except ValueError:
            raise InputError(f"{raw!r} is not a valid {base.removeprefix('dt.')}") from None

    return decode


def _nested_decoder(base: str, nested: type[msgspec.Struct]) -> _Decoder:
    def decode(raw: Any) -> Any:
        if not isinstance(raw, dict):
            return _refuse(base, raw, f"{base} should be an object")
        try:
            return nested(**_decode_fields(nested, raw))
        except TypeError as exc:
            raise InputError(f"a stored {base} is incomplete ({exc})") from None

    return decode


_NESTED: dict[str, type[msgspec.Struct]] = {
    "Activity": Activity,
    "Topic": Topic,
    "Role": Role,
    "Gardener": Gardener,
    "Tuning": Tuning,
}
