"""The health check's word stems for matching topics to a domain.

The words, and the common words that have no stem, are the project's one normaliser
(:mod:`copkit.model.words`); only the lengths are the health check's, sourced in ``thresholds``.
"""

from __future__ import annotations

from copkit.health import thresholds as th
from copkit.model import words as normaliser


def stems(text: str) -> set[str]:
    """Crude word stems (the first few letters of each longer word): enough to see that
    "supervising" and "supervision" touch the same thing, without a language model. It misses
    topics in members' own words, so the domain reading never holds a miss against them."""
    return normaliser.stems(text, letters=th.STEM_LETTERS, shortest=th.STEM_SHORTEST_WORD)
