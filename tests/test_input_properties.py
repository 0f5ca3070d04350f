"""Property tests for the remaining readers of what people type: activities, name lists, and
member references. Whatever comes in, the answer is a value or a clean CopkitError."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.model import ActivityKind, Level, Member
from copkit.records import find_member
from copkit.schedule.parsing import parse_activity, split_list

MEMBERS = [
    Member(name="Ann Lee", email="ann@example.org", id="m1", level=Level.CORE,
           joined=dt.date(2025, 1, 1)),
    Member(name="Ann Leeds", email="leeds@example.org", id="m2", joined=dt.date(2025, 1, 1)),
    Member(name="Chan, Bo", email="bo@example.org", id="m3", joined=dt.date(2025, 1, 1)),
]  # fmt: skip


@given(st.text(max_size=60))
def test_any_activity_text_is_read_or_refused_cleanly(text: str) -> None:
    try:
        activity = parse_activity(text)
    except CopkitError:
        return
    kind, _, label = text.partition(":")
    assert activity.kind is ActivityKind(kind.strip().lower())
    assert activity.label == label.strip()


@given(st.sampled_from(["familiar", "Stimulating", " FAMILIAR "]),
       st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), min_size=1,
               max_size=40).filter(str.strip))  # fmt: skip
def test_a_well_formed_activity_keeps_its_kind_and_label(kind: str, label: str) -> None:
    activity = parse_activity(f"{kind}:{label}")
    assert activity.kind.value == kind.strip().lower()
    assert activity.label == label.strip()


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=","), max_size=12),
                max_size=8))  # fmt: skip
def test_split_list_keeps_every_non_blank_name_in_order(names: list[str]) -> None:
    assert split_list(",".join(names)) == [n.strip() for n in names if n.strip()]


@given(st.text(max_size=30))
def test_any_member_reference_finds_one_member_or_says_why(ref: str) -> None:
    try:
        found = find_member(MEMBERS, ref)
    except CopkitError as exc:
        assert str(exc)
        return
    cleaned = ref.strip().lower()
    assert found.id == ref.strip() or found.email == cleaned or cleaned in found.name.lower()
