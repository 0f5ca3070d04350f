"""The health check as JSON (the CLI contract, docs/architecture.md), Markdown and HTML.

JSON is for scripts and keeps exactly the documented keys. Markdown and HTML are for sharing
with the community: the same content as the terminal rendering, with glyphs and words so they
read in print and without colour. HTML is escaped throughout and needs no network. People's
words (the community's name, names in the evidence) go through ``copkit.report.literal``:
HTML through ``html_text``, Markdown through ``markdown``, so a name holding ``<script>`` or
``*`` is shown as text by whatever renders the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from copkit.health.findings import HealthReport, SurveyLens
from copkit.report.health_words import MOVEMENT, survey_text
from copkit.report.literal import html_text, markdown

if TYPE_CHECKING:  # the figures' values only: rendering never loads what computes them
    from copkit.readings.figures import Figures


def _survey(lens: SurveyLens | None) -> dict[str, Any]:
    if lens is None:
        return {"responses": 0, "agree_share": None}
    shape: dict[str, Any] = {"responses": lens.responses, "agree_share": lens.agree_share}
    if lens.responses:  # the round's denominator and age, once there is a round
        shape |= {"members": lens.members, "over_a_year_old": lens.stale}
    return shape


def to_json(report: HealthReport) -> dict[str, Any]:
    """The health check JSON, key for key as the CLI contract fixes it (docs/architecture.md)."""
    return {
        "community": report.slug,
        "name": report.name,
        "as_of": report.as_of.isoformat(),
        "stage": report.stage.value,
        "principles": [
            {
                "number": f.number,
                "key": f.key,
                "title": f.title,
                "signal": f.signal.value,
                "evidence": list(f.evidence),
                "prompt": f.prompt,
                "survey": _survey(f.survey),
            }
            for f in report.findings
        ],
    }


def to_markdown(report: HealthReport) -> str:
    as_of = f"{report.as_of.day} {report.as_of:%b %Y}"
    lines = [
        f"# {markdown(report.name)}: health check on {as_of}",
        "",
        f"**Stage:** {report.stage.value} ({markdown('; '.join(report.stage_evidence))})",
        "",
        "| # | Principle | Records show | Since last quarter | Members said (survey) |",
        "|---|---|---|---|---|",
    ]
    for f in report.findings:
        lines.append(
            f"| {f.number} | {markdown(f.title)} | {f.signal.glyph} {f.signal.words} | "
            f"{MOVEMENT.get(f.movement or '', '-')} | {survey_text(f.survey)} |"
        )
    for f in report.findings:
        lines += ["", f"## {f.number}. {f.title}: {f.signal.glyph} {f.signal.words}", ""]
        lines += [f"- {markdown(line)}" for line in f.evidence]
        lines += ["", f"Survey: {survey_text(f.survey)}", "", f"> {f.prompt}"]
    lines += [
        "",
        "_Signals describe conditions in the community, never people: each is a starting point "
        "for a conversation._",
        "",
    ]
    return "\n".join(lines)


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; background: #fff; line-height: 1.45; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { text-align: left; padding: .25rem .75rem; border-bottom: 1px solid #ccc;
         overflow-wrap: anywhere; }
.thriving { color: #1b6e20; } .growing { color: #1a4f99; } .attention { color: #8a2a80; }
.no-data { color: #666; } .prompt { font-style: italic; border-left: 3px solid #999;
       padding-left: .75rem; } .muted { color: #555; }
"""


def to_html(report: HealthReport, figures: Figures | None = None) -> str:
    """The page; with ``figures`` (:func:`copkit.readings.figures.health_figures` of the same
    day), the charts follow the table of principles (:mod:`copkit.report.charts`)."""
    from copkit.report.charts import CHART_CSS, health_charts_html

    e = html_text
    charts = health_charts_html(figures) if figures is not None else ""
    as_of = f"{report.as_of.day} {report.as_of:%b %Y}"
    rows = "".join(
        f"<tr><td>{f.number}</td><td>{e(f.title)}</td>"
        f'<td class="{f.signal.value}">{f.signal.glyph} {e(f.signal.words)}</td>'
        f"<td>{e(MOVEMENT.get(f.movement or '', '-'))}</td><td>{e(survey_text(f.survey))}</td></tr>"
        for f in report.findings
    )
    sections = "".join(
        f'<section><h2>{f.number}. {e(f.title)}: <span class="{f.signal.value}">'
        f"{f.signal.glyph} {e(f.signal.words)}</span></h2><ul>"
        + "".join(f"<li>{e(line)}</li>" for line in f.evidence)
        + f'</ul><p class="muted">Survey: {e(survey_text(f.survey))}</p>'
        f'<p class="prompt">{e(f.prompt)}</p></section>'
        for f in report.findings
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(report.name)}: health check on {as_of}</title>"
        f"<style>{_CSS}{CHART_CSS}</style></head>"
        f"<body><h1>{e(report.name)}: health check on {as_of}</h1>"
        f"<p><strong>Stage:</strong> {e(report.stage.value)} "
        f'<span class="muted">({e("; ".join(report.stage_evidence))})</span></p>'
        "<table><thead><tr><th>#</th><th>Principle</th><th>Records show</th>"
        "<th>Since last quarter</th><th>Members said (survey)</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{charts}{sections}"
        '<p class="muted">Signals describe conditions in the community, never people: each is '
        "a starting point for a conversation.</p></body></html>\n"
    )
