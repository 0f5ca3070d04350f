"""Mailing lists: an mbox file (what list archives such as Mailman and Google Groups offer) or
a Maildir folder, read with the standard library's :mod:`mailbox` and :mod:`email`.

Only headers are parsed (:class:`email.parser.BytesHeaderParser`): bodies and attachments are
never decoded. ``From`` is the author (the address is the platform identity), ``Date`` the day;
a mail with ``In-Reply-To`` or ``References`` is a reply in the thread whose first message is
the first of ``References`` (else ``In-Reply-To``); anything else starts a thread under its own
``Message-ID``. Automatic mail (``Auto-Submitted`` other than ``no``, bounces, vacation
replies, list robots) is left out.
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.message
import email.parser
import email.utils
import mailbox
import re
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from copkit.conversations.events import AuthorInfo, Event, Export, ExportError, Kind
from copkit.model import check_email

_IDS = re.compile(r"<[^<>\s]+>")
_ROBOTS = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@|-(bounces|request|owner)(\+[^@]*)?@",
    re.IGNORECASE,
)
_LIST = "list"


def _headers(file: IO[bytes]) -> email.message.Message:
    return email.parser.BytesHeaderParser().parse(file)


def is_mbox(path: Path) -> bool:
    """An mbox file starts with a "From " line."""
    try:
        with path.open("rb") as file:
            return file.read(5) == b"From "
    except OSError:
        return False


def is_maildir(path: Path) -> bool:
    return path.is_dir() and all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _decoded(value: Any) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(str(value)))).strip()
    except (ValueError, LookupError, UnicodeError):
        return str(value).strip()


def _is_robot(message: email.message.Message, address: str) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto != "no"
        or precedence in ("bulk", "junk", "auto_reply")
        or bool(message.get("X-Autoreply") or message.get("X-Autorespond"))
        or bool(_ROBOTS.search(address))
    )


def _one(export: Export, message: email.message.Message, zone: ZoneInfo) -> None:
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    address = address.strip().lower()
    if "@" not in address:
        raise ValueError("it has no From address")
    try:
        address = check_email(address)
    except ValueError:
        raise ValueError(f"its From address {address!r} is not an email address") from None
    stamp = message.get("Date")
    if stamp is None:
        raise ValueError("it has no Date")
    try:
        moment = email.utils.parsedate_to_datetime(str(stamp))
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"its Date {str(stamp)[:40]!r} cannot be read") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    day = moment.astimezone(zone).date()
    if _is_robot(message, address):
        export.skip("automatic mail")
        return
    export.authors.setdefault(address, AuthorInfo(address, _decoded(name), address))
    references = _IDS.findall(str(message.get("References", "")))
    parent = _IDS.findall(str(message.get("In-Reply-To", "")))
    root = references[0] if references else parent[0] if parent else None
    if root is not None:
        export.events.append(Event(_LIST, address, day, Kind.REPLY, root.lower()))
        return
    own = _IDS.findall(str(message.get("Message-ID", "")))
    export.events.append(
        Event(_LIST, address, day, Kind.POST, own[0].lower() if own else None, day)
    )


def read_mail(path: Path, zone: ZoneInfo) -> Export:
    """Read an mbox file or a Maildir folder; raise ExportError naming the mail at fault."""
    export = Export("mail", channels={_LIST: False})
    box: mailbox.Mailbox
    try:
        if path.is_dir():
            # typeshed asks the factory for the box's own message class; headers are all we read
            box = mailbox.Maildir(path, factory=_headers, create=False)  # type: ignore[arg-type]
            keys = sorted(box.keys())
        else:
            box = mailbox.mbox(path, factory=_headers, create=False)  # type: ignore[arg-type]
            keys = list(box.keys())
    except (OSError, mailbox.Error) as exc:
        raise ExportError(path, "", f"is not a readable mailbox ({exc})") from None
    try:
        for number, key in enumerate(keys, start=1):
            entry = f"mail {number}" + (f" ({key})" if path.is_dir() else "")
            try:
                message = box[key]
            except (OSError, KeyError, mailbox.Error, ValueError) as exc:
                raise ExportError(path, entry, f"cannot be read ({exc})") from None
            try:
                _one(export, message, zone)
            except (ValueError, TypeError, OverflowError) as exc:
                raise ExportError(path, entry, str(exc)) from None
    finally:
        box.close()
    return export
