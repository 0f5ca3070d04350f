"""Reading what a person types: dates, times and lists of names.

Each parser returns a value or raises :class:`InputError` with a message that shows the form it
expected; none of them guesses. Durations and ``--every`` phrases live in :mod:`copkit.phrases`.
"""

from __future__ import annotations

import datetime as dt

from copkit.errors import InputError
from copkit.model import Activity, ActivityKind


def parse_date(text: str) -> dt.date:
    """An ISO 8601 calendar date: ``2026-01-13``."""
    cleaned = text.strip()
    try:
        if len(cleaned) != 10 or cleaned[4] + cleaned[7] != "--":  # not a week date: 2026-W03-2
            raise ValueError
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise InputError(f"{text!r} is not a date (expected YYYY-MM-DD, e.g. 2026-01-13)") from None


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
        raise InputError(
            f"{text!r} carries a zone offset; give the local time and set the zone with --timezone"
        )
    return value.replace(second=0, microsecond=0)


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
