"""`copkit member ...`: the people in the community."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from copkit import records
from copkit.commands.context import DATE, OUTPUT, AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.errors import CopkitError, InputError
from copkit.health.words import count
from copkit.model import Level, Member

if TYPE_CHECKING:
    from rich.console import RenderableType

    from copkit.storage.home import CommunityStore

LEVELS = click.Choice([level.value for level in Level])


_Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def member_options(*, for_edit: bool) -> list[_Decorator | None]:
    """Options shared by `add` and `edit` (for edit, every one is optional)."""
    return [
        click.option("--email", required=not for_edit, help="Email address (unique)."),
        click.option("--name", "new_name", help="A new name.") if for_edit else None,
        click.option("--org", help="Organisation (council, trust, university...)."),
        click.option("--role", help="Role, e.g. practice supervisor."),
        click.option("--level", type=LEVELS, help="core, active or peripheral."),
        click.option(
            "--external/--internal",
            default=None,
            help="From outside the organisations that run the community.",
        ),
        click.option(
            "--interest", "interests", multiple=True, help="A topic of interest (repeatable)."
        ),
        click.option("--joined", type=DATE, help="Date joined, YYYY-MM-DD (default: today)."),
    ]


def _apply(options: list[_Decorator | None]) -> _Decorator:
    """One decorator applying ``options`` in order, as if each were written above the function."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed([o for o in options if o is not None]):
            func = option(func)
        return func

    return decorate


@click.group()
def member() -> None:
    """Members: add, list, show, edit, leave, forget, import."""


@member.command("add")
@click.argument("name")
@_apply(member_options(for_edit=False))
@pass_app
def add(
    app: AppContext,
    name: str,
    email: str,
    org: str | None,
    role: str | None,
    level: str | None,
    external: bool | None,
    interests: tuple[str, ...],
    joined: dt.date | None,
) -> None:
    """Add NAME as a member."""
    new = Member(
        name=name,
        email=email,
        org=org or "",
        role=role or "",
        level=Level(level or Level.PERIPHERAL),
        external=bool(external),
        interests=interests,
        joined=joined or dt.date.today(),
    )
    with app.store().write() as session:
        stored = records.add_member(session, new)
    done(f"Added {stored.name} ({stored.id}), {stored.level} member")


@member.command("list")
@click.option("--level", type=LEVELS, help="Only this level.")
@click.option("--org", help="Only this organisation (case-insensitive).")
@click.option("--all", "include_left", is_flag=True, help="Include members who have left.")
@click.option(
    "--silent",
    is_flag=True,
    help="Only members who have not come to a meeting for six months (a personal note?).",
)
@json_option
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="CSV with the columns `member import` reads, safe to open in a spreadsheet.",
)
@click.option("-o", "--output", type=OUTPUT, help="Write to this file instead of the screen.")
@pass_app
def list_(
    app: AppContext,
    level: str | None,
    org: str | None,
    include_left: bool,
    silent: bool,
    as_json: bool,
    as_csv: bool,
    output: Path | None,
) -> None:
    """List members (current ones unless --all), core first, then by name.

    --csv writes them in stored order for a spreadsheet, or for `member import` into another
    community (a cell that a spreadsheet would run as a formula is written as text).
    """
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    members = _listed(app, level=level, org=org, include_left=include_left, silent=silent)
    if as_csv or as_json:
        fmt = "csv" if as_csv else "json"
    else:
        from copkit.report.columns import LONG_LISTING

        fmt = "columns" if len(members) > LONG_LISTING else "rich"
    note = NOT_A_RANKING if silent and members else None
    present(
        fmt,
        members,
        output,
        wrote=count(len(members), "member"),
        width=120,
        json=lambda listed: [m.to_dict() for m in listed],
        csv="copkit.records.csvimport:write_members_csv",
        columns=lambda listed: _columns(listed, note),
        rich=lambda listed: _table(listed, note),
    )


def _listed(
    app: AppContext, *, level: str | None, org: str | None, include_left: bool, silent: bool
) -> list[Member]:
    """The members `member list` shows, with its filters applied."""
    with app.store().read() as session:
        among = None
        if silent:  # the only listing that reads meetings and conversation between them
            from copkit.health.participation import read, silent_members

            among = silent_members(read(session))
        return records.list_members(
            session,
            level=Level(level) if level else None,
            org=org,
            include_left=include_left,
            among=among,
        )


#: Under `member list --silent`: who is listed, and why.
NOT_A_RANKING = "Not a ranking: people who might welcome a personal note, in name order."


def _columns(members: list[Member], note: str | None) -> str:
    """A long listing as plain columns: a Rich table of thousands of rows takes seconds (see
    copkit.report.columns)."""
    from copkit.report.columns import member_lines

    return "\n".join([*member_lines(members), *([note] if note else [])]) + "\n"


def _table(members: list[Member], note: str | None) -> RenderableType:
    from copkit.report.tables import member_listing

    return member_listing(members, note)


@member.command("show")
@click.argument("ref", metavar="MEMBER")
@json_option
@pass_app
def show(app: AppContext, ref: str, as_json: bool) -> None:
    """Show one member (by id, email or part of the name)."""
    with app.store().read() as session:
        found = records.get_member(session, ref)
    present(
        "json" if as_json else "rich",
        found,
        json=lambda member: member.to_dict(),
        rich="copkit.report.tables:member_panel",
    )


@member.command("edit")
@click.argument("ref", metavar="MEMBER")
@_apply(member_options(for_edit=True))
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    help="Another name they write under (a Slack user id, a display name); repeatable.",
)
@pass_app
def edit(
    app: AppContext,
    ref: str,
    email: str | None,
    new_name: str | None,
    org: str | None,
    role: str | None,
    level: str | None,
    external: bool | None,
    interests: tuple[str, ...],
    joined: dt.date | None,
    aliases: tuple[str, ...],
) -> None:
    """Change a member's details; only the options given change."""
    given = (new_name, email, org, role, level, external, interests or None, joined)
    changes = any(value is not None for value in given)
    if not changes and not aliases:
        raise click.UsageError("nothing to change: give at least one option")
    matched: list[str] = []
    with app.store().write() as session:
        updated = (
            records.edit_member(
                session,
                ref,
                name=new_name,
                email=email,
                org=org,
                role=role,
                level=Level(level) if level else None,
                external=external,
                interests=interests or None,
                joined=joined,
            )
            if changes
            else None
        )
        if aliases:
            from copkit.conversations.log import add_aliases

            updated, matched = add_aliases(session, updated.id if updated else ref, aliases)
    assert updated is not None
    done(f"Updated {updated.name} ({updated.id})")
    if matched:
        done(
            "Their conversation now counts: "
            f"{count(len(matched), 'author identity', 'author identities')} matched"
        )


@member.command("leave")
@click.argument("ref", metavar="MEMBER")
@click.option("--on", type=DATE, help="Date they left (default: today).")
@pass_app
def leave(app: AppContext, ref: str, on: dt.date | None) -> None:
    """Mark a member as having left (their history stays)."""
    with app.store().write() as session:
        left = records.leave_member(session, ref, on or dt.date.today())
    done(f"{left.name} left on {left.left}")


@member.command("forget")
@click.argument("ref", metavar="MEMBER")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@pass_app
def forget(app: AppContext, ref: str, yes: bool) -> None:
    """Erase a member's personal data from every record.

    Attendance counts of past meetings stay right; the person's name, email and details go.
    Each identity that was theirs is kept only as a salted digest, so importing an old
    conversation export again leaves them out (unless they are added as a member again).
    """
    if not yes:
        raise click.UsageError("forgetting cannot be undone: add --yes to confirm")
    with app.store().write() as session:
        gone = records.forget_member(session, ref)
    done(
        f"Forgot {gone.name} ({gone.id}): their personal data is erased from every record "
        "and from the backups"
    )
    elsewhere = [
        slug
        for slug in app.home.slugs()
        if slug != app.slug and _holds_email(app.home.store_for(slug), gone.email)
    ]
    if elsewhere:
        click.echo(
            f"{gone.email} is also a member of {', '.join(elsewhere)}: forget them there too "
            f"(copkit -c SLUG member forget {gone.email} --yes)",
            err=True,
        )


def _holds_email(store: CommunityStore, email: str) -> bool:
    """Whether another community still holds this person (an unreadable file counts as no)."""
    try:
        with store.read() as session:
            return records.holds_email(session, email)
    except CopkitError:
        return False


@member.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would be added.")
@pass_app
def import_(app: AppContext, file: Path, dry_run: bool) -> None:
    """Add members from a CSV file; nothing is added if any row is bad.

    Header: name,email,org,role,level,external,interests,joined (interests separated by ';').
    """
    from copkit.records.csvimport import read_members_file  # the csv module, only for an import

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{file} is not UTF-8 text") from None
    read = read_members_file(text, today=dt.date.today())
    with app.store().write() as session:
        added = records.import_members(session, read, dry_run=dry_run)
    verb = "Would add" if dry_run else "Added"
    if not added:
        done("The file holds no members: nothing to add")
        return
    done(f"{verb} {count(len(added), 'member')}: {_some_names(added)}")


def _some_names(members: list[Member], shown: int = 10) -> str:
    """The first names of a long list: a 50,000-row import should not print every one."""
    names = ", ".join(m.name for m in members[:shown])
    more = len(members) - shown
    return f"{names} and {more:,} more" if more > 0 else names
