"""Counts in plain English on every surface (issue 21): "2 spaces", never "2 space(s)"."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import copkit

PACKAGE = Path(copkit.__file__).parent
HEDGED = re.compile(r"[a-z]\((?:s|es|ies)\)")


def test_no_string_in_copkit_hedges_a_plural() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and HEDGED.search(text):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_listings_count_in_plain_english(community) -> None:
    run = community
    made = run("rhythm", "add", "Circle", "--space", "Circle", "--every",
               "monthly on the 2nd Tuesday at 14:00", "--start", "2026-09-01")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "2 spaces" in run("space", "list").output
    assert "1 rhythm" in run("rhythm", "list").output
    assert "3 members" in run("member", "list").output
    recorded = run("meeting", "record", "--rhythm", "Circle", "--on", "2026-11-10",
                   "--attended", "Ann, Bo", "--topic", "Risk", "--proposed-by", "Bo")  # fmt: skip
    assert "2 attended, 1 topic" in recorded.output
    refused = run("meeting", "record", "--rhythm", "Circle", "--on", "2026-10-13",
                  "--topic", "A", "--topic", "B", "--proposed-by", "Bo")  # fmt: skip
    assert "--proposed-by: 1 given for 2 topics" in refused.output
