"""`copkit demo`: the bundled example community, in a throwaway home, ending in its health check."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import click

from copkit import records
from copkit.commands.context import console
from copkit.errors import CopkitError
from copkit.storage.example import EXAMPLE_NAME, example_path
from copkit.storage.fileio import atomic_write
from copkit.storage.home import Home


@click.command()
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    help="Copy the example into this folder instead of a temporary one.",
)
def demo(keep: Path | None) -> None:
    """Show copkit on the bundled example community (your own data is not touched)."""
    from copkit.health import check
    from copkit.report.health_render import render_health

    home_path = keep or Path(tempfile.mkdtemp(prefix="copkit-demo-"))
    home_path.mkdir(parents=True, exist_ok=True)
    target = home_path / EXAMPLE_NAME
    if target.exists():
        raise CopkitError(f"{target} already exists; keep the example in an empty folder")
    atomic_write(target, example_path().read_bytes())
    home = Home(home_path)
    with home.store_for(target.stem).read() as session:
        data = records.snapshot(session)
    click.echo(
        f"The example lives in {home_path}; try:\n"
        f"  copkit --home {home_path} member list\n"
        f"  copkit --home {home_path} meeting list --upcoming\n"
        f"  copkit --home {home_path} report sponsor\n"
        f"Its health check on its last recorded day follows "
        f"(`copkit --home {home_path} health` shows today's).\n"
    )
    console().print(render_health(check(data, last_recorded_day(data))))


def last_recorded_day(data: records.CommunityData) -> dt.date:
    """The example's "today": the last day anything was recorded, so the demo reads the same
    whenever it is run."""
    days = [data.community.created]
    days += [m.start.date() for m in data.meetings if m.held]
    days += [s.on for s in data.stories] + [s.on for s in data.survey]
    days += [u.on for u in data.sponsor_updates]
    return max(days)
