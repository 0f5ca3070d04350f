"""Build ``examples/riverside.json``, the example community behind ``copkit demo``.

A realistic community of practice: 25 members from six organisations at all three levels, a
private and a public space, two rhythms, a year of meetings with attendance, topics (proposed
more and more by members as the year goes on), familiar and stimulating activities, guests and
one cancellation; value stories in every cycle, updates to the sponsor, and an anonymous survey
of the nine principles answered by 18 members (as the PSDP evaluation did). Deterministic:
running it again gives the same file.

    python examples/build_example.py [OUTPUT]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import unicodedata
from pathlib import Path

from copkit import records
from copkit.model import (
    Activity,
    ActivityKind,
    Community,
    Level,
    Member,
    Space,
    SponsorUpdate,
    Story,
    SurveyResponse,
    Visibility,
)
from copkit.records.survey import STATEMENTS
from copkit.schedule.phrases import parse_every
from copkit.schedule.rhythm import occurrences_between, zone_of
from copkit.storage.store import Store

TODAY = dt.date(2026, 11, 25)

COMMUNITY = Community(
    slug="riverside",
    name="Riverside Reflective Supervision CoP",
    domain="Reflective supervision of child-protection social workers",
    benefit="A safe place to think about hard cases, and supervision skills you can use on Monday",
    gardener="Amara Okafor",
    gardener_email="amara.okafor@riversidecouncil.example.org",
    sponsor="Dr Helen Price, Director of Children's Services",
    timezone="Europe/London",
    created=dt.date(2025, 9, 1),
    resources=("two hours a month protected in supervisors' diaries", "Room 3.12, Civic Centre"),
    purpose_reviewed=dt.date(2026, 9, 15),
)

# name, org, role, level, external, interests, joined
PEOPLE = [
    (
        "Amara Okafor",
        "Riverside Council",
        "Practice supervisor",
        "core",
        False,
        ("reflective supervision", "trauma-informed practice"),
        "2025-09-01",
    ),
    (
        "Tom Birch",
        "Riverside Council",
        "Team manager",
        "core",
        False,
        ("case discussion", "risk assessment"),
        "2025-09-01",
    ),
    (
        "Priya Natarajan",
        "Northgate Council",
        "Practice supervisor",
        "core",
        False,
        ("reflective supervision", "neglect"),
        "2025-09-01",
    ),
    (
        "Chan, Bo",
        "Eastbrook NHS Trust",
        "Safeguarding lead",
        "core",
        False,
        ("trauma-informed practice", "multi-agency working"),
        "2025-09-15",
    ),
    (
        "Siobhán Ní Bhriain",
        "Northgate Council",
        "Senior social worker",
        "active",
        False,
        ("neglect", "case discussion"),
        "2025-09-15",
    ),
    (
        "David Mensah",
        "Riverside Council",
        "Senior social worker",
        "active",
        False,
        ("risk assessment",),
        "2025-10-01",
    ),
    (
        "Helga Sørensen",
        "University of Riverside",
        "Lecturer in social work",
        "active",
        True,
        ("research in practice", "reflective supervision"),
        "2025-10-01",
    ),
    (
        "Rosa Delgado",
        "Riverside Council",
        "Practice educator",
        "active",
        False,
        ("newly qualified workers", "reflective supervision"),
        "2025-10-01",
    ),
    (
        "Kwame Asante",
        "Eastbrook NHS Trust",
        "Named nurse",
        "active",
        False,
        ("multi-agency working",),
        "2025-11-01",
    ),
    (
        "Fiona MacLeod",
        "Northgate Council",
        "Team manager",
        "active",
        False,
        ("workload", "risk assessment"),
        "2025-11-01",
    ),
    (
        "Yusuf Khan",
        "Riverside Council",
        "Social worker",
        "peripheral",
        False,
        ("case discussion",),
        "2025-10-01",
    ),
    (
        "Ellie Brooks",
        "Riverside Council",
        "Newly qualified social worker",
        "peripheral",
        False,
        ("newly qualified workers",),
        "2026-01-10",
    ),
    (
        "Gareth Jones",
        "Northgate Council",
        "Social worker",
        "peripheral",
        False,
        ("neglect",),
        "2025-10-15",
    ),
    (
        "Mei Lin",
        "Eastbrook NHS Trust",
        "Health visitor",
        "peripheral",
        False,
        ("multi-agency working", "neglect"),
        "2025-12-01",
    ),
    (
        "Olu Adeyemi",
        "Riverside Council",
        "Social worker",
        "peripheral",
        False,
        ("risk assessment",),
        "2025-11-15",
    ),
    (
        "Hannah Weiss",
        "Children's Rights Alliance",
        "Advocate",
        "peripheral",
        True,
        ("children's voice",),
        "2026-02-01",
    ),
    (
        "Liam O'Connor",
        "Northgate Council",
        "Social worker",
        "peripheral",
        False,
        ("case discussion",),
        "2026-03-01",
    ),
    (
        "Zainab Hussein",
        "Riverside Council",
        "Family support worker",
        "peripheral",
        False,
        ("children's voice", "neglect"),
        "2026-04-01",
    ),
    (
        "Peter Novak",
        "University of Riverside",
        "PhD researcher",
        "peripheral",
        True,
        ("research in practice",),
        "2026-04-15",
    ),
    (
        "Grace Adjei",
        "Riverside Council",
        "Social worker",
        "peripheral",
        False,
        ("trauma-informed practice",),
        "2026-05-01",
    ),
    (
        "Nadia Petrova",
        "Eastbrook NHS Trust",
        "Paediatric nurse",
        "peripheral",
        False,
        ("multi-agency working",),
        "2026-06-01",
    ),
    (
        "Sam Taylor",
        "Northgate Council",
        "Social worker",
        "peripheral",
        False,
        ("workload",),
        "2026-07-01",
    ),
    (
        "Aisha Rahman",
        "Riverside Council",
        "Newly qualified social worker",
        "peripheral",
        False,
        ("newly qualified workers", "reflective supervision"),
        "2026-09-01",
    ),
    (
        "Joe Whitfield",
        "Foster Carers Network",
        "Foster carer",
        "peripheral",
        True,
        ("children's voice",),
        "2026-09-15",
    ),
    (
        "Ruth Ellison",
        "Riverside Council",
        "Independent reviewing officer",
        "peripheral",
        False,
        ("case discussion",),
        "2025-10-01",
    ),
]

TOPICS = [
    "Holding uncertainty in neglect cases",
    "Supervising after a serious case review",
    "Using the Signs of Safety framework in supervision",
    "Children's voice in child protection conferences",
    "Workload and secondary trauma",
    "Supporting newly qualified workers through their first ASYE year",
    "Multi-agency disagreements: escalation without blame",
    "Reflective models: Kolb, Gibbs and the 4x4x4",
    "Contextual safeguarding outside the family home",
    "Writing chronologies that help, not hinder",
    "Cultural humility in assessments",
    "Recording supervision: what helps the child",
    "Parental conflict and the child in the middle",
    "Adolescent neglect: when teenagers are overlooked",
    "Supervising through a restructure",
    "Using research evidence in risk assessment",
    "Endings with families: closing cases well",
    "Case discussion: a family known to three agencies",
]


def build(output: Path) -> None:
    if output.exists():
        output.unlink()
    # No backups: the example is rebuilt whole, and lives in the source tree.
    store = Store(Store.create(output, COMMUNITY).path, backups=0)
    rng = random.Random(2016)
    with store.write() as session:
        members = [
            session.add(
                Member(
                    name=name,
                    email=_email(name, org),
                    org=org,
                    role=role,
                    level=Level(level),
                    external=external,
                    interests=interests,
                    joined=dt.date.fromisoformat(joined),
                )
            )
            for name, org, role, level, external, interests, joined in PEOPLE
        ]
        records.leave_member(session, "Ruth Ellison", dt.date(2026, 6, 30))
        members = session.all(Member)
        private = records.add_space(
            session,
            Space(
                "Supervision circle",
                Visibility.PRIVATE,
                platform="Microsoft Teams",
                url="https://teams.example.org/riverside-supervision-circle",
            ),
        )
        public = records.add_space(
            session,
            Space(
                "Practice café",
                Visibility.PUBLIC,
                platform="In person",
                location="Room 3.12, Civic Centre, Riverside",
            ),
        )
        circle = records.add_rhythm(
            session,
            name="Supervision circle",
            space=private.name,
            rule=parse_every("monthly on the 2nd Tuesday"),
            start=dt.datetime(2025, 12, 9, 14, 0),
            duration=dt.timedelta(minutes=90),
        )
        cafe = records.add_rhythm(
            session,
            name="Practice café",
            space=public.name,
            rule=parse_every("first Thursday of each month"),
            start=dt.datetime(2025, 12, 4, 12, 30),
            duration=dt.timedelta(minutes=45),
        )
        zone = zone_of(circle, COMMUNITY)
        end = dt.datetime.combine(TODAY, dt.time(), tzinfo=zone)
        begin = dt.datetime(2025, 12, 1, tzinfo=zone)
        topic_index = 0
        gardener = members[0]
        for rhythm in (circle, cafe):
            for number, moment in enumerate(occurrences_between(rhythm, zone, begin, end)):
                day = moment.date()
                if rhythm is circle and day == dt.date(2026, 8, 11):
                    records.cancel_meeting(
                        session,
                        rhythm=rhythm.name,
                        on=day,
                        reason="Summer leave: too few could come",
                    )
                    continue
                present = [
                    m
                    for m in members
                    if m.is_current(day)
                    and rng.random() < {"core": 0.9, "active": 0.6, "peripheral": 0.2}[m.level]
                ]
                topics: list[str] = []
                proposers: list[str] = []
                activities = [Activity(ActivityKind.FAMILIAR, "check-in")]
                guests: list[str] = []
                if rhythm is circle:
                    activities.append(Activity(ActivityKind.FAMILIAR, "case discussion"))
                    for _ in range(2):
                        topics.append(TOPICS[topic_index % len(TOPICS)])
                        topic_index += 1
                        # The agenda moves from the gardener to the members over the year.
                        by_member = rng.random() < 0.2 + 0.06 * number
                        pool = [m for m in present if m.id != gardener.id] or present
                        proposers.append(rng.choice(pool).id if by_member and pool else gardener.id)
                    if number % 3 == 2:
                        activities.append(Activity(ActivityKind.STIMULATING, "guest speaker"))
                        guests.append("Dr Jo Hart, University of Eastbrook")
                else:
                    activities.append(
                        Activity(ActivityKind.STIMULATING, "new method tried together")
                    )
                    topics.append("Open questions from practice")
                    proposers.append(rng.choice(present).id if present else gardener.id)
                records.record_meeting(
                    session,
                    on=day,
                    rhythm=rhythm.name,
                    attended=[m.id for m in present],
                    activities=activities,
                    topics=records.paired_topics(topics, proposers),
                    guests=guests,
                    now=end,
                )
        session.add(
            Story(
                "After the circle on holding uncertainty, two supervisors changed how they open "
                "supervision on neglect cases: workers now name what they don't know first.",
                on=dt.date(2026, 5, 20),
                member_id=members[2].id,
                cycle="applied",
            )
        )
        session.add(
            Story(
                "A health visitor said the café was the first place she felt she could ask "
                "'stupid questions' about how social workers weigh hard cases.",
                on=dt.date(2026, 3, 10),
                cycle="immediate",
            )
        )
        for story in STORIES:
            session.add(story)
        # Quarterly notes to the director, until the autumn one slipped.
        session.add(SponsorUpdate(on=dt.date(2026, 3, 31), note="Quarterly note to the director"))
        session.add(SponsorUpdate(on=dt.date(2026, 6, 30), note="Quarterly note to the director"))
        session.add_many(survey_answers())
    print(f"wrote {output}")


STORIES = [
    Story(
        "Three members from different councils met at the café and now phone each other before "
        "hard strategy meetings.",
        on=dt.date(2026, 4, 2),
        cycle="potential",
    ),
    Story(
        "A supervisor used the escalation approach from the circle in a multi-agency dispute; "
        "the plan for the child was agreed a week sooner than the last time.",
        on=dt.date(2026, 7, 15),
        cycle="realised",
    ),
    Story(
        "The service's supervision policy now starts from reflection rather than audit; two "
        "members helped rewrite it.",
        on=dt.date(2026, 10, 28),
        cycle="reframing",
    ),
]

#: How likely a respondent agrees (4 or 5) with each principle's statements: members value
#: the gardener and the spaces most, and are least sure that senior managers know of them.
AGREEMENT = {
    "organic-evolution": 0.8,
    "dialogue": 0.85,
    "participation": 0.75,
    "spaces": 0.9,
    "domain": 0.9,
    "activities": 0.8,
    "rhythm": 0.85,
    "gardener": 0.95,
    "sponsorship": 0.5,
}


def survey_answers() -> list[SurveyResponse]:
    """An anonymous survey, 18 respondents (tokens 1..18), answered on 20 Oct 2026."""
    rng = random.Random(90)
    answers = []
    for respondent in range(1, 19):
        for key, statements in STATEMENTS.items():
            for text in statements:
                agrees = rng.random() < AGREEMENT[key]
                score = rng.choice((4, 5)) if agrees else rng.choice((2, 3, 3))
                answers.append(
                    SurveyResponse(str(respondent), key, text, score, on=dt.date(2026, 10, 20))
                )
    return answers


def _email(name: str, org: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    local = "".join(c for c in plain.lower().replace(" ", ".") if c.isalnum() or c == ".")
    domain = "".join(c for c in org.lower() if c.isalnum())[:16]
    return f"{local.replace('..', '.')}@{domain}.example.org"


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("riverside.json"))
