-- Indexes that are not the index of a primary key, unique or exclusion constraint (those are the
-- constraint's), by definition without their own name.
SELECT 'INDEX', n.nspname, t.relname, ic.relname, 'definition',
       regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX .*? ON ', 'CREATE \1INDEX ON ')
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE n.nspname = ANY (:schemas) AND NOT (n.nspname || '.' || t.relname = ANY (:excluded))
  AND i.indexrelid IN (SELECT c.oid FROM pg_class c WHERE c.relname = ANY (:names) UNION ALL SELECT x.indexrelid FROM pg_index x JOIN pg_class xt ON xt.oid = x.indrelid WHERE xt.relname = ANY (:names)) -- only when names are given
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                  AND con.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, ic.relname
