"""Charts as inline SVG: one small module draws every picture of the HTML pages.

:mod:`copkit.readings.figures` computes the figures; here they become ``<figure>`` elements an
HTML page holds as they are: no script, no outside link, so a page stays one file that prints
and opens in a mail client's browser. Two shapes serve every chart: columns (attendance,
conversation between meetings, movement between levels; a column may stack parts, upwards and
downwards) and horizontal bars (the participation shape against its source bands, the survey).

Accessible as WCAG 2.2 AA asks of UK public bodies: each ``<svg role="img">`` has a
``<title>`` and a ``<desc>`` saying what it shows in words, and the figures behind it follow as
a ``<table>`` a screen reader reads (small, never hidden). Colours keep at least 3:1 against
white (:data:`COLOURS`, tested) and never carry meaning alone: every part is also a pattern or
a word. Every person-typed word (the community's and spaces' names) goes through
:func:`copkit.report.literal.html_text`. Each drawn mark carries its number as ``data-value``,
so a test in a real browser reads the picture's numbers back and checks them against the core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from copkit.health.words import count
from copkit.report.literal import html_text

if TYPE_CHECKING:  # the figures' values only: rendering never loads what computes them
    from copkit.readings.figures import (
        AttendanceFigure,
        ConversationFigure,
        Figures,
        MovementFigure,
        ShapeFigure,
        SurveyFigure,
    )

__all__ = [
    "CHART_CSS",
    "COLOURS",
    "attendance_chart",
    "conversation_chart",
    "health_charts_html",
    "movement_chart",
    "shape_chart",
    "sponsor_charts_html",
    "survey_chart",
]

#: Every colour a chart draws with: each at least 3:1 against white (tests/test_charts.py).
COLOURS = {
    "ink": "#1a1a1a",
    "muted": "#595959",
    "grid": "#767676",
    "attendance": "#1a4f99",
    "cancelled": "#8a2a80",
    "ended": "#595959",
    "core": "#1a4f99",
    "active": "#1b6e20",
    "peripheral": "#6b4c00",
    "band": "#8a2a80",
    "two-way": "#1b6e20",
    "one-way": "#b3261e",
    "moved_in": "#1b6e20",
    "new": "#1a4f99",
    "moved_out": "#b3261e",
    "agree": "#1a4f99",
    "create": "#1a4f99",
    "respond": "#1b6e20",
    "read": "#6b4c00",
}

#: The fill of each kind of part: a pattern as well as a colour, so print and colour-blind
#: readers tell the parts apart (solid, stripes, dots).
_FILLS = {
    "attendance": "solid",
    "core": "solid",
    "active": "stripes",
    "peripheral": "dots",
    "two-way": "solid",
    "one-way": "stripes",
    "moved_in": "solid",
    "new": "dots",
    "moved_out": "stripes",
    "agree": "solid",
    "create": "solid",
    "respond": "stripes",
    "read": "dots",
}

#: Styles for the page's <head>; the charts keep their size with inline styles alone too.
CHART_CSS = """
figure.chart { margin: 1.5rem 0; max-width: 100%; }
figure.chart svg { display: block; width: 100%; max-width: 40rem; height: auto; }
figure.chart figcaption { font-weight: 600; margin-bottom: .25rem; }
figure.chart p.chart-note { color: #555; font-size: .9rem; margin: .25rem 0; }
table.chart-data { font-size: .75rem; margin: .25rem 0 0; max-width: 100%; }
table.chart-data th, table.chart-data td { padding: .1rem .3rem; overflow-wrap: break-word; }
table.chart-data td.n, table.chart-data th.n { text-align: right; }
"""

_WIDTH = 480
_FONT = 13
_FIGURE_STYLE = "margin:1.5rem 0;max-width:100%"
_SVG_STYLE = "display:block;width:100%;max-width:40rem;height:auto"


class Part(msgspec.Struct, frozen=True):
    """One part of a column: a kind (its colour and pattern) and a signed number."""

    kind: str
    value: int


class Column(msgspec.Struct, frozen=True):
    label: str
    parts: tuple[Part, ...]
    #: A word under the column (``"1 cancelled"``, ``"no meetings"``), drawn and said.
    note: str = ""
    #: Greyed: after a planned ending, or a month with nothing to read.
    faded: bool = False


class Row(msgspec.Struct, frozen=True):
    """One horizontal bar: a share from 0 to 1, an optional band a source gives, its words."""

    label: str
    kind: str
    share: float | None
    text: str
    band: tuple[float, float] | None = None
    #: Further parts stacked after the first (kind, share): one-way after two-way.
    more: tuple[tuple[str, float], ...] = ()


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _month(day: dt.date) -> str:
    return f"{day:%b %Y}"


def _defs(chart_id: str, kinds: Sequence[str]) -> str:
    """One pattern per kind drawn, with ids unique to the chart (a page holds several)."""
    found = []
    for kind in dict.fromkeys(kinds):
        colour = COLOURS.get(kind, COLOURS["ink"])
        fill = _FILLS.get(kind, "solid")
        pid = f"{chart_id}-{kind}"
        if fill == "stripes":
            found.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
                f'<rect width="3.5" height="6" fill="{colour}"/></pattern>'
            )
        elif fill == "dots":
            found.append(
                f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse">'
                f'<rect width="5" height="5" fill="#fff"/>'
                f'<circle cx="2.5" cy="2.5" r="1.7" fill="{colour}"/></pattern>'
            )
    return f"<defs>{''.join(found)}</defs>" if found else ""


def _paint(chart_id: str, kind: str) -> str:
    """The fill and outline of a part of ``kind``: the outline keeps a pattern's edge."""
    colour = COLOURS.get(kind, COLOURS["ink"])
    fill = colour if _FILLS.get(kind, "solid") == "solid" else f"url(#{chart_id}-{kind})"
    return f'fill="{fill}" stroke="{colour}" stroke-width="1"'


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The figures behind a chart, for a screen reader and for anyone who would rather read.
    ``head`` and ``rows`` are already escaped; a cell holding only a number is right-aligned."""

    def cell(tag: str, text: str) -> str:
        numeric = text.replace("%", "").replace("-", "").replace(".", "").strip().isdigit()
        return f'<{tag} class="n">{text}</{tag}>' if numeric else f"<{tag}>{text}</{tag}>"

    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{row[0]}</th>'
        + "".join(cell("td", c) for c in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="chart-data"><caption class="chart-note">{caption}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
    )


def _figure(
    chart_id: str, title: str, desc: str, svg: str, height: float, table: str, notes: str = ""
) -> str:
    """A chart with its words: ``title``, ``desc`` and ``notes`` already escaped."""
    return (
        f'<figure class="chart" id="{chart_id}" data-chart="{chart_id}" '
        f'style="{_FIGURE_STYLE}"><figcaption>{title}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_n(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" style="{_SVG_STYLE}" '
        f'font-family="system-ui, sans-serif" font-size="{_FONT}">'
        f'<title id="{chart_id}-title">{title}</title><desc id="{chart_id}-desc">{desc}</desc>'
        f"{svg}</svg>{notes}{table}</figure>"
    )


def _text(x: float, y: float, words: str, *, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{COLOURS["ink"]}"'
        f"{extra}>{words}</text>"
    )


def _legend(chart_id: str, kinds: Sequence[tuple[str, str]], y: float) -> str:
    """A swatch (colour and pattern) and a word per kind, in one line."""
    x = 0.0
    found = []
    for kind, words in kinds:
        found.append(
            f'<rect x="{_n(x)}" y="{_n(y - 10)}" width="12" height="12" {_paint(chart_id, kind)}/>'
        )
        found.append(_text(x + 16, y, html_text(words), anchor="start"))
        x += 16 + 7 * len(words) + 14
    return "".join(found)


def columns(
    chart_id: str,
    title: str,
    desc: str,
    cols: Sequence[Column],
    table: str,
    *,
    legend: Sequence[tuple[str, str]] = (),
    notes: str = "",
) -> str:
    """Columns, one per label, each a stack of parts: positive parts rise from the baseline,
    negative ones hang below it. Each column's total is written on it; a note under it."""
    top = max([sum(p.value for p in c.parts if p.value > 0) for c in cols] + [1])
    bottom = max([-sum(p.value for p in c.parts if p.value < 0) for c in cols] + [0])
    plot = 150.0
    scale = plot / (top + bottom)
    legend_height = 22.0 if legend else 0.0
    base = legend_height + 18 + top * scale
    step = _WIDTH / max(len(cols), 1)
    bar = min(step * 0.6, 40)
    kinds = [p.kind for c in cols for p in c.parts] + [k for k, _ in legend]
    body = [_defs(chart_id, kinds)]
    if legend:
        body.append(_legend(chart_id, legend, 14))
    body.append(
        f'<line x1="0" y1="{_n(base)}" x2="{_WIDTH}" y2="{_n(base)}" '
        f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
    )
    for index, col in enumerate(cols):
        x = index * step + (step - bar) / 2
        centre = index * step + step / 2
        up, down = base, base
        group = [
            f'<g data-label="{html_text(col.label)}"'
            + (' opacity="0.55"' if col.faded else "")
            + ">"
        ]
        for part in col.parts:
            height = abs(part.value) * scale
            if part.value >= 0:
                up -= height
                y = up
            else:
                y = down
                down += height
            group.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar)}" height="{_n(height)}" '
                f'{_paint(chart_id, part.kind)} data-kind="{part.kind}" data-value="{part.value}"/>'
            )
        rising = sum(p.value for p in col.parts if p.value > 0)
        falling = sum(p.value for p in col.parts if p.value < 0)
        if col.parts:
            group.append(_text(centre, up - 3, str(rising)))
        if falling:
            group.append(_text(centre, down + 12, str(falling)))
        group.append("</g>")
        body += group
        labels = base + bottom * scale + (26 if bottom else 14)
        body.append(_text(centre, labels, html_text(col.label)))
        if col.note:
            body.append(
                _text(centre, labels + 13, html_text(col.note), extra=f' font-size="{_FONT - 2}"')
            )
    height = (
        base
        + bottom * scale
        + (26 if bottom else 14)
        + (13 if any(c.note for c in cols) else 0)
        + 6
    )
    return _figure(chart_id, title, desc, "".join(body), height, table, notes)


def bars(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[Row],
    table: str,
    *,
    band_words: str = "",
    notes: str = "",
) -> str:
    """Horizontal bars from 0 to 100%, each with its label above and its words beside; a
    source's band is drawn over the bar's track as a bracket, so the range reads without
    colour too."""
    left, right = 0.0, _WIDTH * 0.46
    line = 44.0
    body = [_defs(chart_id, [kind for r in rows for kind in (r.kind, *(k for k, _ in r.more))])]
    y = 4.0
    for row in rows:
        body.append(
            _text(left, y + 12, html_text(row.label), anchor="start", extra=' font-weight="600"')
        )
        track = y + 18
        body.append(
            f'<rect x="{_n(left)}" y="{_n(track)}" width="{_n(right)}" height="14" '
            f'fill="#fff" stroke="{COLOURS["grid"]}" stroke-width="1"/>'
        )
        start = left
        for kind, share in ((row.kind, row.share), *row.more):
            if share is None:
                continue
            width = max(share, 0.0) * right
            body.append(
                f'<rect x="{_n(start)}" y="{_n(track)}" width="{_n(width)}" height="14" '
                f'{_paint(chart_id, kind)} data-kind="{kind}" data-value="{round(share * 100)}"/>'
            )
            start += width
        if row.band is not None:
            low, high = row.band
            x1, x2 = left + low * right, left + high * right
            colour = COLOURS["band"]
            body.append(
                f'<path d="M{_n(x1)} {_n(track - 4)} V{_n(track + 18)} M{_n(x2)} '
                f'{_n(track - 4)} V{_n(track + 18)} M{_n(x1)} {_n(track + 18)} H{_n(x2)}" '
                f'stroke="{colour}" stroke-width="2.5" fill="none" '
                f'data-band="{round(low * 100)}-{round(high * 100)}"/>'
            )
        body.append(_text(right + 8, track + 11, html_text(row.text), anchor="start"))
        y += line
    if band_words:
        body.append(
            f'<path d="M0 {_n(y + 4)} V{_n(y + 14)} H14 V{_n(y + 4)}" '
            f'stroke="{COLOURS["band"]}" stroke-width="2.5" fill="none"/>'
        )
        body.append(_text(20, y + 14, html_text(band_words), anchor="start"))
        y += 22
    return _figure(chart_id, title, desc, "".join(body), y + 4, table, notes)


def _note(words: str) -> str:
    return f'<p class="chart-note">{words}</p>'


# --- the charts -------------------------------------------------------------------------------


def attendance_chart(figure: AttendanceFigure, name: str, chart_id: str = "attendance") -> str:
    """Average attendance per month over the last twelve, cancellations under their month,
    and the months after a planned ending faded and marked "ended"."""
    cols = []
    rows = []
    for month in figure.months:
        after = figure.ended is not None and month.month > figure.ended
        marks = []
        if month.cancelled:
            marks.append(f"{month.cancelled}×cancelled" if month.cancelled > 1 else "cancelled")
        if after:
            marks.append("ended")
        parts = (Part("attendance", month.average),) if month.held else ()
        cols.append(Column(f"{month.month:%b}", parts, " ".join(marks), faded=after))
        rows.append(
            (
                _month(month.month),
                str(month.average) if month.held else "-",
                str(month.held),
                str(month.cancelled),
            )
        )
    held = [m for m in figure.months if m.held]
    first, last = _month(figure.months[0].month), _month(figure.months[-1].month)
    if held:
        low = min(m.average for m in held)
        high = max(m.average for m in held)
        said = f"Average attendance per month from {first} to {last}: between {low} and {high}"
    else:
        said = f"No meeting was held from {first} to {last}"
    cancelled = sum(m.cancelled for m in figure.months)
    if cancelled:
        said += f"; {count(cancelled, 'meeting')} cancelled"
    notes = ""
    if figure.ended is not None:
        series = ", ".join(html_text(n) for n in figure.ended_series)
        ended = f"{figure.ended.day} {figure.ended:%b %Y}"
        said += f"; every series ended as planned on {ended}"
        notes = _note(
            f"Ended as planned on {ended}"
            + (f" ({series})" if series else "")
            + ": the months after it are a completed programme, not a lapse."
        )
    title = f"Attendance at {html_text(name)}, month by month"
    table = _table(
        "Attendance per month: the average per meeting held, meetings held and cancelled",
        ("Month", "Average", "Held", "Cancelled"),
        rows,
    )
    return columns(chart_id, title, html_text(said) + ".", cols, table, notes=notes)


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def shape_chart(figure: ShapeFigure, chart_id: str = "shape") -> str:
    """Observed core, active and peripheral as shares of members with a level, each against
    the band Wenger, McDermott & Snyder give; then, where anything was said between meetings,
    the 1/9/90 shape against Nielsen's figures."""
    levels = ("core", "active", "peripheral")
    bands = {b.group: b for b in figure.level_bands}
    rows = [
        Row(
            level.capitalize(),
            level,
            figure.share(level),
            f"{_pct(figure.share(level))} ({figure.observed[level]})",
            (bands[level].low, bands[level].high) if level in bands else None,
        )
        for level in levels
    ]
    said = ", ".join(
        f"{_pct(figure.share(level))} {level} ({figure.observed[level]})" for level in levels
    )
    typical = ", ".join(
        f"{level} {_pct(bands[level].low)}-{_pct(bands[level].high)}"
        for level in levels
        if level in bands
    )
    desc = (
        f"Observed over the last {figure.window_days} days, of {figure.known} members with a "
        f"level: {said}. Typical (Wenger, McDermott & Snyder 2002): {typical}."
    )
    unknown = figure.observed.get("unknown", 0)
    sources = {b.source for b in figure.level_bands}
    notes = _note(
        "Typical bands: "
        + "; ".join(html_text(s) for s in sorted(sources))
        + "."
        + (f" {unknown} not seen at a meeting yet." if unknown else "")
    )
    table = _table(
        "Participation: levels seen in the records and declared, and the typical share",
        ("Level", "Seen", "Share", "Declared", "Typical"),
        [
            (
                level.capitalize(),
                str(figure.observed[level]),
                _pct(figure.share(level)),
                str(figure.declared.get(level, 0)),
                f"{_pct(bands[level].low)}-{_pct(bands[level].high)}" if level in bands else "-",
            )
            for level in levels
        ],
    )
    html = bars(
        chart_id,
        "Participation at various levels, against the typical shape",
        html_text(desc),
        rows,
        table,
        band_words="typical range (Wenger, McDermott & Snyder)",
        notes=notes,
    )
    if figure.talked:
        html += _contribution_chart(figure, f"{chart_id}-1-9-90")
    return html


def _contribution_chart(figure: ShapeFigure, chart_id: str) -> str:
    groups = (
        ("create", "Started threads"),
        ("respond", "Only replied or reacted"),
        ("read", "Only read"),
    )
    typical = {b.group: b for b in figure.contribution_bands}
    rows = [
        Row(
            words,
            group,
            figure.contribution.share(group),
            f"{_pct(figure.contribution.share(group))} ({getattr(figure.contribution, group)})",
            (typical[group].low, typical[group].high),
        )
        for group, words in groups
    ]
    desc = (
        f"Between meetings over the last {figure.window_days} days, of "
        f"{figure.contribution.members} members: "
        + ", ".join(f"{_pct(figure.contribution.share(g))} {w.lower()}" for g, w in groups)
        + "; Nielsen's 1/9/90: "
        + " / ".join(_pct(typical[g].low) for g, _ in groups)
        + "."
    )
    table = _table(
        "Conversation between meetings: who created, responded or only read",
        ("Group", "Members", "Share", "Nielsen"),
        [
            (
                words,
                str(getattr(figure.contribution, group)),
                _pct(figure.contribution.share(group)),
                _pct(typical[group].low),
            )
            for group, words in groups
        ],
    )
    source = next(iter(typical.values())).source if typical else ""
    return bars(
        chart_id,
        "The 1/9/90 shape between meetings",
        html_text(desc),
        rows,
        table,
        band_words="Nielsen's typical share",
        notes=_note(html_text(source) + ". A quiet periphery is the expected shape."),
    )


_WAY_WORDS = {
    "two-way": "two-way",
    "partly two-way": "partly two-way",
    "one-way": "one-way",
    None: "too little to tell",
}
#: The same, short enough to stand under a month's column.
_WAY_MARKS = {"two-way": "2-way", "partly two-way": "partly", "one-way": "1-way", None: "·"}


def conversation_chart(figure: ConversationFigure, chart_id: str = "conversation") -> str:
    """Posts between meetings per month, those that drew a reply from someone else (two-way)
    stacked under those that did not (one-way), with the dialogue principle's reading of the
    month under each column; then the same per space, as a table."""
    if not figure.flows:
        return (
            f'<figure class="chart" id="{chart_id}" data-chart="{chart_id}" '
            f'style="{_FIGURE_STYLE}"><figcaption>Conversation between meetings</figcaption>'
            f"{_note('No conversation between meetings recorded.')}</figure>"
        )
    per_month: dict[dt.date, tuple[int, int, int]] = {}
    for row in figure.spaces:
        two, one, replies = per_month.get(row.month, (0, 0, 0))
        per_month[row.month] = (two + row.two_way, one + row.one_way, replies + row.replies)
    cols = []
    rows = []
    for month, way in figure.flows:
        two, one, replies = per_month.get(month, (0, 0, 0))
        parts = tuple(Part(kind, n) for kind, n in (("two-way", two), ("one-way", one)) if n)
        cols.append(Column(f"{month:%b}", parts, _WAY_MARKS.get(way, "·")))
        rows.append((_month(month), str(two), str(one), str(replies), _WAY_WORDS.get(way, "")))
    spaces = _table(
        "Per space: posts that drew a reply from someone else (two-way) or none (one-way)",
        ("Space", "Month", "Two-way", "One-way", "Replies"),
        [
            (
                html_text(r.space) + (" (private)" if r.private else ""),
                _month(r.month),
                str(r.two_way),
                str(r.one_way),
                str(r.replies),
            )
            for r in figure.spaces
        ],
    )
    table = _table(
        "Conversation between meetings per month, and which way it flowed",
        ("Month", "Two-way posts", "One-way posts", "Replies", "Read as"),
        rows,
    )
    total_two = sum(r.two_way for r in figure.spaces)
    total_one = sum(r.one_way for r in figure.spaces)
    desc = (
        f"Posts between meetings from {_month(figure.flows[0][0])} to "
        f"{_month(figure.flows[-1][0])}: {total_two} drew a reply from someone else (two-way), "
        f"{total_one} did not (one-way). Under each month, how the dialogue principle reads it."
    )
    return columns(
        chart_id,
        "Conversation between meetings: one-way and two-way",
        html_text(desc),
        cols,
        table,
        legend=(("two-way", "drew a reply (two-way)"), ("one-way", "no reply (one-way)")),
        notes=_note(
            "Under each month, how the dialogue principle reads it: 2-way, partly (two-way), "
            "1-way, or · (too little to tell)."
        ),
    ) + _spaces_chart(figure, spaces, f"{chart_id}-spaces")


def _spaces_chart(figure: ConversationFigure, table: str, chart_id: str) -> str:
    """Each space's posts over the twelve months: the share that drew a reply from someone
    else (two-way), then the share that did not (one-way), in the order the spaces were added."""
    totals: dict[str, tuple[bool, int, int]] = {}
    for r in figure.spaces:
        private, two, one = totals.get(r.space, (r.private, 0, 0))
        totals[r.space] = (private, two + r.two_way, one + r.one_way)
    rows = []
    for space, (private, two, one) in totals.items():
        posts = two + one
        rows.append(
            Row(
                space + (" (private)" if private else ""),
                "two-way",
                two / posts if posts else None,
                f"{two} two-way, {one} one-way",
                more=(("one-way", one / posts if posts else 0.0),),
            )
        )
    if not rows:
        return ""
    desc = "Posts between meetings per space over the twelve months: " + "; ".join(
        f"{space}: {two} two-way, {one} one-way" for space, (_p, two, one) in totals.items()
    )
    return bars(
        chart_id,
        "Conversation between meetings, space by space",
        html_text(desc) + ".",
        rows,
        table,
    )


def survey_chart(figure: SurveyFigure, chart_id: str = "survey") -> str:
    """The share of answers agreeing (4 or 5) per principle, with who answered and of how
    many members."""
    if figure.answered_on is None:
        return (
            f'<figure class="chart" id="{chart_id}" data-chart="{chart_id}" '
            f'style="{_FIGURE_STYLE}"><figcaption>What members said in the survey</figcaption>'
            f"{_note('No survey answers recorded yet.')}</figure>"
        )
    of = f" of {figure.members}" if figure.members else ""
    rows = [
        Row(
            f"{p.number}. {p.title}",
            "agree",
            p.agree_share,
            f"{_pct(p.agree_share)} agree, {p.responses}{of} answered"
            if p.agree_share is not None
            else "not asked",
        )
        for p in figure.principles
    ]
    day = f"{figure.answered_on.day} {figure.answered_on:%b %Y}"
    rate = (
        f"{figure.respondents} of {figure.members} members answered"
        if figure.members
        else f"{figure.respondents} answered"
    )
    stale = " This round is over a year old." if figure.stale else ""
    desc = (
        f"The survey round answered by {day}: {rate}. Share agreeing (4 or 5 of 5) per "
        "principle: "
        + "; ".join(f"{p.number} {p.title} {_pct(p.agree_share)}" for p in figure.principles)
        + "."
        + stale
    )
    table = _table(
        f"Survey, answered by {day}: share agreeing per principle",
        ("Principle", "Agree", "Answered", "Of"),
        [
            (
                f"{p.number}. {html_text(p.title)}",
                _pct(p.agree_share),
                str(p.responses),
                str(figure.members) if figure.members else "-",
            )
            for p in figure.principles
        ],
    )
    return bars(
        chart_id,
        "What members said in the survey",
        html_text(desc),
        rows,
        table,
        notes=_note(html_text(rate + "." + stale)),
    )


def movement_chart(figure: MovementFigure, chart_id: str = "movement") -> str:
    """Month by month: members who moved towards the core and newcomers above the line, those
    who moved towards the edge below it; a month with nothing to move by is marked so."""
    cols = []
    rows = []
    for month in figure.months:
        if month.readable:
            parts = tuple(
                Part(kind, n)
                for kind, n in (
                    ("moved_in", month.moved_in),
                    ("new", month.new),
                    ("moved_out", -month.moved_out),
                )
                if n
            )
            cols.append(Column(f"{month.day:%b}", parts))
            rows.append(
                (
                    f"{month.day.day} {month.day:%b %Y}",
                    str(month.moved_in),
                    str(month.new),
                    str(month.moved_out),
                    str(month.held),
                )
            )
        else:
            cols.append(Column(f"{month.day:%b}", (), "quiet", faded=True))
            quiet = f"{month.day.day} {month.day:%b %Y} (quiet: nothing to move by)"
            rows.append((quiet, "-", "-", "-", "-"))
    readable = [m for m in figure.months if m.readable]
    desc = (
        f"Movement between observed levels, month by month ({len(readable)} of "
        f"{len(figure.months)} months held meetings or conversation to move by): "
        f"{sum(m.moved_in for m in readable)} moves towards the core, "
        f"{sum(m.new for m in readable)} newcomers, "
        f"{sum(m.moved_out for m in readable)} moves towards the edge."
    )
    table = _table(
        "Movement between levels over the month up to each day",
        ("Month to", "To the core", "New", "To the edge", "Stayed"),
        rows,
    )
    return columns(
        chart_id,
        "Movement between levels over the year",
        html_text(desc),
        cols,
        table,
        legend=(("moved_in", "to the core"), ("new", "new"), ("moved_out", "to the edge")),
        notes=_note(
            "Moving in and out is healthy: people move between levels as their work allows."
        ),
    )


def health_charts_html(figures: Figures) -> str:
    """Every chart of the health page, in reading order."""
    parts = [attendance_chart(figures.attendance, figures.name), shape_chart(figures.shape)]
    if figures.movement is not None:
        parts.append(movement_chart(figures.movement))
    if figures.conversation is not None:
        parts.append(conversation_chart(figures.conversation))
    parts.append(survey_chart(figures.survey))
    return '<section class="charts"><h2>In pictures</h2>' + "".join(parts) + "</section>"


def sponsor_charts_html(figures: Figures) -> str:
    """The sponsor page's charts: attendance, the participation shape and the survey, from
    :func:`copkit.readings.figures.sponsor_figures` (nothing from a private space, no ranking).
    Self-contained: the charts keep their size and colours without :data:`CHART_CSS`."""
    return (
        '<section class="charts"><h2>The community in pictures</h2>'
        + attendance_chart(figures.attendance, figures.name, "sponsor-attendance")
        + shape_chart(figures.shape, "sponsor-shape")
        + survey_chart(figures.survey, "sponsor-survey")
        + "</section>"
    )
