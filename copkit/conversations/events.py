"""What every reader produces: activity without content.

A reader turns one export into an :class:`Export`: a list of :class:`Event` (author, day,
channel, kind, thread) and the authors as the platform names them. Text, subjects and
attachments are never read into these structures, so nothing downstream can store them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

import msgspec

from copkit.errors import InputError


class Kind(StrEnum):
    """Creating, responding, reacting: the 1 / 9 / 90 shape is read from these."""

    POST = "post"
    REPLY = "reply"
    REACTION = "reaction"


class Event(NamedTuple):
    """One message or reaction, reduced to what the readings need.

    ``thread`` is the platform's id of the thread's first message (for a post, its own id), so
    replies in this export and in later ones find the same thread; ``None`` for a reaction.
    ``thread_day`` is the day that first message was written, when the export says so even
    without holding it (Slack's ``thread_ts``).
    """

    channel: str
    author: str
    day: dt.date
    kind: Kind
    thread: str | None = None
    thread_day: dt.date | None = None


class AuthorInfo(msgspec.Struct, frozen=True):
    """An author as the platform names them (``key`` is the platform's stable id)."""

    key: str
    name: str = ""
    email: str = ""


class Export(msgspec.Struct):
    """One export, read whole before anything is stored.

    ``channels`` maps each channel the export holds to whether it is private; ``skipped``
    counts what was left out on purpose (bots, joins, deleted messages), by reason.
    """

    platform: str
    events: list[Event] = msgspec.field(default_factory=list)
    authors: dict[str, AuthorInfo] = msgspec.field(default_factory=dict)
    channels: dict[str, bool] = msgspec.field(default_factory=dict)
    skipped: dict[str, int] = msgspec.field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def extend(self, other: Export) -> None:
        """Add a second file of the same platform (pages of one Graph listing)."""
        self.events.extend(other.events)
        for key, info in other.authors.items():
            self.authors.setdefault(key, info)
        for channel, private in other.channels.items():
            self.channels[channel] = self.channels.get(channel, False) or private
        for reason, count in other.skipped.items():
            self.skipped[reason] = self.skipped.get(reason, 0) + count


class ExportError(InputError):
    """An export copkit cannot read: one line naming the file and the entry at fault."""

    def __init__(self, path: Path | str, entry: str, problem: str) -> None:
        where = f"{path}: {entry}: " if entry else f"{path}: "
        super().__init__(f"{where}{problem}; nothing was imported")
