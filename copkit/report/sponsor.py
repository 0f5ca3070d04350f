"""A short report for the sponsor: what the community is for, how it is doing, what it needs.

The sponsor guarantees time, a room and recognition; a page they can read in two minutes keeps
them informed (principle 9). Stories come before numbers, because stories are what convince.

Privacy is built in, not bolted on: the report is assembled from aggregate figures and from
lines checked word by word against everything said, done or named in private spaces. It never
prints a topic, an activity label or a guest of any meeting, nor the name of a private space or
rhythm, never names a member, a former member or the gardener, and never grades the gardener in
front of a sponsor who may be their manager. A health evidence line or a story that holds a
distinctive private word, any part of anyone's name, or a command hint is left out; when in
doubt, a line stays within the community.

What is shown is still people's words (the community's name and domain, the sponsor's name,
open rhythms, stories, resources): the Markdown and HTML renderings pass every line through
``copkit.report.literal`` (``markdown`` / ``html_text``), so raw HTML or Markdown in them is
shown as text, and nothing invisible reaches the page.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from copkit import participation, records
from copkit.health import thresholds as th
from copkit.health.findings import HealthReport, Signal
from copkit.health.words import count, day
from copkit.model import ValueCycle
from copkit.records import CommunityData
from copkit.report.literal import html_text, markdown
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


#: Common English words that say nothing about a case, a family or a person: a private topic
#: sharing one of them with a story does not make the story private. Honorifics and number
#: words are here too ("a family known to three agencies" does not make every "three" private).
_STOP_TEXT = """
    a about above after again against all also am among an and another any are as at be because
    been before being below between both but by can could did do does doing down during each
    either every few for from further had has have having he her here hers herself him himself his
    how if in into is it its itself just last least less many me might more most much must my
    myself neither no nor not now of off on once only onto or other ought our ours ourselves out
    over own same shall she should since so some such than that the their theirs them themselves
    then there these they this those though through to too under until up upon us very was we
    well were what when where whether which while who whom whose why will with within without
    would yet you your yours yourself yourselves dr mr mrs ms mx prof
    one two three four five six seven eight nine ten eleven twelve first second third
    fourth fifth next ever even never always often still again like
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

#: Shorter words in a private topic or label are too common to mark a line as private.
DISTINCTIVE_LENGTH = 4


def _fold(text: str) -> str:
    """Lower case without accents, so "Zoë", "ZOE" and "zoe" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> list[str]:
    """The words of ``text``, folded; a hyphen or an apostrophe splits a word in two."""
    return re.findall(r"[^\W\d_]+", _fold(text))


def _forms(word: str) -> set[str]:
    """A word with and without a plural ending: "genograms" is caught by "genogram"."""
    forms = {word}
    if word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("es"):
        forms.add(word[:-2])
    return forms


def _all_forms(words: set[str]) -> set[str]:
    return {form for word in words for form in _forms(word)}


@dataclass(frozen=True)
class PrivateVocabulary:
    """What must not reach the sponsor, and a test for a line of text.

    ``words`` (folded, with their plural forms): the distinctive words of everything said, done
    or named in private spaces (topics, activity labels, guests, the spaces' and rhythms' own
    names) that the community's public side never uses, and every part of every member's and
    the gardener's name. ``phrases`` (folded words joined by spaces): whole private topics,
    labels, guests and names, and members' emails, for those made only of common words. A line
    is allowed only if it holds none of them, anywhere, as a whole word, and no backtick (a
    hint for the gardener's terminal, not for the sponsor). When in doubt, a line stays out.
    """

    words: frozenset[str]
    phrases: frozenset[str]

    def allows(self, text: str) -> bool:
        if "`" in text:
            return False
        tokens = _tokens(text)
        if any(_forms(token) & self.words for token in tokens):
            return False
        joined = f" {' '.join(tokens)} "
        return not any(f" {phrase} " in joined for phrase in self.phrases)


def _distinctive(texts: set[str]) -> set[str]:
    return {w for text in texts for w in _tokens(text) if len(w) >= DISTINCTIVE_LENGTH} - STOP_WORDS


def private_vocabulary(data: CommunityData) -> PrivateVocabulary:
    """Everything private in ``data``, and every name, as words a sponsor line must not hold."""
    private = {s.id for s in data.spaces if s.is_private}
    said: set[str] = set()  # topics and activity labels in private spaces
    guests: set[str] = set()
    public: set[str] = set()
    for meeting in data.meetings:
        texts = {t.text for t in meeting.topics} | {a.label for a in meeting.activities}
        if meeting.space_id in private:
            said |= texts
            guests.update(meeting.guests)
        else:
            public |= texts | set(meeting.guests)
    named = {s.name for s in data.spaces if s.id in private}
    named |= {r.name for r in data.rhythms if r.space_id in private}
    public |= {s.name for s in data.spaces if s.id not in private}
    public |= {r.name for r in data.rhythms if r.space_id not in private}
    community = data.community
    public |= {community.name, community.domain, community.benefit, *community.resources}
    # what was also said or done in the open is not private (a check-in is a check-in)
    public_words = _all_forms({w for text in public for w in _tokens(text)})
    words = {w for w in _distinctive(said | named) if not _forms(w) & public_words}
    # a guest is a person or an organisation: even a short part of the name gives them away
    words |= {
        w for g in guests for w in _tokens(g) if len(w) >= 2 and not _forms(w) & public_words
    } - STOP_WORDS
    # every person in the records, past or present, and the gardener: a sponsor line names nobody
    people = [m.name for m in data.members] + [community.gardener]
    words |= {w for name in people for w in _tokens(name) if len(w) >= 2}
    public_phrases = {" ".join(_tokens(text)) for text in public}
    phrases = {" ".join(_tokens(text)) for text in said | guests | named} - public_phrases
    phrases |= {" ".join(_tokens(m.email)) for m in data.members}
    return PrivateVocabulary(
        words=frozenset(_all_forms(words)), phrases=frozenset(p for p in phrases if p)
    )


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
    return lines


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
    if evidence.startswith(SHOWN) or "gardener" in _tokens(evidence):
        return False
    return vocabulary.allows(evidence)


def build_sponsor_report(data: CommunityData, report: HealthReport) -> SponsorReport:
    """Assemble the sponsor's report from the records and the health check of the same day."""
    as_of = report.as_of
    view = participation.upto(data, as_of)
    # all the records, not only those up to as_of: a later private topic or member still counts
    vocabulary = private_vocabulary(data)
    highlights = []
    needs = []
    for finding in report.findings:
        line = next((e for e in finding.evidence if _for_the_sponsor(e, vocabulary)), "")
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
        rhythms=tuple(_rhythm_lines(view, as_of, vocabulary)),
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
            withheld if stories or withheld else ("No stories recorded yet.",),
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
    """Every heading, item and cell through :func:`markdown`: they carry people's words."""
    md = markdown
    lines = [f"# {md(_title(r))}", ""]
    for section in _sections(r):
        lines += [f"## {md(section.heading)}", ""]
        for heading, items in section.groups:
            lines += [f"### {md(heading)}", ""] + [f"- {md(item)}" for item in items] + [""]
        lines += [f"- {md(item)}" for item in section.items]
        if section.table:
            lines += ["", "| Month | Average attendance |", "|---|---|"]
            lines += [f"| {md(month)} | {md(avg)} |" for month, avg in section.table]
        lines.append("")
    return "\n".join(lines)


def _html_list(items: tuple[str, ...]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{html_text(item)}</li>" for item in items) + "</ul>"


def to_html(r: SponsorReport) -> str:
    e = html_text
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
