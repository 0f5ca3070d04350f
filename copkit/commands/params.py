"""Click option types: dates that come with a time (``--on``, ``--start``), activities, and
a rhythm's rule and length (``--every``, ``--rrule``, ``--duration``). Commands hand the core
the typed values these return, never the text.

The date types sit beside :data:`copkit.commands.context.DATE` and behave the same way: a
value that is not a date, or a day outside the years copkit takes
(:func:`copkit.schedule.parsing.in_range`), is a usage error (exit 2) worded like every other date
option, found before any file is opened.
Whether a well-formed time exists in the community's zone is decided later, by
:func:`copkit.schedule.parsing.local_time`, once the zone is known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from copkit.commands.context import TypedParam
from copkit.errors import InputError
from copkit.model import Activity
from copkit.schedule.parsing import in_range, parse_activity, parse_when
from copkit.schedule.phrases import EveryPhrase, parse_duration, parse_every, rrule_from_text


class WhenType(TypedParam[dt.date | dt.time]):
    """A date or a date and time (``2026-01-13``, ``2026-01-13T14:00``); with ``time_of_day``
    also a time alone (``13:00``), for options that move a series to another hour."""

    name = "datetime"

    def __init__(self, *, time_of_day: bool = False) -> None:
        self.time_of_day = time_of_day

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date | dt.time):
            return value
        try:
            return in_range(parse_when(value, time_of_day=self.time_of_day))
        except InputError as exc:
            self.fail(str(exc), param, ctx)


#: ``--on``/``--start``: a date, or a date and a local time.
DATETIME = WhenType()
#: ``rhythm edit --start``: also a time of day alone, keeping the series' dates.
DATETIME_OR_TIME = WhenType(time_of_day=True)


class ActivityType(TypedParam[Activity]):
    """``--activity familiar:LABEL`` as an :class:`~copkit.model.Activity`.

    Unlike the date types, a malformed activity is an input error (exit 1), not a usage
    error: that is how copkit has always refused one, and scripts may rely on it.
    """

    name = "activity"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Activity:
        return value if isinstance(value, Activity) else parse_activity(str(value))


#: ``meeting record --activity``.
ACTIVITY = ActivityType()


class PhraseType(TypedParam[EveryPhrase]):
    """``--every`` (a phrase: "monthly on the 2nd Tuesday at 14:00") or, with ``raw``,
    ``--rrule`` (an RFC 5545 rule), read by :mod:`copkit.schedule.phrases` into an
    :class:`~copkit.schedule.phrases.EveryPhrase`.

    Like an activity, a phrase that cannot be read is an input error (exit 1) that quotes it
    and shows phrasings that work: it was never a usage error, and scripts may rely on that.
    """

    def __init__(self, *, raw: bool = False) -> None:
        self.raw = raw
        self.name = "rrule" if raw else "phrase"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> EveryPhrase:
        if isinstance(value, EveryPhrase):
            return value
        return EveryPhrase(rrule_from_text(str(value))) if self.raw else parse_every(str(value))


#: ``rhythm add/edit --every``.
EVERY = PhraseType()
#: ``rhythm add/edit --rrule``.
RRULE = PhraseType(raw=True)


class DurationType(TypedParam[dt.timedelta]):
    """``--duration 90m`` (``1h30m``, ``2 hours``; a bare number is minutes); an unreadable
    length is an input error (exit 1), as it always was."""

    name = "duration"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.timedelta:
        return value if isinstance(value, dt.timedelta) else parse_duration(str(value))


#: ``rhythm add/edit --duration``.
DURATION = DurationType()


_EITHER = "give the rhythm either --every TEXT or --rrule RRULE"


def one_rule(every: EveryPhrase | None, rrule: EveryPhrase | None) -> EveryPhrase | None:
    """The rule given by ``--every`` or ``--rrule`` (``rhythm edit``: maybe neither); both at
    once is an input error (exit 1), as it always was."""
    if every is not None and rrule is not None:
        raise InputError(_EITHER)
    return every if every is not None else rrule


def the_rule(every: EveryPhrase | None, rrule: EveryPhrase | None) -> EveryPhrase:
    """``rhythm add``: exactly one of ``--every`` and ``--rrule``."""
    rule = one_rule(every, rrule)
    if rule is None:
        raise InputError(_EITHER)
    return rule
