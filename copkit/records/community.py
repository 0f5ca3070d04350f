"""The community itself, and what it keeps beside meetings: value stories, survey answers,
and the updates its sponsor was sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from copkit.errors import CopkitError, InputError
from copkit.model import (
    Community,
    Meeting,
    Member,
    Rhythm,
    SponsorUpdate,
    Story,
    SurveyResponse,
    ValueCycle,
    check_email,
)
from copkit.records.members import find_member
from copkit.schedule.rhythm import move_until
from copkit.storage.home import Place

if TYPE_CHECKING:  # the survey module brings the principles: loaded only to record one
    from copkit.records.survey import SurveyFile
    from copkit.storage.store import Session


def start_community(home: Place, community: Community) -> Community:
    """Write a new community's file in ``home`` and make it the one commands work on.

    Its slug must be new in the home (it names the file and ``--community``), and each
    gardener's email needs the gardener's name: the lead's email is the invites' organiser,
    the names are who members see.
    """
    for person in community.gardeners:
        if person.email and not person.name:
            raise InputError("--gardener-email goes with --gardener NAME")
        if person.email:
            check_email(person.email)
    if community.slug in home.slugs():
        raise CopkitError(f"there is already a community {community.slug!r}; choose --slug")
    home.create(community)
    home.set_current(community.slug)
    return community


def community_changes(changes: Mapping[str, Any], *, on: dt.date | None) -> dict[str, Any]:
    """What a change to the community's details sets: ``changes``, and, when they give the
    domain, ``purpose_reviewed`` on ``on`` (the face's today): changing the domain counts as
    revisiting it (principle 1 reads the day), unless the change says the day itself."""
    found = dict(changes)
    if "domain" in found and "purpose_reviewed" not in found:
        if on is None:
            raise InputError("a new domain counts as revisiting the purpose: say on which day")
        found["purpose_reviewed"] = on
    return found


def edit_community(session: Session, *, on: dt.date | None = None, **changes: Any) -> Community:
    """Change the community's details (what :func:`community_changes` says the change sets:
    a new domain needs ``on``, the day the purpose was revisited). A new time zone moves every
    rhythm that follows the community's zone, so their SEQUENCE rises (calendars must take the
    new time) and their UNTIL keeps its local day. Thresholds come from
    :func:`copkit.health.thresholds.retune`."""
    before = session.community()
    updated = before.replace(**community_changes(changes, on=on))
    session.put_community(updated)
    if updated.leads != before.leads:
        _reattribute(session, before, updated)
    if updated.timezone != before.timezone:
        for rhythm in session.all(Rhythm):
            if rhythm.timezone is None:
                rule = move_until(rhythm.rrule, before.zone, updated.zone)
                session.put(rhythm.replace(rrule=rule, sequence=rhythm.sequence + 1))
    return updated


def _reattribute(session: Session, before: Community, after: Community) -> None:
    """Leads named (or no longer named) after their meetings were recorded: the topics they
    proposed and the roles they took are read again as the leads' or the members' (a
    programme is often entered after the fact). Only those people's entries change; a topic
    whose proposer was forgotten keeps what it said."""
    moved = {m.id for m in session.all(Member) if before.led_by(m) != after.led_by(m)}
    if not moved:
        return
    by_id = {m.id: m for m in session.all(Member)}
    for meeting in session.all(Meeting):
        topics = tuple(
            replace(t, by_member=not after.leading(by_id[t.proposed_by]))
            if t.proposed_by in moved
            else t
            for t in meeting.topics
        )
        roles = tuple(
            replace(r, by_member=not after.leading(by_id[r.member_id]))
            if r.member_id in moved
            else r
            for r in meeting.roles
        )
        if topics != meeting.topics or roles != meeting.roles:
            session.put(meeting.replace(topics=topics, roles=roles))


def add_story(
    session: Session,
    text: str,
    *,
    on: dt.date,
    member: str | None,
    cycle: ValueCycle,
    consent: bool = False,
) -> Story:
    """Record a value story; ``member`` is a ref to whose story it is (optional). ``consent``
    says the member it is about, or who told it, agreed to share it beyond the community:
    without it the story stays out of the sponsor report."""
    member_id = find_member(session.all(Member), member).id if member else None
    return session.add(Story(text=text, on=on, member_id=member_id, cycle=cycle, consent=consent))


def edit_story(session: Session, story_id: str, **changes: Any) -> Story:
    """Change a story: its consent to be shared beyond the community, its text, cycle or day."""
    found = next((s for s in session.all(Story) if s.id == story_id), None)
    if found is None:
        raise CopkitError(f"no story {story_id!r} (see `copkit story list`)")
    return session.put(found.replace(**changes))


def record_survey(session: Session, answers: SurveyFile) -> list[SurveyResponse]:
    """Store a survey file's answers, all or none (see :func:`copkit.records.survey.check_answers`):
    a respondent may not be named like a member, nor answer a statement twice in a round."""
    from copkit.records.survey import check_answers

    names = [value for m in session.all(Member) for value in (m.id, m.email, m.name)]
    checked = check_answers(answers, member_names=names, stored=session.all(SurveyResponse))
    return session.add_many(checked)


def record_sponsor_update(session: Session, *, on: dt.date, note: str) -> SponsorUpdate:
    """Note that the sponsor was sent an update (the sponsorship principle reads these)."""
    return session.add(SponsorUpdate(on=on, note=note))
