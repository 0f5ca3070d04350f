"""``?``: the keys of the screen you came from, the global keys, and what the screen is for."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from copkit.tui.host import PALETTE_ACTIONS

GENERAL = (
    "Everything can be done from the keyboard; the mouse works too (click rows, headers and "
    "buttons). Press [b]ctrl+p[/b] for the command palette: every action is there by name. "
    "Changes are saved to the same community file the command line uses."
)


def _keys(bindings: list[BindingType], titles: dict[str, str]) -> list[tuple[str, str]]:
    """(key, what it does), using the palette's fuller title where there is one."""
    keys = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            what = titles.get(binding.action, binding.description)
            keys.append((binding.key_display or binding.key, what))
    return keys


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, origin: Screen[Any]) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form help"):
            yield Static(self._text(), id="help-text")
        yield Footer()

    def _text(self) -> str:
        mode = self.app.current_mode
        titles = {action: title for m, action, title, _ in PALETTE_ACTIONS if m == mode}
        about = getattr(self.origin, "HELP", "")
        here = _keys(list(vars(type(self.origin)).get("BINDINGS", [])), titles)
        everywhere = _keys(list(self.app.BINDINGS), {}) + [("ctrl+p", "Command palette")]
        lines = ["[b]copkit dashboard[/b]", "", escape(about) if about else "", ""]
        if here:
            lines.append("[b]On this screen[/b]")
            lines += [f"  [b]{key:<8}[/b] {what}" for key, what in here]
            lines.append("")
        lines.append("[b]Everywhere[/b]")
        lines += [f"  [b]{key:<8}[/b] {what}" for key, what in everywhere]
        lines += ["", GENERAL]
        return "\n".join(lines)
