"""Starting communities and moving between them."""

from __future__ import annotations

import click

from copkit.commands.context import AppContext, done, json_option, pass_app, print_json
from copkit.errors import CopkitError, InputError
from copkit.home import slugify
from copkit.model import Community, check_email
from copkit.store import Store


@click.command()
@click.argument("name")
@click.option(
    "--domain", required=True, help="The shared concern that gives the group its identity."
)
@click.option("--benefit", default="", help="What members get from taking part.")
@click.option("--gardener", default="", help="Who tends the community.")
@click.option("--gardener-email", default="", help="The gardener's email (the invites' organiser).")
@click.option("--sponsor", default="", help="The senior manager who backs the community.")
@click.option("--timezone", default="Europe/London", show_default=True, help="IANA time zone.")
@click.option("--slug", help="Short name for files and --community (default: from NAME).")
@pass_app
def init(
    app: AppContext,
    name: str,
    domain: str,
    benefit: str,
    gardener: str,
    gardener_email: str,
    sponsor: str,
    timezone: str,
    slug: str | None,
) -> None:
    """Start a new community NAME in the copkit home."""
    if gardener_email and not gardener:
        raise InputError("--gardener-email goes with --gardener NAME")
    if gardener_email:
        check_email(gardener_email)
    community = Community(
        slug=slug or slugify(name),
        name=name,
        domain=domain,
        benefit=benefit,
        gardener=gardener,
        gardener_email=gardener_email,
        sponsor=sponsor,
        timezone=timezone,
    )
    if community.slug in app.home.slugs():
        raise CopkitError(f"there is already a community {community.slug!r}; choose --slug")
    Store.create(app.home.store_for(community.slug).path, community)
    app.home.set_current(community.slug)
    done(f"Started {community.name} ({community.slug}) in {app.home.path}")


@click.command()
@json_option
@pass_app
def communities(app: AppContext, as_json: bool) -> None:
    """List the communities in the copkit home."""
    current = app.home.config().get("current")
    rows = []
    for slug in app.home.slugs():
        with app.home.store_for(slug).read() as session:
            community = session.community()
        rows.append({"slug": slug, "name": community.name, "current": slug == current})
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo(f"No communities yet in {app.home.path}. Start one with `copkit init`.")
    for row in rows:
        marker = "*" if row["current"] else " "
        click.echo(f"{marker} {row['slug']:<30} {row['name']}")


@click.command()
@click.argument("slug")
@pass_app
def use(app: AppContext, slug: str) -> None:
    """Make SLUG the community that commands work on."""
    app.home.set_current(slug)
    done(f"Now working on {slug}")
