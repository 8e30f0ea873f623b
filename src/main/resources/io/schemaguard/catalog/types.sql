-- Enum labels in order, composite type attributes, domains (base type, not null, default, checks).
SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, NULL, t.typname, facet.subject, facet.value
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
CROSS JOIN LATERAL (
    SELECT 0 AS position, 'labels' AS subject,
           (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS value
    WHERE t.typtype = 'e'
    UNION ALL
    SELECT a.attnum, 'attribute ' || quote_ident(a.attname), format_type(a.atttypid, a.atttypmod)
    FROM pg_attribute a WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 0, 'base', format_type(t.typbasetype, t.typtypmod) || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE ' NULL' END
                      || COALESCE(' DEFAULT ' || t.typdefault, '')
    WHERE t.typtype = 'd'
    UNION ALL
    SELECT 1000, 'constraint ' || quote_ident(con.conname), pg_get_constraintdef(con.oid, true)
    FROM pg_constraint con WHERE t.typtype = 'd' AND con.contypid = t.oid
) facet
WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
  AND n.nspname = ANY (:schemas)
  AND t.typname = ANY (:names) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, t.typname, facet.position, facet.subject
