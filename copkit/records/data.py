"""Everything in one community, read at once: what the health check, calendar and TUI read."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import msgspec

from copkit.model import (
    Community,
    Meeting,
    MeetingPlan,
    Member,
    Rhythm,
    Rsvp,
    Space,
    SponsorUpdate,
    Story,
    SurveyResponse,
)

if TYPE_CHECKING:
    from copkit.conversations.read import ConversationLog
    from copkit.storage.store import Session


class CommunityData(msgspec.Struct, frozen=True):
    """Everything in one community, read once: what the health check, calendar and TUI read."""

    community: Community
    members: list[Member]
    spaces: list[Space]
    rhythms: list[Rhythm]
    meetings: list[Meeting]
    stories: list[Story]
    survey: list[SurveyResponse]
    sponsor_updates: list[SponsorUpdate]
    #: Activity between meetings, when the caller read it
    #: (:func:`copkit.health.participation.read`):
    #: None for the faces that never need it, so they do not pay for reading it.
    conversation: ConversationLog | None = None
    #: What coming meetings are about (:mod:`copkit.records.plans`): invites carry them.
    plans: tuple[MeetingPlan, ...] = ()
    #: Members' answers to invites (:mod:`copkit.reach.rsvp`): the dashboard shows the counts.
    rsvps: tuple[Rsvp, ...] = ()
    #: Rhythms a reading as of a day left out of ``rhythms`` (ended by then, or not yet set
    #: up; :func:`copkit.health.participation.upto`): their past meetings still tell who they
    #: were for.
    set_aside: tuple[Rhythm, ...] = ()

    def space(self, space_id: str) -> Space:
        return next(s for s in self.spaces if s.id == space_id)

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    @property
    def started(self) -> dt.date:
        """The day the community started: the earliest sign of life in its records (its file's
        creation, a member joining, a meeting). One answer for `community show`, the health
        check and every other face: a gardener who enters last month's meetings today started
        last month, not today."""
        days = [self.community.created]
        days += [m.joined for m in self.members]
        days += [m.start.date() for m in self.meetings]
        return min(days)


def snapshot(session: Session) -> CommunityData:
    return CommunityData(
        community=session.community(),
        members=session.all(Member),
        spaces=session.all(Space),
        rhythms=session.all(Rhythm),
        meetings=sorted(session.all(Meeting), key=lambda m: m.start),
        stories=session.all(Story),
        survey=session.all(SurveyResponse),
        sponsor_updates=session.all(SponsorUpdate),
        plans=tuple(session.all(MeetingPlan)),
        rsvps=tuple(session.all(Rsvp)),
    )
