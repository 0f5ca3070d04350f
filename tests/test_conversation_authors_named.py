"""Words a gardener reads about authors and days are plain English (issue 21).

`conversation unmatched` names an author as the export did, with the address they wrote from,
so a gardener can tell who "U05GRACE" is; counts say "2 authors", never "2 author(s)"; and a
sponsor update sent today was sent "today", not "0 days ago".
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.test_conversation_import import slack_zip


def _grace_zip(path: Path) -> Path:
    users = [
        {
            "id": "U05GRACE",
            "name": "grace",
            "profile": {
                "display_name": "grace",
                "real_name": "Grace Lin",
                "email": "grace.lin@elsewhere.example.org",
            },
        }
    ]
    messages = [
        {"type": "message", "user": "U05GRACE", "text": "hello", "ts": f"{1790000000 + k}.0"}
        for k in range(8)
    ]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("users.json", json.dumps(users))
        archive.writestr("channels.json", json.dumps([{"id": "C1", "name": "general"}]))
        archive.writestr("general/2026-09-21.json", json.dumps(messages))
    return path


def test_unmatched_shows_the_name_and_address_an_author_used(community, tmp_path: Path) -> None:
    imported = community(
        "conversation", "import", str(_grace_zip(tmp_path / "g.zip")), "--channel", "general=Cafe"
    )
    assert imported.exit_code == 0, imported.output
    assert "1 author no member matches yet" in imported.output
    shown = community("conversation", "unmatched").output
    assert "Grace Lin <grace.lin@elsewhere.example.org> (U05GRACE): 8" in shown
    assert "grace (U05GRACE)" not in shown
    rows = json.loads(community("conversation", "unmatched", "--json").output)
    assert rows[0]["email"] == "grace.lin@elsewhere.example.org"
    matched = community("conversation", "match", "grace.lin@elsewhere.example.org", "Cy")
    assert matched.exit_code == 0, matched.output
    assert "1 author identity matched" in matched.output


def test_counts_are_plain_english(community, tmp_path: Path) -> None:
    result = community(
        "conversation", "import", str(slack_zip(tmp_path / "s.zip")),
        "--channel", "general=Cafe", "--channel", "circle=Circle",
    )  # fmt: skip
    assert "Read 12 messages and reactions for" in result.output
    assert "2 authors no member matches yet" in result.output
    assert "(s)" not in result.output and "(ies)" not in result.output
    aliased = community("member", "edit", "Bo", "--alias", "Bo Chan")
    assert "Their conversation now counts: 1 author identity matched" in aliased.output


def test_an_update_sent_today_was_sent_today(community) -> None:
    sent = community("report", "sponsor", "--sent")
    assert sent.exit_code == 0, sent.output
    health = community("health", "--format", "json").output
    assert "(today)" in health and "days ago" not in health
