"""Slack's workspace export: a zip of ``users.json``, ``channels.json`` (public channels),
``groups.json`` (private channels, in exports that include them), and one folder per channel
holding one JSON file per day, each a list of message objects.

A message counts when it is a person's message: ``subtype`` absent, or one of
:data:`COUNTED_SUBTYPES`; bots (``bot_id``, ``subtype: bot_message``, or a user marked
``is_bot``), joins, leaves, topic changes and every other subtype are left out. A message whose
``thread_ts`` differs from its ``ts`` is a reply in that thread; reactions come from each
message's ``reactions[].users``, on the message's day. Direct messages (``dms.json``,
``mpims.json``) are never read: they are not the community's space.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from copkit.conversations.events import AuthorInfo, Event, Export, ExportError, Kind

#: Subtypes that are still a person writing: a reply also sent to the channel, a message
#: with a file (the file itself is never read), a /me message.
COUNTED_SUBTYPES = frozenset({"thread_broadcast", "file_share", "me_message"})

#: The workspace files at the top of the zip, not channel folders.
_TOP_FILES = ("users.json", "channels.json", "groups.json", "dms.json", "mpims.json")


def is_slack_zip(path: Path) -> bool:
    """A zip holding ``users.json`` and ``channels.json`` (at the top, or in one folder)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {PurePosixPath(n).name for n in archive.namelist()}
    except (zipfile.BadZipFile, OSError):
        return False
    return {"users.json", "channels.json"} <= names


def _day(ts: Any, zone: ZoneInfo) -> dt.date:
    moment = dt.datetime.fromtimestamp(float(ts), dt.UTC)
    return moment.astimezone(zone).date()


class _Reader:
    """One pass over the archive; every problem raises ExportError naming the entry."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, zone: ZoneInfo) -> None:
        self.path = path
        self.archive = archive
        self.zone = zone
        self.export = Export("slack")
        names = archive.namelist()
        tops = [n for n in names if PurePosixPath(n).name == "users.json"]
        self.root = str(PurePosixPath(min(tops, key=len)).parent) if tops else "."
        self.root = "" if self.root == "." else self.root + "/"
        self.bots: set[str] = set()

    def load(self, name: str, *, required: bool) -> Any:
        entry = self.root + name
        try:
            raw = self.archive.read(entry)
        except KeyError:
            if required:
                raise ExportError(self.path, name, "missing from the Slack export") from None
            return None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ExportError(self.path, entry, f"cannot be read ({exc})") from None
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ExportError(self.path, entry, f"is not JSON ({exc})") from None

    def users(self) -> None:
        users = self.load("users.json", required=True)
        if not isinstance(users, list):
            raise ExportError(self.path, "users.json", "should be a list of users")
        for index, user in enumerate(users, start=1):
            if not isinstance(user, dict) or not isinstance(user.get("id"), str):
                raise ExportError(self.path, f"users.json user {index}", "has no id")
            found = user.get("profile")
            profile: dict[str, Any] = found if isinstance(found, dict) else {}
            if user.get("is_bot") or user.get("id") == "USLACKBOT":
                self.bots.add(user["id"])
                continue
            name = _text(profile.get("display_name")) or _text(profile.get("real_name"))
            name = name or _text(user.get("real_name")) or _text(user.get("name"))
            self.export.authors[user["id"]] = AuthorInfo(
                user["id"], name, _text(profile.get("email"))
            )

    def channels(self) -> dict[str, str]:
        """Folder name -> channel name, with privacy noted in the export."""
        folders: dict[str, str] = {}
        for listing, private in (("channels.json", False), ("groups.json", True)):
            found = self.load(listing, required=listing == "channels.json")
            if found is None:
                continue
            if not isinstance(found, list):
                raise ExportError(self.path, listing, "should be a list of channels")
            for index, channel in enumerate(found, start=1):
                if not isinstance(channel, dict) or not isinstance(channel.get("name"), str):
                    raise ExportError(self.path, f"{listing} channel {index}", "has no name")
                name = channel["name"]
                self.export.channels[name] = private or bool(channel.get("is_private"))
                folders[name] = name
        return folders

    def day_files(self, folders: dict[str, str]) -> Iterator[tuple[str, str]]:
        for entry in sorted(self.archive.namelist()):
            if not entry.startswith(self.root) or not entry.endswith(".json"):
                continue
            parts = PurePosixPath(entry[len(self.root) :]).parts
            if len(parts) == 2 and parts[0] in folders:
                yield folders[parts[0]], entry

    def messages(self, channel: str, entry: str) -> None:
        try:
            raw = self.archive.read(entry)
            messages = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ExportError(self.path, entry, f"is not JSON ({exc})") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ExportError(self.path, entry, f"cannot be read ({exc})") from None
        if not isinstance(messages, list):
            raise ExportError(self.path, entry, "should be a list of messages")
        for index, message in enumerate(messages, start=1):
            try:
                self.message(channel, message)
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as exc:
                problem = f"is not a Slack message ({type(exc).__name__}: {exc})"
                raise ExportError(self.path, f"{entry} message {index}", problem) from None

    def message(self, channel: str, message: dict[str, Any]) -> None:
        export = self.export
        if message.get("type", "message") != "message":
            export.skip("not a message")
            return
        subtype = message.get("subtype")
        user = message.get("user")
        if message.get("bot_id") or subtype == "bot_message" or user in self.bots:
            export.skip("bot")
            return
        if subtype is not None and subtype not in COUNTED_SUBTYPES:
            export.skip(str(subtype))
            return
        ts = message["ts"]
        day = _day(ts, self.zone)
        if not isinstance(user, str) or not user:
            raise ValueError("the message has no user")
        if user not in export.authors:
            profile = message.get("user_profile")
            name = ""
            if isinstance(profile, dict):
                name = _text(profile.get("display_name")) or _text(profile.get("real_name"))
            export.authors[user] = AuthorInfo(user, name)
        thread_ts = message.get("thread_ts")
        if thread_ts is not None and str(thread_ts) != str(ts):
            root = f"{channel}/{thread_ts}"
            export.events.append(
                Event(channel, user, day, Kind.REPLY, root, _day(thread_ts, self.zone))
            )
        else:
            export.events.append(Event(channel, user, day, Kind.POST, f"{channel}/{ts}", day))
        for reaction in message.get("reactions") or ():
            for reactor in reaction.get("users") or ():
                if reactor in self.bots:
                    continue
                export.authors.setdefault(reactor, AuthorInfo(reactor))
                export.events.append(Event(channel, reactor, day, Kind.REACTION))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_slack(path: Path, zone: ZoneInfo) -> Export:
    """Read a Slack export zip whole; raise ExportError on the first entry at fault."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportError(path, "", f"is not a readable zip ({exc})") from None
    with archive:
        reader = _Reader(path, archive, zone)
        reader.users()
        folders = reader.channels()
        for channel, entry in reader.day_files(folders):
            reader.messages(channel, entry)
        return reader.export
