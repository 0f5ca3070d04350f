"""Invites that reach people: `invite --send` through a real SMTP server (aiosmtpd, 127.0.0.1).

Each message received is read back with the `email` package and icalendar: its MIME parts, its
METHOD (in the part's Content-Type and in the calendar), UID, SEQUENCE and recipients. copkit
remembers what each member holds, so sending again goes only where it is needed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from servers import MailServer, Received, certificate, free_port


def _ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def _configure(run, server: MailServer, *extra: str) -> None:
    _ok(run, "config", "smtp", "--host", "127.0.0.1", "--port", str(server.port), *extra)


def _calendar(received: Received) -> tuple[str, Calendar]:
    message = received.message
    assert message.get_content_type() == "multipart/alternative"
    text, ics = message.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("charset").upper() == "UTF-8"
    method = ics.get_param("method")
    cal = Calendar.from_ical(ics.get_content())
    assert cal["METHOD"] == method
    return str(method), cal


@pytest.fixture
def circle(community):
    _ok(community, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-09-01")  # fmt: skip
    return community


def test_the_series_reaches_every_member_once(circle, home: Path) -> None:
    with MailServer() as server:
        _configure(circle, server, "--security", "none")
        result = _ok(circle, "invite", "Circle", "--send")
        assert result.output == "Sent 2 invite(s) for Circle\n"
        # the gardener sends, so she gets none; Bo and Cy one each, addressed to them
        assert sorted(r.recipients[0] for r in server.received) == [
            "bo@example.org", "cy@example.org"
        ]  # fmt: skip
        first = server.received[0]
        assert first.envelope_from == "ann@example.org"
        assert first.message["From"] == "Ann Lee <ann@example.org>"
        assert first.message["To"].addresses[0].addr_spec == first.recipients[0]
        assert first.message["Subject"] == "Invitation: Circle"
        method, cal = _calendar(first)
        event = cal.events[0]
        assert method == "REQUEST" and event["UID"] == "r1.test-cop@copkit"
        assert int(event["SEQUENCE"]) == 0
        assert str(event["ORGANIZER"]) == "mailto:ann@example.org"
        text = first.message.get_body(("plain",)).get_content()
        assert "Next: Tue 08 Dec 2026 14:00" in text

        again = _ok(circle, "invite", "Circle", "--send")
        assert "Nothing to send" in again.output and len(server.received) == 2

        # a newcomer gets the series; someone who left gets a CANCEL addressed to them
        _ok(circle, "member", "add", "Dee Ray", "--email", "dee@example.org")
        _ok(circle, "member", "leave", "Bo")
        _ok(circle, "invite", "Circle", "--send")
        new = {r.recipients[0]: r for r in server.received[2:]}
        assert sorted(new) == ["bo@example.org", "dee@example.org"]
        method, cal = _calendar(new["bo@example.org"])
        assert method == "CANCEL" and cal.events[0]["STATUS"] == "CANCELLED"
        assert [str(a) for a in cal.events[0].get("ATTENDEE") or []] in (
            ["mailto:bo@example.org"],
            "mailto:bo@example.org",
        ) or str(cal.events[0]["ATTENDEE"]) == "mailto:bo@example.org"
        assert int(cal.events[0]["SEQUENCE"]) == 1  # above the 0 his calendar holds
        assert _calendar(new["dee@example.org"])[0] == "REQUEST"

        # a change goes to those who hold the series, as an update with a higher SEQUENCE
        _ok(circle, "rhythm", "edit", "Circle", "--start", "15:00", "--send")
        update = {r.recipients[0]: r for r in server.received[4:]}
        assert sorted(update) == ["cy@example.org", "dee@example.org"]
        assert update["cy@example.org"].message["Subject"] == "Updated invitation: Circle"
        assert int(_calendar(update["cy@example.org"])[1].events[0]["SEQUENCE"]) == 1
        assert "Nothing to send" in _ok(circle, "invite", "Circle", "--send").output


def test_a_cancelled_meeting_goes_as_a_cancel_of_that_date(circle) -> None:
    with MailServer() as server:
        _configure(circle, server, "--security", "none")
        _ok(circle, "invite", "Circle", "--send")
        result = _ok(circle, "meeting", "cancel", "--rhythm", "Circle", "--on", "2026-12-08",
                     "--reason", "Staff conference", "--send")  # fmt: skip
        assert "Sent 2 cancellation(s) for Circle" in result.output
        method, cal = _calendar(server.received[-1])
        event = cal.events[0]
        assert method == "CANCEL" and event["UID"] == "r1.test-cop@copkit"
        assert event["RECURRENCE-ID"].dt == dt.datetime(2026, 12, 8, 14, tzinfo=event[
            "RECURRENCE-ID"].dt.tzinfo)  # fmt: skip
        assert str(event["RECURRENCE-ID"].dt.tzinfo) == "Europe/London"
        assert int(event["SEQUENCE"]) == 1
        assert "Nothing to send" in _ok(circle, "invite", "Circle", "--send").output


def test_ending_a_series_sends_the_update_with_its_until(circle) -> None:
    with MailServer() as server:
        _configure(circle, server, "--security", "none")
        _ok(circle, "invite", "Circle", "--send")
        _ok(circle, "rhythm", "end", "Circle", "--on", "2027-02-01", "--send")
        method, cal = _calendar(server.received[-1])
        assert method == "REQUEST" and "UNTIL" in cal.events[0]["RRULE"]


def test_starttls_with_a_login_and_the_password_from_the_environment(
    circle, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert = certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert.ca_file))
    with MailServer(mode="starttls", cert=cert, login=("ann", "s3cret")) as server:
        _configure(circle, server, "--security", "starttls", "--user", "ann")
        monkeypatch.setenv("COPKIT_SMTP_PASSWORD", "wrong")
        refused = circle("invite", "Circle", "--send")
        assert refused.exit_code == 1
        assert refused.stderr.startswith(
            f"Error: the mail server 127.0.0.1:{server.port} refused the login for ann (535"
        )
        assert len(refused.stderr.strip().splitlines()) == 1 and server.received == []
        monkeypatch.setenv("COPKIT_SMTP_PASSWORD", "s3cret")
        assert _ok(circle, "invite", "Circle", "--send").output == "Sent 2 invite(s) for Circle\n"
        assert len(server.received) == 2
    # the password is in no file copkit wrote
    for path in home.rglob("*"):
        if path.is_file():
            assert b"s3cret" not in path.read_bytes(), path
    settings = json.loads((home / "config.json").read_text())["smtp"]
    assert settings == {"host": "127.0.0.1", "port": server.port, "security": "starttls",
                        "user": "ann", "sender": ""}  # fmt: skip


def test_implicit_tls(circle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cert = certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert.ca_file))
    with MailServer(mode="tls", cert=cert) as server:
        _configure(circle, server, "--security", "tls")
        _ok(circle, "invite", "Circle", "--send")
        assert len(server.received) == 2


def test_a_server_that_is_down_is_one_clear_line_and_nothing_is_recorded(circle) -> None:
    port = free_port()
    _ok(circle, "config", "smtp", "--host", "127.0.0.1", "--port", str(port), "--security",
        "none")  # fmt: skip
    result = circle("invite", "Circle", "--send")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot reach the mail server 127.0.0.1:{port} (connection refused); "
        "nothing was sent\n"
    )
    with MailServer() as server:
        _configure(circle, server)
        _ok(circle, "invite", "Circle", "--send")
        assert len(server.received) == 2  # nothing was recorded as sent before


def test_a_refused_recipient_is_named_and_sent_again_later(circle) -> None:
    with MailServer(refuse={"cy@example.org"}) as server:
        _configure(circle, server, "--security", "none")
        result = circle("invite", "Circle", "--send")
        assert result.exit_code == 1
        assert result.output.startswith("Sent 1 invite(s) for Circle\n")
        assert "Error: cy@example.org was refused by the mail server (550 5.1.1 mailbox " in (
            result.stderr
        )
        assert [r.recipients for r in server.received] == [["bo@example.org"]]
    with MailServer() as server:
        _configure(circle, server)
        _ok(circle, "invite", "Circle", "--send")
        assert [r.recipients for r in server.received] == [["cy@example.org"]]


def test_a_server_that_hangs_up_after_a_refusal_keeps_what_it_accepted(circle) -> None:
    with MailServer(drop={"cy@example.org"}) as server:
        _configure(circle, server, "--security", "none")
        result = circle("invite", "Circle", "--send")
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.exit_code == 1
        assert result.output.startswith("Sent 1 invite(s) for Circle\n")
        assert "cy@example.org was refused by the mail server (550 5.1.1 " in result.stderr
        assert [r.recipients for r in server.received] == [["bo@example.org"]]
    with MailServer() as server:
        _configure(circle, server)
        _ok(circle, "invite", "Circle", "--send")
        assert [r.recipients for r in server.received] == [["cy@example.org"]]


def test_a_dry_run_names_files_safely_for_any_address(circle, tmp_path: Path) -> None:
    """A slash may stand in an address (RFC 5322 atext); a backslash may not, unquoted, so a
    member holding one cannot be written a message (it is named, as any odd address is)."""
    _ok(circle, "member", "add", "Di Slash", "--email", "d/i@example.org")
    outbox = tmp_path / "outbox"
    _ok(circle, "invite", "Circle", "--dry-run", "--outbox", str(outbox))
    files = sorted(p.name for p in outbox.iterdir())
    assert files == ["001-bo@example.org.eml", "002-cy@example.org.eml",
                     "003-d_i@example.org.eml"]  # fmt: skip


def test_a_dry_run_writes_eml_files_and_sends_nothing(circle, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    result = _ok(circle, "invite", "Circle", "--dry-run", "--outbox", str(outbox))
    assert result.output == f"Wrote 2 messages to {outbox}; nothing was sent\n"
    files = sorted(p.name for p in outbox.iterdir())
    assert files == ["001-bo@example.org.eml", "002-cy@example.org.eml"]
    from email import message_from_bytes, policy

    raw = (outbox / files[0]).read_bytes()
    assert b"\r\n" in raw
    message = message_from_bytes(raw, policy=policy.default)
    assert _calendar(Received("", [], message))[0] == "REQUEST"  # type: ignore[arg-type]
    # nothing was recorded: a real send afterwards still goes to both
    with MailServer() as server:
        _configure(circle, server, "--security", "none")
        _ok(circle, "invite", "Circle", "--send")
        assert len(server.received) == 2


def test_sending_needs_a_mail_server_first(circle) -> None:
    result = circle("invite", "Circle", "--send")
    assert result.exit_code == 1 and "copkit config smtp --host HOST" in result.stderr


def test_forgetting_a_member_erases_what_was_sent_to_them(circle, home: Path) -> None:
    with MailServer() as server:
        _configure(circle, server, "--security", "none")
        _ok(circle, "invite", "Circle", "--send")
        assert len(server.received) == 2
    _ok(circle, "member", "forget", "Cy", "--yes")
    stored = (home / "test-cop.json").read_text()
    assert "cy@example.org" not in stored
    assert stored.count('"member_id"') == 1  # Bo's record of what he holds, no longer Cy's


CLEAR_LOGIN = (
    "Error: a login with --security none would send the password for amara in clear to {host}; "
    "choose --security starttls or tls (a login without encryption is only for a mail relay on "
    "this machine: 127.0.0.0/8, ::1 or localhost)\n"
)


@pytest.mark.parametrize("host", ["smtp.riverside.example.org", "10.0.0.5", "2001:db8::25",
                                  "127.0.0.1.example.org", "localhost.example.org"])  # fmt: skip
def test_a_login_without_encryption_is_refused_for_another_machine(
    run, home: Path, host: str
) -> None:
    result = run("config", "smtp", "--host", host, "--security", "none", "--user", "amara")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == CLEAR_LOGIN.format(host=host)
    assert not (home / "config.json").exists()
    # the same with the password asked for: nothing is asked, nothing kept
    asked = run("config", "smtp", "--host", host, "--security", "none", "--user", "amara",
                "--password", input="s3cret\n")  # fmt: skip
    assert asked.exit_code == 1 and "Password" not in asked.output
    assert asked.stderr == CLEAR_LOGIN.format(host=host)
    # a server with no login, or with encryption, is fine
    _ok(run, "config", "smtp", "--host", host, "--security", "none")
    refused = run("config", "smtp", "--user", "amara")
    assert refused.stderr == CLEAR_LOGIN.format(host=host)
    _ok(run, "config", "smtp", "--security", "starttls", "--user", "amara")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "localhost", "LocalHost"])
def test_a_login_without_encryption_is_allowed_to_this_machine(run, host: str) -> None:
    _ok(run, "config", "smtp", "--host", host, "--security", "none", "--user", "amara")


def test_a_login_without_encryption_is_refused_again_when_sending(
    circle, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings an older copkit (or a hand) wrote: the password never leaves, nothing is sent,
    and the settings can still be shown and mended."""
    settings = {"host": "smtp.riverside.example.org", "port": 25, "security": "none",
                "user": "amara", "sender": ""}  # fmt: skip
    (home / "config.json").write_text(json.dumps({"current": "test-cop", "smtp": settings}))
    monkeypatch.setenv("COPKIT_SMTP_PASSWORD", "s3cret")
    result = circle("invite", "Circle", "--send")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: the mail server smtp.riverside.example.org:25 has no encryption (security "
        "none), so logging in as amara would send the password in clear; nothing was sent. "
        "Choose `copkit config smtp --security starttls` (or tls)\n"
    )
    assert "amara" in _ok(circle, "config", "smtp").output
    _ok(circle, "config", "smtp", "--security", "tls")


def _copkit(home: Path, *args: str, keyring: str, input: str = "", **env: str):
    """copkit in a process of its own, with the keyring backend named (the backend is chosen
    once per process, so this is the way to give a command a keyring that fails)."""
    import os
    import subprocess
    import sys

    folder = str(Path(__file__).parent)
    environment = os.environ | env | {"PYTHON_KEYRING_BACKEND": keyring}
    environment["PYTHONPATH"] = os.pathsep.join([folder, environment.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "copkit", "--home", str(home), *args],
        input=input, capture_output=True, text=True, timeout=120, env=environment,
    )  # fmt: skip


def test_without_a_keyring_the_password_and_the_settings_are_one_outcome(home: Path) -> None:
    """No keyring: one line, exit 1, nothing asked and nothing saved; the settings on their
    own (no --password) are still saved."""
    args = ("config", "smtp", "--host", "smtp.riverside.example.org", "--user", "amara")
    failing = "keyring.backends.fail.Keyring"
    result = _copkit(home, *args, "--password", keyring=failing, input="s3cret\n")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: this machine has no system keyring to keep the password in; nothing was "
        "saved. Set COPKIT_SMTP_PASSWORD when sending instead, and run this again without "
        "--password\n"
    )
    assert not (home / "config.json").exists()
    assert _copkit(home, *args, keyring=failing).returncode == 0
    before = (home / "config.json").read_bytes()
    moved = _copkit(home, "config", "smtp", "--host", "smtp2.riverside.example.org",
                    "--password", keyring=failing, input="s3cret\n")  # fmt: skip
    assert moved.returncode == 1 and len(moved.stderr.splitlines()) == 1
    assert (home / "config.json").read_bytes() == before


def test_the_password_is_kept_with_the_settings_in_one_step(home: Path, tmp_path: Path) -> None:
    kept = tmp_path / "keyring.json"
    result = _copkit(home, "config", "smtp", "--host", "smtp.riverside.example.org", "--user",
                     "amara", "--password", keyring="keyrings.FileKeyring", input="s3cret\n",
                     COPKIT_TEST_KEYRING=str(kept))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Invites go through smtp.riverside.example.org:587 (starttls, login amara); the "
        "password for amara@smtp.riverside.example.org is in the system keyring "
        "($COPKIT_SMTP_PASSWORD, if set, comes first)\n"
    )
    assert json.loads(kept.read_text()) == {
        "copkit-smtp amara@smtp.riverside.example.org": "s3cret"
    }
    assert b"s3cret" not in (home / "config.json").read_bytes()


def _sending(home: Path, *args: str, **env: str):
    """`copkit ARGS` in a process of its own, running while the test goes on."""
    import os
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-m", "copkit", "--home", str(home), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ | env,
    )  # fmt: skip


def test_a_server_that_never_answers_holds_no_lock(circle, home: Path) -> None:
    """The invites are prepared under the community's lock and sent without it: a gardener
    adding a member in another terminal is not kept waiting by the mail server."""
    import time

    from servers import SilentServer

    with SilentServer() as server:
        _configure(circle, server, "--security", "none")  # type: ignore[arg-type]
        sender = _sending(home, "invite", "Circle", "--send", COPKIT_SERVER_TIMEOUT="60")
        try:
            assert server.accepted.wait(60), sender.communicate()
            started = time.monotonic()
            added = circle("member", "add", "Dee Ray", "--email", "dee@example.org")
            assert added.exit_code == 0, added.output
            assert time.monotonic() - started < 10
            assert sender.poll() is None  # still waiting for the server
        finally:
            server.__exit__()  # hang up: the sender stops waiting
            out, err = sender.communicate(timeout=60)
    assert sender.returncode == 1 and out == ""
    assert err == (  # hung up on before it said a word
        f"Error: cannot reach the mail server 127.0.0.1:{server.port} (connection unexpectedly "
        "closed); nothing was sent\n"
    )
    assert "Dee Ray" in _ok(circle, "member", "list").output


def test_a_server_that_never_answers_is_named_after_the_wait(
    circle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servers import SilentServer

    monkeypatch.setenv("COPKIT_SERVER_TIMEOUT", "1")
    with SilentServer() as server:
        _configure(circle, server, "--security", "none")  # type: ignore[arg-type]
        result = circle("invite", "Circle", "--send")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: the mail server 127.0.0.1:{server.port} does not answer (waited 1 s); "
        "nothing was sent\n"
    )
    monkeypatch.setenv("COPKIT_SERVER_TIMEOUT", "soon")
    wrong = circle("invite", "Circle", "--send")
    assert wrong.stderr == (
        "Error: $COPKIT_SERVER_TIMEOUT is how many seconds to wait for a server (such as 30), "
        "not 'soon'\n"
    )


def test_what_the_server_accepted_is_recorded_beside_what_changed_meanwhile(
    circle, home: Path
) -> None:
    """While the server takes its time, the community changes; afterwards both the change and
    what was sent are in the file."""
    import threading

    hold = threading.Event()
    with MailServer(hold=hold) as server:
        _configure(circle, server, "--security", "none")
        sender = _sending(home, "invite", "Circle", "--send")
        try:
            assert server.handler.holding.wait(60), sender.communicate()
            _ok(circle, "member", "add", "Dee Ray", "--email", "dee@example.org")
        finally:
            hold.set()
            out, err = sender.communicate(timeout=60)
        assert (sender.returncode, out, err) == (0, "Sent 2 invite(s) for Circle\n", "")
        again = _ok(circle, "invite", "Circle", "--send")
        assert again.output == "Sent 1 invite(s) for Circle\n"
        assert [r.recipients for r in server.received[2:]] == [["dee@example.org"]]


@pytest.mark.parametrize("hang_up", [False, True])
def test_a_refused_login_reads_as_one(
    circle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hang_up: bool
) -> None:
    """Also from a server that hangs up after refusing the password (smtplib then finds the
    connection gone while it tries the next way of logging in)."""
    cert = certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert.ca_file))
    monkeypatch.setenv("COPKIT_SMTP_PASSWORD", "wrong")
    login = ("ann", "s3cret")
    with MailServer(mode="tls", cert=cert, login=login, hang_up_on_refusal=hang_up) as server:
        _configure(circle, server, "--security", "tls", "--user", "ann")
        result = circle("invite", "Circle", "--send")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: the mail server 127.0.0.1:{server.port} refused the login for ann (535 5.7.8 "
        "Authentication credentials invalid); check the user and the password; nothing was "
        "sent\n"
    )


# --- one odd member never stops everyone's invites ----------------------------------------

EVIL_NAME = "=?utf-8?q?Evil=0D=0ABcc:_x@evil.com?="
CYRILLIC = "bo2@eastbr\u043e\u043ek.example.org"  # two Cyrillic o's: it reads as eastbrook
NO_ASCII = (
    f"{CYRILLIC!r} is not an email address copkit can send to: it holds '\u043e' (U+043E "
    "CYRILLIC SMALL LETTER O), and copkit sends only to addresses in plain ASCII letters, "
    "digits and punctuation"
)


def test_an_address_in_another_script_is_refused_naming_the_character(circle, home) -> None:
    before = (home / "test-cop.json").read_bytes()
    result = circle("member", "add", "B\u043e Chan", "--email", CYRILLIC)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {NO_ASCII}\n"
    assert (home / "test-cop.json").read_bytes() == before


def _older_file(home: Path, change) -> None:
    """Write what an older copkit let in straight into the community file."""
    path = home / "test-cop.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def _member(document, name: str):
    return next(m for m in document["members"].values() if m["name"] == name)


@pytest.fixture
def odd(circle, home: Path):
    """Bo's address is in Cyrillic letters, Cy's name is an RFC 2047 encoded word that hides a
    line break and a Bcc; Dee is as anyone."""
    _ok(circle, "member", "add", "Dee Ray", "--email", "dee@example.org")

    def change(document) -> None:
        _member(document, "Bo Chan")["email"] = CYRILLIC
        _member(document, "Cy Dee")["name"] = EVIL_NAME

    _older_file(home, change)
    assert "eastbr" in _ok(circle, "member", "list").output  # the file still opens
    return circle


BO_LEFT_OUT = (
    f"Error: no message for Bo Chan (m2): {NO_ASCII}; correct it with `copkit member edit m2 "
    "--email ADDRESS`\n"
)
CY_UNNAMED = (
    f"{EVIL_NAME} (m3) gets the message addressed to cy@example.org alone: their name cannot "
    "be written in a mail header as it is\n"
)


def _headers_only_as_written(message) -> None:
    assert "Bcc" not in message and "evil.com" not in str(message["To"])
    assert set(message.keys()) == {"From", "To", "Subject", "Date", "Message-ID",
                                   "Content-Type", "MIME-Version"}  # fmt: skip


def test_an_odd_member_is_named_and_the_others_are_written(odd, tmp_path: Path) -> None:
    from email import message_from_bytes, policy

    outbox = tmp_path / "outbox"
    result = odd("invite", "Circle", "--dry-run", "--outbox", str(outbox))
    assert result.exit_code == 1
    assert result.stdout == CY_UNNAMED + f"Wrote 2 messages to {outbox}; nothing was sent\n"
    assert result.stderr == BO_LEFT_OUT
    files = sorted(outbox.iterdir())
    assert [p.name for p in files] == ["001-cy@example.org.eml", "002-dee@example.org.eml"]
    cy = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert cy["To"] == "cy@example.org"
    _headers_only_as_written(cy)


def test_an_odd_member_is_named_and_the_others_are_sent(odd) -> None:
    with MailServer() as server:
        _configure(odd, server, "--security", "none")
        result = odd("invite", "Circle", "--send")
        assert result.exit_code == 1
        assert result.stdout == CY_UNNAMED + "Sent 2 invite(s) for Circle\n"
        assert result.stderr == BO_LEFT_OUT
        assert [r.recipients for r in server.received] == [["cy@example.org"],
                                                           ["dee@example.org"]]  # fmt: skip
        for received in server.received:
            _headers_only_as_written(received.message)
        # Bo's address corrected: he is sent his, nobody else is sent one twice
        _ok(odd, "member", "edit", "m2", "--email", "bo2@eastbrook.example.org")
        assert _ok(odd, "invite", "Circle", "--send").stdout == "Sent 1 invite(s) for Circle\n"
        assert server.received[-1].recipients == ["bo2@eastbrook.example.org"]


def test_a_name_that_would_write_a_header_never_does(circle, home: Path, tmp_path) -> None:
    """A rhythm's name in the Subject, the organiser's name in From: an encoded word there
    is refused (a subject) or left out (a name), never written as a header of its own."""
    _older_file(home, lambda d: d["rhythms"]["1"].update(name=f"Circle {EVIL_NAME}"))
    outbox = tmp_path / "outbox"
    result = circle("invite", "r1", "--dry-run", "--outbox", str(outbox))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: the name of the rhythm 'Circle {EVIL_NAME}' (r1) cannot be written as a mail "
        "subject as it is; rename it with `copkit rhythm edit r1 --name NAME`\n"
    )
    assert not outbox.exists()
    _older_file(home, lambda d: d["rhythms"]["1"].update(name="Circle"))
    _ok(circle, "community", "edit", "--gardener", EVIL_NAME, "--gardener-email",
        "ann@example.org")  # fmt: skip
    written = circle("invite", "r1", "--dry-run", "--outbox", str(outbox))
    assert written.exit_code == 0, written.output
    assert written.stdout.startswith(
        "The messages are from ann@example.org alone: the organiser's name cannot be written "
        "in a mail header as it is\n"
    )
    from email import message_from_bytes, policy

    for path in outbox.iterdir():
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message["From"] == "ann@example.org"
        _headers_only_as_written(message)
