"""`copkit health`: how the community is doing against the nine design principles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from copkit import records
from copkit.commands.context import (
    DATE,
    OUTPUT,
    AppContext,
    console,
    done,
    emit,
    pass_app,
    rich_as_text,
)


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
@pass_app
def health(app: AppContext, as_of: dt.date | None, fmt: str, output: Path | None) -> None:
    """The health check: for each of the nine principles, what the records show, the evidence,
    what members said in the survey, and a question worth asking. It describes conditions in
    the community; it never grades people."""
    from copkit.health import check

    with app.store().read() as session:
        data = records.snapshot(session)
    report = check(data, as_of)
    if fmt == "json":
        import orjson

        from copkit.report.health_export import to_json

        emit(orjson.dumps(to_json(report), option=orjson.OPT_INDENT_2).decode() + "\n", output)
    elif fmt == "markdown":
        from copkit.report.health_export import to_markdown

        emit(to_markdown(report), output)
    elif fmt == "html":
        from copkit.report.health_export import to_html

        emit(to_html(report), output)
    else:
        from copkit.report.health_render import render_health

        if output is None:
            console().print(render_health(report))
        else:
            emit(rich_as_text(render_health(report)), output)
    if output is not None:
        done(f"Wrote the health check of {report.name} ({report.as_of}) to {output}")
