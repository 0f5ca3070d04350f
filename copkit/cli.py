"""The ``copkit`` command: a Click group whose subcommands load only when they are used.

Command modules import their heavy libraries (textual, icalendar) inside the functions that need
them, so ``copkit --help`` and ``copkit member list`` stay fast. Every :class:`CopkitError` becomes
a one-line ``Error: ...`` on stderr with exit status 1, and never a traceback; so does a file or
folder copkit cannot use (a read-only disk, a full one) and output that cannot be written
(``> /dev/full``). Output into a pipe that was closed early (``| head -0``) ends quietly.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
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

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Like click's, but a mistyped command gets the nearest one suggested (`memebr`).

        click suggests from ``self.commands``, which a lazy group leaves empty.
        """
        name = args[0]
        known = self.list_commands(ctx)
        if name not in known and not name.startswith("-") and not ctx.resilient_parsing:
            import difflib  # only on a mistake: `copkit --help` stays fast

            close = difflib.get_close_matches(name, known, n=1)
            if close:
                ctx.fail(f"No such command {name!r}. Did you mean {close[0]!r}?")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CopkitError as exc:
            from copkit.report.literal import visible  # a stored name in the message, escaped

            raise click.ClickException(visible(str(exc), multiline=True)) from None
        except BrokenPipeError:
            _silence_stdout()
            raise
        except OSError as exc:
            if exc.filename is None:
                raise  # not a file copkit opened: the output itself (see `main`)
            raise click.ClickException(_cannot_use(exc)) from None


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
    """The `copkit` program: click's own run, plus output that cannot be written.

    Output is buffered, so writing it may fail inside a command or only at the final flush;
    both end here, never in a traceback or Python's "Exception ignored" at exit.
    """
    try:
        cli.main(prog_name="copkit")
    except SystemExit as exc:
        status = exc.code
    except OSError as exc:
        status = _output_failed(exc)
    try:
        sys.stdout.flush()
    except OSError as exc:
        status = _output_failed(exc)
    sys.exit(status)


def _cannot_use(exc: OSError) -> str:
    """`cannot use FILE: why`, for a file or folder copkit could not open, make or write."""
    reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror or exc
    return f"cannot use {exc.filename}: {reason}"


def _output_failed(exc: OSError) -> int:
    """Standard output could not be written: one line on stderr; a closed pipe ends quietly."""
    _silence_stdout()
    if exc.errno != errno.EPIPE:
        with contextlib.suppress(OSError):
            click.echo(f"Error: could not write the output ({exc.strerror or exc})", err=True)
    return 1


def _silence_stdout() -> None:
    """Python's advice for SIGPIPE: point stdout at devnull, so the flush at exit cannot fail
    again (what is still buffered goes nowhere; the reader is gone or the disk is full)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
