"""When things happen: the dates, times and rules people type, and the dates a rhythm gives.

:mod:`~copkit.schedule.parsing` reads dates, times, lists and activities as a person types
them (shared by the Click types and the dashboard's forms); :mod:`~copkit.schedule.phrases`
reads ``--every`` phrases ("monthly on the 2nd Tuesday at 14:00") and durations;
:mod:`~copkit.schedule.rrules` checks raw RRULEs and writes them in one canonical form;
:mod:`~copkit.schedule.rhythm` expands a stored rule into dates in its time zone, daily and
weekly rules through :mod:`~copkit.schedule.expand` (exactly as dateutil would, without loading
it) and any other through dateutil.

Nothing here knows a community or a store: it sits just above the model, so the storage's
integrity check and every reading can use it.
"""
