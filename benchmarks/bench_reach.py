"""Time the last mile (issue 12's goals: under 5 s each).

    python benchmarks/bench_reach.py

In a temporary home, with real servers on 127.0.0.1 (the tests' own, tests/servers.py):

* `copkit invite RHYTHM --send` of one series to 300 members through a local aiosmtpd server
  (one message per member, one connection), start-up and imports included;
* `copkit calendar publish URL` of 30 public rhythms to a local Radicale, first publish (30
  resources created) and publishing again after one change.

Each figure is wall-clock time for a fresh `copkit` process, as a gardener feels it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from servers import CalendarServer, MailServer  # noqa: E402

GOAL_SECONDS = 5.0


def copkit(home: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "copkit", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=os.environ | {"COPKIT_SMTP_PASSWORD": ""},
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"copkit {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        copkit(home, "init", "Bench CoP", "--domain", "Benchmarks", "--gardener", "Ann Lee",
               "--gardener-email", "ann@example.org")  # fmt: skip
        rows = ["name,email"] + [f"Member {i},member{i}@example.org" for i in range(300)]
        people = Path(folder) / "members.csv"
        people.write_text("\n".join(rows) + "\n", encoding="utf-8")
        copkit(home, "member", "import", str(people))
        copkit(home, "space", "add", "Cafe", "--public", "--location", "Room 1")
        for i in range(30):
            copkit(home, "rhythm", "add", f"Rhythm {i}", "--space", "Cafe", "--every",
                   f"monthly on the {i % 4 + 1}st Tuesday at {9 + i % 8}:00",
                   "--start", "2026-01-01")  # fmt: skip

        with MailServer() as server:
            copkit(home, "config", "smtp", "--host", "127.0.0.1", "--port", str(server.port),
                   "--security", "none")  # fmt: skip
            sent = copkit(home, "invite", "Rhythm 0", "--send")
            assert len(server.received) == 300, len(server.received)
        verdict = "within" if sent < GOAL_SECONDS else "OVER"
        print(f"invite --send to 300 members (local SMTP): {sent:.2f} s "
              f"({verdict} the {GOAL_SECONDS:g} s goal)")  # fmt: skip

        with CalendarServer(Path(folder) / "radicale") as radicale:
            url = radicale.url + "bench/public/"
            first = copkit(home, "calendar", "publish", url)
            copkit(home, "rhythm", "edit", "Rhythm 3", "--start", "15:00")
            again = copkit(home, "calendar", "publish", url)
        for label, seconds in (("first publish, 30 rhythms", first),
                               ("publish again after one change", again)):  # fmt: skip
            verdict = "within" if seconds < GOAL_SECONDS else "OVER"
            print(f"calendar publish, {label} (local Radicale): {seconds:.2f} s "
                  f"({verdict} the {GOAL_SECONDS:g} s goal)")  # fmt: skip


if __name__ == "__main__":
    main()
