"""`copkit tui`: the dashboard, for the gardener who would rather look than type."""

from __future__ import annotations

import click

from copkit.commands.context import AppContext, file_store, pass_app


@click.command()
@pass_app
def tui(app: AppContext) -> None:
    """Open the dashboard: health at a glance, members, meetings and spaces.

    Keys are shown at the bottom of every screen; ? shows help and ctrl+p finds any action.
    """
    store = file_store(app, "the dashboard")
    from copkit.tui.app import CopkitApp  # textual loads only when the dashboard opens

    CopkitApp(store).run()
