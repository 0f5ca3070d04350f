"""`copkit overview`: every community in the home in one table."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from copkit.commands.context import DATE, OUTPUT, AppContext, check_output, json_option, pass_app
from copkit.commands.output import present

SORT_KEYS = ["name", "size", "stage"]


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["rich", "markdown", "html"]),
    default="rich",
    show_default=True,
    help="How to show it.",
)
@click.option(
    "-o",
    "--output",
    type=OUTPUT,
    help="Write to FILE instead of the terminal.",
)
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(SORT_KEYS),
    default="name",
    show_default=True,
    help="Order rows (neutral orders only: communities are never ranked by a principle).",
)
@click.option(
    "--group-by",
    "group_by",
    type=click.Choice(["stage", "conversation"]),
    help="Group communities by lifecycle stage, or by the principle where a conversation may help.",
)
@click.option("--as-of", type=DATE, help="Look as it was on this date, YYYY-MM-DD.")
@json_option
@pass_app
def overview(
    app: AppContext,
    fmt: str,
    output: Path | None,
    sort_by: str,
    group_by: str | None,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Every community in the home: size, shape, stage, next meeting and the nine signals."""
    from copkit.health.words import count
    from copkit.readings.overview import overview as build_overview
    from copkit.readings.overview import sort_rows

    check_output(output)
    day = as_of or dt.date.today()
    home = app.home
    total = len(home.slugs())
    if total == 0:
        click.echo(f"No communities in {home.where} yet.", err=True)
    notes: list[str] = []
    show_progress = total >= 20 and sys.stderr.isatty() and not as_json
    if show_progress:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Reading communities", total=total)
            rows = build_overview(
                home,
                as_of=day,
                notes=notes,
                on_progress=lambda done, _t: progress.update(task, completed=done),
            )
    else:
        rows = build_overview(home, as_of=day, notes=notes)
    for note in notes:
        click.echo(note, err=True)
    rows = sort_rows(rows, sort_by)
    fmt = "json" if as_json else fmt
    wrote = f"the overview of {count(len(rows), 'community', 'communities')}"
    if group_by:
        from copkit.readings.overview import group_rows

        groups = group_rows(rows, group_by)
        present(
            fmt,
            groups,
            output,
            wrote=wrote,
            width=140,
            json=lambda grouped: [
                {"group": label, "communities": [r.to_dict() for r in members]}
                for label, members in grouped
            ],
            rich="copkit.report.overview_render:grouped_text",
            markdown="copkit.report.overview_render:grouped_markdown",
            html="copkit.report.overview_render:grouped_html",
        )
        return
    present(
        fmt,
        rows,
        output,
        wrote=wrote,
        width=140,
        json=lambda listed: [row.to_dict() for row in listed],
        rich="copkit.report.overview_render:overview_table",
        markdown="copkit.report.overview_render:overview_markdown",
        html="copkit.report.overview_render:overview_html",
    )
