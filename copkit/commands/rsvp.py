"""`copkit rsvp ...`: members' answers to invites, read from their reply emails."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from copkit.commands.context import DATE, AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.health.words import count

if TYPE_CHECKING:
    from copkit.reach.rsvp import Said


@click.group("rsvp")
def rsvp() -> None:
    """Members' answers to invites: import and list."""


#: What a member did, as `rsvp import` says it: "Bo Chan tentatively accepted Circle".
_SAID_AS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentatively accepted"}

#: Each answer as `rsvp list` names it, in the order it lists them.
_SAID = (
    ("accepted", "accepted"),
    ("declined", "declined"),
    ("tentative", "tentative"),
    ("no_answer", "no answer"),
)


@rsvp.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@pass_app
def import_(app: AppContext, files: tuple[Path, ...]) -> None:
    """Read members' replies from mail and calendar files.

    FILES hold replies (METHOD:REPLY): .ics or .eml files, an mbox, a Maildir folder or a
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
        said = _SAID_AS[answer.partstat]
        done(f"{people[answer.member_id]} {said} {names[answer.rhythm_id]} ({which})")
    for where in result.unchecked:
        done(
            f"Taken on your word: {where} is a calendar file, with no sender to check the "
            "answer against"
        )
    done(
        f"Stored {count(len(result.stored), 'answer')}"
        + (f"; {count(result.older, 'older one')} left as they were" if result.older else "")
    )
    for address in sorted(set(result.unknown)):
        click.echo(visible(f"Not stored: a reply from {address}, who is not a member"), err=True)
    for reason in result.refused:
        click.echo(visible(f"Not stored: {reason}"), err=True)
    for reason in result.skipped:
        click.echo(visible(f"Skipped {reason}"), err=True)
    for where in result.empty:
        click.echo(visible(f"No reply found in {where}"), err=True)


@rsvp.command("list")
@click.option("--rhythm", metavar="RHYTHM", help="Only this rhythm (its id or name).")
@click.option(
    "--from", "since", type=DATE, help="Meetings from this day, YYYY-MM-DD (default: now)."
)
@click.option("--to", "until", type=DATE, help="Meetings up to this day, YYYY-MM-DD.")
@click.option(
    "--next",
    "count",
    type=click.IntRange(1, 1000),
    default=None,
    help="At most this many meetings of each rhythm [default: 3, or all up to --to].",
)
@json_option
@pass_app
def list_(
    app: AppContext,
    rhythm: str | None,
    since: dt.date | None,
    until: dt.date | None,
    count: int | None,
    as_json: bool,
) -> None:
    """Who answered what, per meeting.

    Who accepted, declined, tentatively accepted or has not answered the invite to each of
    the coming meetings of every rhythm (the next 3 of each), soonest first; --from and --to
    choose the days instead (past meetings too). A meeting called off is left out. Members
    who left by the day of a meeting are not counted, nor is the gardener.

    --json prints a list, one object per meeting: rhythm_id, rhythm (its name), start (ISO
    8601 with its offset), answers (the numbers: accepted, declined, tentative, no_answer, as
    `meeting list --upcoming --json` gives them), then accepted, declined, tentative and
    no_answer, each a list of {"id", "name"} of the members who said so.
    """
    from copkit import records
    from copkit.reach.rsvp import meetings_answered
    from copkit.records.sent import rsvps

    with app.store().read() as session:
        data = records.snapshot(session)
        answered = rsvps(session)
    listed = meetings_answered(
        data,
        answered,
        now=dt.datetime.now(dt.UTC),
        rhythm=rhythm,
        since=since,
        until=until,
        per_rhythm=count,
    )
    present("json" if as_json else "text", listed, json=_said_json, text=_said_text)


def _said_json(listed: list[Said]) -> list[dict[str, Any]]:
    """`rsvp list --json`: one object per meeting (the shape its help documents)."""
    rows: list[dict[str, Any]] = []
    for one in listed:
        row: dict[str, Any] = {
            "rhythm_id": one.rhythm.id,
            "rhythm": one.rhythm.name,
            "start": one.start.isoformat(),
            "answers": one.counts.to_dict(),
        }
        for field, _ in _SAID:
            row[field] = [{"id": m.id, "name": m.name} for m in getattr(one, field)]
        rows.append(row)
    return rows


def _said_text(listed: list[Said]) -> str:
    """`rsvp list` in the terminal: per meeting its numbers, then who said each thing."""
    from copkit.report.literal import visible  # people's words shown, never obeyed

    if not listed:
        return "No meeting to list."
    lines: list[str] = []
    for one in listed:
        lines.append(visible(f"{one.rhythm.name}, {one.start:%a %d %b %Y %H:%M %Z}: {one.counts}"))
        for field, label in _SAID:
            members = getattr(one, field)
            if members:
                lines.append(f"  {label}: " + ", ".join(visible(m.name) for m in members))
    return "\n".join(lines)


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
