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
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from copkit.conversations.events import AuthorInfo, Event, Export, ExportError, Kind


def looks_like_graph(data: Any) -> bool:
    """A Graph page (``value`` list) or a list of objects shaped like chatMessage."""
    items = _items(data)
    first = next(items, None)
    return isinstance(first, dict) and "createdDateTime" in first and "messageType" in first


def _items(data: Any) -> Iterator[Any]:
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        yield from data["value"]
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and isinstance(item.get("value"), list):
                yield from item["value"]
            else:
                yield item


def _day(stamp: Any, zone: ZoneInfo) -> dt.date:
    if not isinstance(stamp, str):
        raise ValueError(f"createdDateTime is {stamp!r}, not a timestamp")
    moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date()


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
            export.events.append(Event(channel, author, day, Kind.REPLY, f"{channel}/{root}"))
        else:
            own = f"{channel}/{message['id']}"
            export.events.append(Event(channel, author, day, Kind.POST, own, day))
    for reaction in message.get("reactions") or ():
        reactor = _person(reaction.get("user"))
        if reactor is not None:
            when = reaction.get("createdDateTime") or message["createdDateTime"]
            export.events.append(
                Event(channel, _author(export, reactor), _day(when, zone), Kind.REACTION)
            )
    for reply in message.get("replies") or ():
        if isinstance(reply, dict) and not reply.get("replyToId"):
            reply = reply | {"replyToId": message["id"]}
        _message(export, reply, zone)


def read_teams(path: Path, zone: ZoneInfo, data: Any | None = None) -> Export:
    """Read one saved Graph response; raise ExportError naming the message at fault."""
    if data is None:
        try:
            data = json.loads(path.read_bytes())
        except (ValueError, UnicodeDecodeError) as exc:
            raise ExportError(path, "", f"is not JSON ({exc})") from None
    if not looks_like_graph(data):
        raise ExportError(path, "", "is not a list of Microsoft Graph chatMessage objects")
    export = Export("teams")
    for index, message in enumerate(_items(data), start=1):
        try:
            _message(export, message, zone)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            problem = f"is not a chatMessage ({type(exc).__name__}: {exc})"
            raise ExportError(path, f"message {index}", problem) from None
    return export
