"""`copkit space ...`: where the community meets."""

from __future__ import annotations

import click

from copkit import records
from copkit.commands.context import AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.model import Space, Visibility


@click.group()
def space() -> None:
    """Spaces: public ones open the community up, private ones build trust."""


@space.command("add")
@click.argument("name")
@click.option(
    "--public", "visibility", flag_value=Visibility.PUBLIC.value, help="Open to anyone interested."
)
@click.option(
    "--private",
    "visibility",
    flag_value=Visibility.PRIVATE.value,
    help="Members only: never shown in public outputs.",
)
@click.option("--platform", default="", help="e.g. Teams, Zoom, in person.")
@click.option("--location", default="", help="A room or an address.")
@click.option("--url", default="", help="A joining link.")
@pass_app
def add(
    app: AppContext, name: str, visibility: str | None, platform: str, location: str, url: str
) -> None:
    """Add a meeting space NAME (say --public or --private)."""
    if visibility is None:
        raise click.UsageError("say whether the space is --public or --private")
    new = Space(
        name=name, visibility=Visibility(visibility), platform=platform, location=location, url=url
    )
    with app.store().write() as session:
        stored = records.add_space(session, new)
    done(f"Added {stored.visibility} space {stored.name} ({stored.id})")


@space.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List the spaces."""
    with app.store().read() as session:
        spaces = records.all_spaces(session)
    present(
        "json" if as_json else "rich",
        spaces,
        json=lambda listed: [s.to_dict() for s in listed],
        rich="copkit.report.tables:space_table",
    )
