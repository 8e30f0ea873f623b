-- Enum labels in order; composite type attributes (with their collation when not their type's);
-- domains (base type, collation when not the base type's, not null, default, checks); range types
-- (subtype, its operator class and collation, canonical and subtype difference functions, and the
-- multirange type, read through to_jsonb because pg_range has that column only from PostgreSQL 14).
SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, NULL, t.typname, facet.subject, facet.value
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
CROSS JOIN LATERAL (
    SELECT 0 AS position, 'labels' AS subject,
           (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS value
    WHERE t.typtype = 'e'
    UNION ALL
    SELECT a.attnum, 'attribute ' || quote_ident(a.attname), format_type(a.atttypid, a.atttypmod)
           || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                   THEN ' COLLATE ' || (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE quote_ident(cn.nspname) || '.' END
                                               || quote_ident(co.collname)
                                        FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                        WHERE co.oid = a.attcollation) ELSE '' END
    FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
    WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 0, 'base', format_type(t.typbasetype, t.typtypmod)
                      || CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                              THEN ' COLLATE ' || (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE quote_ident(cn.nspname) || '.' END
                                                          || quote_ident(co.collname)
                                                   FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                                   WHERE co.oid = t.typcollation) ELSE '' END
                      || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE ' NULL' END
                      || COALESCE(' DEFAULT ' || t.typdefault, '')
    FROM pg_type bt WHERE t.typtype = 'd' AND bt.oid = t.typbasetype
    UNION ALL
    SELECT 1000, 'constraint ' || quote_ident(con.conname), pg_get_constraintdef(con.oid, true)
    FROM pg_constraint con WHERE t.typtype = 'd' AND con.contypid = t.oid
    UNION ALL
    SELECT r.position, r.subject, r.value
    FROM pg_range rg
    CROSS JOIN LATERAL (VALUES
        (1, 'subtype', format_type(rg.rngsubtype, NULL)),
        (2, 'subtype opclass', (SELECT CASE WHEN on_.nspname = 'pg_catalog' THEN '' ELSE quote_ident(on_.nspname) || '.' END
                                       || quote_ident(oc.opcname)
                                FROM pg_opclass oc JOIN pg_namespace on_ ON on_.oid = oc.opcnamespace WHERE oc.oid = rg.rngsubopc)),
        (3, 'collation', (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE quote_ident(cn.nspname) || '.' END
                                 || quote_ident(co.collname)
                          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = rg.rngcollation)),
        (4, 'canonical', CASE WHEN rg.rngcanonical::oid <> 0 THEN rg.rngcanonical::regprocedure::text END),
        (5, 'subtype diff', CASE WHEN rg.rngsubdiff::oid <> 0 THEN rg.rngsubdiff::regprocedure::text END),
        (6, 'multirange', (SELECT quote_ident(mt.typname) FROM pg_type mt WHERE mt.oid = (to_jsonb(rg) ->> 'rngmultitypid')::oid))
    ) r(position, subject, value)
    WHERE t.typtype = 'r' AND rg.rngtypid = t.oid AND r.value IS NOT NULL
) facet
WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
  AND n.nspname = ANY (:schemas)
  AND t.typname = ANY (:names) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, t.typname, facet.position, facet.subject
