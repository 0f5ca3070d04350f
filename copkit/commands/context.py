"""What every command needs: where the home is, which community, and how to print."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import orjson

from copkit.errors import CopkitError, InputError
from copkit.home import Home, default_home
from copkit.parsing import parse_date
from copkit.store import Store


@dataclass
class AppContext:
    home: Home
    requested_community: str | None = None

    @classmethod
    def from_options(cls, home: Path | None, community: str | None) -> AppContext:
        return cls(Home(home if home is not None else default_home()), community)

    @property
    def slug(self) -> str:
        return self.home.current(self.requested_community)

    def store(self) -> Store:
        return self.home.store_for(self.slug)


pass_app = click.make_pass_decorator(AppContext)


def json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def print_json(data: Any) -> None:
    """JSON on stdout and nothing else, so `| jq` always works."""
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")


def console() -> Any:
    """A rich console for stdout (imported late: JSON output never needs rich)."""
    from rich.console import Console

    return Console(highlight=False)


class DateType(click.ParamType):
    """An ISO date option (`--on 2026-01-13`); a malformed one is a usage error (exit 2)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except InputError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()

#: The `-o FILE` option's type, shared by every command that writes a file.
OUTPUT = click.Path(dir_okay=False, writable=True, path_type=Path)


def emit(content: str | bytes, output: Path | None) -> None:
    """Write a command's product: to stdout, or to a file written whole, mode 0600.

    Bytes go to stdout untouched (an .ics keeps its CRLF); text gets a final newline. Files are
    owner-only because everything copkit writes describes people.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        if isinstance(content, str):
            click.echo(content, nl=not content.endswith("\n"))
            return
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from copkit.fileio import atomic_write

    _refuse_own_files(output)
    try:
        atomic_write(output, data)
    except OSError as exc:
        raise CopkitError(f"cannot write {output}: {exc.strerror or exc}") from None


def rich_as_text(renderable: object, width: int = 100) -> str:
    """A rich renderable as plain text, for ``-o FILE`` with the rich format."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True, highlight=False).print(renderable)
    return buffer.getvalue()


def _refuse_own_files(output: Path) -> None:
    """`-o` must never replace a community file, config.json or a backup in the home."""
    click_context = click.get_current_context(silent=True)
    app = click_context.find_object(AppContext) if click_context else None
    if app is None or output.suffix.lower() not in (".json", ".lock"):
        return
    home = app.home.path.resolve()
    target = output.resolve()
    if target.is_relative_to(home):
        raise CopkitError(f"{output} is where copkit keeps its own files; write somewhere else")


def done(message: str) -> None:
    """A one-line confirmation on stdout."""
    click.echo(message)
