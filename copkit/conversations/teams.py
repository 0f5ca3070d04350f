"""Microsoft Teams channel messages as Microsoft Graph returns them, saved as JSON.

``GET /teams/{team}/channels/{channel}/messages`` (optionally ``?$expand=replies``) and
``.../messages/{id}/replies`` answer with ``{"value": [chatMessage, ...]}``; a file may hold one
such page, a list of pages, or a plain list of chatMessage objects. A chatMessage counts when
``messageType`` is ``message``, it was not deleted (``deletedDateTime``), and ``from.user`` is a
person (``from.application`` is a bot or connector). ``replyToId`` names the thread's first
message; replies expanded under ``replies`` are read too. Reactions carry their own
``createdDateTime`` and ``user.user``. The channel is ``channelIdentity.channelId``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from copkit.conversations.events import (
    POSTS,
    REACTIONS,
    REPLIES,
    AuthorInfo,
    Export,
    ExportError,
)
from copkit.conversations.jsonbatches import json_batches
from copkit.conversations.limits import OutOfRange, day_in_range, first_json_item, json_events

_GRAPH = "Microsoft Graph chatMessage objects (a page of them, or a list)"
_NOT_GRAPH = "is not a list of Microsoft Graph chatMessage objects"


def _prefix(path: Path) -> str:
    """Where the chatMessages are, in ijson's words: ``value.item`` (one page), ``item.value.item``
    (a list of pages) or ``item`` (a list of messages), read from the start of the file."""
    with path.open("rb") as stream:
        for prefix, event, value in json_events(path, stream):
            if prefix == "":
                if event == "start_map":
                    return "value.item"
                if event != "start_array":
                    break
            elif prefix == "item":
                if event == "map_key" and not value.startswith("@odata"):
                    return "item.value.item" if value == "value" else "item"
                if event not in ("map_key", "start_map"):
                    break
    return "item"


def looks_like_graph(path: Path) -> bool:
    """A Graph page (``value`` list), a list of them, or a list of objects shaped like
    chatMessage: the first message is read, no more."""
    with path.open("rb") as stream:
        first = first_json_item(path, stream, _prefix(path))
    return isinstance(first, dict) and "createdDateTime" in first and "messageType" in first


class _User(msgspec.Struct, gc=False):
    id: Any = None
    displayName: Any = None  # noqa: N815 (Graph's names)


class _Identity(msgspec.Struct, gc=False):
    """``from``, or a reaction's ``user``: a person's ``user`` (an app's is passed over)."""

    user: _User | None = None


class _Reaction(msgspec.Struct, gc=False):
    user: _Identity | None = None
    createdDateTime: Any = None  # noqa: N815


class _Channel(msgspec.Struct, gc=False):
    channelId: Any = None  # noqa: N815


class _Message(msgspec.Struct, gc=False):
    """What is read of a chatMessage shaped as Graph shapes it; every other field (the body,
    mentions, attachments, history) is passed over unread by msgspec, and no dict is built.
    A batch holding a message of any other shape is read as :class:`_Loose`. A field the
    file leaves out is UNSET, as a dict would not hold it."""

    id: Any = msgspec.UNSET
    replyToId: Any = None  # noqa: N815
    messageType: Any = msgspec.UNSET  # noqa: N815
    createdDateTime: Any = msgspec.UNSET  # noqa: N815
    deletedDateTime: Any = None  # noqa: N815
    sender: _Identity | None = msgspec.field(default=None, name="from")
    channelIdentity: _Channel | None = None  # noqa: N815
    reactions: list[_Reaction] | None = None
    replies: Any = None


class _Loose(msgspec.Struct, gc=False):
    """The same fields as they are, for a message :class:`_Message` does not take; each is
    checked when counted."""

    id: Any = msgspec.UNSET
    replyToId: Any = None  # noqa: N815
    messageType: Any = msgspec.UNSET  # noqa: N815
    createdDateTime: Any = msgspec.UNSET  # noqa: N815
    deletedDateTime: Any = None  # noqa: N815
    sender: Any = msgspec.field(default=None, name="from")
    channelIdentity: Any = None  # noqa: N815
    reactions: Any = None
    replies: Any = None


#: A batch of chatMessages (see copkit.conversations.jsonbatches).
_BATCH = msgspec.json.Decoder(list[_Message])


def _as_message(item: Any) -> _Message | _Loose:
    if isinstance(item, _Message):
        return item
    if not isinstance(item, dict):
        raise TypeError("not an object")
    return msgspec.convert(item, _Loose)


def _day(stamp: Any, zone: ZoneInfo) -> dt.date:
    if not isinstance(stamp, str):
        raise ValueError(f"createdDateTime is {stamp!r}, not a timestamp")
    return day_in_range(dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")), zone)


def _person(identity: Any) -> tuple[str, Any] | None:
    """``from`` / a reaction's ``user``: the user's id and name, or None for an app or
    nobody."""
    if isinstance(identity, _Identity):
        found = identity.user
        if found is None or not isinstance(found.id, str):
            return None
        return found.id, found.displayName
    if not isinstance(identity, dict):
        return None
    user = identity.get("user")
    if not (isinstance(user, dict) and isinstance(user.get("id"), str)):
        return None
    return user["id"], user.get("displayName")


def _author(export: Export, person: tuple[str, Any]) -> str:
    key, name = person
    if key not in export.authors:
        export.authors[key] = AuthorInfo(key, name.strip() if isinstance(name, str) else "")
    return key


def _channel(identity: Any) -> str:
    if isinstance(identity, _Channel):
        channel = identity.channelId
    else:
        channel = identity.get("channelId") if isinstance(identity, dict) else None
    return channel if isinstance(channel, str) and channel else "channel"


def _reaction(reaction: Any) -> tuple[tuple[str, Any] | None, Any]:
    """Who reacted, and when (None when the reaction does not say)."""
    if isinstance(reaction, _Reaction):
        return _person(reaction.user), reaction.createdDateTime
    return _person(reaction.get("user")), reaction.get("createdDateTime")


def _message(export: Export, item: Any, zone: ZoneInfo) -> None:
    message = _as_message(item)
    if message.messageType != "message":
        export.skip("not a message")
        return
    if message.deletedDateTime:
        export.skip("deleted")
        return
    channel = _channel(message.channelIdentity)
    export.channels.setdefault(channel, False)
    user = _person(message.sender)
    created = message.createdDateTime
    if created is msgspec.UNSET:
        raise KeyError("createdDateTime")
    day = _day(created, zone)
    if not isinstance(message.id, str):
        raise ValueError("the message has no id")
    if user is None:
        export.skip("bot")
    else:
        author = _author(export, user)
        root = message.replyToId
        if root:
            export.count(channel, author, day, REPLIES, f"{channel}/{root}")
        else:
            own = f"{channel}/{message.id}"
            export.count(channel, author, day, POSTS, own, day)
    for reaction in message.reactions or ():
        reactor, when = _reaction(reaction)
        if reactor is not None:
            day = _day(when or created, zone)
            export.count(channel, _author(export, reactor), day, REACTIONS)
    for reply in message.replies or ():
        if isinstance(reply, dict) and not reply.get("replyToId"):
            reply = reply | {"replyToId": message.id}
        _message(export, reply, zone)


def read_teams(path: Path, zone: ZoneInfo) -> Export:
    """Read one saved Graph response as a stream, in batches (see
    :mod:`copkit.conversations.jsonbatches`); raise ExportError naming the message at fault."""
    prefix = _prefix(path)
    export = Export("teams")
    done = 0
    for messages in json_batches(path, "", lambda: path.open("rb"), prefix, _GRAPH, _BATCH):
        for index, message in enumerate(messages, start=done + 1):
            _one(path, export, index, message, zone)
        done += len(messages)
    if not export.channels and not export.skipped:
        raise ExportError(path, "", _NOT_GRAPH)
    return export


def _one(path: Path, export: Export, index: int, message: Any, zone: ZoneInfo) -> None:
    """One chatMessage, the ``index``-th; the first must look like one."""
    if index == 1 and not _looks_like_message(message):
        raise ExportError(path, "", _NOT_GRAPH)
    try:
        _message(export, message, zone)
    except OutOfRange as exc:
        raise ExportError(path, f"message {index}", str(exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        problem = f"is not a chatMessage ({type(exc).__name__}: {exc})"
        raise ExportError(path, f"message {index}", problem) from None


def _looks_like_message(message: Any) -> bool:
    if isinstance(message, (_Message, _Loose)):
        unset = msgspec.UNSET
        return message.createdDateTime is not unset and message.messageType is not unset
    return isinstance(message, dict) and "createdDateTime" in message and "messageType" in message
