"""The values records hold inside them, never stored alone: a community's gardeners and
tunings, a meeting's activities, topics and roles.

They validate themselves like records but have no table or id; :mod:`copkit.model.base`
decodes them by name (``_NESTED``) when a record that holds them is read back, which is why
they live below the record kinds rather than beside them.
"""

from __future__ import annotations

import re
from typing import Protocol

import msgspec
from msgspec.structs import force_setattr

from copkit.errors import InputError
from copkit.model.enums import ActivityKind
from copkit.model.text import check_email, check_text, unique_texts


class Person(Protocol):
    """Anyone with a name and an email: a member, as a gardener is compared with one (named
    by its shape, so these parts stay below the record kinds that hold them)."""

    @property
    def name(self) -> str: ...

    @property
    def email(self) -> str: ...


class Gardener(msgspec.Struct, frozen=True):
    """One person who tends the community. A community may have several (after its mapping,
    Social Care Wales hired four community managers): the first is the lead, whose email
    organises invites."""

    name: str
    email: str = ""

    def __post_init__(self) -> None:
        name = check_text(self.name, "the gardener", required=bool(not self.email), limit=200)
        force_setattr(self, "name", name)
        if self.email:
            force_setattr(self, "email", check_email(self.email))

    @property
    def label(self) -> str:
        """How members see this gardener: the name, else the email."""
        return self.name or self.email

    def is_member(self, member: Person) -> bool:
        """Whether this gardener is that member: by email, else (a gardener named without an
        email) by the same name in any case."""
        if self.email:
            return self.email == member.email
        return self.name.casefold() == member.name.casefold()


class Tuning(msgspec.Struct, frozen=True):
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


def tuning_name(text: str) -> str:
    """A threshold's name as a gardener may type it (any case, words joined by - or _), in the
    form copkit stores and looks it up by: ``roles-shift`` -> ``ROLES_SHIFT``."""
    return text.strip().upper().replace("-", "_")


class Activity(msgspec.Struct, frozen=True):
    kind: ActivityKind
    label: str

    def __post_init__(self) -> None:
        force_setattr(self, "kind", ActivityKind(self.kind))
        force_setattr(self, "label", check_text(self.label, "an activity's label", limit=200))


class Topic(msgspec.Struct, frozen=True):
    """An agenda item. ``by_member`` survives erasure of who proposed it, so the share of
    member-proposed topics (principle 1) stays right after a member is forgotten."""

    text: str
    proposed_by: str | None = None
    by_member: bool = False
    #: What the topic is about, given when it is recorded: the domain's themes or members'
    #: interests (principle 5 reads these rather than the topic's words).
    themes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        force_setattr(self, "text", check_text(self.text, "a topic", limit=500))
        force_setattr(self, "themes", unique_texts(self.themes, "a theme"))


#: The roles a meeting can record, as the CLI names them, and how a person says each.
MEETING_ROLES: dict[str, str] = {
    "chair": "chairing",
    "host": "hosting",
    "welcome": "welcoming newcomers",
    "notes": "taking notes",
}


class Role(msgspec.Struct, frozen=True):
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
