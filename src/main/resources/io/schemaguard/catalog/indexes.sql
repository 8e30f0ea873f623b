-- Indexes that are not the index of a primary key, unique or exclusion constraint (those are the
-- constraint's): the definition without the index's own name and storage parameters, and the storage
-- parameters compared by value, sorted (as relations.sql reads them).
SELECT 'INDEX', n.nspname, t.relname, ic.relname, facet.subject, facet.value
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
CROSS JOIN LATERAL (SELECT pg_get_indexdef(i.indexrelid) AS text,
                           'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' AS head) def
CROSS JOIN LATERAL (
    SELECT string_agg(o.name || '=' || o.value, ', ' ORDER BY o.name) AS options
    FROM (SELECT lower(split_part(x.option, '=', 1)) AS name,
                 :storage_option_value AS value
          FROM unnest(ic.reloptions) AS x(option)
          CROSS JOIN LATERAL (SELECT substr(x.option, strpos(x.option, '=') + 1) AS raw) v) o
) opts
CROSS JOIN LATERAL (
    -- cut by length, not by pattern: a quoted name or a predicate may hold " ON " too
    SELECT 0 AS position, 'definition' AS subject,
           def.head || 'ON ' || CASE WHEN ic.reloptions IS NULL THEN substr(def.text, length(def.head || quote_ident(ic.relname) || ' ON ') + 1)
                                     ELSE regexp_replace(substr(def.text, length(def.head || quote_ident(ic.relname) || ' ON ') + 1),
                                                         ' WITH \((''([^'']|'''')*''|[^()''])*\)', '') END AS value
    UNION ALL
    SELECT 1, 'storage parameters', opts.options WHERE opts.options IS NOT NULL
) facet
WHERE n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || t.relname = ANY (:excluded))
  AND i.indexrelid IN (SELECT c.oid FROM pg_class c WHERE c.relname = ANY (:names) UNION ALL SELECT x.indexrelid FROM pg_index x JOIN pg_class xt ON xt.oid = x.indrelid WHERE xt.relname = ANY (:names)) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                  AND con.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, ic.relname, facet.position
