"""Starting communities and moving between them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from copkit import records
from copkit.commands.context import AppContext, done, json_option, pass_app, print_json
from copkit.errors import CopkitError
from copkit.home import slugify
from copkit.model import Community


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
    community = records.start_community(
        app.home,
        Community(
            slug=slug or slugify(name),
            name=name,
            domain=domain,
            benefit=benefit,
            gardener=gardener,
            gardener_email=gardener_email,
            sponsor=sponsor,
            timezone=timezone,
        ),
    )
    done(f"Started {community.name} ({community.slug}) in {app.home.path}")


@click.command()
@json_option
@pass_app
def communities(app: AppContext, as_json: bool) -> None:
    """List the communities in the copkit home.

    A file that cannot be read is listed with what is wrong with it, like `overview` does: one
    damaged community must not hide the others.
    """
    current = app.home.config().get("current")
    rows = [_community_row(app, slug, slug == current) for slug in app.home.slugs()]
    if as_json:
        print_json(rows)
        return
    from copkit.report.literal import visible  # a stored name may hold terminal controls

    if not rows:
        click.echo(f"No communities yet in {app.home.path}. Start one with `copkit init`.")
    for row in rows:
        marker = "*" if row["current"] else " "
        name = row["name"] if row["problem"] is None else "(cannot be read: see below)"
        click.echo(visible(f"{marker} {row['slug']:<30} {name}"))
    for row in rows:
        if row["problem"] is not None:
            click.echo(visible(f"Error: {row['problem']}", multiline=True), err=True)


def _community_row(app: AppContext, slug: str, current: bool) -> dict[str, Any]:
    try:
        with app.home.store_for(slug).read() as session:
            name, problem = session.community().name, None
    except CopkitError as exc:
        name, problem = None, str(exc)
    return {"slug": slug, "name": name, "current": current, "problem": problem}


@click.command()
@click.argument("slug")
@pass_app
def use(app: AppContext, slug: str) -> None:
    """Make SLUG the community that commands work on."""
    app.home.set_current(slug)
    done(f"Now working on {slug}")


@click.group("community")
def community_group() -> None:
    """The community itself: its domain, benefit, gardener, sponsor and resources."""


@community_group.command("show")
@json_option
@pass_app
def show(app: AppContext, as_json: bool) -> None:
    """Show the community's details."""
    with app.store().read() as session:
        data = records.snapshot(session)
    found = data.community
    if as_json:
        print_json(found.to_dict() | {"started": data.started.isoformat()})
        return
    rows = [
        ("name", found.name),
        ("domain", found.domain),
        ("benefit", found.benefit or "-"),
        (
            "gardener",
            f"{found.gardener} <{found.gardener_email}>"
            if found.gardener_email
            else found.gardener or "-",
        ),
        ("sponsor", found.sponsor or "-"),
        ("time zone", found.timezone),
        ("started", str(data.started)),
        ("resources", "; ".join(found.resources) or "-"),
        ("purpose reviewed", str(found.purpose_reviewed) if found.purpose_reviewed else "-"),
    ]
    from copkit.report.literal import visible  # a stored name may hold terminal controls

    for label, value in rows:
        click.echo(visible(f"{label:>17}: {value}"))


@community_group.command("edit")
@click.option("--name", help="A new name.")
@click.option("--domain", help="The shared concern (changing it counts as revisiting it).")
@click.option("--benefit", help="What members get from taking part.")
@click.option("--gardener", help="Who tends the community.")
@click.option("--gardener-email", help="The gardener's email (the invites' organiser).")
@click.option("--sponsor", help="The senior manager who backs the community.")
@click.option("--timezone", help="IANA time zone.")
@click.option(
    "--resource",
    "resources",
    multiple=True,
    help="A resource the sponsor guarantees (repeatable; replaces the list).",
)
@click.option(
    "--purpose-reviewed",
    "reviewed",
    is_flag=True,
    help="Note that the community revisited its domain and purpose today.",
)
@pass_app
def edit(
    app: AppContext, reviewed: bool, resources: tuple[str, ...], **changes: str | None
) -> None:
    """Change the community's details; only the options given change."""
    given: dict[str, object] = {k: v for k, v in changes.items() if v is not None}
    if resources:
        given["resources"] = resources
    if reviewed or "domain" in given:
        given["purpose_reviewed"] = dt.date.today()
    if not given:
        raise click.UsageError("nothing to change: give at least one option")
    with app.store().write() as session:
        updated = records.edit_community(session, **given)
    done(f"Updated {updated.name}: " + ", ".join(k.replace("_", " ") for k in given))
