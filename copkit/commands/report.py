"""`copkit report sponsor`: a short update for the community's sponsor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from copkit import records
from copkit.commands.context import OUTPUT, AppContext, done, emit, pass_app


@click.group()
def report() -> None:
    """Reports for people who never use copkit themselves."""


@report.command("sponsor")
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
def sponsor(app: AppContext, fmt: str, output: Path | None, sent: bool) -> None:
    """Domain and benefit, rhythm and attendance, who takes part, health highlights, value
    stories and what the community needs. Never includes anything from a private space:
    no topics, no names of those who met there."""
    from copkit.health import participation
    from copkit.readings.sponsor_report import build_sponsor_report
    from copkit.report.sponsor import to_html, to_markdown

    today = dt.date.today()
    store = app.store()
    with store.read() as session:
        data = participation.read(session)
    built = build_sponsor_report(data, today)
    emit(to_html(built) if fmt == "html" else to_markdown(built), output)
    if output is not None:
        done(f"Wrote the sponsor report of {built.name} to {output}")
    if sent:
        with store.write() as session:
            records.record_sponsor_update(session, on=today, note=f"Sponsor report ({fmt})")
        message = f"Recorded that the report went to the sponsor on {today}"
        click.echo(message, err=output is None)
