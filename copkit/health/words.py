"""Small helpers that keep the evidence sentences consistent: dates, counts, shares."""

from __future__ import annotations

import datetime as dt


def day(value: dt.date) -> str:
    """``12 Nov 2026``: unambiguous in every locale a gardener might read it in."""
    return f"{value.day} {value:%b %Y}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 meeting``, ``3 meetings``."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def ago(days: int) -> str:
    """A span of days in the unit a person would use."""
    if days < 60:
        return count(days, "day")
    if days < 730:
        return count(round(days / 30.4), "month")
    return count(round(days / 365), "year")
