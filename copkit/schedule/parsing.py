"""Reading what a person types: dates, times and lists of names.

Each parser returns a value or raises :class:`InputError` with a message that shows the form it
expected; none of them guesses. Durations and ``--every`` phrases live in
:mod:`copkit.schedule.phrases`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar
from zoneinfo import ZoneInfo

from copkit.errors import InputError
from copkit.model import Activity, ActivityKind

_CLOCK_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)

#: The days a date option takes. Python and every calendar stop at the end of 9999, and plans
#: look years ahead of any date (a series needs ten years of room, a health check looks back and
#: on from its day), so the last years are kept clear; before 1900 most places kept local mean
#: time, which calendars cannot show.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(dt.MAXYEAR - 10, 12, 31)


def not_a_date(text: str, forms: str, example: str) -> InputError:
    """The one wording for a date that cannot be read, whichever option or form it came from."""
    return InputError(f"{text!r} is not a date (expected {forms}, e.g. {example})")


def parse_date(text: str) -> dt.date:
    """An ISO 8601 calendar date: ``2026-01-13``."""
    cleaned = text.strip()
    try:
        if len(cleaned) != 10 or cleaned[4] + cleaned[7] != "--":  # not a week date: 2026-W03-2
            raise ValueError
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise not_a_date(text, "YYYY-MM-DD", "2026-01-13") from None


_When = TypeVar("_When", bound=dt.date | dt.time)


def in_range(value: _When) -> _When:
    """``value`` if its day lies from :data:`FIRST_DAY` to :data:`LAST_DAY` (a time alone has
    no day and passes); what every date option checks after reading the date."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if isinstance(day, dt.date) and not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(
            f"'{day}' is out of range: copkit takes dates from {FIRST_DAY} to {LAST_DAY}"
        )
    return value


def parse_day(text: str) -> dt.date:
    """A date as every date option reads it (``--on``, ``--joined``; the dashboard's date
    fields too): :func:`parse_date`, within the years copkit takes (:func:`in_range`)."""
    return in_range(parse_date(text))


class ZoneOffsetError(InputError):
    """A date and time that carries a zone offset: copkit keeps wall-clock times, so the
    message says to give the local time and the zone apart, whatever form was asked for."""


def parse_datetime(text: str, *, default_time: dt.time | None = None) -> dt.datetime:
    """An ISO 8601 wall-clock time, ``2026-01-13T14:00`` (or ``2026-01-13 14:00``).

    A bare date is accepted when the caller knows the time (a rhythm's start time); a zone
    offset is refused, because copkit keeps wall-clock times in the community's zone.
    """
    cleaned = text.strip().replace(" ", "T", 1)
    if len(cleaned) == 10 and default_time is not None:
        return dt.datetime.combine(parse_date(cleaned), default_time)
    try:
        if len(cleaned) < 16 or cleaned[4] + cleaned[7] + cleaned[10] != "--T":
            raise ValueError
        value = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise InputError(
            f"{text!r} is not a date and time (expected YYYY-MM-DDTHH:MM, e.g. 2026-01-13T14:00)"
        ) from None
    if value.tzinfo is not None:
        raise ZoneOffsetError(
            f"{text!r} carries a zone offset; give the local time and set the zone with --timezone"
        )
    return value.replace(second=0, microsecond=0)


def parse_time_of_day(text: str) -> dt.time:
    """A 24-hour clock time, ``13:00`` or ``9:30``: a series moved to another hour."""
    match = _CLOCK_TIME.fullmatch(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InputError(f"{text!r} is not a time of day (expected HH:MM, e.g. 13:00)")
    return dt.time(int(match[1]), int(match[2]))


def parse_when(text: str, *, time_of_day: bool = False) -> dt.date | dt.datetime | dt.time:
    """A date (``2026-01-13``), a date and time (``2026-01-13T14:00``) or, with
    ``time_of_day``, a time alone (``13:00``): what ``--on`` and ``--start`` take.

    A malformed value gets the same wording as every other date option, listing the forms
    this one takes; a zone offset keeps its own message, since it says what to do instead.
    """
    cleaned = text.strip()
    forms = (
        "YYYY-MM-DDTHH:MM, YYYY-MM-DD or HH:MM" if time_of_day else "YYYY-MM-DDTHH:MM or YYYY-MM-DD"
    )
    if time_of_day and _CLOCK_TIME.fullmatch(cleaned):
        try:
            return parse_time_of_day(cleaned)
        except InputError:
            raise not_a_date(text, forms, "2026-01-13T14:00") from None
    try:
        return parse_date(cleaned) if len(cleaned) == 10 else parse_datetime(cleaned)
    except ZoneOffsetError:
        raise
    except InputError:
        raise not_a_date(text, forms, "2026-01-13T14:00") from None


class LocalTimeError(InputError):
    """A wall-clock time that names no moment, or two; ``nearby`` holds times that work."""

    def __init__(self, message: str, nearby: tuple[dt.datetime, ...] = ()) -> None:
        super().__init__(message)
        self.nearby = nearby


def local_time(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """``value`` (a wall-clock time) as the one moment it names in ``zone``, zone-aware.

    Every wall-clock time a person gives (a rhythm's start, a meeting's time) passes here,
    because on the days the clocks change a local time can name no moment (01:30 when the
    clocks jump from 01:00 to 02:00) or two (01:30 when they fall back from 02:00 to 01:00).
    Calendars would silently move the first and each pick one of the second, so both are
    refused with real times nearby. Detected with zoneinfo's fold: a time that exists comes
    back unchanged from UTC, and one that happens once has the same offset for either fold.
    """
    naive = value.replace(tzinfo=None, fold=0)
    try:
        early, late, exists = _readings(naive, zone)
    except (OverflowError, ValueError):
        raise InputError(
            f"{naive:%H:%M on %a %d %b %Y} is too close to the first or last day a calendar "
            "can hold; give a date well inside the years 1 to 9999"
        ) from None
    if early == late:
        return naive.replace(tzinfo=zone)
    raise _clock_change(naive, zone, min(early, late), max(early, late), gap=not exists)


def _readings(naive: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime, bool]:
    """The UTC moments of both folds of ``naive``, and whether it comes back from UTC as is."""
    early = naive.replace(tzinfo=zone).astimezone(dt.UTC)
    late = naive.replace(tzinfo=zone, fold=1).astimezone(dt.UTC)
    return early, late, early.astimezone(zone).replace(tzinfo=None) == naive


def _clock_change(
    naive: dt.datetime, zone: ZoneInfo, lo: dt.datetime, hi: dt.datetime, *, gap: bool
) -> LocalTimeError:
    """Say what the clocks do around ``naive`` and offer the times one change away."""
    before = lo.astimezone(zone).utcoffset() or dt.timedelta()
    while hi - lo > dt.timedelta(seconds=1):  # the change lies between lo and hi (UTC)
        middle = lo + (hi - lo) / 2
        lo, hi = (middle, hi) if middle.astimezone(zone).utcoffset() == before else (lo, middle)
    after = hi.astimezone(zone).utcoffset() or dt.timedelta()
    clocks_from, clocks_to = (hi + before).replace(tzinfo=None), (hi + after).replace(tzinfo=None)
    step = abs(after - before)
    nearby = tuple(t for t in (naive - step, naive + step) if _one_moment(t, zone))
    tries = " or ".join(_clock(t, naive) for t in nearby)
    name = f"{naive:%H:%M on %a %d %b %Y}"
    if gap:
        message = (
            f"{name} does not exist in {zone.key}: clocks go from {clocks_from:%H:%M} to "
            f"{clocks_to:%H:%M}; try {tries}"
        )
    else:
        message = (
            f"{name} happens twice in {zone.key}: clocks go back from {clocks_from:%H:%M} to "
            f"{clocks_to:%H:%M}; give a time outside {clocks_to:%H:%M}-{clocks_from:%H:%M}, "
            f"e.g. {tries}"
        )
    return LocalTimeError(message, nearby)


def _one_moment(value: dt.datetime, zone: ZoneInfo) -> bool:
    try:
        early, late, exists = _readings(value, zone)
    except (OverflowError, ValueError):
        return False
    return exists and early == late


def _clock(value: dt.datetime, beside: dt.datetime) -> str:
    """``02:30``, or ``23:30 on Sat 27 Mar`` when the suggestion falls on another day."""
    return f"{value:%H:%M}" if value.date() == beside.date() else f"{value:%H:%M on %a %d %b}"


def split_list(text: str) -> list[str]:
    """``"Ann, Bo ,  "`` -> ``["Ann", "Bo"]``: the comma-separated lists of ``--attended``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_activity(text: str) -> Activity:
    """``familiar:case discussion`` or ``stimulating:guest speaker`` (principle 6)."""
    kind, sep, label = text.partition(":")
    if not sep or kind.strip().lower() not in {k.value for k in ActivityKind}:
        raise InputError(
            f"{text!r} is not an activity (expected familiar:LABEL or stimulating:LABEL, "
            "e.g. familiar:case discussion)"
        )
    return Activity(ActivityKind(kind.strip().lower()), label)
