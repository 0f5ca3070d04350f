"""A short report for the sponsor: what the community is for, how it is doing, what it needs.

The sponsor guarantees time, a room and recognition; a page they can read in two minutes keeps
them informed (principle 9). Stories come before numbers, because stories are what convince.

Privacy is built in, not bolted on: the report is assembled from aggregate figures and from
lines checked against everything said or done in private spaces. It never prints a topic, an
activity label or a guest of any meeting, never names a member, and leaves out any health
evidence line or story that mentions a private-space topic, activity or guest, or the name of
anyone who attended a private meeting. Forgotten members are gone from the records already.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from dataclasses import dataclass

from copkit import participation, records
from copkit.health import thresholds as th
from copkit.health.findings import HealthReport, Signal
from copkit.health.words import count, day
from copkit.model import ValueCycle
from copkit.records import CommunityData
from copkit.rhythm import regularity

CYCLE_WORDS = {
    ValueCycle.IMMEDIATE: "Immediate value: it helped at the time",
    ValueCycle.POTENTIAL: "Potential value: knowledge and connections gained",
    ValueCycle.APPLIED: "Applied value: used in practice",
    ValueCycle.REALISED: "Realised value: it made a difference",
    ValueCycle.REFRAMING: "Reframing value: it changed how we think",
}

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


#: Evidence lines the report already shows in its own words.
SHOWN = ("Domain:", "Benefit to members:", "Sponsor:")


@dataclass(frozen=True)
class SponsorReport:
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
    stories: dict[ValueCycle, tuple[tuple[dt.date, str], ...]]
    stories_withheld: int
    resources: tuple[str, ...]
    needs: tuple[str, ...]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text))


@dataclass(frozen=True)
class PrivateVocabulary:
    """What must not reach the sponsor, and a test for a line of text.

    ``phrases`` (any case): whole private-space topics, activity labels and guests, and the
    names and emails of everyone who attended a private meeting. ``names`` (as written): the
    proper nouns inside those topics (capitalised words after the first, such as a family's
    name) that the community's public side never uses, and every part of a private attendee's
    name. A story that quotes a private topic, or names a family or a person from the private
    space, is kept within the community.
    """

    phrases: frozenset[str]
    names: frozenset[str]

    def allows(self, text: str) -> bool:
        lowered = text.lower()
        if any(phrase in lowered for phrase in self.phrases):
            return False
        return not (_words(text) & self.names)


def private_vocabulary(data: CommunityData) -> PrivateVocabulary:
    private = {s.id for s in data.spaces if s.is_private}
    phrases: set[str] = set()
    public_phrases: set[str] = set()
    public: set[str] = set()
    attendees: set[str] = set()
    for meeting in data.meetings:
        texts = [t.text for t in meeting.topics] + [a.label for a in meeting.activities]
        texts += list(meeting.guests)
        if meeting.space_id in private:
            phrases.update(texts)
            attendees.update(meeting.attendees)
        else:
            public_phrases.update(text.lower() for text in texts)
            public.update(w.lower() for text in texts for w in _words(text))
    # what was also said or done in the open is not private (a check-in is a check-in)
    phrases = {p for p in phrases if p.lower() not in public_phrases}
    community = data.community
    for text in (community.name, community.domain, community.benefit, community.sponsor):
        public |= {w.lower() for w in _words(text)}
    names = {
        word
        for phrase in phrases
        for word in re.findall(r"[^\W\d_]+", phrase)[1:]
        if word[0].isupper() and len(word) >= 3 and word.lower() not in public
    }
    for member in data.members:
        if member.id in attendees:
            phrases.update((member.name, member.email))
            names |= {w for w in _words(member.name) if len(w) >= 3}
    return PrivateVocabulary(
        phrases=frozenset(p.lower() for p in phrases if len(p.strip()) >= 3),
        names=frozenset(names),
    )


def _rhythm_lines(data: CommunityData, as_of: dt.date) -> list[str]:
    year = participation.held_between(data, as_of - dt.timedelta(days=th.YEAR_DAYS), as_of)
    zone = data.community.zone
    now = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    coming = {u.rhythm.id: u for u in records.upcoming(data, now=now, per_rhythm=1)}
    lines = []
    for rhythm in data.rhythms:
        starts = [m.start for m in year if m.rhythm_id == rhythm.id]
        kind = "private" if data.space(rhythm.space_id).is_private else "open"
        line = f"{rhythm.name} ({kind}): {count(len(starts), 'meeting')} in the last year"
        found = regularity(starts)
        if found:
            line += f", about every {round(found[0])} days"
        if rhythm.id in coming:
            line += f"; next on {day(coming[rhythm.id].start.date())}"
        lines.append(line)
    return lines


def _trend(data: CommunityData, as_of: dt.date) -> tuple[tuple[dt.date, int], ...]:
    """The last twelve months of attendance, from the first month with a meeting."""
    trend = participation.attendance_trend(data, as_of, months=12)
    while trend and not trend[0][1]:
        trend.pop(0)
    return tuple(trend)


def build_sponsor_report(data: CommunityData, report: HealthReport) -> SponsorReport:
    """Assemble the sponsor's report from the records and the health check of the same day."""
    as_of = report.as_of
    view = participation.upto(data, as_of)
    vocabulary = private_vocabulary(view)
    highlights = []
    needs = []
    for finding in report.findings:
        line = next(
            (e for e in finding.evidence if vocabulary.allows(e) and not e.startswith(SHOWN)), ""
        )
        if finding.signal is not Signal.NO_DATA:
            highlights.append((finding.title, finding.signal, line))
        if finding.signal is Signal.ATTENTION:
            needs.append(NEEDS[finding.key])
    needs.append("Recognition: a word about the community's work in service and team meetings")
    grouped: dict[ValueCycle, list[tuple[dt.date, str]]] = defaultdict(list)
    withheld = 0
    for story in sorted(view.stories, key=lambda s: s.on):
        if vocabulary.allows(story.text):
            grouped[story.cycle].append((story.on, story.text))
        else:
            withheld += 1
    newcomers = sum(
        1 for m in view.members if as_of - dt.timedelta(days=th.RECENT_DAYS) < m.joined <= as_of
    )
    community = view.community
    return SponsorReport(
        name=community.name,
        sponsor=community.sponsor,
        as_of=as_of,
        stage=report.stage.value,
        domain=community.domain,
        benefit=community.benefit,
        rhythms=tuple(line for line in _rhythm_lines(view, as_of) if vocabulary.allows(line)),
        held_last_year=len(
            participation.held_between(view, as_of - dt.timedelta(days=th.YEAR_DAYS), as_of)
        ),
        trend=_trend(view, as_of),
        shape=participation.shape(view, as_of),
        movement=participation.level_movement(view, as_of),
        newcomers=newcomers,
        highlights=tuple(highlights),
        stories={cycle: tuple(grouped[cycle]) for cycle in ValueCycle if grouped[cycle]},
        stories_withheld=withheld,
        resources=community.resources,
        needs=tuple(dict.fromkeys(needs)),
    )


# --- rendering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One part of the report, shared by the Markdown and HTML renderings."""

    heading: str
    items: tuple[str, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (sub-heading, items)
    table: tuple[tuple[str, str], ...] = ()  # (month, average attendance)


def _sections(r: SponsorReport) -> list[Section]:
    observed, declared = r.shape["observed"], r.shape["declared"]
    members = sum(declared.values())
    move = r.movement
    held = f"{count(r.held_last_year, 'meeting')} held in the last twelve months."
    highlights = [
        f"{signal.glyph} {title}: {signal.words}" + (f". {line}" if line else "")
        for title, signal, line in r.highlights
    ]
    stories = tuple(
        (CYCLE_WORDS[cycle], tuple(f"{text} ({day(on)})" for on, text in items))
        for cycle, items in r.stories.items()
    )
    withheld = (
        (
            f"{count(r.stories_withheld, 'story', 'stories')} kept within the community, "
            "because they touch private conversations.",
        )
        if r.stories_withheld
        else ()
    )
    return [
        Section(
            "What the community is for",
            (f"Domain: {r.domain}",) + ((f"What members gain: {r.benefit}",) if r.benefit else ()),
        ),
        Section(
            "Rhythm and attendance",
            (*r.rhythms, held),
            table=tuple((f"{start:%b %Y}", str(avg) if avg else "-") for start, avg in r.trend),
        ),
        Section(
            "Who takes part",
            (
                f"{count(members, 'member')}, {r.newcomers} of them new in the last six months.",
                f"Over the last 90 days {observed['core']} took part as core, "
                f"{observed['active']} as active and {observed['peripheral']} as peripheral "
                "members: people who mostly listen belong too, as in any healthy community of "
                "practice.",
                f"In the last month {move['moved_in']} moved towards the core and "
                f"{move['moved_out']} stepped back.",
            ),
        ),
        Section(
            f"Health at a glance (stage: {r.stage})",
            tuple(highlights) or ("Not enough records yet for a health check.",),
        ),
        Section(
            "What difference it makes",
            withheld if stories else ("No stories recorded yet.", *withheld),
            groups=stories,
        ),
        Section(
            "What the community needs",
            tuple(f"Already in place: {item}" for item in r.resources) + r.needs,
        ),
    ]


def _title(r: SponsorReport) -> str:
    to = f" for {r.sponsor}" if r.sponsor else ""
    return f"{r.name}: an update{to}, {day(r.as_of)}"


def to_markdown(r: SponsorReport) -> str:
    lines = [f"# {_title(r)}", ""]
    for section in _sections(r):
        lines += [f"## {section.heading}", ""]
        for heading, items in section.groups:
            lines += [f"### {heading}", ""] + [f"- {item}" for item in items] + [""]
        lines += [f"- {item}" for item in section.items]
        if section.table:
            lines += ["", "| Month | Average attendance |", "|---|---|"]
            lines += [f"| {month} | {avg} |" for month, avg in section.table]
        lines.append("")
    return "\n".join(lines)


def _html_list(items: tuple[str, ...]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def to_html(r: SponsorReport) -> str:
    e = html.escape
    body = [f"<h1>{e(_title(r))}</h1>"]
    for section in _sections(r):
        body.append(f"<h2>{e(section.heading)}</h2>")
        for heading, items in section.groups:
            body.append(f"<h3>{e(heading)}</h3>{_html_list(items)}")
        body.append(_html_list(section.items))
        if section.table:
            body.append(
                "<table><thead><tr><th>Month</th><th>Average attendance</th></tr></thead><tbody>"
                + "".join(f"<tr><td>{e(m)}</td><td>{e(a)}</td></tr>" for m, a in section.table)
                + "</tbody></table>"
            )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
        "color:#1a1a1a;background:#fff;line-height:1.45}table{border-collapse:collapse}"
        "th,td{text-align:left;padding:.2rem .8rem;border-bottom:1px solid #ccc}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(_title(r))}</title><style>{style}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )
