"""VTIMEZONE definitions written as yearly rules, the way Outlook writes its own.

icalendar builds a VTIMEZONE from zoneinfo as lists of RDATE onsets between two dates. A series
that repeats forever then outlives its zone definition (the lists stop, by default, in 2038),
Outlook desktop is reported to mis-shift such zones, and vobject keeps only the first RDATE of
a list. This module rewrites those lists into ``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..``
components: a run of yearly transitions on the same weekday of the same month (the 2nd Sunday
of March, the last Sunday of October) becomes one rule; the run that reaches the end of the
computed range is left open, so it holds as long as the series runs, exactly as the zone's
current rules do (zoneinfo itself extends the last rule indefinitely). Transitions that follow
no yearly pattern (a one-off change of offset) stay as components with a single DTSTART each,
never as RDATE lists.
"""

from __future__ import annotations

import calendar as _days
import datetime as dt
from typing import Any

import msgspec
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

__all__ = ["with_yearly_rules", "yearly_rules"]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class _Kind(msgspec.Struct, frozen=True):
    """What one transition switches to: the component's name, offsets and abbreviation."""

    name: str
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    tzname: str


def _onsets(component: Any) -> list[dt.datetime]:
    """DTSTART plus every RDATE of a STANDARD/DAYLIGHT component, as naive local times."""
    found = [component["DTSTART"].dt]
    rdates = component.get("RDATE")
    if rdates is not None:
        for group in rdates if isinstance(rdates, list) else [rdates]:
            found.extend(item.dt for item in group.dts)
    return sorted(moment.replace(tzinfo=None) for moment in found)


def _week(day: dt.datetime) -> tuple[int, bool]:
    """Which weekday of its month ``day`` is (1..5), and whether it is the last one."""
    length = _days.monthrange(day.year, day.month)[1]
    return (day.day - 1) // 7 + 1, day.day + 7 > length


def _fits(run: list[dt.datetime], candidate: dt.datetime) -> bool:
    """Whether ``candidate`` continues a yearly run: next year, same month, weekday and time,
    and every day of the run within one week of the month (the 2nd Sunday, the last Sunday,
    or "the Friday before the last Sunday", days 23 to 29)."""
    last = run[-1]
    days = [day.day for day in [*run, candidate]]
    return (
        candidate.year == last.year + 1
        and candidate.month == last.month
        and candidate.weekday() == last.weekday()
        and candidate.time() == last.time()
        and max(days) - min(days) <= 6
    )


def _byday(run: list[dt.datetime]) -> dict[str, Any]:
    """The rule's BYDAY (and BYMONTHDAY for a week that is neither nth nor last)."""
    weekday = _WEEKDAYS[run[0].weekday()]
    nth = {_week(day)[0] for day in run}
    if len(nth) == 1 and next(iter(nth)) < 5:
        return {"BYDAY": f"{next(iter(nth))}{weekday}"}
    if all(_week(day)[1] for day in run):
        return {"BYDAY": f"-1{weekday}"}
    first = min(day.day for day in run)
    return {"BYDAY": weekday, "BYMONTHDAY": list(range(first, first + 7))}


def _runs(onsets: list[dt.datetime]) -> list[list[dt.datetime]]:
    runs: list[list[dt.datetime]] = []
    for onset in onsets:
        if runs and _fits(runs[-1], onset):
            runs[-1].append(onset)
        else:
            runs.append([onset])
    return runs


def _component(kind: _Kind, start: dt.datetime, rule: vRecur | None) -> Any:
    component = TimezoneDaylight() if kind.name == "DAYLIGHT" else TimezoneStandard()
    component.add("dtstart", start)
    if rule is not None:
        component.add("rrule", rule)
    if kind.tzname:
        component.add("tzname", kind.tzname)
    component.add("tzoffsetfrom", kind.offset_from)
    component.add("tzoffsetto", kind.offset_to)
    return component


def yearly_rules(zone: Timezone) -> Timezone:
    """The same zone with its RDATE lists turned into yearly RRULE components.

    A run of two or more yearly transitions becomes one RRULE; the run that reaches the last
    year of the definition has no end (COUNT only on runs that stop earlier), so the zone stays
    right for every later year too.
    """
    kinds: dict[_Kind, list[dt.datetime]] = {}
    sub: Any  # icalendar types its property values as a wide union; these are known ones
    for sub in zone.subcomponents:
        if sub.name not in ("STANDARD", "DAYLIGHT"):
            continue
        kind = _Kind(
            sub.name,
            sub["TZOFFSETFROM"].td,
            sub["TZOFFSETTO"].td,
            str(sub.get("TZNAME", "")),
        )
        kinds.setdefault(kind, []).extend(_onsets(sub))
    last_year = max((max(onsets).year for onsets in kinds.values()), default=0)
    rewritten = Timezone()
    rewritten.add("tzid", zone["TZID"])
    parts: list[tuple[dt.datetime, Any]] = []
    for kind, onsets in kinds.items():
        for run in _runs(sorted(set(onsets))):
            if len(run) == 1:
                parts.append((run[0], _component(kind, run[0], None)))
                continue
            rule = vRecur({"FREQ": "YEARLY", "BYMONTH": run[0].month, **_byday(run)})
            if run[-1].year < last_year:
                rule["COUNT"] = len(run)
            parts.append((run[0], _component(kind, run[0], rule)))
    for _start, component in sorted(parts, key=lambda part: (part[0], part[1].name)):
        rewritten.add_component(component)
    return rewritten


def with_yearly_rules(cal: Calendar) -> None:
    """Rewrite every VTIMEZONE of ``cal`` in place (see :func:`yearly_rules`), keeping order."""
    cal.subcomponents[:] = [
        yearly_rules(sub) if isinstance(sub, Timezone) else sub for sub in cal.subcomponents
    ]
