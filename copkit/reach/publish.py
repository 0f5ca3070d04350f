"""Calendars people subscribe to: the community's calendar on a CalDAV server.

``copkit calendar publish URL`` keeps a CalDAV collection (Nextcloud, Radicale, SOGo, Fastmail
...) in step with the records, through the ``caldav`` library:

* one calendar object resource per series, named after its UID (``r2.riverside@copkit.ics``):
  publishing again replaces each in place, so subscribers' clients update the series instead of
  showing a copy, and a resource whose bytes did not change is not sent again;
* a series called off by today, or no longer in the records, is deleted from the collection;
  resources copkit did not write (another UID) are never touched;
* the public calendar (the default) is :func:`copkit.calendar.community_calendar` with
  ``public=True``: rhythms on public spaces only, no attendees, no organiser, nothing from a
  private space. A members' calendar (``members=True``) includes every rhythm, for a
  collection only members can read.

CalDAV stores resources without METHOD (RFC 4791 §4.1), each with the VTIMEZONE it uses.

A login written in the URL (``https://amara:PASSWORD@dav.example.org/...``) is taken out of it
before anything is sent or said: every message names the URL without it
(:func:`without_login`). A login over plain ``http://`` is refused unless the server is on this
machine (:func:`copkit.reach.settings.is_loopback`): it would send the password in clear.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import msgspec

from copkit import calendar
from copkit.errors import CopkitError
from copkit.reach.settings import DEFAULT_WAIT, is_loopback
from copkit.records import CommunityData

__all__ = ["Published", "publish", "resources", "without_login"]


class Published(msgspec.Struct, frozen=True):
    """What one publish did to the collection."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed"
        )


def resources(
    data: CommunityData, *, members: bool, now: dt.datetime, today: dt.date
) -> dict[str, bytes]:
    """Each series' UID and its calendar object resource, ready to PUT."""
    from icalendar import Calendar

    feed = calendar.community_calendar(data, public=not members, now=now)
    ended = {calendar.uid_of(r, data.community) for r in data.rhythms if not r.running(today)}
    zones = {str(tz["TZID"]): tz for tz in feed.walk("VTIMEZONE")}
    out: dict[str, bytes] = {}
    by_uid: dict[str, list[Any]] = {}
    for event in feed.walk("VEVENT"):
        by_uid.setdefault(str(event["UID"]), []).append(event)
    for uid, events in by_uid.items():
        if uid in ended:
            continue
        one = Calendar()
        one.add("prodid", calendar.PRODID)
        one.add("version", "2.0")
        one.add("calscale", "GREGORIAN")
        used = {str(e["DTSTART"].params.get("TZID")) for e in events if "DTSTART" in e}
        for tzid in sorted(used & zones.keys()):
            one.add_component(zones[tzid])
        for event in events:
            one.add_component(event)
        out[uid] = one.to_ical()
    return out


def without_login(url: str) -> str:
    """The URL as it may be shown: without a user or password written into it."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _login(url: str, username: str | None, password: str | None) -> tuple[str | None, str | None]:
    """Who logs in: --user (with the password given) before a login written in the URL,
    whose password counts only when none was given (the rule caldav itself keeps)."""
    parts = urlsplit(url)
    if username is None and parts.username is not None:
        username = unquote(parts.username)
        if password is None and parts.password is not None:
            password = unquote(parts.password)
    return username or None, password


def _ours(uid: str, data: CommunityData) -> bool:
    return uid.endswith(f".{data.community.slug}@copkit")


def publish(
    data: CommunityData,
    url: str,
    *,
    username: str | None = None,
    password: str | None = None,
    members: bool = False,
    now: dt.datetime,
    today: dt.date,
    wait: float = DEFAULT_WAIT,
) -> Published:
    """Bring the collection at ``url`` in step with the records (see the module docstring);
    the collection is created if it is not there yet. The server may keep silent ``wait``
    seconds at a time."""
    import caldav  # loaded only to publish: it brings an HTTP stack with it
    from caldav.lib import error as dav_error

    dav: Any = caldav  # its names moved between 1.x and 3.x modules; these two stayed put

    username, password = _login(url, username, password)
    url = without_login(url)
    parts = urlsplit(url)
    if username and parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        raise CopkitError(
            f"publishing to {url} with a login would send the password for {username} in "
            "clear; use https:// (a login over plain http is only for a calendar server on "
            "this machine: 127.0.0.0/8, ::1 or localhost)"
        )
    wanted = resources(data, members=members, now=now, today=today)
    base = url if url.endswith("/") else url + "/"
    client = dav.DAVClient(url=base, username=username, password=password, timeout=wait)
    collection = dav.Calendar(client=client, url=base)
    try:
        held = _held(_events_or_create(client, collection, base, dav_error))
        counts = _sync(client, base, wanted, held, data)
    except dav_error.AuthorizationError:
        raise CopkitError(
            f"the calendar server refused the login for {username or 'anonymous'} at {base}; "
            "check --user and COPKIT_CALDAV_PASSWORD"
        ) from None
    except dav_error.DAVError as exc:
        raise CopkitError(f"cannot publish to {base} ({_reason(exc)})") from None
    except Exception as exc:  # the HTTP stack's (requests or niquests) wrapping the network's
        unreachable = _unreachable(exc, parts.hostname or "", parts.port, parts.scheme, wait)
        if unreachable is None:
            raise
        raise CopkitError(unreachable) from None
    return Published(**counts)


def _events_or_create(client: Any, collection: Any, base: str, dav_error: Any) -> list[Any]:
    """The events the collection holds, or none after creating it (and a missing parent, such
    as a new user's home) when it is not there yet."""
    try:
        events: list[Any] = collection.events()
        return events
    except dav_error.DAVError:
        made = client.mkcalendar(base)
        if made.status == 409:  # the parent is missing (a new user's home): make it first
            client.mkcol(urljoin(base, ".."), "")
            made = client.mkcalendar(base)
        if made.status not in (200, 201):
            raise CopkitError(
                f"cannot create the calendar at {base} (HTTP {made.status}); create it on "
                "the server first"
            ) from None
        return []


def _held(existing: list[Any]) -> dict[str, tuple[str, bytes]]:
    """What the server holds, by UID: where each resource lives and its body."""
    held: dict[str, tuple[str, bytes]] = {}
    for found in existing:
        text = found.data if isinstance(found.data, str) else found.data.decode()
        uid = _uid_of(text)
        if uid:
            held[uid] = (str(found.url), text.encode())
    return held


def _sync(
    client: Any,
    base: str,
    wanted: dict[str, bytes],
    held: dict[str, tuple[str, bytes]],
    data: CommunityData,
) -> dict[str, int]:
    """Put what changed, delete what this community no longer has, and count each."""
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
    for uid, body in wanted.items():
        before = held.get(uid)
        if before is not None and _same(before[1], body):
            counts["unchanged"] += 1
            continue
        target = before[0] if before else urljoin(base, quote(uid) + ".ics")
        response = client.put(
            target, body.decode(), {"Content-Type": "text/calendar; charset=utf-8"}
        )
        if response.status not in (200, 201, 204):
            raise CopkitError(f"the server refused {uid} (HTTP {response.status})")
        counts["updated" if before else "added"] += 1
    for uid, (where, _body) in held.items():
        if uid not in wanted and _ours(uid, data):
            client.delete(where)
            counts["removed"] += 1
    return counts


def _network_error(exc: BaseException) -> OSError | None:
    """The network's own error under the HTTP stack's wrappers (requests' or niquests'
    ConnectionError, urllib3's MaxRetryError and its ``reason``, chained causes): the one a
    person can act on, such as ConnectionRefusedError or socket.gaierror."""
    found: OSError | None = None
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and type(current).__module__ in (
            "builtins",
            "socket",
            "ssl",
        ):
            found = current
        reason = getattr(current, "reason", None)
        current = (
            reason
            if isinstance(reason, BaseException)
            else (current.__cause__ or current.__context__)
        )
    return found


def _unreachable(
    exc: BaseException, host: str, port: int | None, scheme: str, wait: float
) -> str | None:
    """One plain line for a server that cannot be reached, or None if ``exc`` is not that."""
    import socket
    import ssl

    found = _network_error(exc)
    if found is None:
        return None
    shown = f"[{host}]" if ":" in host else host
    where = f"{shown}:{port or (443 if scheme == 'https' else 80)}"
    if isinstance(found, socket.gaierror):
        return f"cannot find the calendar server {host}"
    if isinstance(found, TimeoutError):
        return f"the calendar server {where} does not answer (waited {wait:g} s)"
    if isinstance(found, ssl.SSLCertVerificationError):
        return f"cannot reach {where} securely ({found.verify_message or found.reason})"
    if isinstance(found, ssl.SSLError):
        return f"cannot reach {where} securely ({found.reason or 'TLS failed'})"
    reason = found.strerror or type(found).__name__
    return f"cannot reach {where}: {reason.lower()}"


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


def _uid_of(text: str) -> str:
    for line in text.replace("\r\n ", "").splitlines():
        if line.startswith("UID:"):
            return line[4:].strip()
    return ""


def _same(held: bytes, body: bytes) -> bool:
    """The same events, however the server rewrote the file (Radicale reorders and refolds):
    both read and written again by icalendar, compared line by line, in any order."""
    from icalendar import Calendar

    def lines(raw: bytes) -> list[bytes]:
        try:
            cal = Calendar.from_ical(raw)
        except ValueError:
            return []
        found: list[bytes] = []
        for event in cal.walk("VEVENT"):
            found += event.to_ical().replace(b"\r\n ", b"").split(b"\r\n")
        return sorted(found)

    return lines(held) == lines(body)
