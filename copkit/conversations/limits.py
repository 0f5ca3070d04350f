"""What an export may be before any of it is read: every file from outside is hostile until it
is checked, so each is bounded in size, depth and time, and refused in one line otherwise.

* A file or a folder, nothing else: a FIFO, a socket or a device (given as an export, or
  found in a Maildir) would block or never end (:func:`check_source`, :func:`check_mail_file`).
* A zip member no larger than :data:`MAX_MEMBER_BYTES` and compressed no more than
  :data:`MAX_RATIO` to one, by the sizes the zip's directory declares, which are also what
  :mod:`zipfile` stops at: a member is refused before a byte of it is inflated
  (:func:`check_member`). Real exports are JSON, which deflates to a fifth or a tenth.
* JSON nested no deeper than :data:`MAX_DEPTH` (a Slack message or a Graph chatMessage is six
  levels deep), checked as it streams by: ijson would build a prefix per level, taking memory
  growing with the square of the depth, and the standard library recurse until it fails
  (:func:`json_items`, :func:`first_json_item`). A Slack day's file, bounded in size, is read
  whole by msgspec, which refuses what is nested past the interpreter's recursion limit.
* A mail's headers no longer than :data:`MAX_HEADER_BYTES`, and a From header no longer than
  :data:`MAX_FROM_CHARS`: reading encoded words takes time growing with the square of a header.
* A day within the years every date option takes (:func:`day_in_range`, the one range of
  :mod:`copkit.schedule.parsing`), before it is moved into the community's zone: 9999-12-31
  at 23:00 at -12:00 is past the last day Python's calendar holds.

JSON is read as a stream, so an export of any length is read in memory that does not grow
with it: a Slack export's lists by ijson (its C backend, yajl), a Teams listing a megabyte at
a time by msgspec (:mod:`copkit.conversations.jsonbatches`, within these same bounds); an
mbox is read a megabyte at a time, a CSV a line at a time.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import ijson

from copkit.conversations.events import ExportError
from copkit.errors import InputError
from copkit.schedule.parsing import FIRST_DAY, LAST_DAY, in_range

#: Deeper than any export copkit reads (Slack's rich-text blocks, Graph's reactions: six).
MAX_DEPTH = 64
#: No Slack file of one channel's day, nor users.json of a large workspace, comes near this.
MAX_MEMBER_BYTES = 256 * 1024 * 1024
#: Deflate makes a real export's JSON five to thirty times smaller; whitespace, a thousand.
MAX_RATIO = 100
#: Below this size a member may compress any amount: it cannot grow into anything large.
RATIO_FROM_BYTES = 1024 * 1024
#: A real mail's headers, Received lines and a long thread's References included.
MAX_HEADER_BYTES = 256 * 1024
#: A real From header is a name and an address: RFC 5322 keeps a line under 998 characters.
MAX_FROM_CHARS = 2000

#: Bytes ijson reads at once when only the start of a file is read.
_HEAD_BUFFER = 1024
_OPEN = frozenset(("start_map", "start_array"))
_CLOSE = frozenset(("end_map", "end_array"))


def check_source(path: Path) -> None:
    """A regular file or a folder; anything else (a FIFO, a socket, a device) is refused
    before it is opened, since opening one may wait forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise ExportError(path, "", f"cannot be read ({exc.strerror or exc})") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ExportError(path, "", "is not a regular file or a folder (a FIFO, device or socket)")


def check_mail_file(path: Path, entry: str, file: Path) -> None:
    """A Maildir's message is a regular file (checked before it is opened)."""
    try:
        mode = os.stat(file).st_mode
    except OSError as exc:
        raise ExportError(path, entry, f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise ExportError(path, entry, "is not a regular file (a FIFO, device or socket)")


def check_member(path: Path, info: zipfile.ZipInfo) -> None:
    """A zip member of a size and compression a real export has, by its declared sizes."""
    size, packed = info.file_size, info.compress_size
    if size > MAX_MEMBER_BYTES:
        raise ExportError(
            path,
            info.filename,
            f"is {size:,} bytes uncompressed, more than any export's file "
            f"({MAX_MEMBER_BYTES:,} bytes at most)",
        )
    if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(packed, 1):
        raise ExportError(
            path,
            info.filename,
            f"is compressed {size // max(packed, 1):,} to one ({size:,} bytes in {packed:,}); "
            f"a real export compresses no more than {MAX_RATIO} to one",
        )


def _check_depth(events: Iterable[tuple[str, Any]]) -> None:
    depth = 0
    for event, _value in events:
        if event in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep
        elif event in _CLOSE:
            depth -= 1


def _bounded(events: Iterable[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
    depth = 0
    for prefix, event, value in events:
        if event in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep
        elif event in _CLOSE:
            depth -= 1
        yield prefix, event, value


def json_items(
    path: Path, entry: str, opener: Callable[[], IO[bytes]], prefix: str, what: str
) -> Iterator[Any]:
    """The values at ``prefix`` (ijson's prefixes: ``item``, ``value.item``) of the JSON that
    ``opener`` opens, one at a time; ``what`` names what the document should be when it is
    not a list (for the prefix ``item``) or an object. The whole document is first read once
    without building anything, so JSON that is damaged or nested deeper than
    :data:`MAX_DEPTH` is refused before any of it counts; the second reading builds one value
    at a time."""
    opening = b"[" if prefix.startswith("item") else b"{"
    try:
        with opener() as stream:
            if _start(stream) != opening:
                raise ExportError(path, entry, f"should be {what}")
            _check_depth(ijson.basic_parse(stream))
        with opener() as stream:
            _start(stream)
            yield from ijson.items(stream, prefix, use_float=True)
    except ijson.JSONError as exc:
        raise ExportError(path, entry, f"is not JSON ({_first_line(exc)})") from None
    except UnicodeDecodeError as exc:  # yajl's, for a string that is not UTF-8
        raise ExportError(path, entry, f"is not JSON in UTF-8 ({exc.reason})") from None
    except _TooDeep:
        raise ExportError(path, entry, f"is nested too deeply (past {MAX_DEPTH} levels)") from None
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ExportError(path, entry, f"cannot be read ({exc})") from None


def _start(stream: IO[bytes]) -> bytes:
    """The first character of the JSON in ``stream`` (after white space), with the stream put
    back at its start, or just past a UTF-8 byte-order mark (which yajl does not skip)."""
    head = stream.read(4096)
    while head.isspace() and (more := stream.read(65536)):
        head = head[-3:] + more  # white space alone: keep reading, never holding it all
    start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    stream.seek(start)
    return head[start:].lstrip()[:1]


def _first_line(exc: Exception) -> str:
    text = exc.args[0] if exc.args else exc
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).strip().splitlines()[0] if str(text).strip() else type(exc).__name__


class _TooDeep(Exception):
    """JSON nested deeper than MAX_DEPTH."""


def json_events(path: Path, stream: IO[bytes]) -> Iterator[tuple[str, str, Any]]:
    """ijson's (prefix, event, value) of the JSON in ``stream``, refused once it is nested
    deeper than :data:`MAX_DEPTH` (or damaged), for reading the start of a file."""
    _start(stream)
    try:  # ijson reads a buffer's events before it gives the first: keep it small, so the
        # nesting it reads past MAX_DEPTH is at most a buffer's worth (prefixes of 2.5 MB)
        yield from _bounded(ijson.parse(stream, buf_size=_HEAD_BUFFER, use_float=True))
    except ijson.JSONError as exc:
        raise ExportError(path, "", f"is not JSON ({_first_line(exc)})") from None
    except UnicodeDecodeError as exc:
        raise ExportError(path, "", f"is not JSON in UTF-8 ({exc.reason})") from None
    except _TooDeep:
        raise ExportError(path, "", f"is nested too deeply (past {MAX_DEPTH} levels)") from None


def first_json_item(path: Path, stream: IO[bytes], prefix: str) -> Any:
    """The first value at ``prefix``, or None; reading stops there (recognising a format)."""
    return next(ijson.items(json_events(path, stream), prefix), None)


class OutOfRange(ValueError):
    """A day outside the years copkit takes; its message names the day and the range."""


def day_in_range(moment: dt.datetime | dt.date, zone: ZoneInfo) -> dt.date:
    """The day ``moment`` falls on in ``zone`` (a date is its own day; a time without an
    offset is UTC), if it lies in the years copkit takes (:data:`FIRST_DAY` to
    :data:`LAST_DAY`, what every date option takes); :class:`OutOfRange`, in
    :func:`copkit.schedule.parsing.in_range`'s words, otherwise. Checked before the move into
    ``zone`` too: the last hour of 9999 at -12:00 is past the last day Python can hold."""
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    if FIRST_DAY <= day <= LAST_DAY and isinstance(moment, dt.datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        day = aware.astimezone(zone).date()
    if FIRST_DAY <= day <= LAST_DAY:
        return day
    try:
        return in_range(day)
    except InputError as exc:
        raise OutOfRange(str(exc)) from None
