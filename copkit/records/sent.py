"""What copkit keeps about reaching members, and erasing it when a member is forgotten.

Three kinds of record name a member outside the member record itself: what they last received
of each series (:class:`~copkit.model.SentInvite`), their answers (:class:`~copkit.model.Rsvp`)
and the meetings they host (:class:`~copkit.model.MeetingPlan`). Erasure must be real, so
``member forget`` removes the first two and takes them off as host of the third (the plan,
which is about the meeting, stays). Kept apart from :mod:`copkit.reach.imip` so a forget never loads
the calendar libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copkit.model import MeetingPlan, Member, Rsvp, SentInvite

if TYPE_CHECKING:
    from copkit.storage.store import Session

__all__ = ["forget_reach", "rsvps", "sent_log"]


def sent_log(session: Session) -> list[SentInvite]:
    """What each member last received of each series: how a send knows who needs what."""
    return session.all(SentInvite)


def rsvps(session: Session) -> list[Rsvp]:
    """Every answer members sent back to an invite, as `rsvp import` stored it."""
    return session.all(Rsvp)


def forget_reach(session: Session, member: Member) -> None:
    """Erase what copkit sent to ``member`` and what they answered; unname them as host."""
    for sent in session.all(SentInvite):
        if sent.member_id == member.id:
            session.remove(SentInvite, sent.id)
    for answer in session.all(Rsvp):
        if answer.member_id == member.id:
            session.remove(Rsvp, answer.id)
    for plan in session.all(MeetingPlan):
        if plan.host_id == member.id:
            session.put(plan.replace(host_id=None))
