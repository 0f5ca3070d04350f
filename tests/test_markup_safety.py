"""People's words are shown as typed: never read as Rich console markup.

Social workers write "[see notes]" or "[tbc]" in an organisation or a topic as a matter of
course; a `[/b]` once made `copkit health` crash with a MarkupError, and `[red]x[/red]` was
silently restyled. Here every free-text field of a community carries such brackets, and every
command that renders with rich must exit 0 and show them literally.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]

#: Every marker used below; each appears in exactly one field.
LABELS = (
    "CNAME", "CDOMAIN", "CBENEFIT", "CGARDENER", "CSPONSOR", "CRESOURCE",
    "MNAME", "MORG", "MROLE", "MINTEREST",
    "SNAME", "SPLATFORM", "SLOCATION", "RNAME",
    "TOPIC", "ACTIVITY", "GUEST", "REASON", "STORY", "STATEMENT",
)  # fmt: skip


def nasty(label: str) -> str:
    """Text with a closing tag that was never opened, a style and a link, around ``label``."""
    return f"{label.title()} [/b] [red]{label}[/red] [link=x]"


@pytest.fixture
def bracketed(run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """A community whose every free-text field holds markup-like brackets."""
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no cell is folded mid-token
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("respondent", "principle", "statement", "score"))
        writer.writerow(("1", "dialogue", nasty("STATEMENT"), "4"))
    steps = [
        ("init", nasty("CNAME"), "--slug", "cop", "--domain", nasty("CDOMAIN"),
         "--benefit", nasty("CBENEFIT"), "--gardener", nasty("CGARDENER"),
         "--sponsor", nasty("CSPONSOR")),
        ("community", "edit", "--resource", nasty("CRESOURCE")),
        ("member", "add", nasty("MNAME"), "--email", "zed@example.org", "--org", nasty("MORG"),
         "--role", nasty("MROLE"), "--interest", nasty("MINTEREST"), "--level", "core",
         "--joined", "2025-01-01"),
        ("space", "add", nasty("SNAME"), "--private", "--platform", nasty("SPLATFORM"),
         "--location", nasty("SLOCATION")),
        ("rhythm", "add", nasty("RNAME"), "--space", "SNAME", "--every",
         "monthly on the 2nd Tuesday", "--start", "2026-01-13T14:00", "--duration", "90m"),
        ("meeting", "record", "--rhythm", "RNAME", "--on", "2026-01-13",
         "--attended", "zed@example.org", "--topic", nasty("TOPIC"),
         "--proposed-by", "zed@example.org",
         "--activity", "stimulating:" + nasty("ACTIVITY"), "--guest", nasty("GUEST")),
        ("meeting", "cancel", "--rhythm", "RNAME", "--on", "2026-02-10",
         "--reason", nasty("REASON")),
        ("story", "add", nasty("STORY"), "--member", "zed@example.org", "--on", "2026-01-20"),
        ("survey", "record", str(answers), "--on", "2026-01-20"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.output)
    return run


def shows_literally(output: str, *expected: str) -> None:
    """Each expected marker is shown whole, and no marker anywhere lost its brackets."""
    for label in expected:
        assert f"[red]{label}[/red]" in output, f"{label} not shown literally:\n{output}"
    for label in LABELS:
        assert output.count(label) == output.count(f"[red]{label}[/red]"), label
    shown = sum(output.count(label) for label in LABELS)
    assert output.count("[/b]") == output.count("[link=x]") == shown


CASES = [
    (("member", "list"), ("MNAME", "MORG", "MROLE")),
    (("member", "show", "zed@example.org"), ("MNAME", "MORG", "MROLE", "MINTEREST")),
    (("space", "list"), ("SNAME", "SPLATFORM", "SLOCATION")),
    (("rhythm", "list"), ("RNAME", "SNAME")),
    (("rhythm", "show", "RNAME"), ("RNAME", "SNAME")),
    (("meeting", "list", "--past"), ("RNAME", "SNAME", "REASON")),
    (("meeting", "list", "--upcoming"), ("RNAME", "SNAME")),
    (("health", "--as-of", "2026-03-01"), ("CNAME",)),
    (("story", "list"), ("STORY", "MNAME")),
    (("survey", "results"), ("STATEMENT",)),
    (("overview", "--as-of", "2026-03-01"), ("CNAME",)),
    (("community", "show"), ("CNAME", "CDOMAIN", "CBENEFIT", "CSPONSOR", "CRESOURCE")),
]


@pytest.mark.parametrize(("command", "expected"), CASES, ids=[" ".join(c) for c, _ in CASES])
def test_rich_output_shows_brackets_as_typed(
    bracketed: Run, command: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    result = bracketed(*command)
    assert result.exit_code == 0, result.output
    shows_literally(result.output, *expected)


def test_health_evidence_keeps_brackets_in_what_it_quotes(bracketed: Run) -> None:
    """Evidence lines quote the gardener, sponsor and guests: quoting must not restyle them."""
    result = bracketed("health", "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.output
    quoted = [label for label in LABELS if f"[red]{label}[/red]" in result.output]
    assert set(quoted) > {"CNAME"}, result.output
    shows_literally(result.output)
