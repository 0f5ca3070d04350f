"""Activity between meetings as the file keeps it: authors by platform identity, and packed
monthly tallies and threads (counts only, never what anyone wrote).

Apart because the packed strings have their own grammar, checked in full when an import
builds them and only for their alphabet when read back (see ``_check_packed``).
"""

from __future__ import annotations

import re
from typing import ClassVar

from msgspec.structs import force_setattr

from copkit.errors import InputError
from copkit.model.base import Record
from copkit.model.text import _ALREADY_STORED, check_email, check_text


class ConversationAuthor(Record, frozen=True):
    """Someone who wrote on a platform, as the platform names them: never what they wrote.

    Kept under the platform's identity (a Slack user id, a Graph user id, an email address) so
    an author no member matches yet can be matched later (an alias, a new member) without
    importing again; ``copkit.conversations.store`` resolves authors to members when read.
    """

    TABLE: ClassVar[str] = "conversation_authors"
    ID_PREFIX: ClassVar[str] = "ca"

    platform: str
    key: str
    id: str = ""
    name: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        force_setattr(self, "platform", check_text(self.platform, "a platform", limit=20))
        force_setattr(self, "key", check_text(self.key, "an author's identity", limit=300))
        force_setattr(
            self, "name", check_text(self.name, "an author's name", required=False, limit=200)
        )
        if self.email:
            force_setattr(self, "email", check_email(self.email))


#: An erased identity's keyed digest: 16 hex characters of salt, ``$``, 32 of HMAC-SHA256.
_ERASED = re.compile(r"[0-9a-f]{16}\$[0-9a-f]{32}")


class ErasedIdentity(Record, frozen=True):
    """An identity ``member forget`` erased (a platform's user id, an email address), kept
    only as a salted, keyed digest (:mod:`copkit.conversations.erased`): enough to know that
    person again when an old export is imported, so they do not come back as an unmatched
    author, and nothing to read their name, address or id back from."""

    TABLE: ClassVar[str] = "erased_identities"
    ID_PREFIX: ClassVar[str] = "ei"

    digest: str
    id: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.digest, str) or not _ERASED.fullmatch(self.digest):
            raise InputError("an erased identity is kept as a digest, not as it was written")


#: One month's tallies: space-separated days "DAY:ENTRY,ENTRY", an entry being an author
#: number in base 36 and P, R, X (posts, replies, reactions), each with its count unless 1.
_ENTRY = r"[0-9a-z]+(?=[PRX])(?:P\d*)?(?:R\d*)?(?:X\d*)?"
_TALLY = rf"\d{{1,2}}:{_ENTRY}(?:,{_ENTRY})*"
#: One month's threads: space-separated "KEY.DAY.STARTER.REPLIER[+DAYS],...", numbers in base 36.
_REPLIER = r"[0-9a-z]+(?:\+[0-9a-z]+)?"
_THREAD = rf"[A-Za-z0-9_-]{{1,16}}\.\d{{1,2}}\.[0-9a-z]*\.(?:{_REPLIER}(?:,{_REPLIER})*)?"


#: The characters a packed tally or thread string may hold at all.
_PACKED_CHARS = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz:,.+_ -"


def _in_packed_alphabet(value: str) -> bool:
    """Whether ``value`` holds only :data:`_PACKED_CHARS`: ASCII, and nothing left once they
    are deleted (in C, twice as fast as a regex over the megabytes a history holds)."""
    return value.isascii() and not value.encode("ascii").translate(None, _PACKED_CHARS)


def _check_packed(value: str, pattern: str, what: str) -> str:
    """Checked in full when new (an import builds it); a string read back from the file is only
    checked for its alphabet, because a two-year history is megabytes of these and every
    ``health`` reads them (the readers skip a group they cannot parse rather than crash)."""
    if not isinstance(value, str):
        raise InputError(f"{what} are not in copkit's packed form")
    if _ALREADY_STORED.get()(value):
        full = _in_packed_alphabet(value)
    else:
        full = re.fullmatch(rf"(?:{pattern}(?: {pattern})*)?", value) is not None
    if not full:
        raise InputError(f"{what} are not in copkit's packed form")
    return value


def _check_month(value: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise InputError(f"{value!r} is not a month (YYYY-MM)")
    return value


class ConversationMonth(Record, frozen=True):
    """How often each author posted, replied and reacted in one space, day by day, for a month.

    Packed (see ``copkit.conversations.store``) so the file grows by a few bytes per message;
    counts only, never a message, a subject or an attachment.
    """

    TABLE: ClassVar[str] = "conversation_months"
    ID_PREFIX: ClassVar[str] = "cm"

    space_id: str
    month: str
    tallies: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        _check_month(self.month)
        _check_packed(self.tallies, _TALLY, "a month's conversation counts")


class ConversationThreads(Record, frozen=True):
    """The threads started in one space in a month that had replies: who started each, who
    replied and when first. A thread key is a short hash of the platform's id for it."""

    TABLE: ClassVar[str] = "conversation_threads"
    ID_PREFIX: ClassVar[str] = "ct"

    space_id: str
    month: str
    threads: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        _check_month(self.month)
        _check_packed(self.threads, _THREAD, "a month's conversation threads")


#: One month's summary: space-separated "ENTRY.DAYS", a tally entry (author and counts, as in
#: a month's tallies) summed over every space and day of the month, and the author's active
#: days in decimal.
_SUMMARY = rf"{_ENTRY}\.\d{{1,2}}"


class ConversationSummary(Record, frozen=True):
    """Each author's totals over one month, every space together: derived from that month's
    :class:`ConversationMonth` records and rewritten whenever they are (never merged itself),
    so a reading of whole months sums a few hundred entries instead of scanning every day.
    A month without one (a file written before summaries) is summed from its tallies."""

    TABLE: ClassVar[str] = "conversation_summaries"
    ID_PREFIX: ClassVar[str] = "cs"

    month: str
    totals: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        _check_month(self.month)
        _check_packed(self.totals, _SUMMARY, "a month's conversation summary")
