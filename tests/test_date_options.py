"""Every option that takes a date reads it the same way: a malformed one is a usage error (exit 2)
with one wording, whichever command it was given to, before any file is opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from copkit.cli import cli
from copkit.commands.context import DateType
from copkit.commands.params import WhenType

#: Option names that hold a day; `restore --from` picks a backup by number instead.
DATE_NAMES = {"--on", "--start", "--as-of", "--from", "--joined", "--until", "--left", "--since"}
NOT_DATES = {("restore", "--from")}


def _commands(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()) -> Iterator:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, (*path, name))
        else:
            yield (*path, name), command


def _date_options() -> list[tuple[tuple[str, ...], click.Command, click.Option]]:
    ctx = click.Context(cli)
    found = []
    for path, command in _commands(cli, ctx):
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, DateType | WhenType):
                found.append((path, command, param))
    return found


DATE_OPTIONS = _date_options()


def _args_for(command: click.Command, option: click.Option, value: str) -> list[str]:
    """The date option first (so it is read first), then whatever else the command requires."""
    args = [option.opts[0], value]
    for param in command.params:
        if param is option or not param.required:
            continue
        filler = param.type.choices[0] if isinstance(param.type, click.Choice) else "x"
        args += [filler] if isinstance(param, click.Argument) else [param.opts[0], str(filler)]
    return args


def _id(item: tuple[tuple[str, ...], click.Command, click.Option]) -> str:
    path, _command, option = item
    return " ".join([*path, option.opts[0]])


def test_every_option_named_for_a_day_reads_it_as_a_date() -> None:
    """Guards the list below: an option such as `--on` added later with a plain string type
    would escape the checks (as `meeting record --on` and `rhythm add --start` once did)."""
    ctx = click.Context(cli)
    typed = {(path, option.opts[0]) for path, _command, option in DATE_OPTIONS}
    for path, command in _commands(cli, ctx):
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            name = param.opts[0]
            if name in DATE_NAMES and (path[-1], name) not in NOT_DATES:
                assert (path, name) in typed, f"copkit {' '.join(path)} {name} is not a date type"
    assert {(p, n) for p, n in typed} >= {
        (("meeting", "record"), "--on"),
        (("meeting", "cancel"), "--on"),
        (("rhythm", "add"), "--start"),
        (("rhythm", "edit"), "--start"),
        (("health",), "--as-of"),
        (("member", "add"), "--joined"),
    }


@pytest.mark.parametrize("item", DATE_OPTIONS, ids=_id)
@pytest.mark.parametrize("value", ["2026-02-30", "13/01/2026", "next tuesday", "2026-1-13"])
def test_a_malformed_date_is_a_usage_error_worded_one_way(
    home: Path, item: tuple[tuple[str, ...], click.Command, click.Option], value: str
) -> None:
    path, command, option = item
    args = ["--home", str(home), *path, *_args_for(command, option, value)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"Error: Invalid value for '{option.opts[0]}': '{value}' is not a date (expected " in (
        result.stderr
    )
    assert list(home.iterdir()) == []  # read before any file is opened


@pytest.mark.parametrize("item", DATE_OPTIONS, ids=_id)
def test_a_day_outside_the_years_copkit_takes_is_a_usage_error(
    home: Path, item: tuple[tuple[str, ...], click.Command, click.Option]
) -> None:
    path, command, option = item
    for value in ("9999-12-31", "0001-01-01"):
        args = ["--home", str(home), *path, *_args_for(command, option, value)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert "is out of range: copkit takes dates from 1900-01-01 to 9989-12-31" in (
            result.stderr
        )
