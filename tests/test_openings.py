"""The meetings a member could have come to: counted quickly, always as the rule lists them.

``participation.Openings.count`` counts the meetings open to every member from their sorted
days, and looks only at a series meant for some one meeting at a time. Here the rule is stated
plainly, meeting by meeting (:func:`open_to`): whatever the community, the quick count must be
the length of that list, or observed levels would drift from the rule.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from test_health import Cop

from copkit.health import participation
from copkit.model import Meeting, Member, Rhythm
from copkit.records import CommunityData

FIRST = dt.date(2024, 1, 1)
#: Few days, so that meetings often fall on the day someone joined.
_DAYS = st.integers(0, 12).map(lambda n: FIRST + dt.timedelta(days=n))


def open_to(data: CommunityData, member: Member, meetings: list[Meeting]) -> list[Meeting]:
    """The rule as a gardener says it: a meeting they came to, or one held once they had
    joined, of no series (a one-off) or of a series that invites them."""
    series = {r.id: r for r in (*data.rhythms, *data.set_aside)}
    return [
        m
        for m in meetings
        if member.id in m.attendees
        or (
            m.start.date() >= member.joined
            and (m.rhythm_id not in series or series[m.rhythm_id].invites(member.id))
        )
    ]


@st.composite
def communities(draw: st.DrawFn) -> Cop:
    """Members joining on various days; one-off meetings and meetings of series that invite
    everyone, some, or (all of those named forgotten) no one; attendees who came before
    they joined or without an invitation."""
    cop = Cop(created=FIRST)
    members = [
        cop.member(f"Person {n}", joined=draw(_DAYS)) for n in range(draw(st.integers(1, 6)))
    ]
    room = cop.space("Room", private=True)
    series: list[str | None] = [None]
    for n in range(draw(st.integers(0, 3))):
        invited = draw(
            st.one_of(
                st.just(()),
                st.just((Rhythm.NONE_LEFT,)),
                st.lists(st.sampled_from(members), unique=True).map(tuple),
            )
        )
        start = dt.datetime.combine(FIRST, dt.time(14))
        cop.rhythms.append(
            Rhythm(f"Series {n}", room, "FREQ=WEEKLY", start, 60, id=f"r{n + 1}", invited=invited)
        )
        series.append(f"r{n + 1}")
    for _ in range(draw(st.integers(0, 8))):
        came = draw(st.lists(st.sampled_from(members), unique=True))
        cop.meet(draw(_DAYS), room, came, rhythm=draw(st.sampled_from(series)))
    return cop


@settings(max_examples=300, deadline=None)
@given(cop=communities(), split=st.integers(0, 2))
def test_the_quick_count_is_the_length_of_the_rule_s_list(cop: Cop, split: int) -> None:
    data = cop.data()
    if split and data.rhythms:  # a series already left out of the reading is still read
        data = data.__class__(
            **{f: getattr(data, f) for f in data.__struct_fields__}
            | {"rhythms": data.rhythms[split - 1 :], "set_aside": tuple(data.rhythms[: split - 1])}
        )
    meetings = [m for m in data.meetings if m.held]
    openings = participation.Openings(data, meetings)
    for member in data.members:
        assert openings.count(member) == len(open_to(data, member, meetings))


def test_a_series_for_some_is_not_open_to_the_others() -> None:
    """The rule as a gardener reads it: Bo was not invited to the circle, so its meetings are
    not his to miss; Cy came once before she joined, and that one counts."""
    cop = Cop(created=FIRST)
    ann = cop.member("Ann Lee")
    bo = cop.member("Bo Chan")
    cy = cop.member("Cy Dee", joined=dt.date(2024, 3, 1))
    room = cop.space("Room", private=True)
    start = dt.datetime.combine(FIRST, dt.time(14))
    cop.rhythms.append(Rhythm("Circle", room, "FREQ=WEEKLY", start, 60, id="r1", invited=(ann,)))
    cop.meet(dt.date(2024, 2, 1), room, [ann], rhythm="r1")
    cop.meet(dt.date(2024, 2, 8), room, [ann, cy])
    cop.meet(dt.date(2024, 3, 8), room, [ann])
    data = cop.data()
    openings = participation.Openings(data, data.meetings)
    by_id = {m.id: m for m in data.members}
    assert [openings.count(by_id[who]) for who in (ann, bo, cy)] == [3, 2, 2]
