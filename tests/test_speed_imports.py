"""`copkit --help` and `copkit member list` stay quick: they never load the dashboard or calendar.

Textual and icalendar take a noticeable part of a second to import; a gardener listing members
between two meetings should not pay for them. Each check runs copkit in a fresh interpreter, as
a shell would, and then looks at which modules were loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

HEAVY = ("textual", "icalendar")

PROBE = """
import sys
from copkit.cli import cli

try:
    cli.main(sys.argv[1:], prog_name="copkit")
except SystemExit as exit:
    code = exit.code
else:
    code = 0
loaded = sorted({name.split(".")[0] for name in sys.modules})
sys.stderr.write("\\nLOADED " + " ".join(loaded) + "\\n")
sys.stderr.write(f"EXIT {code}\\n")
"""


def loaded_modules(*args: str) -> tuple[set[str], int, str]:
    """Run copkit ARGS in a fresh interpreter: top-level modules loaded, exit code, stdout."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    lines = done.stderr.splitlines()
    loaded = next(line for line in lines if line.startswith("LOADED ")).split()[1:]
    code = int(next(line for line in lines if line.startswith("EXIT ")).split()[1] or 0)
    return set(loaded), code, done.stdout


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
        assert "member(s)" in stdout


def test_the_probe_can_see_a_heavy_import(example_home: Path) -> None:
    """The check above would notice: importing icalendar does show up in the probe."""
    done = subprocess.run(
        [sys.executable, "-c", "import icalendar\n" + PROBE, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "icalendar" in done.stderr.split("LOADED ", 1)[1].split()
