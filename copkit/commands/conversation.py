"""`copkit conversation ...`: activity between meetings, from the platforms members use."""

from __future__ import annotations

from pathlib import Path

import click

from copkit.commands.context import AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.health.words import count

FORMAT_CHOICE = click.Choice(["slack", "teams", "mbox", "maildir", "csv"])


@click.group()
def conversation() -> None:
    """Conversation between meetings: import, match authors, unmatched, show."""


def _channel_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, space = pair.partition("=")
        if not sep or not name.strip() or not space.strip():
            raise click.BadParameter(f"{pair!r} should be NAME=SPACE", param_hint="--channel")
        mapping[name.strip()] = space.strip()
    return mapping


@conversation.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--space", help="The space an export of one channel (a list, a CSV) belongs to.")
@click.option(
    "--channel",
    "channels",
    multiple=True,
    metavar="NAME=SPACE",
    help="Which space a channel belongs to (repeatable); channels not named are left out.",
)
@click.option("--format", "fmt", type=FORMAT_CHOICE, help="Say the format (default: recognised).")
@click.option("--dry-run", is_flag=True, help="Read and report, store nothing.")
@pass_app
def import_(
    app: AppContext,
    files: tuple[Path, ...],
    space: str | None,
    channels: tuple[str, ...],
    fmt: str | None,
    dry_run: bool,
) -> None:
    """Read who wrote when from FILES (Slack export zip, Teams Graph JSON, mbox, Maildir,
    CSV when,who,kind,thread): counts only, never what anyone wrote.

    Importing the same export again adds nothing; overlapping exports merge. Give every page
    of one Graph listing in one command. A private channel counts only in a private space.
    """
    from copkit.conversations.intake import import_files

    with app.store().write() as session:
        result = import_files(
            session,
            files,
            fmt=fmt,
            space=space,
            channels=_channel_pairs(channels),
            dry_run=dry_run,
        )
    names = ", ".join(result.spaces) or "no space"
    verb = "Would add" if dry_run else "Added"
    done(
        f"Read {count(result.counted, 'message or reaction', 'messages and reactions')} for "
        f"{names}; "
        f"{verb.lower()} {result.new:,} not already recorded"
    )
    if result.skipped:
        left = ", ".join(f"{n:,} {why}" for why, n in sorted(result.skipped.items()))
        done(f"Left out: {left}")
    if result.left_out:
        done(f"Channels not imported (no space given): {', '.join(result.left_out)}")
    if result.unmatched:
        _print_unmatched(
            [(u.author.name, u.author.email, u.author.key, u.count) for u in result.unmatched]
        )


def _print_unmatched(rows: list[tuple[str, str, str, int]]) -> None:
    """Each author as the export named them, with the address they wrote from: what a
    gardener needs to tell who they are (`Grace Lin <grace@example.org> (U05GRACE): 8`)."""
    done(
        f"{count(len(rows), 'author')} no member matches yet; their activity is kept and counts "
        "once matched (`copkit conversation match WHO MEMBER`):"
    )
    for name, email, key, number in rows:
        done(f"  {author_label(name, email, key)}: {number:,}")


def author_label(name: str, email: str, key: str) -> str:
    """``Grace Lin <grace@example.org> (U05GRACE)``: the name and address an author used, and
    the platform's identity when it is neither."""
    label = " ".join(part for part in (name, f"<{email}>" if email else "") if part)
    if key.casefold() in (name.casefold(), email.casefold()):
        return label or key
    return f"{label} ({key})" if label else key


@conversation.command("match")
@click.argument("who")
@click.argument("member_ref", metavar="MEMBER")
@pass_app
def match(app: AppContext, who: str, member_ref: str) -> None:
    """Count WHO (an author's name, platform id or address, as `unmatched` lists them) as
    MEMBER from now on, for everything already imported: WHO becomes one of their aliases."""
    from copkit.conversations.intake import match_author

    with app.store().write() as session:
        member, gained = match_author(session, who, member_ref)
    done(
        f"{who} now counts as {member.name} ({member.id}): "
        f"{count(len(gained), 'author identity', 'author identities')} matched"
    )


@conversation.command("unmatched")
@json_option
@pass_app
def unmatched_(app: AppContext, as_json: bool) -> None:
    """Authors no member matches yet, most active first."""
    from copkit.conversations.read import load_log, unmatched

    with app.store().read() as session:
        rows = unmatched(load_log(session))
    if as_json:
        present(
            "json",
            [
                {
                    "id": a.id,
                    "platform": a.platform,
                    "key": a.key,
                    "name": a.name,
                    "email": a.email,
                    "posts": c.posts,
                    "replies": c.replies,
                    "reactions": c.reactions,
                }
                for a, c in rows
            ],
        )
        return
    if not rows:
        done("Every conversation author is matched to a member")
        return
    _print_unmatched([(a.name, a.email, a.key, c.total) for a, c in rows])


@conversation.command("show")
@json_option
@pass_app
def show(app: AppContext, as_json: bool) -> None:
    """Activity per space: posts, replies, reactions, threads answered, people (counts only)."""
    from copkit import records
    from copkit.conversations.read import activity_by_space, conversation_activity, load_log
    from copkit.conversations.read import threads as all_threads

    with app.store().read() as session:
        log = load_log(session)
        spaces = records.all_spaces(session)
    rows = []
    for space in spaces:
        counts = activity_by_space(log, None, None).get(space.id)
        if counts is None:
            continue
        people = conversation_activity(log, None, None, space_id=space.id)
        answered = [t for t in all_threads(log, None, None, space_id=space.id)]
        rows.append(
            {
                "space": space.name,
                "private": space.is_private,
                "posts": counts.posts,
                "replies": counts.replies,
                "reactions": counts.reactions,
                "threads_answered": sum(1 for t in answered if t.answered_by_others()),
                "people": len(people),
                "first": min(t.day for t in log.tallies if t.space_id == space.id).isoformat(),
                "last": max(t.day for t in log.tallies if t.space_id == space.id).isoformat(),
            }
        )
    if as_json:
        present("json", rows)
        return
    if not rows:
        done("No conversation imported yet (`copkit conversation import FILE --space SPACE`)")
        return
    for row in rows:
        done(
            f"{row['space']}: {row['posts']:,} posts, {row['replies']:,} replies, "
            f"{row['reactions']:,} reactions from {row['people']:,} people "
            f"({row['first']} to {row['last']}); {row['threads_answered']:,} threads answered"
        )
