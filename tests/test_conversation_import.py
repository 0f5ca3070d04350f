"""Conversation between meetings: real export layouts in, counts only stored, merges idempotent.

Every export here is built the way the platform writes it (a Slack workspace zip, a saved Graph
response, an mbox and a Maildir written by the standard library, the plain CSV), each with a
thread, an author no member matches, a bot and a private channel. Every message text holds the
canary word, so a test can grep the community file's bytes for any trace of what was written.
"""

from __future__ import annotations

import datetime as dt
import email.message
import email.utils
import json
import mailbox
import re
import zipfile
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Run
from hypothesis import given, settings
from hypothesis import strategies as st

CANARY = "Zanzibarquux"
LONDON = ZoneInfo("Europe/London")


def _ts(day: int, hour: int) -> str:
    return f"{dt.datetime(2026, 10, day, hour, tzinfo=dt.UTC).timestamp():.6f}"


def slack_zip(path: Path, *, days: tuple[int, ...] = (1, 2)) -> Path:
    """Slack's layout: users.json, channels.json, groups.json, one file per channel per day."""
    users = [
        {
            "id": "UANN",
            "name": "ann",
            "profile": {"display_name": "Ann", "real_name": "Ann Lee", "email": "ann@example.org"},
        },
        {"id": "UBO", "name": "bo", "profile": {"display_name": "Bo C", "real_name": "Bo Chan"}},
        {"id": "UZED", "name": "zed", "profile": {"display_name": "Zed", "real_name": "Zed Q"}},
        {"id": "UNEVER", "name": "never", "profile": {"display_name": "Never Wrote"}},
        {"id": "BHELPER", "name": "helper", "is_bot": True, "profile": {"real_name": "Helper"}},
    ]
    files: dict[str, list[dict[str, object]]] = {}
    for day in days:
        root = _ts(day, 9)
        files[f"general/2026-10-{day:02d}.json"] = [
            {
                "type": "message",
                "user": "UANN",
                "text": f"{CANARY} welcome",
                "ts": root,
                "thread_ts": root,
                "reply_count": 2,
                "reactions": [{"name": "+1", "users": ["UBO", "UZED"], "count": 2}],
            },
            {
                "type": "message",
                "user": "UBO",
                "text": f"{CANARY} thanks",
                "ts": _ts(day, 10),
                "thread_ts": root,
                "parent_user_id": "UANN",
            },
            {
                "type": "message",
                "user": "UZED",
                "text": f"{CANARY} hi",
                "ts": _ts(day, 11),
                "thread_ts": root,
                "parent_user_id": "UANN",
                "files": [{"name": f"{CANARY}.pdf"}],
            },
            {
                "type": "message",
                "subtype": "channel_join",
                "user": "UZED",
                "text": f"{CANARY} joined",
                "ts": _ts(day, 12),
            },
            {
                "type": "message",
                "subtype": "bot_message",
                "bot_id": "BHELPER",
                "text": f"{CANARY} reminder",
                "ts": _ts(day, 13),
            },
        ]
        files[f"circle/2026-10-{day:02d}.json"] = [
            {"type": "message", "user": "UBO", "text": f"{CANARY} a hard case", "ts": _ts(day, 14)},
        ]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("users.json", json.dumps(users))
        archive.writestr("channels.json", json.dumps([{"id": "C1", "name": "general"}]))
        archive.writestr(
            "groups.json", json.dumps([{"id": "G1", "name": "circle", "is_private": True}])
        )
        for name, messages in files.items():
            archive.writestr(name, json.dumps(messages))
    return path


def graph_json(path: Path) -> Path:
    """A saved Graph page of channel messages, one with its replies expanded."""

    def person(key: str, name: str) -> dict[str, object]:
        return {
            "application": None,
            "device": None,
            "user": {"id": key, "displayName": name, "userIdentityType": "aadUser"},
        }

    channel = {"teamId": "T1", "channelId": "19:abc@thread.tacv2"}
    value = [
        {
            "id": "1001",
            "replyToId": None,
            "messageType": "message",
            "createdDateTime": "2026-10-05T09:00:00Z",
            "deletedDateTime": None,
            "from": person("aad-ann", "Ann Lee"),
            "channelIdentity": channel,
            "body": {"contentType": "html", "content": f"<p>{CANARY}</p>"},
            "attachments": [{"name": f"{CANARY}.docx"}],
            "reactions": [
                {
                    "reactionType": "like",
                    "createdDateTime": "2026-10-05T10:00:00Z",
                    "user": {"user": {"id": "aad-bo", "displayName": "Bo Chan"}},
                }
            ],
            "replies": [
                {
                    "id": "1002",
                    "replyToId": "1001",
                    "messageType": "message",
                    "createdDateTime": "2026-10-06T09:00:00Z",
                    "from": person("aad-zed", "Zed Q"),
                    "channelIdentity": channel,
                    "body": {"content": CANARY},
                },
            ],
        },
        {
            "id": "1003",
            "replyToId": "1001",
            "messageType": "message",
            "createdDateTime": "2026-10-06T10:00:00Z",
            "from": person("aad-bo", "Bo Chan"),
            "channelIdentity": channel,
            "body": {"content": CANARY},
        },
        {
            "id": "1004",
            "replyToId": None,
            "messageType": "message",
            "createdDateTime": "2026-10-07T09:00:00Z",
            "from": {"application": {"id": "app", "displayName": "Workflows"}, "user": None},
            "channelIdentity": channel,
            "body": {"content": CANARY},
        },
        {
            "id": "1005",
            "replyToId": None,
            "messageType": "systemEventMessage",
            "createdDateTime": "2026-10-07T10:00:00Z",
            "from": None,
            "channelIdentity": channel,
            "body": {"content": CANARY},
        },
    ]
    path.write_text(
        json.dumps(
            {
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata",
                "@odata.count": len(value),
                "value": value,
            }
        )
    )
    return path


def _mail(
    sender: str, day: int, msgid: str, *, reply_to: str | None = None, robot: bool = False
) -> email.message.EmailMessage:
    message = email.message.EmailMessage()
    message["From"] = sender
    message["To"] = "list@lists.example.org"
    message["Subject"] = f"{CANARY} subject"
    message["Date"] = email.utils.format_datetime(dt.datetime(2026, 10, day, 9, tzinfo=dt.UTC))
    message["Message-ID"] = msgid
    if reply_to:
        message["In-Reply-To"] = reply_to
        message["References"] = reply_to
    if robot:
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(f"{CANARY} body")
    message.add_attachment(
        f"{CANARY}".encode(), maintype="application", subtype="pdf", filename=f"{CANARY}.pdf"
    )
    return message


MAILS = [
    ("Ann Lee <ann@example.org>", 3, "<root@example.org>", None, False),
    ("Bo Chan <bo@example.org>", 4, "<r1@example.org>", "<root@example.org>", False),
    ("Zed Q <zed@elsewhere.example>", 5, "<r2@example.org>", "<root@example.org>", False),
    ("Digest <list-bounces@lists.example.org>", 5, "<bot@example.org>", None, True),
]


def mbox_file(path: Path) -> Path:
    box = mailbox.mbox(path)
    for sender, day, msgid, reply_to, robot in MAILS:
        box.add(_mail(sender, day, msgid, reply_to=reply_to, robot=robot))
    box.flush()
    box.close()
    return path


def maildir_folder(path: Path) -> Path:
    box = mailbox.Maildir(path, create=True)
    for sender, day, msgid, reply_to, robot in MAILS:
        box.add(_mail(sender, day, msgid, reply_to=reply_to, robot=robot))
    box.close()
    return path


CSV = (
    "when,who,kind,thread\n"
    "2026-10-08T09:00,ann@example.org,post,t1\n"
    "2026-10-08T10:00,Bo C,reply,t1\n"
    "2026-10-09,Zed,reply,t1\n"
    "2026-10-09,Bo C,reaction,\n"
)


@pytest.fixture
def spaces(community: Run) -> Run:
    """The suite's community (Ann gardener, Bo, Cy) with the private Circle and public Cafe."""
    return community


def _file(home: Path) -> bytes:
    return next(p for p in home.glob("*.json") if p.name != "config.json").read_bytes()


def _show(run: Run) -> dict[str, dict[str, object]]:
    result = run("conversation", "show", "--json")
    assert result.exit_code == 0, result.output
    return {row["space"]: row for row in json.loads(result.output)}


# --- Slack ---------------------------------------------------------------------------------


def test_slack_export_counts_threads_and_leaves_out_bots_and_joins(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    export = slack_zip(tmp_path / "slack.zip")
    result = spaces(
        "conversation",
        "import",
        str(export),
        "--channel",
        "general=Cafe",
        "--channel",
        "#circle=Circle",
    )
    assert result.exit_code == 0, result.output
    assert "1 not already recorded" not in result.output
    assert "2 bot" in result.output and "2 channel_join" in result.output
    assert "Bo Chan (UBO)" in result.output and "Zed Q (UZED)" in result.output
    assert "Never Wrote" not in result.output
    shown = _show(spaces)
    assert shown["Cafe"]["posts"] == 2 and shown["Cafe"]["replies"] == 4
    assert shown["Cafe"]["reactions"] == 4 and shown["Cafe"]["threads_answered"] == 2
    assert shown["Circle"]["posts"] == 2 and shown["Circle"]["private"] is True
    assert CANARY.encode() not in _file(home)
    assert b"Never Wrote" not in _file(home) and b"Helper" not in _file(home)


def test_a_private_channel_only_counts_in_a_private_space(spaces: Run, tmp_path: Path) -> None:
    export = slack_zip(tmp_path / "slack.zip")
    result = spaces(
        "conversation",
        "import",
        str(export),
        "--channel",
        "general=Cafe",
        "--channel",
        "circle=Cafe",
    )
    assert result.exit_code == 1
    assert "circle is a private channel" in result.output
    assert _show(spaces) == {}


def test_several_channels_need_a_space_each(spaces: Run, tmp_path: Path) -> None:
    result = spaces("conversation", "import", str(slack_zip(tmp_path / "s.zip")), "--space", "Cafe")
    assert result.exit_code == 1 and "--channel NAME=SPACE" in result.output


def test_reimport_adds_nothing_and_overlapping_exports_merge(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    first = slack_zip(tmp_path / "a.zip", days=(1, 2))
    overlapping = slack_zip(tmp_path / "b.zip", days=(2, 3))
    whole = slack_zip(tmp_path / "c.zip", days=(1, 2, 3))
    args = ("--channel", "general=Cafe", "--channel", "circle=Circle")
    assert spaces("conversation", "import", str(first), *args).exit_code == 0
    once = _file(home)
    again = spaces("conversation", "import", str(first), *args)
    assert "added 0 not already recorded" in again.output
    assert _file(home) == once  # nothing changed, nothing written
    merged = spaces("conversation", "import", str(overlapping), *args)
    # Day 2 was already there; day 3 adds a post, two replies, two reactions, a circle post.
    assert "added 6 not already recorded" in merged.output
    after_merge = _show(spaces)

    # The same records, whatever the order or overlap: import the whole range elsewhere.
    other = home.parent / "other"
    other.mkdir()
    from click.testing import CliRunner

    from copkit.cli import cli

    def run_other(*cmd: str) -> object:
        return CliRunner().invoke(cli, ["--home", str(other), *cmd])

    run_other("init", "Test CoP", "--domain", "x")
    run_other("space", "add", "Circle", "--private")
    run_other("space", "add", "Cafe", "--public")
    run_other("conversation", "import", str(whole), *args)
    result = CliRunner().invoke(cli, ["--home", str(other), "conversation", "show", "--json"])
    assert {r["space"]: r for r in json.loads(result.output)} == after_merge


# --- Teams, mail, CSV ----------------------------------------------------------------------


def test_graph_chat_messages(spaces: Run, tmp_path: Path, home: Path) -> None:
    spaces("member", "edit", "Ann", "--alias", "aad-ann")
    result = spaces(
        "conversation", "import", str(graph_json(tmp_path / "teams.json")), "--space", "Circle"
    )
    assert result.exit_code == 0, result.output
    assert "1 bot" in result.output and "1 not a message" in result.output
    assert "Bo Chan (aad-bo)" in result.output and "Zed Q (aad-zed)" in result.output
    shown = _show(spaces)["Circle"]
    assert (shown["posts"], shown["replies"], shown["reactions"]) == (1, 2, 1)
    assert shown["threads_answered"] == 1
    assert CANARY.encode() not in _file(home)


@pytest.mark.parametrize("build", [mbox_file, maildir_folder], ids=["mbox", "maildir"])
def test_mailing_list(spaces: Run, tmp_path: Path, home: Path, build: object) -> None:
    source = build(tmp_path / "list")  # type: ignore[operator]
    result = spaces("conversation", "import", str(source), "--space", "Cafe")
    assert result.exit_code == 0, result.output
    assert "1 automatic mail" in result.output
    assert "zed@elsewhere.example" in result.output and "bo@example.org" not in result.output
    shown = _show(spaces)["Cafe"]
    assert (shown["posts"], shown["replies"], shown["people"]) == (1, 2, 3)
    assert shown["threads_answered"] == 1
    assert CANARY.encode() not in _file(home)


def test_csv(spaces: Run, tmp_path: Path, home: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(CSV)
    result = spaces("conversation", "import", str(path), "--space", "Circle")
    assert result.exit_code == 0, result.output
    assert "Bo C: 2" in result.output and "Zed: 1" in result.output
    matched = spaces("conversation", "match", "Bo C", "bo@example.org")
    assert matched.exit_code == 0 and "now counts as Bo Chan" in matched.output
    unmatched = json.loads(spaces("conversation", "unmatched", "--json").output)
    assert [row["key"] for row in unmatched] == ["Zed"]


# --- matching, the read API, erasure -------------------------------------------------------


def test_authors_matched_later_count_without_importing_again(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    from copkit.conversations.read import conversation_activity, load_log, threads
    from copkit.storage.store import Store

    spaces(
        "conversation",
        "import",
        str(slack_zip(tmp_path / "s.zip")),
        "--channel",
        "general=Cafe",
        "--channel",
        "circle=Circle",
    )
    store = Store(next(p for p in home.glob("*.json") if p.name != "config.json"))
    with store.read() as session:
        before = conversation_activity(load_log(session), None, None)
    assert before["m1"].posts == 2  # Ann, by the email in users.json
    assert "m2" not in before
    edited = spaces("member", "edit", "Bo", "--alias", "Bo Chan")
    assert "1 author identity matched" in edited.output
    with store.read() as session:
        log = load_log(session)
    activity = conversation_activity(log, None, None)
    assert activity["m2"].replies == 2 and activity["m2"].reactions == 2
    assert activity["m2"].posts == 2  # the private circle
    # As of a day: only what had happened by then.
    as_of = conversation_activity(log, None, dt.date(2026, 10, 1))
    assert as_of["m1"].posts == 1
    answered = threads(log, None, dt.date(2026, 10, 1))
    assert len(answered) == 1 and answered[0].starter == "m1"
    assert answered[0].answered_by_others()
    assert set(answered[0].repliers()) == {
        "m2",
        next(a for a in log.authors if a not in log.owners),
    }


def test_an_alias_stands_for_one_member_only(spaces: Run) -> None:
    assert spaces("member", "edit", "Bo", "--alias", "Bo C").exit_code == 0
    result = spaces("member", "edit", "Cy", "--alias", "bo c")
    assert result.exit_code == 1 and "already stands for Bo Chan" in result.output


def test_forget_erases_conversation_records(spaces: Run, tmp_path: Path, home: Path) -> None:
    spaces("member", "edit", "Bo", "--alias", "UBO")
    spaces(
        "conversation",
        "import",
        str(slack_zip(tmp_path / "s.zip")),
        "--channel",
        "general=Cafe",
        "--channel",
        "circle=Circle",
    )
    assert b"UBO" in _file(home)
    assert spaces("member", "forget", "Bo", "--yes").exit_code == 0
    data = _file(home)
    assert b"UBO" not in data and b"Bo C" not in data and b"Bo Chan" not in data
    shown = _show(spaces)
    assert shown["Cafe"]["replies"] == 2 and shown["Cafe"]["reactions"] == 2
    assert "Circle" not in shown  # only Bo wrote there


SLACK_CHANNELS = ("--channel", "general=Cafe", "--channel", "circle=Circle")


def test_an_export_imported_again_does_not_bring_a_forgotten_member_back(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    """Exports are cumulative: next month's holds every message of someone forgotten today."""
    export = str(slack_zip(tmp_path / "s.zip"))
    spaces("member", "edit", "Bo", "--alias", "UBO")
    spaces("conversation", "import", export, *SLACK_CHANNELS)
    assert spaces("member", "forget", "Bo", "--yes").exit_code == 0
    again = spaces("conversation", "import", export, *SLACK_CHANNELS)
    assert again.exit_code == 0, again.output
    assert "6 erased (member forget)" in again.output  # 2 replies, 2 reactions, 2 in Circle
    data = _file(home)
    assert b"UBO" not in data and b"Bo C" not in data and b"Bo Chan" not in data
    assert b"bo@example.org" not in data
    assert "Bo" not in spaces("conversation", "unmatched").output
    assert "Circle" not in _show(spaces)  # only Bo wrote there
    erased = json.loads(data)["erased_identities"].values()
    assert erased and all(re.fullmatch(r"[0-9a-f]{16}\$[0-9a-f]{32}", e["digest"]) for e in erased)


def test_someone_forgotten_before_any_import_is_left_out_of_the_first(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    assert spaces("member", "forget", "Ann", "--yes").exit_code == 0
    result = spaces("conversation", "import", str(slack_zip(tmp_path / "s.zip")), *SLACK_CHANNELS)
    assert result.exit_code == 0, result.output
    assert "erased (member forget)" in result.output  # Ann, known by her address
    assert b"UANN" not in _file(home) and b"ann@example.org" not in _file(home)
    assert "Zed Q (UZED)" in result.output  # everyone else is read as before


def test_a_forgotten_member_who_comes_back_is_counted_again(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    export = str(slack_zip(tmp_path / "s.zip"))
    spaces("conversation", "import", export, *SLACK_CHANNELS)
    spaces("member", "forget", "Ann", "--yes")
    assert spaces("member", "add", "Ann Lee", "--email", "ann@example.org").exit_code == 0
    result = spaces("conversation", "import", export, *SLACK_CHANNELS)
    assert "erased" not in result.output
    assert _show(spaces)["Cafe"]["posts"] == 2  # her two posts, by her address again


# --- damaged and unrecognised exports ------------------------------------------------------


def _damaged_slack(path: Path) -> Path:
    slack_zip(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "general/2026-10-09.json",
            json.dumps(
                [
                    {"type": "message", "user": "UANN", "ts": _ts(9, 9)},
                    {"type": "message", "user": "UANN", "ts": "yesterday"},
                ]
            ),
        )
    return path


def test_damaged_exports_name_the_entry_and_store_nothing(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    before = _file(home)
    cases: list[tuple[list[str], str]] = []
    slack = _damaged_slack(tmp_path / "bad.zip")
    cases.append(
        (
            [str(slack), "--channel", "general=Cafe", "--channel", "circle=Circle"],
            "general/2026-10-09.json message 2",
        )
    )
    teams = tmp_path / "bad.json"
    data = json.loads(graph_json(tmp_path / "t.json").read_text())
    data["value"][1]["createdDateTime"] = "soon"
    teams.write_text(json.dumps(data))
    cases.append(([str(teams), "--space", "Circle"], "message 2"))
    box = mbox_file(tmp_path / "bad.mbox")
    raw = box.read_text().replace("Date: ", "Date: never ", 1).replace("Date: ", "X-Date: ", 1)
    box.write_text(raw)
    cases.append(([str(box), "--space", "Cafe"], "mail 1"))
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text(CSV + "2026-10-10,Ann,shout,\n")
    cases.append(([str(csv_path), "--space", "Cafe"], "line 6"))
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes\n")
    cases.append(([str(odd), "--space", "Cafe"], "is not an export copkit reads"))
    for args, entry in cases:
        result = spaces("conversation", "import", *args)
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert lines[0].startswith(f"Error: {args[0]}: ") and entry in lines[0], lines[0]
        assert _file(home) == before


# --- the CSV parser, for any input ---------------------------------------------------------


_cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_cells, _cells, _cells, _cells), max_size=8))
def test_csv_parser_reads_or_names_a_line(rows: list[tuple[str, str, str, str]]) -> None:
    """Any CSV is read or refused with one line naming a line; never a traceback."""
    import csv
    import io

    from copkit.conversations.csvfile import parse_csv
    from copkit.conversations.events import ExportError

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["when", "who", "kind", "thread"])
    writer.writerows(rows)
    try:
        export = parse_csv(buffer.getvalue(), LONDON)
    except ExportError as exc:
        assert "\n" not in str(exc) and "line " in str(exc)
        return
    assert export.counted() <= len(rows)
    assert all(len(counts) == 3 for *_where, counts in export.take_tallies())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
            st.sampled_from(["a@example.org", "Bo C", "Zed"]),
            st.sampled_from(["post", "reply", "reaction"]),
            st.sampled_from(["", "t1", "t2"]),
        ),
        max_size=20,
    )
)
def test_well_formed_csv_rows_all_count(rows: list[tuple[dt.date, str, str, str]]) -> None:
    from copkit.conversations.csvfile import parse_csv

    text = "when,who,kind,thread\n" + "".join(f"{d},{w},{k},{t}\n" for d, w, k, t in rows)
    export = parse_csv(text, LONDON)
    counted: Counter[tuple[dt.date, str]] = Counter()
    for _channel, day, _who, counts in export.take_tallies():
        for kind, count in zip(("post", "reply", "reaction"), counts, strict=True):
            counted[(day, kind)] += count
    assert +counted == Counter((d, k) for d, _w, k, _t in rows)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(1, 28), st.integers(1, 5000)),
        st.lists(st.integers(0, 400), min_size=3, max_size=3).filter(any),
        max_size=40,
    ),
    st.dictionaries(
        st.text("abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_", min_size=6, max_size=6),
        st.tuples(
            st.integers(1, 20),
            st.none() | st.integers(1, 5000),
            st.dictionaries(st.integers(1, 5000), st.integers(0, 8), min_size=1, max_size=5),
        ),
        max_size=20,
    ),
)
def test_packing_round_trips(
    tallies: dict[tuple[int, int], list[int]],
    threads: dict[str, tuple[int, int | None, dict[int, int]]],
) -> None:
    """What the file keeps reads back exactly, and passes the model's own check."""
    from copkit.conversations.log import (
        ThreadState,
        pack_tallies,
        pack_threads,
        unpack_tallies,
        unpack_threads,
    )
    from copkit.model import ConversationMonth, ConversationThreads

    day = lambda n: dt.date(2026, 2, n)  # noqa: E731
    month = ConversationMonth(
        "s1",
        "2026-02",
        pack_tallies((day(d), author, counts) for (d, author), counts in tallies.items()),
    )
    back = {
        (d.day, a): c for d, a, c in unpack_tallies(ConversationMonth.from_dict(month.to_dict()))
    }
    assert back == tallies
    states = {
        key: ThreadState(day(d), starter, {w: day(d + o) for w, o in repliers.items()})
        for key, (d, starter, repliers) in threads.items()
    }
    record = ConversationThreads("s1", "2026-02", pack_threads(states.items()))
    assert dict(unpack_threads(ConversationThreads.from_dict(record.to_dict()))) == states


# --- hostile exports: bounded in size, depth and time (issue 19) ---------------------------
#
# Every case here was seen on 2026-12-07 giving a traceback, taking gigabytes, or never ending.
# Each must now be refused in one line naming the file (and the entry), exit 1, nothing written.
# The cases that could hang run copkit in a process of its own with a timeout, so a regression
# fails the test instead of stopping the suite.


def _refusal(run: Run, home: Path, *args: str) -> str:
    """The one ``Error:`` line of an import that must be refused; the file is untouched."""
    before = _file(home)
    result = run("conversation", "import", *args)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {args[0]}: "), result.output
    assert _file(home) == before
    return lines[0]


def _refusal_in_time(home: Path, *args: str, seconds: float = 30) -> str:
    """As :func:`_refusal`, in a process of its own that is killed after ``seconds``."""
    import subprocess
    import sys

    before = _file(home)
    command = [sys.executable, "-m", "copkit", "--home", str(home), "conversation", "import"]
    try:
        done = subprocess.run(
            [*command, *args],
            capture_output=True,
            text=True,
            timeout=seconds,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"copkit conversation import {' '.join(args)} ran past {seconds} s")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {args[0]}: "), done.stderr
    assert _file(home) == before
    return lines[0]


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (DEEP, "is not a list of Slack messages"),  # the day's file itself
        (  # a field of a message, which msgspec would pass over unread
            json.dumps([{"type": "message", "user": "UANN", "ts": _ts(9, 9), "blocks": 0}]),
            "is nested too deeply",
        ),
    ],
    ids=["file", "field"],
)
def test_a_slack_day_file_nested_100000_deep_is_refused(
    spaces: Run, tmp_path: Path, home: Path, content: str, said: str
) -> None:
    export = slack_zip(tmp_path / "deep.zip")
    with zipfile.ZipFile(export, "a") as archive:
        archive.writestr(
            "general/2026-10-09.json", content.replace('"blocks": 0', f'"blocks": {DEEP}')
        )
    line = _refusal(spaces, home, str(export), *SLACK_CHANNELS)
    assert "general/2026-10-09.json: " + said in line


@pytest.mark.parametrize("where", ["second message", "before the first"])
def test_a_teams_message_nested_100000_deep_is_refused(
    spaces: Run, tmp_path: Path, home: Path, where: str
) -> None:
    """Read in a process of its own: ijson keeps a prefix per level, so a reading that went
    past the bound would take gigabytes (ijson 3.2 read a whole buffer's levels at once)."""
    data = json.loads(graph_json(tmp_path / "t.json").read_text())
    if where == "second message":
        data["value"][1]["body"] = {"content": "DEEP"}
    else:
        data["value"].insert(0, "DEEP")
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(data).replace('"DEEP"', DEEP))
    line = _refusal_in_time(home, str(path), "--space", "Circle")
    assert "nested too deeply (past 64 levels)" in line


RANGE = "is out of range: copkit takes dates from 1900-01-01 to 9989-12-31"


def test_a_csv_time_at_the_end_of_the_calendar_is_refused(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    """9999-12-31T23:00-12:00 is 10000-01-01 in UTC: it overflowed Python's calendar."""
    path = tmp_path / "late.csv"
    path.write_text(CSV + "9999-12-31T23:00-12:00,Zed,post,t9\n")
    line = _refusal(spaces, home, str(path), "--space", "Cafe")
    assert "line 6" in line and RANGE in line


def _dated(kind: str, folder: Path, year: int) -> list[str]:
    """One export of ``kind`` whose one message was written on 1 June of ``year``."""
    moment = dt.datetime(year, 6, 1, 9, tzinfo=dt.UTC)
    if kind == "slack":
        path = slack_zip(folder / "old.zip", days=(1,))
        with zipfile.ZipFile(path, "a") as archive:
            stamp = f"{moment.timestamp():.6f}"
            archive.writestr(
                "general/2026-10-09.json",
                json.dumps([{"type": "message", "user": "UANN", "ts": stamp}]),
            )
        return [str(path), *SLACK_CHANNELS]
    if kind == "teams":
        data = json.loads(graph_json(folder / "t.json").read_text())
        data["value"][1]["createdDateTime"] = moment.isoformat().replace("+00:00", "Z")
        path = folder / "old.json"
        path.write_text(json.dumps(data))
        return [str(path), "--space", "Circle"]
    if kind == "mbox":
        path = mbox_file(folder / "old.mbox")
        stamp = email.utils.format_datetime(moment)
        path.write_text(
            path.read_text().replace(
                email.utils.format_datetime(dt.datetime(2026, 10, 4, 9, tzinfo=dt.UTC)), stamp
            )
        )
        return [str(path), "--space", "Cafe"]
    path = folder / "old.csv"
    path.write_text(CSV + f"{moment.date().isoformat()},Zed,post,t9\n")
    return [str(path), "--space", "Cafe"]


#: Every importer and year, but a mail of year 1: RFC 5322 reads the year 0001 as 2001.
_OUT_OF_RANGE = [
    (kind, year)
    for kind in ("slack", "teams", "mbox", "csv")
    for year in (1, 1653, 9999)
    if (kind, year) != ("mbox", 1)
]


@pytest.mark.parametrize(("kind", "year"), _OUT_OF_RANGE)
def test_exports_keep_to_the_years_a_date_option_takes(
    spaces: Run, tmp_path: Path, home: Path, kind: str, year: int
) -> None:
    """The one range of copkit.schedule.parsing (what --as-of takes), for every importer."""
    line = _refusal(spaces, home, *_dated(kind, tmp_path, year))
    assert RANGE in line


def _slack_with(path: Path, name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Path:
    slack_zip(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo(name, (2026, 10, 9, 0, 0, 0)), data, method)
    return path


def test_a_zip_member_compressed_beyond_any_real_export_is_refused_unread(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    """8 MB of whitespace in 8 KB: a zip bomb's shape (issue 19 saw 400 MB in 400 KB)."""
    export = _slack_with(
        tmp_path / "bomb.zip", "general/2026-10-09.json", b"[" + b" " * 8_000_000 + b"]"
    )
    line = _refusal(spaces, home, str(export), *SLACK_CHANNELS)
    assert "general/2026-10-09.json" in line and "compressed" in line


def test_a_zip_member_whose_header_claims_gigabytes_is_refused_unread(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    """The sizes in the zip's directory are what zipfile reads by: a member claiming 3 GB is
    refused before a byte of it is inflated (a lie the other way is cut short by zipfile)."""
    import struct

    export = _slack_with(
        tmp_path / "claims.zip", "general/2026-10-09.json", b"[]", zipfile.ZIP_STORED
    )
    raw = bytearray(export.read_bytes())
    name = b"general/2026-10-09.json"
    central = raw.rindex(name) - 46  # the central directory entry holding the name
    assert raw[central : central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", raw, central + 24, 3_000_000_000)  # uncompressed size
    export.write_bytes(bytes(raw))
    assert zipfile.ZipFile(export).getinfo(name.decode()).file_size == 3_000_000_000
    line = _refusal(spaces, home, str(export), *SLACK_CHANNELS)
    assert "general/2026-10-09.json" in line and "3,000,000,000 bytes" in line


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (200_000, "its headers run past 262,144 bytes"),  # 2.8 MB: past 120 s in issue 19
        (10_000, "its From header is 140,016 characters long"),  # 140 KB: a third of a second
    ],
)
def test_a_from_header_of_many_encoded_words_is_refused_at_once(
    spaces: Run, tmp_path: Path, home: Path, words: int, said: str
) -> None:
    """Reading encoded words takes time growing with the square of the header's length."""
    path = mbox_file(tmp_path / "words.mbox")
    header = " ".join(["=?utf-8?q?a?="] * words)
    path.write_text(path.read_text().replace("From: Bo Chan", f"From: {header}", 1))
    line = _refusal_in_time(home, str(path), "--space", "Cafe")
    assert "mail 2" in line and said in line


def test_a_fifo_given_as_an_export_is_refused_without_waiting(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    import os

    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    line = _refusal_in_time(home, str(fifo), "--space", "Cafe")
    assert "not a regular file" in line


def test_a_fifo_inside_a_maildir_is_refused_without_waiting(
    spaces: Run, tmp_path: Path, home: Path
) -> None:
    import os

    folder = maildir_folder(tmp_path / "list")
    os.mkfifo(folder / "cur" / "1700000000.fifo.host:2,S")
    line = _refusal_in_time(home, str(folder), "--space", "Cafe")
    assert "1700000000.fifo.host:2,S" in line and "not a regular file" in line


def test_an_export_of_bots_only_says_so(spaces: Run, tmp_path: Path, home: Path) -> None:
    data = json.loads(graph_json(tmp_path / "t.json").read_text())
    data["value"] = [m for m in data["value"] if m["id"] == "1004"] * 3  # Workflows, 3 times
    path = tmp_path / "bots.json"
    path.write_text(json.dumps(data))
    line = _refusal(spaces, home, str(path), "--space", "Circle")
    assert "every message (3) was from a bot" in line and "--space" not in line
