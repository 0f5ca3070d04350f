"""Starting communities and moving between them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from copkit import records
from copkit.commands.context import AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.errors import CopkitError, InputError
from copkit.model import Community, Gardener
from copkit.storage.home import slugify

_NAMED_ADDRESS = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>$")


def _gardeners(names: tuple[str, ...], emails: tuple[str, ...]) -> tuple[Gardener, ...]:
    """``--gardener`` values (each a name, ``Name <email>``, or a list of them separated by
    ';' or ',') with ``--gardener-email`` values paired to them in order."""
    people: list[tuple[str, str]] = []
    for given in names:
        for part in re.split(r"[;,]", given):
            found = _NAMED_ADDRESS.match(part.strip())
            if found:
                people.append((found["name"], found["email"].strip()))
            elif part.strip():
                people.append((part.strip(), ""))
    if len(emails) > max(len(people), 1):
        raise click.UsageError(
            f"{len(emails)} --gardener-email for {len(people)} --gardener: give one per gardener"
        )
    for n, email in enumerate(emails):
        if n < len(people):
            people[n] = (people[n][0], email)
        else:
            raise click.UsageError("--gardener-email goes with --gardener NAME")
    return tuple(Gardener(name, email) for name, email in people)


def _person(person: Gardener) -> str:
    """A gardener or a lead as `community show` lists them: ``Name <email>``, or either alone."""
    return f"{person.name} <{person.email}>" if person.email and person.name else person.label


def _tunings(given: tuple[str, ...]) -> list[tuple[str, float | None]]:
    """``--threshold NAME=VALUE`` values as (name, number) in the order given; ``NAME=`` is
    (name, None), which returns it to copkit's default. Which names and numbers are allowed,
    and how they go on top of the thresholds already set, is the health check's own rule
    (:func:`copkit.health.thresholds.retune`)."""
    found: list[tuple[str, float | None]] = []
    for item in given:
        name, sep, text = item.partition("=")
        if not sep:
            raise click.UsageError(f"--threshold takes NAME=VALUE, not {item!r}")
        if not text.strip():
            found.append((name, None))
            continue
        try:
            number = float(text)
        except ValueError:
            raise InputError(f"{text.strip()!r} is not a number (--threshold {item})") from None
        found.append((name, number))
    return found


@click.command()
@click.argument("name")
@click.option(
    "--domain", required=True, help="The shared concern that gives the group its identity."
)
@click.option("--benefit", default="", help="What members get from taking part.")
@click.option(
    "--gardener",
    "gardeners",
    multiple=True,
    help="Who tends the community: a name or 'Name <email>' (repeatable, or a list with ';'); "
    "the first is the lead.",
)
@click.option(
    "--gardener-email",
    "gardener_emails",
    multiple=True,
    help="The n-th gardener's email; the lead's organises the invites.",
)
@click.option("--sponsor", default="", help="The senior manager who backs the community.")
@click.option("--timezone", default="Europe/London", show_default=True, help="IANA time zone.")
@click.option("--slug", help="Short name for files and --community (default: from NAME).")
@pass_app
def init(
    app: AppContext,
    name: str,
    domain: str,
    benefit: str,
    gardeners: tuple[str, ...],
    gardener_emails: tuple[str, ...],
    sponsor: str,
    timezone: str,
    slug: str | None,
) -> None:
    """Start a new community NAME in the copkit home."""
    if gardener_emails and not gardeners:
        raise InputError("--gardener-email goes with --gardener NAME")
    community = records.start_community(
        app.home,
        Community(
            slug=slug or slugify(name),
            name=name,
            domain=domain,
            benefit=benefit,
            gardeners=_gardeners(gardeners, gardener_emails),
            sponsor=sponsor,
            timezone=timezone,
        ),
    )
    done(f"Started {community.name} ({community.slug}) in {app.home.where}")


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
        present("json", rows)
        return
    from copkit.report.literal import visible  # a stored name may hold terminal controls

    if not rows:
        click.echo(f"No communities yet in {app.home.where}. Start one with `copkit init`.")
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
        present("json", found.to_dict() | {"started": data.started.isoformat()})
        return
    people = [_person(g) for g in found.gardeners]
    rows = [
        ("name", found.name),
        ("domain", found.domain),
        ("benefit", found.benefit or "-"),
        ("gardener" if len(people) < 2 else "gardeners", "; ".join(people) or "-"),
        ("sponsor", found.sponsor or "-"),
        ("time zone", found.timezone),
        ("started", str(data.started)),
        ("resources", "; ".join(found.resources) or "-"),
        ("purpose reviewed", str(found.purpose_reviewed) if found.purpose_reviewed else "-"),
    ]
    if found.leads:
        rows.append(("leads", "; ".join(_person(g) for g in found.leads)))
    if found.themes:
        rows.append(("themes", "; ".join(found.themes)))
    if found.thresholds:
        from copkit.health.thresholds import DEFAULTS

        rows += [
            (t.name, f"{t.value:g} (set by this community; copkit default {DEFAULTS[t.name]:g})")
            for t in found.thresholds
            if t.name in DEFAULTS
        ]
    from copkit.report.literal import visible  # a stored name may hold terminal controls

    for label, value in rows:
        click.echo(visible(f"{label:>17}: {value}"))


@community_group.command("edit")
@click.option("--name", help="A new name.")
@click.option("--domain", help="The shared concern (changing it counts as revisiting it).")
@click.option("--benefit", help="What members get from taking part.")
@click.option(
    "--gardener",
    "gardeners",
    multiple=True,
    help="Who tends the community: a name or 'Name <email>' (repeatable, or a list with ';'; "
    "replaces the list, the first is the lead).",
)
@click.option(
    "--gardener-email",
    "gardener_emails",
    multiple=True,
    help="The n-th --gardener's email (alone: the lead's).",
)
@click.option(
    "--lead",
    "leads",
    multiple=True,
    help="Who leads it beside the gardeners, e.g. a programme's steering group: a name or "
    "'Name <email>' (repeatable, or a list with ';'; replaces the list). Their topics and roles "
    "count with the gardeners', so the health check sees the agenda move to members.",
)
@click.option("--no-leads", is_flag=True, help="The community has no leads apart from gardeners.")
@click.option("--sponsor", help="The senior manager who backs the community.")
@click.option("--timezone", help="IANA time zone.")
@click.option(
    "--resource",
    "resources",
    multiple=True,
    help="A resource the sponsor guarantees (repeatable; replaces the list).",
)
@click.option(
    "--theme",
    "themes",
    multiple=True,
    help="A theme of the domain, e.g. 'anti-racist practice' (repeatable; replaces the list).",
)
@click.option(
    "--threshold",
    "thresholds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set one of the health check's thresholds for this community (repeatable; NAME= "
    "returns it to copkit's default).",
)
@click.option(
    "--purpose-reviewed",
    "reviewed",
    is_flag=True,
    help="Note that the community revisited its domain and purpose today.",
)
@pass_app
def edit(
    app: AppContext,
    /,
    reviewed: bool,
    resources: tuple[str, ...],
    gardeners: tuple[str, ...],
    gardener_emails: tuple[str, ...],
    leads: tuple[str, ...],
    no_leads: bool,
    themes: tuple[str, ...],
    thresholds: tuple[str, ...],
    **changes: str | None,
) -> None:
    """Change the community's details; only the options given change."""
    given: dict[str, object] = {k: v for k, v in changes.items() if v is not None}
    if leads and no_leads:
        raise click.UsageError("--lead and --no-leads: say one of them")
    if leads or no_leads:
        given["leads"] = _gardeners(leads, ()) if leads else ()
    if resources:
        given["resources"] = resources
    if gardeners:
        given["gardeners"] = _gardeners(gardeners, gardener_emails)
    elif gardener_emails:
        if len(gardener_emails) > 1:
            raise click.UsageError("several --gardener-email go with as many --gardener")
        given["gardener_email"] = gardener_emails[0]
    if themes:
        given["themes"] = tuple(t for t in themes if t.strip())
    today = dt.date.today()
    if reviewed:  # a new domain counts as revisiting it too: the core's rule
        given["purpose_reviewed"] = today
    if not (given or thresholds):
        raise click.UsageError("nothing to change: give at least one option")
    wanted = _tunings(thresholds)
    with app.store().write() as session:
        if wanted:
            from copkit.health.thresholds import retune

            given["thresholds"] = retune(session, wanted)
        updated = records.edit_community(session, on=today, **given)
    changed = records.community_changes(given, on=today)
    done(f"Updated {updated.name}: " + ", ".join(k.replace("_", " ") for k in changed))
