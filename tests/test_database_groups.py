"""Each command group works on a database home as it does on a folder (issue 20).

For every group (member, space, rhythm, meeting, health, report, story, survey, export) a short
script of its commands, failures included, runs on a fresh folder home and on a fresh database
home (a real throwaway PostgreSQL, tests/postgres.py), and every step must end and print the
same: the same exit code, the same stdout and stderr, byte for byte. A representative set of
each group's commands rather than the whole suite twice, so CI pays seconds, not minutes.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from copkit.cli import cli
from copkit.records.survey import STATEMENTS

Step = tuple[str, ...]

START: list[Step] = [
    ("init", "Test CoP", "--domain", "Reflective supervision", "--gardener", "Ann Lee",
     "--gardener-email", "ann@example.org", "--sponsor", "Dr Price"),
    ("member", "add", "Ann Lee", "--email", "ann@example.org", "--level", "core", "--org",
     "Riverside", "--joined", "2025-01-01"),
    ("member", "add", "Bo Chan", "--email", "bo@example.org", "--level", "active", "--org",
     "Northgate", "--joined", "2025-01-01"),
    ("member", "add", "Cy Dee", "--email", "cy@example.org", "--joined", "2025-01-01"),
    ("space", "add", "Circle", "--private", "--platform", "Teams"),
    ("space", "add", "Cafe", "--public", "--location", "Room 1"),
]  # fmt: skip

RHYTHM: list[Step] = [
    ("rhythm", "add", "Circle", "--space", "Circle", "--every",
     "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-01-13"),
]  # fmt: skip

GROUPS: dict[str, list[Step]] = {
    "member": [
        ("member", "add", "Dee Ewe", "--email", "dee@example.org", "--org", "Westvale"),
        ("member", "add", "Dee Again", "--email", "dee@example.org"),  # refused: one line
        ("member", "edit", "dee@example.org", "--level", "active", "--org", "Eastbrook"),
        ("member", "show", "m4", "--json"),
        ("member", "import", "{tmp}/members.csv", "--dry-run"),
        ("member", "import", "{tmp}/members.csv"),
        ("member", "leave", "Cy", "--on", "2026-11-01"),
        ("member", "list", "--json"),
        ("member", "list", "--all"),
        ("member", "forget", "Bo", "--yes"),
        ("member", "list", "--all", "--json"),
    ],
    "space": [
        ("space", "edit", "Cafe", "--purpose", "announcements"),
        ("space", "add", "Old Room", "--public", "--location", "Room 7"),
        ("space", "retire", "Old Room", "--on", "2026-11-02"),
        ("space", "retire", "Nowhere", "--on", "2026-11-02"),
        ("space", "list", "--json"),
        ("space", "list"),
    ],
    "rhythm": [
        *RHYTHM,
        (
            "rhythm",
            "add",
            "Cafe",
            "--space",
            "Cafe",
            "--every",
            "weekly on Thursday at 12:00",
            "--start",
            "2026-10-01",
        ),
        ("rhythm", "edit", "Cafe", "--start", "13:00"),
        ("rhythm", "show", "Circle"),
        ("rhythm", "end", "Circle", "--on", "2027-02-01"),
        ("rhythm", "list", "--json"),
        ("rhythm", "list"),
    ],  # fmt: skip
    "meeting": [
        *RHYTHM,
        (
            "meeting",
            "record",
            "--rhythm",
            "Circle",
            "--on",
            "2026-11-10",
            "--attended",
            "Ann,Bo",
            "--topic",
            "A hard case",
            "--proposed-by",
            "Bo",
        ),
        ("meeting", "record", "--space", "Cafe", "--on", "2026-11-12T12:00", "--attended", "Cy"),
        ("meeting", "cancel", "--rhythm", "Circle", "--on", "2026-12-08", "--reason", "Snow"),
        (
            "meeting",
            "plan",
            "--rhythm",
            "Circle",
            "--on",
            "2027-01-12",
            "--theme",
            "Court",
            "--agenda",
            "Check-in",
            "--host",
            "Bo",
        ),
        ("meeting", "record", "--rhythm", "Circle", "--on", "2026-11-10", "--attended", "Zed"),
        ("meeting", "list", "--json"),
        ("meeting", "list"),
    ],  # fmt: skip
    "health": [
        *RHYTHM,
        (
            "meeting",
            "record",
            "--rhythm",
            "Circle",
            "--on",
            "2026-11-10",
            "--attended",
            "Ann,Bo,Cy",
            "--topic",
            "A hard case",
            "--proposed-by",
            "Cy",
        ),
        ("health",),
        ("health", "--format", "json"),
        ("health", "--format", "markdown", "--as-of", "2026-11-01"),
        ("health", "--explain", "rhythm"),
    ],  # fmt: skip
    "report": [
        *RHYTHM,
        ("meeting", "record", "--rhythm", "Circle", "--on", "2026-11-10", "--attended", "Ann,Bo"),
        ("report", "sponsor"),
        ("report", "sponsor", "--format", "html", "-o", "{tmp}/sponsor.html"),
        ("report", "sponsor", "--sent"),
        ("report", "sponsor", "--as-of", "2026-11-01"),
    ],  # fmt: skip
    "story": [
        (
            "story",
            "add",
            "Bo used the circle's model in supervision",
            "--member",
            "Bo",
            "--cycle",
            "applied",
            "--on",
            "2026-05-01",
        ),
        ("story", "add", "The cafe made newcomers feel at home", "--on", "2026-03-01"),
        ("story", "add", "Text", "--member", "Nobody"),
        ("story", "list", "--json"),
        ("story", "list"),
    ],  # fmt: skip
    "survey": [
        ("survey", "statements"),
        ("survey", "record", "{tmp}/answers.csv", "--on", "2026-10-20"),
        ("survey", "record", "{tmp}/members.csv"),  # not answers: refused, nothing stored
        ("survey", "results", "--json"),
        ("survey", "results"),
    ],
    "export": [
        *RHYTHM,
        ("export",),
        ("export", "-o", "{tmp}/export.json"),
        ("communities", "--json"),
    ],
}


def files(folder: Path) -> Path:
    """The files a script reads: a members sheet and a survey's answers."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "members.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "org", "role", "level", "external", "interests",
                         "joined"])  # fmt: skip
        writer.writerow(["Eve Fox", "eve@example.org", "Riverside", "", "peripheral", "", "", ""])
        writer.writerow(["Gil Ho", "gil@example.org", "", "", "", "", "courts;supervision", ""])
    with (folder / "answers.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "principle", "statement", "score"])
        for respondent in range(1, 7):
            for text in STATEMENTS["rhythm"]:
                writer.writerow([respondent, "rhythm", text, 5 if respondent <= 4 else 2])
    return folder


def play(home: str, folder: Path, steps: list[Step]) -> list[tuple[Step, int, str, str]]:
    """Every step on ``home``: its exit code, stdout and stderr, the home's name taken out."""
    played = []
    for step in [*START, *steps]:
        args = [part.replace("{tmp}", str(folder)) for part in step]
        result = CliRunner().invoke(cli, ["--home", home, *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        out, err = (text.replace(home, "HOME") for text in (result.stdout, result.stderr))
        played.append((step, result.exit_code, out, err))
    return played


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_group_prints_the_same_on_a_database_as_on_a_folder(
    group: str, home: Path, pg_home: str, tmp_path: Path
) -> None:
    on_folder = play(str(home), files(tmp_path / "folder-files"), GROUPS[group])
    on_database = play(pg_home, files(tmp_path / "database-files"), GROUPS[group])
    on_database = [
        (step, code, out.replace("database-files", "folder-files"),
         err.replace("database-files", "folder-files"))
        for step, code, out, err in on_database
    ]  # fmt: skip
    for folder_step, database_step in zip(on_folder, on_database, strict=True):
        assert database_step == folder_step
    codes = [code for _, code, _, _ in on_folder]
    assert codes.count(0) >= len(codes) - 2, on_folder  # the script works, refusals aside
    if group == "report":
        assert (tmp_path / "database-files" / "sponsor.html").read_bytes() == (
            tmp_path / "folder-files" / "sponsor.html"
        ).read_bytes()
    if group == "export":
        assert (tmp_path / "database-files" / "export.json").read_bytes() == (
            tmp_path / "folder-files" / "export.json"
        ).read_bytes()
