"""`copkit story ...`: how taking part made a difference (Wenger-Trayner value creation).

Numbers alone rarely convince a sponsor; a story of what changed in someone's practice does.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from copkit import records
from copkit.commands.context import DATE, AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.model import ValueCycle

if TYPE_CHECKING:
    from rich.table import Table

    from copkit.model import Story


@click.group()
def story() -> None:
    """Value stories: what taking part in the community made possible."""


@story.command("add")
@click.argument("text")
@click.option("--member", help="Whose story it is (id, email or name); optional.")
@click.option(
    "--cycle",
    type=click.Choice([c.value for c in ValueCycle]),
    default=ValueCycle.IMMEDIATE.value,
    show_default=True,
    help="Value cycle: immediate (it helped then), potential (knowledge gained), applied "
    "(used in practice), realised (made a difference), reframing (changed how we think).",
)
@click.option("--on", "on", type=DATE, help="When it happened, YYYY-MM-DD (default: today).")
@click.option(
    "--consent/--no-consent",
    default=False,
    show_default=True,
    help="Whether the member it is about (or who told it) agreed to share it beyond the "
    "community; only then does it reach the sponsor report.",
)
@pass_app
def add(
    app: AppContext, text: str, member: str | None, cycle: str, on: dt.date | None, consent: bool
) -> None:
    """Record a value story TEXT."""
    with app.store().write() as session:
        stored = records.add_story(
            session,
            text,
            on=on or dt.date.today(),
            member=member,
            cycle=ValueCycle(cycle),
            consent=consent,
        )
    done(f"Recorded a value story ({stored.id}, {stored.cycle}) on {stored.on}")
    if not stored.consent:
        done("It stays within the community: add --consent once it may reach the sponsor")


@story.command("edit")
@click.argument("story_id", metavar="ID")
@click.option(
    "--consent/--no-consent",
    default=None,
    help="Record that the member agreed (or no longer agrees) to share it beyond the community.",
)
@click.option("--text", help="The story's new words.")
@click.option("--cycle", type=click.Choice([c.value for c in ValueCycle]), help="Its value cycle.")
@click.option("--on", "on", type=DATE, help="When it happened, YYYY-MM-DD.")
@pass_app
def edit(
    app: AppContext,
    story_id: str,
    consent: bool | None,
    text: str | None,
    cycle: str | None,
    on: dt.date | None,
) -> None:
    """Change the story ID (see `story list`): its consent, words, cycle or day."""
    changes: dict[str, object] = {}
    if consent is not None:
        changes["consent"] = consent
    if text is not None:
        changes["text"] = text
    if cycle is not None:
        changes["cycle"] = ValueCycle(cycle)
    if on is not None:
        changes["on"] = on
    if not changes:
        raise click.UsageError("nothing to change: give at least one option")
    with app.store().write() as session:
        stored = records.edit_story(session, story_id, **changes)
    shared = "may reach the sponsor" if stored.consent else "stays within the community"
    done(f"Updated story {stored.id}: " + ", ".join(changes) + f"; it {shared}")


@story.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List the value stories, oldest first."""
    with app.store().read() as session:
        data = records.snapshot(session)
    stories = sorted(data.stories, key=lambda s: (s.on, s.id))
    names = {m.id: m.name for m in data.members}
    present(
        "json" if as_json else "rich",
        stories,
        json=lambda listed: [s.to_dict() for s in listed],
        rich=lambda listed: _story_table(listed, names),
    )


def _story_table(stories: list[Story], names: dict[str, str]) -> Table:
    from rich import box
    from rich.table import Table

    from copkit.health.words import count
    from copkit.report.literal import add_row

    table = Table(
        title=count(len(stories), "value story"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
    )
    for column in ("id", "on", "cycle", "member", "consent", "story"):
        table.add_column(column, overflow="fold")
    for s in stories:
        member = names.get(s.member_id or "", "-")
        agreed = "yes" if s.consent else "no"
        add_row(table, s.id, s.on.isoformat(), s.cycle.value, member, agreed, s.text)
    return table
