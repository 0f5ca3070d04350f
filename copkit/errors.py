"""The one exception family copkit raises for things a gardener can fix.

Every face (CLI, TUI, scripts) catches :class:`CopkitError` and shows its message as is, so
messages are written for a person: what was wrong and, where it helps, what would work.
"""

from __future__ import annotations


class CopkitError(Exception):
    """A refused action: bad input, an unknown record, a locked or unreadable file."""


class InputError(CopkitError, ValueError):
    """Something a person typed could not be read (a date, a duration, a phrase, a CSV row)."""


class NotFound(CopkitError, LookupError):
    """A member, space, rhythm or community that the store does not hold."""


class StoreError(CopkitError):
    """The community file cannot be used: corrupt, from a newer copkit, or locked too long."""
