"""`copkit space ...`: where the community meets, what each space is for, and retiring one."""

from __future__ import annotations

import datetime as dt

import click

from copkit import records
from copkit.commands.context import DATE, AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.model import Space, Visibility
from copkit.model.meetings import SPACE_PURPOSES

_PURPOSE_HELP = (
    "What the space is for: discussion (members talk; dialogue is read here), announcements "
    "(news goes out one way on purpose; read by its reach, members reacting) or meetings. "
    "Default: meetings for a room or address without a link, discussion otherwise."
)


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
@click.option("--purpose", type=click.Choice(SPACE_PURPOSES), help=_PURPOSE_HELP)
@json_option
@pass_app
def add(
    app: AppContext,
    name: str,
    visibility: str | None,
    platform: str,
    location: str,
    url: str,
    purpose: str | None,
    as_json: bool,
) -> None:
    """Add a meeting space NAME (say --public or --private)."""
    if visibility is None:
        raise click.UsageError("say whether the space is --public or --private")
    new = Space(
        name=name,
        visibility=Visibility(visibility),
        platform=platform,
        location=location,
        url=url,
        purpose=purpose or "",
    )
    with app.store().write() as session:
        stored = records.add_space(session, new)
    said = f"Added {stored.visibility} space {stored.name} ({stored.id})"
    _said(stored, as_json, said + (f", for {stored.purpose}" if purpose else ""))


def _said(stored: Space, as_json: bool, message: str) -> None:
    """The space as stored, for a script (--json), or one line for a person."""
    if as_json:
        present("json", stored, json=lambda s: s.to_dict())
    else:
        done(message)


@space.command("edit")
@click.argument("ref", metavar="SPACE")
@click.option("--name", "new_name", help="A new name.")
@click.option("--purpose", type=click.Choice(SPACE_PURPOSES), help=_PURPOSE_HELP)
@click.option(
    "--public",
    "visibility",
    flag_value=Visibility.PUBLIC.value,
    help="Open it to anyone (refused for a private space that holds meetings or conversation).",
)
@click.option(
    "--private", "visibility", flag_value=Visibility.PRIVATE.value, help="Make it members only."
)
@click.option("--platform", help="e.g. Teams, Zoom, in person.")
@click.option("--location", help="A room or an address ('' to clear it).")
@click.option("--url", help="A joining link ('' to clear it).")
@json_option
@pass_app
def edit(
    app: AppContext,
    ref: str,
    new_name: str | None,
    purpose: str | None,
    visibility: str | None,
    platform: str | None,
    location: str | None,
    url: str | None,
    as_json: bool,
) -> None:
    """Rename a space or change what it is for, who sees it, its platform, room or link.

    Only the options given change; its meetings and conversation stay attached to it."""
    given = (new_name, purpose, visibility, platform, location, url)
    if all(value is None for value in given):
        raise click.UsageError("nothing to change: give at least one option")
    with app.store().write() as session:
        stored = records.edit_space(
            session,
            ref,
            name=new_name,
            purpose=purpose,
            visibility=Visibility(visibility) if visibility else None,
            platform=platform,
            location=location,
            url=url,
        )
    _said(
        stored,
        as_json,
        f"Updated {stored.visibility} space {stored.name} ({stored.id}), for {stored.purpose}",
    )


@space.command("retire")
@click.argument("ref", metavar="SPACE")
@click.option("--on", type=DATE, help="The first day it is no longer used (default: today).")
@click.option("--undo", is_flag=True, help="Use a retired space again (retired by mistake).")
@json_option
@pass_app
def retire(app: AppContext, ref: str, on: dt.date | None, undo: bool, as_json: bool) -> None:
    """Stop using a space from a day: it leaves the health check's current readings and the
    ecosystem map, while its meetings and conversation stay on record and past readings
    (health --as-of an earlier day) still count it. Refused while a series still meets there."""
    if undo and on is not None:
        raise click.UsageError("--undo takes no --on: the space is in use again on every day")
    with app.store().write() as session:
        if undo:
            stored = records.unretire_space(session, ref)
        else:
            stored = records.retire_space(session, ref, on or dt.date.today())
    if stored.retired is None:
        _said(stored, as_json, f"{stored.name} is in use again")
        return
    _said(
        stored,
        as_json,
        f"{stored.name} is retired from {stored.retired:%d %b %Y}; its meetings and "
        "conversation stay on record",
    )


@space.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List the spaces, with what each is for and any retired."""
    with app.store().read() as session:
        spaces = records.all_spaces(session)
    present(
        "json" if as_json else "rich",
        spaces,
        json=lambda listed: [s.to_dict() for s in listed],
        rich="copkit.report.tables:space_table",
    )
