"""`copkit health`: how the community is doing against the nine design principles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

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
from copkit.health.findings import HealthReport


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
    if explain is not None:
        _explain(report, explain, fmt, output)
    elif fmt == "json":
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


def _explain(report: HealthReport, wanted: str, fmt: str, output: Path | None) -> None:
    """One principle's reading with its account: plain text, or JSON for scripts."""
    from copkit.report.health_explain import explain_json, explain_text, find_principle

    finding = find_principle(report, wanted)
    if finding is None:
        raise click.BadParameter(
            f"{wanted!r} is not one of the nine principles (1-9, or a name such as participation)",
            param_hint="--explain",
        )
    if fmt == "json":
        import orjson

        document = explain_json(report, finding)
        emit(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n", output)
    else:
        from copkit.report.literal import visible

        emit(visible(explain_text(report, finding), multiline=True), output)
