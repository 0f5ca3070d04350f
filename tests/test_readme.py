"""The README's tour is one story that copkit really tells, in a fresh home, on the suite's today.

A new user copies the tour's commands one after the other into an empty copkit home and must see
what the README shows; this test does exactly that, so the README and the tool cannot drift
apart. Every ```console block of README.md is read, top to bottom, as one session:

- a line ``$ copkit ...`` is a command; a line ending in ``\\`` continues on the next line. The
  command is split with :mod:`shlex` and run through Click's ``CliRunner`` with ``--home`` (a
  fresh, empty folder) inserted after ``copkit``, in a fresh working directory, so files the tour
  writes (``-o circle.ics``) land there and nowhere else;
- the lines after a command, up to the next command or the end of the block, are what it prints;
- rules for comparing them with what copkit printed (spaces at the end of a line, and blank
  lines at the end of the output, are ignored on both sides: tables end with them, READMEs not):

  * the home folder copkit prints is shown as ``~/.local/share/copkit`` (the default home on
    Linux), since every reader's home, like the test's, is somewhere else;
  * a line ``...`` (indented or not) stands for any number of lines not shown; the README line
    after it must then match some later line of output, and the lines after that match exactly;
    ``...`` as the last line lets the output go on;
  * every other line must match exactly, and the output may not go on after the last line shown;
  * a command whose shown output starts with ``Error:`` must fail (exit status 1 or 2); every
    other command must succeed.

The tour runs on the suite's one today (tests/conftest.py: 25 Nov 2026), so the README's dates
are those of a story told on that day; terminals are taken to be 100 columns wide, as wide as
the README's code blocks read comfortably.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from copkit.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"

#: How the README shows the copkit home, whatever folder it really is.
HOME_SHOWN = "~/.local/share/copkit"

#: A README line standing for lines of output it does not show.
MORE = "..."


@dataclass(frozen=True)
class Step:
    """One command of the tour and the output the README shows for it."""

    line: int
    command: str
    shown: tuple[str, ...]


def console_blocks(text: str) -> list[tuple[int, list[str]]]:
    """The ```console blocks of ``text``: (line number of the first line, the lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if current is None:
            if line.strip() == "```console":
                current, first = [], number + 1
        elif line.strip() == "```":
            blocks.append((first, current))
            current = None
        else:
            current.append(line)
    assert current is None, "a ```console block is never closed"
    return blocks


def tour(text: str) -> list[Step]:
    """Every command of every console block, with the lines shown after it."""
    steps: list[Step] = []
    for first, lines in console_blocks(text):
        index = 0
        while index < len(lines):
            line = lines[index]
            assert line.startswith("$ "), (
                f"README.md line {first + index}: a console block starts with `$ copkit ...`"
            )
            start = first + index
            parts = [line[2:]]
            while parts[-1].endswith("\\"):
                parts[-1] = parts[-1][:-1]
                index += 1
                parts.append(lines[index])
            index += 1
            shown: list[str] = []
            while index < len(lines) and not lines[index].startswith("$ "):
                shown.append(lines[index])
                index += 1
            steps.append(Step(start, " ".join(p.strip() for p in parts), tuple(shown)))
    return steps


def mismatch(shown: tuple[str, ...], printed: list[str]) -> str | None:
    """Why ``printed`` is not what the README ``shown``, by the rules above; None if it is."""
    shown_lines = _without_trailing_blanks([line.rstrip() for line in shown])
    printed_lines = _without_trailing_blanks([line.rstrip() for line in printed])
    at = 0
    skipping = False
    for expected in shown_lines:
        if expected.strip() == MORE:
            skipping = True
            continue
        if skipping:
            while at < len(printed_lines) and printed_lines[at] != expected:
                at += 1
            skipping = False
            if at == len(printed_lines):
                return f"no line {expected!r} after `...`"
        elif at >= len(printed_lines):
            return f"copkit stopped before {expected!r}"
        elif printed_lines[at] != expected:
            return f"expected {expected!r}, copkit printed {printed_lines[at]!r}"
        at += 1
    if not skipping and at < len(printed_lines):
        return f"copkit went on with {printed_lines[at]!r} (end the block with `...`?)"
    return None


def _without_trailing_blanks(lines: list[str]) -> list[str]:
    while lines and not lines[-1]:
        lines.pop()
    return lines


def test_the_tour_is_one_story_copkit_tells_in_a_fresh_home(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("COLUMNS", "100")
    steps = tour(README.read_text(encoding="utf-8"))
    assert len(steps) >= 10, "the tour has lost its console blocks"
    for step in steps:
        words = shlex.split(step.command)
        assert words[0] == "copkit", f"README.md line {step.line}: not a copkit command"
        result = CliRunner().invoke(cli, ["--home", str(home), *words[1:]])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        printed = result.output.replace(str(home), HOME_SHOWN).splitlines()
        fails = bool(step.shown) and step.shown[0].startswith("Error:")
        assert (result.exit_code != 0) == fails, (
            f"README.md line {step.line}: `{step.command}` exited {result.exit_code}:\n"
            + result.output
        )
        problem = mismatch(step.shown, printed)
        assert problem is None, (
            f"README.md line {step.line}: `{step.command}`: {problem}\ncopkit printed:\n"
            + "\n".join(printed)
        )
    written = [
        words[at + 1]
        for words in (shlex.split(step.command) for step in steps)
        for at, word in enumerate(words[:-1])
        if word in ("-o", "--output", "--ics")
    ]
    assert written, "the tour writes no file any more"
    for name in written:
        assert (work / name).is_file(), f"the tour said it wrote {name}"
    assert not [p for p in home.rglob("*") if p.name in written], "the tour wrote into the home"


def test_the_readme_shows_no_home_but_the_placeholder() -> None:
    """A real path in the README (someone's /home/...) is one a reader would copy by mistake."""
    text = README.read_text(encoding="utf-8")
    assert not re.search(r"/home/\w+|/Users/\w+", text)


@pytest.mark.parametrize(
    ("shown", "printed", "matches"),
    [
        (("a", "b"), ["a", "b"], True),
        (("a",), ["a", "b"], False),
        (("a", "b"), ["a"], False),
        (("a", "...", "d"), ["a", "b", "c", "d"], True),
        (("a", "  ..."), ["a", "b", "c"], True),
        (("a", "...", "x"), ["a", "b"], False),
        (("a  ",), ["a"], True),
        (("a",), ["a   ", ""], True),
    ],
)
def test_the_comparison_rules(shown: tuple[str, ...], printed: list[str], matches: bool) -> None:
    assert (mismatch(shown, printed) is None) == matches
