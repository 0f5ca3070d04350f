"""`copkit map`: the ecosystem as DOT, Mermaid and one self-contained HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Run
from test_conversation_import import slack_zip

from copkit.cli import cli

#: A DOT statement copkit writes: a node with attributes, or an edge between two ids.
_NODE = re.compile(r'^  (\w+) \[label="((?:[^"\\]|\\.)*)"(, [^\]]*)?\];$')
_EDGE = re.compile(r"^  (\w+) -> (\w+) \[([^\]]*)\];$")


def parse_dot(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """A strict reading of the DOT copkit writes: one digraph, nodes before the edges that
    join them, every attribute list closed, every quoted string closed."""
    lines = text.strip().splitlines()
    assert lines[0] == "digraph ecosystem {" and lines[-1] == "}"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[1:-1]:
        if line.startswith(("  graph [", "  node [", "  edge [")):
            assert line.endswith("];")
            continue
        node, edge = _NODE.match(line), _EDGE.match(line)
        assert node or edge, line
        if node:
            nodes[node.group(1)] = node.group(2)
        elif edge:
            assert edge.group(1) in nodes and edge.group(2) in nodes, line
            assert edge.group(3).count('"') % 2 == 0, line
            edges.append((edge.group(1), edge.group(2), edge.group(3)))
    return nodes, edges


def _with_conversation(community: Run, tmp_path: Path) -> Run:
    community("member", "edit", "Bo", "--alias", "UBO")
    community("space", "add", "Hidden Room 7", "--private", "--platform", "Slack")
    export = slack_zip(tmp_path / "slack.zip")
    result = community(
        "conversation",
        "import",
        str(export),
        "--channel",
        "general=Cafe",
        "--channel",
        "circle=Hidden Room 7",
    )
    assert result.exit_code == 0, result.output
    return community


def test_dot_has_organisations_spaces_and_flows(community: Run, tmp_path: Path) -> None:
    run = _with_conversation(community, tmp_path)
    result = run("map", "--format", "dot", "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.output
    nodes, edges = parse_dot(result.output)
    labels = set(nodes.values())
    assert r"Riverside\n1 member" in labels and r"Northgate\n1 member" in labels
    assert r"Hidden Room 7\nSlack, private, for discussion" in labels
    assert r"Cafe\nroom, public, for meetings" in labels
    by_label = {label.split("\\n")[0]: node for node, label in nodes.items()}
    flows = {(a, b): attrs for a, b, attrs in edges if "way" in attrs}
    # Ann started threads in the cafe that others answered; Bo answered them: both two-way.
    assert "two-way" in flows[(by_label["Riverside"], by_label["Cafe"])]
    assert "two-way" in flows[(by_label["Northgate"], by_label["Cafe"])]
    # Bo wrote alone in the private room: nobody answered.
    assert "one-way" in flows[(by_label["Northgate"], by_label["Hidden Room 7"])]


def test_mermaid(community: Run, tmp_path: Path) -> None:
    run = _with_conversation(community, tmp_path)
    text = run("map", "--as-of", "2026-11-01").output
    assert "flowchart LR" in text.splitlines()
    assert re.search(
        r"^  s\d+\(\"Hidden Room 7<br/>Slack, private, for discussion\"\)$", text, re.M
    )
    assert re.search(r"^  o\d+ <==>\|\"two-way, \d+ messages\"\| s\d+$", text, re.M)
    assert re.search(r"^  o\d+ ==>\|\"one-way, 2 messages\"\| s\d+$", text, re.M)


@pytest.mark.parametrize("name", ["Team: Alpha #1", 'Say "hi": - [x] {y} & z', "C:\\cop: 'a'"])
def test_mermaid_front_matter_is_yaml_that_reads_back_as_the_title(
    run: Run, home: Path, name: str
) -> None:
    """Mermaid reads its front matter with a YAML parser: `Team: Alpha #1` was not YAML."""
    import yaml  # PyYAML, a real parser (test extras)

    assert run("init", name, "--domain", "Test").exit_code == 0
    text = run("map").output
    assert text.startswith("---\n")
    front, _, rest = text[4:].partition("\n---\n")
    assert rest.startswith("flowchart LR\n")
    shown = name  # as every Mermaid label shows it: entity codes for what its syntax reads
    for char, code in (("#", "#35;"), ('"', "#34;"), ("&", "#38;")):
        shown = shown.replace(char, code)
    assert yaml.safe_load(front) == {"title": f"Ecosystem of {shown}"}


def test_html_is_self_contained(community: Run, tmp_path: Path) -> None:
    run = _with_conversation(community, tmp_path)
    out = tmp_path / "map.html"
    result = run("map", "--format", "html", "-o", str(out), "--as-of", "2026-11-01")
    assert result.exit_code == 0 and "Wrote the ecosystem map" in result.output
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "</html>" in page
    assert "<script" not in page and "src=" not in page and "<link" not in page
    assert "href=" not in page and "@import" not in page
    assert "Hidden Room 7" in page


def test_public_map_names_no_private_space(community: Run, tmp_path: Path) -> None:
    run = _with_conversation(community, tmp_path)
    for fmt in ("dot", "mermaid", "html"):
        text = run("map", "--format", fmt, "--public").output
        assert "Hidden Room 7" not in text and "Circle" not in text, fmt
        assert "A private space" in text and "Cafe" in text


def test_public_map_shows_no_conversation_in_a_private_space(
    community: Run, tmp_path: Path
) -> None:
    """How busy a private space is stays private: no flow, no count of messages drawn to it."""
    run = _with_conversation(community, tmp_path)
    nodes, edges = parse_dot(
        run("map", "--format", "dot", "--public", "--as-of", "2026-11-01").output
    )
    private = {n for n, label in nodes.items() if label.startswith("A private space")}
    assert len(private) == 2
    assert all(
        "way" not in attrs and "message" not in attrs for _a, b, attrs in edges if b in private
    )
    assert any("two-way" in attrs for _a, _b, attrs in edges)  # the public Cafe keeps its flows
    text = run("map", "--public", "--as-of", "2026-11-01").output
    ids = {m.group(1) for m in re.finditer(r"^  (s\d+)\(\"A private space", text, re.M)}
    assert len(ids) == 2
    for line in text.splitlines():
        if line.startswith("  o") and line.split()[-1] in ids:
            assert "way" not in line and "message" not in line and "==" not in line, line


def test_hostile_names_stay_text(community: Run) -> None:
    community(
        "member", "add", "Eve", "--email", "eve@example.org", "--org", 'Evil" -> x [label="<script>'
    )
    dot = community("map", "--format", "dot").output
    nodes, _edges = parse_dot(dot)
    assert any("<script>" in label for label in nodes.values())
    mermaid = community("map").output
    assert "<script>" not in mermaid and "#60;script#62;" in mermaid
    page = community("map", "--format", "html").output
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_neighbours_and_overview_count_shared_members(community: Run, home: Path) -> None:
    runner = CliRunner()

    def other(*args: str) -> None:
        result = runner.invoke(cli, ["--home", str(home), "-c", "second-circle", *args])
        assert result.exit_code == 0, result.output

    result = runner.invoke(cli, ["--home", str(home), "init", "Second Circle", "--domain", "y"])
    assert result.exit_code == 0, result.output
    other("member", "add", "Bo Chan", "--email", "bo@example.org")
    other("member", "add", "Cy Dee", "--email", "cy@example.org")
    other("member", "add", "Di", "--email", "di@example.org")
    text = runner.invoke(
        cli, ["--home", str(home), "-c", "test-cop", "map", "--format", "dot"]
    ).output
    nodes, edges = parse_dot(text)
    neighbour = next(n for n, label in nodes.items() if label.startswith("Second Circle"))
    assert any(b == neighbour and "2 shared members" in attrs for _a, b, attrs in edges)
    rows = json.loads(runner.invoke(cli, ["--home", str(home), "overview", "--json"]).output)
    assert {r["slug"]: r["shared_members"] for r in rows} == {"second-circle": 2, "test-cop": 2}
    assert all("emails" not in r for r in rows)


def test_an_announcements_space_is_drawn_as_announcements_not_a_failed_exchange(
    community: Run, tmp_path: Path
) -> None:
    run = _with_conversation(community, tmp_path)
    assert run("space", "edit", "Cafe", "--purpose", "announcements").exit_code == 0
    nodes, edges = parse_dot(run("map", "--format", "dot", "--as-of", "2026-11-01").output)
    cafe = next(node for node, label in nodes.items() if label.startswith("Cafe"))
    into_cafe = [attrs for _a, b, attrs in edges if b == cafe and "label=" in attrs]
    assert into_cafe and all("announcements, " in a and "way" not in a for a in into_cafe)
    assert r"Cafe\nroom, public, for announcements" in nodes.values()
    mermaid = run("map", "--as-of", "2026-11-01").output
    assert re.search(r"^  o\d+ -\.->\|\"announcements, \d+ messages?\"\| s\d+$", mermaid, re.M)
    page = run("map", "--format", "html", "--as-of", "2026-11-01").output
    assert "announcements, one way by design" in page and 'stroke="#2c6fbb"' in page


def test_a_retired_space_leaves_the_map_from_the_day_it_was_retired(
    community: Run, tmp_path: Path
) -> None:
    run = _with_conversation(community, tmp_path)
    assert run("space", "retire", "Hidden Room 7", "--on", "2026-11-02").exit_code == 0
    before, _ = parse_dot(run("map", "--format", "dot", "--as-of", "2026-11-01").output)
    after, edges = parse_dot(run("map", "--format", "dot").output)
    assert any(label.startswith("Hidden Room 7") for label in before.values())
    assert not any(label.startswith("Hidden Room 7") for label in after.values())
    assert all(a in after and b in after for a, b, _attrs in edges)
