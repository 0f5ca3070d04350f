"""Rhythms: from what a gardener types to the dates meetings fall on.

A rhythm is stored as an RFC 5545 RRULE plus a wall-clock start in an IANA zone. Expansion uses
dateutil's ``rrule`` with a zone-aware start: dateutil builds each occurrence from the local date
and the local time, so a 14:00 meeting stays at 14:00 on both sides of a daylight-saving change,
exactly as calendar clients expand the same RRULE.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

import msgspec

from copkit.errors import InputError
from copkit.model import Community, Rhythm
from copkit.schedule.expand import SimpleRule, simple_rule
from copkit.schedule.parsing import FIRST_DAY, LAST_DAY, local_time

if TYPE_CHECKING:
    from dateutil.rrule import rrule

    from copkit.schedule.phrases import EveryPhrase

#: The days a series may first meet on. Python, icalendar and every calendar client stop at the
#: end of 9999, and a series needs room after its first meeting: copkit writes its zone's rules
#: ten years ahead (the VTIMEZONE) and clients expand a series years ahead. Before 1900 most
#: places kept local mean time, which calendars cannot show, and a series reaching back
#: centuries makes every plan walk through all of them to find the next meeting. The same
#: years every date option takes.
FIRST_START = FIRST_DAY
LAST_START = LAST_DAY
_LAST_UNTIL = "99991231T235959Z"


class RuleSpec(msgspec.Struct, frozen=True):
    """A rhythm's rule and its first meeting, ready to store."""

    rrule: str
    start: dt.datetime
    duration: dt.timedelta | None


def zone_of(rhythm: Rhythm, community: Community) -> ZoneInfo:
    return ZoneInfo(rhythm.timezone or community.timezone)


def until_in_utc(until: dt.date, zone: ZoneInfo, *, strict: bool = False) -> str:
    """``--until 2026-12-31``: the end of that local day, as the UTC UNTIL RFC 5545 requires.

    West of UTC the end of 31 Dec 9999 is already in the year 10000, which nothing can hold.
    ``strict`` refuses such a day (a person typed it and can pick another); otherwise, for
    rules already stored, it becomes the last second there is.
    """
    end_of_day = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=zone)
    try:
        return end_of_day.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    except OverflowError:
        if strict:
            raise InputError(
                f"--until {until} ends after 31 Dec 9999 in UTC, the last moment calendars can "
                "hold; give an earlier date"
            ) from None
        return _LAST_UNTIL


@functools.lru_cache(maxsize=512)
def _rule(rule: str, start: dt.datetime) -> rrule | SimpleRule:
    """Parsed once per (rule, start): dateutil caches the expansion inside the object too.

    A daily or weekly rule is expanded by :mod:`copkit.schedule.expand`, exactly as dateutil
    would; any other by dateutil, loaded with the first such rule: a community whose rhythms
    are daily or weekly, and a command that expands none, never pays for it.
    """
    simple = simple_rule(rule, start)
    if simple is not None:
        return simple
    from dateutil.rrule import rrulestr

    # One RRULE line and no forceset: dateutil returns an rrule, not an rruleset.
    return cast("rrule", rrulestr(f"RRULE:{rule}", dtstart=start, cache=True))


def build_rule(
    *,
    phrase: EveryPhrase,
    start: dt.datetime | dt.date,
    zone: ZoneInfo,
    until: dt.date | None = None,
    default_time: dt.time | None = None,
) -> RuleSpec:
    """Combine the rule as read (``--every``/``--rrule``), ``--start`` and ``--until`` into one
    stored rule.

    The start moves forward to the rule's first occurrence (a "2nd Tuesday" rhythm started on a
    Thursday first meets on the next 2nd Tuesday), because calendar clients always count DTSTART
    as a meeting and copkit's dates must match theirs. That first meeting must be a local time
    that happens exactly once, in the years a calendar can hold (:data:`FIRST_START` to
    :data:`LAST_START`). A bare date takes its time from the phrase, else ``default_time``.
    """
    local_start = _local_start(start, phrase.time or default_time)
    check_room(local_start.date())
    rule = phrase.rrule
    if until is not None:
        if "UNTIL=" in rule or "COUNT=" in rule:
            raise InputError("the rule already says when it ends; leave out --until")
        if until < local_start.date():
            raise InputError(f"--until {until} is before the start {local_start.date()}")
        rule = f"{rule};UNTIL={until_in_utc(until, zone, strict=True)}"
    first = _first(rule, local_start, zone)
    check_room(first.date())
    local_time(first, zone)
    return RuleSpec(rule, first, phrase.duration)


def _local_start(start: dt.datetime | dt.date, time: dt.time | None) -> dt.datetime:
    if isinstance(start, dt.datetime):
        return start
    if time is None:
        raise InputError("give --start a time (2026-01-13T14:00) or say it in --every (at 14:00)")
    return dt.datetime.combine(start, time)


def _first(rule: str, local_start: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The rule's first meeting at or after ``local_start``, as a wall-clock time."""
    try:
        first = next(iter(_rule(rule, local_start.replace(tzinfo=zone))), None)
    except (ValueError, OverflowError) as exc:
        raise InputError(f"cannot use the rule {rule!r}: {exc}") from None
    if first is None:
        raise InputError(f"the rule {rule!r} gives no meeting from {local_start:%Y-%m-%d} on")
    return first.replace(tzinfo=None)


def check_room(day: dt.date) -> None:
    """Refuse a series whose first meeting is outside the years calendars can carry it."""
    if day > LAST_START:
        raise InputError(
            f"a rhythm that first meets on {day:%a %d %b %Y} would run past the year "
            f"{dt.MAXYEAR}, "
            f"the last a calendar can hold; start it by {LAST_START:%d %b %Y}"
        )
    if day < FIRST_START:
        raise InputError(
            f"a rhythm that first meets on {day:%a %d %b %Y} is too far back for a calendar; "
            f"start it on {FIRST_START:%d %b %Y} or later"
        )


def occurrences_between(
    rhythm: Rhythm, zone: ZoneInfo, start: dt.datetime, end: dt.datetime
) -> list[dt.datetime]:
    """Occurrences with ``start <= t < end`` (both zone-aware)."""
    rule = _rule(rhythm.rrule, rhythm.start.replace(tzinfo=zone))
    return [t for t in rule.between(start, end, inc=True) if t < end]


def next_occurrences(
    rhythm: Rhythm, zone: ZoneInfo, after: dt.datetime, count: int
) -> list[dt.datetime]:
    """The next ``count`` occurrences starting at or after ``after`` (zone-aware)."""
    rule = _rule(rhythm.rrule, rhythm.start.replace(tzinfo=zone))
    return list(rule.xafter(after, count=count, inc=True))


def cut_before(rhythm: Rhythm, zone: ZoneInfo, day: dt.date) -> str:
    """The rhythm's rule, ending with its last meeting before ``day`` (UNTIL in UTC).

    Used when a series is called off from a future date: the meetings before it still stand,
    so calendars keep them while dropping the rest. Unchanged if nothing falls before ``day``.
    """
    first = rhythm.start.replace(tzinfo=zone)
    before = occurrences_between(rhythm, zone, first, dt.datetime.combine(day, dt.time(), zone))
    if not before:
        return rhythm.rrule
    kept = [p for p in rhythm.rrule.split(";") if not p.startswith(("UNTIL=", "COUNT="))]
    return ";".join([*kept, f"UNTIL={until_in_utc(before[-1].date(), zone)}"])


def move_until(rule: str, old: ZoneInfo, new: ZoneInfo) -> str:
    """Keep a rule's last local day when its zone changes (UNTIL is stored in UTC)."""
    parts = rule.split(";")
    for index, part in enumerate(parts):
        if part.startswith("UNTIL="):
            moment = dt.datetime.strptime(part[6:], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            parts[index] = f"UNTIL={until_in_utc(moment.astimezone(old).date(), new)}"
    return ";".join(parts)


def occurs_on(rhythm: Rhythm, zone: ZoneInfo, day: dt.date) -> dt.datetime | None:
    """The occurrence that falls on a given local day, if there is one.

    The day is bounded by its own last minute rather than the next midnight, which does not
    exist after 31 Dec 9999.
    """
    rule = _rule(rhythm.rrule, rhythm.start.replace(tzinfo=zone))
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    last = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)
    hits = [t for t in rule.between(midnight, last, inc=True) if t.date() == day]
    return hits[0] if hits else None


def regularity(starts: list[dt.datetime]) -> tuple[float, float] | None:
    """Median gap in days between held meetings and how far gaps stray from it (0 = clockwork).

    Used by the rhythm principle: regular meetings strengthen ties.
    """
    if len(starts) < 3:
        return None
    ordered = sorted(starts)
    gaps = sorted(
        (b - a).total_seconds() / 86400 for a, b in zip(ordered, ordered[1:], strict=False)
    )
    median = gaps[len(gaps) // 2]
    if median <= 0:
        return None
    spread = sum(abs(g - median) for g in gaps) / len(gaps) / median
    return median, spread
