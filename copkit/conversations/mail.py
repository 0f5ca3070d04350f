"""Mailing lists: an mbox file (what list archives such as Mailman and Google Groups offer) or
a Maildir folder, read a mail at a time, as :mod:`mailbox` reads them.

Only headers are read: an mbox is read a megabyte at a time, a line that starts with
``From `` beginning the next mail (the rule :class:`mailbox.mbox` keeps), and a body is
passed over by :meth:`bytes.find` without being kept; a Maildir's mails are the regular files
in ``cur`` and ``new``. Each mail's headers are unfolded (RFC 5322, 2.2.3) and only the
fields below are kept, found by one regular expression; their values are read by the
standard library's address parser (the From, :func:`copkit.model.check_mailbox`, each
sender's From once) and :mod:`email.utils` (a Date in any form but the usual one, which is
read directly). (With :class:`mailbox.mbox`, which keeps a table of every mail's place and
reads each mail whole, and :class:`email.parser.BytesHeaderParser`, a million mails took 116 s
of CPU and 594 MB; read a line at a time, 22 s; now 11 s, the storing included:
``benchmarks/bench_import_exports.py``.) Headers are bounded
(:mod:`copkit.conversations.limits`): reading a long From takes time growing with its square.

``From`` is the author (the address is the platform identity), ``Date`` the day; a mail with
``In-Reply-To`` or ``References`` is a reply in the thread whose first message is the first of
``References`` (else ``In-Reply-To``); anything else starts a thread under its own
``Message-ID``. Automatic mail (``Auto-Submitted`` other than ``no``, bounces, vacation
replies, list robots) is left out.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from copkit.conversations.events import POSTS, REPLIES, AuthorInfo, Export, ExportError
from copkit.conversations.limits import (
    MAX_FROM_CHARS,
    MAX_HEADER_BYTES,
    check_mail_file,
    day_in_range,
)
from copkit.errors import InputError
from copkit.model import check_mailbox

_IDS = re.compile(r"<[^<>\s]+>")
_ROBOTS = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@|-(bounces|request|owner)(\+[^@]*)?@",
    re.IGNORECASE,
)
_LIST = "list"


#: The header fields read; every other is passed over.
_FIELDS = frozenset(
    (
        "from",
        "date",
        "message-id",
        "in-reply-to",
        "references",
        "auto-submitted",
        "precedence",
        "x-autoreply",
        "x-autorespond",
    )
)
#: The longest piece of a line read at once: a body's line of any length is never held whole.
_LINE = 64 * 1024
_BLANK = (b"\n", b"\r\n")
#: Bytes of an mbox read at once.
_CHUNK = 1024 * 1024
#: Where a mail's headers end: a blank line, or a line that begins the next mail.
_END = re.compile(rb"\n(?:\r?\n|From )")


_FIELD = re.compile(
    rb"\n(" + b"|".join(f.encode() for f in sorted(_FIELDS)) + rb")[ \t]*:(.*(?:\n[ \t].*)*)",
    re.IGNORECASE,
)


def _fields(block: bytes) -> dict[bytes, bytes]:
    """The fields of :data:`_FIELDS` in a mail's headers (``block``, from the line break
    before the first), unfolded, by lower-case name; the first of each, as
    :meth:`email.message.Message.get` gives it, as bytes: :func:`_text` makes one text, when
    it is read. One regular expression finds them (a line that begins with white space goes
    on the line before)."""
    fields = {name.lower(): value for name, value in reversed(_FIELD.findall(block))}
    if b"\r" in block or b"\n\t" in block or b"\n " in block:  # a folded line somewhere
        for name, value in fields.items():
            if b"\n" in value or b"\r" in value:
                fields[name] = b"".join(line.rstrip(b"\r") for line in value.split(b"\n"))
    return fields


def _text(value: bytes) -> str:
    """A field's value as text: UTF-8 (anything else replaced), without its leading space."""
    return value.decode("utf-8", "replace").lstrip()


def _too_long(path: Path, entry: str) -> ExportError:
    return ExportError(
        path, entry, f"its headers run past {MAX_HEADER_BYTES:,} bytes, longer than a mail's"
    )


def _mbox(path: Path, size: int = _CHUNK) -> Iterator[tuple[int, bytes]]:
    """(N, the N-th mail's headers from the line break before them) for each mail of an
    mbox file, read a megabyte at a time: a mail begins at a line that starts with "From ",
    its headers end at the first blank line (or the next mail), and the body is passed over
    by :meth:`bytes.find`."""
    with path.open("rb") as file:
        data, pos, number, ended = b"\n", 0, 0, False
        while True:
            found = data.find(b"\nFrom ", pos)
            if found < 0:
                if ended:
                    return
                data, pos = data[max(pos, len(data) - 5) :], 0  # "\nFrom" cut by the read
                chunk = file.read(size)
                data, ended = data + chunk, not chunk
                continue
            head = found + 1
            while True:  # the From line and the headers, read whole (within the bound)
                line = data.find(b"\n", head)
                stop = _END.search(data, line) if line >= 0 else None
                if stop is not None or ended:
                    break
                if len(data) - head > MAX_HEADER_BYTES + _LINE:
                    raise _too_long(path, f"mail {number + 1}")
                data, head = data[head:], 0
                chunk = file.read(size)
                data, ended = data + chunk, not chunk
            number += 1
            if line < 0:  # a last line "From ..." and nothing after it
                yield number, b"\n"
                return
            end = stop.start() + 1 if stop is not None else len(data)
            if end - line - 1 > MAX_HEADER_BYTES:
                raise _too_long(path, f"mail {number}")
            yield number, data[line:end]
            pos = end - 1


def _headers(path: Path, entry: str, file: IO[bytes]) -> bytes:
    """The headers of one mail in a file of its own: up to the first blank line."""
    block = bytearray()
    for line in iter(lambda: file.readline(_LINE), b""):
        if line in _BLANK:
            break
        block += line
        if len(block) > MAX_HEADER_BYTES:
            raise _too_long(path, entry)
    return bytes(block)


def _maildir(path: Path) -> Iterator[tuple[str, bytes]]:
    """(``mail N (cur/NAME)``, its headers from a line break) for each mail of a Maildir,
    in the order of their names; anything but a regular file is refused before it is
    opened."""
    try:
        names = sorted(
            (item.name, sub)
            for sub in ("cur", "new")
            for item in os.scandir(path / sub)
            if not item.name.startswith(".")
        )
    except OSError as exc:
        raise ExportError(path, "", f"is not a readable mailbox ({exc})") from None
    for number, (name, sub) in enumerate(names, start=1):
        entry = f"mail {number} ({sub}/{name})"
        file = path / sub / name
        check_mail_file(path, entry, file)
        try:
            with file.open("rb") as stream:
                block = _headers(path, entry, stream)
        except OSError as exc:
            raise ExportError(path, entry, f"cannot be read ({exc.strerror or exc})") from None
        yield entry, b"\n" + block


def is_mbox(path: Path) -> bool:
    """An mbox file starts with a "From " line."""
    try:
        with path.open("rb") as file:
            return file.read(5) == b"From "
    except OSError:
        return False


def is_maildir(path: Path) -> bool:
    return path.is_dir() and all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


#: The fields that mark automatic mail (see :func:`_is_robot`).
_AUTOMATIC = frozenset((b"auto-submitted", b"precedence", b"x-autoreply", b"x-autorespond"))


def _is_robot(message: dict[bytes, bytes], address: str) -> bool:
    if _AUTOMATIC.isdisjoint(message):  # most mail: only its sender tells
        return _robot_address(address)
    auto = _text(message.get(b"auto-submitted", b"no")).strip().lower()
    precedence = _text(message.get(b"precedence", b"")).strip().lower()
    return (
        auto != "no"
        or precedence in ("bulk", "junk", "auto_reply")
        or bool(
            _text(message.get(b"x-autoreply", b"")) or _text(message.get(b"x-autorespond", b""))
        )
        or _robot_address(address)
    )


@functools.lru_cache(maxsize=4096)
def _robot_address(address: str) -> bool:
    """A bounce, a list's own address, a no-reply: once per sender."""
    return bool(_ROBOTS.search(address))


@functools.lru_cache(maxsize=4096)
def _sender(raw: bytes) -> tuple[str, str]:
    """The decoded name and the checked address in a From header. A list's mails come from a
    few hundred people: each header is read once, not once per mail."""
    sender = _text(raw)
    if len(sender) > MAX_FROM_CHARS:
        raise ValueError(
            f"its From header is {len(sender):,} characters long, longer than a mail's "
            f"({MAX_FROM_CHARS:,} at most)"
        )
    try:  # the standard library's address parser (email.utils.parseaddr read the author of
        return check_mailbox(sender)  # "=?utf-8?q?Evil=0D=0ABcc:_x@evil.com?= <a@x.org>" wrong)
    except InputError as exc:
        raise ValueError(f"its From {exc}") from None


#: A Date as mail programs write it (RFC 5322, 3.3): read directly; any other form, or a
#: value this reads wrong, goes to :func:`email.utils.parsedate_to_datetime`.
_DATE = re.compile(
    rb"\s*(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) ([1-9]\d{3}) (\d\d):(\d\d)(?::(\d\d))? "
    rb"([+-]\d\d)(\d\d)\s*"
)
_MONTHS = {
    name.encode(): number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ZONES: dict[bytes, dt.tzinfo] = {}


def _moment(stamp: bytes) -> dt.datetime:
    """The moment a Date header names, as :func:`email.utils.parsedate_to_datetime` reads it
    (a mail has a new one each time: the usual form is read without it, 6 times faster)."""
    found = _DATE.fullmatch(stamp)
    month = _MONTHS.get(found.group(2).lower(), 0) if found else 0
    if found and month:
        day, _name, year, hour, minute, second, zone_hours, zone_minutes = found.groups()
        offset = zone_hours + zone_minutes
        tz = _ZONES.get(offset)
        if tz is None and abs(int(zone_minutes)) < 60:
            sign = -1 if offset[:1] == b"-" else 1
            delta = dt.timedelta(hours=int(zone_hours[1:]), minutes=int(zone_minutes))
            tz = _ZONES[offset] = dt.timezone(sign * delta)
        try:
            if tz is not None:
                return dt.datetime(
                    int(year), month, int(day), int(hour), int(minute), int(second or 0), 0, tz
                )
        except ValueError:
            pass  # said in parsedate_to_datetime's words below
    text = _text(stamp)
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise ValueError(f"its Date {text[:40]!r} cannot be read") from None


def _one(export: Export, message: dict[bytes, bytes], zone: ZoneInfo) -> None:
    name, address = _sender(message.get(b"from", b""))
    stamp = message.get(b"date")
    if stamp is None:
        raise ValueError("it has no Date")
    day = day_in_range(_moment(stamp), zone)
    if _is_robot(message, address):
        export.skip("automatic mail")
        return
    if address not in export.authors:
        export.authors[address] = AuthorInfo(address, name, address)
    references = message.get(b"references")
    found = _IDS.findall(_text(references)) if references else None
    if not found:
        parent = message.get(b"in-reply-to")
        found = _IDS.findall(_text(parent)) if parent else None
    if found:
        export.count(_LIST, address, day, REPLIES, found[0].lower())
        return
    own = message.get(b"message-id")
    ids = _IDS.findall(_text(own)) if own else None
    export.count(_LIST, address, day, POSTS, ids[0].lower() if ids else None, day)


def read_mail(path: Path, zone: ZoneInfo) -> Export:
    """Read an mbox file or a Maildir folder a mail at a time; raise ExportError naming the
    mail at fault."""
    export = Export("mail", channels={_LIST: False})
    try:
        mails: Iterator[tuple[int | str, bytes]] = _maildir(path) if path.is_dir() else _mbox(path)
        for entry, block in mails:
            try:
                _one(export, _fields(block), zone)
            except (ValueError, TypeError, OverflowError) as exc:
                where = f"mail {entry}" if isinstance(entry, int) else entry
                raise ExportError(path, where, str(exc)) from None
    except OSError as exc:
        raise ExportError(path, "", f"is not a readable mailbox ({exc.strerror or exc})") from None
    return export
