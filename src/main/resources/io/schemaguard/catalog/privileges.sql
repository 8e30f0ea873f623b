-- Owners, privileges and comments: reported, not compared (unless compare=strict). They only add facets to
-- objects the other fact sets found. The current user is CURRENT_USER (a shadow replays as another role);
-- privileges are what differs from the default (or from what initdb set), one grantee after another.
WITH objects AS (
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED_VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
           n.nspname AS schema, NULL::text AS tbl, c.relname AS name, NULL::text AS part, c.oid AS oid, 'pg_class'::regclass AS classoid,
           0 AS subid, c.relowner AS owner, false AS definer, c.relacl AS acl,
           acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner) AS defacl
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
      AND c.relname = ANY (:names) -- only when names are given
    UNION ALL
    SELECT 'TABLE', n.nspname, NULL, c.relname, 'column ' || quote_ident(a.attname), c.oid, 'pg_class'::regclass, a.attnum, NULL, false,
           a.attacl, acldefault('c'::"char", c.relowner)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
      AND c.relname = ANY (:names) -- only when names are given
    UNION ALL
    SELECT 'TABLE', n.nspname, NULL, c.relname, 'constraint ' || quote_ident(con.conname), con.oid, 'pg_constraint'::regclass, 0, NULL,
           false, NULL, NULL
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    -- OFFSET 0: looked up per table (a probe's one or two), rather than the whole catalog scanned
    CROSS JOIN LATERAL (SELECT x.oid, x.conname FROM pg_constraint x WHERE x.conrelid = c.oid OFFSET 0) con
    WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
      AND c.relname = ANY (:names) -- only when names are given
    UNION ALL
    SELECT 'INDEX', n.nspname, t.relname, ic.relname, NULL, ic.oid, 'pg_class'::regclass, 0, NULL, false, NULL, NULL
    FROM pg_class ic JOIN pg_namespace n ON n.oid = ic.relnamespace
    CROSS JOIN LATERAL (SELECT x.indrelid FROM pg_index x WHERE x.indexrelid = ic.oid OFFSET 0) i
    JOIN pg_class t ON t.oid = i.indrelid
    WHERE ic.relkind IN ('i', 'I') AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || t.relname = ANY (:excluded))
      AND ic.relname = ANY (:names) -- only when names are given
    UNION ALL
    SELECT 'TRIGGER', n.nspname, c.relname, tg.tgname, NULL, tg.oid, 'pg_trigger'::regclass, 0, NULL, false, NULL, NULL
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT tg.tgisinternal
      AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
      AND c.relname = ANY (:names) -- only when names are given
    UNION ALL
    SELECT 'FUNCTION', n.nspname, NULL, p.proname || '(' || oidvectortypes(p.proargtypes) || ')', NULL, p.oid, 'pg_proc'::regclass, 0,
           p.proowner, p.prosecdef, p.proacl, acldefault('f'::"char", p.proowner)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p', 'w')
      AND n.nspname = ANY (:schemas)
      AND p.proname = ANY (:names) -- only when names are given
    UNION ALL
    SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, NULL, t.typname, NULL, t.oid, 'pg_type'::regclass, 0,
           t.typowner, false, t.typacl, acldefault('T'::"char", t.typowner)
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
      AND n.nspname = ANY (:schemas)
      AND t.typname = ANY (:names) -- only when names are given
    UNION ALL
    SELECT 'SCHEMA', n.nspname, NULL, n.nspname, NULL, n.oid, 'pg_namespace'::regclass, 0, n.nspowner, false, n.nspacl,
           acldefault('n'::"char", n.nspowner)
    FROM pg_namespace n
    WHERE n.nspname = ANY (:schemas)
      AND n.nspname = ANY (:names) -- only when names are given
)
SELECT o.kind, o.schema, o.tbl, o.name, facet.subject, facet.value
FROM objects o
LEFT JOIN LATERAL (SELECT i.objoid, i.initprivs FROM pg_init_privs i
                   WHERE i.objoid = o.oid AND i.classoid = o.classoid AND i.objsubid = o.subid AND i.privtype = 'i' LIMIT 1) ip ON true
CROSS JOIN LATERAL (
    -- What initdb created belongs to the server, not to the migrations: its owner is not reported.
    SELECT 1 AS position, CASE WHEN o.definer THEN 'owner (SECURITY DEFINER)' ELSE 'owner' END AS subject,
           CASE WHEN pg_get_userbyid(o.owner) = current_user THEN 'CURRENT_USER' ELSE quote_ident(pg_get_userbyid(o.owner)) END AS value
    WHERE o.owner IS NOT NULL AND ip.objoid IS NULL
    UNION ALL
    -- Most objects keep their default privileges (a null ACL): nothing to work out then.
    SELECT 2, p.subject, COALESCE(p.value, 'default')
    FROM (SELECT 'privileges' || COALESCE(' on ' || o.part, '') AS subject,
                 CASE WHEN o.acl IS NOT NULL OR ip.objoid IS NOT NULL THEN (
        SELECT string_agg(g.entry, '; ' ORDER BY g.position, g.entry)
        FROM (
            SELECT CASE WHEN d.grantee = 0 THEN 0 ELSE 1 END AS position,
                   CASE WHEN d.revoked THEN 'revoked ' ELSE '' END
                   || CASE WHEN d.grantee = 0 THEN 'PUBLIC' WHEN pg_get_userbyid(d.grantee) = current_user THEN 'CURRENT_USER'
                           ELSE quote_ident(pg_get_userbyid(d.grantee)) END
                   || ': ' || string_agg(d.privilege_type || CASE WHEN d.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, ', '
                                         ORDER BY d.privilege_type) AS entry
            FROM (
                (SELECT false AS revoked, x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(COALESCE(o.acl, o.defacl)) x
                 EXCEPT
                 SELECT false, x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(COALESCE(ip.initprivs, o.defacl)) x)
                UNION ALL
                (SELECT true, x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(COALESCE(ip.initprivs, o.defacl)) x
                 EXCEPT
                 SELECT true, x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(COALESCE(o.acl, o.defacl)) x)
            ) d
            GROUP BY d.revoked, d.grantee
        ) g) END AS value) p
    WHERE o.defacl IS NOT NULL AND (o.part IS NULL OR p.value IS NOT NULL)
    UNION ALL
    SELECT 3, 'comment' || COALESCE(' on ' || o.part, ''), quote_literal(ds.description)
    FROM pg_description ds WHERE ds.objoid = o.oid AND ds.classoid = o.classoid AND ds.objsubid = o.subid
) facet
ORDER BY o.kind, o.schema, o.tbl, o.name, o.part NULLS FIRST, facet.position
