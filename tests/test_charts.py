"""The charts of `health --format html` and of the sponsor page (issue 22): each picture's numbers
are the core's, people's words stay text, nothing private reaches the sponsor, and every chart
can be read without seeing it (a title, a description and the figures as a table)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TODAY, Run
from test_ecosystem_map import _with_conversation
from test_health_facts import PROGRAMME

from copkit import community_store
from copkit.health import check, participation
from copkit.readings.figures import Figures, flows, health_figures, sponsor_figures
from copkit.readings.sponsor_report import build_sponsor_report
from copkit.records import CommunityData
from copkit.report.charts import COLOURS, sponsor_charts_html


def read(home: Path) -> CommunityData:
    with community_store(home=home).read() as session:
        return participation.read(session)


class Page(HTMLParser):
    """What a reader (and a screen reader) finds in a page: each chart's drawn marks, its svg's
    role, title and description, its table, and every id."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.charts: dict[str, dict[str, object]] = {}
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self._chart: str | None = None
        self._label: str | None = None
        self._in: str | None = None
        self.text = text
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "figure" and "data-chart" in a:
            self._chart = a["data-chart"]
            self.charts[self._chart] = {"marks": [], "svg": None, "title": "", "desc": ""}
            self.charts[self._chart]["tables"] = 0
        chart = self.charts.get(self._chart or "")
        if chart is None:
            return
        if tag == "svg":
            chart["svg"] = a
        if tag == "g" and "data-label" in a:
            self._label = a["data-label"]
        if "data-value" in a:
            marks = chart["marks"]
            assert isinstance(marks, list)
            marks.append((self._label, a.get("data-kind"), int(a["data-value"])))
        if tag in ("title", "desc"):
            self._in = tag
        if tag == "table":
            chart["tables"] = int(str(chart["tables"])) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._chart = None
        if tag == "g":
            self._label = None
        if tag in ("title", "desc"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in and self._chart:
            chart = self.charts[self._chart]
            chart[self._in] = str(chart[self._in]) + data

    def marks(self, chart: str, kind: str | None = None) -> list[tuple[str | None, int]]:
        found = self.charts[chart]["marks"]
        assert isinstance(found, list)
        return [(label, value) for label, k, value in found if kind is None or k == kind]


@pytest.fixture
def example(run: Run, example_home: Path) -> tuple[Page, Figures, CommunityData]:
    result = run("health", "--format", "html")
    assert result.exit_code == 0, result.output
    data = read(example_home)
    return Page(result.output), health_figures(data, TODAY), data


def test_attendance_chart_draws_the_core_trend_and_marks_cancellations(example) -> None:
    page, figures, data = example
    trend = participation.attendance_trend(participation.upto(data, TODAY), TODAY, months=12)
    assert [m.average for m in figures.attendance.months] == [avg for _, avg in trend]
    drawn = page.marks("attendance")
    assert drawn == [(f"{m.month:%b}", m.average) for m in figures.attendance.months if m.held]
    # August 2026's meeting was called off: the core has it, the chart says it under August
    cancelled = [m for m in data.meetings if not m.held and m.start.date() <= TODAY]
    august = next(m for m in figures.attendance.months if m.month == dt.date(2026, 8, 1))
    assert august.cancelled == sum(1 for m in cancelled if m.start.date().month == 8) == 1
    assert ">cancelled</text>" in page.text


def test_shape_chart_is_the_health_checks_shape_against_the_sources_bands(example) -> None:
    page, figures, data = example
    view = participation.upto(data, TODAY)
    assert figures.shape.observed == participation.shape(view, TODAY)["observed"]
    shares = {level: round(figures.shape.share(level) * 100) for level in ("core", "active")}
    assert page.marks("shape") == [
        (None, round(figures.shape.share(level) * 100))
        for level in ("core", "active", "peripheral")
    ]
    # the text beside the picture says the same shares
    evidence = " ".join(
        next(f for f in check(data, TODAY).findings if f.key == "participation").evidence
    )
    assert f"{shares['core']}% observed core, {shares['active']}% active" in evidence
    # the bands are the sources' numbers, with the citation, never copied
    from copkit.health import thresholds as th

    core = next(b for b in figures.shape.level_bands if b.group == "core")
    assert (core.low, core.high, core.source) == (
        th.CORE_SHARE_TYPICAL_LOW,
        th.CORE_SHARE_TYPICAL_HIGH,
        th.WENGER_2002,
    )
    assert "Wenger, McDermott &amp; Snyder (2002" in page.text
    # the example records no conversation: no 1/9/90 picture to set against Nielsen
    assert "shape-1-9-90" not in page.charts


def test_survey_chart_is_the_lens_of_each_principle_with_its_denominator(example) -> None:
    page, figures, data = example
    report = check(data, TODAY)
    for finding, drawn in zip(report.findings, figures.survey.principles, strict=True):
        assert finding.survey is not None
        assert (drawn.responses, drawn.agree_share) == (
            finding.survey.responses,
            finding.survey.agree_share,
        )
        assert figures.survey.members == finding.survey.members
    assert page.marks("survey") == [
        (None, round((p.agree_share or 0) * 100)) for p in figures.survey.principles
    ]
    assert f"18 of {figures.survey.members} members answered" in page.text


def test_movement_chart_reads_level_movement_month_by_month(example) -> None:
    page, figures, data = example
    assert figures.movement is not None
    view = participation.upto(data, TODAY)
    last = figures.movement.months[-1]
    assert last.day == TODAY
    moves = participation.level_movement(view, TODAY)
    assert (last.moved_in, last.held, last.moved_out, last.new) == (
        moves["moved_in"],
        moves["held"],
        moves["moved_out"],
        moves["new"],
    )
    drawn = page.marks("movement", "moved_out")
    assert drawn == [(f"{m.day:%b}", -m.moved_out) for m in figures.movement.months if m.moved_out]


def test_a_series_ended_as_planned_is_drawn_as_ended(community: Run, home: Path) -> None:
    community(*PROGRAMME)
    for on in ("2026-07-07", "2026-07-21", "2026-08-04", "2026-09-01", "2026-09-29", "2026-10-13"):
        result = community("meeting", "record", "--rhythm", "Programme", "--on", on,
                           "--attended", "Ann Lee,Bo Chan")  # fmt: skip
        assert result.exit_code == 0, result.output
    figures = health_figures(read(home), TODAY)
    assert figures.attendance.ended == dt.date(2026, 10, 13)
    assert figures.attendance.ended_series == ("Programme",)
    page = community("health", "--format", "html").output
    assert "Ended as planned on 13 Oct 2026 (Programme)" in page
    assert "a completed programme, not a lapse" in page
    # the quiet month after the end is marked in the movement chart, not read as people leaving
    assert figures.movement is not None
    assert not figures.movement.months[-1].readable
    assert ">quiet</text>" in page


def test_conversation_chart_tells_one_way_from_two_way_per_month_and_space(
    community: Run, tmp_path: Path, home: Path
) -> None:
    run = _with_conversation(community, tmp_path)
    data = read(home)
    figures = health_figures(data, TODAY)
    assert figures.conversation is not None
    assert list(figures.conversation.flows) == flows(data, TODAY, 12)
    october = [r for r in figures.conversation.spaces if r.month == dt.date(2026, 10, 1)]
    assert {r.space for r in october} == {"Cafe", "Hidden Room 7"}
    for row in october:
        counts = participation.talk_by_space(data, dt.date(2026, 9, 30), dt.date(2026, 10, 31))
        space = next(s for s in data.spaces if s.name == row.space)
        assert (row.posts, row.replies) == (counts[space.id].posts, counts[space.id].replies)
        assert row.two_way + row.one_way == row.posts
    cafe = next(r for r in october if r.space == "Cafe")
    assert cafe.two_way >= 1  # Ann's welcome drew replies from Bo and Zed
    page = Page(run("health", "--format", "html").output)
    assert page.marks("conversation", "two-way") == [("Oct", sum(r.two_way for r in october))]
    # space by space, over the year: the share of posts that drew a reply, then the rest
    assert page.marks("conversation-spaces") == [
        (None, round(100 * share / r.posts)) for r in october for share in (r.two_way, r.one_way)
    ]
    assert "Hidden Room 7 (private)" in page.text  # the gardener's own page names it
    assert "shape-1-9-90" in page.charts  # something was said: 1/9/90 is drawn


def test_people_s_words_stay_text_in_every_chart(community: Run, tmp_path: Path) -> None:
    community("community", "edit", "--name", 'Cop <script>alert("x")</script> & co')
    community("space", "add", "<img src=x onerror=alert(1)>", "--public", "--platform", "Slack")
    run = _with_conversation(community, tmp_path)
    page = run("health", "--format", "html").output
    assert "<script>" not in page and "<img src=x" not in page
    assert "Cop &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    parsed = Page(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert 'Attendance at Cop <script>alert("x")</script> & co' in str(
        parsed.charts["attendance"]["title"]
    )


def _sponsor_community(community: Run) -> Run:
    """Busy meetings in the private Circle, a small one in the public Cafe."""
    community("rhythm", "add", "Secret circle", "--space", "Circle", "--every",
              "every 2 weeks on Tuesday 14:00", "--start", "2026-06-02T14:00",
              "--duration", "60m")  # fmt: skip
    community("rhythm", "add", "Open cafe", "--space", "Cafe", "--every",
              "monthly on the first Thursday 12:00", "--start", "2026-06-04T12:00",
              "--duration", "60m")  # fmt: skip
    for on in ("2026-09-08", "2026-09-22", "2026-10-06", "2026-10-20", "2026-11-03"):
        result = community("meeting", "record", "--rhythm", "Secret circle", "--on", on,
                           "--attended", "Ann Lee,Bo Chan,Cy Dee")  # fmt: skip
        assert result.exit_code == 0, result.output
    for on in ("2026-10-01", "2026-11-05"):
        result = community("meeting", "record", "--rhythm", "Open cafe", "--on", on,
                           "--attended", "Ann Lee")  # fmt: skip
        assert result.exit_code == 0, result.output
    return community


def test_sponsor_charts_agree_with_the_report_and_name_nothing_private(
    community: Run, tmp_path: Path, home: Path
) -> None:
    run = _with_conversation(_sponsor_community(community), tmp_path)
    data = read(home)
    figures = sponsor_figures(data, TODAY)
    report = build_sponsor_report(data, TODAY)
    # the pictures are the report's own figures: a private series counts by its figures alone,
    # as the text's "A private meeting series: 5 meetings in the last year" does
    drawn = {m.month: m.average for m in figures.attendance.months}
    assert report.trend and all(drawn[month] == average for month, average in report.trend)
    assert figures.shape.observed == report.shape["observed"]
    assert figures.conversation is None and figures.movement is None
    html = sponsor_charts_html(figures)
    for word in ("Circle", "Secret", "Hidden", "Ann", "Bo Chan", "Cy Dee", "Zed"):
        assert word not in html, word
    # no ranking: no person, space or series is named in the charts, nor ordered by anything
    assert "Open cafe" not in html and "Cafe" not in html
    assert run("report", "sponsor").exit_code == 0


def test_sponsor_shape_counts_no_conversation_from_a_private_space(
    community: Run, tmp_path: Path, home: Path
) -> None:
    """Only the private Hidden Room 7 holds conversation: the sponsor's 1/9/90 sees none."""
    community("member", "edit", "Bo", "--alias", "UBO")
    community("space", "add", "Hidden Room 7", "--private", "--platform", "Slack")
    from test_conversation_import import slack_zip

    result = community(
        "conversation", "import", str(slack_zip(tmp_path / "s.zip")),
        "--channel", "general=Hidden Room 7", "--channel", "circle=Hidden Room 7",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = read(home)
    assert health_figures(data, TODAY).shape.talked
    shape = sponsor_figures(data, TODAY).shape
    assert not shape.talked and (shape.contribution.create, shape.contribution.respond) == (0, 0)
    assert "1-9-90" not in sponsor_charts_html(sponsor_figures(data, TODAY))


def test_every_chart_can_be_read_without_seeing_it(example) -> None:
    page, figures, data = example
    sponsor = Page(sponsor_charts_html(sponsor_figures(data, TODAY)))
    for where in (page, sponsor):
        drawn = [c for c in where.charts.values() if c["svg"] is not None]
        assert len(drawn) >= 3
        for chart in drawn:
            svg = chart["svg"]
            assert isinstance(svg, dict)
            assert svg["role"] == "img"
            assert str(chart["title"]).strip() and len(str(chart["desc"])) > 40
            assert all(i in where.ids for i in svg["aria-labelledby"].split())
            assert chart["tables"], chart["title"]
            assert "width:100%" in svg["style"] and svg["viewbox"].startswith("0 0 ")
    assert len(page.charts) == 5  # attendance, shape, movement, conversation, survey


def test_pages_are_self_contained(example) -> None:
    page, figures, data = example
    html = page.text
    for text in (html, sponsor_charts_html(sponsor_figures(data, TODAY))):
        assert "<script" not in text and "href=" not in text and "src=" not in text
        assert "@import" not in text
        assert re.findall(r"url\((?!#)", text) == []
        assert re.findall(r"https?://(?!www\.w3\.org/2000/svg)", text) == []


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("name", sorted(COLOURS))
def test_every_colour_keeps_3_to_1_against_white(name: str) -> None:
    """WCAG 2.2 AA, 1.4.11 non-text contrast: 3:1 against the white page."""
    ratio = 1.05 / (_luminance(COLOURS[name]) + 0.05)
    assert ratio >= 3, f"{name} {COLOURS[name]}: {ratio:.2f}"


def test_a_new_community_and_a_day_before_the_records_still_get_their_pictures(
    community: Run,
) -> None:
    """Nothing held yet, and a day before anything was recorded: the charts say so."""
    for args in ((), ("--as-of", "2020-01-01")):
        result = community("health", "--format", "html", *args)
        assert result.exit_code == 0, result.output
        page = Page(result.output)
        assert page.marks("attendance") == []
        assert "No meeting was held from" in str(page.charts["attendance"]["desc"])
        assert "No survey answers recorded yet." in result.output
        assert "No conversation between meetings recorded." in result.output
