"""`copkit overview`: many communities at once, correct whether read in series or in parallel."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from copkit.health.findings import PRINCIPLE_KEYS
from copkit.readings import overview as overview_module
from copkit.storage.home import Home

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from large import build_large_community  # noqa: E402


@pytest.fixture
def busy_home(example_home: Path) -> Path:
    for number in range(3):
        build_large_community(
            example_home / f"cop-{number}.json",
            members=20 + 15 * number,
            years=2,
            slug=f"cop-{number}",
            seed=number,
        )
    return example_home


def test_every_community_gets_a_row_with_nine_signals(run, busy_home: Path) -> None:
    result = run("overview", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["slug"] for r in rows] == sorted(
        ["cop-0", "cop-1", "cop-2", "riverside"], key=lambda s: s.lower()
    )
    riverside = next(r for r in rows if r["slug"] == "riverside")
    members = json.loads(run("-c", "riverside", "member", "list", "--json").output)
    assert riverside["members"] == len(members)
    assert sum(riverside["shape"].values()) == len(members)
    for row in rows:
        assert list(row["signals"]) == list(PRINCIPLE_KEYS)
        assert set(row["signals"].values()) <= {"thriving", "growing", "attention", "no-data"}


def test_parallel_and_serial_reading_agree(busy_home: Path, monkeypatch) -> None:
    home = Home(busy_home)
    serial = overview_module.overview(home, workers=1)
    monkeypatch.setattr(overview_module, "PARALLEL_FROM", 2)
    parallel = overview_module.overview(home, workers=2)
    assert parallel == serial


def test_an_unreadable_file_is_a_row_that_says_why_not_a_failed_overview(
    run, busy_home: Path
) -> None:
    (busy_home / "broken.json").write_text("{ not json")
    result = run("overview", "--json")
    assert result.exit_code == 0
    rows = {r["slug"]: r for r in json.loads(result.output)}
    assert "not a readable copkit file" in rows["broken"]["problem"]
    assert rows["riverside"]["problem"] is None
    assert (busy_home / "broken.json").read_text() == "{ not json"


def test_no_league_table_only_groups_where_a_conversation_may_help(run, busy_home: Path) -> None:
    assert run("overview", "--sort", "participation").exit_code == 2  # no rank by a principle
    groups = json.loads(run("overview", "--json", "--group-by", "conversation").output)
    rows = json.loads(run("overview", "--json").output)
    for group in groups:
        names = [r["name"] for r in group["communities"]]
        assert names == sorted(names, key=str.lower)  # each group in name order, never ranked
        if group["group"].startswith("where a conversation about"):
            assert all("attention" in r["signals"].values() for r in group["communities"])
    flagged = {r["slug"] for r in rows if "attention" in r["signals"].values()}
    grouped = {r["slug"] for g in groups for r in g["communities"]}
    assert flagged <= grouped and grouped == {r["slug"] for r in rows}
    stages = json.loads(run("overview", "--json", "--group-by", "stage").output)
    assert all(r["stage"] == g["group"] for g in stages for r in g["communities"])
    assert "Riverside" in run("overview", "--group-by", "stage").output
    assert "## " in run("overview", "--group-by", "conversation", "--format", "markdown").output


def test_the_table_shows_names_glyphs_and_a_legend(run, busy_home: Path) -> None:
    table = run("overview").output
    assert "Riverside" in table and "Large CoP cop-2" in table
    assert "● " in table or "◐ " in table
    assert "worth a conversation" in table and "no data yet" in table
    markdown = run("overview", "--format", "markdown").output
    assert markdown.count("\n| ") >= 4 and "Large CoP cop-1" in markdown


def test_html_output_is_escaped_and_written_to_a_file(run, busy_home: Path, tmp_path: Path):
    run("-c", "riverside", "export", "-o", str(tmp_path / "r.json"))
    document = json.loads((tmp_path / "r.json").read_text())
    document["community"]["name"] = "<script>alert(1)</script> CoP"
    (tmp_path / "r.json").write_text(json.dumps(document))
    run("import-community", str(tmp_path / "r.json"), "--slug", "tricky")
    out = tmp_path / "overview.html"
    assert run("overview", "--format", "html", "-o", str(out)).exit_code == 0
    page = out.read_text()
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_an_empty_home_says_so(run, home: Path) -> None:
    result = run("overview", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "No communities" in result.stderr


def test_levels_are_shown_as_seen_and_labelled_beside_the_declared(community) -> None:
    """Health reads the levels the records show; the overview shows those, labelled, and the
    declared ones beside them where there is room (issue 21)."""
    run = community
    for day in ("2026-09-08", "2026-10-13", "2026-11-10"):  # Cy, declared peripheral, always comes
        result = run("meeting", "record", "--space", "Cafe", "--on", f"{day}T12:00",
                     "--attended", "Ann,Bo,Cy")  # fmt: skip
        assert result.exit_code == 0, result.output
    row = json.loads(run("overview", "--json").output)[0]
    assert row["shape"] == {"core": 1, "active": 1, "peripheral": 1}  # declared
    assert row["observed"] == {"core": 3, "active": 0, "peripheral": 0, "unseen": 0}
    table = run("overview").output
    assert "seen c/a/p" in table and "3/0/0" in table and "1/1/1" not in table
    markdown = run("overview", "--format", "markdown").output
    assert "| seen c/a/p | declared c/a/p |" in markdown
    assert "| 3/0/0 | 1/1/1 |" in markdown
