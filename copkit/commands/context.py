"""What every command needs: where the home is, which community, and how to print.

Every command imports this module, and the group builds an :class:`AppContext` before any
subcommand parses its options, so it imports only click at first: the home and the store load
when a command opens a community, and a usage error or ``--help`` never pays for them. A
command's product in the format asked for goes out through
:func:`copkit.commands.output.present`, which writes with :func:`emit`.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import msgspec

from copkit.errors import CopkitError, InputError

if TYPE_CHECKING:
    from copkit.storage.home import CommunityStore, Place
    from copkit.storage.store import Session


class AppContext(msgspec.Struct, dict=True):
    """The group's options: the home (``--home``) and the community asked for (``--community``).

    The home is found on first use, so a command that never opens one loads no store.
    """

    home_option: str | None
    requested_community: str | None = None

    @classmethod
    def from_options(cls, home: str | None, community: str | None) -> AppContext:
        return cls(home, community)

    @cached_property
    def home(self) -> Place:
        """``--home DIR`` (or a database URL), else ``$COPKIT_HOME``, else the user data
        folder (see :func:`copkit.storage.home.open_home`)."""
        from copkit.storage.places import open_home

        running = click.get_current_context(silent=True)  # its name, for the audit trail
        command = " ".join(running.command_path.split()[1:]) if running else ""
        return open_home(
            self.home_option, command=command or None, summarise=summarise_for_overview
        )

    @property
    def slug(self) -> str:
        return self.home.current(self.requested_community)

    def store(self) -> CommunityStore:
        return self.home.store_for(self.slug)


pass_app = click.make_pass_decorator(AppContext)


def summarise_for_overview(session: Session, day: dt.date) -> tuple[dict[str, Any], frozenset[str]]:
    """How a write to a home (a folder or a database) keeps the overview current: the
    overview's own reading of the community (imported only when a write needs it)."""
    from copkit.readings.overview import summary_of

    return summary_of(session, day)


def json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def console() -> Any:
    """A rich console for stdout (imported late: JSON output never needs rich)."""
    from rich.console import Console

    return Console(highlight=False)


if TYPE_CHECKING:
    TypedParam = click.ParamType  # generic from click 8.5 on: TypedParam[dt.date] checks
else:

    class TypedParam(click.ParamType):
        """``click.ParamType`` that can be subscribed on every click copkit allows (8.2 on):
        before 8.5 it is not generic, so ``TypedParam[X]`` is just this class at run time."""

        def __class_getitem__(cls, item: object) -> type:
            return cls


class DateType(TypedParam[dt.date]):
    """An ISO date option (`--on 2026-01-13`); a malformed one is a usage error (exit 2)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        from copkit.schedule.parsing import parse_day  # the model too: only once a date is given

        try:
            return parse_day(value)
        except InputError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()

#: The `-o FILE` option's type, shared by every command that writes a file (`-o -`: stdout).
OUTPUT = click.Path(dir_okay=False, writable=True, allow_dash=True, path_type=Path)

#: Set in the click context's meta once a command's product went to stdout (see ``done``).
_PRODUCT_ON_STDOUT = "copkit.product_on_stdout"


def emit(content: str | bytes, output: Path | None) -> None:
    """Write a command's product: to stdout (no FILE, or `-`), or to FILE without harming it.

    Bytes go to stdout untouched (an .ics keeps its CRLF); text gets a final newline. A new or
    regular file is replaced whole, mode 0600, because everything copkit writes describes
    people; a link is written through, a device or FIFO is written as a stream (see
    :func:`copkit.storage.fileio.write_output`).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None or str(output) == "-":
        _to_stdout(content, data)
        return
    from copkit.storage.fileio import write_output

    _refuse_own_files(output)
    try:
        write_output(output, data)
    except OSError as exc:
        raise CopkitError(f"cannot write {output}: {exc.strerror or exc}") from None


def check_output(output: Path | None) -> None:
    """Refuse ``-o`` into the home's own files before a command does its work (the overview
    keeps summaries in the home as it reads, so it asks first)."""
    if output is not None and str(output) != "-":
        _refuse_own_files(output)


def _to_stdout(content: str | bytes, data: bytes) -> None:
    click_context = click.get_current_context(silent=True)
    if click_context is not None:
        click_context.meta[_PRODUCT_ON_STDOUT] = True
    if isinstance(content, str):
        click.echo(content, nl=not content.endswith("\n"))
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _refuse_own_files(output: Path) -> None:
    """`-o` must never replace a community file, config.json or a backup in the home.

    Judged by where the write would land, every link followed: `-o notes.ics` that links to
    the community file is refused too.
    """
    from copkit.storage.fileio import resolve_link
    from copkit.storage.home import Home

    click_context = click.get_current_context(silent=True)
    app = click_context.find_object(AppContext) if click_context else None
    if app is None or not isinstance(app.home, Home):  # a database home has no files to harm
        return
    try:
        target = resolve_link(output)
    except OSError:
        return  # a link loop: the write itself will fail and say so
    own = {output.suffix.lower(), target.suffix.lower()} & {".json", ".lock"}
    if own and target.is_relative_to(resolve_link(app.home.path)):
        raise CopkitError(f"{output} is where copkit keeps its own files; write somewhere else")


def done(message: str) -> None:
    """A one-line confirmation on stdout, people's words in it shown escaped (a stored name
    may hold characters a terminal would obey: see ``copkit.report.literal``).

    On stderr when the product itself went to stdout (`-o -`), so the .ics or JSON stays clean
    for the next program."""
    from copkit.report.literal import visible

    click_context = click.get_current_context(silent=True)
    to_stderr = bool(click_context and click_context.meta.get(_PRODUCT_ON_STDOUT))
    click.echo(visible(message, multiline=True), err=to_stderr)
