"""`copkit home`: the home a team shares, a PostgreSQL database (issue 20)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from copkit.commands.context import (
    AppContext,
    done,
    json_option,
    pass_app,
    summarise_for_overview,
)
from copkit.errors import CopkitError, InputError

if TYPE_CHECKING:
    from copkit.storage.postgres import DatabaseHome


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
    made = place.setup()
    if made == "made":
        done(f"Set up a copkit home in {place.where}")
    elif made == "updated":
        done(f"Brought the copkit home in {place.where} up to date")
    else:
        done(f"{place.where} is already a copkit home; nothing was changed")


@home.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option(
    "--replace",
    is_flag=True,
    help="Overwrite the communities TO already has under the same slug (a folder keeps the "
    "version replaced as backup 1).",
)
@json_option
def copy(source: str, target: str, replace: bool, as_json: bool) -> None:
    """Copy every community of home FROM into home TO: a folder into a database
    (postgresql://...) or back.

    Ids and id counters come along, so `copkit export` of a copy gives the same bytes as of
    the original. A community TO already has is refused, and nothing copied, unless --replace
    is given. Into a database, run it as the home's owner (who ran `copkit home setup`).
    """
    from copkit.health.words import count
    from copkit.storage.copying import copy_home
    from copkit.storage.places import open_home

    origin = open_home(source)
    destination = open_home(target, command="home copy", summarise=summarise_for_overview)
    if sys.stderr.isatty() and not as_json:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Copying communities", total=len(origin.slugs()))
            copied = copy_home(
                origin,
                destination,
                replace=replace,
                on_progress=lambda finished, _t, _s: progress.update(task, completed=finished),
            )
    else:
        copied = copy_home(origin, destination, replace=replace)
    if as_json:
        from copkit.commands.output import present

        present(
            "json",
            {
                "from": origin.where,
                "to": destination.where,
                "made": copied.made,
                "replaced": copied.replaced,
            },
        )
        return
    total = len(copied.made) + len(copied.replaced)
    if total == 0:
        done(f"{origin.where} has no community to copy; nothing was changed")
        return
    replaced = f" ({len(copied.replaced)} replaced)" if copied.replaced else ""
    done(
        f"Copied {count(total, 'community', 'communities')} from {origin.where} to "
        f"{destination.where}{replaced}"
    )


def _database_home(app: AppContext) -> DatabaseHome:
    """The database home `--home`/COPKIT_HOME names; one line if it is a folder."""
    from copkit.storage.postgres import DatabaseHome

    place = app.home
    if not isinstance(place, DatabaseHome):
        raise CopkitError(
            f"{place.where} is a folder: grants are for a home a team shares "
            "(--home postgresql://...)"
        )
    return place


def _slug_and_login(slug: str | None, login: str | None, overview: bool) -> tuple[str, str]:
    """SLUG LOGIN, or --overview LOGIN (then no SLUG): a usage error otherwise."""
    if overview:
        if slug is None or login is not None:
            raise click.UsageError("--overview takes one LOGIN and no SLUG")
        return "", slug
    if slug is None or login is None:
        raise click.UsageError("name a SLUG and a LOGIN (or --overview LOGIN)")
    return slug, login


@home.command()
@click.argument("slug", metavar="SLUG", required=False)
@click.argument("login", metavar="LOGIN", required=False)
@click.option("--read-only", is_flag=True, help="LOGIN may look at SLUG but not change it.")
@click.option(
    "--overview",
    is_flag=True,
    help="LOGIN (named alone) may read the overview of every community and no record.",
)
@pass_app
def grant(
    app: AppContext, slug: str | None, login: str | None, read_only: bool, overview: bool
) -> None:
    """Let the PostgreSQL login LOGIN open community SLUG (and change it, unless --read-only).

    Only the home's owner grants. The database itself enforces it (row-level security): a
    login reads none of the rows of a community it was not granted, and a --read-only login
    cannot change them, whatever client it connects with. Granting again changes --read-only.

    `grant --overview LOGIN`: a national role. LOGIN reads the overview (sizes, shapes,
    stages, signals, next meetings of every community), kept current by every change, and
    no record: no member's name or address. A community nobody changed today shows as last
    read, until the owner's `copkit overview` (daily, say) reads it again; granting does so
    now.
    """
    slug, login = _slug_and_login(slug, login, overview)
    place = _database_home(app)
    if overview:
        import datetime as dt

        from copkit.readings.overview import overview as read_overview

        place.grant_overview(login)
        read_overview(place, as_of=dt.date.today())
        done(f"{login} may now read the overview of every community in {place.where}")
        return
    place.grant(slug, login, may_change=not read_only)
    how = "read but not change" if read_only else "read and change"
    done(f"{login} may now {how} {slug}")


@home.command()
@click.argument("slug", metavar="SLUG", required=False)
@click.argument("login", metavar="LOGIN", required=False)
@click.option("--overview", is_flag=True, help="Take the overview away from LOGIN.")
@pass_app
def revoke(app: AppContext, slug: str | None, login: str | None, overview: bool) -> None:
    """Take community SLUG away from the PostgreSQL login LOGIN (only the home's owner may);
    `revoke --overview LOGIN` takes the overview away."""
    slug, login = _slug_and_login(slug, login, overview)
    place = _database_home(app)
    if overview:
        if place.revoke_overview(login):
            done(f"{login} may no longer read the overview")
        else:
            done(f"{login} had no overview to take away; nothing was changed")
        return
    if place.revoke(slug, login):
        done(f"{login} may no longer open {slug}")
    else:
        done(f"{login} had no grant on {slug}; nothing was changed")


@home.command()
@click.argument("slug", metavar="SLUG")
@json_option
@pass_app
def who(app: AppContext, slug: str, as_json: bool) -> None:
    """Who may open community SLUG: the owner, and each login granted, read only or not.

    The owner sees every grant; any other login sees only its own.
    """
    from copkit.commands.output import present
    from copkit.report.literal import visible

    rows = [{"login": login, "may": may} for login, may in _database_home(app).who(slug)]
    if as_json:
        present("json", rows)
        return
    width = max(len(visible(row["login"])) for row in rows) if rows else 0
    present(
        "text",
        rows,
        text=lambda found: "\n".join(
            f"{visible(row['login']):<{width}}  {row['may']}" for row in found
        ),
    )
