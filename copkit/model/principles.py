"""The nine design principles of communities of practice (Staempfli et al. 2016).

Their keys name what survey answers are about and what the health check reads, so they belong
to the records' vocabulary, beneath everything that uses them.
"""

from __future__ import annotations

#: The nine design principles (Staempfli et al. 2016): number, key, title, in order.
PRINCIPLES: tuple[tuple[int, str, str], ...] = (
    (1, "organic-evolution", "Organic evolution"),
    (2, "dialogue", "Internal and external dialogue"),
    (3, "participation", "Participation at various levels"),
    (4, "spaces", "Public and private spaces"),
    (5, "domain", "Focus on the domain and its benefits"),
    (6, "activities", "Familiar and stimulating activities"),
    (7, "rhythm", "Rhythm"),
    (8, "gardener", "A community gardener"),
    (9, "sponsorship", "Sponsorship"),
)
PRINCIPLE_KEYS: tuple[str, ...] = tuple(key for _, key, _ in PRINCIPLES)
