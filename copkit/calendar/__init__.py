"""iCalendar invites, cancellations and feeds that real calendar clients accept.

Members never install copkit: what reaches them is the invite. Everything here builds
:class:`icalendar.Calendar` objects from a :class:`~copkit.records.CommunityData` snapshot and
never prints or touches the store, so the CLI, the TUI and scripts share one implementation.
A script opens a community (:func:`copkit.open_community`), builds a calendar and writes its
bytes (the bundled example community here, copied into a throwaway home)::

    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from copkit import calendar, open_community
    >>> from copkit.storage.example import example_path
    >>> with tempfile.TemporaryDirectory() as home:
    ...     _ = shutil.copyfile(example_path(), Path(home) / "riverside.json")
    ...     data = open_community("riverside", home=home)
    >>> ics = calendar.to_ics(calendar.series_invite(data, "Supervision circle"))
    >>> ics.splitlines()[:3]
    [b'BEGIN:VCALENDAR', b'VERSION:2.0', b'PRODID:-//copkit//copkit 0.1.0//EN']
    >>> b"METHOD:REQUEST" in ics and b"RRULE:FREQ=MONTHLY;BYDAY=2TU" in ics
    True
    >>> calendar.uid_of(data.rhythms[0], data.community)
    'r1.riverside@copkit'

A script that keeps the file's stamp passes ``now=calendar.last_changed(store)`` with the store
from :func:`copkit.community_store` (see DTSTAMP below and ``examples/write_invites.py``, which
also skips what :func:`unwritable` or an ended series leaves nothing to invite to).

The rules followed (RFC 5545 and RFC 5546, as calendar clients apply them):

* one VEVENT per rhythm, with its RRULE and an EXDATE for every cancelled occurrence, so one
  RSVP answers for the whole series;
* DTSTART/DTEND carry the rhythm's TZID and the calendar holds the matching VTIMEZONE, so a
  14:00 meeting stays at 14:00 local time across daylight-saving changes (never floating times);
* the UID is ``<rhythm-id>.<community-slug>@copkit``: stable across runs and machines, so a
  client updates the series it already holds instead of showing a second copy;
* SEQUENCE is the rhythm's stored ``sequence``, which rises with every change that is sent out
  (``records.cancel_meeting`` and ``records.plan_meeting`` bump it);
* a planned meeting (theme, agenda, host: ``records.plan_meeting``) is an override VEVENT of
  its occurrence: the same UID and SEQUENCE, a RECURRENCE-ID, its own SUMMARY and DESCRIPTION;
  the public feed carries the theme alone, and nothing of a private space;
* text escaping, parameter quoting, folding at 75 octets and CRLF are left to the icalendar
  library: nothing here builds a content line by hand.

**DTSTAMP.** RFC 5546 makes DTSTAMP the moment a message was made, and clients compare it when
two messages carry the same SEQUENCE (an attendee added, say). A clock reading would make every
run differ, so copkit stamps a message with the moment its data last changed: pass
``now=last_changed(store)`` (the community file's modification time, which is what the CLI and
``examples/write_invites.py`` do). It stays put while nothing changes, so regenerating gives the
same bytes, and it rises with every change that is saved, so the newer invite wins. Without
``now`` the stamp comes from the records alone (:func:`data_stamp`): the same on every machine,
but only precise to the day and blind to changes that leave no date behind.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from icalendar import Calendar, Event

from copkit.calendar.vevents import PRODID as PRODID  # still importable from here, as before
from copkit.calendar.vevents import TIMEZONE_LAST_DATE as TIMEZONE_LAST_DATE
from copkit.calendar.vevents import (
    attendee_addresses,
    description,
    invitees,
    location,
    overrides,
    require_organizer,
    series_event,
    uid_of,
    vcalendar,
)
from copkit.errors import CopkitError, InputError
from copkit.model import Meeting, Rhythm
from copkit.records import CommunityData, find_rhythm
from copkit.schedule.rhythm import LAST_START, zone_of

if TYPE_CHECKING:
    from copkit.storage.home import CommunityStore

__all__ = [
    "Method",
    "community_calendar",
    "data_stamp",
    "invitees",
    "last_changed",
    "left_out",
    "occurrence_cancellation",
    "series_cancellation",
    "series_invite",
    "to_ics",
    "uid_of",
    "unwritable",
]

#: How an invite is sent: to attendees who answer (REQUEST) or as a feed entry (PUBLISH).
Method = Literal["REQUEST", "PUBLISH"]


# --- identity and time stamps ------------------------------------------------------------


def last_changed(store: CommunityStore) -> dt.datetime:
    """When the community was last written (UTC, whole seconds): the CLI's DTSTAMP.

    The store writes only when a command changed something, so this moment rises with every
    change and stays put otherwise.
    """
    return dt.datetime.fromtimestamp(int(store.changed_at().timestamp()), dt.UTC)


def data_stamp(data: CommunityData) -> dt.datetime:
    """The latest day the records themselves mention, at 00:00 UTC (the fallback DTSTAMP).

    Counted: the community's creation and members joining and leaving. Meeting dates are left
    out because a cancelled meeting may lie in the future, and a DTSTAMP from the future would
    make clients ignore the next real update; cancellations raise SEQUENCE instead.
    """
    days = [data.community.created]
    for member in data.members:
        days.append(member.joined)
        if member.left is not None:
            days.append(member.left)
    return dt.datetime.combine(max(days), dt.time(), tzinfo=dt.UTC)


def _stamp(data: CommunityData, now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return data_stamp(data)
    if now.tzinfo is None:
        raise InputError("`now` must carry a zone (e.g. datetime.now(UTC)); DTSTAMP is in UTC")
    return now.astimezone(dt.UTC).replace(microsecond=0)


# --- what can be written ---------------------------------------------------------------


def _rhythm(data: CommunityData, rhythm: Rhythm | str) -> Rhythm:
    return rhythm if isinstance(rhythm, Rhythm) else find_rhythm(data.rhythms, rhythm)


def unwritable(rhythm: Rhythm) -> str | None:
    """Why a stored series cannot be written as a calendar, or None if it can.

    copkit refuses such a start when a rhythm is added or edited, but a file from an older
    copkit, or one edited by hand, may still hold one; it must not take the feed of every
    other rhythm down with it.
    """
    if rhythm.start.date() <= LAST_START:
        return None
    return (
        f"{rhythm.name} ({rhythm.id}) first meets on {rhythm.start:%a %d %b %Y}, too late for "
        f"a calendar (a series must start by {LAST_START:%d %b %Y}); give it an earlier start "
        f"with `copkit rhythm edit {rhythm.id} --start`"
    )


def left_out(data: CommunityData) -> list[str]:
    """What :func:`community_calendar` leaves out because it cannot be written, and why."""
    return [reason for r in data.rhythms if (reason := unwritable(r)) is not None]


# --- the public API ----------------------------------------------------------------------


def series_invite(
    data: CommunityData,
    rhythm: Rhythm | str,
    *,
    method: Method = "REQUEST",
    now: dt.datetime | None = None,
) -> Calendar:
    """The whole series as one invite (``REQUEST``) or one feed entry (``PUBLISH``).

    ``REQUEST`` names the gardener as ORGANIZER and every member who has not left as an
    ATTENDEE; Outlook shows a REQUEST without them as a plain attachment, so it is refused when
    the community has no gardener email or nobody to invite. ``PUBLISH`` never lists attendees
    (Outlook treats a PUBLISH with attendees as an attachment too). ``rhythm`` is a record or
    its name or id. ``now`` is the DTSTAMP: see the module docstring.
    """
    shouted = str(method).upper()
    if shouted not in ("REQUEST", "PUBLISH"):
        raise InputError(f"an invite is sent as REQUEST or PUBLISH, not {shouted!r}")
    method = "REQUEST" if shouted == "REQUEST" else "PUBLISH"
    found = _rhythm(data, rhythm)
    if not found.meets_before_end:
        raise CopkitError(
            f"{found.name} was called off from {found.ended}: there is nothing to invite to"
        )
    problem = unwritable(found)
    if problem is not None:
        raise CopkitError(problem)
    stamp = _stamp(data, now)
    if method == "REQUEST":
        require_organizer(
            data.community,
            "an invite (REQUEST)",
            "; a feed without attendees (--method publish) needs none",
        )
        if not invitees(data, stamp.date(), found):
            raise CopkitError(
                f"nobody to invite to {found.name} yet: add members first, or name them with "
                "`copkit rhythm edit --invite` (or send a feed with --method publish)"
            )
    event = series_event(data, found, stamp, attendees=method == "REQUEST", organizer=True)
    return vcalendar(method, [event, *overrides(data, found, event, public=False)])


def occurrence_cancellation(
    data: CommunityData,
    rhythm: Rhythm | str,
    meeting: Meeting,
    *,
    now: dt.datetime | None = None,
) -> Calendar:
    """``METHOD:CANCEL`` for one cancelled occurrence, which clients strike from the series.

    The VEVENT has the series' UID, a RECURRENCE-ID equal to the occurrence's original start
    (with the same TZID as DTSTART), STATUS:CANCELLED and the rhythm's SEQUENCE, which
    ``records.cancel_meeting`` has already raised. The reason, if any, is in the DESCRIPTION.
    """
    found = _rhythm(data, rhythm)
    if meeting.rhythm_id != found.id:
        raise CopkitError(f"meeting {meeting.id} does not belong to {found.name}")
    community = data.community
    organizer = require_organizer(community, "a cancellation notice")
    stamp = _stamp(data, now)
    zone = zone_of(found, community)
    start = meeting.start.replace(tzinfo=zone)
    space = data.space(found.space_id)
    event = Event()
    event.add("uid", uid_of(found, community))
    event.add("dtstamp", stamp)
    event.add("sequence", found.sequence)
    event.add("recurrence-id", start)
    event.add("dtstart", start)
    event.add("dtend", start + found.duration)
    event.add("status", "CANCELLED")
    event.add("summary", found.name)  # clients add their own "Cancelled" label
    event.add("description", description(community, space, meeting.reason or "no reason given"))
    event.add("location", location(space))
    event.add("organizer", organizer)
    for attendee in attendee_addresses(data, stamp.date(), found):
        event.add("attendee", attendee)
    return vcalendar("CANCEL", [event])


def series_cancellation(
    data: CommunityData,
    rhythm: Rhythm | str,
    *,
    now: dt.datetime | None = None,
) -> Calendar:
    """``METHOD:CANCEL`` with STATUS:CANCELLED for the whole series.

    For a rhythm ended with ``records.end_rhythm`` the stored SEQUENCE was already raised;
    for one still running (a preview) this goes one above it, higher than any invite sent.
    """
    found = _rhythm(data, rhythm)
    require_organizer(data.community, "a cancellation notice")
    stamp = _stamp(data, now)
    # `records.end_rhythm` raised and stored the sequence; otherwise go one above the last sent.
    sequence = found.sequence if found.ended else found.sequence + 1
    event = series_event(data, found, stamp, attendees=True, organizer=True, sequence=sequence)
    event.add("status", "CANCELLED")
    return vcalendar("CANCEL", [event])


def community_calendar(
    data: CommunityData,
    *,
    public: bool = False,
    now: dt.datetime | None = None,
) -> Calendar:
    """Every rhythm in one ``METHOD:PUBLISH`` feed, without attendees.

    ``public=True`` makes a feed a community can publish: only rhythms on public spaces, and
    nothing from a private space at all (not its rhythms' names, descriptions or links). It
    also leaves out the ORGANIZER, so no personal email address is published either.
    Planned meetings are override events: with their theme, host and agenda in the members'
    calendar, with the theme alone in the public one.
    """
    stamp = _stamp(data, now)
    events = []
    for rhythm in sorted(data.rhythms, key=lambda r: int(r.id.lstrip("r") or 0)):
        if public and data.space(rhythm.space_id).is_private:
            continue
        if not rhythm.meets_before_end or unwritable(rhythm) is not None:
            continue  # called off before it ever met, or no calendar can hold it (left_out)
        event = series_event(data, rhythm, stamp, attendees=False, organizer=not public)
        events += [event, *overrides(data, rhythm, event, public=public)]
    return vcalendar("PUBLISH", events, name=data.community.name)


def to_ics(cal: Calendar) -> bytes:
    """The calendar as RFC 5545 bytes: UTF-8, CRLF line ends, folded at 75 octets."""
    ics: bytes = cal.to_ical()  # icalendar leaves it untyped
    return ics
