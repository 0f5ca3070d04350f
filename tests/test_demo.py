"""`copkit demo`: a first look at copkit on the bundled example, never on the gardener's data."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from copkit.cli import cli
from copkit.storage.example import EXAMPLE_NAME, example_path
from copkit.storage.store import file_mode

Run = Callable[..., Result]


def example_name() -> str:
    return orjson.loads(example_path().read_bytes())["community"]["1"]["name"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_demo_as_a_new_user_runs_it(run: Run, home: Path, tmp_path: Path) -> None:
    """`copkit demo` from a shell, with the gardener's own community in their copkit home."""
    assert run("init", "My CoP", "--domain", "Kinship care").exit_code == 0
    assert run("member", "add", "Ann Lee", "--email", "ann@example.org").exit_code == 0
    own = snapshot(home)
    example = example_path().read_bytes()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = os.environ | {"COPKIT_HOME": str(home), "TMPDIR": str(scratch)}
    env.pop("COPKIT_COMMUNITY", None)

    done = subprocess.run(
        [sys.executable, "-m", "copkit", "demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert example_name() in done.stdout
    assert str(home) not in done.stdout
    assert snapshot(home) == own  # the gardener's data: untouched, nothing added
    assert example_path().read_bytes() == example  # and the bundled example too
    [demo_home] = scratch.iterdir()
    assert str(demo_home) in done.stdout  # it says where the example lives
    assert file_mode(demo_home / EXAMPLE_NAME) == 0o600


def test_demo_never_writes_into_the_copkit_home(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert example_name() in result.stdout
    assert list(home.iterdir()) == []


def test_demo_keep_leaves_a_community_to_explore(run: Run, tmp_path: Path) -> None:
    keep = tmp_path / "try-copkit"
    result = run("demo", "--keep", str(keep))
    assert result.exit_code == 0, result.output
    assert example_name() in result.stdout
    assert file_mode(keep / EXAMPLE_NAME) == 0o600
    listing = CliRunner().invoke(cli, ["--home", str(keep), "member", "list", "--json"])
    assert listing.exit_code == 0, listing.output
    assert len(orjson.loads(listing.stdout)) >= 20  # the example's members, ready to explore
