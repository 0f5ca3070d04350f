"""Spaces: where the community meets, with public and private told apart at a glance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from copkit.records import CommunityData
from copkit.report.literal import visible
from copkit.tui import views
from copkit.tui.screens.base import CopkitScreen

KIND = {
    True: Text("▣ PRIVATE", style="bold"),
    False: Text("□ public"),
}


class SpacesScreen(CopkitScreen):
    AREA = "Spaces"
    BODY = "#spaces"
    FOCUS = "#spaces"
    HELP = (
        "Where the community meets. Private spaces are where ideas can be tested safely: "
        "nothing from them reaches a public calendar feed or the sponsor report. Public spaces "
        "open the community to others. Add spaces with copkit space add."
    )

    def body(self) -> ComposeResult:
        yield Static(
            "[b]▣ PRIVATE[/b] stays inside the community (never in public feeds or sponsor "
            "reports) · [b]□ public[/b] is open to others",
            id="spaces-legend",
        )
        table: DataTable[str | Text] = DataTable(id="spaces", cursor_type="row")
        table.add_columns("Kind", "Name", "Held", "Rhythms", "Where")
        yield table

    def show(self, data: CommunityData) -> None:
        table = self.query_one("#spaces", DataTable)
        table.clear()
        for row in views.space_rows(data):
            space = row.space
            where = " · ".join(p for p in (space.platform, space.location, space.url) if p)
            table.add_row(  # names as Text: a DataTable reads a plain string as markup
                KIND[space.is_private],
                Text(visible(space.name)),
                str(row.held),
                Text(visible(", ".join(row.rhythms) or "-")),
                Text(visible(where or "-")),
                key=space.id,
            )
