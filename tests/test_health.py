"""The health check, principle by principle: small communities going well and going badly.

Communities are built in memory (validated records, no file) so each test says exactly what the
gardener recorded, and the assertions read what the gardener would read: the signal and the
evidence behind it.
"""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from copkit import health
from copkit.health import Signal, Stage, check, participation
from copkit.health.principles import READERS, Context
from copkit.model import (
    Activity,
    Community,
    Level,
    Meeting,
    MeetingStatus,
    Member,
    Rhythm,
    Space,
    SponsorUpdate,
    Topic,
    Visibility,
)
from copkit.records import CommunityData

GARDENER_EMAIL = "gail@example.org"


class Cop:
    """A community under construction; ``data()`` gives what the health check reads."""

    def __init__(self, created: dt.date = dt.date(2024, 1, 1), **community: object) -> None:
        fields = {
            "slug": "test",
            "name": "Test CoP",
            "domain": "Reflective supervision of child-protection social workers",
            "benefit": "Supervision skills to use on Monday",
            "gardener": "Gail Gardener",
            "gardener_email": GARDENER_EMAIL,
            "sponsor": "Dr Price",
            "resources": ("two hours a month",),
            "created": created,
        }
        self.community = Community(**(fields | community))  # type: ignore[arg-type]
        self.members: list[Member] = []
        self.spaces: list[Space] = []
        self.rhythms: list[Rhythm] = []
        self.meetings: list[Meeting] = []
        self.updates: list[SponsorUpdate] = []

    def member(self, name: str, *, email: str = "", **fields: object) -> str:
        fields.setdefault("joined", self.community.created)
        fields.setdefault("org", "Riverside Council")
        mid = f"m{len(self.members) + 1}"
        email = email or f"{name.split()[0].lower()}{mid}@example.org"
        self.members.append(Member(name=name, email=email, id=mid, **fields))  # type: ignore[arg-type]
        return mid

    def people(self, count: int, **fields: object) -> list[str]:
        return [self.member(f"Person {len(self.members) + 1}", **fields) for _ in range(count)]

    def space(self, name: str, private: bool) -> str:
        sid = f"s{len(self.spaces) + 1}"
        kind = Visibility.PRIVATE if private else Visibility.PUBLIC
        self.spaces.append(Space(name, kind, id=sid))
        return sid

    def rhythm(self, space: str, start: dt.datetime, rule: str = "FREQ=MONTHLY;BYDAY=2TU") -> str:
        rid = f"r{len(self.rhythms) + 1}"
        self.rhythms.append(Rhythm("Circle", space, rule, start, 90, id=rid))
        return rid

    def meet(
        self,
        day: dt.date,
        space: str,
        attended: list[str] | tuple[str, ...] = (),
        *,
        topics: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
        activities: tuple[str, ...] = (),
        guests: tuple[str, ...] = (),
        rhythm: str | None = None,
        cancelled: bool = False,
    ) -> None:
        gardener = next((m.id for m in self.members if m.email == GARDENER_EMAIL), None)
        self.meetings.append(
            Meeting(
                start=dt.datetime.combine(day, dt.time(14)),
                space_id=space,
                id=f"mt{len(self.meetings) + 1}",
                rhythm_id=rhythm,
                status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.HELD,
                attendees=tuple(attended),
                topics=tuple(
                    Topic(text, who, by_member=who is not None and who != gardener)
                    for text, who in topics
                ),
                activities=tuple(
                    Activity(kind, label)
                    for kind, _, label in (a.partition(":") for a in activities)
                ),
                guests=guests,
            )
        )

    def data(self) -> CommunityData:
        return CommunityData(
            community=self.community,
            members=list(self.members),
            spaces=list(self.spaces),
            rhythms=list(self.rhythms),
            meetings=sorted(self.meetings, key=lambda m: m.start),
            stories=[],
            survey=[],
            sponsor_updates=list(self.updates),
        )


def monthly(first: dt.date, count: int) -> list[dt.date]:
    """The 10th of ``count`` consecutive months from ``first``'s month."""
    out = []
    year, month = first.year, first.month
    for _ in range(count):
        out.append(dt.date(year, month, 10))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def finding(data: CommunityData, key: str, as_of: dt.date) -> health.Finding:
    return next(f for f in check(data, as_of).findings if f.key == key)


def reading(data: CommunityData, key: str, as_of: dt.date, stage: Stage):
    """One principle's reading at a given stage, to show how thresholds follow the stage."""
    return READERS[key](Context(participation.upto(data, as_of), as_of, stage))


def evidence(found: health.Finding) -> str:
    return " | ".join(found.evidence)


@pytest.fixture
def steady() -> Cop:
    """Two years of monthly meetings in a private circle and a public café, all going well."""
    cop = Cop(created=dt.date(2024, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL, level="core")
    core = [gail, *cop.people(2, level="core", org="Northgate Council")]
    active = cop.people(4, level="active", org="Eastbrook NHS Trust", interests=("neglect",))
    edge = cop.people(8, level="peripheral", org="University", external=True)
    circle = cop.space("Circle", private=True)
    cafe = cop.space("Cafe", private=False)
    rid = cop.rhythm(circle, dt.datetime(2024, 1, 9, 14))
    for n, day in enumerate(monthly(dt.date(2024, 1, 1), 24)):
        edge_now = [edge[n % 8], edge[(n + 3) % 8]]
        who = core + active[: 2 + n % 3] + edge_now
        proposer = gail if n < 12 else active[n % 4]  # members take over in the second year
        cop.meet(
            day,
            circle if n % 2 else cafe,
            who,
            topics=[(f"Neglect question {n}", proposer), (f"Supervision case {n}", gail)],
            activities=(
                "familiar:check-in",
                "stimulating:guest" if n % 3 == 0 else "familiar:case",
            ),
            guests=("Dr Hart",) if n % 3 == 0 else (),
            rhythm=rid if n % 2 else None,
        )
    cop.updates.append(SponsorUpdate(on=dt.date(2025, 11, 30), id="su1"))
    return cop


AS_OF = dt.date(2025, 12, 20)


def test_a_community_going_well_reads_as_thriving_on_most_principles(steady: Cop) -> None:
    report = check(steady.data(), AS_OF)
    assert [f.key for f in report.findings] == list(health.PRINCIPLE_KEYS)
    assert [f.number for f in report.findings] == list(range(1, 10))
    assert report.stage is Stage.MATURING
    signals = {f.key: f.signal for f in report.findings}
    assert signals["spaces"] is Signal.THRIVING
    assert signals["activities"] is Signal.THRIVING
    assert signals["dialogue"] is Signal.THRIVING
    assert signals["sponsorship"] is Signal.THRIVING
    assert signals["organic-evolution"] is Signal.THRIVING


# --- 1. organic evolution -------------------------------------------------------------------------


def test_member_proposed_topics_rising_over_a_year_is_the_evidence(steady: Cop) -> None:
    found = finding(steady.data(), "organic-evolution", AS_OF)
    assert found.signal is Signal.THRIVING
    # 2 topics a meeting, 6 meetings = the last 12 topics: every first topic by a member
    assert found.evidence[0] == (
        "6 of the last 12 topics were proposed by members, up from 0 of 12 a year earlier"
    )


def test_a_gardener_set_agenda_in_a_mature_community_is_worth_a_conversation() -> None:
    cop = Cop(created=dt.date(2023, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL)
    others = cop.people(6, level="active")
    room = cop.space("Room", private=False)
    for n, day in enumerate(monthly(dt.date(2023, 1, 1), 30)):
        cop.meet(day, room, [gail, *others], topics=[(f"Topic {n}", gail)])
    found = finding(cop.data(), "organic-evolution", dt.date(2025, 7, 1))
    assert found.signal is Signal.ATTENTION
    assert found.evidence[0].startswith("0 of the last 12 topics were proposed by members")
    assert found.signal.words == "worth a conversation"


def test_topics_without_a_proposer_give_no_data_rather_than_a_guess() -> None:
    cop = Cop()
    room = cop.space("Room", private=False)
    cop.meet(dt.date(2024, 2, 1), room, topics=[("Something", None)])
    found = finding(cop.data(), "organic-evolution", dt.date(2024, 3, 1))
    assert found.signal is Signal.NO_DATA
    assert "1 topic recorded without a proposer" in found.evidence


def test_the_bar_for_member_topics_rises_as_the_community_matures() -> None:
    """3 of 12 member topics: fine while coalescing, worth a conversation once mature."""
    cop = Cop(created=dt.date(2024, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL)
    bo = cop.member("Bo Chan")
    room = cop.space("Room", private=False)
    for n, day in enumerate(monthly(dt.date(2024, 1, 1), 12)):
        cop.meet(day, room, [gail, bo], topics=[(f"New topic {n}", bo if n % 4 == 0 else gail)])
    data = cop.data()
    as_of = dt.date(2024, 12, 20)
    assert reading(data, "organic-evolution", as_of, Stage.COALESCING).signal is Signal.GROWING
    assert reading(data, "organic-evolution", as_of, Stage.MATURING).signal is Signal.ATTENTION


def test_national_facilitators_moving_from_lead_set_to_member_set_agendas() -> None:
    """PSDP: 24 facilitators from 11 organisations; six whole-day meetings in person, then 12
    shorter ones online; the agenda moved from the leads to the members over 18 meetings."""
    cop = Cop(created=dt.date(2024, 1, 1), gardener="Lead One")
    lead = cop.member("Lead One", email=GARDENER_EMAIL, level="core", org="Org 0")
    facilitators = [
        cop.member(f"Facilitator {i}", org=f"Org {i % 11}", level="active") for i in range(23)
    ]
    in_person = cop.space("National meeting, in person", private=True)
    online = cop.space("Online meeting", private=True)
    days = monthly(dt.date(2024, 1, 1), 18)
    for n, day in enumerate(days):
        member_topics = round(3 * n / 17)  # 0 of 3 topics at first, 3 of 3 by the end
        topics = [
            (f"Agenda {n}.{t}", facilitators[(n + t) % 23] if t < member_topics else lead)
            for t in range(3)
        ]
        cop.meet(
            day,
            in_person if n < 6 else online,
            [lead, *facilitators[: 14 + n % 6]],
            topics=topics,
            activities=("familiar:case discussion",),
        )
    data = cop.data()
    early = finding(data, "organic-evolution", days[3])
    late = finding(data, "organic-evolution", days[17])
    assert early.signal is Signal.ATTENTION
    assert early.evidence[0].startswith("1 of the last 12 topics were proposed by members")
    assert late.signal is Signal.THRIVING
    assert late.evidence[0] == (
        "11 of the last 12 topics were proposed by members, up from 3 of 12 a year earlier"
    )
    dialogue = finding(data, "dialogue", days[17])
    assert "Members come from 11 organisations" in dialogue.evidence[0]


# --- regional survey shape ------------------------------------------------------------------------


def test_a_regional_forum_of_the_regional_surveys_shape() -> None:
    """Periodic in-person meetings only, every topic set by the gardener, no private space, no
    platform between meetings: the check says which conditions a CoP would need."""
    cop = Cop(created=dt.date(2023, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL, level="core")
    people = [cop.member(f"Practitioner {i}", org=f"Service {i % 7}") for i in range(51)]
    hall = cop.space("County hall", private=False)
    rid = cop.rhythm(hall, dt.datetime(2023, 1, 10, 10), rule="FREQ=MONTHLY;INTERVAL=3")
    for n in range(12):
        day = dt.date(2023 + (n * 3) // 12, (n * 3) % 12 + 1, 10)
        cop.meet(
            day,
            hall,
            [gail, *people[n % 5 :: 4]],
            topics=[(f"Update from the lead {n}", gail), (f"Policy briefing {n}", gail)],
            activities=("familiar:presentation",),
            rhythm=rid,
        )
    report = check(cop.data(), dt.date(2025, 11, 1))
    by_key = {f.key: f for f in report.findings}
    assert by_key["organic-evolution"].signal is Signal.ATTENTION
    assert by_key["organic-evolution"].evidence[0].startswith("0 of the last 8 topics")  # a year
    assert by_key["spaces"].signal is Signal.ATTENTION
    assert "No private space" in by_key["spaces"].evidence
    assert by_key["activities"].signal is Signal.ATTENTION
    assert "0 of the last 4 meetings had stimulating activities" in evidence(by_key["activities"])
    assert by_key["rhythm"].signal is not Signal.NO_DATA
    assert any("about every 9" in line for line in by_key["rhythm"].evidence)


# --- 2. dialogue ----------------------------------------------------------------------------------


def test_one_organisation_and_no_outside_voice_is_worth_a_conversation() -> None:
    cop = Cop()
    cop.people(6)
    found = finding(cop.data(), "dialogue", dt.date(2024, 6, 1))
    assert found.signal is Signal.ATTENTION
    assert found.evidence[0] == "Members come from 1 organisation"


def test_guests_and_external_members_open_the_community(steady: Cop) -> None:
    found = finding(steady.data(), "dialogue", AS_OF)
    assert "8 members are external" in found.evidence
    assert "2 of 6 meetings in the last six months had external guests (1 guest in all)" in (
        found.evidence
    )


# --- 3. participation -----------------------------------------------------------------------------


def test_when_the_core_carries_everything_it_is_said() -> None:
    cop = Cop(created=dt.date(2023, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL, level="core")
    core = [gail, *cop.people(2, level="core")]
    cop.people(12, level="peripheral")
    room = cop.space("Room", private=False)
    for n, day in enumerate(monthly(dt.date(2023, 1, 1), 30)):
        cop.meet(day, room, core, topics=[(f"T{n}", core[1])])
    found = finding(cop.data(), "participation", dt.date(2025, 6, 20))
    assert found.signal is Signal.ATTENTION
    text = evidence(found)
    assert "The core carries everything: 100% of attendances" in text
    assert "Over the last 90 days: 3 core, 0 active, 12 peripheral" in text
    assert "12 members have not come to a meeting since" in text
    assert "No peripheral way in" not in text  # the periphery is there, just silent


def test_a_closed_circle_has_no_peripheral_way_in() -> None:
    cop = Cop(created=dt.date(2023, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL, level="core")
    group = [gail, *cop.people(5, level="active")]
    room = cop.space("Room", private=True)
    for n, day in enumerate(monthly(dt.date(2023, 1, 1), 30)):
        cop.meet(day, room, group if n % 2 else group[:5], topics=[(f"T{n}", group[n % 6])])
    found = finding(cop.data(), "participation", dt.date(2025, 6, 20))
    assert found.signal is Signal.ATTENTION
    assert "No peripheral way in" in evidence(found)


def test_a_coalescing_community_without_a_core_yet_is_fine() -> None:
    """Early on, nobody taking part at the core is normal; later it is worth a conversation."""
    cop = Cop(created=dt.date(2024, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL)
    people = cop.people(6)
    room = cop.space("Room", private=False)
    for n, day in enumerate(monthly(dt.date(2024, 1, 1), 9)):
        # a rotating handful each month; the gardener every other month
        cop.meet(day, room, [people[n % 6], people[(n + 1) % 6]] + ([gail] if n % 2 else []))
    data, as_of = cop.data(), dt.date(2024, 9, 20)
    early = reading(data, "participation", as_of, Stage.COALESCING)
    later = reading(data, "participation", as_of, Stage.MATURING)
    assert "Over the last 90 days: 0 core" in early.evidence[0]
    assert early.signal is not Signal.ATTENTION
    assert later.signal is Signal.ATTENTION
    assert "No one is observed at the core" in later.evidence


def test_a_founding_group_that_all_comes_is_not_the_core_carrying_everything() -> None:
    cop = Cop(created=dt.date(2024, 1, 1))
    founders = [cop.member("Gail Gardener", email=GARDENER_EMAIL), *cop.people(3)]
    room = cop.space("Room", private=True)
    for n, day in enumerate(monthly(dt.date(2024, 1, 1), 6)):
        cop.meet(day, room, founders, topics=[(f"T{n}", founders[n % 4])])
    found = finding(cop.data(), "participation", dt.date(2024, 6, 20))
    assert "carries everything" not in evidence(found)
    assert found.signal is not Signal.ATTENTION


def test_movement_newcomers_and_declared_levels_are_shown(steady: Cop) -> None:
    found = finding(steady.data(), "participation", AS_OF)
    text = evidence(found)
    assert "(declared: 3 core, 4 active, 8 peripheral)" in text
    assert "moved towards the core" in text
    assert "first-time and" in text
    assert found.signal in (Signal.THRIVING, Signal.GROWING)


def test_long_silent_members_are_counted_never_named() -> None:
    cop = Cop(created=dt.date(2024, 1, 1))
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL)
    cop.member("Quiet Quentin")
    room = cop.space("Room", private=False)
    for day in monthly(dt.date(2024, 1, 1), 12):
        cop.meet(day, room, [gail])
    report = check(cop.data(), dt.date(2024, 12, 20))
    everything = " ".join(line for f in report.findings for line in f.evidence)
    assert "1 member has not come to a meeting since 23 Jun 2024" in everything
    assert "Quentin" not in everything
    assert [m.name for m in participation.silent_members(cop.data(), dt.date(2024, 12, 20))] == [
        "Quiet Quentin"
    ]


def test_no_meeting_in_the_window_is_no_data() -> None:
    cop = Cop()
    cop.people(3)
    found = finding(cop.data(), "participation", dt.date(2024, 6, 1))
    assert found.signal is Signal.NO_DATA
    assert found.evidence == ("No meeting held yet",)


# --- 4. spaces ------------------------------------------------------------------------------------


def test_only_a_public_space_is_worth_a_conversation() -> None:
    cop = Cop()
    room = cop.space("Open forum", private=False)
    cop.meet(dt.date(2024, 2, 1), room)
    found = finding(cop.data(), "spaces", dt.date(2024, 3, 1))
    assert found.signal is Signal.ATTENTION
    assert found.evidence == (
        "No private space",
        "1 public space (Open forum): 1 meeting, the last on 1 Feb 2024",
    )


def test_a_private_space_nobody_has_used_lately_is_growing(steady: Cop) -> None:
    data = steady.data()
    data = msgspec.structs.replace(data, meetings=[m for m in data.meetings if m.space_id == "s2"])
    found = finding(data, "spaces", AS_OF)
    assert found.signal is Signal.GROWING
    assert "No meeting in the private space in the last six months" in found.evidence
    assert "1 private space (Circle): 0 meetings held so far" in found.evidence


# --- 5. domain ------------------------------------------------------------------------------------


def test_no_benefit_statement_is_worth_a_conversation(steady: Cop) -> None:
    steady.community = steady.community.replace(benefit="")
    found = finding(steady.data(), "domain", AS_OF)
    assert found.signal is Signal.ATTENTION
    assert any("No member-benefit statement" in line for line in found.evidence)


def test_topics_that_meet_the_domain_and_interests(steady: Cop) -> None:
    found = finding(steady.data(), "domain", AS_OF)
    assert found.signal is Signal.THRIVING
    assert "12 of the last 12 topics touch the domain or members' interests" in found.evidence
    assert any(line.startswith("4 of 4 members who listed interests") for line in found.evidence)


def test_topics_far_from_the_domain() -> None:
    cop = Cop()
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL, interests=("neglect",))
    room = cop.space("Room", private=False)
    for n, day in enumerate(monthly(dt.date(2024, 1, 1), 6)):
        cop.meet(day, room, [gail], topics=[("Car parking arrangements", gail)] * (n % 2 + 1))
    found = finding(cop.data(), "domain", dt.date(2024, 7, 1))
    assert found.signal is Signal.ATTENTION
    assert "0 of the last 9 topics touch the domain or members' interests" in found.evidence


# --- 6. activities --------------------------------------------------------------------------------


def test_only_familiar_activities_is_worth_a_conversation() -> None:
    cop = Cop()
    room = cop.space("Room", private=False)
    for day in monthly(dt.date(2024, 1, 1), 5):
        cop.meet(day, room, activities=("familiar:case discussion",))
    found = finding(cop.data(), "activities", dt.date(2024, 6, 1))
    assert found.signal is Signal.ATTENTION
    assert found.evidence == (
        "5 of the last 5 meetings had familiar activities (case discussion)",
        "0 of the last 5 meetings had stimulating activities",
    )


def test_no_activities_recorded_is_no_data() -> None:
    cop = Cop()
    room = cop.space("Room", private=False)
    cop.meet(dt.date(2024, 2, 1), room)
    found = finding(cop.data(), "activities", dt.date(2024, 3, 1))
    assert found.signal is Signal.NO_DATA


# --- 7. rhythm ------------------------------------------------------------------------------------


def _regular(cancel_every: int = 0, attendance_drop: bool = False) -> Cop:
    cop = Cop(created=dt.date(2024, 1, 1))
    people = [cop.member("Gail Gardener", email=GARDENER_EMAIL), *cop.people(9)]
    room = cop.space("Room", private=True)
    rid = cop.rhythm(room, dt.datetime(2024, 1, 9, 14))  # 2nd Tuesday monthly
    day = dt.date(2024, 1, 9)
    n = 0
    while day < dt.date(2025, 12, 1):
        late = attendance_drop and day > dt.date(2025, 6, 1)
        if cancel_every and n % cancel_every == 1:
            cop.meet(day, room, rhythm=rid, cancelled=True)
        else:
            cop.meet(day, room, people[:3] if late else people, rhythm=rid)
        n += 1
        month = day.month % 12 + 1
        first = dt.date(day.year + (day.month == 12), month, 1)
        day = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)
    return cop


def test_a_steady_monthly_rhythm_with_a_next_date_is_thriving() -> None:
    found = finding(_regular().data(), "rhythm", dt.date(2025, 11, 20))
    assert found.signal is Signal.THRIVING
    assert "Next meeting: Circle on 9 Dec 2025" in found.evidence
    assert any("about every 28 days (regular)" in line for line in found.evidence)
    assert "0 of 12 meetings in the last year were cancelled (0%)" in found.evidence


def test_many_cancellations_and_falling_attendance_are_worth_a_conversation() -> None:
    found = finding(
        _regular(cancel_every=2, attendance_drop=True).data(), "rhythm", dt.date(2025, 11, 20)
    )
    assert found.signal is Signal.ATTENTION
    assert "6 of 12 meetings in the last year were cancelled (50%)" in found.evidence
    assert "Many meetings were cancelled" in found.evidence
    assert "Attendance has fallen sharply" in found.evidence


def test_meetings_without_a_series_are_worth_a_conversation() -> None:
    cop = Cop()
    room = cop.space("Room", private=False)
    for day in monthly(dt.date(2024, 1, 1), 6):
        cop.meet(day, room)
    found = finding(cop.data(), "rhythm", dt.date(2024, 7, 1))
    assert found.signal is Signal.ATTENTION
    assert "No recurring series: each meeting is arranged one at a time" in found.evidence


# --- 8. gardener ----------------------------------------------------------------------------------


def test_no_gardener_named_is_worth_a_conversation() -> None:
    cop = Cop(gardener="", gardener_email="")
    found = finding(cop.data(), "gardener", dt.date(2024, 6, 1))
    assert found.signal is Signal.ATTENTION
    assert found.evidence[0].startswith("No gardener named")


def test_an_absent_gardener_is_worth_a_conversation() -> None:
    cop = Cop()
    cop.member("Gail Gardener", email=GARDENER_EMAIL)
    others = cop.people(4)
    room = cop.space("Room", private=False)
    for day in monthly(dt.date(2024, 1, 1), 10):
        cop.meet(day, room, others)
    found = finding(cop.data(), "gardener", dt.date(2024, 10, 20))
    assert found.signal is Signal.ATTENTION
    assert found.evidence[0] == (
        "The gardening role was covered at 0 of the 3 meetings of the last 90 days"
    )
    assert "Gail" not in " ".join(found.evidence)


def test_a_present_gardener_welcoming_newcomers_is_thriving() -> None:
    cop = Cop()
    gail = cop.member("Gail Gardener", email=GARDENER_EMAIL)
    newcomer = cop.member("New Nia", joined=dt.date(2024, 8, 1))
    cop.member("New Noor", joined=dt.date(2024, 9, 1))
    room = cop.space("Room", private=False)
    for day in monthly(dt.date(2024, 1, 1), 10):
        cop.meet(day, room, [gail, newcomer] if day > dt.date(2024, 8, 1) else [gail])
    found = finding(cop.data(), "gardener", dt.date(2024, 10, 20))
    assert found.signal is Signal.THRIVING
    assert (
        "2 newcomers joined in the last six months (the latest on 1 Sep 2024); "
        "1 of them have come to a meeting"
    ) in found.evidence


# --- 9. sponsorship -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("update", "signal", "line"),
    [
        (
            dt.date(2024, 5, 1),
            Signal.THRIVING,
            "Last update to the sponsor on 1 May 2024 (31 days ago)",
        ),
        (
            dt.date(2024, 1, 2),
            Signal.GROWING,
            "Last update to the sponsor on 2 Jan 2024 (5 months ago)",
        ),
        (None, Signal.ATTENTION, "No update to the sponsor recorded yet"),
    ],
)
def test_the_sponsor_kept_informed(update: dt.date | None, signal: Signal, line: str) -> None:
    cop = Cop()
    if update:
        cop.updates.append(SponsorUpdate(on=update, id="su1"))
    found = finding(cop.data(), "sponsorship", dt.date(2024, 6, 1))
    assert found.signal is signal
    assert line in found.evidence


def test_no_sponsor_is_worth_a_conversation_even_with_updates() -> None:
    cop = Cop(sponsor="")
    cop.updates.append(SponsorUpdate(on=dt.date(2024, 5, 1), id="su1"))
    found = finding(cop.data(), "sponsorship", dt.date(2024, 6, 1))
    assert found.signal is Signal.ATTENTION
    assert any(line.startswith("No sponsor named") for line in found.evidence)


# --- lifecycle stage ------------------------------------------------------------------------------


def test_stage_follows_age_meetings_and_activity(steady: Cop) -> None:
    data = steady.data()
    assert check(data, dt.date(2024, 1, 20)).stage is Stage.POTENTIAL
    assert check(data, dt.date(2024, 6, 20)).stage is Stage.COALESCING
    assert check(data, AS_OF).stage is Stage.MATURING
    # the same community, silent since its last meeting: transforming
    later = check(data, dt.date(2026, 6, 1))
    assert later.stage is Stage.TRANSFORMATION
    assert any(line.startswith("No meeting for") for line in later.stage_evidence)


def test_years_of_steady_meetings_is_stewardship() -> None:
    cop = Cop(created=dt.date(2021, 1, 1))
    people = [cop.member("Gail Gardener", email=GARDENER_EMAIL), *cop.people(6, level="core")]
    room = cop.space("Room", private=False)
    for day in monthly(dt.date(2021, 1, 1), 48):
        cop.meet(day, room, people)
    report = check(cop.data(), dt.date(2024, 12, 20))
    assert report.stage is Stage.STEWARDSHIP
    assert report.stage_evidence[0].startswith("Started 1 Jan 2021 (4 years ago)")


def test_only_records_up_to_as_of_count(steady: Cop) -> None:
    steady.member("Late Joiner", org="Somewhere New", joined=dt.date(2025, 12, 15))
    data = steady.data()
    before = finding(data, "dialogue", dt.date(2025, 12, 1))
    after = finding(data, "dialogue", dt.date(2025, 12, 16))
    assert before.evidence[0].startswith("Members come from 4 organisations")
    assert after.evidence[0].startswith("Members come from 5 organisations")


def test_levels_are_observed_from_attendance_and_topics(steady: Cop) -> None:
    levels = participation.observed_levels(steady.data(), AS_OF)
    assert levels["m1"] is Level.CORE  # the gardener came to everything
    assert levels["m11"] is Level.PERIPHERAL  # no meeting in the last three months
    assert levels["m15"] is Level.ACTIVE  # one of the three
    # a member who joined yesterday has nothing to be read from yet
    steady.member("Brand New", joined=AS_OF)
    assert participation.observed_levels(steady.data(), AS_OF)["m16"] is None
