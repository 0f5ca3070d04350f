"""One principle in full: every line of evidence, the survey lens, and a prompt to reflect on."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from copkit.health.findings import Finding
from copkit.tui.widgets import SIGNAL_STYLE

MOVEMENT = {
    "better": "more favourable",
    "same": "much the same",
    "worse": "less favourable",
}


def describe(finding: Finding) -> str:
    """The principle as markup: signal, evidence, members' view, movement, prompt."""
    style = SIGNAL_STYLE[finding.signal]
    lines = [
        f"[b]{finding.number}. {escape(finding.title)}[/b]",
        f"[{style}]{finding.signal.glyph} {finding.signal.words}[/]",
        "",
        "[b]What copkit can see[/b]",
        *(f" • {escape(line)}" for line in finding.evidence or ("no evidence recorded yet",)),
    ]
    if finding.survey is not None and finding.survey.responses:
        share = finding.survey.agree_share
        agreed = f"{share:.0%} agreed" if share is not None else "no answers"
        lines += [
            "",
            "[b]What members said[/b]",
            f" • {finding.survey.responses} answered; {agreed}",
        ]
    elif finding.survey is not None:
        lines += ["", "[b]What members said[/b]", " • no survey answers yet"]
    if finding.movement in MOVEMENT:
        lines += ["", f"[dim]Since last quarter: {MOVEMENT[finding.movement]}[/]"]
    lines += ["", "[b]To talk about[/b]", f"[i]{escape(finding.prompt)}[/i]"]
    return "\n".join(lines)


class PrincipleScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back"),
        Binding("enter", "dismiss", "Back", show=False),
        Binding("q", "dismiss", "Back", show=False),
    ]

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form principle"):
            yield Static(describe(self.finding), id="principle-text")
        yield Footer()
