"""Click option types for dates that come with a time: ``--on`` and ``--start``.

They sit beside :data:`copkit.commands.context.DATE` and behave the same way: a value that is
not a date, or a day outside the years copkit takes (:func:`copkit.parsing.in_range`), is a
usage error (exit 2) worded like every other date option, found before any file is opened.
Whether a well-formed time exists in the community's zone is decided later, by
:func:`copkit.parsing.local_time`, once the zone is known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from copkit.errors import InputError
from copkit.model import Activity
from copkit.parsing import in_range, parse_activity, parse_when


class WhenType(click.ParamType[dt.date | dt.time]):
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


class ActivityType(click.ParamType[Activity]):
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
