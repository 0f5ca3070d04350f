"""People's words, shown as typed: never read as markup, never acting on the screen.

Two dangers, one place. Rich parses every plain ``str`` it renders (a table cell, a panel
title, ``console.print``) as markup, so a member's organisation written "Riverside [/b]"
crashed a listing with a MarkupError, and "[red]x[/red]" was silently restyled: renderers pass
user text through :func:`literal` (a :class:`rich.text.Text` is never parsed). And a name may
hold characters a terminal or a browser obeys instead of showing (ESC sequences that clear or
recolour the screen, U+009B, DEL, bidirectional overrides that reverse what follows): new input
refuses them (``copkit.model.check_text``), but an older file or an import may already hold
them, so every surface (tables, panels, the dashboard, Markdown and HTML exports) shows
people's words through :func:`visible`, which writes each such character as an escape
(``\\x1b``, ``\\u202e``). Markdown exports add :func:`markdown`, which also keeps HTML and
Markdown syntax in people's words from being rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copkit.model import unshowable

if TYPE_CHECKING:  # rich is imported only when a table is drawn: `done` messages stay fast
    from rich.console import RenderableType
    from rich.table import Table


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` safe to show: every control, bidirectional or separator character written as
    an escape (``\\x1b[2J`` instead of a cleared screen). A ``multiline`` text keeps its line
    breaks; elsewhere a line break is shown as ``\\x0a`` so a cell stays one line."""
    if not any(unshowable(c) for c in text):
        return text
    return "".join(
        _escape(c) if unshowable(c) and not (multiline and c == "\n") else c for c in text
    )


def literal(value: RenderableType) -> RenderableType:
    """A string as plain, visible text; anything already renderable unchanged."""
    from rich.text import Text

    return Text(visible(value)) if isinstance(value, str) else value


def add_row(table: Table, *cells: RenderableType) -> None:
    """``table.add_row`` with every string cell taken literally."""
    table.add_row(*(literal(cell) for cell in cells))


#: Characters Markdown reads as syntax; a backslash before each makes it plain text. Round
#: brackets and "!" are syntax only next to "[" or "]" (a link, an image), which are escaped,
#: so they are left as they are: copkit's own "(open)" or "(18)" reads plainly in the file.
_MARKDOWN_SYNTAX = frozenset("\\`*_[]#|~")


def markdown(text: str) -> str:
    """People's words for a Markdown file, read by a renderer as the words they are.

    HTML-significant characters become entities (``<script>`` stays text), Markdown syntax is
    backslash-escaped (``*``, ``_``, ``[``, ``#``, ``|``, backticks...), and line breaks become
    spaces, so a table cell or a list item stays intact; then :func:`visible` as everywhere.
    """
    import html  # with its entity table: only Markdown and HTML outputs escape

    flat = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    shown = html.escape(visible(flat), quote=False)
    return "".join(f"\\{c}" if c in _MARKDOWN_SYNTAX else c for c in shown)


def html_text(text: str) -> str:
    """People's words for an HTML page: escaped as HTML and as :func:`visible`."""
    import html

    return html.escape(visible(text))
