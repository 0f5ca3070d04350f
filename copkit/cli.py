"""The ``copkit`` command: a Click group whose subcommands load only when they are used.

Command modules import their heavy libraries (textual, icalendar) inside the functions that need
them, so ``copkit --help`` and ``copkit member list`` stay fast. Every :class:`CopkitError` becomes
a one-line ``Error: ...`` on stderr with exit status 1, and never a traceback.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from copkit import __version__
from copkit.commands.context import AppContext
from copkit.errors import CopkitError

#: command name -> "module:attribute"; the order here is the order of `copkit --help`.
COMMANDS: dict[str, str] = {
    "init": "copkit.commands.community:init",
    "communities": "copkit.commands.community:communities",
    "use": "copkit.commands.community:use",
    "community": "copkit.commands.community:community_group",
    "demo": "copkit.commands.demo:demo",
    "member": "copkit.commands.member:member",
    "space": "copkit.commands.space:space",
    "rhythm": "copkit.commands.rhythm:rhythm",
    "meeting": "copkit.commands.meeting:meeting",
    "invite": "copkit.commands.invite:invite",
    "calendar": "copkit.commands.invite:calendar_",
    "overview": "copkit.commands.overview:overview",
    "export": "copkit.commands.portable:export",
    "import-community": "copkit.commands.portable:import_community",
    "restore": "copkit.commands.portable:restore",
    "health": "copkit.commands.health:health",
    "survey": "copkit.commands.survey:survey",
    "story": "copkit.commands.story:story",
    "report": "copkit.commands.report:report",
    "tui": "copkit.commands.tui:tui",
}


class LazyGroup(click.Group):
    """Loads a subcommand's module on first use and turns CopkitError into a clean message."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS) + sorted(set(self.commands) - set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CopkitError as exc:
            from copkit.report.literal import visible  # a stored name in the message, escaped

            raise click.ClickException(visible(str(exc), multiline=True)) from None
        except PermissionError as exc:
            raise click.ClickException(f"cannot use {exc.filename}: permission denied") from None
        except (NotADirectoryError, IsADirectoryError, FileNotFoundError) as exc:
            raise click.ClickException(f"cannot use {exc.filename}: {exc.strerror}") from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of community files (default: $COPKIT_HOME, else your user data folder).",
)
@click.option(
    "--community",
    "-c",
    metavar="SLUG",
    help="Community to work on (default: $COPKIT_COMMUNITY, else the one chosen with `use`).",
)
@click.version_option(__version__, prog_name="copkit")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, community: str | None) -> None:
    """copkit: tend a community of practice from the terminal.

    Record members, spaces, rhythms and meetings; send calendar invites; and look at how the
    community is doing against the nine design principles of communities of practice.
    """
    ctx.obj = AppContext.from_options(home, community)


def main() -> None:
    cli(prog_name="copkit")
