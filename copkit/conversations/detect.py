"""Which export a file is: told (``--format``) or recognised from its content, not its name."""

from __future__ import annotations

import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

from copkit.conversations.events import Export, ExportError
from copkit.conversations.limits import check_source

FORMATS = ("slack", "teams", "mbox", "maildir", "csv")


def detect(path: Path) -> str:
    """The format of ``path``; ExportError naming the file if it is none copkit reads. Only
    the start of a file is read (a zip's directory, the first JSON message)."""
    from copkit.conversations import csvfile, mail, slack, teams

    check_source(path)
    if path.is_dir():
        if mail.is_maildir(path):
            return "maildir"
        raise ExportError(path, "", "is a folder but not a Maildir (cur, new and tmp)")
    if zipfile.is_zipfile(path):
        if slack.is_slack_zip(path):
            return "slack"
        raise ExportError(path, "", "is a zip without users.json and channels.json (not Slack)")
    if mail.is_mbox(path):
        return "mbox"
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError as exc:
        raise ExportError(path, "", f"cannot be read ({exc.strerror or exc})") from None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if text[:1] in ("{", "["):
        if teams.looks_like_graph(path):
            return "teams"
        raise ExportError(path, "", "is JSON but not Microsoft Graph chatMessage objects")
    if csvfile.looks_like_csv(text):
        return "csv"
    raise ExportError(
        path,
        "",
        "is not an export copkit reads (a Slack export zip, Teams messages from Microsoft "
        "Graph as JSON, an mbox file, a Maildir folder, or a CSV when,who,kind,thread)",
    )


def read_export(path: Path, zone: ZoneInfo, fmt: str | None = None) -> Export:
    """Read one export, summed as it is read (nothing is stored here)."""
    from copkit.conversations import csvfile, mail, slack, teams

    check_source(path)
    fmt = fmt or detect(path)
    if fmt == "slack":
        return slack.read_slack(path, zone)
    if fmt == "teams":
        return teams.read_teams(path, zone)
    if fmt in ("mbox", "maildir"):
        return mail.read_mail(path, zone)
    if fmt == "csv":
        return csvfile.read_csv(path, zone)
    raise ExportError(path, "", f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
