"""`copkit tui`: the dashboard, for the gardener who would rather look than type."""

from __future__ import annotations

import click

from copkit.commands.context import AppContext, pass_app


@click.command()
@pass_app
def tui(app: AppContext) -> None:
    """Open the dashboard: health at a glance, members, meetings and spaces.

    Keys are shown at the bottom of every screen; ? shows help and ctrl+p finds any action.
    """
    store = app.store()  # a file, or a community in a database home
    from copkit.tui.app import CopkitApp  # textual loads only when the dashboard opens

    CopkitApp(store).run()
