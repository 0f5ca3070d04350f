"""`copkit home`: the home a team shares, a PostgreSQL database (issue 20)."""

from __future__ import annotations

import click

from copkit.commands.context import done
from copkit.errors import InputError


@click.group()
def home() -> None:
    """A home a team shares: a PostgreSQL database."""


@home.command()
@click.argument("url", metavar="URL")
def setup(url: str) -> None:
    """Prepare an empty database URL (postgresql://...) as a copkit home.

    Run once, as a login that may create tables there; after that `copkit --home URL init`
    and every other command work on it. The password comes from wherever libpq finds it
    (~/.pgpass, PGPASSWORD, a service file), and is never printed.
    """
    from copkit.storage.postgres import is_database_url, open_database_home

    if not is_database_url(url):
        raise InputError(f"{url!r} is not a postgresql:// URL")
    place = open_database_home(url)
    if place.setup():
        done(f"Set up a copkit home in {place.where}")
    else:
        done(f"{place.where} is already a copkit home; nothing was changed")
