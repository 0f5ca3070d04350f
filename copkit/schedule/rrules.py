"""Raw RFC 5545 RRULEs as people paste them: checked, and written in one canonical form.

A rhythm is stored as an RRULE value, whether it came from a phrase (:mod:`copkit.schedule.phrases`)
or was typed raw. Raw rules are checked here before dateutil sees them, because dateutil
happily accepts rules that later loop forever or crash (INTERVAL=0, BYDAY=99TH, BYMONTH=13),
and rules finer than a day make no sense for meetings. The canonical form (keys in a fixed
order, days sorted, INTERVAL=1 left out) lets two spellings of one rule compare equal as
strings, which is how a changed rule is told from an unchanged one.

This is the layer under :mod:`copkit.schedule.phrases`: it owns the weekday codes and
:class:`Unreadable`, the short reason that the public readers in :mod:`copkit.schedule.phrases`
(``rrule_from_text`` among them) wrap into a message quoting the input.

A rule read back from a community file was checked when it was written, and is in this
canonical form: :func:`expands_as_stored` recognises such a rule by its text alone, so opening
a file loads neither dateutil nor the phrase parser (about 4 ms of every command's start).
"""

from __future__ import annotations

import datetime as dt
import re

from copkit.errors import InputError

#: RFC 5545 weekday codes, Monday first.
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Canonical RRULE key order: the four parse_every writes first, the rest after in a fixed order
# so that two spellings of one rule compare equal as strings.
_RRULE_ORDER = (
    "FREQ",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYSETPOS",
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "BYEASTER",
    "WKST",
    "COUNT",
    "UNTIL",
)
# dateutil accepts these out of range and then never fires, or crashes while iterating.
_RRULE_LIMITS = {  # key: (largest absolute value, whether negatives count from the end)
    "BYMONTH": (12, False),
    "BYMONTHDAY": (31, True),
    "BYYEARDAY": (366, True),
    "BYWEEKNO": (53, True),
}
#: The characters of a rule as copkit writes it (what ``_cleaned`` allows once it is tidied).
_RULE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=;,+-")
_RRULE_BYDAY = re.compile(r"([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)", re.ASCII)
_RRULE_UNTIL = re.compile(r"[0-9]{8}T[0-9]{6}Z", re.ASCII)
_RRULE_POSITIVE = re.compile(r"[1-9][0-9]{0,3}", re.ASCII)
# Rhythms always start at a zoned local time, so rules are checked against an aware start:
# RFC 5545 then requires UNTIL in UTC, and dateutil refuses anything else.
_DUMMY_START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class Unreadable(InputError):
    """A short reason; the public functions wrap it into a message that quotes the input."""


def day_key(item: tuple[int | None, str]) -> tuple[int, int, int]:
    """Order days Monday first; numbered days by number, with the "last" ones at the end."""
    n, day = item
    return (0 if n is None else 1 if n > 0 else 2, n or 0, DAYS.index(day))


def canonical_rrule(text: str) -> str:
    """The rule in ``text`` ("RRULE:" prefix optional) in canonical form, or :class:`Unreadable`
    saying what is wrong with it."""
    from dateutil.rrule import rrulestr  # loaded when a person gives a rule, not on every open

    canonical = _canonical_form(text)
    try:
        rrulestr("RRULE:" + canonical, dtstart=_DUMMY_START)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise Unreadable(str(exc)) from None
    return canonical


#: The parts and frequencies of a rule that dateutil always accepts once they pass the checks
#: here (see :func:`expands_as_stored`); any other part (BYSETPOS, BYEASTER, WKST, a name
#: dateutil does not know) sends the rule through dateutil itself.
_PLAIN_PARTS = frozenset(
    (
        "FREQ",
        "INTERVAL",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYYEARDAY",
        "BYWEEKNO",
        "COUNT",
        "UNTIL",
    )
)
_PLAIN_FREQS = frozenset(("DAILY", "WEEKLY", "MONTHLY", "YEARLY"))


def expands_as_stored(rule: str) -> bool:
    """Whether a stored rule is, as it stands, one copkit writes and dateutil expands from any
    zone-aware start, told from its text alone, without loading dateutil.

    True only for a rule already in canonical form (what :func:`canonical_rrule` returns, and
    all copkit ever stores), made of the plain parts every check here covers, with an UNTIL
    that is a real UTC time from 1900 on. False says nothing against the rule: a hand-written
    file may hold another spelling, which the caller then checks in full, with dateutil.
    """
    try:
        if _canonical_form(rule) != rule:
            return False
    except Unreadable:
        return False
    parts = _pairs(rule)
    until = parts.get("UNTIL")
    return (
        parts.keys() <= _PLAIN_PARTS
        and parts["FREQ"] in _PLAIN_FREQS
        and (until is None or _plain_until(until))
    )


def _plain_until(until: str) -> bool:
    """An UNTIL (already shaped like 20261231T235959Z) that is a real moment from 1900 on."""
    try:
        moment = dt.datetime.strptime(until, "%Y%m%dT%H%M%SZ")
    except ValueError:
        return False
    return moment.year >= 1900


def _canonical_form(text: str) -> str:
    """``text`` in canonical form after copkit's own checks, before dateutil has seen it."""
    parts = _pairs(_cleaned(text))
    freq = _check_parts(parts)
    if "BYDAY" in parts:
        parts["BYDAY"] = _canonical_byday(parts["BYDAY"], freq)
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    order = {key: i for i, key in enumerate(_RRULE_ORDER)}
    keys = sorted(parts, key=lambda k: order.get(k, len(order)))
    return ";".join(f"{k}={parts[k]}" for k in keys)


def _cleaned(text: str) -> str:
    """The rule as one upper-case line of KEY=VALUE pairs, without prefix or stray spaces."""
    if not text.isascii():  # checked before upper(), which turns "ſ" into "S"
        raise Unreadable("an RRULE is plain ASCII")
    value = text.strip().upper().removeprefix("RRULE:")
    plain = _RULE_CHARACTERS.issuperset(value)  # as copkit writes it: nothing to tidy
    if not plain:
        value = re.sub(r"\s*([;=,])\s*", r"\1", value)
    value = value.strip().strip(";")
    if not value:
        raise Unreadable("it is empty")
    if "DTSTART" in value:
        raise Unreadable("leave DTSTART out; the start date is set separately")
    # dateutil would read whitespace as extra lines (EXDATE:...) and int() takes "1_2": refuse.
    if not plain and not re.fullmatch(r"[A-Z0-9=;,+-]+", value):
        raise Unreadable("an RRULE is one line of KEY=VALUE pairs joined by ;")
    return value


def _pairs(value: str) -> dict[str, str]:
    """The KEY=VALUE pairs, each key once."""
    parts: dict[str, str] = {}
    for part in value.split(";"):
        key, _, val = part.partition("=")
        if not key or not val:
            raise Unreadable(f'"{part}" is not KEY=VALUE')
        if key in parts:
            raise Unreadable(f"{key} is given twice")
        parts[key] = val
    return parts


def _check_parts(parts: dict[str, str]) -> str:
    """Refuse what dateutil would accept and then loop on, crash on or never fire; the FREQ."""
    freq = parts.get("FREQ")
    if freq is None:
        raise Unreadable("FREQ is missing")
    # Meetings happen at most daily; a SECONDLY rule would make every plan walk each second.
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        raise Unreadable("meetings repeat daily at most (FREQ=DAILY, WEEKLY, MONTHLY, YEARLY)")
    too_fine = [key for key in ("BYHOUR", "BYMINUTE", "BYSECOND") if key in parts]
    if too_fine:
        raise Unreadable(f"leave {', '.join(too_fine)} out; the time comes from the start")
    if "UNTIL" in parts and not _RRULE_UNTIL.fullmatch(parts["UNTIL"]):
        raise Unreadable("UNTIL must be a UTC time like 20261231T235959Z")
    if "COUNT" in parts and "UNTIL" in parts:
        raise Unreadable("give COUNT or UNTIL, not both")
    for key in ("INTERVAL", "COUNT"):
        if key in parts and not _RRULE_POSITIVE.fullmatch(parts[key]):
            raise Unreadable(f"{key} must be a whole number from 1 to 9999")
    for key, (limit, negative) in _RRULE_LIMITS.items():
        for item in parts[key].split(",") if key in parts else []:
            number = int(item) if re.fullmatch(r"[+-]?[0-9]{1,3}", item) else 0
            if not (1 <= abs(number) <= limit and (negative or number > 0)):
                raise Unreadable(f"{key}={item} is out of range")
    return freq


def _canonical_byday(value: str, freq: str) -> str:
    """Sort and check BYDAY: numbered days only in MONTHLY (1-5) and YEARLY (1-53) rules."""
    limit = {"MONTHLY": 5, "YEARLY": 53}.get(freq, 0)
    days: set[tuple[int | None, str]] = set()
    for item in value.split(","):
        match = _RRULE_BYDAY.fullmatch(item)
        if not match:
            raise Unreadable(f"BYDAY={item} is not a weekday")
        n = int(match[1]) if match[1] else None
        if n is not None and not limit:
            raise Unreadable(f"BYDAY={item}: numbered days need FREQ=MONTHLY or YEARLY")
        if n is not None and not 1 <= abs(n) <= limit:
            raise Unreadable(f"BYDAY={item} is out of range for FREQ={freq}")
        days.add((n, match[2]))
    return ",".join(f"{n or ''}{d}" for n, d in sorted(days, key=day_key))
