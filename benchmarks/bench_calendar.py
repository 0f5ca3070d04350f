"""Time invites and feeds at scale (issue 4's goal: well under a second each).

    python benchmarks/bench_calendar.py

Builds, in a temporary home and through the core API, one community with 1,000 members and
300 rhythms (each with a few cancelled occurrences, so every series carries EXDATEs), then times

* building and serialising the invite of one rhythm with 1,000 attendees, and the 300-rhythm
  calendar, in-process (the Python API a script uses);
* `copkit invite` and `copkit calendar` in a fresh process, start-up and imports included, as a
  gardener at the terminal feels them.

Each figure is the best of several runs.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import best_of  # noqa: E402

from copkit import calendar, records  # noqa: E402
from copkit.model import (  # noqa: E402
    Community,
    Level,
    Meeting,
    MeetingStatus,
    Member,
    Rhythm,
    Space,
    Visibility,
)
from copkit.schedule.rhythm import next_occurrences, zone_of  # noqa: E402
from copkit.storage.store import Store  # noqa: E402

MEMBERS = 1_000
RHYTHMS = 300
RUNS = 5


def build(path: Path) -> None:
    community = Community(
        slug="big",
        name="A Very Large CoP",
        domain="Reflective supervision, at national scale",
        gardener="Ann Lee",
        gardener_email="ann@example.org",
        created=dt.date(2025, 1, 1),
    )
    store = Store.create(path, community)
    levels = [Level.CORE, Level.ACTIVE, *[Level.PERIPHERAL] * 8]
    with store.write() as session:
        session.add_many(
            [
                Member(
                    f"Member {n}, Ó{n}",
                    f"member{n}@example.org",
                    level=levels[n % 10],
                    joined=dt.date(2025, 1, 1),
                )
                for n in range(MEMBERS)
            ]
        )
        spaces = session.add_many(
            [
                Space("Circle", Visibility.PRIVATE, platform="Teams", url="https://example.org/c"),
                Space("Cafe", Visibility.PUBLIC, location="Room 1, Civic Centre"),
            ]
        )
        rhythms = session.add_many(
            [
                Rhythm(
                    f"Rhythm {n}; group {n % 7}",
                    spaces[n % 2].id,
                    f"FREQ=MONTHLY;BYDAY={1 + n % 4}{('MO', 'TU', 'WE', 'TH', 'FR')[n % 5]}",
                    dt.datetime(2026, 1, 1, 9 + n % 8, 0),
                    60,
                )
                for n in range(RHYTHMS)
            ]
        )
        for rhythm in rhythms:
            zone = zone_of(rhythm, community)
            for month in (3, 7, 11):
                day = dt.datetime(2026, month, 1, tzinfo=zone)
                start = next_occurrences(rhythm, zone, day, 1)[0].replace(tzinfo=None)
                session.add(
                    Meeting(
                        start,
                        rhythm.space_id,
                        rhythm_id=rhythm.id,
                        status=MeetingStatus.CANCELLED,
                    )
                )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        path = home / "big.json"
        begin = time.perf_counter()
        build(path)
        print(
            f"built {MEMBERS} members, {RHYTHMS} rhythms, {RHYTHMS * 3} cancellations in "
            f"{time.perf_counter() - begin:.2f} s"
        )
        store = Store(path)
        with store.read() as session:
            data = records.snapshot(session)
        stamp = calendar.last_changed(store)
        rhythm = data.rhythms[0]
        invite = calendar.to_ics(calendar.series_invite(data, rhythm, now=stamp))
        feed = calendar.to_ics(calendar.community_calendar(data, now=stamp))
        print(f"invite: {invite.count(b'ATTENDEE')} attendees, {len(invite) / 1024:.0f} KiB")
        print(f"calendar: {feed.count(b'BEGIN:VEVENT')} rhythms, {len(feed) / 1024:.0f} KiB")

        figures = {
            "API  series_invite + to_ics (1,000 attendees)": best_of(
                lambda: calendar.to_ics(calendar.series_invite(data, rhythm, now=stamp))
            ),
            "API  community_calendar + to_ics (300 rhythms)": best_of(
                lambda: calendar.to_ics(calendar.community_calendar(data, now=stamp))
            ),
            "API  community_calendar public (150 rhythms)": best_of(
                lambda: calendar.to_ics(calendar.community_calendar(data, public=True, now=stamp))
            ),
        }
        env = os.environ | {"COPKIT_HOME": str(home)}
        copkit = [sys.executable, "-m", "copkit"]
        out = home / "out.ics"
        for label, args in {
            "CLI  copkit invite -o (1,000 attendees)": ["invite", rhythm.id, "-o", str(out)],
            "CLI  copkit calendar -o (300 rhythms)": ["calendar", "-o", str(out)],
        }.items():
            figures[label] = best_of(
                lambda args=args: subprocess.run(
                    [*copkit, *args], env=env, check=True, stdout=subprocess.DEVNULL
                )
            )
        width = max(map(len, figures))
        for label, seconds in figures.items():
            print(f"{label:<{width}}  {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
