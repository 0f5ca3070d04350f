"""The pieces every calendar copkit writes is made of: the VEVENT of a series, the override of
a planned meeting, who attends, and the VCALENDAR around them with its VTIMEZONEs.

:mod:`copkit.calendar` decides what a message is and when one is refused (an invite without an
organiser, a series called off); this module only builds the components, following the rules
listed in that module's docstring (the UID, SEQUENCE, EXDATEs, TZIDs, what an override repeats).
It is kept apart so that the public API reads as the list of messages copkit sends, and the
iCalendar detail of each lives in one place that every message shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vRecur

from copkit import __version__
from copkit.errors import CopkitError
from copkit.model import Community, MeetingPlan, Member, Rhythm, Space
from copkit.records import CommunityData, cancelled_days
from copkit.schedule.rhythm import occurs_on, zone_of

PRODID = f"-//copkit//copkit {__version__}//EN"

#: VTIMEZONE transitions are computed up to here (the library's default) and then written as
#: yearly rules that stay open (copkit.calendar.vtimezone), so they hold as long as a series runs.
TIMEZONE_LAST_DATE = Timezone.DEFAULT_LAST_DATE
#: The last day icalendar can write time-zone rules up to (it looks a little past it).
_LAST_RULES_DATE = dt.date(dt.MAXYEAR, 1, 1)


def uid_of(rhythm: Rhythm, community: Community) -> str:
    """The series' UID, derived from stored ids only: ``r1.riverside@copkit``."""
    return f"{rhythm.id}.{community.slug}@copkit"


def _organizer(community: Community) -> vCalAddress | None:
    if not community.gardener_email:
        return None
    address = vCalAddress(f"mailto:{community.gardener_email}")
    if community.gardener:
        address.params["CN"] = community.gardener
    return address


def require_organizer(community: Community, what: str, hint: str = "") -> vCalAddress:
    """Clients show an invite or cancellation without an ORGANIZER as a plain attachment."""
    organizer = _organizer(community)
    if organizer is None:
        raise CopkitError(
            f"{what} needs an organiser, and the community has no gardener email to send it "
            f"from{hint}"
        )
    return organizer


def invitees(data: CommunityData, on: dt.date, rhythm: Rhythm | None = None) -> list[Member]:
    """Who is invited: every member who has not left by ``on`` (of those ``rhythm`` names, for
    a series meant for some), sorted by name.

    Someone whose joining date is still ahead is invited too: the invite is for meetings ahead.
    """
    people = [
        m for m in data.members if not m.left_by(on) and (rhythm is None or rhythm.invites(m.id))
    ]
    return sorted(people, key=lambda m: (m.name.casefold(), m.email))


def attendee_addresses(
    data: CommunityData, on: dt.date, rhythm: Rhythm | None = None
) -> list[vCalAddress]:
    """One ATTENDEE per invitee (of ``rhythm``); the gardener, who sends the invite, is the
    chair and accepted."""
    found = []
    for member in invitees(data, on, rhythm):
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


def location(space: Space) -> str:
    """A room if there is one, else the platform and its link (clients make the link clickable)."""
    if space.location:
        return space.location
    parts = [p for p in (space.platform, space.url) if p]
    return " ".join(parts) if parts else space.name


def description(community: Community, space: Space, reason: str = "") -> str:
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
    found = (occurs_on(rhythm, zone, day) for day in cancelled_days(data.meetings, rhythm))
    return sorted(start for start in found if start is not None)


def series_event(
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
    event.add("description", description(community, space))
    event.add("location", location(space))
    if space.url:
        event.add("url", space.url)
    event.add("class", "PRIVATE" if space.is_private else "PUBLIC")
    event.add("transp", "OPAQUE")
    address = _organizer(community) if organizer else None
    if address is not None:
        event.add("organizer", address)
    if attendees:
        for attendee in attendee_addresses(data, stamp.date(), rhythm):
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
    return "\n".join([*lines, "", description(data.community, space)])


#: Series properties an override repeats unchanged (RFC 5545 §3.8.4.4: an override replaces
#: the occurrence as a whole, so whatever it leaves out, clients drop for that meeting).
_OVERRIDE_KEEPS = ("LOCATION", "URL", "CLASS", "TRANSP", "ORGANIZER", "ATTENDEE")


def overrides(data: CommunityData, rhythm: Rhythm, series: Event, *, public: bool) -> list[Event]:
    """One override VEVENT per planned meeting of the series (same UID, a RECURRENCE-ID at the
    occurrence's start in the series' TZID, its own SUMMARY and DESCRIPTION, the series'
    SEQUENCE, which every plan change raised), so calendars show each meeting's theme.

    A plan for a day the series no longer meets on, or a cancelled one, is left out (an
    override of an occurrence that does not exist shows as a stray extra meeting); so is a
    plan without a theme in a public feed, which shows themes only.
    """
    zone = zone_of(rhythm, data.community)
    cancelled = cancelled_days(data.meetings, rhythm)
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


def vcalendar(method: str, events: Iterable[Event], *, name: str = "") -> Calendar:
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
        from copkit.calendar.vtimezone import (
            with_yearly_rules,  # yearly RRULEs, open-ended, not RDATEs
        )

        with_yearly_rules(cal)
    return cal


def _order_timezones(cal: Calendar) -> None:
    """VTIMEZONEs first, sorted by TZID: the library adds them in set order, which varies."""
    zones = sorted(cal.timezones, key=lambda tz: tz.tz_name)
    others = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    cal.subcomponents[:] = [*zones, *others]
