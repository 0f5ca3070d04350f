"""The ecosystem map: organisations, spaces and platforms, neighbouring communities, and where
conversation flows one way or both ways, drawn from the records.

The Social Care Wales mapping drew its ecosystem by hand to show where communication was
one-way; this draws the same picture from what copkit knows. The map is a small graph built
once (:func:`build_map`); :mod:`copkit.report.ecomap` writes it as Graphviz DOT, Mermaid or a
self-contained HTML page with an inline SVG.

Edges between an organisation and a space come from conversation over the window: **two-way**
when the organisation's members answered someone else's thread there or were answered in
theirs, **one-way** when they wrote there and no exchange followed. ``public=True`` draws a map
fit to publish: a private space appears only as "a private space", never by name, and with
no conversation flow, so nothing shows how busy it is.

A space retired by ``as_of`` is left off (a map of an earlier day still draws it), and each
space says what it is for. An announcements space is one way by design: what an organisation
wrote there is drawn as **announces**, never as a one-way conversation that failed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import msgspec

from copkit.conversations.read import ConversationLog, conversation_activity, threads
from copkit.health.words import count
from copkit.model import Community, Member, Space

#: How far back conversation counts on the map (copkit's own default: a year).
WINDOW_DAYS = 365
NO_ORG = "Organisation not recorded"


class Node(msgspec.Struct, frozen=True):
    id: str
    kind: str  # community, neighbour, organisation, space
    label: str
    detail: str = ""
    private: bool = False


class Edge(msgspec.Struct, frozen=True):
    source: str
    target: str
    kind: str  # sends, holds, shares, one-way, two-way, announces
    label: str = ""


class EcoMap(msgspec.Struct, frozen=True):
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def build_map(
    community: Community,
    members: Sequence[Member],
    spaces: Sequence[Space],
    log: ConversationLog | None,
    neighbours: Mapping[str, tuple[str, int]],
    *,
    as_of: dt.date,
    public: bool = False,
    window_days: int = WINDOW_DAYS,
) -> EcoMap:
    """The map as of ``as_of``. ``neighbours``: slug -> (name, members shared with this one)."""
    current = [m for m in members if m.is_current(as_of)]
    spaces = [space for space in spaces if space.in_use(as_of)]
    nodes = [Node("c0", "community", community.name, count(len(current), "member"))]
    edges: list[Edge] = []
    orgs: dict[str, list[Member]] = {}
    for member in current:
        orgs.setdefault(member.org or NO_ORG, []).append(member)
    org_ids: dict[str, str] = {}
    for number, (org, people) in enumerate(sorted(orgs.items()), start=1):
        org_ids[org] = f"o{number}"
        nodes.append(Node(f"o{number}", "organisation", org, count(len(people), "member")))
        edges.append(Edge(f"o{number}", "c0", "sends", count(len(people), "member")))
    private_number = 0
    for number, space in enumerate(spaces, start=1):
        where = space.platform or ("room" if space.location else "")
        visibility = "private" if space.is_private else "public"
        detail = ", ".join(filter(None, [where, visibility, f"for {space.purpose}"]))
        label = space.name
        if public and space.is_private:
            private_number += 1
            label = "A private space" + (f" {private_number}" if private_number > 1 else "")
        nodes.append(Node(f"s{number}", "space", label, detail, space.is_private))
        edges.append(Edge("c0", f"s{number}", "holds"))
    for number, (_slug, (name, shared)) in enumerate(sorted(neighbours.items()), start=1):
        if shared:
            nodes.append(Node(f"n{number}", "neighbour", name, "another community"))
            edges.append(Edge("c0", f"n{number}", "shares", count(shared, "shared member")))
    if log is not None and not log.empty:
        # Published, a private space shows no flow: how busy it is stays private too.
        space_ids = {
            space.id: f"s{n}"
            for n, space in enumerate(spaces, start=1)
            if not (public and space.is_private)
        }
        announcing = {space.id for space in spaces if space.announces}
        org_of = {m.id: m.org or NO_ORG for m in current}
        edges += _flows(log, org_of, org_ids, space_ids, announcing, as_of, window_days)
    return EcoMap(f"Ecosystem of {community.name}", tuple(nodes), tuple(edges))


def _flows(
    log: ConversationLog,
    org_of: Mapping[str, str],
    org_ids: Mapping[str, str],
    space_ids: Mapping[str, str],
    announcing: set[str],
    as_of: dt.date,
    window_days: int,
) -> list[Edge]:
    start = as_of - dt.timedelta(days=window_days)
    edges = []
    for space_id, node in space_ids.items():
        wrote: dict[str, int] = {}
        for who, counts in conversation_activity(log, start, as_of, space_id=space_id).items():
            if who in org_of and counts.posts + counts.replies:
                org = org_of[who]
                wrote[org] = wrote.get(org, 0) + counts.posts + counts.replies
        exchanged: set[str] = set()
        for thread in threads(log, start, as_of, space_id=space_id):
            starter = thread.starter
            others = [who for who in thread.repliers(as_of) if who != starter]
            if others and starter is not None and starter in org_of:
                exchanged.add(org_of[starter])
            exchanged.update(org_of[who] for who in others if who in org_of)
        for org, written in sorted(wrote.items()):
            kind = "two-way" if org in exchanged else "one-way"
            label = f"{kind}, {count(written, 'message')}"
            if space_id in announcing:  # one way by design: news out, not a failed exchange
                kind, label = "announces", f"announcements, {count(written, 'message')}"
            edges.append(Edge(org_ids[org], node, kind, label))
    return edges
