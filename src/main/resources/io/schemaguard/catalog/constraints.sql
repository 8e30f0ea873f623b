-- Table constraints (primary key, unique, foreign key, check, exclusion) by name and definition; the
-- storage parameters of a constraint's index by value, sorted (as relations.sql reads them).
SELECT 'TABLE', n.nspname, NULL, c.relname, 'constraint ' || quote_ident(con.conname),
       -- pg_get_constraintdef leaves the index's storage parameters out
       pg_get_constraintdef(con.oid, true) || COALESCE(' WITH (' || opts.options || ')', '')
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT string_agg(o.name || '=' || o.value, ', ' ORDER BY o.name) AS options
    FROM (SELECT lower(split_part(x.option, '=', 1)) AS name,
                 :storage_option_value AS value
          FROM pg_class ic, unnest(ic.reloptions) AS x(option)
          CROSS JOIN LATERAL (SELECT substr(x.option, strpos(x.option, '=') + 1) AS raw) v
          WHERE con.contype IN ('p', 'u', 'x') AND ic.oid = con.conindid) o
) opts
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
  -- A foreign key to a partitioned table has a derived row per partition, named by PostgreSQL; the parent row says it all.
  AND con.conparentid = 0
  AND n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || c.relname = ANY (:excluded))
  AND c.relname = ANY (:names) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname, con.conname
