"""The community itself and what a gardener keeps about its value: stories, survey answers,
and the updates sent to its sponsor.

These are the records the health check reads for purpose, value and sponsorship (principles
1, 7 and 9), apart from the people, spaces and meetings they are about.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, ClassVar, Self
from zoneinfo import ZoneInfo

import msgspec
from msgspec.structs import force_setattr

from copkit.errors import InputError
from copkit.model.base import Record, _encode
from copkit.model.enums import ValueCycle
from copkit.model.parts import Gardener, Tuning
from copkit.model.text import check_text, check_timezone, unique_texts

if TYPE_CHECKING:
    from copkit.model.people import Member

#: File names in the copkit home that are not communities (``config.json``).
RESERVED_SLUGS = frozenset({"config"})


class Community(Record, frozen=True):
    """The community itself: its domain, why members come, who tends and who sponsors it.

    ``gardeners`` is the list of people who tend it, the lead first. ``gardener`` and
    ``gardener_email`` are the lead's, kept so a file or a script from before shared
    gardening still reads: given alone they become the list, and they always mirror its first
    entry. Change who gardens through ``gardeners``; the file keeps the list only.
    """

    TABLE: ClassVar[str] = "community"

    slug: str
    name: str
    domain: str
    benefit: str = ""
    gardener: str = ""
    gardener_email: str = ""
    sponsor: str = ""
    timezone: str = "Europe/London"
    created: dt.date = msgspec.field(default_factory=dt.date.today)
    resources: tuple[str, ...] = ()
    #: When the community last revisited its domain and purpose together (principle 1).
    purpose_reviewed: dt.date | None = None
    #: Who tends the community, the lead first (principle 8: one person or several).
    gardeners: tuple[Gardener, ...] = ()
    #: The domain's own themes: a topic carrying one is on the domain (principle 5).
    themes: tuple[str, ...] = ()
    #: Thresholds of the health check this community set for itself.
    thresholds: tuple[Tuning, ...] = ()
    #: Its leads: a steering group apart from the gardeners, such as the consortium members
    #: who led a programme's community. Topics they propose and roles they take count with the
    #: gardening role's, so principles 1 and 8 see the agenda and the roles move to members
    #: (Gray, Parker & Immins 2008: "working more independently over time").
    leads: tuple[Gardener, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", self.slug):
            raise InputError(
                f"{self.slug!r} is not a usable short name (lower-case letters, digits and dashes)"
            )
        if self.slug in RESERVED_SLUGS:
            raise InputError(f"{self.slug!r} is a name copkit keeps for itself; choose --slug")
        force_setattr(self, "name", check_text(self.name, "the community's name", limit=200))
        force_setattr(self, "domain", check_text(self.domain, "the domain"))
        force_setattr(self, "benefit", check_text(self.benefit, "the benefit", required=False))
        self._settle_gardeners()
        force_setattr(self, "sponsor", check_text(self.sponsor, "the sponsor", required=False))
        check_timezone(self.timezone)
        resources = tuple(check_text(r, "a resource", limit=300) for r in self.resources)
        force_setattr(self, "resources", resources)
        force_setattr(self, "themes", unique_texts(self.themes, "a theme"))
        tunings = {t.name: t for t in self.thresholds}  # the last value given for a name wins
        force_setattr(self, "thresholds", tuple(tunings.values()))
        by_person = {(p.email or p.name).casefold(): p for p in self.leads}
        force_setattr(self, "leads", tuple(by_person.values()))

    def _settle_gardeners(self) -> None:
        """The list is the truth; a lone ``gardener``/``gardener_email`` (an older file, an
        older script) becomes it, and the two always mirror the lead."""
        gardeners = tuple(self.gardeners)
        if not gardeners and (self.gardener or self.gardener_email):
            gardeners = (Gardener(self.gardener, self.gardener_email),)
        by_name: dict[str, Gardener] = {}
        for person in gardeners:
            by_name.setdefault((person.email or person.name).casefold(), person)
        gardeners = tuple(by_name.values())
        force_setattr(self, "gardeners", gardeners)
        force_setattr(self, "gardener", gardeners[0].name if gardeners else "")
        force_setattr(self, "gardener_email", gardeners[0].email if gardeners else "")

    def to_dict(self) -> dict[str, Any]:
        """The new shape only: ``gardeners``, never the lead's mirror fields (``from_dict``
        still reads a file that has them and no list)."""
        data = super().to_dict()
        del data["gardener"], data["gardener_email"]
        return data

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed; ``gardener``/``gardener_email`` alone name a new
        lead (the rest of the list stays), an empty pair removes the lead."""
        return super().replace(**self._lead_change(changes))

    def revised(self, data: dict[str, Any]) -> Self:
        """An edit given as stored fields, with the lead's fields read as :meth:`replace` does."""
        changes = self._lead_change(data)
        if "gardeners" in changes:
            changes["gardeners"] = [_encode(g) for g in changes["gardeners"]]
        return super().revised(changes)

    def _lead_change(self, changes: dict[str, Any]) -> dict[str, Any]:
        if "gardeners" in changes:  # the list wins; the mirrors follow it
            return changes | {"gardener": "", "gardener_email": ""}
        if not {"gardener", "gardener_email"} & changes.keys():
            return changes
        name = changes.get("gardener", self.gardener)
        email = changes.get("gardener_email", self.gardener_email)
        rest = {k: v for k, v in changes.items() if k not in ("gardener", "gardener_email")}
        lead = (Gardener(name, email),) if name or email else ()
        return rest | {
            "gardeners": (*lead, *self.gardeners[1:]),
            "gardener": "",
            "gardener_email": "",
        }

    def tended_by(self, member: Member) -> bool:
        """Whether a member is one of the gardeners: by email, else by exactly the same name
        (a gardener named without an email)."""
        return any(g.is_member(member) for g in self.gardeners)

    def led_by(self, member: Member) -> bool:
        """Whether a member is one of the leads (matched as a gardener is)."""
        return any(lead.is_member(member) for lead in self.leads)

    def leading(self, member: Member) -> bool:
        """Whether what a member proposes or takes on comes from those who lead (a gardener or
        a lead) rather than from the members (principles 1 and 8)."""
        return self.tended_by(member) or self.led_by(member)

    def tuning(self) -> dict[str, float]:
        """The thresholds this community set for itself, by name."""
        return {t.name: t.value for t in self.thresholds}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Story(Record, frozen=True):
    """A value-creation story: how taking part made a difference (Wenger-Trayner)."""

    TABLE: ClassVar[str] = "stories"
    ID_PREFIX: ClassVar[str] = "st"

    text: str
    on: dt.date
    id: str = ""
    member_id: str | None = None
    cycle: ValueCycle = ValueCycle.IMMEDIATE
    #: Whether the member it is about (or who told it) agreed to share it beyond the
    #: community: only then may it reach the sponsor report. A story from before consent was
    #: recorded has none.
    consent: bool = False

    def __post_init__(self) -> None:
        force_setattr(self, "text", check_text(self.text, "a story", multiline=True))
        force_setattr(self, "cycle", ValueCycle(self.cycle))


class SurveyResponse(Record, frozen=True):
    """One anonymous answer to one agreement statement (1 strongly disagree .. 5 strongly agree).

    ``respondent`` is an anonymous token chosen by whoever ran the survey, never a member id.
    """

    TABLE: ClassVar[str] = "survey"
    ID_PREFIX: ClassVar[str] = "sv"

    respondent: str
    principle: str
    statement: str
    score: int
    on: dt.date
    id: str = ""
    #: An optional free-text answer: for the gardener's eyes, never the sponsor's.
    comment: str = ""

    def __post_init__(self) -> None:
        force_setattr(
            self,
            "comment",
            check_text(self.comment, "a comment", required=False, limit=2000, multiline=True),
        )
        if not 1 <= self.score <= 5:
            raise InputError(f"a score runs from 1 to 5, not {self.score}")


class SponsorUpdate(Record, frozen=True):
    """A report sent to the sponsor (principle 9: the sponsor is kept informed)."""

    TABLE: ClassVar[str] = "sponsor_updates"
    ID_PREFIX: ClassVar[str] = "su"

    on: dt.date
    id: str = ""
    note: str = ""
