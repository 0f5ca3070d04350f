"""People's words as copkit compares them: one normaliser for every rule that reads free text.

Three rules read what people wrote: the health check asks whether topics touch the domain
(:func:`stems`), the sponsor report keeps private words out (:func:`words`, :func:`forms`,
:data:`STOP_WORDS`), and erasure finds the stories that name a person (:func:`spaced`). They
must agree on what a word is, or "Zoë" is one person to one rule and a stranger to the next;
so each of them reads text only through this module.

A word is a run of letters, folded: lower case (``casefold``, so "Straße" is "strasse") and
without accents (so "Zoë", "ZOE" and "zoe" are one word, however the "ë" was typed). Digits,
punctuation, a hyphen or an apostrophe end a word: "child-protection" is two words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "FIELD_WORDS",
    "STOP_WORDS",
    "all_forms",
    "fold",
    "forms",
    "phrase",
    "spaced",
    "stems",
    "words",
]

#: Common English words that say nothing about a case, a family or a person: a private topic
#: sharing one of them with a story does not make the story private, and a topic sharing one
#: with the domain does not touch the domain. Honorifics and number words are here too ("a
#: family known to three agencies" does not make every "three" private).
_STOP_TEXT = """
    a about above after again against all also am among an and another any are as at be because
    been before being below between both but by can could did do does doing down during each
    either every few for from further had has have having he her here hers herself him himself his
    how if in into is it its itself just last least less many me might more most much must my
    myself neither no nor not now of off on once only onto or other ought our ours ourselves out
    over own same shall she should since so some such than that the their theirs them themselves
    then there these they this those though through to too under until up upon us very was we
    well were what when where whether which while who whom whose why will with within without
    would yet you your yours yourself yourselves dr mr mrs ms mx prof
    one two three four five six seven eight nine ten eleven twelve first second third
    fourth fifth next ever even never always often still again like
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

#: Words nearly every domain, topic and interest in social-work practice holds ("using" opens
#: half of all method topics): sharing one shows nothing about what a topic is about. Only the
#: domain reading sets them aside; to the sponsor report a private "practice" is still private.
FIELD_WORDS = frozenset(
    {"help", "helps", "practice", "social", "using", "work", "workers", "working"}
)

_WORD = re.compile(r"[^\W\d_]+")
#: The words that have no stem (see :func:`stems`), joined once rather than on every call.
_NO_STEM = STOP_WORDS | FIELD_WORDS


def fold(text: str) -> str:
    """Lower case without accents, so "Zoë", "ZOE" and "zoe" are the same word.

    Compatibility forms are undone before the case is folded as well as after, so a name typed
    in "fancy" letters (𝐙𝐨𝐞, as social media offer) is the plain word too, and folding twice
    changes nothing.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    if folded.isascii():  # no combining mark to drop: skip the walk over every character
        return folded
    return "".join(c for c in folded if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of ``text``, folded, in order; a hyphen or an apostrophe splits a word in two."""
    return _WORD.findall(fold(text))


def phrase(text: str) -> str:
    """The words of ``text`` between single spaces: the one form in which phrases compare."""
    return " ".join(words(text))


def spaced(text: str) -> str:
    """:func:`phrase` with a space at each end, so ``f" {p} " in spaced(text)`` finds the
    phrase ``p`` only as whole words: "ann" is not found in "joanna"."""
    return f" {phrase(text)} "


def forms(word: str) -> set[str]:
    """A word with and without a plural ending: "genograms" is caught by "genogram"."""
    found = {word}
    if word.endswith("s"):
        found.add(word[:-1])
    if word.endswith("es"):
        found.add(word[:-2])
    return found


def all_forms(found: Iterable[str]) -> set[str]:
    """Every word of ``found`` in each of its :func:`forms`."""
    return {form for word in found for form in forms(word)}


#: Word stems: the first letters kept of each word, and the shortest word read (copkit
#: defaults; the health check reads them as thresholds, which a community may tune).
STEM_LETTERS = 6
STEM_SHORTEST_WORD = 4


def stems(
    text: str, *, letters: int = STEM_LETTERS, shortest: int = STEM_SHORTEST_WORD
) -> set[str]:
    """Crude word stems (the first ``letters`` letters of each word of ``shortest`` letters or
    more): with six and four, "supervising" and "supervision" meet at "superv", without a
    language model. :data:`STOP_WORDS` and :data:`FIELD_WORDS` have no stem. The health check
    passes its own lengths (``thresholds``, tunable); suggesting themes uses the defaults."""
    return set(_stems(text, letters, shortest))


@functools.lru_cache(maxsize=4096)
def _stems(text: str, letters: int, shortest: int) -> frozenset[str]:
    """:func:`stems`, kept for texts read again: a health check reads every member's interests
    and the year's topics once for the day it checks and once for a quarter earlier, and many
    members share an interest. (A function of its arguments alone; each caller gets a copy.)"""
    return frozenset(w[:letters] for w in words(text) if len(w) >= shortest and w not in _NO_STEM)
