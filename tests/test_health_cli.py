"""`copkit health` at the terminal: formats, files, `--as-of`, and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copkit.health import PRINCIPLE_KEYS


@pytest.fixture
def history(community):
    """Ann (gardener) set every topic in the first half of 2025; from July Bo and Cy did."""
    run = community
    steps = [
        (
            "rhythm",
            "add",
            "Monthly circle",
            "--space",
            "Circle",
            "--every",
            "monthly on the 2nd Tuesday",
            "--start",
            "2025-01-14T14:00",
            "--duration",
            "90m",
        ),
    ]
    months = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 7)]
    for n, (year, month) in enumerate(months):
        day = f"{year}-{month:02d}-{10 + (n % 3)}"
        proposer = "Ann Lee" if (year, month) < (2025, 7) else ("Bo Chan", "Cy Dee")[n % 2]
        steps.append(
            ("meeting", "record", "--space", "Cafe" if n % 2 else "Circle",
             "--on", f"{day}T12:00", "--attended", "Ann,Bo" + (",Cy" if n % 3 == 0 else ""),
             "--topic", f"Question {n} from practice", "--proposed-by", proposer,
             "--activity", "familiar:check-in")
        )  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
    return run


def principle(report: dict, key: str) -> dict:
    return next(p for p in report["principles"] if p["key"] == key)


def test_json_follows_the_documented_shape_exactly(history) -> None:
    result = history("health", "--as-of", "2026-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == ["community", "name", "as_of", "stage", "principles"]
    assert report["community"] == "test-cop"
    assert report["name"] == "Test CoP"
    assert report["as_of"] == "2026-06-30"
    assert report["stage"] in {
        "potential",
        "coalescing",
        "maturing",
        "stewardship",
        "transformation",
    }
    assert [p["key"] for p in report["principles"]] == list(PRINCIPLE_KEYS)
    for number, item in enumerate(report["principles"], start=1):
        assert list(item) == ["number", "key", "title", "signal", "evidence", "prompt", "survey"]
        assert item["number"] == number
        assert item["signal"] in {"thriving", "growing", "attention", "no-data"}
        assert item["evidence"] and all(isinstance(line, str) for line in item["evidence"])
        assert item["prompt"].strip()
        assert item["survey"] == {"responses": 0, "agree_share": None}


def test_as_of_replays_the_check_as_it_stood_then(history) -> None:
    def at(day: str) -> dict:
        result = history("health", "--as-of", day, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    mid_2025, mid_2026 = at("2025-06-30"), at("2026-06-30")
    early = principle(mid_2025, "organic-evolution")
    assert early["signal"] == "attention"
    assert early["evidence"][0] == "0 of the last 6 topics were proposed by members"
    late = principle(mid_2026, "organic-evolution")
    assert late["signal"] == "thriving"
    assert late["evidence"][0] == (
        "12 of the last 12 topics were proposed by members, up from 0 of 6 a year earlier"
    )
    assert mid_2025["stage"] == "coalescing" and mid_2026["stage"] == "maturing"
    # before anything happened there is nothing to read, and no crash
    empty = at("2024-06-01")
    assert principle(empty, "participation")["signal"] == "no-data"
    assert principle(empty, "organic-evolution")["signal"] == "no-data"


def test_movement_since_last_quarter_is_shown(history) -> None:
    result = history("health", "--as-of", "2025-09-30", "--format", "markdown")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("| 1 |"))
    assert "◐ growing" in row and "↑ better" in row


def test_rich_output_leads_with_stage_and_date_and_reads_without_colour(history) -> None:
    result = history("health", "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Test CoP") and "30 Jun 2025" in lines[0]
    assert lines[1] == "Stage: coalescing"
    assert "\x1b[" not in result.output  # no terminal: plain text, glyphs and words carry it
    assert "○ worth a conversation" in result.output
    assert "Signals describe conditions in the community, never people" in result.output


@pytest.mark.parametrize(("fmt", "marker"), [("markdown", "# "), ("html", "<!DOCTYPE html>")])
def test_export_to_a_file(history, tmp_path: Path, fmt: str, marker: str) -> None:
    target = tmp_path / f"health.{fmt}"
    result = history("health", "--format", fmt, "-o", str(target), "--as-of", "2026-06-30")
    assert result.exit_code == 0, result.output
    assert "Wrote the health check of Test CoP (2026-06-30)" in result.output
    text = target.read_text()
    assert text.startswith(marker)
    assert "Organic evolution" in text and "Sponsorship" in text
    assert target.stat().st_mode & 0o777 == 0o600


def test_rich_format_to_a_file_is_plain_text(history, tmp_path: Path) -> None:
    target = tmp_path / "health.txt"
    assert history("health", "-o", str(target)).exit_code == 0
    text = target.read_text()
    assert "Stage:" in text and "\x1b[" not in text


def test_html_escapes_what_people_typed(run) -> None:
    assert run("init", "Tom & Jerry <CoP>", "--domain", "Cats <and> mice").exit_code == 0
    html = run("health", "--format", "html").output
    assert "Tom &amp; Jerry &lt;CoP&gt;" in html
    assert "<CoP>" not in html and "Cats <and>" not in html


def test_bad_input_is_refused_cleanly(history) -> None:
    bad_date = history("health", "--as-of", "30/06/2026")
    assert bad_date.exit_code == 2  # a usage error (the CLI contract, docs/architecture.md)
    assert "is not a date" in bad_date.output and "Traceback" not in bad_date.output
    assert history("health", "--format", "pdf").exit_code == 2


def test_demo_ends_in_the_health_check_of_the_example(run) -> None:
    result = run("demo")
    assert result.exit_code == 0, result.output
    tail = result.output[result.output.index("Riverside Reflective Supervision CoP  health") :]
    assert "Stage: maturing" in tail
    for title in ("1. Organic evolution", "4. Public and private spaces", "9. Sponsorship"):
        assert title in tail
    assert "agree (18)" in tail  # the example's survey sits beside the data
