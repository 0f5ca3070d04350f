"""A short name still finds a rhythm after `rhythm edit --start` splits its series (issue 21).

The split leaves "Supervision circle (to 10 Nov 2026)" behind, ended, beside the series that goes
on as "Supervision circle"; the README's tour names both as ``circle``. Its commands are followed
here with the split made right after the rhythm is set up, as a gardener moving the meeting to
15:00 would.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.test_readme import README, tour

SPLIT = "copkit rhythm edit circle --start 2026-12-08T15:00"


def test_the_readme_tour_names_the_circle_after_a_split(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = [step.command for step in tour(README.read_text(encoding="utf-8"))]
    at = commands.index("copkit rhythm show circle --next 3") + 1
    commands.insert(at, SPLIT)
    outputs = {}
    for command in commands:
        words = shlex.split(command)
        result = run(*words[1:])
        if "circle" in command and "Error" not in "".join(result.output.splitlines()[:1]):
            assert result.exit_code == 0, f"`{command}`:\n{result.output}"
        outputs[command] = result.output
    split = outputs[SPLIT]
    assert "Supervision circle (to 10 Nov 2026)" in split
    shown = run("rhythm", "show", "circle").output
    assert shown.startswith("Supervision circle (r3)"), shown
    assert "15:00" in shown
    assert "Recorded the meeting of Tue 13 Oct 2026 14:00" in "".join(outputs.values())
    assert "Cancelled the meeting of Tue 08 Dec 2026 15:00" in "".join(outputs.values())


def test_a_short_name_matching_two_series_that_go_on_names_both(run, community) -> None:
    for name in ("Supervision circle", "Peer circle"):
        made = run("rhythm", "add", name, "--space", "Cafe", "--every",
                   "monthly on the 2nd Tuesday at 14:00", "--start", "2026-12-01")  # fmt: skip
        assert made.exit_code == 0, made.output
    result = run("rhythm", "show", "circle")
    assert result.exit_code != 0
    assert "'circle' could mean Supervision circle, Peer circle" in result.output
    assert run("rhythm", "show", "peer").exit_code == 0
    assert run("rhythm", "show", "nothing like it").output.startswith("Error: no rhythm")
