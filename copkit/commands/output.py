"""One way for a command to show what it made: in the format asked for, where it was asked for.

Every command that offers formats (``--format``, ``--json``, ``--csv``) calls :func:`present`
with the chosen format, the value and a renderer per format; ``present`` picks the renderer,
imports it only then (so ``--help`` and a ``--json`` listing never load rich), and writes the
result to the screen, to stdout (``-o -``) or to a file (``-o FILE``), then says what it wrote.

What each format's renderer returns, and how it is written:

- ``json``: a value orjson can encode (left out: the value itself), written indented by two
  spaces with a final newline, bytes for bytes the same on the screen, after ``-o -`` and in a file.
- ``rich``: a rich renderable, printed in colour to a terminal; after ``-o FILE`` or ``-o -``
  it is written as plain text ``width`` columns wide, so a file reads the same on any screen.
- ``csv``: text, with a byte-order mark in a file so a spreadsheet reads its accents right
  (``member import`` skips the mark).
- any other name (``markdown``, ``html``, ``text``...): text, written as it is.

A renderer is a function of the value, or ``"module:function"``, imported when its format is
the one chosen: ``present("json", report, json="copkit.report.health_export:to_json", ...)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from copkit.commands.context import console, done, emit

T = TypeVar("T")

#: A renderer: a function of the value, or where to find one ("package.module:function").
Renderer = str | Callable[[T], Any]

#: Excel reads a CSV file without one as the local code page (accents garbled).
BYTE_ORDER_MARK = "\ufeff"


def present(
    fmt: str,
    value: T,
    output: Path | None = None,
    *,
    wrote: str | None = None,
    width: int = 100,
    **renderers: Renderer[T],
) -> None:
    """Render ``value`` with ``renderers[fmt]`` and write it: to the screen (no ``output``), to
    stdout (``-``) or to the file ``output`` (see :func:`copkit.commands.context.emit`: a
    community's own files are refused, a file that cannot be written is an error and nothing
    is written).

    Once written to ``output``, ``wrote`` names what went there: "Wrote {wrote} to {output}",
    on stderr after ``-o -`` so stdout holds the product alone. ``width`` is how wide a rich
    rendering is written as text.
    """
    render = _renderer(fmt, renderers)
    rendered: Any = render(value) if render is not None else value
    if fmt == "json":
        import orjson

        emit(orjson.dumps(rendered, option=orjson.OPT_INDENT_2) + b"\n", output)
    elif fmt == "rich":
        if output is None:
            console().print(rendered)
        else:
            emit(_as_text(rendered, width), output)
    elif fmt == "csv" and output is not None and str(output) != "-":
        emit(BYTE_ORDER_MARK + rendered, output)
    else:
        emit(rendered, output)
    if output is not None and wrote is not None:
        done(f"Wrote {wrote} to {output}")


def _renderer(fmt: str, renderers: dict[str, Renderer[T]]) -> Callable[[T], Any] | None:
    """The renderer for ``fmt``, imported if named by where it lives; None: JSON of the value."""
    chosen = renderers.get(fmt)
    if chosen is None:
        if fmt == "json":
            return None
        raise ValueError(f"no renderer for the format {fmt!r} (given: {', '.join(renderers)})")
    if isinstance(chosen, str):
        module, _, name = chosen.partition(":")
        found: Callable[[T], Any] = getattr(importlib.import_module(module), name)
        return found
    return chosen


def _as_text(renderable: object, width: int) -> str:
    """A rich renderable as plain text ``width`` columns wide: for a file, or stdout (``-o -``)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True, highlight=False).print(renderable)
    return buffer.getvalue()
