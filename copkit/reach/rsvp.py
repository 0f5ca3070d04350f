"""Members' answers to invites (iTIP REPLY, RFC 5546 §3.2.3), read back from their mail.

A calendar client answers an invite with a ``METHOD:REPLY`` calendar whose one ATTENDEE (the
member) carries a PARTSTAT: accepted, declined or tentative, for the whole series or, with a
RECURRENCE-ID, for one meeting. Gardeners get these as emails; this module reads them from
``.ics`` and ``.eml`` files, an mbox or a Maildir that a mail client exported (the standard
library's :mod:`mailbox`), matches them to series by UID and to members by email, and keeps the
latest answer per member and meeting. A reply from an address no member has is reported, not
stored: copkit keeps data only about its members.

:func:`answers` gives the expected numbers for one occurrence (accepted, declined, tentative,
no answer); attendance recorded after the meeting stays what actually happened.
"""

from __future__ import annotations

import datetime as dt
import email
import mailbox
from collections.abc import Iterable, Iterator
from email import policy
from email.message import Message
from pathlib import Path
from typing import Any

import msgspec

from copkit.errors import CopkitError
from copkit.model import Member, Rhythm, Rsvp
from copkit.records import CommunityData
from copkit.schedule.rhythm import zone_of
from copkit.storage.store import Session

__all__ = ["Answers", "ImportResult", "answers", "import_replies", "read_calendars"]


class ImportResult(msgspec.Struct):
    """What an import did: answers stored, older ones skipped, and what was not used, why."""

    stored: list[Rsvp] = msgspec.field(default_factory=list)
    older: int = 0
    unknown: list[str] = msgspec.field(default_factory=list)
    skipped: list[str] = msgspec.field(default_factory=list)


def _calendars_in_message(message: Message) -> Iterator[bytes]:
    for part in message.walk():
        kind = part.get_content_type()
        name = (part.get_filename() or "").lower()
        if kind in ("text/calendar", "application/ics") or name.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                yield payload


def read_calendars(path: Path) -> Iterator[tuple[str, bytes]]:
    """Every calendar in a file or folder: (where it came from, its bytes)."""
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise CopkitError(f"{path} is a folder but not a Maildir (no cur/ or new/)")
        box = mailbox.Maildir(path, factory=None, create=False)
        for key, stored in box.iteritems():
            for raw in _calendars_in_message(stored):
                yield f"{path} ({key})", raw
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CopkitError(f"cannot read {path}: {exc.strerror or exc}") from None
    head = data.lstrip()[:64].upper()
    if head.startswith(b"BEGIN:VCALENDAR"):
        yield str(path), data
    elif data.startswith(b"From "):
        for number, kept in enumerate(mailbox.mbox(path, create=False), start=1):
            for raw in _calendars_in_message(kept):
                yield f"{path} (message {number})", raw
    else:
        message = email.message_from_bytes(data, policy=policy.compat32)
        for raw in _calendars_in_message(message):
            yield str(path), raw


def _wall_clock(value: Any, zone: Any) -> dt.datetime | None:
    """A RECURRENCE-ID as the rhythm's wall-clock time (how copkit stores occurrences)."""
    moment = value.dt if value is not None else None
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(zone)
        return moment.replace(tzinfo=None, second=0, microsecond=0)
    return None


def _stamp(value: Any) -> dt.datetime:
    """A DTSTAMP as an aware UTC time. RFC 5545 says it is UTC; a client that writes it
    floating (no Z) or as a bare date means UTC too, and the answers must stay comparable."""
    moment = value.dt if value is not None else None
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if isinstance(moment, dt.date):
        return dt.datetime.combine(moment, dt.time(), tzinfo=dt.UTC)
    return dt.datetime.min.replace(tzinfo=dt.UTC)


def import_replies(session: Session, data: CommunityData, paths: Iterable[Path]) -> ImportResult:
    """Read every REPLY in ``paths`` and keep the latest answer per member and meeting."""
    from icalendar import Calendar  # loaded only when answers are imported

    from copkit.calendar import uid_of

    by_uid = {uid_of(r, data.community): r for r in data.rhythms}
    by_email = {m.email: m for m in data.members}
    existing = {(a.rhythm_id, a.member_id, a.occurrence): a for a in session.all(Rsvp)}
    result = ImportResult()
    for path in paths:
        for where, raw in read_calendars(path):
            try:
                cal = Calendar.from_ical(raw)
            except ValueError:
                result.skipped.append(f"{where}: not a readable calendar")
                continue
            if str(cal.get("METHOD", "")).upper() != "REPLY":
                result.skipped.append(f"{where}: not a reply (METHOD {cal.get('METHOD', '-')})")
                continue
            for event in cal.walk("VEVENT"):
                _one_reply(event, where, data, by_uid, by_email, existing, result)
    return _save(session, existing, result)


def _one_reply(
    event: Any,
    where: str,
    data: CommunityData,
    by_uid: dict[str, Rhythm],
    by_email: dict[str, Member],
    existing: dict[tuple[str, str, dt.datetime | None], Rsvp],
    result: ImportResult,
) -> None:
    uid = str(event.get("UID", ""))
    rhythm = by_uid.get(uid)
    if rhythm is None:
        result.skipped.append(f"{where}: a reply to {uid or 'an event'} that copkit did not send")
        return
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees] if attendees else []
    replied = _stamp(event.get("DTSTAMP"))
    zone = zone_of(rhythm, data.community)
    recurrence = event.get("RECURRENCE-ID")
    day = getattr(recurrence, "dt", None)
    if isinstance(day, dt.date) and not isinstance(day, dt.datetime):
        # Not the series (None would say so), and no start time to match a meeting by.
        result.skipped.append(
            f"{where}: a reply to {rhythm.name} on {day.isoformat()} without a time "
            "(a date-only RECURRENCE-ID), which copkit does not send"
        )
        return
    occurrence = _wall_clock(recurrence, zone)
    for attendee in attendees:
        _one_answer(attendee, where, rhythm, occurrence, replied, by_email, existing, result)


def _one_answer(
    attendee: Any,
    where: str,
    rhythm: Rhythm,
    occurrence: dt.datetime | None,
    replied: dt.datetime,
    by_email: dict[str, Member],
    existing: dict[tuple[str, str, dt.datetime | None], Rsvp],
    result: ImportResult,
) -> None:
    """One attendee's answer in a reply: stored unless copkit already holds a newer one."""
    address = str(attendee).removeprefix("mailto:").removeprefix("MAILTO:").lower()
    member = by_email.get(address)
    if member is None:
        result.unknown.append(address)
        return
    state = str(attendee.params.get("PARTSTAT", "")).upper()
    if state not in ("ACCEPTED", "DECLINED", "TENTATIVE"):
        result.skipped.append(f"{where}: {address} answered {state or 'nothing'}")
        return
    key = (rhythm.id, member.id, occurrence)
    before = existing.get(key)
    if before is not None and before.replied >= replied:
        result.older += 1
        return
    answer = Rsvp(
        rhythm_id=rhythm.id,
        member_id=member.id,
        partstat=state,
        replied=replied,
        occurrence=occurrence,
        id=before.id if before else "",
    )
    existing[key] = answer
    result.stored.append(answer)


def _save(
    session: Session,
    existing: dict[tuple[str, str, dt.datetime | None], Rsvp],
    result: ImportResult,
) -> ImportResult:
    new = [a for a in result.stored if not a.id]
    for answer in result.stored:
        if answer.id:
            session.put(answer)
    session.add_many(new)
    return result


class Answers(msgspec.Struct, frozen=True):
    """The expected numbers for one meeting, from members' answers."""

    accepted: int = 0
    declined: int = 0
    tentative: int = 0
    none: int = 0

    def __str__(self) -> str:
        parts = [f"{self.accepted} accepted", f"{self.declined} declined"]
        if self.tentative:
            parts.append(f"{self.tentative} tentative")
        parts.append(f"{self.none} no answer")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, int]:
        return {
            "accepted": self.accepted,
            "declined": self.declined,
            "tentative": self.tentative,
            "no_answer": self.none,
        }


def answers(data: CommunityData, rsvps: list[Rsvp], rhythm: Rhythm, start: dt.datetime) -> Answers:
    """Who said what for the occurrence of ``rhythm`` starting at ``start`` (zone-aware or
    wall-clock): an answer for that meeting wins over one for the series; members invited on
    that day who said nothing count as no answer. The gardener, who sends the invite, is not
    counted."""
    wall = start.replace(tzinfo=None) if start.tzinfo is None else _wall_of(data, rhythm, start)
    mine = [a for a in rsvps if a.rhythm_id == rhythm.id]
    series = {a.member_id: a.partstat for a in mine if a.occurrence is None}
    single = {a.member_id: a.partstat for a in mine if a.occurrence == wall}
    gardener = data.community.gardener_email
    counts = {"ACCEPTED": 0, "DECLINED": 0, "TENTATIVE": 0, "": 0}
    for member in data.members:
        if member.email == gardener or (member.left is not None and member.left <= wall.date()):
            continue
        counts[single.get(member.id, series.get(member.id, ""))] += 1
    return Answers(counts["ACCEPTED"], counts["DECLINED"], counts["TENTATIVE"], counts[""])


def _wall_of(data: CommunityData, rhythm: Rhythm, start: dt.datetime) -> dt.datetime:
    return start.astimezone(zone_of(rhythm, data.community)).replace(tzinfo=None)
