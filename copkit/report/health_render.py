"""The health check as a gardener reads it at the terminal: in thirty seconds, in any theme.

Stage and date on top; then one line per principle (glyph, words, movement, the survey beside
it) so the whole picture fits on a screen; then each principle's evidence and the question worth
asking. Every signal is carried by a glyph and words as well as a colour, so the page reads the
same in monochrome, on a light terminal and to a screen reader. Rendering never computes; names
in the header and the evidence are shown through ``visible``, never raw.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from copkit.health.findings import Finding, HealthReport, Signal, SurveyLens
from copkit.report.health_words import MOVEMENT
from copkit.report.health_words import survey_text as survey_text  # `survey results` uses it
from copkit.report.literal import visible

#: Standard ANSI colours, which terminals adapt to their own light or dark palette.
STYLES = {
    Signal.THRIVING: "green",
    Signal.GROWING: "blue",
    Signal.ATTENTION: "magenta",
    Signal.NO_DATA: "dim",
    Signal.COMPLETED: "green",
}


def signal_text(signal: Signal) -> Text:
    """``● thriving``: glyph and words, in the signal's colour."""
    return Text(f"{signal.glyph} {signal.words}", style=STYLES[signal])


def movement_text(finding: Finding) -> str:
    return MOVEMENT.get(finding.movement or "", "")


def survey_cell(lens: SurveyLens | None) -> str:
    """``78% agree (18)``: the survey, narrow enough for the summary table."""
    if lens is None or not lens.responses or lens.agree_share is None:
        return "-"
    return f"{round(lens.agree_share * 100)}% agree ({lens.responses})"


def _header(report: HealthReport) -> RenderableType:
    title = Text.assemble(
        (visible(report.name), "bold"),
        f"  health check on {report.as_of.day} {report.as_of:%b %Y}",
    )
    stage = Text.assemble("Stage: ", (report.stage.value, "bold"))
    details = Text(visible("; ".join(report.stage_evidence)), style="dim")
    return Group(title, stage, details)


def summary_table(report: HealthReport) -> Table:
    """Nine lines: the whole picture at a glance."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column("#", justify="right")
    table.add_column("Principle")
    table.add_column("Records show")
    table.add_column("Since last quarter")
    table.add_column("Survey")
    for f in report.findings:
        table.add_row(
            str(f.number),
            short_title(f),
            signal_text(f.signal),
            movement_text(f) or "-",
            survey_cell(f.survey),
        )
    return table


def short_title(finding: Finding) -> str:
    """``Organic evolution``, ``Dialogue``: the key in words, narrow enough for the summary."""
    return finding.key.replace("-", " ").capitalize()


def finding_block(finding: Finding) -> RenderableType:
    """One principle: title and signal, evidence as bullets, the survey, the prompt.

    A two-column grid keeps wrapped lines hanging under their bullet on a narrow terminal.
    """
    heading = Text.assemble(
        (f"{finding.number}. {finding.title}  ", "bold"),
        signal_text(finding.signal),
    )
    if finding.movement:
        heading.append(f"  ({movement_text(finding)} since last quarter)", style="dim")
    body = Table.grid(padding=(0, 1))
    body.add_column(width=3, justify="right")
    body.add_column(ratio=1)
    for line in finding.evidence:
        body.add_row("•", Text(visible(line)))
    body.add_row(
        Text("✎", style="dim"), Text(f"survey: {survey_text(finding.survey)}", style="dim")
    )
    body.add_row(Text("?", style="bold"), Text(finding.prompt, style="italic"))
    return Padding(Group(heading, body), (0, 0, 1, 0))


def render_health(report: HealthReport) -> RenderableType:
    """The whole check, top to bottom."""
    return Group(
        _header(report),
        Text(""),
        summary_table(report),
        *(finding_block(f) for f in report.findings),
        Text(
            "Signals describe conditions in the community, never people: each is a starting "
            "point for a conversation.",
            style="dim",
        ),
    )
