"""The Python API a script uses: its examples run, its names are declared, it stays light.

The examples in the docstrings of ``copkit`` and ``copkit.calendar`` are run here as doctests,
so `python -m pytest` proves the documented script still works. They read the bundled example
community and never the clock.
"""

from __future__ import annotations

import doctest
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import Result

import copkit
import copkit.calendar
from copkit.errors import CopkitError


@pytest.mark.parametrize("module", [copkit, copkit.calendar], ids=lambda m: m.__name__)
def test_documented_examples_run(module: ModuleType) -> None:
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    assert results.attempted > 0, "the example is gone"
    assert results.failed == 0


@pytest.mark.parametrize("module", [copkit, copkit.calendar], ids=lambda m: m.__name__)
def test_every_public_name_is_declared_and_documented(module: ModuleType) -> None:
    for name in module.__all__:
        value = getattr(module, name)
        if callable(value) and not name[0].isupper():
            assert value.__doc__, f"{module.__name__}.{name} has no docstring"


def test_open_community_reads_the_one_community_in_a_home(example_home: Path) -> None:
    data = copkit.open_community(home=example_home)
    assert data.community.slug == "riverside"
    assert copkit.community_store(home=example_home).path == example_home / "riverside.json"


def test_open_community_says_what_is_missing(home: Path) -> None:
    with pytest.raises(CopkitError, match="no community yet"):
        copkit.open_community(home=home)
    with pytest.raises(CopkitError, match="no community 'elsewhere'"):
        copkit.open_community("elsewhere", home=home)


def test_importing_copkit_loads_nothing_else() -> None:
    """The command line imports copkit on every start, for ``__version__``."""
    probe = "import sys, copkit; print(sorted(m for m in sys.modules if m.startswith('copkit')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "['copkit']", done.stderr


def test_the_package_says_it_is_typed() -> None:
    assert (Path(copkit.__file__).parent / "py.typed").is_file()


def test_write_invites_skips_a_series_called_off_before_it_met(
    run: Callable[..., Result],
    example_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """examples/write_invites.py writes every other invite and names what it skipped."""
    added = run(
        "rhythm",
        "add",
        "Spring walk",
        "--space",
        "Practice",
        "--every",
        "weekly on Friday",
        "--start",
        "2027-03-05T10:00",
    )
    assert added.exit_code == 0, added.output
    assert run("rhythm", "end", "Spring walk", "--on", "2027-01-01").exit_code == 0
    script = load_example()
    code = script.main([str(tmp_path / "invites"), "--home", str(example_home)])
    assert code == 0
    out = capsys.readouterr().out
    assert "skipped   Spring walk (r3) was called off before its first meeting" in out
    written = sorted(p.name for p in (tmp_path / "invites").iterdir())
    assert written == ["r1-supervision-circle.ics", "r2-practice-cafe.ics"]


def load_example() -> ModuleType:
    """examples/write_invites.py as a module, the way a gardener's cron job runs it."""
    path = Path(__file__).resolve().parent.parent / "examples" / "write_invites.py"
    spec = importlib.util.spec_from_file_location("write_invites", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
