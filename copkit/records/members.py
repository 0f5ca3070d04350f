"""The people in a community: finding, adding, changing, leaving, forgetting, importing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from copkit.errors import CopkitError
from copkit.model import Level, Meeting, Member, Rhythm, Story, revise
from copkit.model.refs import find_member as find_member
from copkit.model.words import phrase, spaced

if TYPE_CHECKING:  # the csv module, only for an import
    from copkit.records.csvimport import MembersFile
    from copkit.storage.store import Session


def all_members(session: Session) -> list[Member]:
    """Every member in stored order, those who left too: what `member list --csv` writes."""
    return session.all(Member)


def get_member(session: Session, ref: str) -> Member:
    """The member ``ref`` names (see :func:`find_member`)."""
    return find_member(session.all(Member), ref)


def holds_email(session: Session, email: str) -> bool:
    """Whether this community holds a member with this email, whether current or not."""
    return any(m.email == email for m in session.all(Member))


def list_members(
    session: Session,
    *,
    level: Level | None = None,
    org: str | None = None,
    include_left: bool = False,
    among: Sequence[Member] | None = None,
) -> list[Member]:
    """The members `member list` shows: current ones (all with ``include_left``), or those
    ``among`` a set a reading chose (``member list --silent`` passes
    :func:`copkit.health.participation.silent_members`: the rule of who is silent is the
    health check's); of one level, or of one organisation (case-insensitive)."""
    if among is not None:
        found = list(among)
    else:
        found = session.all(Member)
        if not include_left:
            found = current_members(found)
    if level:
        found = [m for m in found if m.level == level]
    if org:
        found = [m for m in found if m.org.lower() == org.lower()]
    return found


def _check_email_free(session: Session, email: str, *, except_id: str = "") -> None:
    for member in session.all(Member):
        if member.email == email.lower() and member.id != except_id:
            raise CopkitError(f"{email} already belongs to {member.name} ({member.id})")


def add_member(session: Session, member: Member) -> Member:
    _check_email_free(session, member.email)
    return session.add(member)


def edit_member(
    session: Session,
    ref: str,
    *,
    name: str | None = None,
    email: str | None = None,
    org: str | None = None,
    role: str | None = None,
    level: Level | None = None,
    external: bool | None = None,
    interests: Sequence[str] | None = None,
    joined: dt.date | None = None,
) -> Member:
    """Change the fields given (None: unchanged); the record is re-validated as a whole.

    A new join date may not be later than the first meeting the member attended.
    """
    found = find_member(session.all(Member), ref)
    changes = {
        "name": name,
        "email": email,
        "org": org,
        "role": role,
        "level": level,
        "external": external,
        "interests": interests,
        "joined": joined,
    }
    if joined is not None and joined != found.joined:
        _refuse_joining_after_attending(session, found, joined)
    updated = found.revised(_plain({k: v for k, v in changes.items() if v is not None}))
    if updated.email != found.email:
        _check_email_free(session, updated.email, except_id=found.id)
    return session.put(updated)


def _refuse_joining_after_attending(session: Session, member: Member, joined: dt.date) -> None:
    """A member was taking part on every meeting they attended: recording one before their join
    date moves the date back to it (``records.record_meeting``), and an edit may not undo
    that. A date left as it is stays, even in a file edited by hand."""
    attended = [m.start.date() for m in session.all(Meeting) if member.id in m.attendees]
    first = min(attended, default=None)
    if first is not None and joined > first:
        raise CopkitError(
            f"{member.name} attended a meeting on {first.isoformat()}; a join date after it "
            "would not be true"
        )


def _plain(changes: dict[str, object]) -> dict[str, object]:
    """Values as ``to_dict`` would store them, so ``from_dict`` can decode them again."""
    out: dict[str, object] = {}
    for key, value in changes.items():
        if isinstance(value, Level):
            value = value.value
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple | list):
            value = list(value)
        out[key] = value
    return out


def leave_member(session: Session, ref: str, on: dt.date) -> Member:
    """The member has left ``on`` (a face gives the day; `member leave` defaults to today)."""
    member = find_member(session.all(Member), ref)
    if member.left is not None:
        raise CopkitError(f"{member.name} already left on {member.left}")
    return session.put(member.replace(left=on))


def forget_member(session: Session, ref: str) -> Member:
    """Erase a member's personal data from every record, keeping past counts right.

    The member record goes; in each meeting they attended their id becomes one anonymous
    attendee; topics they proposed lose the proposer but keep that a member proposed them; a
    guest entry under their name goes. Stories go if they were told about them, or if their text
    names them, by full name or by surname (three letters or more; a whole word, in any case):
    a story that names a person is about that person, however it was filed. If they were a
    gardener, the community forgets that too, and a series that invites them by name no longer
    does; roles they took at meetings lose who took them
    and keep that a member did. Their conversation records go (every identity
    matched to them, its counts and its place in threads; each identity that was theirs stays
    only as a salted digest, so the next import of an old export cannot bring them back), and
    so do the invites sent to them
    and their answers (:mod:`copkit.records.sent`). The file's backups are dropped once
    the erasure is written, since each of them still holds the person.
    """

    member = find_member(session.all(Member), ref)
    for meeting in session.all(Meeting):
        anonymised = _without_member(meeting, member)
        if anonymised is not None:
            session.put(anonymised)
    session.remove_many(Story, [s.id for s in _stories_naming(session.all(Story), member)])
    for rhythm in session.all(Rhythm):
        if member.id in rhythm.invited:
            session.put(rhythm.without_invitee(member.id))
    community = session.community()
    kept = tuple(g for g in community.gardeners if not g.is_member(member))
    if kept != community.gardeners:
        session.put_community(community.replace(gardeners=kept))
    from copkit.conversations.log import forget_conversations  # only a forget needs it

    forget_conversations(session, member)
    from copkit.records.sent import forget_reach  # sent invites, answers, hosting

    forget_reach(session, member)
    session.remove(Member, member.id)
    session.purge_backups_after_write()
    return member


def _without_member(meeting: Meeting, member: Member) -> Meeting | None:
    """The meeting with the member taken out and their attendance kept as an anonymous count;
    ``None`` when the meeting never mentions them."""
    name = phrase(member.name)
    attended = member.id in meeting.attendees
    proposed = any(t.proposed_by == member.id for t in meeting.topics)
    guest = any(phrase(g) == name for g in meeting.guests)
    took_role = any(r.member_id == member.id for r in meeting.roles)
    if not (attended or proposed or guest or took_role):
        return None
    return meeting.replace(
        attendees=tuple(a for a in meeting.attendees if a != member.id),
        anonymous_attendees=meeting.anonymous_attendees + int(attended),
        topics=tuple(
            t if t.proposed_by != member.id else revise(t, proposed_by=None) for t in meeting.topics
        ),
        guests=tuple(g for g in meeting.guests if phrase(g) != name),
        roles=tuple(
            r if r.member_id != member.id else revise(r, member_id=None) for r in meeting.roles
        ),
    )


def _stories_naming(stories: Iterable[Story], member: Member) -> list[Story]:
    """Stories told about the member, or whose text names them by full name or by a surname
    of three letters or more (a whole word, in any case)."""
    parts = spaced(member.name).split()
    marks = [f" {' '.join(parts)} "] if parts else []
    if len(parts) > 1 and len(parts[-1]) >= 3:
        marks.append(f" {parts[-1]} ")
    return [
        story
        for story in stories
        if story.member_id == member.id or any(mark in spaced(story.text) for mark in marks)
    ]


def import_members(session: Session, read: MembersFile, *, dry_run: bool = False) -> list[Member]:
    """`member import`: the members of a CSV file as read (:func:`copkit.records.csvimport.
    read_members_file`), added all or nothing, every bad row named by its line.

    Every row is checked against the community and the rest of the file before anything is
    added. With ``dry_run`` nothing is written: the members that would be added are returned.
    """
    from copkit.records.csvimport import checked_members  # the csv module: only for an import

    known = {m.email: m.name for m in session.all(Member)}
    added = session.add_many([member for _, member in checked_members(read, known=known)])
    if dry_run:
        session.discard()
    return added


def current_members(members: Iterable[Member], on: dt.date | None = None) -> list[Member]:
    return [m for m in members if m.is_current(on)]
