"""A Graph listing is read by one Struct built for Graph's shapes; a batch holding a message
of any other shape (``from`` a string, a reaction without a user object, a channel that is a
list) is read field by field instead. Both readings count a message the same way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from copkit.conversations.teams import read_teams

ZONE = ZoneInfo("Europe/London")


def _message(number: int, who: str | None, **more: Any) -> dict[str, Any]:
    sender = {"user": {"id": who, "displayName": f" {who} "}} if who else {"application": {}}
    return {
        "id": str(number),
        "messageType": "message",
        "createdDateTime": f"2026-10-0{number}T09:00:00Z",
        "from": sender,
        "channelIdentity": {"channelId": "19:general"},
        "body": {"content": "never read"},
        **more,
    }


LISTING = [
    _message(1, "ann"),
    _message(2, "bo", replyToId="1", reactions=[{"user": {"user": {"id": "cy"}}}]),
    _message(3, None),
    _message(4, "ann", reactions=[{"user": {"user": {"id": "bo"}}, "createdDateTime": None}]),
]


def _read(tmp_path: Path, messages: list[dict[str, Any]]) -> tuple[Any, ...]:
    path = tmp_path / "graph.json"
    path.write_text(json.dumps({"@odata.context": "x", "value": messages}))
    export = read_teams(path, ZONE)
    names = {key: info.name for key, info in export.authors.items()}
    tallies = {slot: dict(by) for slot, by in export.tallies.items()}
    return tallies, dict(export.skipped), names, dict(export.channels)


def test_messages_of_other_shapes_beside_them_change_nothing_else(tmp_path: Path) -> None:
    strict = _read(tmp_path, LISTING)
    assert strict[1] == {"bot": 1} and strict[2] == {"ann": "ann", "bo": "bo", "cy": ""}
    odd = [
        _message(5, "dee") | {"from": "dee"},  # not an object: nobody, so a bot's
        _message(6, "dee") | {"from": {"user": "dee"}},
        _message(7, "eve", reactions=[{"user": "fay"}, {"user": {"user": {"id": 7}}}]),
        _message(8, "gus") | {"channelIdentity": ["19:general"]},
    ]
    loose = _read(tmp_path, LISTING + odd)
    assert loose[1] == {"bot": 3}
    assert loose[2] == strict[2] | {"eve": "eve", "gus": "gus"}
    assert set(loose[3]) == {"19:general", "channel"}  # a channel that is no text: "channel"
    for slot, by_author in strict[0].items():
        assert {k: v for k, v in loose[0][slot].items() if k in by_author} == by_author
