"""What every command needs: where the home is, which community, and how to print."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import orjson

from copkit.home import Home, default_home
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


def done(message: str) -> None:
    """A one-line confirmation on stdout."""
    click.echo(message)
