"""How copkit words a number of things: ``1 meeting``, ``3 meetings``, ``2 replies``.

It lives at the bottom of the layers so every module can say a count in plain English, never
hedged with a bracketed s: the records' confirmations as much as the health check's evidence.
"""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 meeting``, ``3 meetings``, ``2 replies``: the one way copkit words a number of
    things. A word ending in a consonant and y takes -ies (``reply``, ``story``; ``day`` keeps
    its y); ``plural`` gives any other form (``recurring series``, ``members are``)."""
    return f"{n} {singular if n == 1 else (plural or _plural(singular))}"


def _plural(word: str) -> str:
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
