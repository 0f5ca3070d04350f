"""The per-month summaries copkit keeps beside the conversation tallies are only a shortcut.

A health check sums whole months from them (``copkit.conversations.summaries``); they must say
exactly what the tallies say: a file written before they existed reads the same, and after an
erasure the stored summaries are those of the tallies that remain.
"""

from __future__ import annotations

import orjson
from conftest import Run
from test_conversation_readings import health, imported, met  # noqa: F401 (a fixture)

from copkit.conversations.packing import load_state
from copkit.conversations.summaries import summarise
from copkit.model import ConversationSummary
from copkit.storage.store import Store

TABLE = ConversationSummary.TABLE

#: Three months of talk on the public Cafe: Bo and Cy post and reply, Dee reacts.
ROWS = [
    "2026-08-04 10:00,bo@example.org,post,t1",
    "2026-08-05 11:00,cy@example.org,reply,t1",
    "2026-09-10 09:30,cy@example.org,post,t2",
    "2026-09-10 12:00,bo@example.org,reply,t2",
    "2026-09-11 12:00,dee@example.org,reaction,t2",
    "2026-10-20 16:00,bo@example.org,post,t3",
    "2026-11-18 08:00,cy@example.org,reply,t3",
]


def _community_file(home):  # the suite's community is the only file in the home
    [path] = [p for p in home.glob("*.json") if p.name != "config.json"]
    return path


def _stored_summaries(path) -> dict[str, str]:
    with Store(path).read() as session:
        return {s.month: s.totals for s in session.all(ConversationSummary)}


def test_a_file_without_summaries_reads_the_same(met: Run, tmp_path, home) -> None:  # noqa: F811
    imported(met, tmp_path, ROWS)
    path = _community_file(home)
    assert orjson.loads(path.read_bytes()).get(TABLE), "an import writes the summaries"
    with_summaries = [health(met), health(met, "--as-of", "2026-10-31")]

    document = orjson.loads(path.read_bytes())
    del document[TABLE]  # as a file written before summaries were kept
    path.write_bytes(orjson.dumps(document))

    assert [health(met), health(met, "--as-of", "2026-10-31")] == with_summaries


def test_after_an_erasure_the_summaries_are_those_of_the_tallies_left(
    met: Run,  # noqa: F811 (the fixture, imported above)
    tmp_path,
    home,
) -> None:
    imported(met, tmp_path, ROWS)
    path = _community_file(home)
    before = _stored_summaries(path)
    assert met("member", "forget", "Bo", "--yes").exit_code == 0

    after = _stored_summaries(path)
    with Store(path).read() as session:
        recomputed = summarise(load_state(session))
    assert after == recomputed
    assert after != before  # Bo's posts and replies are gone from them too
