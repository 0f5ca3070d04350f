"""`copkit map`: the community's ecosystem as Graphviz DOT, Mermaid or a self-contained page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from copkit.commands.context import DATE, OUTPUT, AppContext, done, emit, pass_app


@click.command("map")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["dot", "mermaid", "html"]),
    default="mermaid",
    show_default=True,
    help="DOT for Graphviz, Mermaid for wikis and Git hosts, or one HTML page.",
)
@click.option("-o", "--output", type=OUTPUT, help="Write to FILE instead of the terminal.")
@click.option("--public", is_flag=True, help="Fit to publish: no private space is named.")
@click.option("--as-of", type=DATE, help="Draw it as it was on this date, YYYY-MM-DD.")
@pass_app
def map_(
    app: AppContext, fmt: str, output: Path | None, public: bool, as_of: dt.date | None
) -> None:
    """Draw the community's ecosystem: organisations, spaces, platforms, neighbours.

    Organisations with how many members each sends; spaces with their platform, public or
    private; other communities in the home that share members; and, from imported
    conversation, where it flowed one way and where both ways.
    """
    from copkit import records
    from copkit.conversations.read import load_log
    from copkit.readings.ecomap import build_map
    from copkit.readings.overview import member_emails, neighbours
    from copkit.report.ecomap import to_dot, to_html, to_mermaid

    day = as_of or dt.date.today()
    with app.store().read() as session:
        community = session.community()
        members = records.all_members(session)
        spaces = records.all_spaces(session)
        log = load_log(session, members)
    ecomap = build_map(
        community,
        members,
        spaces,
        log,
        neighbours(app.home, app.slug, member_emails(members, day), day),
        as_of=day,
        public=public,
    )
    writer = {"dot": to_dot, "mermaid": to_mermaid, "html": to_html}[fmt]
    emit(writer(ecomap), output)
    if output is not None and str(output) != "-":
        done(f"Wrote the ecosystem map of {community.name} to {output}")
