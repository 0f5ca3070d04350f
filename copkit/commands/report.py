"""`copkit report sponsor`: a short update for the community's sponsor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from copkit import records
from copkit.commands.context import DATE, OUTPUT, AppContext, done, pass_app
from copkit.commands.output import present

if TYPE_CHECKING:
    from copkit.readings.sponsor_report import SponsorReport
    from copkit.records import CommunityData


@click.group()
def report() -> None:
    """Reports for people who never use copkit themselves."""


@report.command("sponsor")
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    help="The report as it would have looked on YYYY-MM-DD (default: today).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
    help="Markdown for an email, HTML for a browser or a printout.",
)
@click.option("-o", "--output", type=OUTPUT, help="Write to this file instead of the screen.")
@click.option(
    "--sent",
    is_flag=True,
    help="Record that this report went to the sponsor today (the sponsorship principle).",
)
@pass_app
def sponsor(
    app: AppContext, as_of: dt.date | None, fmt: str, output: Path | None, sent: bool
) -> None:
    """Domain and benefit, rhythm and attendance, who takes part, health highlights, what
    members said in the survey, value stories and what the community needs. Never includes
    anything from a private space: no topics, no names of those who met there.

    --as-of reads the records as they stood on that day, as `health --as-of` does; --sent
    still records today as the day the report went to the sponsor."""
    from copkit.health import participation
    from copkit.readings.sponsor_report import build_sponsor_report

    today = dt.date.today()
    store = app.store()
    with store.read() as session:
        data = participation.read(session)
    built = build_sponsor_report(data, as_of or today)
    present(
        fmt,
        built,
        output,
        wrote=f"the sponsor report of {built.name}",
        markdown="copkit.report.sponsor:to_markdown",
        html=lambda report: _page_with_charts(report, data),
    )
    if sent:
        with store.write() as session:
            records.record_sponsor_update(session, on=today, note=f"Sponsor report ({fmt})")
        done(f"Recorded that the report went to the sponsor on {today}")


def _page_with_charts(report: SponsorReport, data: CommunityData) -> str:
    """The HTML page with the sponsor's charts (attendance, participation, survey), drawn from
    what the report itself lets through (:func:`copkit.readings.figures.sponsor_figures`)."""
    from copkit.readings.figures import sponsor_figures
    from copkit.report.sponsor import to_html

    return to_html(report, sponsor_figures(data, report.as_of))
