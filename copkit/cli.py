"""The ``copkit`` command: a Click group whose subcommands load only when they are used.

`copkit --help` and a usage error at this level load nothing beyond click: the listing comes from
the one-line summaries in :data:`COMMANDS`, and the app context (home, store, JSON) is imported
when a subcommand runs. Command modules import their heavy libraries (textual, icalendar, rich)
inside the functions that need them, so ``copkit member list --json`` stays fast too. Every
:class:`CopkitError` becomes a one-line ``Error: ...`` on stderr with exit status 1, and never a
traceback; so does a file or folder copkit cannot use (a read-only disk, a full one) and output
that cannot be written (``> /dev/full``). Output into a pipe that was closed early
(``| head -0``) ends quietly.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import sys
from typing import Any

#: How many new objects the garbage collector lets pass before it walks them (Python's is 700).
#: Set as this module loads, before click does (whose import alone walks them some 20 times):
#: see :func:`main`. Whatever imports copkit.cli runs with it (the program, the test suite).
_NEWEST_OBJECTS = 50_000
gc.set_threshold(_NEWEST_OBJECTS)

import click  # noqa: E402  (after the collector is tuned)

from copkit import __version__  # noqa: E402
from copkit.errors import CopkitError  # noqa: E402


class Lazy:
    """Where a subcommand lives (``"module:attribute"``) and what `copkit --help` says of it.

    ``summary`` is the first sentence of the command's own help, kept here so that listing the
    commands loads none of them; tests/test_speed_imports.py checks the two never drift apart.
    (A plain class: a NamedTuple costs 0.2 ms of every start to define.)
    """

    __slots__ = ("summary", "target")

    def __init__(self, target: str, summary: str) -> None:
        self.target = target
        self.summary = summary


#: command name -> where it lives and its summary; the order here is the order of `copkit --help`.
COMMANDS: dict[str, Lazy] = {
    "init": Lazy(
        "copkit.commands.community:init", "Start a new community NAME in the copkit home."
    ),
    "communities": Lazy(
        "copkit.commands.community:communities", "List the communities in the copkit home."
    ),
    "use": Lazy("copkit.commands.community:use", "Make SLUG the community that commands work on."),
    "community": Lazy(
        "copkit.commands.community:community_group",
        "The community itself: its domain, benefit, gardener, sponsor and resources.",
    ),
    "demo": Lazy(
        "copkit.commands.demo:demo",
        "Show copkit on the bundled example community (your own data is not touched).",
    ),
    "member": Lazy(
        "copkit.commands.member:member", "Members: add, list, show, edit, leave, forget, import."
    ),
    "space": Lazy(
        "copkit.commands.space:space",
        "Spaces: public ones open the community up, private ones build trust.",
    ),
    "rhythm": Lazy(
        "copkit.commands.rhythm:rhythm", "Rhythms: recurring series of meetings on a space."
    ),
    "meeting": Lazy(
        "copkit.commands.meeting:meeting",
        "Meetings: record one that was held, plan or cancel a coming one, list past and upcoming.",
    ),
    "conversation": Lazy(
        "copkit.commands.conversation:conversation",
        "Conversation between meetings: import, match authors, unmatched, show.",
    ),
    "map": Lazy(
        "copkit.commands.map:map_",
        "Draw the community's ecosystem: organisations, spaces, platforms, neighbours.",
    ),
    "invite": Lazy(
        "copkit.commands.invite:invite",
        "Write the calendar invite for RHYTHM: the whole series, one RSVP for all of it.",
    ),
    "calendar": Lazy(
        "copkit.commands.invite:calendar_",
        "Write every rhythm as one calendar feed people can subscribe to.",
    ),
    "rsvp": Lazy("copkit.commands.rsvp:rsvp", "Members' answers to invites: import and list."),
    "home": Lazy("copkit.commands.home:home", "A home a team shares: a PostgreSQL database."),
    "log": Lazy(
        "copkit.commands.log:log",
        "Who changed the community and when: each command's login, time and record ids.",
    ),
    "config": Lazy(
        "copkit.commands.config:config", "Settings of this copkit home (not of one community)."
    ),
    "overview": Lazy(
        "copkit.commands.overview:overview",
        "Every community in the home: size, shape, stage, next meeting and the nine signals.",
    ),
    "export": Lazy(
        "copkit.commands.portable:export",
        "Write the whole community as one portable JSON document.",
    ),
    "import-community": Lazy(
        "copkit.commands.portable:import_community",
        "Add a community from a file written by `copkit export`.",
    ),
    "restore": Lazy(
        "copkit.commands.portable:restore", "Bring back an earlier version of the community file."
    ),
    "health": Lazy(
        "copkit.commands.health:health",
        "The health check: for each of the nine principles, what the records show, the "
        "evidence, what members said in the survey, and a question worth asking.",
    ),
    "survey": Lazy(
        "copkit.commands.survey:survey",
        "The survey lens: agreement statements per principle, answered anonymously.",
    ),
    "story": Lazy(
        "copkit.commands.story:story",
        "Value stories: what taking part in the community made possible.",
    ),
    "report": Lazy(
        "copkit.commands.report:report", "Reports for people who never use copkit themselves."
    ),
    "tui": Lazy(
        "copkit.commands.tui:tui",
        "Open the dashboard: health at a glance, members, meetings and spaces.",
    ),
}


class LazyGroup(click.Group):
    """Loads a subcommand's module on first use and turns CopkitError into a clean message."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS) + sorted(set(self.commands) - set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name].target.split(":")
            command: click.Command = getattr(importlib.import_module(module_name), attribute)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing, but from the summaries in :data:`COMMANDS`: a stand-in command
        holding the summary shortens it exactly as the real one would, and loads no module."""
        listed = [(name, click.Command(name, help=lazy.summary)) for name, lazy in COMMANDS.items()]
        for name in sorted(set(self.commands) - set(COMMANDS)):
            if not self.commands[name].hidden:
                listed.append((name, self.commands[name]))
        limit = formatter.width - 6 - max(len(name) for name, _ in listed)
        with formatter.section("Commands"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in listed])

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
    metavar="DIR|URL",
    help="Folder of community files, or a postgresql:// URL of a home a team shares "
    "(default: $COPKIT_HOME, else your user data folder).",
)
@click.option(
    "--community",
    "-c",
    metavar="SLUG",
    help="Community to work on (default: $COPKIT_COMMUNITY, else the one chosen with `use`).",
)
@click.version_option(__version__, prog_name="copkit")
@click.pass_context
def cli(ctx: click.Context, home: str | None, community: str | None) -> None:
    """copkit: tend a community of practice from the terminal.

    Record members, spaces, rhythms and meetings; send calendar invites; and look at how the
    community is doing against the nine design principles of communities of practice.
    """
    from copkit.commands.context import AppContext  # only when a subcommand runs

    ctx.obj = AppContext.from_options(home, community)


def main() -> None:
    """The `copkit` program: click's own run, plus output that cannot be written.

    Output is buffered, so writing it may fail inside a command or only at the final flush;
    both end here, never in a traceback or Python's "Exception ignored" at exit.

    The garbage collector is tuned for a command's few moments (issue 18): by default it
    walks the newest objects every 700 allocations, some 60 times while click loads and a
    health check loads and reads, about 5 ms of CPU; this module sets it to every 50,000 as it
    loads (:data:`_NEWEST_OBJECTS`), so a short command rarely collects and a long-running
    face (the dashboard) still does, in rarer, larger rounds. Once the command has finished
    and its output is out, what is left is Python shutting down, whose collections would walk
    every object the command made, only for the memory to go back to the system with the
    process anyway. Frozen, they are left out of those collections (the modules are still
    cleared and atexit still runs): about 10 ms of CPU.
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
    gc.freeze()
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
