"""`copkit health`: how the community is doing against the nine design principles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from copkit.commands.context import DATE, OUTPUT, AppContext, pass_app
from copkit.commands.output import present
from copkit.health.findings import HealthReport
from copkit.records import CommunityData


@click.command()
@click.option(
    "--as-of", "as_of", type=DATE, help="The check as it would have looked on YYYY-MM-DD."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["rich", "json", "markdown", "html"]),
    default="rich",
    show_default=True,
    help="How to show it.",
)
@click.option("-o", "--output", type=OUTPUT, help="Write to this file instead of the screen.")
@click.option(
    "--explain",
    "explain",
    metavar="PRINCIPLE",
    help="Why one reading came out as it did (number or name, e.g. 3 or participation): the "
    "facts, the rule, the thresholds with their sources, and what would change it.",
)
@pass_app
def health(
    app: AppContext, as_of: dt.date | None, fmt: str, output: Path | None, explain: str | None
) -> None:
    """The health check: for each of the nine principles, what the records show, the evidence,
    what members said in the survey, and a question worth asking. It describes conditions in
    the community; it never grades people."""
    from copkit.health import check, participation

    with app.store().read() as session:
        data = participation.read(session)
    report = check(data, as_of)
    wrote = f"the health check of {report.name} ({report.as_of})"
    if explain is not None:
        _explain(report, explain, fmt, output, wrote)
        return
    present(
        fmt,
        report,
        output,
        wrote=wrote,
        json="copkit.report.health_export:to_json",
        markdown="copkit.report.health_export:to_markdown",
        html=lambda found: _html(found, data),
        rich="copkit.report.health_render:render_health",
    )


def _html(report: HealthReport, data: CommunityData) -> str:
    """The page with its charts, whose figures are read for the same day as the check."""
    from copkit.readings.figures import health_figures
    from copkit.report.health_export import to_html

    return to_html(report, health_figures(data, report.as_of))


def _explain(report: HealthReport, wanted: str, fmt: str, output: Path | None, wrote: str) -> None:
    """One principle's reading with its account: plain text, or JSON for scripts."""
    from copkit.report.health_explain import explain_json, explain_text, find_principle
    from copkit.report.literal import visible

    finding = find_principle(report, wanted)
    if finding is None:
        raise click.BadParameter(
            f"{wanted!r} is not one of the nine principles (1-9, or a name such as participation)",
            param_hint="--explain",
        )
    present(
        "json" if fmt == "json" else "text",
        finding,
        output,
        wrote=wrote,
        json=lambda found: explain_json(report, found),
        text=lambda found: visible(explain_text(report, found), multiline=True),
    )
