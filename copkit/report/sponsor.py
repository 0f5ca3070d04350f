"""The sponsor's report as Markdown for an email or HTML for a browser: rendering only.

:func:`copkit.readings.sponsor_report.build_sponsor_report` assembles the report, already cleared of
private detail; this module turns that value into a page and computes nothing. Stories come
before numbers, because stories are what convince.

What is shown is still people's words (the community's name and domain, the sponsor's name,
open rhythms, stories, resources): the Markdown and HTML renderings pass every line through
``copkit.report.literal`` (``markdown`` / ``html_text``), so raw HTML or Markdown in them is
shown as text, and nothing invisible reaches the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from copkit.health.words import count, day
from copkit.model import ValueCycle
from copkit.report.literal import html_text, markdown

if TYPE_CHECKING:
    from copkit.readings.figures import Figures
    from copkit.readings.sponsor_report import SponsorReport

__all__ = ["to_html", "to_markdown"]

CYCLE_WORDS = {
    ValueCycle.IMMEDIATE: "Immediate value: it helped at the time",
    ValueCycle.POTENTIAL: "Potential value: knowledge and connections gained",
    ValueCycle.APPLIED: "Applied value: used in practice",
    ValueCycle.REALISED: "Realised value: it made a difference",
    ValueCycle.REFRAMING: "Reframing value: it changed how we think",
}


class Section(msgspec.Struct, frozen=True):
    """One part of the report, shared by the Markdown and HTML renderings."""

    heading: str
    items: tuple[str, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (sub-heading, items)
    table: tuple[tuple[str, str], ...] = ()  # (month, average attendance)


def _health(r: SponsorReport) -> Section:
    """The community's story told through its evidence, one line per principle with data: no
    ladder of glyphs or grades for a sponsor to rank communities by."""
    highlights = tuple(f"{title}: {line}" for title, _signal, line in r.highlights if line)
    return Section(
        f"How the community is doing (stage: {r.stage})",
        highlights or ("Not enough records yet for a health check.",),
    )


def _who_takes_part(r: SponsorReport) -> Section:
    """Members by level as observed, so that people who mostly listen are counted as belonging."""
    observed, declared = r.shape["observed"], r.shape["declared"]
    move = r.movement
    levels = (
        f"Over the last 90 days {observed['core']} took part as core, "
        f"{observed['active']} as active and {observed['peripheral']} as peripheral "
        "members: people who mostly listen belong too, as in any healthy community of "
        "practice."
        if observed["core"] + observed["active"] + observed["peripheral"]
        else "Nobody met or wrote between meetings over the last 90 days, so there are no "
        "levels of taking part to read."
    )
    if r.levels_meetings == 1 and observed["core"]:
        levels += (
            " With 1 meeting in those 90 days, these levels count who came to it rather than "
            "who carries the community."
        )
    moved = (
        f"In the last month {move['moved_in']} moved towards the core and "
        f"{move['moved_out']} stepped back."
        if r.movement_readable
        else "The last month held no meeting and no conversation, so there is no movement "
        "between levels to read."
    )
    return Section(
        "Who takes part",
        (
            f"{count(sum(declared.values()), 'member')}, {r.newcomers} of them new in the last "
            "six months.",
            levels,
            moved,
        ),
    )


def _difference(r: SponsorReport) -> Section:
    """The stories by value cycle, and how many stay within the community (never which)."""
    stories = tuple(
        (CYCLE_WORDS[cycle], tuple(f"{text} ({day(on)})" for on, text in items))
        for cycle, items in r.stories.items()
    )
    withheld: tuple[str, ...] = (
        (
            f"{count(r.stories_withheld, 'story')} kept within the community, "
            "because they touch private conversations.",
        )
        if r.stories_withheld
        else ()
    )
    if r.stories_without_consent:
        withheld += (
            f"{count(r.stories_without_consent, 'story')} kept back: the member "
            "it is about has not agreed to share it beyond the community.",
        )
    return Section(
        "What difference it makes",
        withheld if stories or withheld else ("No stories recorded yet.",),
        groups=stories,
    )


def _survey(r: SponsorReport) -> Section:
    """Members' own view from the anonymous survey, so the sponsor sees the emerging value in
    members' words as well as in the records (the PSDP tool)."""
    return Section(
        "What members said in the survey", r.survey or ("Members have not been surveyed yet.",)
    )


def _sections(r: SponsorReport) -> list[Section]:
    """The report's parts in the order a sponsor reads them: purpose first, needs last; a
    community that completed as planned says so, and what it did, before its figures."""
    held = f"{count(r.held_last_year, 'meeting')} held in the last twelve months."
    completed = [Section("What it did and what carries on", r.completed)] if r.completed else []
    return [
        Section(
            "What the community is for",
            (f"Domain: {r.domain}",) + ((f"What members gain: {r.benefit}",) if r.benefit else ()),
        ),
        *completed,
        Section(
            "Rhythm and attendance",
            (*r.rhythms, held),
            table=tuple((f"{start:%b %Y}", str(avg) if avg else "-") for start, avg in r.trend),
        ),
        _who_takes_part(r),
        _health(r),
        _survey(r),
        _difference(r),
        Section(
            "What the community needs",
            tuple(f"Already in place: {item}" for item in r.resources) + r.needs,
        ),
    ]


def _title(r: SponsorReport) -> str:
    """The page's title: whose update, for whom, as of which day."""
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
    """A bulleted list, every item escaped; nothing at all for no items (no empty ``<ul>``)."""
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{html_text(item)}</li>" for item in items) + "</ul>"


def to_html(r: SponsorReport, figures: Figures | None = None) -> str:
    """A page that stands alone (its style inline), for a browser or a printout; with
    ``figures`` (:func:`copkit.readings.figures.sponsor_figures`), the sponsor's charts under
    the title: inline SVG, no script, no outside link."""
    e = html_text
    body = [f"<h1>{e(_title(r))}</h1>"]
    chart_css = ""
    if figures is not None:
        from copkit.report.charts import CHART_CSS, sponsor_charts_html

        body.append(sponsor_charts_html(figures))
        chart_css = CHART_CSS
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
        f"<title>{e(_title(r))}</title><style>{style}{chart_css}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )
