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
from collections import defaultdict
from dataclasses import dataclass

from copkit import participation, records
from copkit.health import thresholds as th
from copkit.health.findings import HealthReport, Signal
from copkit.health.words import count, day
from copkit.model import ValueCycle
from copkit.records import CommunityData
from copkit.report.health_render import GLYPHS
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


def private_vocabulary(data: CommunityData) -> set[str]:
    """Lower-cased strings that must not reach the sponsor: private-space topics, activity
    labels and guests, and the names (and emails) of everyone who attended a private meeting."""
    private = {s.id for s in data.spaces if s.is_private}
    words: set[str] = set()
    attendees: set[str] = set()
    for meeting in data.meetings:
        if meeting.space_id not in private:
            continue
        words.update(t.text for t in meeting.topics)
        words.update(a.label for a in meeting.activities)
        words.update(meeting.guests)
        attendees.update(meeting.attendees)
    for member in data.members:
        if member.id in attendees:
            words.update((member.name, member.email))
    return {w.lower() for w in words if len(w.strip()) >= 3}


def _clean(text: str, vocabulary: set[str]) -> bool:
    lowered = text.lower()
    return not any(word in lowered for word in vocabulary)


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


def build_sponsor_report(data: CommunityData, report: HealthReport) -> SponsorReport:
    """Assemble the sponsor's report from the records and the health check of the same day."""
    as_of = report.as_of
    view = participation.upto(data, as_of)
    vocabulary = private_vocabulary(view)
    highlights = []
    needs = []
    for finding in report.findings:
        line = next((e for e in finding.evidence if _clean(e, vocabulary)), "")
        if finding.signal is not Signal.NO_DATA:
            highlights.append((finding.title, finding.signal, line))
        if finding.signal is Signal.ATTENTION:
            needs.append(NEEDS[finding.key])
    needs.append("Recognition: a word about the community's work in service and team meetings")
    grouped: dict[ValueCycle, list[tuple[dt.date, str]]] = defaultdict(list)
    withheld = 0
    for story in sorted(view.stories, key=lambda s: s.on):
        if _clean(story.text, vocabulary):
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
        rhythms=tuple(line for line in _rhythm_lines(view, as_of) if _clean(line, vocabulary)),
        held_last_year=len(
            participation.held_between(view, as_of - dt.timedelta(days=th.YEAR_DAYS), as_of)
        ),
        trend=tuple(participation.attendance_trend(view, as_of, months=12)),
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


def _sections(r: SponsorReport) -> list[tuple[str, list[str], list[tuple[str, str]] | None]]:
    """(heading, paragraphs or bullets, optional table rows): shared by Markdown and HTML."""
    observed, declared = r.shape["observed"], r.shape["declared"]
    members = sum(declared.values())
    move = r.movement
    trend_rows = [(f"{start:%b %Y}", str(avg) if avg else "-") for start, avg in r.trend]
    sections: list[tuple[str, list[str], list[tuple[str, str]] | None]] = [
        (
            "What the community is for",
            [f"Domain: {r.domain}"] + ([f"What members gain: {r.benefit}"] if r.benefit else []),
            None,
        ),
        (
            "Rhythm and attendance",
            [*r.rhythms, f"{count(r.held_last_year, 'meeting')} held in the last twelve months."],
            trend_rows,
        ),
        (
            "Who takes part",
            [
                f"{count(members, 'member')}, {r.newcomers} of them new in the last six months.",
                f"Over the last 90 days {observed['core']} took part as core, {observed['active']}"
                f" as active and {observed['peripheral']} as peripheral members: people who "
                "mostly listen belong too, as in any healthy community of practice.",
                f"In the last month {move['moved_in']} moved towards the core and "
                f"{move['moved_out']} stepped back.",
            ],
            None,
        ),
        (
            f"Health at a glance (stage: {r.stage})",
            [
                f"{GLYPHS[signal]} {title}: {signal.words}" + (f". {line}" if line else "")
                for title, signal, line in r.highlights
            ]
            or ["Not enough records yet for a health check."],
            None,
        ),
    ]
    stories = [
        f"{CYCLE_WORDS[cycle]}: {text} ({day(on)})"
        for cycle, items in r.stories.items()
        for on, text in items
    ]
    if r.stories_withheld:
        stories.append(
            f"{count(r.stories_withheld, 'story', 'stories')} kept within the community "
            "because it touches private conversations."
        )
    sections.append(("What difference it makes", stories or ["No stories recorded yet."], None))
    has = [f"Already in place: {item}" for item in r.resources]
    sections.append(("What the community needs", has + list(r.needs), None))
    return sections


def _title(r: SponsorReport) -> str:
    to = f" for {r.sponsor}" if r.sponsor else ""
    return f"{r.name}: an update{to}, {day(r.as_of)}"


def to_markdown(r: SponsorReport) -> str:
    lines = [f"# {_title(r)}", ""]
    for heading, items, table in _sections(r):
        lines += [f"## {heading}", ""]
        lines += [f"- {item}" for item in items]
        if table:
            lines += ["", "| Month | Average attendance |", "|---|---|"]
            lines += [f"| {month} | {avg} |" for month, avg in table]
        lines.append("")
    return "\n".join(lines)


def to_html(r: SponsorReport) -> str:
    e = html.escape
    body = [f"<h1>{e(_title(r))}</h1>"]
    for heading, items, table in _sections(r):
        body.append(f"<h2>{e(heading)}</h2><ul>")
        body += [f"<li>{e(item)}</li>" for item in items]
        body.append("</ul>")
        if table:
            body.append(
                "<table><thead><tr><th>Month</th><th>Average attendance</th></tr></thead><tbody>"
            )
            body += [f"<tr><td>{e(m)}</td><td>{e(a)}</td></tr>" for m, a in table]
            body.append("</tbody></table>")
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
