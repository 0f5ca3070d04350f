"""People's words, shown as typed: never read as Rich console markup.

Rich parses every plain ``str`` it renders (a table cell, a panel title, ``console.print``) as
markup, so a member's organisation written "Riverside [/b]" crashed a listing with a
MarkupError, and "[red]x[/red]" was silently restyled. Renderers pass user text through
:func:`literal` (a :class:`rich.text.Text` is never parsed); where markup is wanted around it,
they assemble ``Text`` pieces rather than formatting text into a markup string.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text


def literal(value: RenderableType) -> RenderableType:
    """A string as plain text; anything already renderable unchanged."""
    return Text(value) if isinstance(value, str) else value


def add_row(table: Table, *cells: RenderableType) -> None:
    """``table.add_row`` with every string cell taken literally."""
    table.add_row(*(literal(cell) for cell in cells))
