"""What a gardener does to the records: the rules every face (CLI, TUI, scripts) shares.

Functions here take an open :class:`~copkit.storage.store.Session` so that a command's whole
read-modify-write happens inside one lock, and raise :class:`~copkit.errors.CopkitError` with a
message a person can act on. Nothing here prints, and nothing here parses what a person typed:
each face (Click types for the CLI, widgets for the dashboard) turns text into dates, times,
:class:`~copkit.model.Activity` and :class:`~copkit.model.Topic` values first. A member, space
or rhythm may still be named by a *ref* (an id, an email, a name or part of one): that is a
lookup in the community, not parsing, and it happens here so every face finds the same one.

The rules live in small modules by concern, all importable from here:

- :mod:`copkit.records.data`: :class:`CommunityData`, everything read at once (``snapshot``);
- :mod:`copkit.records.members`: members, from adding to forgetting and importing;
- :mod:`copkit.records.rhythms`: spaces and rhythms;
- :mod:`copkit.records.spaces`: changing and retiring a space, its history kept;
- :mod:`copkit.records.meetings`: meetings held and cancelled, and what is coming up;
- :mod:`copkit.records.plans`: what coming meetings are about (theme, agenda, host);
- :mod:`copkit.records.community`: the community itself, its stories, survey answers and
  sponsor updates.

Beside them, used through their own modules: :mod:`copkit.records.series` (moving a series
without losing its meetings, cancellations, plans and answers), :mod:`copkit.records.csvimport`
(members to and from CSV), :mod:`copkit.records.survey` (the survey's statements, a responses
CSV read and checked) and :mod:`copkit.records.sent` (the invites sent and the answers they
brought, and their erasure).

Each module loads when one of its names is first used (:func:`__getattr__`), so a command that
only reads, or only shows its help, does not load the rules, the store and the rule parser it
never calls.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copkit.records.community import (
        add_story,
        community_changes,
        edit_community,
        edit_story,
        record_sponsor_update,
        record_survey,
        start_community,
    )
    from copkit.records.csvimport import checked_members
    from copkit.records.data import CommunityData, snapshot
    from copkit.records.meetings import (
        RecordedMeeting,
        RhythmDates,
        Upcoming,
        cancel_meeting,
        cancelled_ahead,
        cancelled_days,
        coming_starts,
        paired_roles,
        paired_topics,
        past_meetings,
        record_meeting,
        rhythm_dates,
        suggest_themes,
        upcoming,
    )
    from copkit.records.members import (
        add_member,
        all_members,
        current_members,
        edit_member,
        find_member,
        forget_member,
        get_member,
        holds_email,
        import_members,
        leave_member,
        list_members,
    )
    from copkit.records.plans import Planned, coming_plans, plan_for, plan_meeting
    from copkit.records.rhythms import (
        add_rhythm,
        add_space,
        all_spaces,
        edit_rhythm,
        end_rhythm,
        find_rhythm,
        find_space,
        space_in_use,
    )
    from copkit.records.spaces import edit_space, retire_space, unretire_space

#: Each name importable from here -> the module (under copkit.records) that defines it.
_HOMES = {
    "add_story": "community",
    "community_changes": "community",
    "edit_community": "community",
    "edit_story": "community",
    "record_sponsor_update": "community",
    "record_survey": "community",
    "start_community": "community",
    "CommunityData": "data",
    "snapshot": "data",
    "RecordedMeeting": "meetings",
    "RhythmDates": "meetings",
    "Upcoming": "meetings",
    "cancel_meeting": "meetings",
    "cancelled_ahead": "meetings",
    "cancelled_days": "meetings",
    "coming_starts": "meetings",
    "paired_roles": "meetings",
    "paired_topics": "meetings",
    "past_meetings": "meetings",
    "record_meeting": "meetings",
    "rhythm_dates": "meetings",
    "suggest_themes": "meetings",
    "upcoming": "meetings",
    "add_member": "members",
    "all_members": "members",
    "checked_members": "csvimport",
    "current_members": "members",
    "edit_member": "members",
    "find_member": "members",
    "forget_member": "members",
    "get_member": "members",
    "holds_email": "members",
    "import_members": "members",
    "leave_member": "members",
    "list_members": "members",
    "Planned": "plans",
    "coming_plans": "plans",
    "plan_for": "plans",
    "plan_meeting": "plans",
    "add_rhythm": "rhythms",
    "add_space": "rhythms",
    "all_spaces": "rhythms",
    "edit_rhythm": "rhythms",
    "end_rhythm": "rhythms",
    "find_rhythm": "rhythms",
    "find_space": "rhythms",
    "space_in_use": "rhythms",
    "edit_space": "spaces",
    "retire_space": "spaces",
    "unretire_space": "spaces",
}


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "CommunityData",
    "Planned",
    "RecordedMeeting",
    "RhythmDates",
    "Upcoming",
    "add_member",
    "add_rhythm",
    "add_space",
    "add_story",
    "all_members",
    "all_spaces",
    "cancel_meeting",
    "cancelled_ahead",
    "cancelled_days",
    "checked_members",
    "coming_plans",
    "coming_starts",
    "community_changes",
    "current_members",
    "edit_community",
    "edit_story",
    "edit_member",
    "edit_rhythm",
    "edit_space",
    "end_rhythm",
    "find_member",
    "find_rhythm",
    "find_space",
    "forget_member",
    "get_member",
    "holds_email",
    "import_members",
    "leave_member",
    "list_members",
    "paired_roles",
    "paired_topics",
    "past_meetings",
    "plan_for",
    "plan_meeting",
    "record_sponsor_update",
    "record_survey",
    "record_meeting",
    "retire_space",
    "rhythm_dates",
    "snapshot",
    "space_in_use",
    "start_community",
    "suggest_themes",
    "unretire_space",
    "upcoming",
]
