"""One principle in full: every line of evidence, the survey lens, and a prompt to reflect on."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from copkit.health.findings import Finding
from copkit.report.health_explain import explanation_lines
from copkit.report.literal import visible
from copkit.tui.widgets import SIGNAL_STYLE

MOVEMENT = {
    "better": "more favourable",
    "same": "much the same",
    "worse": "less favourable",
}


def describe(finding: Finding) -> Content:
    """The principle: signal, evidence, members' view, movement, prompt.

    Evidence quotes people's words (a gardener's name, a guest, a topic): every line goes in as
    a template variable, so it is shown as typed and never read as markup (``visible``: nothing
    a terminal would obey).
    """
    style = SIGNAL_STYLE[finding.signal]
    evidence = finding.evidence or ("no evidence recorded yet",)
    variables: dict[str, str] = {f"line{n}": visible(line) for n, line in enumerate(evidence)}
    variables |= {"title": finding.title, "prompt": finding.prompt}
    lines = [
        f"[b]{finding.number}. $title[/b]",
        f"[{style}]{finding.signal.glyph} {finding.signal.words}[/]",
        "",
        "[b]What copkit can see[/b]",
        *(f" • $line{n}" for n in range(len(evidence))),
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
    lines += ["", "[b]To talk about[/b]", "[i]$prompt[/i]"]
    # Why this reading: the same account as `copkit health --explain`, as template variables.
    account = explanation_lines(finding)
    variables |= {f"why{n}": visible(line) for n, line in enumerate(account)}
    lines += ["", "[b]Why this reading[/b]", *(f"[dim]$why{n}[/]" for n in range(len(account)))]
    return Content.from_markup("\n".join(lines), **variables)


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
