"""iCalendar invites, cancellations and feeds that real calendar clients accept.

Members never install copkit: what reaches them is the invite. Everything here builds
:class:`icalendar.Calendar` objects from a :class:`~copkit.records.CommunityData` snapshot and
never prints or touches the store, so the CLI, the TUI and scripts share one implementation.
A script opens a community (:func:`copkit.open_community`), builds a calendar and writes its
bytes (the bundled example community here, copied into a throwaway home)::

    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from copkit import calendar, open_community
    >>> from copkit.example import example_path
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
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vRecur

from copkit import __version__
from copkit.errors import CopkitError, InputError
from copkit.model import Community, Meeting, MeetingPlan, Member, Rhythm, Space
from copkit.records import CommunityData, find_rhythm
from copkit.rhythm import LAST_START, occurs_on, zone_of

if TYPE_CHECKING:
    from copkit.store import Store

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

PRODID = f"-//copkit//copkit {__version__}//EN"

#: VTIMEZONE transitions are computed up to here (the library's default) and then written as
#: yearly rules that stay open (copkit.vtimezone), so they hold as long as a series runs.
TIMEZONE_LAST_DATE = Timezone.DEFAULT_LAST_DATE
#: The last day icalendar can write time-zone rules up to (it looks a little past it).
_LAST_RULES_DATE = dt.date(dt.MAXYEAR, 1, 1)


# --- identity and time stamps ------------------------------------------------------------


def uid_of(rhythm: Rhythm, community: Community) -> str:
    """The series' UID, derived from stored ids only: ``r1.riverside@copkit``."""
    return f"{rhythm.id}.{community.slug}@copkit"


def last_changed(store: Store) -> dt.datetime:
    """When the community file was last written (UTC, whole seconds): the CLI's DTSTAMP.

    The store writes the file only when a command changed something, so this moment rises with
    every change and stays put otherwise.
    """
    mtime = Path(store.path).stat().st_mtime
    return dt.datetime.fromtimestamp(int(mtime), dt.UTC)


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


# --- building blocks ---------------------------------------------------------------------


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


def _organizer(community: Community) -> vCalAddress | None:
    if not community.gardener_email:
        return None
    address = vCalAddress(f"mailto:{community.gardener_email}")
    if community.gardener:
        address.params["CN"] = community.gardener
    return address


def _require_organizer(community: Community, what: str, hint: str = "") -> vCalAddress:
    """Clients show an invite or cancellation without an ORGANIZER as a plain attachment."""
    organizer = _organizer(community)
    if organizer is None:
        raise CopkitError(
            f"{what} needs an organiser, and the community has no gardener email to send it "
            f"from{hint}"
        )
    return organizer


def invitees(data: CommunityData, on: dt.date) -> list[Member]:
    """Who is invited: every member who has not left by ``on``, sorted by name.

    Someone whose joining date is still ahead is invited too: the invite is for meetings ahead.
    """
    people = [m for m in data.members if m.left is None or m.left > on]
    return sorted(people, key=lambda m: (m.name.casefold(), m.email))


def _attendees(data: CommunityData, on: dt.date) -> list[vCalAddress]:
    """One ATTENDEE per member; the gardener, who sends the invite, is the chair and accepted."""
    found = []
    for member in invitees(data, on):
        address = vCalAddress(f"mailto:{member.email}")
        address.params["CN"] = member.name
        address.params["CUTYPE"] = "INDIVIDUAL"
        if member.email == data.community.gardener_email:
            address.params["ROLE"] = "CHAIR"
            address.params["PARTSTAT"] = "ACCEPTED"
        else:
            address.params["ROLE"] = "REQ-PARTICIPANT"
            address.params["PARTSTAT"] = "NEEDS-ACTION"
            address.params["RSVP"] = "TRUE"
        found.append(address)
    return found


def _location(space: Space) -> str:
    """A room if there is one, else the platform and its link (clients make the link clickable)."""
    if space.location:
        return space.location
    parts = [p for p in (space.platform, space.url) if p]
    return " ".join(parts) if parts else space.name


def _description(community: Community, space: Space, reason: str = "") -> str:
    lines = []
    if reason:
        lines += [f"Cancelled: {reason}", ""]
    lines.append(f"Community of practice: {community.name}")
    lines.append(f"Domain: {community.domain}")
    if community.benefit:
        lines.append(f"Why come: {community.benefit}")
    lines.append("")
    where = f"Where: {space.name}"
    if space.platform:
        where += f" ({space.platform})"
    lines.append(where)
    if space.location:
        lines.append(f"Address: {space.location}")
    if space.url:
        lines.append(f"Join: {space.url}")
    return "\n".join(lines)


def _cancelled_starts(data: CommunityData, rhythm: Rhythm, zone: ZoneInfo) -> list[dt.datetime]:
    """EXDATEs at the rule's current time on each cancelled day, so a cancellation survives
    the rhythm being moved to another hour."""
    days = {m.start.date() for m in data.meetings if m.rhythm_id == rhythm.id and not m.held}
    found = (occurs_on(rhythm, zone, day) for day in days)
    return sorted(start for start in found if start is not None)


def _event(
    data: CommunityData,
    rhythm: Rhythm,
    stamp: dt.datetime,
    *,
    attendees: bool,
    organizer: bool,
    sequence: int | None = None,
) -> Event:
    """The VEVENT for a whole series (the heart of every invite and feed)."""
    community = data.community
    space = data.space(rhythm.space_id)
    zone = zone_of(rhythm, community)
    start = rhythm.start.replace(tzinfo=zone)
    event = Event()
    event.add("uid", uid_of(rhythm, community))
    event.add("dtstamp", stamp)
    event.add("sequence", rhythm.sequence if sequence is None else sequence)
    event.add("dtstart", start)
    event.add("dtend", start + rhythm.duration)
    event.add("rrule", vRecur.from_ical(rhythm.rrule))
    exdates = _cancelled_starts(data, rhythm, zone)
    if exdates:
        event.add("exdate", exdates)
    event.add("summary", rhythm.name)
    event.add("description", _description(community, space))
    event.add("location", _location(space))
    if space.url:
        event.add("url", space.url)
    event.add("class", "PRIVATE" if space.is_private else "PUBLIC")
    event.add("transp", "OPAQUE")
    address = _organizer(community) if organizer else None
    if address is not None:
        event.add("organizer", address)
    if attendees:
        for attendee in _attendees(data, stamp.date()):
            event.add("attendee", attendee)
    return event


def _plan_description(
    data: CommunityData, rhythm: Rhythm, plan: MeetingPlan, *, public: bool
) -> str:
    """What one planned meeting is about, above the series' own description.

    A public feed carries the theme alone: an agenda may name cases or people, and a host's
    name is personal data, so neither leaves the members' calendars.
    """
    lines = [f"Theme: {plan.theme}"] if plan.theme else []
    if not public:
        host = data.member(plan.host_id) if plan.host_id else None
        if host is not None:
            lines.append(f"Host: {host.name}")
        if plan.agenda:
            lines += ["Agenda:", plan.agenda]
    space = data.space(rhythm.space_id)
    return "\n".join([*lines, "", _description(data.community, space)])


#: Series properties an override repeats unchanged (RFC 5545 §3.8.4.4: an override replaces
#: the occurrence as a whole, so whatever it leaves out, clients drop for that meeting).
_OVERRIDE_KEEPS = ("LOCATION", "URL", "CLASS", "TRANSP", "ORGANIZER", "ATTENDEE")


def _overrides(data: CommunityData, rhythm: Rhythm, series: Event, *, public: bool) -> list[Event]:
    """One override VEVENT per planned meeting of the series (same UID, a RECURRENCE-ID at the
    occurrence's start in the series' TZID, its own SUMMARY and DESCRIPTION, the series'
    SEQUENCE, which every plan change raised), so calendars show each meeting's theme.

    A plan for a day the series no longer meets on, or a cancelled one, is left out (an
    override of an occurrence that does not exist shows as a stray extra meeting); so is a
    plan without a theme in a public feed, which shows themes only.
    """
    zone = zone_of(rhythm, data.community)
    cancelled = {m.start.date() for m in data.meetings if m.rhythm_id == rhythm.id and not m.held}
    found = []
    for plan in sorted((p for p in data.plans if p.rhythm_id == rhythm.id), key=lambda p: p.start):
        day = plan.start.date()
        if day in cancelled or not rhythm.running(day) or (public and not plan.theme):
            continue
        start = occurs_on(rhythm, zone, day)
        if start is None:
            continue
        event = Event()
        for key in ("UID", "DTSTAMP", "SEQUENCE"):
            event[key] = series[key]
        event.add("recurrence-id", start)
        event.add("dtstart", start)
        event.add("dtend", start + rhythm.duration)
        event.add("summary", f"{rhythm.name}: {plan.theme}" if plan.theme else rhythm.name)
        event.add("description", _plan_description(data, rhythm, plan, public=public))
        for key in _OVERRIDE_KEEPS:
            if key in series:
                event[key] = series[key]
        found.append(event)
    return found


def _calendar(method: str, events: Iterable[Event], *, name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    firsts = []
    for event in events:
        cal.add_component(event)
        firsts.append(event.DTSTART.date())
    if firsts:
        first = dt.date(min(firsts).year, 1, 1)
        ten_on = dt.date(min(max(firsts).year + 10, _LAST_RULES_DATE.year), 1, 1)
        last = max(TIMEZONE_LAST_DATE, ten_on)
        cal.add_missing_timezones(first_date=first, last_date=last)
        _order_timezones(cal)
        from copkit.vtimezone import with_yearly_rules  # yearly RRULEs, open-ended, not RDATEs

        with_yearly_rules(cal)
    return cal


def _order_timezones(cal: Calendar) -> None:
    """VTIMEZONEs first, sorted by TZID: the library adds them in set order, which varies."""
    zones = sorted(cal.timezones, key=lambda tz: tz.tz_name)
    others = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    cal.subcomponents[:] = [*zones, *others]


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
        _require_organizer(
            data.community,
            "an invite (REQUEST)",
            "; a feed without attendees (--method publish) needs none",
        )
        if not invitees(data, stamp.date()):
            raise CopkitError(
                "nobody to invite yet: add members first (or send a feed with --method publish)"
            )
    event = _event(data, found, stamp, attendees=method == "REQUEST", organizer=True)
    return _calendar(method, [event, *_overrides(data, found, event, public=False)])


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
    organizer = _require_organizer(community, "a cancellation notice")
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
    event.add("description", _description(community, space, meeting.reason or "no reason given"))
    event.add("location", _location(space))
    event.add("organizer", organizer)
    for attendee in _attendees(data, stamp.date()):
        event.add("attendee", attendee)
    return _calendar("CANCEL", [event])


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
    _require_organizer(data.community, "a cancellation notice")
    stamp = _stamp(data, now)
    # `records.end_rhythm` raised and stored the sequence; otherwise go one above the last sent.
    sequence = found.sequence if found.ended else found.sequence + 1
    event = _event(data, found, stamp, attendees=True, organizer=True, sequence=sequence)
    event.add("status", "CANCELLED")
    return _calendar("CANCEL", [event])


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
        event = _event(data, rhythm, stamp, attendees=False, organizer=not public)
        events += [event, *_overrides(data, rhythm, event, public=public)]
    return _calendar("PUBLISH", events, name=data.community.name)


def to_ics(cal: Calendar) -> bytes:
    """The calendar as RFC 5545 bytes: UTF-8, CRLF line ends, folded at 75 octets."""
    ics: bytes = cal.to_ical()  # icalendar leaves it untyped
    return ics
