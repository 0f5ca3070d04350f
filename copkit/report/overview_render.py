"""The overview as a rich table, Markdown or HTML: one row per community, nine signal glyphs.

Community names are people's words: each format shows them through ``copkit.report.literal``
(escaped for the terminal, for Markdown, for HTML), never as syntax the reader would obey.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from copkit.health.findings import PRINCIPLES, Signal
from copkit.report.health_render import STYLES
from copkit.report.literal import html_text, markdown, visible

if TYPE_CHECKING:  # a type only: rendering imports nothing that computes
    from copkit.readings.overview import CommunityRow

LEGEND = "  ".join(f"{signal.glyph} {signal.words}" for signal in Signal)
PRINCIPLE_KEY = "  ".join(f"{number} {key}" for number, key, _title in PRINCIPLES)


def _signal(row: CommunityRow, key: str) -> Signal:
    return Signal(row.signals.get(key, Signal.NO_DATA.value))


def _next(row: CommunityRow) -> str:
    return row.next_meeting[:16].replace("T", " ") if row.next_meeting else "-"


def _shape(row: CommunityRow) -> str:
    """Declared levels: core/active/peripheral as the gardener set them."""
    return "/".join(str(row.shape.get(level, 0)) for level in ("core", "active", "peripheral"))


def _seen(row: CommunityRow) -> str:
    """Observed levels, as the health check reads them; ``-`` for a row from before copkit
    kept them (a database home's summary of an older copkit)."""
    if not row.observed:
        return "-"
    return "/".join(str(row.observed.get(level, 0)) for level in ("core", "active", "peripheral"))


#: What the level columns mean, said under every table: the terminal shows the levels seen,
#: Markdown and HTML the declared ones beside them.
SEEN_KEY = "seen c/a/p: core/active/peripheral as the records show them (health's levels)"
LEVELS_KEY = SEEN_KEY + "; declared c/a/p: as the gardener set them"


def _glyph_row(row: CommunityRow) -> Text:
    text = Text()
    for number, (_n, key, _t) in enumerate(PRINCIPLES):
        signal = _signal(row, key)
        glyph, style = signal.glyph, STYLES[signal]
        text.append(("" if number == 0 else " ") + glyph, style=style)
    return text


def overview_table(rows: Sequence[CommunityRow]) -> Table:
    """Compact enough for 80 columns: the nine signals share one column, in principle order."""
    table = Table(
        title=f"{len(rows)} {'community' if len(rows) == 1 else 'communities'}",
        caption=f"{LEGEND}\n{SEEN_KEY}; declared: --format markdown\n{PRINCIPLE_KEY}",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("community", overflow="fold", min_width=16, ratio=1)
    table.add_column("size", justify="right")
    table.add_column("seen c/a/p", justify="right", no_wrap=True)
    table.add_column("stage", no_wrap=True)
    table.add_column("next", no_wrap=True)
    table.add_column("1 2 3 4 5 6 7 8 9", no_wrap=True)
    for row in rows:
        if row.problem:
            table.add_row(
                Text(visible(row.slug)), "", "", "", "", Text(visible(row.problem), style="red")
            )
            continue
        next_meeting = row.next_meeting
        when = f"{next_meeting[8:10]}/{next_meeting[5:7]}" if next_meeting else "-"
        table.add_row(
            Text(visible(row.name)), str(row.members), _seen(row), row.stage, when, _glyph_row(row)
        )
    return table


def overview_markdown(rows: Sequence[CommunityRow]) -> str:
    header = (
        "| community | members | seen c/a/p | declared c/a/p | stage | next meeting | "
        + " | ".join(str(n) for n, _k, _t in PRINCIPLES)
        + " |"
    )
    lines = [header, "|" + "---|" * (6 + len(PRINCIPLES))]
    for row in rows:
        if row.problem:
            problem = f"| {markdown(row.slug)} | | | | | {markdown(row.problem)} |"
            lines.append(problem + " |" * len(PRINCIPLES))
            continue
        glyphs = " | ".join(_signal(row, k).glyph for _n, k, _t in PRINCIPLES)
        name = markdown(row.name)
        lines.append(
            f"| {name} | {row.members} | {_seen(row)} | {_shape(row)} | {row.stage} | "
            f"{_next(row)} | {glyphs} |"
        )
    key = "; ".join(f"{n} {t}" for n, _k, t in PRINCIPLES)
    return "\n".join(lines) + f"\n\n{LEGEND}\n\n{LEVELS_KEY}\n\nPrinciples: {key}\n"


def overview_html(rows: Sequence[CommunityRow]) -> str:
    heads = "".join(f'<th title="{html.escape(t)}">{n}</th>' for n, _k, t in PRINCIPLES)
    body = []
    for row in rows:
        if row.problem:
            body.append(
                f"<tr><td>{html_text(row.slug)}</td>"
                f'<td colspan="{5 + len(PRINCIPLES)}">{html_text(row.problem)}</td></tr>'
            )
            continue
        cells = "".join(
            f'<td class="{row.signals.get(k, "no-data")}">{_signal(row, k).glyph}</td>'
            for _n, k, _t in PRINCIPLES
        )
        body.append(
            f"<tr><td>{html_text(row.name)}</td><td>{row.members}</td>"
            f"<td>{_seen(row)}</td><td>{_shape(row)}</td><td>{row.stage}</td>"
            f"<td>{_next(row)}</td>{cells}</tr>"
        )
    return (
        '<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>copkit overview</title>\n'
        "<table>\n<thead><tr><th>community</th><th>members</th><th>seen c/a/p</th>"
        "<th>declared c/a/p</th><th>stage</th>"
        f"<th>next meeting</th>{heads}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + f"\n</tbody>\n</table>\n<p>{LEGEND}</p>\n<p>{LEVELS_KEY}</p>\n</html>\n"
    )


def grouped_text(groups: Sequence[tuple[str, Sequence[CommunityRow]]]) -> Group:
    """One heading and one table per group; the groups are not ranked."""
    parts: list[RenderableType] = []
    for label, rows in groups:
        parts += [Text(label[0].upper() + label[1:], style="bold"), overview_table(rows)]
    return Group(*parts)


def grouped_markdown(groups: Sequence[tuple[str, Sequence[CommunityRow]]]) -> str:
    return "\n".join(
        f"## {label[0].upper() + label[1:]}\n\n{overview_markdown(rows)}" for label, rows in groups
    )


def grouped_html(groups: Sequence[tuple[str, Sequence[CommunityRow]]]) -> str:
    body = "".join(
        f"<h2>{html.escape(label[0].upper() + label[1:])}</h2>\n"
        + overview_html(rows)
        .split("<table>", 1)[1]
        .rsplit("</table>", 1)[0]
        .join(("<table>", "</table>\n"))
        for label, rows in groups
    )
    return (
        '<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>copkit overview</title>\n'
        f"{body}<p>{LEGEND}</p>\n<p>{LEVELS_KEY}</p>\n</html>\n"
    )
