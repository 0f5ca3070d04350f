"""Small helpers that keep the evidence sentences consistent: dates, counts, shares."""

from __future__ import annotations

import datetime as dt

from copkit.model.counts import count as count


def day(value: dt.date) -> str:
    """``12 Nov 2026``: unambiguous in every locale a gardener might read it in."""
    return f"{value.day} {value:%b %Y}"


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def ago(days: int) -> str:
    """A span of days in the unit a person would use."""
    if days < 60:
        return count(days, "day")
    if days < 730:
        return count(round(days / 30.4), "month")
    return count(round(days / 365), "year")


def days_ago(days: int) -> str:
    """``today``, ``yesterday``, ``3 days ago``, ``4 months ago``: how long ago, as said."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{ago(days)} ago"


def the_last(days: int) -> str:
    """``the last 90 days``, ``the last six months``, ``the last year``: a window in words,
    written from the same constant the calculation uses, so text and number cannot drift."""
    months = round(days / 30.4)
    if abs(days - 365) <= 5:
        return "the last year"
    if days >= 150 and months in _MONTH_WORDS:
        return f"the last {_MONTH_WORDS[months]} months"
    return f"the last {count(days, 'day')}"


def since_span(days: int) -> str:
    """``six months``, ``90 days``, ``a year``: a span in words from its constant."""
    return the_last(days).removeprefix("the last ").replace("year", "a year", 1)


_MONTH_WORDS = {5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven"}
