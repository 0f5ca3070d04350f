"""copkit.health.participation: the figures the health check and the dashboard share."""

from __future__ import annotations

import datetime as dt

from test_health import GARDENER_EMAIL, Cop, monthly

from copkit.health import participation
from copkit.model import Level

AS_OF = dt.date(2024, 12, 20)


def growing_circle() -> Cop:
    """Ann and Bo come every month; Cy starts coming in October; Di never comes; Ed joins in
    December and comes once."""
    cop = Cop(created=dt.date(2024, 1, 1))
    ann = cop.member("Ann Lee", email=GARDENER_EMAIL, level="core")
    bo = cop.member("Bo Chan", level="active")
    cy = cop.member("Cy Dee", level="peripheral")
    cop.member("Di Eve", level="active")
    ed = cop.member("Ed Fox", joined=dt.date(2024, 12, 1))
    room = cop.space("Room", private=False)
    for day in monthly(dt.date(2024, 1, 1), 12):
        came = [ann, bo]
        if day >= dt.date(2024, 10, 1):
            came.append(cy)
        if day >= dt.date(2024, 12, 1):
            came.append(ed)
        cop.meet(day, room, came, topics=[("A question", bo)])
    return cop


def test_observed_levels_read_attendance_and_topics_beside_declared() -> None:
    levels = participation.observed_levels(growing_circle().data(), AS_OF)
    assert levels == {
        "m1": Level.CORE,
        "m2": Level.CORE,  # declared active; came to all and proposed topics
        "m3": Level.CORE,  # three of three in the window
        "m4": Level.PERIPHERAL,  # declared active; has not come
        "m5": Level.CORE,  # joined in December, came to the one meeting since
    }
    short = participation.observed_levels(growing_circle().data(), AS_OF, window_days=40)
    assert short["m3"] is Level.CORE and short["m4"] is Level.PERIPHERAL


def test_month_on_month_movement() -> None:
    # a month earlier Cy had come to 2 of 3 (active); now 3 of 3 (core); Ed is new
    assert participation.level_movement(growing_circle().data(), AS_OF) == {
        "moved_in": 1,
        "held": 3,
        "moved_out": 0,
        "new": 1,
    }


def test_attendance_trend_is_monthly_with_gaps_as_zero() -> None:
    cop = growing_circle()
    cop.meetings = [m for m in cop.meetings if m.start.month != 6]
    trend = participation.attendance_trend(cop.data(), AS_OF, months=8)
    assert [start for start, _ in trend] == [dt.date(2024, m, 1) for m in range(5, 13)]
    assert [average for _, average in trend] == [2, 0, 2, 2, 2, 3, 3, 4]


def test_shape_counts_declared_and_observed_levels() -> None:
    assert participation.shape(growing_circle().data(), AS_OF) == {
        "declared": {"core": 1, "active": 2, "peripheral": 2},
        "observed": {"core": 4, "active": 0, "peripheral": 1, "unknown": 0},
    }


def test_new_and_returning_attendees_per_meeting() -> None:
    turnout = participation.turnout(growing_circle().data(), AS_OF, last=3)
    assert [(t.day, t.new, t.returning) for t in turnout] == [
        (dt.date(2024, 10, 10), 1, 2),
        (dt.date(2024, 11, 10), 0, 3),
        (dt.date(2024, 12, 10), 1, 3),
    ]


def test_silent_members_are_offered_alphabetically_not_ranked() -> None:
    cop = growing_circle()
    cop.member("Aaron Zed")  # also never comes
    silent = participation.silent_members(cop.data(), AS_OF)
    assert [m.name for m in silent] == ["Aaron Zed", "Di Eve"]


def test_later_records_never_leak_into_an_earlier_day() -> None:
    data = growing_circle().data()
    before = participation.upto(data, dt.date(2024, 11, 30))
    assert "m5" not in {m.id for m in before.members}
    assert max(m.start.date() for m in before.meetings) == dt.date(2024, 11, 10)
    assert participation.observed_levels(data, dt.date(2024, 11, 30)).get("m5") is None
