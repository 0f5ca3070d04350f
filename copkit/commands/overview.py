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
from copkit.readings.overview import CommunityRow

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
    from copkit.readings.overview import overview as build_overview
    from copkit.readings.overview import sort_rows

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
    if group_by:
        _grouped(rows, group_by, fmt, output, as_json)
        return
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


def _grouped(
    rows: list[CommunityRow], by: str, fmt: str, output: Path | None, as_json: bool
) -> None:
    """The overview in groups: one heading and table per group."""
    from copkit.readings.overview import group_rows
    from copkit.report import overview_render as render

    groups = group_rows(rows, by)
    if as_json:
        print_json([{"group": label, "communities": [r.to_dict() for r in members]}
                    for label, members in groups])  # fmt: skip
        return
    if fmt == "rich":
        text = render.grouped_text(groups)
        if output:
            emit(rich_as_text(text, width=140), output)
        else:
            console().print(text)
        return
    emit(
        render.grouped_markdown(groups) if fmt == "markdown" else render.grouped_html(groups),
        output,
    )
