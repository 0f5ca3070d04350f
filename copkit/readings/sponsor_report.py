"""A short report for the sponsor: what the community is for, how it is doing, what it needs.

The sponsor guarantees time, a room and recognition; a page they can read in two minutes keeps
them informed (principle 9). :func:`build_sponsor_report` assembles it as a
:class:`SponsorReport` value, and :mod:`copkit.report.sponsor` only renders that value.

Privacy is built in, not bolted on: the report is assembled from aggregate figures and from
lines checked word by word (:mod:`copkit.readings.privacy`) against everything said, done or named
in
private spaces. It never holds a topic, an activity label or a guest of any meeting, nor the
name of a private space or rhythm, never names a member, a former member or the gardener (the
conversation between meetings appears as one count of public posts and replies), and
never grades the gardener in front of a sponsor who may be their manager. A health evidence line
or a story that holds a distinctive private word, any part of anyone's name, or a command hint
is left out; when in doubt, a line stays within the community.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import msgspec

from copkit import records
from copkit.health import participation
from copkit.health import thresholds as th
from copkit.health.findings import HealthReport, Signal
from copkit.health.words import count, day, the_last
from copkit.model import ValueCycle
from copkit.model.words import words
from copkit.readings.privacy import PrivateVocabulary, private_vocabulary
from copkit.records import CommunityData
from copkit.schedule.rhythm import regularity

__all__ = ["NEEDS", "SponsorReport", "build_sponsor_report"]

#: What a principle worth a conversation most often needs from a sponsor.
NEEDS = {
    "rhythm": "Protected time in members' diaries, so meetings can keep their rhythm",
    "participation": "Protected time so members at the edge can come now and then",
    "spaces": "A room or an online space of the kind the community is missing",
    "gardener": "Time for the gardener, or a co-gardener, to tend the community",
    "dialogue": "Support to invite guests from other organisations and professions",
    "activities": "A small budget or permission for visits, guests and new methods",
    "sponsorship": "A regular slot to hear from the community",
    "domain": "A conversation about how the community's purpose fits the service's priorities",
    "organic-evolution": "Room for members to set their own agenda",
}

#: What every community needs from its sponsor, whatever the health check says.
RECOGNITION = "Recognition: a word about the community's work in service and team meetings"

#: Evidence lines the report already shows in its own words.
SHOWN = ("Domain:", "Benefit to members:", "Sponsor:")

Stories = dict[ValueCycle, tuple[tuple[dt.date, str], ...]]


class SponsorReport(msgspec.Struct, frozen=True):
    """Everything the sponsor sees, already cleared of private detail."""

    name: str
    sponsor: str
    as_of: dt.date
    stage: str
    domain: str
    benefit: str
    rhythms: tuple[str, ...]
    held_last_year: int
    trend: tuple[tuple[dt.date, int], ...]
    shape: dict[str, dict[str, int]]
    movement: dict[str, int]
    newcomers: int
    highlights: tuple[tuple[str, Signal, str], ...]
    stories: Stories
    stories_withheld: int
    #: Stories kept back because the member it is about (or who told it) has not agreed to
    #: share it beyond the community: counted, never named.
    stories_without_consent: int
    resources: tuple[str, ...]
    needs: tuple[str, ...]


def _rhythm_lines(data: CommunityData, as_of: dt.date, vocabulary: PrivateVocabulary) -> list[str]:
    """One line per rhythm, by its figures; only an open rhythm's own name may be shown."""
    year = participation.held_between(data, as_of - dt.timedelta(days=th.YEAR_DAYS), as_of)
    zone = data.community.zone
    now = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    coming = {u.rhythm.id: u for u in records.upcoming(data, now=now, per_rhythm=1)}
    lines = []
    for rhythm in data.rhythms:
        starts = [m.start for m in year if m.rhythm_id == rhythm.id]
        if data.space(rhythm.space_id).is_private:
            line = "A private meeting series"
        elif vocabulary.allows(rhythm.name):
            line = f"{rhythm.name} (open)"
        else:
            line = "An open meeting series"
        line += f": {count(len(starts), 'meeting')} in the last year"
        found = regularity(starts)
        if found:
            line += f", about every {round(found[0])} days"
        if rhythm.id in coming:
            line += f"; next on {day(coming[rhythm.id].start.date())}"
        lines.append(line)
    between = _between_meetings(data, as_of)
    if between:
        lines.append(
            f"{count(between, 'post or reply', 'posts and replies')} between meetings in public "
            f"spaces in {the_last(th.RECENT_DAYS)}"
        )
    return lines


def _between_meetings(data: CommunityData, as_of: dt.date) -> int:
    """Posts and replies on public spaces' channels over the recent half year: a count only,
    never who wrote them, and nothing from a private space (not even how busy it was)."""
    log = data.conversation
    if log is None or log.empty:
        return 0
    public = {s.id for s in data.spaces if not s.is_private}
    since = as_of - dt.timedelta(days=th.RECENT_DAYS)
    found = participation.talk_by_space(data, since, as_of)
    return sum(c.posts + c.replies for sid, c in found.items() if sid in public)


def _trend(data: CommunityData, as_of: dt.date) -> tuple[tuple[dt.date, int], ...]:
    """The last twelve months of attendance, from the first month with a meeting."""
    trend = participation.attendance_trend(data, as_of, months=12)
    while trend and not trend[0][1]:
        trend.pop(0)
    return tuple(trend)


def _for_the_sponsor(evidence: str, vocabulary: PrivateVocabulary) -> bool:
    """An evidence line the sponsor may read: not shown elsewhere, not private, not about the
    gardener. The sponsor is often the gardener's manager; a line on whether the gardener came
    to meetings would grade a person, which the health check never means to do."""
    if evidence.startswith(SHOWN) or "gardener" in words(evidence):
        return False
    return vocabulary.allows(evidence)


def _highlights_and_needs(
    report: HealthReport, vocabulary: PrivateVocabulary
) -> tuple[tuple[tuple[str, Signal, str], ...], tuple[str, ...]]:
    """Each principle with data, its signal and one line of evidence the sponsor may read; and
    what the principles worth a conversation need from the sponsor, recognition always."""
    highlights = []
    needs = []
    for finding in report.findings:
        line = next((e for e in finding.evidence if _for_the_sponsor(e, vocabulary)), "")
        if finding.signal is not Signal.NO_DATA:
            highlights.append((finding.title, finding.signal, line))
        if finding.signal is Signal.ATTENTION:
            needs.append(NEEDS[finding.key])
    needs.append(RECOGNITION)
    return tuple(highlights), tuple(dict.fromkeys(needs))


def _stories(view: CommunityData, vocabulary: PrivateVocabulary) -> tuple[Stories, int]:
    """The stories the sponsor may read, by value cycle and date, and how many stay within.

    Only stories whose member agreed to share them beyond the community are read here (see
    :func:`_without_consent`); of those, any touching a private conversation stays within."""
    grouped: dict[ValueCycle, list[tuple[dt.date, str]]] = defaultdict(list)
    withheld = 0
    for story in sorted(view.stories, key=lambda s: s.on):
        if not story.consent:
            continue
        if vocabulary.allows(story.text):
            grouped[story.cycle].append((story.on, story.text))
        else:
            withheld += 1
    return {cycle: tuple(grouped[cycle]) for cycle in ValueCycle if grouped[cycle]}, withheld


def _without_consent(view: CommunityData) -> int:
    """Stories kept back for want of consent to share them beyond the community (a story from
    before consent was recorded has none)."""
    return sum(1 for story in view.stories if not story.consent)


def build_sponsor_report(data: CommunityData, as_of: dt.date) -> SponsorReport:
    """The sponsor's report of ``data`` as it stood on ``as_of``, with that day's health check."""
    from copkit.health import check

    report = check(data, as_of)
    view = participation.upto(data, as_of)
    # all the records, not only those up to as_of: a later private topic or member still counts
    vocabulary = private_vocabulary(data)
    highlights, needs = _highlights_and_needs(report, vocabulary)
    stories, withheld = _stories(view, vocabulary)
    recent = as_of - dt.timedelta(days=th.RECENT_DAYS)
    year_ago = as_of - dt.timedelta(days=th.YEAR_DAYS)
    community = view.community
    return SponsorReport(
        name=community.name,
        sponsor=community.sponsor,
        as_of=as_of,
        stage=report.stage.value,
        domain=community.domain,
        benefit=community.benefit,
        rhythms=tuple(_rhythm_lines(view, as_of, vocabulary)),
        held_last_year=len(participation.held_between(view, year_ago, as_of)),
        trend=_trend(view, as_of),
        shape=participation.shape(view, as_of),
        movement=participation.level_movement(view, as_of),
        newcomers=sum(1 for m in view.members if recent < m.joined <= as_of),
        highlights=highlights,
        stories=stories,
        stories_withheld=withheld,
        stories_without_consent=_without_consent(view),
        resources=community.resources,
        needs=needs,
    )
