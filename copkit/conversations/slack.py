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
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from copkit.conversations.events import AuthorInfo, Event, Export, ExportError, Kind
from copkit.conversations.limits import OutOfRange, check_member, day_in_range, json_items

#: Subtypes that are still a person writing: a reply also sent to the channel, a message
#: with a file (the file itself is never read), a /me message.
COUNTED_SUBTYPES = frozenset({"thread_broadcast", "file_share", "me_message"})

_BOM = b"\xef\xbb\xbf"
#: The workspace files at the top of the zip, not channel folders.
_TOP_FILES = ("users.json", "channels.json", "groups.json", "dms.json", "mpims.json")


class _Message(msgspec.Struct, gc=False):
    """What is read of a message in a day's file; every other field (the text, files, blocks)
    is passed over unread by msgspec, and these are checked when counted."""

    type: Any = "message"
    subtype: Any = None
    user: Any = None
    bot_id: Any = None
    ts: Any = None
    thread_ts: Any = None
    user_profile: Any = None
    reactions: Any = None


#: A day's file, read whole (check_member bounds its size first): msgspec reads only the
#: fields above, 3 to 5 times faster than ijson builds the whole message, and refuses JSON
#: nested past the interpreter's recursion limit (about 1,000 levels) with RecursionError.
_DAY = msgspec.json.Decoder(list[_Message])


def is_slack_zip(path: Path) -> bool:
    """A zip holding ``users.json`` and ``channels.json`` (at the top, or in one folder)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {PurePosixPath(n).name for n in archive.namelist()}
    except (zipfile.BadZipFile, OSError):
        return False
    return {"users.json", "channels.json"} <= names


#: Seconds since 1970 that Python's calendar can hold (years 1 to 9999), to read a ``ts``.
_TS_RANGE = (-62135596800.0, 253402300799.0)


def _day(ts: Any, zone: ZoneInfo) -> dt.date:
    seconds = float(ts)
    if not _TS_RANGE[0] <= seconds <= _TS_RANGE[1]:
        raise ValueError(f"ts {ts!r} is not a moment between the years 1 and 9999")
    return day_in_range(dt.datetime.fromtimestamp(seconds, dt.UTC), zone)


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

    def items(self, entry: str, what: str) -> Iterator[Any]:
        """The items of the JSON list ``entry``, read as a stream (see limits.json_items),
        once its declared sizes are those of a real export's file (limits.check_member)."""
        check_member(self.path, self.archive.getinfo(entry))
        return json_items(self.path, entry, lambda: self.archive.open(entry), "item", what)

    def load(self, name: str, what: str, *, required: bool) -> Iterator[Any]:
        entry = self.root + name
        try:
            self.archive.getinfo(entry)
        except KeyError:
            if required:
                raise ExportError(self.path, name, "missing from the Slack export") from None
            return iter(())
        return self.items(entry, what)

    def users(self) -> None:
        users = self.load("users.json", "a list of users", required=True)
        for index, user in enumerate(users, start=1):
            if not isinstance(user, dict) or not isinstance(user.get("id"), str):
                raise ExportError(self.path, f"users.json user {index}", "has no id")
            found = user.get("profile")
            profile: dict[str, Any] = found if isinstance(found, dict) else {}
            if user.get("is_bot") or user.get("id") == "USLACKBOT":
                self.bots.add(user["id"])
                continue
            # The person's name first: it is what a member record holds, so a gardener can
            # match them ("Grace Lin", not the handle "grace").
            name = _text(profile.get("real_name")) or _text(user.get("real_name"))
            name = name or _text(profile.get("display_name")) or _text(user.get("name"))
            self.export.authors[user["id"]] = AuthorInfo(
                user["id"], name, _text(profile.get("email"))
            )

    def channels(self) -> dict[str, str]:
        """Folder name -> channel name, with privacy noted in the export."""
        folders: dict[str, str] = {}
        for listing, private in (("channels.json", False), ("groups.json", True)):
            found = self.load(listing, "a list of channels", required=listing == "channels.json")
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

    def day(self, entry: str) -> list[_Message]:
        """The messages of one day's file, once its declared sizes are a real export's."""
        check_member(self.path, self.archive.getinfo(entry))
        try:
            raw = self.archive.read(entry)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ExportError(self.path, entry, f"cannot be read ({exc})") from None
        try:
            return _DAY.decode(memoryview(raw)[3:] if raw.startswith(_BOM) else raw)
        except RecursionError:
            raise ExportError(self.path, entry, "is nested too deeply to be an export") from None
        except UnicodeDecodeError as exc:  # msgspec 0.21 lets it through (0.23 says DecodeError)
            problem = f"is not JSON in UTF-8 ({exc.reason})"
            raise ExportError(self.path, entry, problem) from None
        except msgspec.DecodeError as exc:
            problem = f"is not a list of Slack messages ({exc})"
            raise ExportError(self.path, entry, problem) from None

    def messages(self, channel: str, entry: str) -> None:
        for index, message in enumerate(self.day(entry), start=1):
            try:
                self.message(channel, message)
            except OutOfRange as exc:
                raise ExportError(self.path, f"{entry} message {index}", str(exc)) from None
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as exc:
                problem = f"is not a Slack message ({type(exc).__name__}: {exc})"
                raise ExportError(self.path, f"{entry} message {index}", problem) from None

    def message(self, channel: str, message: _Message) -> None:
        export = self.export
        if message.type != "message":
            export.skip("not a message")
            return
        subtype = message.subtype
        user = message.user
        if message.bot_id or subtype == "bot_message" or user in self.bots:
            export.skip("bot")
            return
        if subtype is not None and subtype not in COUNTED_SUBTYPES:
            export.skip(str(subtype))
            return
        ts = message.ts
        if ts is None:
            raise ValueError("the message has no ts")
        day = _day(ts, self.zone)
        if not isinstance(user, str) or not user:
            raise ValueError("the message has no user")
        if user not in export.authors:
            profile = message.user_profile
            name = ""
            if isinstance(profile, dict):
                name = _text(profile.get("real_name")) or _text(profile.get("display_name"))
            export.authors[user] = AuthorInfo(user, name)
        thread_ts = message.thread_ts
        if thread_ts is not None and str(thread_ts) != str(ts):
            root = f"{channel}/{thread_ts}"
            export.add(Event(channel, user, day, Kind.REPLY, root, _day(thread_ts, self.zone)))
        else:
            export.add(Event(channel, user, day, Kind.POST, f"{channel}/{ts}", day))
        for reaction in message.reactions or ():
            for reactor in reaction.get("users") or ():
                if reactor in self.bots:
                    continue
                export.authors.setdefault(reactor, AuthorInfo(reactor))
                export.add(Event(channel, reactor, day, Kind.REACTION))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_slack(path: Path, zone: ZoneInfo) -> Export:
    """Read a Slack export zip, a file at a time; raise ExportError on the first entry at
    fault (a member too large or too compressed is refused before any is read)."""
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
