"""Identities ``member forget`` erased: known again on import, never kept as they were.

Erasure must hold after the next import. Exports are cumulative: the Slack export a gardener
imports next month still holds every message of a forgotten member, who would come back as an
unmatched author, under their Slack id, display name and address. So when a member is
forgotten, each identity that was theirs (every platform id matched to them, their address,
their name and aliases) is kept as an :class:`~copkit.model.ErasedIdentity`: an HMAC-SHA256
digest under a random salt of its own. The file then holds nothing to read the person back
from, and the same address forgotten in two communities leaves unrelated digests. An import
leaves out the activity of an author that answers to one of them, unless a member the
community has now is that author (someone who came back and was added again).

It stands alone because it is the one place that turns an identity into its digest and
answers "was this erased?"; :mod:`copkit.conversations.log` asks it on import and on forget.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from copkit.model import ConversationAuthor, ErasedIdentity, Member

if TYPE_CHECKING:
    from copkit.storage.store import Session


def _mac(identity: str, salt: str) -> str:
    return hmac.new(bytes.fromhex(salt), identity.encode(), hashlib.sha256).hexdigest()[:32]


def author_identities(author: ConversationAuthor) -> set[str]:
    """What an author answers to: their platform id, and their id, name and address as names
    (an alias matches any of these, as :func:`copkit.conversations.log.resolve` reads them)."""
    found = {f"id\0{author.platform}\0{author.key}"}
    found.update(f"name\0{n.casefold()}" for n in (author.key, author.name, author.email) if n)
    if author.email:
        found.add(f"email\0{author.email.casefold()}")
    return found


def member_identities(member: Member) -> set[str]:
    """What a member was known by: their address, and their name and aliases as names."""
    found = {f"name\0{n.casefold()}" for n in (member.name, *member.aliases) if n}
    if member.email:
        found.add(f"email\0{member.email.casefold()}")
    return found


class ErasedIdentities:
    """The erased identities of a community, asked one identity at a time."""

    def __init__(self, records: Iterable[ErasedIdentity]) -> None:
        self._salted = [tuple(r.digest.split("$")) for r in records]

    def __bool__(self) -> bool:
        return bool(self._salted)

    def holds(self, identity: str) -> bool:
        return any(hmac.compare_digest(_mac(identity, salt), mac) for salt, mac in self._salted)

    def erased(self, author: ConversationAuthor) -> bool:
        """Whether the author answers to an identity that was erased."""
        return any(self.holds(identity) for identity in author_identities(author))


def erased_identities(session: Session) -> ErasedIdentities:
    return ErasedIdentities(session.all(ErasedIdentity))


def remember_erased(session: Session, identities: Iterable[str]) -> None:
    """Keep the digests of ``identities`` (those not already kept), each under a new salt."""
    known = erased_identities(session)
    fresh = [
        ErasedIdentity(digest=f"{salt}${_mac(identity, salt)}")
        for identity in sorted(set(identities))
        if not known.holds(identity)
        for salt in [secrets.token_hex(8)]
    ]
    session.add_many(fresh)
