"""One home per rule (issue 18): each rule below is written once, in the core, and every face
calls it. A face that wrote one again would answer differently the day the rule changes, so
these tests look for the rule's construct in copkit's source outside its home, and check that
the faces give the core's answer (docs/architecture.md, "Where a new rule goes").
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import copkit
from copkit import records
from copkit.storage.home import Home

SOURCE = Path(copkit.__file__).parent


def sources(*under: str) -> Iterator[tuple[str, str]]:
    """(path relative to the package, text) of every module under the given folders."""
    for folder in under or ("",):
        for path in sorted((SOURCE / folder).rglob("*.py")):
            yield path.relative_to(SOURCE).as_posix(), path.read_text(encoding="utf-8")


def found_outside(home: str, pattern: str, *under: str) -> list[str]:
    """``path:line`` of each match of ``pattern`` in a module other than ``home``."""
    places = []
    for name, text in sources(*under):
        if name == home:
            continue
        for match in re.finditer(pattern, text):
            places.append(f"{name}:{text.count(chr(10), 0, match.start()) + 1}")
    return places


def nodes_outside(home: str, wanted: Callable[[ast.AST, str], bool]) -> list[str]:
    """``path:line`` of each syntax node, in a module other than ``home``, that ``wanted``
    (given the node and its source text) picks out."""
    places = []
    for name, text in sources():
        if name == home:
            continue
        segment_of = _segments(text)
        for node in ast.walk(ast.parse(text)):
            segment = segment_of(node)
            if segment is not None and wanted(node, segment):
                places.append(f"{name}:{node.lineno}")  # type: ignore[attr-defined]
    return places


def _segments(text: str) -> Callable[[ast.AST], str | None]:
    """``ast.get_source_segment`` for one module, its lines split once: the standard one
    splits the whole text again for every node, which over every node of every module took
    minutes once modules grew."""
    encoded = [line.encode() for line in text.splitlines(keepends=True)]
    starts = [0]
    for line in encoded:
        starts.append(starts[-1] + len(line))
    whole = text.encode()

    def segment(node: ast.AST) -> str | None:
        try:
            first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
            begin, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:
            return None
        if last is None or end is None:
            return None
        return whole[starts[first] + begin : starts[last] + end].decode()

    return segment


# --- 1. the cancelled days of a rhythm: records.cancelled_days ------------------------------

_CALLED_OFF = re.compile(r"\bnot\s+[\w.]+\.held\b|MeetingStatus\.CANCELLED")


def _cancelled_days_again(node: ast.AST, segment: str) -> bool:
    """A comprehension of meetings' days filtered on being called off, or a test that a
    rhythm's meeting on a day was called off."""
    if isinstance(node, ast.SetComp | ast.ListComp | ast.GeneratorExp | ast.DictComp):
        element = ast.unparse(node.key if isinstance(node, ast.DictComp) else node.elt)
        conditions = " ".join(ast.unparse(c) for g in node.generators for c in g.ifs)
        return "start.date()" in element and bool(_CALLED_OFF.search(conditions))
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return (
            "rhythm_id ==" in segment
            and ".start.date() ==" in segment
            and bool(_CALLED_OFF.search(segment))
        )
    return False


def test_the_cancelled_days_of_a_rhythm_are_worked_out_once() -> None:
    assert nodes_outside("records/meetings.py", _cancelled_days_again) == []


def test_rhythm_show_marks_the_days_the_core_says_were_cancelled(community, home: Path) -> None:
    run = community
    run("rhythm", "add", "Circle", "--space", "Circle", "--every", "weekly on Tuesday at 14:00",
        "--start", "2026-12-01")  # fmt: skip
    assert run("meeting", "cancel", "--rhythm", "Circle", "--on", "2026-12-08").exit_code == 0
    shown = json.loads(
        run("rhythm", "show", "Circle", "--json", "--next", "3", "--from", "2026-12-01").output
    )
    data = _snapshot(home)
    days = records.cancelled_days(data.meetings, data.rhythms[0])
    assert shown["cancelled"] == sorted(d.isoformat() for d in days) == ["2026-12-08"]
    assert [t[:10] for t in shown["next"]] == ["2026-12-01", "2026-12-08", "2026-12-15"]
    now = dt.datetime(2026, 11, 30, tzinfo=data.community.zone)
    coming = records.upcoming(data, now=now, per_rhythm=3)
    assert [str(u.start.date()) for u in coming] == ["2026-12-01", "2026-12-15", "2026-12-22"]


def _snapshot(home: Path, slug: str = "test-cop") -> records.CommunityData:
    with Home(home).store_for(slug).read() as session:
        return records.snapshot(session)


# --- 2. "has not left by day D": Member.left_by ----------------------------------------------


def test_leaving_by_a_day_is_decided_by_the_member_alone() -> None:
    compared = r"\.left\s*(<=|>=|<|>)|(<=|>=|<|>)\s*[\w.]+\.left\b"
    assert found_outside("model/people.py", compared) == []


def test_a_member_who_leaves_on_a_day_is_gone_that_day_for_every_rule(community, home) -> None:
    run = community
    run("rhythm", "add", "Circle", "--space", "Circle", "--every", "weekly on Tuesday at 14:00",
        "--start", "2026-12-01")  # fmt: skip
    assert run("member", "leave", "Bo Chan", "--on", "2026-12-08").exit_code == 0
    refused = run("meeting", "plan", "--rhythm", "Circle", "--on", "2026-12-08", "--host", "Bo")
    assert refused.exit_code == 1 and "Bo Chan left on 2026-12-08" in refused.output
    planned = run("meeting", "plan", "--rhythm", "Circle", "--on", "2026-12-01", "--host", "Bo")
    assert planned.exit_code == 0, planned.output
    from copkit.calendar import vevents

    data = _snapshot(home)
    bo = next(m for m in data.members if m.name == "Bo Chan")
    for day, here in ((dt.date(2026, 12, 7), True), (dt.date(2026, 12, 8), False)):
        assert bo.is_current(day) is here and bo.left_by(day) is not here
        assert (bo in vevents.invitees(data, day)) is here


# --- 3. the start of a month, some months back: participation.month_start -------------------


def test_months_are_counted_back_in_one_place() -> None:
    from copkit.health.participation import month_start

    assert found_outside("health/participation.py", r"\.year\s*\*\s*12\b") == []
    assert found_outside("health/participation.py", r"def _?month_start\b") == []
    day = dt.date(2026, 1, 31)
    assert [month_start(day, back) for back in (0, 1, 13, -1)] == [
        dt.date(2026, 1, 1),
        dt.date(2025, 12, 1),
        dt.date(2024, 12, 1),
        dt.date(2026, 2, 1),
    ]


# --- 4. plurals: model.counts.count -----------------------------------------------------------


def test_plurals_are_made_by_one_count() -> None:
    from copkit.model.counts import count

    assert found_outside("model/counts.py", r"(?m)^def count\(") == []
    made_again = r"""\+\s*["']s["']|["']s["']\s+if\b|\}ies\b|["']ies["']"""
    assert found_outside("model/counts.py", made_again) == []
    assert [count(1, "reply"), count(2, "reply"), count(3, "story"), count(2, "day")] == [
        "1 reply",
        "2 replies",
        "3 stories",
        "2 days",
    ]
    assert count(0, "meeting") == "0 meetings"
    assert count(2, "recurring series", "recurring series") == "2 recurring series"


def test_the_dashboard_counts_replies_with_the_health_checks_words() -> None:
    from copkit.tui import views

    assert not hasattr(views, "count") or views.count.__module__ == "copkit.model.counts"


# --- 5 and 9. a community's thresholds and details: model.tuning_name, thresholds.retune,
# records.edit_community ----------------------------------------------------------------------


def test_a_thresholds_name_is_normalised_in_one_place() -> None:
    assert found_outside("model/parts.py", r"\.upper\(\)\s*\.replace\(") == []


def test_no_face_merges_or_checks_thresholds_itself() -> None:
    merged = r"\bTuning\(|\bcheck_tuning\b|\.thresholds\b\s*\)"
    assert found_outside("", merged, "commands", "tui") == []


def test_thresholds_and_a_new_domain_through_the_python_api(community, home: Path) -> None:
    from copkit.health.thresholds import retune
    from copkit.model import Tuning

    store = Home(home).store_for("test-cop")
    day = dt.date(2026, 11, 20)
    with store.write() as session:
        tuned = retune(session, [("roles-shift", 0.2), ("members-per-gardener", 30)])
        records.edit_community(session, on=day, thresholds=tuned)
    with store.write() as session:
        tuned = retune(session, [(" Roles_Shift ", None)])
        updated = records.edit_community(session, on=day, thresholds=tuned, domain="Kinship care")
    assert updated.thresholds == (Tuning("MEMBERS_PER_GARDENER", 30),)
    assert updated.purpose_reviewed == day  # a new domain counts as revisiting the purpose
    with store.write() as session:
        kept = records.edit_community(session, sponsor="Dr Jo Hart")
    assert kept.purpose_reviewed == day and kept.thresholds == updated.thresholds


def test_the_command_line_says_what_the_core_changed(community) -> None:
    said = community("community", "edit", "--domain", "Kinship care", "--sponsor", "Dr Hart")
    assert said.output.strip().endswith(": domain, sponsor, purpose reviewed")


# --- 6. members two communities share: readings.overview.member_emails and neighbours -------


def test_shared_members_are_counted_in_one_place() -> None:
    counted = r"\.email\s+for\s+\w+\s+in\b|emails\s*&|&\s*emails|seen\[\w+\]\s*>\s*1"
    assert found_outside("readings/overview.py", counted) == []
    assert found_outside("", r"\bdef\s+(shared_members|neighbours)\b", "commands", "tui") == []


# --- 7. what is said once a meeting is recorded: records.RecordedMeeting.said -----------------


def test_a_recorded_meeting_is_worded_once(community, home: Path) -> None:
    assert found_outside("records/meetings.py", r"Recorded the meeting of") == []
    form = (SOURCE / "tui" / "forms" / "meeting.py").read_text(encoding="utf-8")
    assert ".said()" in form  # the dashboard says what the command line says
    run = community
    run("rhythm", "add", "Circle", "--space", "Circle", "--every", "weekly on Tuesday at 14:00",
        "--start", "2026-11-03")  # fmt: skip
    said = run("meeting", "record", "--rhythm", "Circle", "--on", "2026-11-17",
               "--attended", "Ann, Bo", "--topic", "Risk")  # fmt: skip
    assert said.exit_code == 0, said.output
    held = _snapshot(home).meetings[-1]
    line = records.RecordedMeeting(held).summary()
    assert said.output.splitlines()[0] == line
    when = f"Tue 17 Nov 2026 14:00 ({held.id})"
    assert line == f"Recorded the meeting of {when}: 2 attended, 1 topic"


# --- 8. a rhythm's time zone is checked by the model alone -----------------------------------


def test_a_rhythms_time_zone_is_checked_by_the_rhythm_itself(community, home: Path) -> None:
    assert found_outside("", r"\bcheck_timezone\b", "commands", "tui", "records") == []
    run = community
    path = home / "test-cop.json"
    before = path.read_bytes()
    added = run("rhythm", "add", "Circle", "--space", "Circle", "--every", "weekly",
                "--start", "2026-12-01T14:00", "--timezone", "Mars/Olympus")  # fmt: skip
    assert added.exit_code == 1 and "unknown time zone 'Mars/Olympus'" in added.output
    assert path.read_bytes() == before
    run("rhythm", "add", "Circle", "--space", "Circle", "--every", "weekly",
        "--start", "2026-12-01T14:00")  # fmt: skip
    before = path.read_bytes()
    edited = run("rhythm", "edit", "Circle", "--timezone", "Europe/Londn")
    assert edited.exit_code == 1 and "unknown time zone 'Europe/Londn'" in edited.output
    assert path.read_bytes() == before


# --- 10. what went wrong is decided by the exception's type, never its text ------------------


def test_no_rule_reads_an_exceptions_text() -> None:
    assert found_outside("", r"""["'][^"'\n]+["']\s+(not\s+)?in\s+str\(\w+\)""") == []


def test_a_zone_offset_keeps_its_own_message_and_nothing_else_does() -> None:
    import pytest

    from copkit.errors import InputError
    from copkit.schedule.parsing import ZoneOffsetError, parse_when

    with pytest.raises(ZoneOffsetError, match="carries a zone offset"):
        parse_when("2026-01-13T14:00+01:00")
    for text in ("zone offset", "2026-13-01T14:00", "2026-01-13T25:00"):
        with pytest.raises(InputError, match="is not a date") as refused:
            parse_when(text)
        assert not isinstance(refused.value, ZoneOffsetError)
        # the forms --on takes, even for text that names a zone offset (once read as one)
        assert "(expected YYYY-MM-DDTHH:MM or YYYY-MM-DD, e.g." in str(refused.value)
