"""Home: how is the community doing, and what's next? Everything here fits one glance."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from copkit.errors import CopkitError
from copkit.health import thresholds as th
from copkit.health.findings import Finding
from copkit.records import CommunityData
from copkit.report.literal import visible
from copkit.tui import views
from copkit.tui.insight import Insight
from copkit.tui.screens.base import CopkitScreen
from copkit.tui.screens.principle import describe
from copkit.tui.widgets import SIGNAL_STYLE, bar, column_chart

MOVEMENT_WORDS = (
    ("moved_in", "towards the core"),
    ("moved_out", "towards the edge"),
    ("new", "new"),
    ("held", "steady"),
)


CONTRIBUTION_WORDS = (
    ("create", "created"),
    ("respond", "responded"),
    ("read", "only read"),
)
#: One mark per month for which way conversation flowed; shapes differ, not only colours.
FLOW_MARKS = {"two-way": "⇄", "partly two-way": "⇢", "one-way": "→", None: "·"}


class HomeScreen(CopkitScreen):
    """Name, domain and stage; the nine principles; next meetings; attendance; participation.

    The next meetings show as soon as the community is read; everything else comes from the
    health check, which runs in a worker (:meth:`CopkitApp.insight`): until it lands, what it
    fills in is covered by a loading indicator."""

    AREA = "Home"
    BODY = "#home-body"
    FOCUS = "#principles"
    #: What the health check fills in.
    CHECKED = "#summary, #principles-pane, #trend, #trend-caption, #shape, #contribution"
    HELP = (
        "How the community is doing and what comes next. Each of the nine principles shows its "
        "signal and one line of evidence: highlight one and press Enter for all of the "
        "evidence, what members said in the survey, and a question to reflect on. Signals "
        "describe conditions in the community, never people."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter on a principle opens it too (the list's own key); "e" also shows in the footer.
        Binding("e", "open_principle", "Evidence and prompt"),
    ]

    def body(self) -> ComposeResult:
        yield Static(id="summary")
        with Horizontal(id="home-body"):
            with Vertical(id="principles-pane"):
                yield Label("The nine principles", classes="pane-title")
                yield OptionList(id="principles")
                with VerticalScroll(id="detail-pane"):
                    yield Static(id="principle-detail")
            with VerticalScroll(id="side"):
                yield Label("Next meetings", classes="pane-title", id="next-title")
                yield Static(id="next")
                yield Label("Attendance, last 12 months", classes="pane-title")
                yield Static(id="trend")
                yield Static(id="trend-caption")
                yield Label("Participation", classes="pane-title")
                yield Static(id="shape")
                yield Label("Who creates, responds, reads", classes="pane-title")
                yield Static(id="contribution")

    def __init__(self) -> None:
        super().__init__()
        #: The health check shown (or the refusal it raised), once one has landed.
        self.shown_insight: Insight | CopkitError | None = None

    def sync(self) -> None:
        super().sync()
        if self.copkit.ready:
            self._show_insight()

    def show(self, data: CommunityData) -> None:
        self._show_next(data)

    def _show_insight(self) -> None:
        """Fill in what the health check found for the data shown, once it has landed."""
        try:
            insight = self.copkit.insight()
        except CopkitError as exc:
            self.show_loading(self.CHECKED, False)
            if exc is not self.shown_insight:
                self.shown_insight = exc
                self._show_refusal(exc)
            return
        self.show_loading(self.CHECKED, insight is None)
        if insight is None or insight is self.shown_insight:
            return
        self.shown_insight = insight
        report = insight.report
        stage_note = " · $note" if report.stage_evidence else ""
        summary = Content.from_markup(
            f"[dim]Domain:[/] $domain\n[dim]Stage:[/] [b]$stage[/b]{stage_note}",
            domain=visible(self.copkit.data.community.domain),
            stage=report.stage.value,
            note=visible(report.stage_evidence[0]) if report.stage_evidence else "",
        )
        self.query_one("#summary", Static).update(summary)
        principles = self.query_one("#principles", OptionList)
        highlighted = principles.highlighted
        principles.clear_options()
        principles.add_options(self._principle(f) for f in report.findings)
        principles.highlighted = highlighted if highlighted is not None else 0
        self._show_trend(insight)
        self._show_shape(insight)
        self._show_contribution(insight)

    def _show_refusal(self, exc: CopkitError) -> None:
        """The health check could not run: its message, in one line, where the stage goes."""
        summary = Content.from_markup(
            "[dim]Domain:[/] $domain\n[b]The health check could not run:[/b] $why",
            domain=visible(self.copkit.data.community.domain),
            why=visible(str(exc)),
        )
        self.query_one("#summary", Static).update(summary)
        self.query_one("#principles", OptionList).clear_options()
        self.query_one("#principle-detail", Static).update("")
        for widget in ("#trend", "#trend-caption", "#shape", "#contribution"):
            self.query_one(widget, Static).update("")

    def _findings(self) -> list[Finding]:
        """The principles as the list shows them (none until the health check lands)."""
        shown = self.shown_insight
        return list(shown.report.findings) if isinstance(shown, Insight) else []

    def _principle(self, finding: Finding) -> Option:
        style = SIGNAL_STYLE[finding.signal]
        first = finding.evidence[0] if finding.evidence else "no evidence recorded yet"
        prompt = Content.from_markup(
            f"[{style}]{finding.signal.glyph}[/] [b]{finding.number}. $title[/b]\n"
            f"  [{style}]{finding.signal.words}[/] [dim]· $first[/]",
            title=finding.title,
            first=visible(first),
        )
        return Option(prompt, id=finding.key)

    def _show_next(self, data: CommunityData) -> None:
        coming = views.next_per_rhythm(data, self.copkit.now)
        if not data.rhythms:
            text = Content.from_markup(
                "[dim]No rhythm yet: a regular meeting is what keeps a community going.[/]"
            )
        elif not coming:
            text = Content.from_markup("[dim]No further meetings scheduled.[/]")
        else:
            text = Content("\n").join(
                Content.from_markup(
                    f"[b]{item.start:%a %d %b} {item.start:%H:%M}[/b]\n  $name [dim]($kind)[/]",
                    name=visible(item.rhythm.name),
                    kind="private" if item.space.is_private else "public",
                )
                for item in coming
            )
        self.query_one("#next", Static).update(text)

    def _show_trend(self, insight: Insight) -> None:
        values = [avg for _, avg in insight.trend]
        labels = [f"{month:%b}" for month, _ in insight.trend]
        self.query_one("#trend", Static).update(column_chart(values, labels, width=1, gap=1))
        caption = self.query_one("#trend-caption", Static)
        attendance = insight.attendance
        if attendance is None:
            caption.update("[dim]No meetings held in the last year.[/]")
            return
        first, last = insight.trend[0][0], insight.trend[-1][0]
        caption.update(
            f"[dim]{first:%b %Y} – {last:%b %Y}:[/] about {attendance.typical} a meeting "
            f"[dim]({attendance.fewest}–{attendance.most})[/]"
        )

    def _show_shape(self, insight: Insight) -> None:
        declared = insight.shape.get("declared", {})
        observed = insight.shape.get("observed", {})
        widest = max([*declared.values(), *observed.values(), 1])
        lines = ["[dim]           listed  seen[/]"]
        for level in ("core", "active", "peripheral"):
            count, seen = declared.get(level, 0), observed.get(level, 0)
            lines.append(f"{level:<10}{count:>7}{seen:>6} [$accent]{bar(seen, widest, 6)}[/]")
        if observed.get("unknown"):
            lines.append(f"[dim]{observed['unknown']} not seen at a meeting yet[/]")
        moves = " · ".join(
            f"{insight.movement.get(key, 0)} {words}" for key, words in MOVEMENT_WORDS
        )
        lines.append(f"[dim]Moves in the last month:[/] {moves}")
        self.query_one("#shape", Static).update("\n".join(lines))

    def _show_contribution(self, insight: Insight) -> None:
        """The 1/9/90 shape measured over the levels' window, and which way conversation
        between meetings flowed month by month (one-way against two-way)."""
        if not insight.flows:  # 1/9/90 is about posting: nothing to set against it
            self.query_one("#contribution", Static).update(
                "[dim]No conversation between meetings recorded.[/]"
            )
            return
        shape = insight.contribution
        widest = max(shape.create, shape.respond, shape.read, 1)
        lines = []
        for group, words in CONTRIBUTION_WORDS:
            number: int = getattr(shape, group)
            share = round(shape.share(group) * 100)
            lines.append(f"{words:<10}{number:>4} {share:>3}% [$accent]{bar(number, widest, 6)}[/]")
        lines.append(
            f"[dim]Between meetings, last {th.PARTICIPATION_WINDOW_DAYS} days; "
            "online about 1/9/90[/]"
        )
        months = " ".join(f"{month:%b} {FLOW_MARKS[way]}" for month, way in insight.flows)
        lines.append(f"Between meetings: {months}")
        lines.append("[dim]⇄ two-way · ⇢ partly · → one-way · · too little[/]")
        self.query_one("#contribution", Static).update("\n".join(lines))

    @on(OptionList.OptionHighlighted, "#principles")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        findings = self._findings()
        if 0 <= event.option_index < len(findings):
            self.query_one("#principle-detail", Static).update(
                describe(findings[event.option_index])
            )

    @on(OptionList.OptionSelected, "#principles")
    def _selected(self) -> None:
        self.action_open_principle()

    def action_open_principle(self) -> None:
        from copkit.tui.screens.principle import PrincipleScreen

        principles = self.query_one("#principles", OptionList)
        findings = self._findings()
        index = principles.highlighted or 0
        if findings:
            self.app.push_screen(PrincipleScreen(findings[index]))
