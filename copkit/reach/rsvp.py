"""Members' answers to invites (iTIP REPLY, RFC 5546 §3.2.3), read back from their mail.

A calendar client answers an invite with a ``METHOD:REPLY`` calendar whose one ATTENDEE (the
member) carries a PARTSTAT: accepted, declined or tentative, for the whole series or, with a
RECURRENCE-ID, for one meeting. Gardeners get these as emails; this module reads them from
``.ics`` and ``.eml`` files, an mbox or a Maildir that a mail client exported (the standard
library's :mod:`mailbox`), matches them to series by UID and to members by email, and keeps the
latest answer per member and meeting. A reply from an address no member has is reported, not
stored: copkit keeps data only about its members.

An answer speaks for one member, so only that member may give it (RFC 6047 §3: the receiver
checks that a reply comes from its attendee). An answer in a mail counts only when the mail is
From the ATTENDEE's address, compared as members' emails are (whatever the case); one a mail
carries for anyone else is named and not kept. A calendar file saved on its own has no sender:
its answers are kept on the gardener's word, and the import says so.

:func:`answers` gives the expected numbers for one occurrence (accepted, declined, tentative,
no answer); attendance recorded after the meeting stays what actually happened.
"""

from __future__ import annotations

import datetime as dt
import email
import mailbox
import stat
from collections.abc import Iterable, Iterator, Sequence
from email import policy
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from copkit.errors import CopkitError
from copkit.model import Member, Rhythm, Rsvp
from copkit.records import CommunityData, cancelled_days, find_rhythm
from copkit.schedule.rhythm import next_occurrences, occurs_on, zone_of

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from copkit.storage.store import Session

__all__ = [
    "CLOCK_SKEW",
    "Answers",
    "ImportResult",
    "MOST_PER_RHYTHM",
    "Said",
    "Source",
    "answers",
    "import_replies",
    "meetings_answered",
    "read_calendars",
    "said",
]


class ImportResult(msgspec.Struct):
    """What an import did: answers stored, older ones skipped, and what was not used, why.

    ``unknown`` holds addresses no member has; ``refused`` an answer sent by someone other
    than the member it is about; ``unchecked`` the calendar files (no mail, so no sender) whose
    answers were kept on the gardener's word; ``empty`` each file or folder given that held no
    calendar at all; ``skipped`` whatever else was not read. ``older`` counts answers read but
    not kept, as a later one for the same member and meeting is stored or was read."""

    stored: list[Rsvp] = msgspec.field(default_factory=list)
    older: int = 0
    unknown: list[str] = msgspec.field(default_factory=list)
    refused: list[str] = msgspec.field(default_factory=list)
    unchecked: list[str] = msgspec.field(default_factory=list)
    empty: list[str] = msgspec.field(default_factory=list)
    skipped: list[str] = msgspec.field(default_factory=list)


class Source(msgspec.Struct, frozen=True):
    """Calendars as they came: a calendar file, or one mail and who sent it.

    ``sender`` is the mail's From address as members' emails are kept (lowercase), "" when
    the mail has no single From address, and None for a calendar file, which has no sender."""

    where: str
    calendars: tuple[bytes, ...]
    sender: str | None = None


def _calendars_in_message(message: Message) -> Iterator[bytes]:
    for part in message.walk():
        kind = part.get_content_type()
        name = (part.get_filename() or "").lower()
        if kind in ("text/calendar", "application/ics") or name.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                yield payload


def _sender(message: Message) -> str:
    """The one address a mail is From, lowercase as members' emails are; "" if none or several.

    Only From counts: a delegate who sends for a member (Sender, or "on behalf of") still
    writes the member's address in From, and a reply whose From is anyone else is refused.
    The header is read as mail authors are (:func:`copkit.model.check_mailbox`, the standard
    library's parser): one it has to guess at names no sender."""
    from copkit.errors import InputError
    from copkit.model import check_mailbox

    found = message.get_all("From", [])
    if len(found) != 1:
        return ""
    try:
        _, address = check_mailbox(str(found[0]))
    except InputError:
        return ""
    return address.strip().lower()


def _mail(where: str, message: Message) -> Source:
    return Source(where, tuple(_calendars_in_message(message)), _sender(message))


def _mbox(path: Path, shown: Path) -> Iterator[Source]:
    for number, kept in enumerate(mailbox.mbox(path, create=False), start=1):
        yield _mail(f"{shown} (message {number})", kept)


#: The largest single mail or calendar file read whole: no mail server passes a larger message.
MAX_MAIL_BYTES = 50 * 1024 * 1024


def _regular(path: Path, shown: str) -> int:
    """The size of a regular file; anything else (a FIFO, a socket, a device, which may keep
    a reader waiting forever) is refused before it is opened."""
    try:
        found = path.stat()
    except OSError as exc:
        raise CopkitError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(found.st_mode):
        raise CopkitError(f"{shown} is not a regular file or a folder (a FIFO, device or socket)")
    return found.st_size


def _read_whole(path: Path, shown: str) -> bytes:
    if _regular(path, shown) > MAX_MAIL_BYTES:
        raise CopkitError(
            f"{shown} is larger than any mail ({MAX_MAIL_BYTES // (1024 * 1024)} MB); "
            "an mbox or a Maildir is read one message at a time"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CopkitError(f"cannot read {shown}: {exc.strerror or exc}") from None


def _maildir(path: Path) -> Iterator[Source]:
    """A Maildir's messages (new/, then cur/), each checked to be a regular file first."""
    for folder in (path / "new", path / "cur"):
        if not folder.is_dir():
            continue
        for file in sorted(folder.iterdir()):
            if file.name.startswith("."):
                continue
            key = file.name.split(":", 1)[0]
            data = _read_whole(file, f"{path} ({key})")
            yield _mail(f"{path} ({key})", email.message_from_bytes(data, policy=policy.compat32))


def read_calendars(path: Path) -> Iterator[Source]:
    """Every calendar in a file or folder, one :class:`Source` per file or mail: a calendar
    file, a mail (.eml), an mbox, a Maildir, or a folder a mail client exported a mailbox
    into holding a file named ``mbox`` (Apple Mail's ``Inbox.mbox/``). Only regular files and
    folders are read; a single mail or calendar file is read whole up to :data:`MAX_MAIL_BYTES`,
    an mbox one message at a time."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            yield from _maildir(path)
        elif (path / "mbox").is_file():
            _regular(path / "mbox", str(path / "mbox"))
            yield from _mbox(path / "mbox", path)
        else:
            raise CopkitError(
                f"{path} is a folder but neither a Maildir (cur/ and new/) nor a mail export "
                "holding a file named mbox"
            )
        return
    _regular(path, str(path))
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
    except OSError as exc:
        raise CopkitError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head.startswith(b"From "):
        yield from _mbox(path, path)
        return
    data = _read_whole(path, str(path))
    if data.lstrip()[:64].upper().startswith(b"BEGIN:VCALENDAR"):
        yield Source(str(path), (data,))
    else:
        yield _mail(str(path), email.message_from_bytes(data, policy=policy.compat32))


class _Unplaced(Exception):
    """A reply copkit cannot place: when it was sent, or which meeting it answers for."""


def _stamp(value: Any, latest: dt.datetime) -> dt.datetime:
    """A DTSTAMP as an aware UTC time, no later than ``latest``. RFC 5545 says it is UTC; a
    client that writes it floating (no Z) or as a bare date means UTC too, and the answers must
    stay comparable. Without one, a reply cannot be weighed against another."""
    try:
        moment = getattr(value, "dt", None)  # icalendar raises on a broken one (DTSTAMP:garbage)
        if isinstance(moment, dt.datetime):
            stamp = moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        elif isinstance(moment, dt.date):
            stamp = dt.datetime.combine(moment, dt.time(), tzinfo=dt.UTC)
        else:
            raise ValueError("no DTSTAMP")
    except (ValueError, OverflowError):  # OverflowError: the end of 9999 west of UTC
        raise _Unplaced(
            "a reply without a readable DTSTAMP (when it was sent), so it cannot be weighed "
            "against other answers"
        ) from None
    if stamp > latest:
        raise _Unplaced(
            f"a reply stamped {stamp:%a %d %b %Y %H:%M} UTC, later than now (DTSTAMP in the future)"
        )
    return stamp


def _occurrence(recurrence: Any, rhythm: Rhythm, zone: ZoneInfo) -> dt.datetime | None:
    """The meeting a reply answers for (its RECURRENCE-ID) as its wall-clock start, how copkit
    stores occurrences; None for the whole series. It must be a meeting of the series."""
    if recurrence is None:
        return None
    try:
        moment = getattr(recurrence, "dt", None)  # icalendar raises on a broken one
        if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
            moment = moment.astimezone(zone)
    except (ValueError, OverflowError):
        moment = None
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        # Not the series (None would say so), and no start time to match a meeting by.
        raise _Unplaced(
            f"a reply to {rhythm.name} on {moment.isoformat()} without a time "
            "(a date-only RECURRENCE-ID), which copkit does not send"
        )
    if not isinstance(moment, dt.datetime):
        raise _Unplaced(
            f"a reply to {rhythm.name} whose RECURRENCE-ID (the meeting it answers for) "
            "cannot be read"
        )
    wall = moment.replace(tzinfo=None, second=0, microsecond=0)
    start = occurs_on(rhythm, zone, wall.date()) if rhythm.running(wall.date()) else None
    if start is None or start.replace(tzinfo=None) != wall:
        meets = f" (that day it meets at {start:%H:%M})" if start is not None else ""
        raise _Unplaced(
            f"a reply to {rhythm.name} for {wall:%a %d %b %Y %H:%M}, when no meeting of it "
            f"starts{meets}"
        )
    return wall


#: How far ahead of ``now`` a reply's DTSTAMP may be: a client's clock running a little fast.
#: A stamp later than that is refused, or it would outrank every real answer still to come.
CLOCK_SKEW = dt.timedelta(minutes=5)


def import_replies(
    session: Session, data: CommunityData, paths: Iterable[Path], *, now: dt.datetime
) -> ImportResult:
    """Read every REPLY in ``paths`` and keep the latest answer per member and meeting.

    An answer in a mail counts only for the member whose address the mail is From (RFC 6047
    §3); one in a calendar file, which has no sender, is taken on the gardener's word. A reply
    stamped after ``now`` (the face's clock, zone-aware) by more than :data:`CLOCK_SKEW` is
    refused."""
    reading = _Reading(session, data, now)
    for path in paths:
        found = False
        for source in read_calendars(path):
            found = found or bool(source.calendars)
            reading.source(source)
        if not found:
            reading.result.empty.append(str(path))
    return reading.save()


_Key = tuple[str, str, dt.datetime | None]


class _Reading:
    """One import: the community's series and members, the answers held, what was done."""

    def __init__(self, session: Session, data: CommunityData, now: dt.datetime) -> None:
        from copkit.calendar import uid_of

        self.session = session
        self.data = data
        self.by_uid = {uid_of(r, data.community): r for r in data.rhythms}
        self.by_email = {m.email: m for m in data.members}
        self.existing: dict[_Key, Rsvp] = {
            (a.rhythm_id, a.member_id, a.occurrence): a for a in session.all(Rsvp)
        }
        self.result = ImportResult()
        self.latest = now.astimezone(dt.UTC) + CLOCK_SKEW
        #: What this import keeps, and where each came from: the latest read per key.
        self.fresh: dict[_Key, tuple[Rsvp, Source]] = {}

    def source(self, source: Source) -> None:
        """Every REPLY in one file or mail, each calendar once: a mail may carry the same one
        twice (Google's replies: the text/calendar part and an invite.ics attachment)."""
        from icalendar import Calendar  # loaded only when answers are imported

        seen: set[bytes] = set()
        for raw in source.calendars:
            try:
                cal = Calendar.from_ical(raw)
                same = cal.to_ical()  # one form, however each copy was encoded and folded
            except ValueError:
                self.result.skipped.append(f"{source.where}: not a readable calendar")
                continue
            if same in seen:
                continue
            seen.add(same)
            if str(cal.get("METHOD", "")).upper() != "REPLY":
                self.result.skipped.append(
                    f"{source.where}: not a reply (METHOD {cal.get('METHOD', '-')})"
                )
                continue
            for event in cal.walk("VEVENT"):
                self.reply(event, source)

    def reply(self, event: Any, source: Source) -> None:
        """One VEVENT of a reply: the series (or one meeting of it) and who answered what."""
        where = source.where
        uid = str(event.get("UID", ""))
        rhythm = self.by_uid.get(uid)
        if rhythm is None:
            self.result.skipped.append(
                f"{where}: a reply to {uid or 'an event'} that copkit did not send"
            )
            return
        try:
            replied = _stamp(event.get("DTSTAMP"), self.latest)
            zone = zone_of(rhythm, self.data.community)
            occurrence = _occurrence(event.get("RECURRENCE-ID"), rhythm, zone)
        except _Unplaced as refused:
            self.result.skipped.append(f"{where}: {refused}")
            return
        attendees = event.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees] if attendees else []
        for attendee in attendees:
            self.answer(attendee, source, rhythm, occurrence, replied)

    def answer(
        self,
        attendee: Any,
        source: Source,
        rhythm: Rhythm,
        occurrence: dt.datetime | None,
        replied: dt.datetime,
    ) -> None:
        """One attendee's answer: stored if the member sent it and copkit holds none newer."""
        address = str(attendee).removeprefix("mailto:").removeprefix("MAILTO:").strip().lower()
        member = self.by_email.get(address)
        if member is None:
            self.result.unknown.append(address)
            return
        if source.sender is not None and source.sender != member.email:
            sent_by = (
                f"sent by {source.sender}" if source.sender else "in a mail with no single From"
            )
            self.result.refused.append(
                f"{source.where}: an answer for {address} {sent_by} "
                "(an answer counts only from the member it is about)"
            )
            return
        state = str(attendee.params.get("PARTSTAT", "")).upper()
        if state not in ("ACCEPTED", "DECLINED", "TENTATIVE"):
            self.result.skipped.append(f"{source.where}: {address} answered {state or 'nothing'}")
            return
        key = (rhythm.id, member.id, occurrence)
        before = self.existing.get(key)
        # An answer stored with a stamp in the future (before copkit refused them) is no
        # reason to drop a real one.
        if before is not None and replied <= before.replied <= self.latest:
            self.result.older += 1
            return
        answer = Rsvp(
            rhythm_id=rhythm.id,
            member_id=member.id,
            partstat=state,
            replied=replied,
            occurrence=occurrence,
            id=before.id if before else "",
        )
        if key in self.fresh:  # a later answer than one this import read before
            self.result.older += 1
        self.existing[key] = answer
        self.fresh[key] = (answer, source)

    def save(self) -> ImportResult:
        """Write what this import keeps: an answer that replaces one keeps its id."""
        stored = [answer for answer, _ in self.fresh.values()]
        for answer in stored:
            if answer.id:
                self.session.put(answer)
        self.session.add_many([a for a in stored if not a.id])
        self.result.stored = stored
        unchecked = (source.where for _, source in self.fresh.values() if source.sender is None)
        self.result.unchecked = list(dict.fromkeys(unchecked))
        return self.result


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


class Said(msgspec.Struct, frozen=True):
    """Who said what for one meeting: the members behind each of :class:`Answers`' numbers,
    by name (``start`` is zone-aware, in the rhythm's zone)."""

    rhythm: Rhythm
    start: dt.datetime
    accepted: tuple[Member, ...] = ()
    declined: tuple[Member, ...] = ()
    tentative: tuple[Member, ...] = ()
    no_answer: tuple[Member, ...] = ()

    @property
    def counts(self) -> Answers:
        return Answers(
            len(self.accepted), len(self.declined), len(self.tentative), len(self.no_answer)
        )


def said(data: CommunityData, rsvps: Sequence[Rsvp], rhythm: Rhythm, start: dt.datetime) -> Said:
    """Who said what for the occurrence of ``rhythm`` starting at ``start`` (zone-aware or
    wall-clock): an answer for that meeting wins over one for the series; members invited on
    that day who said nothing count as no answer. The gardener, who sends the invite, is not
    counted. Members in the order of their names."""
    zone = zone_of(rhythm, data.community)
    wall = start.replace(tzinfo=None) if start.tzinfo is None else start.astimezone(zone)
    wall = wall.replace(tzinfo=None)
    mine = [a for a in rsvps if a.rhythm_id == rhythm.id]
    series = {a.member_id: a.partstat for a in mine if a.occurrence is None}
    single = {a.member_id: a.partstat for a in mine if a.occurrence == wall}
    gardener = data.community.gardener_email
    by_answer: dict[str, list[Member]] = {"ACCEPTED": [], "DECLINED": [], "TENTATIVE": [], "": []}
    for member in sorted(data.members, key=lambda m: (m.name.casefold(), m.id)):
        if member.email == gardener or member.left_by(wall.date()):
            continue
        by_answer[single.get(member.id, series.get(member.id, ""))].append(member)
    return Said(
        rhythm,
        wall.replace(tzinfo=zone),
        tuple(by_answer["ACCEPTED"]),
        tuple(by_answer["DECLINED"]),
        tuple(by_answer["TENTATIVE"]),
        tuple(by_answer[""]),
    )


def answers(
    data: CommunityData, rsvps: Sequence[Rsvp], rhythm: Rhythm, start: dt.datetime
) -> Answers:
    """The expected numbers for the occurrence of ``rhythm`` starting at ``start``: how many
    members :func:`said` each thing."""
    return said(data, rsvps, rhythm, start).counts


#: The most meetings of one rhythm :func:`meetings_answered` lists up to a last day.
MOST_PER_RHYTHM = 1000


def meetings_answered(
    data: CommunityData,
    rsvps: Sequence[Rsvp],
    *,
    now: dt.datetime,
    rhythm: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    per_rhythm: int | None = None,
) -> list[Said]:
    """Who said what for each meeting, soonest first: those of every rhythm (or of the one
    ``rhythm`` names) from the start of ``since`` in the rhythm's zone, or else from ``now``,
    to the end of ``until``; at most ``per_rhythm`` of each (3 when no ``until`` is given, else
    up to :data:`MOST_PER_RHYTHM`). A meeting called off, or after its rhythm ended, is left
    out. ``now`` is the face's clock, zone-aware."""
    if since is not None and until is not None and until < since:
        raise CopkitError(f"--to {until} comes before --from {since}: no day is in between")
    chosen = [find_rhythm(data.rhythms, rhythm)] if rhythm else data.rhythms
    most = per_rhythm or (MOST_PER_RHYTHM if until else 3)
    found: list[Said] = []
    for one in chosen:
        zone = zone_of(one, data.community)
        after = dt.datetime.combine(since, dt.time(), zone) if since else now.astimezone(zone)
        cancelled = cancelled_days(data.meetings, one)
        starts = [
            t
            for t in next_occurrences(one, zone, after, most + len(cancelled))
            if t.date() not in cancelled
            and one.running(t.date())
            and (until is None or t.date() <= until)
        ]
        found.extend(said(data, rsvps, one, t) for t in starts[:most])
    return sorted(found, key=lambda s: s.start)
