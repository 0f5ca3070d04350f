"""What no single record can check: that a community's records fit together.

Each record validates itself when it is built (see :mod:`copkit.model`), but a meeting cannot
know whether its space exists, nor a member whether another has the same email. copkit's own
commands never write such data; a hand-edited file or a crafted export can hold it, and then a
listing crashes far from the cause. The store runs :func:`check_references` whenever it opens
a file and import runs it on an export, so both refuse such data up front with the record named.

(Its own module because both :mod:`copkit.storage.store` and :mod:`copkit.storage.portable` need
it, and
:mod:`copkit.records` imports the store.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from copkit.errors import InputError
from copkit.model import (
    Meeting,
    MeetingPlan,
    Member,
    Record,
    Rhythm,
    Rsvp,
    SentInvite,
    Space,
    Story,
)


def check_references(records: Iterable[Record]) -> None:
    """Refuse the first record that points at nothing, clashes with another, or cannot be used.

    Checked: no two members share an email; every rhythm and meeting is on a space that is
    there; a meeting's rhythm, attendees and topic proposers, and the members a rhythm
    invites, are there; a story's member is
    there; every rhythm's rule is one copkit can expand. Raises InputError naming the record.
    """
    records = list(records)
    spaces = {r.id for r in records if isinstance(r, Space)}
    rhythms = {r.id for r in records if isinstance(r, Rhythm)}
    members = {r.id for r in records if isinstance(r, Member)}
    emails: dict[str, str] = {}
    for record in records:
        if isinstance(record, Member):
            if record.email in emails:
                raise InputError(
                    f"members {emails[record.email]} and {record.id} have the same email "
                    f"{record.email}"
                )
            emails[record.email] = record.id
        elif isinstance(record, Rhythm):
            _check_rhythm(record, spaces)
            unknown = [i for i in record.invited if i not in members and i != Rhythm.NONE_LEFT]
            if unknown:
                raise InputError(
                    f"rhythm {record.id} ({record.name}) invites members who are not there: "
                    + ", ".join(unknown)
                )
        elif isinstance(record, Meeting):
            _check_meeting(record, spaces, rhythms, members)
        elif isinstance(record, Story) and record.member_id and record.member_id not in members:
            raise InputError(
                f"story {record.id} is about member {record.member_id!r}, who is not there"
            )
        elif isinstance(record, SentInvite | Rsvp | MeetingPlan):
            _check_reach(record, rhythms, members)


def _check_rhythm(rhythm: Rhythm, spaces: set[str]) -> None:
    # Loaded here, when there is a rhythm to check: opening a file without one pays for none.
    from copkit.schedule.rrules import expands_as_stored

    where = f"rhythm {rhythm.id} ({rhythm.name})"
    if rhythm.space_id not in spaces:
        raise InputError(f"{where} meets on space {rhythm.space_id!r}, which is not there")
    if not expands_as_stored(rhythm.rrule):
        _check_rule_fully(rhythm, where)


def _check_rule_fully(rhythm: Rhythm, where: str) -> None:
    """A rule in a form copkit does not write itself (a hand-edited file, an old spelling):
    read leniently by the phrase parser's RRULE reader, then expanded by dateutil as stored.
    A rule copkit wrote never comes here (see :func:`copkit.schedule.rrules.expands_as_stored`),
    so opening a file loads neither of them."""
    from dateutil.rrule import rrulestr

    from copkit.schedule.phrases import rrule_from_text

    try:
        rrule_from_text(rhythm.rrule)
    except InputError as exc:
        raise InputError(f"{where} has a rule copkit cannot use: {exc}") from None
    # rrule_from_text reads the rule leniently (spaces, an RRULE: prefix); the dates are later
    # expanded from the stored text as it is, from a zone-aware start, so that must work too.
    try:
        rrulestr(f"RRULE:{rhythm.rrule}", dtstart=rhythm.start.replace(tzinfo=dt.UTC))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise InputError(
            f"{where} has a rule stored in a form copkit cannot expand: {rhythm.rrule!r}"
        ) from None


def _check_meeting(
    meeting: Meeting, spaces: set[str], rhythms: set[str], members: set[str]
) -> None:
    where = f"meeting {meeting.id} ({meeting.start:%Y-%m-%d})"
    if meeting.space_id not in spaces:
        raise InputError(f"{where} was on space {meeting.space_id!r}, which is not there")
    if meeting.rhythm_id and meeting.rhythm_id not in rhythms:
        raise InputError(f"{where} belongs to rhythm {meeting.rhythm_id!r}, which is not there")
    unknown = [a for a in meeting.attendees if a not in members]
    if unknown:
        raise InputError(f"{where} lists attendees who are not there: {', '.join(unknown)}")
    for topic in meeting.topics:
        if topic.proposed_by is not None and topic.proposed_by not in members:
            raise InputError(
                f"{where} has a topic proposed by {topic.proposed_by!r}, who is not there"
            )


def _check_reach(
    record: SentInvite | Rsvp | MeetingPlan, rhythms: set[str], members: set[str]
) -> None:
    """A sent invite, an answer or a meeting plan belongs to a rhythm and (but for a plan
    without a host) a member that are there: ``member forget`` erases them with the member."""
    where = f"{type(record).__name__.lower()} {record.id}"
    if record.rhythm_id not in rhythms:
        raise InputError(f"{where} belongs to rhythm {record.rhythm_id!r}, which is not there")
    person = record.host_id if isinstance(record, MeetingPlan) else record.member_id
    if person is not None and person not in members:
        raise InputError(f"{where} names member {person!r}, who is not there")
