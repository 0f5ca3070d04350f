"""What must never leave the community: the words of its private spaces and its people's names.

Private spaces are where people test half-formed ideas about real cases (DOMAIN.md, privacy);
anything written for someone outside the community (today, the sponsor report) passes each line
through :meth:`PrivateVocabulary.allows` first. The test is deliberately blunt: a line that holds
a distinctive private word, any part of anyone's name, a whole private phrase or a command hint
stays out. When in doubt, a line stays within the community.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from copkit.model.words import STOP_WORDS, all_forms, forms, phrase, spaced, words

if TYPE_CHECKING:
    from copkit.records import CommunityData

__all__ = ["DISTINCTIVE_LENGTH", "PrivateVocabulary", "private_vocabulary"]

#: Shorter words in a private topic or label are too common to mark a line as private.
DISTINCTIVE_LENGTH = 4


class PrivateVocabulary(msgspec.Struct, frozen=True):
    """What must not reach the sponsor, and a test for a line of text.

    ``words`` (folded, with their plural forms): the distinctive words of everything said, done
    or named in private spaces (topics, activity labels, guests, the spaces' and rhythms' own
    names) that the community's public side never uses, and every part of every member's and
    the gardener's name. ``phrases`` (folded words joined by spaces): whole private topics,
    labels, guests and names, and members' emails, for those made only of common words. A line
    is allowed only if it holds none of them, anywhere, as a whole word, and no backtick (a
    hint for the gardener's terminal, not for the sponsor). When in doubt, a line stays out.
    """

    words: frozenset[str]
    phrases: frozenset[str]

    def allows(self, text: str) -> bool:
        """Whether ``text`` may be shown outside the community."""
        if "`" in text:
            return False
        if any(forms(word) & self.words for word in words(text)):
            return False
        joined = spaced(text)
        return not any(f" {wanted} " in joined for wanted in self.phrases)


def _distinctive(texts: set[str]) -> set[str]:
    """Words of ``texts`` long and uncommon enough to point at what was said."""
    return {w for text in texts for w in words(text) if len(w) >= DISTINCTIVE_LENGTH} - STOP_WORDS


def _sorted_by_privacy(data: CommunityData) -> tuple[set[str], set[str], set[str], set[str]]:
    """Every free text of the records, by where it was said: (said in private: topics and
    activity labels; guests of private meetings; names of private spaces and rhythms; public)."""
    private = {s.id for s in data.spaces if s.is_private}
    said: set[str] = set()
    guests: set[str] = set()
    public: set[str] = set()
    for meeting in data.meetings:
        texts = {t.text for t in meeting.topics} | {a.label for a in meeting.activities}
        if meeting.space_id in private:
            said |= texts
            guests.update(meeting.guests)
        else:
            public |= texts | set(meeting.guests)
    named = {s.name for s in data.spaces if s.id in private}
    named |= {r.name for r in data.rhythms if r.space_id in private}
    public |= {s.name for s in data.spaces if s.id not in private}
    public |= {r.name for r in data.rhythms if r.space_id not in private}
    community = data.community
    public |= {community.name, community.domain, community.benefit, *community.resources}
    return said, guests, named, public


def private_vocabulary(data: CommunityData) -> PrivateVocabulary:
    """Everything private in ``data``, and every name, as words a sponsor line must not hold."""
    said, guests, named, public = _sorted_by_privacy(data)
    # what was also said or done in the open is not private (a check-in is a check-in)
    public_words = all_forms({w for text in public for w in words(text)})
    found = {w for w in _distinctive(said | named) if not forms(w) & public_words}
    # a guest is a person or an organisation: even a short part of the name gives them away
    found |= {
        w for g in guests for w in words(g) if len(w) >= 2 and not forms(w) & public_words
    } - STOP_WORDS
    # every person in the records, past or present, and every gardener: a sponsor line names
    # nobody
    gardeners = data.community.gardeners
    people = [m.name for m in data.members] + [g.name for g in gardeners]
    found |= {w for name in people for w in words(name) if len(w) >= 2}
    public_phrases = {phrase(text) for text in public}
    phrases = {phrase(text) for text in said | guests | named} - public_phrases
    phrases |= {phrase(m.email) for m in data.members} | {phrase(g.email) for g in gardeners}
    return PrivateVocabulary(
        words=frozenset(all_forms(found)), phrases=frozenset(p for p in phrases if p)
    )
