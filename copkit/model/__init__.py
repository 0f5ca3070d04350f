"""The records a gardener keeps, as frozen dataclasses that validate themselves.

A record that exists is a valid record: every check runs in ``__post_init__``, so the CLI, the
TUI and scripts all refuse the same bad input with the same words. Records are converted to and
from plain JSON-able dicts here (``to_dict`` / ``from_dict``) and nowhere else, which keeps the
store ignorant of fields and the rest of copkit ignorant of JSON.

People's words are checked when they are NEW, not when they are read back. A name, a topic or
an email typed at the command line, in the dashboard or arriving by import may not hold
characters that act on a terminal or a page instead of being shown (see :func:`unshowable`):
``check_text`` and ``check_email`` refuse them with the field's name. A community file written
by an older copkit may already hold such characters; it must still open, so text read back
from the store (``from_dict(..., stored=True)``), and text a record already held when it is
changed (``replace`` / ``revise``), is not judged again. Every surface shows such stored text
escaped (``copkit.report.literal.visible``), so it never reaches a screen raw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from copkit.errors import InputError


class Level(StrEnum):
    """How a member takes part (Wenger): all three belong; people move between them."""

    CORE = "core"
    ACTIVE = "active"
    PERIPHERAL = "peripheral"


class Visibility(StrEnum):
    """Private spaces build trust; public ones open the community to others."""

    PUBLIC = "public"
    PRIVATE = "private"


class ActivityKind(StrEnum):
    """Familiar activities stabilise a community; stimulating ones bring new perspectives."""

    FAMILIAR = "familiar"
    STIMULATING = "stimulating"


class MeetingStatus(StrEnum):
    HELD = "held"
    CANCELLED = "cancelled"


class ValueCycle(StrEnum):
    """The Wenger-Trayner value-creation cycles a story can illustrate."""

    IMMEDIATE = "immediate"
    POTENTIAL = "potential"
    APPLIED = "applied"
    REALISED = "realised"
    REFRAMING = "reframing"


#: File names in the copkit home that are not communities (``config.json``).
RESERVED_SLUGS = frozenset({"config"})

EMAIL_PATTERN = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]{2,}$")

#: Bidirectional controls (embeddings, overrides, isolates and marks): invisible characters
#: that reorder the text after them, so "gro.elpmaxe" can be made to read as another name.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def unshowable(char: str) -> bool:
    """A character a terminal or a page acts on instead of showing: a control character
    (Unicode Cc: ESC, DEL, the C1 range such as U+009B, newline, tab), a bidirectional control,
    or a line or paragraph separator. The one definition both the checks on new input here and
    the escaping on every screen (``copkit.report.literal.visible``) use."""
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp")


#: Whether a piece of text was already stored (and so is not judged again); see the module
#: docstring. By default nothing is: every value is new input.
_ALREADY_STORED: ContextVar[Callable[[str], bool]] = ContextVar(
    "copkit_already_stored", default=lambda _text: False
)


@contextmanager
def _stored(known: Callable[[str], bool]) -> Iterator[None]:
    token = _ALREADY_STORED.set(known)
    try:
        yield
    finally:
        _ALREADY_STORED.reset(token)


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


def _what_it_is(char: str) -> str:
    if char in "\n\r\u2028\u2029\x85":
        return "a line break"
    if char == "\t":
        return "a tab"
    if char in BIDI_CONTROLS:
        return "a hidden text-direction mark"
    return "a hidden control character"


def _refuse_unshowable(value: str, what: str, *, multiline: bool) -> None:
    for char in value:
        if unshowable(char) and not (multiline and char == "\n"):
            code = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
            kind = _what_it_is(char)
            if not multiline and kind in ("a line break", "a tab"):
                raise InputError(f"{what} must fit on one line, but it holds {kind} ({code})")
            raise InputError(
                f"{what} holds {kind} ({code}) that could garble a screen; type it again without it"
            )


def check_text(
    value: str, what: str, *, required: bool = True, limit: int = 2000, multiline: bool = False
) -> str:
    """Trim and check a piece of people's words.

    One line unless ``multiline`` (a story): no control characters, tabs, line breaks or
    bidirectional controls; a multi-line text may keep its line breaks and nothing else.
    Text already stored is not judged again (see the module docstring), only trimmed and
    measured as before.
    """
    if not isinstance(value, str):
        raise InputError(f"{what} must be text")
    value = value.strip()
    if multiline:
        value = value.replace("\r\n", "\n")
    if required and not value:
        raise InputError(f"{what} cannot be empty")
    if len(value) > limit:
        raise InputError(f"{what} is longer than {limit} characters")
    if not _ALREADY_STORED.get()(value):
        _refuse_unshowable(value, what, multiline=multiline)
    return value


def _is_address(value: str) -> bool:
    """name@domain.tld with exactly one @, nothing invisible or blank, no empty dotted part."""
    if not EMAIL_PATTERN.match(value):
        return False
    if any(unshowable(c) or c.isspace() or unicodedata.category(c) == "Cf" for c in value):
        return False
    local, _, domain = value.partition("@")
    return all(part for part in local.split(".")) and all(part for part in domain.split("."))


def check_email(value: str) -> str:
    """A light check that catches typos (no @, spaces, no domain) and anything that is not
    part of an address (control or invisible characters), not a full RFC 5322 parser; plus
    addressing and letters in any script are welcome. An address already stored is held to
    the older, looser pattern only, so an old file still opens."""
    value = value.strip()
    known = _ALREADY_STORED.get()(value) and EMAIL_PATTERN.match(value)
    if not (known or _is_address(value)):
        raise InputError(f"{value!r} is not an email address (expected name@example.org)")
    return value.lower()


def check_timezone(name: str) -> str:
    """An IANA zone such as Europe/London; copkit never writes floating times."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InputError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/London)"
        ) from None
    return name


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


@dataclass(frozen=True)
class Gardener:
    """One person who tends the community. A community may have several (after its mapping,
    Social Care Wales hired four community managers): the first is the lead, whose email
    organises invites."""

    name: str
    email: str = ""

    def __post_init__(self) -> None:
        name = check_text(self.name, "the gardener", required=bool(not self.email), limit=200)
        object.__setattr__(self, "name", name)
        if self.email:
            object.__setattr__(self, "email", check_email(self.email))

    @property
    def label(self) -> str:
        """How members see this gardener: the name, else the email."""
        return self.name or self.email


@dataclass(frozen=True)
class Tuning:
    """A threshold of the health check this community set for itself (``community edit
    --threshold NAME=VALUE``); which names and values are allowed is the health check's rule
    (``copkit.health.thresholds.check_tuning``), checked where the gardener sets one."""

    name: str
    value: float

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]{1,60}", self.name):
            raise InputError(f"{self.name!r} is not a threshold's name")
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise InputError(f"a threshold's value is a number, not {self.value!r}")


@dataclass(frozen=True)
class Community(Record):
    """The community itself: its domain, why members come, who tends and who sponsors it.

    ``gardeners`` is the list of people who tend it, the lead first. ``gardener`` and
    ``gardener_email`` are the lead's, kept so a file or a script from before shared
    gardening still reads: given alone they become the list, and they always mirror its first
    entry. Change who gardens through ``gardeners``; the file keeps the list only.
    """

    TABLE: ClassVar[str] = "community"

    slug: str
    name: str
    domain: str
    benefit: str = ""
    gardener: str = ""
    gardener_email: str = ""
    sponsor: str = ""
    timezone: str = "Europe/London"
    created: dt.date = field(default_factory=dt.date.today)
    resources: tuple[str, ...] = ()
    #: When the community last revisited its domain and purpose together (principle 1).
    purpose_reviewed: dt.date | None = None
    #: Who tends the community, the lead first (principle 8: one person or several).
    gardeners: tuple[Gardener, ...] = ()
    #: The domain's own themes: a topic carrying one is on the domain (principle 5).
    themes: tuple[str, ...] = ()
    #: Thresholds of the health check this community set for itself.
    thresholds: tuple[Tuning, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", self.slug):
            raise InputError(
                f"{self.slug!r} is not a usable short name (lower-case letters, digits and dashes)"
            )
        if self.slug in RESERVED_SLUGS:
            raise InputError(f"{self.slug!r} is a name copkit keeps for itself; choose --slug")
        object.__setattr__(self, "name", check_text(self.name, "the community's name", limit=200))
        object.__setattr__(self, "domain", check_text(self.domain, "the domain"))
        object.__setattr__(self, "benefit", check_text(self.benefit, "the benefit", required=False))
        self._settle_gardeners()
        object.__setattr__(self, "sponsor", check_text(self.sponsor, "the sponsor", required=False))
        check_timezone(self.timezone)
        resources = tuple(check_text(r, "a resource", limit=300) for r in self.resources)
        object.__setattr__(self, "resources", resources)
        themes: dict[str, str] = {}
        for theme in self.themes:  # one of each, whatever its case
            checked = check_text(theme, "a theme", limit=200)
            themes.setdefault(checked.casefold(), checked)
        object.__setattr__(self, "themes", tuple(themes.values()))
        tunings = {t.name: t for t in self.thresholds}  # the last value given for a name wins
        object.__setattr__(self, "thresholds", tuple(tunings.values()))

    def _settle_gardeners(self) -> None:
        """The list is the truth; a lone ``gardener``/``gardener_email`` (an older file, an
        older script) becomes it, and the two always mirror the lead."""
        gardeners = tuple(self.gardeners)
        if not gardeners and (self.gardener or self.gardener_email):
            gardeners = (Gardener(self.gardener, self.gardener_email),)
        by_name: dict[str, Gardener] = {}
        for person in gardeners:
            by_name.setdefault((person.email or person.name).casefold(), person)
        gardeners = tuple(by_name.values())
        object.__setattr__(self, "gardeners", gardeners)
        object.__setattr__(self, "gardener", gardeners[0].name if gardeners else "")
        object.__setattr__(self, "gardener_email", gardeners[0].email if gardeners else "")

    def to_dict(self) -> dict[str, Any]:
        """The new shape only: ``gardeners``, never the lead's mirror fields (``from_dict``
        still reads a file that has them and no list)."""
        data = super().to_dict()
        del data["gardener"], data["gardener_email"]
        return data

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed; ``gardener``/``gardener_email`` alone name a new
        lead (the rest of the list stays), an empty pair removes the lead."""
        return super().replace(**self._lead_change(changes))

    def revised(self, data: dict[str, Any]) -> Self:
        """An edit given as stored fields, with the lead's fields read as :meth:`replace` does."""
        changes = self._lead_change(data)
        if "gardeners" in changes:
            changes["gardeners"] = [_encode(g) for g in changes["gardeners"]]
        return super().revised(changes)

    def _lead_change(self, changes: dict[str, Any]) -> dict[str, Any]:
        if "gardeners" in changes:  # the list wins; the mirrors follow it
            return changes | {"gardener": "", "gardener_email": ""}
        if not {"gardener", "gardener_email"} & changes.keys():
            return changes
        name = changes.get("gardener", self.gardener)
        email = changes.get("gardener_email", self.gardener_email)
        rest = {k: v for k, v in changes.items() if k not in ("gardener", "gardener_email")}
        lead = (Gardener(name, email),) if name or email else ()
        return rest | {
            "gardeners": (*lead, *self.gardeners[1:]),
            "gardener": "",
            "gardener_email": "",
        }

    def tended_by(self, member: Member) -> bool:
        """Whether a member is one of the gardeners: by email, else by exactly the same name
        (a gardener named without an email)."""
        return any(
            (g.email and g.email == member.email)
            or (not g.email and g.name.casefold() == member.name.casefold())
            for g in self.gardeners
        )

    def tuning(self) -> dict[str, float]:
        """The thresholds this community set for itself, by name."""
        return {t.name: t.value for t in self.thresholds}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Member(Record):
    """A person in the community. Personal data: see ``records.forget_member``."""

    TABLE: ClassVar[str] = "members"
    ID_PREFIX: ClassVar[str] = "m"

    name: str
    email: str
    id: str = ""
    org: str = ""
    role: str = ""
    level: Level = Level.PERIPHERAL
    external: bool = False
    interests: tuple[str, ...] = ()
    joined: dt.date = field(default_factory=dt.date.today)
    left: dt.date | None = None
    #: Other names this person writes under on the platforms the community uses (a Slack user
    #: id, a display name): how conversation authors are matched (see copkit.conversations).
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text(self.name, "a member's name", limit=200))
        object.__setattr__(self, "email", check_email(self.email))
        aliases: dict[str, str] = {}
        for alias in self.aliases:  # one of each, whatever its case
            checked = check_text(alias, "an alias", limit=200)
            aliases.setdefault(checked.casefold(), checked)
        object.__setattr__(self, "aliases", tuple(aliases.values()))
        object.__setattr__(self, "org", check_text(self.org, "the organisation", required=False))
        object.__setattr__(self, "role", check_text(self.role, "the role", required=False))
        object.__setattr__(self, "level", Level(self.level))
        interests = tuple(
            dict.fromkeys(check_text(i, "an interest", limit=200) for i in self.interests)
        )
        object.__setattr__(self, "interests", interests)
        if self.left is not None and self.left < self.joined:
            raise InputError(
                f"{self.name} cannot leave ({self.left}) before joining ({self.joined})"
            )

    def is_current(self, on: dt.date | None = None) -> bool:
        """A member on a given day: joined by then and not yet left."""
        on = on or dt.date.today()
        return self.joined <= on and (self.left is None or self.left > on)


@dataclass(frozen=True)
class Space(Record):
    """Where the community meets: a room, a Teams channel, a walk in the park."""

    TABLE: ClassVar[str] = "spaces"
    ID_PREFIX: ClassVar[str] = "s"

    name: str
    visibility: Visibility
    id: str = ""
    platform: str = ""
    location: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text(self.name, "a space's name", limit=200))
        object.__setattr__(self, "visibility", Visibility(self.visibility))
        for attr in ("platform", "location", "url"):
            object.__setattr__(self, attr, check_text(getattr(self, attr), attr, required=False))
        if self.url and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", self.url, re.I):
            raise InputError(f"{self.url!r} is not a web address (expected https://...)")

    @property
    def is_private(self) -> bool:
        return self.visibility is Visibility.PRIVATE


@dataclass(frozen=True)
class Rhythm(Record):
    """A recurring series of meetings on one space (docs/architecture.md).

    ``start`` is a wall-clock time in ``timezone`` (or the community's), so a 14:00 meeting
    stays at 14:00 across daylight-saving changes. ``sequence`` rises whenever time, place or
    rule changes, so calendar clients apply an update instead of duplicating the series.
    """

    TABLE: ClassVar[str] = "rhythms"
    ID_PREFIX: ClassVar[str] = "r"

    name: str
    space_id: str
    rrule: str
    start: dt.datetime
    duration_minutes: int
    id: str = ""
    timezone: str | None = None
    sequence: int = 0
    #: The day the series was called off as a whole (no meetings from then on).
    ended: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text(self.name, "a rhythm's name", limit=200))
        if self.start.tzinfo is not None:
            raise InputError("a rhythm's start is a wall-clock time, without a zone offset")
        if not 0 < self.duration_minutes <= 24 * 60:
            raise InputError("a meeting lasts between one minute and 24 hours")
        if self.timezone is not None:
            check_timezone(self.timezone)

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def meets_before_end(self) -> bool:
        """False only for a series called off before its first meeting."""
        return self.ended is None or self.ended > self.start.date()

    def running(self, on: dt.date) -> bool:
        """Whether the series still meets on a given day (it may have been ended)."""
        return self.ended is None or on < self.ended


@dataclass(frozen=True)
class Activity:
    kind: ActivityKind
    label: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ActivityKind(self.kind))
        object.__setattr__(self, "label", check_text(self.label, "an activity's label", limit=200))


@dataclass(frozen=True)
class Topic:
    """An agenda item. ``by_member`` survives erasure of who proposed it, so the share of
    member-proposed topics (principle 1) stays right after a member is forgotten."""

    text: str
    proposed_by: str | None = None
    by_member: bool = False
    #: What the topic is about, given when it is recorded: the domain's themes or members'
    #: interests (principle 5 reads these rather than the topic's words).
    themes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", check_text(self.text, "a topic", limit=500))
        themes: dict[str, str] = {}
        for theme in self.themes:
            checked = check_text(theme, "a theme", limit=200)
            themes.setdefault(checked.casefold(), checked)
        object.__setattr__(self, "themes", tuple(themes.values()))


#: The roles a meeting can record, as the CLI names them, and how a person says each.
MEETING_ROLES: dict[str, str] = {
    "chair": "chairing",
    "host": "hosting",
    "welcome": "welcoming newcomers",
    "notes": "taking notes",
}


@dataclass(frozen=True)
class Role:
    """Who took one role at a meeting (chairing, hosting, welcoming, notes), by member id.

    ``by_member`` says whether someone other than a gardener took it, and survives erasure of
    who it was, as a topic's does: whether roles are moving from the gardeners to members
    (principles 1 and 8) stays right after a member is forgotten."""

    role: str
    member_id: str | None = None
    by_member: bool = False

    def __post_init__(self) -> None:
        if self.role not in MEETING_ROLES:
            raise InputError(
                f"{self.role!r} is not a meeting role (one of {', '.join(MEETING_ROLES)})"
            )


@dataclass(frozen=True)
class Meeting(Record):
    """One occurrence: held (with who came and what happened) or cancelled (with why).

    ``anonymous_attendees`` counts attendees who were later forgotten, so attendance figures of
    past meetings stay true after erasure.
    """

    TABLE: ClassVar[str] = "meetings"
    ID_PREFIX: ClassVar[str] = "mt"

    start: dt.datetime
    space_id: str
    id: str = ""
    rhythm_id: str | None = None
    status: MeetingStatus = MeetingStatus.HELD
    reason: str = ""
    attendees: tuple[str, ...] = ()
    anonymous_attendees: int = 0
    activities: tuple[Activity, ...] = ()
    topics: tuple[Topic, ...] = ()
    guests: tuple[str, ...] = ()
    #: Who chaired, hosted, welcomed newcomers and took notes (shared leadership, principle 8).
    roles: tuple[Role, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", MeetingStatus(self.status))
        object.__setattr__(self, "attendees", tuple(dict.fromkeys(self.attendees)))
        guests = tuple(check_text(g, "a guest's name", limit=200) for g in self.guests)
        object.__setattr__(self, "guests", guests)
        object.__setattr__(self, "reason", check_text(self.reason, "the reason", required=False))
        if self.status is MeetingStatus.CANCELLED and (self.attendees or self.topics or self.roles):
            raise InputError("a cancelled meeting has no attendance, topics or roles")

    @property
    def held(self) -> bool:
        return self.status is MeetingStatus.HELD

    @property
    def attendance(self) -> int:
        return len(self.attendees) + self.anonymous_attendees


#: What an iTIP message did for one attendee (RFC 5546): the series itself, or a cancellation.
ITIP_METHODS = ("REQUEST", "CANCEL")
#: The answers a member can send to an invite (iTIP REPLY, PARTSTAT).
PARTSTATS = ("ACCEPTED", "DECLINED", "TENTATIVE")


@dataclass(frozen=True)
class SentInvite(Record):
    """What one member last received of one series by email, so sending again goes only where
    it is needed: a calendar ignores an update whose SEQUENCE it already holds (copkit.imip).

    ``method`` REQUEST is the series itself; CANCEL with an ``occurrence`` struck one meeting
    from a series they hold; CANCEL without one took the whole series from their calendar.
    """

    TABLE: ClassVar[str] = "sent_invites"
    ID_PREFIX: ClassVar[str] = "si"

    rhythm_id: str
    member_id: str
    method: str
    sequence: int
    sent: dt.datetime
    id: str = ""
    occurrence: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.method not in ITIP_METHODS:
            raise InputError(f"a sent invite is REQUEST or CANCEL, not {self.method!r}")
        if self.sequence < 0:
            raise InputError("a SEQUENCE starts at 0")

    @property
    def holds_series(self) -> bool:
        """Whether the member's calendar holds the series after this message."""
        return self.method == "REQUEST" or self.occurrence is not None


@dataclass(frozen=True)
class Rsvp(Record):
    """A member's answer to an invite (iTIP REPLY): for the whole series, or for the one
    meeting whose original start is ``occurrence`` (RECURRENCE-ID, wall-clock time).

    ``replied`` is the reply's DTSTAMP: of two answers for the same meeting the later wins,
    whatever order the files are imported in.
    """

    TABLE: ClassVar[str] = "rsvps"
    ID_PREFIX: ClassVar[str] = "rv"

    rhythm_id: str
    member_id: str
    partstat: str
    replied: dt.datetime
    id: str = ""
    occurrence: dt.datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "partstat", str(self.partstat).upper())
        if self.partstat not in PARTSTATS:
            raise InputError(
                f"an answer is accepted, declined or tentative, not {self.partstat.lower()!r}"
            )


@dataclass(frozen=True)
class MeetingPlan(Record):
    """What one coming meeting of a rhythm is about: its theme, agenda and host.

    ``start`` is the occurrence's original start (wall-clock, as the rhythm meets), which is
    its RECURRENCE-ID in invites: the override event carries the theme in its own DESCRIPTION.
    """

    TABLE: ClassVar[str] = "meeting_plans"
    ID_PREFIX: ClassVar[str] = "mp"

    rhythm_id: str
    start: dt.datetime
    id: str = ""
    theme: str = ""
    agenda: str = ""
    host_id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "theme", check_text(self.theme, "the theme", required=False))
        object.__setattr__(
            self, "agenda", check_text(self.agenda, "the agenda", required=False, multiline=True)
        )
        if self.start.tzinfo is not None:
            raise InputError("a planned meeting's start is a wall-clock time, without an offset")


@dataclass(frozen=True)
class Story(Record):
    """A value-creation story: how taking part made a difference (Wenger-Trayner)."""

    TABLE: ClassVar[str] = "stories"
    ID_PREFIX: ClassVar[str] = "st"

    text: str
    on: dt.date
    id: str = ""
    member_id: str | None = None
    cycle: ValueCycle = ValueCycle.IMMEDIATE
    #: Whether the member it is about (or who told it) agreed to share it beyond the
    #: community: only then may it reach the sponsor report. A story from before consent was
    #: recorded has none.
    consent: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", check_text(self.text, "a story", multiline=True))
        object.__setattr__(self, "cycle", ValueCycle(self.cycle))


@dataclass(frozen=True)
class SurveyResponse(Record):
    """One anonymous answer to one agreement statement (1 strongly disagree .. 5 strongly agree).

    ``respondent`` is an anonymous token chosen by whoever ran the survey, never a member id.
    """

    TABLE: ClassVar[str] = "survey"
    ID_PREFIX: ClassVar[str] = "sv"

    respondent: str
    principle: str
    statement: str
    score: int
    on: dt.date
    id: str = ""
    #: An optional free-text answer: for the gardener's eyes, never the sponsor's.
    comment: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "comment",
            check_text(self.comment, "a comment", required=False, limit=2000, multiline=True),
        )
        if not 1 <= self.score <= 5:
            raise InputError(f"a score runs from 1 to 5, not {self.score}")


@dataclass(frozen=True)
class SponsorUpdate(Record):
    """A report sent to the sponsor (principle 9: the sponsor is kept informed)."""

    TABLE: ClassVar[str] = "sponsor_updates"
    ID_PREFIX: ClassVar[str] = "su"

    on: dt.date
    id: str = ""
    note: str = ""


@dataclass(frozen=True)
class ConversationAuthor(Record):
    """Someone who wrote on a platform, as the platform names them: never what they wrote.

    Kept under the platform's identity (a Slack user id, a Graph user id, an email address) so
    an author no member matches yet can be matched later (an alias, a new member) without
    importing again; ``copkit.conversations.store`` resolves authors to members when read.
    """

    TABLE: ClassVar[str] = "conversation_authors"
    ID_PREFIX: ClassVar[str] = "ca"

    platform: str
    key: str
    id: str = ""
    name: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "platform", check_text(self.platform, "a platform", limit=20))
        object.__setattr__(self, "key", check_text(self.key, "an author's identity", limit=300))
        object.__setattr__(
            self, "name", check_text(self.name, "an author's name", required=False, limit=200)
        )
        if self.email:
            object.__setattr__(self, "email", check_email(self.email))


#: One month's tallies: space-separated days "DAY:ENTRY,ENTRY", an entry being an author
#: number in base 36 and P, R, X (posts, replies, reactions), each with its count unless 1.
_ENTRY = r"[0-9a-z]+(?=[PRX])(?:P\d*)?(?:R\d*)?(?:X\d*)?"
_TALLY = rf"\d{{1,2}}:{_ENTRY}(?:,{_ENTRY})*"
#: One month's threads: space-separated "KEY.DAY.STARTER.REPLIER[+DAYS],...", numbers in base 36.
_REPLIER = r"[0-9a-z]+(?:\+[0-9a-z]+)?"
_THREAD = rf"[A-Za-z0-9_-]{{1,16}}\.\d{{1,2}}\.[0-9a-z]*\.(?:{_REPLIER}(?:,{_REPLIER})*)?"


#: The characters a packed tally or thread string may hold at all.
_PACKED_CHARS = re.compile(r"[0-9A-Za-z:,.+_ -]*")


def _check_packed(value: str, pattern: str, what: str) -> str:
    """Checked in full when new (an import builds it); a string read back from the file is only
    checked for its alphabet, because a two-year history is megabytes of these and every
    ``health`` reads them (the readers skip a group they cannot parse rather than crash)."""
    if not isinstance(value, str):
        raise InputError(f"{what} are not in copkit's packed form")
    if _ALREADY_STORED.get()(value):
        full = _PACKED_CHARS.fullmatch(value)
    else:
        full = re.fullmatch(rf"(?:{pattern}(?: {pattern})*)?", value)
    if not full:
        raise InputError(f"{what} are not in copkit's packed form")
    return value


def _check_month(value: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise InputError(f"{value!r} is not a month (YYYY-MM)")
    return value


@dataclass(frozen=True)
class ConversationMonth(Record):
    """How often each author posted, replied and reacted in one space, day by day, for a month.

    Packed (see ``copkit.conversations.store``) so the file grows by a few bytes per message;
    counts only, never a message, a subject or an attachment.
    """

    TABLE: ClassVar[str] = "conversation_months"
    ID_PREFIX: ClassVar[str] = "cm"

    space_id: str
    month: str
    tallies: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        _check_month(self.month)
        _check_packed(self.tallies, _TALLY, "a month's conversation counts")


@dataclass(frozen=True)
class ConversationThreads(Record):
    """The threads started in one space in a month that had replies: who started each, who
    replied and when first. A thread key is a short hash of the platform's id for it."""

    TABLE: ClassVar[str] = "conversation_threads"
    ID_PREFIX: ClassVar[str] = "ct"

    space_id: str
    month: str
    threads: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        _check_month(self.month)
        _check_packed(self.threads, _THREAD, "a month's conversation threads")


_NESTED: dict[str, type] = {
    "Activity": Activity,
    "Topic": Topic,
    "Role": Role,
    "Gardener": Gardener,
    "Tuning": Tuning,
}

RECORD_TYPES: tuple[type[Record], ...] = (
    Member,
    Space,
    Rhythm,
    Meeting,
    SentInvite,
    Rsvp,
    MeetingPlan,
    Story,
    SurveyResponse,
    SponsorUpdate,
    ConversationAuthor,
    ConversationMonth,
    ConversationThreads,
)
