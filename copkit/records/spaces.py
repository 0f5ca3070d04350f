"""Changing and retiring a space, with its history kept (`space edit`, `space retire`).

Apart from :mod:`copkit.records.rhythms` (which adds spaces) because retiring asks whether a
series still meets there, which is :mod:`copkit.records.meetings`' question, and that module
already reads :mod:`copkit.records.rhythms`. A retired space keeps its meetings and its
conversation: readings of the days before it was retired still count it, and readings from
that day on leave it out (:meth:`copkit.model.Space.in_use`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from copkit.errors import CopkitError
from copkit.model import ConversationMonth, Meeting, Rhythm, Space, Visibility
from copkit.model.refs import find_space
from copkit.records.data import snapshot
from copkit.records.meetings import coming_starts

if TYPE_CHECKING:
    from copkit.storage.store import Session


def edit_space(
    session: Session,
    ref: str,
    *,
    name: str | None = None,
    purpose: str | None = None,
    visibility: Visibility | None = None,
    platform: str | None = None,
    location: str | None = None,
    url: str | None = None,
) -> Space:
    """Rename a space or change its purpose, visibility, platform, room or link; only what is
    given changes. A private space that holds meetings, series or conversation stays private:
    what was said and done there was said and done in private."""
    spaces = session.all(Space)
    found = find_space(spaces, ref)
    if name and any(s.name.lower() == name.strip().lower() and s.id != found.id for s in spaces):
        raise CopkitError(f"there is already a space called {name!r}")
    if visibility is Visibility.PUBLIC and found.is_private and _holds_history(session, found):
        raise CopkitError(
            f"{found.name} is private and holds meetings or conversation, which stay private: "
            "add a public space for what comes next (`copkit space add NAME --public`)"
        )
    changes = {
        key: value
        for key, value in (
            ("name", name),
            ("purpose", purpose),
            ("visibility", visibility),
            ("platform", platform),
            ("location", location),
            ("url", url),
        )
        if value is not None and value != getattr(found, key)
    }
    if not changes:
        raise CopkitError(f"nothing changed in {found.name}")
    return session.put(found.replace(**changes))


def _holds_history(session: Session, space: Space) -> bool:
    return (
        any(m.space_id == space.id for m in session.all(Meeting))
        or any(r.space_id == space.id for r in session.all(Rhythm))
        or any(c.space_id == space.id and c.tallies for c in session.all(ConversationMonth))
    )


def retire_space(session: Session, ref: str, on: dt.date) -> Space:
    """Stop using a space from ``on``. Refused while a series still meets there from that day
    (move it with `rhythm edit --space` or end it with `rhythm end` first), or when a meeting
    was held there on or after that day: the space was still in use."""
    data = snapshot(session)
    found = find_space(data.spaces, ref)
    if found.retired is not None:
        raise CopkitError(f"{found.name} was already retired on {found.retired}")
    start = dt.datetime.combine(on, dt.time(), tzinfo=dt.UTC)
    for rhythm in data.rhythms:
        if rhythm.space_id == found.id and coming_starts(data, rhythm, now=start, count=1):
            raise CopkitError(
                f"{rhythm.name} still meets in {found.name} from {on}: move it "
                f"(`copkit rhythm edit {rhythm.id} --space OTHER`) or end it "
                f"(`copkit rhythm end {rhythm.id} --on {on}`) first"
            )
    held = [m for m in data.meetings if m.space_id == found.id and m.held and m.start.date() >= on]
    if held:
        raise CopkitError(
            f"a meeting was held in {found.name} on {held[-1].start:%d %b %Y}: retire it from "
            "a later day"
        )
    return session.put(found.replace(retired=on))


def unretire_space(session: Session, ref: str) -> Space:
    """Use a retired space again (it was retired by mistake, or the community went back)."""
    found = find_space(session.all(Space), ref)
    if found.retired is None:
        raise CopkitError(f"{found.name} is not retired")
    return session.put(found.replace(retired=None))
