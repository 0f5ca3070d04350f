"""`copkit rsvp ...`: members' answers to invites, read from their reply emails."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from copkit.commands.context import AppContext, done, pass_app


@click.group("rsvp")
def rsvp() -> None:
    """Members' answers to invites: import and list."""


@rsvp.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@pass_app
def import_(app: AppContext, files: tuple[Path, ...]) -> None:
    """Read replies (METHOD:REPLY) from .ics or .eml FILES, an mbox, a Maildir folder or a
    mailbox a mail client exported as a folder (Apple Mail's Inbox.mbox/).

    Answers are matched to members by email; a reply from anyone else is named and not kept.
    An answer in a mail counts only if the mail is From the member it is about (RFC 6047);
    a bare .ics file has no sender, so its answers are kept on your word, and the output says
    so. The latest answer for a member and meeting wins, so importing the same mail twice is
    harmless; a reply stamped later than now (beyond a few minutes of a fast clock) is named
    and not kept, or it would outrank every real answer to come.
    """
    from copkit import records
    from copkit.reach.rsvp import import_replies
    from copkit.report.literal import visible

    with app.store().write() as session:
        data = records.snapshot(session)
        result = import_replies(session, data, files, now=dt.datetime.now(dt.UTC))
    names = {r.id: r.name for r in data.rhythms}
    people = {m.id: m.name for m in data.members}
    for answer in result.stored:
        which = f"{answer.occurrence:%a %d %b %Y}" if answer.occurrence else "the series"
        done(
            f"{people[answer.member_id]} {answer.partstat.lower()} {names[answer.rhythm_id]} "
            f"({which})"
        )
    for where in result.unchecked:
        done(
            f"Taken on your word: {where} is a calendar file, with no sender to check the "
            "answer against"
        )
    done(
        f"Stored {len(result.stored)} answer(s)"
        + (f"; {result.older} older one(s) left as they were" if result.older else "")
    )
    for address in sorted(set(result.unknown)):
        click.echo(visible(f"Not stored: a reply from {address}, who is not a member"), err=True)
    for reason in result.refused:
        click.echo(visible(f"Not stored: {reason}"), err=True)
    for reason in result.skipped:
        click.echo(visible(f"Skipped {reason}"), err=True)
    for where in result.empty:
        click.echo(visible(f"No reply found in {where}"), err=True)


def upcoming_with_answers(data: Any, answered: list[Any], coming: list[Any]) -> Any:
    """`meeting list --upcoming` once answers are in: the table with an `answers` column."""
    from rich.table import Table
    from rich.text import Text  # people's words as text, never as markup

    from copkit.reach.rsvp import answers
    from copkit.report.literal import visible

    table = Table(title=f"{len(coming)} upcoming", box=None, header_style="bold")
    table.add_column("when", no_wrap=True)
    for column in ("rhythm", "space", "length"):
        table.add_column(column)
    for column in ("yes", "no", "maybe", "no answer"):  # accepted, declined, tentative, none
        table.add_column(column, justify="right", no_wrap=True)
    for item in coming:
        said = answers(data, answered, item.rhythm, item.start)
        table.add_row(
            f"{item.start:%a %d %b %Y %H:%M}",
            Text(visible(item.rhythm.name)),
            Text(visible(item.space.name) + (" (private)" if item.space.is_private else "")),
            f"{item.rhythm.duration_minutes}m",
            *(str(n) for n in (said.accepted, said.declined, said.tentative, said.none)),
        )
    return table
