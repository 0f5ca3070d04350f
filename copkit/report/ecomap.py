"""The ecosystem map written out: Graphviz DOT, Mermaid and a self-contained HTML page.

:func:`copkit.readings.ecomap.build_map` computes the map; here it becomes text. Mermaid is
rendered by wikis and Git hosts with nothing to install; the HTML page places nodes in fixed
columns (organisations, communities, spaces) in an inline SVG, so no layout engine is needed,
and DOT and Mermaid leave layout to their renderers. Every label is a person's words, shown
as typed (:func:`copkit.report.literal.visible`) and escaped for the format.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

from copkit.report.literal import visible

if TYPE_CHECKING:  # the map's values only: rendering never loads what computes them
    from copkit.readings.ecomap import EcoMap, Edge, Node


def _dot_text(text: str) -> str:
    return visible(text).replace("\\", "\\\\").replace('"', '\\"')


_DOT_SHAPES = {
    "community": 'shape=ellipse, style=filled, fillcolor="#f4d58d"',
    "neighbour": 'shape=ellipse, style="filled,dashed", fillcolor="#fbeecb"',
    "organisation": 'shape=box, style=filled, fillcolor="#bcd4e6"',
    "space": 'shape=box, style="rounded,filled", fillcolor="#c8e6c9"',
}
_DOT_EDGES = {
    "sends": "style=solid",
    "holds": 'style=solid, color="#888888", arrowhead=none',
    "shares": "style=dashed, dir=none",
    "one-way": 'color="#c0392b", penwidth=2',
    "two-way": 'color="#27ae60", penwidth=2, dir=both',
    "announces": 'color="#2c6fbb", style=dotted, penwidth=2',
}


def to_dot(ecomap: EcoMap) -> str:
    """Graphviz DOT (``dot -Tsvg map.dot > map.svg``)."""
    lines = [
        "digraph ecosystem {",
        f'  graph [label="{_dot_text(ecomap.title)}", labelloc=t, rankdir=LR];',
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for node in ecomap.nodes:
        label = _dot_text(node.label) + (f"\\n{_dot_text(node.detail)}" if node.detail else "")
        shape = _DOT_SHAPES[node.kind]
        if node.kind == "space" and node.private:
            shape = shape.replace("#c8e6c9", "#e1bee7")
        lines.append(f'  {node.id} [label="{label}", {shape}];')
    for edge in ecomap.edges:
        label = f'label="{_dot_text(edge.label)}", ' if edge.label else ""
        lines.append(f"  {edge.source} -> {edge.target} [{label}{_DOT_EDGES[edge.kind]}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    """Mermaid entity codes for anything its label syntax or an HTML label would read."""
    out = visible(text)
    for char, code in (
        ("#", "#35;"),
        ('"', "#34;"),
        ("<", "#60;"),
        (">", "#62;"),
        ("&", "#38;"),
        ("`", "#96;"),
        ("|", "#124;"),
    ):
        out = out.replace(char, code)
    return out


def _yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: Mermaid reads its front matter as YAML, where
    a plain ``Team: Alpha`` is a mapping and `` #`` starts a comment. ``visible`` has already
    written every control character as an escape, and ``"`` is an entity code, so a
    backslash is all that is left to escape."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_MERMAID_SHAPES = {
    "community": ('(["', '"])'),
    "neighbour": ('(["', '"])'),
    "organisation": ('["', '"]'),
    "space": ('("', '")'),
}
_MERMAID_ARROWS = {
    "sends": "-->",
    "holds": "---",
    "shares": "-.-",
    "one-way": "==>",
    "two-way": "<==>",
    "announces": "-.->",
}


def to_mermaid(ecomap: EcoMap) -> str:
    """A Mermaid flowchart (paste into a wiki, a README or an issue between ```mermaid)."""
    lines = ["---", f"title: {_yaml_quoted(_mermaid_text(ecomap.title))}", "---", "flowchart LR"]
    for node in ecomap.nodes:
        opening, closing = _MERMAID_SHAPES[node.kind]
        label = _mermaid_text(node.label)
        if node.detail:
            label += "<br/>" + _mermaid_text(node.detail)
        lines.append(f"  {node.id}{opening}{label}{closing}")
    for edge in ecomap.edges:
        arrow = _MERMAID_ARROWS[edge.kind]
        label = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {edge.source} {arrow}{label} {edge.target}")
    lines.append("  classDef organisation fill:#bcd4e6,stroke:#345")
    lines.append("  classDef space fill:#c8e6c9,stroke:#363")
    lines.append("  classDef private fill:#e1bee7,stroke:#636")
    lines.append("  classDef community fill:#f4d58d,stroke:#653")
    for kind in ("organisation", "community"):
        ids = [
            n.id
            for n in ecomap.nodes
            if n.kind == kind or (kind == "community" and n.kind == "neighbour")
        ]
        if ids:
            lines.append(f"  class {','.join(ids)} {kind}")
    for private in (False, True):
        ids = [n.id for n in ecomap.nodes if n.kind == "space" and n.private is private]
        if ids:
            lines.append(f"  class {','.join(ids)} {'private' if private else 'space'}")
    return "\n".join(lines) + "\n"


_COLUMNS = {"organisation": 0, "community": 1, "neighbour": 1, "space": 2}
_FILL = {
    "community": "#f4d58d",
    "neighbour": "#fbeecb",
    "organisation": "#bcd4e6",
    "space": "#c8e6c9",
}
_STROKE = {
    "sends": "#555",
    "holds": "#999",
    "shares": "#999",
    "one-way": "#c0392b",
    "two-way": "#27ae60",
    "announces": "#2c6fbb",
}


_WIDTH, _BOX_W, _BOX_H, _GAP = 900, 220, 46, 22


def _layout(ecomap: EcoMap) -> tuple[dict[str, tuple[float, float]], int]:
    """Where each node's box sits (fixed columns, each centred) and how tall the drawing is."""
    columns: dict[int, list[Node]] = {0: [], 1: [], 2: []}
    for node in ecomap.nodes:
        columns[_COLUMNS[node.kind]].append(node)
    where: dict[str, tuple[float, float]] = {}
    rows = max(len(c) for c in columns.values()) or 1
    height = rows * (_BOX_H + _GAP) + 60
    for column, nodes in columns.items():
        x = 20 + column * (_WIDTH - _BOX_W - 40) / 2
        top = (height - len(nodes) * (_BOX_H + _GAP)) / 2
        for index, node in enumerate(nodes):
            where[node.id] = (x, top + index * (_BOX_H + _GAP))
    return where, height


def _svg_edge(edge: Edge, where: Mapping[str, tuple[float, float]]) -> str:
    """One edge as an SVG line, drawn left to right, its arrow pointing the way talk went."""
    (x1, y1), (x2, y2) = where[edge.source], where[edge.target]
    flipped = x1 > x2
    if flipped:
        (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
    sx, sy = x1 + _BOX_W, y1 + _BOX_H / 2
    ex, ey = x2, y2 + _BOX_H / 2
    if x1 == x2:  # the same column: from the bottom of one to the top of the other
        sx, sy, ex, ey = x1 + _BOX_W / 2, y1 + _BOX_H, x2 + _BOX_W / 2, y2
    dash = {"shares": ' stroke-dasharray="6 4"', "announces": ' stroke-dasharray="2 4"'}.get(
        edge.kind, ""
    )
    marker = f"url(#arrow-{edge.kind})"
    ends = ""
    if edge.kind in ("sends", "one-way", "announces"):
        ends = f' marker-{"start" if flipped else "end"}="{marker}"'
    elif edge.kind == "two-way":
        ends = f' marker-start="{marker}" marker-end="{marker}"'
    weight = 3 if edge.kind in ("one-way", "two-way", "announces") else 1.5
    return (
        f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{ex:.0f}" y2="{ey:.0f}" '
        f'stroke="{_STROKE[edge.kind]}" stroke-width="{weight}"{dash}{ends}>'
        f"<title>{html.escape(visible(edge.label or edge.kind))}</title></line>"
    )


def _svg_node(node: Node, x: float, y: float) -> str:
    """One node as a coloured box with its label and detail."""
    fill = "#e1bee7" if node.private else _FILL[node.kind]
    return (
        f'<g><rect x="{x:.0f}" y="{y:.0f}" width="{_BOX_W}" height="{_BOX_H}" rx="8" '
        f'fill="{fill}" stroke="#555"/>'
        f'<text x="{x + _BOX_W / 2:.0f}" y="{y + 19:.0f}" text-anchor="middle" '
        f'font-weight="bold">{html.escape(visible(node.label))[:60]}</text>'
        f'<text x="{x + _BOX_W / 2:.0f}" y="{y + 36:.0f}" text-anchor="middle" '
        f'font-size="12">{html.escape(visible(node.detail))}</text></g>'
    )


def _svg(ecomap: EcoMap) -> str:
    """The map as an inline SVG: an arrow marker per edge kind, the edges, then the boxes."""
    where, height = _layout(ecomap)
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}" role="img" '
        f'aria-label="{html.escape(visible(ecomap.title))}">',
        "<defs>",
        *(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
            for kind, colour in _STROKE.items()
        ),
        "</defs>",
    ]
    svg.extend(_svg_edge(edge, where) for edge in ecomap.edges)
    svg.extend(_svg_node(node, *where[node.id]) for node in ecomap.nodes)
    svg.append("</svg>")
    return "".join(svg)


def _flow_table(ecomap: EcoMap) -> str:
    """The conversation flows as a table under the drawing; nothing when there are none."""
    flows = [e for e in ecomap.edges if e.kind in ("one-way", "two-way", "announces")]
    if not flows:
        return ""
    names = {n.id: n.label for n in ecomap.nodes}
    rows = "".join(
        f"<tr><td>{html.escape(visible(names[e.source]))}</td><td>{html.escape(visible(names[e.target]))}</td>"
        f"<td>{html.escape(visible(e.label))}</td></tr>"
        for e in flows
    )
    header = "<tr><th>from</th><th>in</th><th>flow</th></tr>"
    return f"<h2>Conversation</h2><table>{header}{rows}</table>"


def to_html(ecomap: EcoMap) -> str:
    """One HTML file with everything inside (inline SVG and CSS, no script, nothing fetched)."""
    title = html.escape(visible(ecomap.title))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        "<style>body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#222}"
        "svg text{font-family:inherit;font-size:14px}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px}.one{color:#c0392b}.two{color:#27ae60}"
        ".news{color:#2c6fbb}"
        "</style></head><body>"
        f"<h1>{title}</h1>"
        "<p>Organisations (blue) send members to the community (yellow), which meets in its "
        "spaces (green; private ones mauve). Dashed lines join communities that share members. "
        '<span class="one">Red</span>: conversation that went one way; '
        '<span class="two">green</span>: both ways; <span class="news">blue dotted</span>: '
        "announcements, one way by design.</p>"
        + _svg(ecomap)
        + _flow_table(ecomap)
        + "</body></html>\n"
    )
