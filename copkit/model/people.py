"""The members of a community: personal data, erased by ``records.forget_member``.

Apart from the community's other records because what it holds about a person (name, email,
organisation, aliases) is what privacy and erasure are about.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import msgspec
from msgspec.structs import force_setattr

from copkit.errors import InputError
from copkit.model.base import Record
from copkit.model.enums import Level
from copkit.model.text import check_email, check_text, unique_texts


class Member(Record, frozen=True):
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
    joined: dt.date = msgspec.field(default_factory=dt.date.today)
    left: dt.date | None = None
    #: Other names this person writes under on the platforms the community uses (a Slack user
    #: id, a display name): how conversation authors are matched (see copkit.conversations).
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        force_setattr(self, "name", check_text(self.name, "a member's name", limit=200))
        force_setattr(self, "email", check_email(self.email))
        force_setattr(self, "aliases", unique_texts(self.aliases, "an alias"))
        force_setattr(self, "org", check_text(self.org, "the organisation", required=False))
        force_setattr(self, "role", check_text(self.role, "the role", required=False))
        force_setattr(self, "level", Level(self.level))
        force_setattr(self, "interests", unique_texts(self.interests, "an interest"))
        if self.left is not None and self.left < self.joined:
            raise InputError(
                f"{self.name} cannot leave ({self.left}) before joining ({self.joined})"
            )

    def left_by(self, on: dt.date) -> bool:
        """Whether the member had left by ``on``: one who leaves on a day is gone that day.

        The one rule for it: who is invited, who may host a planned meeting, whose answer
        counts for a meeting, and who is current (:meth:`is_current`) all ask here.
        """
        return self.left is not None and self.left <= on

    def is_current(self, on: dt.date | None = None) -> bool:
        """A member on a given day: joined by then and not yet left."""
        on = on or dt.date.today()
        return self.joined <= on and not self.left_by(on)
