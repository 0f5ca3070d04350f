"""One way out for every format: what a command writes is the same on stdout, after `-o -` and
in `-o FILE`, JSON is always indented alike, and an output that cannot be written stops the
command with one line and writes nothing (copkit/commands/output.py).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import orjson
import pytest
from conftest import Run

COMMANDS_FOLDER = Path(__file__).parent.parent / "copkit" / "commands"

#: Every command that writes a chosen format to `-o FILE`, once per format.
WITH_OUTPUT = [
    *(("health", "--format", fmt) for fmt in ("rich", "json", "markdown", "html")),
    ("health", "--explain", "3"),
    ("health", "--explain", "participation", "--format", "json"),
    *(("report", "sponsor", "--format", fmt) for fmt in ("markdown", "html")),
    ("member", "list"),
    ("member", "list", "--json"),
    ("member", "list", "--csv"),
    ("member", "list", "--silent"),
    *(("overview", "--format", fmt) for fmt in ("rich", "markdown", "html")),
    ("overview", "--json"),
    ("overview", "--group-by", "stage", "--format", "markdown"),
]

#: Every `--json` there is, beside those above.
JSON_LISTINGS = [
    ("member", "show", "m1", "--json"),
    ("meeting", "list", "--json"),
    ("meeting", "list", "--upcoming", "--json"),
    ("meeting", "plan", "--list", "--json"),
    ("survey", "results", "--json"),
    ("space", "list", "--json"),
    ("story", "list", "--json"),
    ("rhythm", "list", "--json"),
    ("rhythm", "show", "r1", "--json"),
    ("communities", "--json"),
    ("community", "show", "--json"),
    ("conversation", "show", "--json"),
    ("restore", "--list", "--json"),
    ("export",),
]

#: A spreadsheet needs the byte-order mark in a file; a pipe does not want it.
BOM = "\ufeff".encode()
NO_FOLDER = "No such file or directory"


def _ids(args: tuple[str, ...]) -> str:
    return " ".join(args)


@pytest.mark.parametrize("args", WITH_OUTPUT, ids=_ids)
def test_the_file_holds_what_dash_writes_to_stdout(
    run: Run, example_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    target = tmp_path / "out"
    to_file = run(*args, "-o", str(target))
    assert to_file.exit_code == 0, to_file.output
    piped = run(*args, "-o", "-")
    assert piped.exit_code == 0, piped.output
    expected = (BOM if "--csv" in args else b"") + piped.stdout_bytes
    assert target.read_bytes() == expected
    confirmation = to_file.stdout.splitlines()
    assert len(confirmation) == 1 and confirmation[0].startswith("Wrote ")
    assert confirmation[0].endswith(f" to {target}")
    assert b"Wrote " not in piped.stdout_bytes  # the product alone: the line went to stderr
    assert piped.stderr.splitlines() == [confirmation[0].replace(str(target), "-")]


#: The terminal's rendering, as wide as the terminal (a file's is as wide as the command says).
FOR_A_TERMINAL = [
    ("health", "--format", "rich"),
    ("member", "list"),
    ("member", "list", "--silent"),
    ("overview", "--format", "rich"),
]


@pytest.mark.parametrize("args", [a for a in WITH_OUTPUT if a not in FOR_A_TERMINAL], ids=_ids)
def test_without_output_stdout_is_what_dash_writes(
    run: Run, example_home: Path, args: tuple[str, ...]
) -> None:
    """Every format but the terminal's is the same bytes whether or not `-o -` is given."""
    plain = run(*args)
    assert plain.exit_code == 0, plain.output
    assert plain.stdout_bytes == run(*args, "-o", "-").stdout_bytes
    assert plain.stderr == ""


@pytest.mark.parametrize(
    "args", [*(a for a in WITH_OUTPUT if {"json", "--json"} & set(a)), *JSON_LISTINGS], ids=_ids
)
def test_every_json_is_indented_alike(run: Run, example_home: Path, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    document = orjson.loads(result.stdout_bytes)
    assert result.stdout_bytes == orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


@pytest.mark.parametrize("args", WITH_OUTPUT, ids=_ids)
def test_an_output_that_cannot_be_written_stops_the_command_and_writes_nothing(
    run: Run, example_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    community_file = example_home / "riverside.json"
    before = community_file.read_bytes()
    target = tmp_path / "no such folder" / "out"
    extra = ("--sent",) if args[:2] == ("report", "sponsor") else ()  # not recorded either
    result = run(*args, *extra, "-o", str(target))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: cannot write {target}: {NO_FOLDER}"]
    assert not target.parent.exists()
    assert community_file.read_bytes() == before


def test_no_command_writes_a_format_by_hand() -> None:
    """JSON is encoded, and rich rendered as text, in copkit/commands/output.py alone: a command
    hands its value and renderers to `present` rather than writing the branch again."""
    by_hand = ("orjson.dumps(", "OPT_INDENT_2", "print_json", "rich_as_text", "Console(file=")
    found = {
        f"{path.name}:{number}: {line.strip()}"
        for path in COMMANDS_FOLDER.glob("*.py")
        if path.name != "output.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if any(sign in line for sign in by_hand)
    }
    assert not found, (
        "write a command's product with copkit.commands.output.present(fmt, value, output, "
        f"json=..., rich=...), not by hand: {sorted(found)}"
    )


def test_every_renderer_named_by_where_it_lives_is_there() -> None:
    """A renderer given as "module:function" is imported only when its format is chosen: a
    misspelt one would fail only then, so each is looked up here."""
    named = {
        match
        for path in COMMANDS_FOLDER.glob("*.py")
        for match in re.findall(r'"(copkit(?:\.\w+)+:\w+)"', path.read_text())
    }
    assert len(named) > 10
    for reference in sorted(named):
        module, _, name = reference.partition(":")
        assert callable(getattr(importlib.import_module(module), name, None)), reference
