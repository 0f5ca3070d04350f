"""A short report for the sponsor: what the community is for, how it is doing, what it needs.

The sponsor guarantees time, a room and recognition; a page they can read in two minutes keeps
them informed (principle 9). :func:`build_sponsor_report` assembles it as a
:class:`SponsorReport` value, and :mod:`copkit.report.sponsor` only renders that value.

Privacy is built in, not bolted on: the report is assembled from aggregate figures and from
lines checked word by word (:mod:`copkit.readings.privacy`) against everything said, done or named
in private spaces. It never holds a topic, an activity label or a guest of any meeting, nor the
name of a private space or rhythm, never names a member, a former member or the gardener (the
conversation between meetings is read from public spaces alone, as counts and the way it
flows), and never grades the gardener in front of a sponsor who may be their manager. A health
evidence line or a story that holds a distinctive private word, any part of anyone's name, or a
command hint is left out; when in doubt, a line stays within the community.

What the sponsor most needs to see, the PSDP tool says, is the emerging value: so the report
carries members' own view from the anonymous survey (who answered, out of how many, and what
they agreed with), says a programme that ran to its planned end completed rather than showing
its series as empty, and carries a one-way finding to the sponsor (the Social Care Wales
mapping found groups with one-way communication and little interaction between meetings),
never counting a bulletin nobody answered as conversation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import msgspec

from copkit import records
from copkit.health import participation, survey
from copkit.health import thresholds as th
from copkit.health.checkup import set_up_by
from copkit.health.dialogue import Flow, flow, reach
from copkit.health.ending import PlannedEnd, planned_ending
from copkit.health.findings import HealthReport, Signal
from copkit.health.gardening import gardener_ids
from copkit.health.words import count, day, percent, the_last
from copkit.model import Meeting, Rhythm, ValueCycle
from copkit.model.principles import PRINCIPLES
from copkit.model.words import words
from copkit.readings.privacy import PrivateVocabulary, private_vocabulary
from copkit.records import CommunityData
from copkit.records.survey import STATEMENTS
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

#: What a community whose conversation between meetings flows one way needs: the Social Care
#: Wales mapping (Social Finance 2022) found groups that met periodically with one-way
#: communication and little interaction between meetings.
ONE_WAY_NEED = (
    "A place and a reason for members to answer each other between meetings, not only to hear "
    "news, so that what they learn can flow back to the wider organisation: the Social Care "
    "Wales mapping (Social Finance 2022) found groups whose communication ran one way, with "
    "little interaction between meetings"
)

#: The dialogue line's addition when conversation in public spaces flows one way.
ONE_WAY_LINE = "between meetings, communication in public spaces flows one way"

#: What a community whose series all ran to their planned end needs: a word on what goes on.
COMPLETED_NEED = (
    "A conversation with members about what should carry on now that the meetings have "
    "completed: a channel, an occasional reunion, or a new series"
)

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
    #: Members' own view from the latest anonymous survey round: who answered, out of how many
    #: members, then one line per principle answered (empty: no survey yet).
    survey: tuple[str, ...] = ()
    #: When every series ran to its planned end: that it completed, what it did, and what
    #: carries on (empty otherwise).
    completed: tuple[str, ...] = ()
    #: Whether the last month held a meeting or conversation to read movement from
    #: (:func:`copkit.health.participation.movement_readable`): after a programme's last
    #: meeting nobody moved anywhere, and the report says so rather than "0 moved".
    movement_readable: bool = True
    #: Conversation between meetings in public spaces flows one way (the dialogue principle's
    #: reading of public discussion spaces, or no space meant for members to talk at all).
    one_way: bool = False
    #: Meetings held over the window the observed levels are read from: with only one, the
    #: levels count who came to it, not who carries the community (a quarterly forum).
    levels_meetings: int | None = None


def _rhythm_lines(data: CommunityData, as_of: dt.date, vocabulary: PrivateVocabulary) -> list[str]:
    """One line per rhythm, by its figures; only an open rhythm's own name may be shown. A
    series that ran to its planned end says so, with what it held, rather than "0 meetings in
    the last year"."""
    year = participation.held_between(data, as_of - dt.timedelta(days=th.YEAR_DAYS), as_of)
    zone = data.community.zone
    now = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    coming = {u.rhythm.id: u for u in records.upcoming(data, now=now, per_rhythm=1)}
    lines = []
    for rhythm in data.rhythms:
        if data.space(rhythm.space_id).is_private:
            line = "A private meeting series"
        elif vocabulary.allows(rhythm.name):
            line = f"{rhythm.name} (open)"
        else:
            line = "An open meeting series"
        ended = _series_end(data, rhythm, as_of)
        if ended is not None:
            held = _held(data, as_of, rhythm.id)
            lines.append(
                f"{line}: completed as planned, {count(len(held), 'meeting')} from "
                f"{day(held[0].start.date())} to {day(ended.last_held)}"
            )
            continue
        starts = [m.start for m in year if m.rhythm_id == rhythm.id]
        line += f": {count(len(starts), 'meeting')} in the last year"
        found = regularity(starts)
        if found:
            line += f", about every {round(found[0])} days"
        if rhythm.id in coming:
            line += f"; next on {day(coming[rhythm.id].start.date())}"
        lines.append(line)
    return lines


def _held(data: CommunityData, as_of: dt.date, rhythm_id: str | None = None) -> list[Meeting]:
    """The meetings held up to ``as_of`` (of one series, if given), oldest first."""
    return sorted(
        (
            m
            for m in data.meetings
            if m.held
            and m.start.date() <= as_of
            and (rhythm_id is None or m.rhythm_id == rhythm_id)
        ),
        key=lambda m: m.start,
    )


def _series_end(data: CommunityData, rhythm: Rhythm, as_of: dt.date) -> PlannedEnd | None:
    """The planned end one series reached, read by the health check's own rule
    (:func:`copkit.health.ending.planned_ending`) over that series' meetings alone."""
    alone = msgspec.structs.replace(data, meetings=_held(data, as_of, rhythm.id))
    return planned_ending(alone, [rhythm], as_of)


def _completed(
    data: CommunityData, view: CommunityData, as_of: dt.date, talk: tuple[str, ...]
) -> tuple[str, ...]:
    """When every series ran to its planned end (the health check's reading): that the
    community completed, what it did (meetings, over which span, attendance), and what carries
    on after its last meeting, as far as the records show it."""
    ending = planned_ending(view, set_up_by(data, as_of), as_of)
    held = _held(view, as_of)
    if ending is None or not held:
        return ()
    average = round(sum(m.attendance for m in held) / len(held))
    did = (
        f"It completed as planned: {count(len(held), 'meeting')} from "
        f"{day(held[0].start.date())} to {day(ending.last_held)}"
    )
    if len(ending.names) > 1:
        did += f" in {count(len(ending.names), 'series', 'series')}"
    did += f", with {count(average, 'person', 'people')} at each on average"
    lines = [did]
    since = ending.last_held
    stories = sum(1 for s in view.stories if since < s.on <= as_of and s.consent)
    written = _public_talk(view, since, as_of, talk)
    if written:
        lines.append(
            f"What carries on: {count(written, 'post or reply', 'posts and replies')} between "
            "members in public spaces since the last meeting"
        )
    if stories:
        lines.append(
            f"What carries on: {count(stories, 'story', 'stories')} of what members did with it, "
            "recorded since the last meeting"
        )
    if not written and not stories:
        lines.append("What carries on: nothing is scheduled or recorded since the last meeting")
    return tuple(lines)


def _public_talk(view: CommunityData, start: dt.date, end: dt.date, talk: tuple[str, ...]) -> int:
    """Posts and replies in the public spaces meant for talk, over ``start < day <= end``,
    counted only where someone replied and the conversation does not flow one way (a bulletin
    nobody answered is no conversation)."""
    if not talk or view.conversation is None or view.conversation.empty:
        return 0
    found = _flow(view, start, end, talk)
    counts = [c for sid, c in participation.talk_by_space(view, start, end).items() if sid in talk]
    if not any(c.replies for c in counts) or (found is not None and found.way == "one-way"):
        return 0
    return sum(c.posts + c.replies for c in counts)


def _flow(view: CommunityData, start: dt.date, end: dt.date, talk: tuple[str, ...]) -> Flow | None:
    """The dialogue principle's reading of which way conversation flowed, over the public
    spaces meant for talk alone: nothing from a private space, no announcements channel."""
    if not talk:
        return None
    return flow(view, start, end, gardener_ids(view), frozenset(talk))


def _talk_spaces(view: CommunityData, as_of: dt.date) -> tuple[str, ...]:
    """The public spaces where members are meant to talk (not announcements channels), left
    out from the day one was retired, as the dialogue principle reads them."""
    return tuple(
        s.id for s in view.spaces if not s.is_private and not s.announces and s.in_use(as_of)
    )


def _between_meetings(
    view: CommunityData, as_of: dt.date, vocabulary: PrivateVocabulary
) -> tuple[list[str], bool]:
    """Conversation between meetings over the recent half year, read from public spaces alone
    (nothing from a private space, not even how busy it was): worded by the way it flowed, as
    the dialogue principle reads it, so a bulletin nobody answered is never called
    conversation; an announcements channel by its reach. Also whether it reads one way."""
    log = view.conversation
    talk = _talk_spaces(view, as_of)
    since = as_of - dt.timedelta(days=th.RECENT_DAYS)
    half = the_last(th.RECENT_DAYS)
    lines: list[str] = []
    one_way = False
    if log is not None and not log.empty:
        found = _flow(view, since, as_of, talk)
        counts = participation.talk_by_space(view, since, as_of)
        written = sum(c.posts + c.replies for sid, c in counts.items() if sid in talk)
        replies = sum(c.replies for sid, c in counts.items() if sid in talk)
        if found is not None and found.way == "one-way":
            one_way = True
            voice = "the gardening role" if found.gardeners else "anyone"
            started = found.gardener_posts if found.gardeners else found.posts
            lines.append(
                f"Between meetings in {half}, communication in public spaces flowed one way: "
                f"members answered {found.answered} of the {count(started, 'thread')} {voice} "
                "started"
            )
        elif found is not None and found.way is None and not replies:
            lines.append(
                f"{count(found.posts, 'post')} between meetings in public spaces in {half}, none "
                "answered yet: too few to tell whether conversation flows both ways"
            )
        elif written:
            line = (
                f"{count(written, 'post or reply', 'posts and replies')} between meetings in "
                f"public spaces in {half}"
            )
            if found is not None and found.way is not None:
                line += f", reading as {found.way}"
            if found is not None and found.way == "partly two-way" and found.gardeners:
                # Part of it is news nobody answered: say how much, so it is not all counted
                # as conversation.
                line += (
                    f": members answered {found.answered} of the "
                    f"{count(found.gardener_posts, 'thread')} the gardening role started"
                )
            lines.append(line)
        reached = _reach(view, since, as_of, vocabulary)
        lines += reached
        if (
            reached
            and found is None
            and not any(s.purpose == "discussion" and s.in_use(as_of) for s in view.spaces)
        ):
            # News, and no space at all meant for members to talk: what the Wales mapping
            # found wanting, whatever the channel's reach.
            one_way = True
            lines.append(
                "Between meetings the community has a channel for news and no space meant for "
                "members to talk with each other: communication flows one way"
            )
    return lines, one_way


def _reach(
    view: CommunityData, start: dt.date, end: dt.date, vocabulary: PrivateVocabulary
) -> list[str]:
    """Each public announcements channel by its reach, read as the dialogue principle reads it
    (:func:`copkit.health.dialogue.reach`): one way on purpose, so worded by how many members
    reacted or replied to its news, never as a conversation that failed."""
    gardeners = gardener_ids(view)
    lines = []
    for space in view.spaces:
        if space.is_private or not space.announces or not space.in_use(end):
            continue
        found = reach(view, space, start, end, gardeners)
        if found is None or not found.posts:
            continue
        name = space.name if vocabulary.allows(space.name) else "A public channel"
        answers = count(found.reactions, "reaction")
        if found.replies:
            answers += f" and {count(found.replies, 'reply')}"
        lines.append(
            f"{name} is for announcements, one way by design: {count(found.posts, 'post')} in "
            f"{the_last(th.RECENT_DAYS)} reached {count(found.members, 'member')} who reacted "
            f"or replied ({answers})"
        )
    return lines


def _survey(
    data: CommunityData, view: CommunityData, as_of: dt.date, vocabulary: PrivateVocabulary
) -> tuple[str, ...]:
    """Members' own view, read as the health check's survey lens reads it (the latest round up
    to ``as_of``, members on the survey date as the denominator, as the PSDP evaluation gave
    "90% (18)"): who answered, then per principle the share of answers agreeing and the
    statement most agreed with. Answers are anonymous and no comment is ever shown."""
    answers = survey.latest_round(view.survey, as_of)
    answered = survey.round_day(answers)
    if answered is None:
        return ()
    respondents = len({r.respondent for r in answers})
    members = survey.members_on(data.members, answered)
    who = (
        f"{respondents} of {count(members, 'member')} ({percent(respondents / members)})"
        if members
        else count(respondents, "person", "people")
    )
    head = f"{who} answered the anonymous survey on {day(answered)}"
    if survey.is_stale(answers, as_of):
        head += ": over a year ago, so a new round would show how members see it now"
    lines = [head]
    summary = survey.summarise(answers, as_of)
    for _number, key, title in PRINCIPLES:
        lens = survey.lens(answers, key)
        if not lens.responses or lens.agree_share is None:
            continue
        line = f"{title}: {percent(lens.agree_share)} of answers agreed"
        if lens.responses != respondents:  # some left this principle out
            line += f" ({lens.responses} answered it)"
        mine = [st for st in summary.statements if st.principle == key and st.agree_share]
        best = max(mine, key=lambda st: (st.agree_share, st.mean), default=None)
        if best is not None and (
            best.statement in STATEMENTS[key] or vocabulary.allows(best.statement)
        ):  # copkit's own statements hold nothing of the community's; a gardener's may
            line += f", most of all with \u201c{best.statement}\u201d"
        lines.append(line)
    return tuple(lines)


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
    report: HealthReport, vocabulary: PrivateVocabulary, *, one_way: bool, completed: bool
) -> tuple[tuple[tuple[str, Signal, str], ...], tuple[str, ...]]:
    """Each principle with data, its signal and one line of evidence the sponsor may read; and
    what the principles worth a conversation need from the sponsor, recognition always.

    Conversation that flows one way in public spaces is carried to the dialogue line and to
    the needs, where the sponsor reads it (the Wales mapping's finding); a community that
    completed as planned needs a word on what carries on, not protected time for meetings."""
    highlights = []
    needs = []
    for finding in report.findings:
        line = next((e for e in finding.evidence if _for_the_sponsor(e, vocabulary)), "")
        if finding.key == "dialogue" and one_way:
            line = "; ".join(filter(None, (line, ONE_WAY_LINE)))
        if finding.signal is not Signal.NO_DATA:
            highlights.append((finding.title, finding.signal, line))
        if finding.signal is Signal.ATTENTION and not (completed and finding.key == "rhythm"):
            needs.append(NEEDS[finding.key])
    if one_way:
        needs.append(ONE_WAY_NEED)
    if completed:
        needs.append(COMPLETED_NEED)
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
    between, one_way = _between_meetings(view, as_of, vocabulary)
    completed = _completed(data, view, as_of, _talk_spaces(view, as_of))
    highlights, needs = _highlights_and_needs(
        report, vocabulary, one_way=one_way, completed=bool(completed)
    )
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
        rhythms=(*_rhythm_lines(view, as_of, vocabulary), *between),
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
        survey=_survey(data, view, as_of, vocabulary),
        completed=completed,
        one_way=one_way,
        movement_readable=participation.movement_readable(view, as_of),
        levels_meetings=len(
            participation.held_between(
                view, as_of - dt.timedelta(days=th.PARTICIPATION_WINDOW_DAYS), as_of
            )
        ),
    )
