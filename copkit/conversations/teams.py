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

from copkit.conversations.events import AuthorInfo, Event, Export, ExportError, Kind
from copkit.conversations.limits import (
    OutOfRange,
    day_in_range,
    first_json_item,
    json_events,
    json_items,
)

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


def _message(export: Export, message: Any, zone: ZoneInfo) -> None:
    if not isinstance(message, dict):
        raise TypeError("not an object")
    if message.get("messageType") != "message":
        export.skip("not a message")
        return
    if message.get("deletedDateTime"):
        export.skip("deleted")
        return
    identity = message.get("channelIdentity")
    channel = identity.get("channelId") if isinstance(identity, dict) else None
    channel = channel if isinstance(channel, str) and channel else "channel"
    export.channels.setdefault(channel, False)
    user = _person(message.get("from"))
    day = _day(message["createdDateTime"], zone)
    if not isinstance(message.get("id"), str):
        raise ValueError("the message has no id")
    if user is None:
        export.skip("bot")
    else:
        author = _author(export, user)
        root = message.get("replyToId")
        if root:
            export.add(Event(channel, author, day, Kind.REPLY, f"{channel}/{root}"))
        else:
            own = f"{channel}/{message['id']}"
            export.add(Event(channel, author, day, Kind.POST, own, day))
    for reaction in message.get("reactions") or ():
        reactor = _person(reaction.get("user"))
        if reactor is not None:
            when = reaction.get("createdDateTime") or message["createdDateTime"]
            export.add(Event(channel, _author(export, reactor), _day(when, zone), Kind.REACTION))
    for reply in message.get("replies") or ():
        if isinstance(reply, dict) and not reply.get("replyToId"):
            reply = reply | {"replyToId": message["id"]}
        _message(export, reply, zone)


def read_teams(path: Path, zone: ZoneInfo) -> Export:
    """Read one saved Graph response as a stream; raise ExportError naming the message at
    fault (see :func:`copkit.conversations.limits.json_items`)."""
    prefix = _prefix(path)
    messages = json_items(path, "", lambda: path.open("rb"), prefix, _GRAPH)
    export = Export("teams")
    for index, message in enumerate(messages, start=1):
        if index == 1 and not (
            isinstance(message, dict) and "createdDateTime" in message and "messageType" in message
        ):
            raise ExportError(path, "", _NOT_GRAPH)
        try:
            _message(export, message, zone)
        except OutOfRange as exc:
            raise ExportError(path, f"message {index}", str(exc)) from None
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            problem = f"is not a chatMessage ({type(exc).__name__}: {exc})"
            raise ExportError(path, f"message {index}", problem) from None
    if not export.channels and not export.skipped:
        raise ExportError(path, "", _NOT_GRAPH)
    return export
