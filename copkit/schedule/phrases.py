"""Read the recurrence phrases people type, like "monthly on the 2nd Tuesday at 14:00 for 90m".

Rhythms are stored as RFC 5545 RRULE values so any calendar tool can read them, but nobody
should have to write ``FREQ=MONTHLY;BYDAY=2TU`` by hand. This module turns the handful of
phrasings people actually use into that one canonical form, and checks raw RRULEs for those
who prefer them (the checks themselves are :mod:`copkit.schedule.rrules`). Whatever it cannot read
becomes an :class:`InputError` that quotes the input and shows phrasings that do work, so a
person can fix it without opening the docs.

The grammar is deliberately small: a frequency ("monthly", "every 2 weeks", ...), then days
("Mon and Wed", "the 2nd Tuesday", "the 15th"), then optional "at <time>" and "for <length>".
Guessing is worse than refusing, so ambiguous phrases ("monthly on Tuesday", "at 9") are refused
with a reason instead of being read one way silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar

import msgspec

from copkit.errors import InputError
from copkit.schedule.rrules import DAYS, Unreadable, canonical_rrule, day_key

READABLE_EXAMPLES: tuple[str, ...] = (
    "monthly on the 2nd Tuesday",
    "every 2 weeks on Thursday",
    "first Monday of each month",
    "weekly on Mon and Wed",
    "last Friday of the month",
    "on the 15th of each month",
    "every weekday",
    "daily at 9am",
    "monthly on the 2nd Tuesday at 14:00 for 90m",
)

_SPELLINGS = (
    "monday mon mo",
    "tuesday tue tues tu",
    "wednesday wed weds we",
    "thursday thu thur thurs th",
    "friday fri fr",
    "saturday sat sa",
    "sunday sun su",
)
# Every spelling maps to a tuple of days, so "weekday" and "Monday" are read the same way.
_DAY_WORDS: dict[str, tuple[str, ...]] = {
    word: (code,) for code, words in zip(DAYS, _SPELLINGS, strict=True) for word in words.split()
} | {"weekday": DAYS[:5], "weekend": DAYS[5:]}
_WORD_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
# Single words that set the frequency, and units after "every [n]": (FREQ, INTERVAL).
_HEADS = {
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
}
_UNITS = {
    "day": ("DAILY", 1),
    "week": ("WEEKLY", 1),
    "fortnight": ("WEEKLY", 2),
    "month": ("MONTHLY", 1),
}
_FILLERS = {"the", "on"}  # carry no meaning here, so "on the 15th" reads like "15th"
_SEPARATORS = {",", "and", "&"}
_MAX_INTERVAL = 99

# ASCII only: str.isdigit()/int() accept other scripts' digits, which nobody means here, and
# the length caps keep int() away from its huge-number limit.
_INTEGER = re.compile(r"[0-9]{1,3}", re.ASCII)
_ORDINAL = re.compile(r"-?[0-9]{1,3}(?:st|nd|rd|th)?", re.ASCII)
_TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*(?:([ap])\.?m\.?)?", re.ASCII)
#: A time that cannot be mistaken for anything else, so it may stand without "at".
_CLOCK = re.compile(r"[0-9]{1,2}:[0-9]{2}|[0-9]{1,2}(?::[0-9]{2})?[ap]m", re.ASCII)
_NAMED_TIMES = {"noon": dt.time(12), "midday": dt.time(12), "midnight": dt.time(0)}
_DURATION = re.compile(
    r"(?:(?P<h>[0-9]{1,3})\s*(?:h|hrs?|hours?))?\s*(?:and\s*)?"
    r"(?:(?P<m>[0-9]{1,4})\s*(?:m|mins?|minutes?)?)?",
    re.ASCII,
)
_MAX_DURATION = dt.timedelta(hours=24)

_T = TypeVar("_T")


class EveryPhrase(msgspec.Struct, frozen=True):
    """A phrase as read: canonical RRULE value (no "RRULE:" prefix), optional time and length."""

    rrule: str
    time: dt.time | None = None
    duration: dt.timedelta | None = None


def parse_every(text: str) -> EveryPhrase:
    """Read a phrase like "every 2 weeks on Thursday at 2pm for 1h30m"."""
    try:
        core, clauses = _split_clauses(_words(text))
        at, length = clauses.get("at"), clauses.get("for")
        return EveryPhrase(
            rrule=_rrule(core),
            time=None if at is None else _time(" ".join(at)),
            duration=None if length is None else _duration(" ".join(length)),
        )
    except Unreadable as exc:
        examples = ", ".join(f'"{e}"' for e in READABLE_EXAMPLES[:4])
        raise InputError(
            f"could not read {_show(text)}{_reason(exc)}: try phrases like {examples}"
        ) from None


def parse_duration(text: str) -> dt.timedelta:
    """Read a meeting length ("90m", "1h30m", "2 hours"); a bare number means minutes."""
    try:
        return _duration(" ".join(text.lower().split()))
    except Unreadable as exc:
        raise InputError(
            f'could not read duration {_show(text)}{_reason(exc)}: try "90m", "1h30m" or "2 hours"'
        ) from None


def rrule_from_text(text: str) -> str:
    """Check a raw RRULE ("FREQ=WEEKLY;BYDAY=TH", "RRULE:" prefix optional) and return it canonical.

    dateutil does the real validation, but it happily accepts rules that later loop forever or
    crash (INTERVAL=0, BYDAY=99TH, BYMONTH=13), so those few are refused here first.
    """
    try:
        return canonical_rrule(text)
    except Unreadable as exc:
        raise InputError(
            f"could not read RRULE {_show(text)}{_reason(exc)}: "
            'try something like "FREQ=MONTHLY;BYDAY=2TU"'
        ) from None


def _show(text: str) -> str:
    """Quote the input as typed, on one line and short enough for an error message."""
    shown = " ".join(text.split())
    return f'"{shown[:57]}..."' if len(shown) > 60 else f'"{shown}"'


def _reason(exc: Unreadable) -> str:
    return f" ({exc})" if str(exc) else ""


def _words(text: str) -> list[str]:
    return [w for w in text.lower().replace(",", " , ").split() if w not in _FILLERS]


def _split_clauses(words: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Split off the trailing "at ..." and "for ..." clauses, which may come in either order."""
    core: list[str] = []
    clauses: dict[str, list[str]] = {}
    current = core
    for word in words:
        if current is core and "at" not in clauses and _CLOCK.fullmatch(word):
            clauses["at"] = [word]  # "every 2 weeks on Thursday 10:00": a clock time needs no "at"
            continue
        if word in ("at", "for"):
            while current and current[-1] in _SEPARATORS:  # "..., at 2pm and for 1h"
                current.pop()
            if word in clauses:
                raise Unreadable(f'"{word}" appears twice')
            current = clauses[word] = []
        else:
            current.append(word)
    for word, rest in clauses.items():
        if not rest:
            raise Unreadable(f'nothing after "{word}"')
    return core, clauses


def _lookup(table: dict[str, _T], word: str) -> _T | None:
    """Look a word up, forgiving plurals ("Tuesdays", "weekdays", "weeks")."""
    if word in table:
        return table[word]
    if len(word) > 3 and word.endswith("s"):
        return table.get(word[:-1])
    return None


def _ordinal(word: str) -> int | None:
    if word in _WORD_ORDINALS:
        return _WORD_ORDINALS[word]
    return int(word.rstrip("stndrh")) if _ORDINAL.fullmatch(word) else None


def _rrule(words: list[str]) -> str:
    """Turn the recurrence words (without at/for clauses) into a canonical RRULE value."""
    if not words:
        raise Unreadable("")
    month_suffix = False
    for suffix in (["of", "month"], ["of", "each", "month"], ["of", "every", "month"]):
        if words[-len(suffix) :] == suffix:
            words, month_suffix = words[: -len(suffix)], True
            break
    freq, interval, words = _head(words)
    plain, numbered, monthdays = _days(words)

    if freq is None:
        if interval != 1 and (numbered or monthdays or not plain):
            raise Unreadable('"every <number>" needs weeks, months or days after it')
        freq = "MONTHLY" if numbered or monthdays or month_suffix else "WEEKLY" if plain else None
    if freq is None:
        raise Unreadable("")
    if month_suffix and freq != "MONTHLY":
        raise Unreadable('"of the month" only fits monthly rhythms')
    if month_suffix and not (numbered or monthdays):
        raise Unreadable('say which day of the month, like "2nd Tuesday" or "15th"')
    if freq == "DAILY" and (plain or numbered or monthdays):
        raise Unreadable("a daily rhythm takes no days")
    if freq == "WEEKLY" and (numbered or monthdays):
        raise Unreadable('a weekly rhythm takes plain days, like "Thursday"')
    if freq == "MONTHLY" and plain:
        raise Unreadable('say which one in the month, like "2nd Tuesday" or "last Friday"')
    if numbered and monthdays:
        raise Unreadable('use either weekdays ("2nd Tuesday") or dates ("15th"), not both')
    if not 1 <= interval <= _MAX_INTERVAL:
        raise Unreadable(f"the interval must be 1 to {_MAX_INTERVAL}")

    parts = [f"FREQ={freq}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    byday = sorted({(None, d) for d in plain} | numbered, key=day_key)
    if byday:
        parts.append("BYDAY=" + ",".join(f"{n or ''}{d}" for n, d in byday))
    if monthdays:
        dates = sorted(monthdays, key=lambda n: (n < 0, n))  # "last day" goes last
        parts.append("BYMONTHDAY=" + ",".join(map(str, dates)))
    return ";".join(parts)


def _head(words: list[str]) -> tuple[str | None, int, list[str]]:
    """Read the frequency at the start: "monthly", "every 3 months", "every other", or none."""
    if words and words[0] in _HEADS:
        return (*_HEADS[words[0]], words[1:])
    if not words or words[0] not in ("every", "each"):
        return None, 1, words
    rest, count = words[1:], 1
    if rest and (rest[0] == "other" or _INTEGER.fullmatch(rest[0])):
        count, rest = 2 if rest[0] == "other" else int(rest[0]), rest[1:]
    elif len(rest) > 1 and _lookup(_UNITS, rest[1]) is not None and _ordinal(rest[0]) is not None:
        count, rest = _ordinal(rest[0]) or 0, rest[1:]  # "every 2nd week", "every second month"
    unit = _lookup(_UNITS, rest[0]) if rest else None
    if unit is None:
        return None, count, rest  # "every Monday", "every other Thursday", "every first Monday"
    return unit[0], unit[1] * count, rest[1:]


def _days(words: list[str]) -> tuple[set[str], set[tuple[int, str]], set[int]]:
    """Read day lists: plain days ("Mon and Wed"), numbered days ("1st and 3rd Tuesday"), dates."""
    plain: set[str] = set()
    numbered: set[tuple[int, str]] = set()
    monthdays: set[int] = set()
    pending: list[int] = []  # bare ordinals wait for a weekday that may follow: "1st and 3rd Tue"
    group: list[str] = []
    for word in [*words, ","]:
        if word not in _SEPARATORS:
            group.append(word)
            continue
        if not group:
            continue
        days = _lookup(_DAY_WORDS, group[-1])
        number = _ordinal(group[0])
        if len(group) == 1 and days:
            plain.update(days)
        elif len(group) == 1 and number is not None:
            pending.append(number)
        elif len(group) == 2 and number is not None and group[1] == "day":  # "last day"
            monthdays.update([*pending, number])
            pending = []
        elif len(group) == 2 and number is not None and days and len(days) == 1:
            numbered.update((n, days[0]) for n in [*pending, number])
            pending = []
        else:
            raise Unreadable(f"{_show(' '.join(group))} is not a day")
        group = []
    monthdays.update(pending)
    for n, day in numbered:
        if not 1 <= abs(n) <= 5:
            name = _SPELLINGS[DAYS.index(day)].split()[0].title()
            raise Unreadable(f"no month has a {_nth(n)} {name}; use 1st to 5th, or last")
    for n in monthdays:
        if not 1 <= abs(n) <= 31:
            raise Unreadable(f"no month has a {_nth(n)} day")
    return plain, numbered, monthdays


def _nth(n: int) -> str:
    last = abs(n) % 10 if not 10 <= abs(n) % 100 <= 20 else 0
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(last, "th")
    return f"{n}{suffix}"


def _time(text: str) -> dt.time:
    """Read "14:00", "14.30", "2pm", "2:30 pm"; a bare "9" is refused, as am or pm is a guess."""
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    match = _TIME.fullmatch(text)
    if not match or (match[2] is None and match[3] is None):
        raise Unreadable('times look like "14:00", "2pm" or "2:30pm"')
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            raise Unreadable(f'"{text}" is not a time')
        hour = hour % 12 + (12 if match[3] == "p" else 0)
    if hour > 23 or minute > 59:
        raise Unreadable(f'"{text}" is not a time')
    return dt.time(hour, minute)


def _duration(text: str) -> dt.timedelta:
    match = _DURATION.fullmatch(text)
    if not match or (match["h"] is None and match["m"] is None):
        raise Unreadable("")
    length = dt.timedelta(hours=int(match["h"] or 0), minutes=int(match["m"] or 0))
    if not dt.timedelta(0) < length <= _MAX_DURATION:
        raise Unreadable("it must be more than 0 and at most 24 hours")
    return length
