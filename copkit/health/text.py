"""The health check's one text normaliser: crude word stems for matching topics to a domain.

Kept in one place so the project's shared normaliser can replace it with a single import.
"""

from __future__ import annotations

import re

from copkit.health import thresholds as th

_STOP = frozenset(
    {"from", "into", "their", "this", "what", "when", "where", "with", "without", "your"}
    | {"after", "before", "about", "over", "under", "than", "using", "help", "helps", "work"}
    | {"working", "practice", "social", "workers"}
)


def stems(text: str) -> set[str]:
    """Crude word stems (the first few letters of each longer word): enough to see that
    "supervising" and "supervision" touch the same thing, without a language model. It misses
    topics in members' own words, so the domain reading never holds a miss against them."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    return {
        w[: th.STEM_LETTERS] for w in words if len(w) >= th.STEM_SHORTEST_WORD and w not in _STOP
    }
