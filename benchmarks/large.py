"""Build a large community quickly, for benchmarks: 300 members, 5 years of fortnightly meetings.

Records go in through the core (validated records, one write session), so the file is
exactly what copkit itself would have written.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path

from copkit import records
from copkit.model import (
    Activity,
    ActivityKind,
    Community,
    Level,
    Meeting,
    Member,
    Space,
    Topic,
    Visibility,
)
from copkit.schedule.phrases import parse_every
from copkit.schedule.rhythm import occurrences_between, zone_of
from copkit.storage.store import Store

ORGS = [
    "Riverside Council",
    "Northgate Council",
    "Eastbrook NHS Trust",
    "University of Riverside",
    "Westvale Council",
    "Children's Rights Alliance",
    "Southport Council",
    "Hillside Trust",
]


def build_large_community(
    path: Path, *, members: int = 300, years: int = 5, slug: str = "large", seed: int = 1
) -> Path:
    """Write a community file at ``path`` and return it."""
    rng = random.Random(seed)
    start = dt.date(2026, 11, 25) - dt.timedelta(days=365 * years)
    community = Community(
        slug=slug,
        name=f"Large CoP {slug}",
        domain="Reflective supervision at scale",
        benefit="Peer support",
        gardener="Gardener One",
        gardener_email="g1@example.org",
        sponsor="A Director",
        created=start,
    )
    store = Store.create(path, community)
    with store.write() as session:
        people = [
            Member(
                name=f"Member {i}",
                email="g1@example.org" if i == 0 else f"m{i}@example.org",
                org=ORGS[i % len(ORGS)],
                role="Social worker",
                level=Level.CORE if i < 5 else Level.ACTIVE if i < 35 else Level.PERIPHERAL,
                external=i % 17 == 0,
                interests=("supervision", f"topic {i % 12}"),
                joined=start + dt.timedelta(days=rng.randrange(0, 365 * years))
                if i > 20
                else start,
            )
            for i in range(members)
        ]
        people = session.add_many(people)
        private = records.add_space(session, Space("Circle", Visibility.PRIVATE, platform="Teams"))
        records.add_space(session, Space("Cafe", Visibility.PUBLIC, location="Room 1"))
        rhythm = records.add_rhythm(
            session,
            name="Fortnightly circle",
            space=private.name,
            rule=parse_every("every 2 weeks on Thursday"),
            start=dt.datetime.combine(start, dt.time(14)),
            duration=dt.timedelta(minutes=90),
        )
        zone = zone_of(rhythm, community)
        until = dt.datetime.combine(dt.date(2026, 11, 25), dt.time(), tzinfo=zone)
        chance = {Level.CORE: 0.9, Level.ACTIVE: 0.5, Level.PERIPHERAL: 0.08}
        meetings = []
        for moment in occurrences_between(rhythm, zone, rhythm.start.replace(tzinfo=zone), until):
            day = moment.date()
            present = [p.id for p in people if p.joined <= day and rng.random() < chance[p.level]]
            meetings.append(
                Meeting(
                    start=moment.replace(tzinfo=None),
                    space_id=private.id,
                    rhythm_id=rhythm.id,
                    attendees=tuple(present),
                    activities=(Activity(ActivityKind.FAMILIAR, "case discussion"),),
                    topics=(
                        Topic(
                            f"Topic {len(meetings)}",
                            rng.choice(present) if present else None,
                            by_member=bool(present),
                        ),
                    ),
                )
            )
        session.add_many(meetings)
    return path


def best_of(action: Callable[[], object], runs: int = 5) -> float:
    """The fastest of several runs: the figure least disturbed by whatever else the machine does."""
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
    return min(times)
