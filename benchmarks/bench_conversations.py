"""Time `conversation import` of a large Slack export and measure what it adds to the file.

    python benchmarks/bench_conversations.py              # 100,000 messages, 300 members
    python benchmarks/bench_conversations.py 20000 100    # other sizes

Goal (issue 11): a two-year Slack workspace export of 100,000 messages from 300 members, in
Slack's own layout (users.json, channels.json, groups.json, one file per channel per day),
imports in under 10 s on a 2-core machine, the community file grows by no more than a few
bytes per message, and `copkit health` with that activity stays within 20% of `copkit health`
on the same community without it (both are timed in turn, best of five runs each, and printed
with their ratio). The same export is then read into a community that also meets (the one
``bench_startup.py`` reads, five years of fortnightly meetings, every author a member), where
health also reads the quarter before for its movement, and that ratio is printed too. The import
is the real `copkit` command in a fresh process, start-up included; a second import of the same
export (which must add nothing) is timed too.

The export is shaped like a real community: participation follows roughly 1 / 9 / 90 (a few
people start most threads, some reply, most only react or read), about a third of posts get
replies, and one channel is private.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

MESSAGES = 100_000
MEMBERS = 300
DAYS = 730
GOAL_SECONDS = 10.0
#: Health with the conversation may take at most this much longer than without it.
HEALTH_GOAL = 0.20
HEALTH_RUNS = 5
CHANNELS = (("general", False), ("practice", False), ("resources", False), ("circle", True))


def build_export(
    path: Path, messages: int, members: int, seed: int = 11, email: str = "user{n}@example.org"
) -> int:
    """Write the zip; return how many messages (posts and replies) it holds. ``email`` is
    each user's address, by their number."""
    rng = random.Random(seed)
    users = [
        {
            "id": f"U{n:05d}",
            "name": f"user{n}",
            "profile": {
                "display_name": f"User {n}",
                "real_name": f"User Number {n}",
                "email": email.format(n=n),
            },
        }
        for n in range(members)
    ]
    users.append({"id": "BOT01", "name": "reminders", "is_bot": True, "profile": {}})
    # 1 / 9 / 90: weights for who writes.
    weights = [
        60.0 if n < members // 100 or n < 3 else 6.0 if n < members // 10 else 0.3
        for n in range(members)
    ]
    start = dt.datetime(2024, 11, 25, 8, tzinfo=dt.UTC)
    days: dict[tuple[str, str], list[dict[str, object]]] = {}
    written = 0
    threads: list[tuple[str, str, float]] = []  # channel, thread ts, when
    while written < messages:
        channel = rng.choices(CHANNELS, weights=(5, 3, 1, 2))[0][0]
        moment = start + dt.timedelta(seconds=rng.uniform(0, DAYS * 86400))
        user = f"U{rng.choices(range(members), weights=weights)[0]:05d}"
        ts = f"{moment.timestamp():.6f}"
        message: dict[str, object] = {
            "type": "message",
            "user": user,
            "ts": ts,
            "text": "canary text that must never be stored",
        }
        if threads and rng.random() < 0.55:
            t_channel, t_ts, t_when = rng.choice(threads[-400:])
            channel = t_channel
            later = dt.datetime.fromtimestamp(t_when, dt.UTC) + dt.timedelta(
                seconds=rng.uniform(60, 3 * 86400)
            )
            ts = f"{later.timestamp():.6f}"
            message.update(ts=ts, thread_ts=t_ts, parent_user_id="U00000")
            moment = later
        else:
            message["thread_ts"] = ts
            threads.append((channel, ts, moment.timestamp()))
        if rng.random() < 0.3:
            reactors = rng.sample(range(members), rng.randint(1, 4))
            message["reactions"] = [
                {"name": "+1", "count": len(reactors), "users": [f"U{r:05d}" for r in reactors]}
            ]
        days.setdefault((channel, moment.strftime("%Y-%m-%d")), []).append(message)
        written += 1
        if rng.random() < 0.02:
            days[(channel, moment.strftime("%Y-%m-%d"))].append(
                {
                    "type": "message",
                    "subtype": "bot_message",
                    "bot_id": "BOT01",
                    "text": "reminder",
                    "ts": f"{moment.timestamp() + 1:.6f}",
                }
            )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("users.json", json.dumps(users))
        archive.writestr(
            "channels.json",
            json.dumps(
                [
                    {"id": f"C{n}", "name": name}
                    for n, (name, private) in enumerate(CHANNELS)
                    if not private
                ]
            ),
        )
        archive.writestr(
            "groups.json",
            json.dumps(
                [
                    {"id": f"G{n}", "name": name, "is_private": True}
                    for n, (name, private) in enumerate(CHANNELS)
                    if private
                ]
            ),
        )
        for (channel, day), batch in sorted(days.items()):
            batch.sort(key=lambda m: float(str(m["ts"])))
            archive.writestr(f"{channel}/{day}.json", json.dumps(batch))
    return written


def copkit(home: Path, *args: str, cache: str | None = None) -> tuple[float, str]:
    """Run ``copkit`` in a fresh process; with ``cache``, its bytecode is kept in that folder
    (PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE dropped) as after any install."""
    env = dict(os.environ, COPKIT_HOME=str(home))
    if cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "copkit", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"copkit {' '.join(args)} failed:\n{result.stderr}")
    return elapsed, result.stdout


def best_health(without: Path, with_talk: Path, *where: str) -> tuple[float, float]:
    """The fastest of ``HEALTH_RUNS`` `copkit health` runs (start-up included) on the community
    without conversation and on the same community with it, taken in turn: a busy moment on a
    noisy machine then slows both alike, and the best of each is what the code costs.

    Both run with their bytecode cached, as after any install (see bench_startup.py): in a
    temporary PYTHONPYCACHEPREFIX, with PYTHONDONTWRITEBYTECODE dropped, and a first, compiling,
    run of each that does not count. Compiling every run (as with PYTHONDONTWRITEBYTECODE=1)
    adds the same time to both and so makes the ratio look smaller than it is."""
    bare: list[float] = []
    talk: list[float] = []
    with tempfile.TemporaryDirectory() as cache:
        copkit(without, *where, "health", cache=cache)
        copkit(with_talk, *where, "health", cache=cache)
        for _ in range(HEALTH_RUNS):
            bare.append(copkit(without, *where, "health", cache=cache)[0])
            talk.append(copkit(with_talk, *where, "health", cache=cache)[0])
    return min(bare), min(talk)


def main() -> None:
    messages = int(sys.argv[1]) if len(sys.argv) > 1 else MESSAGES
    members = int(sys.argv[2]) if len(sys.argv) > 2 else MEMBERS
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        export = Path(folder) / "slack.zip"
        count = build_export(export, messages, members)
        people = Path(folder) / "members.csv"
        people.write_text(
            "name,email\n"
            + "".join(f"User Number {n},user{n}@example.org\n" for n in range(members))
        )
        copkit(home, "init", "Bench", "--domain", "Benchmarks")
        copkit(home, "member", "import", str(people))
        for name, private in CHANNELS:
            copkit(
                home,
                "space",
                "add",
                name.title(),
                "--private" if private else "--public",
                "--platform",
                "Slack",
            )
        community = home / "bench.json"
        before = community.stat().st_size
        bare = Path(folder) / "bare"
        shutil.copytree(home, bare)  # the same community, never given the conversation
        mapping = [arg for name, _p in CHANNELS for arg in ("--channel", f"{name}={name.title()}")]
        first, out = copkit(home, "conversation", "import", str(export), *mapping)
        after = community.stat().st_size
        second, again = copkit(home, "conversation", "import", str(export), *mapping)
        assert "added 0 not already recorded" in again, again
        assert b"canary" not in community.read_bytes()
        growth = (after - before) / count
        without, with_talk = best_health(bare, home)
        ratio = with_talk / without - 1
        print(
            f"export: {count:,} messages from {members} members over {DAYS} days "
            f"({export.stat().st_size / 1e6:.1f} MB zip)"
        )
        print(out.splitlines()[0])
        print(f"import:        {first:6.2f} s  (goal < {GOAL_SECONDS:g} s on 2 cores)")
        print(f"import again:  {second:6.2f} s  (adds nothing)")
        print(f"file growth:   {after - before:,} bytes, {growth:.1f} bytes per message")
        print("health runs with bytecode cached (PYTHONPYCACHEPREFIX, not PYTHONDONTWRITEBYTECODE)")
        print(f"health without conversation: {without:6.3f} s  (best of {HEALTH_RUNS}, in turn)")
        print(f"health with it:              {with_talk:6.3f} s  (best of {HEALTH_RUNS}, in turn)")
        print(
            f"ratio with / without:        {with_talk / without:6.3f}    ({ratio:+.1%}, goal "
            f"within {HEALTH_GOAL:.0%})"
        )
        met_without, met_with = meeting_community(Path(folder), messages, members)
        print(
            f"a community that also meets (large.py: five years of fortnightly meetings, every "
            f"author a member): {met_without:.3f} s without, {met_with:.3f} s with "
            f"({met_with / met_without - 1:+.1%})"
        )
        if first > GOAL_SECONDS:
            raise SystemExit("slower than the goal")
        if ratio > HEALTH_GOAL:
            raise SystemExit("health with conversation is slower than the goal")


def meeting_community(folder: Path, messages: int, members: int) -> tuple[float, float]:
    """The same export in the community ``bench_startup.py`` reads (300 members, five years of
    meetings), each Slack user a member by address: health then also reads the quarter
    before (for the movement), so the conversation is read for twice as many windows."""
    from large import build_large_community

    home = folder / "meets"
    home.mkdir()
    build_large_community(home / "large.json", members=members)
    for name, private in CHANNELS:
        kind = "--private" if private else "--public"
        copkit(home, "-c", "large", "space", "add", f"Slack {name}", kind, "--platform", "Slack")
    bare = folder / "meets-bare"
    shutil.copytree(home, bare)
    export = folder / "members.zip"
    build_export(export, messages, members, email="m{n}@example.org")
    mapping = [arg for name, _p in CHANNELS for arg in ("--channel", f"{name}=Slack {name}")]
    copkit(home, "-c", "large", "conversation", "import", str(export), *mapping)
    return best_health(bare, home, "-c", "large")


if __name__ == "__main__":
    main()
