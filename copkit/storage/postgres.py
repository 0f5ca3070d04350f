"""A home a team shares: communities kept in a PostgreSQL database (issue 20).

The database holds what a folder of files holds, as rows:

* ``copkit_home``: what kind of home this is (``layout``, the version of these tables);
* ``copkit_communities``: one row per community (its slug, the schema version of its records,
  and the rest of the document's ``_copkit`` table: the id counters);
* ``copkit_records``: one row per record per community (``slug``, ``kind`` the file's table name,
  ``number`` the id's number, ``doc`` the same JSON the file holds for that record);
* ``copkit_current``: the community each login chose with ``copkit use``;
* ``copkit_grants``: which login may open which community, and whether it may change it;
* ``copkit_overviewers`` and ``copkit_summaries``: the logins that read only the overview
  (``copkit home grant --overview``), and the overview rows they read, as the owner's last
  ``copkit overview`` left them (no member's name or address);
* ``copkit_audit``: who changed which record of which community when, written only by a
  trigger and never changed (``copkit log``);
* ``copkit_versions``: each community as it was before each of its last writes (``restore``);
* the views ``copkit_view_communities``, ``copkit_view_members`` and ``copkit_view_meetings``,
  read-only, for an analyst's SQL (row-level security still holds: PostgreSQL 15 on).

Each person sees only their communities, and the database enforces it, not only copkit: the
tables have row-level security, so a login connecting with ``psql`` reads only the rows of the
communities granted to it (``copkit home grant``), and changes only those granted without
``--read-only``. The home's owner (who ran ``copkit home setup``, owning the tables) and
superusers pass row-level security and may do everything; only they start communities and
grant or revoke.

A session is the file store's own (:class:`~copkit.storage.store.Session`, TinyDB on an
in-memory document): the rows are read into a document, checked and migrated exactly as a file
is, and a write session stores back only the rows that changed. A write session is one
transaction that first takes the community's row lock (``SELECT ... FOR UPDATE``), so two
gardeners' concurrent commands run one after the other and both changes are kept; a command
that fails, or a connection that drops, commits nothing. A community of a newer schema is
refused and left untouched; an older one is migrated in memory and stored whole at the next
write.

psycopg is imported only here, and only when a home is a database; the password comes from
wherever libpq finds it (the URL, ``PGPASSWORD``, ``~/.pgpass``, a service file) and is never
printed (:func:`display_url`) nor written by copkit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import msgspec
import orjson

from copkit.errors import CopkitError, NotFound, StoreError
from copkit.model import Community
from copkit.storage.filecheck import META_TABLE, Decoded, check_document
from copkit.storage.migrations import migrate
from copkit.storage.pg_layout import (
    LAYOUT_VERSION,
    OVERVIEW_PRIVILEGES,
    TABLE_PRIVILEGES,
    VIEWS_SQL,
    setup_sql,
)
from copkit.storage.store import (
    DEFAULT_BACKUPS,
    LOCK_TIMEOUT_SECONDS,
    SCHEMA_VERSION,
    Held,
    open_session,
)

if TYPE_CHECKING:
    import psycopg

    from copkit.storage.store import Session
    from copkit.storage.summaries import Summariser

URL_PREFIXES = ("postgresql://", "postgres://")

#: A row's key in a document: (table name, record number).
RowKey = tuple[str, int]


def is_database_url(text: str) -> bool:
    """Whether ``--home``/``COPKIT_HOME`` names a database rather than a folder."""
    return text.startswith(URL_PREFIXES)


def display_url(url: str) -> str:
    """The URL as copkit shows it: user, host, port and database, never a password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # a URL libpq cannot read: show its scheme only
        return "postgresql://(unreadable URL)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = str(parts.get("host") or parts.get("hostaddr") or "")
    if "/" in host:  # a unix socket folder, shown as libpq's own query form
        host = ""
    port = f":{parts['port']}" if parts.get("port") else ""
    service = f"?service={parts['service']}" if parts.get("service") else ""
    return f"postgresql://{user}{host}{port}/{parts.get('dbname') or ''}{service}"


def _loopback(host: str) -> bool:
    """Whether ``host`` (an address, or a name libpq was given) is this machine."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _exists(conn: psycopg.Connection[Any], table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
    return bool(row and row[0])


def _grant_tables(
    conn: psycopg.Connection[Any], login: str, privileges: tuple[tuple[str, str], ...]
) -> None:
    """GRANT each (privileges, table) to ``login``; a view this server has not (the analysts'
    views need PostgreSQL 15) is passed over."""
    from psycopg import sql

    for what, table in privileges:
        if _exists(conn, table):
            conn.execute(
                sql.SQL("GRANT {} ON {} TO {}").format(
                    sql.SQL(what), sql.Identifier(table), sql.Identifier(login)
                )
            )


def _grant_overview(conn: psycopg.Connection[Any], login: str) -> None:
    """What an overview login may read: the summaries (not their members' digests) and
    ``copkit_overview()``, which counts shared members without showing whose."""
    from psycopg import sql

    _grant_tables(conn, login, OVERVIEW_PRIVILEGES)
    conn.execute(
        sql.SQL("GRANT EXECUTE ON FUNCTION copkit_overview() TO {}").format(sql.Identifier(login))
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


class DatabaseHome:
    """A PostgreSQL database holding every community of a home."""

    def __init__(
        self, url: str, command: str | None = None, summarise: Summariser | None = None
    ) -> None:
        self.url = url
        #: The copkit command this home is opened for (``member add``), which the audit
        #: trail keeps beside each change; never its arguments (they hold people's words).
        self.command = command
        #: How a write keeps its community's overview summary current (the overview's own
        #: reading, which this layer cannot import: the faces pass it, see :func:`open_home`);
        #: without it a write leaves the summary behind, and the overview reads it again.
        self.summarise = summarise
        self.where = display_url(url)
        self._checked = False
        self._warned = False

    def __repr__(self) -> str:
        return f"DatabaseHome({self.where!r})"

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A connection for one session; what the server says becomes one line."""
        import psycopg

        try:
            conn = psycopg.connect(self.url, connect_timeout=15, application_name="copkit")
        except psycopg.OperationalError as exc:
            raise StoreError(
                f"cannot open the copkit home {self.where}: {_first_line(exc)}"
            ) from None
        self._warn_if_unencrypted(conn)
        try:
            with conn:
                if not self._checked:
                    self._check_layout(conn)
                yield conn
        except psycopg.errors.LockNotAvailable:
            raise StoreError(
                f"the community is being changed by another copkit (waited "
                f"{LOCK_TIMEOUT_SECONDS:g}s in {self.where}); try again"
            ) from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreError(f"{self.where} refused: {_first_line(exc)}") from None
        except psycopg.OperationalError as exc:
            raise StoreError(
                f"lost the connection to the copkit home {self.where} ({_first_line(exc)}); "
                "nothing was changed"
            ) from None
        except psycopg.Error as exc:
            raise StoreError(f"the copkit home {self.where} failed: {_first_line(exc)}") from None

    def label(self, conn: psycopg.Connection[Any]) -> None:
        """Name the command in this transaction, for the audit trail (``copkit.command``)."""
        if self.command:
            conn.execute("SELECT set_config('copkit.command', %s, true)", (self.command,))

    def _warn_if_unencrypted(self, conn: psycopg.Connection[Any]) -> None:
        """Say once, on stderr, when a server on another machine was reached without TLS
        (libpq's sslmode disable, allow or prefer can end there): the login and every
        member's details then cross the network readable by anyone on the way."""
        if self._warned or conn.pgconn.ssl_in_use:
            return
        address = conn.info.hostaddr or conn.info.host
        if not address or address.startswith("/") or _loopback(address):
            return
        self._warned = True
        sys.stderr.write(
            f"Warning: {self.where} was reached without TLS: the login and members' details "
            "cross the network unencrypted. Ask its administrator for TLS and connect with "
            "sslmode=verify-full\n"
        )

    def _check_layout(self, conn: psycopg.Connection[Any]) -> None:
        import psycopg

        try:
            with conn.transaction():
                row = conn.execute("SELECT value FROM copkit_home WHERE key = 'layout'").fetchone()
        except psycopg.errors.UndefinedTable:
            row = None
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError(
                f"{self.where} grants this login no community: its owner grants one with "
                "`copkit home grant SLUG LOGIN`"
            ) from None
        if row is None:
            raise StoreError(
                f"{self.where} is not a copkit home yet: prepare it with `copkit home setup URL`"
            )
        if not isinstance(row[0], int) or row[0] > LAYOUT_VERSION:
            raise StoreError(
                f"{self.where} was set up by a newer copkit (layout {row[0]}, this one reads up "
                f"to {LAYOUT_VERSION}); upgrade copkit to open it. Nothing was changed"
            )
        if row[0] < LAYOUT_VERSION:
            raise StoreError(
                f"{self.where} was set up by an older copkit (layout {row[0]}); its owner brings "
                "it up to date with `copkit home setup URL`. Nothing was changed"
            )
        self._checked = True

    def setup(self) -> str:
        """Create the tables in an empty database (once, with an owner's rights), or bring a
        home of an older layout up to date: ``"made"``, ``"updated"``, or ``"current"`` when
        there was nothing to do."""
        import psycopg

        done = "made"

        try:
            conn = psycopg.connect(self.url, connect_timeout=15, application_name="copkit")
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot open {self.where}: {_first_line(exc)}") from None
        self._warn_if_unencrypted(conn)
        try:
            with conn, conn.transaction():
                existing = conn.execute("SELECT to_regclass('copkit_home')").fetchone()
                if existing is not None and existing[0] is not None:
                    row = conn.execute(
                        "SELECT value FROM copkit_home WHERE key = 'layout'"
                    ).fetchone()
                    if row is not None and isinstance(row[0], int) and row[0] > LAYOUT_VERSION:
                        raise StoreError(
                            f"{self.where} was set up by a newer copkit (layout {row[0]}); "
                            "nothing was changed"
                        )
                    if row is not None and isinstance(row[0], int) and row[0] >= LAYOUT_VERSION:
                        return "current"
                    done = "updated" if row is not None else done
                schema = conn.execute("SELECT current_schema()").fetchone()
                if schema is None or schema[0] is None:
                    raise StoreError(f"cannot set up {self.where}: no schema to create tables in")
                conn.execute(setup_sql(conn, schema[0]))
                version = conn.execute("SELECT current_setting('server_version_num')::int")
                if (version.fetchone() or (0,))[0] >= 150000:
                    conn.execute(VIEWS_SQL)
                if done == "updated":  # what a newer layout gives the logins granted before
                    self._regrant(conn)
                conn.execute(
                    "INSERT INTO copkit_home (key, value) VALUES ('layout', %s::jsonb) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    (str(LAYOUT_VERSION),),
                )
        except psycopg.Error as exc:
            raise StoreError(f"cannot set up {self.where}: {_first_line(exc)}") from None
        return done

    # --- the Place interface (see copkit.storage.home) ---------------------------------

    def store_for(self, slug: str) -> DatabaseStore:
        return DatabaseStore(self, slug)

    def slugs(self) -> list[str]:
        """The communities this login may open; for an overview login, those the overview
        names (it may open none)."""
        with self.connection() as conn:
            may = conn.execute("SELECT has_table_privilege('copkit_communities', 'SELECT')")
            row = may.fetchone()
            table = "copkit_communities" if row and row[0] else "copkit_summaries"
            rows = conn.execute(f"SELECT slug FROM {table} ORDER BY slug").fetchall()
        return [row[0] for row in rows]

    def config(self) -> dict[str, str]:
        """The community this login chose (``current``): the only setting kept so far."""
        with self.connection() as conn:
            may = conn.execute("SELECT has_table_privilege('copkit_current', 'SELECT')")
            allowed = may.fetchone()
            if not (allowed and allowed[0]) and self._overview_only(conn):
                raise StoreError(
                    f"this login may read only the overview of {self.where}: `copkit overview`"
                )
            row = conn.execute(
                "SELECT slug FROM copkit_current WHERE login = current_user"
            ).fetchone()
        return {"current": row[0]} if row else {}

    def set_current(self, slug: str) -> None:
        from copkit.storage.home import choices

        with self.connection() as conn, conn.transaction():
            found = conn.execute(
                "SELECT 1 FROM copkit_communities WHERE slug = %s", (slug,)
            ).fetchone()
            if found is None:
                raise NotFound(f"no community {slug!r} in {self.where}{choices(self.slugs())}")
            conn.execute(
                "INSERT INTO copkit_current (slug) VALUES (%s) "
                "ON CONFLICT (login) DO UPDATE SET slug = EXCLUDED.slug",
                (slug,),
            )

    def current(self, requested: str | None = None) -> str:
        from copkit.storage.home import choose

        return choose(self.slugs(), requested, self.config().get("current"), self.where)

    def create(self, community: Community) -> DatabaseStore:
        """A new community's rows; refuse a slug that is taken."""
        meta: dict[str, Any] = {"next": {}}
        with self.connection() as conn, conn.transaction():
            self._require_owner(conn, "start a community")
            self.label(conn)
            made = conn.execute(
                "INSERT INTO copkit_communities (slug, schema, meta) VALUES (%s, %s, %s) "
                "ON CONFLICT (slug) DO NOTHING RETURNING slug",
                (community.slug, SCHEMA_VERSION, orjson.dumps(meta).decode()),
            ).fetchone()
            if made is None:
                raise StoreError(f"there is already a community {community.slug!r} in {self.where}")
            conn.execute(
                "INSERT INTO copkit_records (slug, kind, number, doc) VALUES (%s, %s, 1, %s)",
                (community.slug, Community.TABLE, orjson.dumps(community.to_dict()).decode()),
            )
            store = self.store_for(community.slug)
            if self.summarise is not None:  # in the overview from the start
                document, decoded, _, _ = store._load(conn, lock=False)
                session, _ = open_session(document, decoded)
                _keep_summary(conn, community.slug, session, self.summarise)
        return store

    def require_owner(self, what: str) -> None:
        """Refuse, in one line, what only the home's owner may do (``what``: "start a
        community")."""
        with self.connection() as conn:
            self._require_owner(conn, what)

    def drop_new(self, slug: str) -> None:
        """Take away a community a copy made and could not fill (the owner's, see
        :mod:`copkit.storage.copying`)."""
        with self.connection() as conn, conn.transaction():
            self._require_owner(conn, "take a community away")
            self.label(conn)
            conn.execute("DELETE FROM copkit_communities WHERE slug = %s", (slug,))

    # --- who may open which community (row-level security enforces it) ------------------

    def _require_owner(self, conn: psycopg.Connection[Any], what: str) -> None:
        row = conn.execute("SELECT copkit_is_owner()").fetchone()
        if row is None or not row[0]:
            raise StoreError(f"only the owner of {self.where} may {what} there")

    def _login_exists(self, conn: psycopg.Connection[Any], login: str) -> None:
        found = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if found is None:
            raise NotFound(
                f"no login {login!r} in {self.where}: its administrator creates it first "
                f"(CREATE ROLE ... LOGIN)"
            )

    def _community_exists(self, conn: psycopg.Connection[Any], slug: str) -> None:
        from copkit.storage.home import choices

        found = conn.execute("SELECT 1 FROM copkit_communities WHERE slug = %s", (slug,)).fetchone()
        if found is None:
            raise NotFound(f"no community {slug!r} in {self.where}{choices(self.slugs())}")

    def grant(self, slug: str, login: str, *, may_change: bool) -> None:
        """Let ``login`` open ``slug`` (and change it, unless ``may_change`` is False)."""

        with self.connection() as conn, conn.transaction():
            self._require_owner(conn, "grant")
            self._community_exists(conn, slug)
            self._login_exists(conn, login)
            conn.execute(
                "INSERT INTO copkit_grants (slug, login, may_change) VALUES (%s, %s, %s) "
                "ON CONFLICT (slug, login) DO UPDATE SET may_change = EXCLUDED.may_change",
                (slug, login, may_change),
            )
            self._grant_schema(conn, login)
            _grant_tables(conn, login, TABLE_PRIVILEGES)

    def _regrant(self, conn: psycopg.Connection[Any]) -> None:
        """Give each login granted a community the table privileges of this layout, and each
        overview login what it may read in this layout."""
        from psycopg import sql

        logins = conn.execute(
            "SELECT DISTINCT g.login FROM copkit_grants g "
            "JOIN pg_roles r ON r.rolname = g.login ORDER BY 1"
        ).fetchall()
        for (login,) in logins:
            _grant_tables(conn, login, TABLE_PRIVILEGES)
        overviewers = conn.execute(
            "SELECT o.login FROM copkit_overviewers o JOIN pg_roles r ON r.rolname = o.login "
            "WHERE o.login NOT IN (SELECT login FROM copkit_grants) ORDER BY 1"
        ).fetchall()
        for (login,) in overviewers:  # layout 3 granted all of copkit_summaries: now columns
            conn.execute(
                sql.SQL("REVOKE ALL ON copkit_summaries FROM {}").format(sql.Identifier(login))
            )
            _grant_overview(conn, login)

    def _grant_schema(self, conn: psycopg.Connection[Any], login: str) -> None:
        """USAGE on the tables' schema (a warning only, if the owner's is not ours)."""
        from psycopg import sql

        schema = conn.execute(
            "SELECT relnamespace::regnamespace::text FROM pg_class "
            "WHERE oid = to_regclass('copkit_records')"
        ).fetchone()
        if schema is not None:
            conn.execute(
                sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                    sql.SQL(schema[0]), sql.Identifier(login)
                )
            )

    def revoke(self, slug: str, login: str) -> bool:
        """Take ``slug`` away from ``login``; False if it had no grant there. A login left
        with no community loses its rights on the tables too."""
        from psycopg import sql

        with self.connection() as conn, conn.transaction():
            self._require_owner(conn, "revoke")
            self._community_exists(conn, slug)
            gone = conn.execute(
                "DELETE FROM copkit_grants WHERE slug = %s AND login = %s RETURNING login",
                (slug, login),
            ).fetchone()
            conn.execute("DELETE FROM copkit_current WHERE slug = %s AND login = %s", (slug, login))
            left = conn.execute("SELECT 1 FROM copkit_grants WHERE login = %s", (login,))
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
            if left.fetchone() is None and exists.fetchone() is not None:
                overview = conn.execute(
                    "SELECT 1 FROM copkit_overviewers WHERE login = %s", (login,)
                ).fetchone()
                for _, table in TABLE_PRIVILEGES:
                    if not _exists(conn, table):
                        continue
                    conn.execute(
                        sql.SQL("REVOKE ALL ON {} FROM {}").format(
                            sql.Identifier(table), sql.Identifier(login)
                        )
                    )
                if overview is not None:  # what the overview needs, and no more
                    _grant_overview(conn, login)
        return gone is not None

    def grant_overview(self, login: str) -> None:
        """Let ``login`` read the overview of every community (sizes, shapes, stages, signals,
        next meetings) and nothing else: no record, so no member's name or address."""

        with self.connection() as conn, conn.transaction():
            self._require_owner(conn, "grant")
            self._login_exists(conn, login)
            conn.execute(
                "INSERT INTO copkit_overviewers (login) VALUES (%s) ON CONFLICT DO NOTHING",
                (login,),
            )
            self._grant_schema(conn, login)
            _grant_overview(conn, login)

    def revoke_overview(self, login: str) -> bool:
        """Take the overview away from ``login``; False if it had none."""
        from psycopg import sql

        with self.connection() as conn, conn.transaction():
            self._require_owner(conn, "revoke")
            gone = conn.execute(
                "DELETE FROM copkit_overviewers WHERE login = %s RETURNING login", (login,)
            ).fetchone()
            granted = conn.execute("SELECT 1 FROM copkit_grants WHERE login = %s", (login,))
            keeps_home = granted.fetchone() is not None
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
            if exists.fetchone() is not None:
                for _, table in OVERVIEW_PRIVILEGES:
                    conn.execute(
                        sql.SQL("REVOKE ALL ON {} FROM {}").format(
                            sql.Identifier(table), sql.Identifier(login)
                        )
                    )
                conn.execute(
                    sql.SQL("REVOKE ALL ON FUNCTION copkit_overview() FROM {}").format(
                        sql.Identifier(login)
                    )
                )
                if keeps_home:  # what its communities need, summaries included
                    _grant_tables(conn, login, TABLE_PRIVILEGES)
        return gone is not None

    def overview_only(self) -> bool:
        """Whether this login reads the overview from the summaries (an overview login that
        is not the owner) rather than from the communities themselves."""
        with self.connection() as conn:
            return self._overview_only(conn)

    def _overview_only(self, conn: psycopg.Connection[Any]) -> bool:
        row = conn.execute(
            "SELECT copkit_sees_overview() AND NOT coalesce(copkit_is_owner(), false)"
        ).fetchone()
        return bool(row and row[0])

    def is_owner(self) -> bool:
        """Whether this login owns the home (may start communities, sees every one)."""
        with self.connection() as conn:
            row = conn.execute("SELECT coalesce(copkit_is_owner(), false)").fetchone()
        return bool(row and row[0])

    def kept_summaries(self) -> list[Kept]:
        """Every community's overview summary as kept by the last write (or the owner's last
        overview), with its shared members counted across the home by ``copkit_overview()``
        (which alone reads the members' digests); for the owner and overview logins."""
        with self.connection() as conn, _snapshot(conn):
            rows = conn.execute("SELECT * FROM copkit_overview()").fetchall()
        return [Kept(slug, day, text, shared, current) for slug, day, text, shared, current in rows]

    def changes(self, slug: str, since: dt.date | None = None) -> list[Change]:
        """The audit trail of ``slug``, oldest first, one entry per command (transaction);
        from ``since`` (midnight UTC) on. A login reads it for the communities it may open."""
        start = dt.datetime.combine(since or dt.date.min, dt.time(), tzinfo=dt.UTC)
        with self.connection() as conn, _snapshot(conn):
            self._community_exists(conn, slug)
            rows = conn.execute(
                "SELECT min(at), login, min(command), array_agg(action ORDER BY id), "
                "array_agg(kind ORDER BY id), array_agg(number ORDER BY id) "
                "FROM copkit_audit WHERE slug = %s AND at >= %s "
                "GROUP BY txid, login ORDER BY min(id)",
                (slug, start),
            ).fetchall()
        return [
            Change(
                at.astimezone(dt.UTC),
                login,
                command,
                [
                    (action, kind, _record_id(kind, number))
                    for action, kind, number in zip(actions, kinds, numbers, strict=True)
                ],
            )
            for at, login, command, actions, kinds, numbers in rows
        ]

    def who(self, slug: str) -> list[tuple[str, str]]:
        """Who may open ``slug``: (login, "owner" | "may change" | "read only"), the owner
        first. The owner sees every grant; anyone else only their own."""
        with self.connection() as conn, _snapshot(conn):
            self._community_exists(conn, slug)
            owner = conn.execute(
                "SELECT pg_get_userbyid(relowner) FROM pg_class "
                "WHERE oid = to_regclass('copkit_records')"
            ).fetchone()
            rows = conn.execute(
                "SELECT login, may_change FROM copkit_grants WHERE slug = %s ORDER BY login",
                (slug,),
            ).fetchall()
        found = [(owner[0], "owner")] if owner else []
        return found + [(login, "may change" if change else "read only") for login, change in rows]


class Change(msgspec.Struct, frozen=True):
    """One command's changes to a community, as the audit trail keeps them: when (the
    transaction's start, UTC), which login, and (action, kind, record id) for each record it
    added, changed or removed. Never a person's details: only ids."""

    at: dt.datetime
    login: str
    command: str | None
    records: list[tuple[str, str, str]]


class Kept(msgspec.Struct, frozen=True):
    """One community's overview summary as kept (``summary``: the overview row's JSON, as the
    overview wrote it), how many of its members another community shares, and whether it is
    ``current``: made from the community as it now is (a write that kept none, through an
    older copkit or a script without the overview's reading, leaves it behind)."""

    slug: str
    day: dt.date | None  # None, with ``summary``: none kept yet
    summary: str | None
    shared: int
    current: bool


def _keep_summary(
    conn: psycopg.Connection[Any],
    slug: str,
    session: Session,
    summarise: Summariser,
    changed: dt.datetime | None = None,
) -> None:
    """Keep ``slug``'s overview summary of today, made from ``session``; ``changed``: the
    moment of the community it was made from (default: this transaction's write). A summary
    made from an older moment than the one kept is not kept.

    A summary is only a shortcut: if making it fails for any reason, none is kept, the one
    left behind reads as stale by its ``changed``, and the overview reads that community in
    full. A fault here must never undo the command's own write, which shares the transaction.
    """
    from copkit.storage.summaries import digest  # one digest for both kinds of home

    day = dt.date.today()
    try:
        summary, emails = summarise(session, day)
    except Exception:  # noqa: BLE001  (see the docstring)
        return
    conn.execute(
        "INSERT INTO copkit_summaries (slug, day, summary, people, changed) "
        "VALUES (%s, %s, %s, %s, coalesce(%s, (SELECT changed FROM copkit_communities "
        "WHERE slug = %s))) ON CONFLICT (slug) DO UPDATE SET day = EXCLUDED.day, "
        "summary = EXCLUDED.summary, people = EXCLUDED.people, changed = EXCLUDED.changed "
        "WHERE copkit_summaries.changed IS NULL OR copkit_summaries.changed <= EXCLUDED.changed",
        (
            slug,
            day,
            orjson.dumps(summary).decode(),
            sorted(digest(email) for email in emails),
            changed,
            slug,
        ),
    )


def _record_id(kind: str, number: int) -> str:
    """The id a record of the file's table ``kind`` has (``members``, 3: ``m3``)."""
    from copkit.model import RECORD_TYPES

    for record_type in RECORD_TYPES:
        if kind == record_type.TABLE:
            return f"{record_type.ID_PREFIX}{number}"
    return kind if number == 1 else f"{kind} {number}"


class DatabaseStore:
    """One community in a database home: the same sessions a file gives."""

    def __init__(self, home: DatabaseHome, slug: str) -> None:
        self.home = home
        self.slug = slug
        self.where = f"{slug} in {home.where}"

    def changed_at(self) -> dt.datetime:
        with self.home.connection() as conn:
            row = conn.execute(
                "SELECT changed FROM copkit_communities WHERE slug = %s", (self.slug,)
            ).fetchone()
        if row is None:
            raise NotFound(f"no community {self.slug!r} in {self.home.where}")
        changed: dt.datetime = row[0]
        return changed.astimezone(dt.UTC)

    def exists(self) -> bool:
        with self.home.connection() as conn:
            found = conn.execute(
                "SELECT 1 FROM copkit_communities WHERE slug = %s", (self.slug,)
            ).fetchone()
        return found is not None

    def _may_change(self, conn: psycopg.Connection[Any]) -> None:
        """Refuse, in one line, a write by a login granted only to read (the database would
        refuse it too: row-level security shows it no row to lock or change)."""
        row = conn.execute(
            "SELECT copkit_may_change(slug) FROM copkit_communities WHERE slug = %s",
            (self.slug,),
        ).fetchone()
        if row is not None and not row[0]:
            raise StoreError(f"you may read but not change {self.slug}")

    def _load(
        self, conn: psycopg.Connection[Any], *, lock: bool
    ) -> tuple[dict[str, Any], Decoded, dict[RowKey, Any], bool]:
        """The community's rows as a checked, migrated document; the rows as read (to find
        what a write changed); whether it was migrated (then every row is stored again)."""
        if lock:
            self._may_change(conn)
            conn.execute(f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT_SECONDS * 1000)}ms'")
        head = conn.execute(
            "SELECT schema, meta::text FROM copkit_communities WHERE slug = %s"
            + (" FOR UPDATE" if lock else ""),
            (self.slug,),
        ).fetchone()
        if head is None:
            raise NotFound(f"no community {self.slug!r} in {self.home.where}")
        version, meta_text = head
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.where} was written by a newer copkit (schema {version}, this one reads "
                f"up to {SCHEMA_VERSION}); upgrade copkit to open it. It was left untouched"
            )
        rows = conn.execute(
            "SELECT kind, number, doc::text FROM copkit_records WHERE slug = %s "
            "ORDER BY kind, number",
            (self.slug,),
        ).fetchall()
        meta = orjson.loads(meta_text)
        document: dict[str, Any] = {META_TABLE: {"1": meta | {"schema": version}}}
        original: dict[RowKey, Any] = {}
        for kind, number, text in rows:
            document.setdefault(kind, {})[str(number)] = orjson.loads(text)
            original[(kind, number)] = orjson.loads(text)
        original[(META_TABLE, 1)] = orjson.loads(meta_text) | {"schema": version}
        migrated = version < SCHEMA_VERSION
        document = migrate(document, version, SCHEMA_VERSION)
        return document, check_document(self.where, document), original, migrated

    def hold(self) -> Held:
        """Read and check the community once, to rehearse changes on in memory."""
        with self.home.connection() as conn, _snapshot(conn):
            document, decoded, _, _ = self._load(conn, lock=False)
        return Held(document, decoded)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only view of the community as it is now (one consistent snapshot)."""
        with self.home.connection() as conn:
            with _snapshot(conn):
                document, decoded, _, _ = self._load(conn, lock=False)
            yield open_session(document, decoded)[0]

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: the community's row lock, read, the command, the changed rows."""
        with self.home.connection() as conn, conn.transaction():
            document, decoded, original, migrated = self._load(conn, lock=True)
            session, storage = open_session(document, decoded)
            yield session
            if storage.changed and not storage.discarded:
                self.home.label(conn)
                self._save(conn, storage.document, original, rewrite=migrated)
                if storage.purge_backups:  # an erasure: no earlier version may still hold it
                    conn.execute("DELETE FROM copkit_versions WHERE slug = %s", (self.slug,))
                else:
                    self._keep_version(conn, original)
                if self.home.summarise is not None:  # the overview stays current as it is written
                    _keep_summary(conn, self.slug, session, self.home.summarise)

    # --- earlier versions: the whole community as it was before each of the last writes ----

    def _keep_version(self, conn: psycopg.Connection[Any], original: dict[RowKey, Any]) -> None:
        """Keep the community as it was before this write as version 1; drop those past
        :data:`DEFAULT_BACKUPS`, as a folder keeps its file's backups."""
        document: dict[str, Any] = {}
        for (kind, number), row in original.items():
            document.setdefault(kind, {})[str(number)] = row
        conn.execute(
            "INSERT INTO copkit_versions (slug, document) VALUES (%s, %s)",
            (self.slug, orjson.dumps(document).decode()),
        )
        conn.execute(
            "DELETE FROM copkit_versions WHERE slug = %s AND seq NOT IN (SELECT seq FROM "
            "copkit_versions WHERE slug = %s ORDER BY seq DESC LIMIT %s)",
            (self.slug, self.slug, DEFAULT_BACKUPS),
        )

    def backup_generations(self) -> list[int]:
        """The versions kept, 1 the newest (the community before its latest write)."""
        with self.home.connection() as conn:
            row = conn.execute(
                "SELECT count(*) FROM copkit_versions WHERE slug = %s", (self.slug,)
            ).fetchone()
        return list(range(1, (row[0] if row else 0) + 1))

    def _version(self, conn: psycopg.Connection[Any], generation: int) -> tuple[Any, str]:
        row = conn.execute(
            "SELECT saved, document::text FROM copkit_versions WHERE slug = %s "
            "ORDER BY seq DESC OFFSET %s LIMIT 1",
            (self.slug, generation - 1),
        ).fetchone()
        if row is None:
            raise NotFound(f"no backup {generation} of {self.slug}")
        return row[0], row[1]

    def backup_saved(self, generation: int) -> dt.datetime:
        """When version ``generation`` was set aside (this machine's time, naive, as a file's
        modification time is shown)."""
        with self.home.connection() as conn:
            saved, _ = self._version(conn, generation)
        local: dt.datetime = saved.astimezone()
        return local.replace(tzinfo=None)

    def _checked_version(self, conn: psycopg.Connection[Any], generation: int) -> dict[str, Any]:
        _, text = self._version(conn, generation)
        document: dict[str, Any] = orjson.loads(text)
        version = document.get(META_TABLE, {}).get("1", {}).get("schema", SCHEMA_VERSION)
        where = f"backup {generation} of {self.where}"
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise StoreError(f"{where} was written by a newer copkit (schema {version})")
        document = migrate(document, version, SCHEMA_VERSION)
        check_document(where, document)
        return document

    def read_backup(self, generation: int) -> dict[str, Any]:
        """Version ``generation``'s document, checked and migrated as the live rows are."""
        with self.home.connection() as conn, _snapshot(conn):
            return self._checked_version(conn, generation)

    def restore(self, generation: int) -> None:
        """Bring version ``generation`` back in one transaction; the community as it was
        becomes version 1, so this can be undone."""
        with self.home.connection() as conn, conn.transaction():
            _, _, original, _ = self._load(conn, lock=True)
            document = self._checked_version(conn, generation)
            self.home.label(conn)
            self._save(conn, document, original, rewrite=True)
            self._keep_version(conn, original)
            if self.home.summarise is not None:
                session, _ = open_session(document, check_document(self.where, document))
                _keep_summary(conn, self.slug, session, self.home.summarise)

    def refresh_summary(self, summarise: Summariser) -> None:
        """Make and keep this community's overview summary of today from the community as it
        is now (the owner's overview, for a summary a write left behind or of an earlier
        day); a write meanwhile keeps its own, newer one."""
        with self.home.connection() as conn, conn.transaction():
            row = conn.execute(
                "SELECT changed FROM copkit_communities WHERE slug = %s", (self.slug,)
            ).fetchone()
            document, decoded, _, _ = self._load(conn, lock=False)
            if row is None:
                raise NotFound(f"no community {self.slug!r} in {self.home.where}")
            session, _ = open_session(document, decoded)
            _keep_summary(conn, self.slug, session, summarise, changed=row[0])

    def _save(
        self,
        conn: psycopg.Connection[Any],
        document: dict[str, Any],
        original: dict[RowKey, Any],
        *,
        rewrite: bool,
    ) -> None:
        meta = dict(document[META_TABLE]["1"])
        version = meta.pop("schema", SCHEMA_VERSION)
        conn.execute(
            "UPDATE copkit_communities SET schema = %s, meta = %s, changed = now() WHERE slug = %s",
            (version, orjson.dumps(meta).decode(), self.slug),
        )
        now: dict[RowKey, Any] = {
            (kind, int(number)): doc
            for kind, table in document.items()
            if kind != META_TABLE
            for number, doc in table.items()
        }
        gone = [key for key in original if key[0] != META_TABLE and key not in now]
        changed = [
            (self.slug, kind, number, orjson.dumps(doc).decode())
            for (kind, number), doc in now.items()
            if rewrite or original.get((kind, number)) != doc
        ]
        with conn.cursor() as cursor:
            if gone:
                cursor.executemany(
                    "DELETE FROM copkit_records WHERE slug = %s AND kind = %s AND number = %s",
                    [(self.slug, kind, number) for kind, number in gone],
                )
            if changed:
                cursor.executemany(
                    "INSERT INTO copkit_records (slug, kind, number, doc) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (slug, kind, number) DO UPDATE SET doc = EXCLUDED.doc",
                    changed,
                )


@contextlib.contextmanager
def _snapshot(conn: psycopg.Connection[Any]) -> Iterator[None]:
    """A read-only transaction that sees one moment of the home."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def open_database_home(
    url: str, command: str | None = None, summarise: Summariser | None = None
) -> DatabaseHome:
    """The database home a URL names (opened for ``command``, which the audit trail keeps;
    ``summarise``: how each write keeps the overview current); a clear line if psycopg is
    missing."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise CopkitError('a database home needs psycopg: pip install "copkit[postgres]"') from None
    return DatabaseHome(url, command, summarise)
