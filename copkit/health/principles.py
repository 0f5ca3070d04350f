"""The nine readings, one per design principle, in principle order.

Each reading lives in a small module by what it reads (:mod:`agenda` for 1 and 5,
:mod:`people` for 2 and 8, :mod:`levels` for 3, :mod:`places` for 4 and 6, :mod:`cadence` for 7,
:mod:`sponsorship` for 9) and follows the same three steps (see :mod:`copkit.health.reading`):
gather the facts, decide the signal from :mod:`copkit.health.thresholds`, write the sentences.
"No data yet" is said whenever the records cannot support a reading, rather than guessing.
"""

from __future__ import annotations

from collections.abc import Callable

from copkit.health.agenda import domain, organic_evolution
from copkit.health.cadence import rhythm
from copkit.health.dialogue import dialogue
from copkit.health.gardening import gardener
from copkit.health.levels import participation_levels
from copkit.health.places import activities, spaces
from copkit.health.reading import Context, Reading
from copkit.health.sponsorship import sponsorship

__all__ = ["READERS", "Context", "Reading"]

#: key -> the function reading that principle, in principle order.
READERS: dict[str, Callable[[Context], Reading]] = {
    "organic-evolution": organic_evolution,
    "dialogue": dialogue,
    "participation": participation_levels,
    "spaces": spaces,
    "domain": domain,
    "activities": activities,
    "rhythm": rhythm,
    "gardener": gardener,
    "sponsorship": sponsorship,
}
