"""The closed sets of values a record field may take, as string enums.

Kept apart from the records so the decoding in :mod:`copkit.model.base` can name them all
without importing any record kind (which would import it back).
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """How a member takes part (Wenger): all three belong; people move between them."""

    CORE = "core"
    ACTIVE = "active"
    PERIPHERAL = "peripheral"


class Visibility(StrEnum):
    """Private spaces build trust; public ones open the community to others."""

    PUBLIC = "public"
    PRIVATE = "private"


class ActivityKind(StrEnum):
    """Familiar activities stabilise a community; stimulating ones bring new perspectives."""

    FAMILIAR = "familiar"
    STIMULATING = "stimulating"


class MeetingStatus(StrEnum):
    HELD = "held"
    CANCELLED = "cancelled"


class ValueCycle(StrEnum):
    """The Wenger-Trayner value-creation cycles a story can illustrate."""

    IMMEDIATE = "immediate"
    POTENTIAL = "potential"
    APPLIED = "applied"
    REALISED = "realised"
    REFRAMING = "reframing"
