"""Invites by email (iMIP, RFC 6047): what to send to whom, and the messages themselves.

copkit remembers, per member and series, the last SEQUENCE that member received
(:class:`~copkit.model.SentInvite`), because a calendar ignores a message whose SEQUENCE it
already holds and members should never get the same version twice. From that log and the
records, :func:`series_messages` decides:

* a member who has nothing yet, or an older version, gets the series (REQUEST);
* someone who left, and whose calendar holds the series, gets a CANCEL addressed to them alone,
  with a SEQUENCE above the one they hold, so their calendar drops it;
* a series called off before it ever met goes as a CANCEL to everyone who holds it;
* everybody else gets nothing.

:func:`cancellation_messages` sends one cancelled meeting as a CANCEL with its RECURRENCE-ID to
members whose calendar held the version just before it; anyone further behind gets the whole
series instead (its EXDATE carries the cancellation), which brings them up to date in one go.

Each message is ``multipart/alternative``: a plain-text summary for people and the calendar as
``text/calendar; method=...; charset=UTF-8`` for their calendar, From the gardener (the
ORGANIZER). Sending and its faults are in :mod:`copkit.reach.mail`; nothing here touches the
network.

A header holds people's words only if it reads back exactly as meant (:func:`name_fits`): the
email package decodes an encoded word it finds in a name or a subject while writing it, so a
member called "=?utf-8?q?Evil=0D=0ABcc:_x@evil.com?=" wrote a Bcc header of its own. A name
that cannot stand in a header is left out (the address alone); a subject that cannot, or an
address copkit would not take today (:func:`copkit.model.check_email`, whatever an older
copkit stored), makes that one message :class:`Unsendable`, named, and the others go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING, Any

import msgspec

from copkit import calendar
from copkit.calendar import vevents
from copkit.errors import CopkitError, InputError
from copkit.model import Meeting, Member, Rhythm, SentInvite, check_email
from copkit.records import CommunityData, coming_starts
from copkit.schedule.rhythm import zone_of

if TYPE_CHECKING:
    from copkit.storage.store import Session

__all__ = [
    "Outgoing",
    "Unsendable",
    "cancellation_messages",
    "name_fits",
    "record_sent",
    "series_messages",
    "to_email",
]


class Outgoing(msgspec.Struct, frozen=True):
    """One message to one member: what it does to their calendar and the bytes it carries."""

    member: Member
    rhythm: Rhythm
    method: str
    sequence: int
    ics: bytes
    subject: str
    text: str
    occurrence: dt.datetime | None = None


def _last_sent(log: Iterable[SentInvite], rhythm: Rhythm) -> dict[str, SentInvite]:
    return {entry.member_id: entry for entry in log if entry.rhythm_id == rhythm.id}


def _audience(data: CommunityData, on: dt.date, rhythm: Rhythm) -> list[Member]:
    """Who receives the series' invites: every invitee but the gardener, who sends them."""
    gardener = data.community.gardener_email
    return [m for m in calendar.invitees(data, on, rhythm) if m.email != gardener]


def _when(moment: dt.datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M}"


def _summary(data: CommunityData, rhythm: Rhythm, now: dt.datetime, note: str) -> str:
    """The plain-text part: what a person reads in a mail client that shows no invite."""
    zone = zone_of(rhythm, data.community)
    space = data.space(rhythm.space_id)
    coming = coming_starts(data, rhythm, now=now, count=3)
    lines = [note, "", f"{rhythm.name}, {rhythm.duration_minutes} minutes, {zone.key} time"]
    if coming:
        # Members choose meetings by their themes: the plain-text part names them too.
        themes = {p.start.date(): p.theme for p in data.plans if p.rhythm_id == rhythm.id}
        lines.append(
            "Next: "
            + "; ".join(
                _when(t) + (f" ({themes[t.date()]})" if themes.get(t.date()) else "")
                for t in coming
            )
        )
    lines += [
        f"Where: {vevents.location(space)}",
        "",
        f"Community of practice: {data.community.name}",
    ]
    lines.append(f"Sent by {data.community.gardener or data.community.gardener_email} with copkit")
    return "\n".join(lines) + "\n"


def _personal_cancel(
    data: CommunityData, rhythm: Rhythm, member: Member, sequence: int, now: dt.datetime
) -> bytes:
    """A CANCEL of the whole series addressed to one attendee (RFC 5546 §3.2.5: removing an
    attendee), with a SEQUENCE above the one their calendar holds."""
    cal = calendar.series_cancellation(data, rhythm, now=now)
    event: Any = cal.events[0]
    event.pop("ATTENDEE", None)
    event.pop("SEQUENCE", None)
    event.add("sequence", sequence)
    from icalendar import vCalAddress  # loaded with copkit.calendar already

    address = vCalAddress(f"mailto:{member.email}")
    address.params["CN"] = member.name
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    event.add("attendee", address)
    return calendar.to_ics(cal)


def series_messages(
    data: CommunityData,
    rhythm: Rhythm,
    log: Iterable[SentInvite],
    *,
    now: dt.datetime,
    skip: frozenset[str] = frozenset(),
) -> list[Outgoing]:
    """What the series needs to send, member by member (see the module docstring).

    ``skip`` holds member ids already served by another message in the same run (the
    cancellation of one meeting).
    """
    last = _last_sent(log, rhythm)
    if not rhythm.meets_before_end:
        return _called_off(data, rhythm, last, now=now, skip=skip)
    audience = [m for m in _audience(data, now.date(), rhythm) if m.id not in skip]
    return _requests(data, rhythm, last, audience, now=now) + _departures(
        data, rhythm, last, now=now, skip=skip
    )


def _called_off(
    data: CommunityData,
    rhythm: Rhythm,
    last: dict[str, SentInvite],
    *,
    now: dt.datetime,
    skip: frozenset[str],
) -> list[Outgoing]:
    """A series that never meets: one CANCEL, the same for everyone whose calendar holds it."""
    out: list[Outgoing] = []
    ics = b""
    for entry in last.values():
        member = data.member(entry.member_id)
        if member is None or not entry.holds_series or entry.member_id in skip:
            continue
        if not ics:
            ics = calendar.to_ics(calendar.series_cancellation(data, rhythm, now=now))
        out.append(
            Outgoing(
                member,
                rhythm,
                "CANCEL",
                rhythm.sequence,
                ics,
                f"Cancelled: {rhythm.name}",
                _summary(data, rhythm, now, f"{rhythm.name} is called off: it will not meet."),
            )
        )
    return out


def _requests(
    data: CommunityData,
    rhythm: Rhythm,
    last: dict[str, SentInvite],
    audience: list[Member],
    *,
    now: dt.datetime,
) -> list[Outgoing]:
    """The series (REQUEST) for each member of the audience who lacks this version of it."""
    out: list[Outgoing] = []
    request = b""
    for member in audience:
        held = last.get(member.id)
        holds = held is not None and held.holds_series
        if holds and held is not None and held.sequence >= rhythm.sequence:
            continue  # this version is already in their calendar
        if rhythm.ended is not None and not holds:
            continue  # a series that has ended offers a newcomer nothing to come to
        if not request:
            request = calendar.to_ics(
                calendar.series_invite(data, rhythm, method="REQUEST", now=now)
            )
        first = not holds
        note = (
            f"You are invited to {rhythm.name}. One answer covers the whole series."
            if first
            else f"{rhythm.name} has changed: your calendar updates the series."
        )
        out.append(
            Outgoing(
                member,
                rhythm,
                "REQUEST",
                rhythm.sequence,
                request,
                f"{'Invitation' if first else 'Updated invitation'}: {rhythm.name}",
                _summary(data, rhythm, now, note),
            )
        )
    return out


def _departures(
    data: CommunityData,
    rhythm: Rhythm,
    last: dict[str, SentInvite],
    *,
    now: dt.datetime,
    skip: frozenset[str],
) -> list[Outgoing]:
    """A personal CANCEL for each member no longer invited (they left, or the series now
    invites others) whose calendar still holds the series."""
    out: list[Outgoing] = []
    members = {m.id for m in calendar.invitees(data, now.date())}
    invited = {m.id for m in calendar.invitees(data, now.date(), rhythm)}
    for entry in last.values():
        member = data.member(entry.member_id)
        if member is None or entry.member_id in invited or entry.member_id in skip:
            continue
        if not entry.holds_series:
            continue  # already cancelled for them
        if entry.member_id in members:  # still a member: the series now invites others
            left = f"{rhythm.name} is now for a smaller group, so it leaves your calendar."
        else:
            left = f"You have left {data.community.name}, so {rhythm.name} leaves your calendar."
        sequence = max(rhythm.sequence, entry.sequence + 1)
        out.append(
            Outgoing(
                member,
                rhythm,
                "CANCEL",
                sequence,
                _personal_cancel(data, rhythm, member, sequence, now),
                f"Cancelled for you: {rhythm.name}",
                _summary(data, rhythm, now, left),
            )
        )
    return out


def cancellation_messages(
    data: CommunityData,
    rhythm: Rhythm,
    meeting: Meeting,
    log: Iterable[SentInvite],
    *,
    now: dt.datetime,
) -> list[Outgoing]:
    """The CANCEL of one meeting for members up to date just before it, and the series for
    anyone else who needs it (see the module docstring). Call after ``cancel_meeting``, which
    raised the rhythm's SEQUENCE."""
    log = list(log)
    last = _last_sent(log, rhythm)
    notice = b""
    out: list[Outgoing] = []
    for member in _audience(data, now.date(), rhythm):
        entry = last.get(member.id)
        if entry is None or not entry.holds_series or entry.sequence != rhythm.sequence - 1:
            continue
        if not notice:
            notice = calendar.to_ics(
                calendar.occurrence_cancellation(data, rhythm, meeting, now=now)
            )
        day = f"{meeting.start:%a %d %b %Y}"
        reason = f" ({meeting.reason})" if meeting.reason else ""
        out.append(
            Outgoing(
                member,
                rhythm,
                "CANCEL",
                rhythm.sequence,
                notice,
                f"Cancelled: {rhythm.name} on {day}",
                _summary(data, rhythm, now, f"The meeting of {day} is cancelled{reason}."),
                occurrence=meeting.start,
            )
        )
    served = frozenset(o.member.id for o in out)
    return out + series_messages(data, rhythm, log, now=now, skip=served)


class Unsendable(CopkitError):
    """One message that cannot be written as it should be; the words name whom and why."""


def _reads_back(field: str, value: str | Address) -> bool:
    """Whether ``field: value`` is written by the email package and read back as exactly that
    value, and as that one header."""
    import email
    from email import policy

    probe = EmailMessage()
    try:
        probe[field] = value
        raw = probe.as_bytes(policy=policy.SMTP)
    except (ValueError, TypeError, IndexError, UnicodeError, email.errors.MessageError):
        return False
    back = email.message_from_bytes(raw, policy=policy.default)
    if back.keys() != [field]:
        return False
    header: Any = back[field]
    if isinstance(value, Address):
        return tuple(header.addresses) == (value,)
    return str(header) == value


def name_fits(name: str) -> bool:
    """Whether a person's name can stand before their address in a mail header exactly as it
    is (see the module docstring)."""
    try:
        mailbox = Address(display_name=name, addr_spec="someone@example.org")
    except (ValueError, TypeError, IndexError):
        return False
    return _reads_back("To", mailbox)


def _mailbox(name: str, address: str, *, refused: str, mend: str) -> Address:
    """The name and address for From or To; the address alone if the name cannot stand
    there; :class:`Unsendable` (``refused``, why, then ``mend``) if the address cannot."""
    try:
        check_email(address)
        bare = Address(addr_spec=address)
    except (InputError, ValueError, TypeError, IndexError) as exc:
        raise Unsendable(f"{refused}: {exc}; {mend}") from None
    return Address(display_name=name, addr_spec=address) if name_fits(name) else bare


def to_email(out: Outgoing, data: CommunityData, *, now: dt.datetime) -> EmailMessage:
    """The message as members' mail clients expect an invite (RFC 6047 §2.4): the gardener
    as From (the ORGANIZER), a text summary, and the calendar with its METHOD. Raises
    :class:`Unsendable` for a message that cannot be written (see the module docstring)."""
    community = data.community
    member = out.member
    rhythm = out.rhythm
    if not _reads_back("Subject", out.subject):
        raise Unsendable(
            f"the name of the rhythm {rhythm.name!r} ({rhythm.id}) cannot be written as a mail "
            f"subject as it is; rename it with `copkit rhythm edit {rhythm.id} --name NAME`"
        )
    sender = _mailbox(
        community.gardener,
        community.gardener_email,
        refused="no message can be written from the organiser's address",
        mend="set another with `copkit community edit --gardener-email ADDRESS`",
    )
    recipient = _mailbox(
        member.name,
        member.email,
        refused=f"no message for {member.name} ({member.id})",
        mend=f"correct it with `copkit member edit {member.id} --email ADDRESS`",
    )
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = out.subject
    message["Date"] = format_datetime(now.astimezone(dt.UTC))
    message["Message-ID"] = make_msgid("copkit", domain=sender.domain)
    message.set_content(out.text, cte="quoted-printable")
    message.add_alternative(
        out.ics,
        maintype="text",
        subtype="calendar",
        cte="base64",
        params={"method": out.method, "charset": "UTF-8"},
    )
    return message


def record_sent(session: Session, sent: Iterable[Outgoing], *, now: dt.datetime) -> None:
    """Remember what each member now holds: one record per member and series, updated.

    Called in a session opened after the messages went out, so the community may have changed
    meanwhile: a member forgotten or a series deleted since is not brought back, and a record
    of a later version (sent by another run) is kept."""
    existing = {(e.rhythm_id, e.member_id): e for e in session.all(SentInvite)}
    members = {m.id for m in session.all(Member)}
    rhythms = {r.id for r in session.all(Rhythm)}
    new: list[SentInvite] = []
    for out in sent:
        held = existing.get((out.rhythm.id, out.member.id))
        if out.member.id not in members or out.rhythm.id not in rhythms:
            continue
        if held is not None and held.sequence > out.sequence:
            continue
        fields: dict[str, Any] = {
            "method": out.method,
            "sequence": out.sequence,
            "sent": now,
            "occurrence": out.occurrence,
        }
        if held is not None:
            session.put(held.replace(**fields))
        else:
            new.append(SentInvite(rhythm_id=out.rhythm.id, member_id=out.member.id, **fields))
    session.add_many(new)
