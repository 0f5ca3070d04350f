"""The records a gardener keeps, as frozen msgspec Structs that validate themselves.

A record that exists is a valid record: every check runs in ``__post_init__``, so the CLI, the
TUI and scripts all refuse the same bad input with the same words. Records are converted to and
from plain JSON-able dicts here (``to_dict`` / ``from_dict``) and nowhere else, which keeps the
store ignorant of fields and the rest of copkit ignorant of JSON.

People's words are checked when they are NEW, not when they are read back. A name, a topic or
an email typed at the command line, in the dashboard or arriving by import may not hold
characters that act on a terminal or a page instead of being shown (see :func:`unshowable`):
``check_text`` and ``check_email`` refuse them with the field's name. A community file written
by an older copkit may already hold such characters; it must still open, so text read back
from the store (``from_dict(..., stored=True)``), and text a record already held when it is
changed (``replace`` / ``revise``), is not judged again. Every surface shows such stored text
escaped (``copkit.report.literal.visible``), so it never reaches a screen raw.

The records are split by concern, each module saying why: ``text`` (checking people's
words), ``enums``, ``parts`` (values nested in records), ``base`` (``Record`` and the
conversion), ``people``, ``community``, ``meetings`` and ``conversation``. Every name is
importable from ``copkit.model`` as before.
"""

from __future__ import annotations

from copkit.model.base import Record, revise
from copkit.model.community import (
    RESERVED_SLUGS,
    Community,
    SponsorUpdate,
    Story,
    SurveyResponse,
)
from copkit.model.conversation import (
    ConversationAuthor,
    ConversationMonth,
    ConversationSummary,
    ConversationThreads,
    ErasedIdentity,
)
from copkit.model.enums import ActivityKind, Level, MeetingStatus, ValueCycle, Visibility
from copkit.model.meetings import (
    ITIP_METHODS,
    PARTSTATS,
    Meeting,
    MeetingPlan,
    Rhythm,
    Rsvp,
    SentInvite,
    Space,
)
from copkit.model.parts import (
    MEETING_ROLES,
    Activity,
    Gardener,
    Role,
    Topic,
    Tuning,
    tuning_name,
)
from copkit.model.people import Member
from copkit.model.text import (
    BIDI_CONTROLS,
    EMAIL_PATTERN,
    check_email,
    check_mailbox,
    check_text,
    check_timezone,
    unshowable,
)

__all__ = [
    "BIDI_CONTROLS",
    "EMAIL_PATTERN",
    "ITIP_METHODS",
    "MEETING_ROLES",
    "PARTSTATS",
    "RECORD_TYPES",
    "RESERVED_SLUGS",
    "Activity",
    "ActivityKind",
    "Community",
    "ConversationAuthor",
    "ConversationMonth",
    "ConversationSummary",
    "ConversationThreads",
    "ErasedIdentity",
    "Gardener",
    "Level",
    "Meeting",
    "MeetingPlan",
    "MeetingStatus",
    "Member",
    "Record",
    "Rhythm",
    "Role",
    "Rsvp",
    "SentInvite",
    "Space",
    "SponsorUpdate",
    "Story",
    "SurveyResponse",
    "Topic",
    "Tuning",
    "ValueCycle",
    "Visibility",
    "check_email",
    "check_mailbox",
    "check_text",
    "check_timezone",
    "revise",
    "tuning_name",
    "unshowable",
]

RECORD_TYPES: tuple[type[Record], ...] = (
    Member,
    Space,
    Rhythm,
    Meeting,
    SentInvite,
    Rsvp,
    MeetingPlan,
    Story,
    SurveyResponse,
    SponsorUpdate,
    ConversationAuthor,
    ConversationMonth,
    ConversationThreads,
    ConversationSummary,
    ErasedIdentity,
)
