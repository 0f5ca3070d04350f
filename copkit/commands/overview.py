"""`copkit overview`: every community in the home in one table."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from copkit.commands.context import (
    DATE,
    OUTPUT,
    AppContext,
    console,
    emit,
    json_option,
    pass_app,
    print_json,
    rich_as_text,
)

SORT_KEYS = [
    "name",
    "size",
    "stage",
    "organic-evolution",
    "dialogue",
    "participation",
    "spaces",
    "domain",
    "activities",
    "rhythm",
    "gardener",
    "sponsorship",
]


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
    help="Order rows; by a principle, those worth a conversation come first.",
)
@click.option("--as-of", type=DATE, help="Look as it was on this date, YYYY-MM-DD.")
@json_option
@pass_app
def overview(
    app: AppContext,
    fmt: str,
    output: Path | None,
    sort_by: str,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Every community in the home: size, shape, stage, next meeting and the nine signals."""
    from copkit.overview import overview as build_overview
    from copkit.overview import sort_rows

    day = as_of or dt.date.today()
    total = len(app.home.slugs())
    if total == 0:
        click.echo(f"No communities in {app.home.path} yet.", err=True)
    show_progress = total >= 20 and sys.stderr.isatty() and not as_json
    if show_progress:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Reading communities", total=total)
            rows = build_overview(
                app.home,
                as_of=day,
                on_progress=lambda done, _t: progress.update(task, completed=done),
            )
    else:
        rows = build_overview(app.home, as_of=day)
    rows = sort_rows(rows, sort_by)
    if as_json:
        print_json([row.to_dict() for row in rows])
        return
    from copkit.report import overview_render as render

    if fmt == "rich":
        if output:
            emit(rich_as_text(render.overview_table(rows), width=140), output)
        else:
            console().print(render.overview_table(rows))
        return
    emit(
        render.overview_markdown(rows) if fmt == "markdown" else render.overview_html(rows), output
    )
