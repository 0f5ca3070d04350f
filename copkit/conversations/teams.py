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


class _Message(msgspec.Struct, gc=False):
    """What is read of a chatMessage; every other field (the body, mentions, attachments,
    history) is passed over unread by msgspec. Each is checked when counted; a field the
    file leaves out is UNSET, as a dict would not hold it."""

    id: Any = msgspec.UNSET
    replyToId: Any = None  # noqa: N815 (Graph's names)
    messageType: Any = msgspec.UNSET  # noqa: N815
    createdDateTime: Any = msgspec.UNSET  # noqa: N815
    deletedDateTime: Any = None  # noqa: N815
    sender: Any = msgspec.field(default=None, name="from")
    channelIdentity: Any = None  # noqa: N815
    reactions: Any = None
    replies: Any = None


#: A batch of chatMessages (see copkit.conversations.jsonbatches).
_BATCH = msgspec.json.Decoder(list[_Message])


def _as_message(item: Any) -> _Message:
    if isinstance(item, _Message):
        return item
    if not isinstance(item, dict):
        raise TypeError("not an object")
    return msgspec.convert(item, _Message)


def _day(stamp: Any, zone: ZoneInfo) -> dt.date:
    if not isinstance(stamp, str):
        raise ValueError(f"createdDateTime is {stamp!r}, not a timestamp")
    return day_in_range(dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")), zone)


def _person(identity: Any) -> dict[str, Any] | None:
    """``from`` / a reaction's ``user``: the user part, or None for an app or nobody."""
    if not isinstance(identity, dict):
        return None
    user = identity.get("user")
    return user if isinstance(user, dict) and isinstance(user.get("id"), str) else None


def _author(export: Export, user: dict[str, Any]) -> str:
    key: str = user["id"]
    if key not in export.authors:
        name = user.get("displayName")
        export.authors[key] = AuthorInfo(key, name.strip() if isinstance(name, str) else "")
    return key


def _message(export: Export, item: Any, zone: ZoneInfo) -> None:
    message = _as_message(item)
    if message.messageType != "message":
        export.skip("not a message")
        return
    if message.deletedDateTime:
        export.skip("deleted")
        return
    identity = message.channelIdentity
    channel = identity.get("channelId") if isinstance(identity, dict) else None
    channel = channel if isinstance(channel, str) and channel else "channel"
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
        reactor = _person(reaction.get("user"))
        if reactor is not None:
            when = reaction.get("createdDateTime") or created
            export.count(channel, _author(export, reactor), _day(when, zone), REACTIONS)
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
    if isinstance(message, _Message):
        unset = msgspec.UNSET
        return message.createdDateTime is not unset and message.messageType is not unset
    return isinstance(message, dict) and "createdDateTime" in message and "messageType" in message
