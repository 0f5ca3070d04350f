"""A plain CSV for platforms with no export of their own: ``when,who,kind,thread``.

``when`` is a date (2026-03-02) or a date and time (2026-03-02T09:15, with or without an
offset; without one, the community's time zone); ``who`` an email address or any name the
platform shows (matched like a Slack display name); ``kind`` is ``post``, ``reply`` or
``reaction``; ``thread`` names the thread a post starts or a reply answers (any text, may be
empty). Read with :mod:`csv` a row at a time; a byte-order mark from a spreadsheet is
skipped. A day outside the years copkit takes is refused before it is moved into the
community's zone (:func:`copkit.conversations.limits.day_in_range`).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from copkit.conversations.events import (
    POSTS,
    REACTIONS,
    REPLIES,
    AuthorInfo,
    Export,
    ExportError,
)
from copkit.conversations.limits import OutOfRange, day_in_range
from copkit.model import check_email, check_text

HEADER = ("when", "who", "kind", "thread")
#: A row of when,who,kind,thread is a few hundred characters; a line is never read past this.
MAX_LINE = 64 * 1024
_CHANNEL = "csv"


def looks_like_csv(head: str) -> bool:
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    return [cell.strip().lower() for cell in first.split(",")][:4] == list(HEADER)


def _when(value: str, zone: ZoneInfo) -> dt.date:
    value = value.strip()
    try:
        if len(value) == 10:
            return day_in_range(dt.date.fromisoformat(value), zone)
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except OutOfRange:
        raise
    except ValueError:
        raise ValueError(f"when {value!r} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    if moment.tzinfo is None:
        return day_in_range(moment.date(), zone)
    return day_in_range(moment, zone)


def parse_csv(text: str, zone: ZoneInfo, path: Path | str = "the CSV") -> Export:
    """Read the CSV text; raise ExportError naming the line at fault."""
    return read_rows(io.StringIO(text.lstrip("\ufeff"), newline=""), zone, path)


def read_rows(lines: Iterable[str], zone: ZoneInfo, path: Path | str = "the CSV") -> Export:
    """Read CSV lines a row at a time; raise ExportError naming the line at fault."""
    export = Export("csv", channels={_CHANNEL: False})
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ExportError(path, "line 1", str(exc)) from None
    if header is None or [h.strip().lower() for h in header][:4] != list(HEADER):
        raise ExportError(path, "line 1", "the header should be when,who,kind,thread")
    try:
        for row in reader:
            if row and (row[0].strip() or "".join(row).strip()):
                _row(export, row, zone)
    except ExportError:
        raise  # a line too long, said by _lines
    except (csv.Error, ValueError) as exc:
        raise ExportError(path, f"line {reader.line_num}", str(exc)) from None
    return export


@functools.lru_cache(maxsize=4096)
def _who(who: str) -> str:
    """``who`` checked as people's words: once per person, not once per row."""
    return check_text(who, "who", limit=300)


_KINDS = {"post": POSTS, "reply": REPLIES, "reaction": REACTIONS}


def _row(export: Export, row: list[str], zone: ZoneInfo) -> None:
    if not 3 <= len(row) <= len(HEADER):
        raise ValueError(f"expected 3 or 4 cells (when,who,kind,thread), found {len(row)}")
    day = _when(row[0], zone)
    who = _who(row[1])
    kind = _KINDS.get(row[2].strip().lower())
    if kind is None:
        raise ValueError(f"kind {row[2]!r} should be post, reply or reaction")
    thread = row[3].strip() if len(row) > 3 else ""
    if thread and not (len(thread) <= 300 and thread.isascii() and thread.isprintable()):
        check_text(thread, "thread", limit=300)  # printable ASCII needs no closer look
    key = who.lower() if "@" in who else who
    if key not in export.authors:
        email = ""
        if "@" in who:
            email = check_email(who)
        export.authors[key] = AuthorInfo(key, "" if email else who, email)
    if kind == POSTS:
        export.count(_CHANNEL, key, day, kind, thread or None, day)
    else:
        export.count(_CHANNEL, key, day, kind, thread or None)


def _lines(path: Path, file: TextIO) -> Iterator[str]:
    """The file's lines, each refused once it runs past :data:`MAX_LINE` characters."""
    for number, line in enumerate(iter(lambda: file.readline(MAX_LINE), ""), start=1):
        if len(line) == MAX_LINE and not line.endswith("\n"):
            raise ExportError(path, f"line {number}", f"runs past {MAX_LINE:,} characters")
        yield line


def read_csv(path: Path, zone: ZoneInfo) -> Export:
    """Read a CSV file a row at a time (a byte-order mark is skipped)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            return read_rows(_lines(path, file), zone, path)
    except UnicodeDecodeError:
        raise ExportError(path, "", "is not UTF-8 text") from None
