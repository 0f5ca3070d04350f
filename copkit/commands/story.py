"""`copkit story ...`: how taking part made a difference (Wenger-Trayner value creation).

Numbers alone rarely convince a sponsor; a story of what changed in someone's practice does.
"""

from __future__ import annotations

import datetime as dt

import click

from copkit import records
from copkit.commands.context import (
    DATE,
    AppContext,
    console,
    done,
    json_option,
    pass_app,
    print_json,
)
from copkit.model import ValueCycle


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
@pass_app
def add(app: AppContext, text: str, member: str | None, cycle: str, on: dt.date | None) -> None:
    """Record a value story TEXT."""
    with app.store().write() as session:
        stored = records.add_story(
            session, text, on=on or dt.date.today(), member=member, cycle=ValueCycle(cycle)
        )
    done(f"Recorded a value story ({stored.id}, {stored.cycle}) on {stored.on}")


@story.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List the value stories, oldest first."""
    with app.store().read() as session:
        data = records.snapshot(session)
    stories = sorted(data.stories, key=lambda s: (s.on, s.id))
    if as_json:
        print_json([s.to_dict() for s in stories])
        return
    from rich import box
    from rich.table import Table

    from copkit.report.literal import add_row

    names = {m.id: m.name for m in data.members}
    table = Table(
        title=f"{len(stories)} value stor{'y' if len(stories) == 1 else 'ies'}",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
    )
    for column in ("id", "on", "cycle", "member", "story"):
        table.add_column(column, overflow="fold")
    for s in stories:
        member = names.get(s.member_id or "", "-")
        add_row(table, s.id, s.on.isoformat(), s.cycle.value, member, s.text)
    console().print(table)
