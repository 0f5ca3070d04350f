"""`copkit --help` and `copkit member list` stay quick: they load only what they use.

Textual and icalendar take a noticeable part of a second to import; a gardener listing members
between two meetings should not pay for them. Help and a usage error load nothing beyond click
(no store, file lock, TinyDB or orjson), and a JSON or Markdown health check never loads rich's
console. Each check runs copkit in a fresh interpreter, as a shell would, and then looks at which
modules were loaded: these are import checks, the timings live in benchmarks/bench_startup.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import orjson
import pytest
from conftest import Run

from copkit.cli import COMMANDS, cli

HEAVY = ("textual", "icalendar", "psycopg")  # psycopg: only for a database home (issue 20)
#: What opening a community or printing JSON needs, and `--help` or a usage error does not.
STORAGE = ("filelock", "tinydb", "orjson", "platformdirs", "rich")
#: All of copkit that the top-level help and a usage error may load.
CLI_ONLY = {"copkit", "copkit.cli", "copkit.errors"}

PROBE = """
import sys
from copkit.cli import cli

try:
    cli.main(sys.argv[1:], prog_name="copkit")
except SystemExit as exit:
    code = exit.code
else:
    code = 0
loaded = sorted(sys.modules)
sys.stderr.write("\\nLOADED " + " ".join(loaded) + "\\n")
sys.stderr.write(f"EXIT {code}\\n")
"""


def loaded_modules(*args: str) -> tuple[set[str], int, str]:
    """Run copkit ARGS in a fresh interpreter: modules loaded (``rich.console``, and ``rich``
    for any of its modules), exit code, stdout."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    lines = done.stderr.splitlines()
    loaded = next(line for line in lines if line.startswith("LOADED ")).split()[1:]
    code = int(next(line for line in lines if line.startswith("EXIT ")).split()[1] or 0)
    return set(loaded) | {name.split(".")[0] for name in loaded}, code, done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("member", "--help"),
        ("member", "list"),
        ("member", "list", "--json"),
    ],
    ids=" ".join,
)
def test_everyday_commands_do_not_import_heavy_libraries(
    example_home: Path, args: tuple[str, ...]
) -> None:
    wanted = args if "--help" in args else ("--home", str(example_home), *args)
    loaded, code, stdout = loaded_modules(*wanted)
    assert code == 0, stdout
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    if "--json" in args:
        assert len(orjson.loads(stdout)) > 10  # it really listed the example's members
    elif "--help" not in args:
        assert re.search(r"\d+ members\b", stdout)


def test_the_probe_can_see_a_heavy_import(example_home: Path) -> None:
    """The check above would notice: importing icalendar does show up in the probe."""
    done = subprocess.run(
        [sys.executable, "-c", "import icalendar\n" + PROBE, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "icalendar" in done.stderr.split("LOADED ", 1)[1].split()


@pytest.mark.parametrize(
    ("args", "status"),
    [(("--help",), 0), (("-h",), 0), (("memebr",), 2), (("--bogus",), 2), ((), 2)],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_help_and_usage_errors_load_nothing_beyond_click(
    example_home: Path, args: tuple[str, ...], status: int
) -> None:
    """The listing of commands and a mistyped command need no community, so no store either."""
    loaded, code, _ = loaded_modules("--home", str(example_home), *args)
    assert code == status
    assert {name for name in loaded if name.startswith("copkit")} <= CLI_ONLY
    assert loaded.isdisjoint(STORAGE + HEAVY), sorted(loaded & set(STORAGE + HEAVY))
    assert not {"copkit.storage.store", "copkit.model", "copkit.storage.integrity"} & loaded


@pytest.mark.parametrize("limit", [20, 45, 60, 74, 120])
def test_the_listing_says_what_each_command_says_of_itself(limit: int) -> None:
    """COMMANDS keeps each command's summary so `copkit --help` loads none; they must agree."""
    context = click.Context(cli)
    for name, lazy in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command is not None and not command.hidden
        expected = command.get_short_help_str(limit)
        assert click.Command(name, help=lazy.summary).get_short_help_str(limit) == expected, name


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_health_exports_do_not_load_rich_console(example_home: Path, fmt: str) -> None:
    """A file or a pipe for a script gets plain text: rich's console machinery stays unloaded."""
    loaded, code, stdout = loaded_modules("--home", str(example_home), "health", "--format", fmt)
    assert code == 0, stdout
    assert "rich.console" not in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    if fmt == "json":
        assert len(orjson.loads(stdout)["principles"]) == 9
    else:
        assert stdout.startswith("# ")


def test_the_probe_can_see_rich_console(example_home: Path) -> None:
    """The check above would notice: the terminal rendering of the same check does load it."""
    loaded, code, stdout = loaded_modules("--home", str(example_home), "health")
    assert code == 0, stdout
    assert "rich.console" in loaded


#: The store and what only it needs: a subcommand's help or usage error opens no community.
#: (dateutil itself is no sign: the suite's clock, time_machine, loads it in every process.)
STORE = ("copkit.storage.store", "tinydb", "filelock", "copkit.storage.integrity", "dateutil.rrule")


@pytest.mark.parametrize(
    ("args", "status"),
    [(("member", "--help"), 0), (("member", "add", "--help"), 0), (("member", "lsit"), 2)],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_subcommand_help_and_usage_errors_load_no_store(
    example_home: Path, args: tuple[str, ...], status: int
) -> None:
    """`copkit member --help` and a mistyped member subcommand load the command module, which
    names the store only for its annotations (TYPE_CHECKING) and copkit.records, whose rule
    modules load on first use: so no store, TinyDB, file lock, integrity check or dateutil."""
    loaded, code, _ = loaded_modules("--home", str(example_home), *args)
    assert code == status
    assert loaded.isdisjoint(STORE + HEAVY), sorted(loaded & set(STORE + HEAVY))
    assert not {name for name in loaded if name.startswith("copkit.records.")}


def test_health_json_loads_only_the_records_it_reads(example_home: Path) -> None:
    """The health check reads a snapshot and what is coming up: the rules for recording a
    meeting, a plan or a story stay unloaded, and so does OpenSSL (hashlib names conversation
    threads when an export is imported, and very long temporary files)."""
    loaded, code, stdout = loaded_modules("--home", str(example_home), "health", "--format", "json")
    assert code == 0, stdout
    assert len(orjson.loads(stdout)["principles"]) == 9
    unused = {"copkit.records.plans", "copkit.records.community", "hashlib", *CONVERSATION}
    assert not unused & loaded, sorted(unused & loaded)


@pytest.mark.parametrize(
    "args", [("member", "list", "--json"), ("health", "--format", "json")], ids=" ".join
)
def test_a_command_that_only_reads_never_loads_tinydb(
    example_home: Path, args: tuple[str, ...]
) -> None:
    """A session reads the document's dicts itself; TinyDB starts with the first change."""
    loaded, code, stdout = loaded_modules("--home", str(example_home), *args)
    assert code == 0, stdout
    assert "tinydb" not in loaded


def test_the_probe_can_see_tinydb(example_home: Path) -> None:
    """The check above would notice: a change to the community does load it."""
    args = ("member", "add", "Di Eve", "--email", "di@example.org")
    loaded, code, stdout = loaded_modules("--home", str(example_home), *args)
    assert code == 0, stdout
    assert "tinydb" in loaded


#: What reads conversation between meetings: loaded only when a community has some.
CONVERSATION = (
    "copkit.conversations.log",
    "copkit.conversations.packing",
    "copkit.conversations.windows",
    "copkit.conversations.shapes",
)
#: What reads a rule as a person types it, and what expands one: a rule copkit wrote is checked
#: on open by its text alone (copkit.schedule.rrules), so neither loads to open a community.
RULES = ("dateutil.rrule", "copkit.schedule.phrases")


@pytest.mark.parametrize(
    "args", [("member", "list", "--json"), ("health", "--format", "json")], ids=" ".join
)
def test_a_community_without_a_rhythm_loads_no_rule_parser(
    community: Run, home: Path, args: tuple[str, ...]
) -> None:
    """A community with no rhythm has no rule to check or expand: nothing of the rules loads."""
    loaded, code, stdout = loaded_modules("--home", str(home), *args)
    assert code == 0, stdout
    assert loaded.isdisjoint({*RULES, "copkit.schedule.rrules"}), sorted(loaded & set(RULES))


def test_opening_a_community_with_rhythms_loads_no_rule_parser(example_home: Path) -> None:
    """The example's rhythms are checked on open (integrity) by their text: a listing loads
    neither dateutil's rrule nor the phrase parser."""
    loaded, code, stdout = loaded_modules("--home", str(example_home), "member", "list", "--json")
    assert code == 0, stdout
    assert "copkit.schedule.rrules" in loaded  # the rules were checked
    assert loaded.isdisjoint(RULES), sorted(loaded & set(RULES))


def test_a_weekly_rhythm_is_expanded_without_dateutil(community: Run, home: Path) -> None:
    """Daily and weekly rules are expanded by copkit.schedule.expand (as dateutil would): a
    health check of a community that meets fortnightly loads no dateutil."""
    result = community(
        "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "fortnightly on Thursday at 14:00", "--start", "2026-01-08", "--duration", "90m",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    loaded, code, stdout = loaded_modules("--home", str(home), "health", "--format", "json")
    assert code == 0, stdout
    assert "copkit.schedule.expand" in loaded
    assert loaded.isdisjoint(RULES), sorted(loaded & set(RULES))


def test_the_probe_can_see_the_rule_expander(example_home: Path) -> None:
    """The checks above would notice: the health check expands the example's monthly circle
    with dateutil (but reads no phrase)."""
    loaded, code, stdout = loaded_modules("--home", str(example_home), "health", "--format", "json")
    assert code == 0, stdout
    assert "dateutil.rrule" in loaded
    assert "copkit.schedule.phrases" not in loaded


def test_records_names_load_on_first_use() -> None:
    """copkit.records still offers every name in its __all__, each from its own module."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, copkit.records as r\n"
            "before = {m for m in sys.modules if m.startswith('copkit.records.')}\n"
            "found = [getattr(r, name) for name in r.__all__]\n"
            "from copkit.records import snapshot, add_member\n"
            "print(sorted(before), len(found), snapshot.__module__, add_member.__module__)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split("] ", 1)[0] == "["
    assert done.stdout.split("] ", 1)[1].split() == [
        "50",
        "copkit.records.data",
        "copkit.records.members",
    ]
