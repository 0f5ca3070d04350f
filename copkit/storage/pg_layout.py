"""The tables, functions, policies and views of a database home, as SQL (issue 20).

Kept apart from :mod:`copkit.storage.postgres`, which opens the home and reads and writes its
rows: this module only says what ``copkit home setup`` makes (``LAYOUT_VERSION`` counts its
changes) and which privileges a grant gives. Nothing here connects; psycopg is imported only to
quote the schema's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

#: The version of the tables below; a home set up by a newer copkit is refused, an older one
#: is brought up to date by ``copkit home setup`` (2: grants and row-level security; 3: the
#: overview logins and the summaries they read, the audit trail, earlier versions, the views;
#: 4: each summary kept by the command that writes its community, with its members' digests
#: for counting shared members, and ``copkit_overview()`` to read them all at once).
LAYOUT_VERSION = 4

SETUP_SQL = """
CREATE TABLE IF NOT EXISTS copkit_home (
    key text PRIMARY KEY,
    value jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS copkit_communities (
    slug text PRIMARY KEY,
    schema integer NOT NULL,
    meta jsonb NOT NULL,
    changed timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS copkit_records (
    slug text NOT NULL REFERENCES copkit_communities (slug) ON DELETE CASCADE,
    kind text NOT NULL,
    number integer NOT NULL,
    doc jsonb NOT NULL,
    PRIMARY KEY (slug, kind, number)
);
CREATE TABLE IF NOT EXISTS copkit_current (
    login text PRIMARY KEY DEFAULT current_user,
    slug text NOT NULL
);
CREATE TABLE IF NOT EXISTS copkit_grants (
    slug text NOT NULL REFERENCES copkit_communities (slug) ON DELETE CASCADE,
    login text NOT NULL,
    may_change boolean NOT NULL,
    PRIMARY KEY (slug, login)
);
CREATE OR REPLACE FUNCTION copkit_is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {schema}, pg_temp AS $$
    SELECT pg_has_role(current_user, c.relowner, 'USAGE')
    FROM pg_class c WHERE c.oid = to_regclass('copkit_records')
$$;
CREATE OR REPLACE FUNCTION copkit_may_read(community text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {schema}, pg_temp AS $$
    SELECT coalesce(copkit_is_owner(), false) OR EXISTS (
        SELECT 1 FROM copkit_grants g WHERE g.slug = community AND g.login = current_user)
$$;
CREATE OR REPLACE FUNCTION copkit_may_change(community text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {schema}, pg_temp AS $$
    SELECT coalesce(copkit_is_owner(), false) OR EXISTS (
        SELECT 1 FROM copkit_grants g
        WHERE g.slug = community AND g.login = current_user AND g.may_change)
$$;
ALTER TABLE copkit_communities ENABLE ROW LEVEL SECURITY;
ALTER TABLE copkit_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE copkit_current ENABLE ROW LEVEL SECURITY;
ALTER TABLE copkit_grants ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS copkit_read ON copkit_communities;
CREATE POLICY copkit_read ON copkit_communities FOR SELECT USING (copkit_may_read(slug));
DROP POLICY IF EXISTS copkit_change ON copkit_communities;
CREATE POLICY copkit_change ON copkit_communities FOR UPDATE
    USING (copkit_may_change(slug)) WITH CHECK (copkit_may_change(slug));
DROP POLICY IF EXISTS copkit_read ON copkit_records;
CREATE POLICY copkit_read ON copkit_records FOR SELECT USING (copkit_may_read(slug));
DROP POLICY IF EXISTS copkit_add ON copkit_records;
CREATE POLICY copkit_add ON copkit_records FOR INSERT WITH CHECK (copkit_may_change(slug));
DROP POLICY IF EXISTS copkit_change ON copkit_records;
CREATE POLICY copkit_change ON copkit_records FOR UPDATE
    USING (copkit_may_change(slug)) WITH CHECK (copkit_may_change(slug));
DROP POLICY IF EXISTS copkit_remove ON copkit_records;
CREATE POLICY copkit_remove ON copkit_records FOR DELETE USING (copkit_may_change(slug));
DROP POLICY IF EXISTS copkit_own ON copkit_current;
CREATE POLICY copkit_own ON copkit_current
    USING (login = current_user) WITH CHECK (login = current_user AND copkit_may_read(slug));
DROP POLICY IF EXISTS copkit_own ON copkit_grants;
CREATE POLICY copkit_own ON copkit_grants FOR SELECT USING (login = current_user);

CREATE TABLE IF NOT EXISTS copkit_overviewers (
    login text PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS copkit_summaries (
    slug text PRIMARY KEY REFERENCES copkit_communities (slug) ON DELETE CASCADE,
    day date NOT NULL,
    summary jsonb NOT NULL
);
CREATE OR REPLACE FUNCTION copkit_sees_overview() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM copkit_overviewers o WHERE o.login = current_user)
$$;
ALTER TABLE copkit_overviewers ENABLE ROW LEVEL SECURITY;
ALTER TABLE copkit_summaries ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS copkit_own ON copkit_overviewers;
CREATE POLICY copkit_own ON copkit_overviewers FOR SELECT USING (login = current_user);
GRANT SELECT ON copkit_overviewers TO PUBLIC;
DROP POLICY IF EXISTS copkit_read ON copkit_summaries;
CREATE POLICY copkit_read ON copkit_summaries FOR SELECT
    USING (copkit_sees_overview() OR copkit_may_read(slug));

CREATE TABLE IF NOT EXISTS copkit_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    login text NOT NULL DEFAULT session_user,
    slug text NOT NULL,
    kind text NOT NULL,
    number integer NOT NULL,
    action text NOT NULL CHECK (action IN ('added', 'changed', 'removed')),
    txid bigint NOT NULL DEFAULT txid_current(),
    command text DEFAULT nullif(current_setting('copkit.command', true), '')
);
CREATE INDEX IF NOT EXISTS copkit_audit_slug ON copkit_audit (slug, at);
CREATE OR REPLACE FUNCTION copkit_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {schema}, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO copkit_audit (login, slug, kind, number, action)
        VALUES (session_user, OLD.slug, OLD.kind, OLD.number, 'removed');
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.doc = NEW.doc THEN
        RETURN NEW;
    END IF;
    INSERT INTO copkit_audit (login, slug, kind, number, action)
    VALUES (session_user, NEW.slug, NEW.kind, NEW.number,
            CASE TG_OP WHEN 'INSERT' THEN 'added' ELSE 'changed' END);
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION copkit_audit_row() FROM PUBLIC;
DROP TRIGGER IF EXISTS copkit_audit ON copkit_records;
CREATE TRIGGER copkit_audit AFTER INSERT OR UPDATE OR DELETE ON copkit_records
    FOR EACH ROW EXECUTE FUNCTION copkit_audit_row();
CREATE OR REPLACE FUNCTION copkit_audit_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is kept as written: it cannot be changed or removed';
END
$$;
DROP TRIGGER IF EXISTS copkit_audit_kept ON copkit_audit;
CREATE TRIGGER copkit_audit_kept BEFORE UPDATE OR DELETE ON copkit_audit
    FOR EACH ROW EXECUTE FUNCTION copkit_audit_kept();
ALTER TABLE copkit_audit ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS copkit_read ON copkit_audit;
CREATE POLICY copkit_read ON copkit_audit FOR SELECT USING (copkit_may_read(slug));

CREATE TABLE IF NOT EXISTS copkit_versions (
    slug text NOT NULL REFERENCES copkit_communities (slug) ON DELETE CASCADE,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    saved timestamptz NOT NULL DEFAULT now(),
    document jsonb NOT NULL,
    PRIMARY KEY (slug, seq)
);
ALTER TABLE copkit_versions ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS copkit_read ON copkit_versions;
CREATE POLICY copkit_read ON copkit_versions FOR SELECT USING (copkit_may_read(slug));
DROP POLICY IF EXISTS copkit_add ON copkit_versions;
CREATE POLICY copkit_add ON copkit_versions FOR INSERT WITH CHECK (copkit_may_change(slug));
DROP POLICY IF EXISTS copkit_remove ON copkit_versions;
CREATE POLICY copkit_remove ON copkit_versions FOR DELETE USING (copkit_may_change(slug));

ALTER TABLE copkit_summaries ALTER COLUMN summary TYPE json USING summary::json;
ALTER TABLE copkit_summaries ADD COLUMN IF NOT EXISTS people text[] NOT NULL DEFAULT '{}';
ALTER TABLE copkit_summaries ADD COLUMN IF NOT EXISTS changed timestamptz;
DROP POLICY IF EXISTS copkit_keep ON copkit_summaries;
CREATE POLICY copkit_keep ON copkit_summaries FOR INSERT WITH CHECK (copkit_may_change(slug));
DROP POLICY IF EXISTS copkit_rekeep ON copkit_summaries;
CREATE POLICY copkit_rekeep ON copkit_summaries FOR UPDATE
    USING (copkit_may_change(slug)) WITH CHECK (copkit_may_change(slug));
DROP FUNCTION IF EXISTS copkit_overview();
CREATE FUNCTION copkit_overview()
    RETURNS TABLE (slug text, day date, summary text, shared integer, current boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {schema}, pg_temp AS $$
    WITH people AS (
        SELECT s.slug, unnest(s.people) AS person FROM copkit_summaries s
    ), counted AS (
        SELECT p.person, count(*) AS n FROM people p GROUP BY p.person
    ), shared AS (
        SELECT p.slug, (count(*) FILTER (WHERE c.n > 1))::integer AS shared
        FROM people p JOIN counted c ON c.person = p.person GROUP BY p.slug
    )
    SELECT m.slug, s.day, s.summary::text, coalesce(h.shared, 0),
           coalesce(s.changed = m.changed, false)
    FROM copkit_communities m
    LEFT JOIN copkit_summaries s ON s.slug = m.slug
    LEFT JOIN shared h ON h.slug = m.slug
    ORDER BY m.slug
$$;
REVOKE ALL ON FUNCTION copkit_overview() FROM PUBLIC;
"""

#: Read-only views for an analyst's SQL or a reporting tool: each reads the tables with the
#: rights of the login asking (``security_invoker``, PostgreSQL 15 on), so row-level security
#: shows it only its communities; logins are granted SELECT on them and nothing more. On an
#: older server they are not made (a view there would read with its owner's rights).
VIEWS_SQL = """
CREATE OR REPLACE VIEW copkit_view_communities WITH (security_invoker = true) AS
    SELECT c.slug, r.doc ->> 'name' AS name, r.doc ->> 'domain' AS domain,
           (r.doc ->> 'created')::date AS created, c.changed
    FROM copkit_communities c
    JOIN copkit_records r ON r.slug = c.slug AND r.kind = 'community';
CREATE OR REPLACE VIEW copkit_view_members WITH (security_invoker = true) AS
    SELECT slug, doc ->> 'id' AS id, doc ->> 'name' AS name, doc ->> 'email' AS email,
           doc ->> 'level' AS level, doc ->> 'org' AS org,
           (doc ->> 'joined')::date AS joined, (doc ->> 'left')::date AS left_on
    FROM copkit_records WHERE kind = 'members';
CREATE OR REPLACE VIEW copkit_view_meetings WITH (security_invoker = true) AS
    SELECT slug, doc ->> 'id' AS id, (doc ->> 'start')::timestamptz AS start,
           doc ->> 'space_id' AS space_id, doc ->> 'rhythm_id' AS rhythm_id,
           doc ->> 'status' AS status,
           jsonb_array_length(coalesce(doc -> 'attendees', '[]'::jsonb))
             + coalesce((doc ->> 'anonymous_attendees')::integer, 0) AS attended
    FROM copkit_records WHERE kind = 'meetings';
"""


def setup_sql(conn: psycopg.Connection[Any], schema: str) -> str:
    """The tables, functions and policies, the functions' search path pinned to the home's
    schema (with ``pg_temp`` last): a login cannot make them read a ``copkit_grants`` of its
    own from a schema or temporary table it creates."""
    from psycopg import sql

    return SETUP_SQL.replace("{schema}", sql.Identifier(schema).as_string(conn))


#: What a granted login may do to the tables; row-level security then narrows it to the rows
#: of its communities (and ``copkit_grants`` to its own grants, read only).
TABLE_PRIVILEGES = (
    ("SELECT", "copkit_home"),
    ("SELECT", "copkit_grants"),
    ("SELECT, UPDATE", "copkit_communities"),
    ("SELECT, INSERT, UPDATE, DELETE", "copkit_records"),
    ("SELECT, INSERT, UPDATE, DELETE", "copkit_current"),
    ("SELECT", "copkit_audit"),
    ("SELECT, INSERT, DELETE", "copkit_versions"),
    ("SELECT, INSERT, UPDATE", "copkit_summaries"),
    *(
        ("SELECT", view)
        for view in ("copkit_view_communities", "copkit_view_members", "copkit_view_meetings")
    ),
)

#: What an overview login (``copkit home grant --overview``) may read: the home's layout and
#: the communities' summaries, never a record, nor the summaries' ``people`` (members' digests,
#: which only ``copkit_overview()`` counts).
OVERVIEW_PRIVILEGES = (
    ("SELECT", "copkit_home"),
    ("SELECT", "copkit_overviewers"),
    ("SELECT (slug, day, summary, changed)", "copkit_summaries"),
)
