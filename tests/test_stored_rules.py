"""A stored rule is trusted by its text when copkit wrote it, and checked in full otherwise.

Opening a community checks every rhythm's rule (copkit.storage.integrity). A rule in copkit's
own canonical form is recognised without dateutil or the phrase parser
(``expands_as_stored``), which must then never vouch for a rule that the full check would
refuse or dateutil could not expand; any other spelling still goes through the full check, so
a damaged file is refused with the rhythm named and left as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
from conftest import Run
from dateutil.rrule import rrulestr
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.schedule.phrases import READABLE_EXAMPLES, parse_every, rrule_from_text
from copkit.schedule.rrules import expands_as_stored

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
FREQS = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "BOGUS"]


def _numbers(low: int, high: int) -> st.SearchStrategy[str]:
    return st.lists(st.integers(low, high).map(str), min_size=1, max_size=3).map(",".join)


_BYDAY_ITEM = st.builds(
    lambda n, day: f"{n}{day}",
    st.sampled_from(["", "1", "2", "5", "-1", "+2", "0", "6", "53", "54"]),
    st.sampled_from([*DAYS, "XX"]),
)
#: Parts of a rule, in and out of range, spelled as a file might hold them (in copkit's order).
_PARTS = {
    "FREQ": st.sampled_from(FREQS),
    "INTERVAL": st.sampled_from(["0", "1", "2", "12", "9999", "10000", "02"]),
    "BYDAY": st.lists(_BYDAY_ITEM, min_size=1, max_size=3).map(",".join),
    "BYMONTHDAY": _numbers(-33, 33),
    "BYMONTH": _numbers(-1, 14),
    "BYYEARDAY": _numbers(-368, 368),
    "BYWEEKNO": _numbers(-55, 55),
    "BYSETPOS": _numbers(-368, 368),
    "BYHOUR": _numbers(0, 23),
    "BYEASTER": _numbers(-3, 3),
    "WKST": st.sampled_from([*DAYS, "XX"]),
    "COUNT": st.sampled_from(["0", "1", "10", "9999", "10000"]),
    "UNTIL": st.sampled_from(
        [
            "20261231T235959Z",
            "99991231T235959Z",
            "20260230T000000Z",
            "20261231T245959Z",
            "18991231T235959Z",
            "00010101T000000Z",
            "20261231T235959",
            "20261231",
        ]
    ),
    "X-NAME": st.just("1"),
}


@st.composite
def stored_rules(draw: st.DrawFn) -> str:
    """A rule as a file may hold it: FREQ usually first, other parts in any order and case."""
    names = draw(st.lists(st.sampled_from(list(_PARTS)), max_size=4, unique=True))
    if "FREQ" not in names and draw(st.booleans()):
        names.insert(0, "FREQ")
    if draw(st.booleans()):  # as copkit orders them, so that many are in its own form
        names.sort(key=list(_PARTS).index)
    rule = ";".join(f"{name}={draw(_PARTS[name])}" for name in names)
    return rule.lower() if draw(st.integers(0, 9)) == 0 else rule


_STARTS = st.builds(
    lambda day, zone: dt.datetime.combine(day, dt.time(14), ZoneInfo(zone)),
    st.dates(dt.date(1900, 1, 1), dt.date(9998, 12, 31)),
    st.sampled_from(["Europe/London", "America/Los_Angeles", "Pacific/Kiritimati", "UTC"]),
)


@settings(max_examples=400, deadline=None)  # a busy CI machine: the examples, not the clock
@given(rule=stored_rules(), start=_STARTS)
@example(rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", start=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
def test_a_rule_trusted_by_its_text_passes_the_full_check(rule: str, start: dt.datetime) -> None:
    """What the text alone vouches for, the full check (the phrase parser's reader, then
    dateutil reading the rule as stored from the rhythm's start) accepts unchanged."""
    if not expands_as_stored(rule):
        return
    assert rrule_from_text(rule) == rule  # copkit's own canonical form, as it stands
    rrulestr(f"RRULE:{rule}", dtstart=start)  # raises for a rule dateutil cannot read


@settings(deadline=None)
@given(rule=stored_rules())
def test_a_rule_the_full_check_refuses_is_never_trusted(rule: str) -> None:
    try:
        rrule_from_text(rule)
    except InputError:
        assert not expands_as_stored(rule)


@pytest.mark.parametrize("phrase", READABLE_EXAMPLES)
def test_every_rule_copkit_writes_from_a_phrase_is_trusted_by_its_text(phrase: str) -> None:
    """The quick path is the one copkit's own rules take, with or without an end (UNTIL)."""
    rule = parse_every(phrase).rrule
    assert expands_as_stored(rule)
    assert expands_as_stored(f"{rule};UNTIL=20271231T235959Z")


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY; BYDAY=2TU",  # spaces: the phrase parser reads it, dateutil would not
        "freq=weekly;byday=th",
        "RRULE:FREQ=WEEKLY",
        "BYDAY=TH;FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=1",
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1",  # a part only dateutil can vouch for
        "FREQ=WEEKLY;UNTIL=20260230T000000Z",  # shaped like a time, but no such day
    ],
)
def test_another_spelling_goes_to_the_full_check(rule: str) -> None:
    assert not expands_as_stored(rule)


@pytest.fixture
def circle(community: Run) -> Run:
    result = community(
        "rhythm", "add", "Monthly circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00", "--start", "2026-01-13", "--duration", "90m",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return community


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "cannot use"),
        ("FREQ=WEEKLY;UNTIL=20260230T000000Z", "cannot"),
        ("FREQ=WEEKLY;WKST=XX", "cannot use"),
        ("FREQ=MONTHLY; BYDAY=2TU", "cannot expand"),
    ],
)
def test_a_damaged_rule_off_the_quick_path_is_still_refused(
    circle: Run, home: Path, rule: str, why: str
) -> None:
    path = next(p for p in home.glob("*.json") if p.name != "config.json")
    document = orjson.loads(path.read_bytes())
    next(iter(document["rhythms"].values()))["rrule"] = rule
    damaged = orjson.dumps(document)
    path.write_bytes(damaged)
    result = circle("member", "list", "--json")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "rhythm r1 (Monthly circle)" in result.stderr and why in result.stderr
    assert path.read_bytes() == damaged


def test_a_hand_written_rule_copkit_can_use_still_opens(circle: Run, home: Path) -> None:
    """A rule with a part the quick path leaves to dateutil opens as before, and expands."""
    path = next(p for p in home.glob("*.json") if p.name != "config.json")
    document = orjson.loads(path.read_bytes())
    next(iter(document["rhythms"].values()))["rrule"] = "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"
    path.write_bytes(orjson.dumps(document))
    result = circle("rhythm", "list")
    assert result.exit_code == 0, result.output
    assert "Monthly circle" in result.output
