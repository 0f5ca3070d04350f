"""Small shared pieces of presentation: signal colours, text bars and charts."""

from __future__ import annotations

from copkit.health.findings import Signal

#: Theme variables, so colours follow the light or dark theme in use (the glyphs, which
#: differ in shape, are ``Signal.glyph``).
SIGNAL_STYLE = {
    Signal.THRIVING: "$success",
    Signal.GROWING: "$accent",
    Signal.ATTENTION: "$warning",
    Signal.NO_DATA: "$text-muted",
    Signal.COMPLETED: "$success",
}


def bar(value: int, widest: int, width: int) -> str:
    """A horizontal bar of block characters, ``width`` cells for the largest value."""
    if value <= 0 or widest <= 0:
        return ""
    cells = max(1, round(value / widest * width))
    return "█" * cells


_EIGHTHS = " ▁▂▃▄▅▆▇█"


def column_chart(
    values: list[int], labels: list[str], *, height: int = 3, width: int = 2, gap: int = 0
) -> str:
    """Bars anchored at zero, one per value, with a one-letter label under each.

    Textual's Sparkline scales from the smallest value to the largest, so a steady 8-to-12
    attendance would look like a collapse to nothing; a zero-based chart keeps proportions
    honest. A value of 0 (no meeting held that month) shows as a dot on the baseline.
    """
    top = max([*values, 1])
    rows = []
    for row in range(height, 0, -1):
        cells = []
        for value in values:
            eighths = round(value / top * height * 8)
            filled = eighths - (row - 1) * 8
            char = _EIGHTHS[max(0, min(8, filled))]
            if value == 0 and row == 1:
                char = "·"
            cells.append(char * width + " " * gap)
        rows.append("".join(cells).rstrip())
    rows.append("".join(label[:1].ljust(width + gap) for label in labels).rstrip())
    return "\n".join(rows)
