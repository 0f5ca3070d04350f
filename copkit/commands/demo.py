"""`copkit demo`: the bundled example community, in a throwaway home."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import click

from copkit import records
from copkit.commands.context import console
from copkit.example import EXAMPLE_NAME, example_path
from copkit.fileio import OWNER_ONLY
from copkit.home import Home


@click.command()
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    help="Copy the example into this folder instead of a temporary one.",
)
def demo(keep: Path | None) -> None:
    """Show copkit on the bundled example community (your own data is not touched)."""
    home_path = keep or Path(tempfile.mkdtemp(prefix="copkit-demo-"))
    home_path.mkdir(parents=True, exist_ok=True)
    target = home_path / EXAMPLE_NAME
    shutil.copyfile(example_path(), target)
    target.chmod(OWNER_ONLY)
    home = Home(home_path)
    with home.store_for(target.stem).read() as session:
        data = records.snapshot(session)
    show_summary(data)
    click.echo(
        f"\nThe example lives in {home_path}; try:\n"
        f"  copkit --home {home_path} member list\n"
        f"  copkit --home {home_path} meeting list --upcoming"
    )


def show_summary(data: records.CommunityData) -> None:
    """A short overview of a community (the health check will take its place)."""
    from rich.panel import Panel

    community = data.community
    today = dt.date.today()
    current = records.current_members(data.members, today)
    levels = {
        level: sum(1 for m in current if m.level == level)
        for level in ("core", "active", "peripheral")
    }
    held = [m for m in data.meetings if m.held]
    cancelled = [m for m in data.meetings if not m.held]
    coming = records.upcoming(data, now=dt.datetime.now(dt.UTC), per_rhythm=1)
    lines = [
        f"[b]Domain:[/b] {community.domain}",
        f"[b]Members:[/b] {len(current)} ({levels['core']} core, {levels['active']} active, "
        f"{levels['peripheral']} peripheral) from {len({m.org for m in current if m.org})} "
        "organisations",
        "[b]Spaces:[/b] " + ", ".join(f"{s.name} ({s.visibility})" for s in data.spaces),
        f"[b]Meetings:[/b] {len(held)} held, {len(cancelled)} cancelled",
    ]
    lines += [f"[b]Next:[/b] {u.rhythm.name}, {u.start:%a %d %b %Y %H:%M}" for u in coming]
    console().print(Panel("\n".join(lines), title=community.name, title_align="left"))
